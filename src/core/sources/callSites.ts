/**
 * The LLM calls of a source file: the official SDKs' `chat.completions.create`,
 * `responses.create` and `messages.create` (sync or async clients, Azure, `beta.`,
 * `with_raw_response.` / `with_streaming_response.`, `.parse` and `.stream`), LiteLLM's
 * `completion`, the Vercel AI SDK's `generateText` / `streamText` / `generateObject` /
 * `streamObject`, LangChain's `.invoke` / `.stream` (in Python also `.ainvoke` / `.astream`; a
 * candidate until the analysis finds a chat model behind it) and the OpenAI Agents SDK's
 * `run(agent, input)` / `runner.run(...)` in TypeScript / JavaScript (a candidate until its import
 * or `Runner` is found) and `Runner.run` / `run_sync` / `run_streamed` in Python (a candidate until
 * `Runner` is the SDK's), and an instructor client's `create` / `create_with_completion` /
 * `create_partial` / `create_iterable` in Python (a candidate until the client is instructor's).
 * Candidates are found by a text search, then confirmed on the syntax tree.
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { SourceLanguage } from './languages';

/** Which API a call sends its request to. */
export type CallApi = 'chat.completions' | 'responses' | 'messages' | 'litellm' | 'ai-sdk' | 'langchain' | 'ai-sdk-agent' | 'openai-agents' | 'instructor';

export interface CallSite {
  api: CallApi;
  /** The call expression. */
  node: Node;
  /** The callee as written, e.g. `client.chat.completions.create`. */
  callee: string;
}

/** `.create(`, `.parse(`, `.stream(`, the tool runners (`.toolRunner(`, `.runTools(`) and the bare function names, at the opening parenthesis. */
const PYTHON_CANDIDATES = /(?:\.\s*(?:create(?:_with_completion|_partial|_iterable)?|parse|a?stream|a?invoke|run(?:_sync|_streamed)?|tool_runner)|\b(?:a?completion))\s*\(/g;
const SCRIPT_CANDIDATES = /(?:\.\s*(?:create|parse|stream|invoke|generate|run|toolRunner|runTools)|\b(?:generateText|streamText|generateObject|streamObject|run))\s*(?:<[^()]*>\s*)?\(/g;

/** Path segments that do not change which endpoint a call reaches. */
const TRANSPARENT = new Set(['with_raw_response', 'with_streaming_response', 'withRawResponse', 'beta']);

const AI_SDK_FUNCTIONS = new Set(['generateText', 'streamText', 'generateObject', 'streamObject']);

/** LangChain's chat-model calls: `llm.invoke(messages)` and its streamed (and in Python async) forms. */
const LANGCHAIN_METHODS = new Set(['invoke', 'ainvoke', 'stream', 'astream']);
const LANGCHAIN_SCRIPT_METHODS = new Set(['invoke', 'stream']);

/** An instructor client's methods (Python): `client.create(...)`, `client.chat.completions.create_partial(...)`. */
const INSTRUCTOR_METHODS = new Set(['create', 'create_with_completion', 'create_partial', 'create_iterable']);

/** The OpenAI Agents SDK's runs (Python): `Runner.run`, `Runner.run_sync`, `Runner.run_streamed`. */
const OPENAI_AGENTS_RUNS = new Set(['run', 'run_sync', 'run_streamed']);

/** The API of a callee path, or undefined for calls that are not LLM requests. */
export function apiOfCallee(callee: string, language: SourceLanguage): CallApi | undefined {
  const path = callee
    .replace(/\s+/g, '')
    .replace(/\?\./g, '.')
    .split('.')
    .filter((segment) => !TRANSPARENT.has(segment));
  const last = path[path.length - 1];
  const previous = path[path.length - 2];
  if (path.length === 1) {
    if (language === 'python' && (last === 'completion' || last === 'acompletion')) return 'litellm';
    if (language !== 'python' && AI_SDK_FUNCTIONS.has(last)) return 'ai-sdk';
    // The OpenAI Agents SDK's `run(agent, input)` (a candidate until its import is found).
    if (language !== 'python' && last === 'run') return 'openai-agents';
    return undefined;
  }
  if (language === 'python' && previous === 'litellm' && (last === 'completion' || last === 'acompletion')) return 'litellm';
  if (language !== 'python' && previous === 'ai' && AI_SDK_FUNCTIONS.has(last)) return 'ai-sdk';
  if (previous === 'completions' && path[path.length - 3] === 'chat' && (last === 'create' || last === 'parse' || last === 'stream')) return 'chat.completions';
  // The openai Node SDK's tool runner (`client.chat.completions.runTools`): its first request is counted.
  if (language !== 'python' && previous === 'completions' && path[path.length - 3] === 'chat' && last === 'runTools') return 'chat.completions';
  if (previous === 'responses' && (last === 'create' || last === 'parse' || last === 'stream')) return 'responses';
  // `beta.threads.messages.create` of the OpenAI Assistants API adds a message to a thread: no model is called.
  // The anthropic SDK's `messages.parse` sends a pydantic model's schema (Python) or a zod helper's
  // (TypeScript) as `output_config.format`.
  if (previous === 'messages' && path[path.length - 3] !== 'threads' && (last === 'create' || last === 'stream' || last === 'parse')) return 'messages';
  // The anthropic SDK's tool runner (`client.beta.messages.toolRunner` / `tool_runner`): its first request is counted.
  if (previous === 'messages' && last === (language === 'python' ? 'tool_runner' : 'toolRunner')) return 'messages';
  if ((language === 'python' ? LANGCHAIN_METHODS : LANGCHAIN_SCRIPT_METHODS).has(last)) return 'langchain';
  // The Agents SDK's `Runner.run(agent, input)` (a candidate until `Runner` is found to be the SDK's).
  if (language === 'python' && OPENAI_AGENTS_RUNS.has(last)) return 'openai-agents';
  // An instructor client's `create` and its kin (a candidate until an instructor client is found behind it).
  if (language === 'python' && INSTRUCTOR_METHODS.has(last)) return 'instructor';
  // An AI SDK agent's `agent.generate(...)` (its `agent.stream(...)` is a LangChain candidate first).
  if (language !== 'python' && last === 'generate') return 'ai-sdk-agent';
  // `runner.run(agent, input)` of the OpenAI Agents SDK (a candidate until a `Runner` is found behind it).
  if (language !== 'python' && last === 'run') return 'openai-agents';
  return undefined;
}

/** Named imports of the AI SDK's functions and the Agents SDK's `run`, from their packages. */
const SDK_NAMED_IMPORTS = /\bimport\s*(?:type\s*)?\{([^}]*)\}\s*from\s*['"](?:ai|@openai\/agents(?:-core|-openai)?)['"]/g;
const ALIASED_FUNCTIONS = new Set([...AI_SDK_FUNCTIONS, 'run']);

/**
 * The SDK functions a TypeScript / JavaScript file imports under another name, by that name:
 * `import { run as runAgent } from "@openai/agents"` gives `runAgent` → `run`.
 */
export function scriptSdkAliases(text: string): Map<string, string> {
  const aliases = new Map<string, string>();
  SDK_NAMED_IMPORTS.lastIndex = 0;
  for (let m = SDK_NAMED_IMPORTS.exec(text); m; m = SDK_NAMED_IMPORTS.exec(text)) {
    for (const specifier of m[1].split(',')) {
      const named = /^\s*([A-Za-z_$][\w$]*)\s+as\s+([A-Za-z_$][\w$]*)\s*$/.exec(specifier);
      if (named && ALIASED_FUNCTIONS.has(named[1])) aliases.set(named[2], named[1]);
    }
  }
  return aliases;
}

/** The candidate pattern of a file: the usual callees, and the SDK functions it imports under other names. */
function candidatesOf(text: string, language: SourceLanguage): { pattern: RegExp; aliases: Map<string, string> } {
  if (language === 'python') return { pattern: PYTHON_CANDIDATES, aliases: new Map() };
  const aliases = scriptSdkAliases(text);
  if (aliases.size === 0) return { pattern: SCRIPT_CANDIDATES, aliases };
  const names = [...aliases.keys()].map((name) => name.replace(/\$/g, '\\$')).join('|');
  return { pattern: new RegExp(`${SCRIPT_CANDIDATES.source}|\\b(?:${names})\\s*(?:<[^()]*>\\s*)?\\(`, 'g'), aliases };
}

/** Characters of a callee shown at most: one written as a long expression is shown by its end. */
const MAX_SHOWN_CALLEE = 80;

/** The callee as the editor and the command line name it: without spaces, `…completions.create` when long. */
function shownCallee(text: string): string {
  const name = text.replace(/\s+/g, '');
  return name.length <= MAX_SHOWN_CALLEE ? name : `…${name.slice(-(MAX_SHOWN_CALLEE - 1))}`;
}

/** The LLM calls in a parsed file, in source order. */
export function findCallSites(tree: Tree, text: string, language: SourceLanguage): CallSite[] {
  const { pattern, aliases } = candidatesOf(text, language);
  pattern.lastIndex = 0;
  const found: CallSite[] = [];
  const seen = new Set<number>();
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const paren = m.index + m[0].length - 1;
    const call = callAt(tree, paren, language);
    if (!call || seen.has(call.id)) continue;
    const fn = call.childForFieldName('function');
    if (!fn) continue;
    const api = apiOfCallee(aliases.get(fn.text) ?? fn.text, language);
    if (!api) continue;
    seen.add(call.id);
    found.push({ api, node: call, callee: shownCallee(fn.text) });
  }
  return found;
}

/** An LLM call the parser could not read: a syntax error in or around it. */
export interface UnparsedCall {
  /** Offset of the callee's first character. */
  offset: number;
  callee: string;
  /** Offset of the first syntax error in the file, the likeliest cause. */
  errorOffset: number;
}

/** The callee path written just before an opening parenthesis, e.g. `client.chat.completions.create`. */
const CALLEE_BEFORE_PAREN = /([A-Za-z_$][\w$]*(?:\s*\??\.\s*[A-Za-z_$][\w$]*)*)\s*(?:<[^()]*>\s*)?\($/;

/**
 * LLM calls in a file with syntax errors that `findCallSites` could not confirm, or whose call holds
 * an error: their request cannot be rebuilt, and saying nothing would pass them as "no LLM calls".
 */
export function findUnparsedCalls(tree: Tree, text: string, language: SourceLanguage, found: readonly CallSite[]): UnparsedCall[] {
  if (!tree.rootNode.hasError) return [];
  const errorOffset = firstErrorOffset(tree.rootNode);
  const unparsed: UnparsedCall[] = [];
  const confirmed = new Set(found.map((site) => site.node.startIndex));
  for (const site of found) {
    if (site.node.hasError) unparsed.push({ offset: site.node.startIndex, callee: site.callee, errorOffset: firstErrorOffset(site.node) });
  }
  const pattern = language === 'python' ? PYTHON_CANDIDATES : SCRIPT_CANDIDATES;
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const end = m.index + m[0].length;
    const callee = CALLEE_BEFORE_PAREN.exec(text.slice(Math.max(0, end - 300), end));
    if (!callee) continue;
    const offset = end - callee[0].length;
    const name = callee[1].replace(/\s+/g, '');
    const api = apiOfCallee(name, language);
    // A LangChain or agent candidate is an LLM call only once a chat model or an agent is found behind it.
    if (confirmed.has(offset) || !api || api === 'langchain' || api === 'ai-sdk-agent' || api === 'openai-agents' || api === 'instructor' || callAt(tree, end - 1, language)) continue;
    unparsed.push({ offset, callee: shownCallee(name), errorOffset });
  }
  return unparsed.sort((a, b) => a.offset - b.offset);
}

/**
 * Where the first syntax error of a subtree starts: the innermost ERROR or MISSING node on the way
 * down the first erroneous children. The parser may wrap a whole function in an ERROR around the
 * real one (an unclosed `(` inside it): the inner node is the place to fix.
 */
function firstErrorOffset(node: Node): number {
  for (const child of node.children) {
    if (child && (child.hasError || child.isError || child.isMissing)) return firstErrorOffset(child);
  }
  return node.startIndex;
}

/** The call expression whose argument list opens at `paren`. */
function callAt(tree: Tree, paren: number, language: SourceLanguage): Node | undefined {
  const token = tree.rootNode.descendantForIndex(paren, paren + 1);
  const list = token?.type === '(' ? token.parent : token;
  const call = list?.parent;
  const type = language === 'python' ? 'call' : 'call_expression';
  if (!list || !call || call.type !== type) return undefined;
  const args = call.childForFieldName('arguments');
  return args && args.startIndex === list.startIndex ? call : undefined;
}
