/**
 * What the status bar says while a document waits for its first analysis (no `vscode` import at
 * run time, so it is tested on Node). A long source file takes seconds: the item shows it is
 * working from the first moment, with the spinner a re-analysis shows.
 */
import type { DocumentState } from './analysisService';

export interface PendingStatus {
  text: string;
  tooltip: string;
}

type PendingState = Pick<DocumentState, 'kind' | 'analysis' | 'calls' | 'busy' | 'rejected' | 'parseError'>;

/**
 * The busy text for a document no analysis has answered yet, or undefined once one has (or it
 * failed). `state` is undefined for a prompt file not yet scheduled; a source file has state only
 * once it is known to import an LLM SDK.
 */
export function pendingStatus(state: PendingState | undefined, tokenizerReady: boolean): PendingStatus | undefined {
  if (state?.rejected || state?.parseError) return undefined;
  const waiting = state?.kind === 'source' ? state.calls === undefined : !state?.analysis && (!state || state.busy);
  if (!waiting) return undefined;
  return {
    text: `$(loading~spin) ${tokenizerReady ? 'analysing' : 'loading tokenizer'}…`,
    tooltip: state?.kind === 'source' ? 'Prompt Cache Lens is finding the LLM calls of this file and counting their tokens' : 'Prompt Cache Lens is counting tokens',
  };
}
