/**
 * A session's settings in words, for the history and the side-by-side comparison. No DOM here:
 * the same text is checked in unit tests.
 */
import type { SessionInfo } from '../shared/protocol';

const API_NAMES: Readonly<Record<string, string>> = { chat: 'Chat Completions', responses: 'Responses', messages: 'Messages (Anthropic)' };
const STATE_NAMES: Readonly<Record<string, string>> = {
  independent: 'independent',
  'resend-history': 'full history',
  'previous-response-id': 'previous_response_id',
};

/** The prompt_cache_key a session sent, as the user set it. */
export function cacheKeyText(settings: SessionInfo['settings']): string {
  switch (settings.promptCacheKeyMode) {
    case 'fixed':
      return settings.promptCacheKey ?? 'prompt-cache-lens';
    case 'per-session':
      return 'one per session';
    default:
      return 'not sent';
  }
}

export function apiText(settings: SessionInfo['settings']): string {
  return API_NAMES[settings.api] ?? settings.api;
}

export function stateText(settings: SessionInfo['settings']): string {
  return settings.responsesState ? (STATE_NAMES[settings.responsesState] ?? settings.responsesState) : '—';
}

/** Every setting that changes caching, in one line. */
export function settingsText(info: SessionInfo): string {
  const s = info.settings;
  const parts = [apiText(s)];
  if (s.responsesState) parts.push(`state: ${stateText(s)}`);
  // Named in full: beside an endpoint that refused the API key, `key: not sent` read as that key.
  // A Messages (Anthropic) session sends none: the API has no such field.
  if (s.api !== 'messages') parts.push(`prompt_cache_key: ${cacheKeyText(s)}`);
  if (s.promptCacheRetention) parts.push(`retention: ${s.promptCacheRetention}`);
  parts.push(s.stream ? 'streamed' : 'not streamed');
  if (s.variableRows) parts.push(`${s.variableRows} variable row${s.variableRows === 1 ? '' : 's'}`);
  if (s.perRequestValues === 'as-written') parts.push('per-request values as written');
  else if (s.variedValues) parts.push(`${s.variedValues === 1 ? 'per-request value' : `${s.variedValues} per-request values`} varied per run`);
  if (!s.variableRows && !s.variedValues && s.perRequestValues !== 'as-written') parts.push('no variable values');
  if (s.baseURL) parts.push(s.baseURL);
  return parts.join(' · ');
}

/** How many runs a session has, and how many of them failed or were not sent: `4 (1 failed, 3 not sent)`. */
export function runsText(info: Pick<SessionInfo, 'runs' | 'failedRuns' | 'notSentRuns'>): string {
  const notes = [info.failedRuns ? `${info.failedRuns} failed` : '', info.notSentRuns ? `${info.notSentRuns} not sent` : ''].filter(Boolean);
  return notes.length ? `${info.runs} (${notes.join(', ')})` : `${info.runs}`;
}
