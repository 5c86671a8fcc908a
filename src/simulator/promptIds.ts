/**
 * Token ids of an API request body as the provider's cache sees them: the body is read by the same
 * parser as a prompt file and rendered by the same renderer, so the simulated endpoint and the
 * runner's prediction count identically.
 */
import type { SimBreakpoint } from '../core/cache/simulate';
import { parsePrompt } from '../core/formats/index';
import type { CacheBreakpoint, ContentPart, FormatId, PromptRequest } from '../core/model';
import { resolveModel } from '../core/tokens/models';
import { renderRequest } from '../core/tokens/render';
import type { RenderedPrompt } from '../core/tokens/rendered';
import { loadTokenizer, type Tokenizer } from '../core/tokens/tokenizer';

export type BodyFormat = Extract<FormatId, 'openai-chat' | 'openai-responses' | 'anthropic-messages'>;

export interface BodyTokens {
  request: PromptRequest;
  rendered: RenderedPrompt;
  tokenizer: Tokenizer;
  breakpoints: SimBreakpoint[];
  /** Token end of every content block in prefix order (Anthropic only; the 20-block lookback needs them). */
  blockEnds?: number[];
}

/** What the cache model needs of a body; plain data, so it can cross to a worker thread. */
export interface BodyCounts {
  ids: Uint32Array;
  breakpoints: SimBreakpoint[];
  blockEnds?: number[];
}

export async function tokensOfBody(body: unknown, format: BodyFormat, model: string, assetDir?: string): Promise<BodyTokens> {
  return tokensOfBodyText(JSON.stringify(body), format, model, assetDir);
}

export async function tokensOfBodyText(text: string, format: BodyFormat, model: string, assetDir?: string): Promise<BodyTokens> {
  const request = parsePrompt('request.json', text, { format });
  const resolved = resolveModel(model);
  const tokenizer = await loadTokenizer(resolved.encoding, { assetDir });
  const rendered = renderRequest(request, tokenizer, resolved);
  const breakpoints = rendered.breakpoints.map((b) => ({ tokenEnd: b.tokenEnd, ttl: b.ttl }));
  const blockEnds = request.api === 'anthropic' ? blockEndsOf(request, tokenizer, resolved) : undefined;
  return { request, rendered, tokenizer, breakpoints, ...(blockEnds ? { blockEnds } : {}) };
}

export async function countBodyText(text: string, format: BodyFormat, model: string, assetDir?: string): Promise<BodyCounts> {
  const { rendered, breakpoints, blockEnds } = await tokensOfBodyText(text, format, model, assetDir);
  return { ids: rendered.ids, breakpoints, ...(blockEnds ? { blockEnds } : {}) };
}

const PROBE: CacheBreakpoint = { type: 'ephemeral', range: null };

/**
 * Block ends come from rendering the request once more with a breakpoint on every block: markers
 * change no token, and each breakpoint reports where its block ends. The second render reuses the
 * tokenizer's cache of encoded texts.
 */
function blockEndsOf(request: PromptRequest, tokenizer: Tokenizer, resolved: ReturnType<typeof resolveModel>): number[] {
  const mark = (part: ContentPart): ContentPart => ({ ...part, breakpoint: PROBE });
  const probe: PromptRequest = {
    ...request,
    tools: request.tools.map((tool) => ({ ...tool, breakpoint: PROBE })),
    ...(request.system ? { system: request.system.map(mark) } : {}),
    messages: request.messages.map((message) => ({ ...message, parts: message.parts.map(mark) })),
    topLevelCacheControl: undefined,
  };
  const rendered = renderRequest(probe, tokenizer, resolved);
  const ends = new Array<number>(rendered.blockCount).fill(0);
  for (const point of rendered.breakpoints) if (point.blockIndex >= 0) ends[point.blockIndex] = point.tokenEnd;
  return ends;
}
