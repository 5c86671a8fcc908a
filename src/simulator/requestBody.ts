/**
 * Reading a request body: streamed in with a size limit (413 as soon as the limit is passed, while
 * the rest is drained so the client can read the answer), then parsed as one JSON object with a
 * bound on nesting so a pathological body is a 400, not a stack overflow further on.
 */
import type { IncomingMessage } from 'node:http';
import { badRequest, SimulatedHttpError } from './openaiErrors';

/** Deeper bodies are refused; real prompts (tool schemas included) stay far below. */
export const MAX_JSON_DEPTH = 100;

/** Past the limit the rest is read and dropped up to this many bytes more, then the socket is closed. */
const DRAIN_ALLOWANCE_BYTES = 64 * 1024 * 1024;

export function tooLarge(limit: number): SimulatedHttpError {
  return new SimulatedHttpError(
    413,
    `Request body too large: the limit is ${limit} bytes. (simulated)`,
    'invalid_request_error',
    'request_too_large',
    null,
    { connection: 'close' },
  );
}

export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    let size = 0;
    let refused = false;
    const chunks: Buffer[] = [];
    const refuse = () => {
      refused = true;
      chunks.length = 0;
      reject(tooLarge(limit));
    };
    if (Number.isFinite(declared) && declared > limit) refuse();
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (refused) {
        if (size > limit + DRAIN_ALLOWANCE_BYTES) req.socket.destroy();
        return;
      }
      if (size > limit) return refuse();
      chunks.push(chunk);
    });
    let ended = false;
    req.on('end', () => {
      ended = true;
      if (!refused) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    // A client that goes away mid-body never sends `end`.
    req.on('close', () => {
      if (!ended && !refused) reject(new Error('the client closed the connection before sending the whole body'));
    });
    req.on('error', (error) => {
      if (!refused) reject(error);
    });
  });
}

/** True when brackets outside strings nest deeper than `max`; stops at the first such point. */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

export function parseJsonObject(text: string): Record<string, unknown> {
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
    throw badRequest(`The request body nests more than ${MAX_JSON_DEPTH} levels deep. (simulated)`, 'invalid_json');
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw badRequest(
      "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly.) (simulated)",
    );
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('The request body must be a JSON object.');
  return body as Record<string, unknown>;
}
