import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

/** What `promptCacheLens.internal.state` returns (see PromptCacheLens.internalState). */
export interface LensState {
  activated: boolean;
  /** What activation cost (ms), and what it has loaded since. */
  activation: { bundleLoadMs?: number; hostWaitMs?: number; activateMs?: number; workersStarted: number; featuresLoaded: boolean };
  counts: { documents: number; timers: number; editorsDrawn: number; watchedFolders: number };
  /** Files watched on disk because open source documents read them or looked for them. */
  watchedFiles: string[];
  tracked: boolean;
  busy: boolean;
  stale: boolean;
  parseError?: { message: string; line: number; column: number };
  rejected?: string;
  analysis?: {
    model: string;
    encoding: string;
    promptTokens: number;
    staticPrefixTokens: number;
    cacheableTokens: number;
    firstDynamic: { line: number; column: number; reason: string } | null;
    findings: Array<{ rule: string; line: number; severity: string }>;
  };
  decorations?: {
    stale: boolean;
    labels: { boundary?: string; minimum?: string; breakpoints: string[] };
    ranges: Record<string, number[][]>;
  };
  diagnostics?: Array<{ message: string; severity: number; code?: string; target?: string; range: number[] }>;
  statusBar: { text?: string; visible: boolean; background?: string; tooltip?: string };
  hover?: string;
  /** Where the token figure comes from (see ProviderCounts.sourceFor). */
  providerCount?: {
    enabled: boolean;
    note?: string;
    documents: number;
    figure?: {
      /** The size shown: the answer, carried over to the prompt's API when it was counted in another's form. */
      inputTokens: number;
      /** What the endpoint answered for the body it was sent. */
      providerInputTokens: number;
      bodyOfflineTokens: number;
      countedApi: string;
      promptApi: string;
      via: string;
      provider: string;
      simulated: boolean;
      at: number;
    };
  };
  inlayHints: Array<{ line: number; label: string }>;
  modelOverride?: string;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function state(uri?: vscode.Uri): Thenable<LensState> {
  return vscode.commands.executeCommand<LensState>('promptCacheLens.internal.state', uri);
}

/** Polls until `check` holds for the state (analysis is debounced and asynchronous). */
export async function waitForState(check: (s: LensState) => boolean, uri?: vscode.Uri, timeoutMs = 20_000): Promise<LensState> {
  const deadline = Date.now() + timeoutMs;
  let last: LensState | undefined;
  while (Date.now() < deadline) {
    last = await state(uri);
    if (check(last)) return last;
    await sleep(100);
  }
  assert.fail(`state did not reach the expected condition; last: ${JSON.stringify(last, null, 1).slice(0, 2000)}`);
}

export async function workspaceFile(name: string): Promise<vscode.Uri> {
  const [uri] = await vscode.workspace.findFiles(`**/${name}`, null, 1);
  assert.ok(uri, `test workspace has ${name}`);
  return uri;
}

export async function open(name: string, column = vscode.ViewColumn.One): Promise<vscode.TextEditor> {
  const uri = await workspaceFile(name);
  const doc = await vscode.workspace.openTextDocument(uri);
  // Every test starts with the cursor at the top: VS Code would otherwise restore the selection an
  // earlier test left in the same file.
  return vscode.window.showTextDocument(doc, { viewColumn: column, preview: false, selection: new vscode.Range(0, 0, 0, 0) });
}

export async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Line (0-based) of the first line containing `needle`. */
export function lineOf(doc: vscode.TextDocument, needle: string): number {
  const index = doc.getText().indexOf(needle);
  assert.ok(index >= 0, `${needle} is in ${doc.fileName}`);
  return doc.positionAt(index).line;
}
