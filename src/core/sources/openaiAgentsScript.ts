/**
 * The OpenAI Agents SDK for JavaScript (`@openai/agents`, `@openai/agents-core`,
 * `@openai/agents-openai`): `await run(agent, input)`, `run(agent, input, { stream: true })` and
 * `new Runner(config).run(agent, input)` on an agent made with `new Agent({...})`,
 * `Agent.create({...})` or `agent.clone({...})`, in this file or a workspace module. A run sends
 * one Responses API request per turn (the SDK's default `OpenAIResponsesModel`); the first is the
 * one counted here, as the SDK writes it (measured on @openai/agents 0.20 in
 * test/unit/sources/openaiAgentsScript.test.ts):
 *
 * - `model`, `instructions` (a function's returned text read as far as the source tells), `input`
 *   (a string is one user message), then `tools`: each `tool({...})` as a strict function tool
 *   (zodSchema.ts `agentsZodSchema`; a JSON schema through the SDK's strict pass unless `strict:
 *   false`; `allowedCallers` and `deferLoading` sent, `isEnabled: false` left out), each hosted or
 *   built-in tool (`webSearchTool()`, `hostedMcpTool({...})`, `computerTool({...})`, ...) as its
 *   Responses type with the `include` it adds (openaiAgentsHostedTools.ts), each
 *   `agent.asTool({ toolName, toolDescription, parameters })` as a strict function tool (the SDK's
 *   `{ input: string }` parameters unless it gives its own), the tools of `toolNamespace({ name,
 *   description, tools })` as one Responses `namespace` tool where the first of them stands, then each handoff as
 *   `transfer_to_<name>` ("Handoff to the <name> agent to handle the request.
 *   <handoffDescription>"), empty parameters or its `inputType` written as a strict tool's; a tool
 *   or handoff with `isEnabled: false` is left out.
 * - `outputType` as `text.format` (`{ type: "json_schema", name: "output", strict, schema }`).
 * - `modelSettings` as the API's fields (`topP` → `top_p`, `maxTokens` → `max_output_tokens`,
 *   `toolChoice` → `tool_choice`: a function's name, a hosted tool's `{ type }`, the computer tool
 *   its model takes, and said where the SDK refuses it; `providerData` spread as written,
 *   `prompt_cache_key` there); the runner's `model` and `modelSettings` apply where the agent sets
 *   none.
 * - No model anywhere: the SDK's default, read from the installed @openai/agents-core.
 * - The model as `new OpenAIChatCompletionsModel(client, name)`, or a name after
 *   `setOpenAIAPI('chat_completions')` in the call's file or the agent's, or under a runner's
 *   `new OpenAIProvider({ useResponses: false })`: the same run written as a Chat Completions body
 *   (openaiAgentsChat.ts). `new OpenAIResponsesModel(client, name)` is the Responses API whatever
 *   the default.
 *
 * A `run` that is not the SDK's (imported from elsewhere, or a method of something that is not a
 * `Runner`) is no LLM call.
 */
import type { Node } from 'web-tree-sitter';
import type { SourceRange } from '../model';
import type { CallSite } from './callSites';
import { rangeOf, relocate, returnedExpression } from './program';
import type { ScriptProgram } from './scriptProgram';
import { agentsStrictSchema, ZodUnsupported } from './zodSchema';
import { entryOf, isFullyKnown, knownString, plainValue, shortName, spreadText, staticOfJson, type StaticEntry, type StaticObject, type StaticValue } from './staticValue';
import { argumentsOf, unwrapped } from './scriptNodes';
import { agentsHostedTool, agentsNamespaceTool, agentsToolChoice, isHostedToolFunction, type AgentsNamespace } from './openaiAgentsHostedTools';
import { agentsChatBody, sharedSettings } from './openaiAgentsChat';
import { refusal } from './refusal';

export interface AgentsRunRequest {
  api: 'responses' | 'chat.completions';
  args: StaticObject;
  unresolved: string[];
  /** Set when the instructions are built at run time: the prompt's size is then unknown. */
  sizeUnknown?: string;
  sizeUnknownAt?: SourceRange;
}

/** The default model of each SDK release whose default is known here, for a package that is not installed. */
const DEFAULT_MODELS: ReadonlyMap<string, string> = new Map([['0.20', 'gpt-5.6-luna']]);
const LATEST_KNOWN = '0.20';

const FUNCTION_TYPES = new Set(['arrow_function', 'function_expression', 'function', 'function_declaration']);
/** How many `clone`s and names an agent is followed through. */
const MAX_STEPS = 8;
/** How many items an agent's tool list is read to (spreads of lists written here included). */
const MAX_LISTED_TOOLS = 1000;

/** `modelSettings` keys and the request fields the SDK sends them as. */
const SETTINGS: ReadonlyArray<[string, string]> = [
  ['temperature', 'temperature'],
  ['topP', 'top_p'],
  ['truncation', 'truncation'],
  ['maxTokens', 'max_output_tokens'],
];

/** The parameters of `agent.asTool(...)` without a schema of its own: the SDK's `{ input: string }`, written by zod 4. */
const AGENT_TOOL_PARAMETERS = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: { input: { type: 'string' } },
  required: ['input'],
  additionalProperties: false,
};

/** A function tool's name as the SDK writes it: white space and any other character not a letter or digit as `_`. */
const functionToolName = (name: string): string => name.replace(/\s/g, '_').replace(/[^a-zA-Z0-9]/g, '_');

/** A namespace of `toolNamespace(...)`, as sent: its name, its description and where it is made. */
type Namespace = AgentsNamespace;

/** A tool of the agent's list as sent, with the namespace it is sent in. */
interface Listed {
  tool: StaticValue;
  namespace?: Namespace;
}

/** A setting of an agent or a runner: its value's node, in the file that writes it. */
interface Setting {
  program: ScriptProgram;
  node: Node;
}

interface AgentMade {
  settings: Map<string, Setting>;
  /** Where the agent is made (a default model is said to stand there). */
  at: Setting;
  /** Some settings come from a spread or are not written as an object. */
  partial?: string;
}

/** What the SDK exports that `node` names (`Agent`, or `agents.Agent` for a namespace import), or undefined. */
function sdkNameOf(program: ScriptProgram, node: Node): string | undefined {
  const imports = program.openAiAgentsImports();
  if (node.type === 'identifier') {
    const name = imports.get(node.text);
    return name === '*' ? undefined : name;
  }
  if (node.type !== 'member_expression') return undefined;
  const object = node.childForFieldName('object');
  return object?.type === 'identifier' && imports.get(object.text) === '*' ? node.childForFieldName('property')?.text : undefined;
}

/** Whether `node` names what the SDK exports as `name`. */
const isSdkName = (program: ScriptProgram, node: Node, name: string): boolean => sdkNameOf(program, node) === name;

/** The expression a name stands for, in the file that gives it (followed through names). */
function declared(program: ScriptProgram, node: Node, at: Node): Setting {
  let current: Setting = { program, node: unwrapped(node) };
  for (let steps = 0; (current.node.type === 'identifier' || current.node.type === 'shorthand_property_identifier') && steps < MAX_STEPS; steps++) {
    const found = current.program.declarationOf(current.node.text, steps === 0 ? at : current.node);
    if (!found || !('openAiAgentsImports' in found.program)) break;
    current = { program: found.program as ScriptProgram, node: unwrapped(found.node) };
  }
  return current;
}

/** The options of an object literal, by key (a spread is said in `partial`). */
function optionsOf(program: ScriptProgram, node: Node | undefined): { settings: Map<string, Setting>; partial?: string } {
  const settings = new Map<string, Setting>();
  if (!node || node.type !== 'object') return { settings, partial: node ? `\`${shortName(node.text, 40)}\`` : 'nothing' };
  let partial: string | undefined;
  for (const child of node.namedChildren) {
    if (child.type === 'pair') {
      const key = child.childForFieldName('key');
      const value = child.childForFieldName('value');
      const name = key?.type === 'string' ? key.text.slice(1, -1) : key?.text;
      if (name && value) settings.set(name, { program, node: value });
    } else if (child.type === 'shorthand_property_identifier') {
      settings.set(child.text, { program, node: child });
    } else if (child.type === 'spread_element') {
      partial = `\`${shortName(child.text, 40)}\``;
    }
  }
  return { settings, ...(partial ? { partial } : {}) };
}

/** The agent an expression makes: `new Agent({...})`, `Agent.create({...})`, `base.clone({...})`, through names. */
function agentAt(program: ScriptProgram, node: Node, at: Node, depth = 0): AgentMade | undefined {
  if (depth > MAX_STEPS) return undefined;
  const made = declared(program, node, at);
  const { program: holder, node: value } = made;
  if (value.type === 'new_expression') {
    const constructor = value.childForFieldName('constructor');
    if (!constructor || !isSdkName(holder, constructor, 'Agent')) return undefined;
    return { ...optionsOf(holder, argumentsOf(value)[0]), at: made };
  }
  if (value.type !== 'call_expression') return undefined;
  const fn = value.childForFieldName('function');
  const object = fn?.type === 'member_expression' ? fn.childForFieldName('object') : null;
  const method = fn?.type === 'member_expression' ? fn.childForFieldName('property')?.text : undefined;
  if (!object) return undefined;
  if (method === 'create' && isSdkName(holder, object, 'Agent')) return { ...optionsOf(holder, argumentsOf(value)[0]), at: made };
  if (method !== 'clone') return undefined;
  const base = agentAt(holder, object, value, depth + 1);
  if (!base) return undefined;
  const own = optionsOf(holder, argumentsOf(value)[0]);
  const settings = new Map(base.settings);
  for (const [key, setting] of own.settings) settings.set(key, setting);
  const partial = own.partial ?? base.partial;
  return { settings, at: made, ...(partial ? { partial } : {}) };
}

/** The settings of the `new Runner({...})` a receiver is, or undefined when it is no SDK runner. */
function runnerAt(program: ScriptProgram, node: Node, at: Node): Map<string, Setting> | undefined {
  const { program: holder, node: value } = declared(program, node, at);
  const constructor = value.type === 'new_expression' ? value.childForFieldName('constructor') : null;
  if (!constructor || !isSdkName(holder, constructor, 'Runner')) return undefined;
  return optionsOf(holder, argumentsOf(value)[0]).settings;
}

/**
 * The request the first turn of a run sends, or undefined when the call is no run of the OpenAI
 * Agents SDK.
 */
export function openAiAgentsScriptRequest(program: ScriptProgram, site: CallSite): AgentsRunRequest | undefined {
  const fn = site.node.childForFieldName('function');
  if (!fn) return undefined;
  let runner: Map<string, Setting> | undefined;
  if (fn.type === 'member_expression') {
    const object = fn.childForFieldName('object');
    if (fn.childForFieldName('property')?.text !== 'run' || !object) return undefined;
    if (!isSdkName(program, fn, 'run')) {
      runner = runnerAt(program, object, site.node);
      if (!runner) return undefined;
    }
  } else if (!isSdkName(program, fn, 'run')) {
    return undefined;
  }
  const [agentNode, inputNode, optionsNode] = argumentsOf(site.node);
  const callRange = rangeOf(site.node);
  const unresolved: string[] = [];
  const reader = new Reader(program, agentNode ? rangeOf(agentNode) : callRange, unresolved);
  const agent = agentNode ? agentAt(program, agentNode, site.node) : undefined;
  if (!agent) unresolved.push(`the agent \`${shortName(agentNode?.text ?? 'agent', 40)}\` is not made where this file or its imports tell: its model, instructions and tools are not counted`);
  else if (agent.partial) unresolved.push(`some of the agent's settings come from ${agent.partial}, which the source does not tell`);
  const setting = (key: string) => agent?.settings.get(key) ?? runner?.get(key);

  const entries: StaticEntry[] = [];
  // An agent the source does not make has a model, instructions and tools only the program knows.
  const model = agent || setting('model') ? reader.model(setting('model'), agent?.at) : undefined;
  if (model) entries.push({ key: 'model', value: model });
  let sizeUnknown: { what: string; at: SourceRange } | undefined = agent ? undefined : { what: `the agent \`${shortName(agentNode?.text ?? 'agent', 40)}\`, made where the source does not tell`, at: agentNode ? rangeOf(agentNode) : callRange };
  const instructionsSetting = agent?.settings.get('instructions');
  let instructions: StaticValue | undefined;
  if (instructionsSetting) {
    const read = reader.instructions(instructionsSetting);
    if ('value' in read) instructions = read.value;
    else sizeUnknown = read;
  }
  if (instructions) entries.push({ key: 'instructions', value: instructions });
  if (agent?.settings.get('prompt')) unresolved.push("the agent's `prompt` (a prompt stored with OpenAI) is not counted");
  const input = inputNode ? program.evaluate(inputNode) : undefined;
  if (input) entries.push({ key: 'input', value: input });
  else unresolved.push('the run is given no input');
  // A computer tool is sent as the tool its model takes.
  reader.modelName = model ? knownString(model) : undefined;
  const ownTools = reader.tools(agent?.settings.get('tools'));
  const handoffTools = reader.handoffs(agent?.settings.get('handoffs'));
  const tools = [...ownTools, ...handoffTools];
  entries.push({ key: 'include', value: { kind: 'list', items: reader.include.map((item) => spreadText(item, callRange)), range: callRange } });
  entries.push({ key: 'tools', value: { kind: 'list', items: tools, range: agent ? reader.anchor(agent.at) : callRange } });
  if (agent?.settings.get('mcpServers')) {
    unresolved.push("the tools of the agent's MCP servers are listed at run time: not counted");
    reader.toolsUnread = true;
  }

  // The runner's settings under the agent's own, as the SDK merges them.
  const settings = new Map<string, StaticValue>();
  for (const holder of [runner?.get('modelSettings'), agent?.settings.get('modelSettings')]) {
    const value = holder ? reader.setting(holder) : undefined;
    if (value?.kind === 'object') for (const e of value.entries) settings.set(e.key, e.value);
    else if (value) unresolved.push(`the model settings \`${shortName(holder!.node.text, 40)}\` are built by code (not read)`);
  }
  const stream = optionsNode ? entryOf(program.evaluate(optionsNode), 'stream') : undefined;
  const streamed = stream?.kind === 'scalar' && stream.value === true;
  const format = reader.outputFormat(agent?.settings.get('outputType'));
  const api = reader.api ?? providerApi(program, agent?.at.program, runner?.get('modelProvider'), reader, unresolved);
  if (api === 'chat.completions') {
    const args = agentsChatBody(
      {
        ...(model ? { model } : {}),
        ...(instructions ? { instructions } : {}),
        ...(input ? { input } : {}),
        tools: ownTools,
        handoffs: handoffTools,
        settings,
        ...(format ? { format } : {}),
        stream: streamed,
        toolsUnread: reader.toolsUnread,
        range: callRange,
      },
      unresolved,
    );
    return { api, args, unresolved, ...(sizeUnknown ? { sizeUnknown: sizeUnknown.what, sizeUnknownAt: sizeUnknown.at } : {}) };
  }
  for (const [key, field] of SETTINGS) {
    const value = settings.get(key);
    if (value) entries.push({ key: field, value });
  }
  const toolChoice = knownString(settings.get('toolChoice'));
  if (toolChoice !== undefined) {
    // A namespace's tools are chosen by their qualified names (`crm.lookup`).
    const sent = tools.flatMap((tool) => {
      const type = knownString(entryOf(tool, 'type'));
      const name = knownString(entryOf(tool, 'name'));
      const inner = type === 'namespace' ? entryOf(tool, 'tools') : undefined;
      if (inner?.kind !== 'list') return [{ type, name }];
      return inner.items.map((t) => ({ type: knownString(entryOf(t, 'type')), name: `${name}.${knownString(entryOf(t, 'name'))}` }));
    });
    const { choice, refused } = agentsToolChoice(toolChoice, sent, reader.modelName);
    // Where some tools are not read, the one it names may be among them.
    if (refused && !reader.toolsUnread) unresolved.push(refused);
    entries.push({ key: 'tool_choice', value: staticOfJson(choice, settings.get('toolChoice')!.range) });
  } else if (settings.get('toolChoice')) {
    unresolved.push('the tool choice (`toolChoice`) is known only at run time: not counted');
  }
  entries.push({ key: 'stream', value: { kind: 'scalar', value: streamed, range: callRange } });
  const text = settings.get('text');
  if (format || text) {
    const textEntries: StaticEntry[] = text?.kind === 'object' ? text.entries.filter((e) => e.key !== 'format') : [];
    if (format) textEntries.push({ key: 'format', value: format });
    entries.push({ key: 'text', value: { kind: 'object', entries: textEntries, range: (format ?? text)!.range } });
  }
  sharedSettings(settings, entries, unresolved);
  const reasoning = settings.get('reasoning');
  if (reasoning && !entries.some((e) => e.key === 'reasoning')) entries.push({ key: 'reasoning', value: reasoning });
  const parallel = settings.get('parallelToolCalls');
  if (parallel?.kind === 'scalar' && typeof parallel.value === 'boolean' && tools.length > 0) entries.push({ key: 'parallel_tool_calls', value: parallel });

  return {
    api: 'responses',
    args: { kind: 'object', entries, range: callRange },
    unresolved,
    ...(sizeUnknown ? { sizeUnknown: sizeUnknown.what, sizeUnknownAt: sizeUnknown.at } : {}),
  };
}

/**
 * The API a model name is sent to: the runner's `new OpenAIProvider({ useResponses })`, else
 * Chat Completions after `setOpenAIAPI('chat_completions')` in the call's file or the agent's,
 * else the Responses API.
 */
function providerApi(program: ScriptProgram, agentProgram: ScriptProgram | undefined, provider: Setting | undefined, reader: Reader, unresolved: string[]): AgentsRunRequest['api'] {
  if (provider) {
    const made = declared(provider.program, provider.node, provider.node);
    const constructor = made.node.type === 'new_expression' ? made.node.childForFieldName('constructor') : null;
    if (!constructor || sdkNameOf(made.program, constructor) !== 'OpenAIProvider') {
      unresolved.push(`the runner's model provider \`${shortName(provider.node.text, 40)}\` is not read: counted as OpenAI's Responses API`);
      return 'responses';
    }
    const { settings } = optionsOf(made.program, argumentsOf(made.node)[0]);
    const use = settings.get('useResponses');
    if (use) {
      const value = reader.setting(use);
      if (value.kind === 'scalar' && typeof value.value === 'boolean') return value.value ? 'responses' : 'chat.completions';
      unresolved.push("the runner's `useResponses` is known only at run time: counted as the Responses API");
      return 'responses';
    }
  }
  for (const holder of new Set([program, ...(agentProgram ? [agentProgram] : [])])) {
    for (const call of holder.tree.rootNode.descendantsOfType('call_expression')) {
      const fn = call?.childForFieldName('function');
      if (!call || !fn || sdkNameOf(holder, fn) !== 'setOpenAIAPI') continue;
      const chosen = argumentsOf(call)[0];
      const api = chosen ? knownString(holder.evaluate(chosen)) : undefined;
      if (api === 'chat_completions') return 'chat.completions';
      if (api !== 'responses') unresolved.push(`\`${shortName(call.text, 40)}\` chooses the API at run time: counted as the Responses API`);
    }
  }
  return 'responses';
}

/** Reads an agent's settings, in whichever file writes them, as values placed in the call's file. */
class Reader {
  /** The API a model object names (`new OpenAIChatCompletionsModel(...)`); undefined for a model name, which the provider decides. */
  api: AgentsRunRequest['api'] | undefined;
  /** The model's name where the source tells it. */
  modelName: string | undefined;
  /** What the tools add to the request's `include`. */
  readonly include: string[] = [];
  /** Some tools are not read (or are listed at run time): a tool choice may name one of them. */
  toolsUnread = false;

  constructor(
    private readonly program: ScriptProgram,
    /** Where in the call's file a value from another file is shown: the agent argument. */
    private readonly elsewhere: SourceRange,
    private readonly unresolved: string[],
  ) {}

  /** The range in the call's file that stands for a node (its own where it is in this file). */
  anchor(setting: Setting): SourceRange {
    return setting.program === this.program ? rangeOf(setting.node) : this.elsewhere;
  }

  /** A setting's value, placed in the call's file. */
  value(setting: Setting): StaticValue {
    const { program, node } = setting;
    const value = node.type === 'shorthand_property_identifier' ? program.resolveName(node.text, node) : program.evaluate(node);
    if (program === this.program) return value;
    // What another file's reading noted counts for this call too.
    for (const reason of program.reasons) this.program.reasons.add(reason);
    for (const note of program.notes) this.program.notes.add(note);
    this.program.importTimeValues.push(...program.importTimeValues);
    program.reasons.clear();
    program.notes.clear();
    program.importTimeValues.length = 0;
    return relocate(value, this.elsewhere);
  }

  /** A setting that is no prompt text (a model, settings, a schema): what it computes at load time is no value of the prompt. */
  setting(setting: Setting): StaticValue {
    const before = this.program.importTimeValues.length;
    const value = this.value(setting);
    this.program.importTimeValues.length = before;
    return value;
  }

  model(setting: Setting | undefined, agentAt: Setting | undefined): StaticValue | undefined {
    if (setting) {
      // `new OpenAIChatCompletionsModel(client, name)` / `new OpenAIResponsesModel(client, name)`: the API it names.
      const made = declared(setting.program, setting.node, setting.node);
      const constructor = made.node.type === 'new_expression' ? made.node.childForFieldName('constructor') : null;
      const cls = constructor ? sdkNameOf(made.program, constructor) : undefined;
      if (cls === 'OpenAIChatCompletionsModel' || cls === 'OpenAIResponsesModel' || cls === 'OpenAIResponsesWSModel') {
        this.api = cls === 'OpenAIChatCompletionsModel' ? 'chat.completions' : 'responses';
        const name = argumentsOf(made.node)[1];
        if (name) return this.setting({ program: made.program, node: name });
        this.unresolved.push(`the model \`${shortName(setting.node.text, 40)}\` is given no name`);
        return undefined;
      }
      const value = this.setting(setting);
      if (value.kind === 'unknown' && !value.fallback && /^new\s|\(/.test(value.expression)) {
        this.unresolved.push(`the model is \`${shortName(value.expression, 40)}\`, a model object the source does not read: counted as the Responses API`);
        return undefined;
      }
      return value;
    }
    const { name, reason } = this.defaultModel();
    if (reason) this.unresolved.push(reason);
    return spreadText(name, agentAt ? this.anchor(agentAt) : this.elsewhere);
  }

  /** The model the installed SDK falls back to (`getDefaultModel`), else the one of the release its package.json names. */
  private defaultModel(): { name: string; reason?: string } {
    const core = this.program.packageFiles('@openai/agents-core', 'dist/defaultModel.js');
    const body = core.installed ? /function getDefaultModel\s*\(\s*\)\s*\{([\s\S]*?)\n\}/.exec(core.installed)?.[1] : undefined;
    const literals = body ? [...body.matchAll(/['"]([\w.:-]+)['"]/g)].map((m) => m[1]).filter((s) => s !== 'OPENAI_DEFAULT_MODEL') : [];
    if (literals.length > 0) return { name: literals[literals.length - 1] };
    const declared = this.program.packageFiles('@openai/agents', 'package.json').declared ?? core.declared;
    const release = declared ? /(\d+)\.(\d+)/.exec(declared) : null;
    const known = release ? DEFAULT_MODELS.get(release[1] === '0' ? `0.${release[2]}` : release[1]) : undefined;
    if (known) return { name: known };
    const fallback = DEFAULT_MODELS.get(LATEST_KNOWN)!;
    const why = declared
      ? `@openai/agents ${declared} is not installed here and its default model is not known`
      : "the Agents SDK's version is not known (no node_modules/@openai/agents-core or package.json naming @openai/agents)";
    return { name: fallback, reason: `the agent names no model and ${why}: counted with ${fallback}, the default of @openai/agents ${LATEST_KNOWN}` };
  }

  /** The instructions: text, or what a function returns as far as the source tells. */
  instructions(setting: Setting): { value: StaticValue } | { what: string; at: SourceRange } {
    const { program, node } = setting;
    const fn = this.functionAt(setting);
    if (!fn) return { value: this.value(setting) };
    const returned = returnedExpression(fn.node, (n) => FUNCTION_TYPES.has(n.type));
    if (returned) {
      const value = this.value({ program: fn.program, node: returned });
      if (value.kind === 'text') {
        this.unresolved.push("the agent's instructions are a function's result, read from the text it returns");
        return { value };
      }
    }
    const what = `the agent's instructions, built by \`${shortName(node.text.split('\n')[0], 40)}\` at run time`;
    this.unresolved.push(`${what}: the prompt's size is unknown (not counted)`);
    return { what, at: program === this.program ? rangeOf(node) : this.elsewhere };
  }

  /** The function a setting is (written there or named), or undefined. */
  private functionAt(setting: Setting): Setting | undefined {
    const target = setting.node.type === 'shorthand_property_identifier' ? setting.node : unwrapped(setting.node);
    if (FUNCTION_TYPES.has(target.type)) return { program: setting.program, node: target };
    if (target.type !== 'identifier' && target.type !== 'shorthand_property_identifier') return undefined;
    const found = declared(setting.program, target, target);
    if (FUNCTION_TYPES.has(found.node.type)) return found;
    // `function build() {...}` is no assignment: look it up among the module's functions.
    const fn = findFunction(setting.program, target.text);
    return fn ? { program: setting.program, node: fn } : undefined;
  }

  /**
   * The agent's `tools`: each `tool({...})` as the function tool the SDK sends. The tools of
   * `toolNamespace({ name, description, tools })` (spread into the list, or the list itself) are
   * sent as one `namespace` tool where the first of them stands, as the SDK's Responses model
   * groups them.
   */
  tools(setting: Setting | undefined): StaticValue[] {
    if (!setting) return [];
    const listed: Listed[] = [];
    const list = declared(setting.program, setting.node, setting.node);
    const namespaced = this.namespaceTools(list);
    if (namespaced) listed.push(...namespaced);
    else if (list.node.type !== 'array') {
      this.unresolved.push(`the tools \`${shortName(setting.node.text, 40)}\` are built by code (not counted)`);
      this.toolsUnread = true;
      return [];
    }
    const items: Setting[] = namespaced ? [] : list.node.namedChildren.map((node) => ({ program: list.program, node }));
    // Tools pushed to the list's name after it is made: `tools.push(more, ...extra)`.
    const name = unwrapped(setting.node);
    if (name.type === 'identifier' || name.type === 'shorthand_property_identifier') {
      for (const added of setting.program.listAdditions(name.text, name)) {
        if (added.op === 'push') items.push(...added.value.namedChildren.map((node) => ({ program: setting.program, node })));
        else {
          this.unresolved.push(`\`${shortName(added.value.text, 40)}\` added to the tools \`${name.text}\` is not a tool list (not counted)`);
          this.toolsUnread = true;
        }
      }
    }
    for (let i = 0; i < items.length && i < MAX_LISTED_TOOLS; i++) {
      const { program, node: item } = items[i];
      if (item.type === 'comment') continue;
      if (item.type === 'spread_element') {
        const spreadList = item.namedChildren[0] ? declared(program, item.namedChildren[0], item) : undefined;
        const spread = spreadList ? this.namespaceTools(spreadList) : undefined;
        if (spread) {
          listed.push(...spread);
          continue;
        }
        // `...OTHER_TOOLS`: the items of a list written here, in its place.
        if (spreadList?.node.type === 'array') {
          items.splice(i + 1, 0, ...spreadList.node.namedChildren.map((node) => ({ program: spreadList.program, node })));
          continue;
        }
        this.unresolved.push(`\`${shortName(item.text, 40)}\` adds tools known only at run time (not counted)`);
        this.toolsUnread = true;
        continue;
      }
      const tool = this.tool({ program, node: item });
      if (tool === 'disabled') continue;
      if (tool) listed.push({ tool });
      else this.toolsUnread = true;
    }
    if (items.length > MAX_LISTED_TOOLS) {
      this.unresolved.push(`the tools \`${shortName(setting.node.text, 40)}\` are read to their first ${MAX_LISTED_TOOLS} items (the rest not counted)`);
      this.toolsUnread = true;
    }
    return this.grouped(listed);
  }

  /**
   * The tools of a `toolNamespace({ name, description, tools })` call, each with the namespace it
   * is sent in (its name written as a function tool's, its description trimmed), or undefined when
   * `made` is no such call.
   */
  private namespaceTools(made: Setting): Listed[] | undefined {
    const fn = made.node.type === 'call_expression' ? made.node.childForFieldName('function') : null;
    if (!fn || sdkNameOf(made.program, fn) !== 'toolNamespace') return undefined;
    const shown = shortName(made.node.text.split('\n')[0], 40);
    const { settings, partial } = optionsOf(made.program, argumentsOf(made.node)[0]);
    const text = (key: string) => {
      const s = settings.get(key);
      return s ? knownString(this.setting(s)) : undefined;
    };
    const name = text('name')?.trim();
    const description = text('description')?.trim();
    const list = settings.get('tools') ? declared(made.program, settings.get('tools')!.node, settings.get('tools')!.node) : undefined;
    if (partial || !name || description === undefined || list?.node.type !== 'array') {
      this.unresolved.push(`the namespace \`${shown}\`: its name, description or tools are not written in the call (not counted)`);
      this.toolsUnread = true;
      return [];
    }
    if (description === '') this.unresolved.push(refusal(`the SDK refuses the namespace \`${name}\` without a description (\`toolNamespace()\` throws)`));
    const namespace: Namespace = { name: functionToolName(name), description, range: this.anchor(made) };
    const out: Listed[] = [];
    for (const item of list.node.namedChildren) {
      if (item.type === 'comment') continue;
      if (item.type === 'spread_element') {
        this.unresolved.push(`\`${shortName(item.text, 40)}\` adds tools to the namespace \`${namespace.name}\` known only at run time (not counted)`);
        this.toolsUnread = true;
        continue;
      }
      const tool = this.tool({ program: list.program, node: item });
      if (tool === 'disabled') continue;
      if (!tool) {
        this.toolsUnread = true;
        continue;
      }
      const type = knownString(entryOf(tool, 'type'));
      if (type !== 'function') {
        this.unresolved.push(refusal(`the SDK refuses \`${shortName(item.text, 40)}\` in the namespace \`${namespace.name}\`: \`toolNamespace()\` takes function tools only (it throws)`));
        continue;
      }
      if (knownString(entryOf(tool, 'name')) === namespace.name) {
        this.unresolved.push(refusal(`the SDK refuses a tool named \`${namespace.name}\` in the namespace of that name (\`toolNamespace()\` throws)`));
      }
      out.push({ tool, namespace });
    }
    return out;
  }

  /** The tools in order, those of a namespace gathered into one `namespace` tool where its first tool stands. */
  private grouped(listed: Listed[]): StaticValue[] {
    const out: StaticValue[] = [];
    const namespaces = new Map<string, { namespace: Namespace; tools: StaticValue[]; names: Set<string> }>();
    for (const { tool, namespace } of listed) {
      if (!namespace) {
        out.push(tool);
        continue;
      }
      let held = namespaces.get(namespace.name);
      if (!held) {
        held = { namespace, tools: [], names: new Set() };
        namespaces.set(namespace.name, held);
        out.push(agentsNamespaceTool(namespace, held.tools));
      } else if (held.namespace.description !== namespace.description) {
        this.unresolved.push(refusal(`the SDK refuses the namespace \`${namespace.name}\` given two descriptions (it throws before sending the request)`));
      }
      const name = knownString(entryOf(tool, 'name')) ?? '';
      if (held.names.has(name)) this.unresolved.push(refusal(`the SDK refuses two tools named \`${name}\` in the namespace \`${namespace.name}\` (it throws before sending the request)`));
      held.names.add(name);
      held.tools.push(tool);
    }
    return out;
  }

  /** One tool as sent; `disabled` for one the SDK leaves out (`isEnabled: false`). */
  private tool(item: Setting): StaticValue | 'disabled' | undefined {
    const made = declared(item.program, item.node, item.node);
    const fn = made.node.type === 'call_expression' ? made.node.childForFieldName('function') : null;
    const shown = shortName(item.node.text, 40);
    const sdkName = fn ? sdkNameOf(made.program, fn) : undefined;
    if (sdkName && isHostedToolFunction(sdkName)) return this.hostedTool(sdkName, made);
    if (fn?.type === 'member_expression' && fn.childForFieldName('property')?.text === 'asTool') return this.agentTool(made, fn, shown);
    if (sdkName !== 'tool') {
      this.unresolved.push(`the tool \`${shown}\` is not a \`tool({...})\` or hosted tool this file or its imports make (not counted)`);
      return undefined;
    }
    const { settings, partial } = optionsOf(made.program, argumentsOf(made.node)[0]);
    if (partial) this.unresolved.push(`some options of the tool \`${shown}\` come from ${partial}, which the source does not tell`);
    const enabled = this.enabled(settings.get('isEnabled'), `the tool \`${shown}\``);
    if (enabled === false) return 'disabled';
    const text = (key: string) => {
      const s = settings.get(key);
      return s ? knownString(this.setting(s)) : undefined;
    };
    const strictValue = settings.get('strict') ? this.setting(settings.get('strict')!) : undefined;
    const strict = strictValue?.kind === 'scalar' && strictValue.value === false ? false : true;
    let name = text('name');
    if (name === undefined && !settings.get('name')) {
      const execute = settings.get('execute');
      const named = execute && unwrapped(execute.node).type === 'function_expression' ? unwrapped(execute.node).childForFieldName('name')?.text : undefined;
      name = named;
    }
    const description = text('description');
    if (name === undefined || (settings.get('description') && description === undefined)) {
      this.unresolved.push(`the name or description of the tool \`${shown}\` is not known (not counted)`);
      return undefined;
    }
    const parameters = settings.get('parameters');
    if (!parameters) {
      this.unresolved.push(`the tool ${name} has no \`parameters\` written in its call (not counted)`);
      return undefined;
    }
    const schema = this.parameters(parameters, strict, name);
    if (!schema) return undefined;
    const tool: Record<string, unknown> = { type: 'function', name: functionToolName(name), ...(description !== undefined ? { description } : {}), parameters: schema, strict };
    const callers = settings.get('allowedCallers') ? this.setting(settings.get('allowedCallers')!) : undefined;
    if (callers?.kind === 'list' && isFullyKnown(callers)) tool.allowed_callers = plainValue(callers);
    else if (callers) this.unresolved.push(`the \`allowedCallers\` of tool ${name} are known only at run time: not counted`);
    if (settings.get('outputSchema')) this.unresolved.push(`the \`outputSchema\` of tool ${name}, sent as its \`output_schema\`, is not counted`);
    const defer = settings.get('deferLoading') ? this.setting(settings.get('deferLoading')!) : undefined;
    if (defer?.kind === 'scalar' && defer.value === true) tool.defer_loading = true;
    else if (defer && !(defer.kind === 'scalar' && defer.value === false)) this.unresolved.push(`whether tool ${name} defers its loading is known only at run time: counted as not`);
    return staticOfJson(tool, this.anchor(made));
  }

  /**
   * `agent.asTool({ toolName, toolDescription, parameters })`: a strict function tool named after
   * the agent (or `toolName`), described by `toolDescription` (else empty), whose parameters are
   * the SDK's fixed `{ input: string }` schema unless `parameters` gives a schema of its own.
   */
  private agentTool(made: Setting, fn: Node, shown: string): StaticValue | 'disabled' | undefined {
    const object = fn.childForFieldName('object');
    const agent = object ? agentAt(made.program, object, made.node) : undefined;
    if (!agent) {
      this.unresolved.push(`the agent of the tool \`${shown}\` is not made where this file or its imports tell (not counted)`);
      return undefined;
    }
    const { settings, partial } = optionsOf(made.program, argumentsOf(made.node)[0]);
    if (partial) this.unresolved.push(`some options of the tool \`${shown}\` come from ${partial}, which the source does not tell`);
    if (this.enabled(settings.get('isEnabled'), `the tool \`${shown}\``) === false) return 'disabled';
    const text = (setting: Setting | undefined) => (setting ? knownString(this.setting(setting)) : undefined);
    const named = settings.get('toolName');
    const name = named ? text(named) : text(agent.settings.get('name'));
    const described = settings.get('toolDescription');
    const description = described ? text(described) : '';
    if (name === undefined || description === undefined) {
      this.unresolved.push(`the name or description of the tool \`${shown}\` is not known (not counted)`);
      return undefined;
    }
    const toolName = functionToolName(name);
    const custom = settings.get('parameters');
    const parameters = custom ? this.parameters(custom, true, toolName) : AGENT_TOOL_PARAMETERS;
    if (!parameters) return undefined;
    return staticOfJson({ type: 'function', name: toolName, description, parameters, strict: true }, this.anchor(made));
  }

  /** Whether an `isEnabled` option lets the SDK send its tool: false for `false`, undefined (and said) for a function. */
  private enabled(setting: Setting | undefined, what: string): boolean | undefined {
    if (!setting) return true;
    const value = this.setting(setting);
    if (value.kind === 'scalar' && typeof value.value === 'boolean') return value.value;
    this.unresolved.push(`whether ${what} is enabled (\`isEnabled\`) is decided at run time: counted as sent`);
    return undefined;
  }

  /** A hosted or built-in tool (`webSearchTool()`, `hostedMcpTool({...})`, ...) as the Responses model sends it. */
  private hostedTool(name: string, made: Setting): StaticValue | undefined {
    const args = argumentsOf(made.node);
    const optionsNode = name === 'fileSearchTool' ? args[1] : args[0];
    const read = optionsNode ? optionsOf(made.program, unwrapped(optionsNode)) : { settings: new Map<string, Setting>() };
    const options = new Map<string, StaticValue>();
    for (const [key, setting] of read.settings) {
      // `key: undefined` is left out of the JSON the SDK sends.
      if (unwrapped(setting.node).text !== 'undefined') options.set(key, this.setting(setting));
    }
    const first = name === 'fileSearchTool' && args[0] ? this.setting({ program: made.program, node: args[0] }) : undefined;
    const hosted = agentsHostedTool({
      name,
      options,
      range: this.anchor(made),
      ...(first ? { first } : {}),
      ...(read.partial ? { partial: read.partial } : {}),
      ...(this.modelName !== undefined ? { model: this.modelName } : {}),
    });
    this.unresolved.push(...hosted.unresolved);
    // Each tool adds its own, as the SDK adds them (a repeat included).
    this.include.push(...hosted.include);
    return hosted.tool;
  }

  /** A tool's parameters as sent: a zod schema as the SDK writes it, a JSON schema through its strict pass. */
  private parameters(setting: Setting, strict: boolean, name: string): Record<string, unknown> | undefined {
    const node = setting.node.type === 'shorthand_property_identifier' ? setting.node : unwrapped(setting.node);
    const zod = setting.program.agentsSchema(node, 'tool');
    this.takeReasons(setting.program);
    if ('schema' in zod) {
      if (strict) return zod.schema;
      this.unresolved.push(refusal(`the tool ${name} has zod parameters with \`strict: false\`, which the SDK refuses (not counted)`));
      return undefined;
    }
    if (!zod.notZod) {
      this.unresolved.push(`the parameters of tool ${name} are not counted: ${zod.reason}`);
      return undefined;
    }
    const value = this.setting(setting);
    if (value.kind !== 'object' || !isFullyKnown(value)) {
      this.unresolved.push(`the parameters of tool ${name} are built by code (not counted)`);
      return undefined;
    }
    const json = plainValue(value) as Record<string, never>;
    if (!strict) return json;
    try {
      return agentsStrictSchema(json);
    } catch (error) {
      if (!(error instanceof ZodUnsupported)) throw error;
      this.unresolved.push(`the parameters of tool ${name} are not counted: ${error.message}`);
      return undefined;
    }
  }

  /** The agent's `handoffs`: each a `transfer_to_<name>` function tool without parameters. */
  handoffs(setting: Setting | undefined): StaticValue[] {
    if (!setting) return [];
    const list = declared(setting.program, setting.node, setting.node);
    if (list.node.type !== 'array') {
      this.unresolved.push(`the handoffs \`${shortName(setting.node.text, 40)}\` are built by code (not counted)`);
      this.toolsUnread = true;
      return [];
    }
    const out: StaticValue[] = [];
    for (const item of list.node.namedChildren) {
      if (item.type === 'comment') continue;
      const handoff = this.handoff({ program: list.program, node: item });
      if (handoff === 'disabled') continue;
      if (handoff) out.push(handoff);
      else this.toolsUnread = true;
    }
    return out;
  }

  /** One handoff as its tool; `disabled` for one the SDK leaves out (`isEnabled: false`). */
  private handoff(item: Setting): StaticValue | 'disabled' | undefined {
    const shown = shortName(item.node.text, 40);
    const made = declared(item.program, item.node, item.node);
    let target: Setting = made;
    let overrides = new Map<string, Setting>();
    const fn = made.node.type === 'call_expression' ? made.node.childForFieldName('function') : null;
    if (fn && isSdkName(made.program, fn, 'handoff')) {
      const [agentNode, options] = argumentsOf(made.node);
      if (!agentNode) return undefined;
      target = { program: made.program, node: agentNode };
      const read = optionsOf(made.program, options);
      overrides = read.settings;
      if (read.partial) this.unresolved.push(`some options of the handoff \`${shown}\` come from ${read.partial}, which the source does not tell`);
      if (this.enabled(overrides.get('isEnabled'), `the handoff \`${shown}\``) === false) return 'disabled';
      if (overrides.get('inputType') && !overrides.get('onHandoff')) this.unresolved.push(refusal(`the handoff \`${shown}\` takes an input type without \`onHandoff\`, which the SDK refuses (it throws)`));
    }
    const agent = agentAt(target.program, target.node, target.node);
    const text = (s: Setting | undefined) => (s ? knownString(this.setting(s)) : undefined);
    const agentName = text(agent?.settings.get('name'));
    const name = text(overrides.get('toolNameOverride')) ?? (agentName !== undefined ? `transfer_to_${functionToolName(agentName)}` : undefined);
    const described = agent?.settings.get('handoffDescription');
    const handoffDescription = described ? text(described) : '';
    const description =
      text(overrides.get('toolDescriptionOverride')) ??
      (agentName !== undefined && handoffDescription !== undefined ? `Handoff to the ${agentName} agent to handle the request. ${handoffDescription}` : undefined);
    if (name === undefined || description === undefined) {
      this.unresolved.push(`the handoff \`${shown}\`: its agent's name or description is not known (not counted)`);
      return undefined;
    }
    // An input type is written as a strict tool's parameters are.
    const inputType = overrides.get('inputType');
    const parameters = inputType ? this.parameters(inputType, true, name) : { type: 'object', properties: {}, required: [], additionalProperties: false };
    if (!parameters) return undefined;
    return staticOfJson({ name, description, parameters, strict: true, type: 'function' }, this.anchor(made));
  }

  /** The agent's `outputType` as the `text.format` the SDK sends, or undefined for text. */
  outputFormat(setting: Setting | undefined): StaticValue | undefined {
    if (!setting) return undefined;
    const node = setting.node.type === 'shorthand_property_identifier' ? setting.node : unwrapped(setting.node);
    const zod = setting.program.agentsSchema(node, 'output');
    this.takeReasons(setting.program);
    const range = this.anchor(setting);
    if ('schema' in zod) return staticOfJson({ type: 'json_schema', name: 'output', strict: zod.strict, schema: zod.schema }, range);
    if (!zod.notZod) {
      this.unresolved.push(`the output type is not counted: ${zod.reason}`);
      return undefined;
    }
    const value = this.setting(setting);
    if (knownString(value) === 'text') return undefined;
    if (value.kind === 'object' && knownString(entryOf(value, 'type')) === 'json_schema') return value;
    this.unresolved.push(`the output type \`${shortName(setting.node.text, 40)}\` is not counted (a zod object or a \`json_schema\` definition is read)`);
    return undefined;
  }

  /** Reasons another file's schema reading gave, moved to the call's file. */
  private takeReasons(program: ScriptProgram): void {
    if (program === this.program) return;
    for (const reason of program.reasons) this.program.reasons.add(reason);
    program.reasons.clear();
  }
}

/** A function declared with `function name() {...}` at the module level of a file. */
function findFunction(program: ScriptProgram, name: string): Node | undefined {
  for (const statement of program.tree.rootNode.namedChildren) {
    const declaration = statement.type === 'export_statement' ? statement.childForFieldName('declaration') : statement;
    if (declaration?.type === 'function_declaration' && declaration.childForFieldName('name')?.text === name) return declaration;
  }
  return undefined;
}
