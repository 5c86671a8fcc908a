import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runSession } from '../../../src/runner/index';
import { CachePredictors } from '../../../src/extension/dashboard/cachePredictors';
import { longChatPrompt, withSimulator } from './helpers';

const SETTINGS = { model: 'gpt-4o-mini', api: 'chat' as const, runs: 2, variableRows: [{ question: 'What is rule 3?' }] };

describe('predictions that know what the endpoint already holds', () => {
  it('a second session to the same endpoint is predicted warm from its first run, as the endpoint answers', async () => {
    await withSimulator({ seed: 1 }, async (sim) => {
      const predictors = new CachePredictors();
      const endpoint = { kind: 'simulator' as const, baseURL: sim.url };
      const first = await runSession({ prompt: longChatPrompt(), endpoint, settings: SETTINGS, predictor: predictors.for(endpoint) });
      const second = await runSession({ prompt: longChatPrompt(), endpoint, settings: SETTINGS, predictor: predictors.for(endpoint) });
      assert.deepEqual(first.records.map((r) => r.predictedCache), ['cold', 'warm']);
      // Each run records the variable values it sent.
      assert.deepEqual(first.records[0].variables, { question: 'What is rule 3?' });
      assert.deepEqual(second.records.map((r) => r.predictedCache), ['warm', 'warm']);
      assert.ok((second.records[0].cachedTokens ?? 0) >= 1024, 'the simulator still held the prefix');
      for (const result of [first, second]) {
        assert.deepEqual(result.records.map((r) => r.predictedCachedTokens), result.records.map((r) => r.cachedTokens));
      }
    });
  });

  it('without the shared model the first run is assumed cold, and misses a warm endpoint', async () => {
    await withSimulator({ seed: 1 }, async (sim) => {
      const endpoint = { kind: 'simulator' as const, baseURL: sim.url };
      await runSession({ prompt: longChatPrompt(), endpoint, settings: SETTINGS });
      const again = await runSession({ prompt: longChatPrompt(), endpoint, settings: SETTINGS });
      assert.equal(again.records[0].predictedCache, 'cold');
      assert.equal(again.records[0].predictedCachedTokens, 0);
      assert.ok((again.records[0].cachedTokens ?? 0) > 0);
    });
  });

  it('keeps one model per endpoint and forgets the simulator\'s when it restarts', () => {
    const predictors = new CachePredictors();
    const sim = { kind: 'simulator' as const, baseURL: 'http://127.0.0.1:9999/v1' };
    const openai = { kind: 'openai' as const, apiKey: 'k' };
    assert.equal(predictors.for(sim), predictors.for(sim));
    assert.notEqual(predictors.for(sim), predictors.for({ ...sim, protocol: 'anthropic' as const }));
    const kept = predictors.for(openai);
    const before = predictors.for(sim);
    predictors.forgetSimulator();
    assert.notEqual(predictors.for(sim), before);
    assert.equal(predictors.for(openai), kept);
  });
});
