import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import type { Analysis } from '../core/analyze';
import type { CountedApi } from '../core/bodyCount';
import { differenceLogLine, figureTooltip, type ProviderFigure } from '../core/providerFigure';
import { describeCountFailure } from '../runner/countFailure';
import {
  countedApi,
  countingBody,
  countingHost,
  figureOf,
  PROVIDER_NAMES,
  ProviderCounter,
  type CountingEndpoint,
  type CountingTarget,
} from '../runner/providerCount';
import type { AnalysisService, DocumentState } from './analysisService';
import { callAt } from './callAtCursor';
import { callUri, parseCallUri } from './callUris';
import { promptTarget } from './promptTarget';
import { CommandIds } from './commandIds';
import type { LensConfig } from './config';
import type { ApiKeys } from './dashboard/apiKeys';
import { SimulatorHost } from './dashboard/simulatorHost';
import { documentLength } from './documentText';
import { countFailureNotice } from './countFailureNotice';
import { countingEndpoint, countingTarget, EDITOR_KEY_ADVICE } from './providerCountEndpoint';
import { callsCountedInBackground, PROVIDER_COUNT_SCOPE } from './providerCountScope';

/** Quiet time after an analysis before the provider is asked (typing produces many analyses). */
const BACKGROUND_DELAY_MS = 1_500;
/** Answers kept per document: going back to an earlier text shows its count again. */
const FIGURES_PER_DOCUMENT = 4;
/**
 * Past this many characters (some 500,000 tokens) the provider is not asked: the counting body is
 * built, serialized and hashed on the extension host, about 3 ms per MB on a quiet machine and
 * several times that on a busy one, so a 20 MB file would hold the editor.
 */
const PROVIDER_COUNT_MAX_CHARS = 2 * 1024 * 1024;
const TOO_LARGE_NOTE = 'not asked for files over 2 MB (hashing the request would hold the editor)';

/** What the status bar, hover and report show about the source of the token figure. */
export interface CountSource {
  figure?: ProviderFigure;
  /** `promptCacheLens.providerCounting.enabled`. */
  enabled: boolean;
  /** Why there is no figure yet (asking, no key, the endpoint refused). */
  note?: string;
  /** The provider was asked for this text and the count failed (`note` says why). */
  failed?: boolean;
}

/**
 * Counts a counting body (its JSON text) offline, as the provider counts `api`'s requests, in the
 * analysis worker (the tokenizer never runs on the extension host); undefined when the worker was
 * shut down.
 */
export type BodyCounter = (key: string, body: string, api: CountedApi, model: string) => Promise<number | undefined>;

/** The request one analysis sends to the counting endpoint. */
interface CountingJob {
  analysis: Analysis;
  target: CountingTarget;
  body: Record<string, unknown>;
  /** The body as sent, for its offline count. */
  bodyText: string;
  /** Hash of the target, the prompt's API and offline count, and the body: the same hash, the same figure. */
  hash: string;
}

interface DocumentEntry {
  uri: vscode.Uri;
  /** The job of the newest analysis, once one was worked out. */
  current?: CountingJob;
  /** The newest analysis, when its file is too large to count with the provider. */
  tooLarge?: Analysis;
  figures: Map<string, ProviderFigure>;
  /** Why the current text has no figure; `failed` when asking the provider failed. */
  note?: { hash: string; text: string; failed: boolean };
  timer?: ReturnType<typeof setTimeout>;
  /** Requests in flight by hash: the command and the background share one. */
  pending: Map<string, Promise<ProviderFigure>>;
  /** Aborted when the document closes. */
  abort: AbortController;
}

/**
 * Exact counts from the provider's free counting endpoint, per prompt and content hash: in the
 * background after each analysis while `promptCacheLens.providerCounting.enabled` is on, and once on
 * request through "Count Exactly with the Provider". A prompt is a prompt file, or one LLM call of a
 * source file (known by its `#call-<n>` URI, see callUris.ts). Listens to the analysis service;
 * changes nothing in it.
 */
export class ProviderCounts implements vscode.Disposable {
  private readonly entries = new Map<string, DocumentEntry>();
  private readonly counter = new ProviderCounter();
  private readonly simulator: SimulatorHost;
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  /** Fires when what `sourceFor` returns for a document may have changed. */
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [];
  /** Providers whose missing key was already logged, so typing does not repeat it. */
  private readonly missingKeyLogged = new Set<string>();
  /** Per source file, the calls counted in the background (`callsCountedInBackground`). */
  private readonly countedCalls = new Map<string, Set<number>>();

  constructor(
    private readonly service: AnalysisService,
    private readonly getConfig: () => LensConfig,
    private readonly keys: ApiKeys,
    tokenizerAssetDir: string,
    private readonly log: vscode.LogOutputChannel,
    private readonly countBody: BodyCounter,
  ) {
    this.simulator = new SimulatorHost(tokenizerAssetDir, log);
    this.disposables.push(
      this.simulator,
      this.emitter,
      service.onDidChange((state) => this.analysed(state)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.forgetDocument(doc.uri)),
      vscode.window.tabGroups.onDidChangeTabs(() => this.forgetUnshown()),
      // A key set after a count failed for the want of one: try again.
      keys.onDidChange(() => this.retryAll()),
      // In code, the call under the cursor is counted: follow it.
      vscode.window.onDidChangeTextEditorSelection((e) => this.cursorMoved(e.textEditor)),
    );
  }

  /** Prompts with counting state (drops to zero as documents close). */
  get documentCount(): number {
    return this.entries.size;
  }

  /** The current analysis of a prompt file, or of the call a `#call-<n>` URI names. */
  private analysisOf(uri: vscode.Uri): Analysis | undefined {
    const { document, call } = parseCallUri(uri);
    const state = this.service.get(document);
    if (call === undefined) return state?.kind === 'prompt' ? state.analysis : undefined;
    return state?.kind === 'source' ? state.calls?.[call]?.analysis : undefined;
  }

  /** The source of the figure shown for a prompt's current analysis (a file, or a call's URI). */
  sourceFor(uri: vscode.Uri): CountSource {
    const enabled = this.getConfig().providerCounting.enabled;
    const entry = this.entries.get(uri.toString());
    const analysis = this.analysisOf(uri);
    if (entry?.tooLarge && entry.tooLarge === analysis) return { enabled, note: TOO_LARGE_NOTE };
    const job = entry?.current;
    if (!entry || !job || job.analysis !== analysis) return enabled && this.outOfScope(uri) ? { enabled, note: `not asked: background counting covers ${PROVIDER_COUNT_SCOPE}` } : { enabled };
    const figure = entry.figures.get(job.hash);
    if (figure) return { figure, enabled };
    if (entry.note?.hash === job.hash) return { enabled, note: entry.note.text, ...(entry.note.failed ? { failed: true } : {}) };
    if (enabled) return { enabled, note: `asking ${PROVIDER_NAMES[job.target.api]}${job.target.simulator ? ' (simulated)' : ''}…` };
    return { enabled };
  }

  /** The provider figure for the document's current text, if one was counted. */
  figureFor(uri: vscode.Uri): ProviderFigure | undefined {
    return this.sourceFor(uri).figure;
  }

  /**
   * "Count Exactly with the Provider": counts the active prompt (or `uri`) once, whether or not
   * background counting is on; asks for a key when none is set. In source code that is the call
   * `uri` names, else the call under the cursor, else the first. Returns the figure, or undefined
   * when there is none (the user was told why).
   */
  async countNow(uri?: vscode.Uri): Promise<ProviderFigure | undefined> {
    const target = promptTarget(this.service, uri);
    if (!target) {
      void vscode.window.showInformationMessage('Open a prompt file, or code with an LLM call, first: the provider counts the prompt the editor shows.');
      return undefined;
    }
    const { doc, state } = target;
    if (state.stale) {
      void vscode.window.showWarningMessage(`Prompt Cache Lens: ${doc.fileName} does not parse now; fix it before counting.`);
      return undefined;
    }
    if (documentLength(doc) > PROVIDER_COUNT_MAX_CHARS) {
      void vscode.window.showInformationMessage(`Prompt Cache Lens: the provider is ${TOO_LARGE_NOTE}; the count shown is the offline one.`);
      return undefined;
    }
    const entry = this.entryFor(target.uri);
    const job = this.jobFor(entry, target.analysis, doc.getText());
    let endpoint = await countingEndpoint(job.target, this.keys, this.simulator);
    const keyJustEntered = 'missingKey' in endpoint;
    if ('missingKey' in endpoint) {
      const stored = await vscode.commands.executeCommand<boolean>(CommandIds.setApiKey, endpoint.missingKey);
      if (!stored) return undefined;
      endpoint = await countingEndpoint(job.target, this.keys, this.simulator);
      if ('missingKey' in endpoint) return undefined;
    }
    const provider = PROVIDER_NAMES[job.target.api];
    try {
      const figure = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: `Counting with ${provider}${job.target.simulator ? ' (simulated)' : ''}` },
        () => this.ask(entry, job, endpoint),
      );
      void vscode.window.showInformationMessage(`Prompt Cache Lens: ${figureTooltip(job.analysis.promptTokens, figure)}.`);
      return figure;
    } catch (err) {
      if (entry.abort.signal.aborted) return undefined;
      const failure = describeCountFailure(err, countingHost(endpoint), job.target.api, { secret: secretOf(endpoint, job.target), keyAdvice: EDITOR_KEY_ADVICE });
      this.setNote(entry, job.hash, failure.message, true);
      this.log.warn(`count of ${doc.fileName} failed: ${failure.message}`);
      const notice = countFailureNotice(failure, provider, keyJustEntered);
      const options: vscode.MessageOptions = notice.modal ? { modal: true, ...(notice.detail ? { detail: notice.detail } : {}) } : {};
      void vscode.window.showErrorMessage(notice.message, options, ...notice.actions).then((pick) => {
        if (pick === 'Set API Key') void vscode.commands.executeCommand(CommandIds.setApiKey, job.target.api);
        else if (pick === 'Show Log') this.log.show();
      });
      return undefined;
    }
  }

  /**
   * After each analysis: note the new text's job (each call's, in source code), and count it in the
   * background when enabled. Also called for the analyses that ended before this bundle was loaded.
   */
  analysed(state: DocumentState): void {
    const key = state.uri.toString();
    const enabled = this.getConfig().providerCounting.enabled;
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
    if (!doc || doc.isClosed || state.stale || doc.version !== state.version) return;
    // The document's text, read once for all its calls.
    let text: string | undefined;
    const textOf = () => (text ??= doc.getText());
    if (state.kind === 'source') {
      const calls = state.calls ?? [];
      // Calls the code no longer makes: their counts go.
      for (const entry of [...this.entries.values()]) {
        const { document, call } = parseCallUri(entry.uri);
        if (call !== undefined && call >= calls.length && document.toString() === key) this.forget(entry.uri);
      }
      const counted = new Set(callsCountedInBackground(calls.length, this.cursorCall(state)));
      this.countedCalls.set(key, counted);
      for (const i of counted) this.track(doc, callUri(state.uri, i), calls[i].analysis, enabled, textOf);
      // The others are not hashed (that is host work for each), only their waiting counts stopped.
      for (const entry of this.entries.values()) {
        const { document, call } = parseCallUri(entry.uri);
        if (call !== undefined && !counted.has(call) && document.toString() === key) this.stopWaiting(entry);
      }
      return;
    }
    if (state.analysis) this.track(doc, state.uri, state.analysis, enabled, textOf);
  }

  /** The index of the call under the cursor of the active editor, when it shows this source file. */
  private cursorCall(state: DocumentState): number | undefined {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.uri.toString() !== state.uri.toString() || !state.calls) return undefined;
    const here = callAt(state, editor.document.offsetAt(editor.selection.active));
    return here ? state.calls.indexOf(here) : undefined;
  }

  /** The cursor entered a call not yet counted: it becomes the one counted besides the first few. */
  private cursorMoved(editor: vscode.TextEditor): void {
    if (!this.getConfig().providerCounting.enabled) return;
    const state = this.service.get(editor.document.uri);
    if (state?.kind !== 'source' || !state.calls?.length) return;
    const counted = this.countedCalls.get(state.uri.toString());
    const here = this.cursorCall(state);
    if (!counted || here === undefined || counted.has(here)) return;
    this.analysed(state);
  }

  /** Whether a call URI names a call that background counting leaves out. */
  private outOfScope(uri: vscode.Uri): boolean {
    const { document, call } = parseCallUri(uri);
    const counted = call === undefined ? undefined : this.countedCalls.get(document.toString());
    return counted !== undefined && call !== undefined && !counted.has(call);
  }

  /** A call out of scope again: its count, unless already asked, is not. */
  private stopWaiting(entry: DocumentEntry): void {
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = undefined;
    const job = entry.current;
    if (job && !entry.figures.has(job.hash) && !entry.pending.has(job.hash)) {
      entry.current = undefined;
      this.emitter.fire(entry.uri);
    }
  }

  /** One prompt's share of `analysed`: the prompt file, or one call of a source file. */
  private track(doc: vscode.TextDocument, uri: vscode.Uri, analysis: Analysis, enabled: boolean, textOf: () => string): void {
    const existing = this.entries.get(uri.toString());
    // Off and never counted: nothing to show, nothing to hash.
    if (!enabled && !existing?.figures.size) return;
    const entry = this.entryFor(uri);
    if (documentLength(doc) > PROVIDER_COUNT_MAX_CHARS) {
      if (entry.timer) clearTimeout(entry.timer);
      entry.timer = undefined;
      entry.current = undefined;
      entry.tooLarge = analysis;
      this.emitter.fire(uri);
      return;
    }
    entry.tooLarge = undefined;
    const job = this.jobFor(entry, analysis, textOf());
    this.emitter.fire(uri);
    if (!enabled || entry.figures.has(job.hash) || entry.pending.has(job.hash) || entry.note?.hash === job.hash) return;
    this.scheduleBackground(entry, job, BACKGROUND_DELAY_MS);
  }

  private scheduleBackground(entry: DocumentEntry, job: CountingJob, delayMs: number): void {
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      void this.countInBackground(entry, job);
    }, delayMs);
  }

  private async countInBackground(entry: DocumentEntry, job: CountingJob): Promise<void> {
    const stillCurrent = () => this.entries.get(entry.uri.toString()) === entry && entry.current === job && this.getConfig().providerCounting.enabled;
    if (!stillCurrent() || entry.figures.has(job.hash)) return;
    // Analyses come first: the figures they give are what the editor shows meanwhile.
    if (this.service.analysing) return this.scheduleBackground(entry, job, BACKGROUND_DELAY_MS);
    let endpoint: Awaited<ReturnType<typeof countingEndpoint>>;
    try {
      endpoint = await countingEndpoint(job.target, this.keys, this.simulator);
    } catch (err) {
      // The secret storage or the simulator failed: nothing the provider said.
      this.setNote(entry, job.hash, `cannot count: ${err instanceof Error ? err.message : String(err)}`, true);
      this.log.warn(`count of ${entry.uri.fsPath} could not start`, err);
      return;
    }
    if (!stillCurrent()) return;
    if ('missingKey' in endpoint) {
      const provider = PROVIDER_NAMES[endpoint.missingKey];
      this.setNote(entry, job.hash, `no ${provider} API key: run "Prompt Cache Lens: Set API Key…"`, false);
      if (!this.missingKeyLogged.has(endpoint.missingKey)) {
        this.missingKeyLogged.add(endpoint.missingKey);
        this.log.info(`provider counting is on but no ${provider} API key is set; counts stay offline`);
      }
      return;
    }
    try {
      await this.ask(entry, job, endpoint);
    } catch (err) {
      if (entry.abort.signal.aborted || !stillCurrent()) return;
      const failure = describeCountFailure(err, countingHost(endpoint), job.target.api, { secret: secretOf(endpoint, job.target), keyAdvice: EDITOR_KEY_ADVICE });
      if (failure.retryInMs !== undefined) {
        // The per-minute limit: wait for the next slot instead of failing.
        this.log.debug(`count of ${entry.uri.fsPath} waits ${Math.ceil(failure.retryInMs / 1000)} s for the per-minute limit`);
        this.scheduleBackground(entry, job, failure.retryInMs + 50);
        return;
      }
      this.setNote(entry, job.hash, failure.message, true);
      this.log.warn(`count of ${entry.uri.fsPath} failed: ${failure.message}`);
    }
  }

  /** Asks the counter (which answers known bodies without a call); one request per hash at a time. */
  private ask(entry: DocumentEntry, job: CountingJob, endpoint: CountingEndpoint): Promise<ProviderFigure> {
    const pending = entry.pending.get(job.hash);
    if (pending) return pending;
    const request = this.request(entry, job, endpoint).finally(() => entry.pending.delete(job.hash));
    entry.pending.set(job.hash, request);
    return request;
  }

  /**
   * One count: the provider's answer, set beside the offline count of the same body (a Chat prompt's
   * answer is carried over to Chat). Keeps the figure for its hash and logs an answer that differs
   * from the offline count of that body.
   */
  private async request(entry: DocumentEntry, job: CountingJob, endpoint: CountingEndpoint): Promise<ProviderFigure> {
    const count = await this.counter.count(endpoint, job.body, entry.abort.signal);
    // Counted after the answer, so a refused or rate-limited call costs the worker nothing.
    const key = `provider-body:${entry.uri.toString()}:${job.hash}`;
    const bodyTokens = await this.countBody(key, job.bodyText, countedApi(job.target.api), job.analysis.model);
    if (bodyTokens === undefined) throw new Error('the analysis worker stopped before the request sent was counted offline');
    const figure = figureOf(count, job.target, { promptTokens: job.analysis.promptTokens, promptApi: job.analysis.api, bodyTokens });
    if (this.entries.get(entry.uri.toString()) !== entry) return figure;
    entry.figures.delete(job.hash);
    entry.figures.set(job.hash, figure);
    while (entry.figures.size > FIGURES_PER_DOCUMENT) entry.figures.delete(entry.figures.keys().next().value as string);
    if (entry.note?.hash === job.hash) entry.note = undefined;
    const difference = differenceLogLine(job.analysis.fileName, job.analysis.model, figure);
    if (difference) this.log.info(difference);
    this.emitter.fire(entry.uri);
    return figure;
  }

  /** Forgets failures and counts every current text again (a key was set or cleared). */
  private retryAll(): void {
    this.missingKeyLogged.clear();
    const enabled = this.getConfig().providerCounting.enabled;
    for (const entry of this.entries.values()) {
      entry.note = undefined;
      if (enabled && entry.current && !entry.figures.has(entry.current.hash)) this.scheduleBackground(entry, entry.current, 0);
      this.emitter.fire(entry.uri);
    }
  }

  private setNote(entry: DocumentEntry, hash: string, text: string, failed: boolean): void {
    entry.note = { hash, text, failed };
    this.emitter.fire(entry.uri);
  }

  private entryFor(uri: vscode.Uri): DocumentEntry {
    const key = uri.toString();
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { uri, figures: new Map(), pending: new Map(), abort: new AbortController() };
      this.entries.set(key, entry);
    }
    return entry;
  }

  /** The job for an analysis, worked out once per analysis and endpoint choice. */
  private jobFor(entry: DocumentEntry, analysis: Analysis, sourceText: string): CountingJob {
    const target = countingTarget(this.getConfig().providerCounting.endpoint, analysis);
    const current = entry.current;
    if (current && current.analysis === analysis && current.target.api === target.api && current.target.simulator === target.simulator) return current;
    // Only the body's shape depends on the endpoint kind, so a placeholder stands in for the real one here.
    const shape: CountingEndpoint = target.api === 'anthropic' ? { kind: 'anthropic', apiKey: '' } : { kind: 'simulator', baseURL: '' };
    const body = countingBody(analysis.request, shape, analysis.model, sourceText);
    const bodyText = JSON.stringify(body);
    // The prompt's own count is in the hash too: a Chat figure carries it (the provider's answer,
    // kept by the counter per body, is not asked again).
    const hash = createHash('sha256')
      .update(`${target.api}\u0000${target.simulator}\u0000${analysis.api}\u0000${analysis.promptTokens}\u0000${bodyText}`)
      .digest('hex');
    entry.current = { analysis, target, body, bodyText, hash };
    return entry.current;
  }

  /** Like the analyses, counts live as long as a tab shows the document. */
  private forgetUnshown(): void {
    const shown = new Set<string>();
    for (const group of vscode.window.tabGroups.all) {
      for (const tab of group.tabs) {
        if (tab.input instanceof vscode.TabInputText) shown.add(tab.input.uri.toString());
        else if (tab.input instanceof vscode.TabInputTextDiff) shown.add(tab.input.modified.toString());
      }
    }
    for (const entry of [...this.entries.values()]) {
      if (!shown.has(parseCallUri(entry.uri).document.toString())) this.forget(entry.uri);
    }
    for (const key of [...this.countedCalls.keys()]) if (!shown.has(key)) this.countedCalls.delete(key);
  }

  /** Forgets a document's counts: the prompt file's, or every call's of a source file. */
  private forgetDocument(uri: vscode.Uri): void {
    const key = uri.toString();
    for (const entry of [...this.entries.values()]) {
      if (parseCallUri(entry.uri).document.toString() === key) this.forget(entry.uri);
    }
    this.countedCalls.delete(key);
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    const entry = this.entries.get(key);
    if (!entry) return;
    if (entry.timer) clearTimeout(entry.timer);
    entry.abort.abort();
    this.entries.delete(key);
  }

  dispose(): void {
    for (const entry of this.entries.values()) {
      if (entry.timer) clearTimeout(entry.timer);
      entry.abort.abort();
    }
    this.entries.clear();
    this.countedCalls.clear();
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
  }
}

/** The stored key sent, to strip from any message that echoes it (the simulator gets none). */
function secretOf(endpoint: CountingEndpoint, target: CountingTarget): string | undefined {
  return target.simulator ? undefined : endpoint.apiKey || undefined;
}
