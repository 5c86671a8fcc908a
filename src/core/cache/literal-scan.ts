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
import { lineBlockStarts, TextMemo } from '../textMemo';
import { LABELLED_LINE, LITERAL_PATTERNS, type LiteralRuleId } from './breaker-patterns';

export interface LabelledLine {
  label: string;
  start: number;
  end: number;
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

/** Labelled lines and literal matches of `text`, offsets into `text`. */
export function scanLiterals(text: string): LiteralScan {
  return textScans.get(text, scanByBlocks);
}

function scanByBlocks(text: string): LiteralScan {
  const starts = lineBlockStarts(text, BLOCK_MIN_CHARS, (t, i) => !UNSAFE_BLOCK_START.test(t[i]));
  if (starts.length === 1) return scanBlock(text);
  const lines: LabelledLine[] = [];
  const hits: LiteralMatch[] = [];
  starts.forEach((start, k) => {
    const block = blockScans.get(text.slice(start, starts[k + 1] ?? text.length), scanBlock);
    for (const line of block.lines) lines.push({ ...line, start: line.start + start, end: line.end + start });
    for (const hit of block.hits) hits.push({ ...hit, start: hit.start + start, end: hit.end + start });
  });
  return { lines, hits };
}

function scanBlock(text: string): LiteralScan {
  const lines: LabelledLine[] = [];
  for (const m of text.matchAll(LABELLED_LINE)) {
    const start = m.index ?? 0;
    lines.push({ label: m[1], start, end: start + m[0].length });
  }
  const found: LiteralMatch[] = [];
  for (const pattern of LITERAL_PATTERNS) {
    for (const m of text.matchAll(pattern.regex)) {
      const index = m.index ?? 0;
      if (pattern.accept && !pattern.accept(m[0], index, text)) continue;
      found.push({ rule: pattern.rule, name: pattern.name, start: index, end: index + m[0].length, movable: pattern.movable });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const hits: LiteralMatch[] = [];
  for (const hit of found) {
    const last = hits[hits.length - 1];
    if (!last || hit.start >= last.end) hits.push(hit);
  }
  return { lines, hits };
}
