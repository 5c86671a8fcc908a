/**
 * What the cache does with one rendered prompt sent again and again: how long the fixed prefix is,
 * how much of it the provider caches after its minimum and rounding, what each explicit breakpoint
 * gives, and what a request costs with and without the cache.
 */
import type { BreakpointPoint, DynamicPoint, RenderedPrompt } from '../tokens/rendered';
import { costPerRequest, type ModelPrice, type RequestCost } from './pricing';
import { retentionRule, roundCacheable, type CacheRules } from './rules';

export type BreakpointProblem =
  | 'below-minimum' // the prefix up to it is shorter than the model's minimum
  | 'after-dynamic' // content before it changes per request: written every time, never read
  | 'beyond-lookback' // after-dynamic, and more than `lookbackBlocks` blocks after the previous breakpoint
  | 'too-many' // more breakpoints than the provider allows (Anthropic rejects the request)
  | 'over-context-window'; // the prompt is longer than the model accepts: the request is rejected

export interface BreakpointAnalysis {
  tokenEnd: number;
  blockIndex: number;
  ttl: string;
  automatic: boolean;
  /** Tokens a repeat of this request reads from the entry this breakpoint writes. */
  cachedTokens: number;
  ok: boolean;
  reason?: BreakpointProblem;
}

export interface CacheCosts {
  /** A request that finds the cache warm. */
  cached: RequestCost;
  /** The first request, cold: nothing read, writes paid. */
  firstRequest: RequestCost;
  /** Input-cost saving of a warm request against no caching, 0..1. */
  savingRatio: number;
}

export interface CacheAnalysis {
  totalTokens: number;
  /** Tokens before the first dynamic span (all of them when nothing is dynamic). */
  staticPrefixTokens: number;
  firstDynamic: DynamicPoint | null;
  /** Tokens a repeat request reads from the cache. */
  cacheableTokens: number;
  /** Tokens written to the cache on every warm request (paid writes on Anthropic and gpt-5.6+). */
  writtenTokensPerRequest: number;
  minimum: number;
  /** Rounding step past the minimum; 1 when there is none. */
  step: number;
  /** Static tokens still needed to reach the minimum (0 when reached). */
  missingToMinimum: number;
  /** Static tokens to add for the next cached step (the minimum when below it, 0 without rounding). */
  toNextStep: number;
  breakpoints: BreakpointAnalysis[];
  /** Only when a price is given. */
  costs?: CacheCosts;
}

export interface AnalyzeOptions {
  price?: ModelPrice;
  /** Expected output tokens per request, for costs. */
  outputTokens?: number;
  /** `prompt_cache_retention` or the ttl for costs of writes; defaults to the model's default. */
  retention?: string;
  /** gpt-5.6+ `prompt_cache_options.mode`: `explicit` turns the implicit breakpoint off. */
  explicitOnly?: boolean;
}

function analyzeBreakpoints(
  points: readonly BreakpointPoint[],
  staticPrefix: number,
  rules: CacheRules,
): BreakpointAnalysis[] {
  const max = rules.maxBreakpoints ?? Number.POSITIVE_INFINITY;
  let previousBlock = -1;
  return points.map((point, index) => {
    const gap = point.blockIndex - previousBlock;
    previousBlock = point.blockIndex;
    const base = { tokenEnd: point.tokenEnd, blockIndex: point.blockIndex, ttl: point.ttl, automatic: point.automatic };
    let reason: BreakpointProblem | undefined;
    if (index >= max) reason = 'too-many';
    else if (point.tokenEnd < rules.minimumTokens) reason = 'below-minimum';
    else if (point.tokenEnd > staticPrefix) {
      reason = rules.lookbackBlocks !== null && gap > rules.lookbackBlocks ? 'beyond-lookback' : 'after-dynamic';
    }
    return reason ? { ...base, cachedTokens: 0, ok: false, reason } : { ...base, cachedTokens: point.tokenEnd, ok: true };
  });
}

interface ReadsAndWrites {
  read: number;
  /** Tokens written per ttl by a warm request (Anthropic splits writes between 5m and 1h breakpoints). */
  writes: Map<string, number>;
  /** Tokens written per ttl by the first, cold request. */
  coldWrites: Map<string, number>;
}

/** Tokens between `from` and each breakpoint end, attributed to that breakpoint's ttl. */
function writesUpTo(points: readonly BreakpointAnalysis[], from: number, end: number, fallbackTtl: string): Map<string, number> {
  const writes = new Map<string, number>();
  let cursor = from;
  for (const point of points) {
    if (point.tokenEnd <= cursor) continue;
    writes.set(point.ttl, (writes.get(point.ttl) ?? 0) + point.tokenEnd - cursor);
    cursor = point.tokenEnd;
  }
  if (end > cursor) writes.set(fallbackTtl, (writes.get(fallbackTtl) ?? 0) + end - cursor);
  return writes;
}

/** Tokens read and written by a warm repeat of the request, by cache mode. */
function readsAndWrites(
  rendered: RenderedPrompt,
  staticPrefix: number,
  breakpoints: BreakpointAnalysis[],
  rules: CacheRules,
  options: AnalyzeOptions,
): ReadsAndWrites {
  const written = breakpoints.filter((b) => b.reason !== 'too-many' && b.reason !== 'below-minimum');
  const bestExplicit = Math.max(0, ...breakpoints.filter((b) => b.ok).map((b) => b.cachedTokens));
  const ttl = retentionRule(rules, options.retention).id;
  switch (rules.mode) {
    case 'implicit-prefix':
      return { read: roundCacheable(staticPrefix, rules), writes: new Map(), coldWrites: new Map() };
    case 'breakpoints':
      return { read: bestExplicit, writes: writesUpTo(written, bestExplicit, 0, ttl), coldWrites: writesUpTo(written, 0, 0, ttl) };
    case 'implicit-and-breakpoints': {
      const implicit = !options.explicitOnly;
      const read = Math.max(implicit ? roundCacheable(staticPrefix, rules) : 0, bestExplicit);
      // The implicit breakpoint is taken to sit at the end of the prompt, so it writes the tail.
      const end = implicit && rendered.total >= rules.minimumTokens ? rendered.total : 0;
      return { read, writes: writesUpTo(written, read, end, ttl), coldWrites: writesUpTo(written, 0, end, ttl) };
    }
  }
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

export function analyzeCache(rendered: RenderedPrompt, rules: CacheRules, options: AnalyzeOptions = {}): CacheAnalysis {
  const firstDynamic = rendered.dynamicPoints[0] ?? null;
  const staticPrefixTokens = Math.min(firstDynamic ? firstDynamic.tokenIndex : rendered.total, rendered.total);
  const breakpoints = analyzeBreakpoints(rendered.breakpoints, staticPrefixTokens, rules);
  const flows = readsAndWrites(rendered, staticPrefixTokens, breakpoints, rules, options);

  const step = Math.max(1, rules.incrementTokens);
  const minimum = rules.minimumTokens;
  const missingToMinimum = Math.max(0, minimum - staticPrefixTokens);
  let toNextStep = 0;
  if (missingToMinimum > 0) toNextStep = missingToMinimum;
  else if (step > 1) toNextStep = step - ((staticPrefixTokens - minimum) % step);

  const analysis: CacheAnalysis = {
    totalTokens: rendered.total,
    staticPrefixTokens,
    firstDynamic,
    cacheableTokens: flows.read,
    writtenTokensPerRequest: sum(flows.writes.values()),
    minimum,
    step,
    missingToMinimum,
    toNextStep,
    breakpoints,
  };
  if (options.price) analysis.costs = costs(rendered, options, options.price, flows);
  return analysis;
}

/** Usage fields for writes: 1h writes at Anthropic's long price, the rest at the write price. */
function writeUsage(price: ModelPrice, writes: Map<string, number>) {
  if (price.cacheWrite === undefined) return {};
  const long = writes.get('1h') ?? 0;
  return { cacheWriteTokens: sum(writes.values()) - long, cacheWrite1hTokens: long };
}

function costs(
  rendered: RenderedPrompt,
  options: AnalyzeOptions,
  price: ModelPrice,
  { read, writes, coldWrites }: ReadsAndWrites,
): CacheCosts {
  const outputTokens = options.outputTokens ?? 0;
  const cached = costPerRequest(price, {
    promptTokens: rendered.total,
    cachedTokens: read,
    outputTokens,
    ...writeUsage(price, writes),
  });
  const firstRequest = costPerRequest(price, {
    promptTokens: rendered.total,
    cachedTokens: 0,
    outputTokens,
    ...writeUsage(price, coldWrites),
  });
  const uncachedInput = (rendered.total * price.input) / 1_000_000;
  const savingRatio = uncachedInput > 0 ? (uncachedInput - cached.inputUsd) / uncachedInput : 0;
  return { cached, firstRequest, savingRatio };
}
