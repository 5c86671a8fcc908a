/**
 * LangChain chat-model calls in Python: `llm.invoke(messages)` (and `ainvoke`, `stream`, `astream`)
 * where `llm` is a `ChatOpenAI`, `AzureChatOpenAI`, `ChatAnthropic` or `init_chat_model(...)`,
 * possibly through `.bind_tools(...)` and the other runnable wrappers. The request it sends is
 * rebuilt as the provider SDK call LangChain makes: the model from the constructor, the messages
 * from the argument (a text, `("human", "...")` tuples, `SystemMessage(...)` and the other message
 * classes, dicts), Anthropic's system messages moved to `system`, OpenAI-format tools bound with
 * `bind_tools` as tools. A chain `prompt | llm` (and `| parser` after it) sends the prompt
 * template's messages, its `{fields}` filled from the dict `.invoke` is given (a value known only at
 * run time stays a placeholder), a `MessagesPlaceholder` / `("placeholder", ...)` left out as messages
 * known only at run time.
 *
 * A `.invoke` with no chat model behind it (a chain, a tool, a retriever) is not an LLM call here.
 */
import type { Node } from 'web-tree-sitter';
import type { CallSite } from './callSites';
import type { PythonProgram } from './pythonProgram';
import { formatFields } from './stringFormat';
import { entryOf, knownString, spreadText, type StaticEntry, type StaticObject, type StaticText, type StaticValue } from './staticValue';

/** The provider API a LangChain chat model class sends its requests to. */
const CHAT_MODELS: ReadonlyMap<string, 'openai' | 'anthropic' | 'any'> = new Map([
  ['ChatOpenAI', 'openai'],
  ['AzureChatOpenAI', 'openai'],
  ['ChatAnthropic', 'anthropic'],
  ['init_chat_model', 'any'],
]);

/** Runnable methods that return the same chat model with something bound or configured. */
const WRAPPERS = new Set(['bind_tools', 'bind', 'with_config', 'with_retry']);

/** How many steps of a chain `a | b | c` are looked at for the chat model (chains are short). */
const MAX_PIPE_OPERANDS = 16;

/** How far a chat model is followed through variables and wrappers. */
const MAX_STEPS = 8;

export interface LangChainRequest {
  /** The SDK API LangChain calls with it. */
  api: 'chat.completions' | 'responses' | 'messages';
  args: StaticObject;
  unresolved: string[];
}

interface ChatModel {
  provider: 'openai' | 'anthropic' | 'any';
  named: StaticEntry[];
  positional: StaticValue[];
  tools: StaticValue[];
  unresolved: string[];
}

const lastSegment = (callee: string) => callee.replace(/^.*\./, '');

/** `ChatPromptTemplate.from_messages([...])`, `.from_template("...")`, `ChatPromptTemplate([...])`. */
const TEMPLATE_FACTORIES = new Set(['ChatPromptTemplate.from_messages', 'ChatPromptTemplate.from_template', 'ChatPromptTemplate']);

/** The first operands of `a | b | c`, left to right (without recursion: a chain may be thousands long). */
function pipeOperands(root: Node): Node[] {
  const out: Node[] = [];
  const pending: Node[] = [root];
  while (pending.length > 0 && out.length < MAX_PIPE_OPERANDS) {
    let node = pending.pop()!;
    while (node.type === 'parenthesized_expression' && node.namedChildren[0]) node = node.namedChildren[0];
    const left = node.type === 'binary_operator' && node.childForFieldName('operator')?.text === '|' ? node.childForFieldName('left') : null;
    const right = left ? node.childForFieldName('right') : null;
    if (left && right) pending.push(right, left);
    else out.push(node);
  }
  return out;
}

/**
 * A name followed to the expression assigned to it (a chain or a model bound to a variable). Names
 * are read as they stand at `at`, the call: a name deep inside a long chain is not walked up from.
 */
function followed(program: PythonProgram, node: Node, at: Node, steps = 0): Node {
  if (node.type !== 'identifier' || steps > MAX_STEPS) return node;
  const assigned = program.assignedExpression(node.text, at);
  return assigned ? followed(program, assigned, at, steps + 1) : node;
}

/**
 * The messages of a chat prompt template with its fields filled from `values` (the dict the chain
 * is invoked with), or undefined when `node` is no template this reads.
 */
function templateMessages(program: PythonProgram, node: Node, values: Map<string, StaticValue>, unresolved: string[]): StaticValue | undefined {
  if (node.type !== 'call') return undefined;
  const factory = node.childForFieldName('function')?.text ?? '';
  if (!TEMPLATE_FACTORIES.has(factory)) return undefined;
  const { positional, named } = program.callArguments(node);
  const given = positional[0] ?? named.find((e) => e.key === 'messages' || e.key === 'template')?.value;
  if (!given) return undefined;
  const fill = (text: StaticText) => formatFields(text, { positional: [], named: values }, program.source, text.range);
  const message = (role: string, content: StaticValue, range: StaticValue['range']): StaticValue => ({
    kind: 'object',
    entries: [{ key: 'role', value: spreadText(role, range) }, { key: 'content', value: content.kind === 'text' ? fill(content) : content }],
    range,
  });
  if (factory.endsWith('from_template')) return given.kind === 'text' ? { kind: 'list', items: [message('user', given, given.range)], range: given.range } : undefined;
  if (given.kind !== 'list') return undefined;
  const items: StaticValue[] = [];
  for (const item of given.items) {
    const role = item.kind === 'list' && item.items.length === 2 ? knownString(item.items[0]) : knownString(entryOf(item, 'role'));
    const content = item.kind === 'list' && item.items.length === 2 ? item.items[1] : entryOf(item, 'content');
    if (role === 'placeholder' || (item.kind === 'unknown' && /MessagesPlaceholder/.test(item.expression))) {
      unresolved.push('a messages placeholder adds messages known only at run time (not counted)');
      continue;
    }
    if (role === undefined || !content) {
      unresolved.push(`a message of the prompt template is ${item.kind === 'unknown' ? `\`${item.expression.slice(0, 40)}\`` : 'not read here'} (not counted)`);
      continue;
    }
    items.push(message(apiRole(role), content, item.range));
  }
  return { kind: 'list', items, range: given.range };
}

/** The chat model an expression evaluates to, followed through variables and wrappers. */
function chatModelAt(program: PythonProgram, node: Node, at: Node, tools: StaticValue[], unresolved: string[], steps = 0): ChatModel | undefined {
  if (steps > MAX_STEPS) return undefined;
  if (node.type === 'parenthesized_expression' && node.namedChildren[0]) return chatModelAt(program, node.namedChildren[0], at, tools, unresolved, steps + 1);
  if (node.type === 'identifier') {
    const assigned = program.assignedExpression(node.text, at);
    return assigned ? chatModelAt(program, assigned, at, tools, unresolved, steps + 1) : undefined;
  }
  if (node.type !== 'call') return undefined;
  const fn = node.childForFieldName('function');
  if (!fn) return undefined;
  if (fn.type === 'attribute') {
    const method = fn.childForFieldName('attribute')?.text ?? '';
    const object = fn.childForFieldName('object');
    if (WRAPPERS.has(method) && object) {
      if (method === 'bind_tools') {
        const { positional, named } = program.callArguments(node);
        const bound = positional[0] ?? named.find((e) => e.key === 'tools')?.value;
        if (bound) tools.push(bound);
      }
      return chatModelAt(program, object, at, tools, unresolved, steps + 1);
    }
    if (method === 'with_structured_output') {
      unresolved.push('the structured-output format of `with_structured_output` is written by LangChain: not counted');
      return object ? chatModelAt(program, object, at, tools, unresolved, steps + 1) : undefined;
    }
  }
  const provider = CHAT_MODELS.get(lastSegment(fn.text));
  if (!provider) return undefined;
  const { named, positional } = program.callArguments(node);
  return { provider, named, positional, tools, unresolved };
}

/** `("human", "...")`: LangChain's role names as the API's. */
function apiRole(role: string): string {
  return role === 'human' ? 'user' : role === 'ai' ? 'assistant' : role;
}

/** The invoke argument as a list of `{role, content}` messages (a text is one user message). */
function messagesOf(input: StaticValue): StaticValue {
  if (input.kind === 'text') {
    return { kind: 'list', items: [{ kind: 'object', entries: [{ key: 'role', value: spreadText('user', input.range) }, { key: 'content', value: input }], range: input.range }], range: input.range };
  }
  if (input.kind !== 'list') return input;
  const items = input.items.map((item): StaticValue => {
    if (item.kind !== 'list' || item.items.length !== 2) return item;
    const role = knownString(item.items[0]);
    return role === undefined
      ? item
      : { kind: 'object', entries: [{ key: 'role', value: spreadText(apiRole(role), item.items[0].range) }, { key: 'content', value: item.items[1] }], range: item.range };
  });
  return { ...input, items };
}

/**
 * The request a LangChain call sends, or undefined when no chat model is found behind the call
 * (then it is no LLM call at all).
 */
export function langChainRequest(program: PythonProgram, site: CallSite): LangChainRequest | undefined {
  const fn = site.node.childForFieldName('function');
  const receiver = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
  const unresolved: string[] = [];
  if (!receiver) return undefined;
  // `prompt | llm | parser`: the chat model, and the prompt template before it.
  const operands = pipeOperands(followed(program, receiver, site.node)).slice(0, MAX_PIPE_OPERANDS).map((node) => followed(program, node, site.node));
  // The first operand that is a chat model, read once (its notes kept only for the one found).
  let at = -1;
  let model: ChatModel | undefined;
  for (let i = 0; i < operands.length && !model; i++) {
    const notes: string[] = [];
    model = chatModelAt(program, operands[i], site.node, [], notes);
    if (model) {
      at = i;
      unresolved.push(...notes);
    }
  }
  if (!model) return undefined;
  const template = at > 0 ? operands[at - 1] : undefined;

  const named = new Map(model.named.map((e) => [e.key, e.value]));
  let modelValue = named.get('model') ?? named.get('model_name') ?? (model.provider === 'any' ? model.positional[0] : undefined);
  let provider = model.provider;
  if (provider === 'any') {
    // init_chat_model("openai:gpt-4o"), init_chat_model("claude-sonnet-4-5", model_provider="anthropic").
    const name = knownString(modelValue);
    const prefixed = name ? /^(openai|azure_openai|anthropic):(.+)$/.exec(name) : null;
    const stated = knownString(named.get('model_provider'));
    if (prefixed && modelValue) modelValue = spreadText(prefixed[2], modelValue.range);
    const which = prefixed?.[1] ?? stated ?? (name?.startsWith('claude') ? 'anthropic' : name ? 'openai' : undefined);
    if (which !== 'openai' && which !== 'azure_openai' && which !== 'anthropic') return undefined;
    provider = which === 'anthropic' ? 'anthropic' : 'openai';
  }

  const { named: callNamed, positional } = program.callArguments(site.node);
  const input = positional[0] ?? callNamed.find((e) => e.key === 'input')?.value;
  const range = { start: site.node.startIndex, end: site.node.endIndex };
  const entries: StaticEntry[] = [];
  if (modelValue) entries.push({ key: 'model', value: modelValue });
  let messages: StaticValue | undefined;
  if (template) {
    const values = new Map(input?.kind === 'object' ? input.entries.map((e) => [e.key, e.value] as const) : []);
    messages = templateMessages(program, template, values, unresolved);
    if (!messages) return undefined;
  } else {
    messages = input ? messagesOf(input) : undefined;
  }
  if (provider === 'anthropic' && messages?.kind === 'list') {
    // ChatAnthropic sends the system messages as `system`.
    const isSystem = (m: StaticValue) => knownString(entryOf(m, 'role')) === 'system';
    const system = messages.items.find(isSystem);
    if (system) entries.push({ key: 'system', value: entryOf(system, 'content') ?? system });
    messages = { ...messages, items: messages.items.filter((m) => !isSystem(m)) };
  }
  if (messages) entries.push({ key: 'messages', value: messages });

  for (const bound of model.tools) {
    const openAiTools = bound.kind === 'list' && bound.items.every((t) => t.kind === 'object' && knownString(entryOf(t, 'type')) === 'function');
    if (openAiTools && provider === 'openai') entries.push({ key: 'tools', value: bound });
    else unresolved.push('tools bound with `bind_tools` are converted by LangChain: not counted');
  }
  const useResponses = named.get('use_responses_api');
  const responses = provider === 'openai' && useResponses?.kind === 'scalar' && useResponses.value === true;
  return {
    api: provider === 'anthropic' ? 'messages' : responses ? 'responses' : 'chat.completions',
    args: { kind: 'object', entries: responses ? entries.map((e) => (e.key === 'messages' ? { ...e, key: 'input' } : e)) : entries, range },
    unresolved: [...model.unresolved, ...unresolved],
  };
}
