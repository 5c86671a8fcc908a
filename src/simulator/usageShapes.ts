import type { SimResult } from '../core/cache/simulate';
import type { CachedTokensReporting } from './options';

/** Whether the details object is sent, by the configured reporting style. */
function reportsDetails(reporting: CachedTokensReporting, cached: number): boolean {
  if (reporting === 'never') return false;
  if (reporting === 'omit-when-zero') return cached > 0;
  return true;
}

/** Chat Completions `usage`. `cache_write_tokens` appears only where writes are billed (gpt-5.6+). */
export function chatUsage(sim: SimResult, completionTokens: number, reporting: CachedTokensReporting): Record<string, unknown> {
  const usage: Record<string, unknown> = {
    prompt_tokens: sim.promptTokens,
    completion_tokens: completionTokens,
    total_tokens: sim.promptTokens + completionTokens,
  };
  if (reportsDetails(reporting, sim.cachedTokens)) {
    usage.prompt_tokens_details = {
      cached_tokens: sim.cachedTokens,
      audio_tokens: 0,
      ...(sim.cacheWriteTokens > 0 ? { cache_write_tokens: sim.cacheWriteTokens } : {}),
    };
  }
  usage.completion_tokens_details = { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 };
  return usage;
}

/** Responses API `usage`. */
export function responsesUsage(sim: SimResult, outputTokens: number, reporting: CachedTokensReporting): Record<string, unknown> {
  const usage: Record<string, unknown> = { input_tokens: sim.promptTokens };
  if (reportsDetails(reporting, sim.cachedTokens)) {
    usage.input_tokens_details = {
      cached_tokens: sim.cachedTokens,
      ...(sim.cacheWriteTokens > 0 ? { cache_write_tokens: sim.cacheWriteTokens } : {}),
    };
  }
  usage.output_tokens = outputTokens;
  usage.output_tokens_details = { reasoning_tokens: 0 };
  usage.total_tokens = sim.promptTokens + outputTokens;
  return usage;
}

/**
 * Anthropic Messages `usage`: `input_tokens` counts only the tokens after the last cache read or
 * write; writes are split by ttl in `cache_creation`.
 */
export function messagesUsage(sim: SimResult, outputTokens: number): Record<string, unknown> {
  return {
    input_tokens: sim.uncachedTokens,
    cache_creation_input_tokens: sim.cacheWriteTokens,
    cache_read_input_tokens: sim.cachedTokens,
    cache_creation: {
      ephemeral_5m_input_tokens: sim.writesByTtl['5m'] ?? 0,
      ephemeral_1h_input_tokens: sim.writesByTtl['1h'] ?? 0,
    },
    output_tokens: outputTokens,
    service_tier: 'standard',
  };
}
