/** How an endpoint is named in messages and the log: its host, never a path, a key or a password. */
import { ANTHROPIC_BASE_URL } from './anthropicCall';
import type { EndpointConfig } from './types';

const OPENAI_HOST = 'api.openai.com';

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host || undefined;
  } catch {
    return undefined;
  }
}

/** `api.openai.com`, `my-resource.openai.azure.com`, `the simulator (127.0.0.1:8787)`. */
export function endpointLabel(endpoint: EndpointConfig): string {
  switch (endpoint.kind) {
    case 'openai':
      return (endpoint.baseURL && hostOf(endpoint.baseURL)) || OPENAI_HOST;
    case 'azure':
      return hostOf(endpoint.endpoint) ?? 'the Azure OpenAI endpoint';
    case 'anthropic':
      return hostOf(endpoint.baseURL ?? ANTHROPIC_BASE_URL) ?? 'api.anthropic.com';
    case 'compatible':
      return hostOf(endpoint.baseURL) ?? endpoint.baseURL;
    case 'simulator': {
      const host = hostOf(endpoint.baseURL);
      return host ? `the simulator (${host})` : 'the simulator';
    }
  }
}
