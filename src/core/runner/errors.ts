/** Failures of one request, sorted into the kinds the dashboard explains, with messages that say what to do. */
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { retryAfterMs } from './retry';
import type { RunErrorKind } from './types';

/** A non-2xx answer from an endpoint called without the SDK (Anthropic). */
export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly headers: Headers,
    message: string,
  ) {
    super(message);
    this.name = 'HttpStatusError';
  }
}

/** A body or stream that could not be read as the API's JSON. */
export class MalformedResponseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedResponseError';
  }
}

export interface ClassifiedError {
  kind: RunErrorKind;
  message: string;
  httpStatus?: number;
  /** The wait the endpoint asked for, when it did. */
  retryAfterMs?: number;
}

/** Why the runner's own abort fired, when it did. */
export type AbortCause = 'timeout' | 'cancelled' | undefined;

function statusKind(status: number, message: string): RunErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return /model|deployment/i.test(message) ? 'model-not-found' : 'not-found';
  if (status === 429) return 'rate-limit';
  if (status >= 500) return 'server';
  if (status === 400 || status === 422) return 'bad-request';
  return 'unknown';
}

const ADVICE: Partial<Record<RunErrorKind, string>> = {
  auth: 'Set or replace the API key for this endpoint (or the OPENAI_API_KEY / ANTHROPIC_API_KEY environment variable).',
  'model-not-found': 'Check the model name (on Azure, the deployment name) for this endpoint.',
  'not-found': 'Check the base URL of the endpoint.',
  'rate-limit': 'The endpoint kept rate-limiting after the retries; lower the concurrency or add a delay between runs.',
  server: 'The endpoint kept failing after the retries.',
  network: 'The endpoint could not be reached or closed the connection.',
  timeout: 'No complete answer within the timeout; raise the timeout or lower the output tokens.',
  'malformed-response': 'The endpoint answered with a body that is not valid JSON.',
};

function withAdvice(kind: RunErrorKind, detail: string): string {
  const advice = ADVICE[kind];
  return advice ? `${detail} ${advice}` : detail;
}

export function classifyError(error: unknown, cause: AbortCause, now: number): ClassifiedError {
  if (cause === 'timeout') return { kind: 'timeout', message: withAdvice('timeout', 'The request timed out.') };
  if (cause === 'cancelled') return { kind: 'cancelled', message: 'Cancelled.' };
  if (error instanceof APIError && error.status !== undefined) {
    const kind = statusKind(error.status, error.message);
    return { kind, httpStatus: error.status, message: withAdvice(kind, `${error.status}: ${error.message}`), retryAfterMs: retryAfterMs(error.headers, now) };
  }
  if (error instanceof HttpStatusError) {
    const kind = statusKind(error.status, error.message);
    return { kind, httpStatus: error.status, message: withAdvice(kind, `${error.status}: ${error.message}`), retryAfterMs: retryAfterMs(error.headers, now) };
  }
  if (error instanceof APIConnectionTimeoutError) return { kind: 'timeout', message: withAdvice('timeout', 'The request timed out.') };
  if (error instanceof APIUserAbortError) return { kind: 'cancelled', message: 'Cancelled.' };
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof MalformedResponseError || error instanceof SyntaxError || /parse .*JSON|JSON/i.test(message)) {
    return { kind: 'malformed-response', message: withAdvice('malformed-response', message) };
  }
  if (error instanceof APIConnectionError || error instanceof TypeError || /ECONNRESET|ECONNREFUSED|socket|terminated|network/i.test(message)) {
    return { kind: 'network', message: withAdvice('network', message) };
  }
  return { kind: 'unknown', message };
}
