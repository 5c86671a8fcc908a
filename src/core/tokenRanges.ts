/**
 * Maps token index ranges back to ranges of the source file, so the editor can tint "the first
 * 1,152 tokens" even when the provider's order (tools first) differs from the file's order.
 */
import type { SourceRange } from './model';
import type { RenderedPrompt } from './tokens/rendered';

/** Gap of source text (JSON punctuation, YAML keys) that still joins two runs into one range. */
const JOIN_GAP = 64;

/**
 * Source ranges covered by tokens [from, to). A token reaches to the next token's start when that
 * follows it, else to its own start plus `lengthOf(tokenIndex)` characters.
 */
export function tokenRangeToSource(
  rendered: RenderedPrompt,
  from: number,
  to: number,
  lengthOf: (tokenIndex: number) => number,
  textLength: number,
): SourceRange[] {
  const offsets = rendered.sourceOffsets;
  const ranges: SourceRange[] = [];
  let current: SourceRange | null = null;
  const end = Math.min(to, offsets.length);
  for (let i = Math.max(0, from); i < end; i++) {
    const start = offsets[i];
    if (start < 0) continue;
    let next = -1;
    for (let j = i + 1; j < offsets.length && j <= i + 4; j++) {
      if (offsets[j] >= 0) {
        next = offsets[j];
        break;
      }
    }
    const ownEnd = Math.min(textLength, start + Math.max(1, lengthOf(i)));
    const tokenEnd = next > start && next <= ownEnd + JOIN_GAP && i + 1 < end ? next : ownEnd;
    if (current && start >= current.start && start <= current.end + JOIN_GAP) {
      current.end = Math.max(current.end, tokenEnd);
    } else {
      if (current) ranges.push(current);
      current = { start, end: tokenEnd };
    }
  }
  if (current) ranges.push(current);
  return ranges;
}
