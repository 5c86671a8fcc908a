import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { onlyPrompt, promptsOf } from './helpers';

/**
 * A tool or response format written as JSON whose schema or description only the running program
 * knows is counted with that part as written: the count is an estimate, and says which part.
 */
describe('tools and response formats with parts known only at run time', () => {
  it('TypeScript: a schema built by a call, a description passed in', async () => {
    const source = `import OpenAI from "openai";
const client = new OpenAI();
declare function buildSchema(): object;
export async function run(desc: string) {
  await client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }], response_format: { type: "json_schema", json_schema: { name: "x", schema: buildSchema() } } });
  await client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }], tools: [{ type: "function", function: { name: "f", description: desc, parameters: { type: "object", properties: {} } } }] });
  await client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }], tools: [{ type: "function", function: { name: "f", description: "Find it.", parameters: { type: "object", properties: {} } } }] });
}
`;
    const [format, described, known] = await promptsOf('a.ts', source);
    assert.equal(format.analysis.estimate, true);
    assert.match(format.analysis.estimateReason ?? '', /the response format has parts known only at run time \(`buildSchema\(\)`\), counted as written/);
    assert.equal(described.analysis.estimate, true);
    assert.match(described.analysis.estimateReason ?? '', /tool `f` has parts known only at run time \(`desc`\), counted as written/);
    assert.equal(known.analysis.estimate, false, known.analysis.estimateReason);
  });

  it('TypeScript: zodToJsonSchema of a schema not written here', async () => {
    const source = `import OpenAI from "openai";
import { z } from "zod";
import { zodToJsonSchema } from "zod-to-json-schema";
const client = new OpenAI();
const Cat: z.ZodType<any> = z.lazy(() => z.object({ name: z.string(), kids: z.array(Cat) }));
await client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }], response_format: { type: "json_schema", json_schema: { name: "cat", schema: zodToJsonSchema(Cat) } } });
`;
    const prompt = await onlyPrompt('a.ts', source);
    assert.equal(prompt.analysis.estimate, true);
    assert.match(prompt.analysis.estimateReason ?? '', /the response format is counted with `zodToJsonSchema\(Cat\)` as written: `z\.lazy\(\.\.\.\)` is not modelled here/);
  });

  it('Python: tool parameters built by a call', async () => {
    const source = `from openai import OpenAI
client = OpenAI()
client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}], tools=[{"type": "function", "function": {"name": "f", "parameters": make_schema()}}])
`;
    const prompt = await onlyPrompt('a.py', source);
    assert.equal(prompt.analysis.estimate, true);
    assert.match(prompt.analysis.estimateReason ?? '', /tool `f` has parts known only at run time \(`make_schema\(\)`\), counted as written/);
  });
});
