import type { EndpointConfig } from '../../runner';
import type { EndpointKind, KeyedEndpoint } from '../../shared/protocol';
import type { DashboardConfig } from './dashboardConfig';

/** Why an endpoint cannot be used yet, with the fix the panel offers. */
export class EndpointSetupError extends Error {
  constructor(
    message: string,
    readonly needsKey?: KeyedEndpoint,
  ) {
    super(message);
  }
}

/** Where keys come from (`ApiKeys`, or a `KeyStore` in tests). */
export interface KeySource {
  get(endpoint: KeyedEndpoint): Promise<string | undefined>;
}

/** The running simulator (`SimulatorHost`). */
export interface SimulatorUrl {
  url(): Promise<string>;
}

/**
 * The runner's endpoint for a kind: keys from storage or the environment, URLs from the settings.
 * The simulator speaks the API of the prompt's provider (`simulatorProtocol`): Anthropic prompts
 * go to its Messages route, the way they would go to Anthropic.
 */
export async function endpointFor(
  kind: EndpointKind,
  config: DashboardConfig,
  keys: KeySource,
  simulator: SimulatorUrl,
  simulatorProtocol: 'openai' | 'anthropic' = 'openai',
): Promise<EndpointConfig> {
  if (kind === 'simulator') {
    return { kind, baseURL: await simulator.url(), ...(simulatorProtocol === 'anthropic' ? { protocol: 'anthropic' as const } : {}) };
  }
  const key = await keys.get(kind);
  const missing = (what: string) => new EndpointSetupError(`No API key for ${what}. Set one, or use the built-in simulator.`, kind);
  switch (kind) {
    case 'openai':
      if (!key) throw missing('OpenAI (or OPENAI_API_KEY)');
      return { kind, apiKey: key };
    case 'anthropic':
      if (!key) throw missing('Anthropic (or ANTHROPIC_API_KEY)');
      return { kind, apiKey: key };
    case 'azure':
      if (!key) throw missing('Azure OpenAI');
      if (!config.azureEndpoint) throw new EndpointSetupError('Set promptCacheLens.dashboard.azureEndpoint to your Azure OpenAI resource URL.');
      return {
        kind,
        apiKey: key,
        endpoint: config.azureEndpoint,
        apiVersion: config.azureApiVersion,
        ...(config.azureDeployment ? { deployment: config.azureDeployment } : {}),
      };
    case 'compatible':
      if (!config.compatibleBaseUrl) throw new EndpointSetupError('Set promptCacheLens.dashboard.compatibleBaseUrl to the server\'s base URL (e.g. http://localhost:8000/v1).');
      return { kind, baseURL: config.compatibleBaseUrl, ...(key ? { apiKey: key } : {}) };
  }
}

/** Paid endpoints get a cost confirmation; local ones (the simulator, a compatible server) do not. */
export function isPaid(kind: EndpointKind): boolean {
  return kind === 'openai' || kind === 'azure' || kind === 'anthropic';
}
