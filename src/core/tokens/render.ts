/**
 * A request as the provider's model and prompt cache see it: token ids in cache order, each
 * traced back to the file, with sections, dynamic spans and cache breakpoints.
 */
import type { PromptRequest } from '../model';
import { type ResolvedModel, resolveModel } from './models';
import type { RenderedPrompt } from './rendered';
import { renderAnthropicRequest } from './renderAnthropic';
import { renderOpenAIRequest } from './renderOpenAI';
import type { Tokenizer } from './tokenizer';

/**
 * Renders `req` with `tok` (which should use `resolved.encoding`). Unchanged pieces are not
 * re-encoded: the tokenizer keeps a cache of encoded texts.
 */
export function renderRequest(
  req: PromptRequest,
  tok: Tokenizer,
  resolved: ResolvedModel = resolveModel(req.model?.name),
): RenderedPrompt {
  return req.api === 'anthropic' ? renderAnthropicRequest(req, tok, resolved) : renderOpenAIRequest(req, tok, resolved);
}
