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

/** A span that was replaced: the span as it was, the text it covered and the value sent in its place. */
export interface ReplacedSpan {
  span: DynamicSpan;
  written: string;
  value: string;
}

/**
 * The spans to replace, earliest first, none overlapping. Spans nest (a labelled line
 * `Now: {datetime.now()}` holds the computed value): a span with a value wins over one without
 * that overlaps it, and of two overlapping spans with values the earlier (outer) one wins.
 */
function spansToReplace(spans: DynamicSpan[], values: (string | undefined)[]): number[] {
  const order = spans.map((_, k) => k).filter((k) => values[k] !== undefined);
  const chosen: number[] = [];
  for (const k of order) {
    const last = chosen[chosen.length - 1];
    if (last === undefined || spans[k].start >= spans[last].end) chosen.push(k);
  }
  return chosen;
}

/**
 * The piece with every span that has a value replaced, and what was replaced: only these values
 * reach the text sent. The replaced spans stay marked dynamic; the others keep their marks, moved
 * to the new text.
 */
export function replaceSpansReporting(piece: TextPiece, valueOf: SpanValue): { piece: TextPiece; replaced: ReplacedSpan[] } {
  const spans = [...piece.dynamic].sort((a, b) => a.start - b.start || b.end - a.end);
  const values = spans.map((span) => valueOf(span, piece.text.slice(span.start, span.end)));
  const chosen = spansToReplace(spans, values);
  if (chosen.length === 0) return { piece, replaced: [] };
  let text = '';
  const offsets: number[] = [];
  const replaced: ReplacedSpan[] = [];
  const replacedSpans: DynamicSpan[] = [];
  /** Old position → new position at each replaced span's edges, for moving the other marks. */
  const moves: { from: number; to: number; newStart: number; newEnd: number }[] = [];
  let cursor = 0;
  const copy = (from: number, to: number) => {
    for (let i = from; i < to; i++) offsets.push(offsetAt(piece, i));
    text += piece.text.slice(from, to);
  };
  for (const k of chosen) {
    const span = spans[k];
    const value = values[k] as string;
    copy(cursor, span.start);
    const start = text.length;
    text += value;
    for (let i = 0; i < value.length; i++) offsets.push(offsetAt(piece, span.start));
    replaced.push({ span, written: piece.text.slice(span.start, span.end), value });
    replacedSpans.push({ ...span, start, end: text.length });
    moves.push({ from: span.start, to: span.end, newStart: start, newEnd: text.length });
    cursor = span.end;
  }
  copy(cursor, piece.text.length);
  offsets.push(offsetAt(piece, piece.text.length));
  const moved = (at: number, edge: 'start' | 'end'): number => {
    let shift = 0;
    for (const move of moves) {
      if (at <= move.from) break;
      if (at < move.to) return edge === 'start' ? move.newStart : move.newEnd;
      shift = move.newEnd - move.to;
    }
    return at + shift;
  };
  const replacedSet = new Set(chosen.map((k) => spans[k]));
  const kept = spans
    .filter((span) => !replacedSet.has(span))
    .map((span) => ({ ...span, start: moved(span.start, 'start'), end: moved(span.end, 'end') }));
  const dynamic = [...replacedSpans, ...kept].sort((a, b) => a.start - b.start || b.end - a.end);
  return { piece: { text, range: piece.range, ...(piece.range ? { offsets } : {}), dynamic }, replaced };
}

/** The piece with every span that has a value replaced (see `replaceSpansReporting`). */
export function replaceSpans(piece: TextPiece, valueOf: SpanValue): TextPiece {
  return replaceSpansReporting(piece, valueOf).piece;
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
