/**
 * Results computed from a text, remembered by the text itself (least recently used first out),
 * bounded by the total length of the remembered texts. Re-analysis after an edit finds every
 * unchanged block or string here and recomputes only what the edit touched.
 */
import { EncodedTextCache } from './tokens/textCache';

export class TextMemo<V> {
  private readonly entries: EncodedTextCache<V>;

  constructor(maxChars: number) {
    this.entries = new EncodedTextCache<V>(maxChars);
  }

  /** The value for `text`, computed by `compute` when not remembered. */
  get(text: string, compute: (text: string) => V): V {
    const hit = this.entries.get(text);
    if (hit !== undefined) return hit;
    const value = compute(text);
    this.entries.set(text, value);
    return value;
  }
}

/**
 * Start offsets of blocks of whole lines (always begins with 0), cut by content so that an edit
 * moves only the cuts next to it. `canCut(text, i)` says whether a block may start at `i` (just
 * after a line break) without changing what a per-block scan finds.
 */
export function lineBlockStarts(text: string, minChars: number, canCut: (text: string, i: number) => boolean): number[] {
  const starts = [0];
  if (text.length <= minChars * 2) return starts;
  let last = 0;
  let newline = text.indexOf('\n', minChars);
  while (newline !== -1 && newline + 1 < text.length) {
    const cut = newline + 1;
    if (cut - last >= minChars && canCut(text, cut) && fingerprint(text, cut) % 8 === 0) {
      starts.push(cut);
      last = cut;
      newline = text.indexOf('\n', cut + minChars - 1);
    } else {
      newline = text.indexOf('\n', cut);
    }
  }
  return starts;
}

/** A hash of the characters just before `end`: cuts depend on nearby content only. */
function fingerprint(text: string, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = Math.max(0, end - 24); i < end; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Where two texts differ: the longest common prefix and suffix. */
export interface ChangedRegion {
  /** First differing offset (the same in both texts). */
  start: number;
  /** End of the differing text in the previous text and in the new one. */
  oldEnd: number;
  newEnd: number;
}

/** Where two texts differ, undefined when they are equal; compared a block at a time (native). */
export function changedRegion(a: string, b: string): ChangedRegion | undefined {
  if (a === b) return undefined;
  const shortest = Math.min(a.length, b.length);
  let prefix = 0;
  for (let block = 4096; prefix < shortest; ) {
    const end = Math.min(shortest, prefix + block);
    if (a.slice(prefix, end) !== b.slice(prefix, end)) break;
    prefix = end;
  }
  while (prefix < shortest && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  const room = shortest - prefix;
  let suffix = 0;
  for (let block = 4096; suffix < room; ) {
    const size = Math.min(room, suffix + block);
    if (a.slice(a.length - size, a.length - suffix) !== b.slice(b.length - size, b.length - suffix)) break;
    suffix = size;
  }
  while (suffix < room && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)) suffix++;
  return { start: prefix, oldEnd: a.length - suffix, newEnd: b.length - suffix };
}

interface ChunkedText<V> {
  text: string;
  /** Each chunk's value by its start offset, with its end. */
  chunks: Map<number, { end: number; value: V }>;
}

/**
 * The chunk values of the last few texts cut into chunks, by position. A text that differs from
 * one of them by an edit takes every chunk before and after the edit from it, found by offset:
 * looking a chunk up by its content would hash all of it again, which for a megabyte prompt costs
 * more than the rest of a re-analysis. Chunks the edit touched are computed (through a memo).
 */
export class RecentChunks<V> {
  private recent: ChunkedText<V>[] = [];

  /** At most `keep` texts, of `maxChars` characters together (older ones are let go first). */
  constructor(
    private readonly keep: number,
    private readonly maxChars: number,
  ) {}

  /** The value of each chunk of `text` cut at `starts` (beginning with 0). */
  values(text: string, starts: readonly number[], compute: (chunk: string) => V): V[] {
    const previous = this.closest(text);
    const chunks = new Map<number, { end: number; value: V }>();
    const values = starts.map((start, k) => {
      const end = k + 1 < starts.length ? starts[k + 1] : text.length;
      const value = (previous && reused(previous, start, end)) ?? compute(text.slice(start, end));
      chunks.set(start, { end, value });
      return value;
    });
    // The text replaces the one it was edited from (most of it kept): comparing with each earlier
    // version of a text being typed in would cost a pass over it apiece.
    const replaced = previous && previous.kept * 2 > text.length ? previous.base : undefined;
    const others = this.recent.filter((r) => r !== replaced && r.text !== text);
    const kept: ChunkedText<V>[] = [];
    let chars = 0;
    for (const entry of [{ text, chunks }, ...others]) {
      if (kept.length === this.keep || chars + entry.text.length > this.maxChars) break;
      kept.push(entry);
      chars += entry.text.length;
    }
    this.recent = kept;
    return values;
  }

  /** The remembered text sharing the most with `text` at its two ends, and where they differ. */
  private closest(text: string): { base: ChunkedText<V>; region?: ChangedRegion; kept: number } | undefined {
    let best: { base: ChunkedText<V>; region?: ChangedRegion; kept: number } | undefined;
    for (const base of this.recent) {
      const region = changedRegion(base.text, text);
      const kept = region ? region.start + (text.length - region.newEnd) : text.length;
      if (kept > 0 && (!best || kept > best.kept)) best = { base, region, kept };
    }
    return best;
  }
}

function reused<V>(previous: { base: ChunkedText<V>; region?: ChangedRegion }, start: number, end: number): V | undefined {
  const { base, region } = previous;
  // Both texts hold the same characters at [start, end) before the edit, and shifted after it.
  const shift = !region ? 0 : end <= region.start ? 0 : start >= region.newEnd ? region.oldEnd - region.newEnd : undefined;
  if (shift === undefined) return undefined;
  const old = base.chunks.get(start + shift);
  return old && old.end === end + shift ? old.value : undefined;
}
