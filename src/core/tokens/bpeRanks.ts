/**
 * The rank table of a byte-pair encoding: the bytes of every token, in rank order, and a hash
 * index from bytes to rank that looks up any byte range of a buffer without building a string.
 *
 * The build turns tiktoken's ranks files (base64 tokens in rank order) into a binary file
 * (`dist/tokenizer/<encoding>.bpe`) that holds the index too, so that loading is one file read
 * and a few typed-array views instead of decoding 200,000 base64 tokens and hashing them.
 *
 * File layout (little-endian, every array at a multiple of 4 bytes):
 *   u32 magic 'BPE1' | u32 token count n | u32 byte count b | u32 special-tokens JSON length j
 *   u32 slot count m | u32 longest token in bytes
 *   u32 offsets[n + 1] (token t's bytes are bytes[offsets[t] .. offsets[t + 1]]; empty = no token)
 *   i32 slots[m] (the hash index) | u8 bytes[b] | u8 specialTokensJson[j] (JSON: text → id)
 */

/** 'BPE1' read as a little-endian u32. */
const MAGIC = 0x31455042;
const HEADER_BYTES = 24;
const NO_RANK = -1;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

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
  const slotsAt = HEADER_BYTES + table.offsets.length * 4;
  const bytesAt = slotsAt + table.slots.length * 4;
  const file = new Uint8Array(bytesAt + table.bytes.length + special.length);
  const view = new DataView(file.buffer);
  [MAGIC, table.tokenCount, table.bytes.length, special.length, table.slots.length, table.maxTokenBytes].forEach((value, i) =>
    view.setUint32(i * 4, value, true),
  );
  table.offsets.forEach((offset, i) => view.setUint32(HEADER_BYTES + i * 4, offset, true));
  table.slots.forEach((rank, i) => view.setInt32(slotsAt + i * 4, rank, true));
  file.set(table.bytes, bytesAt);
  file.set(special, bytesAt + table.bytes.length);
  return file;
}

/** `count` u32 values at `at` in `file`: a view when the bytes allow one, else a copy. */
function uint32Words(file: Uint8Array, at: number, count: number): Uint32Array {
  const start = file.byteOffset + at;
  if (LITTLE_ENDIAN && start % 4 === 0) return new Uint32Array(file.buffer, start, count);
  const view = new DataView(file.buffer, start, count * 4);
  const copy = new Uint32Array(count);
  for (let i = 0; i < count; i++) copy[i] = view.getUint32(i * 4, true);
  return copy;
}

/** The table stored in `file` (from `serializeRankTable`); its arrays may share `file`'s memory. */
export function parseRankTable(file: Uint8Array): RankTable {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  if (file.byteLength < HEADER_BYTES || view.getUint32(0, true) !== MAGIC) {
    throw new Error('Not a rank table file (bad header)');
  }
  const [tokenCount, byteCount, specialLength, slotCount, maxTokenBytes] = [1, 2, 3, 4, 5].map((i) => view.getUint32(i * 4, true));
  const slotsAt = HEADER_BYTES + (tokenCount + 1) * 4;
  const bytesAt = slotsAt + slotCount * 4;
  if (file.byteLength !== bytesAt + byteCount + specialLength) throw new Error('Rank table file is truncated');
  const slots = uint32Words(file, slotsAt, slotCount);
  return {
    tokenCount,
    offsets: uint32Words(file, HEADER_BYTES, tokenCount + 1),
    slots: new Int32Array(slots.buffer, slots.byteOffset, slotCount),
    bytes: file.subarray(bytesAt, bytesAt + byteCount),
    specialTokens: JSON.parse(new TextDecoder().decode(file.subarray(bytesAt + byteCount))) as Record<string, number>,
    maxTokenBytes,
  };
}
