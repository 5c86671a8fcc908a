/**
 * Least-recently-used cache of encoded texts, bounded by the total length of the cached strings
 * (a count of entries would let a few megabyte-sized texts evict everything else, or pile up).
 */
export class EncodedTextCache {
  private readonly entries = new Map<string, Uint32Array>();
  private cachedChars = 0;

  constructor(private readonly maxChars: number) {}

  get size(): number {
    return this.entries.size;
  }

  get totalChars(): number {
    return this.cachedChars;
  }

  /** The cached ids (shared: callers must not modify them), refreshed as most recently used. */
  get(text: string): Uint32Array | undefined {
    const ids = this.entries.get(text);
    if (ids === undefined) return undefined;
    this.entries.delete(text);
    this.entries.set(text, ids);
    return ids;
  }

  set(text: string, ids: Uint32Array): void {
    if (text.length > this.maxChars) return;
    const previous = this.entries.get(text);
    if (previous !== undefined) {
      this.entries.delete(text);
      this.cachedChars -= text.length;
    }
    this.entries.set(text, ids);
    this.cachedChars += text.length;
    for (const oldest of this.entries.keys()) {
      if (this.cachedChars <= this.maxChars) break;
      this.entries.delete(oldest);
      this.cachedChars -= oldest.length;
    }
  }

  clear(): void {
    this.entries.clear();
    this.cachedChars = 0;
  }
}
