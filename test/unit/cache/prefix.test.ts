import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeCache } from '../../../src/core/cache/prefix';
import { priceFor } from '../../../src/core/cache/pricing';
import { cacheRulesFor } from '../../../src/core/cache/rules';
import { fakeRendered } from './helpers';

const gpt4o = cacheRulesFor('openai', 'gpt-4o');
const sonnet = cacheRulesFor('anthropic', 'claude-sonnet-4-5');

describe('analyzeCache on OpenAI models before gpt-5.6', () => {
  it('caches 1,024 of a 1,100-token static prefix', () => {
    const a = analyzeCache(fakeRendered({ total: 1500, dynamicAt: [1100] }), gpt4o);
    assert.equal(a.staticPrefixTokens, 1100);
    assert.equal(a.firstDynamic?.tokenIndex, 1100);
    assert.equal(a.cacheableTokens, 1024);
    assert.equal(a.minimum, 1024);
    assert.equal(a.step, 128);
    assert.equal(a.missingToMinimum, 0);
    assert.equal(a.toNextStep, 52);
  });

  it('caches nothing of a 1,000-token prefix and says how much is missing', () => {
    const a = analyzeCache(fakeRendered({ total: 1000 }), gpt4o);
    assert.equal(a.firstDynamic, null);
    assert.equal(a.cacheableTokens, 0);
    assert.equal(a.missingToMinimum, 24);
    assert.equal(a.toNextStep, 24);
  });

  it('caches a fully static prompt down to its last whole step', () => {
    const a = analyzeCache(fakeRendered({ total: 2100 }), gpt4o);
    assert.equal(a.cacheableTokens, 2048);
    assert.equal(a.toNextStep, 128 - 52);
    assert.equal(a.writtenTokensPerRequest, 0);
  });

  it('prices a warm request against an uncached one', () => {
    const price = priceFor('gpt-4o');
    const a = analyzeCache(fakeRendered({ total: 10_000, dynamicAt: [8_100] }), gpt4o, { price, outputTokens: 100 });
    assert.equal(a.cacheableTokens, 8_064);
    assert.ok(a.costs);
    // 8,064 x $1.25 + 1,936 x $2.50 per 1M input; 100 x $10 per 1M output.
    assert.ok(Math.abs(a.costs.cached.totalUsd - (8_064 * 1.25 + 1_936 * 2.5 + 1_000) / 1e6) < 1e-12);
    assert.ok(Math.abs(a.costs.firstRequest.totalUsd - (10_000 * 2.5 + 1_000) / 1e6) < 1e-12);
    assert.ok(Math.abs(a.costs.savingRatio - (8_064 * 1.25) / 25_000) < 1e-12);
  });
});

describe('analyzeCache on gpt-5.6', () => {
  const rules = cacheRulesFor('openai', 'gpt-5.6-terra');
  it('does not round, and writes the tail past the cached prefix on every request', () => {
    const a = analyzeCache(fakeRendered({ total: 3000, dynamicAt: [1100] }), rules, { price: priceFor('gpt-5.6-terra') });
    assert.equal(a.cacheableTokens, 1100);
    assert.equal(a.toNextStep, 0);
    assert.equal(a.writtenTokensPerRequest, 1900);
    assert.ok(a.costs);
    // 1,100 read at $0.20, 1,900 written at $2.50 per 1M.
    assert.ok(Math.abs(a.costs.cached.inputUsd - (1_100 * 0.2 + 1_900 * 2.5) / 1e6) < 1e-12);
  });

  it('in explicit mode caches only up to a breakpoint before the dynamic part', () => {
    const rendered = fakeRendered({ total: 3000, dynamicAt: [2500], breakpoints: [{ tokenEnd: 2000 }] });
    const a = analyzeCache(rendered, rules, { explicitOnly: true });
    assert.equal(a.cacheableTokens, 2000);
    assert.equal(a.writtenTokensPerRequest, 0);
  });
});

describe('analyzeCache on Anthropic', () => {
  it('reads from the last valid breakpoint before the dynamic part', () => {
    const rendered = fakeRendered({
      total: 6000,
      dynamicAt: [5000],
      breakpoints: [
        { tokenEnd: 800, blockIndex: 0 },
        { tokenEnd: 3000, blockIndex: 2, ttl: '1h' },
        { tokenEnd: 5500, blockIndex: 4 },
      ],
    });
    const a = analyzeCache(rendered, sonnet, { price: priceFor('claude-sonnet-4-5') });
    assert.deepEqual(
      a.breakpoints.map((b) => [b.tokenEnd, b.ok, b.reason ?? 'ok', b.cachedTokens]),
      [
        [800, false, 'below-minimum', 0],
        [3000, true, 'ok', 3000],
        [5500, false, 'after-dynamic', 0],
      ],
    );
    assert.equal(a.cacheableTokens, 3000);
    // The breakpoint after the dynamic part is written again on every request.
    assert.equal(a.writtenTokensPerRequest, 2500);
    assert.ok(a.costs);
    // Warm: 3,000 read at $0.30, 2,500 written at $3.75 (5m), 500 plain at $3 per 1M.
    assert.ok(Math.abs(a.costs.cached.inputUsd - (3_000 * 0.3 + 2_500 * 3.75 + 500 * 3) / 1e6) < 1e-12);
    // Cold: 3,000 written at the 1h price ($6), 2,500 at $3.75, 500 plain.
    assert.ok(Math.abs(a.costs.firstRequest.inputUsd - (3_000 * 6 + 2_500 * 3.75 + 500 * 3) / 1e6) < 1e-12);
  });

  it('marks a fifth breakpoint as too many and a far one as beyond the lookback', () => {
    const rendered = fakeRendered({
      total: 9000,
      dynamicAt: [4500],
      breakpoints: [
        { tokenEnd: 1500, blockIndex: 1 },
        { tokenEnd: 2500, blockIndex: 3 },
        { tokenEnd: 3500, blockIndex: 5 },
        { tokenEnd: 8000, blockIndex: 40 },
        { tokenEnd: 8500, blockIndex: 41 },
      ],
    });
    const a = analyzeCache(rendered, sonnet);
    assert.deepEqual(
      a.breakpoints.map((b) => b.reason ?? 'ok'),
      ['ok', 'ok', 'ok', 'beyond-lookback', 'too-many'],
    );
    assert.equal(a.cacheableTokens, 3500);
  });

  it('caches nothing without breakpoints', () => {
    const a = analyzeCache(fakeRendered({ total: 5000 }), sonnet);
    assert.equal(a.cacheableTokens, 0);
    assert.deepEqual(a.breakpoints, []);
  });
});
