/**
 * Results computed from a text, remembered by the text itself (least recently used first out),
 * bounded by the total length of the remembered texts. Re-analysis after an edit finds every
 * unchanged block or string here and recomputes only what the edit touched.
 */
export class TextMemo<V> {
  private readonly entries = new Map<string, V>();
  private chars = 0;

  constructor(private readonly maxChars: number) {}

  /** The value for `text`, computed by `compute` when not remembered. */
  get(text: string, compute: (text: string) => V): V {
    const hit = this.entries.get(text);
    if (hit !== undefined) {
      this.entries.delete(text);
      this.entries.set(text, hit);
      return hit;
    }
    const value = compute(text);
    if (text.length <= this.maxChars) {
      this.entries.set(text, value);
      this.chars += text.length;
      for (const oldest of this.entries.keys()) {
        if (this.chars <= this.maxChars) break;
        this.entries.delete(oldest);
        this.chars -= oldest.length;
      }
    }
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
