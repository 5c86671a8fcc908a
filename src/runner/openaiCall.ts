/** One request through the official `openai` SDK: Chat Completions or Responses, streamed or not. */
import OpenAI, { AzureOpenAI } from 'openai';
import { UnexpectedResponseError } from './errors';
import type { EndpointConfig } from './types';
import { readChatUsage, readResponsesUsage, type UsageFigures } from './usage';

export interface CallResult {
  usage: unknown;
  figures: UsageFigures;
  ttftMs: number | null;
  outputText: string;
  responseId?: string;
}

/** The SDK client for an OpenAI-style endpoint; retries are the runner's, never the SDK's. */
export function openAIClient(endpoint: Exclude<EndpointConfig, { kind: 'anthropic' }>, timeoutMs: number): OpenAI {
  const common = { maxRetries: 0, timeout: timeoutMs };
  switch (endpoint.kind) {
    case 'azure':
      return new AzureOpenAI({
        ...common,
        apiKey: endpoint.apiKey,
        endpoint: endpoint.endpoint,
        apiVersion: endpoint.apiVersion,
        ...(endpoint.deployment ? { deployment: endpoint.deployment } : {}),
      });
    case 'openai':
      return new OpenAI({ ...common, apiKey: endpoint.apiKey, baseURL: endpoint.baseURL, organization: endpoint.organization });
    case 'compatible':
    case 'simulator':
      // Local servers often need no key, but the SDK insists on one.
      return new OpenAI({ ...common, apiKey: endpoint.apiKey || 'no-key', baseURL: endpoint.baseURL });
  }
}

type ChatParams = OpenAI.Chat.ChatCompletionCreateParams;

const isObject = (value: unknown) => typeof value === 'object' && value !== null;

/**
 * Throws when an answer lacks what the API always sends; a run without usage measured nothing, so
 * it must not pass for a successful one.
 */
function requireFields(checks: [present: boolean, missing: string][]): void {
  const missing = checks.flatMap(([present, what]) => (present ? [] : [what]));
  if (missing.length > 0) throw new UnexpectedResponseError(missing);
}
type ResponsesParams = OpenAI.Responses.ResponseCreateParams;

export async function callChat(client: OpenAI, body: Record<string, unknown>, stream: boolean, signal: AbortSignal, started: number): Promise<CallResult> {
  if (!stream) {
    const completion = await client.chat.completions.create({ ...body, stream: false } as unknown as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming, { signal });
    requireFields([
      [Array.isArray(completion.choices), 'no choices'],
      [isObject(completion.usage), 'no usage'],
    ]);
    return {
      usage: completion.usage ?? null,
      figures: readChatUsage(completion.usage),
      ttftMs: null,
      outputText: completion.choices[0]?.message?.content ?? '',
      responseId: completion.id,
    };
  }
  const params = { ...body, stream: true, stream_options: { include_usage: true } } as unknown as ChatParams & { stream: true };
  const chunks = await client.chat.completions.create(params, { signal });
  let ttftMs: number | null = null;
  let text = '';
  let usage: unknown = null;
  let id: string | undefined;
  for await (const chunk of chunks) {
    // Azure's first chunk (prompt filter results) has an empty id: take the first real one.
    if (!id && chunk.id) id = chunk.id;
    const delta = chunk.choices?.[0]?.delta?.content;
    if (delta) {
      ttftMs ??= performance.now() - started;
      text += delta;
    }
    if (chunk.usage) usage = chunk.usage;
  }
  requireFields([[isObject(usage), 'no usage in the stream']]);
  return { usage, figures: readChatUsage(usage), ttftMs, outputText: text, responseId: id };
}

export async function callResponses(client: OpenAI, body: Record<string, unknown>, stream: boolean, signal: AbortSignal, started: number): Promise<CallResult> {
  if (!stream) {
    const response = await client.responses.create({ ...body, stream: false } as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming, { signal });
    requireFields([
      [Array.isArray(response.output), 'no output'],
      [isObject(response.usage), 'no usage'],
    ]);
    return { usage: response.usage ?? null, figures: readResponsesUsage(response.usage), ttftMs: null, outputText: response.output_text, responseId: response.id };
  }
  const events = await client.responses.create({ ...body, stream: true } as unknown as ResponsesParams & { stream: true }, { signal });
  let ttftMs: number | null = null;
  let text = '';
  let usage: unknown = null;
  let id: string | undefined;
  for await (const event of events) {
    if (event.type === 'response.output_text.delta') {
      ttftMs ??= performance.now() - started;
      text += event.delta;
    } else if (event.type === 'response.completed') {
      usage = event.response.usage ?? null;
      id = event.response.id;
    } else if (event.type === 'response.created') {
      id ??= event.response.id;
    }
  }
  requireFields([[isObject(usage), 'no usage in the stream']]);
  return { usage, figures: readResponsesUsage(usage), ttftMs, outputText: text, responseId: id };
}
