/** When to try a failed request again, and how long to wait first. */
import type { RunErrorKind } from './types';

/** Failures worth another attempt; auth, bad requests, unknown models and timeouts are not. */
const RETRYABLE: ReadonlySet<RunErrorKind> = new Set(['rate-limit', 'server', 'network', 'malformed-response']);

export function isRetryable(kind: RunErrorKind): boolean {
  return RETRYABLE.has(kind);
}

/**
 * The wait a response asks for: `retry-after-ms` (OpenAI), then `Retry-After` in seconds or as an
 * HTTP date. Undefined when absent or unreadable.
 */
export function retryAfterMs(headers: { get(name: string): string | null } | undefined, now: number): number | undefined {
  if (!headers) return undefined;
  const ms = Number(headers.get('retry-after-ms'));
  if (headers.get('retry-after-ms') !== null && Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential back-off: base, 2x base, 4x base ... for attempts 1, 2, 3 ... */
export function backoffMs(attempt: number, baseMs: number): number {
  return baseMs * 2 ** Math.max(0, attempt - 1);
}

/** Resolves after `ms`, or at once (rejecting) when the signal aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    if (ms <= 0) return resolve();
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    function onAbort() {
      clearTimeout(timer);
      reject(signal?.reason);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
