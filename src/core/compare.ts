/**
 * Where two prompts stop sharing a prefix: the first token that differs, where it sits in each
 * file, and what that costs in cached tokens.
 */
import type { Analysis } from './analyze';
import { roundCacheable } from './cache/rules';
import type { Position } from './analyze';
import { LineIndex } from './lineIndex';

export interface PromptSide {
  analysis: Analysis;
  text: string;
}

export interface CacheBreakExplanation {
  /** Tokens both prompts share from the start. */
  sharedTokens: number;
  /** What a request with the second prompt would read from the first prompt's cache entry. */
  cachedTokens: number;
  /** Tokens of the second prompt that are not read from the cache. */
  uncachedTokens: number;
  identical: boolean;
  /** Where the first different token starts in each file (null when synthetic or past the end). */
  first: (Position & { offset: number }) | null;
  second: (Position & { offset: number }) | null;
  /** Extra USD per request against a full prefix hit, when a price is known. */
  extraUsd: number | null;
}

function sharedPrefix(a: Uint32Array, b: Uint32Array): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

function placeOf(side: PromptSide, tokenIndex: number): (Position & { offset: number }) | null {
  const offsets = side.analysis.rendered.sourceOffsets;
  if (tokenIndex >= offsets.length) return null;
  let offset = offsets[tokenIndex];
  // Overhead tokens have no place: use the next token that has one.
  for (let i = tokenIndex; offset < 0 && i < offsets.length; i++) offset = offsets[i];
  if (offset < 0) return null;
  return { offset, ...new LineIndex(side.text).position(offset) };
}

export function explainCacheBreak(first: PromptSide, second: PromptSide): CacheBreakExplanation {
  const a = first.analysis.rendered.ids;
  const b = second.analysis.rendered.ids;
  const shared = sharedPrefix(a, b);
  const identical = shared === a.length && shared === b.length;
  const rules = second.analysis.rules;
  const cachedTokens = Math.min(roundCacheable(shared, rules), second.analysis.promptTokens);
  const bestCase = second.analysis.cacheableTokens;
  const cost = second.analysis.cost;
  const perToken = cost && second.analysis.promptTokens > 0 ? (cost.uncachedUsd - cost.cachedUsd) / Math.max(1, bestCase) : null;
  return {
    sharedTokens: shared,
    cachedTokens,
    uncachedTokens: second.analysis.promptTokens - cachedTokens,
    identical,
    first: identical ? null : placeOf(first, shared),
    second: identical ? null : placeOf(second, shared),
    extraUsd: perToken === null ? null : Math.max(0, bestCase - cachedTokens) * perToken,
  };
}
