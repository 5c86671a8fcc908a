import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parsePrompt } from '../../../src/core/formats';
import type { PromptRequest } from '../../../src/core/model';
import { countPair } from '../../recordedCorpus';
import { onlyPrompt } from './helpers';

/** The bodies @langchain/openai 1.5.6 sends for the calls below (how they were caught: the file's note). */
const CAUGHT = JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'langchainjs', 'with-structured-output.json'), 'utf8')) as {
  cases: Record<string, { endpoint: string; body: Record<string, unknown> }>;
};

const HEAD = `import { ChatOpenAI } from "@langchain/openai";
import { z } from "zod/v4";

const Answer = z
  .object({
    answer: z.string().describe("The answer"),
    score: z.number().int().optional(),
    tags: z.array(z.object({ label: z.string() })),
    note: z.string().nullable(),
  })
  .describe("An answer.");
const json = { title: "answer", description: "An answer.", type: "object", properties: { answer: { type: "string", description: "The answer" } }, required: ["answer"] };
const fnDef = { name: "record", description: "Record it.", parameters: { type: "object", properties: { answer: { type: "string" } }, required: ["answer"] } };
`;

/** What a request sends that the count reads: model, messages, tools, the format, the tool choice. */
function sent(request: PromptRequest): unknown {
  const text = (parts: PromptRequest['messages'][number]['parts']) => parts.map((p) => (p.type === 'text' ? p.piece.text : p.type));
  return {
    model: request.model?.name,
    messages: request.messages.map((m) => ({ role: m.role, parts: text(m.parts) })),
    tools: request.tools.map((t) => JSON.stringify({ type: t.type, name: t.name, description: t.description, parameters: t.parameters, strict: t.strict })),
    format: request.responseFormat && JSON.stringify({ name: request.responseFormat.name, description: request.responseFormat.description, schema: request.responseFormat.schema, strict: request.responseFormat.strict }),
    tool_choice: request.parameters.tool_choice,
  };
}

/** The call `model.withStructuredOutput(...)` sends the body caught for `name`, and counts as that body does. */
async function assertSends(name: string, model: string, structured: string, head = HEAD): Promise<void> {
  const { endpoint, body } = CAUGHT.cases[name];
  const api = endpoint === '/responses' ? 'responses' : 'chat';
  const source = `${head}\nconst model = new ChatOpenAI(${model});\nexport const ask = () => model.withStructuredOutput(${structured}).invoke("Tell me about cats.");\n`;
  const { analysis } = await onlyPrompt('chain.ts', source);
  assert.equal(analysis.format, api === 'responses' ? 'openai-responses' : 'openai-chat', name);
  const parsed = parsePrompt('request.json', JSON.stringify(body, null, 2), { format: api === 'responses' ? 'openai-responses' : 'openai-chat' });
  assert.deepEqual(sent(analysis.request), sent(parsed), name);
  const counted = await countPair({ file: name, source: 'caught', api, model: String(body.model), request: body, usage: {} });
  assert.equal(analysis.promptTokens, counted.counted, name);
  // Nothing of the call is left unread: an estimate is only the counter's own, as for the body itself.
  assert.equal(analysis.estimateReason, counted.estimateReason, name);
}

describe('LangChain.js withStructuredOutput on ChatOpenAI, as @langchain/openai 1.5.6 sends it', () => {
  it('a zod 4 schema by default: the json_schema format named "extract", strict, every schema titled with the name', async () => {
    await assertSends('zodDefault', '{ model: "gpt-4o" }', 'Answer');
    const { analysis } = await onlyPrompt('chain.ts', `${HEAD}\nconst model = new ChatOpenAI({ model: "gpt-4o" });\nexport const ask = () => model.withStructuredOutput(Answer).invoke("hi");\n`);
    const schema = analysis.request.responseFormat?.schema as { title: string; properties: Record<string, { title: string }> };
    assert.equal(schema.title, 'extract');
    assert.equal(schema.properties.answer.title, 'extract');
  });

  it('a name given names the format and every title; strict: false is sent strict all the same', async () => {
    await assertSends('zodNamedStrictFalse', '{ model: "gpt-4o" }', 'Answer, { name: "Answer", strict: false }');
  });

  it('functionCalling: one tool of the zod schema as a tool writes it, strict when given, forced by name', async () => {
    await assertSends('zodFunctionStrict', '{ model: "gpt-4o" }', 'Answer, { name: "Answer", method: "functionCalling", strict: true }');
  });

  it('gpt-4 takes functionCalling by default', async () => {
    await assertSends('zodGpt4', '{ model: "gpt-4" }', 'Answer, { name: "Answer" }');
  });

  it('a JSON schema: the format {name, description, schema, strict} as given', async () => {
    await assertSends('jsonDefault', '{ model: "gpt-4o" }', 'json');
    await assertSends('jsonStrict', '{ model: "gpt-4o" }', 'json, { strict: true, includeRaw: true }');
  });

  it('a JSON schema with functionCalling: the tool named by its title; a function definition as it is', async () => {
    await assertSends('jsonFunction', '{ model: "gpt-4o" }', 'json, { method: "functionCalling" }');
    await assertSends('functionDefinition', '{ model: "gpt-4o" }', 'fnDef, { method: "functionCalling" }');
  });

  it('jsonMode: {type: "json_object"}', async () => {
    await assertSends('jsonMode', '{ model: "gpt-4o" }', 'json, { method: "jsonMode" }');
  });

  it('on the Responses API: text.format for json_schema, a flat forced tool for functionCalling', async () => {
    await assertSends('zodResponses', '{ model: "gpt-4o", useResponsesApi: true }', 'Answer, { name: "Answer" }');
    await assertSends('jsonResponses', '{ model: "gpt-4o", useResponsesApi: true }', 'json');
    await assertSends('zodFunctionResponses', '{ model: "gpt-4o", useResponsesApi: true }', 'Answer, { name: "Answer", method: "functionCalling", strict: true }');
  });

  it('a zod 3 schema: the openai SDK\'s zodResponseFormat schema for json_schema, zod-to-json-schema\'s for functionCalling', async () => {
    const v3 = (name: string, structured: string) => assertSends(name, '{ model: "gpt-4o" }', structured, HEAD.replace('"zod/v4"', '"zod/v3"').replace('    score: z.number().int().optional(),\n', ''));
    await v3('zod3Named', 'Answer, { name: "Answer" }');
    await v3('zod3Function', 'Answer, { name: "Answer", method: "functionCalling" }');
  });

  it('what is not read is said: a method LangChain refuses, options known only at run time, ChatAnthropic', async () => {
    const reason = async (model: string, structured: string) =>
      (await onlyPrompt('chain.ts', `${HEAD}\nimport { ChatAnthropic } from "@langchain/anthropic";\nconst model = new ${model};\nexport const ask = (o: any) => model.withStructuredOutput(${structured}).invoke("hi");\n`)).analysis.estimateReason ?? '';
    assert.match(await reason('ChatOpenAI({ model: "gpt-4" })', 'Answer, { method: "jsonSchema" }'), /LangChain refuses `jsonSchema` for gpt-4/);
    assert.match(await reason('ChatOpenAI({ model: "gpt-4o" })', 'Answer, o'), /its options are known only at run time/);
    assert.match(await reason('ChatAnthropic({ model: "claude-sonnet-4-5" })', 'Answer'), /only ChatOpenAI's is read here/);
    // LangChain throws for the refused method: a warning on the call; not for what is only unknown here.
    const refused = async (model: string, structured: string) =>
      (await onlyPrompt('chain.ts', `${HEAD}\nconst model = new ${model};\nexport const ask = (o: any) => model.withStructuredOutput(${structured}).invoke("hi");\n`)).analysis.findings
        .filter((f) => f.rule === 'request-refused')
        .map((f) => f.message);
    assert.deepEqual(await refused('ChatOpenAI({ model: "gpt-4" })', 'Answer, { method: "jsonSchema" }'), [
      'This call fails as written: the structured output of `withStructuredOutput` is not counted: LangChain refuses `jsonSchema` for gpt-4',
    ]);
    assert.deepEqual(await refused('ChatOpenAI({ model: "gpt-4o" })', 'Answer, o'), []);
  });
});
