/**
 * Where API keys come from: the secret storage first, then the environment. Kept free of the
 * `vscode` module so that what happens to a key can be tested on Node; `ApiKeys` adds the prompts.
 */
import type { KeyedEndpoint } from '../../shared/protocol';

/** The part of VS Code's `SecretStorage` the keys need. */
export interface SecretStore {
  get(name: string): PromiseLike<string | undefined>;
  store(name: string, value: string): PromiseLike<void>;
  delete(name: string): PromiseLike<void>;
}

/** Environment variables read when no key is stored, in order. */
export const ENV_FALLBACK: Record<KeyedEndpoint, readonly string[]> = {
  openai: ['OPENAI_API_KEY'],
  azure: ['AZURE_OPENAI_API_KEY'],
  compatible: [],
  anthropic: ['ANTHROPIC_API_KEY'],
};

export const ENDPOINT_LABELS: Record<KeyedEndpoint | 'simulator', string> = {
  simulator: 'Built-in simulator (simulated)',
  openai: 'OpenAI',
  azure: 'Azure OpenAI',
  compatible: 'OpenAI-compatible server',
  anthropic: 'Anthropic',
};

export const SECRET_PREFIX = 'promptCacheLens.apiKey.';
export const secretName = (endpoint: KeyedEndpoint) => `${SECRET_PREFIX}${endpoint}`;

export class KeyStore {
  constructor(
    private readonly secrets: SecretStore,
    private readonly env: Readonly<Record<string, string | undefined>> = process.env,
    /** Told of every key read or stored, so it can be redacted from everything shown or written. */
    private readonly seen: (key: string) => void = () => undefined,
  ) {}

  async get(endpoint: KeyedEndpoint): Promise<string | undefined> {
    const stored = (await this.secrets.get(secretName(endpoint)))?.trim();
    if (stored) {
      this.seen(stored);
      return stored;
    }
    for (const name of ENV_FALLBACK[endpoint]) {
      const value = this.env[name]?.trim();
      if (!value) continue;
      this.seen(value);
      return value;
    }
    return undefined;
  }

  async has(endpoint: KeyedEndpoint): Promise<boolean> {
    return (await this.get(endpoint)) !== undefined;
  }

  async store(endpoint: KeyedEndpoint, key: string): Promise<void> {
    const value = key.trim();
    this.seen(value);
    await this.secrets.store(secretName(endpoint), value);
  }

  async clear(endpoint: KeyedEndpoint): Promise<void> {
    await this.secrets.delete(secretName(endpoint));
  }
}
