/**
 * The simulated endpoint: real HTTP on 127.0.0.1, answers computed by the engine's cache model from
 * the real token ids of each request, in OpenAI's shapes (Chat Completions, Responses) and
 * Anthropic's (Messages). Every response is labelled as simulated.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CacheSimulator } from '../core/cache/simulate';
import { PromptParseError } from '../core/model';
import { handleMessages } from './anthropicMessages';
import { anthropicInvalid, anthropicOverloaded, anthropicRateLimited } from './anthropicErrors';
import { CallAbandoned, type CallContext } from './callContext';
import { handleChatCompletions } from './chatCompletions';
import { ConversationStore } from './conversations';
import { handleMessagesCountTokens, handleResponsesInputTokens } from './countTokens';
import { FaultPlan } from './faults';
import { BodyCounter, WorkCancelled } from './offThread';
import { badRequest, sendError, sendJson, SimulatedHttpError, type ApiDialect } from './openaiErrors';
import {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_CACHE_ENTRIES,
  DEFAULT_MAX_CACHE_TOKENS,
  DEFAULT_OFF_THREAD_BYTES,
  DEFAULT_SIMULATED_MODELS,
  SIMULATED_FLAG_HEADER,
  SIMULATED_HEADER,
  type RunningSimulator,
  type SimulatorServerOptions,
} from './options';
import { parseJsonObject, readBody } from './requestBody';
import { handleResponses } from './responses';

type RouteHandler = (call: CallContext, body: Record<string, unknown>, model: string) => Promise<void>;

interface Route {
  suffix: string;
  handler: RouteHandler;
  dialect: ApiDialect;
}

/**
 * Routes by path ending, so Azure's `/openai/deployments/<name>/chat/completions` works as well.
 * Longer endings first: `/messages/count_tokens` before `/messages`.
 */
const ROUTES: readonly Route[] = [
  { suffix: '/messages/count_tokens', handler: handleMessagesCountTokens, dialect: 'anthropic' },
  { suffix: '/responses/input_tokens', handler: handleResponsesInputTokens, dialect: 'openai' },
  { suffix: '/chat/completions', handler: handleChatCompletions, dialect: 'openai' },
  { suffix: '/responses', handler: handleResponses, dialect: 'openai' },
  { suffix: '/messages', handler: handleMessages, dialect: 'anthropic' },
];

const LABEL = { [SIMULATED_HEADER]: 'simulated', [SIMULATED_FLAG_HEADER]: 'true' };

export async function startSimulator(options: SimulatorServerOptions = {}): Promise<RunningSimulator> {
  const seed = options.seed ?? 1;
  const clock = options.clock ?? Date.now;
  const faults = options.faults ?? {};
  const plan = new FaultPlan(faults, seed);
  const cache = new CacheSimulator({
    clock,
    seed,
    overflow: options.overflow,
    maxEntries: options.maxCacheEntries ?? DEFAULT_MAX_CACHE_ENTRIES,
    maxTokens: options.maxCacheTokens ?? DEFAULT_MAX_CACHE_TOKENS,
  });
  const conversations = new ConversationStore();
  const counter = new BodyCounter(options.tokenizerAssetDir);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  /** One controller per request in flight; closing the server aborts them all. */
  const active = new Set<AbortController>();
  let requestCount = 0;
  let closing = false;

  /** Waits `ms`, cut short when `signal` aborts; one listener per wait, removed after it. */
  const sleep = (ms: number, signal: AbortSignal) =>
    new Promise<void>((resolve) => {
      if (ms <= 0 || signal.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    });

  async function handle(req: IncomingMessage, res: ServerResponse, route: Route | undefined, path: string, signal: AbortSignal): Promise<void> {
    checkAuth(req, options.requireKey, route?.dialect ?? 'openai');

    if (req.method === 'GET' && path.endsWith('/models')) {
      const ids = options.models ?? DEFAULT_SIMULATED_MODELS;
      const data = ids.map((id) => ({ id, object: 'model', created: 0, owned_by: 'prompt-cache-lens-simulator' }));
      sendJson(res, 200, { object: 'list', data }, LABEL);
      return;
    }
    if (!route) throw new SimulatedHttpError(404, `Unknown request URL: ${req.method} ${path}.`, 'invalid_request_error', 'unknown_url');
    if (req.method !== 'POST') throw new SimulatedHttpError(405, `Method ${req.method} not allowed on ${path}.`, 'invalid_request_error', 'method_not_allowed');
    if (route.dialect === 'anthropic' && typeof req.headers['anthropic-version'] !== 'string') {
      throw anthropicInvalid('anthropic-version: header is required (simulated)');
    }

    const text = await readBody(req, maxBodyBytes);
    const requestNumber = ++requestCount;
    const fault = plan.faultFor(requestNumber);
    await sleep(faults.latencyMs ?? 0, signal);
    if (signal.aborted) return void res.destroy();
    if (fault === 'drop') return void req.socket.destroy();
    if (fault === 'rate-limit') {
      const wait = faults.rateLimit?.retryAfterMs ?? 1000;
      throw route.dialect === 'anthropic' ? anthropicRateLimited(wait) : rateLimited(wait);
    }
    if (fault === 'server-error') {
      if (route.dialect === 'anthropic') throw anthropicOverloaded(faults.rateLimit?.retryAfterMs ?? 1000);
      throw new SimulatedHttpError(500, 'The server had an error while processing your request. (simulated)', 'server_error', null);
    }

    const body = parseJsonObject(text);
    const model = route.dialect === 'anthropic' ? anthropicModelOf(body) : modelOf(body, path);
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
      signal,
      sleep: (ms) => sleep(ms, signal),
      rawText: text,
      dialect: route.dialect,
      offThreadBytes: options.offThreadBytes ?? DEFAULT_OFF_THREAD_BYTES,
      counter,
      headers: route.dialect === 'anthropic' ? { ...LABEL, 'request-id': requestIdOf(res) } : LABEL,
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
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname.replace(/\/+$/, '');
    const route = ROUTES.find((r) => path.endsWith(r.suffix));
    const controller = new AbortController();
    active.add(controller);
    // `close` also follows a finished response; aborting then costs nothing.
    res.on('close', () => {
      controller.abort();
      active.delete(controller);
    });
    if (closing) controller.abort();
    handle(req, res, route, path, controller.signal).catch((error: unknown) => {
      if (error instanceof CallAbandoned || error instanceof WorkCancelled || controller.signal.aborted) return void res.destroy();
      if (res.headersSent || res.destroyed) return void res.destroy();
      const dialect = route?.dialect ?? 'openai';
      const failure =
        error instanceof SimulatedHttpError
          ? error
          : new SimulatedHttpError(500, `Simulator failure: ${error instanceof Error ? error.message : String(error)}`, 'server_error', null);
      sendError(res, withLabel(failure), dialect, requestIdOf(res));
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
    inFlight: () => active.size,
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        for (const controller of active) controller.abort();
        void counter.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function withLabel(error: SimulatedHttpError): SimulatedHttpError {
  return new SimulatedHttpError(error.status, error.message, error.type, error.code, error.param, { ...LABEL, ...error.headers });
}

/** Anthropic answers carry a request id; one per response, made on first use. */
const requestIds = new WeakMap<ServerResponse, string>();
function requestIdOf(res: ServerResponse): string {
  let id = requestIds.get(res);
  if (!id) {
    id = `req_sim${randomBytes(10).toString('hex')}`;
    requestIds.set(res, id);
  }
  return id;
}

/**
 * Any key (or none) passes unless one is required; the key is never echoed back. OpenAI routes take
 * a bearer token (or Azure's `api-key`), Anthropic routes `x-api-key`.
 */
function checkAuth(req: IncomingMessage, requireKey: string | undefined, dialect: ApiDialect): void {
  if (requireKey === undefined) return;
  if (dialect === 'anthropic') {
    const given = typeof req.headers['x-api-key'] === 'string' ? req.headers['x-api-key'] : undefined;
    if (given === requireKey) return;
    const message = given ? 'invalid x-api-key (simulated)' : 'x-api-key header is required (simulated)';
    throw new SimulatedHttpError(401, message, 'authentication_error', null);
  }
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

/** `model` from the body, or the deployment name in an Azure-style path. */
function modelOf(body: Record<string, unknown>, path: string): string {
  if (typeof body.model === 'string' && body.model.length > 0) return body.model;
  if (body.model !== undefined && typeof body.model !== 'string') {
    throw badRequest(`Invalid type for 'model': expected a string, but got ${typeof body.model} instead.`, 'invalid_type', 'model');
  }
  const deployment = /\/deployments\/([^/]+)\//.exec(path)?.[1];
  if (deployment) return decodeURIComponent(deployment);
  throw badRequest('you must provide a model parameter', null, 'model');
}

function anthropicModelOf(body: Record<string, unknown>): string {
  if (typeof body.model === 'string' && body.model.length > 0) return body.model;
  throw anthropicInvalid(body.model === undefined ? 'model: Field required' : 'model: Input should be a valid string');
}
