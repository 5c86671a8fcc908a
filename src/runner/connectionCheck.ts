/**
 * "Test connection": one cheap authenticated request (the model list) that tells whether the
 * endpoint answers and takes the key, worded like a run's failure when it does not.
 */
import { ANTHROPIC_BASE_URL, ANTHROPIC_VERSION, anthropicTargetOf } from './anthropicCall';
import { endpointLabel } from './endpointLabel';
import { classifyError, HttpStatusError } from './errors';
import { openAIClient } from './openaiCall';
import type { EndpointConfig, RunErrorKind } from './types';

export interface ConnectionCheck {
  ok: boolean;
  /** One sentence naming the host. */
  message: string;
  kind?: RunErrorKind;
  httpStatus?: number;
}

function modelsUrl(baseURL: string | undefined): string {
  const base = (baseURL ?? ANTHROPIC_BASE_URL).replace(/\/+$/, '');
  return base.endsWith('/v1') ? `${base}/models` : `${base}/v1/models`;
}

async function listModels(endpoint: EndpointConfig, signal: AbortSignal, timeoutMs: number): Promise<number> {
  const anthropic = anthropicTargetOf(endpoint);
  if (anthropic) {
    const response = await fetch(modelsUrl(anthropic.baseURL), {
      headers: { 'x-api-key': anthropic.apiKey, 'anthropic-version': anthropic.version ?? ANTHROPIC_VERSION },
      signal,
    });
    const text = await response.text();
    if (!response.ok) {
      let message = text.slice(0, 200);
      try {
        message = String((JSON.parse(text) as { error?: { message?: unknown } }).error?.message ?? message);
      } catch {
        // not JSON: keep the text
      }
      throw new HttpStatusError(response.status, response.headers, message);
    }
    const data = (JSON.parse(text) as { data?: unknown[] }).data;
    return Array.isArray(data) ? data.length : 0;
  }
  // Azure lists the resource's models, not a deployment's: ask the resource.
  const target = endpoint.kind === 'azure' ? { ...endpoint, deployment: undefined } : endpoint;
  const page = await openAIClient(target as Exclude<EndpointConfig, { kind: 'anthropic' }>, timeoutMs).models.list({ signal });
  return page.data.length;
}

export async function checkConnection(endpoint: EndpointConfig, timeoutMs = 10_000, now: () => number = Date.now): Promise<ConnectionCheck> {
  const where = endpointLabel(endpoint);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    const models = await listModels(endpoint, controller.signal, timeoutMs);
    return { ok: true, message: `Connected to ${where}: the key was accepted and ${models} model${models === 1 ? ' is' : 's are'} listed.` };
  } catch (error) {
    const failure = classifyError(error, timedOut ? 'timeout' : undefined, now(), where);
    return { ok: false, message: failure.message, kind: failure.kind, ...(failure.httpStatus !== undefined ? { httpStatus: failure.httpStatus } : {}) };
  } finally {
    clearTimeout(timer);
  }
}
