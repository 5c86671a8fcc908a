import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { z as z3 } from 'zod/v3';
import { zodToJsonSchema } from 'zod-to-json-schema';
import { CORPUS_DIR } from '../../recordedCorpus';
import type { SourcePrompt } from '../../../src/core/sources/analyzeSource';
import { longText, messageTexts, onlyPrompt, promptsOf } from './helpers';

const POLICY = longText(60);

const HEAD = `import { ChatOpenAI, AzureChatOpenAI } from "@langchain/openai";
import { ChatAnthropic } from "@langchain/anthropic";
import { initChatModel } from "langchain/chat_models/universal";
import { AIMessage, HumanMessage, SystemMessage, ToolMessage } from "@langchain/core/messages";
import { ChatPromptTemplate, MessagesPlaceholder } from "@langchain/core/prompts";
import { StringOutputParser } from "@langchain/core/output_parsers";
import { RunnableSequence } from "@langchain/core/runnables";

const POLICY = \`${POLICY}\`;
`;

const SDK_HEAD = `import OpenAI from "openai";
import Anthropic from "@anthropic-ai/sdk";

const POLICY = \`${POLICY}\`;
const openai = new OpenAI();
const anthropic = new Anthropic();
`;

/** The one call of a LangChain.js file, and of the file holding the SDK call it stands for. */
async function pair(langchain: string, sdk: string): Promise<[SourcePrompt, SourcePrompt]> {
  return [await onlyPrompt('chain.ts', `${HEAD}\n${langchain}`), await onlyPrompt('sdk.ts', `${SDK_HEAD}\n${sdk}`)];
}

/** What a user compares: the API, the model, the roles, the texts and the counts. */
function assertSameRequest(chain: SourcePrompt, sdk: SourcePrompt): void {
  assert.equal(chain.analysis.format, sdk.analysis.format);
  assert.equal(chain.analysis.model, sdk.analysis.model);
  assert.deepEqual(chain.analysis.request.messages.map((m) => m.role), sdk.analysis.request.messages.map((m) => m.role));
  assert.deepEqual(messageTexts(chain), messageTexts(sdk));
  assert.deepEqual(chain.analysis.request.tools.map((t) => t.name), sdk.analysis.request.tools.map((t) => t.name));
  assert.equal(chain.analysis.promptTokens, sdk.analysis.promptTokens);
  assert.equal(chain.analysis.cacheableTokens, sdk.analysis.cacheableTokens);
}

const WEATHER = `{ type: "function", function: { name: "get_weather", description: "Weather for a city", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } } }`;

describe('LangChain.js chat models', () => {
  it('new ChatOpenAI({ model }).invoke with message classes counts as the Chat Completions request it sends', async () => {
    const [chain, sdk] = await pair(
      `const llm = new ChatOpenAI({ model: "gpt-4o-mini", temperature: 0 });
export async function ask() {
  return await llm.invoke([new SystemMessage(POLICY), new HumanMessage({ content: "Where is my order?" }), new AIMessage("Which order?"), new HumanMessage("Order 12.")]);
}`,
      `export async function ask() {
  return await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [
    { role: "system", content: POLICY }, { role: "user", content: "Where is my order?" }, { role: "assistant", content: "Which order?" }, { role: "user", content: "Order 12." }] });
}`,
    );
    assert.equal(chain.call.callee, 'llm.invoke');
    assert.equal(chain.call.api, 'chat.completions');
    assertSameRequest(chain, sdk);
    assert.ok(chain.analysis.cacheableTokens >= 1024, String(chain.analysis.cacheableTokens));
  });

  it('tuples, { role, content } objects and a bare text, and `new ChatOpenAI("gpt-4o")` naming the model by position', async () => {
    const [chain, sdk] = await pair(
      `const llm = new ChatOpenAI("gpt-4o", { temperature: 0 });
export async function ask() {
  return llm.stream([["system", POLICY], ["human", "Hi"], { role: "ai", content: "Hello." }, { role: "user", content: "Bye" }, "Thanks"]);
}`,
      `export async function ask() {
  return openai.chat.completions.create({ model: "gpt-4o", stream: true, messages: [
    { role: "system", content: POLICY }, { role: "user", content: "Hi" }, { role: "assistant", content: "Hello." }, { role: "user", content: "Bye" }, { role: "user", content: "Thanks" }] });
}`,
    );
    assert.equal(chain.call.callee, 'llm.stream');
    assertSameRequest(chain, sdk);
  });

  it('a string input is one user message; `modelName` names the model; AzureChatOpenAI sends Chat Completions too', async () => {
    const [chain, sdk] = await pair(
      `const llm = new AzureChatOpenAI({ modelName: "gpt-4.1", azureOpenAIApiDeploymentName: "prod" });
export const ask = () => llm.invoke("What is the capital of France?");`,
      `export const ask = () => openai.chat.completions.create({ model: "gpt-4.1", messages: [{ role: "user", content: "What is the capital of France?" }] });`,
    );
    assertSameRequest(chain, sdk);
  });

  it('no model given: the package default, gpt-3.5-turbo for ChatOpenAI and claude-sonnet-4-5-20250929 for ChatAnthropic, said in the estimate', async () => {
    const openai = await onlyPrompt('a.ts', `${HEAD}\nconst llm = new ChatOpenAI({ temperature: 0 });\nexport const ask = () => llm.invoke("Hi");\n`);
    assert.equal(openai.analysis.model, 'gpt-3.5-turbo');
    assert.match(openai.analysis.estimateReason ?? '', /no model is given: LangChain\.js's default, gpt-3\.5-turbo/);
    const claude = await onlyPrompt('a.ts', `${HEAD}\nconst llm = new ChatAnthropic();\nexport const ask = () => llm.invoke("Hi");\n`);
    assert.equal(claude.analysis.model, 'claude-sonnet-4-5-20250929');
    assert.equal(claude.analysis.format, 'anthropic-messages');
  });

  it('initChatModel(undefined, { modelProvider }) is no model given: the provider\'s default, as with no first argument', async () => {
    const omitted = await onlyPrompt('a.ts', `${HEAD}\nconst model = await initChatModel(undefined, { modelProvider: "openai" });\nexport const ask = () => model.invoke("Hi");\n`);
    const absent = await onlyPrompt('a.ts', `${HEAD}\nconst model = await initChatModel(null, { modelProvider: "openai" });\nexport const ask = () => model.invoke("Hi");\n`);
    for (const { analysis } of [omitted, absent]) {
      assert.equal(analysis.model, 'gpt-3.5-turbo');
      assert.equal(analysis.estimate, true);
      assert.match(analysis.estimateReason ?? '', /no model is given: LangChain\.js's default, gpt-3\.5-turbo/);
    }
  });

  it('useResponsesApi: true sends a Responses request, the messages as `input`', async () => {
    const [chain, sdk] = await pair(
      `const llm = new ChatOpenAI({ model: "gpt-4.1-mini", useResponsesApi: true });
export const ask = (q: string) => llm.invoke([new SystemMessage(POLICY), new HumanMessage(q)]);`,
      `export const ask = (q: string) => openai.responses.create({ model: "gpt-4.1-mini", input: [{ role: "system", content: POLICY }, { role: "user", content: q }] });`,
    );
    assert.equal(chain.call.api, 'responses');
    assertSameRequest(chain, sdk);
  });

  it('a reasoning model (gpt-5-mini) is sent its system message as `developer`; a codex model goes to the Responses API', async () => {
    const [chain, sdk] = await pair(
      `const llm = new ChatOpenAI({ model: "gpt-5-mini" });
export const ask = () => llm.invoke([["system", POLICY], ["human", "Hi"]]);`,
      `export const ask = () => openai.chat.completions.create({ model: "gpt-5-mini", messages: [{ role: "developer", content: POLICY }, { role: "user", content: "Hi" }] });`,
    );
    assert.deepEqual(chain.analysis.request.messages.map((m) => m.role), ['developer', 'user']);
    assertSameRequest(chain, sdk);
    const codex = await onlyPrompt('a.ts', `${HEAD}\nconst llm = new ChatOpenAI({ model: "gpt-5-codex" });\nexport const ask = () => llm.invoke("Hi");\n`);
    assert.equal(codex.analysis.format, 'openai-responses');
  });

  it('ChatAnthropic: the first system message is sent as `system`, a tool message as a tool_result block', async () => {
    const [chain, sdk] = await pair(
      `const claude = new ChatAnthropic({ model: "claude-sonnet-4-5", maxTokens: 512 });
export async function ask() {
  return await claude.invoke([new SystemMessage(POLICY), new HumanMessage("Weather in Paris?"), new AIMessage("Checking."), new ToolMessage({ content: "18 C, sunny", tool_call_id: "toolu_1" })]);
}`,
      `export async function ask() {
  return await anthropic.messages.create({ model: "claude-sonnet-4-5", max_tokens: 512, system: POLICY, messages: [
    { role: "user", content: "Weather in Paris?" }, { role: "assistant", content: "Checking." },
    { role: "user", content: [{ type: "tool_result", content: "18 C, sunny", tool_use_id: "toolu_1" }] }] });
}`,
    );
    assert.equal(chain.call.api, 'messages');
    assert.equal(chain.analysis.request.system?.length, 1);
    assertSameRequest(chain, sdk);
  });

  it('an AIMessage\'s tool calls are said not to be counted; a model known only at run time falls back to its default', async () => {
    const prompt = await onlyPrompt(
      'a.ts',
      `${HEAD}
const llm = new ChatOpenAI({ model: process.env.MODEL ?? "gpt-5-mini" });
export const ask = () => llm.invoke([["system", "Be brief."], new AIMessage({ content: "", tool_calls: [{ id: "c1", name: "get_weather", args: { city: "Paris" } }] }), new ToolMessage({ content: "sunny", tool_call_id: "c1" })]);
`,
    );
    assert.equal(prompt.analysis.model, 'gpt-5-mini');
    assert.deepEqual(prompt.analysis.request.messages.map((m) => m.role), ['developer', 'assistant', 'tool']);
    assert.match(prompt.analysis.estimateReason ?? '', /the tool calls of `AIMessage` are not counted/);
  });

  it('ChatAnthropic: a system message of content blocks keeps its cache_control breakpoint', async () => {
    const [chain, sdk] = await pair(
      `const claude = new ChatAnthropic({ model: "claude-sonnet-4-5" });
export const ask = () => claude.invoke([new SystemMessage({ content: [{ type: "text", text: POLICY, cache_control: { type: "ephemeral" } }] }), new HumanMessage("Hi")]);`,
      `export const ask = () => anthropic.messages.create({ model: "claude-sonnet-4-5", max_tokens: 1024,
  system: [{ type: "text", text: POLICY, cache_control: { type: "ephemeral" } }], messages: [{ role: "user", content: "Hi" }] });`,
    );
    assert.ok(chain.analysis.request.system?.[0]?.breakpoint);
    assertSameRequest(chain, sdk);
  });

  it('ChatAnthropic: a system message after the first is not sent, and the estimate says so', async () => {
    const prompt = await onlyPrompt('a.ts', `${HEAD}\nconst claude = new ChatAnthropic({ model: "claude-haiku-4-5" });\nexport const ask = () => claude.invoke([["human", "Hi"], ["system", "Late rule."]]);\n`);
    assert.equal(prompt.analysis.request.system, undefined);
    assert.deepEqual(messageTexts(prompt), ['Hi']);
    assert.match(prompt.analysis.estimateReason ?? '', /a system message after the first message is refused by LangChain/);
  });

  it('initChatModel: the provider told by the model name, a `provider:` prefix or `modelProvider`; awaited and bound to a variable', async () => {
    const [chain, sdk] = await pair(
      `export async function ask() {
  const model = await initChatModel("gpt-4o", { temperature: 0 });
  return model.invoke([["system", POLICY], ["user", "Hi"]]);
}`,
      `export async function ask() {
  return openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: POLICY }, { role: "user", content: "Hi" }] });
}`,
    );
    assertSameRequest(chain, sdk);
    const prefixed = await onlyPrompt('a.ts', `${HEAD}\nconst model = await initChatModel("anthropic:claude-opus-4-1");\nexport const ask = () => model.invoke("Hi");\n`);
    assert.equal(prefixed.analysis.format, 'anthropic-messages');
    assert.equal(prefixed.analysis.model, 'claude-opus-4-1');
    const stated = await onlyPrompt('a.ts', `${HEAD}\nconst model = await initChatModel("my-deployment", { modelProvider: "azure_openai" });\nexport const ask = () => model.invoke("Hi");\n`);
    assert.equal(stated.analysis.format, 'openai-chat');
    // A provider not counted here (Gemini through Vertex AI) is no call this analyses.
    assert.deepEqual(await promptsOf('a.ts', `${HEAD}\nconst model = await initChatModel("gemini-2.5-pro");\nexport const ask = () => model.invoke("Hi");\n`), []);
  });

  it('OpenAI-format tools given to bindTools are counted, through bind({ tools }), withConfig and withRetry', async () => {
    const [chain, sdk] = await pair(
      `const weather = ${WEATHER};
const llm = new ChatOpenAI({ model: "gpt-4.1" }).bindTools([weather]).withConfig({ tags: ["weather"] }).withRetry({ stopAfterAttempt: 2 });
export const ask = () => llm.invoke("What is the weather in Paris?");`,
      `const weather = ${WEATHER};
export const ask = () => openai.chat.completions.create({ model: "gpt-4.1", tools: [weather], messages: [{ role: "user", content: "What is the weather in Paris?" }] });`,
    );
    assertSameRequest(chain, sdk);
    const bound = await onlyPrompt('a.ts', `${HEAD}\nconst llm = new ChatOpenAI({ model: "gpt-4.1" }).bind({ tools: [${WEATHER}] });\nexport const ask = () => llm.invoke("Paris?");\n`);
    assert.deepEqual(bound.analysis.request.tools.map((t) => t.name), ['get_weather']);
  });

  it('bound OpenAI-format tools are sent flat to the Responses API and as Anthropic tools to ChatAnthropic', async () => {
    const [responses, responsesSdk] = await pair(
      `const llm = new ChatOpenAI({ model: "gpt-4.1", useResponsesApi: true }).bindTools([${WEATHER}]);
export const ask = () => llm.invoke("Paris?");`,
      `export const ask = () => openai.responses.create({ model: "gpt-4.1", input: [{ role: "user", content: "Paris?" }],
  tools: [{ type: "function", name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] }, description: "Weather for a city", strict: null }] });`,
    );
    assertSameRequest(responses, responsesSdk);
    const [claude, claudeSdk] = await pair(
      `const llm = new ChatAnthropic({ model: "claude-sonnet-4-5" }).bindTools([${WEATHER}]);
export const ask = () => llm.invoke("Paris?");`,
      `export const ask = () => anthropic.messages.create({ model: "claude-sonnet-4-5", max_tokens: 1024, messages: [{ role: "user", content: "Paris?" }],
  tools: [{ name: "get_weather", description: "Weather for a city", input_schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } }] });`,
    );
    assertSameRequest(claude, claudeSdk);
  });

  // @langchain/openai's `tools.imageGeneration()` / `tools.webSearch()` make `{type: "image_generation", ...}` /
  // `{type: "web_search", ...}`; `bindTools` passes them as they are and `ChatOpenAI._useResponsesApi` sends any
  // tool whose type is not `function` to the Responses API, whatever `useResponsesApi` says (chat_models/index.ts,
  // chat_models/base.ts, utils/tools.ts `isBuiltInTool`, tools/*.ts at langchain-ai/langchainjs@62fc484b2a0d1ec5b8bebff4a8a0efe6300ada72).
  it('bindTools([tools.imageGeneration()]) is counted on the Responses API with the built-in tool, even with useResponsesApi: false', async () => {
    const head = HEAD.replace('import { ChatOpenAI, AzureChatOpenAI } from "@langchain/openai";', 'import { ChatOpenAI, AzureChatOpenAI, tools } from "@langchain/openai";');
    const chain = (options: string, tool: string) =>
      onlyPrompt('chain.ts', `${head}
const llm = new ChatOpenAI({ model: "gpt-4.1"${options} }).bindTools([${tool}, ${WEATHER}]);
export const ask = () => llm.invoke("Draw the weather in Paris.");
`);
    const image = await chain('', 'tools.imageGeneration({ quality: "low" })');
    const sdk = await onlyPrompt(
      'sdk.ts',
      `${SDK_HEAD}
export const ask = () => openai.responses.create({ model: "gpt-4.1", input: [{ role: "user", content: "Draw the weather in Paris." }],
  tools: [{ type: "image_generation", quality: "low" }, { type: "function", name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] }, description: "Weather for a city", strict: null }] });`,
    );
    assert.equal(image.analysis.format, 'openai-responses');
    assertSameRequest(image, sdk);
    assert.deepEqual(image.analysis.request.tools.map((t) => t.type), ['image_generation', 'function']);
    assert.deepEqual(image.analysis.estimateReasons, [
      'Built-in tools (web search, file search, ...) add instructions of unknown length; not counted.',
      'LangChain sends a request with the built-in tool `image_generation` to the Responses API: counted as a Responses request',
    ]);

    const search = await chain(', useResponsesApi: false', 'tools.webSearch()');
    assert.equal(search.analysis.format, 'openai-responses');
    assert.deepEqual(search.analysis.request.tools.map((t) => t.type), ['web_search', 'function']);
    assert.match(search.analysis.estimateReason ?? '', /LangChain sends a request with the built-in tool `web_search` to the Responses API/);

    // A `tools` of the file's own is no built-in tool of @langchain/openai.
    const own = await onlyPrompt('chain.ts', `${HEAD}
import { tools } from "./myTools";
const llm = new ChatOpenAI({ model: "gpt-4.1" }).bindTools([tools.webSearch()]);
export const ask = () => llm.invoke("Paris?");
`);
    assert.equal(own.analysis.format, 'openai-chat');
    assert.deepEqual(own.analysis.request.tools, []);
  });

  it('tool() and DynamicStructuredTool with a zod 4 schema: the function tool LangChain.js sends, counted as the same tool written out', async () => {
    const [chain, sdk] = await pair(
      `import { tool, DynamicStructuredTool } from "@langchain/core/tools";
import { z } from "zod/v4";
const weather = tool(async ({ city }) => "sunny", { name: "get_weather", description: "Weather for a city", schema: z.object({ city: z.string().describe("The city"), days: z.number().int().default(1) }) });
const lookup = new DynamicStructuredTool({ name: "lookup", schema: z.object({ q: z.string() }).describe("Look an order up"), func: async () => "" });
const llm = new ChatOpenAI({ model: "gpt-4.1" }).bindTools([weather, lookup]);
export const ask = () => llm.invoke("Paris?");
`,
      // What @langchain/openai 1.6 (@langchain/core 1.4, zod 4.6) sends for these tools: zod 4's
      // draft 2020-12 schema, a defaulted property required, the description from the schema.
      `export const ask = () => openai.chat.completions.create({ model: "gpt-4.1", messages: [{ role: "user", content: "Paris?" }], tools: [
  { type: "function", function: { name: "get_weather", description: "Weather for a city", parameters: { $schema: "https://json-schema.org/draft/2020-12/schema", type: "object", properties: { city: { type: "string", description: "The city" }, days: { default: 1, type: "integer", minimum: -9007199254740991, maximum: 9007199254740991 } }, required: ["city", "days"], additionalProperties: false } } },
  { type: "function", function: { name: "lookup", description: "Look an order up", parameters: { $schema: "https://json-schema.org/draft/2020-12/schema", type: "object", properties: { q: { type: "string" } }, required: ["q"], additionalProperties: false, description: "Look an order up" } } },
] });`,
    );
    assertSameRequest(chain, sdk);
    assert.equal(JSON.stringify(chain.analysis.request.tools.map((t) => t.parameters)), JSON.stringify(sdk.analysis.request.tools.map((t) => t.parameters)));
  });

  it('a recorded LangChain.js request: DynamicStructuredTool with a zod 3 schema counts what OpenAI billed', async () => {
    // braintrustdata/braintrust-sdk-javascript@84676973fd3c45e0c2d40a496bffe16ded9c1d9e,
    // e2e/scenarios/wrap-langchain-js-traces/scenario.ts (zod 3.25.76), as a user writes it.
    const source = `import { ChatOpenAI } from "@langchain/openai";
import { DynamicStructuredTool } from "@langchain/core/tools";
import { z } from "zod";

const getWeatherTool = new DynamicStructuredTool({
  name: "get_weather",
  description: "Get the current weather in a given location",
  schema: z.object({ location: z.string().describe("The city and state or city and country") }),
  func: async ({ location }) => JSON.stringify({ condition: "sunny", location, temperatureC: 22 }),
});
const model = new ChatOpenAI({ model: "gpt-4o-mini-2024-07-18", maxTokens: 128, temperature: 0 });
export const run = () => model.bindTools([getWeatherTool]).invoke("Use the get_weather tool for Paris, France. Do not answer from memory.");
`;
    const { analysis } = await onlyPrompt('scenario.ts', source, { 'package.json': JSON.stringify({ dependencies: { zod: '3.25.76' } }) });
    const recorded = JSON.parse(readFileSync(join(CORPUS_DIR, 'braintrust-sdk-javascript', 'wrap-langchain-js-traces-v1-3.json'), 'utf8'));
    assert.deepEqual(analysis.request.tools[0].parameters, recorded.request.tools[0].function.parameters);
    assert.equal(analysis.estimate, false, analysis.estimateReason);
    assert.equal(analysis.promptTokens, recorded.usage.prompt_tokens);
  });

  it('OpenAI-format tools whose parameters are zodToJsonSchema(Schema) and description Schema.description: what zod-to-json-schema writes', async () => {
    const schema = `z.object({ operation: z.enum(["add", "subtract"]), number1: z.number(), number2: z.number().int().min(1).optional() }).describe("A tool to perform basic arithmetic operations")`;
    const prompt = await onlyPrompt(
      'a.ts',
      `${HEAD}
import { z } from "zod/v3";
import { zodToJsonSchema } from "zod-to-json-schema";
const calculatorSchema = ${schema};
const llm = new ChatOpenAI({ model: "gpt-4o-mini" }).bindTools([{ type: "function", function: { name: "calculator", description: calculatorSchema.description, parameters: zodToJsonSchema(calculatorSchema) } }]);
export const ask = () => llm.invoke("What is 3 + 4?");
`,
    );
    const [tool] = prompt.analysis.request.tools;
    const built = new Function('z', `return ${schema}`)(z3);
    assert.equal(JSON.stringify(tool.parameters), JSON.stringify(zodToJsonSchema(built)));
    assert.equal(tool.description, built.description);
    // Nothing is unknown; the one estimate is the counter's own (a parameters schema with a description).
    assert.match(prompt.analysis.estimateReason ?? '', /^A tool whose parameters schema has a `description` of its own/);
    assert.doesNotMatch(prompt.analysis.estimateReason ?? '', /computed when the module loads|built by code|known only at run time/);
  });

  it('a tool() whose zod schema is not written here is left out, and the estimate says which construct', async () => {
    const prompt = await onlyPrompt(
      'a.ts',
      `${HEAD}
import { tool } from "@langchain/core/tools";
import { z } from "zod/v4";
const weather = tool(async ({ city }) => "sunny", { name: "get_weather", schema: z.object({ city: z.string().transform((c) => c.trim()) }) });
const llm = new ChatOpenAI({ model: "gpt-4.1" }).bindTools([weather]);
export const ask = () => llm.invoke("Paris?");
`,
    );
    assert.deepEqual(prompt.analysis.request.tools, []);
    assert.match(prompt.analysis.estimateReason ?? '', /a tool bound with `bindTools` \(`tool\(async \(\{ city \}\) => "sunny", \{ n\.\.\.`\) is not counted: `\.transform\(\.\.\.\)` is not modelled here/);
  });

  it('a tool object built elsewhere is still named as converted at run time', async () => {
    const prompt = await onlyPrompt(
      'a.ts',
      `${HEAD}
import { makeTools } from "./tools";
const llm = new ChatOpenAI({ model: "gpt-4.1" }).bindTools([makeTools()]);
export const ask = () => llm.invoke("Paris?");
`,
    );
    assert.match(prompt.analysis.estimateReason ?? '', /tools bound with `bindTools` \(`makeTools\(\.\.\.\)`\) are schemas or tool objects LangChain converts at run time: not counted/);
  });
});

describe('LangChain.js chains', () => {
  const TEMPLATE = `const prompt = ChatPromptTemplate.fromMessages([
  ["system", POLICY + "\\nAnswer as {persona}; write JSON like {{\\"answer\\": ...}}."],
  new MessagesPlaceholder("history"),
  ["human", "{question}"],
]);
const llm = new ChatOpenAI({ model: "gpt-4.1-mini" });`;
  const SDK = `export const ask = () => openai.chat.completions.create({ model: "gpt-4.1-mini", messages: [
  { role: "system", content: POLICY + "\\nAnswer as a librarian; write JSON like {\\"answer\\": ...}." },
  { role: "user", content: "Where are the atlases?" }] });`;

  it('prompt.pipe(model).pipe(parser): the template\'s messages, {fields} filled from the invoke object, {{ }} as braces', async () => {
    const [chain, sdk] = await pair(
      `${TEMPLATE}
const chain = prompt.pipe(llm).pipe(new StringOutputParser());
export const ask = () => chain.invoke({ persona: "a librarian", question: "Where are the atlases?", history: [] });`,
      SDK,
    );
    assertSameRequest(chain, sdk);
    assert.match(chain.analysis.estimateReason ?? '', /a messages placeholder adds messages known only at run time/);
    assert.doesNotMatch(chain.analysis.estimateReason ?? '', /computed when the module loads/);
  });

  it('RunnableSequence.from([prompt, model, parser]) is the same request', async () => {
    const [chain, sdk] = await pair(
      `${TEMPLATE}
const chain = RunnableSequence.from([prompt, llm, new StringOutputParser()]);
export const ask = () => chain.invoke({ persona: "a librarian", question: "Where are the atlases?", history: [] });`,
      SDK,
    );
    assertSameRequest(chain, sdk);
  });

  it('a field known only at run time stays a placeholder; ["placeholder", "{history}"] is left out', async () => {
    const prompt = await onlyPrompt(
      'a.ts',
      `${HEAD}
const prompt = ChatPromptTemplate.fromMessages([["system", POLICY], ["placeholder", "{history}"], ["human", "{question}"]]);
const chain = prompt.pipe(new ChatOpenAI({ model: "gpt-4o" }));
export const ask = (question: string, history: unknown[]) => chain.invoke({ question, history });
`,
    );
    assert.deepEqual(prompt.analysis.request.messages.map((m) => m.role), ['system', 'user']);
    assert.equal(messageTexts(prompt)[1], '{question}');
    assert.match(prompt.analysis.estimateReason ?? '', /a value known only at run time \(`question`\)/);
    assert.match(prompt.analysis.estimateReason ?? '', /a messages placeholder adds messages known only at run time/);
  });

  it('ChatPromptTemplate.fromTemplate is one human message; a message object in a template is sent as written', async () => {
    const [single, singleSdk] = await pair(
      `const chain = ChatPromptTemplate.fromTemplate("Summarize: {text}").pipe(new ChatOpenAI({ model: "gpt-4o" }));
export const ask = () => chain.invoke({ text: "the minutes" });`,
      `export const ask = () => openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "Summarize: the minutes" }] });`,
    );
    assertSameRequest(single, singleSdk);
    const fixed = await onlyPrompt(
      'a.ts',
      `${HEAD}
const prompt = ChatPromptTemplate.fromMessages([new SystemMessage("Keep {braces} as written."), ["human", "{q}"]]);
export const ask = () => prompt.pipe(new ChatOpenAI({ model: "gpt-4o" })).invoke({ q: "Hi", braces: "filled" });
`,
    );
    assert.deepEqual(messageTexts(fixed), ['Keep {braces} as written.', 'Hi']);
  });

  it('SystemMessagePromptTemplate.fromTemplate / HumanMessagePromptTemplate.fromTemplate items are templates too', async () => {
    const [chain, sdk] = await pair(
      `import { HumanMessagePromptTemplate, SystemMessagePromptTemplate } from "@langchain/core/prompts";
const prompt = ChatPromptTemplate.fromMessages([SystemMessagePromptTemplate.fromTemplate("You are {persona}."), HumanMessagePromptTemplate.fromTemplate("{q}")]);
export const ask = () => prompt.pipe(new ChatOpenAI({ model: "gpt-4o" })).invoke({ persona: "a guide", q: "Hi" });`,
      `export const ask = () => openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: "You are a guide." }, { role: "user", content: "Hi" }] });`,
    );
    assertSameRequest(chain, sdk);
  });
});

describe('LangChain.js: what is no LLM call', () => {
  it('a chain of 20,000 .pipe steps is read without running out of stack', async () => {
    const steps = Array.from({ length: 20_000 }, () => '.pipe(step)').join('');
    const source = `${HEAD}\nconst step = new ChatOpenAI({ model: "gpt-4o" });\nconst chain = prompt${steps};\nexport const ask = (q: string) => chain.invoke({ q });\n`;
    // `prompt` is no template the source makes: the call is not read.
    assert.deepEqual(await promptsOf('deep.ts', source), []);
  });

  it('an .invoke on a retriever, a tool, a chain without a model or a parameter, and a .batch', async () => {
    const source = `${HEAD}
const llm = new ChatOpenAI({ model: "gpt-4o" });
const prompt = ChatPromptTemplate.fromTemplate("{q}");
const formatOnly = prompt.pipe(new StringOutputParser());
export async function run(retriever: any, searchTool: any, chain: any, q: string) {
  const docs = await retriever.invoke(q);
  const found = await searchTool.invoke({ query: q });
  const text = await formatOnly.invoke({ q });
  await llm.batch(["a", "b"]);
  return chain.invoke({ q, docs, found, text });
}
`;
    assert.deepEqual(await promptsOf('a.ts', source), []);
  });

  it('a file importing only LangChain.js is read; messages given as a parameter stay of unknown size', async () => {
    const prompt = await onlyPrompt(
      'a.ts',
      `import { ChatOpenAI } from "@langchain/openai";
const llm = new ChatOpenAI({ model: process.env.MODEL ?? "gpt-4o" });
export const ask = (messages: unknown[]) => llm.invoke(messages);
`,
    );
    assert.equal(prompt.analysis.model, 'gpt-4o');
    assert.match(prompt.analysis.estimateReason ?? '', /the model is `process\.env\.MODEL \?\? "gpt-4o"`, known only at run time: counted as its default, gpt-4o/);
    assert.match(prompt.analysis.sizeUnknown ?? '', /messages is `messages`/);
  });

  it('an apiKey or a client configuration from process.env is no prompt text: the count stays exact', async () => {
    const source = `${HEAD}
const apiKey = process.env.OPENAI_API_KEY;
const llm = new ChatOpenAI({ model: "gpt-4o", apiKey, timeout: Number(process.env.TIMEOUT), configuration: { baseURL: process.env.BASE_URL } });

export async function ask() {
  return llm.invoke([["system", POLICY], ["human", "Summarise the policy."]]);
}
`;
    const prompt = await onlyPrompt('chain.ts', source);
    assert.equal(prompt.analysis.model, 'gpt-4o');
    assert.equal(prompt.analysis.estimate, false, prompt.analysis.estimateReason);
  });
});

describe("LangChain.js image blocks, as @langchain/openai 1.5.8 and 1.6.0 and @langchain/anthropic 1.5.11 send them (checked with a stand-in fetch)", () => {
  it('the older `source_type: "base64"` block is the image_url block it sends, sized from its data', async () => {
    const header = Buffer.alloc(33);
    header.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    header.writeUInt32BE(1024, 16);
    header.writeUInt32BE(768, 20);
    const png = header.toString('base64');
    const source = (block: string) => `import { ChatOpenAI } from "@langchain/openai";
import { HumanMessage } from "@langchain/core/messages";
const model = new ChatOpenAI({ model: "gpt-4o" });
await model.invoke([new HumanMessage({ content: [{ type: "text", text: "What is this?" }, ${block}] })]);
`;
    const v0 = await onlyPrompt('app.ts', source(`{ type: "image", source_type: "base64", mime_type: "image/png", data: "${png}" }`));
    const asImageUrl = await onlyPrompt('app.ts', source(`{ type: "image_url", image_url: { url: "data:image/png;base64,${png}" } }`));
    const image = v0.analysis.request.messages[0].parts[1];
    assert.deepEqual(image.type === 'image' ? [image.width, image.height] : [], [1024, 768]);
    assert.equal(v0.analysis.promptTokens, asImageUrl.analysis.promptTokens);
    // LangChain 1's `base64` block is sent as written by LangChain.js: not taken for an image_url block.
    const v1 = await onlyPrompt('app.ts', source(`{ type: "image", base64: "${png}", mime_type: "image/png" }`));
    const part = v1.analysis.request.messages[0].parts[1];
    assert.notDeepEqual(part.type === 'image' ? [part.width, part.height] : [], [1024, 768]);
  });

  const header = Buffer.alloc(33);
  header.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  header.writeUInt32BE(1024, 16);
  header.writeUInt32BE(768, 20);
  const png = header.toString('base64');
  const text = '{ type: "text", text: "What is this chart?" }';
  const v1Image = `{ type: "image", data: "${png}", mimeType: "image/png" }`;
  const call = (model: string, message: string) => `import { ChatOpenAI } from "@langchain/openai";
import { ChatAnthropic } from "@langchain/anthropic";
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
const model = ${model};
await model.invoke([new SystemMessage({ contentBlocks: [{ type: "text", text: "You read charts." }, ${v1Image}] }), ${message}]);
`;

  it('`contentBlocks` are converted on every API: user images sized, a system message sends its text blocks alone', async () => {
    const asImageUrl = await onlyPrompt('app.ts', call('new ChatOpenAI({ model: "gpt-4o" })', `new HumanMessage({ content: [${text}, { type: "image_url", image_url: { url: "data:image/png;base64,${png}" } }] })`));
    for (const model of ['new ChatOpenAI({ model: "gpt-4o" })', 'new ChatOpenAI({ model: "gpt-4o", useResponsesApi: true })', 'new ChatAnthropic({ model: "claude-sonnet-4-5" })']) {
      const { analysis } = await onlyPrompt('app.ts', call(model, `new HumanMessage({ contentBlocks: [${text}, ${v1Image}] })`));
      const user = analysis.request.messages.find((m) => m.role === 'user')!;
      const image = user.parts[1];
      assert.deepEqual(image.type === 'image' ? [image.width, image.height] : [], [1024, 768], model);
      const parts = [...(analysis.request.system ?? []), ...analysis.request.messages.flatMap((m) => m.parts)];
      assert.deepEqual(parts.flatMap((p) => (p.type === 'text' ? [p.piece.text] : [p.type])), ['You read charts.', 'What is this chart?', 'image'], model);
      if (model.includes('"gpt-4o" })')) assert.equal(analysis.promptTokens, asImageUrl.analysis.promptTokens, model);
    }
  });

  it('a LangChain 1 image block in `content`: Claude gets it, Chat Completions refuses it, the Responses API never sees it (all said)', async () => {
    const message = `new HumanMessage({ content: [${text}, ${v1Image}] })`;
    const claude = await onlyPrompt('app.ts', call('new ChatAnthropic({ model: "claude-sonnet-4-5" })', message));
    const claudeBlocks = await onlyPrompt('app.ts', call('new ChatAnthropic({ model: "claude-sonnet-4-5" })', `new HumanMessage({ contentBlocks: [${text}, ${v1Image}] })`));
    assert.equal(claude.analysis.promptTokens, claudeBlocks.analysis.promptTokens);
    assert.doesNotMatch(claude.analysis.estimateReason ?? '', /LangChain\.js/);

    const chat = await onlyPrompt('app.ts', call('new ChatOpenAI({ model: "gpt-4o" })', message));
    assert.match(chat.analysis.estimateReason ?? '', /Chat Completions refuses a `\{type: "image"\}` block, which LangChain\.js sends as written from `content` \(the API answers 400\): give the blocks as `contentBlocks`/);
    assert.ok(chat.analysis.estimateHeadlines?.some((h) => h.startsWith('Chat Completions refuses a `{type: "image"}` block')), chat.analysis.estimateHeadlines?.join(' | '));
    // The 400 is certain: a warning on `invoke`; the other two APIs answer, and get none.
    const refused = (prompt: typeof chat) => prompt.analysis.findings.filter((f) => f.rule === 'request-refused');
    assert.deepEqual(refused(chat).map((f) => [f.severity, f.line, f.column]), [['warning', 5, 13]]);
    assert.match(refused(chat)[0].message, /^This call fails as written: Chat Completions refuses a `\{type: "image"\}` block/);
    assert.deepEqual(refused(claude), []);

    const responses = await onlyPrompt('app.ts', call('new ChatOpenAI({ model: "gpt-4o", useResponsesApi: true })', message));
    const textOnly = await onlyPrompt('app.ts', call('new ChatOpenAI({ model: "gpt-4o", useResponsesApi: true })', `new HumanMessage({ content: [${text}] })`));
    assert.equal(responses.analysis.promptTokens, textOnly.analysis.promptTokens);
    assert.match(responses.analysis.estimateReason ?? '', /leaves a `\{type: "image"\}` block of `content` out of a Responses request: not counted/);
    assert.deepEqual(refused(responses), []);
  });
});
