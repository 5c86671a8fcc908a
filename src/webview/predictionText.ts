import type { FileState } from '../shared/protocol';
import { count } from './format';

/**
 * The file's prediction for the runs about to be made. With per-request values sent as written the
 * runs measure the best case: the figure is that one, said to be, with production's beside it.
 * Varied, they are counted as runs send them (a timestamp, not `{datetime.now()}`): with sample
 * values, since each run's own may tokenize a little differently.
 */
export function predictionText(p: NonNullable<FileState['prediction']>, perRequestValues: 'vary' | 'as-written' | undefined, perRequestSpans: number): string {
  const estimate = p.estimate ? ' (estimate)' : '';
  if (perRequestValues !== 'as-written' && perRequestSpans > 0 && p.promptTokensWithFreshValues !== undefined) {
    return `predicted: ${count(p.cacheableTokens)} of ${count(p.promptTokensWithFreshValues)} prompt tokens cacheable on ${p.model}${estimate}, counted with sample per-request values (each run sends its own; its count may differ by a few tokens)`;
  }
  if (perRequestValues !== 'as-written' || perRequestSpans === 0) {
    return `predicted: ${count(p.cacheableTokens)} of ${count(p.promptTokens)} prompt tokens cacheable on ${p.model}${estimate}`;
  }
  // A value at the very end (after everything cacheable) changes nothing: one figure holds for both.
  if (p.cacheableTokensAsWritten === p.cacheableTokens) {
    return `predicted: ${count(p.cacheableTokens)} of ${count(p.promptTokens)} prompt tokens cacheable on ${p.model}${estimate}, whether the per-request values stay as written or change per request`;
  }
  return `predicted: ${count(p.cacheableTokensAsWritten)} of ${count(p.promptTokens)} prompt tokens cacheable on ${p.model}${estimate}, assuming the per-request values stay as written (${count(p.cacheableTokens)} when they change per request, as in production)`;
}
