/**
 * A run's own values for the prompt's per-request spans (computed values such as `datetime.now()`,
 * literal timestamps and ids): by default every run sends fresh ones, as production does, so runs
 * after the first read from the cache only what production would read. `as-written` sends the
 * file's text unchanged, the best case.
 */
import { freshValue } from '../core/cache/freshValues';
import { isPerRequestSpan, perRequestLabel, spansToVary } from '../core/cache/perRequestSpans';
import type { PromptRequest } from '../core/model';
import { mapRequestPieces, replaceSpansReporting } from './template';
import type { PerRequestValuesMode } from './types';

export const DEFAULT_PER_REQUEST_VALUES: PerRequestValuesMode = 'vary';

/** Each field of a timestamp moves between runs: runs never share a value, whatever it shows. */
const RUN_STEP_MS = 86_400_000 + 3_600_000 + 60_000 + 1_000 + 1;

export interface PerRunValues {
  request: PromptRequest;
  /** Each varied span's label and the value this run sent for it. */
  values: Record<string, string>;
}

/** The request of run `runIndex` of session `sessionId`, started at `startedAtMs`, with its per-request spans varied. */
export function varyPerRequestValues(request: PromptRequest, sessionId: string, runIndex: number, startedAtMs: number): PerRunValues {
  const values: Record<string, string> = {};
  const context = { timeMs: startedAtMs + runIndex * RUN_STEP_MS, seed: `${sessionId}:${runIndex}` };
  const varied = mapRequestPieces(request, (piece) => {
    const chosen = new Set(spansToVary(piece));
    const { piece: sent, replaced } = replaceSpansReporting(piece, (span, written) => {
      if (!chosen.has(span) || !isPerRequestSpan(span)) return undefined;
      // A date without a time is the session's own: production's requests of one day share it.
      return freshValue(span.kind, written, span.name, span.daily ? { ...context, timeMs: startedAtMs } : context);
    });
    // Recorded from what was replaced, so the values a run reports are the values it sent.
    for (const { written, value } of replaced) values[perRequestLabel(written)] = value;
    return sent;
  });
  return { request: varied, values };
}
