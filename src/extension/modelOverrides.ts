import * as vscode from 'vscode';

const STORAGE_KEY = 'promptCacheLens.modelOverrides';

/** Models chosen per file with "Select model for this file", kept in the workspace's state. */
export class ModelOverrides {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;

  constructor(private readonly memento: vscode.Memento) {}

  get(uri: vscode.Uri): string | undefined {
    return this.all()[uri.toString()];
  }

  async set(uri: vscode.Uri, model: string | undefined): Promise<void> {
    const all = { ...this.all() };
    if (model) all[uri.toString()] = model;
    else delete all[uri.toString()];
    await this.memento.update(STORAGE_KEY, all);
    this.emitter.fire(uri);
  }

  private all(): Record<string, string> {
    return this.memento.get<Record<string, string>>(STORAGE_KEY, {});
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
