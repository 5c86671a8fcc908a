/**
 * The body each run sends, and the body the cache sees for it. They differ only when Responses
 * turns are chained with `previous_response_id`: the endpoint then prepends the stored history, so
 * the cache sees what resending it would have sent.
 */
import type { Message, PromptRequest } from '../core/model';
import { assistantItem, type InputItem } from '../simulator/conversations';
import type { BodyFormat } from '../simulator/promptIds';
import { anthropicTargetOf } from './anthropicCall';
import { anthropicBody, chatBody, responsesBody, responsesInput } from './requestBodies';
import type { EndpointConfig, RunSettings } from './types';

export const DEFAULT_MAX_OUTPUT_TOKENS = 16;
export const DEFAULT_FIXED_CACHE_KEY = 'prompt-cache-lens';

export interface PlannedBodies {
  sent: Record<string, unknown>;
  /** What the provider's cache sees (history included). */
  seen: Record<string, unknown>;
  format: BodyFormat;
  /** The new conversation items of this turn (Responses conversation modes). */
  turn: InputItem[];
}

/** Conversation state across Responses turns. */
export interface Conversation {
  history: InputItem[];
  lastResponseId?: string;
}

export function recordTurn(conversation: Conversation, turn: InputItem[], outputText: string, responseId: string | undefined): void {
  conversation.history.push(...turn, assistantItem(outputText));
  conversation.lastResponseId = responseId;
}

/** The messages a later turn sends: those after the last assistant message (or the last one). */
export function closingUserMessages(messages: Message[]): Message[] {
  let lastAssistant = -1;
  messages.forEach((m, i) => {
    if (m.role === 'assistant') lastAssistant = i;
  });
  const tail = messages.slice(lastAssistant + 1).filter((m) => m.role !== 'system' && m.role !== 'developer');
  return tail.length > 0 ? tail : messages.slice(-1);
}

function cacheFields(settings: RunSettings, sessionId: string): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const mode = settings.promptCacheKeyMode ?? 'none';
  if (mode === 'fixed') fields.prompt_cache_key = settings.promptCacheKey || DEFAULT_FIXED_CACHE_KEY;
  if (mode === 'per-session') fields.prompt_cache_key = `pcl-${sessionId}`;
  if (settings.promptCacheRetention) fields.prompt_cache_retention = settings.promptCacheRetention;
  return fields;
}

export function planBodies(
  filled: PromptRequest,
  endpoint: EndpointConfig,
  settings: RunSettings,
  sessionId: string,
  runIndex: number,
  conversation: Conversation,
  sourceText?: string,
): PlannedBodies {
  const common = { model: settings.model, maxOutputTokens: settings.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS, sourceText };
  if (anthropicTargetOf(endpoint)) {
    const body = anthropicBody(filled, common);
    return { sent: body, seen: body, format: 'anthropic-messages', turn: [] };
  }
  const cache = cacheFields(settings, sessionId);
  if (settings.api === 'chat') {
    // OpenAI's reasoning models refuse `max_tokens`; the simulator answers as OpenAI does.
    const field = settings.maxTokensField ?? (endpoint.kind === 'openai' || endpoint.kind === 'azure' || endpoint.kind === 'simulator' ? 'max_completion_tokens' : 'max_tokens');
    const body = { ...chatBody(filled, { ...common, maxTokensField: field }), ...cache };
    return { sent: body, seen: body, format: 'openai-chat', turn: [] };
  }
  const state = settings.responsesState ?? 'independent';
  if (state === 'independent') {
    const body = { ...responsesBody(filled, common), ...cache };
    return { sent: body, seen: body, format: 'openai-responses', turn: [] };
  }
  const turnMessages = runIndex === 0 || conversation.history.length === 0 ? filled.messages : closingUserMessages(filled.messages);
  const turn = responsesInput(filled, sourceText, turnMessages);
  const seen = { ...responsesBody(filled, { ...common, input: [...conversation.history, ...turn] }), ...cache };
  if (state === 'resend-history' || conversation.lastResponseId === undefined) return { sent: seen, seen, format: 'openai-responses', turn };
  const sent = { ...responsesBody(filled, { ...common, input: turn }), previous_response_id: conversation.lastResponseId, ...cache };
  return { sent, seen, format: 'openai-responses', turn };
}
