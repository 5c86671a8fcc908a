import * as vscode from 'vscode';
import { PromptCacheLens } from './promptCacheLens';

/** Thin activation: one root object owns everything the extension registers. */
export function activate(context: vscode.ExtensionContext): PromptCacheLens | undefined {
  try {
    const lens = new PromptCacheLens(context);
    context.subscriptions.push(lens);
    return lens;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    void vscode.window.showErrorMessage(`Prompt Cache Lens could not start: ${message}`);
    return undefined;
  }
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
