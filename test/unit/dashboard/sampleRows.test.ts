import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sampleRows } from '../../../src/webview/sampleRows';

describe('sample variable values, one row per run', () => {
  it('gives every run its own value for every variable', () => {
    const rows = sampleRows(['question', 'user_name'], 3);
    assert.deepEqual(rows, [
      { question: 'sample question 1', user_name: 'sample user name 1' },
      { question: 'sample question 2', user_name: 'sample user name 2' },
      { question: 'sample question 3', user_name: 'sample user name 3' },
    ]);
    assert.equal(new Set(rows.map((r) => r.question)).size, 3);
  });

  it('stops at ten rows (later runs cycle) and makes at least one', () => {
    assert.equal(sampleRows(['q'], 40).length, 10);
    assert.equal(sampleRows(['q'], 0).length, 1);
    assert.equal(sampleRows(['q'], Number.NaN).length, 3);
  });
});
