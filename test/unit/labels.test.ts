import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countOf } from '../../src/core/labels';

describe('countOf', () => {
  it('the status bar and check summaries: thousands separators and the plural', () => {
    assert.equal(countOf(2206, 'LLM call'), '2,206 LLM calls');
    assert.equal(countOf(1, 'LLM call'), '1 LLM call');
    assert.equal(countOf(0, 'error'), '0 errors');
  });
});
