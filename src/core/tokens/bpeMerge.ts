/**
 * Byte-pair merging of one pre-tokenizer piece: repeatedly join the adjacent pair of parts whose
 * joined bytes have the lowest rank (the leftmost pair on ties) until no joined pair is a token.
 *
 * Short pieces use a scan for the lowest pair per merge (quadratic, but with no set-up cost);
 * longer pieces keep the parts in a linked list and the pairs in a binary heap ordered by
 * (rank, position), so each merge costs O(log n) and a megabyte-long piece merges in well under
 * a second. Both pick the same pair at every step, so both give tiktoken's ids.
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

/**
 * The heap merge. A part is named by the byte where it starts; `next`/`prev` link the parts
 * (`length` ends the list, -1 begins it); `rank[p]` is the rank of part p joined with its
 * successor (NONE when that is no token), and the heap holds exactly the parts with a rank.
 */
function mergeLong(table: RankTable, piece: Uint8Array, length: number, out: IdBuffer): void {
  const next = new Int32Array(length);
  const prev = new Int32Array(length);
  const rank = new Int32Array(length);
  const heap = new Int32Array(length);
  const slot = new Int32Array(length).fill(-1);
  let size = 0;

  const before = (a: number, b: number) => rank[a] < rank[b] || (rank[a] === rank[b] && a < b);
  const place = (part: number, at: number) => {
    heap[at] = part;
    slot[part] = at;
  };
  const siftUp = (at: number) => {
    const part = heap[at];
    while (at > 0) {
      const up = (at - 1) >> 1;
      if (!before(part, heap[up])) break;
      place(heap[up], at);
      at = up;
    }
    place(part, at);
  };
  const siftDown = (at: number) => {
    const part = heap[at];
    for (;;) {
      let child = 2 * at + 1;
      if (child >= size) break;
      if (child + 1 < size && before(heap[child + 1], heap[child])) child++;
      if (!before(heap[child], part)) break;
      place(heap[child], at);
      at = child;
    }
    place(part, at);
  };
  const remove = (part: number) => {
    const at = slot[part];
    if (at < 0) return;
    slot[part] = -1;
    size--;
    if (at === size) return;
    const moved = heap[size];
    place(moved, at);
    siftUp(at);
    siftDown(slot[moved]);
  };
  /** Sets the rank of part p's pair and moves p in (or out of) the heap. */
  const rerank = (part: number, newRank: number) => {
    rank[part] = newRank;
    if (newRank === NONE) {
      remove(part);
    } else if (slot[part] < 0) {
      place(part, size++);
      siftUp(size - 1);
    } else {
      siftUp(slot[part]);
      siftDown(slot[part]);
    }
  };

  for (let i = 0; i < length; i++) {
    next[i] = i + 1;
    prev[i] = i - 1;
    rank[i] = i + 1 < length ? pairRank(table, piece, i, i + 2) : NONE;
    if (rank[i] !== NONE) place(i, size++);
  }
  for (let at = (size >> 1) - 1; at >= 0; at--) siftDown(at);

  while (size > 0) {
    const left = heap[0];
    const right = next[left];
    const after = next[right];
    remove(right);
    next[left] = after;
    if (after < length) prev[after] = left;
    rerank(left, after < length ? pairRank(table, piece, left, next[after]) : NONE);
    const p = prev[left];
    if (p >= 0) rerank(p, pairRank(table, piece, p, after));
  }
  for (let part = 0; part < length; part = next[part]) out.push(rankOf(table, piece, part, next[part]));
}
