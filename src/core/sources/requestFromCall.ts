/**
 * Rebuilds the request an LLM call sends from its arguments as far as the source tells: model,
 * messages / input / instructions / system / prompt, tools, response format, `prompt_cache_key`
 * and `cache_control` breakpoints. Text keeps its source offsets; what only the running program
 * knows stays a placeholder marked dynamic, and each thing left out is said in `unresolved`.
 */
import { base64ImageSize, dataUrlImageSize, imageMediaType, imageSize } from '../formats/imageSize';
import { shortenImageSource } from '../formats/jsonBlocks';
import { asRole } from '../formats/messageRoles';
import { emptyRequest, variablesUsedIn } from '../formats/request';
import type { ApiStyle, CacheBreakpoint, ContentPart, FormatId, Message, PromptRequest, ResponseSchema, Role, SourceRange, ToolDefinition } from '../model';
import { aiSdkClaudeOutput, aiSdkOpenAiApi, aiSdkOutputFormat, aiSdkSystemRole, aiSdkToolChoice, type AiSdkContext } from './aiSdk';
import type { CallApi } from './callSites';
import type { EncodedFile } from './program';
import { IMAGE_HEAD_BYTES, MAX_BYTES_READ } from './promptFiles';
import { formatSize } from '../labels';
import {
  asText,
  entryOf,
  isUndefined,
  knownString,
  plainValue,
  shortName,
  spreadText,
  toTextPiece,
  type StaticList,
  type StaticObject,
  type StaticValue,
} from './staticValue';
import { refusal } from './refusal';

export interface CallRequest {
  request: PromptRequest;
  /** Parts of the request the source does not tell, for the estimate reason. */
  unresolved: string[];
  /** Set when the messages are all built at run time: what builds them. The size is then unknown. */
  sizeUnknown?: string;
  /** Where the value that builds them is written (`build_messages(...)` in `msgs = build_messages(...)`). */
  sizeUnknownAt?: SourceRange;
  /**
   * Where the values the request leaves out are written (`tools=TOOLS` when TOOLS is not known): the
   * values read there are not counted, so none of them is "counted as written" either.
   */
  leftOut: SourceRange[];
  /**
   * Where the model's value is written when it is code (`openai('gpt-4o')`): a value computed there
   * when the module loads picks the model, it is no prompt text.
   */
  modelAt?: SourceRange;
}

const HANDLED = new Set([
  'model',
  'messages',
  'input',
  'instructions',
  'system',
  'prompt',
  'tools',
  'functions',
  'response_format',
  'text',
  'prompt_cache_key',
  'prompt_cache_retention',
  'cache_control',
  'text_format',
  'providerOptions',
  'extra_headers',
  // The AI SDK's object output (aiSdk.ts).
  'schema',
  'schemaName',
  'schemaDescription',
  'output',
  'experimental_output',
  'enum',
  'toolChoice',
]);

interface Builder {
  source: string;
  /** The base64 texts of files the program read, each with the file's path (`SourceProgram.encodedFiles`). */
  files: ReadonlyMap<string, EncodedFile>;
  api: CallApi;
  /** The AI SDK version of the source's package, for `ai-sdk` calls. */
  aiSdk: AiSdkContext;
  unresolved: string[];
  /** Where the values left out of the request are written (`CallRequest.leftOut`). */
  leftOut: SourceRange[];
  /** Messages added in a loop: a conversation's turns, whose values do not break the prefix. */
  loopMessages: Set<Message>;
  sizeUnknown?: string;
  sizeUnknownAt?: SourceRange;
}

/**
 * Values that appear only in messages added in a loop are a conversation's turns (as a Prompty
 * `kind: thread` input is): history sent after the static part, which grows turn by turn, not
 * text that breaks the prefix. A value also used elsewhere keeps its findings there.
 */
function markThreadValues(request: PromptRequest, loopMessages: ReadonlySet<Message>): void {
  if (loopMessages.size === 0) return;
  const namesIn = (messages: Message[]) =>
    new Set(messages.flatMap((m) => m.parts.flatMap((p) => (p.type === 'text' ? p.piece.dynamic.map((d) => d.name) : []))));
  const inLoop = namesIn(request.messages.filter((m) => loopMessages.has(m)));
  const elsewhere = namesIn(request.messages.filter((m) => !loopMessages.has(m)));
  for (const piece of [...(request.system ?? []).flatMap((p) => (p.type === 'text' ? [p.piece] : [])), ...(request.instructions ? [request.instructions] : [])]) {
    for (const span of piece.dynamic) elsewhere.add(span.name);
  }
  for (const tool of request.tools) for (const span of tool.dynamic) elsewhere.add(span.name);
  request.variables = request.variables.map((v) => (inLoop.has(v.name) && !elsewhere.has(v.name) ? { ...v, thread: true } : v));
}

export function requestFromCall(api: CallApi, args: StaticObject, source: string, aiSdk: AiSdkContext = {}, files: ReadonlyMap<string, EncodedFile> = new Map()): CallRequest {
  const builder: Builder = { source, files, api, unresolved: [], leftOut: [], loopMessages: new Set(), aiSdk };
  const model = modelOf(api, entryOf(args, 'model'), builder);
  const style: ApiStyle = model.api;
  const format: FormatId = style === 'anthropic' ? 'anthropic-messages' : style === 'responses' ? 'openai-responses' : 'openai-chat';
  const request = emptyRequest(format, style);
  if (model.name) request.model = { name: model.name, range: model.range, ...(model.provider ? { provider: model.provider } : {}), ...(model.fallback ? { fallback: true as const } : {}) };

  request.tools = toolsOf(entryOf(args, 'tools') ?? entryOf(args, 'functions'), style, builder);
  const claudeOutput = api === 'ai-sdk' && style === 'anthropic' ? aiSdkClaudeOutput(args, model.name, aiSdk, builder.unresolved) : undefined;
  if (claudeOutput && 'jsonTool' in claudeOutput) {
    request.tools.push(toolDefinition('function', 'json', 'Respond with a JSON object.', entryOf(claudeOutput.jsonTool, 'input_schema'), claudeOutput.jsonTool));
  }
  const formatArgument =
    api === 'ai-sdk'
      ? style === 'anthropic'
        ? undefined
        : aiSdkOutputFormat(args, aiSdk, builder.unresolved)
      : (entryOf(args, 'response_format') ?? entryOf(entryOf(args, 'text'), 'format') ?? entryOf(args, 'text_format'));
  const responseFormat = responseFormatOf(formatArgument, builder);
  if (responseFormat) request.responseFormat = responseFormat;

  if (api === 'responses') {
    const instructions = entryOf(args, 'instructions');
    if (instructions) request.instructions = toTextPiece(asText(instructions, source));
    const input = entryOf(args, 'input');
    if (input) request.messages = messagesOf(input, builder, 'input');
  } else if (api === 'ai-sdk') {
    const system = aiSdkInstructions(args, builder);
    if (system && style === 'anthropic') request.system = [textPart(system, builder)];
    else if (system) request.messages.push(messageOf(model.provider === 'openai' ? aiSdkSystemRole(model.name) : 'system', [textPart(system, builder)], system));
    const messages = entryOf(args, 'messages');
    if (messages) request.messages.push(...messagesOf(messages, builder, 'messages', style === 'anthropic'));
    const prompt = entryOf(args, 'prompt');
    if (prompt?.kind === 'list') request.messages.push(...messagesOf(prompt, builder, 'prompt', style === 'anthropic'));
    else if (prompt) request.messages.push(messageOf('user', [textPart(prompt, builder)], prompt));
  } else {
    if (style === 'anthropic') {
      const system = entryOf(args, 'system');
      if (system) request.system = blocksOf(system, builder);
    }
    const messages = entryOf(args, 'messages');
    if (messages) request.messages = messagesOf(messages, builder, 'messages', style === 'anthropic');
  }

  // The AI SDK takes them as `providerOptions: { openai: { promptCacheKey, promptCacheRetention } }`.
  const openaiOptions = api === 'ai-sdk' ? entryOf(entryOf(args, 'providerOptions'), 'openai') : undefined;
  const cacheKey = knownString(entryOf(args, 'prompt_cache_key') ?? entryOf(openaiOptions, 'promptCacheKey'));
  if (cacheKey !== undefined) request.promptCacheKey = cacheKey;
  const retention = knownString(entryOf(args, 'prompt_cache_retention') ?? entryOf(openaiOptions, 'promptCacheRetention'));
  if (retention !== undefined) request.promptCacheRetention = retention;
  const topLevel = breakpointOf(entryOf(args, 'cache_control'));
  if (topLevel) request.topLevelCacheControl = topLevel;
  for (const entry of args.entries) {
    if (HANDLED.has(entry.key)) continue;
    if (isUndefined(entry.value)) delete request.parameters[entry.key];
    else request.parameters[entry.key] = plainValue(entry.value);
  }
  if (api === 'ai-sdk') {
    // The AI SDK sends `tool_choice` whenever there are tools (`auto` unless `toolChoice` says).
    const toolChoice = aiSdkToolChoice(entryOf(args, 'toolChoice'), style);
    if (claudeOutput && 'toolChoice' in claudeOutput) request.parameters.tool_choice = plainValue(claudeOutput.toolChoice);
    else if (toolChoice !== undefined) request.parameters.tool_choice = toolChoice;
    else if (request.tools.length > 0) request.parameters.tool_choice = style === 'anthropic' ? { type: 'auto' } : 'auto';
    if (claudeOutput && 'outputConfig' in claudeOutput) request.parameters.output_config = plainValue(claudeOutput.outputConfig);
  }

  const pieces = [...(request.system ?? []), ...request.messages.flatMap((m) => m.parts)].flatMap((p) => (p.type === 'text' ? [p.piece] : []));
  if (request.instructions) pieces.unshift(request.instructions);
  request.variables = variablesUsedIn(pieces);
  notePartialFilesInText(request, builder);
  markThreadValues(request, builder.loopMessages);
  const modelValue = entryOf(args, 'model');
  return {
    request,
    unresolved: builder.unresolved,
    leftOut: builder.leftOut,
    ...(modelValue?.kind === 'unknown' ? { modelAt: modelValue.range } : {}),
    ...(builder.sizeUnknown ? { sizeUnknown: builder.sizeUnknown } : {}),
    ...(builder.sizeUnknownAt ? { sizeUnknownAt: builder.sizeUnknownAt } : {}),
  };
}

interface ModelChoice {
  name?: string;
  range: { start: number; end: number } | null;
  provider?: string;
  api: ApiStyle;
  /** The model the program falls back to (`os.getenv("MODEL", "o3-mini")`): the one sent is known only at run time. */
  fallback?: true;
}

/** Model name and API: `model="gpt-4o"`, `model: openai('gpt-4o')`, `anthropic/claude-...` (LiteLLM). */
function modelOf(api: CallApi, value: StaticValue | undefined, builder: Builder): ModelChoice {
  const fixed: ApiStyle = api === 'responses' ? 'responses' : api === 'messages' ? 'anthropic' : 'chat';
  if (!value) return { range: null, api: fixed, ...(api === 'messages' ? { provider: 'anthropic' } : {}) };
  if (value.kind === 'text' && value.dynamic.length === 0) {
    const range = toTextPiece(value).range;
    let name = value.text;
    let provider = api === 'messages' ? 'anthropic' : undefined;
    // LiteLLM and AI Gateway ids carry the provider: `anthropic/claude-sonnet-4`, `openai/gpt-4o`.
    const prefixed = /^([\w-]+)\/(.+)$/.exec(name);
    if (prefixed && api !== 'messages') {
      name = prefixed[2];
      provider = prefixed[1] === 'anthropic' ? 'anthropic' : prefixed[1] === 'openai' || prefixed[1] === 'azure' ? 'openai' : undefined;
    }
    const style: ApiStyle = api === 'ai-sdk' || api === 'litellm' ? (provider === 'anthropic' ? 'anthropic' : 'chat') : fixed;
    return { name, range, ...(provider ? { provider } : {}), api: style };
  }
  if (value.kind === 'unknown' && value.call && api === 'ai-sdk') {
    const name = knownString(value.call.args[0]);
    const callee = value.call.callee;
    const anthropic = /^(?:anthropic|bedrock|vertexAnthropic)\b/i.test(callee) || /^claude/i.test(name ?? '');
    const range = value.call.args[0] ? toTextPiece(asText(value.call.args[0], builder.source)).range : value.range;
    return {
      ...(name ? { name } : {}),
      range,
      ...(anthropic ? { provider: 'anthropic' } : /^(?:openai|azure)\b/.test(callee) ? { provider: 'openai' } : {}),
      api: anthropic ? 'anthropic' : aiSdkOpenAiApi(callee, builder.aiSdk, builder.unresolved),
    };
  }
  if (value.kind === 'unknown' && value.fallback) {
    // `os.getenv("MODEL", "gpt-4o")`, a parameter's default: the model the program falls back to.
    builder.unresolved.push(`the model is \`${value.expression}\`, known only at run time: counted as its default, ${value.fallback.text}`);
    return { ...modelOf(api, value.fallback, builder), fallback: true };
  }
  builder.unresolved.push(`the model is ${value.kind === 'unknown' ? `\`${value.expression}\`` : 'computed'}, known only at run time`);
  return { range: null, api: fixed, ...(api === 'messages' ? { provider: 'anthropic' } : {}) };
}

function breakpointOf(value: StaticValue | undefined): CacheBreakpoint | undefined {
  if (!value || value.kind !== 'object') return undefined;
  const ttl = knownString(entryOf(value, 'ttl'));
  return { type: 'ephemeral', ...(ttl === '5m' || ttl === '1h' ? { ttl } : {}), range: value.range };
}

/** AI SDK: `providerOptions: { anthropic: { cacheControl: { type: 'ephemeral' } } }`. */
function aiSdkBreakpointOf(holder: StaticValue | undefined): CacheBreakpoint | undefined {
  const options = entryOf(entryOf(holder, 'providerOptions') ?? entryOf(holder, 'experimental_providerMetadata'), 'anthropic');
  return breakpointOf(entryOf(options, 'cacheControl') ?? entryOf(options, 'cache_control'));
}

function textPart(value: StaticValue, builder: Builder, breakpoint?: CacheBreakpoint): ContentPart {
  const text = asText(value, builder.source);
  return { type: 'text', piece: toTextPiece(text), range: value.range, ...(breakpoint ? { breakpoint } : {}) };
}

function messageOf(role: Role, parts: ContentPart[], at: StaticValue, roleRange: { start: number; end: number } | null = null): Message {
  return { role, parts, range: at.range, roleRange };
}

/** A list of messages (or Responses input items); a string `input` is one user message. */
function messagesOf(value: StaticValue, builder: Builder, field: string, anthropicBlocks = false): Message[] {
  if (value.kind === 'text' || (value.kind === 'unknown' && field === 'input')) return [messageOf('user', [textPart(value, builder)], value)];
  if (value.kind !== 'list') {
    // Counting its name as one message would state a size nobody knows: the messages are left out.
    const builtBy = value.kind === 'unknown' && value.call ? `${field} built by \`${value.call.callee}\`` : `${field} is ${describe(value)}`;
    builder.unresolved.push(`${builtBy}, known only at run time: the prompt's size is unknown (its messages are not counted)`);
    builder.leftOut.push(value.range);
    if (builder.sizeUnknown === undefined) {
      builder.sizeUnknown = `${builtBy}, known only at run time`;
      builder.sizeUnknownAt = value.range;
    }
    return [];
  }
  return (value as StaticList).items.flatMap((item): Message[] => {
    if (item.kind === 'unknown' && item.spread) {
      builder.unresolved.push(`\`${shortName(item.expression, 40)}\` adds messages known only at run time (not counted)`);
      builder.leftOut.push(item.range);
      return [];
    }
    if (item.kind === 'list' && item.items.length === 2) {
      // LangChain-style `("system", "text")` tuples.
      const role = asRole(knownString(item.items[0]));
      if (role) return [messageOf(role, [textPart(item.items[1], builder)], item)];
    }
    if (item.kind !== 'object') {
      builder.unresolved.push(`a message in \`${field}\` is ${describe(item)}, known only at run time (counted as its name)`);
      return [messageOf('user', [textPart(item, builder)], item)];
    }
    const itemType = knownString(entryOf(item, 'type'));
    if (field === 'input' && itemType !== undefined && itemType !== 'message') return [responsesItem(item, itemType, builder)];
    const roleValue = entryOf(item, 'role');
    const role = asRole(knownString(roleValue)) ?? 'user';
    const roleRange = roleValue?.kind === 'text' ? toTextPiece(roleValue).range : null;
    const given = entryOf(item, 'content');
    // `content: None` / `null` (an assistant turn that only calls tools) is no text.
    const content = given && !isUndefined(given) && !(given.kind === 'scalar' && given.value === null) ? given : undefined;
    const parts = content ? (anthropicBlocks || content.kind === 'list' ? blocksOf(content, builder) : [textPart(content, builder)]) : [];
    const breakpoint = aiSdkBreakpointOf(item);
    if (breakpoint && parts.length > 0 && !parts[parts.length - 1].breakpoint) parts[parts.length - 1] = { ...parts[parts.length - 1], breakpoint };
    const message = messageOf(role, parts, item, roleRange);
    if (item.inLoop) builder.loopMessages.add(message);
    const name = knownString(entryOf(item, 'name'));
    if (name !== undefined) message.name = name;
    toolTurnOf(item, message, builder);
    return [message];
  });
}

/**
 * A Responses input item other than a message, as a request file's is read: a `function_call` as
 * the assistant's tool call, a `function_call_output` as the tool's result (its text, or its content
 * parts), any other item (reasoning, a built-in tool's call or output) as its JSON.
 */
function responsesItem(item: StaticObject, itemType: string, builder: Builder): Message {
  const piece = () => toTextPiece(spreadText(JSON.stringify(plainValue(item)), item.range));
  if (itemType === 'function_call') {
    noteUnknownParts('a `function_call` item', [item], builder);
    return { role: 'assistant', parts: [], toolCalls: piece(), range: item.range, roleRange: null };
  }
  const output = entryOf(item, 'output');
  const outputParts = itemType === 'function_call_output' && output ? (output.kind === 'list' ? blocksOf(output, builder) : [textPart(output, builder)]) : undefined;
  const role: Role = outputParts || itemType.endsWith('_output') ? 'tool' : 'assistant';
  if (!outputParts) noteUnknownParts(`a \`${itemType}\` item`, [item], builder);
  const message: Message = { role, parts: outputParts ?? [{ type: 'other', blockType: itemType, piece: piece(), range: item.range }], range: item.range, roleRange: null };
  const callId = knownString(entryOf(item, 'call_id'));
  if (role === 'tool' && callId !== undefined) message.toolCallId = callId;
  return message;
}

/**
 * An assistant turn's tool calls (Chat Completions `tool_calls`, the legacy `function_call`) as the
 * JSON the request sends, and a tool result's `tool_call_id`: written in the code (a few-shot
 * exchange, a replayed turn), they are counted as a request file counts them.
 */
function toolTurnOf(item: StaticObject, message: Message, builder: Builder): void {
  const absent = (v: StaticValue | undefined) => v === undefined || isUndefined(v) || (v.kind === 'scalar' && v.value === null);
  const calls = [entryOf(item, 'tool_calls'), entryOf(item, 'function_call')].find((v) => !absent(v));
  if (calls && (calls.kind === 'list' || calls.kind === 'object')) {
    noteUnknownParts("an assistant message's tool calls", [calls], builder);
    message.toolCalls = toTextPiece(spreadText(JSON.stringify(plainValue(calls)), calls.range));
  } else if (calls) {
    builder.unresolved.push(`the tool calls of an assistant message are ${describe(calls)}, known only at run time (not counted)`);
    builder.leftOut.push(calls.range);
  }
  const toolCallId = knownString(entryOf(item, 'tool_call_id'));
  if (toolCallId !== undefined) message.toolCallId = toolCallId;
}

/**
 * A data URL whose media type only the running program knows (`f"data:{mime_type};base64,{b64}"`,
 * `mimetypes.guess_type(path)`) but whose base64 is known: written with the media type its bytes
 * tell, which sizes the image (the type is not what it is billed by).
 */
function knownPayloadDataUrl(value: StaticValue | undefined): string | undefined {
  if (value?.kind !== 'text' || !value.text.startsWith('data:')) return undefined;
  const comma = value.text.indexOf(';base64,');
  if (comma < 0 || value.dynamic.some((span) => span.end > comma)) return undefined;
  const payload = value.text.slice(comma + ';base64,'.length);
  return base64DataUrl(undefined, payload);
}

/** A data URL of base64 image data, of the media type given or else the one its first bytes tell. */
function base64DataUrl(mediaType: string | undefined, base64: string): string {
  return `data:${mediaType ?? imageMediaType(Buffer.from(base64.slice(0, 64), 'base64')) ?? 'image/png'};base64,${base64}`;
}

/** `data:image/png;base64,` for an image's bytes: the media type given, or the one they tell. */
function dataUrlPrefix(mediaType: string | undefined, bytes: Uint8Array): string {
  return `data:${mediaType ?? imageMediaType(bytes) ?? 'image/png'};base64,`;
}

/** The file a data URL's base64 is the whole of (one the program read), with the URL's start. */
function fileOfDataUrl(url: string, files: ReadonlyMap<string, EncodedFile>): { path: string; prefix: string } | undefined {
  if (files.size === 0) return undefined;
  const comma = url.indexOf(',');
  const payload = comma < 0 ? undefined : url.slice(comma + 1);
  const file = payload === undefined ? undefined : files.get(payload);
  if (file === undefined || payload === undefined) return undefined;
  // A media type the program computes (written here as its name) is sent as the one the bytes tell.
  const prefix = url.slice(0, comma + 1);
  return { path: file.path, prefix: /^data:[\w.+-]+\/[\w.+-]+;base64,$/.test(prefix) ? prefix : dataUrlPrefix(undefined, Buffer.from(payload.slice(0, 64), 'base64')) };
}

/**
 * A large image's base64 stands for the whole by its first bytes: right for an image's size, not for
 * text. Said where one is written in the prompt's text (rather than sent as an image).
 */
function notePartialFilesInText(request: PromptRequest, builder: Builder): void {
  const partial = [...builder.files].filter(([, file]) => file.partial !== undefined);
  if (partial.length === 0) return;
  const texts = [...(request.system ?? []), ...request.messages.flatMap((m) => m.parts)].flatMap((p) => (p.type === 'text' ? [p.piece.text] : []));
  if (request.instructions) texts.push(request.instructions.text);
  for (const [base64, file] of partial) {
    const start = base64.slice(0, 64);
    if (texts.some((text) => text.includes(start))) {
      builder.unresolved.push(`the base64 of \`${file.partial}\` is in the prompt's text: the file is over the ${formatSize(MAX_BYTES_READ)} read here, so only the base64 of its first ${formatSize(IMAGE_HEAD_BYTES)} is counted`);
    }
  }
}

/** The first AI SDK version whose calls take `instructions`, `system` kept as its deprecated name (vercel/ai#15110). */
const INSTRUCTIONS_OPTION = 7;

/**
 * An AI SDK call's system prompt: `instructions` from AI SDK 7 on (`system` where it is not given),
 * `system` before, which has no `instructions` option and sends none.
 */
function aiSdkInstructions(args: StaticObject, builder: Builder): StaticValue | undefined {
  const instructions = entryOf(args, 'instructions');
  const system = entryOf(args, 'system');
  if (!instructions) return system;
  const major = builder.aiSdk.major;
  if (major !== undefined && major < INSTRUCTIONS_OPTION) {
    builder.unresolved.push(`AI SDK ${major} has no \`instructions\` option (AI SDK ${INSTRUCTIONS_OPTION} renamed \`system\` so): it is not sent`);
    return system;
  }
  if (major === undefined) {
    builder.unresolved.push(`the AI SDK's version is not known: \`instructions\` is counted as the system prompt, as AI SDK ${INSTRUCTIONS_OPTION} and later send it (earlier versions send only \`system\`)`);
  }
  return instructions;
}

/** The first AI SDK version that takes a file part's media type given as `image` alone (checked on 7.0.173; 6.0.326 refuses it). */
const TOP_LEVEL_IMAGE_TYPE = 7;

/** What a file part of media type `image` (no subtype) is, by the AI SDK version. */
function noteTopLevelImageType(builder: Builder): void {
  const major = builder.aiSdk.major;
  if (major === undefined) {
    builder.unresolved.push(`the AI SDK's version is not known: a file part of media type \`image\` is counted as an image, as AI SDK ${TOP_LEVEL_IMAGE_TYPE} and later send it (earlier versions refuse it)`);
  } else if (major < TOP_LEVEL_IMAGE_TYPE) {
    builder.unresolved.push(refusal(`AI SDK ${major} refuses a file part of media type \`image\` ("functionality not supported"; a full type such as \`image/png\` is taken): the request is not sent`));
  }
}

/**
 * An image block as the provider receives it: its URL, data URL or base64 (Chat `image_url`,
 * Responses `input_image`, Claude's `source`, the AI SDK's `image` / `data`), the pixel size where
 * it is known, and what a test run sends (`data`, or the `file` the program reads it from).
 */
function imageBlock(block: StaticObject, fileMedia: string | undefined, builder: Builder, breakpoint: CacheBreakpoint | undefined): ContentPart {
  const aiSdk = builder.api === 'ai-sdk';
  // The AI SDK's image (`image` of an image part, `data` of a file part): a URL, a data URL or base64.
  const data = aiSdk ? (entryOf(block, 'image') ?? entryOf(block, 'data')) : undefined;
  const urlValue = entryOf(entryOf(block, 'image_url'), 'url') ?? entryOf(block, 'image_url');
  const url =
    knownString(urlValue) ??
    knownString(entryOf(entryOf(block, 'source'), 'url')) ??
    knownString(data ?? entryOf(block, 'image')) ??
    knownPayloadDataUrl(urlValue);
  // `detail` as a request file gives it: in `image_url` (Chat Completions) or on the block
  // (Responses); the AI SDK sends `providerOptions.openai.imageDetail` as it.
  const stated =
    knownString(entryOf(entryOf(block, 'image_url'), 'detail')) ??
    knownString(entryOf(block, 'detail')) ??
    (aiSdk ? knownString(entryOf(entryOf(entryOf(block, 'providerOptions'), 'openai'), 'imageDetail')) : undefined);
  const detail = stated === 'low' || stated === 'high' ? stated : 'auto';
  const detailStated = stated === 'low' || stated === 'high' || stated === 'auto';
  // Claude's base64 source: `{ type: "base64", media_type, data }`.
  const base64Data = url === undefined ? knownString(entryOf(entryOf(block, 'source'), 'data')) : undefined;
  // The AI SDK's image as the bytes of a file (`readFileSync(p)`), sent as base64.
  const fileBytes = data?.kind === 'unknown' ? data.bytes : undefined;
  const size =
    url !== undefined
      ? url.startsWith('data:')
        ? dataUrlImageSize(url)
        : aiSdk && !/^\w+:/.test(url)
          ? base64ImageSize(url)
          : undefined
      : base64Data !== undefined
        ? base64ImageSize(base64Data)
        : fileBytes
          ? imageSize(fileBytes.data)
          : undefined;
  const source =
    url !== undefined
      ? shortenImageSource(url.startsWith('data:') || !aiSdk || /^\w+:/.test(url) ? url : `data:${fileMedia ?? 'image'};base64,${url}`)
      : base64Data !== undefined
        ? shortenImageSource(`data:${knownString(entryOf(entryOf(block, 'source'), 'media_type')) ?? 'image'};base64,${base64Data}`)
        : fileBytes
          ? shortName(fileBytes.file, 60)
          : data?.kind === 'unknown'
            ? shortName(data.expression, 60)
            : 'image';
  // The whole data URL the program builds (the source's text does not hold it): what a test run sends.
  const fullType = fileMedia?.includes('/') ? fileMedia : undefined;
  const sent =
    url !== undefined
      ? url.startsWith('data:')
        ? url
        : aiSdk && !/^\w+:/.test(url)
          ? base64DataUrl(fullType, url)
          : undefined
      : base64Data !== undefined
        ? base64DataUrl(knownString(entryOf(entryOf(block, 'source'), 'media_type')), base64Data)
        : undefined;
  const file = fileBytes ? { path: fileBytes.path, prefix: dataUrlPrefix(fullType, fileBytes.data) } : sent !== undefined ? fileOfDataUrl(sent, builder.files) : undefined;
  return {
    type: 'image',
    detail,
    ...(detailStated ? { detailStated } : {}),
    ...(size ?? {}),
    source,
    ...(file ? { file } : sent !== undefined ? { data: sent } : {}),
    range: block.range,
    ...(breakpoint ? { breakpoint } : {}),
  };
}

/** A string, or a list of content blocks (text, image, others kept as JSON). */
function blocksOf(value: StaticValue, builder: Builder): ContentPart[] {
  if (value.kind !== 'list') return [textPart(value, builder)];
  return value.items.map((block) => {
    if (block.kind !== 'object') return textPart(block, builder);
    const type = knownString(entryOf(block, 'type')) ?? 'text';
    const breakpoint = breakpointOf(entryOf(block, 'cache_control')) ?? aiSdkBreakpointOf(block);
    const text = entryOf(block, 'text');
    if ((type === 'text' || type === 'input_text' || type === 'output_text') && text) return textPart(text, builder, breakpoint);
    // The AI SDK's file part with an image type (`{ type: 'file', data, mediaType: 'image/png' }`,
    // `mimeType` before AI SDK 5) is sent as an image: `image_url`, `input_image`, Claude's `image`.
    const aiSdk = builder.api === 'ai-sdk';
    const fileMedia = aiSdk && type === 'file' ? knownString(entryOf(block, 'mediaType') ?? entryOf(block, 'mimeType')) : undefined;
    if (fileMedia === 'image') noteTopLevelImageType(builder);
    if (type === 'image_url' || type === 'image' || type === 'input_image' || fileMedia?.startsWith('image/') || (fileMedia === 'image' && (builder.aiSdk.major ?? TOP_LEVEL_IMAGE_TYPE) >= TOP_LEVEL_IMAGE_TYPE)) {
      return imageBlock(block, fileMedia, builder, breakpoint);
    }
    const piece = toTextPiece(spreadText(JSON.stringify(plainValue(block)), block.range));
    return { type: 'other', blockType: type, piece, range: block.range, ...(breakpoint ? { breakpoint } : {}) };
  });
}

function toolsOf(value: StaticValue | undefined, style: ApiStyle, builder: Builder): ToolDefinition[] {
  if (!value) return [];
  if (value.kind === 'object') {
    // AI SDK: `tools: { weather: tool({ description, inputSchema }) }` (`parameters` before AI SDK 5),
    // the schema a zod schema (written as the SDK writes it) or `jsonSchema({...})`.
    return value.entries.map(({ key, value: tool }) => {
      // A provider's built-in tool (`openai.tools.webSearch({...})`): sent as its type, `web_search`.
      const builtIn = tool.kind === 'unknown' && tool.call ? /(?:^|\.)tools\.(\w+)$/.exec(tool.call.callee)?.[1] : undefined;
      if (builtIn && tool.kind === 'unknown' && style === 'responses') {
        const type = builtIn === 'customTool' ? 'custom' : builtIn.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
        return toolDefinition(type, key, undefined, undefined, tool);
      }
      const definition = tool.kind === 'unknown' && tool.call ? tool.call.args[0] : tool;
      const description = knownString(entryOf(definition, 'description'));
      let schema = entryOf(definition, 'inputSchema') ?? entryOf(definition, 'parameters');
      if (schema?.kind === 'unknown' && schema.call && /(?:^|\.)jsonSchema$/.test(schema.call.callee)) schema = schema.call.args[0];
      if (schema?.kind === 'object') {
        noteUnknownParts(`tool \`${key}\``, [entryOf(definition, 'description'), schema], builder);
        return toolDefinition('function', key, description, schema, definition ?? tool);
      }
      if (schema) builder.leftOut.push(schema.range);
      builder.unresolved.push(
        schema?.kind === 'unknown' && schema.unwritten ? `the parameters of tool ${key} are not counted: ${schema.unwritten}` : `the parameters of tool ${key} are built by code`,
      );
      return toolDefinition('function', key, description, undefined, definition ?? tool);
    });
  }
  if (value.kind !== 'list') {
    builder.unresolved.push(`\`tools\` is ${describe(value)}, known only at run time (not counted)`);
    builder.leftOut.push(value.range);
    return [];
  }
  return value.items.flatMap((item) => listedTool(item, style, builder));
}

/** One tool of a `tools` list; a Responses `namespace` tool with the tools it groups, each its own. */
function listedTool(item: StaticValue, style: ApiStyle, builder: Builder): ToolDefinition[] {
  if (item.kind === 'unknown' && item.unwritten) {
    builder.unresolved.push(`a tool is not counted: ${item.unwritten} (${describe(item)})`);
    builder.leftOut.push(item.range);
    return [];
  }
  if (item.kind !== 'object') {
    builder.unresolved.push(`a tool is ${describe(item)}, known only at run time (not counted)`);
    builder.leftOut.push(item.range);
    return [];
  }
  const type = knownString(entryOf(item, 'type')) ?? 'function';
  const definition = style === 'chat' ? (entryOf(item, 'function') ?? item) : item;
  // A hosted MCP server goes by its label, as in a request file.
  const name = knownString(entryOf(definition, 'name')) ?? knownString(entryOf(item, 'server_label')) ?? type;
  const description = knownString(entryOf(definition, 'description'));
  const schema = entryOf(definition, style === 'anthropic' ? 'input_schema' : 'parameters');
  const tool = toolDefinition(style === 'anthropic' && type === 'custom' ? 'function' : type, name, description, schema, item);
  noteUnknownParts(`tool \`${name}\``, [entryOf(definition, 'name'), entryOf(definition, 'description'), schema], builder);
  const strict = entryOf(definition, 'strict');
  if (strict?.kind === 'scalar' && typeof strict.value === 'boolean') tool.strict = strict.value;
  const breakpoint = breakpointOf(entryOf(item, 'cache_control'));
  if (breakpoint) tool.breakpoint = breakpoint;
  const inner = type === 'namespace' && style === 'responses' ? entryOf(item, 'tools') : undefined;
  if (inner?.kind === 'list') tool.tools = inner.items.flatMap((t) => listedTool(t, style, builder));
  else if (inner) {
    builder.unresolved.push(`the tools of namespace \`${name}\` are ${describe(inner)}, known only at run time (not counted)`);
    builder.leftOut.push(inner.range);
  }
  return [tool];
}

function toolDefinition(type: string, name: string, description: string | undefined, schema: StaticValue | undefined, whole: StaticValue): ToolDefinition {
  const piece = toTextPiece(spreadText(JSON.stringify(plainValue(whole)), whole.range));
  return {
    type,
    name,
    ...(description !== undefined ? { description } : {}),
    ...(schema ? { parameters: plainValue(schema) } : {}),
    range: whole.range,
    dynamic: [],
    piece,
  };
}

function responseFormatOf(value: StaticValue | undefined, builder: Builder): ResponseSchema | undefined {
  if (!value) return undefined;
  if (value.kind === 'unknown' && value.unwritten) {
    builder.unresolved.push(`the response format is not counted: ${value.unwritten} (${describe(value)})`);
    builder.leftOut.push(value.range);
    return undefined;
  }
  if (value.kind !== 'object') {
    builder.unresolved.push(`the response format is ${describe(value)} (a class or a schema built by code; not counted)`);
    builder.leftOut.push(value.range);
    return undefined;
  }
  if (value.modelClass) {
    // A pydantic model passed to `.parse(...)`: the SDK sends its schema strict, named after the class.
    const piece = toTextPiece(spreadText(JSON.stringify(plainValue(value)), value.range));
    return { name: value.modelClass, schema: plainValue(value), strict: true, kind: 'json_schema', range: value.range, piece };
  }
  const type = knownString(entryOf(value, 'type'));
  const piece = toTextPiece(spreadText(JSON.stringify(plainValue(value)), value.range));
  if (type === 'json_object') return { name: 'json_object', schema: undefined, kind: 'json_object', range: value.range, piece };
  if (type !== 'json_schema') return undefined;
  const holder = entryOf(value, 'json_schema') ?? value;
  const strict = entryOf(holder, 'strict');
  const schema = entryOf(holder, 'schema');
  const description = knownString(entryOf(holder, 'description'));
  noteUnknownParts('the response format', [entryOf(holder, 'name'), entryOf(holder, 'description'), schema], builder);
  return {
    name: knownString(entryOf(holder, 'name')) ?? 'response',
    ...(description !== undefined ? { description } : {}),
    schema: schema ? plainValue(schema) : undefined,
    ...(strict?.kind === 'scalar' && typeof strict.value === 'boolean' ? { strict: strict.value } : {}),
    kind: 'json_schema',
    range: value.range,
    piece,
  };
}

/**
 * A tool or response format whose counted fields (name, description, schema) have parts only the
 * running program knows (a schema built by a call, a description passed in): those parts are
 * counted as written, which the estimate says.
 */
function noteUnknownParts(what: string, fields: ReadonlyArray<StaticValue | undefined>, builder: Builder): void {
  const parts: string[] = [];
  let unwritten: string | undefined;
  const pending = fields.filter((f): f is StaticValue => f !== undefined).reverse();
  while (pending.length > 0) {
    const v = pending.pop()!;
    if (v.kind === 'unknown') {
      parts.push(describe(v));
      unwritten ??= v.unwritten;
    } else if (v.kind === 'text') {
      for (const span of v.dynamic) parts.push(`\`${span.name}\``);
    } else if (v.kind === 'list') {
      for (let i = v.items.length - 1; i >= 0; i--) pending.push(v.items[i]);
    } else if (v.kind === 'object') {
      for (let i = v.entries.length - 1; i >= 0; i--) pending.push(v.entries[i].value);
    }
  }
  if (parts.length === 0) return;
  const distinct = [...new Set(parts)];
  const shown = distinct.slice(0, 2).join(', ') + (distinct.length > 2 ? ` and ${distinct.length - 2} more` : '');
  builder.unresolved.push(
    unwritten
      ? `${what} is counted with ${shown} as written: ${unwritten}`
      : `${what} has parts known only at run time (${shown}), counted as written`,
  );
}

function describe(value: StaticValue): string {
  return value.kind === 'unknown' ? `\`${value.expression.length > 40 ? `${value.expression.slice(0, 37)}...` : value.expression}\`` : `a ${value.kind}`;
}
