/**
 * Items of OpenAI Responses API input that are not plain messages: `function_call` and
 * `function_call_output` items, `reasoning` items, and the framing the Responses API uses in place
 * of Chat Completions'.
 */
import type { Message } from '../model';
import type { ResolvedModel } from './models';
import { EARLIER_REASONING_ESTIMATE, type OpenAIFraming, REASONING_ITEM_ESTIMATE, TOOL_CALLS_ESTIMATE, TOOL_RESULT_IMAGE_ESTIMATE } from './openaiFraming';
import { anchoredRun, type PromptBuilder, syntheticRun } from './promptBuilder';
import { openAIImageCounter, renderParts } from './renderContent';
import { findInPiece, openAIFileCounter, pieceOffset } from './renderHelpers';
import { Marker } from './syntheticIds';

/**
 * A Responses `function_call` item (`{type, call_id, name, arguments, id?}`), or undefined for any
 * other message.
 */
export function responsesCall(message: Message): { name: string; args: string; callId?: string; id?: string } | undefined {
  if (!message.toolCalls) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(message.toolCalls.text);
  } catch {
    return undefined;
  }
  const record = value as Record<string, unknown> | null;
  if (!record || typeof record !== 'object' || record.type !== 'function_call') return undefined;
  const text = (key: string) => (typeof record[key] === 'string' ? (record[key] as string) : undefined);
  const args = record.arguments;
  return {
    name: text('name') ?? '',
    args: typeof args === 'string' ? args : JSON.stringify(args ?? {}),
    ...(text('call_id') !== undefined ? { callId: text('call_id') } : {}),
    ...(text('id') !== undefined ? { id: text('id') } : {}),
  };
}

/**
 * A `function_call` item: a turn of its own, `assistant` plus framing, the function's namespaced
 * name and its arguments as written. Fitted to recorded Responses requests with one to six calls:
 * consecutive calls are not joined into a parallel wrapper as on Chat Completions, and an item the
 * API reads back from its store (it has an `id` the API issued, and `store` is not false) costs a few tokens more
 * unless it is one of the calls of a parallel turn (next to another `function_call` item).
 */
export function renderResponsesCall(
  builder: PromptBuilder,
  message: Message,
  call: { name: string; args: string; id?: string },
  label: string,
  messageIndex: number,
  framing: OpenAIFraming,
  stored: boolean,
  inParallelTurn: boolean,
): void {
  if (!framing.toolCallsMeasured) builder.estimate(TOOL_CALLS_ESTIMATE);
  if (message.parts.some((part) => part.type === 'image')) builder.estimate(TOOL_RESULT_IMAGE_ESTIMATE);
  builder.beginSegment('message', label, message.range, { messageIndex });
  builder.markers(Marker.start);
  builder.text(syntheticRun('assistant'));
  builder.markers(Marker.message);
  const piece = message.toolCalls!;
  const storedFraming = inParallelTurn ? framing.responsesStoredParallelCallFraming : framing.responsesStoredCallFraming;
  const parallelFraming = inParallelTurn ? framing.responsesParallelCallFraming : 0;
  builder.markers(Marker.toolCallFraming, framing.responsesCallFraming + parallelFraming + (stored && issuedItemId(call.id) ? storedFraming : 0));
  const nameAt = findInPiece(piece, call.name, 0);
  builder.text(syntheticRun(framing.callNamePrefix), anchoredRun(call.name, pieceOffset(piece, nameAt)));
  const argsAt = findInPiece(piece, call.args, 0);
  builder.text(anchoredRun(call.args, argsAt !== -1 ? pieceOffset(piece, argsAt) : pieceOffset(piece, nameAt)));
  builder.markers(Marker.end);
  builder.endSegment();
}

/**
 * Whether `id` is one the API could have issued for a `function_call` item (`fc_` and a long hex
 * string), and so can be found in its store. An id made up by the caller (`fc_123`) is not read
 * back: a recorded gpt-4.1 request with one (dd-trace-java) counts what the same conversation
 * without the id counts, the stored framing less.
 */
export function issuedItemId(id: string | undefined): boolean {
  return id !== undefined && /^fc_[0-9a-f]{32,}$/i.test(id);
}

/** A `function_call_output` item: authored by the function it answers (`functions.get_weather`). */
export function renderResponsesOutput(
  builder: PromptBuilder,
  message: Message,
  functionName: string,
  label: string,
  messageIndex: number,
  resolved: ResolvedModel,
  framing: OpenAIFraming,
): void {
  if (!framing.toolCallsMeasured) builder.estimate(TOOL_CALLS_ESTIMATE);
  if (message.parts.some((part) => part.type === 'image')) builder.estimate(TOOL_RESULT_IMAGE_ESTIMATE);
  builder.beginSegment('message', label, message.range, { messageIndex });
  builder.markers(Marker.start);
  builder.text(syntheticRun(`${framing.responsesOutputAuthorPrefix}${functionName}`));
  builder.markers(Marker.toolCallFraming, framing.responsesOutputFraming);
  builder.markers(Marker.message);
  renderParts(builder, message.parts, openAIImageCounter(resolved, framing.imageFraming, framing.imageFramingStatedDetail), {
    blocksPerPart: true,
    countBlock: openAIFileCounter(framing, builder.tokenizer),
    audioFraming: framing.audioFraming,
  });
  builder.markers(Marker.end);
  builder.endSegment();
}

/**
 * On the Responses API the tools block's framing does not depend on a system message, and that
 * message gains no trailing newline.
 */
export function responsesFraming(framing: OpenAIFraming): OpenAIFraming {
  return {
    ...framing,
    replyPriming: framing.responsesReplyPriming ?? framing.replyPriming,
    toolsPreambleAlone: framing.responsesToolsPreamble,
    toolsPreambleInSystem: framing.responsesToolsPreamble,
    systemPaddingWithTools: '',
    systemTrimmedWithTools: false,
    toolHeader: framing.responsesToolHeader,
    typeLists: framing.responsesTypeLists,
    typeListsMeasured: framing.responsesTypeListsMeasured,
    toolsInstructions: framing.responsesToolsInstructions,
    toolChoiceRequired: framing.responsesToolChoiceRequired,
    toolChoiceNamed: framing.responsesToolChoiceNamed,
    imageFraming: framing.responsesImageFraming,
    imageFramingStatedDetail: framing.responsesImageFramingStatedDetail,
    imageOnlyMessageFraming: framing.responsesImageOnlyMessageFraming,
    toolCallsMeasured: framing.responsesToolCallsMeasured,
    pdfPageTokens: framing.responsesPdfPageTokens,
    pdfMessageTokens: framing.responsesPdfMessageTokens,
  };
}

/** A Responses `reasoning` input item (`{type, id, summary, encrypted_content?}`), or undefined. */
export function reasoningItem(message: Message): { encryptedLength: number } | undefined {
  const part = message.parts.length === 1 ? message.parts[0] : undefined;
  if (part?.type !== 'other' || part.blockType !== 'reasoning') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(part.piece.text);
  } catch {
    return { encryptedLength: 0 };
  }
  const encrypted = (value as Record<string, unknown> | null)?.encrypted_content;
  return { encryptedLength: typeof encrypted === 'string' ? encrypted.length : 0 };
}

/**
 * Index of the first item of the turn now running on the Responses API: the items after the last
 * user message. Reasoning items before it belong to earlier turns.
 */
export function responsesTurnStart(messages: readonly Message[]): number {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i].role === 'user') return i + 1;
  return 0;
}

export function renderReasoningItem(
  builder: PromptBuilder,
  message: Message,
  reasoning: { encryptedLength: number },
  label: string,
  messageIndex: number,
  currentTurn: boolean,
  framing: OpenAIFraming,
  earlierTurnsBilled = false,
): void {
  builder.beginSegment('message', label, message.range, { messageIndex });
  // An earlier turn's reasoning is dropped from the context (OpenAI's reasoning guide) unless the
  // model or the request keeps it; the turn now running, a function-calling loop, reads it again,
  // billed as the reasoning it holds.
  if (currentTurn || earlierTurnsBilled) {
    const payload = reasoning.encryptedLength - framing.reasoningPayloadOverhead;
    builder.markers(Marker.estimate, Math.max(0, Math.round(payload / framing.reasoningPayloadCharsPerToken)));
    builder.estimate(currentTurn ? REASONING_ITEM_ESTIMATE : EARLIER_REASONING_ESTIMATE);
  }
  builder.endSegment();
}
