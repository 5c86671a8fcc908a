import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cacheRulesFor, providerOfModel, retentionRule, roundCacheable } from '../../../src/core/cache/rules';

describe('cacheRulesFor', () => {
  it('gives OpenAI models before gpt-5.6 a 1024 minimum and 128-token steps', () => {
    for (const model of ['gpt-4o', 'gpt-4o-mini-2024-07-18', 'gpt-4.1-nano', 'gpt-5-mini', 'gpt-5.2', 'o3-mini']) {
      const rules = cacheRulesFor('openai', model);
      assert.equal(rules.minimumTokens, 1024, model);
      assert.equal(rules.incrementTokens, 128, model);
      assert.equal(rules.mode, 'implicit-prefix', model);
      assert.equal(rules.routingPrefixTokens, 256, model);
      assert.equal(rules.overflowRequestsPerMinute, 15, model);
    }
  });

  it('treats gpt-5.6 and every later version as implicit-plus-breakpoints without rounding', () => {
    for (const model of ['gpt-5.6', 'gpt-5.6-terra', 'gpt-5.6-sol-2026-06-27', 'gpt-5.7', 'gpt-6', 'openai/gpt-5.6-luna']) {
      const rules = cacheRulesFor(undefined, model);
      assert.equal(rules.provider, 'openai', model);
      assert.equal(rules.mode, 'implicit-and-breakpoints', model);
      assert.equal(rules.incrementTokens, 1, model);
      assert.equal(rules.maxBreakpoints, 4, model);
      assert.equal(rules.retention['30m'].writeMultiplier, 1.25, model);
    }
    assert.equal(cacheRulesFor('openai', 'gpt-5.5').mode, 'implicit-prefix');
  });

  it('offers 24h retention only on models that support it', () => {
    assert.deepEqual(Object.keys(cacheRulesFor('openai', 'gpt-4o').retention), ['in_memory']);
    assert.deepEqual(Object.keys(cacheRulesFor('openai', 'gpt-4.1').retention).sort(), ['24h', 'in_memory']);
    assert.deepEqual(Object.keys(cacheRulesFor('openai', 'gpt-5.5-pro').retention), ['24h']);
    const inMemory = cacheRulesFor('openai', 'gpt-4o').retention.in_memory;
    assert.equal(inMemory.idleMs, 5 * 60_000);
    assert.equal(inMemory.maxMs, 60 * 60_000);
  });

  it('looks up Anthropic minimums per model, dated ids included', () => {
    const cases: [string, number][] = [
      ['claude-3-5-haiku-20241022', 2048],
      ['claude-3-haiku-20240307', 2048],
      ['claude-3-7-sonnet-20250219', 1024],
      ['claude-sonnet-4-5-20250929', 1024],
      ['claude-sonnet-4-20250514', 1024],
      ['claude-opus-4-1-20250805', 1024],
      ['claude-opus-4-5-20251101', 4096],
      ['claude-opus-4-6', 4096],
      ['claude-haiku-4-5-20251001', 4096],
      ['claude-opus-5', 512],
      ['anthropic/claude-sonnet-4-5', 1024],
      ['anthropic.claude-opus-4-5-20251101-v1:0', 4096],
    ];
    for (const [model, minimum] of cases) assert.equal(cacheRulesFor('anthropic', model).minimumTokens, minimum, model);
    const rules = cacheRulesFor(undefined, 'claude-sonnet-4-5');
    assert.equal(rules.mode, 'breakpoints');
    assert.equal(rules.maxBreakpoints, 4);
    assert.equal(rules.lookbackBlocks, 20);
    assert.equal(rules.retention['5m'].writeMultiplier, 1.25);
    assert.equal(rules.retention['1h'].writeMultiplier, 2);
    assert.equal(rules.readMultiplier, 0.1);
  });

  it('knows Gemini implicit-caching minimums and falls back for unknown models', () => {
    assert.equal(cacheRulesFor('gemini', 'gemini-2.5-flash').minimumTokens, 1024);
    assert.equal(cacheRulesFor('gemini', 'gemini-2.5-flash-lite').minimumTokens, 2048);
    assert.equal(cacheRulesFor('gemini', 'gemini-2.5-pro').minimumTokens, 2048);
    assert.equal(cacheRulesFor(undefined, 'gemini-9-ultra').family, 'gemini (unknown model)');
    assert.equal(cacheRulesFor('anthropic', 'my-proxy-model').provider, 'anthropic');
    assert.equal(cacheRulesFor(undefined, 'llama-3').provider, 'openai');
  });

  it('guesses the provider from the model name', () => {
    assert.equal(providerOfModel('o4-mini'), 'openai');
    assert.equal(providerOfModel('Claude-Opus-4-5'), 'anthropic');
    assert.equal(providerOfModel('models/gemini-2.5-pro'), 'gemini');
    assert.equal(providerOfModel('mistral-large'), undefined);
  });
});

describe('roundCacheable', () => {
  const openai = cacheRulesFor('openai', 'gpt-4o');
  it('caches 1,024 of a 1,100-token prefix and nothing of 1,000', () => {
    assert.equal(roundCacheable(1100, openai), 1024);
    assert.equal(roundCacheable(1000, openai), 0);
    assert.equal(roundCacheable(1023, openai), 0);
    assert.equal(roundCacheable(1024, openai), 1024);
    assert.equal(roundCacheable(1151, openai), 1024);
    assert.equal(roundCacheable(1152, openai), 1152);
    assert.equal(roundCacheable(1300, openai), 1280);
  });
  it('does not round on gpt-5.6 or Anthropic', () => {
    assert.equal(roundCacheable(1100, cacheRulesFor('openai', 'gpt-5.6')), 1100);
    assert.equal(roundCacheable(4100, cacheRulesFor('anthropic', 'claude-opus-4-5')), 4100);
    assert.equal(roundCacheable(4000, cacheRulesFor('anthropic', 'claude-opus-4-5')), 0);
  });
});

describe('retentionRule', () => {
  it('accepts the hyphenated spelling and falls back to the model default', () => {
    const gpt41 = cacheRulesFor('openai', 'gpt-4.1');
    assert.equal(retentionRule(gpt41, 'in-memory').id, 'in_memory');
    assert.equal(retentionRule(gpt41, '24h').rule.idleMs, 24 * 3_600_000);
    assert.equal(retentionRule(gpt41, undefined).id, '24h');
    assert.equal(retentionRule(cacheRulesFor('openai', 'gpt-4o'), '24h').id, 'in_memory');
    assert.equal(retentionRule(cacheRulesFor('anthropic', 'claude-sonnet-4-5'), '1h').rule.idleMs, 3_600_000);
  });
});
