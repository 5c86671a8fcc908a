import type { ServerResponse } from 'node:http';
import { anthropicErrorBody } from './anthropicErrors';

/** OpenAI's error body: `{ error: { message, type, param, code } }`. */
export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export class SimulatedHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: string,
    readonly code: string | null,
    readonly param: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): OpenAIErrorBody {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

export const badRequest = (message: string, code: string | null = null, param: string | null = null) =>
  new SimulatedHttpError(400, message, 'invalid_request_error', code, param);

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Which provider's shapes a route answers in. */
export type ApiDialect = 'openai' | 'anthropic';

export function sendError(res: ServerResponse, error: SimulatedHttpError, dialect: ApiDialect = 'openai', requestId = ''): void {
  const body = dialect === 'anthropic' ? anthropicErrorBody(error, requestId) : error.body();
  sendJson(res, error.status, body, error.headers);
}
