import * as vscode from 'vscode';
import type { Analysis, AnalyzeInput } from '../core/analyze';
import type { CountedApi } from '../core/bodyCount';
import { countOf } from '../core/labels';
import { analysisToJson } from '../core/report';
import { resolveModel } from '../core/tokens/models';
import { AnalysisClient, analysisWorkerSource } from './analysisClient';
import { AnalysisService } from './analysisService';
import { callAt } from './callAtCursor';
import { PromptCodeLens } from './codeLens';
import { CommandIds } from './commandIds';
import * as commands from './commands';
import { CONFIG_SECTION, readConfig, type LensConfig } from './config';
import type { InternalDashboardAction } from './dashboard/dashboard';
import { CacheDecorations } from './decorations';
import { CacheDiagnostics, CacheFixProvider, findingsOf } from './diagnostics';
import { explainBreak } from './explainBreak';
import { CacheHoverProvider } from './hover';
import { boundaryHoverMarkdown } from './hoverMarkdown';
import { hintsFor, TokenCountHints } from './inlineCounts';
import { ModelOverrides } from './modelOverrides';
import { callUri } from './callUris';
import { isPromptDocument, isSourceWithLlmCalls } from './promptDocuments';
import { PromptDiffView } from './promptDiffView';
import type { CountSource } from './providerCounts';
import { LazyFeatures } from './lazyFeatures';
import { modifiedAt, watchFolder } from './folderWatcher';
import { ReadFileWatcher, type WatchedFile } from './readFileWatcher';
import { showRuleHelp } from './ruleHelp';
import { StatusBar } from './statusBar';

/** Clock readings taken by `activate()` (ms since the extension host's time origin). */
export interface ActivationClock {
  /** The extension bundle began to evaluate. */
  bundleStartMs: number;
  /** Every module of the bundle was evaluated. */
  bundleEndMs: number;
  /** `activate()` was called. */
  activateStartMs: number;
}

/** Selections longer than this are not counted live (the command still counts them). */
const LIVE_SELECTION_LIMIT = 200_000;

/**
 * Changes to files source code reads that come closer together than this are one burst (a
 * checkout, a script writing several prompt files): each reader is counted again once after it.
 */
const READ_FILE_BURST_MS = 300;
/** A burst going on longer than this is answered anyway. */
const READ_FILE_BURST_MAX_MS = 2_000;
/** The most folders whose read files are watched at once. */
const READ_FILE_MAX_FOLDERS = 64;
/** A new folder watcher is taken to listen after this long; its files are looked at once then. */
const READ_FILE_ARM_MS = 1_500;

/** The extension's root: builds every feature and disposes them together. */
export class PromptCacheLens implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  readonly log: vscode.LogOutputChannel;
  private config: LensConfig = readConfig();
  readonly service: AnalysisService;
  /** The analysis worker: every analysis and count of the editor runs there, off this thread. */
  private readonly analysisClient: AnalysisClient;
  private onceJobs = 0;
  private readonly decorations: CacheDecorations;
  private readonly diagnostics: CacheDiagnostics;
  private readonly statusBar: StatusBar;
  private readonly codeLens: PromptCodeLens;
  private readonly hints: TokenCountHints;
  private readonly overrides: ModelOverrides;
  private readonly tokenizerAssetDir: string;
  /** The diff editor of Explain the Cache Break: its documents and the first-difference marks. */
  private readonly promptDiffs = new PromptDiffView();
  /** The files source documents read or looked for, watched on disk: a change counts the readers again. */
  private readonly readFiles: ReadFileWatcher;
  /** The dashboard and provider counting: their own bundle, loaded on first use. */
  private readonly features: LazyFeatures;
  /** What activation cost, for the integration tests and docs/benchmarks.md. */
  private readonly activation: { bundleLoadMs: number; hostWaitMs: number; activateMs: number } | undefined;

  constructor(
    readonly context: vscode.ExtensionContext,
    clock?: ActivationClock,
  ) {
    this.log = this.register(vscode.window.createOutputChannel('Prompt Cache Lens', { log: true }));
    this.tokenizerAssetDir = vscode.Uri.joinPath(context.extensionUri, 'dist', 'tokenizer').fsPath;
    const getConfig = () => this.config;
    this.overrides = this.register(new ModelOverrides(context.workspaceState));
    this.analysisClient = new AnalysisClient({
      source: analysisWorkerSource(vscode.Uri.joinPath(context.extensionUri, 'dist').fsPath),
      onWorkerError: (error) => this.log.error('the analysis worker stopped; the next analysis starts a new one', error),
    });
    this.register({ dispose: () => this.analysisClient.dispose() });
    this.service = this.register(new AnalysisService(getConfig, this.overrides, this.tokenizerAssetDir, this.log, this.analysisClient));
    this.service.onDidChangeProgress(() => this.statusBar.update(), undefined, this.disposables);
    this.readFiles = this.register(
      new ReadFileWatcher({
        watchFolder,
        readersOf: (path) => this.service.readersOf(path).map((uri) => uri.toString()),
        reanalyse: (readers) => this.reanalyse(readers),
        burstMs: READ_FILE_BURST_MS,
        maxWaitMs: READ_FILE_BURST_MAX_MS,
        maxFolders: READ_FILE_MAX_FOLDERS,
        modifiedAt,
        armMs: READ_FILE_ARM_MS,
      }),
    );
    this.service.onDidForget(() => this.watchReadFiles(), undefined, this.disposables);
    this.decorations = this.register(new CacheDecorations(context.extensionUri, this.service, getConfig));
    this.diagnostics = this.register(new CacheDiagnostics());
    this.statusBar = this.register(
      new StatusBar(
        this.service,
        (doc) => this.isPrompt(doc),
        (uri) => this.countSource(uri),
      ),
    );
    this.codeLens = this.register(new PromptCodeLens(this.service));
    this.hints = this.register(new TokenCountHints(this.service, getConfig));
    // Subscribed to analyses before the views below, so provider counting sees the new text first.
    this.features = this.register(
      new LazyFeatures({
        context,
        log: this.log,
        tokenizerAssetDir: this.tokenizerAssetDir,
        service: this.service,
        getConfig,
        analyze: (input, call) => this.analyzeOnce(input, call),
        countBody: (key, body, api, model) => this.countBodyOnce(key, body, api, model),
        activePromptUri: () => this.activePromptUri(),
        onProviderCountChange: () => this.statusBar.update(),
      }),
    );

    const selector: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-remote' }];
    this.register(vscode.languages.registerHoverProvider(selector, new CacheHoverProvider(this.service, (uri) => this.countSource(uri).figure)));
    this.register(vscode.languages.registerCodeLensProvider(selector, this.codeLens));
    this.register(vscode.languages.registerInlayHintsProvider(selector, this.hints));
    this.register(
      vscode.languages.registerCodeActionsProvider(selector, new CacheFixProvider((doc) => findingsOf(this.service.get(doc.uri))), { providedCodeActionKinds: CacheFixProvider.kinds }),
    );

    this.service.onDidChange((state) => {
      if (state.kind === 'source') this.watchReadFiles();
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === state.uri.toString());
      if (doc) this.diagnostics.update(doc, state);
      this.decorations.refreshDocument(state.uri);
      this.statusBar.update();
      this.codeLens.refresh();
      this.hints.refresh();
      this.features.loaded?.dashboard.analysisChanged(state.uri);
    }, undefined, this.disposables);
    this.overrides.onDidChange((uri) => {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (doc) this.service.schedule(doc, true);
    }, undefined, this.disposables);

    this.registerCommands();
    this.registerEvents();
    for (const editor of vscode.window.visibleTextEditors) this.track(editor.document);
    this.statusBar.update();
    const end = performance.now();
    // Between loading the bundle and calling activate(), VS Code builds the extension context
    // (storage, secrets) in parallel with the load: its time is the host's, not this extension's.
    this.activation = clock && {
      bundleLoadMs: clock.bundleEndMs - clock.bundleStartMs,
      hostWaitMs: clock.activateStartMs - clock.bundleEndMs,
      activateMs: end - clock.activateStartMs,
    };
    const cost = this.activation && this.activation.bundleLoadMs + this.activation.activateMs;
    this.log.info(`activated (VS Code ${vscode.version})${cost !== undefined ? ` in ${cost.toFixed(1)} ms` : ''}`);
  }

  /** Where the token figure of a document comes from; offline until provider counting has loaded. */
  private countSource(uri: vscode.Uri): CountSource {
    return this.features.loaded?.providerCounts.sourceFor(uri) ?? { enabled: this.config.providerCounting.enabled };
  }

  private isPrompt(doc: vscode.TextDocument): boolean {
    return isPromptDocument(doc, this.config);
  }

  /**
   * Starts analysing a prompt document, or source code that imports an LLM SDK, at once (first
   * sight, editor switch). Other code costs one regular-expression scan and gets no state.
   */
  private track(doc: vscode.TextDocument): void {
    if (this.service.get(doc.uri)) return;
    if (this.isPrompt(doc)) this.service.schedule(doc, true);
    else if (isSourceWithLlmCalls(doc)) this.service.schedule(doc, true, 'source');
    else return;
    // "analysing…" from the first moment: a long file's first answer takes seconds.
    this.statusBar.update();
  }

  /** The prompt the active editor shows: the prompt file, or the LLM call under the cursor (else the first). */
  private activePromptUri(): vscode.Uri | undefined {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return undefined;
    const doc = editor.document;
    const state = this.service.get(doc.uri);
    if (state?.kind === 'source') {
      const calls = state.calls ?? [];
      if (calls.length === 0) return undefined;
      const here = callAt(state, doc.offsetAt(editor.selection.active));
      return callUri(doc.uri, here ? calls.indexOf(here) : 0);
    }
    return this.isPrompt(doc) ? doc.uri : undefined;
  }

  private registerEvents(): void {
    const d = this.disposables;
    // State lives as long as a tab shows the document: closing its editors disposes it.
    vscode.window.tabGroups.onDidChangeTabs(() => this.forgetClosed(), undefined, d);
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length === 0) return;
      const state = this.service.get(e.document.uri);
      if (state?.kind === 'source' && !isSourceWithLlmCalls(e.document)) this.forgetSource(e.document);
      else if (state) this.service.schedule(e.document);
      else if (isSourceWithLlmCalls(e.document)) this.service.schedule(e.document, false, 'source');
    }, undefined, d);
    // A module a source file imports constants from, or a prompt file its code reads, was saved:
    // the source file's calls are counted again with what the file now holds. The file watcher
    // sees the same write; both join one burst, so the readers are counted once.
    vscode.workspace.onDidSaveTextDocument((saved) => {
      this.readFiles.touched(saved.uri.fsPath);
    }, undefined, d);
    vscode.workspace.onDidCloseTextDocument((doc) => {
      this.service.forget(doc.uri);
      this.diagnostics.update(doc, undefined);
    }, undefined, d);
    vscode.window.onDidChangeVisibleTextEditors((editors) => {
      for (const editor of editors) this.track(editor.document);
      this.decorations.refreshAll();
    }, undefined, d);
    vscode.window.onDidChangeActiveTextEditor(() => {
      // A count of the previous editor's selection still in the worker must not show up here.
      this.analysisClient.forget('selection');
      this.statusBar.setSelectionTokens(undefined);
    }, undefined, d);
    vscode.window.onDidChangeTextEditorSelection((e) => {
      // In source code the status bar follows the call under the cursor.
      if (this.service.get(e.textEditor.document.uri)?.kind === 'source') this.statusBar.update();
      void this.countLiveSelection(e.textEditor);
    }, undefined, d);
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(CONFIG_SECTION)) return;
      const previous = this.config;
      this.config = readConfig();
      if (previous.decorationStyle !== this.config.decorationStyle) this.decorations.restyle();
      for (const doc of vscode.workspace.textDocuments) {
        if (this.isPrompt(doc) || this.service.get(doc.uri)?.kind === 'source') this.service.schedule(doc, true);
        else if (this.service.get(doc.uri)) {
          this.service.forget(doc.uri);
          this.diagnostics.update(doc, undefined);
        }
      }
      this.decorations.refreshAll();
      this.hints.refresh();
      this.statusBar.update();
    }, undefined, d);
  }

  /**
   * Watches what open source documents read (prompt files, imported modules, wherever they are)
   * and, inside the workspace, the files they looked for and did not find: one created there (a
   * checkout bringing it back) changes the calls. Outside the workspace a missing file's folder
   * may be anywhere up to the root, so it is not watched; saving it in the editor still counts.
   */
  private watchReadFiles(): void {
    const read: WatchedFile[] = [];
    const missing: WatchedFile[] = [];
    for (const uri of this.service.trackedUris()) {
      const state = this.service.get(uri);
      if (state?.kind !== 'source') continue;
      const countedAt = state.filesCountedAt ?? 0;
      for (const path of state.readFiles ?? []) read.push({ path, countedAt, present: true });
      for (const path of state.missingFiles ?? []) {
        if (vscode.workspace.getWorkspaceFolder(vscode.Uri.file(path))) missing.push({ path, countedAt, present: false });
      }
    }
    // Files read come first: when folders run out, a file looked for waits.
    this.readFiles.watch([...read, ...missing]);
  }

  /** Counts these documents again (their read files changed), if they are still open. */
  private reanalyse(readers: string[]): void {
    this.log.debug(`files read by ${readers.length} source document(s) changed: analysing them again`);
    for (const key of readers) {
      const reader = vscode.workspace.textDocuments.find((doc) => doc.uri.toString() === key);
      if (reader && !reader.isClosed) this.service.schedule(reader, true);
    }
  }

  /** Source code that no longer imports an LLM SDK: back to no state at all. */
  private forgetSource(doc: vscode.TextDocument): void {
    this.service.forget(doc.uri);
    this.diagnostics.update(doc, undefined);
    this.decorations.refreshDocument(doc.uri);
    this.codeLens.refresh();
    this.hints.refresh();
    this.statusBar.update();
  }

  /** Forgets documents no tab shows any more. */
  private forgetClosed(): void {
    const open = new Set<string>();
    for (const group of vscode.window.tabGroups.all) {
      for (const tab of group.tabs) {
        const input = tab.input;
        if (input instanceof vscode.TabInputText) open.add(input.uri.toString());
        else if (input instanceof vscode.TabInputTextDiff) open.add(input.modified.toString());
      }
    }
    for (const uri of this.service.trackedUris()) {
      if (open.has(uri.toString())) continue;
      this.service.forget(uri);
      this.diagnostics.collection.delete(uri);
    }
    this.decorations.refreshAll();
  }

  /** One analysis in the worker that no later one supersedes (the dashboard's own, with its model). */
  /**
   * One analysis in the worker that no later one supersedes (the dashboard's own, with its model);
   * with `call`, the request of that LLM call (0-based) of a source file.
   */
  private async analyzeOnce(input: AnalyzeInput, call?: number): Promise<Analysis> {
    const key = `once:${++this.onceJobs}`;
    if (call === undefined) {
      const result = await this.analysisClient.analyze(key, input);
      if (!result) throw new Error('Prompt Cache Lens is shutting down.');
      return result.analysis;
    }
    const source = await this.analysisClient.analyzeSource(key, input);
    if (!source) throw new Error('Prompt Cache Lens is shutting down.');
    const found = source.calls[call];
    if (!found) throw new Error(`The file has ${countOf(source.calls.length, 'LLM call')} now; call ${call + 1} is gone.`);
    return found.analysis;
  }

  /** The offline count of a provider counting body, in the worker; the key is dropped once it answers. */
  private async countBodyOnce(key: string, body: string, api: CountedApi, model: string): Promise<number | undefined> {
    try {
      return await this.analysisClient.countBody(key, body, api, model, this.tokenizerAssetDir);
    } finally {
      this.analysisClient.forget(key);
    }
  }

  private async countLiveSelection(editor: vscode.TextEditor): Promise<void> {
    if (editor !== vscode.window.activeTextEditor || !this.service.get(editor.document.uri)) return;
    const text = editor.selections.map((s) => editor.document.getText(s)).join('');
    if (!text || text.length > LIVE_SELECTION_LIMIT) {
      this.analysisClient.forget('selection');
      this.statusBar.setSelectionTokens(undefined);
      return;
    }
    const model = this.service.get(editor.document.uri)?.analysis?.model ?? this.config.defaultModel;
    const count = await this.analysisClient.count('selection', text, resolveModel(model).encoding, this.tokenizerAssetDir);
    // Undefined when a newer selection took its place.
    if (count !== undefined && editor === vscode.window.activeTextEditor) this.statusBar.setSelectionTokens(count);
  }

  private registerCommands(): void {
    const ctx: commands.CommandContext = {
      service: this.service,
      analysisClient: this.analysisClient,
      overrides: this.overrides,
      tokenizerAssetDir: this.tokenizerAssetDir,
      isPrompt: (doc) => this.isPrompt(doc),
      setSelectionTokens: (n) => this.statusBar.setSelectionTokens(n),
      providerFigure: (uri) => this.countSource(uri).figure,
    };
    const reg = (id: string, fn: (...args: never[]) => unknown) =>
      this.register(
        vscode.commands.registerCommand(id, async (...args: never[]) => {
          try {
            return await fn(...args);
          } catch (err) {
            this.log.error(`${id} failed`, err);
            void vscode.window.showErrorMessage(`Prompt Cache Lens: ${err instanceof Error ? err.message : String(err)}`, 'Show Log').then((pick) => {
              if (pick) this.log.show();
            });
            return undefined;
          }
        }),
      );
    reg(CommandIds.showOutput, () => this.log.show());
    reg(CommandIds.toggleBoundary, () => commands.toggleBoundary());
    reg(CommandIds.selectModel, (uri?: vscode.Uri, model?: string) => commands.selectModel(ctx, uri, model));
    reg(CommandIds.countSelection, () => commands.countSelection(ctx));
    reg(CommandIds.copyAnalysisJson, (uri?: vscode.Uri) => commands.copyAnalysisJson(ctx, uri));
    const reports = this.register(new commands.ReportDocuments(ctx));
    reg(CommandIds.showReport, (uri?: vscode.Uri) => commands.showReport(ctx, uri, reports));
    this.register(vscode.workspace.registerTextDocumentContentProvider(commands.REPORT_SCHEME, reports));
    this.register(this.promptDiffs);
    reg(CommandIds.explainBreak, (a?: unknown, b?: unknown) => explainBreak({ ...ctx, promptDiffs: this.promptDiffs }, a, b));
    reg(CommandIds.internalState, (uri?: vscode.Uri) => this.internalState(uri));
    const features = () => this.features.load();
    reg(CommandIds.openDashboard, async (uri?: vscode.Uri) => (await features()).dashboard.open(uri));
    reg(CommandIds.testCaching, async (uri?: vscode.Uri) => (await features()).dashboard.open(uri));
    reg(CommandIds.setApiKey, async (endpoint?: string) => (await features()).dashboard.setKey(endpoint));
    reg(CommandIds.clearApiKey, async (endpoint?: string) => (await features()).dashboard.clearKey(endpoint));
    reg(CommandIds.countWithProvider, async (uri?: vscode.Uri) => (await features()).providerCounts.countNow(uri));
    reg(CommandIds.internalDashboard, async (action?: InternalDashboardAction) => (await features()).dashboard.internal(action));
    reg(CommandIds.showRuleHelp, (rule?: string) => showRuleHelp(this.context.extensionUri, rule));
  }

  /** A snapshot for integration tests: what the user would see for a document. */
  private internalState(uri?: vscode.Uri) {
    const editor = uri
      ? vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString())
      : vscode.window.activeTextEditor;
    const target = uri ?? editor?.document.uri;
    const state = target ? this.service.get(target) : undefined;
    const drawn = editor ? this.decorations.drawnFor(editor) : undefined;
    const range = (r: vscode.Range) => [r.start.line, r.start.character, r.end.line, r.end.character];
    const doc = editor?.document;
    const countSource = target ? this.countSource(target) : undefined;
    return {
      activated: true,
      activation: {
        ...this.activation,
        /** Analysis workers started so far: none means no tokenizer was loaded. */
        workersStarted: this.analysisClient.workersStarted,
        featuresLoaded: Boolean(this.features.loaded),
      },
      counts: { ...this.service.counts, editorsDrawn: this.decorations.editorCount, watchedFolders: this.readFiles.watched.length },
      /** The files watched on disk because open source documents read them or looked for them. */
      watchedFiles: this.readFiles.watched.flatMap((w) => w.files).sort(),
      tracked: Boolean(state),
      kind: state?.kind,
      busy: state?.busy ?? false,
      stale: state?.stale ?? false,
      parseError: state?.parseError,
      rejected: state?.rejected,
      analysis: state?.analysis ? analysisToJson(state.analysis, { sourceText: doc?.getText() }) : undefined,
      // Source code: each LLM call, where it is, its analysis as a prompt file's, its boundary hover and provider count.
      calls: state?.calls?.map(({ call, analysis }, i) => {
        const callSource = target ? this.countSource(callUri(target, i)) : undefined;
        return {
          line: call.line,
          column: call.column,
          api: call.api,
          callee: call.callee,
          analysis: analysisToJson(analysis, { sourceText: doc?.getText() }),
          hover: boundaryHoverMarkdown(analysis, callSource?.figure),
          providerCount: callSource,
        };
      }),
      decorations: drawn
        ? {
            stale: drawn.stale,
            labels: drawn.labels,
            ranges: Object.fromEntries(Object.entries(drawn.ranges).map(([k, v]) => [k, v.map(range)])),
          }
        : undefined,
      diagnostics: target
        ? this.diagnostics.collection.get(target)?.map((d) => ({
            message: d.message,
            severity: d.severity,
            code: typeof d.code === 'object' ? String(d.code.value) : d.code,
            target: typeof d.code === 'object' ? d.code.target.toString() : undefined,
            range: range(d.range),
          }))
        : undefined,
      statusBar: { text: this.statusBar.text, visible: this.statusBar.visible, background: this.statusBar.background, tooltip: this.statusBar.tooltip },
      hover: state?.analysis ? boundaryHoverMarkdown(state.analysis, countSource?.figure) : undefined,
      providerCount: { ...countSource, documents: this.features.loaded?.providerCounts.documentCount ?? 0 },
      inlayHints: doc ? hintsFor(doc, this.service).map((h) => ({ line: h.position.line, label: String(h.label) })) : [],
      modelOverride: target ? this.overrides.get(target) : undefined,
      promptDiff: this.promptDiffs.state(),
    };
  }

  private register<T extends vscode.Disposable>(d: T): T {
    this.disposables.push(d);
    return d;
  }

  dispose(): void {
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
  }
}
