// First: marks when the bundle began to evaluate (see bundleStart.ts).
import { bundleStartMs } from './bundleStart';
import * as vscode from 'vscode';
import { PromptCacheLens } from './promptCacheLens';

/** Every module of the bundle has been evaluated once this line runs. */
const bundleEndMs = performance.now();

/** Thin activation: one root object owns everything the extension registers. */
export function activate(context: vscode.ExtensionContext): PromptCacheLens | undefined {
  const activateStartMs = performance.now();
  try {
    const lens = new PromptCacheLens(context, { bundleStartMs, bundleEndMs, activateStartMs });
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
