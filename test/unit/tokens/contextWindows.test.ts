import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contextWindowFor } from '../../../src/core/tokens/contextWindows';

describe('context windows', () => {
  it('gives the published input limit per model family, the longest prefix first', () => {
    assert.deepEqual(contextWindowFor('gpt-4o-mini-2024-07-18'), { inputTokens: 128_000 });
    assert.deepEqual(contextWindowFor('gpt-4.1-nano'), { inputTokens: 1_047_576 });
    assert.deepEqual(contextWindowFor('gpt-4-0613'), { inputTokens: 8_192 });
    assert.deepEqual(contextWindowFor('gpt-4-turbo-2024-04-09'), { inputTokens: 128_000 });
    assert.deepEqual(contextWindowFor('o3-mini'), { inputTokens: 200_000 });
    assert.deepEqual(contextWindowFor('o1-mini'), { inputTokens: 128_000 });
    assert.deepEqual(contextWindowFor('openai/gpt-4o'), { inputTokens: 128_000 });
  });

  it('gpt-5 keeps 128,000 of its 400,000 tokens for the reply', () => {
    assert.deepEqual(contextWindowFor('gpt-5-mini'), { inputTokens: 272_000, contextTokens: 400_000 });
    assert.deepEqual(contextWindowFor('gpt-5-chat-latest'), { inputTokens: 128_000 });
  });

  it('Claude Sonnet 4 and 4.5 accept 1,000,000 tokens under the long-context beta', () => {
    assert.deepEqual(contextWindowFor('claude-sonnet-4-5'), { inputTokens: 200_000 });
    assert.deepEqual(contextWindowFor('claude-sonnet-4-5', ['context-1m-2025-08-07']), { inputTokens: 1_000_000 });
    assert.deepEqual(contextWindowFor('claude-3-5-haiku-20241022', ['context-1m-2025-08-07']), { inputTokens: 200_000 });
  });

  it('says nothing where the limit is not settled: gpt-5.x point releases, later Claude models, unknown models', () => {
    for (const model of ['gpt-5.4', 'gpt-5.1-2025-11-13', 'claude-sonnet-5', 'claude-opus-4-6', 'llama-3.1-70b', 'codex-mini-latest']) {
      assert.equal(contextWindowFor(model), undefined, model);
    }
  });
});
