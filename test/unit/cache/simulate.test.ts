import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CacheSimulator, type SimResult } from '../../../src/core/cache/simulate';
import { tokens } from './helpers';

const MIN = 60_000;

describe('CacheSimulator: OpenAI prefix caching', () => {
  it('reads the shared prefix rounded to 128-token steps', () => {
    const sim = new CacheSimulator();
    const first = sim.submit({ model: 'gpt-4o', ids: tokens(1500, 500, 1), timeMs: 0 });
    assert.equal(first.outcome, 'miss');
    assert.equal(first.cachedTokens, 0);
    const second = sim.submit({ model: 'gpt-4o', ids: tokens(1500, 300, 2), timeMs: 10_000 });
    assert.equal(second.outcome, 'hit');
    assert.equal(second.cachedTokens, 1408);
    assert.equal(second.cacheWriteTokens, 0);
    assert.equal(second.uncachedTokens, 1800 - 1408);
    // The same prompt again: the whole stored prefix (1,792 of 1,800) is read.
    assert.equal(sim.submit({ model: 'gpt-4o', ids: tokens(1500, 300, 2), timeMs: 20_000 }).cachedTokens, 1792);
  });

  it('never caches prompts below 1,024 tokens', () => {
    const sim = new CacheSimulator();
    const results = [0, 1, 2].map((i) => sim.submit({ model: 'gpt-4o', ids: tokens(1000, 0, 0), timeMs: i * 1000 }));
    assert.deepEqual(
      results.map((r) => [r.outcome, r.cachedTokens]),
      [
        ['below-minimum', 0],
        ['below-minimum', 0],
        ['below-minimum', 0],
      ],
    );
  });

  it('expires in-memory entries after 5 idle minutes and 1 hour in all', () => {
    const sim = new CacheSimulator();
    const ids = tokens(2048, 0, 0);
    const at = (minutes: number) => sim.submit({ model: 'gpt-4o', ids, timeMs: minutes * MIN }).cachedTokens;
    assert.equal(at(0), 0);
    assert.equal(at(4), 2048);
    assert.equal(at(9), 2048, 'five idle minutes is still live');
    assert.equal(at(15), 0, 'six idle minutes is gone');
    // Written again at 15; hits every 4 minutes keep it alive, until an hour after it was written.
    for (let m = 19; m <= 75; m += 4) assert.equal(at(m), 2048, `minute ${m}`);
    assert.equal(at(79), 0);
  });

  it('honours an idle-time override', () => {
    const sim = new CacheSimulator({ retentionOverrides: { in_memory: { idleMs: 10 * MIN } } });
    const ids = tokens(2048, 0, 0);
    sim.submit({ model: 'gpt-4o', ids, timeMs: 0 });
    assert.equal(sim.submit({ model: 'gpt-4o', ids, timeMs: 9 * MIN }).cachedTokens, 2048);
  });

  it('keeps 24h entries on models that support them', () => {
    const ids = tokens(3000, 0, 0);
    const extended = new CacheSimulator();
    extended.submit({ model: 'gpt-4.1', ids, timeMs: 0, retention: '24h' });
    assert.equal(extended.submit({ model: 'gpt-4.1', ids, timeMs: 120 * MIN, retention: '24h' }).cachedTokens, 2944);
    const inMemory = new CacheSimulator();
    inMemory.submit({ model: 'gpt-4.1', ids, timeMs: 0, retention: 'in_memory' });
    assert.equal(inMemory.submit({ model: 'gpt-4.1', ids, timeMs: 120 * MIN, retention: 'in_memory' }).cachedTokens, 0);
    // gpt-4o has no 24h retention: the request falls back to in-memory.
    const gpt4o = new CacheSimulator();
    gpt4o.submit({ model: 'gpt-4o', ids, timeMs: 0, retention: '24h' });
    assert.equal(gpt4o.submit({ model: 'gpt-4o', ids, timeMs: 120 * MIN, retention: '24h' }).cachedTokens, 0);
  });

  it('routes by prompt_cache_key: different keys do not share', () => {
    const sim = new CacheSimulator();
    const ids = tokens(2000, 0, 0);
    const a1 = sim.submit({ model: 'gpt-4o', ids, timeMs: 0, promptCacheKey: 'user-a' });
    const b = sim.submit({ model: 'gpt-4o', ids, timeMs: 1000, promptCacheKey: 'user-b' });
    const a2 = sim.submit({ model: 'gpt-4o', ids, timeMs: 2000, promptCacheKey: 'user-a' });
    assert.equal(b.cachedTokens, 0);
    assert.notEqual(a1.machine, b.machine);
    assert.equal(a2.machine, a1.machine);
    assert.equal(a2.cachedTokens, 1920);
  });

  it('does not share entries between models', () => {
    const sim = new CacheSimulator();
    const ids = tokens(2000, 0, 0);
    sim.submit({ model: 'gpt-4o', ids, timeMs: 0 });
    assert.equal(sim.submit({ model: 'gpt-4.1', ids, timeMs: 1000 }).cachedTokens, 0);
  });

  it('sends requests above 15 a minute for one prefix+key to cold machines', () => {
    const sim = new CacheSimulator();
    const ids = tokens(2000, 0, 0);
    const results = Array.from({ length: 20 }, (_, i) => sim.submit({ model: 'gpt-4o', ids, timeMs: i * 2000 }));
    assert.deepEqual(
      results.map((r) => r.outcome),
      ['miss', ...Array<string>(14).fill('hit'), ...Array<string>(5).fill('overflow')],
    );
    assert.ok(results.slice(15).every((r) => r.cachedTokens === 0 && r.machine.endsWith('#cold')));
    // A minute later the window is clear and the warm machine still has the entry.
    assert.equal(sim.submit({ model: 'gpt-4o', ids, timeMs: 100_000 }).outcome, 'hit');
    // Another key is another route with its own budget.
    assert.equal(sim.submit({ model: 'gpt-4o', ids, timeMs: 100_500, promptCacheKey: 'k' }).outcome, 'miss');
  });

  it('spreads overflow over seeded machines reproducibly', () => {
    const run = (seed: number): SimResult[] => {
      const sim = new CacheSimulator({ overflow: 'random', seed, overflowMachines: 3 });
      const ids = tokens(2000, 0, 0);
      return Array.from({ length: 60 }, (_, i) => sim.submit({ model: 'gpt-4o', ids, timeMs: i * 1000 }));
    };
    const a = run(7);
    assert.deepEqual(run(7), a);
    const overflowed = a.slice(15);
    const machines = new Set(overflowed.map((r) => r.machine));
    assert.equal(machines.size, 3);
    // Each overflow machine misses once, then has the prefix.
    const misses = overflowed.filter((r) => r.cachedTokens === 0).length;
    assert.equal(misses, 3);
    assert.equal(overflowed.filter((r) => r.outcome === 'hit').length, overflowed.length - 3);
  });

  it('takes the time from the injected clock and refuses to guess without one', () => {
    let now = 0;
    const sim = new CacheSimulator({ clock: () => now });
    const ids = tokens(2000, 0, 0);
    sim.submit({ model: 'gpt-4o', ids });
    now = 6 * MIN;
    const late = sim.submit({ model: 'gpt-4o', ids });
    assert.equal(late.timeMs, 6 * MIN);
    assert.equal(late.cachedTokens, 0);
    assert.throws(() => new CacheSimulator().submit({ model: 'gpt-4o', ids }), /timeMs/);
  });
});

describe('CacheSimulator: gpt-5.6', () => {
  it('reads without rounding and reports paid writes', () => {
    const sim = new CacheSimulator();
    const first = sim.submit({ model: 'gpt-5.6-terra', ids: tokens(1100, 1900, 1), timeMs: 0 });
    assert.equal(first.cacheWriteTokens, 3000);
    assert.deepEqual(first.writesByTtl, { '30m': 3000 });
    const second = sim.submit({ model: 'gpt-5.6-terra', ids: tokens(1100, 1900, 2), timeMs: 20 * MIN });
    assert.equal(second.cachedTokens, 1100);
    assert.equal(second.cacheWriteTokens, 1900);
    assert.equal(second.uncachedTokens, 0);
    assert.equal(sim.submit({ model: 'gpt-5.6-terra', ids: tokens(1100, 10, 3), timeMs: 60 * MIN }).cachedTokens, 0);
  });

  it('in explicit mode caches only at breakpoints', () => {
    const sim = new CacheSimulator();
    const request = (salt: number, t: number) =>
      sim.submit({ model: 'gpt-5.6', ids: tokens(2500, 500, salt), timeMs: t, explicitOnly: true, breakpoints: [{ tokenEnd: 2000 }] });
    assert.equal(request(1, 0).cacheWriteTokens, 2000);
    const warm = request(2, 1000);
    assert.equal(warm.cachedTokens, 2000);
    assert.equal(warm.cacheWriteTokens, 0);
  });
});

describe('CacheSimulator: Anthropic breakpoints', () => {
  const model = 'claude-sonnet-4-5';

  it('writes at each breakpoint by ttl and reads the longest live one', () => {
    const sim = new CacheSimulator();
    const breakpoints = [
      { tokenEnd: 3000, ttl: '1h' },
      { tokenEnd: 4500, ttl: '5m' },
    ];
    const cold = sim.submit({ model, ids: tokens(4500, 500, 1), breakpoints, timeMs: 0 });
    assert.deepEqual([cold.cachedTokens, cold.cacheWriteTokens, cold.uncachedTokens], [0, 4500, 500]);
    assert.deepEqual(cold.writesByTtl, { '1h': 3000, '5m': 1500 });
    const warm = sim.submit({ model, ids: tokens(4500, 200, 2), breakpoints, timeMs: MIN });
    assert.deepEqual([warm.outcome, warm.cachedTokens, warm.cacheWriteTokens, warm.uncachedTokens], ['hit', 4500, 0, 200]);
    // Content changed after token 3,500: only the 3,000-token entry matches; the rest is written again.
    const changed = sim.submit({ model, ids: tokens(3500, 1500, 3), breakpoints, timeMs: 2 * MIN });
    assert.deepEqual([changed.cachedTokens, changed.cacheWriteTokens], [3000, 1500]);
    assert.deepEqual(changed.writesByTtl, { '5m': 1500 });
    // Twenty idle minutes later the 5m entries are gone but the 1h entry is not.
    const later = sim.submit({ model, ids: tokens(4500, 200, 2), breakpoints, timeMs: 22 * MIN });
    assert.equal(later.cachedTokens, 3000);
  });

  it('neither reads nor writes below the model minimum', () => {
    const sim = new CacheSimulator();
    const ids = tokens(900, 100, 0);
    const first = sim.submit({ model, ids, breakpoints: [{ tokenEnd: 900 }], timeMs: 0 });
    const again = sim.submit({ model, ids, breakpoints: [{ tokenEnd: 900 }], timeMs: 1000 });
    assert.deepEqual([first.outcome, again.outcome, again.cachedTokens, again.cacheWriteTokens], ['below-minimum', 'below-minimum', 0, 0]);
    const opus = sim.submit({ model: 'claude-opus-4-5', ids: tokens(3000, 0, 0), breakpoints: [{ tokenEnd: 3000 }], timeMs: 0 });
    assert.equal(opus.outcome, 'below-minimum');
  });

  it('finds an earlier entry only within 20 blocks of the breakpoint', () => {
    const sim = new CacheSimulator();
    // A conversation of 100-token blocks with the breakpoint on the last block.
    const turn = (blocks: number, t: number) =>
      sim.submit({
        model,
        ids: tokens(blocks * 100, 0, 0),
        breakpoints: [{ tokenEnd: blocks * 100 }],
        blockEnds: Array.from({ length: blocks }, (_, i) => (i + 1) * 100),
        timeMs: t,
      });
    assert.equal(turn(30, 0).cachedTokens, 0);
    assert.equal(turn(40, 1000).cachedTokens, 3000, '10 blocks later: found by the lookback');
    const far = turn(65, 2000);
    assert.equal(far.cachedTokens, 0, '25 blocks later: beyond the lookback');
    assert.equal(far.cacheWriteTokens, 6500);
  });

  it('rejects more than four breakpoints', () => {
    const sim = new CacheSimulator();
    const result = sim.submit({
      model,
      ids: tokens(6000, 0, 0),
      breakpoints: [1500, 2500, 3500, 4500, 5500].map((tokenEnd) => ({ tokenEnd })),
      timeMs: 0,
    });
    assert.equal(result.outcome, 'rejected');
    assert.match(result.message ?? '', /at most 4/);
    assert.equal(sim.liveEntryCount(0), 0);
  });

  it('ignores prompt_cache_key and the request rate', () => {
    const sim = new CacheSimulator();
    const ids = tokens(2000, 0, 0);
    const results = Array.from({ length: 30 }, (_, i) =>
      sim.submit({ model, ids, breakpoints: [{ tokenEnd: 2000 }], promptCacheKey: `k${i}`, timeMs: i * 1000 }),
    );
    assert.equal(results.filter((r) => r.outcome === 'hit').length, 29);
  });
});

describe('CacheSimulator: Gemini implicit caching', () => {
  it('reads any shared prefix above the minimum without rounding', () => {
    const sim = new CacheSimulator();
    sim.submit({ model: 'gemini-2.5-flash', ids: tokens(1500, 100, 1), timeMs: 0 });
    const hit = sim.submit({ model: 'gemini-2.5-flash', ids: tokens(1500, 100, 2), timeMs: 1000 });
    assert.equal(hit.cachedTokens, 1500);
    const pro = new CacheSimulator();
    pro.submit({ model: 'gemini-2.5-pro', ids: tokens(1500, 100, 1), timeMs: 0 });
    assert.equal(pro.submit({ model: 'gemini-2.5-pro', ids: tokens(1500, 100, 2), timeMs: 1000 }).cachedTokens, 0);
  });
});
