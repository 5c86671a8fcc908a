/**
 * What fixing cache breakers gains: the tokens a repeat request would read from the cache if a
 * breaker, and every breaker before it, were moved out of the prefix (to the end of the last user
 * message). Token arithmetic on the rendered prompt, no re-tokenization: the moved tokens leave the
 * prefix, the static text after them joins it up to the next dynamic part that stays.
 */
import type { RenderedPrompt } from '../tokens/rendered';
import { roundCacheable, type CacheRules } from './rules';

/** The tokens a fixed breaker moves out of the prefix: `[tokenIndex, tokenEnd)`. */
export interface MovedTokens {
  tokenIndex: number;
  tokenEnd: number;
}

export interface FixGains {
  /** Cacheable tokens with nothing fixed, computed the same way. */
  current: number;
  /** Per breaker, in the order given (sorted by token index): cacheable tokens once it and every earlier one are fixed. */
  perFinding: number[];
}

interface Interval {
  start: number;
  end: number;
}

/** Cacheable tokens of a prefix of `staticTokens`, where `removedBefore(t)` tokens before token t left it. */
function cacheableOf(
  rendered: RenderedPrompt,
  rules: CacheRules,
  staticEnd: number,
  removedBefore: (token: number) => number,
  appendAt: number,
): number {
  const staticTokens = staticEnd - removedBefore(staticEnd);
  const implicit = rules.mode === 'breakpoints' ? 0 : roundCacheable(staticTokens, rules);
  if (rules.mode === 'implicit-prefix') return implicit;
  const allowed = rendered.breakpoints.slice(0, rules.maxBreakpoints ?? undefined);
  let explicit = 0;
  for (const point of allowed) {
    // A breakpoint past the place moved text is appended to would cache that text too.
    if (point.tokenEnd > staticEnd || (removedBefore(point.tokenEnd) > 0 && point.tokenEnd > appendAt)) continue;
    const shifted = point.tokenEnd - removedBefore(point.tokenEnd);
    if (shifted >= rules.minimumTokens) explicit = Math.max(explicit, shifted);
  }
  return Math.max(implicit, explicit);
}

/** One past the last token that comes from the file's text: where moved text is appended. */
function endOfSourceText(rendered: RenderedPrompt): number {
  for (let i = rendered.sourceOffsets.length - 1; i >= 0; i--) if (rendered.sourceOffsets[i] >= 0) return i + 1;
  return rendered.total;
}

/**
 * `appendAt`: first token of the last user message, where fixes append what they move (defaults
 * to the end of the file's text).
 */
export function cacheableIfFixed(
  moved: readonly MovedTokens[],
  rendered: RenderedPrompt,
  rules: CacheRules,
  appendAt?: number,
): FixGains {
  const points = rendered.dynamicPoints;
  const tailEnd = endOfSourceText(rendered);
  const appendStart = appendAt ?? tailEnd;
  // Moved token ranges, merged and sorted; `lengthBefore[i]` sums the lengths of merged[0..i-1]
  // (only the last interval ever grows, so the sums before it stay true).
  const merged: Interval[] = [];
  const lengthBefore: number[] = [];
  /** The last merged interval starting at or before `token` (strictly before when `strict`), or -1. */
  const intervalAt = (token: number, strict: boolean): number => {
    let lo = 0;
    let hi = merged.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (strict ? merged[mid].start < token : merged[mid].start <= token) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
  const covers = (token: number): boolean => {
    const i = intervalAt(token, false);
    return i >= 0 && token < merged[i].end;
  };
  const removedBefore = (token: number): number => {
    const i = intervalAt(token, true);
    return i < 0 ? 0 : lengthBefore[i] + Math.min(merged[i].end, token) - merged[i].start;
  };
  const staticEndAt = (pointer: number) => (pointer < points.length ? points[pointer].tokenIndex : tailEnd);

  let pointer = 0;
  const current = cacheableOf(rendered, rules, points.length ? points[0].tokenIndex : rendered.total, () => 0, appendStart);
  const perFinding: number[] = [];
  for (const m of moved) {
    const last = merged[merged.length - 1];
    if (last && m.tokenIndex <= last.end) last.end = Math.max(last.end, m.tokenEnd);
    else {
      lengthBefore.push(last ? lengthBefore[lengthBefore.length - 1] + last.end - last.start : 0);
      merged.push({ start: m.tokenIndex, end: m.tokenEnd });
    }
    while (pointer < points.length && covers(points[pointer].tokenIndex)) pointer++;
    perFinding.push(Math.max(current, cacheableOf(rendered, rules, staticEndAt(pointer), removedBefore, appendStart)));
  }
  return { current, perFinding };
}
