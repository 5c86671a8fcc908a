import type { ServerResponse } from 'node:http';
import type { CacheSimulator, SimResult } from '../cache/simulate';
import { badRequest } from './openaiErrors';
import type { CachedTokensReporting } from './options';
import { tokensOfBody, type BodyFormat } from './promptIds';
import { replyText } from './replyText';
import type { ConversationStore } from './conversations';

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
  /** Waits, cut short when the server closes. */
  sleep(ms: number): Promise<void>;
  /** Headers every response carries. */
  headers: Record<string, string>;
  res: ServerResponse;
}

export interface SimulatedCall {
  sim: SimResult;
  reply: string;
  outputTokens: number;
}

/** Runs the cache model on the body's real token ids and writes the reply text. */
export async function simulateCall(
  call: CallContext,
  body: Record<string, unknown>,
  format: BodyFormat,
  model: string,
  requestedOutput: unknown,
): Promise<SimulatedCall> {
  const tokens = await tokensOfBody(body, format, model, call.tokenizerAssetDir);
  const sim = call.cache.submit({
    ids: tokens.rendered.ids,
    model,
    timeMs: call.clock(),
    promptCacheKey: typeof body.prompt_cache_key === 'string' ? body.prompt_cache_key : undefined,
    retention: typeof body.prompt_cache_retention === 'string' ? body.prompt_cache_retention : undefined,
    breakpoints: tokens.breakpoints,
  });
  if (sim.outcome === 'rejected') throw badRequest(sim.message ?? 'Too many cache breakpoints');
  const wanted = typeof requestedOutput === 'number' && requestedOutput > 0 ? requestedOutput : call.defaultOutputTokens;
  const target = Math.min(wanted, call.maxOutputTokens);
  const reply = replyText(call.seed, call.requestNumber, target, tokens.tokenizer);
  return { sim, reply, outputTokens: tokens.tokenizer.count(reply) };
}

/** The body cut off mid-way, as a broken proxy or a dropped upstream would leave it. */
export function truncatedJson(body: unknown): string {
  const text = JSON.stringify(body);
  return text.slice(0, Math.max(1, Math.floor(text.length / 2)));
}
