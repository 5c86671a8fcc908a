/**
 * Text pieces of a request with some of their dynamic spans replaced by values: template variables
 * filled in from a row, per-request values given a run's own. Replaced text keeps the source offset
 * of the span it replaced, so positions still lead back to the file.
 */
import type { ContentPart, DynamicSpan, Message, PromptRequest, TextPiece } from './model';

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
