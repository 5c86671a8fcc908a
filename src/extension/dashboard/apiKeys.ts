import * as vscode from 'vscode';
import { KEYED_ENDPOINTS, type KeyedEndpoint } from '../../shared/protocol';

/** Environment variables read when no key is stored, in order. */
const ENV_FALLBACK: Record<KeyedEndpoint, readonly string[]> = {
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

/**
 * API keys per endpoint in VS Code's SecretStorage, with the environment as a fallback. Keys leave
 * this class only towards the runner: never to the webview, the settings, the log or an export.
 */
export class ApiKeys implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key.startsWith(SECRET_PREFIX)) this.emitter.fire();
    });
  }

  async get(endpoint: KeyedEndpoint): Promise<string | undefined> {
    const stored = await this.secrets.get(secretName(endpoint));
    if (stored) return stored;
    for (const name of ENV_FALLBACK[endpoint]) {
      const value = process.env[name]?.trim();
      if (value) return value;
    }
    return undefined;
  }

  async has(endpoint: KeyedEndpoint): Promise<boolean> {
    return (await this.get(endpoint)) !== undefined;
  }

  /** Asks for the endpoint (unless given) and the key; returns false when the user gave up. */
  async promptAndStore(endpoint?: KeyedEndpoint): Promise<boolean> {
    const target = endpoint ?? (await pickEndpoint('Set the API key for which endpoint?'));
    if (!target) return false;
    const fallback = ENV_FALLBACK[target].length ? ` (used instead of ${ENV_FALLBACK[target].join(', ')})` : '';
    const key = await vscode.window.showInputBox({
      title: `${ENDPOINT_LABELS[target]} API key`,
      prompt: `Stored in VS Code's secret storage${fallback}.`,
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() ? undefined : 'Enter a key, or press Escape'),
    });
    if (!key?.trim()) return false;
    await this.secrets.store(secretName(target), key.trim());
    void vscode.window.showInformationMessage(`Prompt Cache Lens: ${ENDPOINT_LABELS[target]} API key stored.`);
    return true;
  }

  async clear(endpoint?: KeyedEndpoint): Promise<boolean> {
    const target = endpoint ?? (await pickEndpoint('Clear the stored API key of which endpoint?'));
    if (!target) return false;
    await this.secrets.delete(secretName(target));
    void vscode.window.showInformationMessage(`Prompt Cache Lens: ${ENDPOINT_LABELS[target]} API key cleared.`);
    return true;
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}

const SECRET_PREFIX = 'promptCacheLens.apiKey.';
const secretName = (endpoint: KeyedEndpoint) => `${SECRET_PREFIX}${endpoint}`;

export function isKeyedEndpoint(value: unknown): value is KeyedEndpoint {
  return typeof value === 'string' && (KEYED_ENDPOINTS as readonly string[]).includes(value);
}

async function pickEndpoint(title: string): Promise<KeyedEndpoint | undefined> {
  const pick = await vscode.window.showQuickPick(
    KEYED_ENDPOINTS.map((kind) => ({ label: ENDPOINT_LABELS[kind], endpoint: kind })),
    { title, ignoreFocusOut: true },
  );
  return pick?.endpoint;
}
