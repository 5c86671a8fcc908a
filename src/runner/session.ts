/**
 * A test session: N runs of one prompt against one endpoint, each recorded with what it measured,
 * what the engine predicted and what it cost. Runs are independent: one failing never hides the
 * others, and only three things stop the rest: cancelling (aborts the requests in flight, starts no
 * more), a refused key (401/403), after which every run would fail the same way, and a server error
 * on every attempt of a run (the server is down: more runs would only repeat the retries). The rest
 * are then recorded as not sent.
 */
import { randomUUID } from 'node:crypto';
import { costPerRequest, priceFor } from '../core/cache/pricing';
import type { PromptRequest } from '../core/model';
import { anthropicTargetOf, callAnthropic } from './anthropicCall';
import { endpointLabel } from './endpointLabel';
import { classifyError, type AbortCause, type ClassifiedError } from './errors';
import { callChat, callResponses, openAIClient, type CallResult } from './openaiCall';
import { CachePredictor, type Prediction } from './prediction';
import { RequestKeeper } from './keptRequest';
import { endpointSecrets, redactText, redactUrl, redactValue } from './redact';
import { abortableSleep, backoffMs, isRetryable } from './retry';
import { planBodies, recordTurn, type Conversation, type PlannedBodies } from './runBodies';
import { DEFAULT_PER_REQUEST_VALUES, varyPerRequestValues } from './perRunValues';
import { defaultRow, substituteRequest } from './template';
import type { EndpointConfig, FailedAttempt, ProgressEvent, RunCost, RunRecord, RunSettings, SessionHeader } from './types';
import type { UsageFigures } from './usage';

export interface SessionOptions {
  prompt: PromptRequest;
  endpoint: EndpointConfig;
  settings: RunSettings;
  /** The prompt file's text, to send images given as data URLs in full. */
  sourceText?: string;
  promptFile?: string;
  sessionId?: string;
  signal?: AbortSignal;
  /** Secrets to redact besides the endpoint's own key and URL credentials (other keys the host knows). */
  knownSecrets?: readonly string[];
  /** Milliseconds; stamps runs and drives the prediction. Defaults to `Date.now`. */
  clock?: () => number;
  tokenizerAssetDir?: string;
  /**
   * The model of what the endpoint's cache holds, shared across sessions to the same endpoint so
   * a first run after an earlier session is predicted warm. A fresh (cold) one when absent.
   */
  predictor?: CachePredictor;
  /** Called as each run completes, in completion order (write it to history here). */
  onRecord?: (record: RunRecord) => void | Promise<void>;
  onProgress?: (event: ProgressEvent) => void;
}

export interface SessionResult {
  header: SessionHeader;
  /** In run order; runs never started (after a cancel) are absent. */
  records: RunRecord[];
  cancelled: boolean;
  /** Failures of `onRecord` (a full disk, say); the runs themselves went on. */
  recordErrors: string[];
}

const DEFAULTS = { timeoutMs: 60_000, maxRetries: 3, retryBaseDelayMs: 500, maxRetryWaitMs: 60_000, concurrency: 1 };

/**
 * The session header: endpoint and settings, never the key, and the URL without credentials or
 * secret query parameters (a URL's password would otherwise land in the history and exports).
 */
export function describeSession(options: SessionOptions, sessionId: string, createdAt: string): SessionHeader {
  const { endpoint } = options;
  const where: SessionHeader['endpoint'] = { kind: endpoint.kind };
  if ('baseURL' in endpoint && endpoint.baseURL) where.baseURL = redactUrl(endpoint.baseURL);
  if (endpoint.kind === 'azure') {
    where.baseURL = redactUrl(endpoint.endpoint);
    where.apiVersion = endpoint.apiVersion;
    if (endpoint.deployment) where.deployment = endpoint.deployment;
  }
  if (endpoint.kind === 'simulator' && endpoint.protocol === 'anthropic') where.protocol = 'anthropic';
  const { priceOverrides: _prices, ...settings } = options.settings;
  const header: SessionHeader = {
    sessionId,
    createdAt,
    ...(options.promptFile ? { promptFile: options.promptFile } : {}),
    endpoint: where,
    settings,
    simulated: endpoint.kind === 'simulator',
  };
  return redactValue(header, sessionSecrets(options));
}

function sessionSecrets(options: SessionOptions): string[] {
  return [...endpointSecrets(options.endpoint), ...(options.knownSecrets ?? [])];
}

function costOf(settings: RunSettings, figures: UsageFigures): RunCost | null {
  const price = priceFor(settings.model, settings.priceOverrides);
  if (!price || figures.promptTokens === null) return null;
  const writes1h = figures.cacheWrite1hTokens ?? 0;
  const cost = costPerRequest(price, {
    promptTokens: figures.promptTokens,
    cachedTokens: figures.cachedTokens ?? 0,
    cacheWriteTokens: Math.max(0, (figures.cacheWriteTokens ?? 0) - writes1h),
    cacheWrite1hTokens: writes1h,
    outputTokens: figures.outputTokens ?? 0,
  });
  return { cachedUsd: cost.totalUsd, uncachedUsd: cost.uncachedUsd };
}

class AttemptFailure extends Error {
  constructor(readonly failure: ClassifiedError) {
    super(failure.message);
  }
}

export async function runSession(options: SessionOptions): Promise<SessionResult> {
  const settings = { ...DEFAULTS, ...options.settings };
  const { endpoint, signal } = options;
  const clock = options.clock ?? Date.now;
  const sessionId = options.sessionId ?? randomUUID();
  const header = describeSession(options, sessionId, new Date(clock()).toISOString());
  const secrets = sessionSecrets(options);
  const where = endpointLabel(endpoint);
  const anthropicTarget = anthropicTargetOf(endpoint);
  const predictor = options.predictor ?? new CachePredictor(anthropicTarget ? 'anthropic' : undefined, options.tokenizerAssetDir);
  const client = endpoint.kind === 'anthropic' || anthropicTarget ? undefined : openAIClient(endpoint, settings.timeoutMs);
  const conversational = settings.api === 'responses' && (settings.responsesState ?? 'independent') !== 'independent' && !anthropicTarget;
  const concurrency = conversational ? 1 : Math.max(1, Math.floor(settings.concurrency));
  const rows = settings.variableRows && settings.variableRows.length > 0 ? settings.variableRows : [{}];
  const baseRow = defaultRow(options.prompt);
  const conversation: Conversation = { history: [] };
  const records: RunRecord[] = [];
  const recordErrors: string[] = [];
  const requests = new RequestKeeper(secrets);

  const send = (bodies: PlannedBodies, attemptSignal: AbortSignal, started: number): Promise<CallResult> => {
    const stream = settings.stream ?? false;
    if (anthropicTarget) return callAnthropic(anthropicTarget, bodies.sent, stream, attemptSignal, started);
    if (!client) throw new Error('no client');
    return settings.api === 'chat'
      ? callChat(client, bodies.sent, stream, attemptSignal, started)
      : callResponses(client, bodies.sent, stream, attemptSignal, started);
  };

  /** One attempt with its own timeout; the user's cancel aborts it too. */
  const attempt = async (bodies: PlannedBodies): Promise<{ result: CallResult; latencyMs: number }> => {
    const controller = new AbortController();
    let cause: AbortCause;
    const timer = setTimeout(() => {
      cause = 'timeout';
      controller.abort();
    }, settings.timeoutMs);
    const onCancel = () => {
      cause ??= 'cancelled';
      controller.abort();
    };
    signal?.addEventListener('abort', onCancel, { once: true });
    if (signal?.aborted) onCancel();
    const started = performance.now();
    try {
      const result = await send(bodies, controller.signal, started);
      return { result, latencyMs: performance.now() - started };
    } catch (error) {
      throw new AttemptFailure(classifyError(error, cause, clock(), where));
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onCancel);
    }
  };

  const runOne = async (index: number): Promise<RunRecord> => {
    options.onProgress?.({ type: 'run-started', index, timeoutMs: settings.timeoutMs });
    const startedAtMs = clock();
    const variables = { ...baseRow, ...rows[index % rows.length] };
    const substituted = substituteRequest(options.prompt, variables);
    const varied = (settings.perRequestValues ?? DEFAULT_PER_REQUEST_VALUES) === 'vary' ? varyPerRequestValues(substituted, sessionId, index, startedAtMs) : undefined;
    const filled = varied?.request ?? substituted;
    const bodies = planBodies(filled, endpoint, settings, sessionId, index, conversation, options.sourceText);
    const prediction: Prediction | null = await predictor.predict(bodies.seen, bodies.format, settings.model, startedAtMs);
    const base = {
      sessionId,
      index,
      startedAt: new Date(startedAtMs).toISOString(),
      startedAtMs,
      predictedCachedTokens: prediction?.cachedTokens ?? null,
      predictedPromptTokens: prediction?.promptTokens ?? null,
      ...(prediction ? { predictedCache: prediction.cachedTokens > 0 ? ('warm' as const) : ('cold' as const) } : {}),
      simulated: endpoint.kind === 'simulator',
      ...(Object.keys(variables).length > 0 ? { variables: redactValue(variables, secrets) } : {}),
      ...(varied && Object.keys(varied.values).length > 0 ? { perRequestValues: redactValue(varied.values, secrets) } : {}),
      request: requests.keep(bodies.seen, bodies.format),
    };
    let attempts = 0;
    let retryWaitMs = 0;
    const failedAttempts: FailedAttempt[] = [];
    const note = (failure: ClassifiedError, waitMs: number, retryAfterHonoured: boolean) =>
      failedAttempts.push({
        attempt: attempts,
        kind: failure.kind,
        message: redactText(failure.message, secrets),
        ...(failure.httpStatus !== undefined ? { httpStatus: failure.httpStatus } : {}),
        ...(failure.requestId ? { requestId: redactText(failure.requestId, secrets) } : {}),
        waitMs,
        retryAfterHonoured,
      });
    for (;;) {
      attempts++;
      let outcome: { result: CallResult; latencyMs: number };
      try {
        outcome = await attempt(bodies);
      } catch (error) {
        const failure = error instanceof AttemptFailure ? error.failure : classifyError(error, undefined, clock(), where);
        const cancelled = signal?.aborted === true;
        if (!cancelled && isRetryable(failure.kind) && attempts <= settings.maxRetries) {
          // As the SDKs do: a 429 or 5xx that names its wait gets that wait (capped), others back off.
          const honoured = (failure.kind === 'rate-limit' || failure.kind === 'server') && failure.retryAfterMs !== undefined;
          const waitMs = honoured ? Math.min(failure.retryAfterMs ?? 0, settings.maxRetryWaitMs) : backoffMs(attempts, settings.retryBaseDelayMs);
          note(failure, waitMs, honoured);
          options.onProgress?.({ type: 'retry-wait', index, attempt: attempts, waitMs, reason: failure.kind, retryAfterHonoured: honoured });
          try {
            await abortableSleep(waitMs, signal);
            retryWaitMs += waitMs;
            continue;
          } catch {
            return failed(base, { kind: 'cancelled', message: 'Cancelled.' }, attempts, retryWaitMs, failedAttempts);
          }
        }
        if (cancelled) return failed(base, { kind: 'cancelled', message: 'Cancelled.' }, attempts, retryWaitMs, failedAttempts);
        note(failure, 0, false);
        return failed(base, failure, attempts, retryWaitMs, failedAttempts);
      }
      // Built outside the try: nothing here is a failure of the request, so nothing here may be retried.
      const { result, latencyMs } = outcome;
      if (bodies.turn.length > 0) recordTurn(conversation, bodies.turn, result.outputText, result.responseId);
      const { figures } = result;
      return {
        ...base,
        latencyMs,
        ttftMs: result.ttftMs,
        promptTokens: figures.promptTokens,
        cachedTokens: figures.cachedTokens,
        cacheWriteTokens: figures.cacheWriteTokens,
        cacheCreationInputTokens: figures.cacheCreationInputTokens,
        cacheReadInputTokens: figures.cacheReadInputTokens,
        outputTokens: figures.outputTokens,
        cost: costOf(settings, figures),
        outcome: { status: 'ok' },
        attempts,
        retryWaitMs,
        ...(failedAttempts.length > 0 ? { failedAttempts } : {}),
        ...(result.responseId ? { responseId: redactText(result.responseId, secrets) } : {}),
        usage: redactValue(result.usage, secrets),
      };
    }
  };

  const failed = (base: Pick<RunRecord, 'sessionId' | 'index' | 'startedAt' | 'startedAtMs' | 'predictedCachedTokens' | 'predictedPromptTokens' | 'predictedCache' | 'simulated' | 'variables' | 'perRequestValues' | 'request'>, failure: ClassifiedError, attempts: number, retryWaitMs: number, failedAttempts: FailedAttempt[]): RunRecord => ({
    ...base,
    latencyMs: null,
    ttftMs: null,
    promptTokens: null,
    cachedTokens: null,
    cacheWriteTokens: null,
    cacheCreationInputTokens: null,
    cacheReadInputTokens: null,
    outputTokens: null,
    cost: null,
    outcome: {
      status: 'error',
      kind: failure.kind,
      message: redactText(failure.message, secrets),
      ...(failure.httpStatus !== undefined ? { httpStatus: failure.httpStatus } : {}),
      ...(failure.requestId ? { requestId: redactText(failure.requestId, secrets) } : {}),
    },
    attempts,
    retryWaitMs,
    ...(failedAttempts.length > 0 ? { failedAttempts } : {}),
    usage: null,
  });

  /**
   * A run not sent because `stopper` (a refused key, a server failing every attempt, no answer
   * within the timeout) showed the rest would fail too.
   */
  const notSent = (index: number, stopper: RunRecord): RunRecord => {
    const status = stopper.outcome.status === 'error' ? stopper.outcome.httpStatus : undefined;
    const http = status ? ` (HTTP ${status})` : '';
    const kind = stopper.outcome.status === 'error' ? stopper.outcome.kind : undefined;
    const run = stopper.index + 1;
    const startedAtMs = clock();
    return failed(
      { sessionId, index, startedAt: new Date(startedAtMs).toISOString(), startedAtMs, predictedCachedTokens: null, predictedPromptTokens: null, simulated: endpoint.kind === 'simulator' },
      {
        kind: 'not-sent',
        message:
          kind === 'server'
            ? `Not sent: ${where} failed with a server error on every attempt of run ${run}${http}; the session stopped there.`
            : kind === 'timeout'
              ? `Not sent: ${where} gave no answer to run ${run} within ${Math.round(settings.timeoutMs / 1000)} s; the session stopped there.`
              : `Not sent: ${where} ${endpoint.apiKey ? 'refused the key' : 'asked for an API key'} on run ${run}${http}; every run would be refused the same way.`,
      },
      0,
      0,
      [],
    );
  };

  const finish = async (record: RunRecord) => {
    records.push(record);
    try {
      await options.onRecord?.(record);
    } catch (error) {
      recordErrors.push(redactText(error instanceof Error ? error.message : String(error), secrets));
    }
    options.onProgress?.({ type: 'run-finished', record });
  };

  // Starts are spaced by the delay, whichever worker takes the next run.
  let nextIndex = 0;
  let nextStartAt = 0;
  let stopper: RunRecord | undefined;
  // A run that timed out waited the whole timeout: the next ones would each wait as long.
  const stops = (record: RunRecord) =>
    record.outcome.status === 'error' && (record.outcome.kind === 'auth' || record.outcome.kind === 'server' || record.outcome.kind === 'timeout');
  const worker = async () => {
    while (nextIndex < settings.runs && !signal?.aborted) {
      const index = nextIndex++;
      if (stopper) {
        await finish(notSent(index, stopper));
        continue;
      }
      const now = performance.now();
      const wait = Math.max(0, nextStartAt - now);
      nextStartAt = Math.max(now, nextStartAt) + (settings.delayMs ?? 0);
      try {
        await abortableSleep(wait, signal);
      } catch {
        return;
      }
      // Another worker's run may have stopped the session while this one waited.
      const record = stopper ? notSent(index, stopper) : await runOne(index);
      if (stops(record)) stopper ??= record;
      await finish(record);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(1, settings.runs)) }, worker));
  records.sort((a, b) => a.index - b.index);
  return { header, records, cancelled: signal?.aborted === true, recordErrors };
}
