/**
 * How "Count Exactly with the Provider" tells the user its count failed. No `vscode` import: the
 * choice is unit-tested, `ProviderCounts` shows it.
 */
import type { CountFailure } from '../runner/countFailure';

export type CountFailureAction = 'Set API Key' | 'Show Log';

export interface CountFailureNotice {
  message: string;
  /** Said in the dialog under the message (modal only: a toast has no detail line). */
  detail?: string;
  /**
   * A dialog rather than a toast: the user has just typed a key and waits for its verdict, and a
   * toast raised as the key prompt closes can go straight to the notification centre unseen.
   */
  modal: boolean;
  actions: CountFailureAction[];
}

export function countFailureNotice(failure: Pick<CountFailure, 'message' | 'badKey'>, provider: string, keyJustEntered: boolean): CountFailureNotice {
  const actions: CountFailureAction[] = failure.badKey ? ['Set API Key', 'Show Log'] : ['Show Log'];
  if (!keyJustEntered) return { message: `Prompt Cache Lens: ${failure.message}`, modal: false, actions };
  return {
    message: `Prompt Cache Lens: the count with ${provider} failed.`,
    detail: `${failure.message}\n\nThe key you entered is stored; the status bar shows the offline count until a count succeeds.`,
    modal: true,
    actions,
  };
}
