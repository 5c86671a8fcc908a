/** Small deterministic helpers for the simulator: a token hash for routing and a seeded PRNG. */

/** FNV-1a (32-bit) over token ids and a string, as 8 hex digits. */
export function hashTokens(ids: Uint32Array, count: number, salt: string): string {
  let h = 0x811c9dc5;
  const mix = (byte: number) => {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  };
  const n = Math.min(count, ids.length);
  for (let i = 0; i < n; i++) {
    const id = ids[i];
    mix(id & 0xff);
    mix((id >>> 8) & 0xff);
    mix((id >>> 16) & 0xff);
    mix((id >>> 24) & 0xff);
  }
  mix(0);
  for (let i = 0; i < salt.length; i++) {
    const c = salt.charCodeAt(i);
    mix(c & 0xff);
    mix(c >>> 8);
  }
  return h.toString(16).padStart(8, '0');
}

/** mulberry32: a seeded generator of numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Length of the common prefix of two token arrays, at most `limit`. */
export function sharedPrefixLength(a: Uint32Array, b: Uint32Array, limit = Number.POSITIVE_INFINITY): number {
  const n = Math.min(a.length, b.length, limit);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}
