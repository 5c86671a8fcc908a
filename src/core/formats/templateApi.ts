import type { FormatId, PromptRequest } from '../model';
import type { Provider } from '../tokens/models';

/**
 * Formats whose file is a template, not a request body: whichever API the model needs sends it.
 * Request JSON is sent as written and keeps its own API.
 */
const TEMPLATE_FORMATS: ReadonlySet<FormatId> = new Set<FormatId>(['prompty', 'github-models', 'vscode-prompt', 'plain-text']);

export function isTemplateFormat(format: FormatId): boolean {
  return TEMPLATE_FORMATS.has(format);
}

/**
 * A template prompt as a Claude model receives it: an Anthropic Messages request, whose system
 * prompt stands apart from the messages. The system and developer messages become `system` blocks
 * in their order (as the request bodies sent to Anthropic join them); the rest stay messages. The
 * pieces are the request's own, so their spans and source ranges carry over.
 */
export function asAnthropicRequest(request: PromptRequest): PromptRequest {
  if (request.api === 'anthropic') return request;
  const system = [...(request.system ?? [])];
  const messages: PromptRequest['messages'] = [];
  for (const message of request.messages) {
    if (message.role === 'system' || message.role === 'developer') system.push(...message.parts);
    else messages.push(message);
  }
  return { ...request, api: 'anthropic', ...(system.length > 0 ? { system } : {}), messages };
}

/**
 * A template prompt as an OpenAI model receives it: a Chat Completions request, its system blocks
 * one system message ahead of the rest.
 */
export function asChatRequest(request: PromptRequest): PromptRequest {
  if (request.api !== 'anthropic') return request;
  const { system, ...rest } = request;
  const parts = system ?? [];
  const first = parts[0]?.range;
  const last = parts.at(-1)?.range;
  const range = first && last ? { start: first.start, end: last.end } : null;
  const messages = parts.length > 0 ? [{ role: 'system' as const, parts, range, roleRange: null }, ...request.messages] : request.messages;
  return { ...rest, api: 'chat', messages };
}

/**
 * A template in the form its model's API takes: a Claude model's as a Messages request, an OpenAI
 * model's as a Chat Completions request; a model of unknown provider keeps the file's form, and a
 * request body always keeps its own.
 */
export function templateRequestFor(request: PromptRequest, provider: Provider): PromptRequest {
  if (!isTemplateFormat(request.format)) return request;
  if (provider === 'anthropic') return asAnthropicRequest(request);
  if (provider === 'openai') return asChatRequest(request);
  return request;
}
