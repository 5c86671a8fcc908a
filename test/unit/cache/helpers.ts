/**
 * Small hand-built requests and rendered prompts for the cache tests, so they do not depend on the
 * parsers or the tokenizer.
 */
import type { ContentPart, DynamicSpan, FormatId, Message, PromptRequest, Role, TextPiece, ToolDefinition } from '../../../src/core/model';
import type { BreakpointPoint, DynamicPoint, RenderedPrompt } from '../../../src/core/tokens/rendered';

export interface MessageSpec {
  role: Role;
  text: string;
  /** Template spans as [substring, name]; the first occurrence is marked. */
  variables?: [string, string][];
}

export interface ToolSpec {
  name: string;
  description: string;
  variables?: [string, string][];
  blockSpans?: [string, string][];
}

function spansFor(text: string, variables: [string, string][] = [], kind: DynamicSpan['kind'] = 'template-variable'): DynamicSpan[] {
  return variables.map(([needle, name]) => {
    const start = text.indexOf(needle);
    if (start < 0) throw new Error(`helper: "${needle}" not in text`);
    return { start, end: start + needle.length, kind, name };
  });
}

function emptyRequest(format: FormatId): PromptRequest {
  return {
    format,
    api: 'chat',
    tools: [],
    messages: [],
    parameters: {},
    variables: [],
    testData: [],
    issues: [],
  };
}

/**
 * A Prompty-like text file: role lines followed by raw text, so every piece is a verbatim slice of
 * `source`. Tools are laid out first as `tool <name>: <description>` lines.
 */
export function buildTextRequest(
  messages: MessageSpec[],
  options: { format?: FormatId; tools?: ToolSpec[] } = {},
): { request: PromptRequest; source: string } {
  const request = emptyRequest(options.format ?? 'prompty');
  let source = '';
  for (const tool of options.tools ?? []) {
    source += `tool ${tool.name}: `;
    const start = source.length;
    source += tool.description;
    const piece: TextPiece = {
      text: tool.description,
      range: { start, end: source.length },
      dynamic: [...spansFor(tool.description, tool.variables), ...spansFor(tool.description, tool.blockSpans, 'template-block')],
    };
    const definition: ToolDefinition = {
      type: 'function',
      name: tool.name,
      description: tool.description,
      range: { start: start - tool.name.length - 7, end: source.length },
      dynamic: [],
      piece,
    };
    request.tools.push(definition);
    source += '\n';
  }
  for (const spec of messages) {
    const messageStart = source.length;
    source += `${spec.role}:\n`;
    const start = source.length;
    source += spec.text;
    const piece: TextPiece = { text: spec.text, range: { start, end: source.length }, dynamic: spansFor(spec.text, spec.variables) };
    const part: ContentPart = { type: 'text', piece, range: piece.range };
    const message: Message = {
      role: spec.role,
      parts: [part],
      range: { start: messageStart, end: source.length },
      roleRange: { start: messageStart, end: messageStart + spec.role.length },
    };
    request.messages.push(message);
    source += '\n\n';
  }
  return { request, source };
}

/** Decodes the JSON string literal whose opening quote is at `quote`: text and per-unit source offsets. */
function decodeJsonString(source: string, quote: number): { text: string; offsets: number[]; end: number } {
  let text = '';
  const offsets: number[] = [];
  let i = quote + 1;
  while (source[i] !== '"') {
    offsets.push(i);
    if (source[i] === '\\') {
      const c = source[i + 1];
      if (c === 'u') {
        text += String.fromCharCode(parseInt(source.slice(i + 2, i + 6), 16));
        i += 6;
      } else {
        text += ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' } as Record<string, string>)[c] ?? c;
        i += 2;
      }
    } else {
      text += source[i];
      i += 1;
    }
  }
  offsets.push(i);
  return { text, offsets, end: i };
}

/** An OpenAI Chat Completions request JSON with text messages; pieces point inside the quotes. */
export function buildJsonChatRequest(messages: MessageSpec[], model = 'gpt-4o'): { request: PromptRequest; source: string } {
  const source = JSON.stringify({ model, messages: messages.map((m) => ({ role: m.role, content: m.text })) }, null, 2);
  const request = emptyRequest('openai-chat');
  request.model = { name: model, range: null };
  let cursor = 0;
  for (const spec of messages) {
    const key = source.indexOf('"content": "', cursor);
    const quote = key + '"content": '.length;
    const decoded = decodeJsonString(source, quote);
    cursor = decoded.end;
    const start = quote + 1;
    const verbatim = source.slice(start, decoded.end) === decoded.text;
    const piece: TextPiece = {
      text: decoded.text,
      range: { start, end: decoded.end },
      ...(verbatim ? {} : { offsets: decoded.offsets }),
      dynamic: spansFor(decoded.text, spec.variables),
    };
    request.messages.push({
      role: spec.role,
      parts: [{ type: 'text', piece, range: piece.range }],
      range: null,
      roleRange: null,
    });
  }
  return { request, source };
}

/** Lorem-like filler of about `words` words; each word is a short common English word. */
export function filler(words: number): string {
  const vocabulary = ['the', 'model', 'answers', 'questions', 'about', 'orders', 'with', 'care', 'and', 'detail'];
  return Array.from({ length: words }, (_, i) => vocabulary[i % vocabulary.length]).join(' ');
}

export interface RenderedSpec {
  total: number;
  model?: string;
  dynamicAt?: number[];
  breakpoints?: Partial<BreakpointPoint>[];
  blockCount?: number;
}

/** A rendered prompt of `total` tokens with ids 0..total-1, dynamic points and breakpoints as given. */
export function fakeRendered(spec: RenderedSpec): RenderedPrompt {
  const ids = new Uint32Array(spec.total).map((_, i) => i);
  const dynamicPoints: DynamicPoint[] = (spec.dynamicAt ?? []).map((tokenIndex) => ({
    tokenIndex,
    sourceOffset: -1,
    kind: 'template-variable',
    name: `var@${tokenIndex}`,
  }));
  const breakpoints: BreakpointPoint[] = (spec.breakpoints ?? []).map((b, i) => ({
    tokenEnd: b.tokenEnd ?? spec.total,
    blockIndex: b.blockIndex ?? i,
    ttl: b.ttl ?? '5m',
    range: null,
    automatic: b.automatic ?? false,
  }));
  return {
    model: spec.model ?? 'gpt-4o',
    encoding: 'o200k_base',
    estimate: false,
    ids,
    sourceOffsets: new Int32Array(spec.total).fill(-1),
    segments: [],
    dynamicPoints,
    breakpoints,
    blockCount: spec.blockCount ?? Math.max(1, breakpoints.length),
    imageTokens: 0,
    total: spec.total,
  };
}

/** Token ids `[...shared, ...tail]` where the shared prefix is 0..sharedLength-1 and the tail is unique per `salt`. */
export function tokens(sharedLength: number, tailLength: number, salt: number): Uint32Array {
  const ids = new Uint32Array(sharedLength + tailLength);
  for (let i = 0; i < sharedLength; i++) ids[i] = i;
  for (let i = 0; i < tailLength; i++) ids[sharedLength + i] = 1_000_000 + salt * 100_000 + i;
  return ids;
}

/** The text piece of a message's first part (the helpers build one text part per message). */
export function firstTextPiece(message: Message): TextPiece {
  const part = message.parts[0];
  if (part.type !== 'text') throw new Error('helper: first part is not text');
  return part.piece;
}
