/**
 * The simulated OpenAI-compatible endpoint: real HTTP on 127.0.0.1, answers computed by the engine's
 * cache model from the real token ids of each request. Every response is labelled as simulated.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CacheSimulator } from '../cache/simulate';
import { PromptParseError } from '../model';
import type { CallContext } from './callContext';
import { handleChatCompletions } from './chatCompletions';
import { ConversationStore } from './conversations';
import { FaultPlan } from './faults';
import { badRequest, sendError, sendJson, SimulatedHttpError } from './openaiErrors';
import {
  DEFAULT_SIMULATED_MODELS,
  SIMULATED_HEADER,
  type RunningSimulator,
  type SimulatorServerOptions,
} from './options';
import { handleResponses } from './responses';

type RouteHandler = (call: CallContext, body: Record<string, unknown>, model: string) => Promise<void>;

/** Routes by path ending, so Azure's `/openai/deployments/<name>/chat/completions` works as well. */
const ROUTES: readonly { suffix: string; handler: RouteHandler }[] = [
  { suffix: '/chat/completions', handler: handleChatCompletions },
  { suffix: '/responses', handler: handleResponses },
];

const LABEL = { [SIMULATED_HEADER]: 'simulated' };
const MAX_BODY_BYTES = 32 * 1024 * 1024;

export async function startSimulator(options: SimulatorServerOptions = {}): Promise<RunningSimulator> {
  const seed = options.seed ?? 1;
  const clock = options.clock ?? Date.now;
  const faults = options.faults ?? {};
  const plan = new FaultPlan(faults, seed);
  const cache = new CacheSimulator({ clock, seed, overflow: options.overflow });
  const conversations = new ConversationStore();
  const shutdown = new AbortController();
  let requestCount = 0;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (ms <= 0 || shutdown.signal.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        shutdown.signal.removeEventListener('abort', done);
        resolve();
      }
      shutdown.signal.addEventListener('abort', done);
    });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname.replace(/\/+$/, '');
    checkAuth(req, options.requireKey);

    if (req.method === 'GET' && path.endsWith('/models')) {
      const ids = options.models ?? DEFAULT_SIMULATED_MODELS;
      const data = ids.map((id) => ({ id, object: 'model', created: 0, owned_by: 'prompt-cache-lens-simulator' }));
      sendJson(res, 200, { object: 'list', data }, LABEL);
      return;
    }
    const route = ROUTES.find((r) => path.endsWith(r.suffix));
    if (!route) throw new SimulatedHttpError(404, `Unknown request URL: ${req.method} ${path}.`, 'invalid_request_error', 'unknown_url');
    if (req.method !== 'POST') throw new SimulatedHttpError(405, `Method ${req.method} not allowed on ${path}.`, 'invalid_request_error', 'method_not_allowed');

    const text = await readBody(req);
    const requestNumber = ++requestCount;
    const fault = plan.faultFor(requestNumber);
    await sleep(faults.latencyMs ?? 0);
    if (shutdown.signal.aborted) return void res.destroy();
    if (fault === 'drop') return void req.socket.destroy();
    if (fault === 'rate-limit') throw rateLimited(faults.rateLimit?.retryAfterMs ?? 1000);
    if (fault === 'server-error') {
      throw new SimulatedHttpError(500, 'The server had an error while processing your request. (simulated)', 'server_error', null);
    }

    const body = parseBody(text);
    const model = modelOf(body, path);
    if (options.models && !options.models.includes(model)) {
      throw new SimulatedHttpError(404, `The model \`${model}\` does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found', 'model');
    }
    const call: CallContext = {
      requestNumber,
      seed,
      clock,
      cache,
      conversations,
      reporting: options.cachedTokensReporting ?? 'always',
      defaultOutputTokens: options.defaultOutputTokens ?? 16,
      maxOutputTokens: options.maxOutputTokens ?? 256,
      tokenizerAssetDir: options.tokenizerAssetDir,
      malformed: fault === 'malformed',
      chunkIntervalMs: faults.chunkIntervalMs ?? 0,
      sleep,
      headers: LABEL,
      res,
    };
    try {
      await route.handler(call, body, model);
    } catch (error) {
      if (error instanceof PromptParseError) throw badRequest(`Invalid request body: ${error.message}`);
      throw error;
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent || res.destroyed) return void res.destroy();
      if (error instanceof SimulatedHttpError) return sendError(res, withLabel(error));
      const message = error instanceof Error ? error.message : String(error);
      sendError(res, withLabel(new SimulatedHttpError(500, `Simulator failure: ${message}`, 'server_error', null)));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    requestCount: () => requestCount,
    close: () =>
      new Promise<void>((resolve) => {
        shutdown.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function withLabel(error: SimulatedHttpError): SimulatedHttpError {
  return new SimulatedHttpError(error.status, error.message, error.type, error.code, error.param, { ...LABEL, ...error.headers });
}

/** Any bearer token (or none) passes unless a key is required; the key is never echoed back. */
function checkAuth(req: IncomingMessage, requireKey: string | undefined): void {
  if (requireKey === undefined) return;
  const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
  const given = bearer ?? (typeof req.headers['api-key'] === 'string' ? req.headers['api-key'] : undefined);
  if (given === requireKey) return;
  const message = given
    ? 'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys. (simulated)'
    : "You didn't provide an API key. Provide it in an Authorization header (Bearer auth). (simulated)";
  throw new SimulatedHttpError(401, message, 'invalid_request_error', given ? 'invalid_api_key' : null);
}

function rateLimited(retryAfterMs: number): SimulatedHttpError {
  return new SimulatedHttpError(
    429,
    `Rate limit reached for requests. Please try again in ${retryAfterMs}ms. (simulated)`,
    'requests',
    'rate_limit_exceeded',
    null,
    { 'retry-after': String(Math.ceil(retryAfterMs / 1000)), 'retry-after-ms': String(retryAfterMs) },
  );
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new SimulatedHttpError(413, 'Request body too large.', 'invalid_request_error', null));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(text: string): Record<string, unknown> {
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

/** `model` from the body, or the deployment name in an Azure-style path. */
function modelOf(body: Record<string, unknown>, path: string): string {
  if (typeof body.model === 'string' && body.model.length > 0) return body.model;
  const deployment = /\/deployments\/([^/]+)\//.exec(path)?.[1];
  if (deployment) return decodeURIComponent(deployment);
  throw badRequest('you must provide a model parameter', null, 'model');
}
