/**
 * The anthropic TypeScript SDK's zod helpers (`zodOutputFormat` of `@anthropic-ai/sdk/helpers/zod`,
 * `betaZodTool`) and `betaTool`, checked against the installed SDK (1.14.0): its
 * `transformJSONSchema`, and the bodies `client.messages.parse()` and the tool runner send,
 * captured with a stand-in fetch.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { betaTool } from '@anthropic-ai/sdk/helpers/beta/json-schema';
import { betaZodTool } from '@anthropic-ai/sdk/helpers/beta/zod';
import { zodOutputFormat } from '@anthropic-ai/sdk/helpers/zod';
import { transformJSONSchema } from '@anthropic-ai/sdk/lib/transform-json-schema';
import { z } from 'zod';
import { analyzePrompt } from '../../../src/core/analyze';
import { anthropicScriptTransformedSchema } from '../../../src/core/sources/anthropicOutputFormat';
import { onlyPrompt } from './helpers';

type Schema = Parameters<typeof anthropicScriptTransformedSchema>[0];

/** The body the installed SDK sends for `messages.parse(params)` (or the tool runner's first request). */
async function sentBody(params: Record<string, unknown>, send: 'parse' | 'toolRunner' = 'parse'): Promise<Record<string, unknown>> {
  let body: Record<string, unknown> | undefined;
  const fetch = async (_url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    body = JSON.parse(String(init?.body));
    const answer = { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'text', text: '{}' }], stop_reason: 'end_turn', usage: { input_tokens: 1, output_tokens: 1 } };
    return new Response(JSON.stringify(answer), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  const client = new Anthropic({ apiKey: 'sk-ant-test', fetch, logger: { warn: () => undefined, error: () => undefined, info: () => undefined, debug: () => undefined } });
  // The canned answer does not fit the schema: only the request matters.
  if (send === 'parse') await client.messages.parse(params as never).catch(() => undefined);
  else await client.beta.messages.toolRunner(params as never);
  assert.ok(body, 'the SDK sent a request');
  return body;
}

describe("the anthropic TypeScript SDK's zod helper", () => {
  it('transformJSONSchema is written as the SDK writes it: literals first, unsupported keywords in the description, $defs and $ref kept', () => {
    const schemas: Schema[] = [
      { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { n: { type: 'integer', minimum: 1, maximum: 9007199254740991 } }, required: ['n'], additionalProperties: false },
      { type: 'string', format: 'email', pattern: '^a+$', description: 'Mail' },
      { type: 'string', format: 'binary' },
      { type: 'string', enum: ['a', 'b'], description: 'e' },
      { const: 'x', type: 'string' },
      { oneOf: [{ type: 'string' }, { type: 'null' }], description: 'maybe' },
      { type: 'array', items: { $ref: '#/$defs/__schema0' }, minItems: 2, maxItems: 4, $defs: { __schema0: { type: 'string' } } },
      { type: 'array', items: { type: 'number' }, minItems: 1, uniqueItems: true },
      { allOf: [{ type: 'object', properties: {} }], title: 'T' },
    ];
    for (const schema of schemas) assert.deepEqual(anthropicScriptTransformedSchema(schema), transformJSONSchema(structuredClone(schema)), JSON.stringify(schema));
    assert.equal(anthropicScriptTransformedSchema({ description: 'no type' }), undefined);
    assert.throws(() => transformJSONSchema({ description: 'no type' }));
  });

  it('client.messages.parse({ output_config: { format: zodOutputFormat(Schema) } }): the schema the SDK sends, counted as its body is', async () => {
    const source = `import Anthropic from "@anthropic-ai/sdk";
import { zodOutputFormat } from "@anthropic-ai/sdk/helpers/zod";
import { z } from "zod";

const client = new Anthropic();
const Contact = z.object({
  name: z.string().describe("Full name"),
  email: z.string(),
  plan: z.enum(["free", "pro"]),
  seats: z.number().int().min(1),
  tags: z.array(z.string()),
});

export async function extract(text: string) {
  return client.messages.parse({
    model: "claude-sonnet-4-5",
    max_tokens: 1024,
    messages: [{ role: "user", content: "Extract the contact." }],
    output_config: { format: zodOutputFormat(Contact) },
  });
}
`;
    const { analysis } = await onlyPrompt('app.ts', source, { 'package.json': JSON.stringify({ dependencies: { '@anthropic-ai/sdk': '^1.14.0', zod: '^4.6.0' } }) });
    const Contact = z.object({ name: z.string().describe('Full name'), email: z.string(), plan: z.enum(['free', 'pro']), seats: z.number().int().min(1), tags: z.array(z.string()) });
    const body = await sentBody({ model: 'claude-sonnet-4-5', max_tokens: 1024, messages: [{ role: 'user', content: 'Extract the contact.' }], output_config: { format: zodOutputFormat(Contact) } });
    assert.deepEqual((analysis.request.parameters.output_config as { format: unknown }).format, (body.output_config as { format: unknown }).format);
    const counted = await analyzePrompt({ fileName: 'request.json', text: JSON.stringify(body), format: 'anthropic-messages' });
    assert.equal(analysis.promptTokens, counted.promptTokens);
    assert.ok(analysis.segments.some((s) => s.kind === 'schema' || /schema/.test(s.label)), analysis.segments.map((s) => s.label).join(', '));
    assert.doesNotMatch(analysis.estimateReason ?? '', /\$defs/);
  });

  it('an array given a check: zod 4 writes its element as a `$defs` reference, not written here, and the estimate says so', async () => {
    const source = `import Anthropic from "@anthropic-ai/sdk";
import { zodOutputFormat } from "@anthropic-ai/sdk/helpers/zod";
import { z } from "zod";
const client = new Anthropic();
const Tags = z.array(z.string());
const Post = z.object({ title: z.string(), tags: Tags.min(2) });
await client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 256, messages: [{ role: "user", content: "Tag this post." }], output_config: { format: zodOutputFormat(Post) } });
`;
    const { analysis } = await onlyPrompt('app.ts', source);
    assert.match(analysis.estimateReason ?? '', /zod 4 writes what that copy shares with the original as `\$defs` references/);
    const Post = z.object({ title: z.string(), tags: z.array(z.string()).min(2) });
    assert.ok('$defs' in zodOutputFormat(Post).schema, 'the SDK sends $defs for it');
  });

  it('the tool runner with betaZodTool and betaTool tools: the tools its first request sends, counted as that body', async () => {
    const source = `import Anthropic from "@anthropic-ai/sdk";
import { betaZodTool } from "@anthropic-ai/sdk/helpers/beta/zod";
import { betaTool } from "@anthropic-ai/sdk/helpers/beta/json-schema";
import { z } from "zod";

const client = new Anthropic();
const weather = betaZodTool({
  name: "get_weather",
  description: "The weather in a city",
  inputSchema: z.object({ city: z.string().describe("City name"), unit: z.enum(["c", "f"]).optional() }),
  run: async ({ city }) => \`Sunny in \${city}\`,
  cache_control: { type: "ephemeral" },
});
const time = betaTool({
  name: "get_time",
  description: "The time in a zone",
  inputSchema: { type: "object", properties: { tz: { type: "string" } }, required: ["tz"] },
  run: async () => "noon",
});

export async function ask() {
  return await client.beta.messages.toolRunner({
    model: "claude-sonnet-4-5",
    max_tokens: 1024,
    max_iterations: 3,
    system: "Answer briefly.",
    messages: [{ role: "user", content: "Weather and time in Paris?" }],
    tools: [weather, time],
  });
}
`;
    const { analysis, call } = await onlyPrompt('app.ts', source, { 'package.json': JSON.stringify({ dependencies: { '@anthropic-ai/sdk': '^1.14.0', zod: '^4.6.0' } }) });
    assert.equal(call.callee, 'client.beta.messages.toolRunner');
    assert.equal('max_iterations' in analysis.request.parameters, false, 'a setting of the runner, not sent');
    const weather = betaZodTool({
      name: 'get_weather',
      description: 'The weather in a city',
      inputSchema: z.object({ city: z.string().describe('City name'), unit: z.enum(['c', 'f']).optional() }),
      run: async ({ city }) => `Sunny in ${city}`,
      cache_control: { type: 'ephemeral' },
    });
    const time = betaTool({ name: 'get_time', description: 'The time in a zone', inputSchema: { type: 'object', properties: { tz: { type: 'string' } }, required: ['tz'] }, run: async () => 'noon' });
    const body = await sentBody(
      { model: 'claude-sonnet-4-5', max_tokens: 1024, max_iterations: 3, system: 'Answer briefly.', messages: [{ role: 'user', content: 'Weather and time in Paris?' }], tools: [weather, time] },
      'toolRunner',
    );
    const counted = await analyzePrompt({ fileName: 'request.json', text: JSON.stringify(body), format: 'anthropic-messages' });
    assert.deepEqual(analysis.request.tools.map((t) => [t.name, JSON.stringify(t.parameters)]), counted.request.tools.map((t) => [t.name, JSON.stringify(t.parameters)]));
    assert.equal(analysis.promptTokens, counted.promptTokens);
    assert.equal(analysis.breakpoints.length, 1, 'the cache_control of the first tool');
  });
});
