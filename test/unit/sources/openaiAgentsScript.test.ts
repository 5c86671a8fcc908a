import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as agents from '@openai/agents';
import { z as z3 } from 'zod/v3';
import { z as z4 } from 'zod/v4';
import { analyzeSourceFile } from '../../../src/cli/sourceFile';
import { analyzePrompt } from '../../../src/core/analyze';
import { onlyPrompt, promptsOf } from './helpers';

type Zod = 'v3' | 'v4';

/** The user's package.json: the Agents SDK release installed for these tests. */
const MANIFEST = JSON.stringify({ dependencies: { '@openai/agents': '^0.20.0', zod: '^4.0.0' } });

/** What the test modules use of the SDK: imported by the source analysed, given to the code run. */
const SDK_NAMES = [
  'Agent',
  'Runner',
  'run',
  'tool',
  'handoff',
  'webSearchTool',
  'fileSearchTool',
  'codeInterpreterTool',
  'imageGenerationTool',
  'hostedMcpTool',
  'computerTool',
  'shellTool',
  'applyPatchTool',
  'toolSearchTool',
  'toolNamespace',
  'setOpenAIAPI',
  'OpenAIChatCompletionsModel',
  'OpenAIResponsesModel',
  'OpenAIProvider',
] as const;

/** A TypeScript module that makes agents with the SDK and runs one. */
const sourceOf = (zod: Zod, declarations: string, call: string) => `import { ${SDK_NAMES.join(', ')} } from '@openai/agents';
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
    const path = new URL(String(url)).pathname;
    sent.push({ path, body: JSON.parse(String(init?.body)) });
    const completion = {
      id: 'chatcmpl_1',
      object: 'chat.completion',
      created: 1,
      model: 'gpt-4.1',
      choices: [{ index: 0, finish_reason: 'stop', logprobs: null, message: { role: 'assistant', content: '{"answer":"4"}', refusal: null } }],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    };
    if (path.endsWith('/chat/completions')) return new Response(JSON.stringify(completion), { status: 200, headers: { 'content-type': 'application/json' } });
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
  // `client`: the OpenAI client a model object is made with.
  const main = new Function(...SDK_NAMES, 'z', 'client', `${declarations}\nreturn async () => ${call};`)(...SDK_NAMES.map((name) => agents[name]), z, cannedClient());
  try {
    // The canned answer may not fit the output type, or end the run: only the first request matters.
    const result = await main().catch(() => undefined);
    if (result && typeof result.completed?.then === 'function') {
      await (async () => {
        for await (const _ of result) void _;
      })().catch(() => undefined);
      await result.completed.catch(() => undefined);
    }
  } finally {
    // `setOpenAIAPI(...)` in the code run sets the SDK's default for the runs after it.
    agents.setOpenAIAPI('responses');
  }
  assert.ok(sent[0], 'the SDK sent a request');
  return sent[0];
}

/** The analysis of a request body as a request JSON file. */
const bodyAnalysis = (body: Record<string, unknown>, format: 'openai-responses' | 'openai-chat' = 'openai-responses') =>
  analyzePrompt({ fileName: 'request.json', text: JSON.stringify(body, null, 2), format });

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
    {
      title: 'a zod 4 tool (a nullable integer with bounds kept: the openai helpers write it)',
      declarations: `const getWeather = tool({
  name: 'get_weather',
  description: 'Get the weather for a city',
  parameters: z.object({ city: z.string().describe('The city'), days: z.number().int().min(1).max(7).nullable(), unit: z.enum(['c', 'f']) }),
  execute: async () => 'sunny',
});
const agent = new Agent({ name: 'Weather', instructions: 'Use the tools to answer.', model: 'gpt-4.1', tools: [getWeather] });`,
      call: `run(agent, 'What is the weather in Paris?')`,
    },
    {
      title: 'the same tool in zod 3 ($schema last)',
      zod: 'v3',
      declarations: `const getWeather = tool({
  name: 'get_weather',
  description: 'Get the weather for a city',
  parameters: z.object({ city: z.string().describe('The city'), days: z.number().int().min(1).max(7).nullable(), unit: z.enum(['c', 'f']) }),
  execute: async () => 'sunny',
});
const agent = new Agent({ name: 'Weather', instructions: 'Use the tools to answer.', model: 'gpt-4.1', tools: [getWeather] });`,
      call: `run(agent, 'What is the weather in Paris?')`,
    },
    {
      title: "a zod 4 tool with .optional() (the SDK's own converter: bounds dropped, the optional property nullable and required)",
      declarations: `const getWeather = tool({
  name: 'get_weather',
  description: 'Get the weather for a city',
  parameters: z.object({
    city: z.string().describe('The city'),
    unit: z.enum(['c', 'f']).optional(),
    days: z.number().int().min(1).max(7).nullable(),
    note: z.string().optional().describe('A note'),
    tags: z.array(z.string().describe('A tag')).optional(),
    kind: z.literal('forecast'),
    when: z.union([z.string(), z.number()]).default('now'),
  }),
  execute: async () => 'sunny',
});
const agent = new Agent({ name: 'Weather', instructions: 'Use the tools to answer.', model: 'gpt-4.1', tools: [getWeather] });`,
      call: `run(agent, 'What is the weather in Paris?')`,
    },
    {
      title: 'the same tool with .optional() in zod 3 (descriptions read through wrappers and from the array element)',
      zod: 'v3',
      declarations: `const getWeather = tool({
  name: 'get_weather',
  description: 'Get the weather for a city',
  parameters: z.object({
    city: z.string().describe('The city'),
    unit: z.enum(['c', 'f']).optional(),
    days: z.number().int().min(1).max(7).nullable(),
    note: z.string().optional().describe('A note'),
    tags: z.array(z.string().describe('A tag')).optional(),
    kind: z.literal('forecast'),
    when: z.union([z.string(), z.number()]).default('now'),
  }),
  execute: async () => 'sunny',
});
const agent = new Agent({ name: 'Weather', instructions: 'Use the tools to answer.', model: 'gpt-4.1', tools: [getWeather] });`,
      call: `run(agent, 'What is the weather in Paris?')`,
    },
    {
      title: "zod 3 descriptions the openai helpers leave out and the SDK adds (an array's element's), a number default (the SDK's converter)",
      zod: 'v3',
      declarations: `const lookup = tool({
  name: 'lookup',
  description: 'Look an order up',
  parameters: z.object({ ids: z.array(z.string().describe('An order id')), flag: z.boolean().default(false).describe('Include closed orders'), nested: z.object({ q: z.string().describe('Words') }).describe('The query') }).describe('The lookup'),
  execute: async () => 'found',
});
const count = tool({
  name: 'count',
  description: 'Count orders',
  parameters: z.object({ limit: z.number().default(10).describe('At most'), status: z.string().nullable() }),
  execute: async () => '3',
});
const agent = new Agent({ name: 'Orders', instructions: 'Answer about orders.', model: 'gpt-4.1-mini', tools: [lookup, count] });`,
      call: `run(agent, 'Find order 42.')`,
    },
    {
      title: 'a JSON-schema tool, strict (the strict pass adds required and closes the object) and not strict (sent as written)',
      declarations: `const search = tool({
  name: 'search',
  description: 'Search the docs',
  parameters: { type: 'object', properties: { query: { type: 'string', description: 'Words to find' }, limit: { type: 'integer' } }, required: ['query'] },
  execute: async () => 'none',
});
const fetchPage = tool({
  name: 'fetch page',
  description: 'Fetch a page',
  parameters: { type: 'object', properties: { url: { type: 'string' } }, required: [], additionalProperties: true },
  strict: false,
  execute: async () => 'page',
});
const agent = new Agent({ name: 'Docs', instructions: 'Search the docs before answering.', model: 'gpt-4.1', tools: [search, fetchPage] });`,
      call: `run(agent, 'How do I install it?')`,
    },
    {
      title: 'an output type (zod 4, all properties required: strict)',
      declarations: `const agent = new Agent({ name: 'Extractor', instructions: 'Extract the person.', model: 'gpt-4.1-mini', outputType: z.object({ name: z.string().describe('Full name'), age: z.number().int().nullable() }) });`,
      call: `run(agent, 'Bob is 30 years old.')`,
    },
    {
      title: 'an output type with .optional() (zod 3: the SDK converter, not strict, the optional property not required)',
      zod: 'v3',
      declarations: `const Person = z.object({ name: z.string(), age: z.number().optional(), tags: z.array(z.string()).describe('Labels') });
const agent = new Agent({ name: 'Extractor', instructions: 'Extract the person.', model: 'gpt-4.1-mini', outputType: Person });`,
      call: `run(agent, 'Bob is 30 years old.')`,
    },
    {
      title: 'handoffs (an agent with and without a handoff description, handoff() with overrides) after a tool',
      declarations: `const billing = new Agent({ name: 'Billing agent', instructions: 'Handle billing.', handoffDescription: 'Handles billing questions' });
const refunds = new Agent({ name: 'Refunds desk!', instructions: 'Handle refunds.' });
const faq = new Agent({ name: 'FAQ', instructions: 'Answer FAQs.' });
const lookup = tool({ name: 'lookup_order', description: 'Look an order up', parameters: z.object({ id: z.string() }), execute: async () => 'found' });
const triage = Agent.create({
  name: 'Triage',
  instructions: 'Route the user to the right agent.',
  model: 'gpt-4.1',
  tools: [lookup],
  handoffs: [billing, refunds, handoff(faq, { toolNameOverride: 'ask_faq', toolDescriptionOverride: 'Send general questions to the FAQ agent' })],
});`,
      call: `run(triage, 'I was charged twice.')`,
    },
    {
      title: 'model settings mapped to the API (topP, maxTokens, toolChoice a tool name, parallelToolCalls, store, promptCacheRetention, providerData, reasoning, text)',
      declarations: `const lookup = tool({ name: 'lookup', description: 'Look up', parameters: z.object({ q: z.string() }), execute: async () => 'x' });
const agent = new Agent({
  name: 'Tuned',
  instructions: 'Be precise.',
  model: 'gpt-4.1-mini',
  tools: [lookup],
  modelSettings: { temperature: 0.2, topP: 0.9, maxTokens: 300, toolChoice: 'lookup', parallelToolCalls: false, store: false, truncation: 'auto', promptCacheRetention: '24h', frequencyPenalty: 0.1, providerData: { prompt_cache_key: 'support-v2' }, reasoning: { effort: 'low' }, text: { verbosity: 'high' } },
});`,
      call: `run(agent, 'Look up q.')`,
    },
    {
      title: 'input as a list of items (a user string, an assistant output_text, a system message, input_text parts, an image URL with its detail)',
      declarations: `const agent = new Agent({ name: 'Chat', instructions: 'Keep the conversation going.', model: 'gpt-4.1' });`,
      call: `run(agent, [
    { role: 'user', content: 'Hi, I am Bob.' },
    { role: 'assistant', content: [{ type: 'output_text', text: 'Hello Bob! How can I help?' }] },
    { role: 'system', content: 'The user is a premium customer.' },
    { role: 'user', content: [{ type: 'input_text', text: 'What is my name, and what is this?' }, { type: 'input_image', image: 'https://example.com/cat.png', detail: 'low' }] },
  ])`,
    },
    {
      title: 'run(agent, input, { stream: true }) on the default model with a tool, toolUseBehavior and resetToolChoice (no change to the first request)',
      declarations: `const lookup = tool({ name: 'lookup', description: 'Look a word up', parameters: z.object({ word: z.string().describe('The word') }), execute: async () => 'a word' });
const agent = new Agent({ name: 'Dictionary', instructions: 'Define the word the user gives.', tools: [lookup], toolUseBehavior: 'stop_on_first_tool', resetToolChoice: false });`,
      call: `run(agent, 'Define serendipity.', { stream: true })`,
    },
    {
      title: "new Runner({ model, modelSettings }).run(...) with stream: true: the runner's model where the agent has none, its settings under the agent's",
      declarations: `const agent = new Agent({ name: 'Streamer', instructions: 'Answer briefly.', modelSettings: { topP: 0.5 } });
const runner = new Runner({ model: 'gpt-4o', modelSettings: { temperature: 0.3, topP: 0.9 } });`,
      call: `runner.run(agent, 'Tell me a joke.', { stream: true })`,
    },
    {
      title: "agent.clone({...}) keeps the base's settings and replaces those given; the agent's model wins over the runner's",
      declarations: `const base = new Agent({ name: 'Base', instructions: 'You are the base agent.', model: 'gpt-4.1', modelSettings: { temperature: 0.1 } });
const polite = base.clone({ instructions: 'You are the polite agent. Always say please.' });
const runner = new Runner({ model: 'gpt-4o-mini', modelSettings: { temperature: 0.9 } });`,
      call: `runner.run(polite, 'Hello.')`,
    },
    {
      title: 'hosted tools: web search (its defaults, then location, domains, images), file search with results included, code interpreter, image generation, after a function tool',
      declarations: `const lookup = tool({ name: 'lookup', description: 'Look an order up', parameters: z.object({ id: z.string() }), execute: async () => 'found' });
const agent = new Agent({
  name: 'Researcher',
  instructions: 'Research the question with the tools you have.',
  model: 'gpt-4.1',
  tools: [
    lookup,
    webSearchTool(),
    webSearchTool({ name: 'local_search', userLocation: { type: 'approximate', city: 'Paris', country: 'FR' }, searchContextSize: 'low', filters: { allowedDomains: ['example.com'] } }),
    webSearchTool({ searchContentTypes: ['text', 'image'], imageSettings: { maxResults: 2 }, externalWebAccess: false, filters: { allowedDomains: null } }),
    fileSearchTool('vs_123', { maxNumResults: 3, includeSearchResults: true, rankingOptions: { ranker: 'auto', score_threshold: 0.5 } }),
    codeInterpreterTool(),
    codeInterpreterTool({ name: 'python', container: 'cntr_1', includeOutputs: true }),
    imageGenerationTool({ quality: 'low', size: '1024x1024', outputFormat: 'webp', partialImages: 1 }),
  ],
});`,
      call: `run(agent, 'What changed in the docs this week?')`,
    },
    {
      title: "hosted MCP servers (an URL, a connector, approval policies, allowed tools) and toolChoice naming a hosted type ({ type: 'mcp' })",
      declarations: `const agent = new Agent({
  name: 'Repo helper',
  instructions: 'Answer questions about the repository.',
  model: 'gpt-4.1',
  tools: [
    hostedMcpTool({ serverLabel: 'gitmcp', serverUrl: 'https://gitmcp.io/openai/codex' }),
    hostedMcpTool({ serverLabel: 'docs', serverUrl: 'https://example.com/mcp', requireApproval: 'always', allowedTools: ['search'], headers: { 'X-Team': 'docs' }, serverDescription: 'The product docs' }),
    hostedMcpTool({ serverLabel: 'tickets', serverUrl: 'https://example.com/tickets', requireApproval: { never: { toolNames: ['read'] }, always: { readOnly: false } }, allowedTools: { toolNames: ['read', 'write'] } }),
    hostedMcpTool({ serverLabel: 'drive', connectorId: 'connector_googledrive', authorization: 'token' }),
  ],
  modelSettings: { toolChoice: 'mcp' },
});`,
      call: `run(agent, 'Which issues mention caching?')`,
    },
    {
      title: 'computer, shell and apply_patch tools on a GA model, the computer chosen (computer_use), tool search',
      declarations: `const computer = { environment: 'browser', dimensions: [1024, 768], screenshot: async () => '', click: async () => {}, doubleClick: async () => {}, scroll: async () => {}, type: async () => {}, wait: async () => {}, move: async () => {}, keypress: async () => {}, drag: async () => {} };
const agent = new Agent({
  name: 'Operator',
  instructions: 'Operate the browser for the user.',
  model: 'gpt-5.4',
  tools: [computerTool({ computer }), shellTool({ shell: { run: async () => ({ output: [] }) } }), applyPatchTool({ editor: { createFile: async () => {}, updateFile: async () => {}, deleteFile: async () => {} } }), toolSearchTool()],
  modelSettings: { toolChoice: 'computer_use' },
});`,
      call: `run(agent, 'Open the pricing page.')`,
    },
    {
      title: 'the computer tool on computer-use-preview: the preview tool with its environment and screen, toolChoice computer sent as computer_use_preview',
      declarations: `const agent = new Agent({
  name: 'Operator',
  instructions: 'Operate the browser for the user.',
  model: 'computer-use-preview',
  tools: [computerTool({ computer: { environment: 'browser', dimensions: [1280, 800], screenshot: async () => '', click: async () => {}, doubleClick: async () => {}, scroll: async () => {}, type: async () => {}, wait: async () => {}, move: async () => {}, keypress: async () => {}, drag: async () => {} } })],
  modelSettings: { toolChoice: 'computer', truncation: 'auto' },
});`,
      call: `run(agent, 'Open the pricing page.')`,
    },
    {
      title: 'function tool options the SDK sends (deferLoading with tool search, allowedCallers) and a tool with isEnabled: false left out',
      declarations: `const lookup = tool({ name: 'lookup', description: 'Look an order up', parameters: z.object({ id: z.string() }), deferLoading: true, execute: async () => 'found' });
const refund = tool({ name: 'refund', description: 'Refund an order', parameters: z.object({ id: z.string() }), allowedCallers: ['direct'], execute: async () => 'done' });
const hidden = tool({ name: 'hidden', description: 'Not offered', parameters: z.object({ id: z.string() }), isEnabled: false, execute: async () => '' });
const agent = new Agent({ name: 'Orders', instructions: 'Help with orders.', model: 'gpt-5.4', tools: [lookup, refund, hidden, toolSearchTool()] });`,
      call: `run(agent, 'Refund order 7.')`,
    },
    {
      title: "agents as tools: agent.asTool() named after the agent with the SDK's { input } parameters, toolName / toolDescription, a zod parameters schema of its own, isEnabled: false left out",
      declarations: `const spanish = new Agent({ name: 'Spanish agent!', instructions: 'Translate to Spanish.' });
const french = new Agent({ name: 'French', instructions: 'Translate to French.', handoffDescription: 'Not used by asTool' });
const orchestrator = new Agent({
  name: 'Orchestrator',
  instructions: 'Use the translators to answer in the languages asked for.',
  model: 'gpt-4.1',
  tools: [
    spanish.asTool({ toolDescription: 'Translate the text to Spanish' }),
    french.asTool({ toolName: 'to french', toolDescription: 'Translate the text to French' }),
    french.asTool({ toolName: 'french_with_tone', parameters: z.object({ text: z.string().describe('The text'), tone: z.enum(['formal', 'casual']).nullable() }) }),
    spanish.asTool({ toolName: 'hidden', toolDescription: 'Off', isEnabled: false }),
  ],
});`,
      call: `run(orchestrator, 'Say hello in Spanish and French.')`,
    },
    {
      title: 'handoffs with an input type (zod 4, a name and description override), a handoff with isEnabled: false left out',
      declarations: `const escalation = new Agent({ name: 'Escalation', instructions: 'Handle escalations.', handoffDescription: 'For angry customers' });
const refunds = new Agent({ name: 'Refunds', instructions: 'Handle refunds.' });
const triage = new Agent({
  name: 'Triage',
  instructions: 'Route the user.',
  model: 'gpt-4.1',
  handoffs: [
    handoff(escalation, { inputType: z.object({ reason: z.string().describe('Why'), severity: z.number().int().min(1).max(5) }), onHandoff: () => {} }),
    handoff(refunds, { inputType: z.object({ orderId: z.string() }), onHandoff: () => {}, toolNameOverride: 'start_refund', toolDescriptionOverride: 'Start a refund for an order' }),
    handoff(refunds, { toolNameOverride: 'never_offered', isEnabled: false }),
  ],
});`,
      call: `run(triage, 'I want my money back for order 12.')`,
    },
    {
      title: "a handoff's input type in zod 3 with .optional() (the SDK's converter, made strict)",
      zod: 'v3',
      declarations: `const refunds = new Agent({ name: 'Refunds', instructions: 'Handle refunds.' });
const triage = new Agent({ name: 'Triage', instructions: 'Route the user.', model: 'gpt-4.1', handoffs: [handoff(refunds, { inputType: z.object({ reason: z.string().optional().describe('Why') }), onHandoff: () => {} })] });`,
      call: `run(triage, 'Refund please.')`,
    },
    {
      title: "toolChoice naming a hosted type on the runner ('web_search', 'code_interpreter' as { type }), the agent's own",
      declarations: `const agent = new Agent({ name: 'Searcher', instructions: 'Search first.', model: 'gpt-4.1-mini', tools: [webSearchTool(), codeInterpreterTool()], modelSettings: { toolChoice: 'code_interpreter' } });
const runner = new Runner({ modelSettings: { toolChoice: 'web_search' } });`,
      call: `runner.run(agent, 'Plot the weather.')`,
    },
    {
      title:
        'toolNamespace() spread into the tools: one namespace tool where its first tool stands (its name written as a function name, its description trimmed), a deferred tool in it with tool search, a second toolNamespace() of the same name gathered into it',
      declarations: `const lookup = tool({ name: 'lookup_customer', description: 'Look a customer up', parameters: z.object({ id: z.string().describe('The customer id') }), execute: async () => 'found' });
const orders = tool({ name: 'list_orders', description: 'List open orders', parameters: z.object({ id: z.string(), status: z.enum(['open', 'closed']).nullable() }), deferLoading: true, execute: async () => '[]' });
const notes = tool({ name: 'add_note', description: 'Add a note', parameters: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] }, execute: async () => 'ok' });
const weather = tool({ name: 'weather', description: 'The weather', parameters: z.object({ city: z.string() }), execute: async () => 'sunny' });
const crm = toolNamespace({ name: ' crm tools ', description: '  CRM tools for customer lookups. ', tools: [lookup, orders] });
const agent = new Agent({
  name: 'Operations',
  instructions: 'Load the CRM tools before using them.',
  model: 'gpt-5.4',
  tools: [weather, ...crm, toolSearchTool(), ...toolNamespace({ name: 'crm tools', description: 'CRM tools for customer lookups.', tools: [notes] })],
});`,
      call: `run(agent, 'Look up customer 42 and list their open orders.')`,
    },
    {
      title: "the agent's tools given as toolNamespace() itself, an agent as a tool in it, toolChoice naming a namespaced tool (crm.lookup)",
      declarations: `const lookup = tool({ name: 'lookup', description: 'Look a customer up', parameters: z.object({ id: z.string() }), execute: async () => 'found' });
const writer = new Agent({ name: 'Writer', instructions: 'Write the reply.' });
const agent = new Agent({
  name: 'Support',
  instructions: 'Answer the customer.',
  model: 'gpt-4.1',
  tools: toolNamespace({ name: 'crm', description: 'Customer tools', tools: [lookup, writer.asTool({ toolName: 'draft_reply', toolDescription: 'Draft a reply' })] }),
  modelSettings: { toolChoice: 'crm.lookup' },
});`,
      call: `run(agent, 'Where is my order?')`,
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
      // The tools as the counter reads them from the body (a hosted tool is named after its type).
      const body = await bodyAnalysis(real.body);
      assert.equal(analysis.request.tools.length, (real.body.tools ?? []).length);
      assert.deepEqual(
        analysis.request.tools.map((t) => [t.type, t.name, t.description, t.parameters, t.strict]),
        body.request.tools.map((t) => [t.type, t.name, t.description, t.parameters, t.strict]),
      );
      for (const [i, tool] of (real.body.tools ?? []).entries()) {
        assert.equal(JSON.stringify(analysis.request.tools[i].parameters), JSON.stringify(tool.parameters), `tool ${i}'s parameters, key order included`);
        assert.deepEqual(JSON.parse(analysis.request.tools[i].piece.text), tool, `tool ${i} as sent`);
        // A namespace tool's own tools, each as sent.
        assert.deepEqual(
          analysis.request.tools[i].tools?.map((t) => JSON.parse(t.piece.text)),
          tool.tools,
          `the tools of tool ${i}`,
        );
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
      // The counter's own reasons for an estimate are the body's too; any other is the source's.
      const ours = (analysis.estimateReasons ?? []).filter((reason) => !(body.estimateReasons ?? []).includes(reason));
      if (c.estimated) assert.match(ours.join('; '), c.estimated);
      else assert.deepEqual(ours, []);
      assert.equal(analysis.promptTokens, body.promptTokens);
    });
  }
});

describe('OpenAI Agents SDK runs in source code: what the source does not tell', () => {
  before(() => {
    agents.setDefaultOpenAIClient(cannedClient() as Parameters<typeof agents.setDefaultOpenAIClient>[0]);
    agents.setTracingDisabled(true);
  });

  it('instructions given as a function: the text it returns, its run-time values counted as written, and said', async () => {
    const declarations = `const agent = new Agent({
  name: 'Dynamic',
  model: 'gpt-4.1',
  instructions: (runContext, agent) => 'You are ' + agent.name + ', the support agent of Example Corp. Answer in French and keep it short.',
});`;
    const call = `run(agent, 'Bonjour.')`;
    const real = await sentBy('v4', declarations, call);
    const { analysis } = await onlyPrompt('app.ts', sourceOf('v4', declarations, call), { 'package.json': MANIFEST });
    assert.equal(analysis.request.instructions?.text, 'You are agent.name, the support agent of Example Corp. Answer in French and keep it short.');
    assert.equal(real.body.instructions, 'You are Dynamic, the support agent of Example Corp. Answer in French and keep it short.');
    assert.equal(analysis.estimate, true);
    assert.match(analysis.estimateReason ?? '', /a value known only at run time \(`agent\.name`\) counted as written in the code/);
    assert.match(analysis.estimateReason ?? '', /the agent's instructions are a function's result, read from the text it returns/);
    const body = await bodyAnalysis(real.body);
    assert.ok(Math.abs(analysis.promptTokens - body.promptTokens) <= 3, `${analysis.promptTokens} vs ${body.promptTokens}`);
  });

  it('instructions built by a function that is not one returned expression: the size is unknown, and said', async () => {
    const source = sourceOf(
      'v4',
      `async function buildInstructions(runContext) {
  const profile = await runContext.context.loadProfile();
  if (profile.vip) return 'Treat this customer as a VIP.';
  return 'Answer briefly.';
}
const agent = new Agent({ name: 'Support', model: 'gpt-4.1', instructions: buildInstructions });`,
      `run(agent, 'Where is my order?')`,
    );
    const { analysis } = await onlyPrompt('app.ts', source, { 'package.json': MANIFEST });
    assert.equal(analysis.request.instructions, undefined);
    assert.match(analysis.sizeUnknown ?? '', /the agent's instructions, built by `buildInstructions` at run time/);
    assert.equal(analysis.cost, null);
  });

  it('the date in the instructions ends the cacheable prefix there, as in any other call', async () => {
    const source = sourceOf(
      'v4',
      `const agent = new Agent({ name: 'Dated', model: 'gpt-4.1', instructions: \`You are a support agent. The time is \${new Date().toISOString()}. Be brief.\` });`,
      `run(agent, 'Hello.')`,
    );
    const { analysis } = await onlyPrompt('app.ts', source, { 'package.json': MANIFEST });
    const breaker = analysis.findings.find((f) => f.severity !== 'info' && /new Date\(\)\.toISOString\(\)/.test(f.message));
    assert.ok(breaker, JSON.stringify(analysis.findings.map((f) => [f.rule, f.message])));
    assert.ok(breaker.range, 'the finding points at the expression');
    assert.match(source.slice(breaker.range.start, breaker.range.end), /^\$\{new Date\(\)\.toISOString\(\)\}$/);
  });

  it('the question given as a parameter is counted as written, and said', async () => {
    const source = `import { Agent, run } from '@openai/agents';
const agent = new Agent({ name: 'Assistant', instructions: 'Answer questions about the product.', model: 'gpt-4.1' });
export async function ask(question: string) {
  const result = await run(agent, question);
  return result.finalOutput;
}
`;
    const { analysis } = await onlyPrompt('app.ts', source, { 'package.json': MANIFEST });
    assert.equal(analysis.request.messages.length, 1);
    assert.equal(analysis.estimateReason, 'a value known only at run time (`question`) counted as written in the code');
  });

  it('the default model: read from the installed @openai/agents-core, else from the release package.json names, else said', async () => {
    const installed = readFileSync(join(dirname(require.resolve('@openai/agents-core')), 'defaultModel.js'), 'utf8');
    const source = sourceOf('v4', `const agent = new Agent({ name: 'Assistant', instructions: 'Be brief.' });`, `run(agent, 'Hi.')`);
    const real = await sentBy('v4', `const agent = new Agent({ name: 'Assistant', instructions: 'Be brief.' });`, `run(agent, 'Hi.')`);
    const fromInstalled = await onlyPrompt('app.ts', source, { 'node_modules/@openai/agents-core/dist/defaultModel.js': installed });
    assert.equal(fromInstalled.analysis.request.model?.name, real.body.model);
    assert.equal(fromInstalled.analysis.estimate, false, fromInstalled.analysis.estimateReason);
    const fromManifest = await onlyPrompt('app.ts', source, { 'package.json': MANIFEST });
    assert.equal(fromManifest.analysis.request.model?.name, real.body.model);
    assert.equal(fromManifest.analysis.estimate, false);
    const unknown = await onlyPrompt('app.ts', source);
    assert.equal(unknown.analysis.request.model?.name, real.body.model);
    assert.match(
      unknown.analysis.estimateReason ?? '',
      /the agent names no model and the Agents SDK's version is not known \(no node_modules\/@openai\/agents-core or package.json naming @openai\/agents\): counted with gpt-5\.6-luna, the default of @openai\/agents 0\.20/,
    );
  });

  it('an agent and its tool made in another module of the workspace', async () => {
    const files = {
      'package.json': MANIFEST,
      'agents.ts': `import { Agent, tool } from '@openai/agents';
import { z } from 'zod/v4';
export const lookup = tool({ name: 'lookup', description: 'Look an order up', parameters: z.object({ id: z.string() }), execute: async () => 'found' });
export const support = new Agent({ name: 'Support', instructions: 'You help customers with their orders.', model: 'gpt-4.1', tools: [lookup] });
`,
    };
    const source = `import { run } from '@openai/agents';
import { support } from './agents';
export const main = () => run(support, 'Where is order 7?');
`;
    const { analysis } = await onlyPrompt('app.ts', source, files);
    assert.equal(analysis.request.instructions?.text, 'You help customers with their orders.');
    assert.deepEqual(analysis.request.tools.map((t) => t.name), ['lookup']);
    assert.equal(analysis.estimate, false, analysis.estimateReason);
  });

  it("a run() that is not the SDK's is no LLM call; nor is .run() on something that is not a Runner", async () => {
    const source = `import * as agents from '@openai/agents';
import { run } from './jobs';
const agent = new agents.Agent({ name: 'Assistant', instructions: 'Be brief.', model: 'gpt-4.1' });
const db = { run: (sql: string) => sql };
export async function main() {
  await run(agent, 'Not an agent run.');
  db.run('SELECT 1');
  return agents.run(agent, 'This one is.');
}
`;
    const prompts = await promptsOf('app.ts', source);
    assert.equal(prompts.length, 1);
    assert.equal(prompts[0].call.callee, 'agents.run');
    assert.equal(prompts[0].analysis.request.instructions?.text, 'Be brief.');
    const unrelated = `import { run } from './tasks';\nimport OpenAI from 'openai';\nexport const go = () => run({ name: 'x' }, 'y');\n`;
    assert.deepEqual(await promptsOf('other.ts', unrelated), []);
  });

  it('run imported under another name (`run as runAgent`) is the same run; an AI SDK function renamed likewise is its call', async () => {
    const source = `import { Agent, run as runAgent } from '@openai/agents';
const agent = new Agent({ name: 'Assistant', instructions: 'Be brief.', model: 'gpt-4.1' });
export const main = () => runAgent(agent, 'Where is order 7?');
`;
    const prompts = await promptsOf('app.ts', source);
    assert.equal(prompts.length, 1);
    assert.equal(prompts[0].call.callee, 'runAgent');
    assert.equal(prompts[0].analysis.request.instructions?.text, 'Be brief.');
    const aiSdk = `import { generateText as complete } from 'ai';
import { openai } from '@ai-sdk/openai';
export const ask = (q: string) => complete({ model: openai.chat('gpt-4o'), system: 'Be brief.', prompt: q });
`;
    const [call] = await promptsOf('ask.ts', aiSdk);
    assert.equal(call?.call.callee, 'complete');
    assert.equal(call.analysis.model, 'gpt-4o');
    // A name that only looks like one: `import { run as go }` from another package is nothing.
    assert.deepEqual(await promptsOf('jobs.ts', `import { run as go } from './jobs';\nimport OpenAI from 'openai';\nexport const x = () => go({ name: 'x' }, 'y');\n`), []);
  });

  it("zod imported from 'zod' with its version unknown: counted as zod 4, which the SDK asks for, and said", async () => {
    const declarations = `const count = tool({ name: 'count', description: 'Count items', parameters: z.object({ max: z.number().int().max(3).describe('At most') }), execute: async () => '1' });
const agent = new Agent({ name: 'Counter', instructions: 'Count.', model: 'gpt-4.1', tools: [count] });`;
    const call = `run(agent, 'Count to three.')`;
    const real = await sentBy('v4', declarations, call);
    const source = sourceOf('v4', declarations, call).replace("from 'zod/v4'", "from 'zod'");
    const { analysis } = await onlyPrompt('app.ts', source);
    assert.equal(JSON.stringify(analysis.request.tools[0].parameters), JSON.stringify(real.body.tools[0].parameters));
    assert.match(analysis.estimateReason ?? '', /zod's version is not known here .*: a zod schema is counted as zod 4 writes it, the version @openai\/agents asks for/);
    assert.equal(analysis.promptTokens, (await bodyAnalysis(real.body)).promptTokens);
  });

  it('an agent the source does not make (a parameter): the run is a call whose size is unknown, and said', async () => {
    const source = `import { run, type Agent } from '@openai/agents';
export async function ask(agent: Agent, question: string) {
  return run(agent, question);
}
`;
    const { analysis } = await onlyPrompt('app.ts', source, { 'package.json': MANIFEST });
    assert.equal(analysis.request.model, undefined);
    assert.match(analysis.sizeUnknown ?? '', /the agent `agent`, made where the source does not tell/);
    assert.match(analysis.estimateReason ?? '', /the agent `agent` is not made where this file or its imports tell: its model, instructions and tools are not counted/);
  });

  it('a tool or an output type the SDK refuses or that is not read is left out, and said', async () => {
    const source = sourceOf(
      'v4',
      `const bad = tool({ name: 'bad', description: 'Nullable only', parameters: z.object({ nothing: z.null(), maybe: z.string().optional() }), execute: async () => '' });
const loose = tool({ name: 'loose', description: 'Zod, not strict', parameters: z.object({ q: z.string() }), strict: false, execute: async () => '' });
const agent = new Agent({ name: 'A', instructions: 'Be brief.', model: 'gpt-4.1', tools: [bad, loose, webSearch] });`,
      `run(agent, 'Hi.')`,
    );
    const { analysis } = await onlyPrompt('app.ts', source, { 'package.json': MANIFEST });
    assert.deepEqual(analysis.request.tools, []);
    assert.match(analysis.estimateReason ?? '', /the parameters of tool bad are not counted: the Agents SDK cannot write it/);
    assert.match(analysis.estimateReason ?? '', /the tool loose has zod parameters with `strict: false`, which the SDK refuses/);
    assert.match(analysis.estimateReason ?? '', /the tool `webSearch` is not a `tool\(\{\.\.\.\}\)` or hosted tool this file or its imports make/);
  });
});

describe('OpenAI Agents SDK runs on Chat Completions: the first request the installed @openai/agents sends', () => {
  before(() => {
    agents.setDefaultOpenAIClient(cannedClient() as Parameters<typeof agents.setDefaultOpenAIClient>[0]);
    agents.setTracingDisabled(true);
  });

  const cases: Array<{ title: string; zod?: Zod; declarations: string; call: string }> = [
    {
      title: "setOpenAIAPI('chat_completions'): instructions as the system message, the question as the user's, a tool, a handoff (no strict), the model settings",
      declarations: `setOpenAIAPI('chat_completions');
const billing = new Agent({ name: 'Billing', instructions: 'Handle billing.', handoffDescription: 'Billing questions' });
const lookup = tool({ name: 'lookup_order', description: 'Look an order up', parameters: z.object({ id: z.string().describe('The order id'), full: z.boolean().nullable() }), execute: async () => 'found' });
const agent = new Agent({
  name: 'Support',
  instructions: 'You are the support agent. Use the tools, hand billing questions over.',
  model: 'gpt-4.1',
  tools: [lookup],
  handoffs: [billing],
  modelSettings: { temperature: 0.3, topP: 0.8, frequencyPenalty: 0.1, presencePenalty: 0.2, maxTokens: 200, toolChoice: 'lookup_order', parallelToolCalls: false, store: true, providerData: { prompt_cache_key: 'support' } },
});`,
      call: `run(agent, 'Where is order 7?')`,
    },
    {
      title: 'new OpenAIChatCompletionsModel(client, name), streamed: stream_options, an output type as response_format, a tool without a description, a handoff with an input type',
      declarations: `const refunds = new Agent({ name: 'Refunds', instructions: 'Handle refunds.' });
const count = tool({ name: 'count', parameters: z.object({ max: z.number().int() }), execute: async () => '1' });
const agent = new Agent({
  name: 'Extractor',
  instructions: 'Extract the order.',
  model: new OpenAIChatCompletionsModel(client, 'gpt-4.1-mini'),
  tools: [count],
  handoffs: [handoff(refunds, { inputType: z.object({ reason: z.string() }), onHandoff: () => {} })],
  outputType: z.object({ orderId: z.string(), total: z.number() }),
  modelSettings: { reasoning: { effort: 'low' }, text: { verbosity: 'low' } },
});`,
      call: `run(agent, 'Order 12 came to $40.', { stream: true })`,
    },
    {
      title: 'input items on Chat Completions (a user string, an assistant output_text, a system message, input_text parts, an image URL) and a runner with OpenAIProvider({ useResponses: false })',
      declarations: `const agent = new Agent({ name: 'Chat', instructions: 'Keep the conversation going.', model: 'gpt-4.1' });
const runner = new Runner({ modelProvider: new OpenAIProvider({ useResponses: false }) });`,
      call: `runner.run(agent, [
    { role: 'user', content: 'Hi, I am Bob.' },
    { role: 'assistant', content: [{ type: 'output_text', text: 'Hello Bob! How can I help?' }] },
    { role: 'system', content: 'The user is a premium customer.' },
    { role: 'user', content: [{ type: 'input_text', text: 'What is in this picture?' }, { type: 'input_image', image: 'https://example.com/cat.png', detail: 'low' }] },
  ])`,
    },
    {
      title: 'new OpenAIResponsesModel(client, name) is the Responses API even after setOpenAIAPI(chat_completions)',
      declarations: `setOpenAIAPI('chat_completions');
const agent = new Agent({ name: 'Assistant', instructions: 'Be brief.', model: new OpenAIResponsesModel(client, 'gpt-4.1') });`,
      call: `run(agent, 'Hi.')`,
    },
  ];

  for (const c of cases) {
    it(`${c.title}: the same request, and the count of the body it sends`, async () => {
      const zod = c.zod ?? 'v4';
      const real = await sentBy(zod, c.declarations, c.call);
      const chat = real.path === '/v1/chat/completions';
      const { analysis, call } = await onlyPrompt('app.ts', sourceOf(zod, c.declarations, c.call), { 'package.json': MANIFEST });
      assert.equal(call.api, chat ? 'chat.completions' : 'responses');
      assert.equal(analysis.request.model?.name, real.body.model);
      const body = await bodyAnalysis(real.body, chat ? 'openai-chat' : 'openai-responses');
      assert.equal(body.request.format, analysis.request.format);
      const messages = (request: typeof body.request) => request.messages.map((m) => [m.role, m.parts.map((p) => (p.type === 'text' ? p.piece.text : p.type))]);
      assert.deepEqual(messages(analysis.request), messages(body.request));
      assert.equal(analysis.request.tools.length, (real.body.tools ?? []).length);
      for (const [i, tool] of (real.body.tools ?? []).entries()) assert.deepEqual(JSON.parse(analysis.request.tools[i].piece.text), tool, `tool ${i} as sent`);
      assert.deepEqual(
        analysis.request.tools.map((t) => [t.type, t.name, t.description, t.parameters, t.strict]),
        body.request.tools.map((t) => [t.type, t.name, t.description, t.parameters, t.strict]),
      );
      assert.equal(JSON.stringify(analysis.request.responseFormat?.schema), JSON.stringify(body.request.responseFormat?.schema));
      assert.equal(analysis.request.responseFormat?.kind, body.request.responseFormat?.kind);
      for (const key of ['temperature', 'top_p', 'frequency_penalty', 'presence_penalty', 'max_tokens', 'tool_choice', 'store', 'parallel_tool_calls', 'stream', 'stream_options', 'reasoning_effort', 'verbosity']) {
        assert.deepEqual(analysis.request.parameters[key], body.request.parameters[key], key);
      }
      assert.equal(analysis.request.promptCacheKey, body.request.promptCacheKey);
      const ours = (analysis.estimateReasons ?? []).filter((reason) => !(body.estimateReasons ?? []).includes(reason));
      assert.deepEqual(ours, []);
      assert.equal(analysis.promptTokens, body.promptTokens);
    });
  }

  it('a hosted tool on Chat Completions: the SDK throws before sending, and the count says so', async () => {
    const declarations = `setOpenAIAPI('chat_completions');
const agent = new Agent({ name: 'Searcher', instructions: 'Search first.', model: 'gpt-4.1', tools: [webSearchTool()] });`;
    const call = `run(agent, 'News?')`;
    sent = [];
    const main = new Function(...SDK_NAMES, 'z', 'client', `${declarations}\nreturn async () => ${call};`)(...SDK_NAMES.map((name) => agents[name]), z4, cannedClient());
    await assert.rejects(
      main().finally(() => agents.setOpenAIAPI('responses')),
      /Hosted tools are not supported with the ChatCompletions API/,
    );
    assert.equal(sent.length, 0);
    const { analysis, call: site } = await onlyPrompt('app.ts', sourceOf('v4', declarations, call), { 'package.json': MANIFEST });
    assert.equal(site.api, 'chat.completions');
    assert.deepEqual(analysis.request.tools, []);
    assert.match(analysis.estimateReason ?? '', /the SDK refuses the hosted tool `web_search` on Chat Completions \(it throws before sending the request\)/);
  });
});

describe('OpenAI Agents SDK toolNamespace(): where each tool is, and what the SDK refuses', () => {
  before(() => {
    agents.setDefaultOpenAIClient(cannedClient() as Parameters<typeof agents.setDefaultOpenAIClient>[0]);
    agents.setTracingDisabled(true);
  });

  it('the namespace tool is shown on its toolNamespace() call, each of its tools on its own tool({...}), with its own count', async () => {
    const declarations = `const lookup = tool({ name: 'lookup', description: 'Look a customer up', parameters: z.object({ id: z.string() }), execute: async () => 'found' });
const orders = tool({ name: 'orders', description: 'List orders', parameters: z.object({ id: z.string() }), execute: async () => '[]' });
const agent = new Agent({ name: 'Support', instructions: 'Answer.', model: 'gpt-4.1', tools: [...toolNamespace({ name: 'crm', description: 'Customer tools', tools: [lookup, orders] })] });`;
    const source = sourceOf('v4', declarations, `run(agent, 'Hi')`);
    const { analysis } = await onlyPrompt('app.ts', source, { 'package.json': MANIFEST });
    const [namespace] = analysis.request.tools;
    const at = (range: { start: number; end: number } | null) => (range ? source.slice(range.start, range.end) : undefined);
    assert.equal(namespace.type, 'namespace');
    assert.match(at(namespace.range) ?? '', /^toolNamespace\(\{ name: 'crm'/);
    assert.deepEqual(
      namespace.tools?.map((t) => [t.name, at(t.range)?.slice(0, 24)]),
      [
        ['lookup', "tool({ name: 'lookup', d"],
        ['orders', "tool({ name: 'orders', d"],
      ],
    );
    // Each tool of the namespace is a segment of its own.
    assert.ok(analysis.segments.some((s) => s.label === 'tool crm.lookup'));
    assert.ok(analysis.segments.some((s) => s.label === 'tool crm.orders'));
  });

  it('on Chat Completions the SDK throws before sending a namespaced tool, and the count says so', async () => {
    const declarations = `setOpenAIAPI('chat_completions');
const lookup = tool({ name: 'lookup', description: 'Look a customer up', parameters: z.object({ id: z.string() }), execute: async () => 'found' });
const agent = new Agent({ name: 'Support', instructions: 'Answer.', model: 'gpt-4.1', tools: toolNamespace({ name: 'crm', description: 'Customer tools', tools: [lookup] }) });`;
    const call = `run(agent, 'Hi')`;
    sent = [];
    const main = new Function(...SDK_NAMES, 'z', 'client', `${declarations}\nreturn async () => ${call};`)(...SDK_NAMES.map((name) => agents[name]), z4, cannedClient());
    await assert.rejects(
      main().finally(() => agents.setOpenAIAPI('responses')),
      /Namespaced function tools created with toolNamespace\(\) are only supported with the Responses API/,
    );
    assert.equal(sent.length, 0);
    const { analysis, call: site } = await onlyPrompt('app.ts', sourceOf('v4', declarations, call), { 'package.json': MANIFEST });
    assert.equal(site.api, 'chat.completions');
    assert.deepEqual(analysis.request.tools, []);
    assert.match(analysis.estimateReason ?? '', /the SDK refuses the tools of `toolNamespace\(\)` \(namespace `crm`\) on Chat Completions \(it throws before sending the request\)/);
  });

  it('a hosted tool in a namespace, and two descriptions for one namespace: the SDK throws, and the count says so', async () => {
    for (const [declarations, thrown, said] of [
      [
        `const agent = new Agent({ name: 'S', instructions: 'Answer.', model: 'gpt-4.1', tools: toolNamespace({ name: 'web', description: 'Web tools', tools: [webSearchTool()] }) });`,
        /toolNamespace\(\) only supports FunctionTool instances/,
        /the SDK refuses `webSearchTool\(\)` in the namespace `web`: `toolNamespace\(\)` takes function tools only \(it throws\)/,
      ],
      [
        `const a = tool({ name: 'a', description: 'A', parameters: z.object({ id: z.string() }), execute: async () => '' });
const b = tool({ name: 'b', description: 'B', parameters: z.object({ id: z.string() }), execute: async () => '' });
const agent = new Agent({ name: 'S', instructions: 'Answer.', model: 'gpt-4.1', tools: [...toolNamespace({ name: 'crm', description: 'One', tools: [a] }), ...toolNamespace({ name: 'crm', description: 'Two', tools: [b] })] });`,
        /All tools in namespace "crm" must share the same description/,
        /the SDK refuses the namespace `crm` given two descriptions/,
      ],
    ] as const) {
      const call = `run(agent, 'Hi')`;
      sent = [];
      // `toolNamespace()` throws where it is called, the request's assembly when the run starts.
      const main = () => new Function(...SDK_NAMES, 'z', 'client', `${declarations}\nreturn async () => ${call};`)(...SDK_NAMES.map((name) => agents[name]), z4, cannedClient())();
      await assert.rejects(async () => main(), thrown);
      assert.equal(sent.length, 0);
      const { analysis } = await onlyPrompt('app.ts', sourceOf('v4', declarations, call), { 'package.json': MANIFEST });
      assert.match(analysis.estimateReason ?? '', said);
    }
  });
});

describe('OpenAI Agents SDK hosted tools: what the SDK refuses and what is not read, said', () => {
  before(() => {
    agents.setDefaultOpenAIClient(cannedClient() as Parameters<typeof agents.setDefaultOpenAIClient>[0]);
    agents.setTracingDisabled(true);
  });

  it("toolChoice 'web_search_preview' with webSearchTool() (sent as web_search): the SDK throws before sending, and the count says so", async () => {
    const declarations = `const agent = new Agent({ name: 'Searcher', instructions: 'Search first.', model: 'gpt-4.1', tools: [webSearchTool()], modelSettings: { toolChoice: 'web_search_preview' } });`;
    const call = `run(agent, 'News?')`;
    sent = [];
    const main = new Function(...SDK_NAMES, 'z', `${declarations}\nreturn async () => ${call};`)(...SDK_NAMES.map((name) => agents[name]), z4);
    await assert.rejects(main(), /toolChoice="web_search_preview" is unavailable/);
    assert.equal(sent.length, 0);
    const { analysis } = await onlyPrompt('app.ts', sourceOf('v4', declarations, call), { 'package.json': MANIFEST });
    assert.deepEqual(analysis.request.parameters.tool_choice, { type: 'web_search_preview' });
    assert.deepEqual(analysis.request.tools.map((t) => t.type), ['web_search']);
    assert.match(analysis.estimateReason ?? '', /the SDK refuses `toolChoice: 'web_search_preview'`: no tool it sends matches it \(it throws before sending the request\)/);
  });

  it('options not read, options from a spread, a tool choice known at run time and a computer tool whose model is unknown are said', async () => {
    const source = sourceOf(
      'v4',
      `const shared = { searchContextSize: 'high' };
const agent = new Agent({
  name: 'Mixed',
  instructions: 'Help.',
  model: process.env.MODEL,
  tools: [webSearchTool({ ...shared }), codeInterpreterTool({ memoryLimit: '4g' }), computerTool({ computer: makeComputer() })],
  modelSettings: { toolChoice: process.env.CHOICE },
});`,
      `run(agent, 'Hi.')`,
    );
    const { analysis } = await onlyPrompt('app.ts', source, { 'package.json': MANIFEST });
    assert.deepEqual(analysis.request.tools.map((t) => t.type), ['web_search', 'code_interpreter', 'computer']);
    const reason = analysis.estimateReason ?? '';
    assert.match(reason, /the options of `webSearchTool\(\.\.\.\)` come from `\.\.\.shared`, which the source does not tell/);
    assert.match(reason, /the option `memoryLimit` of `codeInterpreterTool\(\.\.\.\)` is not read: the tool is counted without it/);
    assert.match(reason, /`computerTool\(\.\.\.\)` is sent as `computer`, or as `computer_use_preview` on a computer-use-preview model: the model is not known here/);
    assert.match(reason, /the tool choice \(`toolChoice`\) is known only at run time: not counted/);
  });
});

describe('the example app', () => {
  before(() => {
    agents.setDefaultOpenAIClient(cannedClient() as Parameters<typeof agents.setDefaultOpenAIClient>[0]);
    agents.setTracingDisabled(true);
  });

  it('examples/ts-app/src/agent.ts: the guide, the tool and the handoff counted as the SDK sends them, the question last', async () => {
    const file = join(__dirname, '..', '..', '..', 'examples', 'ts-app', 'src', 'agent.ts');
    const { result } = await analyzeSourceFile(file);
    const { analysis } = result.prompts[0];
    assert.equal(result.prompts.length, 1);
    assert.deepEqual(analysis.request.tools.map((t) => t.name), ['order_status', 'transfer_to_Returns']);
    assert.equal(analysis.estimateReason, 'a value known only at run time (`question`) counted as written in the code');
    assert.ok(analysis.cacheableTokens >= 1024, `cacheable ${analysis.cacheableTokens}`);
    // The module run for real, asked the question `question`: the text the count stands in for it.
    // The example is an ES module: it loads the SDK's ES build, whose default client is its own.
    const esm = (await new Function('specifier', 'return import(specifier)')('@openai/agents')) as typeof agents;
    esm.setDefaultOpenAIClient(cannedClient() as Parameters<typeof agents.setDefaultOpenAIClient>[0]);
    esm.setTracingDisabled(true);
    sent = [];
    const example = (await import(file)) as { answer(question: string): Promise<string> };
    await example.answer('question').catch(() => undefined);
    assert.ok(sent[0], 'the SDK sent a request');
    assert.equal(analysis.promptTokens, (await bodyAnalysis(sent[0].body)).promptTokens);
  });
});
