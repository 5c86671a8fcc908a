/**
 * Anthropic's error body: `{ type: "error", error: { type, message }, request_id }`. Errors are
 * thrown as `SimulatedHttpError` everywhere; the Anthropic routes only answer in this shape.
 */
import { SimulatedHttpError } from './openaiErrors';

export interface AnthropicErrorBody {
  type: 'error';
  error: { type: string; message: string };
  request_id: string;
}

const TYPES_BY_STATUS: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  405: 'invalid_request_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

const ANTHROPIC_TYPES = new Set(Object.values(TYPES_BY_STATUS));

export function anthropicErrorBody(error: SimulatedHttpError, requestId: string): AnthropicErrorBody {
  const type = TYPES_BY_STATUS[error.status] ?? (ANTHROPIC_TYPES.has(error.type) ? error.type : 'api_error');
  return { type: 'error', error: { type, message: error.message }, request_id: requestId };
}

export const anthropicInvalid = (message: string) => new SimulatedHttpError(400, message, 'invalid_request_error', null);

export function anthropicRateLimited(retryAfterMs: number): SimulatedHttpError {
  return new SimulatedHttpError(
    429,
    'This request would exceed the rate limit for your organization. (simulated)',
    'rate_limit_error',
    null,
    null,
    { 'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) },
  );
}

export function anthropicOverloaded(retryAfterMs: number): SimulatedHttpError {
  return new SimulatedHttpError(529, 'Overloaded (simulated)', 'overloaded_error', null, null, {
    'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))),
  });
}
