/**
 * Small helpers the OpenAI renderers share: where text sits in a source piece, which messages are
 * system-like or have content, and how a file input is counted.
 */
import type { Message, TextPiece } from '../model';
import { FILE_INPUT_ESTIMATE, type OpenAIFraming, PDF_INPUT_ESTIMATE } from './openaiFraming';
import type { BlockCounter } from './renderContent';
import { base64Payload, pdfPageCount, pdfText } from '../formats/documentPages';
import type { Tokenizer } from './tokenizer';

export function pieceOffset(piece: TextPiece, index: number): number {
  if (!piece.range || index < 0) return -1;
  return piece.offsets ? (piece.offsets[index] ?? -1) : piece.range.start + index;
}

/** Where `needle` (or its JSON-escaped form) appears in the piece from `from` on, or -1. */
export function findInPiece(piece: TextPiece, needle: string, from: number): number {
  const direct = piece.text.indexOf(needle, from);
  if (direct !== -1) return direct;
  const escaped = JSON.stringify(needle).slice(1, -1);
  return escaped === needle ? -1 : piece.text.indexOf(escaped, from);
}

export const isSystemLike = (message: Message) => message.role === 'system' || message.role === 'developer';

export const hasContent = (message: Message) => message.parts.some((part) => part.type !== 'text' || part.piece.text.length > 0);

/**
 * A file input (Responses `input_file`, Chat `file`): the model reads a PDF as its extracted text
 * (and, OpenAI's file-inputs guide says, an image of each page, which recorded usage does not show
 * billed), other documents as their text. Neither is in the request as text: an inline PDF is
 * counted as the text its pages show plus the family's framing a page and once a message (the
 * counter is made per message), an estimate since the API's text extraction is not ours.
 */
export function openAIFileCounter(framing: OpenAIFraming, tokenizer: Tokenizer): BlockCounter {
  let pdfsSeen = 0;
  return (part) => {
    if (part.blockType !== 'input_file' && part.blockType !== 'file') return undefined;
    let record: Record<string, unknown> = {};
    try {
      const value = JSON.parse(part.piece.text) as Record<string, unknown>;
      record = (part.blockType === 'file' && value.file && typeof value.file === 'object' ? value.file : value) as Record<string, unknown>;
    } catch {
      return { tokens: 0, estimateReason: FILE_INPUT_ESTIMATE };
    }
    const data = typeof record.file_data === 'string' ? base64Payload(record.file_data) : '';
    const pages = data ? pdfPageCount(data) : undefined;
    if (pages !== undefined) {
      const text = tokenizer.count(pdfText(data));
      const once = pdfsSeen++ === 0 ? framing.pdfMessageTokens : 0;
      return { tokens: text + pages * framing.pdfPageTokens + once, estimateReason: PDF_INPUT_ESTIMATE };
    }
    return { tokens: 0, estimateReason: FILE_INPUT_ESTIMATE };
  };
}
