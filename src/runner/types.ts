/** The runner's inputs and outputs: where to send, how often, and what each run measured. */
import type { PriceOverrides } from '../core/cache/pricing';

/**
 * Where requests go. The key is part of the endpoint only so the runner can authenticate; it is
 * never copied into records, errors or the session header (see `describeEndpoint`).
 */
export type EndpointConfig =
  | { kind: 'openai'; apiKey: string; baseURL?: string; organization?: string }
  | { kind: 'azure'; apiKey: string; endpoint: string; apiVersion: string; deployment?: string }
  | { kind: 'compatible'; baseURL: string; apiKey?: string }
  /** `protocol: 'anthropic'` sends Messages API requests to the simulator instead of OpenAI ones. */
  | { kind: 'simulator'; baseURL: string; apiKey?: string; protocol?: 'openai' | 'anthropic' }
  | { kind: 'anthropic'; apiKey: string; baseURL?: string; version?: string };

export type EndpointKind = EndpointConfig['kind'];

/** Which OpenAI API a run calls; Anthropic endpoints always use the Messages API. */
export type ApiChoice = 'chat' | 'responses';

/**
 * Responses API state across runs:
 * - `independent`: every run sends the whole prompt (like Chat Completions);
 * - `resend-history`: runs are turns of one conversation, each resending all earlier input and output;
 * - `previous-response-id`: runs are turns chained with `previous_response_id`.
 * In both conversation modes the first run sends the whole prompt and later runs its closing user
 * message(s), with that run's variable values.
 */
export type ResponsesState = 'independent' | 'resend-history' | 'previous-response-id';

export type PromptCacheKeyMode = 'none' | 'fixed' | 'per-session';

/**
 * What runs send for the prompt's per-request spans (computed values, literal timestamps and ids):
 * `vary` a fresh value each run, as production does; `as-written` the file's text, the best case.
 */
export type PerRequestValuesMode = 'vary' | 'as-written';

export interface RunSettings {
  model: string;
  api: ApiChoice;
  responsesState?: ResponsesState;
  runs: number;
  /** Milliseconds between the starts of consecutive runs. */
  delayMs?: number;
  /** Runs in flight at once (conversation modes always run one at a time). */
  concurrency?: number;
  promptCacheKeyMode?: PromptCacheKeyMode;
  /** The key for `fixed` mode (default `prompt-cache-lens`). */
  promptCacheKey?: string;
  promptCacheRetention?: string;
  /** Output cap; small by default to keep tests cheap. */
  maxOutputTokens?: number;
  /** Chat Completions field for the cap; defaults to `max_completion_tokens` on OpenAI, Azure and the simulator, `max_tokens` elsewhere. */
  maxTokensField?: 'max_tokens' | 'max_completion_tokens';
  stream?: boolean;
  /** Variable values per run; run i uses row i modulo the number of rows. */
  variableRows?: Record<string, string>[];
  /** `vary` when absent (sessions written before it was a setting sent them as written). */
  perRequestValues?: PerRequestValuesMode;
  /** Per-request timeout in milliseconds. */
  timeoutMs?: number;
  /** Retries after a 429, 5xx, network error or malformed response. */
  maxRetries?: number;
  /** First back-off wait; doubled on every further retry. */
  retryBaseDelayMs?: number;
  /** Longest `Retry-After` honoured; longer waits are capped here. */
  maxRetryWaitMs?: number;
  priceOverrides?: PriceOverrides;
}

export type RunErrorKind =
  | 'auth' // 401/403
  | 'model-not-found' // 404 naming the model
  | 'not-found' // other 404s (wrong base URL)
  | 'bad-request' // 400/422
  | 'rate-limit' // 429 after the retries
  | 'server' // 5xx after the retries
  | 'network' // connection reset or dropped mid-request
  | 'unreachable' // connection refused, unknown host: not retried
  | 'timeout'
  | 'malformed-response' // a body or stream that is not valid JSON
  | 'unexpected-response' // JSON without usage (or Chat's choices): not retried
  | 'cancelled'
  | 'not-sent' // never sent: an earlier run was refused for its key (401/403), failed with a server error on every attempt or timed out
  | 'unknown';

export type RunOutcome =
  | { status: 'ok' }
  | {
      status: 'error';
      kind: RunErrorKind;
      message: string;
      httpStatus?: number;
      /** The endpoint's id for the last failed request, when it sent one. */
      requestId?: string;
    };

/** One failed attempt of a run: what went wrong and how long the runner waited before the next. */
export interface FailedAttempt {
  /** 1-based. */
  attempt: number;
  kind: RunErrorKind;
  message: string;
  httpStatus?: number;
  requestId?: string;
  /** The wait before the next attempt; 0 when there was none. */
  waitMs: number;
  /** The wait came from the endpoint's `Retry-After`. */
  retryAfterHonoured: boolean;
}

export interface RunCost {
  /** What the run cost with its cache reads and writes. */
  cachedUsd: number;
  /** What it would have cost without any caching. */
  uncachedUsd: number;
}

export interface RunRecord {
  sessionId: string;
  /** 0-based run number. */
  index: number;
  startedAt: string;
  startedAtMs: number;
  /** Request start to the complete response (the last attempt). */
  latencyMs: number | null;
  /** Request start to the first streamed text; null when not streaming. */
  ttftMs: number | null;
  promptTokens: number | null;
  /** `null` means the endpoint did not report it, which is not the same as 0. */
  cachedTokens: number | null;
  /** OpenAI `cache_write_tokens` or Anthropic `cache_creation_input_tokens`. */
  cacheWriteTokens: number | null;
  cacheCreationInputTokens: number | null;
  cacheReadInputTokens: number | null;
  outputTokens: number | null;
  /** What the engine's cache model predicts for this run, from the same token ids. */
  predictedCachedTokens: number | null;
  predictedPromptTokens: number | null;
  /** Whether the prediction expected the endpoint to hold this prompt's prefix already. */
  predictedCache?: 'cold' | 'warm';
  cost: RunCost | null;
  outcome: RunOutcome;
  /** Requests made for this run, retries included. */
  attempts: number;
  /** Time spent waiting before retries. */
  retryWaitMs: number;
  /** Every failed attempt, in order (absent in history written before it was recorded). */
  failedAttempts?: FailedAttempt[];
  responseId?: string;
  /** The endpoint's `usage` object as received. */
  usage: unknown;
  /** True when the numbers come from the built-in simulator. */
  simulated: boolean;
  /** The variable values this run sent (absent in history written before they were recorded). */
  variables?: Record<string, string>;
  /** The value this run sent for each per-request span it varied, by the span as written (absent when none was). */
  perRequestValues?: Record<string, string>;
  /** What the provider's cache saw for this run (absent in history written before it was kept). */
  request?: RunRequest;
}

/** A run's request body as kept in the history (see `keptRequest.ts`). */
export interface RunRequest {
  /** SHA-256 of the redacted body's JSON: runs of a session that sent the same body share one copy. */
  sha256: string;
  format: 'openai-chat' | 'openai-responses' | 'anthropic-messages';
  /** The redacted body as JSON; absent when an earlier run of the session keeps the same one, or when omitted. */
  body?: string;
  /** The body was over the size limit and not kept. */
  omitted?: boolean;
}

export type ProgressEvent =
  | { type: 'run-started'; index: number; timeoutMs: number }
  | { type: 'retry-wait'; index: number; attempt: number; waitMs: number; reason: RunErrorKind; retryAfterHonoured: boolean }
  | { type: 'run-finished'; record: RunRecord };

/** Identifies a session in history; holds no secret. */
export interface SessionHeader {
  sessionId: string;
  createdAt: string;
  /** The prompt file the session was run for, when known. */
  promptFile?: string;
  /** `protocol: 'anthropic'`: a simulator that was sent Messages API requests. */
  endpoint: { kind: EndpointKind; baseURL?: string; apiVersion?: string; deployment?: string; protocol?: 'anthropic' };
  settings: Omit<RunSettings, 'priceOverrides'>;
  simulated: boolean;
}
