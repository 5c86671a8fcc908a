import type { PromptRequest } from '../model';
import type { RenderedPrompt } from '../tokens/rendered';
import { piecesInCacheOrder, pieceSourceOffset, type LocatedPiece } from './prompt-pieces';

/** Rough characters per token, used when no rendered prompt is at hand. */
const CHARS_PER_TOKEN = 4;

export interface TokenPosition {
  tokenIndex: number;
  /** True when counted from characters, not from the rendered tokens. */
  estimated: boolean;
}

/** Finds the token index of a place in a piece: exactly from a rendered prompt, else by estimate. */
export type TokenLocator = (located: LocatedPiece, textIndex: number) => TokenPosition;

/** Token whose text starts at or before `offset`, among the tokens rendered from `range`. */
function renderedTokenAt(rendered: RenderedPrompt, rangeStart: number, rangeEnd: number, offset: number): number {
  let best = -1;
  let bestOffset = -1;
  const offsets = rendered.sourceOffsets;
  for (let i = 0; i < offsets.length; i++) {
    const o = offsets[i];
    if (o < rangeStart || o > rangeEnd || o > offset) continue;
    if (o > bestOffset) {
      best = i;
      bestOffset = o;
    }
  }
  return best;
}

export function tokenLocator(request: PromptRequest, rendered?: RenderedPrompt): TokenLocator {
  const order = piecesInCacheOrder(request);
  const charsBefore = new Map<LocatedPiece['piece'], number>();
  let chars = 0;
  for (const located of order) {
    charsBefore.set(located.piece, chars);
    chars += located.piece.text.length;
  }
  const estimate = (located: LocatedPiece, textIndex: number): TokenPosition => ({
    tokenIndex: Math.floor(((charsBefore.get(located.piece) ?? 0) + textIndex) / CHARS_PER_TOKEN),
    estimated: true,
  });
  return (located, textIndex) => {
    const range = located.piece.range;
    const offset = pieceSourceOffset(located.piece, textIndex);
    if (!rendered || !range || offset < 0) return estimate(located, textIndex);
    const token = renderedTokenAt(rendered, range.start, range.end, offset);
    return token >= 0 ? { tokenIndex: token, estimated: false } : estimate(located, textIndex);
  };
}
