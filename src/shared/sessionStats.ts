/** A session's summary from its runs: what the dashboard shows under the table. Pure, browser-safe. */
import type { RunRecordView } from './protocol';

export interface SessionStats {
  runs: number;
  /** Runs sent that failed. */
  failed: number;
  /** Runs never sent because the session stopped (counted apart, as the history does). */
  notSent: number;
  /** Sum of cached over sum of prompt tokens of runs that reported both; null when none did. */
  hitRate: number | null;
  /** Runs whose cached tokens were not reported at all. */
  notReported: number;
  costUsd: number | null;
  uncachedUsd: number | null;
  /** uncached − cached cost; negative when cache writes cost more than reads saved. */
  savedUsd: number | null;
  /** Mean TTFT of runs that read from the cache, and of those that did not. */
  ttftWithHitsMs: number | null;
  ttftWithoutHitsMs: number | null;
  /** Median TTFT of the runs that streamed. */
  ttftP50Ms: number | null;
  /** Runs where the engine's prediction equals the reported cached tokens, of those comparable. */
  predictionMatches: number;
  predictionCompared: number;
}

/** The outcome kind of a run the session never sent (the runner's `not-sent`). */
const NOT_SENT = 'not-sent';

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const mean = (values: number[]): number | null => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);

export function sessionStats(runs: readonly RunRecordView[]): SessionStats {
  let cached = 0;
  let prompt = 0;
  let cost = 0;
  let uncached = 0;
  let priced = 0;
  let matches = 0;
  let compared = 0;
  const withHits: number[] = [];
  const withoutHits: number[] = [];
  for (const run of runs) {
    if (run.cachedTokens !== null && run.promptTokens !== null) {
      cached += run.cachedTokens;
      prompt += run.promptTokens;
    }
    if (run.cost) {
      cost += run.cost.cachedUsd;
      uncached += run.cost.uncachedUsd;
      priced++;
    }
    if (run.ttftMs !== null && run.cachedTokens !== null) (run.cachedTokens > 0 ? withHits : withoutHits).push(run.ttftMs);
    if (run.cachedTokens !== null && run.predictedCachedTokens !== null) {
      compared++;
      if (run.cachedTokens === run.predictedCachedTokens) matches++;
    }
  }
  return {
    runs: runs.length,
    failed: runs.filter((r) => r.outcome.status === 'error' && r.outcome.kind !== NOT_SENT).length,
    notSent: runs.filter((r) => r.outcome.status === 'error' && r.outcome.kind === NOT_SENT).length,
    hitRate: prompt > 0 ? cached / prompt : null,
    notReported: runs.filter((r) => r.outcome.status === 'ok' && r.cachedTokens === null).length,
    costUsd: priced ? cost : null,
    uncachedUsd: priced ? uncached : null,
    savedUsd: priced ? uncached - cost : null,
    ttftWithHitsMs: mean(withHits),
    ttftWithoutHitsMs: mean(withoutHits),
    ttftP50Ms: median(runs.flatMap((r) => (r.ttftMs === null ? [] : [r.ttftMs]))),
    predictionMatches: matches,
    predictionCompared: compared,
  };
}

/** Each run's own hit rate (cached ÷ prompt tokens); null when it did not report both. */
export function perRunHitRates(runs: readonly RunRecordView[]): (number | null)[] {
  return runs.map((run) => (run.cachedTokens !== null && run.promptTokens ? run.cachedTokens / run.promptTokens : null));
}

/** Tokens written to the cache by a run (OpenAI `cache_write_tokens`, Anthropic `cache_creation_input_tokens`). */
export function cacheWritesOf(run: RunRecordView): number | null {
  return run.cacheCreationInputTokens ?? run.cacheWriteTokens;
}

/** Running hit rate after each run (sum cached / sum prompt so far), for the chart's line. */
export function runningHitRates(runs: readonly RunRecordView[]): (number | null)[] {
  let cached = 0;
  let prompt = 0;
  return runs.map((run) => {
    if (run.cachedTokens !== null && run.promptTokens !== null) {
      cached += run.cachedTokens;
      prompt += run.promptTokens;
    }
    return prompt > 0 ? cached / prompt : null;
  });
}
