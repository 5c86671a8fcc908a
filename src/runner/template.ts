/**
 * Fills a prompt's template variables with one row of values, using the dynamic spans the parsers
 * already found (`{{ x }}`, `{{x}}`, `${input:x}`, `${x}`, `{x}`, `${env:X}`, `${selection}`).
 *
 * A span is replaced when the row has a value for its name; for editor variables (`${selection}`)
 * and references (`${env:HOME}`) the row key is the text between `${` and `}`, and the bare name
 * (`selection`) is accepted too. Spans without a value stay as written, as do Jinja or Mustache
 * blocks (`{% if %}`, `{{#each}}`): rendering control flow is beyond a test run, so the text sent is
 * what the file shows. Replaced text keeps the source offset of the span it replaced, so positions
 * still lead back to the file.
 */
import type { ContentPart, DynamicSpan, Message, PromptRequest, TextPiece } from '../core/model';

export type VariableRow = Record<string, string>;

/** The value for a span, or undefined when the row has none. */
function valueFor(span: DynamicSpan, row: VariableRow): string | undefined {
  if (span.kind === 'template-block' || span.kind === 'literal') return undefined;
  const candidates = [span.name];
  const inner = /^\$\{(.*)\}$/.exec(span.name)?.[1];
  if (inner !== undefined) candidates.push(inner);
  if (span.kind === 'env-reference' || span.kind === 'editor-variable') {
    const bare = (inner ?? span.name).split(':').pop();
    if (bare) candidates.push(bare);
  }
  for (const key of candidates) if (Object.hasOwn(row, key)) return row[key];
  return undefined;
}

function offsetAt(piece: TextPiece, i: number): number {
  if (!piece.range) return -1;
  return piece.offsets ? piece.offsets[i] : piece.range.start + i;
}

/** The value to send for a span (given the text it covers), or undefined to send it as written. */
export type SpanValue = (span: DynamicSpan, written: string) => string | undefined;

/** The piece with every span that has a value replaced; the replaced spans stay marked dynamic. */
export function replaceSpans(piece: TextPiece, valueOf: SpanValue): TextPiece {
  const spans = [...piece.dynamic].sort((a, b) => a.start - b.start);
  const values = spans.map((span) => valueOf(span, piece.text.slice(span.start, span.end)));
  if (values.every((value) => value === undefined)) return piece;
  let text = '';
  const offsets: number[] = [];
  const dynamic: DynamicSpan[] = [];
  let cursor = 0;
  const copy = (from: number, to: number) => {
    for (let i = from; i < to; i++) offsets.push(offsetAt(piece, i));
    text += piece.text.slice(from, to);
  };
  spans.forEach((span, k) => {
    if (span.start < cursor) return;
    copy(cursor, span.start);
    const value = values[k];
    const start = text.length;
    if (value === undefined) copy(span.start, span.end);
    else {
      text += value;
      for (let i = 0; i < value.length; i++) offsets.push(offsetAt(piece, span.start));
    }
    dynamic.push({ ...span, start, end: text.length });
    cursor = span.end;
  });
  copy(cursor, piece.text.length);
  offsets.push(offsetAt(piece, piece.text.length));
  return { text, range: piece.range, ...(piece.range ? { offsets } : {}), dynamic };
}

/** The piece with every span that has a value in `row` replaced. */
export function substitutePiece(piece: TextPiece, row: VariableRow): TextPiece {
  return replaceSpans(piece, (span) => valueFor(span, row));
}

function mapPart(part: ContentPart, map: (piece: TextPiece) => TextPiece): ContentPart {
  if (part.type === 'image' || part.type === 'audio') return part;
  return { ...part, piece: map(part.piece) };
}

function mapMessage(message: Message, map: (piece: TextPiece) => TextPiece): Message {
  return {
    ...message,
    parts: message.parts.map((part) => mapPart(part, map)),
    ...(message.toolCalls ? { toolCalls: map(message.toolCalls) } : {}),
  };
}

/**
 * The request with each text piece mapped: message text, instructions and system blocks. Tool
 * definitions and schemas are sent as parsed (their JSON is sent from the parsed values, not the text).
 */
export function mapRequestPieces(request: PromptRequest, map: (piece: TextPiece) => TextPiece): PromptRequest {
  return {
    ...request,
    messages: request.messages.map((message) => mapMessage(message, map)),
    ...(request.instructions ? { instructions: map(request.instructions) } : {}),
    ...(request.system ? { system: request.system.map((part) => mapPart(part, map)) } : {}),
  };
}

/** The request with `row` filled in (variables inside tool definitions are rare and would change their JSON). */
export function substituteRequest(request: PromptRequest, row: VariableRow): PromptRequest {
  return mapRequestPieces(request, (piece) => substitutePiece(piece, row));
}

/** Row values from the file itself: defaults and samples of its declared variables. */
export function defaultRow(request: PromptRequest): VariableRow {
  const row: VariableRow = {};
  for (const variable of request.variables) if (variable.defaultValue !== undefined) row[variable.name] = variable.defaultValue;
  return row;
}
