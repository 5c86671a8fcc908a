/**
 * The first request of an OpenAI Agents SDK (JavaScript) run on Chat Completions: an agent whose
 * model is `new OpenAIChatCompletionsModel(client, name)`, or a model name after
 * `setOpenAIAPI('chat_completions')` or under a runner's `new OpenAIProvider({ useResponses:
 * false })`. Written as @openai/agents 0.20's `OpenAIChatCompletionsModel` writes it (measured in
 * test/unit/sources/openaiAgentsScript.test.ts):
 *
 * - `messages`: the instructions as a system message first, then the input (a string is one user
 *   message; items keep their role, `input_text` / `output_text` parts become `text` parts, an
 *   `input_image` URL an `image_url` part).
 * - `tools`: each function tool as `{ type: "function", function: { name, description, parameters,
 *   strict } }` (an empty description when it has none), each handoff the same without `strict`;
 *   a hosted tool makes the SDK throw.
 * - `tool_choice` as `auto`, `required`, `none` or a function's `{ type, function: { name } }`; the
 *   model settings as the API's fields (`maxTokens` → `max_tokens`, `frequencyPenalty`,
 *   `presencePenalty`, `reasoning.effort` → `reasoning_effort`, `text.verbosity` → `verbosity`,
 *   `providerData` spread as written); `stream_options: { include_usage: true }` when streamed; the
 *   output type as `response_format`.
 */
import type { SourceRange } from '../model';
import { entryOf, knownString, plainValue, spreadText, staticOfJson, type StaticEntry, type StaticObject, type StaticValue } from './staticValue';
import { refusal } from './refusal';

/** What a run sends, read as for the Responses API, to be written for Chat Completions. */
export interface ChatParts {
  model?: StaticValue;
  instructions?: StaticValue;
  input?: StaticValue;
  /** The agent's tools as the Responses model would send them. */
  tools: StaticValue[];
  /** The handoffs' tools, likewise. */
  handoffs: StaticValue[];
  /** The merged model settings, by the SDK's key (`topP`, `maxTokens`, ...). */
  settings: ReadonlyMap<string, StaticValue>;
  /** The output type's `text.format` (`{ type: "json_schema", name, strict, schema }`). */
  format?: StaticValue;
  stream: boolean;
  /** Some tools are not read: a tool choice may name one of them. */
  toolsUnread: boolean;
  range: SourceRange;
}

/** `modelSettings` keys and the Chat Completions fields they are sent as, in the SDK's order. */
const CHAT_SETTINGS: ReadonlyArray<[string, string]> = [
  ['temperature', 'temperature'],
  ['topP', 'top_p'],
  ['frequencyPenalty', 'frequency_penalty'],
  ['presencePenalty', 'presence_penalty'],
  ['maxTokens', 'max_tokens'],
];

/** The Chat Completions body of the run's first request. */
export function agentsChatBody(parts: ChatParts, unresolved: string[]): StaticObject {
  const { range, settings } = parts;
  const entries: StaticEntry[] = [];
  if (parts.model) entries.push({ key: 'model', value: parts.model });
  const messages: StaticValue[] = [];
  if (parts.instructions) {
    const at = parts.instructions.range;
    messages.push({ kind: 'object', entries: [{ key: 'content', value: parts.instructions }, { key: 'role', value: spreadText('system', at) }], range: at });
  }
  if (parts.input) messages.push(...chatMessages(parts.input, unresolved));
  entries.push({ key: 'messages', value: { kind: 'list', items: messages, range } });

  const tools: StaticValue[] = [];
  for (const tool of parts.tools) {
    const type = knownString(entryOf(tool, 'type'));
    const name = knownString(entryOf(tool, 'name'));
    if (type === 'namespace') {
      unresolved.push(refusal(`the SDK refuses the tools of \`toolNamespace()\` (namespace \`${name}\`) on Chat Completions (it throws before sending the request)`));
      continue;
    }
    if (type !== 'function') {
      unresolved.push(refusal(`the SDK refuses the hosted tool \`${type ?? 'tool'}\` on Chat Completions (it throws before sending the request)`));
      continue;
    }
    if (entryOf(tool, 'defer_loading')) unresolved.push(refusal(`the SDK refuses tool ${name} with \`deferLoading: true\` on Chat Completions (it throws before sending the request)`));
    const callers = entryOf(tool, 'allowed_callers');
    if (callers?.kind === 'list' && callers.items.some((c) => knownString(c) === 'programmatic')) {
      unresolved.push(refusal(`the SDK refuses tool ${name}, callable from programmatic tool calling, on Chat Completions (it throws before sending the request)`));
    }
    tools.push(chatTool(tool, true));
  }
  for (const handoff of parts.handoffs) tools.push(chatTool(handoff, false));
  if (tools.length > 0) entries.push({ key: 'tools', value: { kind: 'list', items: tools, range } });

  for (const [key, field] of CHAT_SETTINGS) {
    const value = settings.get(key);
    if (value) entries.push({ key: field, value });
  }
  const choiceValue = settings.get('toolChoice');
  const choice = knownString(choiceValue);
  if (choice !== undefined) {
    const names = tools.map((tool) => knownString(entryOf(entryOf(tool, 'function'), 'name')));
    const sent = choice === 'auto' || choice === 'required' || choice === 'none' ? choice : { type: 'function', function: { name: choice } };
    const available = choice === 'auto' || choice === 'none' ? true : choice === 'required' ? tools.length > 0 : names.includes(choice);
    if (!available && !parts.toolsUnread) {
      unresolved.push(refusal(`the SDK refuses \`toolChoice: '${choice}'\` on Chat Completions: no function tool it sends matches it (it throws before sending the request)`));
    }
    entries.push({ key: 'tool_choice', value: staticOfJson(sent, choiceValue!.range) });
  } else if (choiceValue) {
    unresolved.push('the tool choice (`toolChoice`) is known only at run time: not counted');
  }
  const parallel = settings.get('parallelToolCalls');
  if (tools.length > 0 && parallel?.kind === 'scalar' && typeof parallel.value === 'boolean') entries.push({ key: 'parallel_tool_calls', value: parallel });
  entries.push({ key: 'stream', value: { kind: 'scalar', value: parts.stream, range } });
  if (parts.stream) entries.push({ key: 'stream_options', value: staticOfJson({ include_usage: true }, range) });
  sharedSettings(settings, entries, unresolved);
  const effort = entryOf(settings.get('reasoning'), 'effort');
  if (effort) setEntry(entries, 'reasoning_effort', effort);
  const verbosity = entryOf(settings.get('text'), 'verbosity');
  if (verbosity) setEntry(entries, 'verbosity', verbosity);
  if (parts.format?.kind === 'object') {
    const plain = plainValue(parts.format) as Record<string, unknown>;
    entries.push({ key: 'response_format', value: staticOfJson({ type: 'json_schema', json_schema: { name: plain.name, strict: plain.strict, schema: plain.schema } }, parts.format.range) });
  }
  return { kind: 'object', entries, range };
}

/** Sets a key of the body, where it stands when it is there already (as an object spread does). */
/**
 * The model settings both APIs send alike: `store`, `promptCacheRetention`, and `providerData`'s
 * fields as they are (one known only at run time is said).
 */
export function sharedSettings(settings: ReadonlyMap<string, StaticValue>, entries: StaticEntry[], unresolved: string[]): void {
  const store = settings.get('store');
  if (store) entries.push({ key: 'store', value: store });
  const retention = settings.get('promptCacheRetention');
  if (retention) entries.push({ key: 'prompt_cache_retention', value: retention });
  const providerData = settings.get('providerData');
  if (providerData?.kind === 'object') entries.push(...providerData.entries);
  else if (providerData) unresolved.push("the model settings' `providerData` is known only at run time: what it adds is not counted");
}

function setEntry(entries: StaticEntry[], key: string, value: StaticValue): void {
  const at = entries.findIndex((e) => e.key === key);
  if (at >= 0) entries[at] = { key, value };
  else entries.push({ key, value });
}

/** A Responses function tool as the Chat Completions tool the SDK sends (a handoff's without `strict`). */
function chatTool(tool: StaticValue, strict: boolean): StaticValue {
  const fn: StaticEntry[] = [];
  const name = entryOf(tool, 'name');
  if (name) fn.push({ key: 'name', value: name });
  const description = entryOf(tool, 'description');
  fn.push({ key: 'description', value: description && knownString(description) !== '' ? description : spreadText('', tool.range) });
  const parameters = entryOf(tool, 'parameters');
  if (parameters) fn.push({ key: 'parameters', value: parameters });
  const strictValue = entryOf(tool, 'strict');
  if (strict && strictValue) fn.push({ key: 'strict', value: strictValue });
  return { kind: 'object', entries: [{ key: 'type', value: spreadText('function', tool.range) }, { key: 'function', value: { kind: 'object', entries: fn, range: tool.range } }], range: tool.range };
}

/** The run's input as Chat Completions messages. */
function chatMessages(input: StaticValue, unresolved: string[]): StaticValue[] {
  const message = (role: string, content: StaticValue, at: SourceRange): StaticValue => ({
    kind: 'object',
    entries: [
      { key: 'role', value: spreadText(role, at) },
      { key: 'content', value: content },
    ],
    range: at,
  });
  if (input.kind !== 'list') return [message('user', input, input.range)];
  const out: StaticValue[] = [];
  for (const item of input.items) {
    if (item.kind !== 'object') {
      out.push(item);
      continue;
    }
    const role = knownString(entryOf(item, 'role'));
    const content = entryOf(item, 'content');
    if ((role !== 'user' && role !== 'assistant' && role !== 'system') || !content) {
      const type = knownString(entryOf(item, 'type')) ?? role ?? 'item';
      unresolved.push(`an input item (\`${type}\`) is not written for Chat Completions here: not counted`);
      continue;
    }
    out.push(message(role, role === 'system' || content.kind !== 'list' ? content : { kind: 'list', items: content.items.map((part) => chatPart(part, unresolved)), range: content.range }, item.range));
  }
  return out;
}

/** One content part: `input_text` / `output_text` as `text`, an `input_image` URL as `image_url`; others as written, and said. */
function chatPart(part: StaticValue, unresolved: string[]): StaticValue {
  if (part.kind !== 'object') return part;
  const type = knownString(entryOf(part, 'type'));
  const text = entryOf(part, 'text');
  if ((type === 'input_text' || type === 'output_text') && text) {
    return { kind: 'object', entries: [{ key: 'type', value: spreadText('text', part.range) }, { key: 'text', value: text }], range: part.range };
  }
  const image = entryOf(part, 'image') ?? entryOf(part, 'imageUrl');
  if (type === 'input_image' && image && (image.kind === 'text' || image.kind === 'unknown')) {
    const detail = entryOf(part, 'detail');
    const url: StaticObject = { kind: 'object', entries: [{ key: 'url', value: image }, ...(detail ? [{ key: 'detail', value: detail }] : [])], range: part.range };
    return { kind: 'object', entries: [{ key: 'type', value: spreadText('image_url', part.range) }, { key: 'image_url', value: url }], range: part.range };
  }
  unresolved.push(`a content part (\`${type ?? 'part'}\`) is not written for Chat Completions here: counted as written`);
  return part;
}
