/**
 * Where a section's inline count goes. Kept free of `vscode` so it is unit-tested on Node.
 */
import type { Analysis, SegmentSummary } from '../core/analyze';
import type { SourceRange } from '../core/model';

/** Reads the document's text between two offsets. */
export type ReadText = (start: number, end: number) => string;

/** How far before a system prompt's first text its key is looked for in a request file. */
const KEY_WINDOW = 4096;

/**
 * A system prompt or instructions key: `system=` (Python), `system:` or the `system,` shorthand
 * (TypeScript), `"system":` (JSON, a dict literal); not the value of `"role": "system"`.
 */
const keyPattern = (kind: 'system' | 'instructions') =>
  new RegExp(`(?<![\\w"'.\\\\])(?:${kind}\\s*(?:[:=,}]|$)|(["'])${kind}\\1\\s*:)`, 'gm');

/**
 * The offset where a section's count goes, or undefined when it has no place in the file. In
 * source code a system prompt or instructions passed by a name whose text is written elsewhere
 * (`system,`, `instructions=prompt`) is counted at its key in the call, so each call shows its own
 * counts; otherwise a section's count goes where its range starts. One with no range (a system
 * prompt of several blocks the parser gave none) goes at its key just before its first block in a
 * request file, else at its first token that comes from the file.
 */
export function segmentAnchor(a: Pick<Analysis, 'rendered'>, s: SegmentSummary, read: ReadText, call?: SourceRange): number | undefined {
  const key = s.kind === 'system' || s.kind === 'instructions' ? keyPattern(s.kind) : undefined;
  const outsideCall = call !== undefined && (s.range === null || s.range.start < call.start || s.range.start >= call.end);
  if (key && outsideCall) {
    const found = key.exec(read(call.start, call.end));
    if (found) return call.start + found.index;
  }
  if (s.range) return s.range.start;
  if (!key) return undefined;
  const first = firstFileOffset(a, s);
  if (first === undefined || call) return first;
  const from = Math.max(0, first - KEY_WINDOW);
  const keys = [...read(from, first).matchAll(key)];
  return keys.length > 0 ? from + keys[keys.length - 1].index : first;
}

function firstFileOffset(a: Pick<Analysis, 'rendered'>, s: SegmentSummary): number | undefined {
  const offsets = a.rendered.sourceOffsets;
  for (let i = s.tokenStart; i < s.tokenStart + s.tokens && i < offsets.length; i++) {
    if (offsets[i] >= 0) return offsets[i];
  }
  return undefined;
}
