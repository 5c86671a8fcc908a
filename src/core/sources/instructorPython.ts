/**
 * The `instructor` library (Python): a client made with `instructor.from_openai(OpenAI())`,
 * `instructor.patch(OpenAI())`, `instructor.from_provider("openai/…")` or
 * `instructor.from_anthropic(Anthropic())`, called with a `response_model`
 * (`client.chat.completions.create(...)`, `client.messages.create(...)`, `client.create(...)`,
 * `create_with_completion`, `create_partial`, `create_iterable`). instructor rewrites the call's
 * arguments before the SDK sends them; the request rebuilt here is the first one it sends (its
 * retries, `max_retries`, resend the same request with the failed answer after it):
 *
 * - `Mode.TOOLS` (the default of `from_openai` and `patch`): one function tool named after the
 *   model, described by its docstring (or "Correctly extracted `Name` with all the required
 *   parameters with correct types"), its parameters pydantic's schema without `title` and
 *   `description`, a Google docstring's `Args:` lines as descriptions of the fields that have none,
 *   `required` the fields without a default, sorted; `tool_choice` forces it. `TOOLS_STRICT`
 *   sends the openai SDK's `pydantic_function_tool` (strict schema, the raw docstring);
 *   `PARALLEL_TOOLS` one tool per model of `Iterable[A | B]` and `tool_choice: "auto"`;
 *   `FUNCTIONS` the same function as `functions` and `function_call`.
 * - `Mode.JSON`, `MD_JSON`, `JSON_SCHEMA`, `JSON_O1`: the schema as indented JSON in a system
 *   message instructor writes (joined to the first system message when there is one), with
 *   `response_format` (JSON, JSON_SCHEMA) or an extra user line (MD_JSON) or as a user message (O1).
 * - `from_anthropic`: `ANTHROPIC_TOOLS` (a tool with pydantic's schema as `input_schema`, forced),
 *   `ANTHROPIC_JSON` (the JSON instructions as a system block); system messages move to `system`.
 * - `Mode.RESPONSES_TOOLS` and `RESPONSES_TOOLS_WITH_INBUILT_TOOLS` (new in 1.8.3): a Responses
 *   request (`client.responses.create(input=...)`, or `chat.completions.create(messages=...)` of such
 *   a client) with the messages as `input` (a str as one user message, texts of a content list as
 *   `input_text` blocks), one function tool with the strict schema and no `strict` flag (described
 *   only with inbuilt tools, where it follows the call's own `tools`), `max_tokens` as
 *   `max_output_tokens`.
 *
 * The model may be a class defined in the calling function (Python's scoping: the innermost
 * definition before the call), and `Maybe(Model)` a model `MaybeModel` around it.
 * A response model that is no class (`List[Item]`, `Optional[Item]`, `str`, `Literal[...]`) is
 * wrapped in a model named `Response` with one field `content`; `Iterable[Item]` (and
 * `create_iterable`) in `IterableItem` with a field `tasks`; `Partial[Item]` (and `create_partial`)
 * in `PartialItem`. `create_partial` and `create_iterable` also send `stream: true`.
 *
 * Facts read from 567-labs/instructor at 1.8.3 (cc67955310e64056bcf8a087d570a85972a58c40) and its
 * release tags from 1.0.0, checked by running each release's own request-building code
 * (test/fixtures/instructor). What changed between releases follows the version the project pins;
 * an unpinned (or newer) version is read as 1.8.3, said where releases differ.
 */
import type { Node } from 'web-tree-sitter';
import type { CallSite } from './callSites';
import { compilerDedent, textwrapDedent } from './langchainTools';
import { atLeast, docstringOf, followed as followedName, pinnedPackageVersion, unwrap, type Version } from './openaiAgentsPython';
import { rangeOf, relocate } from './program';
import { fieldsJsonSchema, isModelClass, modelFields, pydanticModelSchema, strictJsonSchema, type ModelContext } from './pydanticSchema';
import { cleandoc } from './pythonDocstrings';
import { importedName, packageImports, type PackageImports } from './pythonImports';
import type { PythonProgram } from './pythonProgram';
import { floatRepr } from './pythonText';
import { concatTexts, entryOf, knownString, shortName, spreadText, staticOfJson, truthiness, type StaticEntry, type StaticObject, type StaticText, type StaticValue } from './staticValue';
import type { SourceRange } from '../model';
import { refusal } from './refusal';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: Json };

export interface InstructorRequest {
  api: 'chat.completions' | 'messages' | 'responses';
  args: StaticObject;
  unresolved: string[];
}

/** The latest release read, and the first. */
const LATEST: Version = [1, 8, 3];
const LATEST_TEXT = '1.8.3';
const OLDEST: Version = [1, 0, 0];

/** How far a client or a model is followed through names. */
const MAX_STEPS = 8;

/** Keyword arguments instructor takes for itself: never sent. */
const OWN_ARGUMENTS = new Set(['response_model', 'max_retries', 'validation_context', 'context', 'strict', 'hooks']);

/** Methods of an instructor client; `create_partial` and `create_iterable` stream. */
const METHODS = new Set(['create', 'create_with_completion', 'create_partial', 'create_iterable']);

/**
 * Attributes of an instructor client that are the client itself (`client.chat.completions.create`);
 * `responses` is instructor's own only in the Responses modes (the SDK's otherwise).
 */
const SELF_ATTRIBUTES = new Set(['chat', 'completions', 'messages', 'responses']);

/** The modes that send a Responses request (`client.responses.create(input=...)`), new in 1.8.3. */
const RESPONSES_MODES = new Set(['RESPONSES_TOOLS', 'RESPONSES_TOOLS_WITH_INBUILT_TOOLS']);
const OPENAI_MODES = new Set(['TOOLS', 'TOOLS_STRICT', 'PARALLEL_TOOLS', 'FUNCTIONS', 'JSON', 'MD_JSON', 'JSON_SCHEMA', 'JSON_O1', ...RESPONSES_MODES]);
const ANTHROPIC_MODES = new Set(['ANTHROPIC_TOOLS', 'ANTHROPIC_JSON', 'ANTHROPIC_REASONING_TOOLS']);
const JSON_MODES = new Set(['JSON', 'MD_JSON', 'JSON_SCHEMA']);

const MD_JSON_LINE = 'Return the correct JSON response within a ```json codeblock. not the JSON_SCHEMA';
const ADAPTER_DOC = 'Correctly Formatted and Extracted Response.';
/** Before 1.7.1 the wrapper's docstring was misspelt. */
const ADAPTER_DOC_BEFORE_1_7_1 = 'Correctly Formated and Extracted Response.';
const REASONING_TOOLS_LINE = '\nReturn only the tool call and no additional text.\n';

/** The file's imports from instructor, read once. */
const importsOf = (program: PythonProgram): PackageImports => packageImports(program, 'instructor');

/** Whether a file imports instructor at all (the calls of other files are not read here). */
export function importsInstructor(program: PythonProgram): boolean {
  const imports = importsOf(program);
  return imports.modules.size > 0 || imports.names.size > 0;
}

/** The instructor name an expression refers to (`from_openai`, `instructor.patch`, `inst.Mode`), or undefined. */
const instructorName = importedName;

/** A name followed to the expression assigned to it, here or in a workspace module, and `await x` to `x`. */
function followed(program: PythonProgram, node: Node): { program: PythonProgram; node: Node } {
  return followedName(program, node, true);
}

function argumentNodes(call: Node): { positional: Node[]; named: Map<string, Node>; splats: Node[] } {
  const positional: Node[] = [];
  const named = new Map<string, Node>();
  const splats: Node[] = [];
  for (const arg of call.childForFieldName('arguments')?.namedChildren ?? []) {
    if (arg.type === 'keyword_argument') {
      const name = arg.childForFieldName('name')?.text;
      const value = arg.childForFieldName('value');
      if (name && value) named.set(name, value);
    } else if (arg.type === 'dictionary_splat') {
      if (arg.namedChildren[0]) splats.push(arg.namedChildren[0]);
    } else if (arg.type !== 'comment' && arg.type !== 'list_splat') positional.push(arg);
  }
  return { positional, named, splats };
}

type Provider = 'openai' | 'anthropic';

/** An instructor client as the source makes it. */
interface Client {
  provider: Provider;
  /** The mode's name (`TOOLS`), or undefined when the source does not tell it. */
  mode: string;
  /** The client is async (`AsyncOpenAI`, `async_client=True`). */
  async: boolean;
  /** `instructor.patch(client)`: only `chat.completions.create` is patched; no defaults. */
  patched: boolean;
  /** Arguments the client adds to every call (`from_openai(client, model=...)`), as nodes of their program. */
  defaults: Array<{ key: string; program: PythonProgram; node: Node }>;
  /** The model `from_provider("openai/gpt-4o-mini")` names, and where its text is. */
  providerModel?: { name: string; range: SourceRange };
  /** `max_tokens` `from_provider` adds for Anthropic (4096 unless given). */
  defaultMaxTokens?: number;
  /** Where the factory is called: values of another module are placed there. */
  at: Node;
  program: PythonProgram;
  reasons: string[];
  /** `from_provider` with a provider not rebuilt here. */
  unsupportedProvider?: string;
  /** `from_openai` refuses this mode for an OpenAI client (an assertion): the call fails before it sends. */
  refusedMode?: boolean;
  /** The `mode=` the source gives and this does not read (a parameter): `mode` is then the default. */
  modeNotRead?: { text: string; reason: string };
}


/** The mode a `mode=` argument names (`instructor.Mode.JSON`, `Mode.JSON`), or undefined. */
function modeName(program: PythonProgram, node: Node): string | undefined {
  const found = followed(program, node);
  const text = found.node.text.replace(/\s+/g, '');
  const match = /(?:^|\.)Mode\.([A-Z_0-9]+)$/.exec(text);
  return match?.[1];
}

/** The SDK client given to `from_openai` / `patch` / `from_anthropic`: its class, followed through names. */
function sdkClient(program: PythonProgram, node: Node | undefined): { name?: string; baseUrl?: string } {
  if (!node) return {};
  const found = followed(program, node);
  if (found.node.type !== 'call') return {};
  const name = found.node.childForFieldName('function')?.text.replace(/\s+/g, '');
  const baseUrlNode = argumentNodes(found.node).named.get('base_url');
  const baseUrl = baseUrlNode ? knownString(found.program.evaluate(baseUrlNode)) : undefined;
  return { name, ...(baseUrl !== undefined ? { baseUrl } : {}) };
}

/** Reads the factory call that makes an instructor client, or undefined when `node` is no such call. */
function clientMade(program: PythonProgram, node: Node, steps = 0): Client | undefined {
  if (steps > MAX_STEPS) return undefined;
  const found = followed(program, node);
  if (found.node.type !== 'call') return undefined;
  const factory = instructorName(found.node.childForFieldName('function'), importsOf(found.program));
  if (!factory) return undefined;
  const { positional, named, splats } = argumentNodes(found.node);
  const reasons: string[] = [];
  const base: Pick<Client, 'at' | 'program' | 'reasons' | 'defaults' | 'patched' | 'modeNotRead'> = { at: found.node, program: found.program, reasons, defaults: [], patched: false };
  const modeNode = named.get('mode');
  const readMode = (fallback: string, position: number): string => {
    const given = modeNode ?? positional[position];
    if (!given) return fallback;
    const mode = modeName(found.program, given);
    if (mode) return mode;
    const text = shortName(given.text, 40);
    const reason = `instructor's mode is \`${text}\`, not read here: read as ${fallback}, its default`;
    reasons.push(reason);
    base.modeNotRead = { text, reason };
    return fallback;
  };
  const defaultsFrom = (skip: Set<string>) => {
    const out: Client['defaults'] = [];
    for (const [key, value] of named) if (!skip.has(key)) out.push({ key, program: found.program, node: value });
    if (splats.length > 0) reasons.push("the client's defaults include a `**` spread the source does not tell: parameters it sets are not counted");
    return out;
  };
  if (factory === 'from_openai' || factory === 'patch' || factory === 'apatch') {
    const clientNode = positional[0] ?? named.get('client') ?? named.get('create');
    const sdk = sdkClient(found.program, clientNode);
    const mode = readMode('TOOLS', 1);
    const isAsync = /Async/.test(sdk.name ?? '');
    // `from_openai` asserts the modes it accepts for OpenAI's own API (JSON_SCHEMA is not among them).
    const openAiHost = sdk.baseUrl === undefined || /api\.openai\.com/.test(sdk.baseUrl);
    const refusedMode = factory === 'from_openai' && openAiHost && (mode === 'JSON_SCHEMA' || ANTHROPIC_MODES.has(mode));
    if (factory === 'from_openai') return { ...base, provider: 'openai', mode, async: isAsync, defaults: defaultsFrom(new Set(['client', 'mode'])), ...(refusedMode ? { refusedMode } : {}) };
    return { ...base, provider: 'openai', mode, async: isAsync, patched: true };
  }
  if (factory === 'from_anthropic') {
    const sdk = sdkClient(found.program, positional[0] ?? named.get('client'));
    const mode = readMode('ANTHROPIC_TOOLS', 1);
    return { ...base, provider: 'anthropic', mode, async: /Async/.test(sdk.name ?? ''), defaults: defaultsFrom(new Set(['client', 'mode', 'beta'])) };
  }
  if (factory === 'from_provider') {
    const modelNode = positional[0] ?? named.get('model');
    const modelText = modelNode ? found.program.evaluate(modelNode) : undefined;
    const asyncNode = positional[1] ?? named.get('async_client');
    const isAsync = asyncNode ? truthiness(found.program.evaluate(asyncNode), 'python') === true : false;
    const text = modelText?.kind === 'text' && modelText.dynamic.length === 0 ? modelText.text : undefined;
    const slash = text?.indexOf('/') ?? -1;
    if (text === undefined || slash < 0) {
      reasons.push(`the client is \`${shortName(found.node.text, 50)}\`, whose provider the source does not tell: read as OpenAI's`);
      const mode = readMode('TOOLS', 2);
      return { ...base, provider: 'openai', mode, async: isAsync, defaults: defaultsFrom(new Set(['model', 'mode', 'async_client'])) };
    }
    const provider = text.slice(0, slash);
    const name = text.slice(slash + 1);
    const literal = modelText as StaticText;
    const range = { start: literal.offsets[slash + 1] ?? literal.range.start, end: literal.offsets[text.length] ?? literal.range.end };
    const skip = new Set(['model', 'mode', 'async_client']);
    if (provider === 'openai') {
      const mode = readMode('TOOLS', 2);
      return { ...base, provider: 'openai', mode, async: isAsync, defaults: defaultsFrom(skip), providerModel: { name, range } };
    }
    if (provider === 'anthropic') {
      const maxTokens = named.get('max_tokens');
      return {
        ...base,
        provider: 'anthropic',
        mode: readMode('ANTHROPIC_TOOLS', 2),
        async: isAsync,
        defaults: defaultsFrom(skip),
        providerModel: { name, range },
        ...(maxTokens ? {} : { defaultMaxTokens: 4096 }),
      };
    }
    const mode = readMode('TOOLS', 2);
    return { ...base, provider: 'openai', mode, async: isAsync, defaults: defaultsFrom(skip), providerModel: { name, range }, unsupportedProvider: provider };
  }
  return undefined;
}

/**
 * An SDK client patched where it is (`client = OpenAI()` then `instructor.patch(client)`, as
 * instructor's older documentation writes it): `patch` replaces the client's
 * `chat.completions.create` and returns the same client.
 */
function patchedInPlace(program: PythonProgram, receiver: Node): Client | undefined {
  if (receiver.type !== 'identifier') return undefined;
  const imports = importsOf(program);
  for (const call of program.tree.rootNode.descendantsOfType('call')) {
    if (!call || call.startIndex > receiver.startIndex) continue;
    const name = instructorName(call.childForFieldName('function'), imports);
    if (name !== 'patch' && name !== 'apatch') continue;
    const { positional, named } = argumentNodes(call);
    const given = positional[0] ?? named.get('client');
    if (given?.type !== 'identifier' || given.text !== receiver.text) continue;
    // The patched client is the one the call names, made the same way.
    const made = clientMade(program, call);
    if (made) return made;
  }
  return undefined;
}

/** The expression an instructor method is called on: `client` in `client.chat.completions.create(...)`. */
function receiverOf(call: Node): { receiver: Node; method: string; path: string[] } | undefined {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'attribute') return undefined;
  const method = fn.childForFieldName('attribute')?.text ?? '';
  if (!METHODS.has(method)) return undefined;
  let object = fn.childForFieldName('object');
  const path: string[] = [];
  while (object?.type === 'attribute' && SELF_ATTRIBUTES.has(object.childForFieldName('attribute')?.text ?? '')) {
    path.unshift(object.childForFieldName('attribute')!.text);
    object = object.childForFieldName('object');
  }
  return object ? { receiver: object, method, path } : undefined;
}

/**
 * The request an instructor call sends first, or undefined when the call is not one (no
 * instructor client behind it, and no `response_model` that only an instructor client takes).
 */
export function instructorRequest(program: PythonProgram, site: CallSite): InstructorRequest | undefined {
  if (!importsInstructor(program)) return undefined;
  const target = receiverOf(site.node);
  if (!target) return undefined;
  const { positional, named, splats } = argumentNodes(site.node);
  let client = clientMade(program, target.receiver) ?? patchedInPlace(program, target.receiver);
  const responseModelGiven = named.has('response_model');
  if (!client) {
    // A client made where the source does not tell (a parameter, an attribute): a `response_model`
    // is taken only by an instructor client.
    if (!responseModelGiven) return undefined;
    const anthropic = site.api === 'messages' && target.path.join('.') === 'messages';
    // `client.responses.create(response_model=...)` is instructor's only in its Responses modes.
    const responses = target.path[0] === 'responses';
    client = {
      provider: anthropic ? 'anthropic' : 'openai',
      mode: anthropic ? 'ANTHROPIC_TOOLS' : responses ? 'RESPONSES_TOOLS' : 'TOOLS',
      async: site.node.parent?.type === 'await',
      patched: false,
      defaults: [],
      at: site.node,
      program,
      reasons: [
        responses
          ? `the instructor client \`${shortName(target.receiver.text, 40)}\` is made where the source does not tell: read as from_openai with Mode.RESPONSES_TOOLS, the mode that has \`responses\``
          : `the instructor client \`${shortName(target.receiver.text, 40)}\` is made where the source does not tell: read as ${anthropic ? 'from_anthropic' : 'from_openai'} with its default mode (${anthropic ? 'ANTHROPIC_TOOLS' : 'TOOLS'})`,
      ],
    };
  }
  // A mode the source does not tell, on a client whose `responses` is called: only the Responses
  // modes give an instructor client `responses` (in the others it is the SDK's own, which takes no
  // `response_model` and has no `create_with_completion`).
  if (target.path[0] === 'responses' && client.provider === 'openai' && !client.patched && client.modeNotRead && !RESPONSES_MODES.has(client.mode)) {
    const { text, reason } = client.modeNotRead;
    const instead = `instructor's mode is \`${text}\`, not read here: read as RESPONSES_TOOLS, the mode that has \`responses\``;
    client = { ...client, mode: 'RESPONSES_TOOLS', reasons: client.reasons.map((r) => (r === reason ? instead : r)) };
  }
  // A patched SDK client keeps its other methods: only `chat.completions.create` is instructor's.
  if (client.patched && (target.method !== 'create' || target.path.join('.') !== 'chat.completions')) return undefined;
  // Outside the Responses modes `client.responses` is the SDK's own (instructor hands on what it does not have).
  if (target.path[0] === 'responses' && !RESPONSES_MODES.has(client.mode)) return undefined;
  const reader = new CallReader(program, client, site.node);
  return reader.request(target.method, positional, named, splats, target.path[0] === 'responses');
}

/** A response model as instructor prepares it: pydantic's schema of the class it sends. */
interface PreparedModel {
  /** pydantic 2's `model_json_schema()` of the prepared class. */
  schema: Schema;
  /** The class's `__doc__` as Python keeps it (before 3.13's dedent), undefined for none. */
  doc?: string;
}

class CallReader {
  readonly unresolved: string[] = [];
  private readonly pinned: { version?: Version; file?: string };
  private readonly range: SourceRange;

  constructor(
    private readonly program: PythonProgram,
    private readonly client: Client,
    private readonly call: Node,
  ) {
    this.pinned = pinnedPackageVersion(program, 'instructor');
    this.range = rangeOf(call);
    this.unresolved.push(...client.reasons);
  }

  /** The version whose behaviour is written: the pinned one, or the latest read. */
  private get version(): Version {
    const pinned = this.pinned.version;
    if (!pinned) return LATEST;
    if (!atLeast(pinned, ...OLDEST)) return OLDEST;
    return atLeast(pinned, ...LATEST) ? LATEST : pinned;
  }

  /** Whether the pinned version is one of the releases read. */
  private get versionRead(): boolean {
    const pinned = this.pinned.version;
    return pinned !== undefined && atLeast(pinned, ...OLDEST) && !atLeast(pinned, LATEST[0], LATEST[1], LATEST[2] + 1);
  }

  /**
   * Said where releases wrote this part of the request otherwise (`what`), when the version is not
   * one of those read: not pinned, newer than the latest read or older than the first.
   */
  private versionMatters(what: string): void {
    if (this.versionRead) return;
    const pinned = this.pinned.version;
    const said = pinned ? `instructor ${pinned.join('.')} (pinned in ${this.pinned.file?.replace(/^.*[\\/]/, '')})` : 'no pinned instructor version was found';
    if (pinned && !atLeast(pinned, ...OLDEST)) this.unresolved.push(`${said} is older than the releases read here (1.0.0 to ${LATEST_TEXT}): written as 1.0.0 writes it; ${what}`);
    else this.unresolved.push(`${said}${pinned ? ` is newer than the latest release read here (${LATEST_TEXT})` : ''}: written as ${LATEST_TEXT} writes it; ${what}`);
  }

  private before(...version: number[]): boolean {
    return !atLeast(this.version, ...version);
  }

  /** A feature new in `since`: said when the pinned release is older (the call fails there, or sends otherwise). */
  private newIn(since: Version, what: string): void {
    if (this.versionRead && this.before(...since)) this.unresolved.push(`${what} is new in instructor ${since.join('.')}: instructor ${this.pinned.version!.join('.')} has none (counted as ${since.join('.')} sends it)`);
  }

  /** A value of the call's program (or of the client's, placed at the call). */
  private value(program: PythonProgram, node: Node): StaticValue {
    if (program === this.program) return program.evaluate(node);
    return relocate(program.evaluate(node), rangeOf(this.call));
  }

  request(method: string, positional: Node[], named: Map<string, Node>, splats: Node[], viaResponses = false): InstructorRequest {
    const client = this.client;
    // The positional order of each method: `create(response_model, messages, ...)`,
    // `create_iterable(messages, response_model, ...)`, the patched `create(response_model, ...)`,
    // `responses.create(input, response_model, ...)` (its other methods take three).
    const order = client.patched
      ? ['response_model', 'validation_context', 'context', 'max_retries', 'strict', 'hooks']
      : viaResponses
        ? method === 'create'
          ? ['input', 'response_model', 'max_retries', 'validation_context', 'context', 'strict']
          : ['input', 'response_model', 'max_retries']
        : method === 'create' || method === 'create_partial'
          ? ['response_model', 'messages', 'max_retries', 'validation_context', 'context', 'strict']
          : ['messages', 'response_model', 'max_retries', 'validation_context', 'context', 'strict'];
    const nodes = new Map<string, Node>();
    positional.forEach((node, i) => {
      if (order[i]) nodes.set(order[i], node);
    });
    for (const [key, node] of named) nodes.set(key, node);
    // `responses.create(input=...)` hands `input` on as the messages: a str as one user message.
    const input = viaResponses ? nodes.get('input') : undefined;
    if (viaResponses) nodes.delete('input');

    const entries: StaticEntry[] = [];
    if (input) {
      const value = this.program.evaluate(input);
      const range = rangeOf(input);
      entries.push({ key: 'messages', value: value.kind === 'text' ? { kind: 'list', items: [message_('user', value, range)], range } : value });
    }
    for (const [key, node] of nodes) if (!OWN_ARGUMENTS.has(key)) entries.push({ key, value: this.program.evaluate(node) });
    for (const splat of splats) {
      const spread = this.program.evaluate(splat);
      if (spread.kind === 'object') {
        for (const entry of spread.entries) {
          if (entry.key === 'response_model') this.unresolved.push('the response model comes from a `**` spread: instructor\'s additions are not counted');
          else if (!OWN_ARGUMENTS.has(entry.key)) entries.push(entry);
        }
      } else this.program.notes.add('spread');
    }
    // The client's defaults fill what the call does not give.
    const given = new Set(entries.map((e) => e.key));
    for (const d of client.defaults) if (!given.has(d.key)) entries.push({ key: d.key, value: this.value(d.program, d.node) });
    if (client.providerModel && !given.has('model')) entries.push({ key: 'model', value: spreadText(client.providerModel.name, client.providerModel.range) });
    if (client.defaultMaxTokens !== undefined && !entries.some((e) => e.key === 'max_tokens')) entries.push({ key: 'max_tokens', value: { kind: 'scalar', value: client.defaultMaxTokens, range: rangeOf(client.at) } });

    const responses = RESPONSES_MODES.has(client.mode);
    const api: InstructorRequest['api'] = client.provider === 'anthropic' ? 'messages' : responses ? 'responses' : 'chat.completions';
    if (client.unsupportedProvider) {
      this.unresolved.push(`instructor's \`${client.unsupportedProvider}\` provider is not rebuilt here: what it adds to the request is not counted`);
      return this.done(api, entries);
    }
    if (client.refusedMode) this.unresolved.push(refusal(`instructor's from_openai refuses Mode.${client.mode} for OpenAI's API (an assertion): the call fails before it sends`));
    const supported = client.provider === 'anthropic' ? ANTHROPIC_MODES : OPENAI_MODES;
    if (!supported.has(client.mode)) {
      this.unresolved.push(`instructor's Mode.${client.mode} is not rebuilt here: what it adds to the request is not counted`);
      return this.done(api, entries);
    }
    if (client.mode === 'TOOLS_STRICT') this.newIn([1, 4, 0], 'Mode.TOOLS_STRICT');
    if (client.mode === 'JSON_O1') this.newIn([1, 4, 2], 'Mode.JSON_O1');
    if (client.mode === 'ANTHROPIC_REASONING_TOOLS') this.newIn([1, 7, 3], 'Mode.ANTHROPIC_REASONING_TOOLS');
    if (responses) {
      this.newIn([1, 8, 3], `Mode.${client.mode}`);
      this.versionMatters(`Mode.${client.mode} came in 1.8.3, the latest release read: a later release may write its tool otherwise`);
    }
    if (client.providerModel) this.newIn([1, 8, 0], '`from_provider`');

    const streamed = method === 'create_partial' || method === 'create_iterable';
    const modelNode = nodes.get('response_model');
    let kind: 'plain' | 'partial' | 'iterable' = method === 'create_partial' ? 'partial' : method === 'create_iterable' ? 'iterable' : 'plain';
    let modelAt = modelNode;
    // The async client's `create` hands `Iterable[Model]` to `create_iterable`, which streams.
    let streams = streamed;
    const wrapped = modelNode ? wrapperOf(this.program, modelNode) : undefined;
    if (wrapped && kind === 'plain' && client.mode !== 'PARALLEL_TOOLS') {
      if (wrapped.kind === 'iterable' && client.async && method === 'create') {
        // From 1.8.1 the async client's `create` hands `Iterable[...]` to `create_iterable`.
        streams = !this.before(1, 8, 1);
        this.versionMatters("before 1.8.1 the async client's `create` sent `Iterable[...]` without `stream`");
      }
      kind = wrapped.kind;
      modelAt = wrapped.inner;
    }
    if (kind === 'partial') this.newIn([1, 3, 5], '`Partial` (`create_partial`) that works');
    if (streams) setEntry(entries, 'stream', { kind: 'scalar', value: true, range: this.range });
    this.templating(entries, nodes);

    if (!modelNode || modelNode.type === 'none') {
      // No response model: instructor only moves Anthropic's system messages (dropped when `system` is given).
      if (api === 'messages') this.moveSystemMessages(entries, true);
      if (responses) this.maxOutputTokens(entries, false);
      this.convertMessages(entries);
      return this.done(api, entries);
    }
    const modelRange = rangeOf(modelNode);

    if (client.mode === 'PARALLEL_TOOLS') {
      const models = parallelModels(this.program, modelNode);
      if (!models) {
        this.unresolved.push(`the response model \`${shortName(modelNode.text, 40)}\` is no \`Iterable[...]\` of models this reads: instructor's tools are not counted`);
        return this.done(api, entries);
      }
      const tools: StaticValue[] = [];
      for (const node of models) {
        const prepared = this.prepared(node, 'plain');
        if (!prepared) return this.done(api, entries);
        tools.push(staticOfJson({ type: 'function', function: this.openaiSchema(prepared) }, modelRange));
      }
      setEntry(entries, 'tools', { kind: 'list', items: tools, range: modelRange });
      setEntry(entries, 'tool_choice', spreadText('auto', modelRange));
      this.convertMessages(entries);
      return this.done(api, entries);
    }

    const prepared = modelAt ? this.prepared(modelAt, kind) : undefined;
    if (!prepared) {
      if (api === 'messages') this.moveSystemMessages(entries);
      this.convertMessages(entries);
      return this.done(api, entries);
    }
    const name = String(prepared.schema.title ?? 'Model');
    switch (client.mode) {
      case 'TOOLS': {
        const fn = this.openaiSchema(prepared);
        setEntry(entries, 'tools', staticOfJson([{ type: 'function', function: fn }], modelRange));
        setEntry(entries, 'tool_choice', staticOfJson({ type: 'function', function: { name: fn.name } }, modelRange));
        break;
      }
      case 'FUNCTIONS': {
        const fn = this.openaiSchema(prepared);
        setEntry(entries, 'functions', staticOfJson([fn], modelRange));
        setEntry(entries, 'function_call', staticOfJson({ name: fn.name }, modelRange));
        break;
      }
      case 'TOOLS_STRICT': {
        const fn: Schema = { name, strict: true, parameters: strictJsonSchema(prepared.schema) };
        if (prepared.doc !== undefined) {
          fn.description = prepared.doc;
          const compiled = compilerDedent(prepared.doc);
          if (compiled !== prepared.doc) this.unresolved.push(`the description of tool ${name} is its docstring with the indentation Python before 3.13 keeps (3.13 removes it)`);
        }
        setEntry(entries, 'tools', staticOfJson([{ type: 'function', function: fn }], modelRange));
        setEntry(entries, 'tool_choice', staticOfJson({ type: 'function', function: { name } }, modelRange));
        break;
      }
      case 'JSON':
      case 'MD_JSON':
      case 'JSON_SCHEMA':
        this.jsonMode(entries, prepared, modelRange);
        break;
      case 'JSON_O1':
        this.jsonO1(entries, prepared, modelRange);
        break;
      case 'ANTHROPIC_TOOLS':
      case 'ANTHROPIC_REASONING_TOOLS': {
        const fn = this.openaiSchema(prepared);
        setEntry(entries, 'tools', staticOfJson([{ name: fn.name, description: fn.description, input_schema: prepared.schema }], modelRange));
        setEntry(entries, 'tool_choice', staticOfJson(client.mode === 'ANTHROPIC_TOOLS' ? { type: 'tool', name } : { type: 'auto' }, modelRange));
        this.moveSystemMessages(entries);
        if (client.mode === 'ANTHROPIC_REASONING_TOOLS') this.addSystemBlock(entries, spreadText(REASONING_TOOLS_LINE, modelRange));
        break;
      }
      case 'ANTHROPIC_JSON':
        this.moveSystemMessages(entries);
        this.addSystemBlock(entries, this.jsonInstructions(prepared, modelRange));
        break;
      case 'RESPONSES_TOOLS':
      case 'RESPONSES_TOOLS_WITH_INBUILT_TOOLS':
        this.responsesTool(entries, prepared, modelRange);
        this.maxOutputTokens(entries, true);
        break;
    }
    if (api === 'messages') {
      this.versionMatters('before 1.6.4 instructor wrote the system prompt for Claude otherwise (one string)');
      if (this.versionRead && this.before(1, 6, 4)) this.unresolved.push(`instructor ${this.pinned.version!.join('.')} writes the system prompt for Claude otherwise (one string, before 1.6.4): counted as 1.6.4 and later write it`);
    }
    this.convertMessages(entries);
    return this.done(api, entries);
  }

  private done(api: InstructorRequest['api'], entries: StaticEntry[]): InstructorRequest {
    // The Responses modes send the messages as `input` (`client.responses.create(input=messages, ...)`).
    if (api === 'responses') {
      const at = entries.findIndex((e) => e.key === 'messages');
      if (at >= 0) entries.unshift({ key: 'input', value: entries.splice(at, 1)[0].value });
    }
    return { api, args: { kind: 'object', entries, range: this.range }, unresolved: [...new Set(this.unresolved)] };
  }

  /**
   * The Responses modes' function tool (`handle_responses_tools`): named after the model, its
   * parameters the openai SDK's strict schema (`pydantic_function_tool`, its `strict` flag taken
   * off), forced by `tool_choice`. `RESPONSES_TOOLS` sends no description; `…_WITH_INBUILT_TOOLS`
   * the docstring (or instructor's default line), and adds the tool after the call's own `tools`
   * (forced only when there are none).
   */
  private responsesTool(entries: StaticEntry[], prepared: PreparedModel, range: SourceRange): void {
    const name = String(prepared.schema.title ?? 'Model');
    const tool: Schema = { type: 'function', name, parameters: strictJsonSchema(prepared.schema) };
    const choice = staticOfJson({ type: 'function', name }, range);
    if (this.client.mode === 'RESPONSES_TOOLS') {
      setEntry(entries, 'tools', staticOfJson([tool], range));
      setEntry(entries, 'tool_choice', choice);
      return;
    }
    tool.description = prepared.doc ?? `Correctly extracted \`${name}\` with all the required parameters with correct types`;
    if (prepared.doc !== undefined && compilerDedent(prepared.doc) !== prepared.doc) {
      this.unresolved.push(`the description of tool ${name} is its docstring with the indentation Python before 3.13 keeps (3.13 removes it)`);
    }
    const given = entryOf(objectOf(entries), 'tools');
    const none = !given || (given.kind === 'list' && given.items.length === 0) || (given.kind === 'scalar' && given.value === null);
    if (none) {
      setEntry(entries, 'tools', staticOfJson([tool], range));
      setEntry(entries, 'tool_choice', choice);
    } else if (given.kind === 'list') {
      setEntry(entries, 'tools', { ...given, items: [...given.items, staticOfJson(tool, range)] });
    } else {
      this.unresolved.push(`the call's \`tools\` are known only at run time: instructor's tool ${name} is counted after them, not forced`);
      setEntry(entries, 'tools', { kind: 'list', items: [{ ...given, spread: true } as StaticValue, staticOfJson(tool, range)], range: given.range });
    }
  }

  /**
   * The Responses modes send `max_tokens` as `max_output_tokens` (with a response model when it is
   * not None; without one when it is true), last.
   */
  private maxOutputTokens(entries: StaticEntry[], withModel: boolean): void {
    const at = entries.findIndex((e) => e.key === 'max_tokens');
    if (at < 0) return;
    const value = entries[at].value;
    const isNone = value.kind === 'scalar' && value.value === null;
    if (withModel ? isNone : truthiness(value, 'python') === false) return;
    entries.splice(at, 1);
    setEntry(entries, 'max_output_tokens', value);
  }

  /**
   * `context=` (or `validation_context=`) makes instructor render each message text as a Jinja
   * template and dedent it; a text that is no template and that this leaves as it is is sent as
   * written.
   */
  private templating(entries: StaticEntry[], nodes: Map<string, Node>): void {
    const contextNode = nodes.get('context') ?? nodes.get('validation_context');
    if (!contextNode || contextNode.type === 'none') return;
    const context = this.program.evaluate(contextNode);
    if (context.kind === 'object' && context.entries.length === 0) return;
    const messages = entryOf(objectOf(entries), 'messages');
    const texts: StaticText[] = [];
    for (const message of messages?.kind === 'list' ? messages.items : []) {
      const content = entryOf(message, 'content');
      if (content?.kind === 'text') texts.push(content);
      else if (content?.kind === 'list') for (const part of content.items) if (entryOf(part, 'text')?.kind === 'text') texts.push(entryOf(part, 'text') as StaticText);
    }
    const changed = texts.some((t) => /\{[{%#]/.test(t.text) || renderedUnchanged(t.text) !== t.text);
    if (changed) this.unresolved.push("instructor renders the messages as Jinja templates with the call's `context`: not reproduced here (counted as written)");
  }

  /** A response model as instructor prepares it (`prepare_response_model`), or undefined (said why). */
  private prepared(node: Node, kind: 'plain' | 'partial' | 'iterable'): PreparedModel | undefined {
    const what = `instructor's ${this.client.mode.startsWith('ANTHROPIC') || JSON_MODES.has(this.client.mode) || this.client.mode === 'JSON_O1' ? 'schema' : 'tool'} for \`${shortName(node.text, 40)}\``;
    // `Maybe(Model)`: a model `MaybeModel` made around it.
    const maybe = maybeOf(this.program, node);
    if (maybe) {
      const inner = modelClass(maybe.program, maybe.node);
      const schema = inner?.kind === 'class' ? pydanticModelSchema(inner.cls, inner.program.modelContext(inner.cls)) : undefined;
      if (!schema || kind !== 'plain') {
        this.unresolved.push(`${what} is not counted: ${schema ? '`Maybe(...)` is read here as a response model of its own only' : 'the model in `Maybe(...)` is not a pydantic model this reads'}`);
        return undefined;
      }
      return maybeModel(schema);
    }
    const found = modelClass(this.program, node);
    if (found?.kind === 'class') {
      const { program, cls } = found;
      const context = program.modelContext(cls);
      const schema = pydanticModelSchema(cls, context);
      if (!schema) {
        this.unresolved.push(`${what} is not counted: a field's type is not known here`);
        return undefined;
      }
      const doc = docstringOf(program, cls);
      const plain: PreparedModel = { schema, ...(doc !== undefined ? { doc } : {}) };
      if (kind === 'partial') return partialModel(plain);
      if (kind === 'iterable') return iterableModel(plain);
      return plain;
    }
    if (found?.kind === 'typed-dict') {
      this.newIn([1, 3, 4], 'A TypedDict response model');
      // A TypedDict becomes `create_model(name, **{field: (type, ...)})`: every field required, no docstring.
      const { program, cls } = found;
      const fields = modelFields(cls, program.modelContext(cls)).map((f) => ({ ...f, defaultValue: null }));
      const schema = fieldsJsonSchema(cls.childForFieldName('name')?.text ?? 'Model', fields, program.modelContext(cls));
      if (!schema) {
        this.unresolved.push(`${what} is not counted: a field's type is not known here`);
        return undefined;
      }
      return kind === 'iterable' ? iterableModel({ schema }) : kind === 'partial' ? partialModel({ schema }) : { schema };
    }
    if (kind !== 'plain') {
      this.unresolved.push(`${what} is not counted: the model is not a pydantic model of the workspace read here`);
      return undefined;
    }
    // A type that is no class: wrapped in a model `Response` with one field `content`.
    if (isSimpleType(node)) {
      const schema = fieldsJsonSchema('Response', [{ name: 'content', annotation: node, defaultValue: null }], this.program.modelContext(node));
      if (!schema) {
        this.unresolved.push(`${what} is not counted: a type in it is not known here`);
        return undefined;
      }
      this.versionMatters('before 1.7.1 the wrapper model `Response` was described as "Correctly Formated and Extracted Response."');
      const doc = this.before(1, 7, 1) ? ADAPTER_DOC_BEFORE_1_7_1 : ADAPTER_DOC;
      return { schema: sortedKeys({ ...schema, description: doc }), doc };
    }
    this.unresolved.push(`${what} is not counted: it is not a pydantic model this reads`);
    return undefined;
  }

  /** instructor's `openai_schema`: the function it sends for a model. */
  private openaiSchema(prepared: PreparedModel): Schema {
    const schema = prepared.schema;
    const parameters: Schema = {};
    for (const [key, value] of Object.entries(schema)) if (key !== 'title' && key !== 'description') parameters[key] = structuredClone(value);
    const properties = (isObject(parameters.properties) ? parameters.properties : {}) as Schema;
    if (prepared.doc !== undefined) {
      const params = docstringParameters(prepared.doc);
      if (params === 'unread') this.unresolved.push(`the docstring of \`${String(schema.title)}\` is not in Google style: parameter descriptions instructor may take from it are not counted`);
      else {
        for (const [name, description] of params) {
          const property = properties[name];
          if (isObject(property) && description && !('description' in property)) property.description = description;
        }
      }
    }
    parameters.required = Object.entries(properties)
      .filter(([, value]) => !(isObject(value) && 'default' in value))
      .map(([key]) => key)
      .sort(byCodePoint);
    const description = typeof schema.description === 'string' ? schema.description : `Correctly extracted \`${String(schema.title)}\` with all the required parameters with correct types`;
    return { name: schema.title ?? 'Model', description, parameters };
  }

  /** The instructions the JSON modes write around the schema (`handle_json_modes`). */
  private jsonInstructions(prepared: PreparedModel, range: SourceRange, o1 = false): StaticText {
    const older = this.before(1, 5, 1);
    const asciiOnly = this.before(1, 4, 1);
    const indent = ' '.repeat(older ? 16 : 8);
    const json = pythonJsonDumps(prepared.schema, '  ', asciiOnly);
    if (/[^\x00-\x7f]/.test(json)) this.versionMatters('before 1.4.1 instructor wrote the schema with its non-ASCII characters escaped');
    if (o1) {
      return spreadText(
        `\n${indent}Understand the content and provide\n${indent}the parsed objects in json that match the following json_schema:\n\n\n${indent}${json}\n\n${indent}Make sure to return an instance of the JSON, not the schema itself\n`,
        range,
      );
    }
    this.versionMatters("before 1.5.1 instructor's JSON instructions were indented by 16 spaces instead of 8");
    return spreadText(
      `\n${indent}As a genius expert, your task is to understand the content and provide\n${indent}the parsed objects in json that match the following json_schema:\n\n\n${indent}${json}\n\n${indent}Make sure to return an instance of the JSON, not the schema itself\n`,
      range,
    );
  }

  private jsonMode(entries: StaticEntry[], prepared: PreparedModel, range: SourceRange): void {
    const mode = this.client.mode;
    const message = this.jsonInstructions(prepared, range);
    if (mode === 'JSON') setEntry(entries, 'response_format', staticOfJson({ type: 'json_object' }, range));
    if (mode === 'JSON_SCHEMA') setEntry(entries, 'response_format', staticOfJson({ type: 'json_object', schema: prepared.schema }, range));
    const messages = entryOf(objectOf(entries), 'messages');
    if (messages?.kind !== 'list') {
      this.unresolved.push("the messages are known only at run time: whether instructor joins its JSON instructions to a system message among them is not known (counted as a system message of their own)");
      setEntry(entries, 'messages', { kind: 'list', items: [message_('system', message, range), ...(messages ? [{ kind: 'unknown', expression: 'messages', range: messages.range, perRequest: false, spread: true } as StaticValue] : [])], range });
      return;
    }
    let items = [...messages.items];
    if (mode === 'MD_JSON') {
      items.push(message_('user', spreadText(MD_JSON_LINE, range), range));
      // Before 1.3.0 the line stayed a message of its own.
      if (!this.before(1, 3, 0)) {
        const merged = mergeConsecutive(items);
        if (merged) items = merged;
        else this.unresolved.push('instructor joins consecutive messages of one role in MD_JSON mode: messages known only at run time are not joined here');
      }
      this.versionMatters('before 1.3.0 MD_JSON sent its line as a message of its own');
    }
    const first = items[0];
    if (!first || first.kind !== 'object' || knownString(entryOf(first, 'role')) === undefined) {
      if (first && (first.kind === 'unknown' || knownString(entryOf(first, 'role')) === undefined)) {
        this.unresolved.push("the first message is known only at run time: whether instructor joins its JSON instructions to it is not known (counted as a system message of their own)");
      }
      items.unshift(message_('system', message, range));
    } else if (knownString(entryOf(first, 'role')) !== 'system') {
      items.unshift(message_('system', message, range));
    } else {
      const content = entryOf(first, 'content');
      const joined = spreadText('\n\n', range);
      if (content?.kind === 'text') items[0] = withEntry(first, 'content', concatTexts([content, joined, message], content.range));
      else if (content?.kind === 'list' && this.versionRead && this.before(1, 5, 0)) {
        this.unresolved.push(`instructor ${this.pinned.version!.join('.')} adds its JSON instructions to a system message whose content is a list one character at a time (before 1.5.0): not reproduced here (counted as 1.5.0 adds them)`);
      }
      if (content?.kind === 'list' && content.items[0]?.kind === 'object' && entryOf(content.items[0], 'text')?.kind === 'text') {
        const part = content.items[0];
        const text = entryOf(part, 'text') as StaticText;
        items[0] = withEntry(first, 'content', { ...content, items: [withEntry(part, 'text', concatTexts([text, joined, message], text.range)), ...content.items.slice(1)] });
      } else if (content?.kind !== 'text') this.unresolved.push("the system message's content is known only at run time: instructor's JSON instructions joined to it are not counted");
    }
    setEntry(entries, 'messages', { ...messages, items });
  }

  private jsonO1(entries: StaticEntry[], prepared: PreparedModel, range: SourceRange): void {
    const messages = entryOf(objectOf(entries), 'messages');
    const message = message_('user', this.jsonInstructions(prepared, range, true), range);
    if (messages?.kind !== 'list') {
      this.unresolved.push('the messages are known only at run time: counted with instructor\'s JSON instructions after them');
      setEntry(entries, 'messages', { kind: 'list', items: [...(messages ? [{ kind: 'unknown', expression: 'messages', range: messages.range, perRequest: false, spread: true } as StaticValue] : []), message], range });
      return;
    }
    if (messages.items.some((m) => knownString(entryOf(m, 'role')) === 'system')) this.unresolved.push(refusal('instructor refuses system messages in Mode.JSON_O1 (a ValueError): the call fails before it sends'));
    setEntry(entries, 'messages', { ...messages, items: [...messages.items, message] });
  }

  /** Anthropic: the system messages of `messages` join `system` as text blocks, and leave `messages`. */
  private moveSystemMessages(entries: StaticEntry[], withoutModel = false): void {
    const messages = entryOf(objectOf(entries), 'messages');
    if (messages?.kind !== 'list') return;
    const blocks: StaticValue[] = [];
    const rest: StaticValue[] = [];
    for (const item of messages.items) {
      if (item.kind === 'object' && knownString(entryOf(item, 'role')) === 'system') {
        const content = entryOf(item, 'content');
        if (!content || (content.kind === 'text' && content.text === '')) continue;
        if (content.kind === 'list') {
          for (const part of content.items) blocks.push(part.kind === 'text' ? textBlock(part) : part);
        } else blocks.push(content.kind === 'text' ? textBlock(content) : content);
      } else {
        if (item.kind === 'unknown') this.unresolved.push('a message known only at run time may be a system message instructor moves to `system`: counted where it is');
        rest.push(item);
      }
    }
    setEntry(entries, 'messages', { ...messages, items: rest });
    if (withoutModel && entryOf(objectOf(entries), 'system')) return;
    if (blocks.length > 0) this.addSystemBlocks(entries, blocks);
  }

  /** `combine_system_messages(system, [block])`. */
  private addSystemBlock(entries: StaticEntry[], text: StaticText): void {
    this.addSystemBlocks(entries, [textBlock(text)]);
  }

  private addSystemBlocks(entries: StaticEntry[], blocks: StaticValue[]): void {
    const system = entryOf(objectOf(entries), 'system');
    if (!system || (system.kind === 'scalar' && system.value === null)) {
      setEntry(entries, 'system', { kind: 'list', items: blocks, range: blocks[0].range });
    } else if (system.kind === 'text') {
      setEntry(entries, 'system', { kind: 'list', items: [textBlock(system), ...blocks], range: system.range });
    } else if (system.kind === 'list') {
      setEntry(entries, 'system', { ...system, items: [...system.items, ...blocks] });
    } else {
      this.unresolved.push("`system` is known only at run time: instructor's additions to it are counted after it");
      setEntry(entries, 'system', { kind: 'list', items: [textBlock(spreadText('', system.range)), ...blocks], range: system.range });
    }
  }

  /**
   * `convert_messages`: an empty content is sent as `[]`, the texts of a content list as text blocks
   * (`input_text` ones in the Responses modes).
   */
  private convertMessages(entries: StaticEntry[]): void {
    const textType = RESPONSES_MODES.has(this.client.mode) ? 'input_text' : 'text';
    const messages = entryOf(objectOf(entries), 'messages');
    if (messages?.kind !== 'list') return;
    const items = messages.items.map((item) => {
      if (item.kind !== 'object') return item;
      const content = entryOf(item, 'content');
      if (!content) return item;
      if ((content.kind === 'text' && content.text === '' && content.dynamic.length === 0) || (content.kind === 'scalar' && content.value === null)) {
        return withEntry(item, 'content', { kind: 'list', items: [], range: content.range });
      }
      if (content.kind === 'list' && content.items.some((part) => part.kind === 'text')) {
        return withEntry(item, 'content', { ...content, items: content.items.map((part) => (part.kind === 'text' ? textBlock(part, textType) : part)) });
      }
      return item;
    });
    setEntry(entries, 'messages', { ...messages, items });
  }
}

function objectOf(entries: StaticEntry[]): StaticObject {
  return { kind: 'object', entries, range: { start: 0, end: 0 } };
}

function setEntry(entries: StaticEntry[], key: string, value: StaticValue): void {
  const at = entries.findIndex((e) => e.key === key);
  if (at >= 0) entries[at] = { key, value };
  else entries.push({ key, value });
}

function withEntry(object: StaticObject, key: string, value: StaticValue): StaticObject {
  return { ...object, entries: object.entries.map((e) => (e.key === key ? { key, value } : e)) };
}

function message_(role: string, content: StaticText, range: SourceRange): StaticObject {
  return { kind: 'object', entries: [{ key: 'role', value: spreadText(role, range) }, { key: 'content', value: content }], range };
}

function textBlock(text: StaticValue, type = 'text'): StaticObject {
  return { kind: 'object', entries: [{ key: 'type', value: spreadText(type, text.range) }, { key: 'text', value: text }], range: text.range };
}

/**
 * `merge_consecutive_messages`: consecutive messages of one role joined (their texts by a blank
 * line, or their content lists one after the other when any content is no text), each message kept
 * as its role and content only. Undefined when a message is not known.
 */
function mergeConsecutive(items: StaticValue[]): StaticValue[] | undefined {
  if (items.some((m) => m.kind !== 'object' || knownString(entryOf(m, 'role')) === undefined)) return undefined;
  const objects = items as StaticObject[];
  const flat = objects.every((m) => {
    const content = entryOf(m, 'content');
    return !content || content.kind === 'text';
  });
  const listable = (m: StaticObject) => {
    const content = entryOf(m, 'content');
    return content === undefined || content.kind === 'text' || content.kind === 'list';
  };
  if (!flat && !objects.every(listable)) return undefined;
  const out: StaticObject[] = [];
  for (const message of objects) {
    const role = knownString(entryOf(message, 'role')) ?? 'user';
    let content = entryOf(message, 'content') ?? spreadText('', message.range);
    if (!flat && content.kind === 'text') content = { kind: 'list', items: [textBlock(content)], range: content.range };
    const last = out[out.length - 1];
    if (last && knownString(entryOf(last, 'role')) === role) {
      const previous = entryOf(last, 'content')!;
      if (flat && previous.kind === 'text' && content.kind === 'text') {
        out[out.length - 1] = withEntry(last, 'content', concatTexts([previous, spreadText('\n\n', content.range), content], previous.range));
      } else if (previous.kind === 'list' && content.kind === 'list') {
        out[out.length - 1] = withEntry(last, 'content', { ...previous, items: [...previous.items, ...content.items] });
      } else return undefined;
    } else {
      out.push({ kind: 'object', entries: [{ key: 'role', value: entryOf(message, 'role')! }, { key: 'content', value: content }], range: message.range });
    }
  }
  return out;
}

/** What a Jinja render (one trailing newline dropped) and `textwrap.dedent` leave of a text with no template syntax. */
function renderedUnchanged(text: string): string {
  return textwrapDedent(text.endsWith('\n') ? text.slice(0, -1) : text);
}

/** `Iterable[X]` / `Partial[X]` around a model: which wrapper, and the node inside. */
function wrapperOf(program: PythonProgram, node: Node): { kind: 'iterable' | 'partial'; inner: Node } | undefined {
  const found = followed(program, node).node;
  if (found.type !== 'subscript') return undefined;
  const head = found.childForFieldName('value')?.text.replace(/\s+/g, '') ?? '';
  const params = found.childrenForFieldName('subscript');
  if (params.length !== 1) return undefined;
  if (/^(?:typing\.|collections\.abc\.)?Iterable$/.test(head)) return { kind: 'iterable', inner: params[0] };
  const imports = importsOf(program);
  const valueNode = found.childForFieldName('value');
  if (instructorName(valueNode, imports) === 'Partial') return { kind: 'partial', inner: params[0] };
  return undefined;
}

/** The models of `Iterable[A]`, `Iterable[Union[A, B]]`, `Iterable[A | B]` (Mode.PARALLEL_TOOLS). */
function parallelModels(program: PythonProgram, node: Node): Node[] | undefined {
  const found = followed(program, node).node;
  if (found.type !== 'subscript' || !/^(?:typing\.|collections\.abc\.)?Iterable$/.test(found.childForFieldName('value')?.text ?? '')) return undefined;
  const params = found.childrenForFieldName('subscript');
  if (params.length !== 1) return undefined;
  const inner = unwrap(params[0]);
  if (inner.type === 'subscript' && /^(?:typing\.)?Union$/.test(inner.childForFieldName('value')?.text ?? '')) return inner.childrenForFieldName('subscript');
  if (inner.type === 'binary_operator' && inner.childForFieldName('operator')?.text === '|') {
    const out: Node[] = [];
    const walk = (n: Node) => {
      const u = unwrap(n);
      if (u.type === 'binary_operator' && u.childForFieldName('operator')?.text === '|') {
        walk(u.childForFieldName('left')!);
        walk(u.childForFieldName('right')!);
      } else out.push(u);
    };
    walk(inner);
    return out;
  }
  return [inner];
}

/** The class a response model names: a pydantic model or a TypedDict of this file or a workspace module. */
function modelClass(program: PythonProgram, node: Node, steps = 0): { kind: 'class' | 'typed-dict'; program: PythonProgram; cls: Node } | undefined {
  const inner = unwrap(node);
  if (steps > MAX_STEPS) return undefined;
  if (inner.type === 'identifier') {
    const context: ModelContext = program.modelContext(inner);
    const cls = context.classNamed(inner.text);
    if (cls) {
      if (isModelClass(cls, context)) return { kind: 'class', program, cls };
      const bases = (cls.childForFieldName('superclasses')?.namedChildren ?? []).map((n) => n.text);
      if (bases.some((b) => /^(?:typing\.|typing_extensions\.)?TypedDict$/.test(b))) return { kind: 'typed-dict', program, cls };
      return undefined;
    }
    const imported = program.importedName(inner.text);
    if (imported) {
      const other = imported.program as PythonProgram;
      const otherClass = other.modelContext().classNamed(imported.name);
      if (otherClass) return modelClass(other, otherClass.childForFieldName('name')!, steps + 1);
    }
    const assigned = program.assignedExpression(inner.text, inner);
    if (assigned) return modelClass(program, assigned, steps + 1);
  }
  return undefined;
}

/** Types instructor wraps in `Response` (`is_simple_type`): lists, unions, literals, builtins. */
function isSimpleType(node: Node): boolean {
  const inner = unwrap(node);
  const text = inner.text.replace(/\s+/g, '');
  if (/^(?:str|int|float|bool)$/.test(text)) return true;
  if (inner.type === 'binary_operator' && inner.childForFieldName('operator')?.text === '|') return true;
  if (inner.type === 'subscript') return /^(?:typing\.)?(?:List|list|Optional|Union|Literal|Annotated)$/.test(inner.childForFieldName('value')?.text ?? '');
  return false;
}

/** `Maybe(Model)` (instructor's `dsl/maybe.py`), followed through names: the program and node of `Model`. */
function maybeOf(program: PythonProgram, node: Node): { program: PythonProgram; node: Node } | undefined {
  const found = followed(program, node);
  if (found.node.type !== 'call' || instructorName(found.node.childForFieldName('function'), importsOf(found.program)) !== 'Maybe') return undefined;
  const { positional, named, splats } = argumentNodes(found.node);
  const model = positional[0] ?? named.get('model');
  return model && positional.length + named.size === 1 && splats.length === 0 ? { program: found.program, node: model } : undefined;
}

const MAYBE_RESULT = 'Correctly extracted result from the model, if any, otherwise None';
const MAYBE_MESSAGE = 'Error message if no result was found, should be short and concise';

/**
 * instructor's `Maybe(Model)`: `create_model("Maybe<Model>", __base__=MaybeBase, ...)` with the
 * model as an optional `result`, an `error` flag and an optional `message`, every field defaulted;
 * no docstring of its own (MaybeBase's is not inherited).
 */
function maybeModel(model: Schema): PreparedModel {
  const title = String(model.title ?? 'Model');
  const { $defs, ...own } = model;
  const defs: Schema = { ...(isObject($defs) ? $defs : {}), [title]: own };
  const schema: Schema = {
    $defs: sortedKeys(defs),
    properties: {
      result: { anyOf: [{ $ref: `#/$defs/${title}` }, { type: 'null' }], default: null, description: MAYBE_RESULT },
      error: { default: false, title: 'Error', type: 'boolean' },
      message: { anyOf: [{ type: 'string' }, { type: 'null' }], default: null, description: MAYBE_MESSAGE, title: 'Message' },
    },
    title: `Maybe${title}`,
    type: 'object',
  };
  return { schema };
}

/** instructor's `IterableModel(Model)`: a model `IterableModel` with the list of them as `tasks`. */
function iterableModel(model: PreparedModel): PreparedModel {
  const title = String(model.schema.title ?? 'Model');
  const { $defs, ...own } = model.schema;
  const defs: Schema = { ...(isObject($defs) ? $defs : {}), [title]: own };
  const schema: Schema = {
    $defs: sortedKeys(defs),
    description: `Correct segmentation of \`${title}\` tasks`,
    properties: { tasks: { description: `Correctly segmented list of \`${title}\` tasks`, items: { $ref: `#/$defs/${title}` }, title: 'Tasks', type: 'array' } },
    title: `Iterable${title}`,
    type: 'object',
  };
  return { schema, doc: `Correct segmentation of \`${title}\` tasks` };
}

/** instructor's `Partial[Model]`: the model and every model it holds renamed `Partial…`, without their docstrings. */
function partialModel(model: PreparedModel): PreparedModel {
  const rename = (name: string) => (name.startsWith('Partial') ? name : `Partial${name}`);
  const { $defs, ...own } = model.schema;
  const defs = isObject($defs) ? $defs : {};
  const models = new Set(Object.entries(defs).filter(([, def]) => isObject(def) && 'properties' in def).map(([name]) => name));
  const rewrite = (value: Json): Json => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (!isObject(value)) return value;
    const out: Schema = {};
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string') {
        const target = item.replace('#/$defs/', '');
        out[key] = models.has(target) ? `#/$defs/${rename(target)}` : item;
      } else out[key] = key === 'properties' && isObject(item) ? Object.fromEntries(Object.entries(item).map(([k, v]) => [k, rewrite(v)])) : rewrite(item);
    }
    return out;
  };
  const asPartial = (schema: Schema, name: string): Schema => {
    const { description: _description, ...rest } = rewrite(schema) as Schema;
    return { ...rest, title: rename(name) };
  };
  const newDefs: Schema = {};
  for (const [name, def] of Object.entries(defs)) {
    if (models.has(name) && isObject(def)) newDefs[rename(name)] = sortedKeys(asPartial(def, name));
    else newDefs[name] = def;
  }
  const top = sortedKeys(asPartial(own, String(own.title ?? 'Model')));
  const schema = Object.keys(newDefs).length > 0 ? sortedKeys({ ...top, $defs: sortedKeys(newDefs) }) : top;
  return { schema };
}

const isObject = (value: Json | undefined): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Python's comparison of `str`: by code point. */
function byCodePoint(a: string, b: string): number {
  const x = [...a].map((c) => c.codePointAt(0)!);
  const y = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

function sortedKeys(schema: Schema): Schema {
  const out: Schema = {};
  for (const key of Object.keys(schema).sort(byCodePoint)) out[key] = schema[key];
  return out;
}

/** Python's `json.dumps(value, indent=indent, ensure_ascii=asciiOnly)`. */
function pythonJsonDumps(value: Json, indent: string, asciiOnly: boolean, depth = 0): string {
  const pad = (d: number) => `\n${indent.repeat(d)}`;
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : floatRepr(value);
  if (typeof value === 'string') return pythonJsonString(value, asciiOnly);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[${value.map((item) => pad(depth + 1) + pythonJsonDumps(item, indent, asciiOnly, depth + 1)).join(',')}${pad(depth)}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  return `{${entries.map(([k, v]) => `${pad(depth + 1)}${pythonJsonString(k, asciiOnly)}: ${pythonJsonDumps(v, indent, asciiOnly, depth + 1)}`).join(',')}${pad(depth)}}`;
}

const ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

function pythonJsonString(text: string, asciiOnly: boolean): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const code = text.charCodeAt(i);
    if (ESCAPES[ch]) out += ESCAPES[ch];
    else if (code < 0x20 || (asciiOnly && code > 0x7e)) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Google section titles docstring_parser knows; the first four hold parameters. */
const GOOGLE_TITLES = ['Arguments', 'Args', 'Parameters', 'Params', 'Raises', 'Exceptions', 'Except', 'Attributes', 'Example', 'Examples', 'Returns', 'Yields'];
const PARAMETER_TITLES = new Set(['Arguments', 'Args', 'Parameters', 'Params']);
const MULTIPLE_TITLES = new Set([...PARAMETER_TITLES, 'Raises', 'Exceptions', 'Except', 'Attributes']);
const GOOGLE_TITLE = new RegExp(`^(${GOOGLE_TITLES.map((t) => `(${t})`).join('|')}):[ \\t\\r\\f\\v]*$`, 'gm');

/**
 * The parameter descriptions instructor takes from a model's docstring (docstring_parser's
 * `parse`, its Google reading): each `name: text` of an `Args:` section, by name. `unread` when
 * the docstring has marks of another style (reST `:param`, Epydoc `@param`, NumPy underlined
 * sections), which this does not read. In order: instructor keeps the first description of a name.
 */
export function docstringParameters(doc: string): Array<[string, string]> | 'unread' {
  const text = cleandoc(doc);
  if (/^:/m.test(text) || /^@/m.test(text) || /^[^\n]*\S[^\n]*\n[ \t]*-{3,}[ \t]*$/m.test(text)) return 'unread';
  GOOGLE_TITLE.lastIndex = 0;
  const matches = [...text.matchAll(GOOGLE_TITLE)];
  if (matches.length === 0) return [];
  const chunks = new Map<string, string>();
  matches.forEach((match, j) => {
    const end = j + 1 < matches.length ? matches[j + 1].index! : text.length;
    let details = text.slice(match.index! + match[0].length, end);
    const unknown = /\n\S/.exec(details);
    if (unknown) details = details.slice(0, unknown.index);
    chunks.set(match[1], details.replace(/^\n+|\n+$/g, ''));
  });
  const found: Array<[string, string]> = [];
  for (const [title, chunk] of chunks) {
    if (!MULTIPLE_TITLES.has(title)) continue;
    const indent = /^\s*/.exec(chunk)![0];
    const starts = [...chunk.matchAll(new RegExp(`^${indent}(?=\\S)`, 'gm'))];
    // docstring_parser fails on a section with no entry, or an entry with no colon: no parameters then.
    if (starts.length === 0) return [];
    for (let j = 0; j < starts.length; j++) {
      const from = starts[j].index! + starts[j][0].length;
      const to = j + 1 < starts.length ? starts[j + 1].index! : chunk.length;
      const part = chunk.slice(from, to).replace(/^\n+|\n+$/g, '');
      const colon = part.indexOf(':');
      if (colon < 0) return [];
      if (!PARAMETER_TITLES.has(title)) continue;
      let before = part.slice(0, colon);
      let description = part.slice(colon + 1);
      if (before.includes('\n')) {
        const cut = before.indexOf('\n');
        before = before.slice(0, cut) + cleandoc(before.slice(cut + 1));
      }
      if (description) {
        if (description[0] === ' ') description = description.slice(1);
        if (description.includes('\n')) {
          const cut = description.indexOf('\n');
          description = `${description.slice(0, cut)}\n${cleandoc(description.slice(cut + 1))}`;
        }
        description = description.replace(/^\n+|\n+$/g, '');
      }
      const typed = /^\s*(.+?)\s*\(\s*(.*[^\s]+)\s*\)/.exec(before);
      found.push([typed ? typed[1] : before, description]);
    }
  }
  return found;
}
