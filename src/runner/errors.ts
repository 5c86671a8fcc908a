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

/**
 * A JSON answer without what the API always sends (its usage, Chat's choices): another kind of server
 * is answering at that URL, so asking again would get the same answer.
 */
export class UnexpectedResponseError extends Error {
  constructor(readonly missing: readonly string[]) {
    super(`unexpected response body (${missing.join(', ')})`);
    this.name = 'UnexpectedResponseError';
  }
}

export interface ClassifiedError {
  kind: RunErrorKind;
  message: string;
  httpStatus?: number;
  /** The wait the endpoint asked for, when it did. */
  retryAfterMs?: number;
  /** The endpoint's id for the failed request (`x-request-id` / `request-id`), for support tickets. */
  requestId?: string;
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
  network: 'The connection was dropped.',
  unreachable: 'Check the base URL, and that the server is running.',
  timeout: 'No complete answer in time: check that the server is running and answering, or lower the max output tokens.',
  'malformed-response': 'The endpoint answered with a body that is not valid JSON.',
  'unexpected-response': "Check that the base URL is the API's: the server there does not answer as the API does.",
};

function withAdvice(kind: RunErrorKind, detail: string): string {
  const advice = ADVICE[kind];
  return advice ? `${detail} ${advice}` : detail;
}

/** System error codes that mean the host cannot be reached at all: retrying will not help. */
const UNREACHABLE_CODES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'refused the connection',
  ENOTFOUND: 'is not a known host name',
  EAI_AGAIN: 'could not be looked up (DNS)',
  EAI_NONAME: 'is not a known host name',
  EHOSTUNREACH: 'is unreachable',
  ENETUNREACH: 'is on an unreachable network',
};

/** The first system error code in an error's cause chain (fetch wraps it two levels deep). */
export function systemCodeOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current && typeof current === 'object'; depth++) {
    const { code, errors } = current as { code?: unknown; errors?: unknown };
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
    if (Array.isArray(errors)) {
      const inner = errors.map(systemCodeOf).find((c) => c !== undefined);
      if (inner) return inner;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function requestIdOf(headers: { get(name: string): string | null } | undefined): string | undefined {
  return headers?.get('x-request-id') ?? headers?.get('request-id') ?? headers?.get('apim-request-id') ?? undefined;
}

/**
 * Sorts a failure and words it for the user. `where` names the endpoint (its host, or "the
 * simulator") so a message read later in the log or the table says which server failed.
 */
export function classifyError(error: unknown, cause: AbortCause, now: number, where?: string): ClassifiedError {
  const at = where ? `${where}: ` : '';
  if (cause === 'timeout') return { kind: 'timeout', message: withAdvice('timeout', `${at}the request timed out.`) };
  if (cause === 'cancelled') return { kind: 'cancelled', message: 'Cancelled.' };
  const status = error instanceof APIError ? error.status : error instanceof HttpStatusError ? error.status : undefined;
  if ((error instanceof APIError || error instanceof HttpStatusError) && status !== undefined) {
    const kind = statusKind(status, error.message);
    const requestId = error instanceof APIError ? (error.requestID ?? requestIdOf(error.headers)) : requestIdOf(error.headers);
    // The SDK's message starts with the status already ("429 Rate limit…"); keep one.
    const detail = error.message.replace(new RegExp(`^${status}\\s*`), '');
    return {
      kind,
      httpStatus: status,
      message: withAdvice(kind, `${at}HTTP ${status}: ${detail}`),
      retryAfterMs: retryAfterMs(error.headers, now),
      ...(requestId ? { requestId } : {}),
    };
  }
  if (error instanceof APIConnectionTimeoutError) return { kind: 'timeout', message: withAdvice('timeout', `${at}the request timed out.`) };
  if (error instanceof APIUserAbortError) return { kind: 'cancelled', message: 'Cancelled.' };
  const message = error instanceof Error ? error.message : String(error);
  const code = systemCodeOf(error);
  if (code && code in UNREACHABLE_CODES) {
    return { kind: 'unreachable', message: withAdvice('unreachable', `${where ?? 'The endpoint'} ${UNREACHABLE_CODES[code]} (${code}).`) };
  }
  if (error instanceof UnexpectedResponseError) {
    return {
      kind: 'unexpected-response',
      message: withAdvice('unexpected-response', `Unexpected response body from ${where ?? 'the endpoint'} (${error.missing.join(', ')}).`),
    };
  }
  if (error instanceof MalformedResponseError || error instanceof SyntaxError || /parse .*JSON|JSON/i.test(message)) {
    return { kind: 'malformed-response', message: withAdvice('malformed-response', `${at}${message}`) };
  }
  if (error instanceof APIConnectionError || error instanceof TypeError || /ECONNRESET|ECONNREFUSED|socket|terminated|network/i.test(message)) {
    const detail = code ? `${message.replace(/\.$/, '')} (${code}).` : message;
    return { kind: 'network', message: withAdvice('network', `${at}${detail}`) };
  }
  return { kind: 'unknown', message: `${at}${message}` };
}
