/** What the panel's banner says after a session an endpoint refused for its key. Free of `vscode` for the tests. */
import { endpointLabel, type EndpointConfig, type RunOutcome, type RunRecord } from '../../runner';

/** Whether requests to the endpoint carry a key (a local server may be used without one). */
export function sendsKey(endpoint: EndpointConfig): boolean {
  return Boolean(endpoint.apiKey);
}

/**
 * The banner for a session stopped by a 401/403: a key that was sent was refused; without one, the
 * endpoint wants one. Says how many runs were left unsent. Undefined when no run was refused.
 */
export function authFailureBanner(runs: readonly RunRecord[], endpoint: EndpointConfig): string | undefined {
  const outcomes = runs.map((run) => run.outcome).filter((o): o is Extract<RunOutcome, { status: 'error' }> => o.status === 'error');
  const auth = outcomes.find((o) => o.kind === 'auth');
  if (!auth) return undefined;
  const status = auth.httpStatus ?? '401/403';
  const unsent = outcomes.filter((o) => o.kind === 'not-sent').length;
  const stopped = unsent > 0 ? ` The other ${unsent} run${unsent === 1 ? ' was' : 's were'} not sent.` : '';
  if (!sendsKey(endpoint)) {
    return `${endpointLabel(endpoint)} answered ${status}: it needs an API key — set one with Prompt Cache Lens: Set API Key…, then run again.${stopped}`;
  }
  return `The endpoint refused the key (HTTP ${status}): ${auth.message}${stopped}`;
}
