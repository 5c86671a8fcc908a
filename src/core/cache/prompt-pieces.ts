import type { PromptRequest, TextPiece } from '../model';
import { shortText } from '../labels';

/** Where a piece of text sits in the request, in the provider's cache order. */
export type PieceSection = 'tool' | 'schema' | 'instructions' | 'system' | 'message';

export interface LocatedPiece {
  piece: TextPiece;
  section: PieceSection;
  /** Tool index, system block index or message index, by section. */
  index: number;
  /** Content-part index inside a message or the system blocks; -1 for tool calls and whole pieces. */
  partIndex: number;
  /** Message role, for messages. */
  role?: string;
  /** For people: `tool get_weather`, `system`, `user #3`. */
  label: string;
  /** A plain text field (text part, instructions), as opposed to JSON of a tool, schema or block. */
  textField: boolean;
}

/** Whether the text of a section is the fixed preamble of a prompt (system prompt, tools, schema). */
export function isPreambleSection(located: LocatedPiece): boolean {
  if (located.section !== 'message') return true;
  return located.role === 'system' || located.role === 'developer';
}

/**
 * Every text piece of a request in the order the provider's cache sees it: tools, response
 * schema, instructions, system blocks, messages (parts, then tool calls).
 */
export function piecesInCacheOrder(request: PromptRequest): LocatedPiece[] {
  const out: LocatedPiece[] = [];
  request.tools.forEach((tool, index) => {
    out.push({ piece: tool.piece, section: 'tool', index, partIndex: -1, label: `tool ${shortText(tool.name)}`, textField: false });
  });
  if (request.responseFormat) {
    out.push({
      piece: request.responseFormat.piece,
      section: 'schema',
      index: 0,
      partIndex: -1,
      label: 'response schema',
      textField: false,
    });
  }
  if (request.instructions) {
    out.push({
      piece: request.instructions,
      section: 'instructions',
      index: 0,
      partIndex: -1,
      label: 'instructions',
      textField: true,
    });
  }
  request.system?.forEach((part, partIndex) => {
    if (part.type === 'image' || part.type === 'audio') return;
    out.push({ piece: part.piece, section: 'system', index: 0, partIndex, label: 'system', textField: part.type === 'text' });
  });
  const roleCounts = new Map<string, number>();
  request.messages.forEach((message, index) => {
    const count = (roleCounts.get(message.role) ?? 0) + 1;
    roleCounts.set(message.role, count);
    const label = count === 1 ? message.role : `${message.role} #${count}`;
    message.parts.forEach((part, partIndex) => {
      if (part.type === 'image' || part.type === 'audio') return;
      out.push({
        piece: part.piece,
        section: 'message',
        index,
        partIndex,
        role: message.role,
        label,
        textField: part.type === 'text',
      });
    });
    if (message.toolCalls) {
      out.push({
        piece: message.toolCalls,
        section: 'message',
        index,
        partIndex: -1,
        role: message.role,
        label,
        textField: false,
      });
    }
  });
  return out;
}

/** Index of the last user message, or -1. */
export function lastUserMessageIndex(request: PromptRequest): number {
  for (let i = request.messages.length - 1; i >= 0; i--) {
    if (request.messages[i].role === 'user') return i;
  }
  return -1;
}

/** Source offset of text index `i` of a piece (i may equal text.length); -1 when synthetic. */
export function pieceSourceOffset(piece: TextPiece, i: number): number {
  if (!piece.range) return -1;
  if (piece.offsets) return piece.offsets[i] ?? -1;
  return piece.range.start + i;
}
