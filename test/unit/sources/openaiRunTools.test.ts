/**
 * The openai Node SDK's tool runner, `client.chat.completions.runTools(...)`: the request read from
 * the source is the first body the installed SDK (openai 6.49.0) sends for the same call, captured
 * with a stand-in fetch, and counts the same.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import OpenAI from 'openai';
import { zodFunction } from 'openai/helpers/zod';
import { z } from 'zod';
import { analyzePrompt } from '../../../src/core/analyze';
import { onlyPrompt } from './helpers';

/** The first body `runTools(params)` sends. */
async function firstBody(params: Parameters<OpenAI['chat']['completions']['runTools']>[0]): Promise<Record<string, unknown>> {
  const bodies: Array<Record<string, unknown>> = [];
  const fetch = async (_url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    bodies.push(JSON.parse(String(init?.body)));
    const answer = {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1,
      model: 'gpt-4o',
      choices: [{ index: 0, message: { role: 'assistant', content: 'done', refusal: null }, finish_reason: 'stop', logprobs: null }],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    };
    return new Response(JSON.stringify(answer), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  await new OpenAI({ apiKey: 'sk-test', fetch }).chat.completions.runTools(params).finalContent();
  assert.ok(bodies[0], 'the SDK sent a request');
  return bodies[0];
}

const SOURCE = `import OpenAI from "openai";
import { zodFunction } from "openai/helpers/zod";
import { z } from "zod";

const client = new OpenAI();

async function getWeather(args: { city: string }) {
  return \`Sunny in \${args.city}\`;
}
const handlers = { lookup: async (query: unknown) => JSON.stringify(query) };

export async function ask() {
  const runner = client.chat.completions.runTools({
    model: "gpt-4o",
    messages: [
      { role: "system", content: "Use the tools to answer." },
      { role: "user", content: "What is the weather in Paris?" },
    ],
    tools: [
      {
        type: "function",
        function: {
          function: getWeather,
          parse: JSON.parse,
          description: "The weather in a city",
          parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
        },
      },
      { type: "function", function: { function: handlers.lookup, parse: JSON.parse, parameters: { type: "object", properties: { q: { type: "string" } } } } },
      { type: "function", function: { function: async () => "now", parameters: { type: "object", properties: {} } } },
      zodFunction({ name: "add", parameters: z.object({ a: z.number(), b: z.number() }), function: async ({ a, b }) => a + b }),
    ],
  });
  return runner.finalContent();
}
`;

describe("the openai SDK's tool runner (runTools)", () => {
  it('the first request: tools named after their functions, zodFunction tools with an empty description, tool_choice "auto"; counted as that body', async () => {
    const { analysis, call } = await onlyPrompt('app.ts', SOURCE, { 'package.json': JSON.stringify({ dependencies: { openai: '^6.49.0', zod: '^4.6.0' } }) });
    assert.equal(call.callee, 'client.chat.completions.runTools');
    const handlers = { lookup: async (query: unknown) => JSON.stringify(query) };
    async function getWeather(args: { city: string }) {
      return `Sunny in ${args.city}`;
    }
    // TypeScript's types ask for a description JavaScript callers may leave out.
    const body = await firstBody({
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: 'Use the tools to answer.' },
        { role: 'user', content: 'What is the weather in Paris?' },
      ],
      tools: [
        {
          type: 'function',
          function: {
            function: getWeather,
            parse: JSON.parse,
            description: 'The weather in a city',
            parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
          },
        },
        { type: 'function', function: { function: handlers.lookup, parse: JSON.parse, parameters: { type: 'object', properties: { q: { type: 'string' } } } } },
        { type: 'function', function: { function: async () => 'now', parameters: { type: 'object', properties: {} } } },
        zodFunction({ name: 'add', parameters: z.object({ a: z.number(), b: z.number() }), function: async ({ a, b }) => a + b }),
      ],
    } as unknown as Parameters<OpenAI['chat']['completions']['runTools']>[0]);
    const counted = await analyzePrompt({ fileName: 'request.json', text: JSON.stringify(body), format: 'openai-chat' });
    const shape = (tools: typeof analysis.request.tools) => tools.map((t) => [t.name, t.description ?? null, JSON.stringify(t.parameters), t.strict ?? null]);
    assert.deepEqual(shape(analysis.request.tools), shape(counted.request.tools));
    assert.deepEqual(
      analysis.request.tools.map((t) => t.name),
      ['getWeather', 'lookup', 'function', 'add'],
    );
    assert.equal(analysis.promptTokens, counted.promptTokens);
    assert.equal(analysis.estimate, counted.estimate, analysis.estimateReason);
  });

  it('tools written when the module loads: their `function` and `parse` are the runner\'s, no value of the request (the count stays exact)', async () => {
    const { analysis } = await onlyPrompt(
      'app.ts',
      `import OpenAI from "openai";
const client = new OpenAI();
async function list(args: { genre: string }) { return []; }
const tools = [
  { type: "function", function: { name: "list", description: "Books by genre", parameters: { type: "object", properties: { genre: { type: "string" } } }, function: list, parse: JSON.parse } },
];
export async function ask() {
  return client.chat.completions.runTools({ model: "gpt-4o", stream: true, tools, messages: [{ role: "user", content: "A mystery, please." }] });
}
`,
    );
    assert.deepEqual(analysis.request.tools.map((t) => t.name), ['list']);
    assert.equal(analysis.estimate, false, analysis.estimateReason);
  });
});
