/**
 * API request bodies rebuilt from the request model (after variables are filled in): Chat
 * Completions, Responses and Anthropic Messages. Only what a cache test needs is carried over; other
 * top-level parameters pass through from a per-API allow-list so a field one API rejects never
 * reaches it.
 */
import { readFileSync } from 'node:fs';
import type { CacheBreakpoint, ContentPart, Message, PromptRequest, ToolDefinition } from '../core/model';
import { toolCallsOf, type ToolCall } from './toolCallShapes';
import { writtenInput, type WrittenInput } from './writtenInput';

type Json = Record<string, unknown>;

/** Top-level fields copied from the file's parameters, per API. */
const PASSTHROUGH: Record<'chat' | 'responses' | 'anthropic', readonly string[]> = {
  chat: ['temperature', 'top_p', 'tool_choice', 'parallel_tool_calls', 'seed', 'stop', 'frequency_penalty', 'presence_penalty', 'reasoning_effort', 'verbosity', 'user', 'service_tier', 'logit_bias'],
  responses: ['temperature', 'top_p', 'tool_choice', 'parallel_tool_calls', 'reasoning', 'text', 'truncation', 'user', 'service_tier', 'include', 'store'],
  anthropic: ['temperature', 'top_p', 'top_k', 'tool_choice', 'stop_sequences', 'thinking', 'metadata'],
};

function passthrough(request: PromptRequest, api: keyof typeof PASSTHROUGH): Json {
  const out: Json = {};
  for (const key of PASSTHROUGH[api]) if (request.parameters[key] !== undefined) out[key] = request.parameters[key];
  return out;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The full URL of an image part: the model keeps data URLs shortened, so the original is read back
 * from the file text when it is available.
 */
export function imageUrlOf(part: Extract<ContentPart, { type: 'image' }>, sourceText?: string): string {
  if (part.file) {
    // Read again, as the program reads it when it runs; a file gone since is sent as shown.
    try {
      return `${part.file.prefix}${readFileSync(part.file.path).toString('base64')}`;
    } catch {
      return part.source;
    }
  }
  if (part.data !== undefined) return part.data;
  if (!part.source.startsWith('data:') || !sourceText || !part.range) return part.source;
  const block = parseJson(sourceText.slice(part.range.start, part.range.end));
  const found = JSON.stringify(block ?? '').match(/"(data:[^"]+)"/);
  return found ? found[1] : part.source;
}

/**
 * An audio part's block as the file wrote it (`{type: "input_audio", input_audio: {data, format}}`):
 * the model keeps no audio data, so it is read back from the file text.
 */
export function audioBlockOf(part: Extract<ContentPart, { type: 'audio' }>, sourceText?: string): Json {
  const block = sourceText && part.range ? parseJson(sourceText.slice(part.range.start, part.range.end)) : undefined;
  if (block && typeof block === 'object' && (block as Json).type === 'input_audio') return block as Json;
  return { type: 'input_audio', input_audio: { data: '', format: part.format } };
}

function textOf(parts: ContentPart[]): string {
  return parts.map((p) => (p.type === 'text' ? p.piece.text : '')).join('');
}

const onlyText = (parts: ContentPart[]) => parts.every((p) => p.type === 'text');

function chatTool(tool: ToolDefinition): Json | undefined {
  if (tool.type !== 'function') return parseJson(tool.piece.text) as Json | undefined;
  const fn: Json = { name: tool.name };
  if (tool.description !== undefined) fn.description = tool.description;
  if (tool.parameters !== undefined) fn.parameters = tool.parameters;
  if (tool.strict !== undefined) fn.strict = tool.strict;
  return { type: 'function', function: fn };
}

function responsesTool(tool: ToolDefinition): Json | undefined {
  if (tool.type !== 'function') return parseJson(tool.piece.text) as Json | undefined;
  const { function: fn } = chatTool(tool) as { function: Json };
  return { type: 'function', ...fn };
}

/**
 * The system prompt as one string. Anthropic system blocks are separate texts: joined with a line
 * break, as two blocks read, not run together (`…14:40:39ZYou are…`).
 */
function systemText(request: PromptRequest): string | undefined {
  if (request.instructions) return request.instructions.text;
  if (request.system && request.system.length > 0) {
    return request.system.flatMap((p) => (p.type === 'text' ? [p.piece.text] : [])).join('\n');
  }
  return undefined;
}

export interface BodyOptions {
  model: string;
  maxOutputTokens: number;
  /** File text, to recover data URLs of images. */
  sourceText?: string;
}

// --- Chat Completions -------------------------------------------------------------------------

/** A content block as Chat Completions takes it: a Responses `input_file` becomes a `file` part. */
function chatBlock(block: Json): Json {
  if (block.type !== 'input_file') return block;
  const { type: _type, ...file } = block;
  return { type: 'file', file };
}

function chatContent(parts: ContentPart[], sourceText?: string): unknown {
  if (onlyText(parts) && parts.length <= 1) return textOf(parts);
  return parts.map((part) => {
    if (part.type === 'text') return { type: 'text', text: part.piece.text };
    if (part.type === 'image') return { type: 'image_url', image_url: { url: imageUrlOf(part, sourceText), ...(part.detailStated ? { detail: part.detail } : {}) } };
    if (part.type === 'audio') return audioBlockOf(part, sourceText);
    const block = parseJson(part.piece.text);
    return block && typeof block === 'object' ? chatBlock(block as Json) : { type: 'text', text: part.piece.text };
  });
}

/**
 * A Responses input item that is neither a message nor a function call or its output (a reasoning
 * item, a built-in tool's call): the model keeps it whole as the message's one part. Chat
 * Completions has no form for it.
 */
function wholeItem(message: Message): Json | undefined {
  const part = message.parts.length === 1 ? message.parts[0] : undefined;
  if (part?.type !== 'other' || !part.range || !message.range) return undefined;
  if (part.range.start !== message.range.start || part.range.end !== message.range.end) return undefined;
  const item = parseJson(part.piece.text);
  return item && typeof item === 'object' && !Array.isArray(item) ? (item as Json) : undefined;
}

function chatCall(call: ToolCall): Json {
  return { id: call.callId, type: 'function', function: { name: call.name, arguments: call.arguments } };
}

function chatMessage(message: Message, sourceText?: string): Json {
  // A tool result on Chat Completions holds text only (a Responses output may hold images too).
  const content = message.role === 'tool' && !onlyText(message.parts) ? textOf(message.parts) : chatContent(message.parts, sourceText);
  const out: Json = { role: message.role, content };
  if (message.name !== undefined) out.name = message.name;
  const calls = toolCallsOf(message);
  if (calls?.shape === 'legacy') out.function_call = { name: calls.calls[0].name, arguments: calls.calls[0].arguments };
  else if (calls) out.tool_calls = calls.calls.map(chatCall);
  if (message.toolCallId !== undefined) out.tool_call_id = message.toolCallId;
  if (message.role === 'assistant' && calls && message.parts.length === 0) out.content = null;
  return out;
}

/**
 * The conversation as Chat Completions messages. A Responses file's `function_call` items become
 * the `tool_calls` of an assistant message (consecutive calls one message, as a parallel call is on
 * Chat); items Chat has no form for are left out, with the outputs that answer them.
 */
function chatMessages(messages: Message[], sourceText?: string): Json[] {
  const out: Json[] = [];
  const dropped = new Set<string>();
  let openCalls: Json[] | undefined;
  for (const message of messages) {
    const calls = toolCallsOf(message);
    if (calls?.shape === 'responses') {
      if (openCalls) openCalls.push(...calls.calls.map(chatCall));
      else {
        openCalls = calls.calls.map(chatCall);
        out.push({ role: 'assistant', content: null, tool_calls: openCalls });
      }
      continue;
    }
    openCalls = undefined;
    const item = wholeItem(message);
    if (item) {
      if (typeof item.call_id === 'string') dropped.add(item.call_id);
      continue;
    }
    if (message.role === 'tool' && message.toolCallId !== undefined && dropped.has(message.toolCallId)) continue;
    out.push(chatMessage(message, sourceText));
  }
  return out;
}

export function chatBody(request: PromptRequest, options: BodyOptions & { maxTokensField: 'max_tokens' | 'max_completion_tokens' }): Json {
  const messages: Json[] = [];
  const system = systemText(request);
  if (system !== undefined) messages.push({ role: 'system', content: system });
  messages.push(...chatMessages(request.messages, options.sourceText));
  const body: Json = { model: options.model };
  const tools = request.tools.map(chatTool).filter((t): t is Json => t !== undefined);
  if (tools.length > 0) body.tools = tools;
  const schema = request.responseFormat;
  if (schema) {
    body.response_format =
      schema.kind === 'json_object'
        ? { type: 'json_object' }
        : { type: 'json_schema', json_schema: { name: schema.name, schema: schema.schema, ...(schema.strict !== undefined ? { strict: schema.strict } : {}) } };
  }
  body.messages = messages;
  Object.assign(body, passthrough(request, 'chat'));
  body[options.maxTokensField] = options.maxOutputTokens;
  return body;
}

// --- Responses --------------------------------------------------------------------------------

/** A content block as the Responses API takes it: a Chat `file` part becomes an `input_file`. */
function responsesBlock(block: Json): Json {
  if (block.type !== 'file' || typeof block.file !== 'object' || block.file === null) return block;
  return { type: 'input_file', ...(block.file as Json) };
}

function responsesContent(parts: ContentPart[], textType: 'input_text' | 'output_text', sourceText?: string): Json[] {
  return parts.map((part) => {
    if (part.type === 'text') return { type: textType, text: part.piece.text };
    // `detail` is required on Responses image parts.
    if (part.type === 'image') return { type: 'input_image', image_url: imageUrlOf(part, sourceText), detail: part.detail };
    if (part.type === 'audio') return audioBlockOf(part, sourceText);
    const block = parseJson(part.piece.text);
    return block && typeof block === 'object' ? responsesBlock(block as Json) : { type: textType, text: part.piece.text };
  });
}

function responsesItems(message: Message, sourceText?: string): Json[] {
  const item = wholeItem(message);
  if (item) return [item];
  const calls = toolCallsOf(message);
  if (calls?.shape === 'responses') return [calls.item];
  if (message.role === 'tool' || message.role === 'function') {
    const output = onlyText(message.parts) && message.parts.length <= 1 ? textOf(message.parts) : responsesContent(message.parts, 'input_text', sourceText);
    return [{ type: 'function_call_output', call_id: message.toolCallId ?? '', output }];
  }
  const items: Json[] = [];
  // An assistant message that only carries calls is the calls alone.
  if (!(calls && message.parts.length === 0)) {
    const content = onlyText(message.parts)
      ? textOf(message.parts)
      : responsesContent(message.parts, message.role === 'assistant' ? 'output_text' : 'input_text', sourceText);
    items.push({ role: message.role, content });
  }
  for (const call of calls?.calls ?? []) items.push({ type: 'function_call', call_id: call.callId, name: call.name, arguments: call.arguments });
  return items;
}

function itemsOf(messages: Message[], written: WrittenInput | undefined, sourceText?: string): Json[] {
  return messages.flatMap((m) => {
    const item = written?.itemOf.get(m);
    return item ? [item] : responsesItems(m, sourceText);
  });
}

/**
 * The `input` items of some of the request's messages (all of them by default; a conversation turn
 * sends a few). A Responses file's items are sent as written (see `writtenInput`); other requests
 * have theirs rebuilt from the model.
 */
export function responsesInput(request: PromptRequest, sourceText?: string, messages: Message[] = request.messages): Json[] {
  const written = writtenInput(request, sourceText);
  if (written && messages === request.messages && Array.isArray(written.input)) return written.input;
  return itemsOf(messages, written, sourceText);
}

export function responsesBody(request: PromptRequest, options: BodyOptions & { input?: Json[] }): Json {
  const body: Json = { model: options.model };
  const tools = request.tools.map(responsesTool).filter((t): t is Json => t !== undefined);
  if (tools.length > 0) body.tools = tools;
  Object.assign(body, passthrough(request, 'responses'));
  const schema = request.responseFormat;
  if (schema) {
    const format =
      schema.kind === 'json_object'
        ? { type: 'json_object' }
        : { type: 'json_schema', name: schema.name, schema: schema.schema, ...(schema.strict !== undefined ? { strict: schema.strict } : {}) };
    body.text = { ...(body.text as Json | undefined), format };
  }
  const instructions = systemText(request);
  if (instructions !== undefined) body.instructions = instructions;
  // A file's own `input` goes out as written, a single string included.
  body.input = options.input ?? writtenInput(request, options.sourceText)?.input ?? itemsOf(request.messages, undefined, options.sourceText);
  body.max_output_tokens = options.maxOutputTokens;
  return body;
}

// --- Anthropic Messages ----------------------------------------------------------------------------

function cacheControl(breakpoint: CacheBreakpoint | undefined): Json {
  return breakpoint ? { cache_control: { type: 'ephemeral', ...(breakpoint.ttl ? { ttl: breakpoint.ttl } : {}) } } : {};
}

function anthropicBlock(part: ContentPart, sourceText?: string): Json {
  if (part.type === 'text') return { type: 'text', text: part.piece.text, ...cacheControl(part.breakpoint) };
  if (part.type === 'image') {
    const url = imageUrlOf(part, sourceText);
    const data = /^data:([^;,]+);base64,(.*)$/s.exec(url);
    const source = data ? { type: 'base64', media_type: data[1], data: data[2] } : { type: 'url', url };
    return { type: 'image', source, ...cacheControl(part.breakpoint) };
  }
  // The Messages API takes no audio input.
  if (part.type === 'audio') return { type: 'text', text: `[${part.source}]`, ...cacheControl(part.breakpoint) };
  return { ...((parseJson(part.piece.text) as Json | undefined) ?? { type: 'text', text: part.piece.text }), ...cacheControl(part.breakpoint) };
}

export function anthropicBody(request: PromptRequest, options: BodyOptions): Json {
  const body: Json = { model: options.model, max_tokens: options.maxOutputTokens };
  if (request.topLevelCacheControl) body.cache_control = cacheControl(request.topLevelCacheControl).cache_control;
  const tools = request.tools
    .filter((tool) => tool.type === 'function' || tool.type === 'custom')
    .map((tool) => ({
      name: tool.name,
      ...(tool.description !== undefined ? { description: tool.description } : {}),
      input_schema: tool.parameters ?? { type: 'object', properties: {} },
      ...cacheControl(tool.breakpoint),
    }));
  if (tools.length > 0) body.tools = tools;

  // System text: Anthropic blocks as written, else the instructions and system/developer messages.
  const systemBlocks: Json[] = request.system ? request.system.map((p) => anthropicBlock(p, options.sourceText)) : [];
  if (request.instructions) systemBlocks.push({ type: 'text', text: request.instructions.text });
  const conversation: Json[] = [];
  for (const message of request.messages) {
    if (message.role === 'system' || message.role === 'developer') {
      systemBlocks.push(...message.parts.map((p) => anthropicBlock(p, options.sourceText)));
      continue;
    }
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const content =
      message.role === 'tool'
        ? [{ type: 'tool_result', tool_use_id: message.toolCallId ?? '', content: textOf(message.parts) }]
        : message.parts.map((p) => anthropicBlock(p, options.sourceText));
    const plain = content.length === 1 && content[0].type === 'text' && !('cache_control' in content[0]);
    conversation.push({ role, content: plain ? (content[0] as { text: string }).text : content });
  }
  if (systemBlocks.length > 0) body.system = systemBlocks;
  body.messages = conversation;
  Object.assign(body, passthrough(request, 'anthropic'));
  return body;
}
