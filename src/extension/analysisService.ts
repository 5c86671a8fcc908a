import * as vscode from 'vscode';
import { analyzePrompt, InputRejectedError, type Analysis } from '../core/analyze';
import { PromptParseError } from '../core/model';
import type { LensConfig } from './config';
import type { ModelOverrides } from './modelOverrides';

/** What the extension knows about one prompt document. */
export interface DocumentState {
  uri: vscode.Uri;
  /** Document version the state describes. */
  version: number;
  /** The newest successful analysis; kept (and shown dimmed) while the file does not parse. */
  analysis?: Analysis;
  /** True when `analysis` is older than the text (the file stopped parsing). */
  stale: boolean;
  /** Set while the file does not parse. */
  parseError?: { message: string; offset: number; line: number; column: number };
  /** Set when the file is refused (over the size limit, binary). */
  rejected?: string;
  /** An analysis is scheduled or running. */
  busy: boolean;
}

/**
 * Analyses prompt documents, debounced on typing and at once on open or switch, and tells
 * listeners when a document's state changes. Results for outdated versions are dropped.
 */
export class AnalysisService implements vscode.Disposable {
  private readonly states = new Map<string, DocumentState>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly emitter = new vscode.EventEmitter<DocumentState>();
  readonly onDidChange = this.emitter.event;
  private tokenizerReady = false;

  constructor(
    private readonly getConfig: () => LensConfig,
    private readonly overrides: ModelOverrides,
    private readonly tokenizerAssetDir: string,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  get(uri: vscode.Uri): DocumentState | undefined {
    return this.states.get(uri.toString());
  }

  /** Whether the tokenizer has loaded once (the status bar shows a busy state until then). */
  get ready(): boolean {
    return this.tokenizerReady;
  }

  /** Number of documents tracked and timers pending: both drop to zero when documents close. */
  get counts(): { documents: number; timers: number } {
    return { documents: this.states.size, timers: this.timers.size };
  }

  /** Every document with state. */
  trackedUris(): vscode.Uri[] {
    return [...this.states.values()].map((s) => s.uri);
  }

  /** Schedules an analysis; `immediate` skips the debounce (open, editor switch, model change). */
  schedule(doc: vscode.TextDocument, immediate = false): void {
    const key = doc.uri.toString();
    const existing = this.timers.get(key);
    if (existing) clearTimeout(existing);
    const state = this.states.get(key) ?? { uri: doc.uri, version: -1, stale: false, busy: true };
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

  /** Forgets a closed document: its timer and state. */
  forget(uri: vscode.Uri): void {
    const key = uri.toString();
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
    this.states.delete(key);
  }

  private async run(doc: vscode.TextDocument): Promise<void> {
    const key = doc.uri.toString();
    const version = doc.version;
    const config = this.getConfig();
    const started = Date.now();
    let next: Partial<DocumentState>;
    try {
      const analysis = await analyzePrompt({
        fileName: doc.fileName,
        text: doc.getText(),
        modelOverride: this.overrides.get(doc.uri),
        defaultModel: config.defaultModel,
        defaultProvider: config.defaultProvider,
        priceOverrides: config.priceOverrides,
        maxBytes: config.maxFileSizeMB * 1024 * 1024,
        tokenizerAssetDir: this.tokenizerAssetDir,
      });
      this.tokenizerReady = true;
      next = { analysis, stale: false, parseError: undefined, rejected: undefined };
      this.log.debug(`analysed ${doc.fileName} v${version} in ${Date.now() - started} ms: ${analysis.promptTokens} tokens`);
    } catch (err) {
      if (err instanceof PromptParseError) {
        next = {
          stale: true,
          parseError: { message: err.message, offset: err.offset, line: err.line, column: err.column },
          rejected: undefined,
        };
      } else if (err instanceof InputRejectedError) {
        next = { analysis: undefined, stale: false, parseError: undefined, rejected: err.message };
      } else {
        this.log.error(`analysis of ${doc.fileName} failed`, err);
        next = { stale: true, parseError: undefined, rejected: `Analysis failed: ${err instanceof Error ? err.message : String(err)}` };
      }
    }
    const state = this.states.get(key);
    // Closed meanwhile, or edited again: a newer run is scheduled or the result is moot.
    if (!state || doc.isClosed || doc.version !== version) return;
    Object.assign(state, next, { version, busy: this.timers.has(key) });
    this.emitter.fire(state);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.states.clear();
    this.emitter.dispose();
  }
}
