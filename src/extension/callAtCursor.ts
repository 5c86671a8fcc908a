/**
 * "The LLM call under the cursor" in a source file, one rule for the status bar and for the
 * commands that act on a call (Show Analysis Report, Copy Analysis as JSON, Count Exactly). No
 * `vscode` import: unit-tested on Node.
 */
import type { PromptRequest, SourceRange, TextPiece } from '../core/model';

/** What the rule reads of a call: its expression, and the texts its request was built from. */
export interface CallAtCursorCandidate {
  call: { range: SourceRange };
  analysis: { request: PromptRequest; builtAt?: readonly SourceRange[] };
}

const holds = (range: SourceRange | null, offset: number): boolean => range !== null && offset >= range.start && offset <= range.end;

/**
 * Where the request's texts are written, each a verbatim slice of the source. A text joined from
 * several places (an f-string with a constant, `.format`) has an offset map and a range spanning
 * everything between its parts: it says nothing about the cursor, so it is left out.
 */
function writtenRanges(request: PromptRequest): SourceRange[] {
  const pieces: (TextPiece | undefined)[] = [
    request.instructions,
    request.responseFormat?.piece,
    ...request.tools.map((t) => t.piece),
    ...(request.system ?? []).map((p) => (p.type === 'text' ? p.piece : undefined)),
    ...request.messages.flatMap((m) => [m.toolCalls, ...m.parts.map((p) => (p.type === 'text' ? p.piece : undefined))]),
  ];
  return pieces.flatMap((p) => (p?.range && !p.offsets ? [p.range] : []));
}

/**
 * The call whose expression holds `offset`; else the one call whose request takes text written
 * where the cursor is, or whose messages are built there (`msgs = build_messages(...)` above
 * `create(messages=msgs)`, counted or not, and the body of a `build_messages` of the same file
 * that it follows). Text several
 * calls share, such as a module constant, names none of them.
 */
export function callAt<T extends CallAtCursorCandidate>(state: { calls?: readonly T[] } | undefined, offset: number): T | undefined {
  const calls = state?.calls ?? [];
  const inside = calls.find((c) => holds(c.call.range, offset));
  if (inside) return inside;
  const writers = calls.filter(
    (c) =>
      (c.analysis.builtAt ?? []).some((r) => holds(r, offset)) ||
      writtenRanges(c.analysis.request).some((r) => holds(r, offset)),
  );
  return writers.length === 1 ? writers[0] : undefined;
}

/**
 * What a command that acts on one call says when no call was under the cursor and it took the
 * first of several: which call, and how to pick another. Undefined when there was nothing to choose.
 */
export function firstCallNote(call: { line: number; of: number; first?: boolean }, action: string): string | undefined {
  if (!call.first || call.of < 2) return undefined;
  return `No LLM call under the cursor: ${action} call 1 of ${call.of} (line ${call.line}). Put the cursor in another call, or where its messages are built, to choose it.`;
}
