/** `POST /v1/chat/completions`, with and without streaming. */
import { simulateCall, truncatedJson, type CallContext } from './callContext';
import { sendJson } from './openaiErrors';
import { validateChatCompletions } from './openaiValidation';
import { SIMULATED_FINGERPRINT } from './options';
import { beginEventStream, writeEvent } from './sse';
import { streamPieces } from './replyText';
import { chatUsage } from './usageShapes';

export async function handleChatCompletions(call: CallContext, body: Record<string, unknown>, model: string): Promise<void> {
  validateChatCompletions(body);
  const { sim, reply, outputTokens } = await simulateCall(
    call,
    body,
    'openai-chat',
    model,
    body.max_completion_tokens ?? body.max_tokens,
  );
  const id = `chatcmpl-sim${call.requestNumber.toString(16).padStart(8, '0')}`;
  const created = Math.floor(call.clock() / 1000);
  const usage = chatUsage(sim, outputTokens, call.reporting);
  const base = { id, created, model, system_fingerprint: SIMULATED_FINGERPRINT, service_tier: 'default' };

  if (body.stream !== true) {
    const completion = {
      ...base,
      object: 'chat.completion',
      choices: [
        { index: 0, message: { role: 'assistant', content: reply, refusal: null, annotations: [] }, logprobs: null, finish_reason: 'stop' },
      ],
      usage,
    };
    if (call.malformed) {
      call.res.writeHead(200, { 'content-type': 'application/json', ...call.headers });
      call.res.end(truncatedJson(completion));
      return;
    }
    sendJson(call.res, 200, completion, call.headers);
    return;
  }

  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) => ({
    ...base,
    object: 'chat.completion.chunk',
    choices,
    ...extra,
  });
  const includeUsage = (body.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
  beginEventStream(call.res, call.headers);
  writeEvent(call.res, chunk([{ index: 0, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null }], includeUsage ? { usage: null } : {}));
  for (const piece of streamPieces(reply)) {
    await call.sleep(call.chunkIntervalMs);
    if (call.signal.aborted) return;
    if (call.malformed) {
      writeEvent(call.res, truncatedJson(chunk([{ index: 0, delta: { content: piece } }])));
      break;
    }
    writeEvent(call.res, chunk([{ index: 0, delta: { content: piece }, logprobs: null, finish_reason: null }], includeUsage ? { usage: null } : {}));
  }
  if (!call.malformed) {
    writeEvent(call.res, chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }], includeUsage ? { usage: null } : {}));
    if (includeUsage) writeEvent(call.res, chunk([], { usage }));
  }
  writeEvent(call.res, '[DONE]');
  call.res.end();
}
