import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countOf, formatName } from '../../src/core/labels';

describe('countOf', () => {
  it('the status bar and check summaries: thousands separators and the plural', () => {
    assert.equal(countOf(2206, 'LLM call'), '2,206 LLM calls');
    assert.equal(countOf(1, 'LLM call'), '1 LLM call');
    assert.equal(countOf(0, 'error'), '0 errors');
  });
});

describe('formatName', () => {
  it('names a format as the tooltip header and the report show it, not by its internal id', () => {
    assert.equal(formatName('openai-chat'), 'OpenAI Chat Completions request');
    assert.equal(formatName('anthropic-messages'), 'Anthropic Messages request');
  });
});
