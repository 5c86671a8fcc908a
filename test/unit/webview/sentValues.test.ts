import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sentValues } from '../../../src/webview/sentValues';

describe('the Variables cell of the run table', () => {
  it('shows the value sent before the placeholder it replaced, with everything in the tooltip', () => {
    const sent = sentValues({ variables: { question: 'Where is my order?' }, perRequestValues: { '{datetime.now().isoformat()}': '2026-11-29T14:44:57.000353' } });
    assert.deepEqual(sent?.lines, ['Where is my order? · question', '2026-11-29T14:44:57.000353 · {datetime.now().isoformat()}']);
    assert.equal(sent?.title, 'question = Where is my order?\n{datetime.now().isoformat()} = 2026-11-29T14:44:57.000353');
  });

  it('has nothing to show for a run that sent no values', () => {
    assert.equal(sentValues({}), undefined);
  });
});
