/**
 * The rank table of a byte-pair encoding: the bytes of every token, in rank order, and a hash
 * index from bytes to rank that looks up any byte range of a buffer without building a string.
 *
 * The build turns tiktoken's ranks files (base64 tokens in rank order) into a compact binary
 * file (`dist/tokenizer/<encoding>.bpe`) so that loading is one file read and a few typed-array
 * views instead of decoding 200,000 base64 tokens. The hash index is rebuilt at load: it takes a few
 * milliseconds and would more than double the file.
 *
 * File layout (little-endian):
 *   u32 magic 'BPE1' | u32 token count n | u32 byte count b | u32 special-tokens JSON length j
 *   u32 offsets[n + 1] (token t's bytes are bytes[offsets[t] .. offsets[t + 1]]; empty = no token)
 *   u8 bytes[b] | u8 specialTokensJson[j] (UTF-8 JSON object: text → id)
 */

/** 'BPE1' read as a little-endian u32. */
const MAGIC = 0x31455042;
const HEADER_BYTES = 16;
const NO_RANK = -1;

export interface RankTable {
  /** Ranks run from 0 to tokenCount - 1. */
  readonly tokenCount: number;
  readonly offsets: Uint32Array;
  readonly bytes: Uint8Array;
  /** Special-token texts and their ids (outside the ranks); only decoding uses them. */
  readonly specialTokens: Readonly<Record<string, number>>;
  /** Open-addressing hash index: rank per slot, -1 for an empty slot; its length is a power of two. */
  readonly slots: Int32Array;
  /** The longest token, in bytes: no longer range needs a look-up. */
  readonly maxTokenBytes: number;
}

/** FNV-1a over `buffer[start .. end)`; the build and the look-up must agree on it. */
export function hashBytes(buffer: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ buffer[i], 0x01000193);
  return hash >>> 0;
}

/** Rank of the bytes `buffer[start .. end)`, or -1 when they are not a token. */
export function rankOf(table: RankTable, buffer: Uint8Array, start: number, end: number): number {
  const length = end - start;
  if (length > table.maxTokenBytes || length <= 0) return NO_RANK;
  const { slots, offsets, bytes } = table;
  const mask = slots.length - 1;
  for (let slot = hashBytes(buffer, start, end) & mask; ; slot = (slot + 1) & mask) {
    const rank = slots[slot];
    if (rank === NO_RANK) return NO_RANK;
    const at = offsets[rank];
    if (offsets[rank + 1] - at !== length) continue;
    let same = true;
    for (let k = 0; k < length; k++) {
      if (bytes[at + k] !== buffer[start + k]) {
        same = false;
        break;
      }
    }
    if (same) return rank;
  }
}

function buildTable(offsets: Uint32Array, bytes: Uint8Array, specialTokens: Record<string, number>): RankTable {
  const tokenCount = offsets.length - 1;
  // At most half full, so a miss ends after a probe or two.
  let size = 1;
  while (size < tokenCount * 2) size *= 2;
  const slots = new Int32Array(size).fill(NO_RANK);
  const mask = size - 1;
  let maxTokenBytes = 0;
  for (let rank = 0; rank < tokenCount; rank++) {
    const start = offsets[rank];
    const end = offsets[rank + 1];
    if (end === start) continue;
    if (end - start > maxTokenBytes) maxTokenBytes = end - start;
    let slot = hashBytes(bytes, start, end) & mask;
    while (slots[slot] !== NO_RANK) slot = (slot + 1) & mask;
    slots[slot] = rank;
  }
  return { tokenCount, offsets, bytes, specialTokens, slots, maxTokenBytes };
}

/**
 * The table from the ranks text of tiktoken's JavaScript package: base64 tokens separated by
 * spaces, in rank order, where `! <rank>` sets the rank of the token after it.
 */
export function rankTableFromTiktoken(bpeRanks: string, specialTokens: Record<string, number>): RankTable {
  const entries: Array<{ rank: number; token: Buffer }> = [];
  let tokenCount = 0;
  let byteCount = 0;
  const fields = bpeRanks.split(/\s+/);
  let rank = 0;
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i];
    if (field === '') continue;
    if (field === '!') {
      rank = Number(fields[++i]);
      if (!Number.isInteger(rank) || rank < 0) throw new Error(`Bad rank after "!": ${fields[i]}`);
      continue;
    }
    const token = Buffer.from(field, 'base64');
    entries.push({ rank, token });
    tokenCount = Math.max(tokenCount, rank + 1);
    byteCount += token.length;
    rank++;
  }
  const byRank: Array<Buffer | undefined> = new Array(tokenCount);
  for (const { rank, token } of entries) byRank[rank] = token;
  const offsets = new Uint32Array(tokenCount + 1);
  const bytes = new Uint8Array(byteCount);
  let at = 0;
  for (let rank = 0; rank < tokenCount; rank++) {
    offsets[rank] = at;
    const token = byRank[rank];
    if (token) {
      bytes.set(token, at);
      at += token.length;
    }
  }
  offsets[tokenCount] = at;
  return buildTable(offsets, bytes.subarray(0, at), specialTokens);
}

/** The binary file for `table` (see the layout above). */
export function serializeRankTable(table: RankTable): Uint8Array {
  const special = new TextEncoder().encode(JSON.stringify(table.specialTokens));
  const offsetsBytes = table.offsets.length * 4;
  const file = new Uint8Array(HEADER_BYTES + offsetsBytes + table.bytes.length + special.length);
  const view = new DataView(file.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, table.tokenCount, true);
  view.setUint32(8, table.bytes.length, true);
  view.setUint32(12, special.length, true);
  for (let i = 0; i < table.offsets.length; i++) view.setUint32(HEADER_BYTES + i * 4, table.offsets[i], true);
  file.set(table.bytes, HEADER_BYTES + offsetsBytes);
  file.set(special, HEADER_BYTES + offsetsBytes + table.bytes.length);
  return file;
}

/** The table stored in `file` (from `serializeRankTable`). */
export function parseRankTable(file: Uint8Array): RankTable {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  if (file.byteLength < HEADER_BYTES || view.getUint32(0, true) !== MAGIC) {
    throw new Error('Not a rank table file (bad header)');
  }
  const tokenCount = view.getUint32(4, true);
  const byteCount = view.getUint32(8, true);
  const specialLength = view.getUint32(12, true);
  const offsetsEnd = HEADER_BYTES + (tokenCount + 1) * 4;
  if (file.byteLength !== offsetsEnd + byteCount + specialLength) throw new Error('Rank table file is truncated');
  const offsets = new Uint32Array(tokenCount + 1);
  for (let i = 0; i <= tokenCount; i++) offsets[i] = view.getUint32(HEADER_BYTES + i * 4, true);
  const bytes = file.subarray(offsetsEnd, offsetsEnd + byteCount);
  const special = JSON.parse(new TextDecoder().decode(file.subarray(offsetsEnd + byteCount))) as Record<string, number>;
  return buildTable(offsets, bytes, special);
}
