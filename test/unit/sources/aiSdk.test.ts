import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { generateObject, generateText, jsonSchema, Output, tool, ToolLoopAgent } from 'ai';
import { z as z3 } from 'zod/v3';
import { z as z4 } from 'zod/v4';
import { analyzeSourceFile } from '../../../src/cli/sourceFile';
import { analyzePrompt } from '../../../src/core/analyze';
import { CORPUS_DIR } from '../../recordedCorpus';
import { onlyPrompt } from './helpers';

type Zod = 'v3' | 'v4';

/** A package.json naming the AI SDK's major version, as the user's project has. */
const manifest = (major: number) => JSON.stringify({ dependencies: { ai: `^${major}.0.0`, '@ai-sdk/openai': '*', zod: '^4.0.0' } });

/** A TypeScript module calling `fn(options)` of the AI SDK. */
const sourceOf = (zod: Zod, fn: string, options: string, declarations = '') => `import { openai } from '@ai-sdk/openai';
import { generateObject, generateText, jsonSchema, Output, tool, ToolLoopAgent } from 'ai';
import { z } from 'zod/${zod}';
${declarations}
export async function run() {
  return ${fn}(${options});
}
`;

interface Sent {
  path: string;
  body: Record<string, any>;
}

/**
 * The request the installed AI SDK (ai 7 with @ai-sdk/openai 4) sends for `fn(options)`: run for
 * real, with a fetch that keeps the body and answers a fixed completion.
 */
async function sentBy(zod: Zod, fn: string, options: string, declarations = ''): Promise<Sent> {
  let sent: Sent | undefined;
  const fetch = async (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const path = new URL(String(url)).pathname;
    sent = { path, body: JSON.parse(String(init?.body)) };
    const text = '{"answer":"4"}';
    const answer = path.endsWith('/messages')
      ? { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude', content: [{ type: 'text', text }], stop_reason: 'end_turn', usage: { input_tokens: 1, output_tokens: 1 } }
      : path.endsWith('/responses')
      ? {
          id: 'resp_1',
          object: 'response',
          created_at: 1,
          model: 'gpt-4o-mini',
          status: 'completed',
          output: [{ type: 'message', id: 'msg_1', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text, annotations: [] }] }],
          usage: { input_tokens: 1, output_tokens: 1, total_tokens: 2 },
        }
      : {
          id: 'chatcmpl_1',
          object: 'chat.completion',
          created: 1,
          model: 'gpt-4o-mini',
          choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
        };
    return new Response(JSON.stringify(answer), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  const openai = createOpenAI({ apiKey: 'sk-test', fetch });
  const anthropic = createAnthropic({ apiKey: 'sk-ant-test', fetch });
  const z = zod === 'v3' ? z3 : z4;
  const run = new Function('openai', 'anthropic', 'generateObject', 'generateText', 'jsonSchema', 'Output', 'tool', 'ToolLoopAgent', 'z', `${declarations}\nreturn ${fn}(${options});`);
  // The canned answer may not fit the schema: only the request matters here. A stream's request
  // is sent once the stream is read.
  const result = await run(openai, anthropic, generateObject, generateText, jsonSchema, Output, tool, ToolLoopAgent, z).catch(() => undefined);
  if (result && typeof result.consumeStream === 'function') await result.consumeStream({ onError: () => undefined }).catch(() => undefined);
  assert.ok(sent, 'the AI SDK sent a request');
  return sent;
}

/** The count of a request body as a request JSON file (the path the recorded corpus checks). */
async function bodyTokens(sent: Sent): Promise<number> {
  const format = sent.path.endsWith('/messages') ? 'anthropic-messages' : sent.path.endsWith('/responses') ? 'openai-responses' : 'openai-chat';
  const analysis = await analyzePrompt({ fileName: 'request.json', text: JSON.stringify(sent.body, null, 2), format });
  return analysis.promptTokens;
}

/** The schema a body's response format carries (Chat or Responses). */
const sentSchema = (body: Record<string, any>) => (body.text?.format ?? body.response_format?.json_schema)?.schema;

const RICH = `z.object({
  answer: z.string().describe('the answer'),
  steps: z.array(z.object({ text: z.string(), weight: z.number().int().optional() })).max(5),
  confidence: z.number().min(0).max(1).nullable(),
  kind: z.enum(['fact', 'guess']).default('fact'),
  tags: z.union([z.string(), z.number()]).array().optional(),
  source: z.literal('model'),
})`;

const MORE = `z.object({
  note: z.string().nullish(),
  reply: z.string().nullable().default(null),
  code: z.string().min(1).nullable(),
  count: z.number().int().positive().describe('how many'),
  shape: z.discriminatedUnion('kind', [z.object({ kind: z.literal('a'), x: z.string() }), z.object({ kind: z.literal('b'), y: z.number() })]).describe('which'),
  pick: z.union([z.literal('x'), z.literal('y')]),
  inner: z.object({ p: z.string().optional() }).optional().describe('inner'),
  list: z.array(z.string()).nonempty().describe('list'),
  flag: z.boolean().default(false).describe('flag'),
  base: z.object({ a: z.string(), b: z.number() }).pick({ b: true }).extend({ c: z.null() }),
})`;

describe('AI SDK calls in source code: the request the installed AI SDK sends', () => {
  before(() => {
    (globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;
  });
  after(() => {
    delete (globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS;
  });

  // `estimated`: the counter's own reason the body's count is an estimate (the same for the body).
  // `rewritten`: the SDK rewrites the schema in ways not modelled (said in the estimate): the schema
  // differs, the count stays within 3% of the body's.
  const cases: Array<{ title: string; zod: Zod; fn: string; options: string; declarations?: string; estimated?: RegExp; rewritten?: true }> = [
    { title: 'generateObject with a zod 4 schema (Responses)', zod: 'v4', fn: 'generateObject', options: `{ model: openai('gpt-4o-mini'), schema: ${RICH}, system: 'Be brief.', prompt: 'What is 2 + 2?' }` },
    { title: 'generateObject with a zod 3 schema (Responses)', zod: 'v3', fn: 'generateObject', options: `{ model: openai('gpt-4o-mini'), schema: ${RICH}, system: 'Be brief.', prompt: 'What is 2 + 2?' }` },
    {
      title: 'generateObject on Chat Completions, named and described, the schema declared above',
      zod: 'v4',
      fn: 'generateObject',
      declarations: `const Answer = ${RICH};`,
      options: `{ model: openai.chat('gpt-4o-mini'), schema: Answer, schemaName: 'Answer', schemaDescription: 'The answer and how sure it is', prompt: 'What is 2 + 2?' }`,
    },
    { title: 'generateObject with more zod 4 constructs', zod: 'v4', fn: 'generateObject', options: `{ model: openai('gpt-4o-mini'), schema: ${MORE}, prompt: 'Fill it in.' }` },
    { title: 'generateObject with more zod 3 constructs', zod: 'v3', fn: 'generateObject', options: `{ model: openai('gpt-4o-mini'), schema: ${MORE}, prompt: 'Fill it in.' }` },
    {
      title: 'generateObject with string formats, zod 4 (its pattern, said in the estimate)',
      zod: 'v4',
      fn: 'generateObject',
      options: `{ model: openai('gpt-4o-mini'), schema: z.object({ email: z.email(), site: z.string().url(), id: z.uuid().optional(), at: z.string().datetime() }), prompt: 'Read the signup.' }`,
      estimated: /zod 4 writes a pattern for `\.email\(\)` that changes between zod releases: counted with zod 4\.6's/,
    },
    {
      title: 'generateObject with string formats, zod 3',
      zod: 'v3',
      fn: 'generateObject',
      options: `{ model: openai('gpt-4o-mini'), schema: z.object({ email: z.string().email(), site: z.string().url(), id: z.string().uuid().optional(), at: z.string().datetime() }), prompt: 'Read the signup.' }`,
    },
    { title: "generateObject with output: 'array'", zod: 'v4', fn: 'generateObject', options: `{ model: openai('gpt-4.1'), output: 'array', schema: z.object({ city: z.string(), country: z.string() }), prompt: 'List three cities.' }` },
    { title: "generateObject with output: 'enum'", zod: 'v4', fn: 'generateObject', options: `{ model: openai('gpt-4o'), output: 'enum', enum: ['positive', 'negative', 'neutral'], prompt: 'Classify: I love it.' }` },
    { title: 'generateText with output: Output.object(...)', zod: 'v4', fn: 'generateText', options: `{ model: openai('gpt-4o-mini'), output: Output.object({ schema: z.object({ answer: z.string() }) }), prompt: 'What is 2 + 2?' }` },
    { title: 'generateText with Output.array({ element }), named', zod: 'v4', fn: 'generateText', options: `{ model: openai('gpt-4o-mini'), output: Output.array({ element: z.object({ city: z.string() }), name: 'Cities', description: 'Three cities' }), prompt: 'List three cities.' }` },
    { title: 'generateText with Output.choice({ options })', zod: 'v4', fn: 'generateText', options: `{ model: openai('gpt-4o-mini'), output: Output.choice({ options: ['rain', 'sun'] }), prompt: 'Tomorrow?' }` },
    { title: 'generateText with Output.json()', zod: 'v4', fn: 'generateText', options: `{ model: openai('gpt-4o-mini'), output: Output.json(), prompt: 'Answer in JSON.' }` },
    {
      title: 'generateText with Output.object({ schema: jsonSchema({...}) })',
      zod: 'v4',
      fn: 'generateText',
      options: `{ model: openai('gpt-4o-mini'), output: Output.object({ schema: jsonSchema({ type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], additionalProperties: false }) }), prompt: 'Answer.' }`,
    },
    {
      title: 'generateText with tools whose inputSchema is zod 4, on a reasoning model (system sent as developer)',
      zod: 'v4',
      fn: 'generateText',
      options: `{ model: openai('gpt-5-mini'), system: 'You are a weather bot.', prompt: 'Weather in Paris?', tools: {
        weather: tool({ description: 'Get the weather', inputSchema: z.object({ city: z.string().describe('The city'), unit: z.enum(['c', 'f']).optional() }) }),
        forecast: tool({ description: 'Get the forecast', inputSchema: z.object({ city: z.string(), days: z.number().int().min(1).max(7) }) }),
      } }`,
    },
    {
      title: 'generateText with a tool whose inputSchema is jsonSchema({...}), and Output.object named and described',
      zod: 'v4',
      fn: 'generateText',
      options: `{ model: openai('gpt-4.1-mini'), prompt: 'Find the order.', output: Output.object({ schema: z.object({ id: z.string() }), name: 'Order', description: 'The order found' }), tools: {
        lookup: tool({ description: 'Look an order up', inputSchema: jsonSchema({ type: 'object', properties: { query: { type: 'string', description: 'Words from the order' } }, required: ['query'] }) }),
      } }`,
      estimated: /^Structured-output schemas are counted as measured/,
    },
    {
      title: 'a ToolLoopAgent made at module level with instructions, tools and an output, its generate({ prompt }) call',
      zod: 'v4',
      fn: 'agent.generate',
      declarations: `const agent = new ToolLoopAgent({
  model: openai('gpt-5-mini'),
  instructions: 'You answer questions about the weather. Use the tools.',
  tools: { weather: tool({ description: 'Get the weather', inputSchema: z.object({ city: z.string().describe('The city') }), execute: async ({ city }) => ({ city, temperature: 21 }) }) },
  output: Output.object({ schema: z.object({ summary: z.string() }) }),
  stopWhen: () => true,
});`,
      options: `{ prompt: 'What is the weather in Tokyo?' }`,
      estimated: /^Structured-output schemas are counted as measured/,
    },
    {
      title: 'an agent.stream({ messages }) call',
      zod: 'v4',
      fn: 'agent.stream',
      declarations: `const agent = new ToolLoopAgent({ model: openai.chat('gpt-4o'), instructions: 'You are terse.' });`,
      options: `{ messages: [{ role: 'user', content: 'Hello.' }, { role: 'assistant', content: 'Hi.' }, { role: 'user', content: 'Bye.' }] }`,
    },
    {
      title: "a provider's built-in tools (openai.tools.webSearchPreview(), openai.tools.fileSearch({...})) sent as their types",
      zod: 'v4',
      fn: 'generateText',
      options: `{ model: openai('gpt-4o'), prompt: 'What changed in the news today?', tools: { web_search_preview: openai.tools.webSearchPreview({}), file_search: openai.tools.fileSearch({ vectorStoreIds: ['vs_1'] }) } }`,
      estimated: /web_search_preview` is counted as the 294 tokens/,
    },
    {
      title: 'generateObject to Claude Haiku 4.5: the schema as output_config.format',
      zod: 'v4',
      fn: 'generateObject',
      options: `{ model: anthropic('claude-haiku-4-5'), schema: z.object({ answer: z.string(), sure: z.boolean() }), system: 'Be brief.', prompt: 'What is 2 + 2?' }`,
      estimated: /the AI SDK rewrites an object schema for Claude's structured outputs/,
      rewritten: true,
    },
    {
      title: 'generateObject to Claude 3.5 Haiku: a forced json tool',
      zod: 'v4',
      fn: 'generateObject',
      options: `{ model: anthropic('claude-3-5-haiku-latest'), schema: z.object({ answer: z.string() }), prompt: 'What is 2 + 2?' }`,
      estimated: /Claude/,
    },
    {
      title: 'tools to Claude with toolChoice required',
      zod: 'v4',
      fn: 'generateText',
      options: `{ model: anthropic('claude-sonnet-4-5'), system: 'Use the tool.', prompt: 'Weather in Oslo?', toolChoice: 'required', tools: { weather: tool({ description: 'Get the weather', inputSchema: z.object({ city: z.string() }) }) } }`,
      estimated: /Claude/,
    },
    {
      title: 'a tool forced with toolChoice: { type: "tool", toolName } on OpenAI',
      zod: 'v4',
      fn: 'generateText',
      options: `{ model: openai('gpt-4.1'), prompt: 'Weather in Oslo?', toolChoice: { type: 'tool', toolName: 'weather' }, tools: { weather: tool({ description: 'Get the weather', inputSchema: z.object({ city: z.string() }) }) } }`,
    },
    {
      title: 'generateText with zod 3 tools on Chat Completions',
      zod: 'v3',
      fn: 'generateText',
      options: `{ model: openai.chat('gpt-4o-mini'), system: 'You are a weather bot.', prompt: 'Weather in Paris?', tools: {
        weather: tool({ description: 'Get the weather', inputSchema: z.object({ city: z.string().describe('The city'), unit: z.enum(['c', 'f']).nullable() }) }),
      } }`,
    },
  ];

  for (const c of cases) {
    it(`${c.title}: the same schema, and the count of the body it sends`, async () => {
      const sent = await sentBy(c.zod, c.fn, c.options, c.declarations);
      const prompt = await onlyPrompt('app.ts', sourceOf(c.zod, c.fn, c.options, c.declarations), { 'package.json': manifest(7) });
      const { analysis } = prompt;
      assert.equal(analysis.request.format, sent.path.endsWith('/messages') ? 'anthropic-messages' : sent.path.endsWith('/responses') ? 'openai-responses' : 'openai-chat');
      const sentFormat = sent.body.text?.format ?? sent.body.response_format;
      assert.equal(analysis.request.responseFormat?.kind, sentFormat?.type);
      if (sentSchema(sent.body)) assert.equal(JSON.stringify(analysis.request.responseFormat?.schema), JSON.stringify(sentSchema(sent.body)));
      if (sentFormat?.name) assert.equal(analysis.request.responseFormat?.name, sentFormat.name);
      assert.deepEqual(analysis.request.tools.map((t) => t.type), (sent.body.tools ?? []).map((t: { type?: string }) => t.type ?? 'function'));
      assert.deepEqual(analysis.request.parameters.tool_choice, sent.body.tool_choice);
      if (c.rewritten) {
        assert.ok(analysis.request.parameters.output_config && sent.body.output_config, 'both send output_config');
        if (c.estimated) assert.match(analysis.estimateReason ?? '', c.estimated);
        const body = await bodyTokens(sent);
        assert.ok(Math.abs(analysis.promptTokens - body) <= body * 0.03, `${analysis.promptTokens} vs ${body}`);
        return;
      }
      assert.equal(JSON.stringify(analysis.request.parameters.output_config), JSON.stringify(sent.body.output_config));
      for (const [i, sentTool] of (sent.body.tools ?? []).entries()) {
        const parameters = sentTool.parameters ?? sentTool.function?.parameters ?? sentTool.input_schema;
        assert.equal(JSON.stringify(analysis.request.tools[i].parameters), JSON.stringify(parameters), `tool ${i}'s parameters`);
      }
      if (c.estimated) assert.match(analysis.estimateReason ?? '', c.estimated);
      else assert.equal(analysis.estimate, false, analysis.estimateReason);
      assert.equal(analysis.promptTokens, await bodyTokens(sent));
    });
  }
});

/** The first bytes of a PNG of this size (signature and IHDR): all an image's size is read from. */
function pngBase64(width: number, height: number): string {
  const bytes = Buffer.alloc(33);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  bytes.writeUInt32BE(13, 8);
  bytes.write('IHDR', 12, 'ascii');
  bytes.writeUInt32BE(width, 16);
  bytes.writeUInt32BE(height, 20);
  bytes[24] = 8;
  bytes[25] = 6;
  return bytes.toString('base64');
}

/** The type of each content block of the first user message a body sends (Chat, Responses or Claude). */
const sentPartTypes = (body: Record<string, any>): string[] => (body.messages ?? body.input).find((m: { role: string }) => m.role === 'user').content.map((p: { type: string }) => p.type);

describe('AI SDK calls in source code: a file part with an image type is sent as an image', () => {
  before(() => {
    (globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;
  });
  after(() => {
    delete (globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS;
  });

  const PNG = pngBase64(1024, 768);
  for (const [model, sentTypes] of [
    ["openai.chat('gpt-4o')", ['text', 'image_url']],
    ["openai('gpt-4o')", ['input_text', 'input_image']],
    ["anthropic('claude-sonnet-4-5')", ['text', 'image']],
  ] as const) {
    it(`${model}: { type: 'file', data, mediaType: 'image/png' } is sent as ${sentTypes[1]} and counted as the image, at its size`, async () => {
      const options = `{ model: ${model}, messages: [{ role: 'user', content: [{ type: 'text', text: 'Describe the image in detail.' }, { type: 'file', data: '${PNG}', mediaType: 'image/png' }] }] }`;
      const sent = await sentBy('v4', 'generateText', options);
      assert.deepEqual(sentPartTypes(sent.body), sentTypes);
      const source = sourceOf('v4', 'generateText', options).replace("import { openai } from '@ai-sdk/openai';", "import { openai } from '@ai-sdk/openai';\nimport { anthropic } from '@ai-sdk/anthropic';");
      const { analysis } = await onlyPrompt('app.ts', source, { 'package.json': manifest(7) });
      const image = analysis.request.messages[0].parts[1];
      assert.equal(image.type, 'image');
      assert.deepEqual(image.type === 'image' ? [image.width, image.height] : [], [1024, 768]);
      assert.ok(!(analysis.estimateReasons ?? []).some((r) => /file input|image size unknown/.test(r)), analysis.estimateReason);
      assert.equal(analysis.promptTokens, await bodyTokens(sent));
    });
  }

  it('AI SDK 7 `instructions` (the new name of `system`) is sent as the system message and counted so; AI SDK 6 has no such option and sends none, said in the estimate', async () => {
    const options = "{ model: openai('gpt-4o-mini'), instructions: 'Return JSON only, no other text.', prompt: 'What is the weather in Paris?' }";
    const sent = await sentBy('v4', 'generateText', options);
    assert.equal(sent.body.input[0].content, 'Return JSON only, no other text.');
    const { analysis } = await onlyPrompt('app.ts', sourceOf('v4', 'generateText', options), { 'package.json': manifest(7) });
    assert.equal(analysis.promptTokens, await bodyTokens(sent));
    assert.ok(!(analysis.estimateReasons ?? []).some((r) => /instructions/.test(r)), analysis.estimateReason);
    // Given beside the deprecated `system`, `instructions` wins, as the SDK's own default does.
    const both = await onlyPrompt('app.ts', sourceOf('v4', 'generateText', options.replace('instructions:', "system: 'Ignored.', instructions:")), { 'package.json': manifest(7) });
    assert.equal(both.analysis.promptTokens, analysis.promptTokens);
    const v6 = await onlyPrompt('app.ts', sourceOf('v4', 'generateText', options), { 'package.json': manifest(6) });
    assert.ok(v6.analysis.promptTokens < analysis.promptTokens);
    assert.match(v6.analysis.estimateReason ?? '', /AI SDK 6 has no `instructions` option \(AI SDK 7 renamed `system` so\): it is not sent/);
  });

  it("{ type: 'file', mediaType: 'image' } (no subtype): AI SDK 7 sends it as the image; AI SDK 6 refuses it, and the estimate says so", async () => {
    const options = `{ model: openai('gpt-4o'), messages: [{ role: 'user', content: [{ type: 'text', text: 'Describe.' }, { type: 'file', data: '${PNG}', mediaType: 'image' }] }] }`;
    const sent = await sentBy('v4', 'generateText', options);
    assert.deepEqual(sentPartTypes(sent.body), ['input_text', 'input_image']);
    const { analysis } = await onlyPrompt('app.ts', sourceOf('v4', 'generateText', options), { 'package.json': manifest(7) });
    const image = analysis.request.messages[0].parts[1];
    assert.deepEqual(image.type === 'image' ? [image.width, image.height] : [], [1024, 768]);
    assert.equal(analysis.promptTokens, await bodyTokens(sent));
    const v6 = await onlyPrompt('app.ts', sourceOf('v4', 'generateText', options), { 'package.json': manifest(6) });
    assert.match(v6.analysis.estimateReason ?? '', /AI SDK 6 refuses a file part of media type `image`/);
    assert.deepEqual(v6.analysis.findings.filter((f) => f.rule === 'request-refused').map((f) => f.severity), ['warning']);
    assert.deepEqual(analysis.findings.filter((f) => f.rule === 'request-refused'), []);
  });

  it("the image read from disk (vercel/ai's examples: fs.readFileSync('./data/comic-cat.png')) is counted as an image of unknown size, and says so", async () => {
    const source = `import fs from 'node:fs';
import { openai } from '@ai-sdk/openai';
import { generateText } from 'ai';
export async function run() {
  return generateText({
    model: openai('gpt-4o'),
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Describe the image in detail.' }, { type: 'file', data: fs.readFileSync('./data/comic-cat.png'), mediaType: 'image/png' }] }],
  });
}
`;
    const { analysis } = await onlyPrompt('app.ts', source, { 'package.json': manifest(5) });
    assert.deepEqual(analysis.request.messages[0].parts.map((p) => p.type), ['text', 'image']);
    assert.deepEqual(analysis.estimateReasons, ['image size unknown; counted as one 512-px tile']);
    // AI SDK 4 names the type `mimeType`; a PDF stays a document.
    const v4 = await onlyPrompt('app.ts', source.replace("mediaType: 'image/png'", "mimeType: 'image/png'"), { 'package.json': manifest(4) });
    assert.deepEqual(v4.analysis.request.messages[0].parts.map((p) => p.type), ['text', 'image']);
    const pdf = await onlyPrompt('app.ts', source.replace("mediaType: 'image/png'", "mediaType: 'application/pdf'"), { 'package.json': manifest(5) });
    assert.deepEqual(pdf.analysis.request.messages[0].parts.map((p) => p.type), ['text', 'other']);
  });
});

/** A recorded request of braintrust-sdk-javascript's AI SDK scenarios, with the usage OpenAI answered. */
const recorded = (file: string) => JSON.parse(readFileSync(join(CORPUS_DIR, 'braintrust-sdk-javascript', file), 'utf8')) as { request: Record<string, any>; usage: Record<string, number> };
const billed = (file: string) => {
  const { usage } = recorded(file);
  return usage.input_tokens ?? usage.prompt_tokens;
};

// The calls of e2e/scenarios/ai-sdk-instrumentation/scenario.impl.mjs
// (braintrustdata/braintrust-sdk-javascript@00c2258898fe2bf26ee747b3d0355fd55edb848f) as a user writes them.
describe('AI SDK calls in source code: the count OpenAI billed for the same calls', () => {
  it('AI SDK 5: generateText with Output.object goes to the Responses API with a non-strict schema (45 tokens billed)', async () => {
    const source = sourceOf('v4', 'generateText', `{ model: openai('gpt-4o-mini-2024-07-18'), prompt: 'Return a short answer for 2 + 2. Keep the answer concise.', output: Output.object({ schema: z.object({ answer: z.string() }) }), temperature: 0, maxOutputTokens: 32 }`);
    const { analysis } = await onlyPrompt('app.ts', source, { 'package.json': manifest(5) });
    assert.equal(analysis.request.format, 'openai-responses');
    assert.equal(analysis.request.responseFormat?.strict, recorded('ai-sdk-v5-latest-1.json').request.text.format.strict);
    assert.equal(analysis.estimate, false, analysis.estimateReason);
    assert.equal(analysis.promptTokens, billed('ai-sdk-v5-latest-1.json'));
  });

  it('AI SDK 3: a zod tool on Chat Completions (87 tokens billed)', async () => {
    const source = sourceOf(
      'v3',
      'generateText',
      `{ model: openai('gpt-4o-mini-2024-07-18'),
      prompt: 'Use the get_weather tool for Paris, France. If you do not call the tool, the answer is invalid.',
      system: 'You must inspect live weather via the provided get_weather tool before responding.',
      temperature: 0,
      tools: { get_weather: tool({ description: 'Get the weather for a location', parameters: z.object({ location: z.string().describe('The city and country') }) }) },
      maxTokens: 128 }`,
    );
    const { analysis } = await onlyPrompt('app.ts', source, { 'package.json': manifest(3) });
    assert.equal(analysis.request.format, 'openai-chat');
    assert.equal(analysis.estimate, false, analysis.estimateReason);
    assert.equal(analysis.promptTokens, billed('ai-sdk-v3-latest-3.json'));
  });

  it('AI SDK 6: two zod tools and a conversation on the Responses API (173 tokens billed)', async () => {
    const source = sourceOf(
      'v4',
      'generateText',
      `{ model: openai('gpt-4o-mini-2024-07-18'),
      system: 'You are a shopping assistant. Use the tools before answering pricing questions.',
      tools: {
        get_store_price: tool({ description: 'Get the price of an item at a store', inputSchema: z.object({ item: z.string().describe('The item to price'), store: z.string().describe('The store name') }) }),
        apply_discount: tool({ description: 'Apply a discount code to a total', inputSchema: z.object({ discountCode: z.string().describe('The discount code to apply'), total: z.number().describe('The original total') }) }),
      },
      temperature: 0,
      messages: [
        { role: 'user', content: 'I need help comparing laptop prices before checkout.' },
        { role: 'assistant', content: 'I can compare store prices and apply a discount code.' },
        { role: 'user', content: 'Call get_store_price for a laptop at StoreA and StoreB, then call apply_discount with code SAVE20 for the cheaper price. Finish with the discounted total.' },
      ],
      maxOutputTokens: 256 }`,
    );
    const { analysis } = await onlyPrompt('app.ts', source, { 'package.json': manifest(6) });
    assert.equal(analysis.request.format, 'openai-responses');
    assert.equal(analysis.promptTokens, billed('ai-sdk-v6-latest-20.json'));
  });

  it('AI SDK 4: an object schema is sent as a forced tool or inside the system message, so the count says it is not counted', async () => {
    const source = sourceOf('v3', 'generateObject', `{ model: openai('gpt-4o-mini'), schema: z.object({ answer: z.string() }), prompt: 'Return a short answer for 2 + 2.' }`);
    const { analysis } = await onlyPrompt('app.ts', source, { 'package.json': manifest(4) });
    assert.equal(analysis.request.format, 'openai-chat');
    assert.equal(analysis.estimate, true);
    assert.match(analysis.estimateReason ?? '', /AI SDK 4 sends an object schema as a forced tool or inside the system message/);
  });

  it('the API each AI SDK version calls: openai(...) Responses from 5, azure(...) from 6, .chat(...) and .responses(...) as named', async () => {
    const formatOf = async (model: string, major: number) =>
      (await onlyPrompt('app.ts', sourceOf('v4', 'generateText', `{ model: ${model}, prompt: 'Hello.' }`), { 'package.json': manifest(major) })).analysis.request.format;
    const expected: Array<[string, number, string]> = [
      ["openai('gpt-4o')", 4, 'openai-chat'],
      ["openai('gpt-4o')", 5, 'openai-responses'],
      ["openai.chat('gpt-4o')", 7, 'openai-chat'],
      ["openai.responses('gpt-4o')", 4, 'openai-responses'],
      ["azure('my-deployment')", 5, 'openai-chat'],
      ["azure('my-deployment')", 6, 'openai-responses'],
      ["azure.chat('my-deployment')", 7, 'openai-chat'],
    ];
    for (const [model, major, format] of expected) assert.equal(await formatOf(model, major), format, `${model} on AI SDK ${major}`);
  });

  it("providerOptions.openai's promptCacheKey and promptCacheRetention are the request's prompt_cache_key and prompt_cache_retention", async () => {
    const options = `{ model: openai('gpt-5'), prompt: 'Hello.', providerOptions: { openai: { promptCacheKey: 'support-v2', promptCacheRetention: '24h' } } }`;
    const sent = await sentBy('v4', 'generateText', options);
    const { analysis } = await onlyPrompt('app.ts', sourceOf('v4', 'generateText', options), { 'package.json': manifest(7) });
    assert.equal(analysis.request.promptCacheKey, sent.body.prompt_cache_key);
    assert.equal(analysis.request.promptCacheRetention, sent.body.prompt_cache_retention);
  });

  it('no package.json naming the AI SDK: counted as AI SDK 5 or later, and the estimate says so', async () => {
    const source = sourceOf('v4', 'generateText', `{ model: openai('gpt-4o-mini'), prompt: 'Hello.' }`);
    const { analysis } = await onlyPrompt('app.ts', source);
    assert.equal(analysis.request.format, 'openai-responses');
    assert.match(analysis.estimateReason ?? '', /the AI SDK's version is not known .*counted as AI SDK 5 or later, where `openai\(\.\.\.\)` calls the Responses API/);
  });

  it('a zod construct not modelled leaves the tool uncounted and says which', async () => {
    const source = sourceOf('v4', 'generateText', `{ model: openai('gpt-4o-mini'), prompt: 'Hello.', tools: { lookup: tool({ description: 'Look up', inputSchema: z.object({ id: z.string().ipv4() }) }) } }`);
    const { analysis } = await onlyPrompt('app.ts', source, { 'package.json': manifest(7) });
    assert.equal(analysis.estimate, true);
    assert.match(analysis.estimateReason ?? '', /the parameters of tool lookup are not counted: the zod schema `z\.object\(\{ id: z\.string\(\)\.ipv4\(\) \}\)` is not written here: `\.ipv4\(\)` is not modelled here/);
  });
});

describe('the example app', () => {
  it('examples/ts-app/src/extract.ts: the zod schema of generateObject counted ahead of the guide, on the Responses API its package.json gives', async () => {
    const { result } = await analyzeSourceFile(join(__dirname, '..', '..', '..', 'examples', 'ts-app', 'src', 'extract.ts'));
    const { analysis } = result.prompts[0];
    assert.equal(analysis.request.format, 'openai-responses');
    const format = analysis.request.responseFormat;
    assert.equal(format?.name, 'Order');
    assert.equal(format?.strict, true);
    assert.deepEqual(Object.keys((format?.schema as { properties: object }).properties), ['orderId', 'items', 'issue', 'refundRequested', 'notes']);
    assert.deepEqual(analysis.segments.slice(0, 2).map((s) => s.label), ['response schema', 'system']);
    // Only the email is unknown; the guide the file imports and the schema are counted.
    assert.equal(analysis.estimateReason, 'a value known only at run time (`email`) counted as written in the code');
    assert.ok(analysis.cacheableTokens >= 1024, `cacheable ${analysis.cacheableTokens}`);
  });
});
