/**
 * The token-count routes, counted exactly as the editor counts the same body (same parser, same
 * renderer): Anthropic's `POST /v1/messages/count_tokens` and OpenAI's `POST /v1/responses/input_tokens`.
 * Nothing is cached or billed; answers carry the simulated label like every other.
 */
import { validateMessages } from './anthropicValidation';
import { countCall, type CallContext } from './callContext';
import { sendJson } from './openaiErrors';
import { validateResponses } from './openaiValidation';
import { effectiveResponsesBody } from './responses';

export async function handleMessagesCountTokens(call: CallContext, body: Record<string, unknown>, model: string): Promise<void> {
  validateMessages(body, { countOnly: true });
  const counts = await countCall(call, undefined, 'anthropic-messages', model);
  sendJson(call.res, 200, { input_tokens: counts.ids.length }, call.headers);
}

export async function handleResponsesInputTokens(call: CallContext, body: Record<string, unknown>, model: string): Promise<void> {
  validateResponses(body);
  const { effective } = effectiveResponsesBody(call, body);
  const counts = await countCall(call, effective, 'openai-responses', model);
  sendJson(call.res, 200, { object: 'response.input_tokens', input_tokens: counts.ids.length }, call.headers);
}
