import type { FormatId, PromptRequest, SourceRange } from '../model';
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

interface FormatWriting {
  /** Decoded text -> source text for a text field of this format. */
  encode: (text: string) => string;
  /** How a variable the application fills in is written. */
  variable: (name: string) => string;
}

const JSON_STRING: FormatWriting = {
  encode: (text) => JSON.stringify(text).slice(1, -1),
  variable: (name) => `{{${name}}}`,
};

const RAW_TEXT: FormatWriting = { encode: (text) => text, variable: (name) => `{{${name}}}` };

/**
 * How to write text back into each format. YAML formats are left out: whether a scalar is plain,
 * quoted or a block (and its indentation) decides the encoding, so no mechanical edit is offered.
 */
const WRITING: Partial<Record<FormatId, FormatWriting>> = {
  'openai-chat': JSON_STRING,
  'openai-responses': JSON_STRING,
  'anthropic-messages': JSON_STRING,
  prompty: RAW_TEXT,
  'plain-text': RAW_TEXT,
  'vscode-prompt': { encode: (text) => text, variable: (name) => `\${input:${name}}` },
};

/** Where text can be appended at the end of the last user message, or undefined. */
function endOfLastUserMessage(request: PromptRequest): { offset: number; endsWithNewline: boolean } | undefined {
  const index = lastUserMessageIndex(request);
  if (index < 0) return undefined;
  const parts = request.messages[index].parts;
  for (let i = parts.length - 1; i >= 0; i--) {
    const part = parts[i];
    if (part.type !== 'text' || !part.piece.range) continue;
    const offset = pieceSourceOffset(part.piece, part.piece.text.length);
    const trimmed = part.piece.text.replace(/[ \t]+$/, '');
    return { offset, endsWithNewline: trimmed.endsWith('\n') || trimmed.length === 0 };
  }
  return undefined;
}

function appendLine(request: PromptRequest, writing: FormatWriting, line: string): TextEdit | undefined {
  const end = endOfLastUserMessage(request);
  if (!end || end.offset < 0) return undefined;
  const text = end.endsWithNewline ? `${line}\n` : `\n\n${line}`;
  return { range: { start: end.offset, end: end.offset }, newText: writing.encode(text) };
}

function sourceRangeOf(located: LocatedPiece, start: number, end: number): SourceRange | undefined {
  const from = pieceSourceOffset(located.piece, start);
  const to = pieceSourceOffset(located.piece, end);
  return from >= 0 && to >= from ? { start: from, end: to } : undefined;
}

/** Moves a whole `Label: value` line from the static prefix to the end of the last user message. */
export function moveLineFix(
  request: PromptRequest,
  located: LocatedPiece,
  lineStart: number,
  lineEnd: number,
): BreakerFix | undefined {
  const writing = WRITING[request.format];
  if (!writing) return undefined;
  const text = located.piece.text;
  const line = text.slice(lineStart, lineEnd);
  // Take the line break after the line, or before it when the line ends the text.
  const cut =
    text[lineEnd] === '\n'
      ? sourceRangeOf(located, lineStart, lineEnd + 1)
      : sourceRangeOf(located, lineStart > 0 && text[lineStart - 1] === '\n' ? lineStart - 1 : lineStart, lineEnd);
  const append = appendLine(request, writing, line.trim());
  const insideCut = append !== undefined && cut !== undefined && append.range.start > cut.start && append.range.start < cut.end;
  if (!cut || !append || insideCut) return undefined;
  return {
    description: 'Move this line to the end of the last user message, out of the cached prefix',
    edits: [{ range: cut, newText: '' }, append],
  };
}

/**
 * Replaces a literal date or timestamp with a pointer to a variable the application supplies at the
 * end of the last user message.
 */
export function literalToVariableFix(
  request: PromptRequest,
  located: LocatedPiece,
  start: number,
  end: number,
  variableName: string,
  label: string,
): BreakerFix | undefined {
  const writing = WRITING[request.format];
  if (!writing) return undefined;
  const literal = sourceRangeOf(located, start, end);
  const append = appendLine(request, writing, `${label}: ${writing.variable(variableName)}`);
  if (!literal || !append) return undefined;
  return {
    description: `Replace the literal with ${writing.variable(variableName)} supplied at the end of the last user message`,
    edits: [
      { range: literal, newText: writing.encode(`[${label.toLowerCase()}: see the last message]`) },
      append,
    ],
  };
}

/** Applies edits made in one text's offsets (last first, so earlier offsets stay valid). */
export function applyEdits(source: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.range.start - a.range.start || b.range.end - a.range.end);
  let out = source;
  for (const edit of sorted) out = out.slice(0, edit.range.start) + edit.newText + out.slice(edit.range.end);
  return out;
}
