/**
 * The `input` of a Responses request file as the file writes it, with the run's variable values
 * filled in. Rebuilding items from the request model would lose what the model does not keep (an
 * item's `id` and `status`, item references, a tool output's list form, a file's fields), and the
 * API counts and checks those: so a Responses body built from a Responses file takes its items from
 * the file's text, and only the texts the template changed are written back into it.
 */
import type { Message, PromptRequest, TextPiece } from '../core/model';

type Json = Record<string, unknown>;

/** The file's `input` items, one per message of the request plus the item references between them. */
export interface WrittenInput {
  /** The `input` value as written: an array of items, or a single string. */
  input: Json[] | string;
  /** The item each message of the request was read from, in the request's message order. */
  itemOf: Map<Message, Json>;
}

/** Whether an item only names one the API stored (the parser reads no message from it). */
export function isItemReference(item: Json): boolean {
  const keys = Object.keys(item);
  return item.type === 'item_reference' || (keys.length === 1 && keys[0] === 'id');
}

/** Every text piece a message carries, where the template may have filled something in. */
function piecesOf(message: Message): TextPiece[] {
  const pieces = message.parts.flatMap((part) => (part.type === 'text' || part.type === 'other' ? [part.piece] : []));
  return message.toolCalls ? [...pieces, message.toolCalls] : pieces;
}

/**
 * `source` with each piece's text written over the span it was read from: inside a JSON string's
 * quotes as an escaped string body, anywhere else (an item or block kept as its JSON) as is. A piece
 * that still reads as the span it came from is left alone.
 */
function withPiecesWritten(source: string, pieces: TextPiece[]): string {
  const placed = pieces
    .filter((piece): piece is TextPiece & { range: { start: number; end: number } } => piece.range !== null && piece.range.end <= source.length)
    .sort((a, b) => a.range.start - b.range.start);
  const out: string[] = [];
  let cursor = 0;
  for (const piece of placed) {
    const { start, end } = piece.range;
    if (start < cursor) continue;
    const span = source.slice(start, end);
    if (!piece.offsets && span === piece.text) continue;
    const inString = source[start - 1] === '"' && source[end] === '"';
    out.push(source.slice(cursor, start), inString ? JSON.stringify(piece.text).slice(1, -1) : piece.text);
    cursor = end;
  }
  out.push(source.slice(cursor));
  return out.join('');
}

/**
 * The written `input` of a Responses request file, or undefined when the request was not read from
 * this text (another format, a call in source code, a text edited since), so the caller falls back
 * to building items from the model.
 */
export function writtenInput(request: PromptRequest, sourceText: string | undefined): WrittenInput | undefined {
  if (request.format !== 'openai-responses' || !sourceText || !sourceText.trimStart().startsWith('{')) return undefined;
  let root: unknown;
  try {
    root = JSON.parse(withPiecesWritten(sourceText, request.messages.flatMap(piecesOf)));
  } catch {
    return undefined;
  }
  const input = (root as Json | null)?.input;
  if (typeof input === 'string') {
    if (request.messages.length !== 1) return undefined;
    return { input, itemOf: new Map([[request.messages[0], { role: 'user', content: input }]]) };
  }
  if (!Array.isArray(input) || input.some((item) => typeof item !== 'object' || item === null || Array.isArray(item))) return undefined;
  const items = input as Json[];
  const read = items.filter((item) => !isItemReference(item));
  if (read.length !== request.messages.length) return undefined;
  return { input: items, itemOf: new Map(request.messages.map((message, i) => [message, read[i]])) };
}
