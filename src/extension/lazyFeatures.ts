import * as vscode from 'vscode';
import type { AnalysisService } from './analysisService';
import { DASHBOARD_VIEW_TYPE } from './commandIds';
import type { LensConfig } from './config';
import type { DashboardOptions } from './dashboard/dashboard';
import type { Dashboard, ProviderCounts } from './features';
import type { BodyCounter } from './providerCounts';

export interface LazyFeatureOptions {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  tokenizerAssetDir: string;
  service: AnalysisService;
  getConfig: () => LensConfig;
  analyze: DashboardOptions['analyze'];
  /** Offline counts of the bodies sent to a counting endpoint, in the analysis worker. */
  countBody: BodyCounter;
  activePromptUri: DashboardOptions['activePromptUri'];
  /** A provider count arrived or changed for a document. */
  onProviderCountChange: (uri: vscode.Uri) => void;
}

export interface LoadedFeatures {
  dashboard: Dashboard;
  providerCounts: ProviderCounts;
}

/**
 * The dashboard and provider counting, loaded from their own bundle on first use so that activation
 * (on every JSON, Markdown and text file) loads only what the editor needs. The panel serializer is
 * registered at once: VS Code asks for it when it restores a panel, and loading follows then.
 */
export class LazyFeatures implements vscode.Disposable {
  private loading: Promise<LoadedFeatures> | undefined;
  private current: LoadedFeatures | undefined;
  private disposed = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly options: LazyFeatureOptions) {
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(DASHBOARD_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, state: unknown) => (await this.load()).dashboard.restore(panel, state),
      }),
      // Background counting needs the counting code as soon as an analysis ends with it on.
      options.service.onDidChange(() => {
        if (options.getConfig().providerCounting.enabled) void this.load().catch(() => undefined);
      }),
    );
  }

  /** The features, once loaded; undefined before their first use. */
  get loaded(): LoadedFeatures | undefined {
    return this.current;
  }

  /** Loads the features' bundle once and builds them; later calls share the first load. */
  load(): Promise<LoadedFeatures> {
    this.loading ??= this.build().catch((err: unknown) => {
      this.loading = undefined;
      this.options.log.error('the dashboard and provider counting could not load', err);
      throw err;
    });
    return this.loading;
  }

  private async build(): Promise<LoadedFeatures> {
    const { Dashboard, ProviderCounts } = await import('./features');
    if (this.disposed) throw new Error('Prompt Cache Lens is shutting down.');
    const { context, log, tokenizerAssetDir, service, getConfig } = this.options;
    const dashboard = new Dashboard({
      context,
      log,
      tokenizerAssetDir,
      analyze: this.options.analyze,
      defaultModel: () => getConfig().defaultModel,
      priceOverrides: () => getConfig().priceOverrides,
      activePromptUri: this.options.activePromptUri,
    });
    const providerCounts = new ProviderCounts(service, getConfig, dashboard.keys, tokenizerAssetDir, log, this.options.countBody);
    this.disposables.push(dashboard, providerCounts, providerCounts.onDidChange(this.options.onProviderCountChange));
    // Analyses that ended before the counting code was here.
    for (const uri of service.trackedUris()) {
      const state = service.get(uri);
      if (state) providerCounts.analysed(state);
    }
    this.current = { dashboard, providerCounts };
    log.info('dashboard and provider counting loaded');
    return this.current;
  }

  dispose(): void {
    this.disposed = true;
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
  }
}
