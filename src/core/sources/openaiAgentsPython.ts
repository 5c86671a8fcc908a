/**
 * The OpenAI Agents SDK for Python (`openai-agents`): `Runner.run(agent, input)` (and `run_sync`,
 * `run_streamed`) with `Runner` imported from `agents`, on an agent made with `Agent(name=...,
 * instructions=..., model=..., tools=[...], handoffs=[...], output_type=..., model_settings=...)`.
 * A run sends one request per turn of the agent's loop; the first is the one counted here, written
 * as the SDK's Responses model writes it: the instructions as `instructions`, a string input as one
 * user message, the tools in order (those of `tool_namespace(...)` as one `namespace` tool where
 * the first of them stands), then a `transfer_to_<agent>` function for each handoff, the
 * output type as a strict `json_schema` format named `final_output`, and the model settings as the
 * request parameters they become.
 *
 * A `@function_tool` function is written as the SDK writes it: a pydantic model of the parameters
 * (named `<tool>_args`, each parameter's type, default and docstring description), made strict as
 * the SDK's `ensure_strict_json_schema` does, its description the docstring's first text
 * (pythonDocstrings.ts reads Google, NumPy and Sphinx docstrings as the SDK does).
 *
 * Facts about the SDK were read from openai/openai-agents-python at its release tags; what changed
 * between versions (the default model, the web search tool's type, `parallel_tool_calls`) is
 * decided by the version the project pins (uv.lock, poetry.lock, requirements.txt, pyproject.toml),
 * and said in the estimate when no version is pinned.
 */
import { createHash } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import type { Node } from 'web-tree-sitter';
import type { CallSite } from './callSites';
import { rangeOf, relocate } from './program';
import { fieldsJsonSchema, pydanticModelSchema, type ModelField } from './pydanticSchema';
import { importedName, packageImports, type PackageImports } from './pythonImports';
import type { PythonProgram } from './pythonProgram';
import { functionDocumentation, type DocstringStyle } from './pythonDocstrings';
import { entryOf, knownString, plainValue, shortName, spreadText, staticOfJson, type StaticEntry, type StaticObject, type StaticValue } from './staticValue';
import { agentsNamespaceTool, type AgentsNamespace } from './openaiAgentsHostedTools';
import type { PerRunCacheKey, SourceRange } from '../model';
import { refusal } from './refusal';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: Json };

export interface AgentRunRequest {
  api: 'responses' | 'chat.completions';
  args: StaticObject;
  unresolved: string[];
  /** Set when the agent is not found: its instructions and tools, and so the prompt's size, are unknown. */
  sizeUnknown?: string;
  /** The `prompt_cache_key` the SDK makes anew for every run (0.14 and later), when the run sends one. */
  promptCacheKeyPerRun?: PerRunCacheKey;
  /** The `prompt_cache_key` the SDK makes from the run's conversation or group, when the source tells it. */
  promptCacheKey?: string;
}

const RUN_METHODS = new Set(['run', 'run_sync', 'run_streamed']);
/** How far an agent is followed through names and `.clone(...)`. */
const MAX_STEPS = 8;
/** Folders looked in, from the source file's up, for the project's pinned SDK version. */
const MAX_PROJECT_LEVELS = 8;

/** An SDK version as numbers: `0.2.9` is [0, 2, 9]. */
export type Version = number[];

export const atLeast = (version: Version, ...min: number[]) => {
  for (let i = 0; i < min.length; i++) {
    const part = version[i] ?? 0;
    if (part !== min[i]) return part > min[i];
  }
  return true;
};

/**
 * The model an agent without `model` runs on, by SDK version (its `get_default_model()`, or the
 * provider's `DEFAULT_MODEL` before 0.2.9). The environment variable `OPENAI_DEFAULT_MODEL` (0.2.9
 * and later) can name another.
 */
function defaultModel(version: Version): string {
  if (!atLeast(version, 0, 2, 9)) return 'gpt-4o';
  if (!atLeast(version, 0, 16, 0)) return 'gpt-4.1';
  if (!atLeast(version, 0, 20, 0)) return 'gpt-5.4-mini';
  return 'gpt-5.6-luna';
}
const DEFAULT_MODELS_SAID = 'gpt-4o before 0.2.9, gpt-4.1 before 0.16, gpt-5.4-mini before 0.20, gpt-5.6-luna since';
/** The model counted when the version is not known: the latest SDK's default. */
const LATEST_DEFAULT_MODEL = 'gpt-5.6-luna';

/** Each program's `agents` imports, with `tool` of `agents.decorators` named as what it is. */
const agentsImportsRead = new WeakMap<PythonProgram, PackageImports>();

/**
 * The file's `agents` imports (`Runner`, `Agent`, ... and the names the package is imported as), read
 * once. `tool` from `agents.decorators` (openai-agents 0.19 and later: `tool = function_tool`, in
 * src/agents/decorators.py at openai/openai-agents-python@7f7a44f8d) is `function_tool`.
 */
function agentsImports(program: PythonProgram): PackageImports {
  let found = agentsImportsRead.get(program);
  if (found) return found;
  const all = packageImports(program, 'agents');
  const decorators = packageImports(program, 'agents.decorators');
  const names = new Map([...all.names].map(([local, imported]) => [local, imported === 'tool' && decorators.names.get(local) === 'tool' ? 'function_tool' : imported]));
  found = { ...all, names };
  agentsImportsRead.set(program, found);
  return found;
}

/** The SDK name an expression refers to (`Runner`, `agents.Runner`, an alias, `Agent[Context]`), or undefined. */
function sdkName(node: Node | null | undefined, imports: PackageImports): string | undefined {
  if (node?.type === 'subscript') return sdkName(node.childForFieldName('value'), imports);
  return importedName(node, imports);
}

/** The SDK class or function a call calls (`Agent`, `function_tool`, `WebSearchTool`), or undefined. */
function calledSdkName(call: Node, program: PythonProgram): string | undefined {
  return call.type === 'call' ? sdkName(call.childForFieldName('function'), agentsImports(program)) : undefined;
}

/** A call's argument nodes: positional, and keyword by name. */
export function argumentNodes(call: Node): { positional: Node[]; named: Map<string, Node> } {
  const positional: Node[] = [];
  const named = new Map<string, Node>();
  for (const arg of call.childForFieldName('arguments')?.namedChildren ?? []) {
    if (arg.type === 'keyword_argument') {
      const name = arg.childForFieldName('name')?.text;
      const value = arg.childForFieldName('value');
      if (name && value) named.set(name, value);
    } else if (arg.type !== 'comment' && arg.type !== 'dictionary_splat' && arg.type !== 'list_splat') positional.push(arg);
  }
  return { positional, named };
}

export function unwrap(node: Node): Node {
  let inner = node;
  while (inner.type === 'parenthesized_expression' && inner.namedChildren[0]) inner = inner.namedChildren[0];
  return inner;
}

/**
 * An expression followed to what it is given: a name to the expression assigned to it (here or in
 * a workspace module), and, with `throughAwait`, `await x` to `x` (an awaited instructor client).
 */
export function followed(program: PythonProgram, node: Node, throughAwait = false, steps = 0): { program: PythonProgram; node: Node } {
  const inner = unwrap(node);
  if (throughAwait && inner.type === 'await') return inner.namedChildren[0] ? followed(program, inner.namedChildren[0], true, steps + 1) : { program, node: inner };
  if (inner.type !== 'identifier' || steps > MAX_STEPS) return { program, node: inner };
  const found = program.declarationOf(inner.text, inner);
  if (!found || found.node.id === inner.id) return { program, node: inner };
  return followed(found.program as PythonProgram, found.node, throughAwait, steps + 1);
}

/** An agent as the source makes it: the keyword arguments of `Agent(...)` (and of `.clone(...)` calls on it), each with its file. */
interface AgentMade {
  settings: Map<string, { program: PythonProgram; node: Node }>;
  /** Where `Agent` is called, for the default model's place. */
  at: Node;
  program: PythonProgram;
  /**
   * A `SandboxAgent` (`agents.sandbox`): the SDK's sandbox prompt and its capabilities'
   * instructions and tools are added when it runs, from the manifest and the session.
   */
  sandbox?: true;
}

function agentMade(program: PythonProgram, node: Node, steps = 0): AgentMade | undefined {
  if (steps > MAX_STEPS) return undefined;
  const found = followed(program, node);
  if (found.node.type !== 'call') return undefined;
  const fn = found.node.childForFieldName('function');
  // `base.clone(instructions=...)`: the base agent with some settings replaced.
  if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'clone') {
    const object = fn.childForFieldName('object');
    const base = object ? agentMade(found.program, object, steps + 1) : undefined;
    if (!base) return undefined;
    const settings = new Map(base.settings);
    for (const [key, value] of argumentNodes(found.node).named) settings.set(key, { program: found.program, node: value });
    return { ...base, settings };
  }
  // `build_agent()`: a function of the file that returns the agent it makes.
  const local = fn?.type === 'identifier' ? functionDefinition(found.program, fn.text, found.node) : undefined;
  const returned = local ? returnedExpression(local.node) : undefined;
  if (local && returned) return agentMade(local.program, returned, steps + 1);
  const cls = calledSdkName(found.node, found.program);
  // A SandboxAgent is read for what it names; what its sandbox adds is said where the run is read.
  if (cls !== 'Agent' && cls !== 'SandboxAgent') return undefined;
  const { positional, named } = argumentNodes(found.node);
  const settings = new Map<string, { program: PythonProgram; node: Node }>();
  if (positional[0]) settings.set('name', { program: found.program, node: positional[0] });
  for (const [key, value] of named) settings.set(key, { program: found.program, node: value });
  return { settings, at: fn ?? found.node, program: found.program, ...(cls === 'SandboxAgent' ? { sandbox: true as const } : {}) };
}

/** The Python `str.lower()` of the SDK's `transform_string_function_style`: anything but letters, digits and `_` as `_`. */
function functionStyle(name: string): string {
  return name.replace(/\s/g, '_').replace(/[^a-zA-Z0-9_]/g, '_').toLowerCase();
}

/**
 * The SDK's `ensure_strict_json_schema`, in place: every object closed and all its properties
 * required, `oneOf` as `anyOf`, `default: null` dropped, a `$ref` with other keywords beside it
 * written out (its own keywords first, then the definition's).
 */
export function agentsStrictSchema(schema: Schema): Schema {
  if (Object.keys(schema).length === 0) return { additionalProperties: false, type: 'object', properties: {}, required: [] };
  const root = structuredClone(schema);
  strictNode(root, root);
  return root;
}

const isObject = (value: Json | undefined): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

function strictNode(node: Schema, root: Schema, depth = 0): Schema {
  if (depth > 100) return node;
  for (const key of ['$defs', 'definitions']) {
    const defs = node[key];
    if (isObject(defs)) for (const def of Object.values(defs)) if (isObject(def)) strictNode(def, root, depth + 1);
  }
  let type = node.type;
  const properties = node.properties;
  if (type === undefined && isObject(properties)) type = node.type = 'object';
  const objectType = type === 'object' || (Array.isArray(type) && type.includes('object'));
  if (objectType && !('additionalProperties' in node)) node.additionalProperties = false;
  if (isObject(properties)) {
    node.required = Object.keys(properties);
    node.properties = Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, isObject(value) ? strictNode(value, root, depth + 1) : value]));
  }
  if (isObject(node.items)) node.items = strictNode(node.items, root, depth + 1);
  if (Array.isArray(node.anyOf)) node.anyOf = node.anyOf.map((v) => (isObject(v) ? strictNode(v, root, depth + 1) : v));
  if (Array.isArray(node.oneOf)) {
    const anyOf = Array.isArray(node.anyOf) ? node.anyOf : [];
    node.anyOf = [...anyOf, ...node.oneOf.map((v) => (isObject(v) ? strictNode(v, root, depth + 1) : v))];
    delete node.oneOf;
  }
  if (Array.isArray(node.allOf)) node.allOf = node.allOf.map((v) => (isObject(v) ? strictNode(v, root, depth + 1) : v));
  if (node.default === null) delete node.default;
  const ref = node.$ref;
  if (typeof ref === 'string' && Object.keys(node).length > 1 && ref.startsWith('#/')) {
    let target: Json | undefined = root;
    for (const key of ref.slice(2).split('/')) target = isObject(target) ? target[key.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
    if (isObject(target)) {
      delete node.$ref;
      for (const [key, value] of Object.entries(target)) if (!(key in node)) node[key] = value;
      return strictNode(node, root, depth + 1);
    }
  }
  return node;
}

/** Per file, the version of each package pinned in its project's manifests upward. */
const versionCache = new WeakMap<PythonProgram, Map<string, { version?: Version; file?: string }>>();

/**
 * The `openai-agents` version the project pins, read from the nearest folder that names one: a
 * lock file (`uv.lock`, `poetry.lock`) or an exact pin (`openai-agents==0.2.4` in requirements.txt
 * or pyproject.toml). A range (`>=0.2`) pins nothing.
 */
export function pinnedAgentsVersion(program: PythonProgram): { version?: Version; file?: string } {
  return pinnedPackageVersion(program, 'openai-agents');
}

/**
 * The version of a package (`langchain-openai`) the project pins, read as `pinnedAgentsVersion`
 * reads the Agents SDK's: `-`, `_` and `.` in the name are alike, as pip takes them.
 */
export function pinnedPackageVersion(program: PythonProgram, packageName: string): { version?: Version; file?: string } {
  let byPackage = versionCache.get(program);
  if (!byPackage) versionCache.set(program, (byPackage = new Map()));
  const cached = byPackage.get(packageName);
  if (cached) return cached;
  const pattern = packageName.split(/[-_.]/).join('[-_.]');
  let found: { version?: Version; file?: string } = {};
  let folder = dirname(resolve(program.fileName));
  for (let level = 0; level < MAX_PROJECT_LEVELS && !found.version; level++) {
    for (const name of ['uv.lock', 'poetry.lock', 'requirements.txt', 'pyproject.toml']) {
      const path = join(folder, name);
      const text = program.readProjectFile(path);
      const version =
        text === undefined ? undefined : name.endsWith('.lock') ? lockedVersion(text, pattern) : name === 'requirements.txt' ? requirementPin(text, pattern) : pyprojectPin(text, pattern);
      if (version) {
        found = { version, file: path };
        break;
      }
    }
    const parent = dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  byPackage.set(packageName, found);
  return found;
}

const parseVersion = (text: string): Version | undefined => (/^\d+(?:\.\d+)*$/.test(text) ? text.split('.').map(Number) : undefined);

function lockedVersion(text: string, name: string): Version | undefined {
  const match = new RegExp(String.raw`^name\s*=\s*"${name}"\s*\r?\nversion\s*=\s*"([\d.]+)"`, 'im').exec(text);
  return match ? parseVersion(match[1]) : undefined;
}

function requirementPin(text: string, name: string): Version | undefined {
  const match = new RegExp(String.raw`^\s*${name}(?:\[[^\]]*\])?\s*===?\s*([\d.]+)\s*(?:[#;].*)?$`, 'im').exec(text);
  return match ? parseVersion(match[1]) : undefined;
}

function pyprojectPin(text: string, name: string): Version | undefined {
  const listed = new RegExp(String.raw`["']${name}(?:\[[^\]]*\])?\s*===?\s*([\d.]+)\s*["']`, 'i').exec(text);
  // Poetry: `openai-agents = "0.2.4"` (a bare version is exact) or `{ version = "==0.2.4" }`.
  const poetry = new RegExp(String.raw`^\s*${name}\s*=\s*(?:\{[^}\n]*version\s*=\s*)?"(?:==)?([\d.]+)"`, 'im').exec(text);
  const match = listed ?? poetry;
  return match ? parseVersion(match[1]) : undefined;
}

const versionText = (version: Version) => version.join('.');

/** What reading one run needs: the files, the version, and what could not be read. */
class RunReader {
  readonly unresolved: string[] = [];
  /** Model settings (or their `extra_args` / `extra_body`) the source does not tell: a `prompt_cache_key` may be among them. */
  settingsUnread = false;
  private readonly pinned: { version?: Version; file?: string };

  constructor(readonly program: PythonProgram) {
    this.pinned = pinnedAgentsVersion(program);
  }

  get version(): Version | undefined {
    return this.pinned.version;
  }

  /**
   * The value of `node` in `program`; a value of another file (an agent made in a module the call
   * imports) is placed on `at`, and what reading it noted is said here, as an imported constant is.
   */
  value(program: PythonProgram, node: Node, at: Node): StaticValue {
    if (program === this.program) return program.evaluate(node);
    program.notes.clear();
    program.reasons.clear();
    const value = program.evaluate(node);
    for (const note of program.notes) this.program.notes.add(note);
    for (const reason of program.reasons) this.program.reasons.add(reason);
    return relocate(value, rangeOf(at));
  }

  /** A value that is no prompt text (a model, a setting): a value it computes when the module loads is not said. */
  setting(program: PythonProgram, node: Node, at: Node): StaticValue {
    const before = this.program.importTimeValues.length;
    const value = this.value(program, node, at);
    this.program.importTimeValues.length = before;
    return value;
  }
}

/**
 * The request a `Runner.run(agent, input)` call sends first, or undefined when the call is not an
 * Agents SDK run (a `run` of something else).
 */
export function openaiAgentsRequest(program: PythonProgram, site: CallSite): AgentRunRequest | undefined {
  const fn = site.node.childForFieldName('function');
  if (fn?.type !== 'attribute' || !RUN_METHODS.has(fn.childForFieldName('attribute')?.text ?? '')) return undefined;
  const imports = agentsImports(program);
  if (sdkName(fn.childForFieldName('object'), imports) !== 'Runner') return undefined;
  const reader = new RunReader(program);
  const { positional, named } = argumentNodes(site.node);
  const agentNode = positional[0] ?? named.get('starting_agent');
  const inputNode = positional[1] ?? named.get('input');
  const range = rangeOf(site.node);
  const entries: StaticEntry[] = [];
  const agent = agentNode ? agentMade(program, agentNode) : undefined;
  const otherClass = agent?.sandbox ? 'SandboxAgent' : undefined;
  const agentShown = agentNode ? `\`${shortName(agentNode.text, 40)}\`` : undefined;
  if (otherClass) {
    reader.unresolved.push(`the agent ${agentShown} is a ${otherClass}: the instructions and tools its sandbox capabilities and manifest add when it runs are not counted`);
  } else if (!agent) {
    reader.unresolved.push(`the agent is ${agentShown ?? 'not given'}, made where the source does not tell: its model, instructions and tools are not counted`);
  }

  // The run's `RunConfig(model=..., model_settings=...)` overrides the agent's.
  const runConfig = named.get('run_config');
  const config = runConfig ? followed(program, runConfig) : undefined;
  const configArgs = config?.node.type === 'call' && calledSdkName(config.node, config.program) === 'RunConfig' ? argumentNodes(config.node).named : undefined;
  if (runConfig && !configArgs) reader.unresolved.push(`the run's configuration \`${shortName(runConfig.text, 40)}\` is not read: a model or settings it sets are not counted`);

  // A model name goes through the default provider, which `set_default_openai_api` can point at Chat Completions.
  let api: AgentRunRequest['api'] = usesChatCompletionsByDefault(program) ? 'chat.completions' : 'responses';
  const modelSetting = configArgs?.get('model') ? { program: config!.program, node: configArgs.get('model')! } : agent?.settings.get('model');
  if (modelSetting) {
    const chosen = modelOf(reader, modelSetting.program, modelSetting.node, agentNode ?? site.node);
    if (chosen.chat !== undefined) api = chosen.chat ? 'chat.completions' : 'responses';
    if (chosen.value) entries.push({ key: 'model', value: chosen.value });
  } else if (agent) {
    const version = reader.version;
    const environment = !version || atLeast(version, 0, 2, 9) ? defaultModelSetInFile(program) : undefined;
    const name = version ? defaultModel(version) : LATEST_DEFAULT_MODEL;
    entries.push({ key: 'model', value: environment ?? spreadText(name, rangeOf(agent.program === program ? agent.at : agentNode!)) });
    if (!version && !environment) {
      reader.unresolved.push(
        `the agent names no model: the Agents SDK's default depends on its version (${DEFAULT_MODELS_SAID}; \`OPENAI_DEFAULT_MODEL\` can set it), and no pinned \`openai-agents\` version was found: counted as ${name}`,
      );
    }
  }

  const instructions = agent?.settings.get('instructions');
  if (instructions) {
    const value = instructionsOf(reader, instructions.program, instructions.node, agentNode!);
    if (value) entries.push({ key: 'instructions', value });
  }
  if (agent?.settings.has('prompt')) reader.unresolved.push("the agent's `prompt` (a prompt stored on the platform) is not counted");
  if (agent?.settings.has('mcp_servers')) reader.unresolved.push("the tools of the agent's MCP servers are listed at run time: not counted");

  if (inputNode) entries.push({ key: 'input', value: program.evaluate(inputNode) });
  else reader.unresolved.push('the run has no input written in the call');
  if (named.has('session')) reader.unresolved.push("the session's earlier turns, sent before the input, are known only at run time: not counted");
  if (named.has('previous_response_id')) reader.unresolved.push('the run continues an earlier response (`previous_response_id`) whose items are known only at run time: not counted');
  if (named.has('conversation_id')) reader.unresolved.push("the conversation's earlier items (`conversation_id`) are known only at run time: not counted");

  const tools: StaticValue[] = [];
  const toolsSetting = agent?.settings.get('tools');
  if (toolsSetting) tools.push(...toolsOf(reader, toolsSetting.program, toolsSetting.node, agentNode!));
  const handoffsSetting = agent?.settings.get('handoffs');
  if (handoffsSetting) tools.push(...handoffsOf(reader, handoffsSetting.program, handoffsSetting.node, agentNode!));
  if (tools.length > 0 || agent) entries.push({ key: 'tools', value: { kind: 'list', items: tools, range: toolsSetting ? rangeOf(toolsSetting.node) : range } });

  const outputType = agent?.settings.get('output_type');
  const format = outputType ? withoutImportTime(reader, () => outputFormatOf(reader, outputType.program, outputType.node, agentNode!)) : undefined;

  // Model settings: the agent's, with the run configuration's set values over them.
  const settings = new Map<string, { program: PythonProgram; node: Node }>();
  for (const source of [agent?.settings.get('model_settings'), configArgs?.get('model_settings') ? { program: config!.program, node: configArgs.get('model_settings')! } : undefined]) {
    if (!source) continue;
    const made = followed(source.program, source.node);
    if (made.node.type === 'call' && calledSdkName(made.node, made.program) === 'ModelSettings') {
      // A setting left at None is not set: the run configuration's leaves the agent's in place.
      for (const [key, node] of argumentNodes(made.node).named) if (node.type !== 'none') settings.set(key, { program: made.program, node });
    } else if (made.node.type !== 'none') {
      reader.settingsUnread = true;
      reader.unresolved.push(`the model settings \`${shortName(source.node.text, 40)}\` are not read: parameters they set are not counted`);
    }
  }
  const text: StaticEntry[] = format ? [{ key: 'format', value: format }] : [];
  entries.push(...settingsEntries(reader, settings, tools.length > 0, text, agentNode ?? site.node));
  if (text.length > 0) entries.push({ key: 'text', value: { kind: 'object', entries: text, range: format?.range ?? range } });
  // openai-agents 0.0.7 defaulted `parallel_tool_calls` to False and sent it.
  const version = reader.version;
  if (version && versionText(version) === '0.0.7' && !settings.has('parallel_tool_calls')) entries.push({ key: 'parallel_tool_calls', value: { kind: 'scalar', value: false, range } });

  const unknownAgent = agent && !otherClass
    ? {}
    : { sizeUnknown: otherClass ? `the agent ${agentShown} is a ${otherClass}, whose sandbox adds instructions and tools when it runs` : agentShown ? `the agent ${agentShown} is made where the source does not tell` : 'the run names no agent' };
  const cacheKey =
    agent && !entries.some((e) => e.key === 'prompt_cache_key') && !reader.settingsUnread && !(runConfig && !configArgs) && onOpenAiApi(program, modelSetting, configArgs, config?.program)
      ? generatedCacheKey(reader, agent, site.node, named, configArgs, config?.program)
      : {};
  if (api === 'chat.completions') return { ...chatRequest(reader, entries, range), ...unknownAgent, ...cacheKey };
  return { api, args: { kind: 'object', entries, range }, unresolved: reader.unresolved, ...unknownAgent, ...cacheKey };
}

/** openai-agents adds a `prompt_cache_key` to every request of a run from this version on. */
const CACHE_KEY_SINCE = [0, 14, 0];

/**
 * The `prompt_cache_key` openai-agents adds to a run's requests (0.14 and later) when the model
 * settings carry none and the model is on OpenAI's own API: made from the run's `conversation_id`,
 * else its `session`'s id, else `RunConfig(group_id=...)` (`agents-sdk:<kind>:` and the first 32
 * hex digits of the value's SHA-256), and otherwise a random one for the run alone
 * (`agents-sdk:run:<uuid4 hex>`).
 */
function generatedCacheKey(
  reader: RunReader,
  agent: AgentMade,
  call: Node,
  named: Map<string, Node>,
  configArgs: Map<string, Node> | undefined,
  configProgram: PythonProgram | undefined,
): Pick<AgentRunRequest, 'promptCacheKey' | 'promptCacheKeyPerRun'> {
  const version = reader.version;
  if (version && !atLeast(version, ...CACHE_KEY_SINCE)) return {};
  const given = (node: Node | undefined) => node !== undefined && node.type !== 'none';
  const text = (program: PythonProgram, node: Node) => quietString(program, node)?.trim();
  const conversation = named.get('conversation_id');
  const group = configArgs?.get('group_id');
  // A key of the conversation, the session or the group is the same for every run of it.
  if (given(conversation) || given(named.get('session')) || given(group)) {
    if (!version) return {};
    const [kind, value] = given(conversation) ? ['conversation', text(reader.program, conversation!)] : given(named.get('session')) ? ['session', undefined] : ['group', text(configProgram!, group!)];
    return value ? { promptCacheKey: `agents-sdk:${kind}:${createHash('sha256').update(value, 'utf8').digest('hex').slice(0, 32)}` } : {};
  }
  const nameSetting = agent.settings.get('name');
  const agentName = nameSetting ? quietString(nameSetting.program, nameSetting.node) : undefined;
  const keyName = agentName ? JSON.stringify(agentName) : '"<agent name>"';
  return {
    promptCacheKeyPerRun: {
      reason: 'openai-agents 0.14 and later give each run without a `conversation_id`, `session` or `group_id` its own `prompt_cache_key` (`agents-sdk:run:<random id>`)',
      ...(version ? {} : { versionUnknown: 'no pinned `openai-agents` version was found' }),
      groupFix: '`run_config=RunConfig(group_id=...)` for the runs that belong together (a thread, a user)',
      fixedKeyFix: `\`ModelSettings(extra_args={"prompt_cache_key": ${keyName}})\` for one key for all the agent's runs`,
      range: rangeOf(call),
    },
  };
}

/**
 * The string `node` is, when the source tells it, read without a trace in the estimate: a key, a URL
 * or a model name read to decide something is no prompt text.
 */
function quietString(program: PythonProgram, node: Node): string | undefined {
  const notes = [...program.notes];
  const reasons = [...program.reasons];
  const importTime = program.importTimeValues.length;
  const builtAt = program.builtAt.length;
  try {
    return knownString(program.evaluate(node));
  } finally {
    program.notes.clear();
    for (const note of notes) program.notes.add(note);
    program.reasons.clear();
    for (const reason of reasons) program.reasons.add(reason);
    program.importTimeValues.length = importTime;
    program.builtAt.length = builtAt;
  }
}

/** Model classes of the SDK that send through an OpenAI client, and the argument that takes it. */
const OPENAI_CLIENT_MODELS = new Set(['OpenAIResponsesModel', 'OpenAIChatCompletionsModel']);

/**
 * Whether the run's model is on OpenAI's own API (`https://api.openai.com`), the only place the SDK
 * adds its key: a model name on the default client, or an SDK model or provider given an
 * `AsyncOpenAI` that keeps the default base URL. False for another library's model (`LitellmModel`,
 * a `litellm/` name), a client pointed elsewhere, and anything the source does not tell.
 */
function onOpenAiApi(program: PythonProgram, modelSetting: { program: PythonProgram; node: Node } | undefined, configArgs: Map<string, Node> | undefined, configProgram: PythonProgram | undefined): boolean {
  if (modelSetting) {
    const made = followed(modelSetting.program, modelSetting.node);
    if (made.node.type === 'call') {
      const cls = calledSdkName(made.node, made.program);
      if (!cls || !OPENAI_CLIENT_MODELS.has(cls)) return false;
      const { positional, named } = argumentNodes(made.node);
      const client = named.get('openai_client') ?? positional[1];
      return client !== undefined && officialClient(made.program, client);
    }
    const name = quietString(made.program, made.node);
    // `litellm/...`, `any-llm/...` and other prefixes go to another provider; `openai/` is OpenAI's.
    if (name?.includes('/') && !name.startsWith('openai/')) return false;
  }
  const provider = configArgs?.get('model_provider');
  if (provider && provider.type !== 'none') {
    const made = followed(configProgram ?? program, provider);
    const cls = made.node.type === 'call' ? calledSdkName(made.node, made.program) : undefined;
    if (cls !== 'OpenAIProvider' && cls !== 'MultiProvider') return false;
    const { named } = argumentNodes(made.node);
    const client = named.get('openai_client');
    const baseUrl = named.get(cls === 'OpenAIProvider' ? 'base_url' : 'openai_base_url');
    if (client && !officialClient(made.program, client)) return false;
    if (baseUrl && !officialUrl(made.program, baseUrl)) return false;
    if (client || baseUrl) return true;
  }
  const imports = agentsImports(program);
  for (const call of program.tree.rootNode.descendantsOfType('call')) {
    if (!call || sdkName(call.childForFieldName('function'), imports) !== 'set_default_openai_client') continue;
    const client = argumentNodes(call).positional[0] ?? argumentNodes(call).named.get('client');
    if (!client || !officialClient(program, client)) return false;
  }
  return true;
}

/** `AsyncOpenAI(...)` with no `base_url`, or with OpenAI's own. */
function officialClient(program: PythonProgram, node: Node): boolean {
  const made = followed(program, node);
  if (made.node.type !== 'call' || !/(?:^|\.)AsyncOpenAI$/.test(made.node.childForFieldName('function')?.text ?? '')) return false;
  const baseUrl = argumentNodes(made.node).named.get('base_url');
  return !baseUrl || baseUrl.type === 'none' || officialUrl(made.program, baseUrl);
}

function officialUrl(program: PythonProgram, node: Node): boolean {
  const url = quietString(program, node);
  if (url === undefined) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.hostname === 'api.openai.com';
  } catch {
    return false;
  }
}

/** `os.environ["OPENAI_DEFAULT_MODEL"] = "gpt-4o"` (or `setdefault`) in the file: the model the SDK defaults to from 0.2.9 on. */
function defaultModelSetInFile(program: PythonProgram): StaticValue | undefined {
  let found: StaticValue | undefined;
  for (const node of program.tree.rootNode.descendantsOfType(['assignment', 'call'])) {
    if (!node) continue;
    let value: Node | undefined;
    if (node.type === 'assignment') {
      const left = node.childForFieldName('left');
      const key = left?.type === 'subscript' && /^(?:os\.)?environ$/.test(left.childForFieldName('value')?.text ?? '') ? left.childForFieldName('subscript') : undefined;
      if (key && knownString(program.evaluate(key)) === 'OPENAI_DEFAULT_MODEL') value = node.childForFieldName('right') ?? undefined;
    } else if (/^(?:os\.)?environ\.setdefault$/.test(node.childForFieldName('function')?.text ?? '')) {
      const [key, given] = argumentNodes(node).positional;
      if (key && given && knownString(program.evaluate(key)) === 'OPENAI_DEFAULT_MODEL') value = given;
    }
    const text = value ? program.evaluate(value) : undefined;
    if (text && knownString(text) !== undefined) found = text;
  }
  return found;
}

/** `set_default_openai_api("chat_completions")` in the file: agents without a model object send Chat Completions requests. */
function usesChatCompletionsByDefault(program: PythonProgram): boolean {
  const imports = agentsImports(program);
  for (const call of program.tree.rootNode.descendantsOfType('call')) {
    if (!call || sdkName(call.childForFieldName('function'), imports) !== 'set_default_openai_api') continue;
    const first = argumentNodes(call).positional[0];
    if (first && knownString(program.evaluate(first)) === 'chat_completions') return true;
  }
  return false;
}

/** The model: a name, or `OpenAIResponsesModel(model=...)` / `OpenAIChatCompletionsModel(model=...)`. */
function modelOf(reader: RunReader, program: PythonProgram, node: Node, at: Node): { value?: StaticValue; chat?: boolean } {
  const made = followed(program, node);
  if (made.node.type === 'call') {
    const cls = calledSdkName(made.node, made.program);
    if (cls === 'OpenAIResponsesModel' || cls === 'OpenAIChatCompletionsModel') {
      const { positional, named } = argumentNodes(made.node);
      const model = named.get('model') ?? positional[0];
      return { ...(model ? { value: reader.setting(made.program, model, at) } : {}), chat: cls === 'OpenAIChatCompletionsModel' };
    }
    if (cls) reader.unresolved.push(`the model \`${shortName(node.text, 40)}\` (${cls}) sends its request through another library: counted as an OpenAI Responses request`);
  }
  const value = reader.setting(program, node, at);
  // The SDK's default provider sends a `litellm/...` or `any-llm/...` name through that library.
  const library = LIBRARY_PREFIXES.get(/^([\w-]+)\//.exec(knownString(value) ?? '')?.[1] ?? '');
  if (library) reader.unresolved.push(`the model \`${shortName(knownString(value)!, 40)}\` sends its request through another library (${library}): counted as an OpenAI Responses request`);
  return { value };
}

/** Model name prefixes the SDK's default provider sends through another library, and that library. */
const LIBRARY_PREFIXES = new Map([
  ['litellm', 'LiteLLM'],
  ['any-llm', 'any-llm'],
]);

/**
 * The instructions: text, or a function the SDK calls on every run with the run's context and the
 * agent (counted as what it returns where that is one expression, its arguments unknown).
 */
function instructionsOf(reader: RunReader, program: PythonProgram, node: Node, at: Node): StaticValue | undefined {
  const made = followed(program, node);
  const defined = made.node.type === 'lambda' ? made : made.node.type === 'identifier' ? functionDefinition(made.program, made.node.text, made.node) : undefined;
  const fn = defined?.node;
  if (!defined || !fn) {
    const value = reader.value(program, node, at);
    return value.kind === 'scalar' && value.value === null ? undefined : value;
  }
  const name = fn.type === 'lambda' ? 'a lambda' : `\`${fn.childForFieldName('name')?.text}\``;
  const returned = returnedExpression(fn);
  if (!returned) {
    reader.unresolved.push(`the instructions are written by the function ${name} on every run: not counted`);
    return { kind: 'unknown', expression: made.node.text, range: rangeOf(node), perRequest: false };
  }
  reader.unresolved.push(`the instructions are written by the function ${name} on every run: counted as what it returns, with its arguments unknown`);
  return reader.value(defined.program, returned, at);
}

/** The one expression a function returns: a lambda's body, or a `return` ending the body that is the only one. */
function returnedExpression(fn: Node): Node | undefined {
  const body = fn.childForFieldName('body');
  if (!body) return undefined;
  if (fn.type === 'lambda') return body;
  const returns = body.descendantsOfType('return_statement').filter((r): r is Node => r !== null && enclosingFunction(r) === fn.id);
  const statements = body.namedChildren.filter((n) => n.type !== 'comment');
  const last = statements.at(-1);
  if (returns.length !== 1 || last?.id !== returns[0].id) return undefined;
  return returns[0].namedChildren[0] ?? undefined;
}

function enclosingFunction(node: Node): number | undefined {
  for (let parent = node.parent; parent; parent = parent.parent) if (parent.type === 'function_definition' || parent.type === 'lambda') return parent.id;
  return undefined;
}

/**
 * The function definition `name` refers to where `use` is, with the file that holds it: in the
 * enclosing functions, then the module, then the workspace module it is imported from.
 */
export function functionDefinition(program: PythonProgram, name: string, use: Node, steps = 0): { program: PythonProgram; node: Node } | undefined {
  for (let scope: Node | null = use.parent ?? use; scope; scope = scope.parent) {
    if (scope.type !== 'function_definition' && scope.type !== 'module') continue;
    const body = scope.type === 'module' ? scope : scope.childForFieldName('body');
    let found: Node | undefined;
    for (const child of body?.namedChildren ?? []) {
      const definition = child.type === 'decorated_definition' ? child.childForFieldName('definition') : child;
      if (definition?.type === 'function_definition' && definition.childForFieldName('name')?.text === name) found = definition;
    }
    if (found) return { program, node: found };
  }
  const imported = steps < MAX_STEPS ? program.importedName(name) : undefined;
  const holder = imported?.program as PythonProgram | undefined;
  return holder && imported ? functionDefinition(holder, imported.name, holder.tree.rootNode, steps + 1) : undefined;
}

/** The two sides of `a + b` (a list made by concatenating two), or undefined for another expression. */
function addedSides(node: Node): [Node, Node] | undefined {
  if (node.type !== 'binary_operator' || node.childForFieldName('operator')?.text !== '+') return undefined;
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  return left && right ? [left, right] : undefined;
}

/**
 * The items of a list expression (a name followed to its list; `*OTHER` brings in the items of
 * another list, `A + B` those of both), each with its file, or undefined when the list is not written.
 */
function listItems(program: PythonProgram, node: Node, steps = 0): Array<{ program: PythonProgram; node: Node }> | undefined {
  const made = followed(program, node);
  const sides = addedSides(made.node);
  let items: Array<{ program: PythonProgram; node: Node }> | undefined;
  if (sides) {
    const [left, right] = steps < MAX_STEPS ? sides.map((side) => listItems(made.program, side, steps + 1)) : [];
    items = left && right ? [...left, ...right] : undefined;
  } else if (made.node.type === 'list' || made.node.type === 'tuple') {
    items = made.node.namedChildren
      .filter((n) => n.type !== 'comment')
      .flatMap((item) => {
        const spread = item.type === 'list_splat' ? item.namedChildren[0] : undefined;
        const inner = spread && steps < MAX_STEPS ? listItems(made.program, spread, steps + 1) : undefined;
        return inner ?? [{ program: made.program, node: item }];
      });
  }
  return items && withAdditions(program, node, items, steps, (added) => listItems(program, added, steps + 1));
}

/**
 * A list's items with what is added to the name it is read by after its assignment (`+=`,
 * `.extend(...)`: a list read by `read`; `.append(...)`: the argument); undefined when an addition
 * is not written here.
 */
function withAdditions<T extends { program: PythonProgram; node: Node }>(program: PythonProgram, node: Node, items: T[], steps: number, read: (added: Node) => T[] | undefined): T[] | undefined {
  const name = unwrap(node);
  if (name.type !== 'identifier' || steps >= MAX_STEPS) return items;
  const out = [...items];
  for (const added of program.listAdditions(name.text, name)) {
    const more = added.op === 'push' ? added.value.namedChildren.filter((n) => n.type !== 'comment').map((n) => ({ program, node: n }) as T) : read(added.value);
    if (!more) return undefined;
    out.push(...more);
  }
  return out;
}

/**
 * The values that reading `read` adds as computed when the module loads are not said: a tool, a
 * handoff or an output type is no prompt text whose value changes between processes.
 */
function withoutImportTime<T>(reader: RunReader, read: () => T): T {
  const before = reader.program.importTimeValues.length;
  try {
    return read();
  } finally {
    reader.program.importTimeValues.length = before;
  }
}

/** A namespace of `tool_namespace(...)`, as sent: its name and description (stripped) and where it is made. */
type Namespace = AgentsNamespace;

type ToolItem = { program: PythonProgram; node: Node; namespace?: Namespace };

/**
 * The items of the agent's `tools` (a name followed to its list; `*OTHER` brings in the items of
 * another list, `A + B` those of both), those of a `tool_namespace(name=..., description=...,
 * tools=[...])` list (spread in, added, or the list itself) with their namespace; undefined when
 * the list is not written.
 */
function toolItems(reader: RunReader, program: PythonProgram, node: Node, at: Node, steps = 0): ToolItem[] | undefined {
  const items = writtenToolItems(reader, program, node, at, steps);
  return items && withAdditions(program, node, items, steps, (added) => toolItems(reader, program, added, at, steps + 1));
}

/** `toolItems` of what `node` is given, before anything is added to it. */
function writtenToolItems(reader: RunReader, program: PythonProgram, node: Node, at: Node, steps: number): ToolItem[] | undefined {
  const made = followed(program, node);
  if (made.node.type === 'call' && calledSdkName(made.node, made.program) === 'tool_namespace') return namespaceItems(reader, made.program, made.node, at);
  const sides = addedSides(made.node);
  if (sides) {
    const [left, right] = steps < MAX_STEPS ? sides.map((side) => toolItems(reader, made.program, side, at, steps + 1)) : [];
    return left && right ? [...left, ...right] : undefined;
  }
  if (made.node.type !== 'list' && made.node.type !== 'tuple') return undefined;
  return made.node.namedChildren
    .filter((n) => n.type !== 'comment')
    .flatMap((item) => {
      // `[*tool_namespace(...)]` alone in its list is parsed as a call of `*tool_namespace`.
      const starred = item.type === 'call' ? item.childForFieldName('function') : null;
      if (starred?.type === 'list_splat' && sdkName(starred.namedChildren[0], agentsImports(made.program)) === 'tool_namespace') {
        return namespaceItems(reader, made.program, item, at);
      }
      const spread = item.type === 'list_splat' ? item.namedChildren[0] : undefined;
      const inner = spread && steps < MAX_STEPS ? toolItems(reader, made.program, spread, at, steps + 1) : undefined;
      return inner ?? [{ program: made.program, node: item }];
    });
}

/** The tools of a `tool_namespace(...)` call, each with the namespace it is sent in. */
function namespaceItems(reader: RunReader, program: PythonProgram, call: Node, at: Node): ToolItem[] {
  const { named } = argumentNodes(call);
  const text = (key: string) => {
    const node = named.get(key);
    return node ? knownString(reader.setting(program, node, at)) : undefined;
  };
  const name = text('name')?.trim();
  const description = text('description')?.trim();
  const tools = named.get('tools') ? listItems(program, named.get('tools')!) : undefined;
  const shown = shortName(call.text.split('\n')[0], 40);
  if (!name || description === undefined || !tools) {
    reader.unresolved.push(`the namespace \`${shown}\`: its name, description or tools are not written in the call (not counted)`);
    return [];
  }
  if (description === '') reader.unresolved.push(refusal(`the SDK refuses the namespace \`${name}\` without a description (\`tool_namespace()\` raises)`));
  const namespace: Namespace = { name, description, range: program === reader.program ? rangeOf(call) : rangeOf(at) };
  return tools.map((item) => ({ ...item, namespace }));
}

function toolsOf(reader: RunReader, program: PythonProgram, node: Node, at: Node): StaticValue[] {
  const list = toolItems(reader, program, node, at);
  if (!list) {
    reader.unresolved.push(`the agent's tools \`${shortName(node.text, 40)}\` are known only at run time: not counted`);
    return [];
  }
  // The tools of a namespace are sent as one `namespace` tool where the first of them stands.
  const out: StaticValue[] = [];
  const namespaces = new Map<string, { namespace: Namespace; tools: StaticValue[] }>();
  for (const item of list) {
    const tool = withoutImportTime(reader, () => toolOf(reader, item.program, item.node, at));
    if (!tool) reader.unresolved.push(`the tool \`${shortName(item.node.text, 40)}\` is not one the source tells: not counted`);
    const namespace = item.namespace;
    if (!tool) continue;
    if (!namespace) {
      out.push(tool);
      continue;
    }
    const toolName = knownString(entryOf(tool, 'name'));
    if (knownString(entryOf(tool, 'type')) !== 'function') {
      reader.unresolved.push(refusal(`the SDK refuses \`${shortName(item.node.text, 40)}\` in the namespace \`${namespace.name}\`: \`tool_namespace()\` takes function tools only (it raises)`));
      continue;
    }
    if (toolName === namespace.name) reader.unresolved.push(refusal(`the SDK refuses a tool named \`${toolName}\` in the namespace of that name (\`tool_namespace()\` raises)`));
    let held = namespaces.get(namespace.name);
    if (!held) {
      held = { namespace, tools: [] };
      namespaces.set(namespace.name, held);
      out.push(agentsNamespaceTool(namespace, held.tools));
    } else if (held.namespace.description !== namespace.description) {
      reader.unresolved.push(refusal(`the SDK refuses the namespace \`${namespace.name}\` given two descriptions (it raises before sending the request)`));
    }
    held.tools.push(tool);
  }
  if (namespaces.size > 0 && reader.version && !atLeast(reader.version, 0, 11, 0)) {
    reader.unresolved.push(`\`tool_namespace()\` came with openai-agents 0.11.0; the pinned ${versionText(reader.version)} has none`);
  }
  return out;
}

/** The openai types the SDK's settings take as dicts, made by calling them (`UserLocation(city=...)`). */
const TYPED_DICTS = /(?:^|\.)(?:UserLocation|Filters|RankingOptions|Reasoning)$/;

/** A setting's value; a typed dict made by a call (`UserLocation(type="approximate", city="Paris")`) is the dict it makes. */
function typedDict(reader: RunReader, program: PythonProgram, node: Node, at: Node): StaticValue {
  const made = followed(program, node);
  if (made.node.type === 'call' && TYPED_DICTS.test(made.node.childForFieldName('function')?.text ?? '') && argumentNodes(made.node).positional.length === 0) {
    const entries = [...argumentNodes(made.node).named].map(([key, value]) => ({ key, value: reader.setting(made.program, value, at) }));
    return { kind: 'object', entries, range: made.program === reader.program ? rangeOf(made.node) : rangeOf(at) };
  }
  return reader.setting(program, node, at);
}

/** Hosted tools as the Responses model sends them. */
function hostedTool(reader: RunReader, program: PythonProgram, call: Node, cls: string, at: Node): StaticValue | undefined {
  const { named } = argumentNodes(call);
  const range = program === reader.program ? rangeOf(call) : rangeOf(at);
  const read = (key: string) => {
    const node = named.get(key);
    return node ? typedDict(reader, program, node, at) : undefined;
  };
  const object = (entries: Array<[string, StaticValue | undefined]>): StaticObject => ({
    kind: 'object',
    entries: entries.filter((e): e is [string, StaticValue] => e[1] !== undefined).map(([key, value]) => ({ key, value })),
    range,
  });
  const text = (value: string) => spreadText(value, range);
  const none = { kind: 'scalar' as const, value: null, range };
  if (cls === 'WebSearchTool') {
    const version = reader.version;
    // `web_search_preview` before 0.3.0; `web_search` with its filters since.
    const preview = version !== undefined && !atLeast(version, 0, 3, 0);
    if (version === undefined) reader.unresolved.push('`WebSearchTool()` is sent as `web_search` from openai-agents 0.3.0 on (`web_search_preview` before): no pinned version was found, counted as `web_search`');
    return object([
      ['type', text(preview ? 'web_search_preview' : 'web_search')],
      ...(preview ? [] : ([['filters', read('filters') ?? none]] as Array<[string, StaticValue]>)),
      ['user_location', read('user_location') ?? none],
      ['search_context_size', read('search_context_size') ?? text('medium')],
    ]);
  }
  if (cls === 'FileSearchTool') {
    const ids = named.get('vector_store_ids');
    const max = read('max_num_results');
    return object([
      ['type', text('file_search')],
      ['vector_store_ids', ids ? reader.setting(program, ids, at) : { kind: 'list', items: [], range }],
      ['max_num_results', max?.kind === 'scalar' && (max.value === null || max.value === 0) ? undefined : max],
      ['ranking_options', read('ranking_options')],
      ['filters', read('filters')],
    ]);
  }
  if (cls === 'CodeInterpreterTool' || cls === 'ImageGenerationTool' || cls === 'HostedMCPTool') {
    const config = read('tool_config');
    return config?.kind === 'object' ? config : undefined;
  }
  if (cls === 'LocalShellTool') return object([['type', text('local_shell')]]);
  if (cls === 'ToolSearchTool') {
    // `tool_search` with its description, execution and parameters where they are not None.
    const given = (key: string) => {
      const value = read(key);
      return value?.kind === 'scalar' && value.value === null ? undefined : value;
    };
    return object([
      ['type', text('tool_search')],
      ['description', given('description')],
      ['execution', given('execution')],
      ['parameters', given('parameters')],
    ]);
  }
  return undefined;
}

/** One tool of `tools=[...]`. */
function toolOf(reader: RunReader, program: PythonProgram, item: Node, at: Node): StaticValue | undefined {
  const made = followed(program, item);
  const node = made.node;
  if (node.type === 'identifier') {
    const fn = functionDefinition(made.program, node.text, node);
    const decorator = fn ? toolDecorator(fn.program, fn.node) : undefined;
    return fn && decorator ? functionTool(reader, fn.program, fn.node, decorator.options, at) : undefined;
  }
  if (node.type !== 'call') return undefined;
  const callee = node.childForFieldName('function');
  // `other_agent.as_tool(tool_name=..., tool_description=...)`.
  if (callee?.type === 'attribute' && callee.childForFieldName('attribute')?.text === 'as_tool') {
    const object = callee.childForFieldName('object');
    const agent = object ? agentMade(made.program, object) : undefined;
    return agent ? agentTool(reader, made.program, agent, node, at) : undefined;
  }
  const cls = calledSdkName(node, made.program);
  if (cls === 'function_tool') {
    const { positional, named } = argumentNodes(node);
    const target = positional[0] ? followed(made.program, positional[0]) : undefined;
    const fn = target?.node.type === 'identifier' ? functionDefinition(target.program, target.node.text, target.node) : undefined;
    return fn ? functionTool(reader, fn.program, fn.node, new Map([...named].map(([k, v]) => [k, { program: made.program, node: v }])), at) : undefined;
  }
  return cls ? hostedTool(reader, made.program, node, cls, at) : undefined;
}

type Options = Map<string, { program: PythonProgram; node: Node }>;

/** `@function_tool` or `@function_tool(...)` on a function, with the decorator's options. */
function toolDecorator(program: PythonProgram, fn: Node): { options: Options } | undefined {
  const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
  for (const decorator of decorated?.namedChildren.filter((n) => n.type === 'decorator') ?? []) {
    const expression = decorator.namedChildren[0];
    if (!expression) continue;
    const imports = agentsImports(program);
    if (sdkName(expression, imports) === 'function_tool') return { options: new Map() };
    if (expression.type === 'call' && sdkName(expression.childForFieldName('function'), imports) === 'function_tool') {
      return { options: new Map([...argumentNodes(expression).named].map(([k, v]) => [k, { program, node: v }])) };
    }
  }
  return undefined;
}

/** The parameters of a function definition with their annotations and defaults. */
export function parametersOf(fn: Node): Array<{ name: string; annotation: Node | null; defaultValue: Node | null; splat: boolean }> | undefined {
  const out: Array<{ name: string; annotation: Node | null; defaultValue: Node | null; splat: boolean }> = [];
  for (const p of fn.childForFieldName('parameters')?.namedChildren ?? []) {
    if (p.type === 'comment' || p.type === 'keyword_separator' || p.type === 'positional_separator') continue;
    if (p.type === 'identifier') {
      out.push({ name: p.text, annotation: null, defaultValue: null, splat: false });
      continue;
    }
    const splat = p.type === 'list_splat_pattern' || p.type === 'dictionary_splat_pattern' || p.namedChildren.some((c) => c.type === 'list_splat_pattern' || c.type === 'dictionary_splat_pattern');
    const nameNode = p.childForFieldName('name') ?? p.namedChildren.find((c) => c.type === 'identifier');
    if (!nameNode) return undefined;
    out.push({ name: nameNode.text, annotation: p.childForFieldName('type'), defaultValue: p.childForFieldName('value'), splat });
  }
  return out;
}

/** The docstring of a function: its body's first statement when that is a plain string literal. */
export function docstringOf(program: PythonProgram, fn: Node): string | undefined {
  const first = fn.childForFieldName('body')?.namedChildren.find((n) => n.type !== 'comment');
  const literal = first?.type === 'expression_statement' ? first.namedChildren[0] : undefined;
  if (literal?.type !== 'string' && literal?.type !== 'concatenated_string') return undefined;
  // An f-string is no docstring.
  const prefixes = (literal.type === 'string' ? [literal] : literal.namedChildren).map((part) => part.children[0]?.text.replace(/['"]+$/, '') ?? '');
  if (prefixes.some((prefix) => /f/i.test(prefix))) return undefined;
  return knownString(program.evaluate(literal));
}

/** The description a parameter's `Annotated[type, "description"]` gives, or undefined. */
export function annotatedDescription(program: PythonProgram, annotation: Node | null): string | undefined {
  const inner = annotation?.type === 'type' ? annotation.namedChildren[0] : annotation;
  if (inner?.type !== 'generic_type' || inner.namedChildren[0]?.text.replace(/^typing(?:_extensions)?\./, '') !== 'Annotated') return undefined;
  for (const param of (inner.namedChildren[1]?.namedChildren ?? []).slice(1)) {
    const node = param.type === 'type' ? param.namedChildren[0] : param;
    const text = node && (node.type === 'string' || node.type === 'concatenated_string') ? knownString(program.evaluate(node)) : undefined;
    if (text !== undefined) return text;
  }
  return undefined;
}

const CONTEXT_TYPES = /^(?:agents\.)?(?:RunContextWrapper|ToolContext)\b/;

/** A `@function_tool` function as the tool the SDK sends. */
function functionTool(reader: RunReader, program: PythonProgram, fn: Node, options: Options, at: Node): StaticValue {
  const option = (key: string) => {
    const found = options.get(key);
    return found ? found.program.evaluate(found.node) : undefined;
  };
  const functionName = fn.childForFieldName('name')?.text ?? 'tool';
  const name = knownString(option('name_override')) || functionName;
  const useDocstring = option('use_docstring_info');
  const style = knownString(option('docstring_style')) as DocstringStyle | undefined;
  const docstring = useDocstring?.kind === 'scalar' && useDocstring.value === false ? undefined : docstringOf(program, fn);
  const documentation = docstring !== undefined ? functionDocumentation(docstring, style && ['google', 'numpy', 'sphinx'].includes(style) ? style : undefined) : undefined;
  const description = knownString(option('description_override')) || documentation?.description || '';
  const strictOption = option('strict_mode');
  const strict = !(strictOption?.kind === 'scalar' && strictOption.value === false);
  const range = program === reader.program ? rangeOf(fn) : rangeOf(at);

  let parameters = parametersOf(fn);
  // A first parameter typed as the run's context is the SDK's to fill: not a parameter of the tool.
  if (parameters && parameters[0]?.annotation && CONTEXT_TYPES.test(parameters[0].annotation.text)) parameters = parameters.slice(1);
  let schema: Schema | undefined;
  if (parameters && !parameters.some((p) => p.splat)) {
    const fields: ModelField[] = parameters.map((p) => {
      const said = documentation?.parameters.get(p.name) ?? annotatedDescription(program, p.annotation);
      return { name: p.name, annotation: p.annotation, defaultValue: p.defaultValue, ...(said !== undefined ? { description: said } : {}) };
    });
    // Parameter types are read where the function stands: a tool defined in a function sees its classes.
    const written = fieldsJsonSchema(`${name}_args`, fields, program.modelContext(fn));
    if (written) schema = strict ? agentsStrictSchema(written) : written;
  }
  if (!schema) reader.unresolved.push(`the parameters of tool ${name} have a type or a default the source does not pin down: not counted`);
  const tool: Record<string, Json> = { name, ...(schema ? { parameters: schema } : {}), strict, type: 'function', description };
  // `defer_loading=True` (0.11.0 and later): the tool is loaded by tool search.
  const defer = option('defer_loading');
  if (defer?.kind === 'scalar' && defer.value === true) tool.defer_loading = true;
  else if (defer && !(defer.kind === 'scalar' && defer.value === false)) reader.unresolved.push(`whether tool ${name} defers its loading is known only at run time: counted as not`);
  return staticOfJson(tool, range);
}

/** `agent.as_tool(tool_name=..., tool_description=...)`: a function tool taking the input text. */
function agentTool(reader: RunReader, program: PythonProgram, agent: AgentMade, call: Node, at: Node): StaticValue | undefined {
  const { named } = argumentNodes(call);
  const agentName = agent.settings.get('name');
  const nameValue = named.get('tool_name') ? knownString(program.evaluate(named.get('tool_name')!)) : agentName ? knownString(agentName.program.evaluate(agentName.node)) : undefined;
  if (nameValue === undefined) return undefined;
  const name = named.get('tool_name') ? nameValue : functionStyle(nameValue);
  const description = named.get('tool_description') ? (knownString(program.evaluate(named.get('tool_description')!)) ?? '') : '';
  const version = reader.version;
  // From 0.8.0 the input is the `AgentAsToolInput` model; before, the parameters of a function named after the tool.
  const modelInput = version === undefined || atLeast(version, 0, 8, 0);
  if (version === undefined) reader.unresolved.push(`the parameters of tool ${name} (an agent as a tool) are written as openai-agents 0.8 and later write them: no pinned version was found`);
  const input: Schema = { title: 'Input', type: 'string' };
  const schema: Schema = modelInput
    ? { description: 'Default input schema for agent-as-tool calls.', properties: { input }, required: ['input'], title: 'AgentAsToolInput', type: 'object', additionalProperties: false }
    : { properties: { input }, required: ['input'], title: `${name}_args`, type: 'object', additionalProperties: false };
  return staticOfJson({ name, parameters: schema, strict: true, type: 'function', description }, program === reader.program ? rangeOf(call) : rangeOf(at));
}

function handoffsOf(reader: RunReader, program: PythonProgram, node: Node, at: Node): StaticValue[] {
  const list = listItems(program, node);
  if (!list) {
    reader.unresolved.push(`the agent's handoffs \`${shortName(node.text, 40)}\` are known only at run time: not counted`);
    return [];
  }
  return list.flatMap((item) => {
    const tool = withoutImportTime(reader, () => handoffTool(reader, item.program, item.node, at));
    if (!tool) reader.unresolved.push(`the handoff \`${shortName(item.node.text, 40)}\` is not an agent the source tells: not counted`);
    return tool ? [tool] : [];
  });
}

/** A handoff to an agent (or `handoff(agent, ...)`) as its `transfer_to_<name>` function. */
function handoffTool(reader: RunReader, program: PythonProgram, item: Node, at: Node): StaticValue | undefined {
  const made = followed(program, item);
  let target = made.node;
  let overrides = new Map<string, Node>();
  if (made.node.type === 'call' && calledSdkName(made.node, made.program) === 'handoff') {
    const { positional, named } = argumentNodes(made.node);
    const agentNode = positional[0] ?? named.get('agent');
    if (!agentNode) return undefined;
    target = agentNode;
    overrides = named;
  }
  const agent = agentMade(made.program, target);
  if (!agent) return undefined;
  const setting = (key: string) => {
    const found = agent.settings.get(key);
    return found ? knownString(found.program.evaluate(found.node)) : undefined;
  };
  const agentName = setting('name');
  const nameOverride = overrides.get('tool_name_override') ? knownString(made.program.evaluate(overrides.get('tool_name_override')!)) : undefined;
  const descriptionOverride = overrides.get('tool_description_override') ? knownString(made.program.evaluate(overrides.get('tool_description_override')!)) : undefined;
  if (agentName === undefined && (nameOverride === undefined || descriptionOverride === undefined)) return undefined;
  const name = nameOverride || functionStyle(`transfer_to_${agentName}`);
  const description = descriptionOverride || `Handoff to the ${agentName} agent to handle the request. ${setting('handoff_description') ?? ''}`;
  let parameters: Schema = agentsStrictSchema({});
  const inputType = overrides.get('input_type');
  if (inputType) {
    const schema = classSchema(made.program, inputType);
    if (schema) parameters = agentsStrictSchema(schema);
    else reader.unresolved.push(`the input type of handoff ${name} is not a model the source tells: its parameters are not counted`);
  }
  return staticOfJson({ name, parameters, strict: true, type: 'function', description }, made.program === reader.program ? rangeOf(made.node) : rangeOf(at));
}

/** pydantic's schema of a model class named by `node`, or undefined. */
function classSchema(program: PythonProgram, node: Node): Schema | undefined {
  const inner = unwrap(node);
  if (inner.type !== 'identifier') return undefined;
  const cls = program.modelContext(inner).classNamed(inner.text);
  return cls ? pydanticModelSchema(cls, program.modelContext(cls)) : undefined;
}

/**
 * `output_type=Model` as the request's `text.format`: the model's schema made strict, named
 * `final_output`; another type (`list[str]`) wrapped in an `OutputType` object with a `response`
 * property; `str` is plain text (no format). `AgentOutputSchema(Model, strict_json_schema=False)`
 * sends the schema as pydantic writes it, not strict.
 */
function outputFormatOf(reader: RunReader, program: PythonProgram, node: Node, at: Node): StaticValue | undefined {
  let made = followed(program, node);
  let strict = true;
  if (made.node.type === 'call' && calledSdkName(made.node, made.program) === 'AgentOutputSchema') {
    const { positional, named } = argumentNodes(made.node);
    const strictNode = named.get('strict_json_schema');
    const strictValue = strictNode ? made.program.evaluate(strictNode) : undefined;
    if (strictValue?.kind === 'scalar' && strictValue.value === false) strict = false;
    const type = positional[0] ?? named.get('output_type');
    if (!type) return undefined;
    made = followed(made.program, type);
  }
  const typeNode = made.node;
  if (typeNode.type === 'none' || typeNode.text === 'str') return undefined;
  // The class the name means where it is used: one of the calling function first, as Python scopes names.
  const context = made.program.modelContext(typeNode);
  const cls = typeNode.type === 'identifier' ? context.classNamed(typeNode.text) : undefined;
  let schema = cls ? pydanticModelSchema(cls, made.program.modelContext(cls)) : undefined;
  if (!schema && !cls) schema = fieldsJsonSchema('OutputType', [{ name: 'response', annotation: typeNode, defaultValue: null }], context);
  if (!schema) {
    reader.unresolved.push(`the output type \`${shortName(typeNode.text, 40)}\` is not a type the source pins down: its schema is not counted`);
    return undefined;
  }
  const format: Record<string, Json> = { type: 'json_schema', name: 'final_output', schema: strict ? agentsStrictSchema(schema) : schema, strict };
  return staticOfJson(format, made.program === reader.program ? rangeOf(typeNode) : rangeOf(at));
}

/** `ModelSettings` fields and the request parameters they become. */
const SETTING_PARAMETERS = new Map([
  ['temperature', 'temperature'],
  ['top_p', 'top_p'],
  ['truncation', 'truncation'],
  ['max_tokens', 'max_output_tokens'],
  ['store', 'store'],
  ['prompt_cache_retention', 'prompt_cache_retention'],
  ['metadata', 'metadata'],
  ['top_logprobs', 'top_logprobs'],
]);
/** Hosted tool types a `tool_choice` names, sent as `{type}`. */
const HOSTED_CHOICES = new Set(['file_search', 'web_search', 'web_search_preview', 'computer_use_preview', 'image_generation', 'code_interpreter', 'mcp']);

/** The request parameters of the model settings, as the Responses model sends them. */
function settingsEntries(reader: RunReader, settings: Options, hasTools: boolean, text: StaticEntry[], at: Node): StaticEntry[] {
  const entries: StaticEntry[] = [];
  const read = (key: string) => {
    const found = settings.get(key);
    return found ? reader.setting(found.program, found.node, at) : undefined;
  };
  for (const [key, parameter] of SETTING_PARAMETERS) {
    const value = read(key);
    if (value) entries.push({ key: parameter, value });
  }
  const choice = read('tool_choice');
  if (choice) {
    const name = knownString(choice);
    const value: StaticValue =
      name === undefined || name === 'auto' || name === 'required' || name === 'none'
        ? choice
        : staticOfJson(HOSTED_CHOICES.has(name) ? { type: name } : { type: 'function', name }, choice.range);
    entries.push({ key: 'tool_choice', value });
  }
  const parallel = read('parallel_tool_calls');
  if (parallel && hasTools) entries.push({ key: 'parallel_tool_calls', value: parallel });
  const reasoning = settings.get('reasoning');
  if (reasoning) entries.push({ key: 'reasoning', value: typedDict(reader, reasoning.program, reasoning.node, at) });
  const verbosity = read('verbosity');
  if (verbosity) text.push({ key: 'verbosity', value: verbosity });
  // `extra_args` and `extra_body` go into the request as they are (a `prompt_cache_key` among them).
  for (const key of ['extra_args', 'extra_body']) {
    const value = read(key);
    if (value?.kind === 'object') entries.push(...value.entries);
    else if (value) {
      reader.settingsUnread = true;
      reader.unresolved.push(`the model settings' \`${key}\` is known only at run time: what it adds is not counted`);
    }
  }
  return entries;
}

/** The same run on Chat Completions (`set_default_openai_api("chat_completions")`, `OpenAIChatCompletionsModel`). */
function chatRequest(reader: RunReader, entries: StaticEntry[], range: SourceRange): AgentRunRequest {
  const object: StaticObject = { kind: 'object', entries, range };
  const out: StaticEntry[] = [];
  const model = entryOf(object, 'model');
  if (model) out.push({ key: 'model', value: model });
  const messages: StaticValue[] = [];
  const instructions = entryOf(object, 'instructions');
  if (instructions) messages.push({ kind: 'object', entries: [{ key: 'content', value: instructions }, { key: 'role', value: spreadText('system', instructions.range) }], range: instructions.range });
  const input = entryOf(object, 'input');
  if (input?.kind === 'list') messages.push(...input.items);
  else if (input) messages.push({ kind: 'object', entries: [{ key: 'role', value: spreadText('user', input.range) }, { key: 'content', value: input }], range: input.range });
  out.push({ key: 'messages', value: { kind: 'list', items: messages, range } });
  const tools = entryOf(object, 'tools');
  if (tools?.kind === 'list' && tools.items.length > 0) {
    const items = tools.items.flatMap((tool): StaticValue[] => {
      if (tool.kind === 'object' && knownString(entryOf(tool, 'type')) === 'namespace') {
        reader.unresolved.push(refusal(`the SDK refuses the tools of \`tool_namespace()\` (namespace \`${knownString(entryOf(tool, 'name'))}\`) on Chat Completions (it raises before sending the request)`));
        return [];
      }
      if (tool.kind !== 'object' || knownString(entryOf(tool, 'type')) !== 'function') {
        reader.unresolved.push('a hosted tool cannot be sent on Chat Completions: not counted');
        return [];
      }
      // `strict` is sent from openai-agents 0.6.4 on.
      const keys = reader.version && !atLeast(reader.version, 0, 6, 4) ? ['name', 'description', 'parameters'] : ['name', 'description', 'parameters', 'strict'];
      const fn = Object.fromEntries(keys.flatMap((key) => (entryOf(tool, key) ? [[key, plainValue(entryOf(tool, key)!)]] : [])));
      return [staticOfJson({ type: 'function', function: fn }, tool.range)];
    });
    out.push({ key: 'tools', value: { kind: 'list', items, range: tools.range } });
  }
  const format = entryOf(entryOf(object, 'text'), 'format');
  if (format?.kind === 'object') {
    const plain = plainValue(format) as Record<string, Json>;
    out.push({ key: 'response_format', value: staticOfJson({ type: 'json_schema', json_schema: { name: plain.name, strict: plain.strict, schema: plain.schema } }, format.range) });
  }
  for (const entry of entries) {
    if (['model', 'instructions', 'input', 'tools', 'text'].includes(entry.key)) continue;
    out.push({ key: entry.key === 'max_output_tokens' ? 'max_tokens' : entry.key, value: entry.value });
  }
  return { api: 'chat.completions', args: { kind: 'object', entries: out, range }, unresolved: reader.unresolved };
}

