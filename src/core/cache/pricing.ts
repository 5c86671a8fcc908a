/**
 * Prices in USD per 1M tokens for common models, used to show what caching saves. Prices change:
 * the table is dated, and callers (settings) can override or add rows.
 *
 * Source: pydantic/genai-prices `prices/providers/{openai,anthropic,google}.yml` at commit
 * 47df840a5ab10bbcffb8e5ac01b9899032245d1b (2026-08-21), which cites each provider's pricing page.
 * Base (short-context) tiers only; long-context tiers are not modelled.
 */
export const PRICES_AS_OF = '2026-08-21';
export const PRICES_SOURCE = 'pydantic/genai-prices prices/providers/*.yml @ 47df840 (2026-08-21)';

export interface ModelPrice {
  /** Model-name prefix the row applies to (longest match wins). */
  model: string;
  input: number;
  cachedInput: number;
  output: number;
  /** Price of writing to the cache (Anthropic 5-minute writes, OpenAI gpt-5.6+); absent when writes are free. */
  cacheWrite?: number;
  /** Anthropic 1-hour writes (2x input). */
  cacheWrite1h?: number;
}

/** Anthropic rows: 5-minute writes at 1.25x input and 1-hour writes at 2x input. */
function claude(model: string, input: number, output: number): ModelPrice {
  return { model, input, cachedInput: input * 0.1, output, cacheWrite: input * 1.25, cacheWrite1h: input * 2 };
}

export const PRICE_TABLE: readonly ModelPrice[] = [
  { model: 'gpt-4o', input: 2.5, cachedInput: 1.25, output: 10 },
  { model: 'gpt-4o-mini', input: 0.15, cachedInput: 0.075, output: 0.6 },
  { model: 'gpt-4.1', input: 2, cachedInput: 0.5, output: 8 },
  { model: 'gpt-4.1-mini', input: 0.4, cachedInput: 0.1, output: 1.6 },
  { model: 'gpt-4.1-nano', input: 0.1, cachedInput: 0.025, output: 0.4 },
  { model: 'gpt-5', input: 1.25, cachedInput: 0.125, output: 10 },
  { model: 'gpt-5-mini', input: 0.25, cachedInput: 0.025, output: 2 },
  { model: 'gpt-5-nano', input: 0.05, cachedInput: 0.005, output: 0.4 },
  { model: 'gpt-5.1', input: 1.25, cachedInput: 0.125, output: 10 },
  { model: 'gpt-5.2', input: 1.75, cachedInput: 0.175, output: 14 },
  { model: 'gpt-5.3', input: 1.75, cachedInput: 0.175, output: 14 },
  { model: 'gpt-5.4', input: 2.5, cachedInput: 0.25, output: 15 },
  { model: 'gpt-5.4-mini', input: 0.75, cachedInput: 0.075, output: 4.5 },
  { model: 'gpt-5.4-nano', input: 0.2, cachedInput: 0.02, output: 1.25 },
  { model: 'gpt-5.5', input: 5, cachedInput: 0.5, output: 30 },
  // gpt-5.6 without a suffix is Sol.
  { model: 'gpt-5.6', input: 5, cachedInput: 0.5, output: 30, cacheWrite: 6.25 },
  { model: 'gpt-5.6-sol', input: 5, cachedInput: 0.5, output: 30, cacheWrite: 6.25 },
  // Terra and Luna prices as reduced on 2026-07-30.
  { model: 'gpt-5.6-terra', input: 2, cachedInput: 0.2, output: 12, cacheWrite: 2.5 },
  { model: 'gpt-5.6-luna', input: 0.2, cachedInput: 0.02, output: 1.2, cacheWrite: 0.25 },
  { model: 'o1', input: 15, cachedInput: 7.5, output: 60 },
  { model: 'o3', input: 2, cachedInput: 0.5, output: 8 },
  { model: 'o3-mini', input: 1.1, cachedInput: 0.55, output: 4.4 },
  { model: 'o4-mini', input: 1.1, cachedInput: 0.275, output: 4.4 },

  // Claude 3 Haiku's cache prices are listed as rounded figures, not exact multiples.
  { model: 'claude-3-haiku', input: 0.25, cachedInput: 0.03, output: 1.25, cacheWrite: 0.3, cacheWrite1h: 0.5 },
  claude('claude-3-opus', 15, 75),
  claude('claude-3-5-haiku', 0.8, 4),
  claude('claude-3-5-sonnet', 3, 15),
  claude('claude-3-7-sonnet', 3, 15),
  claude('claude-haiku-4-5', 1, 5),
  claude('claude-sonnet-4', 3, 15),
  claude('claude-sonnet-4-5', 3, 15),
  claude('claude-sonnet-5', 3, 15),
  claude('claude-opus-4', 15, 75),
  claude('claude-opus-4-1', 15, 75),
  claude('claude-opus-4-5', 5, 25),
  claude('claude-opus-4-6', 5, 25),
  claude('claude-opus-4-7', 5, 25),
  claude('claude-opus-4-8', 5, 25),
  claude('claude-opus-5', 5, 25),
  claude('claude-fable-5', 10, 50),

  { model: 'gemini-2.5-flash', input: 0.3, cachedInput: 0.03, output: 2.5 },
  { model: 'gemini-2.5-flash-lite', input: 0.1, cachedInput: 0.01, output: 0.4 },
  { model: 'gemini-2.5-pro', input: 1.25, cachedInput: 0.125, output: 10 },
  { model: 'gemini-3-flash', input: 0.5, cachedInput: 0.05, output: 3 },
  { model: 'gemini-3-pro', input: 2, cachedInput: 0.2, output: 12 },
  { model: 'gemini-3.1-pro', input: 2, cachedInput: 0.2, output: 12 },
  { model: 'gemini-3.5-flash', input: 1.5, cachedInput: 0.15, output: 9 },
];

/** Rows from settings: keyed by model prefix, any field may be given; new prefixes add rows. */
export type PriceOverrides = Record<string, Partial<Omit<ModelPrice, 'model'>>>;

function longestPrefixRow(rows: readonly ModelPrice[], name: string): ModelPrice | undefined {
  let best: ModelPrice | undefined;
  for (const row of rows) {
    if (name.startsWith(row.model) && (!best || row.model.length > best.model.length)) best = row;
  }
  return best;
}

/**
 * The price row for a model (longest prefix, case-insensitive, router prefixes like `openai/`
 * ignored). An override for the exact row extends it; an override for a new prefix must give at
 * least input and output (cached input defaults to input).
 */
export function priceFor(model: string, overrides: PriceOverrides = {}): ModelPrice | undefined {
  const lower = model.trim().toLowerCase();
  const name = lower.slice(lower.lastIndexOf('/') + 1);
  const rows: ModelPrice[] = [...PRICE_TABLE];
  for (const [prefix, fields] of Object.entries(overrides)) {
    const key = prefix.toLowerCase();
    const index = rows.findIndex((row) => row.model === key);
    if (index >= 0) {
      rows[index] = { ...rows[index], ...fields, model: key };
    } else if (fields.input !== undefined && fields.output !== undefined) {
      rows.push({ cachedInput: fields.input, ...fields, model: key, input: fields.input, output: fields.output });
    }
  }
  return longestPrefixRow(rows, name);
}

export interface RequestUsage {
  /** Every prompt token, cached ones included (OpenAI `prompt_tokens`). */
  promptTokens: number;
  /** Tokens read from the cache. */
  cachedTokens: number;
  /** Tokens written to the cache at the 5-minute (or only) write price. */
  cacheWriteTokens?: number;
  /** Tokens written at Anthropic's 1-hour price. */
  cacheWrite1hTokens?: number;
  outputTokens?: number;
}

export interface RequestCost {
  /** What the request costs with the given cache reads and writes. */
  totalUsd: number;
  inputUsd: number;
  outputUsd: number;
  /** What it would cost if nothing were read from or written to the cache. */
  uncachedUsd: number;
  /** uncachedUsd - totalUsd; negative when writes cost more than reads save. */
  savedUsd: number;
}

/**
 * Money is summed in whole picodollars (10^-12 USD): a price per million tokens is a whole number
 * of picodollars per token, so sums are exact integers and equal usages cost exactly the same
 * (adding floating-point dollars made a request with nothing cached cost a fraction of a cent more
 * than one without a cache). Exact up to about $9,000 a request.
 */
const PICO_PER_USD = 1e12;
const picoPerToken = (usdPerMillion: number) => Math.round(usdPerMillion * 1_000_000);
const usd = (pico: number) => pico / PICO_PER_USD;

/** The cost of one request, with and without caching. */
export function costPerRequest(price: ModelPrice, usage: RequestUsage): RequestCost {
  const writes5m = usage.cacheWriteTokens ?? 0;
  const writes1h = usage.cacheWrite1hTokens ?? 0;
  const plain = Math.max(0, usage.promptTokens - usage.cachedTokens - writes5m - writes1h);
  const input = picoPerToken(price.input);
  const writePrice = picoPerToken(price.cacheWrite ?? price.input);
  const write1hPrice = price.cacheWrite1h === undefined ? writePrice : picoPerToken(price.cacheWrite1h);
  const inputPico = plain * input + usage.cachedTokens * picoPerToken(price.cachedInput) + writes5m * writePrice + writes1h * write1hPrice;
  const outputPico = (usage.outputTokens ?? 0) * picoPerToken(price.output);
  const uncachedPico = usage.promptTokens * input + outputPico;
  const totalPico = inputPico + outputPico;
  return {
    totalUsd: usd(totalPico),
    inputUsd: usd(inputPico),
    outputUsd: usd(outputPico),
    uncachedUsd: usd(uncachedPico),
    savedUsd: usd(uncachedPico - totalPico),
  };
}
