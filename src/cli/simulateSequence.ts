/**
 * Analysed prompt files sent as a sequence of requests, one every `intervalSeconds`, through the
 * cache simulator: what `cached_tokens` each request would report.
 */
import type { Analysis } from '../core/analyze';
import { CacheSimulator, type SimOutcome, type SimRequest } from '../core/cache';

export interface SequenceOptions {
  intervalSeconds: number;
  /** `prompt_cache_key` for every request; each file's own key otherwise. */
  promptCacheKey?: string;
  /**
   * Send every request exactly as written (the best case). By default each request differs from
   * every other at each dynamic span, as production's do, so none is read from the cache past it;
   * a date without a time differs only from one day (of `intervalSeconds` steps) to the next.
   */
  asWritten?: boolean;
}

/**
 * Token ids for a request's own value at a dynamic span: above every vocabulary and below the
 * renderer's synthetic ids (`syntheticIds.ts`), so they never equal a token of another request.
 */
const PER_REQUEST_ID_BASE = 0xffe00000;

export interface SequenceRow {
  file: string;
  timeSeconds: number;
  model: string;
  promptTokens: number;
  cachedTokens: number;
  cacheWriteTokens: number;
  outcome: SimOutcome;
}

/** gpt-5.6+ `prompt_cache_options.mode: "explicit"` turns the implicit breakpoint off. */
function explicitOnly(analysis: Analysis): boolean {
  const options = analysis.request.parameters['prompt_cache_options'];
  return typeof options === 'object' && options !== null && (options as { mode?: unknown }).mode === 'explicit';
}

/** Half of the per-request ids: the other half are the days' own, for spans that change daily. */
const DAILY_ID_OFFSET = 0x80000;
const DAY_MS = 86_400_000;

/**
 * The request's token ids with its `sequenceIndex`-th values at the dynamic spans; a date without
 * a time takes the value of the day `timeMs` falls in, shared by that day's requests.
 */
function idsWithOwnValues(analysis: Analysis, sequenceIndex: number, timeMs: number): Uint32Array {
  const points = analysis.rendered.dynamicPoints;
  if (points.length === 0) return analysis.rendered.ids;
  const ids = analysis.rendered.ids.slice();
  const day = Math.floor(timeMs / DAY_MS);
  for (const point of points) {
    if (point.tokenIndex >= ids.length) continue;
    ids[point.tokenIndex] = PER_REQUEST_ID_BASE + (point.daily ? DAILY_ID_OFFSET + (day % DAILY_ID_OFFSET) : sequenceIndex % DAILY_ID_OFFSET);
  }
  return ids;
}

/** `sequenceIndex`: the request's place in the sequence, for its own values at the dynamic spans (none when undefined). */
export function simRequestOf(analysis: Analysis, timeMs: number, promptCacheKey?: string, sequenceIndex?: number): SimRequest {
  return {
    ids: sequenceIndex === undefined ? analysis.rendered.ids : idsWithOwnValues(analysis, sequenceIndex, timeMs),
    timeMs,
    model: analysis.model,
    rules: analysis.rules,
    promptCacheKey: promptCacheKey ?? analysis.request.promptCacheKey,
    retention: analysis.request.promptCacheRetention,
    breakpoints: analysis.rendered.breakpoints.map((b) => ({ tokenEnd: b.tokenEnd, ttl: b.ttl })),
    explicitOnly: explicitOnly(analysis),
  };
}

export function simulateSequence(
  requests: ReadonlyArray<{ file: string; analysis: Analysis }>,
  options: SequenceOptions,
): SequenceRow[] {
  const simulator = new CacheSimulator();
  return requests.map(({ file, analysis }, index) => {
    const timeSeconds = index * options.intervalSeconds;
    // An Agents SDK run that gets its own prompt_cache_key: each request of the sequence is a new run.
    const key = options.promptCacheKey ?? (analysis.request.promptCacheKeyPerRun ? `agents-sdk:run:${index}` : undefined);
    const result = simulator.submit(simRequestOf(analysis, timeSeconds * 1000, key, options.asWritten ? undefined : index));
    return {
      file,
      timeSeconds,
      model: analysis.model,
      promptTokens: result.promptTokens,
      cachedTokens: result.cachedTokens,
      cacheWriteTokens: result.cacheWriteTokens,
      outcome: result.outcome,
    };
  });
}
