import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PRICES_AS_OF, costPerRequest, priceFor } from '../../../src/core/cache/pricing';

describe('priceFor', () => {
  it('picks the longest matching prefix', () => {
    assert.equal(priceFor('gpt-4o-mini-2024-07-18')?.model, 'gpt-4o-mini');
    assert.equal(priceFor('gpt-4o-2024-08-06')?.input, 2.5);
    assert.equal(priceFor('gpt-5.6-terra')?.cacheWrite, 2.5);
    assert.equal(priceFor('gpt-5.6')?.input, 5);
    assert.equal(priceFor('openai/GPT-4.1')?.cachedInput, 0.5);
    assert.equal(priceFor('claude-sonnet-4-5-20250929')?.input, 3);
    assert.equal(priceFor('unknown-model'), undefined);
  });

  it('prices Anthropic writes at 1.25x (5 minutes) and 2x (1 hour), reads at 0.1x', () => {
    const opus = priceFor('claude-opus-4-5-20251101');
    assert.ok(opus);
    assert.equal(opus.input, 5);
    assert.equal(opus.cacheWrite, 6.25);
    assert.equal(opus.cacheWrite1h, 10);
    assert.equal(opus.cachedInput, 0.5);
  });

  it('applies overrides to existing rows and adds new ones', () => {
    assert.equal(priceFor('gpt-4o', { 'gpt-4o': { input: 2 } })?.input, 2);
    assert.equal(priceFor('gpt-4o', { 'gpt-4o': { input: 2 } })?.output, 10);
    const added = priceFor('my-local-model-7b', { 'my-local-model': { input: 0.1, output: 0.2 } });
    assert.deepEqual(added, { model: 'my-local-model', input: 0.1, cachedInput: 0.1, output: 0.2 });
  });

  it('is dated', () => {
    assert.match(PRICES_AS_OF, /^\d{4}-\d{2}-\d{2}$/);
  });
});

describe('costPerRequest', () => {
  it('compares a cached gpt-4o request with an uncached one', () => {
    const price = priceFor('gpt-4o');
    assert.ok(price);
    const cost = costPerRequest(price, { promptTokens: 10_000, cachedTokens: 8_000, outputTokens: 500 });
    // 2,000 x $2.50 + 8,000 x $1.25 per 1M input, 500 x $10 per 1M output.
    assert.ok(Math.abs(cost.inputUsd - 0.015) < 1e-12);
    assert.ok(Math.abs(cost.outputUsd - 0.005) < 1e-12);
    assert.ok(Math.abs(cost.uncachedUsd - 0.03) < 1e-12);
    assert.ok(Math.abs(cost.savedUsd - 0.01) < 1e-12);
  });

  it('charges Anthropic 1-hour writes at twice the input price', () => {
    const price = priceFor('claude-sonnet-4-5');
    assert.ok(price);
    const cost = costPerRequest(price, { promptTokens: 3_000, cachedTokens: 0, cacheWrite1hTokens: 2_000 });
    // 1,000 x $3 + 2,000 x $6 per 1M.
    assert.ok(Math.abs(cost.totalUsd - 0.015) < 1e-12);
    assert.ok(cost.savedUsd < 0, 'a cold write costs more than no caching');
  });
});

describe('money sums', () => {
  it('a request that reads and writes nothing costs exactly what it costs uncached, for every size and model', () => {
    for (const model of ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'gpt-5.1', 'o4-mini', 'claude-sonnet-4-5', 'claude-3-haiku']) {
      const price = priceFor(model)!;
      for (let promptTokens = 1; promptTokens < 3000; promptTokens += 7) {
        const cost = costPerRequest(price, { promptTokens, cachedTokens: 0, outputTokens: 200 });
        assert.equal(cost.totalUsd, cost.uncachedUsd, `${model} at ${promptTokens} tokens`);
        assert.equal(cost.savedUsd, 0);
      }
    }
  });
});
