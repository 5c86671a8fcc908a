/**
 * LangChain chat-model calls in Python: `llm.invoke(messages)` (and `ainvoke`, `stream`, `astream`)
 * where `llm` is a `ChatOpenAI`, `AzureChatOpenAI`, `ChatAnthropic` or `init_chat_model(...)`,
 * possibly through `.bind_tools(...)` and the other runnable wrappers. The request it sends is
 * rebuilt as the provider SDK call LangChain makes: the model from the constructor, the messages
 * from the argument (a text, `("human", "...")` tuples, `SystemMessage(...)` and the other message
 * classes, dicts), Anthropic's system messages moved to `system`, OpenAI-format tools bound with
 * `bind_tools` as tools.
 *
 * A `.invoke` with no chat model behind it (a chain, a tool, a retriever) is not an LLM call here.
 */
import type { Node } from 'web-tree-sitter';
import type { CallSite } from './callSites';
import type { PythonProgram } from './pythonProgram';
import { entryOf, knownString, spreadText, type StaticEntry, type StaticObject, type StaticValue } from './staticValue';

/** The provider API a LangChain chat model class sends its requests to. */
const CHAT_MODELS: ReadonlyMap<string, 'openai' | 'anthropic' | 'any'> = new Map([
  ['ChatOpenAI', 'openai'],
  ['AzureChatOpenAI', 'openai'],
  ['ChatAnthropic', 'anthropic'],
  ['init_chat_model', 'any'],
]);

/** Runnable methods that return the same chat model with something bound or configured. */
const WRAPPERS = new Set(['bind_tools', 'bind', 'with_config', 'with_retry']);

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

/** The chat model an expression evaluates to, followed through variables and wrappers. */
function chatModelAt(program: PythonProgram, node: Node, tools: StaticValue[], unresolved: string[], steps = 0): ChatModel | undefined {
  if (steps > MAX_STEPS) return undefined;
  if (node.type === 'parenthesized_expression' && node.namedChildren[0]) return chatModelAt(program, node.namedChildren[0], tools, unresolved, steps + 1);
  if (node.type === 'identifier') {
    const assigned = program.assignedExpression(node.text, node);
    return assigned ? chatModelAt(program, assigned, tools, unresolved, steps + 1) : undefined;
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
      return chatModelAt(program, object, tools, unresolved, steps + 1);
    }
    if (method === 'with_structured_output') {
      unresolved.push('the structured-output format of `with_structured_output` is written by LangChain: not counted');
      return object ? chatModelAt(program, object, tools, unresolved, steps + 1) : undefined;
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
  const model = receiver ? chatModelAt(program, receiver, [], unresolved) : undefined;
  if (!model) return undefined;

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
  let messages = input ? messagesOf(input) : undefined;
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
  const responses = provider === 'openai' && (named.get('use_responses_api')?.kind === 'scalar' && (named.get('use_responses_api') as { value: unknown }).value === true);
  return {
    api: provider === 'anthropic' ? 'messages' : responses ? 'responses' : 'chat.completions',
    args: { kind: 'object', entries: responses ? entries.map((e) => (e.key === 'messages' ? { ...e, key: 'input' } : e)) : entries, range },
    unresolved: [...model.unresolved, ...unresolved],
  };
}
