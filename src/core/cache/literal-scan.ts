/**
 * The literal breakers of one text (labelled lines and pattern matches), scanned block by block
 * and remembered by content: the editor re-analyses on every edit, and an edit changes one block.
 *
 * Blocks are whole lines, cut only where no pattern can match across the cut. The patterns match
 * within a line, except that `\s` may cross a line break before a time zone (`10:30\nPM`) or an
 * opening parenthesis (`shuffle\n(`); a block therefore never starts with whitespace, `(`, a zone
 * letter or a sign. Every other check looks at most two characters past a match or back to the
 * start of its line, which a block keeps.
 */
import { lineBlockStarts, RecentChunks, TextMemo } from '../textMemo';
import { LABELLED_LINE, LITERAL_PATTERNS, type LiteralRuleId } from './breaker-patterns';

export interface LabelledLine {
  label: string;
  start: number;
  /** End of the per-request part: the line's end, or the end of the value's first sentence when
   * static text follows it on the same line (`Current date: 2025-03-14. You are Nimbus, ...`). */
  end: number;
  /** End of the whole line. */
  lineEnd: number;
}

export interface LiteralMatch {
  rule: LiteralRuleId;
  name: string;
  start: number;
  end: number;
  movable: boolean;
}

export interface LiteralScan {
  lines: readonly LabelledLine[];
  /** Overlapping matches resolved in favour of the first, longest. */
  hits: readonly LiteralMatch[];
}

const BLOCK_MIN_CHARS = 2048;
const UNSAFE_BLOCK_START = /[\s(zugap+-]/i;

const blockScans = new TextMemo<LiteralScan>(16_000_000);
const textScans = new TextMemo<LiteralScan>(16_000_000);
/** Blocks of the last long texts by position: an edited text finds its unchanged ones there. */
const recentBlocks = new RecentChunks<LiteralScan>(8, 16_000_000);

/** Labelled lines and literal matches of `text`, offsets into `text`. */
export function scanLiterals(text: string): LiteralScan {
  return textScans.get(text, scanByBlocks);
}

function scanByBlocks(text: string): LiteralScan {
  const starts = lineBlockStarts(text, BLOCK_MIN_CHARS, (t, i) => !UNSAFE_BLOCK_START.test(t[i]));
  if (starts.length === 1) return scanBlock(text);
  const lines: LabelledLine[] = [];
  const hits: LiteralMatch[] = [];
  const blocks = recentBlocks.values(text, starts, (block) => blockScans.get(block, scanBlock));
  starts.forEach((start, k) => {
    const block = blocks[k];
    for (const line of block.lines) {
      lines.push({ ...line, start: line.start + start, end: line.end + start, lineEnd: line.lineEnd + start });
    }
    for (const hit of block.hits) hits.push({ ...hit, start: hit.start + start, end: hit.end + start });
  });
  return { lines, hits };
}

/** A sentence ends and another begins: `. You`, `! Then`. */
const SENTENCE_BREAK = /[.!?](?=[ \t]+[A-Z])/g;

/**
 * Where the per-request value of a labelled line ends: at the first sentence break after its first
 * literal match (or after the label when it has none), so a static sentence after the value stays.
 */
function valueEnd(text: string, valueStart: number, lineEnd: number, hits: readonly LiteralMatch[]): number {
  // Hits are sorted and do not overlap: the first at or after the value is the only candidate.
  let low = 0;
  let high = hits.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (hits[middle].start < valueStart) low = middle + 1;
    else high = middle;
  }
  const firstHit = low < hits.length && hits[low].end <= lineEnd ? hits[low] : undefined;
  // Looked for in the line only: a search of the rest of the text, once per line, was quadratic
  // in a text without sentence breaks.
  const from = firstHit ? firstHit.end : valueStart;
  SENTENCE_BREAK.lastIndex = 0;
  const sentence = SENTENCE_BREAK.exec(text.slice(from, lineEnd));
  return sentence ? from + sentence.index + 1 : lineEnd;
}

/**
 * Characters a pattern runs on at once when the whole block is too much for it: V8 keeps a
 * backtracking entry per character of a run such as `[0-9a-f]{16,}` and overflows on a run of a
 * few million (a line of hex digits or of one letter), which cutting at line breaks cannot split.
 */
const WINDOW_CHARS = 1 << 20;
/** How far past its window a match may run before it is cut (ids and keys are far shorter). */
const WINDOW_REACH = 64 * 1024;

/** Each match of `regex` in `text`: its offset and text. */
function matchesOf(regex: RegExp, text: string): { index: number; text: string }[] {
  try {
    return Array.from(text.matchAll(regex), (m) => ({ index: m.index ?? 0, text: m[0] }));
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
  }
  // Window by window; a match longer than the reach (a run of megabytes) is cut into several.
  const matches: { index: number; text: string }[] = [];
  let from = 0;
  for (let windowEnd = WINDOW_CHARS; from < text.length; windowEnd += WINDOW_CHARS) {
    for (const m of text.slice(from, windowEnd + WINDOW_REACH).matchAll(regex)) {
      const index = from + (m.index ?? 0);
      if (index >= windowEnd) break;
      matches.push({ index, text: m[0] });
    }
    const last = matches[matches.length - 1];
    from = Math.max(windowEnd, last ? last.index + last.text.length : 0);
  }
  return matches;
}

function scanBlock(text: string): LiteralScan {
  const found: LiteralMatch[] = [];
  for (const pattern of LITERAL_PATTERNS) {
    for (const m of matchesOf(pattern.regex, text)) {
      const index = m.index;
      if (pattern.accept && !pattern.accept(m.text, index, text)) continue;
      found.push({ rule: pattern.rule, name: pattern.name, start: index, end: index + m.text.length, movable: pattern.movable });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const hits: LiteralMatch[] = [];
  for (const hit of found) {
    const last = hits[hits.length - 1];
    if (!last || hit.start >= last.end) hits.push(hit);
  }
  const lines: LabelledLine[] = [];
  for (const m of text.matchAll(LABELLED_LINE)) {
    const start = m.index ?? 0;
    const lineEnd = start + m[0].length;
    const valueStart = lineEnd - m[2].length;
    lines.push({ label: m[1], start, end: valueEnd(text, valueStart, lineEnd, hits), lineEnd });
  }
  return { lines, hits };
}
