/**
 * Which LLM calls of a source file provider counting asks about in the background: the call under
 * the cursor and the first few (no `vscode` import, so it is tested on Node). A generated file of
 * thousands of calls would otherwise queue a request for each (at 20 a minute, hours of backlog)
 * and build and hash every request body on the extension host.
 */

/** Calls counted from the top of a file, besides the one under the cursor. */
export const FIRST_CALLS_COUNTED = 4;

/** For the tooltip and the log: what background counting covers in code. */
export const PROVIDER_COUNT_SCOPE = `the LLM call under the cursor and the first ${FIRST_CALLS_COUNTED} of a file`;

/** Indices of the calls to count in the background, the one under the cursor first. */
export function callsCountedInBackground(callCount: number, cursorCall: number | undefined): number[] {
  const first = Array.from({ length: Math.min(callCount, FIRST_CALLS_COUNTED) }, (_, i) => i);
  const underCursor = cursorCall !== undefined && cursorCall >= FIRST_CALLS_COUNTED && cursorCall < callCount;
  return underCursor ? [cursorCall, ...first] : first;
}
