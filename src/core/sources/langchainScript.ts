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
import { chainRequest, holdsRuntimeTools, SCRIPT_DIALECT, type ChatModel, type ChatProvider, type LangChainRequest, type PromptTemplate } from './langchain';
import type { ScriptProgram } from './scriptProgram';
import { entryOf, knownString, type StaticValue } from './staticValue';
import { argumentsOf, unwrapped } from './scriptNodes';

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
  let node = followed(program, start, at);
  for (let steps = 0; steps < MAX_STEPS; steps++) {
    if (node.type === 'new_expression') {
      const name = lastSegment(node.childForFieldName('constructor')?.text ?? '');
      if (!CHAT_MODELS.has(name) || CHAT_MODELS.get(name) === undefined) return undefined;
      return modelOf(program, node, CHAT_MODELS.get(name), tools, unresolved);
    }
    if (node.type !== 'call_expression') return undefined;
    const fn = node.childForFieldName('function');
    if (!fn) return undefined;
    const name = lastSegment(fn.text);
    if (CHAT_MODELS.has(name) && CHAT_MODELS.get(name) === undefined) return modelOf(program, node, undefined, tools, unresolved);
    const object = fn.type === 'member_expression' ? fn.childForFieldName('object') : null;
    if (!object) return undefined;
    const args = argumentsOf(node);
    if ((name === 'bindTools' || name === 'bind') && args[0]) {
      const bound = boundTools(program, args[0], name === 'bind');
      if (bound) tools.unshift(bound);
    } else if (name === 'withStructuredOutput') {
      unresolved.push('the structured-output format of `withStructuredOutput` is written by LangChain: not counted');
    } else if (!WRAPPERS.has(name)) return undefined;
    node = followed(program, object, at);
  }
  return undefined;
}

/** The tools of `bindTools([...])` or `bind({ tools: [...] })`. */
function boundTools(program: ScriptProgram, node: Node, inOptions: boolean): StaticValue | undefined {
  const before = program.importTimeValues.length;
  const value = program.evaluate(node);
  const bound = inOptions ? entryOf(value, 'tools') : value;
  // Tools made at run time are not counted: not values of the module's either.
  if (bound && holdsRuntimeTools(bound)) program.importTimeValues.length = before;
  return bound;
}

/** `new ChatOpenAI({ model, ... })`, `new ChatOpenAI("gpt-4o", {...})`, `initChatModel("gpt-4o", {...})`. */
function modelOf(program: ScriptProgram, node: Node, provider: ChatProvider | undefined, tools: StaticValue[], unresolved: string[]): ChatModel {
  const values = argumentsOf(node).map((a) => program.evaluate(a));
  const fields = values.find((v) => v.kind === 'object');
  const positional = values[0] && values[0].kind !== 'object' ? values[0] : undefined;
  return {
    ...(provider ? { provider } : {}),
    options: new Map(fields?.kind === 'object' ? fields.entries.map((e) => [e.key, e.value] as const) : []),
    ...(positional ? { positionalModel: positional } : {}),
    tools,
    unresolved,
    range: { start: node.startIndex, end: node.endIndex },
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
