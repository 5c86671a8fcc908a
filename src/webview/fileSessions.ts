import type { UiState } from '../shared/protocol';

/**
 * The page's state for the file it now tests. Overlaid and shown sessions belong to the file they
 * were run on: when the panel moves to another file they are dropped from the view (they stay in
 * the history list), so the summary and chart never show another file's results under its name.
 */
export function stateForFile(state: UiState, fileUri: string | undefined): UiState {
  if (state.fileUri === undefined || state.fileUri === fileUri) return { ...state, fileUri };
  const { current: _dropped, ...rest } = state;
  return { ...rest, fileUri, overlaid: [] };
}

/** The history rows for the prompt a panel tests, and how many other prompts' sessions are left out. */
export interface SessionsOfFile<T> {
  shown: T[];
  otherFiles: number;
}

/**
 * The sessions run on the prompt the panel tests, matched by the label the session was stored
 * under (`app.py · call 3` for an LLM call of source code, which is its own prompt). With every
 * file asked for, or no file to test, all are shown. Nothing is dropped from the store.
 */
export function sessionsOfFile<T extends { promptFile?: string }>(sessions: readonly T[], fileLabel: string | undefined, allFiles: boolean): SessionsOfFile<T> {
  if (fileLabel === undefined) return { shown: [...sessions], otherFiles: 0 };
  const own = sessions.filter((s) => s.promptFile === fileLabel);
  return { shown: allFiles ? [...sessions] : own, otherFiles: sessions.length - own.length };
}
