import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzePrompt } from '../../../src/core/analyze';
import { sourceOffsetOf } from '../../../src/core/formats/textPiece';
import { analyzeSource } from '../../../src/core/sources/analyzeSource';
import { longText, messageTexts, onlyPrompt, promptsOf } from './helpers';

const GUIDE_FILE = `export const GUIDE = \`${longText(70, 'guide')}\`;\n`;

describe('TypeScript: a user name in a template literal before a long guide', () => {
  const source = `import OpenAI from 'openai';
import { GUIDE } from './prompts';

const client = new OpenAI();

export async function reply(user: { name: string }, message: string) {
  const response = await client.chat.completions.create({
    model: 'gpt-4o',
    messages: [
      { role: 'system', content: \`You help \${user.name}.\\n\\n\${GUIDE}\` },
      { role: 'user', content: message },
    ],
  });
  return response.choices[0].message.content;
}
`;

  it('puts the boundary on ${user.name}, and counts the imported guide', async () => {
    const { analysis, call } = await onlyPrompt('assistant.ts', source, { 'prompts.ts': GUIDE_FILE });
    assert.equal(call.api, 'chat.completions');
    assert.equal(analysis.firstDynamic?.offset, source.indexOf('${user.name}'));
    assert.equal(analysis.firstDynamic?.name, 'user.name');
    assert.ok(analysis.promptTokens > 1200, String(analysis.promptTokens));
    assert.equal(analysis.cacheableTokens, 0);
    const finding = analysis.findings.find((f) => f.rule === 'variable-in-system');
    assert.equal(finding?.range?.start, source.indexOf('${user.name}'));
    assert.ok((finding?.cacheableTokensIfFixed ?? 0) >= 1024);
  });

  it('the decoded system text holds the guide, the escapes resolved', async () => {
    const prompt = await onlyPrompt('assistant.ts', source, { 'prompts.ts': GUIDE_FILE });
    const [system] = messageTexts(prompt);
    assert.ok(system.startsWith('You help ${user.name}.\n\nRule 1 of the guide'));
  });

  it('the guide moved after the user message caches it', async () => {
    const fixed = source.replace('`You help ${user.name}.\\n\\n${GUIDE}`', 'GUIDE').replace('content: message', 'content: `${user.name}: ${message}`');
    const { analysis } = await onlyPrompt('assistant.ts', fixed, { 'prompts.ts': GUIDE_FILE });
    assert.ok(analysis.cacheableTokens >= 1024, String(analysis.cacheableTokens));
    assert.equal(analysis.findings.filter((f) => f.severity === 'error').length, 0);
  });
});

describe('TypeScript: Anthropic with cache_control after a long constant', () => {
  const source = `import Anthropic from '@anthropic-ai/sdk';
const client = new Anthropic();
const MANUAL = \`${longText(80, 'manual')}\`;
export async function ask(question: string) {
  return client.messages.create({
    model: 'claude-sonnet-4-5',
    max_tokens: 512,
    system: [{ type: 'text', text: MANUAL, cache_control: { type: 'ephemeral' } }],
    messages: [{ role: 'user', content: \`Request \${crypto.randomUUID()}: \${question}\` }],
  });
}
`;

  it('caches the constant and raises no error for the UUID after the breakpoint', async () => {
    const { analysis } = await onlyPrompt('agent.ts', source);
    assert.equal(analysis.breakpoints[0]?.ok, true);
    assert.ok(analysis.cacheableTokens >= 1024);
    assert.equal(analysis.findings.filter((f) => f.severity === 'error').length, 0, JSON.stringify(analysis.findings));
    assert.equal(analysis.firstDynamic?.kind, 'per-request-value');
    assert.equal(analysis.firstDynamic?.name, 'crypto.randomUUID()');
    const marker = analysis.breakpoints[0].position?.offset ?? -1;
    assert.ok(marker >= source.indexOf("{ type: 'text', text: MANUAL") && marker < source.indexOf('messages: ['), String(marker));
  });
});

describe('TypeScript: text built from pieces', () => {
  const call = (content: string, prelude = '') => `import OpenAI from "openai";
const client = new OpenAI();
${prelude}
export function run(name: string) {
  return client.responses.create({ model: "gpt-4.1", instructions: ${content}, input: "x" });
}
`;
  const instructions = async (content: string, prelude = '') => (await onlyPrompt('a.ts', call(content, prelude))).analysis.request.instructions?.text;

  it('+ and +=', async () => {
    assert.equal(await instructions('text', 'let text = "a" + \'b\';\ntext += `c`;'), 'abc');
  });

  it('a prompt built by 60 statements `text = text + "..."` is read whole, as with +=', async () => {
    const lines = Array.from({ length: 60 }, (_, i) => `text = text + "Rule ${i}. " + NL;`).join('\n');
    const prompt = await onlyPrompt('a.ts', call('text', `const NL = "\\n";\nlet text = "Rules:\\n";\n${lines}`));
    const expected = `Rules:\n${Array.from({ length: 60 }, (_, i) => `Rule ${i}. \n`).join('')}`;
    assert.equal(prompt.analysis.request.instructions?.text, expected);
    assert.equal(prompt.analysis.estimate, false);
  });

  it('.repeat(n) of a known text counts every copy; an unknown count leaves the call unknown', async () => {
    assert.equal(await instructions('"ab ".repeat(3)'), 'ab ab ab ');
    assert.equal(await instructions('"ab ".repeat(times)'), '"ab ".repeat(times)');
  });

  it('[...].join() and .trim()', async () => {
    assert.equal(await instructions('["one", "two"].join("\\n").trim()'), 'one\ntwo');
  });

  it('a dedent tag', async () => {
    assert.equal(await instructions('dedent`\n    Line one\n      two\n`', 'import dedent from "dedent";'), '\nLine one\n  two\n');
  });

  it('as const and satisfies are looked through', async () => {
    assert.equal(await instructions('(RULES as string)', 'const RULES = "Be brief." satisfies string;'), 'Be brief.');
  });

  it('a parameter is a placeholder at its place, and the estimate names it', async () => {
    const source = call('`Hello ${name}`');
    const { analysis } = await onlyPrompt('a.ts', source);
    const piece = analysis.request.instructions!;
    const span = piece.dynamic[0];
    assert.equal(span.name, 'name');
    assert.equal(sourceOffsetOf(piece, span.start), source.indexOf('${name}'));
    assert.match(analysis.estimateReason ?? '', /`name`/);
  });
});

describe('TypeScript and JavaScript: which calls are found', () => {
  it('the Vercel AI SDK: system, prompt and the model from the provider call', async () => {
    const source = `import { generateText } from 'ai';
import { anthropic } from '@ai-sdk/anthropic';
export const run = (notes: string) => generateText({ model: anthropic('claude-sonnet-4-5'), system: 'Summarise.', prompt: notes });
`;
    const { analysis, call } = await onlyPrompt('ai.ts', source);
    assert.equal(call.api, 'ai-sdk');
    assert.equal(analysis.model, 'claude-sonnet-4-5');
    assert.equal(analysis.api, 'anthropic');
    assert.equal(analysis.request.system?.[0]?.type === 'text' && analysis.request.system[0].piece.text, 'Summarise.');
  });

  it('streamText with messages and an OpenAI model', async () => {
    const source = `import { streamText } from 'ai';
import { openai } from '@ai-sdk/openai';
streamText({ model: openai('gpt-4o-mini'), messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'hi' }] });
`;
    const { analysis } = await onlyPrompt('ai.tsx', source);
    assert.equal(analysis.model, 'gpt-4o-mini');
    assert.equal(analysis.request.messages.length, 2);
  });

  it('.withResponse() and beta parse in a .mjs file with require', async () => {
    const source = `const OpenAI = require('openai');
const client = new OpenAI();
await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'a' }] }).withResponse();
await client.beta.chat.completions.parse({ model: 'gpt-4o', messages: [{ role: 'user', content: 'b' }] });
`;
    const prompts = await promptsOf('app.mjs', source);
    assert.deepEqual(prompts.map((p) => messageTexts(p)[0]), ['a', 'b']);
  });

  it('no SDK import: no prompts', async () => {
    assert.deepEqual(await promptsOf('plain.ts', "client.chat.completions.create({ model: 'gpt-4o', messages: [] });\n"), []);
  });

  it('an Assistants thread message (`beta.threads.messages.create`) is no LLM call', async () => {
    const source = "import OpenAI from 'openai';\nconst client = new OpenAI();\nawait client.beta.threads.messages.create('thread_1', { role: 'user', content: 'Hello' });\n";
    assert.deepEqual(await promptsOf('threads.ts', source), []);
  });
});

describe('TypeScript: a call broken by a syntax error in a file with CRLF line endings', () => {
  it('places the error at the end of its line when the parser puts it between the CR and the LF', async () => {
    const source = 'import OpenAI from "openai";\r\nconst client = new OpenAI();\r\nclient.chat.completions.create({ model: "gpt-4o", messages: /\r\n});\r\n';
    const { unparsedCalls } = await analyzeSource({ fileName: 'a.ts', text: source });
    const line = 'client.chat.completions.create({ model: "gpt-4o", messages: /';
    assert.deepEqual(unparsedCalls, [{ line: 3, column: 1, callee: 'client.chat.completions.create', error: { line: 3, column: line.length + 1 } }]);
  });
});

describe('TypeScript: the Anthropic `system` shorthand', () => {
  const source = `import Anthropic from '@anthropic-ai/sdk';

const anthropic = new Anthropic();

export async function ask(question: string) {
  const system = \`You are Acme's HR assistant. Answer from the handbook.\`;
  return anthropic.messages.create({
    model: 'claude-sonnet-4-5',
    max_tokens: 1024,
    system,
    messages: [{ role: 'user', content: question }],
  });
}
`;

  it("gives the system segment the place of its text, for the report's \"at\" column and the editor's inline count", async () => {
    const { analysis } = await onlyPrompt('agent.ts', source);
    const system = analysis.segments.find((s) => s.kind === 'system');
    assert.equal(system?.range?.start, source.indexOf("`You are Acme's"));
  });
});

describe('Numbers written or computed in the code', () => {
  const tool = (minimum: string) => `{ type: 'function', function: { name: 'locate', description: 'Find a place', parameters: { type: 'object', properties: { lat: { type: 'number', minimum: ${minimum}, maximum: 90 } }, required: ['lat'] } } }`;

  it('TypeScript: `minimum: -90` is the number -90, counted as the same tool sent as JSON', async () => {
    const source = `import OpenAI from 'openai';
const client = new OpenAI();
export const ask = (q: string) => client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: q }], tools: [${tool('-90')}] });
`;
    const { analysis } = await onlyPrompt('locate.ts', source);
    const lat = (analysis.request.tools[0].parameters as { properties: { lat: { minimum: unknown } } }).properties.lat;
    assert.equal(lat.minimum, -90);
    assert.doesNotMatch(analysis.estimateReason ?? '', /known only at run time \(`-90`\)/);
  });

  it('Python: `"minimum": -90` and `+90` are numbers', async () => {
    const source = `from openai import OpenAI
client = OpenAI()

def ask(q):
    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": q}], tools=[{"type": "function", "function": {"name": "locate", "description": "Find a place", "parameters": {"type": "object", "properties": {"lat": {"type": "number", "minimum": -90, "maximum": +90}}, "required": ["lat"]}}}])
`;
    const { analysis } = await onlyPrompt('locate.py', source);
    const lat = (analysis.request.tools[0].parameters as { properties: { lat: { minimum: unknown; maximum: unknown } } }).properties.lat;
    assert.deepEqual([lat.minimum, lat.maximum], [-90, 90]);
  });

  it('TypeScript: arithmetic on known numbers is the number (`2 + 3`, `4 * 5`), in a template and as a repeat count', async () => {
    const source = `import OpenAI from 'openai';
const client = new OpenAI();
const N = 2 + 3;
const M = 4 * 5 - 10 / 2;
export const f = () => client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'system', content: \`Count: \${N} and \${M}.\` }, { role: 'user', content: 'x'.repeat(M) }] });
`;
    const { analysis } = await onlyPrompt('count.ts', source);
    assert.deepEqual(messageTexts({ analysis } as never), ['Count: 5 and 15.', 'x'.repeat(15)]);
    assert.equal(analysis.estimate, false, analysis.estimateReason);
  });

  it('TypeScript: a BigInt (`10n`) is not read as a number: counted as written, an estimate', async () => {
    const source = `import OpenAI from 'openai';
const client = new OpenAI();
const BIG = 2n ** 64n;
export const f = () => client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'system', content: \`Limit: \${BIG}, \${10n}.\` }] });
`;
    const { analysis } = await onlyPrompt('big.ts', source);
    assert.deepEqual(messageTexts({ analysis } as never), ['Limit: ${BIG}, ${10n}.']);
    assert.equal(analysis.estimate, true);
  });

  it('Python: integer arithmetic (`2 + 3`, `4 * 5 - 10 // 2`, `7 % 4`) is the number; a float division stays unknown', async () => {
    const source = `from openai import OpenAI
client = OpenAI()
N = 2 + 3
M = 4 * 5 - 10 // 2
R = 7 % 4
F = 10 / 4

def f():
    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "system", "content": f"Count: {N}, {M}, {R}."}, {"role": "user", "content": "x" * M}])
`;
    const { analysis } = await onlyPrompt('count.py', source);
    assert.deepEqual(messageTexts({ analysis } as never), ['Count: 5, 15, 3.', 'x'.repeat(15)]);
    assert.equal(analysis.estimate, false, analysis.estimateReason);
  });
});

describe('TypeScript: an image URL with its detail', () => {
  it('`detail: "low"` in `image_url` (Chat Completions) and on an `input_image` (Responses) is counted as the same body sent as JSON', async () => {
    const chat = {
      model: 'gpt-4.1',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: 'https://example.com/cat.png', detail: 'low' } }] }],
    };
    const responses = {
      model: 'gpt-4.1',
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'What is this?' }, { type: 'input_image', image_url: 'https://example.com/cat.png', detail: 'low' }] }],
    };
    for (const [method, body, format] of [
      ['chat.completions.create', chat, 'openai-chat'],
      ['responses.create', responses, 'openai-responses'],
    ] as const) {
      const source = `import OpenAI from 'openai';\nconst client = new OpenAI();\nexport const ask = () => client.${method}(${JSON.stringify(body)});\n`;
      const { analysis } = await onlyPrompt('ask.ts', source);
      const file = await analyzePrompt({ fileName: 'request.json', text: JSON.stringify(body), format });
      const image = analysis.request.messages[0].parts[1];
      assert.equal(image.type === 'image' && image.detail, 'low', method);
      assert.equal(analysis.promptTokens, file.promptTokens, method);
      assert.equal(analysis.estimate, file.estimate, method);
    }
  });
});
