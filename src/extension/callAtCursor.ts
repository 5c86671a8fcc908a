/**
 * "The LLM call under the cursor" in a source file, one rule for the status bar and for the
 * commands that act on a call (Show Analysis Report, Copy Analysis as JSON, Count Exactly). No
 * `vscode` import: unit-tested on Node.
 */
import type { SourceRange } from '../core/model';

/** What the rule reads of a call: its expression, and where its prompt's segments are written. */
export interface CallAtCursorCandidate {
  call: { range: SourceRange };
  analysis: { segments: readonly { range: SourceRange | null }[] };
}

const holds = (range: SourceRange | null, offset: number): boolean => range !== null && offset >= range.start && offset <= range.end;

/**
 * The call whose expression holds `offset`; else the one call whose prompt text is written where
 * the cursor is (`msgs = build_messages(...)` above `create(messages=msgs)`). Text several calls
 * share, such as a module constant, names none of them.
 */
export function callAt<T extends CallAtCursorCandidate>(state: { calls?: readonly T[] } | undefined, offset: number): T | undefined {
  const calls = state?.calls ?? [];
  const inside = calls.find((c) => holds(c.call.range, offset));
  if (inside) return inside;
  const writers = calls.filter((c) => c.analysis.segments.some((s) => holds(s.range, offset)));
  return writers.length === 1 ? writers[0] : undefined;
}
