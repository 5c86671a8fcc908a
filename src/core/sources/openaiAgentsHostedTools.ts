/**
 * The OpenAI Agents SDK for JavaScript's hosted and built-in tools as its Responses model sends
 * them (measured on @openai/agents 0.20 in test/unit/sources/openaiAgentsScript.test.ts):
 * `webSearchTool()`, `fileSearchTool(ids)`, `codeInterpreterTool()`, `imageGenerationTool()`,
 * `hostedMcpTool({...})`, `computerTool({...})`, `shellTool({...})`, `applyPatchTool({...})`,
 * `toolSearchTool()` and `programmaticToolCallingTool()`. Each becomes the API's tool of its type,
 * its options renamed as the SDK renames them (`searchContextSize` → `search_context_size`) and
 * those the SDK leaves unset left out; some add to the request's `include`. A tool's own `name`
 * option is the SDK's label, never sent.
 *
 * What the API adds for such a tool (its own instructions, an MCP server's tools) is no part of the
 * request body: the counter of the body says what it does with each type.
 *
 * Also the Responses `namespace` tool both SDKs send for `toolNamespace()` / `tool_namespace()`.
 */
import type { SourceRange } from '../model';
import { entryOf, knownString, spreadText, type StaticEntry, type StaticObject, type StaticValue } from './staticValue';
import { refusal } from './refusal';

/** The SDK's functions that make a hosted or built-in tool, and the options each reads. */
const HOSTED: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries({
    webSearchTool: ['name', 'userLocation', 'filters', 'searchContextSize', 'externalWebAccess', 'searchContentTypes', 'imageSettings'],
    fileSearchTool: ['name', 'maxNumResults', 'includeSearchResults', 'rankingOptions', 'filters'],
    codeInterpreterTool: ['name', 'container', 'includeOutputs', 'allowedCallers'],
    imageGenerationTool: ['name', 'action', 'background', 'inputFidelity', 'inputImageMask', 'model', 'moderation', 'outputCompression', 'outputFormat', 'partialImages', 'quality', 'size'],
    hostedMcpTool: ['serverLabel', 'serverUrl', 'connectorId', 'authorization', 'requireApproval', 'onApproval', 'allowedTools', 'allowedCallers', 'deferLoading', 'headers', 'serverDescription'],
    computerTool: ['computer', 'name', 'needsApproval', 'onSafetyCheck', 'customDataExtractor'],
    shellTool: ['shell', 'environment', 'name', 'needsApproval', 'onApproval', 'allowedCallers'],
    applyPatchTool: ['editor', 'name', 'needsApproval', 'onApproval', 'allowedCallers', 'customDataExtractor'],
    toolSearchTool: ['name'],
    programmaticToolCallingTool: [],
  }).map(([name, keys]) => [name, new Set(keys)]),
);

/** `imageGenerationTool` options and the fields they are sent as, in the SDK's order. */
const IMAGE_FIELDS: ReadonlyArray<[string, string]> = [
  ['action', 'action'],
  ['background', 'background'],
  ['inputFidelity', 'input_fidelity'],
  ['inputImageMask', 'input_image_mask'],
  ['model', 'model'],
  ['moderation', 'moderation'],
  ['outputCompression', 'output_compression'],
  ['outputFormat', 'output_format'],
  ['partialImages', 'partial_images'],
  ['quality', 'quality'],
  ['size', 'size'],
];

/** Whether `name` is one of the SDK's hosted or built-in tool functions. */
export const isHostedToolFunction = (name: string): boolean => HOSTED.has(name);

/** A hosted tool's call as read: its first argument, and its options by key (`undefined` ones left out). */
export interface HostedCall {
  name: string;
  /** The first argument of `fileSearchTool(ids, options)`. */
  first?: StaticValue;
  options: ReadonlyMap<string, StaticValue>;
  /** Why some options are not known (a spread, options that are not an object literal). */
  partial?: string;
  /** The model the request is for, when known: `computerTool` is sent as the preview tool for `computer-use-preview` models. */
  model?: string;
  range: SourceRange;
}

export interface HostedTool {
  tool?: StaticObject;
  /** What the tool adds to the request's `include`. */
  include: string[];
  /** Why the tool's count is an estimate, or why it is not counted. */
  unresolved: string[];
}

const isNull = (value: StaticValue | undefined) => value?.kind === 'scalar' && value.value === null;
/** JavaScript's truthiness, as far as the source tells (undefined when unknown). */
function truthy(value: StaticValue | undefined): boolean | undefined {
  if (value === undefined) return false;
  if (value.kind === 'scalar') return value.value !== null && value.value !== false && value.value !== 0;
  if (value.kind === 'text') return value.dynamic.length > 0 ? undefined : value.text !== '';
  if (value.kind === 'unknown') return undefined;
  return true;
}

/** The tool a hosted-tool call makes, as the Responses model sends it. */
export function agentsHostedTool(call: HostedCall): HostedTool {
  const { name, options, range } = call;
  const unresolved: string[] = [];
  const include: string[] = [];
  const shown = `\`${name}(...)\``;
  if (call.partial) unresolved.push(`the options of ${shown} come from ${call.partial}, which the source does not tell: the tool is counted with those written`);
  for (const key of options.keys()) {
    if (!HOSTED.get(name)?.has(key)) unresolved.push(`the option \`${key}\` of ${shown} is not read: the tool is counted without it`);
  }
  const text = (value: string) => spreadText(value, range);
  const object = (entries: Array<[string, StaticValue | undefined]>): StaticObject => ({
    kind: 'object',
    entries: entries.filter((e): e is [string, StaticValue] => e[1] !== undefined).map(([key, value]): StaticEntry => ({ key, value })),
    range,
  });
  const get = (key: string) => options.get(key);
  /** An option the SDK sends only when set (an unknown truthiness is said). */
  const flag = (key: string, what: string): boolean => {
    const on = truthy(get(key));
    if (on === undefined) unresolved.push(`whether ${shown} ${what} (\`${key}\`) is known only at run time: counted as not`);
    return on === true;
  };

  switch (name) {
    case 'webSearchTool': {
      const filters = get('filters');
      let allowed: StaticValue | undefined;
      if (filters?.kind === 'object') allowed = entryOf(filters, 'allowedDomains');
      else if (filters && !isNull(filters)) unresolved.push(`the \`filters\` of ${shown} are known only at run time: not counted`);
      const images = get('imageSettings');
      let imageSettings: StaticValue | undefined;
      if (images?.kind === 'object') imageSettings = object([['max_results', entryOf(images, 'maxResults')], ['caption', entryOf(images, 'caption')]]);
      else if (images) {
        unresolved.push(`the \`imageSettings\` of ${shown} are known only at run time: not counted`);
      }
      const types = get('searchContentTypes');
      if (types?.kind === 'list' && types.items.some((item) => knownString(item) === 'image')) include.push('web_search_call.results');
      else if (types && types.kind !== 'list') unresolved.push(`the \`searchContentTypes\` of ${shown} are known only at run time: what they add to \`include\` is not counted`);
      return {
        tool: object([
          ['type', text('web_search')],
          ['user_location', get('userLocation')],
          ['filters', allowed && truthy(allowed) !== false ? object([['allowed_domains', allowed]]) : undefined],
          ['search_context_size', get('searchContextSize') ?? text('medium')],
          ['external_web_access', get('externalWebAccess')],
          ['search_content_types', types],
          ['image_settings', imageSettings],
        ]),
        include,
        unresolved,
      };
    }
    case 'fileSearchTool': {
      const ids = call.first;
      if (!ids) unresolved.push(`${shown} is given no vector store ids`);
      if (flag('includeSearchResults', 'includes its search results')) include.push('file_search_call.results');
      return {
        tool: object([
          ['type', text('file_search')],
          ['vector_store_ids', ids && ids.kind !== 'list' && ids.kind !== 'unknown' ? { kind: 'list', items: [ids], range: ids.range } : ids],
          ['max_num_results', get('maxNumResults')],
          ['ranking_options', get('rankingOptions')],
          ['filters', get('filters')],
        ]),
        include,
        unresolved,
      };
    }
    case 'codeInterpreterTool': {
      if (flag('includeOutputs', 'includes its outputs')) include.push('code_interpreter_call.outputs');
      return {
        tool: object([
          ['type', text('code_interpreter')],
          ['container', get('container') ?? object([['type', text('auto')]])],
          ['allowed_callers', get('allowedCallers')],
        ]),
        include,
        unresolved,
      };
    }
    case 'imageGenerationTool':
      return { tool: object([['type', text('image_generation')], ...IMAGE_FIELDS.map(([key, field]): [string, StaticValue | undefined] => [field, get(key)])]), include, unresolved };
    case 'hostedMcpTool':
      return { ...mcpTool(call, object, text, unresolved), include };
    case 'computerTool': {
      const model = call.model;
      if (model === undefined) {
        unresolved.push(`${shown} is sent as \`computer\`, or as \`computer_use_preview\` on a computer-use-preview model: the model is not known here, counted as \`computer\``);
      } else if (model.startsWith('computer-use-preview')) {
        // The preview tool carries the computer's environment and screen size.
        const computer = get('computer');
        const environment = computer?.kind === 'object' ? entryOf(computer, 'environment') : undefined;
        const dimensions = computer?.kind === 'object' ? entryOf(computer, 'dimensions') : undefined;
        if (dimensions?.kind !== 'list' || dimensions.items.length !== 2 || !environment) {
          unresolved.push(`${shown} on ${model} is sent with its computer's environment and dimensions, which the source does not tell here: not counted`);
          return { include, unresolved };
        }
        return {
          tool: object([
            ['type', text('computer_use_preview')],
            ['environment', environment],
            ['display_width', dimensions.items[0]],
            ['display_height', dimensions.items[1]],
          ]),
          include,
          unresolved,
        };
      }
      return { tool: object([['type', text('computer')]]), include, unresolved };
    }
    case 'shellTool': {
      // A local shell (the default) is sent as `{ type: "local" }`; a hosted container is not read.
      const environment = get('environment');
      const local = environment?.kind === 'object' && environment.entries.length === 1 && knownString(entryOf(environment, 'type')) === 'local';
      if (environment && !local) {
        unresolved.push(`the \`environment\` of ${shown} is not read: not counted`);
        return { include, unresolved };
      }
      return { tool: object([['type', text('shell')], ['environment', object([['type', text('local')]])], ['allowed_callers', get('allowedCallers')]]), include, unresolved };
    }
    case 'applyPatchTool':
      return { tool: object([['type', text('apply_patch')], ['allowed_callers', get('allowedCallers')]]), include, unresolved };
    case 'toolSearchTool':
      return { tool: object([['type', text('tool_search')]]), include, unresolved };
    case 'programmaticToolCallingTool':
      return { tool: object([['type', text('programmatic_tool_calling')]]), include, unresolved };
    default:
      unresolved.push(`${shown} is not read (not counted)`);
      return { include, unresolved };
  }
}

type MakeObject = (entries: Array<[string, StaticValue | undefined]>) => StaticObject;

/** `hostedMcpTool({...})`: the `mcp` tool, its approval policy and allowed tools written as the SDK writes them. */
function mcpTool(call: HostedCall, object: MakeObject, text: (value: string) => StaticValue, unresolved: string[]): { tool?: StaticObject; unresolved: string[] } {
  const get = (key: string) => call.options.get(key);
  const shown = '`hostedMcpTool(...)`';
  const allowedTools = get('allowedTools');
  let allowed: StaticValue | undefined;
  if (allowedTools?.kind === 'list') allowed = object([['tool_names', allowedTools]]);
  else if (allowedTools?.kind === 'object') allowed = object([['tool_names', entryOf(allowedTools, 'toolNames') ?? { kind: 'list', items: [], range: allowedTools.range }]]);
  else if (allowedTools) unresolved.push(`the \`allowedTools\` of ${shown} are known only at run time: not counted`);
  const approval = approvalOf(get('requireApproval'), object, text);
  if (approval === undefined) {
    unresolved.push(`the \`requireApproval\` of ${shown} is not one the SDK takes or is known only at run time: the tool is not counted`);
    return { unresolved };
  }
  const deferLoading = get('deferLoading');
  const deferred = deferLoading?.kind === 'scalar' && deferLoading.value === true;
  if (deferLoading && !(deferLoading.kind === 'scalar' && typeof deferLoading.value === 'boolean')) unresolved.push(`whether ${shown} defers loading is known only at run time: counted as not`);
  return {
    tool: object([
      ['type', text('mcp')],
      ['server_label', get('serverLabel')],
      ['server_url', get('serverUrl')],
      ['connector_id', get('connectorId')],
      ['authorization', get('authorization')],
      ['allowed_tools', allowed],
      ['headers', get('headers')],
      ['require_approval', approval],
      ['allowed_callers', get('allowedCallers')],
      ['server_description', get('serverDescription')],
      ['defer_loading', deferred ? deferLoading : undefined],
    ]),
    unresolved,
  };
}

/**
 * The `require_approval` the SDK sends: `never` when unset, `always` or `never` as given, and a
 * policy object as `{ never?, always? }` with each filter's `tool_names` and `read_only`; undefined
 * for what the SDK refuses or the source does not tell.
 */
function approvalOf(value: StaticValue | undefined, object: MakeObject, text: (value: string) => StaticValue): StaticValue | undefined {
  if (value === undefined) return text('never');
  const word = knownString(value);
  if (word === 'never' || word === 'always') return value;
  if (value.kind !== 'object' || value.entries.length === 0 || value.entries.some((e) => e.key !== 'never' && e.key !== 'always')) return undefined;
  const filter = (policy: StaticValue | undefined): StaticValue | undefined | null => {
    if (policy === undefined) return undefined;
    if (policy.kind !== 'object' || policy.entries.some((e) => !['toolNames', 'tool_names', 'readOnly', 'read_only'].includes(e.key))) return null;
    const names = entryOf(policy, 'toolNames') ?? entryOf(policy, 'tool_names');
    const readOnly = entryOf(policy, 'readOnly') ?? entryOf(policy, 'read_only');
    if (!names && !readOnly) return null;
    return object([['tool_names', names], ['read_only', readOnly]]);
  };
  const never = filter(entryOf(value, 'never'));
  const always = filter(entryOf(value, 'always'));
  if (never === null || always === null) return undefined;
  return object([['never', never], ['always', always]]);
}

/** Hosted tool types a `toolChoice` names, sent as `{ type }` (the SDK's list). */
const HOSTED_CHOICES = new Set(['file_search', 'web_search', 'web_search_preview', 'code_interpreter', 'image_generation', 'mcp', 'programmatic_tool_calling', 'shell', 'apply_patch']);
const COMPUTER_CHOICES = new Set(['computer', 'computer_use', 'computer_use_preview']);

/**
 * The `tool_choice` the SDK sends for `modelSettings.toolChoice`, given the types and names of the
 * tools it sends and the model: `auto`, `required` and `none` as they are; a hosted tool's type as
 * `{ type }`; `computer` / `computer_use` as the computer tool the model takes; any other name a
 * function. `refused` says why the SDK throws instead of sending it (no tool of the request matches).
 */
export function agentsToolChoice(choice: string, tools: ReadonlyArray<{ type?: string; name?: string }>, model: string | undefined): { choice: unknown; refused?: string } {
  const hasComputer = tools.some((t) => t.type !== undefined && COMPUTER_CHOICES.has(t.type));
  let sent: { type: string; name?: string } | 'auto' | 'required' | 'none';
  if (choice === 'auto' || choice === 'required' || choice === 'none') sent = choice;
  else if (COMPUTER_CHOICES.has(choice) && hasComputer) {
    const preview = model === undefined ? choice === 'computer_use_preview' : model.startsWith('computer-use-preview');
    sent = { type: preview ? 'computer_use_preview' : choice === 'computer_use' ? 'computer_use' : 'computer' };
  } else if (choice === 'computer_use_preview' || HOSTED_CHOICES.has(choice)) sent = { type: choice };
  else sent = { type: 'function', name: choice };

  const available = (() => {
    if (sent === 'auto' || sent === 'none') return true;
    if (sent === 'required') return tools.length > 0;
    const { type, name } = sent;
    if (type === 'function') return tools.some((t) => t.type === 'function' && t.name === name);
    if (type === 'computer_use_preview') return tools.some((t) => t.type === 'computer_use_preview');
    if (COMPUTER_CHOICES.has(type)) return tools.some((t) => t.type === 'computer');
    return tools.some((t) => t.type === type);
  })();
  const refused = available ? undefined : refusal(`the SDK refuses \`toolChoice: '${choice}'\`: no tool it sends matches it (it throws before sending the request)`);
  return { choice: sent, ...(refused ? { refused } : {}) };
}

/** A namespace of `toolNamespace()` (JavaScript) or `tool_namespace()` (Python), as the SDK normalised it. */
export interface AgentsNamespace {
  name: string;
  description: string;
  range: SourceRange;
}

/**
 * The Responses `namespace` tool the SDKs send for a namespace: `{type, name, description, tools}`
 * in that order, where its first tool stands; `tools` is the list given, which the caller fills
 * with the namespace's tools as it meets them (a second namespace of the same name joins the first).
 */
export function agentsNamespaceTool(namespace: AgentsNamespace, tools: StaticValue[]): StaticObject {
  const { range } = namespace;
  const entries: StaticEntry[] = [
    { key: 'type', value: spreadText('namespace', range) },
    { key: 'name', value: spreadText(namespace.name, range) },
    { key: 'description', value: spreadText(namespace.description, range) },
    { key: 'tools', value: { kind: 'list', items: tools, range } },
  ];
  return { kind: 'object', entries, range };
}
