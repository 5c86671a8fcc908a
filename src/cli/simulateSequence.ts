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
}

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

export function simRequestOf(analysis: Analysis, timeMs: number, promptCacheKey?: string): SimRequest {
  return {
    ids: analysis.rendered.ids,
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
    const result = simulator.submit(simRequestOf(analysis, timeSeconds * 1000, options.promptCacheKey));
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
