import type { SourceRange, TextPiece } from '../model';
import { findTemplateComments, findTemplateSpans, type TemplateSyntax } from './templates';

/** A piece that is a verbatim slice of the source. */
export function slicePiece(source: string, start: number, end: number): TextPiece {
  return { text: source.slice(start, end), range: { start, end }, dynamic: [] };
}

/** Source offset of text index `i` (i may equal text.length); -1 when the piece is synthetic. */
export function sourceOffsetOf(piece: TextPiece, i: number): number {
  if (!piece.range) return -1;
  if (piece.offsets) return piece.offsets[i];
  return piece.range.start + i;
}

/**
 * The source range of text units [from, to) of a piece, null for a synthetic piece. Units of a text
 * built from parts come from different places (`"{}".format(x)`: x's units from the argument, the
 * end from the template before it): the range is then the one around the units themselves.
 */
export function sourceRangeOf(piece: TextPiece, from: number, to: number): SourceRange | null {
  if (!piece.range) return null;
  if (!piece.offsets) return { start: piece.range.start + from, end: piece.range.start + to };
  let start = piece.offsets[from];
  let end = piece.offsets[to];
  if (start < 0) return null;
  for (let i = from; i < to; i++) {
    const at = piece.offsets[i];
    if (at < 0) continue;
    if (at < start) start = at;
    if (at >= end) end = at + 1;
  }
  return { start, end: Math.max(start, end) };
}

/** Builds a piece from decoded text and the source offset of each unit (plus the end offset). */
export function pieceFromOffsets(text: string, offsets: number[] | Int32Array, source: string): TextPiece {
  const start = offsets[0];
  const end = offsets[offsets.length - 1];
  const verbatim = source.slice(start, end) === text;
  return { text, range: { start, end }, ...(verbatim ? {} : { offsets }), dynamic: [] };
}

/** Text indices [from, to) of a piece as a new piece, dynamic spans clipped and shifted. */
export function subPiece(piece: TextPiece, from: number, to: number): TextPiece {
  const text = piece.text.slice(from, to);
  const dynamic = piece.dynamic
    .filter((d) => d.start >= from && d.end <= to)
    .map((d) => ({ ...d, start: d.start - from, end: d.end - from }));
  if (!piece.range) return { text, range: null, dynamic };
  const start = sourceOffsetOf(piece, from);
  const end = sourceOffsetOf(piece, to);
  if (!piece.offsets) return { text, range: { start, end }, dynamic };
  const offsets = piece.offsets.slice(from, to + 1);
  const verbatim = offsets.every((o, i) => o === start + i);
  return { text, range: { start, end }, ...(verbatim ? {} : { offsets }), dynamic };
}

/** The piece without leading and trailing whitespace. */
export function trimPiece(piece: TextPiece): TextPiece {
  const from = piece.text.length - piece.text.trimStart().length;
  const to = piece.text.trimEnd().length;
  return to <= from ? subPiece(piece, from, from) : subPiece(piece, from, to);
}

/** The piece with text ranges cut out; offsets keep every remaining unit pointing at its source. */
export function removeRanges(piece: TextPiece, cuts: { start: number; end: number }[]): TextPiece {
  if (cuts.length === 0) return piece;
  let text = '';
  const offsets: number[] = [];
  let cursor = 0;
  for (const cut of cuts) {
    for (let i = cursor; i < cut.start; i++) offsets.push(sourceOffsetOf(piece, i));
    text += piece.text.slice(cursor, cut.start);
    cursor = cut.end;
  }
  for (let i = cursor; i < piece.text.length; i++) offsets.push(sourceOffsetOf(piece, i));
  text += piece.text.slice(cursor);
  offsets.push(sourceOffsetOf(piece, piece.text.length));
  const range: SourceRange | null = piece.range ? { start: piece.range.start, end: piece.range.end } : null;
  return { text, range, ...(range ? { offsets } : {}), dynamic: [] };
}

/**
 * The piece with each `\r\n` read as `\n`, for formats whose runtime reads the file in text mode
 * (Prompty's Python runtime): the request it sends has `\n` line breaks whatever the file has.
 */
export function withUnixLineBreaks(piece: TextPiece): TextPiece {
  const cuts: { start: number; end: number }[] = [];
  for (let i = piece.text.indexOf('\r\n'); i !== -1; i = piece.text.indexOf('\r\n', i + 2)) cuts.push({ start: i, end: i + 1 });
  return removeRanges(piece, cuts);
}

/**
 * Marks the template spans of a piece. Template comments are removed from the text, because the
 * renderer deletes them before the request is sent; the offsets still lead back to the file.
 */
export function applyTemplate(piece: TextPiece, syntax: TemplateSyntax): TextPiece {
  const comments = findTemplateComments(piece.text, syntax);
  const cleaned = removeRanges(piece, comments);
  return { ...cleaned, dynamic: findTemplateSpans(cleaned.text, syntax) };
}
