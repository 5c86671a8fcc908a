/**
 * LangChain chat-model calls in Python: `llm.invoke(messages)` (and `ainvoke`, `stream`, `astream`)
 * where `llm` is a `ChatOpenAI`, `AzureChatOpenAI`, `ChatAnthropic` or `init_chat_model(...)`,
 * possibly through `.bind_tools(...)` and the other runnable wrappers; a chain `prompt | llm` (and
 * `| parser` after it) with a `ChatPromptTemplate` before the model. The request is rebuilt by the
 * shared part (langchain.ts).
 *
 * A `.invoke` with no chat model behind it (a chain, a tool, a retriever) is not an LLM call here.
 */
import type { Node } from 'web-tree-sitter';
import type { CallSite } from './callSites';
import { chainRequest, holdsRuntimeTools, PYTHON_DIALECT, readsOption, type BoundPart, type ChatModel, type ChatProvider, type LangChainRequest, type PromptTemplate } from './langchain';
import { bindToolsParts, structuredOutputPart } from './langchainTools';
import type { PythonProgram } from './pythonProgram';
import type { StaticValue } from './staticValue';

/** The provider each chat model class sends to (none: told by the model name). */
const CHAT_MODELS: ReadonlyMap<string, ChatProvider | undefined> = new Map([
  ['ChatOpenAI', 'openai'],
  ['AzureChatOpenAI', 'openai'],
  ['ChatAnthropic', 'anthropic'],
  ['init_chat_model', undefined],
]);

/** Runnable methods that return the same chat model with something bound or configured. */
const WRAPPERS = new Set(['bind_tools', 'bind', 'with_config', 'with_retry']);

/** How many steps of a chain `a | b | c` are looked at for the chat model (chains are short). */
const MAX_PIPE_OPERANDS = 16;

/** How far a chat model is followed through variables and wrappers. */
const MAX_STEPS = 8;

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

/** The prompt template a node makes, or undefined when it makes none this reads. */
function promptTemplate(program: PythonProgram, node: Node): PromptTemplate | undefined {
  if (node.type !== 'call') return undefined;
  const factory = node.childForFieldName('function')?.text ?? '';
  if (!TEMPLATE_FACTORIES.has(factory)) return undefined;
  const { positional, named } = program.callArguments(node);
  const messages = positional[0] ?? named.find((e) => e.key === 'messages' || e.key === 'template')?.value;
  return messages ? { messages, single: factory.endsWith('from_template') } : undefined;
}

/** The chat model an expression evaluates to, followed through variables and wrappers. */
function chatModelAt(program: PythonProgram, node: Node, at: Node, tools: StaticValue[], unresolved: string[], steps = 0, bound: BoundPart[] = []): ChatModel | undefined {
  if (steps > MAX_STEPS) return undefined;
  if (node.type === 'parenthesized_expression' && node.namedChildren[0]) return chatModelAt(program, node.namedChildren[0], at, tools, unresolved, steps + 1, bound);
  if (node.type === 'identifier') {
    const assigned = program.assignedExpression(node.text, at);
    return assigned ? chatModelAt(program, assigned, at, tools, unresolved, steps + 1, bound) : undefined;
  }
  if (node.type !== 'call') return undefined;
  const fn = node.childForFieldName('function');
  if (!fn) return undefined;
  if (fn.type === 'attribute') {
    const method = fn.childForFieldName('attribute')?.text ?? '';
    const object = fn.childForFieldName('object');
    if (WRAPPERS.has(method) && object) {
      if (method === 'bind_tools') {
        const before = program.importTimeValues.length;
        // Functions, pydantic models and `@tool`s as LangChain writes them; other items as written.
        const read = bindToolsParts(program, node, at);
        if (read.tools) tools.unshift(read.tools);
        if (read.part) bound.unshift(read.part);
        // Tools made at run time are not counted: not values of the module's either.
        if (read.tools && holdsRuntimeTools(read.tools)) program.importTimeValues.length = before;
      }
      return chatModelAt(program, object, at, tools, unresolved, steps + 1, bound);
    }
    if (method === 'with_structured_output') {
      bound.unshift(structuredOutputPart(program, node));
      return object ? chatModelAt(program, object, at, tools, unresolved, steps + 1, bound) : undefined;
    }
  }
  const name = lastSegment(fn.text);
  if (!CHAT_MODELS.has(name)) return undefined;
  const { named, positional } = program.callArguments(node, (key) => !readsOption(PYTHON_DIALECT, key));
  const provider = CHAT_MODELS.get(name);
  return {
    ...(provider ? { provider } : {}),
    options: new Map(named.map((e) => [e.key, e.value])),
    ...(provider === undefined && positional[0] ? { positionalModel: positional[0] } : {}),
    tools,
    bound,
    unresolved,
    range: { start: node.startIndex, end: node.endIndex },
  };
}

/**
 * The request a LangChain call sends, or undefined when no chat model is found behind the call
 * (then it is no LLM call at all).
 */
export function langChainRequest(program: PythonProgram, site: CallSite): LangChainRequest | undefined {
  const fn = site.node.childForFieldName('function');
  const receiver = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
  if (!receiver) return undefined;
  // `prompt | llm | parser`: the chat model, and the prompt template before it.
  const operands = pipeOperands(followed(program, receiver, site.node)).map((node) => followed(program, node, site.node));
  const input = () => {
    const { named, positional } = program.callArguments(site.node);
    return positional[0] ?? named.find((e) => e.key === 'input')?.value;
  };
  const range = { start: site.node.startIndex, end: site.node.endIndex };
  const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
  const streamed = method === 'stream' || method === 'astream';
  const modelAt = (node: Node) => {
    const model = chatModelAt(program, node, site.node, [], []);
    return model && streamed ? { ...model, streamed } : model;
  };
  return chainRequest(PYTHON_DIALECT, operands, modelAt, (node) => promptTemplate(program, node), input, program.source, range);
}
