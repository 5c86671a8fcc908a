/**
 * A prompt longer than the model accepts: the API answers 400 (`context_length_exceeded`), so
 * nothing is cached or answered. An error where the count is exact and the file names its model; a
 * warning where the count is an estimate (its stated error may cover the difference) or the model
 * is only the default one.
 */
import { formatCount } from '../labels';
import type { PromptRequest } from '../model';
import { contextWindowFor } from '../tokens/contextWindows';
import type { RenderedPrompt } from '../tokens/rendered';
import type { BreakerFinding } from './breakers';

/** A prompt over its model's input limit: the limit, and whether the API surely rejects it. */
export interface ContextWindowExcess {
  inputTokens: number;
  /** The count is exact and the file names the model; else the API only likely rejects it. */
  certain: boolean;
}

export function contextWindowExcess(request: PromptRequest, rendered: RenderedPrompt, model: string): ContextWindowExcess | undefined {
  const window = contextWindowFor(model, request.parameters.betas);
  if (!window || rendered.total <= window.inputTokens) return undefined;
  return { inputTokens: window.inputTokens, certain: request.model !== undefined && !rendered.estimate };
}

export function contextWindowFindings(request: PromptRequest, rendered: RenderedPrompt, model: string): BreakerFinding[] {
  const window = contextWindowFor(model, request.parameters.betas);
  const excess = contextWindowExcess(request, rendered, model);
  if (!window || !excess) return [];
  const named = request.model !== undefined;
  const certain = excess.certain;
  const about = rendered.estimate ? 'about ' : '';
  const who = named ? model : `${model} (the default; the file names no model)`;
  const limit = window.contextTokens
    ? `${formatCount(window.inputTokens)} input tokens (its ${formatCount(window.contextTokens)}-token context window keeps the rest for the reply)`
    : `${formatCount(window.inputTokens)} tokens (its context window)`;
  const message =
    `The prompt is ${about}${formatCount(rendered.total)} tokens${rendered.estimate ? ' (an estimate)' : ''}; ${who} accepts at most ` +
    `${limit}, so the API ${certain ? 'rejects' : 'likely rejects'} the request. Shorten it by ${about}` +
    `${formatCount(rendered.total - window.inputTokens)} tokens, or use a model with a longer context`;
  return [
    {
      rule: 'context-window-exceeded',
      severity: certain ? 'error' : 'warning',
      message,
      range: request.model?.range ?? null,
      pieceSpan: null,
      tokenIndex: window.inputTokens,
      tokenIndexEstimated: rendered.estimate,
    },
  ];
}
