// gpt-6 requests: counted as gpt-5.6 frames them (an estimate that says so), and a tool marked
// `async: true` said to add instructions the request does not hold. The figures are those of
// recorded gpt-6-astra requests (test/fixtures/recorded/agentic-api).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzePrompt } from '../../../src/core/analyze';
import { resolveModel } from '../../../src/core/tokens/models';
import { openAIFramingFor } from '../../../src/core/tokens/openaiFraming';

const INSTRUCTIONS =
  'Start the weather lookup and answer the independent question without waiting. Use the demo weather result when it arrives; never invent it.';
const weatherTool = (extra: Record<string, unknown> = {}) => ({
  ...extra,
  description: 'Read a demo weather snapshot for a city.',
  name: 'get_weather',
  parameters: { additionalProperties: false, properties: { city: { type: 'string' } }, required: ['city'], type: 'object' },
  strict: true,
  type: 'function',
});
const request = (model: string, tool: Record<string, unknown>) =>
  JSON.stringify(
    {
      input: 'Check the demo weather snapshot for Paris. Meanwhile, list three essentials for any city trip.',
      instructions: INSTRUCTIONS,
      max_output_tokens: 4096,
      model,
      store: true,
      tools: [tool],
    },
    null,
    2,
  );

async function analyze(text: string) {
  return analyzePrompt({ fileName: 'request.json', text });
}

describe('gpt-6', () => {
  test('resolves to OpenAI on o200k_base, an estimate that names the family it is counted as', () => {
    const model = resolveModel('gpt-6-astra');
    assert.equal(model.provider, 'openai');
    assert.equal(model.encoding, 'o200k_base');
    assert.equal(model.estimate, true);
    assert.match(model.estimateReason ?? '', /counted as gpt-5\.6/);
    assert.deepEqual(openAIFramingFor('gpt-6-astra'), openAIFramingFor('gpt-5.6-terra'));
  });

  test('a request with instructions and a plain function tool counts what the API billed (92), marked as an estimate', async () => {
    const analysis = await analyze(request('gpt-6-astra', weatherTool()));
    assert.equal(analysis.promptTokens, 92);
    assert.equal(analysis.estimate, true);
    assert.ok(analysis.estimateHeadlines?.some((line) => /gpt-6 counted as gpt-5\.6/.test(line)));
    assert.ok(!analysis.estimateReasons?.some((reason) => /async: true/.test(reason)));
  });

  test('the same tool marked async: the count is the same and the estimate says the API adds instructions it cannot see', async () => {
    const analysis = await analyze(request('gpt-6-astra', weatherTool({ async: true })));
    // The API billed 130 for this request: 38 for instructions the body does not hold.
    assert.equal(analysis.promptTokens, 92);
    assert.ok(analysis.estimateHeadlines?.some((line) => /async: true` tools add unknown instructions/.test(line)));
  });

  test('async: false is no async tool', async () => {
    const analysis = await analyze(request('gpt-6-astra', weatherTool({ async: false })));
    assert.ok(!analysis.estimateReasons?.some((reason) => /async: true/.test(reason)));
  });
});
