/**
 * Where each token of an encoded text starts, in UTF-16 units of that text: the bridge from token
 * ids back to characters (and through them to source offsets).
 */

/** Token ids of a text with the UTF-16 unit where each token starts. */
export interface EncodedText {
  ids: Uint32Array;
  /** `starts[t]` = unit holding token `t`'s first byte; one more entry, the text's length. */
  starts: Int32Array;
}

/** UTF-8 start byte of each UTF-16 unit (a low surrogate starts where the next character does). */
function unitStartBytes(text: string): Int32Array {
  const starts = new Int32Array(text.length + 1);
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    starts[i] = bytes;
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        bytes += 4;
        starts[i + 1] = bytes;
        i++;
        continue;
      }
      bytes += 3;
    } else bytes += 3;
  }
  starts[text.length] = bytes;
  return starts;
}

/**
 * Start unit of every token of `text` (plus `text.length` at the end), from the tokens' UTF-8
 * lengths. A token that begins inside a multi-byte character starts at that character's unit.
 */
export function tokenStartUnits(text: string, ids: ArrayLike<number>, tokenByteLength: (id: number) => number): Int32Array {
  const startBytes = unitStartBytes(text);
  const starts = new Int32Array(ids.length + 1);
  let byte = 0;
  let unit = 0;
  for (let t = 0; t < ids.length; t++) {
    while (unit < text.length && startBytes[unit + 1] <= byte) unit++;
    starts[t] = unit;
    byte += tokenByteLength(ids[t]);
  }
  starts[ids.length] = text.length;
  return starts;
}
