import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resolveModel } from '../../../src/core/tokens/models';
import { countPair, familyOf, loadCorpus, recordedPromptTokens } from '../../recordedCorpus';

const corpus = loadCorpus();

describe('counts equal the usage the provider recorded', () => {
  test('the corpus covers both APIs of OpenAI, Anthropic, both encodings and tools; every pair names its source', () => {
    assert.ok(corpus.length >= 47);
    const apis = new Set(corpus.map((pair) => pair.api));
    assert.ok(apis.has('chat'));
    const withTools = corpus.filter((pair) => Array.isArray(pair.request.tools ?? pair.request.functions));
    assert.ok(withTools.length >= 8);
    const encodings = new Set(corpus.map((pair) => resolveModel(pair.model).encoding));
    assert.deepEqual([...encodings].sort(), ['cl100k_base', 'o200k_base']);
    for (const pair of corpus) {
      assert.ok(pair.source.length > 10, `${pair.file} names its source`);
      assert.ok(recordedPromptTokens(pair) > 0, `${pair.file} has a recorded prompt size`);
      if (pair.knownDifference) assert.ok(pair.knownDifference.reason.length > 10, `${pair.file} explains its difference`);
    }
  });

  for (const pair of corpus) {
    test(`${pair.file} (${familyOf(pair)}, ${pair.api}): ${recordedPromptTokens(pair)} tokens`, async () => {
      const counted = await countPair(pair);
      // Exact, or exactly the difference the fixture records with its reason, so any drift shows.
      assert.equal(counted.difference, pair.knownDifference?.tokens ?? 0);
      if (pair.knownDifference) {
        assert.equal(counted.estimate, true, 'a request we cannot match is reported as an estimate');
      }
    });
  }
});
