/** `POST /v1/messages`: Anthropic's message body, or its event stream, with simulated cache usage. */
import { simulateCall, truncatedJson, type CallContext } from './callContext';
import { validateMessages } from './anthropicValidation';
import { sendJson } from './openaiErrors';
import { streamPieces } from './replyText';
import { beginEventStream, writeEvent } from './sse';
import { messagesUsage } from './usageShapes';

export async function handleMessages(call: CallContext, body: Record<string, unknown>, model: string): Promise<void> {
  validateMessages(body, { countOnly: false });
  const maxTokens = body.max_tokens as number;
  const { sim, reply, outputTokens } = await simulateCall(call, body, 'anthropic-messages', model, maxTokens, { provider: 'anthropic' });
  const usage = messagesUsage(sim, outputTokens);
  const stopReason = outputTokens >= maxTokens ? 'max_tokens' : 'end_turn';
  const message = {
    id: `msg_sim${call.requestNumber.toString(16).padStart(16, '0')}`,
    type: 'message',
    role: 'assistant',
    model,
    content: [{ type: 'text', text: reply }],
    stop_reason: stopReason,
    stop_sequence: null,
    usage,
  };

  if (body.stream !== true) {
    if (call.malformed) {
      call.res.writeHead(200, { 'content-type': 'application/json', ...call.headers });
      call.res.end(truncatedJson(message));
      return;
    }
    sendJson(call.res, 200, message, call.headers);
    return;
  }

  // Every event is named, and its data repeats the name in `type`.
  const emit = (type: string, fields: Record<string, unknown> = {}) => writeEvent(call.res, { type, ...fields }, type);
  beginEventStream(call.res, call.headers);
  emit('message_start', {
    message: { ...message, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } },
  });
  emit('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
  emit('ping');
  for (const text of streamPieces(reply)) {
    await call.sleep(call.chunkIntervalMs);
    if (call.signal.aborted) return;
    if (call.malformed) {
      writeEvent(call.res, truncatedJson({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } }), 'content_block_delta');
      call.res.end();
      return;
    }
    emit('content_block_delta', { index: 0, delta: { type: 'text_delta', text } });
  }
  emit('content_block_stop', { index: 0 });
  const { input_tokens, cache_creation_input_tokens, cache_read_input_tokens } = usage;
  emit('message_delta', {
    delta: { stop_reason: stopReason, stop_sequence: null },
    usage: { input_tokens, cache_creation_input_tokens, cache_read_input_tokens, output_tokens: outputTokens },
  });
  emit('message_stop');
  call.res.end();
}
