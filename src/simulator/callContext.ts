import type { ServerResponse } from 'node:http';
import type { CacheProvider } from '../core/cache/rules';
import type { CacheSimulator, SimResult } from '../core/cache/simulate';
import { resolveModel } from '../core/tokens/models';
import { loadTokenizer } from '../core/tokens/tokenizer';
import type { ConversationStore } from './conversations';
import type { BodyCounter } from './offThread';
import { badRequest, type ApiDialect } from './openaiErrors';
import type { CachedTokensReporting } from './options';
import { countBodyText, type BodyCounts, type BodyFormat } from './promptIds';
import { replyText } from './replyText';

/** What a route handler needs from the server for one request. */
export interface CallContext {
  requestNumber: number;
  seed: number;
  clock: () => number;
  cache: CacheSimulator;
  conversations: ConversationStore;
  reporting: CachedTokensReporting;
  defaultOutputTokens: number;
  maxOutputTokens: number;
  tokenizerAssetDir?: string;
  /** The malformed-body fault fired for this request. */
  malformed: boolean;
  chunkIntervalMs: number;
  /** Aborts when the client goes away or the server closes: stop working for this request. */
  signal: AbortSignal;
  /** Waits, cut short when `signal` aborts. */
  sleep(ms: number): Promise<void>;
  /** The body as received, for counting without writing it out again. */
  rawText: string;
  dialect: ApiDialect;
  /** Bodies longer than this (characters) are counted on the worker. */
  offThreadBytes: number;
  counter: BodyCounter;
  /** Headers every response carries. */
  headers: Record<string, string>;
  res: ServerResponse;
}

export interface SimulatedCall {
  sim: SimResult;
  reply: string;
  outputTokens: number;
}

/** Thrown when the request's client went away (or the server closed) mid-way. */
export class CallAbandoned extends Error {}

/**
 * Token counts of a body, as the editor counts them. `body` is written out only when it differs
 * from what was received (a Responses request with stored history).
 */
export async function countCall(call: CallContext, body: Record<string, unknown> | undefined, format: BodyFormat, model: string): Promise<BodyCounts> {
  const text = body === undefined ? call.rawText : JSON.stringify(body);
  const counts =
    text.length > call.offThreadBytes
      ? await call.counter.count(text, format, model, call.signal)
      : await countBodyText(text, format, model, call.tokenizerAssetDir);
  if (call.signal.aborted) throw new CallAbandoned();
  return counts;
}

/**
 * Runs the cache model on the body's real token ids and writes the reply text. `body` is the body
 * the cache sees when it differs from the one received.
 */
export async function simulateCall(
  call: CallContext,
  body: Record<string, unknown>,
  format: BodyFormat,
  model: string,
  requestedOutput: unknown,
  options: { effectiveBody?: Record<string, unknown>; provider?: CacheProvider } = {},
): Promise<SimulatedCall> {
  const counts = await countCall(call, options.effectiveBody, format, model);
  const sim = call.cache.submit({
    ids: counts.ids,
    model,
    ...(options.provider ? { provider: options.provider } : {}),
    timeMs: call.clock(),
    promptCacheKey: typeof body.prompt_cache_key === 'string' ? body.prompt_cache_key : undefined,
    retention: typeof body.prompt_cache_retention === 'string' ? body.prompt_cache_retention : undefined,
    breakpoints: counts.breakpoints,
    ...(counts.blockEnds ? { blockEnds: counts.blockEnds } : {}),
  });
  if (sim.outcome === 'rejected') throw badRequest(sim.message ?? 'Too many cache breakpoints');
  const tokenizer = await loadTokenizer(resolveModel(model).encoding, { assetDir: call.tokenizerAssetDir });
  const wanted = typeof requestedOutput === 'number' && requestedOutput > 0 ? requestedOutput : call.defaultOutputTokens;
  const target = Math.min(wanted, call.maxOutputTokens);
  const reply = replyText(call.seed, call.requestNumber, target, tokenizer);
  return { sim, reply, outputTokens: tokenizer.count(reply) };
}

/** The body cut off mid-way, as a broken proxy or a dropped upstream would leave it. */
export function truncatedJson(body: unknown): string {
  const text = JSON.stringify(body);
  return text.slice(0, Math.max(1, Math.floor(text.length / 2)));
}
