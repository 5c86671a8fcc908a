/**
 * Provider and model prompt-cache rules, as data. Providers change these rules: every figure here
 * names where it came from, and disagreements between sources are noted next to the value chosen.
 *
 * Sources (read 2026-11):
 * - OpenAI guide: https://developers.openai.com/api/docs/guides/prompt-caching (1024-token minimum,
 *   routing on a hash of the first ~256 tokens, ~15 requests/min per prefix+key before overflow,
 *   in-memory retention of 5-10 min idle and at most 1 h, `24h` extended retention).
 * - openai-node 6.49.0 `resources/beta/responses/responses.d.ts` (`prompt_cache_options`: gpt-5.6+,
 *   mode implicit|explicit, up to four breakpoints written, latest 80 considered, no block
 *   lookback, ttl `30m`; `prompt_cache_breakpoint` "not rounded to a token block"; gpt-5.5 and later
 *   accept only `24h` retention).
 * - Azure OpenAI prompt caching guide (learn.microsoft.com): cache writes are charged from gpt-5.6.
 * - pydantic/genai-prices `prices/providers/openai.yml`: gpt-5.6 cache writes at 1.25x input.
 * - Anthropic: https://platform.claude.com/docs/en/build-with-claude/prompt-caching (4 breakpoints,
 *   20-block lookback, ttl 5m|1h, writes 1.25x|2x, reads 0.1x, per-model minimums).
 * - Gemini: https://ai.google.dev/gemini-api/docs/caching (implicit caching on 2.5 and newer, with
 *   per-model minimums that changed between doc versions).
 */

export type CacheProvider = 'openai' | 'anthropic' | 'gemini';

/**
 * How a provider decides what is cached:
 * - `implicit-prefix`: the longest shared prefix with an earlier request (OpenAI before gpt-5.6, Gemini).
 * - `breakpoints`: only prefixes ending at a marked block are written and read (Anthropic).
 * - `implicit-and-breakpoints`: one implicit breakpoint plus explicit ones (OpenAI gpt-5.6 and later).
 */
export type CacheMode = 'implicit-prefix' | 'breakpoints' | 'implicit-and-breakpoints';

/** How long an entry lives: `idleMs` after its last use, never more than `maxMs` after it was written. */
export interface RetentionRule {
  idleMs: number;
  maxMs: number;
  /** Price of writing tokens under this retention, as a multiple of the base input price. */
  writeMultiplier: number;
}

export interface CacheRules {
  provider: CacheProvider;
  /** Which table row matched, for people: `gpt-4o`, `claude-opus-4-5`. */
  family: string;
  mode: CacheMode;
  /** Prompts (Anthropic: prefixes up to a breakpoint) shorter than this are not cached. */
  minimumTokens: number;
  /** Hits come in steps of this many tokens past the minimum; 1 means no rounding. */
  incrementTokens: number;
  /** Tokens hashed for routing to a cache machine; null when routing does not matter. */
  routingPrefixTokens: number | null;
  /** Requests per minute for one prefix+key before some overflow to cold machines. */
  overflowRequestsPerMinute: number | null;
  /** Breakpoints a request may carry (or write); null when the provider has none. */
  maxBreakpoints: number | null;
  /** Blocks a breakpoint looks back for an earlier entry; null when there is no limit. */
  lookbackBlocks: number | null;
  /** Retention (OpenAI) or breakpoint ttl (Anthropic) values the provider accepts. */
  retention: Record<string, RetentionRule>;
  defaultRetention: string;
  /** Cached input price as a multiple of base input, used when the price table has no cached price. */
  readMultiplier: number;
  /** Whether `prompt_cache_key` takes part in routing. */
  usesPromptCacheKey: boolean;
  /** Where the figures come from. */
  sources: string[];
  /** Doubts and disagreements between sources, shown to people next to the numbers. */
  notes?: string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const OPENAI_GUIDE = 'https://developers.openai.com/api/docs/guides/prompt-caching';
const OPENAI_SDK = 'openai-node 6.49.0 resources/beta/responses/responses.d.ts (prompt_cache_options)';
const ANTHROPIC_GUIDE = 'https://platform.claude.com/docs/en/build-with-claude/prompt-caching';
const GEMINI_GUIDE = 'https://ai.google.dev/gemini-api/docs/caching';

/**
 * In-memory entries are cleared after 5-10 minutes of inactivity: the simulator takes the low end so
 * that it never promises a hit the provider may not give. Callers can override it.
 */
const OPENAI_IN_MEMORY: RetentionRule = { idleMs: 5 * MINUTE, maxMs: HOUR, writeMultiplier: 1 };
const OPENAI_24H: RetentionRule = { idleMs: 24 * HOUR, maxMs: 24 * HOUR, writeMultiplier: 1 };
/** gpt-5.6: `ttl: "30m"` is a minimum lifetime per breakpoint; writes cost 1.25x. */
const OPENAI_30M: RetentionRule = { idleMs: 30 * MINUTE, maxMs: 24 * HOUR, writeMultiplier: 1.25 };

const ANTHROPIC_TTLS: Record<string, RetentionRule> = {
  // Both ttls are refreshed on every hit, so there is no cap beyond the idle time.
  '5m': { idleMs: 5 * MINUTE, maxMs: Number.POSITIVE_INFINITY, writeMultiplier: 1.25 },
  '1h': { idleMs: HOUR, maxMs: Number.POSITIVE_INFINITY, writeMultiplier: 2 },
};

/** Gemini does not document how long implicit entries live; five idle minutes is an assumption. */
const GEMINI_IMPLICIT: RetentionRule = { idleMs: 5 * MINUTE, maxMs: HOUR, writeMultiplier: 1 };

type RuleDefaults = Omit<CacheRules, 'family' | 'minimumTokens' | 'notes'>;

const OPENAI_LEGACY: RuleDefaults = {
  provider: 'openai',
  mode: 'implicit-prefix',
  incrementTokens: 128,
  routingPrefixTokens: 256,
  overflowRequestsPerMinute: 15,
  maxBreakpoints: null,
  lookbackBlocks: null,
  retention: { in_memory: OPENAI_IN_MEMORY },
  defaultRetention: 'in_memory',
  readMultiplier: 0.5,
  usesPromptCacheKey: true,
  sources: [OPENAI_GUIDE],
};

/**
 * Models that accept `prompt_cache_retention: "24h"`. The SDK documents that organisations without
 * zero data retention default to `24h` on these models; with ZDR the default is `in_memory`.
 */
const OPENAI_EXTENDED: RuleDefaults = {
  ...OPENAI_LEGACY,
  retention: { in_memory: OPENAI_IN_MEMORY, '24h': OPENAI_24H },
  defaultRetention: '24h',
  readMultiplier: 0.1,
  sources: [OPENAI_GUIDE, OPENAI_SDK],
};

const OPENAI_BREAKPOINTS: RuleDefaults = {
  provider: 'openai',
  mode: 'implicit-and-breakpoints',
  incrementTokens: 1,
  routingPrefixTokens: 256,
  overflowRequestsPerMinute: 15,
  maxBreakpoints: 4,
  lookbackBlocks: null,
  retention: { '30m': OPENAI_30M },
  defaultRetention: '30m',
  readMultiplier: 0.1,
  usesPromptCacheKey: true,
  sources: [OPENAI_GUIDE, OPENAI_SDK],
};

const ANTHROPIC: RuleDefaults = {
  provider: 'anthropic',
  mode: 'breakpoints',
  incrementTokens: 1,
  routingPrefixTokens: null,
  overflowRequestsPerMinute: null,
  maxBreakpoints: 4,
  lookbackBlocks: 20,
  retention: ANTHROPIC_TTLS,
  defaultRetention: '5m',
  readMultiplier: 0.1,
  usesPromptCacheKey: false,
  sources: [ANTHROPIC_GUIDE],
};

const GEMINI: RuleDefaults = {
  provider: 'gemini',
  mode: 'implicit-prefix',
  incrementTokens: 1,
  routingPrefixTokens: null,
  overflowRequestsPerMinute: null,
  maxBreakpoints: null,
  lookbackBlocks: null,
  retention: { implicit: GEMINI_IMPLICIT },
  defaultRetention: 'implicit',
  readMultiplier: 0.1,
  usesPromptCacheKey: false,
  sources: [GEMINI_GUIDE],
};

/**
 * How a row is matched: by model-name prefix, or (for "this version and later") by a family prefix
 * followed by a dotted version number at least `atLeast`.
 */
export type ModelMatch = { prefix: string } | { family: string; atLeast: number[] };

interface RuleRow {
  match: ModelMatch;
  family: string;
  minimumTokens: number;
  base: RuleDefaults;
  notes?: string;
}

const ANTHROPIC_MINIMUM_NOTE =
  'Sources disagree on several newer Claude minimums (e.g. Opus 4.7 is given as 2048 or 4096, ' +
  'Sonnet 4.6 as 1024 or 2048); the value shown follows the Anthropic guide as quoted in ' +
  'anthropics/anthropic-sdk-python#1194 and later third-party copies of it.';

/** One table; the longest matching prefix wins, version rows are tried when no prefix matches. */
export const CACHE_RULE_TABLE: readonly RuleRow[] = [
  // OpenAI, before gpt-5.6: automatic, 1024 minimum, 128-token steps.
  { match: { prefix: 'gpt-4o' }, family: 'gpt-4o', minimumTokens: 1024, base: OPENAI_LEGACY },
  { match: { prefix: 'gpt-4.1' }, family: 'gpt-4.1', minimumTokens: 1024, base: OPENAI_EXTENDED },
  { match: { prefix: 'gpt-4.5' }, family: 'gpt-4.5', minimumTokens: 1024, base: OPENAI_LEGACY },
  { match: { prefix: 'gpt-5' }, family: 'gpt-5', minimumTokens: 1024, base: OPENAI_EXTENDED },
  {
    match: { prefix: 'gpt-5.5' },
    family: 'gpt-5.5',
    minimumTokens: 1024,
    base: { ...OPENAI_EXTENDED, retention: { '24h': OPENAI_24H } },
    notes: 'gpt-5.5 accepts only 24h retention (openai-node 6.49.0).',
  },
  { match: { prefix: 'o1' }, family: 'o1', minimumTokens: 1024, base: OPENAI_LEGACY },
  { match: { prefix: 'o3' }, family: 'o3', minimumTokens: 1024, base: OPENAI_LEGACY },
  { match: { prefix: 'o4' }, family: 'o4', minimumTokens: 1024, base: OPENAI_LEGACY },
  { match: { prefix: 'chatgpt-4o' }, family: 'chatgpt-4o', minimumTokens: 1024, base: OPENAI_LEGACY },
  // gpt-5.6 and later: implicit caching without rounding, explicit breakpoints, paid writes.
  {
    match: { family: 'gpt-', atLeast: [5, 6] },
    family: 'gpt-5.6+',
    minimumTokens: 1024,
    base: OPENAI_BREAKPOINTS,
    notes:
      'The 1024-token minimum is carried over from earlier models; the implicit breakpoint is ' +
      'assumed to sit at the end of the prompt.',
  },

  // Anthropic, per-model minimums.
  { match: { prefix: 'claude-3-haiku' }, family: 'claude-3-haiku', minimumTokens: 2048, base: ANTHROPIC },
  { match: { prefix: 'claude-3-5-haiku' }, family: 'claude-3-5-haiku', minimumTokens: 2048, base: ANTHROPIC },
  { match: { prefix: 'claude-3' }, family: 'claude-3', minimumTokens: 1024, base: ANTHROPIC },
  { match: { prefix: 'claude-haiku-4-5' }, family: 'claude-haiku-4-5', minimumTokens: 4096, base: ANTHROPIC },
  { match: { prefix: 'claude-sonnet-4' }, family: 'claude-sonnet-4', minimumTokens: 1024, base: ANTHROPIC },
  {
    match: { prefix: 'claude-sonnet-4-6' },
    family: 'claude-sonnet-4-6',
    minimumTokens: 1024,
    base: ANTHROPIC,
    notes: ANTHROPIC_MINIMUM_NOTE,
  },
  { match: { prefix: 'claude-opus-4' }, family: 'claude-opus-4', minimumTokens: 1024, base: ANTHROPIC },
  { match: { prefix: 'claude-opus-4-5' }, family: 'claude-opus-4-5', minimumTokens: 4096, base: ANTHROPIC },
  { match: { prefix: 'claude-opus-4-6' }, family: 'claude-opus-4-6', minimumTokens: 4096, base: ANTHROPIC },
  {
    match: { prefix: 'claude-opus-4-7' },
    family: 'claude-opus-4-7',
    minimumTokens: 4096,
    base: ANTHROPIC,
    notes: ANTHROPIC_MINIMUM_NOTE,
  },
  { match: { prefix: 'claude-opus-4-8' }, family: 'claude-opus-4-8', minimumTokens: 1024, base: ANTHROPIC },
  { match: { prefix: 'claude-sonnet-5' }, family: 'claude-sonnet-5', minimumTokens: 1024, base: ANTHROPIC },
  { match: { prefix: 'claude-opus-5' }, family: 'claude-opus-5', minimumTokens: 512, base: ANTHROPIC },
  { match: { prefix: 'claude-fable-5' }, family: 'claude-fable-5', minimumTokens: 512, base: ANTHROPIC },
  { match: { prefix: 'claude-mythos-5' }, family: 'claude-mythos-5', minimumTokens: 512, base: ANTHROPIC },

  // Gemini implicit caching.
  {
    match: { prefix: 'gemini-2.5-flash' },
    family: 'gemini-2.5-flash',
    minimumTokens: 1024,
    base: GEMINI,
    notes: 'Docs list 1024 (2026-05) or 2048 (2026-10); the API enforces 1024 (discuss.ai.google.dev #178942).',
  },
  {
    match: { prefix: 'gemini-2.5-flash-lite' },
    family: 'gemini-2.5-flash-lite',
    minimumTokens: 2048,
    base: GEMINI,
    notes: 'Not in the docs table; 2048 is what the API enforces (discuss.ai.google.dev #178942).',
  },
  {
    match: { prefix: 'gemini-2.5-pro' },
    family: 'gemini-2.5-pro',
    minimumTokens: 2048,
    base: GEMINI,
    notes: 'Docs list 4096 (2026-05) or 2048 (2026-10).',
  },
  { match: { prefix: 'gemini-3-flash' }, family: 'gemini-3-flash', minimumTokens: 1024, base: GEMINI },
  { match: { prefix: 'gemini-3-pro' }, family: 'gemini-3-pro', minimumTokens: 4096, base: GEMINI },
];

/** Used when the model is unknown: the provider's most common current rules. */
const PROVIDER_FALLBACK: Record<CacheProvider, RuleRow> = {
  openai: { match: { prefix: '' }, family: 'openai (unknown model)', minimumTokens: 1024, base: OPENAI_LEGACY },
  anthropic: {
    match: { prefix: '' },
    family: 'anthropic (unknown model)',
    minimumTokens: 1024,
    base: ANTHROPIC,
  },
  // Newer Gemini models all list 4096 in the 2026-10 docs.
  gemini: { match: { prefix: '' }, family: 'gemini (unknown model)', minimumTokens: 4096, base: GEMINI },
};

/** Provider guessed from the model name; undefined when it says nothing. */
export function providerOfModel(model: string): CacheProvider | undefined {
  const name = normalizeModelName(model);
  if (/^(gpt-|o\d|chatgpt-|codex-)/.test(name)) return 'openai';
  if (name.startsWith('claude-')) return 'anthropic';
  if (name.startsWith('gemini-')) return 'gemini';
  return undefined;
}

/** Lowercase, without a router prefix such as `openai/` or `anthropic.` (Bedrock). */
export function normalizeModelName(model: string): string {
  const lower = model.trim().toLowerCase();
  const slash = lower.lastIndexOf('/');
  const bare = slash >= 0 ? lower.slice(slash + 1) : lower;
  return bare.replace(/^(anthropic|openai|google)\./, '');
}

function parseVersion(rest: string): number[] | undefined {
  const m = /^(\d+(?:\.\d+)*)/.exec(rest);
  return m ? m[1].split('.').map(Number) : undefined;
}

function versionAtLeast(version: number[], floor: number[]): boolean {
  for (let i = 0; i < Math.max(version.length, floor.length); i++) {
    const a = version[i] ?? 0;
    const b = floor[i] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
}

function rowProvider(row: RuleRow): CacheProvider {
  return row.base.provider;
}

function toRules(row: RuleRow): CacheRules {
  return { ...row.base, family: row.family, minimumTokens: row.minimumTokens, notes: row.notes };
}

/**
 * The cache rules for a model. `provider` may be omitted when the model name tells it; an unknown
 * model gets its provider's fallback rules, an unknown provider OpenAI's.
 */
export function cacheRulesFor(provider: CacheProvider | string | undefined, model: string): CacheRules {
  const name = normalizeModelName(model);
  const known = (['openai', 'anthropic', 'gemini'] as const).find((p) => p === provider?.toLowerCase());
  const wanted: CacheProvider = known ?? providerOfModel(name) ?? 'openai';
  const rows = CACHE_RULE_TABLE.filter((row) => rowProvider(row) === wanted);

  const versioned = rows.find((row) => {
    if (!('family' in row.match)) return false;
    const { family, atLeast } = row.match;
    if (!name.startsWith(family)) return false;
    const version = parseVersion(name.slice(family.length));
    return version !== undefined && versionAtLeast(version, atLeast);
  });
  if (versioned) return toRules(versioned);

  let best: RuleRow | undefined;
  for (const row of rows) {
    if (!('prefix' in row.match) || !name.startsWith(row.match.prefix)) continue;
    if (!best || row.match.prefix.length > (best.match as { prefix: string }).prefix.length) best = row;
  }
  return toRules(best ?? PROVIDER_FALLBACK[wanted]);
}

/**
 * Tokens a provider caches of a shared prefix of `prefixTokens`: zero below the minimum, then rounded
 * down to the increment (1,100 -> 1,024 and 1,300 -> 1,280 on OpenAI models before gpt-5.6).
 */
export function roundCacheable(prefixTokens: number, rules: Pick<CacheRules, 'minimumTokens' | 'incrementTokens'>): number {
  if (prefixTokens < rules.minimumTokens) return 0;
  const step = Math.max(1, rules.incrementTokens);
  return rules.minimumTokens + Math.floor((prefixTokens - rules.minimumTokens) / step) * step;
}

/** The retention rule for a requested value, falling back to the model's default. */
export function retentionRule(rules: CacheRules, requested?: string): { id: string; rule: RetentionRule } {
  const normalized = requested?.replace('-', '_');
  const id = normalized && rules.retention[normalized] ? normalized : rules.defaultRetention;
  return { id, rule: rules.retention[id] };
}
