/**
 * Exact prompt sizes from the provider's own free counting endpoints: OpenAI's
 * `POST /v1/responses/input_tokens` (through the SDK's `responses.inputTokens.count`) and Anthropic's
 * `POST /v1/messages/count_tokens`. Answers are kept by content hash, so an unchanged prompt is never
 * asked twice, and calls stay under a per-minute limit.
 */
import { createHash } from 'node:crypto';
import type OpenAI from 'openai';
import type { Analysis } from '../core/analyze';
import type { PromptRequest } from '../core/model';
import type { CountedApi } from '../core/bodyCount';
import { providerFigure, type OfflineCounts, type ProviderFigure } from '../core/providerFigure';
import { SIMULATED_FLAG_HEADER } from '../simulator/options';
import { ANTHROPIC_BASE_URL, postAnthropic } from './anthropicCall';
import { HttpStatusError, MalformedResponseError } from './errors';
import { openAIClient } from './openaiCall';
import { redactUrl } from './redact';
import { anthropicBody, responsesBody } from './requestBodies';
import type { EndpointConfig } from './types';

export type CountingEndpoint = Extract<EndpointConfig, { kind: 'openai' | 'simulator' | 'anthropic' }>;

export interface ProviderCount {
  inputTokens: number;
  /** Which endpoint answered, for people: `OpenAI input_tokens`, `Anthropic count_tokens`. */
  via: string;
  /** The host that answered (never the key). */
  host: string;
  /**
   * True when the simulator answered (the endpoint is the simulator, or the answer carried its
   * `x-simulated: true` label): its figure is the offline count, not the provider's.
   */
  simulated: boolean;
  /** When the answer was received (ms since the epoch). */
  at: number;
}

export class CountRateLimitedError extends Error {
  constructor(readonly retryInMs: number) {
    super(`Provider counting is limited to a few requests a minute; next one in ${Math.ceil(retryInMs / 1000)} s.`);
    this.name = 'CountRateLimitedError';
  }
}

/** The body the endpoint counts: the file's request as the Responses or Messages API takes it. */
export function countingBody(request: PromptRequest, endpoint: CountingEndpoint, model: string, sourceText?: string): Record<string, unknown> {
  if (endpoint.kind === 'anthropic') {
    const { max_tokens: _maxTokens, ...body } = anthropicBody(request, { model, maxOutputTokens: 1, sourceText });
    return body;
  }
  const { max_output_tokens: _maxOutput, ...body } = responsesBody(request, { model, maxOutputTokens: 1, sourceText });
  return body;
}

/** Which API counts a prompt. */
export type CountingApi = 'openai' | 'anthropic';

export const PROVIDER_NAMES = { openai: 'OpenAI', anthropic: 'Anthropic' } as const;

/** The API whose request form a counting endpoint takes. */
export function countedApi(api: CountingApi): CountedApi {
  return api === 'anthropic' ? 'anthropic' : 'responses';
}

/** Claude models are counted by Anthropic's endpoint, others by OpenAI's. */
export function countingApi(analysis: Pick<Analysis, 'provider' | 'model'>): CountingApi {
  return analysis.provider === 'anthropic' || /^claude/i.test(analysis.model) ? 'anthropic' : 'openai';
}

/** The host a count goes to (never the key), for messages. */
export function countingHost(endpoint: CountingEndpoint): string {
  const url = endpoint.kind === 'anthropic' ? (endpoint.baseURL ?? ANTHROPIC_BASE_URL) : (endpoint.baseURL ?? 'https://api.openai.com/v1');
  try {
    return new URL(url).host || redactUrl(url);
  } catch {
    return redactUrl(url);
  }
}

/** Which API counted and whether the simulator stood in for it. */
export interface CountingTarget {
  api: CountingApi;
  simulator: boolean;
}

/**
 * The answer as the editor and the command line show it, set beside the offline counts (a Chat
 * Completions prompt's answer is carried over to Chat); a simulator's answer stays simulated.
 */
export function figureOf(count: ProviderCount, target: CountingTarget, offline: Omit<OfflineCounts, 'countedApi'>): ProviderFigure {
  return providerFigure(
    {
      inputTokens: count.inputTokens,
      via: target.api === 'anthropic' ? 'Anthropic count_tokens' : 'OpenAI input_tokens',
      provider: PROVIDER_NAMES[target.api],
      simulated: target.simulator || count.simulated,
      at: count.at,
    },
    { ...offline, countedApi: countedApi(target.api) },
  );
}

interface Answer {
  inputTokens: number;
  /** The answer carried the simulator's label. */
  labelledSimulated: boolean;
}

function labelledSimulated(headers: Headers): boolean {
  return headers.get(SIMULATED_FLAG_HEADER)?.trim().toLowerCase() === 'true';
}

async function askAnthropic(endpoint: Extract<CountingEndpoint, { kind: 'anthropic' }>, body: Record<string, unknown>, signal: AbortSignal): Promise<Answer> {
  const response = await postAnthropic(endpoint, 'messages/count_tokens', body, signal);
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new MalformedResponseError(`count_tokens answered something that is not JSON: ${text.slice(0, 80)}`);
  }
  if (!response.ok) {
    const message = (parsed as { error?: { message?: unknown } }).error?.message;
    throw new HttpStatusError(response.status, response.headers, typeof message === 'string' ? message : text.slice(0, 200));
  }
  const tokens = validCount('count_tokens', (parsed as { input_tokens?: unknown }).input_tokens);
  return { inputTokens: tokens, labelledSimulated: labelledSimulated(response.headers) };
}

async function askOpenAI(client: OpenAI, body: Record<string, unknown>, signal: AbortSignal): Promise<Answer> {
  const { data, response } = await client.responses.inputTokens.count(body as OpenAI.Responses.InputTokenCountParams, { signal }).withResponse();
  return { inputTokens: validCount('input_tokens', data.input_tokens), labelledSimulated: labelledSimulated(response.headers) };
}

/** A token count is a whole number, 0 or more: anything else is a broken or impostor endpoint, never a figure to show. */
function validCount(route: string, value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  const shown = value === undefined ? '' : ` (${JSON.stringify(value)?.slice(0, 40) ?? String(value)})`;
  throw new MalformedResponseError(`${route} answered without a valid count${shown}`);
}

export interface ProviderCounterOptions {
  /** Calls allowed in any 60-second window. */
  perMinute?: number;
  /** Answers kept (least recently used dropped first). */
  cacheSize?: number;
  timeoutMs?: number;
  now?: () => number;
}

/** Asks the provider for exact counts, remembering answers by content and pacing the calls. */
export class ProviderCounter {
  private readonly answers = new Map<string, ProviderCount>();
  private readonly calls: number[] = [];
  private readonly perMinute: number;
  private readonly cacheSize: number;
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(options: ProviderCounterOptions = {}) {
    this.perMinute = options.perMinute ?? 20;
    this.cacheSize = options.cacheSize ?? 200;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.now = options.now ?? Date.now;
  }

  /** The remembered answer for this body, if any, without calling the provider. */
  cached(endpoint: CountingEndpoint, body: Record<string, unknown>): ProviderCount | undefined {
    return this.answers.get(cacheKey(endpoint, body));
  }

  async count(endpoint: CountingEndpoint, body: Record<string, unknown>, signal?: AbortSignal): Promise<ProviderCount> {
    const key = cacheKey(endpoint, body);
    const known = this.answers.get(key);
    if (known) {
      this.answers.delete(key);
      this.answers.set(key, known);
      return known;
    }
    this.takeSlot();
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const { inputTokens, labelledSimulated } =
      endpoint.kind === 'anthropic'
        ? await askAnthropic(endpoint, body, combined)
        : await askOpenAI(openAIClient(endpoint, this.timeoutMs), body, combined);
    const answer: ProviderCount = {
      inputTokens,
      via: endpoint.kind === 'anthropic' ? 'Anthropic count_tokens' : 'OpenAI input_tokens',
      host: countingHost(endpoint),
      simulated: endpoint.kind === 'simulator' || labelledSimulated,
      at: this.now(),
    };
    this.answers.set(key, answer);
    while (this.answers.size > this.cacheSize) this.answers.delete(this.answers.keys().next().value as string);
    return answer;
  }

  private takeSlot(): void {
    const now = this.now();
    while (this.calls.length > 0 && now - this.calls[0] >= 60_000) this.calls.shift();
    if (this.calls.length >= this.perMinute) throw new CountRateLimitedError(60_000 - (now - this.calls[0]));
    this.calls.push(now);
  }
}

function cacheKey(endpoint: CountingEndpoint, body: Record<string, unknown>): string {
  return createHash('sha256').update(`${endpoint.kind}\u0000${countingHost(endpoint)}\u0000${JSON.stringify(body)}`).digest('hex');
}
