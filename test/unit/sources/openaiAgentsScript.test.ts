import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import * as agents from '@openai/agents';
import { z as z3 } from 'zod/v3';
import { z as z4 } from 'zod/v4';
import { analyzePrompt } from '../../../src/core/analyze';
import { onlyPrompt, promptsOf } from './helpers';

type Zod = 'v3' | 'v4';

/** The user's package.json: the Agents SDK release installed for these tests. */
const MANIFEST = JSON.stringify({ dependencies: { '@openai/agents': '^0.20.0', zod: '^4.0.0' } });

/** A TypeScript module that makes agents with the SDK and runs one. */
const sourceOf = (zod: Zod, declarations: string, call: string) => `import { Agent, Runner, run, tool, handoff } from '@openai/agents';
import { z } from 'zod/${zod}';
${declarations}
export async function main() {
  return ${call};
}
`;

interface Sent {
  path: string;
  body: Record<string, any>;
}

let sent: Sent[] = [];

/** The installed SDK's own client (its openai package), made to answer every request with a fixed response. */
function cannedClient(): unknown {
  const OpenAI = createRequire(require.resolve('@openai/agents-openai'))('openai').default;
  const fetch = async (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    sent.push({ path: new URL(String(url)).pathname, body: JSON.parse(String(init?.body)) });
    const answer = {
      id: 'resp_1',
      object: 'response',
      created_at: 1,
      model: 'gpt-4.1',
      status: 'completed',
      output: [{ type: 'message', id: 'msg_1', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: '{"answer":"4"}', annotations: [] }] }],
      usage: { input_tokens: 1, output_tokens: 1, total_tokens: 2 },
    };
    return new Response(JSON.stringify(answer), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  return new OpenAI({ apiKey: 'sk-test', fetch });
}

/**
 * The first request the installed SDK (@openai/agents 0.20) sends for `call`: run for real, with a
 * client that keeps each body and answers a fixed response.
 */
async function sentBy(zod: Zod, declarations: string, call: string): Promise<Sent> {
  sent = [];
  const z = zod === 'v3' ? z3 : z4;
  const { Agent, Runner, run, tool, handoff } = agents;
  const main = new Function('Agent', 'Runner', 'run', 'tool', 'handoff', 'z', `${declarations}\nreturn async () => ${call};`)(Agent, Runner, run, tool, handoff, z);
  // The canned answer may not fit the output type, or end the run: only the first request matters.
  const result = await main().catch(() => undefined);
  if (result && typeof result.completed?.then === 'function') {
    await (async () => {
      for await (const _ of result) void _;
    })().catch(() => undefined);
    await result.completed.catch(() => undefined);
  }
  assert.ok(sent[0], 'the SDK sent a request');
  return sent[0];
}

/** The count of a request body as a request JSON file. */
async function bodyTokens(body: Record<string, unknown>): Promise<number> {
  const analysis = await analyzePrompt({ fileName: 'request.json', text: JSON.stringify(body, null, 2), format: 'openai-responses' });
  return analysis.promptTokens;
}

describe('OpenAI Agents SDK runs in source code: the first request the installed @openai/agents sends', () => {
  before(() => {
    agents.setDefaultOpenAIClient(cannedClient() as Parameters<typeof agents.setDefaultOpenAIClient>[0]);
    agents.setTracingDisabled(true);
  });
  after(() => {
    sent = [];
  });

  // `estimated`: a reason the count is an estimate (the body's count is the same all the same).
  const cases: Array<{ title: string; zod?: Zod; declarations: string; call: string; estimated?: RegExp }> = [
    {
      title: 'an agent with instructions and no model (the SDK default), run(agent, question)',
      declarations: `const agent = new Agent({ name: 'Assistant', instructions: 'You are a helpful assistant. Answer in one sentence.' });`,
      call: `run(agent, 'What is the weather in Paris?')`,
    },
  ];

  for (const c of cases) {
    it(`${c.title}: the same request, and the count of the body it sends`, async () => {
      const zod = c.zod ?? 'v4';
      const real = await sentBy(zod, c.declarations, c.call);
      assert.equal(real.path, '/v1/responses');
      const { analysis, call } = await onlyPrompt('app.ts', sourceOf(zod, c.declarations, c.call), { 'package.json': MANIFEST });
      assert.equal(call.api, 'responses');
      assert.equal(analysis.request.format, 'openai-responses');
      assert.equal(analysis.request.model?.name, real.body.model);
      assert.equal(analysis.request.instructions?.text, real.body.instructions);
      assert.deepEqual(
        analysis.request.tools.map((t) => [t.type, t.name, t.description, t.parameters, t.strict]),
        (real.body.tools ?? []).map((t: any) => [t.type, t.name, t.description, t.parameters, t.strict]),
      );
      for (const [i, tool] of (real.body.tools ?? []).entries()) {
        assert.equal(JSON.stringify(analysis.request.tools[i].parameters), JSON.stringify(tool.parameters), `tool ${i}'s parameters, key order included`);
      }
      const format = real.body.text?.format;
      assert.equal(analysis.request.responseFormat?.kind, format?.type);
      if (format) {
        assert.equal(analysis.request.responseFormat?.name, format.name);
        assert.equal(analysis.request.responseFormat?.strict, format.strict);
        assert.equal(JSON.stringify(analysis.request.responseFormat?.schema), JSON.stringify(format.schema), 'the output schema, key order included');
      }
      for (const key of ['temperature', 'top_p', 'max_output_tokens', 'tool_choice', 'store', 'parallel_tool_calls', 'truncation', 'stream', 'include']) {
        assert.deepEqual(analysis.request.parameters[key], real.body[key], key);
      }
      assert.equal(analysis.request.promptCacheKey, real.body.prompt_cache_key);
      assert.equal(analysis.request.promptCacheRetention, real.body.prompt_cache_retention);
      if (c.estimated) assert.match(analysis.estimateReason ?? '', c.estimated);
      else assert.equal(analysis.estimate, false, analysis.estimateReason);
      assert.equal(analysis.promptTokens, await bodyTokens(real.body));
    });
  }
});
