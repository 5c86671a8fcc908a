import * as vscode from 'vscode';
import type { Analysis } from '../core/analyze';
import { InputRejectedError } from '../core/inputRejected';
import type { EditorView } from '../core/editorView';
import { PromptParseError } from '../core/model';
import type { UnparsedSourceCall } from '../core/sources/unparsedCall';
import type { AnalysisClient, CallResult } from './analysisClient';
import type { LensConfig } from './config';
import { documentText } from './documentText';
import type { ModelOverrides } from './modelOverrides';

/** A prompt file (one request), or source code (one request per LLM call). */
export type DocumentKind = 'prompt' | 'source';

/** What the extension knows about one prompt document, or one source file with LLM calls. */
export interface DocumentState {
  uri: vscode.Uri;
  kind: DocumentKind;
  /** Document version the state describes. */
  version: number;
  /** The newest successful analysis; kept (and shown dimmed) while the file does not parse. */
  analysis?: Analysis;
  /** What the editor draws for `analysis`, computed off the extension host with it. */
  view?: EditorView;
  /**
   * Source code: each LLM call with its own analysis and view, in source order (`analysis` and
   * `view` stay unset). Undefined until the first analysis ends.
   */
  calls?: CallResult[];
  /** Source code: the other files its analysis read (imported modules, prompt files), as file system paths. */
  readFiles?: string[];
  /** Source code: the files its analysis looked for and did not find; one appearing changes the calls. */
  missingFiles?: string[];
  /** Source code: `Date.now()` when the analysis that read `readFiles` and looked for `missingFiles` began. */
  filesCountedAt?: number;
  /** Source code: the LLM calls a syntax error keeps from being read. */
  unparsedCalls?: UnparsedSourceCall[];
  /** True when `analysis` is older than the text (the file stopped parsing). */
  stale: boolean;
  /** Set while the file does not parse. */
  parseError?: { message: string; offset: number; line: number; column: number };
  /** Set when the file is refused (over the size limit, binary). */
  rejected?: string;
  /** An analysis is scheduled or running. */
  busy: boolean;
}

/** One request of a document, with what the editor draws for it and, in source code, its call. */
export interface ShownAnalysis {
  analysis: Analysis;
  view?: EditorView;
  call?: CallResult['call'];
}

/** Every request the document's state describes: the prompt file's one, or each call's. */
export function analysesOf(state: DocumentState | undefined): ShownAnalysis[] {
  if (!state) return [];
  if (state.kind === 'source') return state.calls ?? [];
  return state.analysis ? [{ analysis: state.analysis, view: state.view }] : [];
}

/** An analysis still running after this long shows progress. */
export const SLOW_ANALYSIS_MS = 500;

/**
 * Analyses prompt documents, debounced on typing and at once on open or switch, and tells
 * listeners when a document's state changes. The analysis runs in the analysis worker
 * (`AnalysisClient`); results for outdated versions are dropped.
 */
export class AnalysisService implements vscode.Disposable {
  private readonly states = new Map<string, DocumentState>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly emitter = new vscode.EventEmitter<DocumentState>();
  readonly onDidChange = this.emitter.event;
  /** Documents whose analysis has run longer than `SLOW_ANALYSIS_MS`, and their progress timers. */
  private readonly slowTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly slowKeys = new Set<string>();
  private readonly progressEmitter = new vscode.EventEmitter<vscode.Uri>();
  /** Fires when a document's analysis becomes slow (progress shown) or ends. */
  readonly onDidChangeProgress = this.progressEmitter.event;
  private readonly forgetEmitter = new vscode.EventEmitter<vscode.Uri>();
  /** Fires when a document's state is dropped (its tab closed, it stopped being a prompt). */
  readonly onDidForget = this.forgetEmitter.event;
  private tokenizerReady = false;

  constructor(
    private readonly getConfig: () => LensConfig,
    private readonly overrides: ModelOverrides,
    private readonly tokenizerAssetDir: string,
    private readonly log: vscode.LogOutputChannel,
    private readonly client: AnalysisClient,
  ) {}

  get(uri: vscode.Uri): DocumentState | undefined {
    return this.states.get(uri.toString());
  }

  /** Whether an analysis of the document has been running for more than `SLOW_ANALYSIS_MS`. */
  isSlow(uri: vscode.Uri): boolean {
    return this.slowKeys.has(uri.toString());
  }

  /** Whether the tokenizer has loaded once (the status bar shows a busy state until then). */
  get ready(): boolean {
    return this.tokenizerReady;
  }

  /** Whether any document's analysis is scheduled or running (background work waits for it). */
  get analysing(): boolean {
    for (const state of this.states.values()) if (state.busy) return true;
    return false;
  }

  /** Number of documents tracked and timers pending: both drop to zero when documents close. */
  get counts(): { documents: number; timers: number } {
    return { documents: this.states.size, timers: this.timers.size };
  }

  /** Every document with state. */
  trackedUris(): vscode.Uri[] {
    return [...this.states.values()].map((s) => s.uri);
  }

  /**
   * Schedules an analysis; `immediate` skips the debounce (open, editor switch, model change).
   * `kind` is taken when the document is first seen.
   */
  schedule(doc: vscode.TextDocument, immediate = false, kind: DocumentKind = 'prompt'): void {
    const key = doc.uri.toString();
    const existing = this.timers.get(key);
    if (existing) clearTimeout(existing);
    const state = this.states.get(key) ?? { uri: doc.uri, kind, version: -1, stale: false, busy: true };
    state.busy = true;
    this.states.set(key, state);
    const delay = immediate ? 0 : this.getConfig().debounceMs;
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.run(doc);
      }, delay),
    );
  }

  /**
   * The source documents whose last analysis read `path` (a module they import, a prompt file they
   * read) or looked for it and found nothing: they need analysing again when it changes.
   */
  readersOf(path: string): vscode.Uri[] {
    return [...this.states.values()].filter((s) => s.readFiles?.includes(path) || s.missingFiles?.includes(path)).map((s) => s.uri);
  }

  /** Forgets a closed document: its timer and state. */
  forget(uri: vscode.Uri): void {
    const key = uri.toString();
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
    const known = this.states.delete(key);
    this.client.forget(key);
    this.endProgress(key, false);
    if (known) this.forgetEmitter.fire(uri);
  }

  /** Shows progress for the document if its analysis is still running after `SLOW_ANALYSIS_MS`. */
  private startProgress(key: string, uri: vscode.Uri): void {
    if (this.slowTimers.has(key) || this.slowKeys.has(key)) return;
    this.slowTimers.set(
      key,
      setTimeout(() => {
        this.slowTimers.delete(key);
        this.slowKeys.add(key);
        this.progressEmitter.fire(uri);
      }, SLOW_ANALYSIS_MS),
    );
  }

  private endProgress(key: string, notify: boolean, uri?: vscode.Uri): void {
    const timer = this.slowTimers.get(key);
    if (timer) clearTimeout(timer);
    this.slowTimers.delete(key);
    const wasSlow = this.slowKeys.delete(key);
    if (wasSlow && notify && uri) this.progressEmitter.fire(uri);
  }

  private async run(doc: vscode.TextDocument): Promise<void> {
    const key = doc.uri.toString();
    const version = doc.version;
    const config = this.getConfig();
    const started = Date.now();
    let next: Partial<DocumentState>;
    this.startProgress(key, doc.uri);
    const input = {
      fileName: doc.fileName,
      text: documentText(doc),
      modelOverride: this.overrides.get(doc.uri),
      defaultModel: config.defaultModel,
      defaultProvider: config.defaultProvider,
      priceOverrides: config.priceOverrides,
      maxBytes: config.maxFileSizeMB * 1024 * 1024,
      tokenizerAssetDir: this.tokenizerAssetDir,
      projectRoot: vscode.workspace.getWorkspaceFolder(doc.uri)?.uri.fsPath,
    };
    try {
      if (this.states.get(key)?.kind === 'source') {
        const source = await this.client.analyzeSource(key, input);
        if (!source) return;
        this.tokenizerReady ||= source.calls.length > 0;
        next = {
          calls: source.calls,
          readFiles: source.readFiles,
          missingFiles: source.missingFiles,
          filesCountedAt: started,
          unparsedCalls: source.unparsedCalls,
          stale: false,
          parseError: undefined,
          rejected: undefined,
        };
        this.log.debug(`analysed ${doc.fileName} v${version} in ${Date.now() - started} ms: ${source.calls.length} LLM calls`);
        return this.settle(key, doc, version, next);
      }
      const result = await this.client.analyze(key, input);
      // A newer version took its place (its own run reports), or the document was forgotten.
      if (!result) return;
      const { analysis, view } = result;
      this.tokenizerReady = true;
      next = { analysis, view, stale: false, parseError: undefined, rejected: undefined };
      this.log.debug(`analysed ${doc.fileName} v${version} in ${Date.now() - started} ms: ${analysis.promptTokens} tokens`);
    } catch (err) {
      if (err instanceof PromptParseError) {
        next = {
          stale: true,
          parseError: { message: err.message, offset: err.offset, line: err.line, column: err.column },
          rejected: undefined,
        };
      } else if (err instanceof InputRejectedError) {
        next = { analysis: undefined, calls: undefined, stale: false, parseError: undefined, rejected: err.message };
      } else {
        this.log.error(`analysis of ${doc.fileName} failed`, err);
        next = { stale: true, parseError: undefined, rejected: `Analysis failed: ${err instanceof Error ? err.message : String(err)}` };
      }
    }
    this.settle(key, doc, version, next);
  }

  /** Stores the result of a run, unless the document changed or closed meanwhile. */
  private settle(key: string, doc: vscode.TextDocument, version: number, next: Partial<DocumentState>): void {
    const state = this.states.get(key);
    // Closed meanwhile, or edited again: a newer run is scheduled or the result is moot.
    if (!state || doc.isClosed || doc.version !== version) return;
    this.endProgress(key, false);
    Object.assign(state, next, { version, busy: this.timers.has(key) });
    this.emitter.fire(state);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const timer of this.slowTimers.values()) clearTimeout(timer);
    this.timers.clear();
    this.slowTimers.clear();
    this.slowKeys.clear();
    this.states.clear();
    this.emitter.dispose();
    this.progressEmitter.dispose();
    this.forgetEmitter.dispose();
  }
}
