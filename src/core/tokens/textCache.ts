/**
 * Least-recently-used cache of encoded texts, bounded by the total length of the cached strings
 * (a count of entries would let a few megabyte-sized texts evict everything else, or pile up).
 * The value is the text's token ids, or a record built around them.
 *
 * The order of use is a linked list beside the Map, which is written only to add and evict: a Map
 * keeps a deleted entry's slot (and its place in the look-up chain) until it grows, so refreshing
 * a text by deleting and adding it again made every look-up of a text met thousands of times (a
 * tool result "ok") walk the slots of its earlier copies, and every eviction walk the slots of
 * those evicted before: seconds per analysis once the cache was full.
 */
interface Entry<V> {
  text: string;
  value: V;
  older: Entry<V> | undefined;
  newer: Entry<V> | undefined;
}

export class EncodedTextCache<V = Uint32Array> {
  private readonly entries = new Map<string, Entry<V>>();
  private cachedChars = 0;
  private oldest: Entry<V> | undefined;
  private newest: Entry<V> | undefined;

  constructor(private readonly maxChars: number) {}

  get size(): number {
    return this.entries.size;
  }

  get totalChars(): number {
    return this.cachedChars;
  }

  /** The cached value (shared: callers must not modify it), refreshed as most recently used. */
  get(text: string): V | undefined {
    const entry = this.entries.get(text);
    if (entry === undefined) return undefined;
    this.unlink(entry);
    this.append(entry);
    return entry.value;
  }

  set(text: string, value: V): void {
    if (text.length > this.maxChars) return;
    const previous = this.entries.get(text);
    if (previous !== undefined) {
      previous.value = value;
      this.unlink(previous);
      this.append(previous);
      return;
    }
    const entry: Entry<V> = { text, value, older: undefined, newer: undefined };
    this.entries.set(text, entry);
    this.append(entry);
    this.cachedChars += text.length;
    while (this.cachedChars > this.maxChars && this.oldest) {
      const evicted = this.oldest;
      this.unlink(evicted);
      this.entries.delete(evicted.text);
      this.cachedChars -= evicted.text.length;
    }
  }

  clear(): void {
    this.entries.clear();
    this.cachedChars = 0;
    this.oldest = undefined;
    this.newest = undefined;
  }

  private unlink(entry: Entry<V>): void {
    if (entry.older) entry.older.newer = entry.newer;
    else this.oldest = entry.newer;
    if (entry.newer) entry.newer.older = entry.older;
    else this.newest = entry.older;
    entry.older = undefined;
    entry.newer = undefined;
  }

  private append(entry: Entry<V>): void {
    entry.older = this.newest;
    if (this.newest) this.newest.newer = entry;
    else this.oldest = entry;
    this.newest = entry;
  }
}
