/**
 * Byte-pair merging of one pre-tokenizer piece: repeatedly join the adjacent pair of parts whose
 * joined bytes have the lowest rank (the leftmost pair on ties) until no joined pair is a token.
 *
 * Short pieces use a scan for the lowest pair per merge (quadratic, but with no set-up cost);
 * longer pieces keep the parts in a linked list and the pairs in a binary heap ordered by
 * (rank, position), so each merge costs O(log n) and a megabyte-long piece merges in under a
 * second (tiktoken's scan takes about 10 s for 100 KB and fails on a megabyte). Both pick the
 * same pair at every step, so both give tiktoken's ids.
 */
import { type RankTable, rankOf } from './bpeRanks';

/** Pieces up to this many bytes merge by scanning. */
export const SHORT_PIECE_BYTES = 48;

/** Token ids appended one at a time into a growing array. */
export class IdBuffer {
  private ids: Uint32Array;
  length = 0;

  constructor(capacity: number) {
    this.ids = new Uint32Array(Math.max(16, capacity));
  }

  push(id: number): void {
    if (this.length === this.ids.length) {
      const grown = new Uint32Array(this.ids.length * 2);
      grown.set(this.ids);
      this.ids = grown;
    }
    this.ids[this.length++] = id;
  }

  /** The ids pushed so far, in an array of their own. */
  result(): Uint32Array {
    return this.ids.slice(0, this.length);
  }
}

const NONE = 0x7fffffff;

/** Part boundaries and pair ranks for the scanning merge, reused between pieces. */
const shortStarts = new Int32Array(SHORT_PIECE_BYTES + 1);
const shortRanks = new Int32Array(SHORT_PIECE_BYTES + 1);

/** Merges `piece[0 .. length)` (length ≥ 2) and appends its token ids to `out`. */
export function mergePiece(table: RankTable, piece: Uint8Array, length: number, out: IdBuffer): void {
  if (length <= SHORT_PIECE_BYTES) mergeShort(table, piece, length, out);
  else mergeLong(table, piece, length, out);
}

function pairRank(table: RankTable, piece: Uint8Array, start: number, end: number): number {
  const rank = rankOf(table, piece, start, end);
  return rank < 0 ? NONE : rank;
}

function mergeShort(table: RankTable, piece: Uint8Array, length: number, out: IdBuffer): void {
  const starts = shortStarts;
  const ranks = shortRanks;
  // Parts are starts[i] .. starts[i + 1]; ranks[i] is the rank of parts i and i + 1 joined.
  let parts = length;
  for (let i = 0; i <= length; i++) starts[i] = i;
  for (let i = 0; i + 1 < parts; i++) ranks[i] = pairRank(table, piece, i, i + 2);
  ranks[parts - 1] = NONE;
  for (;;) {
    let best = NONE;
    let at = -1;
    for (let i = 0; i + 1 < parts; i++) {
      if (ranks[i] < best) {
        best = ranks[i];
        at = i;
      }
    }
    if (at < 0) break;
    // Join parts at and at + 1: drop boundary at + 1, then re-rank the pairs that changed.
    for (let i = at + 1; i < parts; i++) {
      starts[i] = starts[i + 1];
      ranks[i] = ranks[i + 1];
    }
    parts--;
    starts[parts] = length;
    ranks[at] = at + 1 < parts ? pairRank(table, piece, starts[at], starts[at + 2]) : NONE;
    if (at > 0) ranks[at - 1] = pairRank(table, piece, starts[at - 1], starts[at + 1]);
  }
  for (let i = 0; i < parts; i++) out.push(rankOf(table, piece, starts[i], starts[i + 1]));
}

/** Heap keys pack (rank, part) as rank * POSITIONS + part: pieces are shorter than this many bytes. */
const POSITIONS = 2 ** 26;

/**
 * The heap merge. A part is named by the byte where it starts; `next`/`prev` link the parts
 * (`length` ends the list, -1 begins it) and `rank[p]` is the rank of part p joined with its
 * successor (NONE when that is no token). The heap holds (rank, part) keys and is lazy: a key
 * whose part has since been merged or re-ranked is skipped when it comes up. A part's pair only
 * ever grows, so (part, rank) names one state of it and the check is exact.
 */
function mergeLong(table: RankTable, piece: Uint8Array, length: number, out: IdBuffer): void {
  if (length >= POSITIONS) throw new RangeError(`A piece of ${length} bytes is too long to merge`);
  const next = new Int32Array(length);
  const prev = new Int32Array(length);
  const rank = new Int32Array(length);
  let heap = new Float64Array(length + (length >> 1));
  let size = 0;

  const push = (key: number) => {
    if (size === heap.length) {
      const grown = new Float64Array(heap.length * 2);
      grown.set(heap);
      heap = grown;
    }
    let at = size++;
    while (at > 0) {
      const up = (at - 1) >> 1;
      if (heap[up] <= key) break;
      heap[at] = heap[up];
      at = up;
    }
    heap[at] = key;
  };
  const siftDown = (at: number) => {
    const key = heap[at];
    for (;;) {
      let child = 2 * at + 1;
      if (child >= size) break;
      if (child + 1 < size && heap[child + 1] < heap[child]) child++;
      if (heap[child] >= key) break;
      heap[at] = heap[child];
      at = child;
    }
    heap[at] = key;
  };

  for (let i = 0; i < length; i++) {
    next[i] = i + 1;
    prev[i] = i - 1;
    rank[i] = i + 1 < length ? pairRank(table, piece, i, i + 2) : NONE;
    if (rank[i] !== NONE) heap[size++] = rank[i] * POSITIONS + i;
  }
  for (let at = (size >> 1) - 1; at >= 0; at--) siftDown(at);

  while (size > 0) {
    const key = heap[0];
    heap[0] = heap[--size];
    if (size > 0) siftDown(0);
    const pairRankNow = Math.floor(key / POSITIONS);
    const left = key - pairRankNow * POSITIONS;
    if (rank[left] !== pairRankNow) continue;
    const right = next[left];
    const after = next[right];
    rank[right] = NONE;
    next[left] = after;
    if (after < length) prev[after] = left;
    rank[left] = after < length ? pairRank(table, piece, left, next[after]) : NONE;
    if (rank[left] !== NONE) push(rank[left] * POSITIONS + left);
    const p = prev[left];
    if (p >= 0) {
      rank[p] = pairRank(table, piece, p, after);
      if (rank[p] !== NONE) push(rank[p] * POSITIONS + p);
    }
  }
  for (let part = 0; part < length; part = next[part]) out.push(rankOf(table, piece, part, next[part]));
}
