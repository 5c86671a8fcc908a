/**
 * Where an exact count is asked for and what the user is told when that fails. Free of `vscode`
 * so it can be tested on Node. Keys only ever go to the providers' own hosts (or the host the user's
 * environment names for the OpenAI SDK); the simulator gets none, and no workspace setting can
 * change where a key goes.
 */
import type { Analysis } from '../core/analyze';
import type { ProviderFigure } from '../core/providerFigure';
import { ANTHROPIC_BASE_URL } from '../runner/anthropicCall';
import { classifyError } from '../runner/errors';
import { CountRateLimitedError, type CountingEndpoint, type ProviderCount } from '../runner/providerCount';
import type { KeySource, SimulatorUrl } from './dashboard/endpointConfig';
import { hostOf } from './dashboard/endpointTrust';
import type { CountingChoice } from './config';

/** Which API counts a prompt, and whether the built-in simulator stands in for it. */
export interface CountingTarget {
  api: 'openai' | 'anthropic';
  simulator: boolean;
}

/** Claude models are counted by Anthropic's endpoint (or the simulator's copy of it), others by OpenAI's. */
export function countingTarget(choice: CountingChoice, analysis: Pick<Analysis, 'provider' | 'model'>): CountingTarget {
  const claude = analysis.provider === 'anthropic' || /^claude/i.test(analysis.model);
  switch (choice) {
    case 'openai':
      return { api: 'openai', simulator: false };
    case 'anthropic':
      return { api: 'anthropic', simulator: false };
    case 'simulator':
      return { api: claude ? 'anthropic' : 'openai', simulator: true };
    case 'auto':
      return { api: claude ? 'anthropic' : 'openai', simulator: false };
  }
}

export const PROVIDER_NAMES = { openai: 'OpenAI', anthropic: 'Anthropic' } as const;

/** The counting endpoint for a target, or the provider whose key is missing. */
export async function countingEndpoint(
  target: CountingTarget,
  keys: KeySource,
  simulator: SimulatorUrl,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<CountingEndpoint | { missingKey: 'openai' | 'anthropic' }> {
  if (target.simulator) {
    const baseURL = await simulator.url();
    // The simulator's Messages routes take any key; the type wants one, so a placeholder, never a stored key.
    return target.api === 'anthropic' ? { kind: 'anthropic', apiKey: 'simulator', baseURL } : { kind: 'simulator', baseURL };
  }
  const apiKey = await keys.get(target.api);
  if (!apiKey) return { missingKey: target.api };
  if (target.api === 'anthropic') return { kind: 'anthropic', apiKey };
  // The SDK would read OPENAI_BASE_URL itself; naming it here makes messages name the right host.
  const baseURL = env.OPENAI_BASE_URL?.trim();
  return baseURL ? { kind: 'openai', apiKey, baseURL } : { kind: 'openai', apiKey };
}

/** The host a count goes to, for messages. */
export function countingHost(endpoint: CountingEndpoint): string {
  return hostOf(endpoint.kind === 'anthropic' ? (endpoint.baseURL ?? ANTHROPIC_BASE_URL) : (endpoint.baseURL ?? 'https://api.openai.com/v1'));
}

/** The answer as the editor shows it. */
export function figureOf(count: ProviderCount, target: CountingTarget): ProviderFigure {
  return {
    inputTokens: count.inputTokens,
    via: target.api === 'anthropic' ? 'Anthropic count_tokens' : 'OpenAI input_tokens',
    provider: PROVIDER_NAMES[target.api],
    simulated: target.simulator || count.simulated,
    at: count.at,
  };
}

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

/** One sentence naming the host and what to do; never a stack trace or the key. */
export function describeCountFailure(err: unknown, host: string, api: 'openai' | 'anthropic', secret?: string): CountFailure {
  if (err instanceof CountRateLimitedError) return { message: err.message, badKey: false, retryInMs: err.retryInMs };
  // The counter's own deadline aborts the request: the SDK reports that as a cancellation.
  const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
  const classified = classifyError(err, timedOut ? 'timeout' : undefined, Date.now());
  const status = classified.httpStatus;
  const detail = firstLine(err instanceof Error ? err.message : String(err), secret);
  const name = PROVIDER_NAMES[api];
  switch (classified.kind) {
    case 'auth':
      return { message: `${host} refused the ${name} API key (${status}). Set a valid key with "Prompt Cache Lens: Set API Key…".`, badKey: true };
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
      return { message: `${host} did not answer in time.`, badKey: false };
    default:
      return { message: `${host} could not count the prompt${status ? ` (${status})` : ''}: ${detail}`, badKey: false };
  }
}
