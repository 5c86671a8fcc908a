import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CacheSimulator } from '../../../src/core/cache/simulate';

/** A prompt of `length` token ids that shares nothing with prompts of other `seed`s. */
function prompt(seed: number, length = 2000): Uint32Array {
  return Uint32Array.from({ length }, (_, i) => seed * 100_000 + i);
}

describe('CacheSimulator: capacity', () => {
  it('never holds more token ids than its cap, dropping the least recently used first', () => {
    const cache = new CacheSimulator({ maxTokens: 5000 });
    const submit = (seed: number, timeMs: number) =>
      cache.submit({ ids: prompt(seed), model: 'gpt-4.1', retention: '24h', timeMs, promptCacheKey: String(seed) });
    submit(1, 0);
    submit(2, 1000);
    assert.ok(submit(1, 2000).cachedTokens > 0);
    submit(3, 3000);
    assert.ok(cache.size().tokens <= 5000);
    assert.equal(cache.size().entries, 2);
    assert.ok(submit(1, 4000).cachedTokens > 0, 'the recently read entry stays');
    assert.equal(submit(2, 5000).cachedTokens, 0, 'the least recently used entry went');
  });

  it('keeps at most the configured number of entries', () => {
    const cache = new CacheSimulator({ maxEntries: 3 });
    for (let seed = 1; seed <= 20; seed++) {
      cache.submit({ ids: prompt(seed), model: 'gpt-4.1', retention: '24h', timeMs: seed * 1000, promptCacheKey: String(seed) });
      assert.ok(cache.size().entries <= 3);
    }
    assert.equal(cache.liveEntryCount(20_000), 3);
  });
});
