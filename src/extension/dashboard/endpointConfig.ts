import type { EndpointConfig } from '../../runner';
import type { EndpointKind, KeyedEndpoint } from '../../shared/protocol';
import type { DashboardConfig } from './dashboardConfig';
import { ENDPOINT_LABELS } from './keyStore';
import { hostOf, urlSettingOf } from './endpointTrust';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The base URL the OpenAI SDK would take from the environment (its own convention). Named in the
 * endpoint, so that requests and every message about them agree on the host the key goes to.
 */
export function openAIBaseUrlFromEnv(env: Env = process.env): string | undefined {
  return env.OPENAI_BASE_URL?.trim() || undefined;
}

/** The endpoint's name in the form and the cost question: OpenAI names the host when the environment moved it. */
export function endpointDisplayLabel(kind: EndpointKind, env: Env = process.env): string {
  const baseURL = kind === 'openai' ? openAIBaseUrlFromEnv(env) : undefined;
  return baseURL ? `${ENDPOINT_LABELS[kind]} at ${hostOf(baseURL)} (OPENAI_BASE_URL)` : ENDPOINT_LABELS[kind];
}

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
  env: Env = process.env,
): Promise<EndpointConfig> {
  if (kind === 'simulator') {
    return { kind, baseURL: await simulator.url(), ...(simulatorProtocol === 'anthropic' ? { protocol: 'anthropic' as const } : {}) };
  }
  const key = await keys.get(kind);
  const missing = (what: string) => new EndpointSetupError(`No API key for ${what}. Set one, or use the built-in simulator.`, kind);
  switch (kind) {
    case 'openai':
      if (!key) throw missing('OpenAI (or OPENAI_API_KEY)');
      return withEnvBaseUrl({ kind, apiKey: key }, openAIBaseUrlFromEnv(env));
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

function withEnvBaseUrl(endpoint: Extract<EndpointConfig, { kind: 'openai' }>, baseURL: string | undefined): EndpointConfig {
  return baseURL ? { ...endpoint, baseURL } : endpoint;
}

/**
 * The host the user chose for an endpoint, named in the cost question: a URL setting's, or the
 * environment's OpenAI base URL; none when the provider's own host is used.
 */
export function chosenHost(endpoint: EndpointConfig, config: Pick<DashboardConfig, 'compatibleBaseUrl' | 'azureEndpoint' | 'urlSources'>): string | undefined {
  const setting = urlSettingOf(endpoint.kind, config);
  if (setting?.url) return hostOf(setting.url);
  return endpoint.kind === 'openai' && endpoint.baseURL ? hostOf(endpoint.baseURL) : undefined;
}

/** The cost question's title: `Send 3 requests to OpenAI at 127.0.0.1:9911?`. */
export function sendQuestion(runs: number, kind: EndpointKind, host: string | undefined): string {
  return `Send ${runs} request${runs === 1 ? '' : 's'} to ${ENDPOINT_LABELS[kind]}${host ? ` at ${host}` : ''}?`;
}

/** Paid endpoints get a cost confirmation; local ones (the simulator, a compatible server) do not. */
export function isPaid(kind: EndpointKind): boolean {
  return kind === 'openai' || kind === 'azure' || kind === 'anthropic';
}
