/**
 * Sessions as CSV (one row per run, for spreadsheets) and JSON (everything, for tools). Both are
 * redacted again on the way out: history written by older versions may hold a URL's credentials.
 */
import { redactText, redactValue } from '../runner/redact';
import type { RunRecord } from '../runner/types';
import type { StoredSession } from './sessionStore';

/** Values by name as one cell (`{"name":"value"}`), empty when the run sent none. */
function valuesCell(values: Record<string, string> | undefined): string | null {
  return values && Object.keys(values).length > 0 ? JSON.stringify(values) : null;
}

/**
 * Columns in order; a missing value (not reported, not measured) is an empty cell, never 0. The
 * values a run sent (variables, per-request values) are columns as in the dashboard's run table.
 */
export const CSV_COLUMNS: readonly { name: string; value: (run: RunRecord, session: StoredSession) => string | number | null | undefined }[] = [
  { name: 'session_id', value: (r) => r.sessionId },
  { name: 'run', value: (r) => r.index + 1 },
  { name: 'started_at', value: (r) => r.startedAt },
  { name: 'outcome', value: (r) => r.outcome.status },
  { name: 'error_kind', value: (r) => (r.outcome.status === 'error' ? r.outcome.kind : null) },
  { name: 'error_message', value: (r) => (r.outcome.status === 'error' ? r.outcome.message : null) },
  { name: 'latency_ms', value: (r) => roundMs(r.latencyMs) },
  { name: 'ttft_ms', value: (r) => roundMs(r.ttftMs) },
  { name: 'prompt_tokens', value: (r) => r.promptTokens },
  { name: 'cached_tokens', value: (r) => r.cachedTokens },
  { name: 'predicted_cached_tokens', value: (r) => r.predictedCachedTokens },
  { name: 'cache_write_tokens', value: (r) => r.cacheWriteTokens },
  { name: 'cache_creation_input_tokens', value: (r) => r.cacheCreationInputTokens },
  { name: 'cache_read_input_tokens', value: (r) => r.cacheReadInputTokens },
  { name: 'output_tokens', value: (r) => r.outputTokens },
  { name: 'cost_usd', value: (r) => r.cost?.cachedUsd },
  { name: 'uncached_cost_usd', value: (r) => r.cost?.uncachedUsd },
  { name: 'attempts', value: (r) => r.attempts },
  { name: 'simulated', value: (r) => String(r.simulated) },
  { name: 'model', value: (_r, s) => s.header.settings.model },
  { name: 'variables', value: (r) => valuesCell(r.variables) },
  { name: 'per_request_values', value: (r) => valuesCell(r.perRequestValues) },
  { name: 'request_sha256', value: (r) => r.request?.sha256 },
];

function roundMs(ms: number | null): number | null {
  return ms === null ? null : Math.round(ms * 10) / 10;
}

/** RFC 4180 quoting: fields with commas, quotes or line breaks are quoted, quotes doubled. */
function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** `secrets`: known keys to redact besides URL credentials and key-shaped text. */
export function sessionToCsv(session: StoredSession, secrets: readonly string[] = []): string {
  const lines = [CSV_COLUMNS.map((c) => c.name).join(',')];
  for (const run of session.runs) {
    lines.push(CSV_COLUMNS.map((c) => csvField(redactCell(c.value(run, session), secrets))).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

function redactCell(value: string | number | null | undefined, secrets: readonly string[]): string | number | null | undefined {
  return typeof value === 'string' ? redactText(value, secrets) : value;
}

export function sessionToJson(session: StoredSession, secrets: readonly string[] = []): string {
  const exported = redactValue({ header: session.header, runs: session.runs, end: session.end ?? null }, secrets);
  return `${JSON.stringify(exported, null, 2)}\n`;
}
