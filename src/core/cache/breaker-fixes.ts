import type { FormatId, PromptRequest, SourceRange, TextPiece } from '../model';
import { lastUserMessageIndex, pieceSourceOffset, type LocatedPiece } from './prompt-pieces';

export interface TextEdit {
  /** Source range to replace (empty for an insertion), in the original text's offsets. */
  range: SourceRange;
  newText: string;
}

export interface BreakerFix {
  description: string;
  /** Non-overlapping edits, all in the original text's offsets (apply from last to first). */
  edits: TextEdit[];
}

/** How text is written back into the field that holds it. */
interface FieldWriting {
  /** Decoded text -> source text for this field. */
  encode: (text: string) => string;
  /** The edit that appends `line` as a line of its own at the end of the field, or undefined. */
  append?: (line: string) => TextEdit | undefined;
}

interface FormatWriting {
  /**
   * How a variable the application fills in is written; absent where nothing fills one in (request
   * JSON is sent as it is: a `{{name}}` would reach the model as written).
   */
  variable?: (name: string) => string;
  /** The writing of the field holding `piece`; `source` is the file's text, when known. */
  field: (piece: TextPiece, source: string | undefined) => FieldWriting | undefined;
}

/** Where the text of a piece ends, and whether it already ends a line. */
function pieceEnd(piece: TextPiece): { offset: number; endsWithNewline: boolean } {
  // Read back from the end: a regular expression anchored at the end tries every space of the
  // text, and this runs once per finding (16,000 dated lines took seconds).
  const text = piece.text;
  let end = text.length;
  while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  return { offset: pieceSourceOffset(piece, text.length), endsWithNewline: end === 0 || text[end - 1] === '\n' };
}

/** Appends a line after the field's last text, written with `encode`. */
function appendAtEnd(piece: TextPiece, encode: (text: string) => string): FieldWriting['append'] {
  return (line) => {
    const end = pieceEnd(piece);
    if (end.offset < 0) return undefined;
    const text = end.endsWithNewline ? `${line}\n` : `\n\n${line}`;
    return { range: { start: end.offset, end: end.offset }, newText: encode(text) };
  };
}

/** What `encode` returns for text the field cannot hold. */
const UNWRITABLE = '\u0000';

const encodeJson = (text: string) => JSON.stringify(text).slice(1, -1);
const verbatim = (text: string) => text;

const JSON_STRING: FormatWriting = {
  field: (piece) => ({ encode: encodeJson, append: appendAtEnd(piece, encodeJson) }),
};

const RAW_TEXT: FormatWriting = {
  variable: (name) => `{{${name}}}`,
  field: (piece) => ({ encode: verbatim, append: appendAtEnd(piece, verbatim) }),
};

/**
 * A YAML scalar: text inside a line is written as is (or escaped in a double-quoted scalar); a line
 * is appended to a block scalar (`|`, `>`) at its indentation, or to a double-quoted one with `\n`
 * escapes. Plain and single-quoted scalars take no appended line (a `: ` would end them).
 */
function yamlField(piece: TextPiece, source: string | undefined): FieldWriting | undefined {
  if (!source || !piece.range) return undefined;
  const start = piece.range.start;
  const quote = source[start - 1];
  if (quote === '"') return { encode: encodeJson, append: appendAtEnd(piece, encodeJson) };
  if (quote === "'") return { encode: (text) => (text.includes('\n') ? UNWRITABLE : text.replace(/'/g, "''")) };
  const lineStart = source.lastIndexOf('\n', start - 1) + 1;
  const header = source.slice(Math.max(0, source.lastIndexOf('\n', lineStart - 2) + 1), Math.max(0, lineStart - 1));
  const indicator = /[:-][ \t]*([|>])[+-]?\d?[ \t]*(?:#.*)?$/.exec(header);
  const indent = source.slice(lineStart, start);
  const isBlock = indicator !== null && lineStart < start && /^[ \t]+$/.test(indent);
  if (!isBlock) return { encode: (text) => (/\n|: | #/.test(text) ? UNWRITABLE : text) };
  const folded = indicator[1] === '>';
  return {
    encode: (text) => text.replace(/\n(?=[^\n])/g, `\n${indent}`),
    append: (line) => {
      const lastChar = piece.text.replace(/\s+$/, '').length;
      const offset = pieceSourceOffset(piece, lastChar);
      if (offset < 0 || lastChar === 0) return undefined;
      return { range: { start: offset, end: offset }, newText: `${folded ? '\n\n' : '\n'}${indent}${line}` };
    },
  };
}

const YAML: FormatWriting = { variable: (name) => `{{${name}}}`, field: yamlField };

/** How to write text back into each format. */
const WRITING: Record<FormatId, FormatWriting> = {
  'openai-chat': JSON_STRING,
  'openai-responses': JSON_STRING,
  'anthropic-messages': JSON_STRING,
  prompty: RAW_TEXT,
  'plain-text': RAW_TEXT,
  'github-models': YAML,
  'vscode-prompt': { variable: (name) => `\${input:${name}}`, field: RAW_TEXT.field },
};

/** The last text part of the last user message, where per-request values go. */
function lastUserText(request: PromptRequest): TextPiece | undefined {
  const index = lastUserMessageIndex(request);
  if (index < 0) return undefined;
  const parts = request.messages[index].parts;
  for (let i = parts.length - 1; i >= 0; i--) {
    const part = parts[i];
    if (part.type === 'text' && part.piece.range) return part.piece;
  }
  return undefined;
}

/**
 * The edit that adds `line` as a line of its own at the end of the system (or developer) message's
 * text, as the file writes it; undefined where there is none or the field cannot take it.
 */
export function appendToSystemText(request: PromptRequest, source: string | undefined, line: string): TextEdit | undefined {
  const system = request.messages.find((m) => m.role === 'system' || m.role === 'developer');
  const parts = system?.parts ?? [];
  const target = [...parts].reverse().find((p): p is Extract<typeof p, { type: 'text' }> => p.type === 'text' && p.piece.range !== null)?.piece;
  if (!target) return undefined;
  const edit = WRITING[request.format].field(target, source)?.append?.(line);
  return edit && !edit.newText.includes(UNWRITABLE) ? edit : undefined;
}

/** An edit that appends a line at the end of the last user message's text (the end of the prompt). */
export function appendLine(request: PromptRequest, source: string | undefined, line: string): TextEdit | undefined {
  const target = lastUserText(request);
  if (!target) return undefined;
  const edit = WRITING[request.format].field(target, source)?.append?.(line);
  return edit && !edit.newText.includes(UNWRITABLE) ? edit : undefined;
}

function sourceRangeOf(located: LocatedPiece, start: number, end: number): SourceRange | undefined {
  const from = pieceSourceOffset(located.piece, start);
  const to = pieceSourceOffset(located.piece, end);
  return from >= 0 && to >= from ? { start: from, end: to } : undefined;
}

/**
 * The text to cut so that `[start, end)` leaves without a trace: with the spaces after it when the
 * line goes on, with its line break when nothing else is on the line (no blank line left behind).
 */
function cutAround(text: string, start: number, end: number): { start: number; end: number } {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const newline = text.indexOf('\n', end);
  const lineEnd = newline < 0 ? text.length : newline;
  const before = text.slice(lineStart, start);
  const after = text.slice(end, lineEnd);
  if (after.trim() !== '') return { start, end: end + (after.length - after.trimStart().length) };
  if (before.trim() !== '') return { start: start - (before.length - before.trimEnd().length), end: lineEnd };
  if (newline >= 0) return { start: lineStart, end: newline + 1 };
  return { start: lineStart > 0 ? lineStart - 1 : lineStart, end: lineEnd };
}

/** Edits that change nothing between each other: no edit starts inside another. */
function disjoint(edits: readonly TextEdit[]): boolean {
  const sorted = [...edits].sort((a, b) => a.range.start - b.range.start);
  return sorted.every((e, i) => i === 0 || e.range.start >= sorted[i - 1].range.end);
}

/**
 * Moves `[start, end)` of a piece (a labelled line's per-request part, a literal with its label, a
 * variable) to the end of the last user message, out of the cached prefix. The rest of the line
 * stays where it is.
 */
export function moveTextFix(
  request: PromptRequest,
  located: LocatedPiece,
  start: number,
  end: number,
  source?: string,
): BreakerFix | undefined {
  const field = WRITING[request.format].field(located.piece, source);
  if (!field) return undefined;
  const text = located.piece.text;
  const moved = text.slice(start, end).trim();
  const span = cutAround(text, start, end);
  const cut = sourceRangeOf(located, span.start, span.end);
  const append = appendLine(request, source, moved);
  if (!cut || !append || !disjoint([{ range: cut, newText: '' }, append])) return undefined;
  const insideCut = append.range.start > cut.start && append.range.start < cut.end;
  if (insideCut) return undefined;
  return {
    description: `Move "${shorten(moved)}" to the end of the last user message, out of the cached prefix`,
    edits: [{ range: cut, newText: '' }, append],
  };
}

function shorten(text: string): string {
  return text.length <= 40 ? text : `${text.slice(0, 37)}…`;
}

/**
 * Replaces `[start, end)` with a pointer (`[current date: see the last message]`) and appends
 * `Label: value` at the end of the last user message, where per-request values belong.
 */
function pointerFix(
  request: PromptRequest,
  located: LocatedPiece,
  span: { start: number; end: number },
  label: string,
  value: string,
  description: string,
  source: string | undefined,
): BreakerFix | undefined {
  const field = WRITING[request.format].field(located.piece, source);
  if (!field) return undefined;
  const literal = sourceRangeOf(located, span.start, span.end);
  const append = appendLine(request, source, `${label}: ${value}`);
  const pointer = field.encode(`[${label.toLowerCase()}: see the last message]`);
  if (!literal || !append || pointer.includes(UNWRITABLE)) return undefined;
  if (append.range.start > literal.start && append.range.start < literal.end) return undefined;
  return { description, edits: [{ range: literal, newText: pointer }, append] };
}

/**
 * A literal date or timestamp: in a template, replaced with a pointer to a variable the application
 * supplies at the end of the last user message; in request JSON, which no template engine fills
 * in, the sentence that holds it moves there as written.
 */
export function perRequestLiteralFix(
  request: PromptRequest,
  located: LocatedPiece,
  start: number,
  end: number,
  variableName: string,
  label: string,
  source?: string,
): BreakerFix | undefined {
  const variable = WRITING[request.format].variable?.(variableName);
  if (variable === undefined) {
    const sentence = sentenceAround(located.piece.text, start, end);
    return moveTextFix(request, located, sentence.start, sentence.end, source);
  }
  const description = `Replace the literal with ${variable} supplied at the end of the last user message`;
  return pointerFix(request, located, { start, end }, label, variable, description, source);
}

/** A sentence ends and another begins: `. You`, `! Then`. */
const SENTENCE_BREAK = /[.!?][ \t]+(?=[A-Z])/g;

/** The sentence of its line that holds `[start, end)`: `Session started 2026-03-14T09:12:33Z.` */
function sentenceAround(text: string, start: number, end: number): { start: number; end: number } {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const newline = text.indexOf('\n', end);
  const lineEnd = newline < 0 ? text.length : newline;
  let from = lineStart;
  for (const m of text.slice(lineStart, start).matchAll(SENTENCE_BREAK)) from = lineStart + m.index + m[0].length;
  SENTENCE_BREAK.lastIndex = end;
  const next = SENTENCE_BREAK.exec(text);
  return { start: from, end: next && next.index < lineEnd ? next.index + 1 : lineEnd };
}

/** Moves a template variable to the end of the last user message, leaving a pointer where it was. */
export function variableToEndFix(
  request: PromptRequest,
  located: LocatedPiece,
  span: { start: number; end: number; name: string },
  source?: string,
): BreakerFix | undefined {
  const written = located.piece.text.slice(span.start, span.end);
  const description = `Move ${written} to the end of the last user message, out of the cached prefix`;
  return pointerFix(request, located, span, span.name, written, description, source);
}

/** Applies edits made in one text's offsets (last first, so earlier offsets stay valid). */
export function applyEdits(source: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.range.start - a.range.start || b.range.end - a.range.end);
  let out = source;
  for (const edit of sorted) out = out.slice(0, edit.range.start) + edit.newText + out.slice(edit.range.end);
  return out;
}

/**
 * The edits of several fixes as one change ("fix all"): fixes that cut text another fix already cuts
 * are left out, and lines appended at one place are appended one after the other, in order.
 */
export function combineFixes(fixes: readonly BreakerFix[]): TextEdit[] {
  const cuts: TextEdit[] = [];
  const inserts = new Map<number, string>();
  const overlaps = (range: SourceRange) => cuts.some((c) => range.start < c.range.end && c.range.start < range.end);
  for (const fix of fixes) {
    const ownCuts = fix.edits.filter((e) => e.range.end > e.range.start);
    if (ownCuts.some((e) => overlaps(e.range))) continue;
    cuts.push(...ownCuts);
    for (const e of fix.edits) {
      if (e.range.end > e.range.start) continue;
      inserts.set(e.range.start, (inserts.get(e.range.start) ?? '') + e.newText);
    }
  }
  const insertEdits = [...inserts].map(([offset, newText]) => ({ range: { start: offset, end: offset }, newText }));
  return [...cuts, ...insertEdits].filter((e) => !overlaps(e.range) || e.range.end > e.range.start);
}
