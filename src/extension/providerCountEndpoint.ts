/**
 * Where the editor asks for an exact count (what the user is told when that fails is shared with the
 * command line: runner/countFailure.ts). Free of `vscode` so it can be tested on Node. Keys only
 * ever go to the providers' own hosts (or the host the user's environment names for the OpenAI
 * SDK); the simulator gets none, and no workspace setting can change where a key goes.
 */
import type { Analysis } from '../core/analyze';
import { countingApi, type CountingEndpoint, type CountingTarget } from '../runner/providerCount';
import type { KeySource, SimulatorUrl } from './dashboard/endpointConfig';
import type { CountingChoice } from './config';

/** Claude models are counted by Anthropic's endpoint (or the simulator's copy of it), others by OpenAI's. */
export function countingTarget(choice: CountingChoice, analysis: Pick<Analysis, 'provider' | 'model'>): CountingTarget {
  const claude = countingApi(analysis) === 'anthropic';
  switch (choice) {
    case 'openai':
      return { api: 'openai', simulator: false };
    case 'anthropic':
      return { api: 'anthropic', simulator: false };
    case 'simulator':
      return { api: claude ? 'anthropic' : 'openai', simulator: true };
    case 'auto':
      return { api: claude ? 'anthropic' : 'openai', simulator: false };
  }
}

/** The counting endpoint for a target, or the provider whose key is missing. */
export async function countingEndpoint(
  target: CountingTarget,
  keys: KeySource,
  simulator: SimulatorUrl,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<CountingEndpoint | { missingKey: 'openai' | 'anthropic' }> {
  if (target.simulator) {
    const baseURL = await simulator.url();
    // The simulator's Messages routes take any key; the type wants one, so a placeholder, never a stored key.
    return target.api === 'anthropic' ? { kind: 'anthropic', apiKey: 'simulator', baseURL } : { kind: 'simulator', baseURL };
  }
  const apiKey = await keys.get(target.api);
  if (!apiKey) return { missingKey: target.api };
  if (target.api === 'anthropic') return { kind: 'anthropic', apiKey };
  // The SDK would read OPENAI_BASE_URL itself; naming it here makes messages name the right host.
  const baseURL = env.OPENAI_BASE_URL?.trim();
  return baseURL ? { kind: 'openai', apiKey, baseURL } : { kind: 'openai', apiKey };
}

/** The sentence after a refused key, in the editor. */
export const EDITOR_KEY_ADVICE = 'Set a valid key with "Prompt Cache Lens: Set API Key…".';
