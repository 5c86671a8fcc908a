/** One request to Anthropic's Messages API over plain HTTP (`/v1/messages`), streamed or not. */
import { HttpStatusError, MalformedResponseError, UnexpectedResponseError } from './errors';
import type { CallResult } from './openaiCall';
import type { EndpointConfig } from './types';
import { readAnthropicUsage } from './usage';

export const ANTHROPIC_BASE_URL = 'https://api.anthropic.com';
export const ANTHROPIC_VERSION = '2023-06-01';

export interface AnthropicTarget {
  apiKey: string;
  baseURL?: string;
  version?: string;
}

/**
 * Where an endpoint takes Messages API requests: Anthropic itself, or the simulator told to speak
 * Anthropic (any key passes there unless it requires one). Undefined for OpenAI-style endpoints.
 */
export function anthropicTargetOf(endpoint: EndpointConfig): AnthropicTarget | undefined {
  if (endpoint.kind === 'anthropic') return endpoint;
  if (endpoint.kind === 'simulator' && endpoint.protocol === 'anthropic') {
    return { apiKey: endpoint.apiKey ?? 'simulated', baseURL: endpoint.baseURL };
  }
  return undefined;
}

/** `{base}/v1/{path}`, whether or not the configured base URL already ends in `/v1`. */
export function anthropicUrl(baseURL: string | undefined, path: string): string {
  const base = (baseURL ?? ANTHROPIC_BASE_URL).replace(/\/+$/, '');
  return base.endsWith('/v1') ? `${base}/${path}` : `${base}/v1/${path}`;
}

/** A JSON POST to one of Anthropic's endpoints with the key and version headers. */
export function postAnthropic(target: AnthropicTarget, path: string, body: unknown, signal: AbortSignal): Promise<Response> {
  return fetch(anthropicUrl(target.baseURL, path), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-api-key': target.apiKey,
      'anthropic-version': target.version ?? ANTHROPIC_VERSION,
    },
    body: JSON.stringify(body),
    signal,
  });
}

function parse(text: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new MalformedResponseError(`Could not parse the response as JSON: ${text.slice(0, 80)}`);
  }
}

export async function callAnthropic(
  target: AnthropicTarget,
  body: Record<string, unknown>,
  stream: boolean,
  signal: AbortSignal,
  started: number,
): Promise<CallResult> {
  const response = await postAnthropic(target, 'messages', stream ? { ...body, stream: true } : body, signal);
  if (!response.ok) {
    const text = await response.text();
    const message = (() => {
      try {
        return String((JSON.parse(text) as { error?: { message?: unknown } }).error?.message ?? text);
      } catch {
        return text.slice(0, 200);
      }
    })();
    throw new HttpStatusError(response.status, response.headers, message);
  }
  if (!stream) {
    const message = parse(await response.text());
    if (typeof message.usage !== 'object' || message.usage === null) throw new UnexpectedResponseError(['no usage']);
    const content = Array.isArray(message.content) ? (message.content as { type?: string; text?: string }[]) : [];
    return {
      usage: message.usage ?? null,
      figures: readAnthropicUsage(message.usage),
      ttftMs: null,
      outputText: content.map((b) => (b.type === 'text' ? (b.text ?? '') : '')).join(''),
      responseId: typeof message.id === 'string' ? message.id : undefined,
    };
  }

  // Usage arrives in two parts: input figures in message_start, output (and updates) in message_delta.
  let usage: Record<string, unknown> | null = null;
  let ttftMs: number | null = null;
  let text = '';
  let id: string | undefined;
  for await (const data of sseData(response)) {
    const event = parse(data);
    if (event.type === 'message_start') {
      const message = event.message as { id?: string; usage?: Record<string, unknown> };
      id = message.id;
      usage = { ...message.usage };
    } else if (event.type === 'content_block_delta') {
      const delta = event.delta as { type?: string; text?: string };
      if (delta.type === 'text_delta' && delta.text) {
        ttftMs ??= performance.now() - started;
        text += delta.text;
      }
    } else if (event.type === 'message_delta' && event.usage) {
      const update = Object.fromEntries(Object.entries(event.usage as Record<string, unknown>).filter(([, v]) => v !== null));
      usage = { ...(usage ?? {}), ...update };
    } else if (event.type === 'error') {
      const error = event.error as { type?: string; message?: string } | undefined;
      throw new HttpStatusError(error?.type === 'overloaded_error' ? 529 : 500, new Headers(), error?.message ?? 'stream error');
    }
  }
  if (usage === null) throw new UnexpectedResponseError(['no usage in the stream']);
  return { usage, figures: readAnthropicUsage(usage), ttftMs, outputText: text, responseId: id };
}

/** The `data:` payloads of a server-sent-events body. */
async function* sseData(response: Response): AsyncGenerator<string> {
  if (!response.body) return;
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end = buffer.search(/\r?\n\r?\n/);
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
      const data = block
        .split(/\r?\n/)
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).replace(/^ /, ''))
        .join('\n');
      if (data) yield data;
      end = buffer.search(/\r?\n\r?\n/);
    }
  }
}
