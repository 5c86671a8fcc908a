import * as vscode from 'vscode';
import { KEYED_ENDPOINTS, type KeyedEndpoint } from '../../shared/protocol';
import { ENDPOINT_LABELS, ENV_FALLBACK, KeyStore, SECRET_PREFIX } from './keyStore';

/**
 * API keys per endpoint in VS Code's SecretStorage, with the environment as a fallback. Keys leave
 * this class only towards the runner: never to the webview, the settings, the log or an export.
 */
export class ApiKeys implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private readonly subscription: vscode.Disposable;
  private readonly store: KeyStore;

  /** `seen` is told of every key read or stored (for redaction). */
  constructor(secrets: vscode.SecretStorage, seen?: (key: string) => void) {
    this.store = new KeyStore(secrets, process.env, seen);
    this.subscription = secrets.onDidChange((e) => {
      if (e.key.startsWith(SECRET_PREFIX)) this.emitter.fire();
    });
  }

  get(endpoint: KeyedEndpoint): Promise<string | undefined> {
    return this.store.get(endpoint);
  }

  has(endpoint: KeyedEndpoint): Promise<boolean> {
    return this.store.has(endpoint);
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
    await this.store.store(target, key);
    void vscode.window.showInformationMessage(`Prompt Cache Lens: ${ENDPOINT_LABELS[target]} API key stored.`);
    return true;
  }

  async clear(endpoint?: KeyedEndpoint): Promise<boolean> {
    const target = endpoint ?? (await pickEndpoint('Clear the stored API key of which endpoint?'));
    if (!target) return false;
    await this.store.clear(target);
    void vscode.window.showInformationMessage(`Prompt Cache Lens: ${ENDPOINT_LABELS[target]} API key cleared.`);
    return true;
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}

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
