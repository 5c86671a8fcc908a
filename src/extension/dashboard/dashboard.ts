import * as vscode from 'vscode';
import type { PriceOverrides } from '../../core/cache/pricing';
import { SessionStore } from '../../history';
import { SecretRedactor } from '../../runner/redact';
import type { FaultOptions } from '../../simulator';
import { UiStateSchema, type ErrorAction } from '../../shared/protocol';
import { CommandIds } from '../commandIds';
import { ApiKeys, isKeyedEndpoint } from './apiKeys';
import { CachePredictors } from './cachePredictors';
import { dashboardWebviewOptions } from './dashboardHtml';
import { DASHBOARD_VIEW_TYPE, DashboardPanel, type DashboardSnapshot } from './dashboardPanel';
import { redactingLog } from './redactingLog';
import type { PromptAnalyzer } from './promptSource';
import { SimulatorHost } from './simulatorHost';
import { UiMemory } from './uiMemory';

export interface DashboardOptions {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  tokenizerAssetDir: string;
  /** Analyses a prompt off the extension host's thread (the analysis worker). */
  analyze: PromptAnalyzer;
  defaultModel: () => string;
  priceOverrides: () => PriceOverrides;
  /** The prompt file an editor shows now, if any (the palette command tests it). */
  activePromptUri: () => vscode.Uri | undefined;
}

/** What the hidden test command can ask for. */
export type InternalDashboardAction =
  | { type: 'snapshot' }
  /** Feeds a message through the panel as if its webview had sent it. */
  | { type: 'receive'; message: unknown }
  /** Restarts the simulator with an empty cache and these faults. */
  | { type: 'resetSimulator'; faults?: FaultOptions };

/**
 * The dashboard feature: one panel at a time, its commands, the API keys, the simulator and the
 * history, and the panel VS Code brings back after a window reload.
 */
export class Dashboard implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private panel: DashboardPanel | undefined;
  readonly keys: ApiKeys;
  private readonly simulator: SimulatorHost;
  private readonly store: SessionStore;
  private readonly costConfirmed = new Set<string>();
  private readonly keyDestinationsAgreed = new Set<string>();
  /** Every key read or used in this session, redacted from the log, the history and the webview. */
  private readonly redactor = new SecretRedactor();
  private readonly log: vscode.LogOutputChannel;
  private readonly uiMemory: UiMemory;
  private readonly predictors: CachePredictors;

  constructor(private readonly options: DashboardOptions) {
    const { context } = options;
    this.log = redactingLog(options.log, this.redactor);
    this.uiMemory = new UiMemory(context.workspaceState);
    this.predictors = new CachePredictors(options.tokenizerAssetDir);
    this.keys = this.register(new ApiKeys(context.secrets, (key) => this.redactor.add(key)));
    this.simulator = this.register(new SimulatorHost(options.tokenizerAssetDir, this.log));
    const storage = context.storageUri ?? context.globalStorageUri;
    this.store = new SessionStore(vscode.Uri.joinPath(storage, 'sessions').fsPath, Date.now, () => this.redactor.secrets());
  }

  /**
   * Takes over a panel VS Code brought back after a window reload, with the UI state its page
   * saved. The serializer that calls this is registered at activation (see LazyFeatures), before
   * this bundle loads.
   */
  restore(panel: vscode.WebviewPanel, state: unknown): void {
    const parsed = UiStateSchema.safeParse(state ?? {});
    const uri = parsed.success && parsed.data.fileUri ? vscode.Uri.parse(parsed.data.fileUri) : undefined;
    this.adopt(panel, uri);
  }

  /** Opens (or reveals) the panel for a file: the given one, else the active prompt file, else the one it shows. */
  async open(uri?: vscode.Uri): Promise<void> {
    const target = uri ?? this.options.activePromptUri() ?? this.panel?.file;
    if (this.panel) {
      this.panel.panel.reveal(undefined, false);
      await this.panel.retarget(target);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      DASHBOARD_VIEW_TYPE,
      'Prompt Cache Lens',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
      dashboardWebviewOptions(this.options.context.extensionUri),
    );
    this.adopt(panel, target);
  }

  /** Tells the panel its file's analysis changed. */
  analysisChanged(uri: vscode.Uri): void {
    void this.panel?.fileChanged(uri);
  }

  async setKey(endpoint?: unknown): Promise<boolean> {
    return this.keys.promptAndStore(isKeyedEndpoint(endpoint) ? endpoint : undefined);
  }

  async clearKey(endpoint?: unknown): Promise<boolean> {
    return this.keys.clear(isKeyedEndpoint(endpoint) ? endpoint : undefined);
  }

  /** For integration tests only (hidden from the palette). */
  async internal(action: InternalDashboardAction = { type: 'snapshot' }): Promise<(DashboardSnapshot & { historyDir: string }) | undefined> {
    if (action.type === 'receive') await this.panel?.receive(action.message);
    if (action.type === 'resetSimulator') {
      await this.simulator.reset(action.faults);
      this.predictors.forgetSimulator();
    }
    const snapshot = this.panel?.snapshot();
    return snapshot ? { ...snapshot, historyDir: this.store.directory } : undefined;
  }

  private adopt(panel: vscode.WebviewPanel, uri: vscode.Uri | undefined): void {
    const dashboard = new DashboardPanel(panel, uri, {
      extensionUri: this.options.context.extensionUri,
      log: this.log,
      keys: this.keys,
      redactor: this.redactor,
      simulator: this.simulator,
      store: this.store,
      tokenizerAssetDir: this.options.tokenizerAssetDir,
      analyze: this.options.analyze,
      defaultModel: this.options.defaultModel,
      priceOverrides: this.options.priceOverrides,
      runAction: (action) => this.runAction(action),
      costConfirmed: this.costConfirmed,
      keyDestinationsAgreed: this.keyDestinationsAgreed,
      uiMemory: this.uiMemory,
      predictorFor: (endpoint) => this.predictors.for(endpoint),
    });
    this.panel?.dispose();
    this.panel = dashboard;
    dashboard.onDidDispose(() => {
      if (this.panel !== dashboard) return;
      this.panel = undefined;
      // The simulator lives as long as a panel uses it.
      void this.simulator.stop();
      this.predictors.forgetSimulator();
    });
  }

  private runAction(action: ErrorAction): Thenable<unknown> {
    switch (action.command) {
      case 'setKey':
        return vscode.commands.executeCommand(CommandIds.setApiKey, action.endpoint);
      case 'showLog':
        return vscode.commands.executeCommand(CommandIds.showOutput);
      case 'setupEndpoint':
        // The page opens its own set-up fields; nothing to do here.
        return Promise.resolve();
    }
  }

  private register<T extends vscode.Disposable>(d: T): T {
    this.disposables.push(d);
    return d;
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
  }
}
