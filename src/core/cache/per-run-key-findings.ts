/**
 * A `prompt_cache_key` the sending library makes anew for every run (the OpenAI Agents SDK for
 * Python from 0.14 on, for a run without a conversation, session or group). OpenAI routes a request
 * to a cache machine by a hash of its prefix combined with the key: the turns of one run share a key
 * and read the agent's prefix from the cache, but a new run has a new key, goes by another route and
 * likely misses the prefix every run sends. Reported only where that prefix is long enough to cache:
 * below the minimum there is nothing to lose.
 */
import { formatCount } from '../labels';
import type { PromptRequest } from '../model';
import type { BreakerFinding } from './breakers';
import type { CacheRules } from './rules';

export function perRunCacheKeyFindings(request: PromptRequest, rules: CacheRules, prefix: { staticPrefixTokens: number; cacheableTokens: number }): BreakerFinding[] {
  const key = request.promptCacheKeyPerRun;
  if (!key || !rules.usesPromptCacheKey || prefix.staticPrefixTokens < rules.minimumTokens || prefix.cacheableTokens <= 0) return [];
  const opening = key.versionUnknown ? `${key.reason} (${key.versionUnknown}: this depends on the version installed)` : key.reason;
  const overflow = rules.overflowRequestsPerMinute
    ? ` (over about ${rules.overflowRequestsPerMinute} requests a minute on one key, spread the traffic over a few)`
    : '';
  return [
    {
      rule: 'per-run-cache-key',
      severity: 'warning',
      message:
        `${opening}: OpenAI routes by prefix and key, so a run's turns share the ${formatCount(prefix.cacheableTokens)} cacheable tokens ` +
        `of the static prefix but a new run likely misses them. ` +
        `Fix: ${key.groupFix}, or ${key.fixedKeyFix}${overflow}`,
      range: key.range,
      pieceSpan: null,
      tokenIndex: 0,
      tokenIndexEstimated: false,
    },
  ];
}
