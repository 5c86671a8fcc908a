/**
 * A message's tool calls read into one shape, whichever API wrote them: the request model keeps
 * Chat Completions `tool_calls` (an array) or a legacy `function_call` as their JSON, and a Responses
 * `function_call` input item as the item's own JSON. Bodies for either API are written from this.
 */
import type { Message } from '../core/model';

export interface ToolCall {
  /** The id the result answers: Chat `tool_calls[].id`, Responses `call_id`. */
  callId: string;
  name: string;
  /** The arguments as the JSON text the API carries. */
  arguments: string;
}

export type ToolCalls =
  | { shape: 'chat'; calls: ToolCall[] }
  /** A Chat `function_call` (before tool calls): no id, answered by a `function` message. */
  | { shape: 'legacy'; calls: ToolCall[] }
  /** A Responses `function_call` item, kept whole so its other fields (`id`, `status`) go out as written. */
  | { shape: 'responses'; calls: ToolCall[]; item: Record<string, unknown> };

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

const stringOf = (value: unknown) => (typeof value === 'string' ? value : '');
const argumentsOf = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value ?? {}));

/** The message's tool calls, or undefined when it has none (or their JSON cannot be read). */
export function toolCallsOf(message: Message): ToolCalls | undefined {
  if (!message.toolCalls) return undefined;
  const value = parseJson(message.toolCalls.text);
  if (Array.isArray(value)) {
    const calls = value.flatMap((entry) => {
      const call = record(entry);
      if (!call) return [];
      const fn = record(call.function) ?? {};
      return [{ callId: stringOf(call.id), name: stringOf(fn.name), arguments: argumentsOf(fn.arguments) }];
    });
    return { shape: 'chat', calls };
  }
  const object = record(value);
  if (!object) return undefined;
  if (object.type === 'function_call') {
    return { shape: 'responses', calls: [{ callId: stringOf(object.call_id), name: stringOf(object.name), arguments: argumentsOf(object.arguments) }], item: object };
  }
  return { shape: 'legacy', calls: [{ callId: '', name: stringOf(object.name), arguments: argumentsOf(object.arguments) }] };
}
