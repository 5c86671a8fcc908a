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

/**
 * The tokens of a rendered prompt that have a source offset, ordered by offset and then by token
 * index, so each finding is placed by binary search instead of a scan over every token.
 */
interface OffsetIndex {
  /** Token indices, sorted by (source offset, token index). */
  tokens: Int32Array;
  /** `sourceOffsets[tokens[k]]`, in the same order. */
  offsets: Int32Array;
}

/** One index per rendered prompt, built on first use (a prompt is never modified once built). */
const indexes = new WeakMap<RenderedPrompt, OffsetIndex>();

function offsetIndex(rendered: RenderedPrompt): OffsetIndex {
  const cached = indexes.get(rendered);
  if (cached) return cached;
  const all = rendered.sourceOffsets;
  // One pass keeps the tokens with an offset, in rendered order: usually already the file's order.
  const kept = new Int32Array(all.length);
  const keptOffsets = new Int32Array(all.length);
  let count = 0;
  let ordered = true;
  let previous = -1;
  for (let i = 0; i < all.length; i++) {
    const o = all[i];
    if (o < 0) continue;
    if (o < previous) ordered = false;
    previous = o;
    kept[count] = i;
    keptOffsets[count++] = o;
  }
  const tokens = kept.subarray(0, count);
  const offsets = keptOffsets.subarray(0, count);
  if (!ordered && !mergeRuns(tokens, offsets)) {
    // Tools and other sections can be rendered in a different order than they are written: sort
    // (offset, index) pairs packed into one number, which typed arrays sort natively.
    const keys = new Float64Array(count);
    for (let j = 0; j < count; j++) keys[j] = offsets[j] * 2 ** 24 + tokens[j];
    keys.sort();
    for (let j = 0; j < count; j++) {
      tokens[j] = keys[j] % 2 ** 24;
      offsets[j] = all[tokens[j]];
    }
  }
  const index = { tokens, offsets };
  indexes.set(rendered, index);
  return index;
}

/** Beyond this many ascending runs, a sort is quicker than merging them. */
const MAX_MERGED_RUNS = 16;

/**
 * Orders the entries by (offset, token) when they are a few ascending runs (a constant written
 * above the text that precedes it in the prompt: each of a file's calls has one): merging runs
 * costs one pass per halving of their number, where a sort would cost log n passes. False, and
 * nothing changed, when there are too many runs.
 */
function mergeRuns(tokens: Int32Array<ArrayBuffer>, offsets: Int32Array<ArrayBuffer>): boolean {
  const bounds = [0];
  for (let i = 1; i < offsets.length; i++) {
    if (offsets[i] < offsets[i - 1]) {
      bounds.push(i);
      if (bounds.length > MAX_MERGED_RUNS) return false;
    }
  }
  bounds.push(offsets.length);
  let fromTokens = tokens;
  let fromOffsets = offsets;
  let toTokens = new Int32Array(tokens.length);
  let toOffsets = new Int32Array(offsets.length);
  let runs = bounds;
  while (runs.length > 2) {
    const merged = [0];
    for (let r = 0; r + 1 < runs.length; r += 2) {
      const start = runs[r];
      const middle = runs[r + 1];
      const end = r + 2 < runs.length ? runs[r + 2] : middle;
      let a = start;
      let b = middle;
      let k = start;
      while (a < middle && b < end) {
        // A run's tokens ascend, so of equal offsets the earlier run's token comes first.
        const takeA = fromOffsets[a] < fromOffsets[b] || (fromOffsets[a] === fromOffsets[b] && fromTokens[a] < fromTokens[b]);
        const from = takeA ? a++ : b++;
        toTokens[k] = fromTokens[from];
        toOffsets[k++] = fromOffsets[from];
      }
      for (; a < middle; a++, k++) {
        toTokens[k] = fromTokens[a];
        toOffsets[k] = fromOffsets[a];
      }
      for (; b < end; b++, k++) {
        toTokens[k] = fromTokens[b];
        toOffsets[k] = fromOffsets[b];
      }
      merged.push(end);
    }
    runs = merged;
    [fromTokens, toTokens] = [toTokens, fromTokens];
    [fromOffsets, toOffsets] = [toOffsets, fromOffsets];
  }
  if (fromTokens !== tokens) {
    tokens.set(fromTokens);
    offsets.set(fromOffsets);
  }
  return true;
}

/** Position of the last entry with an offset at or below `limit`, or -1. */
function lastAtOrBelow(offsets: Int32Array, limit: number): number {
  let lo = 0;
  let hi = offsets.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (offsets[mid] <= limit) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * Token whose text starts at or before `offset`, among the tokens rendered from `range`: the
 * greatest start offset not past `offset`, and of the tokens starting there, the first.
 */
function renderedTokenAt(rendered: RenderedPrompt, rangeStart: number, rangeEnd: number, offset: number): number {
  const { tokens, offsets } = offsetIndex(rendered);
  const last = lastAtOrBelow(offsets, Math.min(rangeEnd, offset));
  if (last < 0 || offsets[last] < rangeStart) return -1;
  const first = lastAtOrBelow(offsets, offsets[last] - 1) + 1;
  return tokens[first];
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
