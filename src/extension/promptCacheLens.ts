import * as vscode from 'vscode';
import { CommandIds } from './commandIds';

/** The extension's root: builds every feature and disposes them together. */
export class PromptCacheLens implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  readonly log: vscode.LogOutputChannel;

  constructor(readonly context: vscode.ExtensionContext) {
    this.log = this.register(vscode.window.createOutputChannel('Prompt Cache Lens', { log: true }));
    this.register(vscode.commands.registerCommand(CommandIds.showOutput, () => this.log.show()));
    this.register(
      vscode.commands.registerCommand(CommandIds.internalState, () => ({ activated: true })),
    );
    this.log.info('activated');
  }

  private register<T extends vscode.Disposable>(d: T): T {
    this.disposables.push(d);
    return d;
  }

  dispose(): void {
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
  }
}
