/**
 * Least-recently-used cache of encoded texts, bounded by the total length of the cached strings
 * (a count of entries would let a few megabyte-sized texts evict everything else, or pile up).
 * The value is the text's token ids, or a record built around them.
 */
export class EncodedTextCache<V = Uint32Array> {
  private readonly entries = new Map<string, V>();
  private cachedChars = 0;

  constructor(private readonly maxChars: number) {}

  get size(): number {
    return this.entries.size;
  }

  get totalChars(): number {
    return this.cachedChars;
  }

  /** The cached value (shared: callers must not modify it), refreshed as most recently used. */
  get(text: string): V | undefined {
    const value = this.entries.get(text);
    if (value === undefined) return undefined;
    this.entries.delete(text);
    this.entries.set(text, value);
    return value;
  }

  set(text: string, value: V): void {
    if (text.length > this.maxChars) return;
    const previous = this.entries.get(text);
    if (previous !== undefined) {
      this.entries.delete(text);
      this.cachedChars -= text.length;
    }
    this.entries.set(text, value);
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
