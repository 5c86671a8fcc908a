import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resolveModel } from '../../../src/core/tokens/models';
import {
  ANTHROPIC_TOLERANCE,
  countPair,
  familyOf,
  loadCorpus,
  needsKnownDifference,
  recordedPromptTokens,
} from '../../recordedCorpus';

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
      if (pair.knownDifference) {
        // Exactly the difference the fixture records with its reason, so any drift shows.
        assert.equal(counted.difference, pair.knownDifference.tokens);
        assert.ok(needsKnownDifference(counted), 'a recorded difference is dropped once the count is within bounds');
        if (!pair.knownDifference.recording) {
          assert.equal(counted.estimate, true, 'a request we cannot match is reported as an estimate');
        }
      } else if (pair.api === 'anthropic') {
        // No local tokenizer is exact for Claude: the estimate stays within the tolerance.
        assert.ok(
          Math.abs(counted.difference) <= ANTHROPIC_TOLERANCE * counted.recorded,
          `${counted.counted} is within ${ANTHROPIC_TOLERANCE * 100}% of ${counted.recorded}`,
        );
        assert.equal(counted.estimate, true, 'Claude counts are labelled estimates');
      } else {
        assert.equal(counted.counted, counted.recorded);
      }
    });
  }
});
