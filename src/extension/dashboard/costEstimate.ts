import { costPerRequest, priceFor, type PriceOverrides } from '../../core/cache/pricing';
import type { Analysis } from '../../core/analyze';

/**
 * What a whole test should cost by the engine's prediction: the first run cold (writing the cache
 * where the provider charges writes), the others reading the cacheable prefix, each with the full
 * output cap. Null when the model has no known price.
 */
export function estimateTestCostUsd(analysis: Analysis, model: string, runs: number, maxOutputTokens: number, overrides?: PriceOverrides): number | null {
  const price = priceFor(model, overrides);
  if (!price) return null;
  const writesOnFirst = analysis.provider === 'anthropic' ? analysis.cacheableTokens : 0;
  const first = costPerRequest(price, {
    promptTokens: analysis.promptTokens,
    cachedTokens: 0,
    cacheWriteTokens: writesOnFirst,
    outputTokens: maxOutputTokens,
  });
  const warm = costPerRequest(price, { promptTokens: analysis.promptTokens, cachedTokens: analysis.cacheableTokens, outputTokens: maxOutputTokens });
  return first.totalUsd + Math.max(0, runs - 1) * warm.totalUsd;
}
