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
 * The offset where a section's count goes, or undefined when it has no place in the file. A
 * system prompt made of several blocks (Anthropic's `"system": [...]`), or passed by a name whose
 * text is elsewhere (`system,`), has no single range: its count goes at its key (in the call, for
 * source code; just before its first block, in a request file), else at its first token that
 * comes from the file.
 */
export function segmentAnchor(a: Pick<Analysis, 'rendered'>, s: SegmentSummary, read: ReadText, call?: SourceRange): number | undefined {
  if (s.range) return s.range.start;
  if (s.kind !== 'system' && s.kind !== 'instructions') return undefined;
  if (call) {
    const key = keyPattern(s.kind).exec(read(call.start, call.end));
    if (key) return call.start + key.index;
  }
  const first = firstFileOffset(a, s);
  if (first === undefined || call) return first;
  const from = Math.max(0, first - KEY_WINDOW);
  const keys = [...read(from, first).matchAll(keyPattern(s.kind))];
  return keys.length > 0 ? from + keys[keys.length - 1].index : first;
}

function firstFileOffset(a: Pick<Analysis, 'rendered'>, s: SegmentSummary): number | undefined {
  const offsets = a.rendered.sourceOffsets;
  for (let i = s.tokenStart; i < s.tokenStart + s.tokens && i < offsets.length; i++) {
    if (offsets[i] >= 0) return offsets[i];
  }
  return undefined;
}
