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
