/**
 * Token ids of an API request body as the provider's cache sees them: the body is read by the same
 * parser as a prompt file and rendered by the same renderer, so the simulated endpoint and the
 * runner's prediction count identically.
 */
import type { SimBreakpoint } from '../cache/simulate';
import { parsePrompt } from '../formats/index';
import type { FormatId, PromptRequest } from '../model';
import { resolveModel } from '../tokens/models';
import { renderRequest } from '../tokens/render';
import type { RenderedPrompt } from '../tokens/rendered';
import { loadTokenizer, type Tokenizer } from '../tokens/tokenizer';

export type BodyFormat = Extract<FormatId, 'openai-chat' | 'openai-responses' | 'anthropic-messages'>;

export interface BodyTokens {
  request: PromptRequest;
  rendered: RenderedPrompt;
  tokenizer: Tokenizer;
  breakpoints: SimBreakpoint[];
}

export async function tokensOfBody(body: unknown, format: BodyFormat, model: string, assetDir?: string): Promise<BodyTokens> {
  const request = parsePrompt('request.json', JSON.stringify(body), { format });
  const resolved = resolveModel(model);
  const tokenizer = await loadTokenizer(resolved.encoding, { assetDir });
  const rendered = renderRequest(request, tokenizer, resolved);
  const breakpoints = rendered.breakpoints.map((b) => ({ tokenEnd: b.tokenEnd, ttl: b.ttl }));
  return { request, rendered, tokenizer, breakpoints };
}
