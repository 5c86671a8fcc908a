import { randomUUID } from 'node:crypto';
import type { PriceOverrides } from '../../core/cache/pricing';
import { summarize, type SessionStore, type SessionWriter } from '../../history';
import { describeSession, endpointSecrets, redactValue, runSession, type CachePredictor, type EndpointConfig, type RunRecord, type RunSettings, type SessionOptions } from '../../runner';
import type { PromptRequest } from '../../core/model';
import type { RunForm, RunRecordView, SessionInfo, ToWebview } from '../../shared/protocol';

/** The runner's settings from the form; empty strings mean "not sent". */
export function runSettingsOf(form: RunForm, priceOverrides?: PriceOverrides): RunSettings {
  return {
    model: form.model,
    api: form.api,
    responsesState: form.responsesState,
    runs: form.runs,
    delayMs: form.delayMs,
    concurrency: form.concurrency,
    promptCacheKeyMode: form.promptCacheKeyMode,
    ...(form.promptCacheKey.trim() ? { promptCacheKey: form.promptCacheKey.trim() } : {}),
    ...(form.promptCacheRetention.trim() ? { promptCacheRetention: form.promptCacheRetention.trim() } : {}),
    maxOutputTokens: form.maxOutputTokens,
    stream: form.stream,
    variableRows: form.variableRows,
    perRequestValues: form.perRequestValues,
    ...(priceOverrides ? { priceOverrides } : {}),
  };
}

/**
 * A run as the page gets it: the protocol's record accepts every record the runner makes (checked
 * here by the compiler); the request body stays with the host, which opens it for a comparison.
 */
export function viewOfRun(record: RunRecord): RunRecordView {
  if (record.request?.body === undefined) return record;
  const { body: _body, ...request } = record.request;
  return { ...record, request };
}

export interface TestSessionInput {
  prompt: PromptRequest;
  sourceText: string;
  promptFile: string;
  endpoint: EndpointConfig;
  settings: RunSettings;
  /** Where tiktoken's files are; the bundled ones when absent. */
  tokenizerAssetDir?: string;
  store: SessionStore;
  post: (message: ToWebview) => void;
  estimatedUsd: number | null;
  /** Keys known besides the endpoint's own (other endpoints', the environment's), to redact too. */
  knownSecrets?: readonly string[];
  /** What the endpoint's cache is expected to hold, shared with earlier sessions to it. */
  predictor?: CachePredictor;
  /** Where every failed attempt is written (the output channel), with its request id. */
  logFailure?: (line: string) => void;
}

/** One log line per failed attempt: run, attempt, what failed, the wait and the endpoint's request id. */
export function failureLogLines(sessionId: string, record: RunRecord): string[] {
  return (record.failedAttempts ?? []).map((a) => {
    const id = a.requestId ? ` [request id ${a.requestId}]` : ' [no request id]';
    const next = a.waitMs > 0 ? `; retrying in ${a.waitMs} ms${a.retryAfterHonoured ? ' (Retry-After)' : ''}` : '; not retried';
    return `session ${sessionId.slice(0, 8)} run ${record.index + 1} attempt ${a.attempt} failed (${a.kind}${a.httpStatus ? ` ${a.httpStatus}` : ''}): ${a.message}${next}${id}`;
  });
}

/** A test in progress: its id, how to cancel it, and its end. */
export interface RunningTest {
  sessionId: string;
  cancel(): void;
  done: Promise<void>;
}

/**
 * Starts a session: writes the header, then each run to history as it completes, and tells the
 * webview about every step. A full disk never stops the runs; it is reported at the end.
 */
export async function startTestSession(input: TestSessionInput): Promise<RunningTest> {
  const sessionId = randomUUID();
  const controller = new AbortController();
  const secrets = [...endpointSecrets(input.endpoint), ...(input.knownSecrets ?? [])];
  // Records are redacted by the runner; this covers the messages made here (an unexpected error's text).
  const post = (message: ToWebview) => input.post(redactValue(message, secrets));
  const options: SessionOptions = {
    prompt: input.prompt,
    endpoint: input.endpoint,
    settings: input.settings,
    sourceText: input.sourceText,
    promptFile: input.promptFile,
    sessionId,
    signal: controller.signal,
    ...(input.tokenizerAssetDir ? { tokenizerAssetDir: input.tokenizerAssetDir } : {}),
    ...(input.knownSecrets ? { knownSecrets: input.knownSecrets } : {}),
    ...(input.predictor ? { predictor: input.predictor } : {}),
  };
  const header = describeSession(options, sessionId, new Date().toISOString());
  const writer: SessionWriter = await input.store.create(header);
  const runs: RunRecord[] = [];
  const info = (finished: boolean): SessionInfo => ({
    ...summarize({ header, runs, truncated: false, skippedLines: 0, ...(finished ? { end: { finishedAt: '', cancelled: false } } : {}) }),
  });
  post({ type: 'sessionStarted', info: info(false), estimatedUsd: input.estimatedUsd });
  const done = runSession({
    ...options,
    onRecord: async (record) => {
      runs.push(record);
      for (const line of failureLogLines(sessionId, record)) input.logFailure?.(line);
      await writer.append(record);
    },
    onProgress: (event) => {
      if (event.type === 'run-started') post({ type: 'runStarted', sessionId, index: event.index, timeoutMs: event.timeoutMs });
      else if (event.type === 'retry-wait') {
        const { type: _progress, ...wait } = event;
        post({ ...wait, type: 'retryWait', sessionId });
      }
      else post({ type: 'record', record: viewOfRun(event.record) });
    },
  }).then(
    async (result) => {
      await writer.close(result.cancelled);
      post({ type: 'sessionFinished', info: info(true), cancelled: result.cancelled, recordErrors: result.recordErrors });
    },
    async (err: unknown) => {
      await writer.close(true).catch(() => undefined);
      post({ type: 'error', message: `The test stopped: ${err instanceof Error ? err.message : String(err)}`, action: { command: 'showLog', label: 'Show Log' } });
      post({ type: 'sessionFinished', info: info(true), cancelled: true, recordErrors: [] });
    },
  );
  return { sessionId, cancel: () => controller.abort(), done };
}
