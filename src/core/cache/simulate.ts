/**
 * Predicts `cached_tokens` (and cache writes) for a sequence of requests by the documented rules:
 * entries are stored after each request, a later request reads the longest live prefix it shares
 * with one, subject to the model's minimum, rounding, retention, routing and overflow.
 *
 * Modelling choices (documented rules are approximate; each is a parameter):
 * - OpenAI routes on a hash of the first `routingPrefixTokens` tokens plus `prompt_cache_key`; two
 *   different keys never share entries. Entries are kept per model.
 * - Overflow: within any 60 s window, requests beyond `overflowRequestsPerMinute` for one route go to
 *   a cold machine. `overflow: 'strict'` (default) makes every such request miss and forgets what it
 *   wrote; `overflow: 'random'` sends it to one of `overflowMachines` machines picked by the seeded
 *   generator, each with its own entries.
 * - Implicit entries (OpenAI, Gemini) are stored for the whole prompt at its rounded length and match
 *   any shared prefix; breakpoint entries (Anthropic, explicit gpt-5.6 breakpoints) match only the
 *   exact prefix up to their end, found from a breakpoint up to `lookbackBlocks` blocks back.
 * - Entries die `idleMs` after their last use or `maxMs` after they were written (see rules.ts).
 * - gpt-5.6: the implicit entry matches any shared prefix (no rounding); explicit breakpoints write
 *   up to three entries (four in explicit mode). The "latest 80 breakpoints" limit is not modelled.
 * - The clock is injected; nothing here reads the system time.
 */
import { hashTokens, seededRandom, sharedPrefixLength } from './deterministic';
import {
  cacheRulesFor,
  normalizeModelName,
  retentionRule,
  roundCacheable,
  type CacheProvider,
  type CacheRules,
  type RetentionRule,
} from './rules';

export interface SimBreakpoint {
  /** Tokens up to here (exclusive end) are written as one entry. */
  tokenEnd: number;
  ttl?: string;
}

export interface SimRequest {
  /** Token ids in cache order; kept by reference in the entries, so do not change them afterwards. */
  ids: Uint32Array;
  /** When the request arrives; defaults to the simulator's clock. */
  timeMs?: number;
  model: string;
  provider?: CacheProvider;
  /** Rules to use instead of looking them up by model. */
  rules?: CacheRules;
  promptCacheKey?: string;
  /** OpenAI `prompt_cache_retention`; also the ttl of breakpoints that carry none. */
  retention?: string;
  /** Anthropic `cache_control` breakpoints or gpt-5.6 `prompt_cache_breakpoint`s. */
  breakpoints?: SimBreakpoint[];
  /** Token end of every content block in prefix order, for the lookback; without it only exact breakpoint ends are checked. */
  blockEnds?: number[];
  /** gpt-5.6 `prompt_cache_options.mode: "explicit"`: no implicit breakpoint. */
  explicitOnly?: boolean;
}

export type SimOutcome =
  | 'hit' // some tokens were read from the cache
  | 'miss' // nothing live matched
  | 'below-minimum' // the prompt (or every breakpoint) is shorter than the minimum
  | 'overflow' // sent to a cold machine by the rate rule
  | 'rejected'; // the provider would refuse the request (too many breakpoints)

export interface SimResult {
  timeMs: number;
  promptTokens: number;
  /** OpenAI `cached_tokens`, Anthropic `cache_read_input_tokens`, Gemini `cached_content_token_count`. */
  cachedTokens: number;
  /** OpenAI `cache_write_tokens` (gpt-5.6+), Anthropic `cache_creation_input_tokens`; 0 where writes are free. */
  cacheWriteTokens: number;
  /** Writes per ttl (`5m`, `1h`, `30m`). */
  writesByTtl: Record<string, number>;
  /** Tokens neither read nor written (Anthropic `input_tokens`). */
  uncachedTokens: number;
  outcome: SimOutcome;
  /** The cache machine the request was routed to. */
  machine: string;
  message?: string;
}

export interface SimulatorOptions {
  /** Milliseconds; used for requests without `timeMs`. */
  clock?: () => number;
  /** Seed for the `random` overflow mode. */
  seed?: number;
  overflow?: 'strict' | 'random';
  overflowMachines?: number;
  /** Adjust idle time or cap per retention id, e.g. `{ in_memory: { idleMs: 600_000 } }`. */
  retentionOverrides?: Record<string, Partial<RetentionRule>>;
  /**
   * Memory bounds: entries kept at most, and token ids held by them at most (an entry counts its
   * whole id array). Past either, the least recently used entries are dropped, as a full cache would.
   */
  maxEntries?: number;
  maxTokens?: number;
}

interface Entry {
  ids: Uint32Array;
  length: number;
  /** Breakpoint entries match only their whole prefix; implicit ones any shared part of it. */
  exact: boolean;
  createdAt: number;
  lastUsedAt: number;
  retention: RetentionRule;
}

const WINDOW_MS = 60_000;
/** Routes remembered for the overflow rule before idle ones are forgotten. */
const MAX_ROUTES = 10_000;

export class CacheSimulator {
  private readonly stores = new Map<string, Entry[]>();
  private readonly arrivals = new Map<string, number[]>();
  private readonly random: () => number;
  private entryCount = 0;
  private tokenCount = 0;

  constructor(private readonly options: SimulatorOptions = {}) {
    this.random = seededRandom(options.seed ?? 1);
  }

  /** Forgets every entry and arrival. */
  reset(): void {
    this.stores.clear();
    this.arrivals.clear();
    this.entryCount = 0;
    this.tokenCount = 0;
  }

  /** Entries held, live or not yet swept, and the token ids they keep. */
  size(): { entries: number; tokens: number } {
    return { entries: this.entryCount, tokens: this.tokenCount };
  }

  /** Live entries across all machines at `timeMs`. */
  liveEntryCount(timeMs: number): number {
    let count = 0;
    for (const entries of this.stores.values()) count += entries.filter((e) => isLive(e, timeMs)).length;
    return count;
  }

  submit(request: SimRequest): SimResult {
    const now = request.timeMs ?? this.options.clock?.();
    if (now === undefined) throw new Error('CacheSimulator: a request needs timeMs when no clock is given');
    const rules = request.rules ?? cacheRulesFor(request.provider, request.model);
    const route = this.routeOf(request, rules);
    const base = { timeMs: now, promptTokens: request.ids.length, machine: route };

    const breakpointCount = request.breakpoints?.length ?? 0;
    const tooMany = rules.mode === 'breakpoints' && rules.maxBreakpoints !== null && breakpointCount > rules.maxBreakpoints;
    if (tooMany) {
      return {
        ...base,
        ...emptyUsage(request.ids.length),
        outcome: 'rejected',
        message: `${breakpointCount} breakpoints; at most ${rules.maxBreakpoints} are allowed`,
      };
    }

    let storeKey = `${normalizeModelName(request.model)}|${route}`;
    if (this.overflows(route, now, rules)) {
      if ((this.options.overflow ?? 'strict') === 'strict') {
        return { ...base, ...emptyUsage(request.ids.length), outcome: 'overflow', machine: `${route}#cold` };
      }
      const machine = Math.floor(this.random() * Math.max(1, this.options.overflowMachines ?? 4));
      storeKey = `${storeKey}#overflow-${machine}`;
      base.machine = `${route}#overflow-${machine}`;
    }

    const entries = this.liveEntries(storeKey, now);
    const usage =
      rules.mode === 'breakpoints'
        ? this.anthropic(request, rules, entries, now)
        : this.prefix(request, rules, entries, now);
    this.evictOverCapacity(now);
    const overflowed = storeKey.includes('#overflow-');
    return { ...base, ...usage, outcome: overflowed && usage.outcome !== 'hit' ? 'overflow' : usage.outcome };
  }

  private routeOf(request: SimRequest, rules: CacheRules): string {
    if (rules.routingPrefixTokens === null) return 'shared';
    const key = rules.usesPromptCacheKey ? (request.promptCacheKey ?? '') : '';
    return hashTokens(request.ids, rules.routingPrefixTokens, key);
  }

  /** Records the arrival and says whether it is beyond the per-minute rate for its route. */
  private overflows(route: string, now: number, rules: CacheRules): boolean {
    const limit = rules.overflowRequestsPerMinute;
    if (limit === null) return false;
    const times = (this.arrivals.get(route) ?? []).filter((t) => t > now - WINDOW_MS);
    times.push(now);
    this.arrivals.set(route, times);
    if (this.arrivals.size > MAX_ROUTES) {
      for (const [key, seen] of this.arrivals) if ((seen.at(-1) ?? 0) <= now - WINDOW_MS) this.arrivals.delete(key);
    }
    return times.length > limit;
  }

  private liveEntries(storeKey: string, now: number): Entry[] {
    const entries: Entry[] = [];
    for (const entry of this.stores.get(storeKey) ?? []) {
      if (isLive(entry, now)) entries.push(entry);
      else this.forget(entry);
    }
    this.stores.set(storeKey, entries);
    return entries;
  }

  private forget(entry: Entry): void {
    this.entryCount--;
    this.tokenCount -= entry.ids.length;
  }

  /** Drops expired entries everywhere, then the least recently used until both caps hold. */
  private evictOverCapacity(now: number): void {
    const maxEntries = this.options.maxEntries ?? Number.POSITIVE_INFINITY;
    const maxTokens = this.options.maxTokens ?? Number.POSITIVE_INFINITY;
    if (this.entryCount <= maxEntries && this.tokenCount <= maxTokens) return;
    for (const key of [...this.stores.keys()]) {
      const live = this.liveEntries(key, now);
      if (live.length === 0) this.stores.delete(key);
    }
    if (this.entryCount <= maxEntries && this.tokenCount <= maxTokens) return;
    const byAge: { key: string; entry: Entry }[] = [];
    for (const [key, entries] of this.stores) for (const entry of entries) byAge.push({ key, entry });
    byAge.sort((a, b) => a.entry.lastUsedAt - b.entry.lastUsedAt);
    for (const { key, entry } of byAge) {
      if (this.entryCount <= maxEntries && this.tokenCount <= maxTokens) break;
      const entries = this.stores.get(key) ?? [];
      entries.splice(entries.indexOf(entry), 1);
      if (entries.length === 0) this.stores.delete(key);
      this.forget(entry);
    }
  }

  private retention(rules: CacheRules, requested: string | undefined): { id: string; rule: RetentionRule } {
    const { id, rule } = retentionRule(rules, requested);
    return { id, rule: { ...rule, ...this.options.retentionOverrides?.[id] } };
  }

  private store(entries: Entry[], ids: Uint32Array, length: number, exact: boolean, now: number, retention: RetentionRule): void {
    const existing = entries.find(
      (e) => e.exact === exact && e.length === length && sharedPrefixLength(e.ids, ids, length) >= length,
    );
    if (existing) {
      existing.lastUsedAt = now;
      existing.retention = longer(existing.retention, retention);
      return;
    }
    entries.push({ ids, length, exact, createdAt: now, lastUsedAt: now, retention });
    this.entryCount++;
    this.tokenCount += ids.length;
  }

  /** OpenAI (implicit, and gpt-5.6 implicit plus explicit breakpoints) and Gemini. */
  private prefix(request: SimRequest, rules: CacheRules, entries: Entry[], now: number): Usage {
    const ids = request.ids;
    const implicit = rules.mode !== 'implicit-and-breakpoints' || !request.explicitOnly;
    const { id: ttl, rule: retention } = this.retention(rules, request.retention);

    let best: Entry | undefined;
    let cached = 0;
    for (const entry of entries) {
      const shared = sharedPrefixLength(entry.ids, ids, entry.length);
      const reads = entry.exact ? (shared >= entry.length ? entry.length : 0) : roundCacheable(shared, rules);
      if (reads > cached) {
        cached = reads;
        best = entry;
      }
    }
    if (best) best.lastUsedAt = now;

    const writeEnds: number[] = [];
    if (implicit && ids.length >= rules.minimumTokens) {
      const length = roundCacheable(ids.length, rules);
      this.store(entries, ids, length, false, now, retention);
      writeEnds.push(length);
    }
    if (rules.mode === 'implicit-and-breakpoints') {
      const allowed = (rules.maxBreakpoints ?? 4) - (implicit ? 1 : 0);
      const explicit = [...(request.breakpoints ?? [])].sort((a, b) => a.tokenEnd - b.tokenEnd).slice(-allowed);
      for (const point of explicit) {
        if (point.tokenEnd < rules.minimumTokens || point.tokenEnd > ids.length) continue;
        this.store(entries, ids, point.tokenEnd, true, now, retention);
        writeEnds.push(point.tokenEnd);
      }
    }

    const paid = (rules.retention[ttl]?.writeMultiplier ?? 1) !== 1;
    const written = paid ? Math.max(0, Math.max(0, ...writeEnds) - cached) : 0;
    const outcome: SimOutcome = cached > 0 ? 'hit' : writeEnds.length === 0 ? 'below-minimum' : 'miss';
    return {
      cachedTokens: cached,
      cacheWriteTokens: written,
      writesByTtl: written > 0 ? { [ttl]: written } : {},
      uncachedTokens: ids.length - cached - written,
      outcome,
    };
  }

  /** Anthropic: reads and writes only at breakpoints, with the block lookback. */
  private anthropic(request: SimRequest, rules: CacheRules, entries: Entry[], now: number): Usage {
    const ids = request.ids;
    const points = [...(request.breakpoints ?? [])]
      .filter((p) => p.tokenEnd <= ids.length)
      .sort((a, b) => a.tokenEnd - b.tokenEnd);

    let cached = 0;
    let best: Entry | undefined;
    for (const point of points) {
      for (const end of lookbackEnds(point.tokenEnd, request.blockEnds, rules.lookbackBlocks)) {
        if (end <= cached) continue;
        const entry = entries.find((e) => e.exact && e.length === end && sharedPrefixLength(e.ids, ids, end) >= end);
        if (entry) {
          cached = end;
          best = entry;
        }
      }
    }
    if (best) best.lastUsedAt = now;

    const writesByTtl: Record<string, number> = {};
    let cursor = cached;
    let wroteAny = false;
    for (const point of points) {
      if (point.tokenEnd < rules.minimumTokens) continue;
      const { id: ttl, rule } = this.retention(rules, point.ttl ?? request.retention);
      this.store(entries, ids, point.tokenEnd, true, now, rule);
      wroteAny = true;
      if (point.tokenEnd > cursor) {
        writesByTtl[ttl] = (writesByTtl[ttl] ?? 0) + point.tokenEnd - cursor;
        cursor = point.tokenEnd;
      }
    }
    const written = Object.values(writesByTtl).reduce((a, b) => a + b, 0);
    const outcome: SimOutcome = cached > 0 ? 'hit' : wroteAny ? 'miss' : 'below-minimum';
    return { cachedTokens: cached, cacheWriteTokens: written, writesByTtl, uncachedTokens: ids.length - cached - written, outcome };
  }
}

type Usage = Pick<SimResult, 'cachedTokens' | 'cacheWriteTokens' | 'writesByTtl' | 'uncachedTokens' | 'outcome'>;

function emptyUsage(promptTokens: number): Omit<Usage, 'outcome'> {
  return { cachedTokens: 0, cacheWriteTokens: 0, writesByTtl: {}, uncachedTokens: promptTokens };
}

function isLive(entry: Entry, now: number): boolean {
  return now - entry.lastUsedAt <= entry.retention.idleMs && now - entry.createdAt <= entry.retention.maxMs;
}

function longer(a: RetentionRule, b: RetentionRule): RetentionRule {
  return b.idleMs > a.idleMs ? b : a;
}

/**
 * Prefix ends a breakpoint checks, longest first: its own end, then earlier block ends up to
 * `lookback` blocks back. Without block ends only the breakpoint's own end is known.
 */
function lookbackEnds(tokenEnd: number, blockEnds: number[] | undefined, lookback: number | null): number[] {
  if (!blockEnds || blockEnds.length === 0) return [tokenEnd];
  let at = -1;
  for (let i = 0; i < blockEnds.length; i++) if (blockEnds[i] <= tokenEnd) at = i;
  if (at < 0) return [tokenEnd];
  const first = lookback === null ? 0 : Math.max(0, at - lookback);
  const ends = blockEnds.slice(first, at + 1).reverse();
  return ends[0] === tokenEnd ? ends : [tokenEnd, ...ends];
}
