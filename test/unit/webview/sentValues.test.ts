import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sentValues } from '../../../src/webview/sentValues';

describe('the Variables cell of the run table', () => {
  it('shows the value sent before the variable it fills, and a fresh per-request value as what it replaced, with everything in the tooltip', () => {
    const sent = sentValues({ variables: { question: 'Where is my order?' }, perRequestValues: { 'Current date: 2026-03-14 09:12': 'Current date: 2026-11-29 18:56' } });
    assert.deepEqual(sent?.lines, ['Where is my order? · question', 'Current date: 2026-11-29 18:56 · in place of Current date: 2026-03-14 09:12']);
    assert.equal(sent?.title, 'question = Where is my order?\nCurrent date: 2026-03-14 09:12 → Current date: 2026-11-29 18:56 (a fresh value for this run)');
  });

  it('has nothing to show for a run that sent no values', () => {
    assert.equal(sentValues({}), undefined);
  });
});
