/**
 * The dashboard's message protocol, shared by the extension host and the webview. Every message in
 * either direction has a zod schema here; both sides validate what they receive with
 * `parseToHost` / `parseToWebview` and ignore (and log) anything else. Requests from the webview
 * carry a `requestId`; the host answers each with exactly one `reply` naming it.
 *
 * This file is imported by the browser bundle: no Node or `vscode` imports.
 */
import { z } from 'zod';

export const ENDPOINT_KINDS = ['simulator', 'openai', 'azure', 'compatible', 'anthropic'] as const;
export const EndpointKindSchema = z.enum(ENDPOINT_KINDS);
export type EndpointKind = z.infer<typeof EndpointKindSchema>;

/** Endpoints that need a key; the simulator never does, a compatible server may not. */
export const KEYED_ENDPOINTS = ['openai', 'azure', 'compatible', 'anthropic'] as const;
export const KeyedEndpointSchema = z.enum(KEYED_ENDPOINTS);
export type KeyedEndpoint = z.infer<typeof KeyedEndpointSchema>;

const RequestId = z.string().min(1).max(64);
const SessionId = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/);

/** What the user sets in the form; persisted by the webview as UI state. */
export const RunFormSchema = z.object({
  endpoint: EndpointKindSchema,
  api: z.enum(['chat', 'responses']),
  responsesState: z.enum(['independent', 'resend-history', 'previous-response-id']),
  model: z.string().min(1).max(200),
  runs: z.number().int().min(1).max(100),
  delayMs: z.number().int().min(0).max(600_000),
  concurrency: z.number().int().min(1).max(16),
  promptCacheKeyMode: z.enum(['none', 'fixed', 'per-session']),
  promptCacheKey: z.string().max(200),
  /** Empty: not sent. */
  promptCacheRetention: z.string().max(40),
  maxOutputTokens: z.number().int().min(1).max(100_000),
  stream: z.boolean(),
  /** One row of variable values per run (run i uses row i modulo the rows). */
  variableRows: z.array(z.record(z.string(), z.string())).max(100),
  /** Per-request values (timestamps, ids, `datetime.now()`): fresh per run as in production, or sent as written. */
  perRequestValues: z.enum(['vary', 'as-written']).default('vary'),
});
export type RunForm = z.infer<typeof RunFormSchema>;

const OutcomeSchema = z.union([
  z.object({ status: z.literal('ok') }),
  z.object({ status: z.literal('error'), kind: z.string(), message: z.string(), httpStatus: z.number().optional(), requestId: z.string().optional() }),
]);

const FailedAttemptSchema = z.object({
  attempt: z.number(),
  kind: z.string(),
  message: z.string(),
  httpStatus: z.number().optional(),
  requestId: z.string().optional(),
  waitMs: z.number(),
  retryAfterHonoured: z.boolean(),
});
export type FailedAttemptView = z.infer<typeof FailedAttemptSchema>;

/** One run as measured; mirrors the runner's `RunRecord` (the host checks they stay assignable). */
export const RunRecordSchema = z.object({
  sessionId: z.string(),
  index: z.number().int().min(0),
  startedAt: z.string(),
  startedAtMs: z.number(),
  latencyMs: z.number().nullable(),
  ttftMs: z.number().nullable(),
  promptTokens: z.number().nullable(),
  /** null: the endpoint did not report it ("not reported", never 0). */
  cachedTokens: z.number().nullable(),
  cacheWriteTokens: z.number().nullable(),
  cacheCreationInputTokens: z.number().nullable(),
  cacheReadInputTokens: z.number().nullable(),
  outputTokens: z.number().nullable(),
  predictedCachedTokens: z.number().nullable(),
  predictedPromptTokens: z.number().nullable(),
  predictedCache: z.enum(['cold', 'warm']).optional(),
  cost: z.object({ cachedUsd: z.number(), uncachedUsd: z.number() }).nullable(),
  outcome: OutcomeSchema,
  attempts: z.number(),
  retryWaitMs: z.number(),
  failedAttempts: z.array(FailedAttemptSchema).optional(),
  responseId: z.string().optional(),
  usage: z.unknown(),
  simulated: z.boolean(),
  variables: z.record(z.string(), z.string()).optional(),
  /** The value the run sent for each per-request span, by the span as written. */
  perRequestValues: z.record(z.string(), z.string()).optional(),
  /** The run's request as kept in the history, without the body (the host keeps that). */
  request: z.object({ sha256: z.string(), format: z.string(), omitted: z.boolean().optional() }).optional(),
});
export type RunRecordView = z.infer<typeof RunRecordSchema>;

export const SessionInfoSchema = z.object({
  sessionId: SessionId,
  createdAt: z.string(),
  promptFile: z.string().optional(),
  model: z.string(),
  endpointKind: z.string(),
  simulated: z.boolean(),
  runs: z.number(),
  /** Runs sent that failed. */
  failedRuns: z.number(),
  /** Runs never sent (the session stopped); absent from older hosts. */
  notSentRuns: z.number().default(0),
  hitRate: z.number().nullable(),
  finished: z.boolean(),
  /** Every setting that changes caching (mirrors the history's `SessionSettingsSummary`). */
  settings: z.object({
    api: z.string(),
    baseURL: z.string().optional(),
    deployment: z.string().optional(),
    responsesState: z.string().optional(),
    promptCacheKeyMode: z.string().optional(),
    promptCacheKey: z.string().optional(),
    promptCacheRetention: z.string().optional(),
    stream: z.boolean(),
    delayMs: z.number().optional(),
    concurrency: z.number().optional(),
    maxOutputTokens: z.number().optional(),
    variableRows: z.number(),
    /** Absent in sessions from before it was a setting (they sent the values as written). */
    perRequestValues: z.string().optional(),
    /** How many per-request values the runs sent fresh; absent when none. */
    variedValues: z.number().optional(),
  }),
});
export type SessionInfo = z.infer<typeof SessionInfoSchema>;

export const StoredSessionViewSchema = z.object({
  info: SessionInfoSchema,
  runs: z.array(RunRecordSchema),
});
export type StoredSessionView = z.infer<typeof StoredSessionViewSchema>;

/** The engine's prediction for the file, shown beside the measured numbers. */
export const PredictionSchema = z.object({
  model: z.string(),
  provider: z.string(),
  format: z.string(),
  api: z.string(),
  /** Counted with the per-request values as written. */
  promptTokens: z.number(),
  /** Counted with a fresh sample value at each per-request value, as a run that varies them sends it. */
  promptTokensWithFreshValues: z.number().optional(),
  staticPrefixTokens: z.number(),
  cacheableTokens: z.number(),
  /** What a repeat reads when the per-request values are sent as written (the best case). */
  cacheableTokensAsWritten: z.number(),
  minimum: z.number(),
  estimate: z.boolean(),
  /** Why the request fails as written (`request-refused`): the program gets no answer a run measures. */
  refused: z.array(z.string()).optional(),
});
export type PredictionView = z.infer<typeof PredictionSchema>;

export const FileStateSchema = z.object({
  uri: z.string(),
  /** Workspace-relative path, for people. */
  label: z.string(),
  prediction: PredictionSchema.nullable(),
  /** Why there is no prediction (the file does not parse, is not a prompt). */
  problem: z.string().optional(),
  variables: z.array(z.string()),
  /** Each variable as the file writes it (`{question}` in Python, `${userId}` in TypeScript, `{{name}}` in a template). */
  placeholders: z.record(z.string(), z.string()).default({}),
  /** The spans production fills per request (computed values, literal timestamps and ids), each as written. */
  perRequestSpans: z.array(z.object({ label: z.string(), kind: z.enum(['literal', 'per-request-value']), where: z.string() })).default([]),
  /** Rows from the file: testData, samples, or the declared defaults. */
  variableRows: z.array(z.record(z.string(), z.string())),
});
export type FileState = z.infer<typeof FileStateSchema>;

export const EndpointStatusSchema = z.object({
  kind: EndpointKindSchema,
  label: z.string(),
  /** A key is stored or in the environment (never the key itself). */
  hasKey: z.boolean(),
  simulated: z.boolean(),
});
export type EndpointStatus = z.infer<typeof EndpointStatusSchema>;

/**
 * The page's UI state: settings and view choices, no data. Kept by the webview (getState/setState,
 * which survives a reload) and by the host per workspace (which survives closing the panel).
 */
export const UiStateSchema = z.object({
  fileUri: z.string().optional(),
  form: RunFormSchema.optional(),
  /** Sessions overlaid on the chart, reloaded from the host on restore. */
  overlaid: z.array(SessionId).max(8).default([]),
  /** The session whose runs and summary are shown. */
  current: SessionId.optional(),
  /** The history shows every file's sessions, not only the tested file's (kept across files). */
  allFiles: z.boolean().optional(),
});
export type UiState = z.infer<typeof UiStateSchema>;

/** `setupEndpoint` is handled by the page itself: it opens the endpoint set-up fields. */
const ActionSchema = z.object({ command: z.enum(['setKey', 'showLog', 'setupEndpoint']), endpoint: KeyedEndpointSchema.optional(), label: z.string() });

/** The `promptCacheLens.dashboard.*` URLs and names the panel edits (URL credentials redacted). */
export const EndpointSettingsSchema = z.object({
  compatibleBaseUrl: z.string().max(2000),
  azureEndpoint: z.string().max(2000),
  azureDeployment: z.string().max(200),
  azureApiVersion: z.string().max(100),
});
export type EndpointSettings = z.infer<typeof EndpointSettingsSchema>;
export type ErrorAction = z.infer<typeof ActionSchema>;

// ---- webview → host ---------------------------------------------------------------------------

export const ToHostSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  /** `settings`: the endpoint fields as the panel shows them, used as Test connection uses them (absent: the stored settings). */
  z.object({ type: z.literal('run'), requestId: RequestId, form: RunFormSchema, settings: EndpointSettingsSchema.optional() }),
  z.object({ type: z.literal('cancel'), requestId: RequestId, sessionId: SessionId }),
  z.object({ type: z.literal('listSessions'), requestId: RequestId }),
  z.object({ type: z.literal('openSession'), requestId: RequestId, sessionId: SessionId }),
  z.object({ type: z.literal('deleteSession'), requestId: RequestId, sessionId: SessionId }),
  /** Writes the endpoint settings to the user's settings (answered with `endpointSettings`). */
  z.object({ type: z.literal('saveEndpointSettings'), requestId: RequestId, settings: EndpointSettingsSchema }),
  /** One cheap request to the endpoint with these (possibly unsaved) settings; answered with `connectionChecked`. */
  z.object({ type: z.literal('testConnection'), requestId: RequestId, endpoint: EndpointKindSchema, settings: EndpointSettingsSchema }),
  /** Asks for the form that runs a stored session again with its settings (answered with `form`). */
  z.object({ type: z.literal('rerunSession'), requestId: RequestId, sessionId: SessionId }),
  z.object({ type: z.literal('exportSession'), requestId: RequestId, sessionId: SessionId, format: z.enum(['csv', 'json']) }),
  /** Opens the diff of run `index`'s request against the run before it (Explain the Cache Break). */
  z.object({ type: z.literal('compareRuns'), requestId: RequestId, sessionId: SessionId, index: z.number().int().min(1) }),
  z.object({ type: z.literal('runCommand'), requestId: RequestId, action: ActionSchema }),
  /** The UI state changed: the host keeps it for when the panel is opened again. */
  z.object({ type: z.literal('saveUi'), state: UiStateSchema }),
  /** What the view drew after an update, so the host's log (and tests) can tell it rendered. */
  z.object({
    type: z.literal('rendered'),
    sessions: z.number(),
    rows: z.number(),
    chart: z.boolean(),
    /** The chart's series that hold a value (`read`, `written`, `uncached`, `predicted`, `rate`, `cumulative`). */
    series: z.array(z.string()).optional(),
  }),
]);
export type ToHost = z.infer<typeof ToHostSchema>;
export type HostRequest = Extract<ToHost, { requestId: string }>;

// ---- host → webview ---------------------------------------------------------------------------

export const ToWebviewSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('init'),
    file: FileStateSchema.nullable(),
    endpoints: z.array(EndpointStatusSchema),
    /** Defaults from the settings and the file, for a form the user has not touched. */
    defaults: RunFormSchema,
    /** What the page showed when it was last closed in this workspace (the form is this file's). */
    saved: UiStateSchema.optional(),
    endpointSettings: EndpointSettingsSchema,
  }),
  z.object({ type: z.literal('endpointSettings'), settings: EndpointSettingsSchema, notice: z.string().optional() }),
  z.object({ type: z.literal('connectionChecked'), endpoint: EndpointKindSchema, ok: z.boolean(), message: z.string() }),
  z.object({ type: z.literal('file'), file: FileStateSchema }),
  /** A stored session's settings as a form, to run it again. */
  z.object({ type: z.literal('form'), form: RunFormSchema, sessionId: SessionId }),
  z.object({ type: z.literal('endpoints'), endpoints: z.array(EndpointStatusSchema) }),
  z.object({ type: z.literal('reply'), requestId: RequestId, ok: z.boolean(), error: z.string().optional(), sessionId: SessionId.optional() }),
  z.object({ type: z.literal('sessionStarted'), info: SessionInfoSchema, estimatedUsd: z.number().nullable() }),
  /** `timeoutMs`: how long the run waits for the endpoint before it gives up. */
  z.object({ type: z.literal('runStarted'), sessionId: SessionId, index: z.number(), timeoutMs: z.number().optional() }),
  z.object({
    type: z.literal('retryWait'),
    sessionId: SessionId,
    index: z.number(),
    attempt: z.number(),
    waitMs: z.number(),
    reason: z.string(),
    retryAfterHonoured: z.boolean(),
  }),
  z.object({ type: z.literal('record'), record: RunRecordSchema }),
  z.object({ type: z.literal('sessionFinished'), info: SessionInfoSchema, cancelled: z.boolean(), recordErrors: z.array(z.string()) }),
  z.object({ type: z.literal('sessions'), sessions: z.array(SessionInfoSchema) }),
  z.object({ type: z.literal('session'), session: StoredSessionViewSchema }),
  z.object({ type: z.literal('error'), message: z.string(), action: ActionSchema.optional() }),
]);
export type ToWebview = z.infer<typeof ToWebviewSchema>;

export type ParseResult<T> = { ok: true; message: T } | { ok: false; error: string };

function parseWith<T>(schema: z.ZodType<T>, data: unknown): ParseResult<T> {
  const result = schema.safeParse(data);
  if (result.success) return { ok: true, message: result.data };
  return { ok: false, error: z.prettifyError(result.error) };
}

export const parseToHost = (data: unknown): ParseResult<ToHost> => parseWith(ToHostSchema, data);
export const parseToWebview = (data: unknown): ParseResult<ToWebview> => parseWith(ToWebviewSchema, data);

/** How long the webview waits for a `reply` before telling the user. */
export const REQUEST_TIMEOUT_MS = 30_000;

