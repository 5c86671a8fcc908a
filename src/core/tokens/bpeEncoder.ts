/**
 * tiktoken's `encode_ordinary` and `decode` in TypeScript: the pre-tokenizer cuts the text into
 * pieces, a piece that is itself a token costs one hash look-up, and any other piece is merged
 * byte pair by byte pair (bpeMerge.ts). Special-token texts are plain text here, as in
 * `encode_ordinary`. Text is encoded to UTF-8 as `TextEncoder` does (a lone surrogate becomes
 * U+FFFD), which is what tiktoken's JavaScript binding sees.
 */
import { IdBuffer, mergePiece } from './bpeMerge';
import { type RankTable, rankOf } from './bpeRanks';

/**
 * The longest text the pre-tokenizer pattern runs on at once. V8 keeps a backtracking entry per
 * character of a run its pattern repeats (a run of CJK letters, emoji, combining marks), within a
 * 64 MB stack: about 8 million characters of one run throw "Maximum call stack size exceeded".
 */
export const PATTERN_WINDOW = 1 << 20;

/**
 * Where each pre-tokenizer piece ends, the pattern run on a window of the text. A match that ends
 * before the window's end is the match on the whole text: each alternative of both patterns that
 * reads up to the window's end either matches up to it or leaves an alternative that does (a run
 * of letters, digits, symbols or whitespace cut by the window's end), so a match touching the end
 * is tried again on a window starting at the piece. A piece longer than a whole window (one
 * unbroken run of over a million characters) is cut there: it then encodes as two pieces, which
 * can differ from tiktoken by a token at the cut.
 */
class PieceCutter {
  private windowStart = 0;
  private windowText: string;

  constructor(
    private readonly pattern: RegExp,
    private readonly text: string,
    private readonly window: number,
  ) {
    this.windowText = text.length <= window ? text : text.slice(0, window);
  }

  /** The end of the piece that starts at `start`. */
  endOf(start: number): number {
    if (start >= this.windowEnd() && !this.holdsTheEnd()) this.slideTo(start);
    let end = this.match(start);
    if (end === this.windowEnd() && !this.holdsTheEnd() && start > this.windowStart) {
      this.slideTo(start);
      end = this.match(start);
    }
    return end;
  }

  private windowEnd(): number {
    return this.windowStart + this.windowText.length;
  }

  private holdsTheEnd(): boolean {
    return this.windowEnd() >= this.text.length;
  }

  private slideTo(start: number): void {
    this.windowStart = start;
    this.windowText = this.text.slice(start, start + this.window);
  }

  private match(start: number): number {
    const pattern = this.pattern;
    const local = start - this.windowStart;
    pattern.lastIndex = local;
    // Unreachable with the shipped patterns (they match every character); else skip one unit, as
    // tiktoken skips text its pattern does not match.
    return this.windowStart + (pattern.test(this.windowText) ? pattern.lastIndex : local + 1);
  }
}

export class BytePairEncoder {
  /** UTF-8 bytes of the current piece; grown when a piece needs more. */
  private piece = new Uint8Array(1024);
  private readonly specialBytes = new Map<number, Uint8Array>();

  /** `window`: the longest text the pattern is run on at once (see PieceCutter). */
  constructor(
    private readonly table: RankTable,
    private readonly pattern: RegExp,
    private readonly window = PATTERN_WINDOW,
  ) {
    const utf8 = new TextEncoder();
    for (const [text, id] of Object.entries(table.specialTokens)) this.specialBytes.set(id, utf8.encode(text));
  }

  /** Token ids of `text`, special-token texts included as plain text. */
  encodeOrdinary(text: string): Uint32Array {
    const out = new IdBuffer((text.length >> 2) + 16);
    const table = this.table;
    const pieces = new PieceCutter(this.pattern, text, this.window);
    let start = 0;
    while (start < text.length) {
      const end = pieces.endOf(start);
      const length = this.pieceBytes(text, start, end);
      const rank = rankOf(table, this.piece, 0, length);
      if (rank >= 0) out.push(rank);
      else mergePiece(table, this.piece, length, out);
      start = end;
    }
    return out.result();
  }

  /** UTF-8 bytes of the token (a rank or a special token's id). */
  tokenBytes(id: number): Uint8Array {
    const { offsets, bytes, tokenCount } = this.table;
    if (id < tokenCount && offsets[id + 1] > offsets[id]) return bytes.subarray(offsets[id], offsets[id + 1]);
    const special = this.specialBytes.get(id);
    if (special) return special;
    throw new RangeError(`Unknown token id ${id}`);
  }

  tokenByteLength(id: number): number {
    const { offsets, tokenCount } = this.table;
    if (id < tokenCount) {
      const length = offsets[id + 1] - offsets[id];
      if (length > 0) return length;
    }
    return this.tokenBytes(id).length;
  }

  /** The bytes of `ids` one after the other. */
  decodeBytes(ids: ArrayLike<number>): Uint8Array {
    let total = 0;
    for (let i = 0; i < ids.length; i++) total += this.tokenByteLength(ids[i]);
    const bytes = new Uint8Array(total);
    let at = 0;
    for (let i = 0; i < ids.length; i++) {
      const token = this.tokenBytes(ids[i]);
      bytes.set(token, at);
      at += token.length;
    }
    return bytes;
  }

  /** Writes the UTF-8 bytes of `text[start .. end)` into `this.piece` and returns their count. */
  private pieceBytes(text: string, start: number, end: number): number {
    if (this.piece.length < (end - start) * 3) this.piece = new Uint8Array((end - start) * 3);
    const piece = this.piece;
    let length = 0;
    for (let i = start; i < end; i++) {
      let code = text.charCodeAt(i);
      if (code < 0x80) {
        piece[length++] = code;
        continue;
      }
      if (code < 0x800) {
        piece[length++] = 0xc0 | (code >> 6);
        piece[length++] = 0x80 | (code & 0x3f);
        continue;
      }
      if (code >= 0xd800 && code <= 0xdfff) {
        const low = i + 1 < end ? text.charCodeAt(i + 1) : 0;
        if (code <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
          code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
          i++;
          piece[length++] = 0xf0 | (code >> 18);
          piece[length++] = 0x80 | ((code >> 12) & 0x3f);
          piece[length++] = 0x80 | ((code >> 6) & 0x3f);
          piece[length++] = 0x80 | (code & 0x3f);
          continue;
        }
        code = 0xfffd;
      }
      piece[length++] = 0xe0 | (code >> 12);
      piece[length++] = 0x80 | ((code >> 6) & 0x3f);
      piece[length++] = 0x80 | (code & 0x3f);
    }
    return length;
  }
}
