/** What the simulated endpoint can be told to do: its clock and seed, auth, and the faults it injects. */

/**
 * When a fault fires. Counting is over POST requests to the API routes, starting at 1, so tests can
 * name the exact requests that fail. Several triggers combine: any of them fires the fault.
 */
export interface FaultTrigger {
  /** Every Nth request (N, 2N, 3N ...). */
  everyNth?: number;
  /** The first N requests. */
  firstN?: number;
  /** Exactly these request numbers. */
  requests?: number[];
  /** A fraction of requests in [0, 1], drawn from the seeded generator. */
  rate?: number;
}

export interface FaultOptions {
  /** Milliseconds added before every API response. */
  latencyMs?: number;
  /** Milliseconds between streamed chunks. */
  chunkIntervalMs?: number;
  /**
   * 429 `rate_limit_exceeded` with `Retry-After` (seconds) and `retry-after-ms` (Anthropic routes:
   * 429 `rate_limit_error`).
   */
  rateLimit?: FaultTrigger & { retryAfterMs?: number };
  /** 500 `server_error` (Anthropic routes: 529 `overloaded_error` with `retry-after`). */
  serverError?: FaultTrigger;
  /** The connection is destroyed without a response. */
  drop?: FaultTrigger;
  /** A 200 response whose body (or stream) is not valid JSON. */
  malformed?: FaultTrigger;
}

/**
 * How `cached_tokens` is reported, to imitate OpenAI-compatible servers: OpenAI always sends it,
 * vLLM omits the details object when nothing was cached, Ollama never sends it.
 */
export type CachedTokensReporting = 'always' | 'omit-when-zero' | 'never';

export interface SimulatorServerOptions {
  /** 0 (the default) picks a free port. The server binds to 127.0.0.1 only. */
  port?: number;
  /** Seed for reply texts, rate-based faults and the cache model's random overflow. */
  seed?: number;
  /** Milliseconds; drives cache expiry and `created` timestamps. Defaults to `Date.now`. */
  clock?: () => number;
  /**
   * When set, only this key is accepted (OpenAI routes: bearer token or Azure `api-key`; Anthropic
   * routes: `x-api-key`); others get 401.
   */
  requireKey?: string;
  /** Model ids served; others get 404. Without it every model name is accepted. */
  models?: string[];
  faults?: FaultOptions;
  cachedTokensReporting?: CachedTokensReporting;
  /** Reply length when the request sets no maximum. */
  defaultOutputTokens?: number;
  /** Longest reply, whatever the request asks for. */
  maxOutputTokens?: number;
  /** Directory of the tokenizer assets (see tokens/tokenizer.ts). */
  tokenizerAssetDir?: string;
  /** Overflow handling of the cache model (see cache/simulate.ts). */
  overflow?: 'strict' | 'random';
  /** Larger request bodies get 413. Defaults to 32 MiB. */
  maxBodyBytes?: number;
  /** Cache entries kept at most; the least recently used go first. Defaults to 10,000. */
  maxCacheEntries?: number;
  /** Token ids held by cache entries at most (4 bytes each). Defaults to 50,000,000. */
  maxCacheTokens?: number;
  /**
   * Bodies larger than this are tokenized on a worker thread, so one big request does not stall the
   * others. Defaults to 256 KiB; `Infinity` keeps all work on the main thread.
   */
  offThreadBytes?: number;
}

export interface RunningSimulator {
  /** Base URL for SDK clients, ending in `/v1`. */
  url: string;
  port: number;
  /** POST requests received so far (the fault counter). */
  requestCount(): number;
  /** Requests being worked on now (a client that went away stops counting at once). */
  inFlight(): number;
  close(): Promise<void>;
}

/** Models `GET /v1/models` lists when no list is configured. */
export const DEFAULT_SIMULATED_MODELS: readonly string[] = [
  'gpt-4o',
  'gpt-4o-mini',
  'gpt-4.1',
  'gpt-4.1-mini',
  'gpt-5',
  'gpt-5-mini',
  'gpt-5.6',
];

/** Every response carries this header, so nobody mistakes simulated numbers for measured ones. */
export const SIMULATED_HEADER = 'x-prompt-cache-lens';
/** A second, generic label for clients that only look for a yes/no flag. */
export const SIMULATED_FLAG_HEADER = 'x-simulated';
export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;
export const DEFAULT_MAX_CACHE_ENTRIES = 10_000;
export const DEFAULT_MAX_CACHE_TOKENS = 50_000_000;
export const DEFAULT_OFF_THREAD_BYTES = 256 * 1024;
export const SIMULATED_FINGERPRINT = 'simulated';
