/**
 * What the user is told when a provider count fails: one sentence naming the host and what to do,
 * never a stack trace or the key. The editor and the command line say it alike; only how to set a
 * key differs, so each passes its own advice.
 */
import { classifyError } from './errors';
import { CountRateLimitedError, PROVIDER_NAMES, type CountingApi } from './providerCount';

/** The code of the innermost cause (`ECONNREFUSED`, `ENOTFOUND`), when a network error has one. */
function networkCode(err: unknown): string | undefined {
  let current: unknown = err;
  let code: string | undefined;
  for (let depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    const own = (current as { code?: unknown }).code;
    if (typeof own === 'string') code = own;
    current = (current as { cause?: unknown }).cause;
  }
  return code;
}

function firstLine(text: string, secret: string | undefined): string {
  const cleaned = secret ? text.split(secret).join('[key]') : text;
  const line = cleaned.split('\n')[0].trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

export interface CountFailure {
  message: string;
  /** The key was refused: offer to set another. */
  badKey: boolean;
  /** The per-minute limit: a background count waits this long and tries again. */
  retryInMs?: number;
}

export interface CountFailureContext {
  /** The key sent, to strip from any message that echoes it. */
  secret?: string;
  /** The sentence after a refused key: where to set a valid one. */
  keyAdvice: string;
}

export function describeCountFailure(err: unknown, host: string, api: CountingApi, context: CountFailureContext): CountFailure {
  if (err instanceof CountRateLimitedError) return { message: err.message, badKey: false, retryInMs: err.retryInMs };
  // The counter's own deadline aborts the request: the SDK reports that as a cancellation.
  const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
  const classified = classifyError(err, timedOut ? 'timeout' : undefined, Date.now());
  const status = classified.httpStatus;
  const detail = firstLine(err instanceof Error ? err.message : String(err), context.secret);
  const name = PROVIDER_NAMES[api];
  switch (classified.kind) {
    case 'auth':
      return { message: `${host} refused the ${name} API key (${status}). ${context.keyAdvice}`, badKey: true };
    case 'rate-limit': {
      const wait = classified.retryAfterMs !== undefined ? `; try again in ${Math.ceil(classified.retryAfterMs / 1000)} s` : '; try again in a minute';
      return { message: `${host} is rate-limiting requests (429)${wait}.`, badKey: false };
    }
    case 'unreachable':
    case 'network': {
      const code = networkCode(err);
      return { message: `Could not reach ${host}${code ? ` (${code})` : ''}: check the connection or a proxy.`, badKey: false };
    }
    case 'timeout':
    case 'cancelled':
      return { message: `${host} did not answer in time: try again, or check the connection or a proxy.`, badKey: false };
    default:
      return { message: `${host} could not count the prompt${status ? ` (${status})` : ''}: ${detail}`, badKey: false };
  }
}
