/**
 * What the Vercel AI SDK (`ai`, `@ai-sdk/openai`) sends for `generateText` / `streamText` /
 * `generateObject` / `streamObject`, where it differs by the SDK's major version:
 *
 * - `openai(id)` calls the Responses API from AI SDK 5 on, `azure(deployment)` from AI SDK 6 on,
 *   Chat Completions before; `.chat(id)` and `.responses(id)` say which.
 * - A system message goes to reasoning models (o-series, gpt-5 and later but not `gpt-5-chat`) as
 *   `developer`.
 * - An object's schema (`schema`, `output: Output.object({ schema })`) is sent as a `json_schema`
 *   response format named `response` (or `schemaName`), strict from AI SDK 6 on; `output: "array"`
 *   and `Output.array({ element })` wrap the schema in `{ elements: [...] }`, `output: "enum"` and
 *   `Output.choice({ options })` make `{ result: ... }`, `Output.json()` asks for a JSON object
 *   (`json_object`), and `jsonSchema({...})` is sent as written. AI SDK 4 and
 *   earlier send it as a forced tool or inside the system message, depending on the provider's
 *   settings: not counted.
 * - `toolChoice` is sent as the API's `tool_choice` (`auto` whenever there are tools); an object
 *   schema goes to Claude as `output_config` (Opus 4.1, 4.5 and later, from AI SDK 6) or as a
 *   forced `json` tool.
 *
 * Measured on the requests the published packages send (ai 4.3, 5.0, 6.0, 7.0 with @ai-sdk/openai
 * 1.3, 2.0, 3.0, 4.0, @ai-sdk/azure 2.0, 3.0, 4.0 and @ai-sdk/anthropic 2.0, 3.0, 4.0; ai 7 with its
 * openai and anthropic providers is installed for test/unit/sources/aiSdk.test.ts) and on recorded requests of
 * braintrustdata/braintrust-sdk-javascript's AI SDK scenarios (test/fixtures/recorded/braintrust-sdk-javascript).
 */
import type { ApiStyle, Role } from '../model';
import { entryOf, knownString, shortName, spreadText, type StaticEntry, type StaticObject, type StaticValue } from './staticValue';

/** The AI SDK version this source's package uses, when a package.json or node_modules names it. */
export interface AiSdkContext {
  major?: number;
}

/** The first AI SDK version whose `openai(id)` calls the Responses API. */
const RESPONSES_BY_DEFAULT = 5;
/** The first AI SDK version whose `azure(deployment)` calls the Responses API (@ai-sdk/azure 3). */
const AZURE_RESPONSES_BY_DEFAULT = 6;
/** The first AI SDK version that sends an object's schema as strict. */
const STRICT_SCHEMAS = 6;

/** The OpenAI API a model made by `callee(...)` (`openai`, `openai.chat`, `openai.responses`) is called through. */
export function aiSdkOpenAiApi(callee: string, context: AiSdkContext, unresolved: string[]): ApiStyle {
  if (/\.responses$/.test(callee)) return 'responses';
  if (/\.chat$/.test(callee)) return 'chat';
  // `openai(id)` / `azure(deployment)`, or a provider made by `createOpenAI` / `createAzure`
  // (`const myOpenAI = createOpenAI(...)`); OpenAI-compatible providers call Chat Completions.
  const openai = /^(?:openai|\w*OpenAI)(?:\.languageModel)?$/.test(callee);
  const azure = /^(?:azure|\w*Azure)(?:\.languageModel)?$/.test(callee);
  if (!openai && !azure) return 'chat';
  const from = openai ? RESPONSES_BY_DEFAULT : AZURE_RESPONSES_BY_DEFAULT;
  if (context.major === undefined) {
    unresolved.push(`the AI SDK's version is not known (no package.json or node_modules names \`ai\`): counted as AI SDK ${from} or later, where \`${callee}(...)\` calls the Responses API`);
    return 'responses';
  }
  return context.major >= from ? 'responses' : 'chat';
}

/** The role a system message is sent with to an OpenAI model. */
export function aiSdkSystemRole(model: string | undefined): Role {
  if (!model) return 'system';
  const gpt = /^gpt-(\d+)/.exec(model);
  const reasoning = /^o\d/.test(model) || (gpt !== null && Number(gpt[1]) >= 5 && !/^gpt-5-chat/.test(model));
  return reasoning ? 'developer' : 'system';
}

/** The object output a call asks for: its schema as the AI SDK writes it, or JSON without one. */
type OutputSchema = { kind: 'schema'; schema: StaticObject; name?: string; description?: string; range: StaticObject['range'] } | { kind: 'json'; range: StaticObject['range'] };

/**
 * The object output of a call: `generateObject({ schema, output, enum, schemaName,
 * schemaDescription })` or generateText's `output: Output.object/array/choice/json(...)`, with the
 * wrappers the AI SDK puts around an array or a choice; undefined when the call asks for none or
 * it cannot be written (said in `unresolved`).
 */
function outputSchemaOf(args: StaticObject, unresolved: string[]): OutputSchema | undefined {
  const output = entryOf(args, 'output') ?? entryOf(args, 'experimental_output');
  const outputText = knownString(output);
  let schema = entryOf(args, 'schema');
  let name = knownString(entryOf(args, 'schemaName'));
  let description = knownString(entryOf(args, 'schemaDescription'));
  let enumValues: StaticValue | undefined;
  let array = outputText === 'array';
  if (output && outputText === undefined) {
    const call = output.kind === 'unknown' ? output.call : undefined;
    const kind = call ? /(?:^|\.)(object|array|choice|json)$/.exec(call.callee)?.[1] : undefined;
    const options = call?.args[0];
    if (kind === 'json' && call?.args.length === 0) return { kind: 'json', range: output.range };
    if (!kind || kind === 'json' || options?.kind !== 'object') {
      unresolved.push(`the output format \`${shortName(output.kind === 'unknown' ? output.expression : 'output')}\` is not counted (\`Output.object\`, \`Output.array\`, \`Output.choice\` and \`Output.json\` are read)`);
      return undefined;
    }
    schema = kind === 'choice' ? undefined : entryOf(options, kind === 'array' ? 'element' : 'schema');
    enumValues = kind === 'choice' ? entryOf(options, 'options') : undefined;
    array = kind === 'array';
    name = knownString(entryOf(options, 'name'));
    description = knownString(entryOf(options, 'description'));
  } else if (outputText === 'enum') {
    enumValues = entryOf(args, 'enum');
  } else if (outputText === 'no-schema') {
    unresolved.push('`output: "no-schema"` asks for JSON without a schema, which is not counted');
    return undefined;
  }
  // `jsonSchema({...})`: the JSON schema as written.
  if (schema?.kind === 'unknown' && schema.call && /(?:^|\.)jsonSchema$/.test(schema.call.callee) && schema.call.args[0]) schema = schema.call.args[0];
  if (!schema && !enumValues) return undefined;
  const range = (schema ?? enumValues!).range;
  let written: StaticValue | undefined = schema;
  if (enumValues) {
    if (enumValues.kind !== 'list') {
      unresolved.push('the values of `enum` are not known: the output format is not counted');
      return undefined;
    }
    written = objectSchema('result', { kind: 'object', entries: [entry('type', 'string', range), { key: 'enum', value: enumValues }], range }, range);
  } else if (array && schema?.kind === 'object') {
    // The element's schema loses its own `$schema` inside the wrapper.
    const items: StaticObject = { ...schema, entries: schema.entries.filter((e) => e.key !== '$schema') };
    written = objectSchema('elements', { kind: 'object', entries: [entry('type', 'array', range), { key: 'items', value: items }], range }, range);
  }
  if (!written || written.kind !== 'object') {
    const why = written?.kind === 'unknown' && written.unwritten ? written.unwritten : `\`${shortName(written?.kind === 'unknown' ? written.expression : 'schema')}\` is built by code`;
    unresolved.push(`the output schema is not counted: ${why}`);
    return undefined;
  }
  return { kind: 'schema', schema: written, ...(name !== undefined ? { name } : {}), ...(description !== undefined ? { description } : {}), range };
}

/**
 * The OpenAI response format an object output is sent as (`{ type: "json_schema", name,
 * description?, strict, schema }`, or `{ type: "json_object" }`), or undefined when the call asks
 * for none. What cannot be counted is said in `unresolved`.
 */
export function aiSdkOutputFormat(args: StaticObject, context: AiSdkContext, unresolved: string[]): StaticObject | undefined {
  const output = outputSchemaOf(args, unresolved);
  if (!output) return undefined;
  if (context.major !== undefined && context.major < RESPONSES_BY_DEFAULT) {
    unresolved.push(`AI SDK ${context.major} sends an object schema as a forced tool or inside the system message, depending on the provider's settings: not counted`);
    return undefined;
  }
  const { range } = output;
  if (output.kind === 'json') return { kind: 'object', entries: [entry('type', 'json_object', range)], range };
  const strict = context.major === undefined || context.major >= STRICT_SCHEMAS;
  const entries: StaticEntry[] = [entry('type', 'json_schema', range), entry('name', output.name ?? 'response', range)];
  if (output.description !== undefined) entries.push(entry('description', output.description, range));
  entries.push({ key: 'strict', value: { kind: 'scalar', value: strict, range } }, { key: 'schema', value: output.schema });
  return { kind: 'object', entries, range };
}

/** What an object output adds to a Claude request: an `output_config`, or a forced `json` tool. */
export type ClaudeOutput = { outputConfig: StaticObject } | { jsonTool: StaticObject; toolChoice: StaticObject };

/**
 * An object output sent to Claude: from AI SDK 6 on, models with structured outputs (Opus 4.1,
 * the 4.5 family and later) get `output_config: { format: { type: "json_schema", schema } }`;
 * other models, and every model on AI SDK 5, a forced tool named `json` ("Respond with a JSON
 * object.") whose input schema is the schema.
 */
export function aiSdkClaudeOutput(args: StaticObject, model: string | undefined, context: AiSdkContext, unresolved: string[]): ClaudeOutput | undefined {
  const output = outputSchemaOf(args, unresolved);
  if (!output) return undefined;
  if (output.kind === 'json') {
    unresolved.push('`Output.json()` sent to Claude is not counted');
    return undefined;
  }
  if (context.major !== undefined && context.major < RESPONSES_BY_DEFAULT) {
    unresolved.push(`AI SDK ${context.major} sends an object schema to Claude in a way not read here: not counted`);
    return undefined;
  }
  const { range, schema } = output;
  if (context.major === undefined) unresolved.push("the AI SDK's version is not known (no package.json or node_modules names `ai`): an object schema is counted as AI SDK 6 or later sends it to Claude");
  const native = (context.major === undefined || context.major >= STRICT_SCHEMAS) && model !== undefined && claudeHasStructuredOutputs(model);
  if (native) {
    unresolved.push("the AI SDK rewrites an object schema for Claude's structured outputs (bounds moved into descriptions, keys reordered): counted as zod writes it");
    const format: StaticObject = { kind: 'object', entries: [entry('type', 'json_schema', range), { key: 'schema', value: schema }], range };
    return { outputConfig: { kind: 'object', entries: [{ key: 'format', value: format }], range } };
  }
  return {
    jsonTool: { kind: 'object', entries: [entry('name', 'json', range), entry('description', 'Respond with a JSON object.', range), { key: 'input_schema', value: schema }], range },
    toolChoice: { kind: 'object', entries: [entry('type', 'any', range), { key: 'disable_parallel_tool_use', value: { kind: 'scalar', value: true, range } }], range },
  };
}

/** Claude models the AI SDK sends structured outputs to natively: Opus 4.1, 4.5 and later. */
function claudeHasStructuredOutputs(model: string): boolean {
  const version = /claude-(?:opus|sonnet|haiku|fable)-(\d+)(?:-(\d)(?!\d))?/.exec(model);
  if (!version) return false;
  const major = Number(version[1]);
  const minor = version[2] === undefined ? 0 : Number(version[2]);
  return major > 4 || (major === 4 && (minor >= 5 || (minor === 1 && model.includes('opus'))));
}

/** The AI SDK's `toolChoice` as the API's `tool_choice`: `"auto"`, `"required"`, `"none"` or `{ type: "tool", toolName }`. */
export function aiSdkToolChoice(value: StaticValue | undefined, style: ApiStyle): unknown {
  const text = knownString(value);
  const forced = value?.kind === 'object' && knownString(entryOf(value, 'type')) === 'tool' ? knownString(entryOf(value, 'toolName')) : undefined;
  if (style === 'anthropic') {
    if (text === 'auto') return { type: 'auto' };
    if (text === 'required') return { type: 'any' };
    return forced !== undefined ? { type: 'tool', name: forced } : undefined;
  }
  if (text === 'auto' || text === 'required' || text === 'none') return text;
  if (forced === undefined) return undefined;
  return style === 'responses' ? { type: 'function', name: forced } : { type: 'function', function: { name: forced } };
}

/** `{ $schema, type: "object", properties: { [key]: inner }, required: [key], additionalProperties: false }`, as the AI SDK wraps an array or enum output. */
function objectSchema(key: string, inner: StaticObject, range: StaticObject['range']): StaticObject {
  return {
    kind: 'object',
    entries: [
      entry('$schema', 'http://json-schema.org/draft-07/schema#', range),
      entry('type', 'object', range),
      { key: 'properties', value: { kind: 'object', entries: [{ key, value: inner }], range } },
      { key: 'required', value: { kind: 'list', items: [spreadText(key, range)], range } },
      { key: 'additionalProperties', value: { kind: 'scalar', value: false, range } },
    ],
    range,
  };
}

function entry(key: string, text: string, range: StaticObject['range']): StaticEntry {
  return { key, value: spreadText(text, range) };
}
