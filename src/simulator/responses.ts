/** `POST /v1/responses`: `previous_response_id` history, streaming events ending in `response.completed`. */
import { simulateCall, truncatedJson, type CallContext } from './callContext';
import { inputItems, type InputItem } from './conversations';
import { badRequest, sendJson } from './openaiErrors';
import { validateResponses } from './openaiValidation';
import { SIMULATED_FINGERPRINT } from './options';
import { beginEventStream, writeEvent } from './sse';
import { streamPieces } from './replyText';
import { responsesUsage } from './usageShapes';

/**
 * The body as the cache sees it: with `previous_response_id`, the stored input and output come
 * first, as if the conversation had been resent. Undefined when nothing was stored before.
 */
export function effectiveResponsesBody(
  call: CallContext,
  body: Record<string, unknown>,
): { effective?: Record<string, unknown>; input: InputItem[]; previousId?: string } {
  const previousId = typeof body.previous_response_id === 'string' ? body.previous_response_id : undefined;
  if (previousId === undefined) return { input: inputItems(body.input) };
  const history = call.conversations.history(previousId);
  if (!history) {
    throw badRequest(`Previous response with id '${previousId}' not found.`, 'previous_response_not_found', 'previous_response_id');
  }
  const input = [...history, ...inputItems(body.input)];
  const effective: Record<string, unknown> = { ...body, input };
  delete effective.previous_response_id;
  return { effective, input, previousId };
}

export async function handleResponses(call: CallContext, body: Record<string, unknown>, model: string): Promise<void> {
  validateResponses(body);
  const { effective, input, previousId } = effectiveResponsesBody(call, body);
  const { sim, reply, outputTokens } = await simulateCall(call, body, 'openai-responses', model, body.max_output_tokens, {
    ...(effective ? { effectiveBody: effective } : {}),
  });

  const id = `resp_sim${call.requestNumber.toString(16).padStart(8, '0')}`;
  if (body.store !== false) call.conversations.remember(id, input, reply);

  const message = {
    type: 'message',
    id: `msg_sim${call.requestNumber.toString(16).padStart(8, '0')}`,
    status: 'completed',
    role: 'assistant',
    content: [{ type: 'output_text', text: reply, annotations: [], logprobs: [] }],
  };
  const response = (status: 'in_progress' | 'completed') => ({
    id,
    object: 'response',
    created_at: Math.floor(call.clock() / 1000),
    status,
    model,
    instructions: body.instructions ?? null,
    previous_response_id: previousId ?? null,
    prompt_cache_key: body.prompt_cache_key ?? null,
    prompt_cache_retention: body.prompt_cache_retention ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    store: body.store !== false,
    metadata: body.metadata ?? {},
    system_fingerprint: SIMULATED_FINGERPRINT,
    output: status === 'completed' ? [message] : [],
    usage: status === 'completed' ? responsesUsage(sim, outputTokens, call.reporting) : null,
  });

  if (body.stream !== true) {
    if (call.malformed) {
      call.res.writeHead(200, { 'content-type': 'application/json', ...call.headers });
      call.res.end(truncatedJson(response('completed')));
      return;
    }
    sendJson(call.res, 200, response('completed'), call.headers);
    return;
  }

  let sequence = 0;
  const emit = (type: string, fields: Record<string, unknown>) => writeEvent(call.res, { type, sequence_number: sequence++, ...fields }, type);
  const part = { type: 'output_text', text: '', annotations: [] };
  beginEventStream(call.res, call.headers);
  emit('response.created', { response: response('in_progress') });
  emit('response.in_progress', { response: response('in_progress') });
  emit('response.output_item.added', { output_index: 0, item: { ...message, status: 'in_progress', content: [] } });
  emit('response.content_part.added', { item_id: message.id, output_index: 0, content_index: 0, part });
  for (const delta of streamPieces(reply)) {
    await call.sleep(call.chunkIntervalMs);
    if (call.signal.aborted) return;
    if (call.malformed) {
      writeEvent(call.res, truncatedJson({ type: 'response.output_text.delta', delta }), 'response.output_text.delta');
      call.res.end();
      return;
    }
    emit('response.output_text.delta', { item_id: message.id, output_index: 0, content_index: 0, delta, logprobs: [] });
  }
  emit('response.output_text.done', { item_id: message.id, output_index: 0, content_index: 0, text: reply, logprobs: [] });
  emit('response.content_part.done', { item_id: message.id, output_index: 0, content_index: 0, part: { ...part, text: reply } });
  emit('response.output_item.done', { output_index: 0, item: message });
  emit('response.completed', { response: response('completed') });
  call.res.end();
}
