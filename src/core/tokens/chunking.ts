/**
 * Splitting long texts into pieces that encode to exactly the same tokens as the whole text, so
 * each piece can be encoded (and cached) on its own.
 *
 * Both encodings first cut text with a regular expression (the pre-tokenizer) and run BPE inside
 * each cut. A position right after `\n` whose next character is neither whitespace nor `/` is
 * always such a cut, for o200k_base and cl100k_base alike:
 * - no alternative of either pattern matches a newline followed by a letter, digit or mark: the
 *   optional lead character of the word alternatives is `[^\r\n\p{L}\p{N}]`;
 * - the punctuation alternative may end in newlines (` ?[^\s\p{L}\p{N}]+[\r\n]*`), and in
 *   o200k_base also in slashes (`[\r\n/]*`), hence the exclusion of `/`;
 * - the whitespace alternatives consist of whitespace only, and `\s*[\r\n]+` (tried before the
 *   lookahead alternative `\s+(?!\S)`) ends the run at the newline whether or not text follows,
 *   so the text before the cut tokenizes the same on its own.
 * The property tests in test/unit/tokens check this against whole-text encoding.
 *
 * Cuts are chosen by content, not by position (content-defined chunking): a safe position is used
 * when a fingerprint of the line before it hits a fixed residue. Inserting one character therefore
 * changes only the chunk around the edit, and every other chunk is found in the cache again.
 */

/** Texts up to this length are encoded whole. */
export const CHUNKING_THRESHOLD = 4096;

/** No chunk shorter than this (keeps the number of encoder calls down on short lines). */
const MIN_CHUNK_CHARS = 512;

/** About one safe position in this many becomes a cut. */
const CUT_MODULUS = 8;

/** How many characters before a cut feed its fingerprint. */
const FINGERPRINT_WINDOW = 24;

/** True when `text` may be cut before index `i` without changing its tokens. */
export function isSafeCut(text: string, i: number): boolean {
  if (i <= 0 || i >= text.length || text.charCodeAt(i - 1) !== 10) return false;
  const next = text[i];
  return next !== '/' && !/\s/u.test(next);
}

function windowFingerprint(text: string, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = Math.max(0, end - FINGERPRINT_WINDOW); i < end; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Start offsets of the chunks of `text` (always begins with 0); one chunk for short texts. */
export function chunkStarts(text: string): number[] {
  const starts = [0];
  if (text.length <= CHUNKING_THRESHOLD) return starts;
  let last = 0;
  let newline = text.indexOf('\n');
  while (newline !== -1 && newline + 1 < text.length) {
    const cut = newline + 1;
    if (
      cut - last >= MIN_CHUNK_CHARS &&
      isSafeCut(text, cut) &&
      windowFingerprint(text, cut) % CUT_MODULUS === 0
    ) {
      starts.push(cut);
      last = cut;
    }
    newline = text.indexOf('\n', cut);
  }
  return starts;
}

/** The chunks themselves. */
export function splitIntoChunks(text: string): string[] {
  const starts = chunkStarts(text);
  return starts.map((start, k) => text.slice(start, k + 1 < starts.length ? starts[k + 1] : text.length));
}
