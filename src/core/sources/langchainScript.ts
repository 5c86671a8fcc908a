/**
 * LangChain.js chat-model calls in TypeScript and JavaScript: `await model.invoke(input)` and
 * `model.stream(input)` where `model` is a `new ChatOpenAI(...)`, `new AzureChatOpenAI(...)`,
 * `new ChatAnthropic(...)` or `await initChatModel(...)`, possibly through `.bindTools(...)`,
 * `.bind(...)`, `.withConfig(...)`, `.withRetry(...)` and variables; a chain `prompt.pipe(model)`
 * (`.pipe(parser)` after it) or `RunnableSequence.from([prompt, model, parser])` with a
 * `ChatPromptTemplate` before the model. The request is rebuilt by the shared part (langchain.ts).
 *
 * An `.invoke` with no chat model behind it (a retriever, a tool, a chain without a model) is not
 * an LLM call here.
 */
import type { Node } from 'web-tree-sitter';
import type { CallSite } from './callSites';
import { chainRequest, holdsRuntimeTools, readsOption, SCRIPT_DIALECT, type BoundPart, type ChatModel, type ChatProvider, type LangChainRequest, type PromptTemplate } from './langchain';
import type { ScriptProgram } from './scriptProgram';
import { entryOf, knownString, shortName, staticOfJson, type StaticEntry, type StaticValue } from './staticValue';
import { argumentsOf, unwrapped } from './scriptNodes';
import { refusal } from './refusal';

/** The provider each chat model class sends to (none: told by the model name). */
const CHAT_MODELS: ReadonlyMap<string, ChatProvider | undefined> = new Map([
  ['ChatOpenAI', 'openai'],
  ['AzureChatOpenAI', 'openai'],
  ['ChatAnthropic', 'anthropic'],
  ['initChatModel', undefined],
]);

/** Runnable methods that return the same chat model with something bound or configured. */
const WRAPPERS = new Set(['bindTools', 'bind', 'withConfig', 'withRetry']);

/** Prompt template factories, and whether each makes one human message of a text. */
const TEMPLATE_FACTORIES: ReadonlyMap<string, boolean> = new Map([
  ['ChatPromptTemplate.fromMessages', false],
  ['ChatPromptTemplate.fromTemplate', true],
  ['PromptTemplate.fromTemplate', true],
]);


/** How many steps of a chain are looked at for the chat model (chains are short). */
const MAX_CHAIN_STEPS = 16;

/** How far a chat model is followed through variables and wrappers. */
const MAX_STEPS = 8;

const lastSegment = (callee: string) => callee.replace(/^.*\./, '');

/** A name followed to the expression assigned to it, as it stands at `at` (the call). */
function followed(program: ScriptProgram, node: Node, at: Node): Node {
  let current = unwrapped(node);
  for (let steps = 0; current.type === 'identifier' && steps < MAX_STEPS; steps++) {
    const assigned = program.assignedExpression(current.text, at);
    if (!assigned) break;
    current = unwrapped(assigned);
  }
  return current;
}

/** The steps of a chain, left to right: `a.pipe(b).pipe(c)`, `RunnableSequence.from([a, b, c])`. */
function chainSteps(program: ScriptProgram, root: Node, at: Node): Node[] {
  const out: Node[] = [];
  const pending: Node[] = [root];
  while (pending.length > 0 && out.length < MAX_CHAIN_STEPS) {
    const node = followed(program, pending.pop()!, at);
    const fn = node.type === 'call_expression' ? node.childForFieldName('function') : null;
    const args = node.type === 'call_expression' ? argumentsOf(node) : [];
    const object = fn?.type === 'member_expression' ? fn.childForFieldName('object') : null;
    if (object && fn?.childForFieldName('property')?.text === 'pipe' && args[0]) {
      pending.push(args[0], object);
      continue;
    }
    if (fn?.text === 'RunnableSequence.from' && args[0]?.type === 'array') {
      const items = args[0].namedChildren.filter((c) => c.type !== 'comment');
      for (let i = items.length - 1; i >= 0; i--) pending.push(items[i]);
      continue;
    }
    out.push(node);
  }
  return out;
}

/** The prompt template a node makes, or undefined when it makes none this reads. */
function promptTemplate(program: ScriptProgram, node: Node): PromptTemplate | undefined {
  if (node.type !== 'call_expression') return undefined;
  const single = TEMPLATE_FACTORIES.get(node.childForFieldName('function')?.text.replace(/\s+/g, '') ?? '');
  const [given, options] = argumentsOf(node);
  if (single === undefined || !given) return undefined;
  const format = options ? knownString(entryOf(program.evaluate(options), 'templateFormat')) : undefined;
  return {
    messages: program.evaluate(given),
    single,
    ...(format !== undefined && format !== 'f-string' ? { unfilled: `${format} fields` } : {}),
  };
}

/** The chat model an expression evaluates to, followed through variables and wrappers. */
function chatModelAt(program: ScriptProgram, start: Node, at: Node, unresolved: string[]): ChatModel | undefined {
  const tools: StaticValue[] = [];
  const bound: BoundPart[] = [];
  let node = followed(program, start, at);
  for (let steps = 0; steps < MAX_STEPS; steps++) {
    if (node.type === 'new_expression') {
      const name = lastSegment(node.childForFieldName('constructor')?.text ?? '');
      if (!CHAT_MODELS.has(name) || CHAT_MODELS.get(name) === undefined) return undefined;
      return modelOf(program, node, CHAT_MODELS.get(name), tools, bound, unresolved);
    }
    if (node.type !== 'call_expression') return undefined;
    const fn = node.childForFieldName('function');
    if (!fn) return undefined;
    const name = lastSegment(fn.text);
    if (CHAT_MODELS.has(name) && CHAT_MODELS.get(name) === undefined) return modelOf(program, node, undefined, tools, bound, unresolved);
    const object = fn.type === 'member_expression' ? fn.childForFieldName('object') : null;
    if (!object) return undefined;
    const args = argumentsOf(node);
    if ((name === 'bindTools' || name === 'bind') && args[0]) {
      const bound = boundTools(program, args[0], name === 'bind');
      if (bound) tools.unshift(bound);
    } else if (name === 'withStructuredOutput') {
      bound.unshift(structuredOutputPart(program, args, node));
    } else if (!WRAPPERS.has(name)) return undefined;
    node = followed(program, object, at);
  }
  return undefined;
}

/**
 * The OpenAI built-in tools of @langchain/openai's `tools` namespace and the type each makes
 * (libs/providers/langchain-openai/src/tools/*.ts at
 * langchain-ai/langchainjs@62fc484b2a0d1ec5b8bebff4a8a0efe6300ada72): `bindTools` sends each as
 * that built-in tool (the type and its options, or a tool's `extras.providerToolDefinition`).
 */
const LANGCHAIN_OPENAI_TOOLS: ReadonlyMap<string, string> = new Map([
  ['webSearch', 'web_search'],
  ['mcp', 'mcp'],
  ['codeInterpreter', 'code_interpreter'],
  ['fileSearch', 'file_search'],
  ['imageGeneration', 'image_generation'],
  ['computerUse', 'computer_use_preview'],
  ['localShell', 'local_shell'],
  ['shell', 'shell'],
  ['applyPatch', 'apply_patch'],
  ['toolSearch', 'tool_search'],
]);

/** `tools.imageGeneration(...)` of `import { tools } from "@langchain/openai"` as the `{type}` it is sent as; undefined for anything else. */
function langChainBuiltInTool(program: ScriptProgram, item: StaticValue): StaticValue | undefined {
  if (item.kind !== 'unknown' || !item.call) return undefined;
  const parts = item.call.callee.replace(/\s+/g, '').split('.');
  const type = LANGCHAIN_OPENAI_TOOLS.get(parts[parts.length - 1]);
  const imports = program.langChainOpenAiImports();
  const named = parts.length === 2 && imports.get(parts[0]) === 'tools';
  const namespaced = parts.length === 3 && parts[1] === 'tools' && imports.get(parts[0]) === '*';
  if (type === undefined || (!named && !namespaced)) return undefined;
  return { kind: 'object', entries: [{ key: 'type', value: staticOfJson(type, item.range) }], range: item.range };
}

/** The tools of `bindTools([...])` or `bind({ tools: [...] })`. */
function boundTools(program: ScriptProgram, node: Node, inOptions: boolean): StaticValue | undefined {
  const before = program.importTimeValues.length;
  const value = program.evaluate(node);
  const written = inOptions ? entryOf(value, 'tools') : value;
  const bound = written?.kind === 'list' ? { ...written, items: written.items.map((item) => langChainBuiltInTool(program, item) ?? item) } : written;
  // Tools made at run time are not counted: not values of the module's either.
  if (bound && holdsRuntimeTools(bound)) program.importTimeValues.length = before;
  return bound;
}

/** `new ChatOpenAI({ model, ... })`, `new ChatOpenAI("gpt-4o", {...})`, `initChatModel("gpt-4o", {...})`. */
function modelOf(program: ScriptProgram, node: Node, provider: ChatProvider | undefined, tools: StaticValue[], bound: BoundPart[], unresolved: string[]): ChatModel {
  const values = argumentsOf(node).map((a) => program.evaluateOptions(a, (key) => !readsOption(SCRIPT_DIALECT, key)));
  const fields = values.find((v) => v.kind === 'object');
  // `initChatModel(undefined, { modelProvider })`: `null` or `undefined` is no model (the provider's default).
  const first = values[0];
  const noModel = first?.kind === 'scalar' && first.value === null;
  const positional = first && first.kind !== 'object' && !noModel ? first : undefined;
  return {
    ...(provider ? { provider } : {}),
    options: new Map(fields?.kind === 'object' ? fields.entries.map((e) => [e.key, e.value] as const) : []),
    ...(positional ? { positionalModel: positional } : {}),
    tools,
    bound,
    unresolved,
    range: { start: node.startIndex, end: node.endIndex },
  };
}

/** The methods @langchain/openai's `withStructuredOutput` takes (utils/output.ts). */
const STRUCTURED_METHODS = new Set(['jsonSchema', 'functionCalling', 'jsonMode']);

/**
 * `model.withStructuredOutput(schema, { name, method, strict })` on a ChatOpenAI, as @langchain/openai
 * sends it (chat_models/base.ts `withStructuredOutput`, utils/output.ts, chat_models/completions.ts and
 * responses.ts `invocationParams` at langchain-ai/langchainjs@62fc484b2a0d1ec5b8bebff4a8a0efe6300ada72,
 * @langchain/openai 1.5.6; the bodies checked against those 1.5.6 sends). The method is `jsonSchema`
 * unless given, `functionCalling` for `gpt-3…`, `gpt-4` and `gpt-4-…` (which refuse `jsonSchema`):
 *
 * - `jsonSchema`: `response_format` `{type: "json_schema", json_schema}`: for a zod schema
 *   `{description, name, strict: true, schema}` (`strict` given or not; see
 *   `langChainFormatZodSchema`), for a JSON schema `{name, description, schema, strict}` as given;
 *   on the Responses API `text.format` `{type, schema, description, name, strict}`;
 * - `functionCalling`: the one tool `{name, description, parameters}` (a zod schema's JSON schema;
 *   a JSON schema with `name` and `parameters` as it is, another named by its `title`, described by
 *   its `description` or `""`), `strict` on it when given, forced by `tool_choice` (no
 *   `parallel_tool_calls`);
 * - `jsonMode`: `{type: "json_object"}`.
 *
 * The name is `name`, else `"extract"`. `includeRaw` changes only what is returned.
 */
function structuredOutputPart(program: ScriptProgram, args: Node[], call: Node): BoundPart {
  const [schemaNode, configNode] = args;
  const config = configNode ? program.evaluate(configNode) : undefined;
  const range = { start: call.startIndex, end: call.endIndex };
  return (provider, modelName, api) => {
    // `refused`: LangChain throws, so the call fails as written (`refusal`).
    const notCounted = (why: string, refused?: 'refused') => {
      const reason = `the structured output of \`withStructuredOutput\` is not counted: ${why}`;
      return { entries: [], unresolved: [refused ? refusal(reason) : reason] };
    };
    if (provider !== 'openai') return notCounted("only ChatOpenAI's is read here");
    if (!schemaNode) return notCounted('no schema is given');
    if (config && config.kind !== 'object') return notCounted('its options are known only at run time');
    const option = (key: string) => (config ? entryOf(config, key) : undefined);
    const text = (key: string): string | undefined | null => {
      const value = option(key);
      return value === undefined ? undefined : (knownString(value) ?? null);
    };
    const name = text('name');
    const method = text('method');
    if (name === null || method === null) return notCounted('its name or method is known only at run time');
    const strictValue = option('strict');
    const strict = strictValue?.kind === 'scalar' && typeof strictValue.value === 'boolean' ? strictValue.value : undefined;
    if (strictValue && strict === undefined) return notCounted('its `strict` is known only at run time');
    if (modelName === undefined) return notCounted('the model, which picks its method, is known only at run time');
    if (method !== undefined && !STRUCTURED_METHODS.has(method)) return notCounted(`LangChain refuses method \`${method}\``, 'refused');
    const jsonSchemaModel = !modelName.startsWith('gpt-3') && !modelName.startsWith('gpt-4-') && modelName !== 'gpt-4';
    if (method === 'jsonSchema' && !jsonSchemaModel) return notCounted(`LangChain refuses \`jsonSchema\` for ${modelName}`, 'refused');
    if (method === 'jsonMode' && strict !== undefined) return notCounted('LangChain refuses `strict` with `jsonMode`', 'refused');
    const chosen = method ?? (jsonSchemaModel ? 'jsonSchema' : 'functionCalling');
    const json = (value: unknown) => staticOfJson(value, range);
    if (chosen === 'jsonMode') {
      const format = json({ type: 'json_object' });
      return { entries: [api === 'responses' ? { key: 'text', value: json({ format: { type: 'json_object' } }) } : { key: 'response_format', value: format }], unresolved: [] };
    }
    const given = name ?? 'extract';
    const zodFormat = program.langChainZodSchema(schemaNode, chosen === 'jsonSchema' ? 'format' : 'parameters', given);
    if (typeof zodFormat === 'string') return notCounted(zodFormat);
    const written = 'notZod' in zodFormat ? program.evaluate(schemaNode) : undefined;
    if (written && written.kind !== 'object') return notCounted(`the schema \`${shortName(schemaNode.text, 40)}\` is not a zod schema or a JSON schema the source shows`);
    if (chosen === 'jsonSchema') {
      let holder: StaticEntry[];
      if (written) {
        const description = entryOf(written, 'description');
        holder = [{ key: 'name', value: json(given) }, ...(description && knownString(description) !== undefined ? [{ key: 'description', value: description }] : []), { key: 'schema', value: written }];
        if (strict !== undefined) holder.push({ key: 'strict', value: json(strict) });
      } else {
        const parameters = program.langChainZodSchema(schemaNode, 'parameters', given) as Record<string, unknown>;
        const description = typeof parameters.description === 'string' ? parameters.description : undefined;
        holder = [...(description !== undefined ? [{ key: 'description', value: json(description) }] : []), { key: 'name', value: json(given) }, { key: 'strict', value: json(true) }, { key: 'schema', value: json(zodFormat) }];
      }
      if (api !== 'responses') return { entries: [{ key: 'response_format', value: { kind: 'object', entries: [{ key: 'type', value: json('json_schema') }, { key: 'json_schema', value: { kind: 'object', entries: holder, range } }], range } }], unresolved: [] };
      const at = (key: string) => holder.filter((e) => e.key === key);
      const format: StaticValue = { kind: 'object', entries: [{ key: 'type', value: json('json_schema') }, ...at('schema'), ...at('description'), ...at('name'), ...at('strict')], range };
      return { entries: [{ key: 'text', value: { kind: 'object', entries: [{ key: 'format', value: format }], range } }], unresolved: [] };
    }
    // functionCalling
    let fn: StaticEntry[];
    let toolName: string | undefined = given;
    if (!written) {
      const parameters = zodFormat as Record<string, unknown>;
      fn = [{ key: 'name', value: json(given) }, ...(typeof parameters.description === 'string' ? [{ key: 'description', value: json(parameters.description) }] : []), { key: 'parameters', value: json(parameters) }];
    } else if (knownString(entryOf(written, 'name')) !== undefined && entryOf(written, 'parameters')?.kind === 'object') {
      fn = written.entries;
      toolName = knownString(entryOf(written, 'name'));
    } else {
      const title = entryOf(written, 'title');
      if (title && knownString(title) === undefined) return notCounted('the title of its schema is known only at run time');
      toolName = title ? knownString(title) : given;
      fn = [{ key: 'name', value: json(toolName) }, { key: 'description', value: entryOf(written, 'description') ?? json('') }, { key: 'parameters', value: written }];
    }
    if (strict !== undefined) fn = [...fn.filter((e) => e.key !== 'strict'), { key: 'strict', value: json(strict) }];
    const tool: StaticValue = { kind: 'object', entries: [{ key: 'type', value: json('function') }, { key: 'function', value: { kind: 'object', entries: fn, range } }], range };
    const choice = api === 'responses' ? { type: 'function', name: toolName } : { type: 'function', function: { name: toolName } };
    return { tools: { kind: 'list', items: [tool], range }, entries: [{ key: 'tool_choice', value: json(choice) }], unresolved: [] };
  };
}

/**
 * The request a LangChain.js call sends, or undefined when no chat model is found behind the call
 * (then it is no LLM call at all).
 */
export function langChainScriptRequest(program: ScriptProgram, site: CallSite): LangChainRequest | undefined {
  const fn = site.node.childForFieldName('function');
  const receiver = fn?.type === 'member_expression' ? fn.childForFieldName('object') : null;
  if (!receiver) return undefined;
  const steps = chainSteps(program, receiver, site.node);
  const inputNode = argumentsOf(site.node)[0];
  const input = () => (inputNode ? program.evaluate(inputNode) : undefined);
  const range = { start: site.node.startIndex, end: site.node.endIndex };
  return chainRequest(SCRIPT_DIALECT, steps, (node) => chatModelAt(program, node, site.node, []), (node) => promptTemplate(program, node), input, program.source, range);
}
