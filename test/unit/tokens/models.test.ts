import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { countImageTokens, PATCH_ROUNDING_ESTIMATE, patchCount, tileCount } from '../../../src/core/tokens/imageTokens';
import { resolveModel } from '../../../src/core/tokens/models';
import { openAIFramingFor } from '../../../src/core/tokens/openaiFraming';

describe('resolveModel', () => {
  const cases: [string, string, string][] = [
    ['gpt-4o', 'o200k_base', 'openai'],
    ['gpt-4o-2024-08-06', 'o200k_base', 'openai'],
    ['chatgpt-4o-latest', 'o200k_base', 'openai'],
    ['gpt-4.1-mini', 'o200k_base', 'openai'],
    ['gpt-4.5-preview', 'o200k_base', 'openai'],
    ['gpt-5.2', 'o200k_base', 'openai'],
    ['o1-preview', 'o200k_base', 'openai'],
    ['o3-mini', 'o200k_base', 'openai'],
    ['o4-mini-2025-04-16', 'o200k_base', 'openai'],
    ['gpt-4', 'cl100k_base', 'openai'],
    ['gpt-4-turbo-2024-04-09', 'cl100k_base', 'openai'],
    ['gpt-3.5-turbo-0125', 'cl100k_base', 'openai'],
    ['GPT-4o-Mini', 'o200k_base', 'openai'],
  ];
  for (const [name, encoding, provider] of cases) {
    test(`${name} -> ${encoding}, exact`, () => {
      const resolved = resolveModel(name);
      assert.equal(resolved.encoding, encoding);
      assert.equal(resolved.provider, provider);
      assert.equal(resolved.estimate, false);
      assert.equal(resolved.estimateReason, undefined);
    });
  }

  test('gpt-oss is counted with o200k_base as an estimate that says why: its harmony framing is not checked by recorded usage', () => {
    const resolved = resolveModel('gpt-oss-120b');
    assert.equal(resolved.encoding, 'o200k_base');
    assert.equal(resolved.estimate, true);
    assert.match(resolved.estimateReason ?? '', /harmony chat format/);
  });

  test('the longest prefix wins: gpt-4o is not gpt-4, gpt-4o-mini has its own image figures', () => {
    assert.equal(resolveModel('gpt-4o').encoding, 'o200k_base');
    assert.deepEqual(resolveModel('gpt-4o-mini-2024-07-18').images, {
      kind: 'tiles',
      baseTokens: 2833,
      tileTokens: 5667,
      confirmed: true,
      toolMessage: { billed: false },
    });
    assert.deepEqual(resolveModel('gpt-4o').images, {
      kind: 'tiles',
      baseTokens: 85,
      tileTokens: 170,
      confirmed: true,
      toolMessage: { billed: false },
    });
    assert.equal(resolveModel('gpt-4.1-mini').images?.kind, 'patches');
  });

  test('gateway prefixes and fine-tune wrappers are stripped', () => {
    assert.equal(resolveModel('openai/gpt-4o').model, 'gpt-4o');
    assert.equal(resolveModel('openai/gpt-4o').estimate, false);
    assert.equal(resolveModel('azure/gpt-35-turbo').encoding, 'cl100k_base');
    assert.equal(resolveModel('azure/gpt-35-turbo').estimate, false);
    assert.equal(resolveModel('azure/gpt-4o-mini').model, 'gpt-4o-mini');
    assert.equal(resolveModel('ft:gpt-4o-mini-2024-07-18:acme::abc123').encoding, 'o200k_base');
    assert.equal(resolveModel('ft:gpt-3.5-turbo-0125:acme::abc123').encoding, 'cl100k_base');
  });

  test('a deployment name that contains a model name is counted as that model, as an estimate', () => {
    const resolved = resolveModel('azure/prod-gpt-4o-mini-eastus');
    assert.equal(resolved.encoding, 'o200k_base');
    assert.deepEqual(resolved.images && resolved.images.kind === 'tiles' ? resolved.images.baseTokens : 0, 2833);
    assert.equal(resolved.estimate, true);
    assert.match(resolved.estimateReason ?? '', /gpt-4o-mini/);
  });

  test('Claude and Gemini use o200k_base as an estimate and say why', () => {
    for (const name of ['claude-sonnet-4-5', 'anthropic/claude-3-5-haiku-latest']) {
      const resolved = resolveModel(name);
      assert.equal(resolved.provider, 'anthropic');
      assert.equal(resolved.encoding, 'o200k_base');
      assert.equal(resolved.estimate, true);
      assert.match(resolved.estimateReason ?? '', /tokenizer/);
    }
    const gemini = resolveModel('google/gemini-2.5-pro');
    assert.equal(gemini.provider, 'gemini');
    assert.equal(gemini.estimate, true);
  });

  test('unknown or missing models fall back to o200k_base with the reason "unknown model"', () => {
    for (const name of ['llama3.1:8b', undefined, '']) {
      const resolved = resolveModel(name);
      assert.equal(resolved.provider, 'unknown');
      assert.equal(resolved.encoding, 'o200k_base');
      assert.equal(resolved.estimate, true);
      assert.equal(resolved.estimateReason, 'unknown model');
    }
  });

  test('codex-mini-latest (a fine-tuned o4-mini) is known and primes the reply as o4-mini does', () => {
    const resolved = resolveModel('codex-mini-latest');
    assert.equal(resolved.provider, 'openai');
    assert.equal(resolved.estimate, false);
    assert.equal(openAIFramingFor('codex-mini-latest').replyPriming, openAIFramingFor('o4-mini').replyPriming);
    assert.equal(openAIFramingFor('codex-mini-latest').replyPriming, 2);
  });

  test('codex-mini-latest: function tools on the Responses API cost one token more than on o4-mini', () => {
    assert.equal(openAIFramingFor('codex-mini-latest').responsesToolsInstructions, 1);
    assert.equal(openAIFramingFor('o4-mini').responsesToolsInstructions, 0);
    assert.equal(openAIFramingFor('codex-mini-latest').responsesToolsPreamble, openAIFramingFor('o4-mini').responsesToolsPreamble);
  });

  test('only the mid-2023 snapshots drop nested property descriptions from tools', () => {
    assert.equal(resolveModel('gpt-3.5-turbo-0613').nestedToolDescriptions, false);
    assert.equal(resolveModel('gpt-4-0613').nestedToolDescriptions, false);
    assert.equal(resolveModel('gpt-3.5-turbo-0125').nestedToolDescriptions, true);
    assert.equal(resolveModel('gpt-4o').nestedToolDescriptions, true);
  });

  test('the gpt-4 alias (served by gpt-4-0613) renders tools as 0613 does; the turbo and preview snapshots do not', () => {
    for (const model of ['gpt-4', 'gpt-4-0613', 'gpt-4-32k', 'gpt-3.5-turbo-0613']) {
      const resolved = resolveModel(model);
      assert.equal(resolved.nestedToolDescriptions, false, model);
      assert.equal(resolved.toolPropertyTitles, false, model);
    }
    for (const model of ['gpt-4-turbo', 'gpt-4-turbo-preview', 'gpt-4-0125-preview', 'gpt-4-1106-preview', 'gpt-3.5-turbo', 'gpt-4o']) {
      const resolved = resolveModel(model);
      assert.equal(resolved.nestedToolDescriptions, true, model);
      assert.equal(resolved.toolPropertyTitles, true, model);
    }
    assert.deepEqual(resolveModel('gpt-4').images, resolveModel('gpt-4-turbo').images);
  });
});

describe('image tokens (examples of the OpenAI vision guide)', () => {
  const gpt4o = resolveModel('gpt-4o').images;

  test('1024 x 1024 high detail on gpt-4o costs 765 tokens (4 tiles)', () => {
    assert.equal(tileCount(1024, 1024), 4);
    assert.deepEqual(countImageTokens({ detail: 'high', width: 1024, height: 1024 }, gpt4o), { tokens: 765 });
  });

  test('2048 x 4096 high detail costs 1105 tokens (6 tiles)', () => {
    assert.equal(countImageTokens({ detail: 'high', width: 2048, height: 4096 }, gpt4o).tokens, 1105);
  });

  test('low detail costs the base tokens whatever the size', () => {
    assert.equal(countImageTokens({ detail: 'low', width: 4096, height: 8192 }, gpt4o).tokens, 85);
    assert.equal(countImageTokens({ detail: 'low' }, resolveModel('gpt-4o-mini').images).tokens, 2833);
  });

  test('auto is counted like high', () => {
    assert.equal(countImageTokens({ detail: 'auto', width: 512, height: 512 }, gpt4o).tokens, 255);
  });

  test('gpt-4o-mini: 2833 base + 5667 per tile', () => {
    assert.equal(countImageTokens({ detail: 'high', width: 1024, height: 1024 }, resolveModel('gpt-4o-mini').images).tokens, 2833 + 4 * 5667);
  });

  test('unknown size is an estimate and says so', () => {
    const counted = countImageTokens({ detail: 'high' }, gpt4o);
    assert.equal(counted.tokens, 255);
    assert.match(counted.estimateReason ?? '', /size unknown/);
  });

  test('patch models: 1024 x 1024 is 1024 patches; 1800 x 2400 shrinks to 1452 patches', () => {
    assert.equal(patchCount(1024, 1024, 1536), 1024);
    assert.equal(patchCount(1800, 2400, 1536), 1452);
    const counted = countImageTokens({ detail: 'high', width: 1024, height: 1024 }, resolveModel('gpt-4.1-mini').images);
    assert.equal(counted.tokens, Math.ceil(1024 * 1.62) + 1);
    // Rounding up is measured on recorded gpt-4.1-mini and gpt-4.1-nano images.
    assert.equal(counted.estimateReason, undefined);
  });

  test('a patch count is an estimate only where an unmeasured rounding matters', () => {
    const at = (model: string, width: number, height: number) =>
      countImageTokens({ detail: 'auto', width, height }, resolveModel(model).images);
    // 300 x 1.5 = 450: a whole product, no rounding involved.
    assert.deepEqual(at('gpt-5-nano', 640, 480), { tokens: 451 });
    // 9 x 1.5 = 13.5 on gpt-5-nano, whose rounding no recorded image measures: counted 14 + 1.
    assert.deepEqual(at('gpt-5-nano', 96, 96), { tokens: 15, estimateReason: PATCH_ROUNDING_ESTIMATE });
    // 9 x 2.46 = 22.14 on gpt-4.1-nano, measured (16 x 2.46 = 39.36 counts 40): 23 + 1.
    assert.deepEqual(at('gpt-4.1-nano', 96, 96), { tokens: 24 });
  });

  test('a 640 x 480 image (300 patches) costs 300 x multiplier + 1 on the patch models', () => {
    const at = (model: string) => countImageTokens({ detail: 'auto', width: 640, height: 480 }, resolveModel(model).images).tokens;
    assert.equal(at('gpt-5-mini'), 361);
    assert.equal(at('gpt-5-nano'), 451);
    assert.equal(at('o4-mini'), 517);
    assert.equal(at('gpt-4.1-mini'), 488);
  });

  test('o4-mini rounds patches x 1.72 up, as measured: a 330x291 image (110 patches, 189.2) costs 190 + 1', () => {
    assert.deepEqual(countImageTokens({ detail: 'auto', width: 330, height: 291 }, resolveModel('o4-mini').images), { tokens: 191 });
    assert.deepEqual(countImageTokens({ detail: 'auto', width: 499, height: 313 }, resolveModel('o4-mini').images), { tokens: 277 });
  });

  test('an image in a Chat Completions tool message: nothing on tile models, one token less per patch on patch models', () => {
    const inTool = (model: string, width: number, height: number) =>
      countImageTokens({ detail: 'auto', width, height }, resolveModel(model).images, true).tokens;
    // Recorded: a 128x128 PNG on Azure OpenAI gpt-4.1 bills nothing (255 in a user message).
    assert.equal(inTool('gpt-4.1', 128, 128), 0);
    assert.equal(inTool('gpt-5.1', 200, 200), 0);
    // 16 patches: 16 x 1.5 + 1 = 25 in a user message, 25 - 16 = 9 in a tool message (recorded gpt-5-nano).
    assert.equal(inTool('gpt-5-nano', 128, 128), 9);
    // 1 patch: 2 + 1 = 3 in a user message, 2 in a tool message (recorded gpt-5-mini).
    assert.equal(inTool('gpt-5-mini', 32, 32), 2);
    // 40 + 1 - 16 = 25 on gpt-4.1-nano, where a recorded request bills 24.
    assert.equal(inTool('gpt-4.1-nano', 128, 128), 25);
  });
});
