import * as vscode from 'vscode';
import type { PriceOverrides } from '../../core/cache/pricing';
import { sessionToCsv, sessionToJson, summarize, type SessionStore } from '../../history';
import { checkConnection, endpointSecrets, type CachePredictor, type EndpointConfig, type SecretRedactor } from '../../runner';
import { runAndPrevious } from '../../runner/keptRequest';
import {
  KEYED_ENDPOINTS,
  parseToHost,
  type EndpointKind,
  type EndpointStatus,
  type ErrorAction,
  type HostRequest,
  type RunForm,
  type RunRecordView,
  type ToHost,
  type ToWebview,
} from '../../shared/protocol';
import type { ApiKeys } from './apiKeys';
import { estimateTestCostUsd } from './costEstimate';
import { readDashboardConfig, type DashboardConfig } from './dashboardConfig';
import { dashboardHtml, dashboardWebviewOptions } from './dashboardHtml';
import { chosenHost, endpointDisplayLabel, endpointFor, EndpointSetupError, isPaid, sendQuestion } from './endpointConfig';
import { endpointSettingsOf, mergeEndpointSettings, settingsForRequest } from './endpointSettings';
import { authFailureBanner } from './failureBanner';
import { saveEndpointSettings } from './saveEndpointSettings';
import { keyDestinationQuestion, urlSettingOf } from './endpointTrust';
import { ENDPOINT_LABELS } from './keyStore';
import { parseCallUri } from '../callUris';
import { unsendableReason } from './sendable';
import { CommandIds } from '../commandIds';
import { fileLabel, fileStateOf, loadPrompt, type PromptAnalyzer } from './promptSource';
import type { SimulatorHost } from './simulatorHost';
import { formOfSession } from './sessionForm';
import { runSettingsOf, startTestSession, viewOfRun, type RunningTest } from './testSession';
import type { UiMemory } from './uiMemory';
import { automaticEndpoint } from '../../shared/sentApi';

export { DASHBOARD_VIEW_TYPE } from '../commandIds';

/** Messages kept for the hidden test command, newest last. */
const KEPT_MESSAGES = 300;

export interface DashboardDeps {
  extensionUri: vscode.Uri;
  /** Already redacting (see `redactingLog`). */
  log: vscode.LogOutputChannel;
  keys: ApiKeys;
  /** The keys seen so far; everything posted to the webview or exported is redacted of them. */
  redactor: SecretRedactor;
  simulator: SimulatorHost;
  store: SessionStore;
  tokenizerAssetDir: string;
  /** Analyses a prompt off the extension host's thread (the analysis worker). */
  analyze: PromptAnalyzer;
  defaultModel: () => string;
  priceOverrides: () => PriceOverrides;
  /** Runs a command on the user's behalf (Set API Key, Show Log). */
  runAction: (action: ErrorAction) => Thenable<unknown>;
  /** Paid endpoints whose cost the user confirmed in this VS Code session (asked once each). */
  costConfirmed: Set<string>;
  /** Endpoint and host pairs the user agreed to send a key to although a workspace chose the URL. */
  keyDestinationsAgreed: Set<string>;
  /** The page's UI state, kept in the workspace across closing and reopening the panel. */
  uiMemory: UiMemory;
  /** The cache model of an endpoint, shared by every session sent to it (see `CachePredictors`). */
  predictorFor: (endpoint: EndpointConfig) => CachePredictor;
}

/** What the hidden test command reports about the panel. */
export interface DashboardSnapshot {
  open: boolean;
  fileUri?: string;
  ready: boolean;
  running?: string;
  sessionIds: string[];
  posted: ToWebview[];
  received: ToHost[];
}

/**
 * One dashboard panel and the file it tests. Messages to the webview wait until it says `ready`;
 * every message from it is validated before use; every request gets one `reply`.
 */
export class DashboardPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private queue: ToWebview[] = [];
  private running: RunningTest | undefined;
  private readonly posted: ToWebview[] = [];
  private readonly received: ToHost[] = [];
  private readonly sessionIds: string[] = [];
  private disposed = false;
  private readonly disposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposeEmitter.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private fileUri: vscode.Uri | undefined,
    private readonly deps: DashboardDeps,
  ) {
    panel.webview.options = dashboardWebviewOptions(deps.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'icon.png');
    panel.webview.html = dashboardHtml(panel.webview, deps.extensionUri);
    this.updateTitle();
    panel.webview.onDidReceiveMessage((data: unknown) => void this.receive(data), undefined, this.disposables);
    panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
    deps.keys.onDidChange(() => void this.postEndpoints(), undefined, this.disposables);
  }

  get file(): vscode.Uri | undefined {
    return this.fileUri;
  }

  /** Points the panel at another file (keeps the current one while a test runs). */
  async retarget(uri: vscode.Uri | undefined): Promise<void> {
    if (!uri || uri.toString() === this.fileUri?.toString()) return;
    if (this.running) {
      void vscode.window.showWarningMessage('Prompt Cache Lens: a test is running in the dashboard; cancel it before testing another file.');
      return;
    }
    this.fileUri = uri;
    this.updateTitle();
    if (this.ready) await this.postInit();
  }

  /** The file's analysis changed (edited, saved, other model): show the new prediction. */
  async fileChanged(uri: vscode.Uri): Promise<void> {
    // The panel may test one LLM call of the document (`#call-<n>`).
    if (!this.ready || !this.fileUri || uri.toString() !== parseCallUri(this.fileUri).document.toString()) return;
    this.post({ type: 'file', file: await fileStateOf(this.fileUri, this.promptOptions()) });
  }

  snapshot(): DashboardSnapshot {
    return {
      open: !this.disposed,
      ...(this.fileUri ? { fileUri: this.fileUri.toString() } : {}),
      ready: this.ready,
      ...(this.running ? { running: this.running.sessionId } : {}),
      sessionIds: [...this.sessionIds],
      posted: [...this.posted],
      received: [...this.received],
    };
  }

  /** Handles a message as if the webview had sent it; validation included. */
  async receive(data: unknown): Promise<void> {
    const parsed = parseToHost(data);
    if (!parsed.ok) {
      this.deps.log.warn(`dashboard: ignored an invalid message from the webview: ${parsed.error}`);
      return;
    }
    const message = parsed.message;
    keep(this.received, message);
    try {
      await this.handle(message);
    } catch (err) {
      const text = err instanceof Error ? err.message : String(err);
      this.deps.log.error(`dashboard: ${message.type} failed`, err);
      if ('requestId' in message) this.reply(message, { ok: false, error: text });
      else this.post({ type: 'error', message: text, action: { command: 'showLog', label: 'Show Log' } });
    }
  }

  private async handle(message: ToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        await this.postInit();
        for (const queued of this.queue.splice(0)) this.post(queued);
        await this.postSessions();
        return;
      case 'run':
        return this.run(message);
      case 'cancel':
        if (this.running?.sessionId === message.sessionId) this.running.cancel();
        this.reply(message, { ok: this.running?.sessionId === message.sessionId });
        return;
      case 'listSessions':
        await this.postSessions();
        this.reply(message, { ok: true });
        return;
      case 'openSession': {
        const session = await this.deps.store.read(message.sessionId);
        const runs: RunRecordView[] = session.runs.map(viewOfRun);
        this.post({ type: 'session', session: { info: summarize(session), runs } });
        this.reply(message, { ok: true, sessionId: message.sessionId });
        return;
      }
      case 'deleteSession':
        return this.deleteSession(message);
      case 'saveEndpointSettings': {
        const config = readDashboardConfig();
        const overridden = await saveEndpointSettings(config, mergeEndpointSettings(config, message.settings));
        const notice = overridden.length ? `Saved to your user settings, but the workspace's ${overridden.join(', ')} still applies: change it in .vscode/settings.json.` : 'Saved to your user settings.';
        this.post({ type: 'endpointSettings', settings: endpointSettingsOf(readDashboardConfig()), notice });
        this.reply(message, { ok: true });
        return;
      }
      case 'testConnection':
        return this.testConnection(message);
      case 'rerunSession': {
        const { header } = await this.deps.store.read(message.sessionId);
        const form = formOfSession(header);
        if (!form) return this.reply(message, { ok: false, error: 'This session was stored without the settings needed to run it again.' });
        this.post({ type: 'form', form, sessionId: message.sessionId });
        this.reply(message, { ok: true, sessionId: message.sessionId });
        return;
      }
      case 'exportSession':
        return this.exportSession(message);
      case 'compareRuns': {
        // The two requests as the history kept them, in the diff editor of Explain the Cache Break.
        const pair = runAndPrevious((await this.deps.store.read(message.sessionId)).runs, message.index);
        if ('error' in pair) return this.reply(message, { ok: false, error: pair.error });
        await vscode.commands.executeCommand(CommandIds.explainBreak, pair.previous, pair.run);
        this.reply(message, { ok: true });
        return;
      }
      case 'runCommand':
        await this.deps.runAction(message.action);
        this.reply(message, { ok: true });
        return;
      case 'saveUi':
        await this.deps.uiMemory.remember(message.state);
        return;
      case 'rendered':
        this.deps.log.debug(`dashboard drew ${message.rows} run rows over ${message.sessions} session(s)${message.chart ? ' with the chart' : ''}`);
        return;
    }
  }

  private promptOptions() {
    return { defaultModel: this.deps.defaultModel(), tokenizerAssetDir: this.deps.tokenizerAssetDir, analyze: this.deps.analyze };
  }

  private async run(message: Extract<ToHost, { type: 'run' }>): Promise<void> {
    const { form } = message;
    if (this.running) return this.reply(message, { ok: false, error: 'A test is already running; cancel it first.' });
    if (!this.fileUri) return this.reply(message, { ok: false, error: 'Open a prompt file, then run the test from its CodeLens or the command palette.' });
    const config = settingsForRequest(readDashboardConfig(), message);
    const { document, analysis } = await loadPrompt(this.fileUri, { ...this.promptOptions(), modelOverride: form.model });
    const unsendable = unsendableReason(analysis);
    if (unsendable) return this.reply(message, { ok: false, error: unsendable });
    let endpoint: EndpointConfig;
    try {
      const protocol = analysis.rules.provider === 'anthropic' ? 'anthropic' : 'openai';
      endpoint = await endpointFor(form.endpoint, config, this.deps.keys, this.deps.simulator, protocol);
    } catch (err) {
      if (!(err instanceof EndpointSetupError)) throw err;
      this.post({
        type: 'error',
        message: err.message,
        action: err.needsKey
          ? { command: 'setKey' as const, endpoint: err.needsKey, label: `Set ${ENDPOINT_LABELS[err.needsKey]} API key` }
          : { command: 'setupEndpoint' as const, ...(form.endpoint !== 'simulator' ? { endpoint: form.endpoint } : {}), label: form.endpoint === 'azure' ? 'Set up Azure endpoint' : 'Set base URL' },
      });
      return this.reply(message, { ok: false, error: err.message });
    }
    this.deps.redactor.add(...endpointSecrets(endpoint));
    if (!(await this.confirmKeyDestination(endpoint, config))) {
      return this.reply(message, { ok: false, error: 'Not sent: the key was not allowed to go to this host.' });
    }
    const overrides = this.deps.priceOverrides();
    const estimatedUsd = estimateTestCostUsd(analysis, form.model, form.runs, form.maxOutputTokens, overrides);
    if (isPaid(form.endpoint) && !(await this.confirmCost(form, estimatedUsd, analysis.promptTokens, chosenHost(endpoint, config)))) {
      return this.reply(message, { ok: false, error: 'Not sent: the cost was not confirmed.' });
    }
    const test = await startTestSession({
      prompt: analysis.request,
      sourceText: document.getText(),
      promptFile: fileLabel(this.fileUri),
      endpoint,
      settings: runSettingsOf(form, overrides),
      tokenizerAssetDir: this.deps.tokenizerAssetDir,
      store: this.deps.store,
      post: (m) => this.post(m),
      estimatedUsd,
      knownSecrets: this.deps.redactor.secrets(),
      logFailure: (line) => this.deps.log.warn(`dashboard: ${line}`),
      predictor: this.deps.predictorFor(endpoint),
    });
    this.running = test;
    this.sessionIds.push(test.sessionId);
    this.deps.log.info(`dashboard: session ${test.sessionId} (${form.runs} runs of ${form.model} on ${form.endpoint}) for ${fileLabel(this.fileUri)}`);
    this.reply(message, { ok: true, sessionId: test.sessionId });
    void test.done.then(async () => {
      this.running = undefined;
      await this.reportFailures(test.sessionId, endpoint, config);
      await this.postSessions();
    });
  }

  /** Checks an endpoint with the panel's (maybe unsaved) settings, as a run would reach it. */
  private async testConnection(message: Extract<HostRequest, { type: 'testConnection' }>): Promise<void> {
    const config = settingsForRequest(readDashboardConfig(), message);
    let endpoint: EndpointConfig;
    try {
      endpoint = await endpointFor(message.endpoint, config, this.deps.keys, this.deps.simulator);
    } catch (err) {
      if (!(err instanceof EndpointSetupError)) throw err;
      this.post({ type: 'connectionChecked', endpoint: message.endpoint, ok: false, message: err.message });
      return this.reply(message, { ok: false, error: err.message });
    }
    this.deps.redactor.add(...endpointSecrets(endpoint));
    if (!(await this.confirmKeyDestination(endpoint, config))) {
      return this.reply(message, { ok: false, error: 'Not sent: the key was not allowed to go to this host.' });
    }
    const result = await checkConnection(endpoint);
    (result.ok ? this.deps.log.info : this.deps.log.warn).call(this.deps.log, `dashboard: test connection (${message.endpoint}): ${result.message}`);
    this.post({ type: 'connectionChecked', endpoint: message.endpoint, ok: result.ok, message: result.message });
    this.reply(message, { ok: result.ok, ...(result.ok ? {} : { error: result.message }) });
  }

  /**
   * A key goes to a URL a workspace chose only once the user agreed for that host (asked once per
   * endpoint, host and VS Code session); URLs from the user's own settings are not asked about.
   */
  private async confirmKeyDestination(endpoint: EndpointConfig, config: DashboardConfig): Promise<boolean> {
    const question = keyDestinationQuestion(endpoint, urlSettingOf(endpoint.kind, config), this.deps.keyDestinationsAgreed);
    if (!question) return true;
    const send = `Send Key to ${question.host}`;
    const answer = await vscode.window.showWarningMessage(question.message, { modal: true, detail: question.detail }, send);
    if (answer !== send) return false;
    this.deps.keyDestinationsAgreed.add(question.trustKey);
    this.deps.log.info(`dashboard: the user allowed the ${endpoint.kind} key to go to ${question.host} (URL from workspace settings)`);
    return true;
  }

  /** Asks once per endpoint (and host) and VS Code session, with the estimate of all the test's runs. */
  private async confirmCost(form: RunForm, estimatedUsd: number | null, promptTokens: number, host: string | undefined): Promise<boolean> {
    const confirmKey = host ? `${form.endpoint} ${host}` : form.endpoint;
    if (this.deps.costConfirmed.has(confirmKey)) return true;
    const cost = estimatedUsd === null ? 'an unknown cost (no price for this model)' : `about $${estimatedUsd.toFixed(4)}`;
    const answer = await vscode.window.showWarningMessage(
      sendQuestion(form.runs, form.endpoint, host),
      {
        modal: true,
        detail: `Model ${form.model}, ${promptTokens.toLocaleString('en-US')} prompt tokens each, up to ${form.maxOutputTokens} output tokens. Estimated cost of the whole test: ${cost}.`,
      },
      'Send',
    );
    if (answer !== 'Send') return false;
    this.deps.costConfirmed.add(confirmKey);
    return true;
  }

  /** Failures that need the user (a refused key, an unknown model) get a message with the fix. */
  private async reportFailures(sessionId: string, endpoint: EndpointConfig, config: DashboardConfig): Promise<void> {
    const { kind } = endpoint;
    const session = await this.deps.store.read(sessionId).catch(() => undefined);
    const failures = session?.runs.flatMap((r) => (r.outcome.status === 'error' ? [r.outcome] : [])) ?? [];
    const authBanner = session ? authFailureBanner(session.runs, endpoint) : undefined;
    const keyed = (KEYED_ENDPOINTS as readonly string[]).includes(kind) ? (kind as Exclude<EndpointKind, 'simulator'>) : undefined;
    if (authBanner && keyed) {
      this.post({
        type: 'error',
        message: authBanner,
        action: { command: 'setKey', endpoint: keyed, label: `Set ${ENDPOINT_LABELS[keyed]} API key` },
      });
    } else if (session && failures.length === session.runs.length && failures[0]?.kind === 'unreachable') {
      this.post({ type: 'error', message: failures[0].message, action: { command: 'showLog', label: 'Show Log' } });
    } else if (failures.some((f) => f.kind === 'model-not-found')) {
      const where = kind === 'azure' ? ` (deployment ${config.azureDeployment || 'not set'})` : '';
      this.post({ type: 'error', message: `The endpoint does not know this model${where}. Check the model name.` });
    }
  }

  private async deleteSession(message: Extract<HostRequest, { type: 'deleteSession' }>): Promise<void> {
    const answer = await vscode.window.showWarningMessage('Delete this test session from the history?', { modal: true }, 'Delete');
    if (answer !== 'Delete') return this.reply(message, { ok: false, error: 'Not deleted.' });
    const deleted = await this.deps.store.delete(message.sessionId);
    await this.deps.uiMemory.forget(message.sessionId);
    this.reply(message, { ok: deleted, ...(deleted ? {} : { error: 'The session was already gone.' }) });
    await this.postSessions();
  }

  private async exportSession(message: Extract<HostRequest, { type: 'exportSession' }>): Promise<void> {
    const session = await this.deps.store.read(message.sessionId);
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `prompt-cache-test-${message.sessionId.slice(0, 8)}.${message.format}`;
    const target = await vscode.window.showSaveDialog({
      title: 'Export the test session',
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
      filters: message.format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
    });
    if (!target) return this.reply(message, { ok: false, error: 'Not exported.' });
    const secrets = this.deps.redactor.secrets();
    const text = message.format === 'csv' ? sessionToCsv(session, secrets) : sessionToJson(session, secrets);
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    this.reply(message, { ok: true });
  }

  private async postInit(): Promise<void> {
    const config = readDashboardConfig();
    const file = this.fileUri ? await fileStateOf(this.fileUri, this.promptOptions()) : null;
    const endpoints = await this.endpointStatuses();
    const keyed = endpoints.filter((e) => e.hasKey && !e.simulated).map((e) => e.kind);
    const model = file?.prediction?.model ?? this.deps.defaultModel();
    const automatic = automaticEndpoint(model, file?.prediction?.provider, keyed);
    this.post({
      type: 'init',
      file,
      endpoints,
      defaults: {
        endpoint: config.endpoint === 'auto' ? automatic : config.endpoint,
        api: file?.prediction?.api === 'responses' ? 'responses' : 'chat',
        responsesState: 'independent',
        model,
        runs: config.defaultRuns,
        delayMs: 0,
        concurrency: 1,
        promptCacheKeyMode: 'none',
        promptCacheKey: '',
        promptCacheRetention: '',
        maxOutputTokens: config.maxOutputTokens,
        stream: false,
        variableRows: file?.variableRows ?? [],
        perRequestValues: 'vary',
      },
      saved: this.deps.uiMemory.recall(this.fileUri?.toString()),
      endpointSettings: endpointSettingsOf(config),
    });
  }

  private async endpointStatuses(): Promise<EndpointStatus[]> {
    const keyed = await Promise.all(
      KEYED_ENDPOINTS.map(async (kind) => ({ kind, label: endpointDisplayLabel(kind), hasKey: await this.deps.keys.has(kind), simulated: false })),
    );
    return [{ kind: 'simulator', label: ENDPOINT_LABELS.simulator, hasKey: true, simulated: true }, ...keyed];
  }

  private async postEndpoints(): Promise<void> {
    if (this.ready) this.post({ type: 'endpoints', endpoints: await this.endpointStatuses() });
  }

  private async postSessions(): Promise<void> {
    this.post({ type: 'sessions', sessions: await this.deps.store.list() });
  }

  private reply(request: HostRequest, result: { ok: boolean; error?: string; sessionId?: string }): void {
    this.post({ type: 'reply', requestId: request.requestId, ...result });
  }

  /** Every message is redacted of the known keys and of URL credentials, whatever produced it. */
  private post(raw: ToWebview): void {
    if (this.disposed) return;
    const message = this.deps.redactor.value(raw);
    if (!this.ready && message.type !== 'init') {
      this.queue.push(message);
      return;
    }
    keep(this.posted, message);
    void this.panel.webview.postMessage(message).then(undefined, (err: unknown) => this.deps.log.warn(`dashboard: a message did not reach the webview: ${String(err)}`));
  }

  private updateTitle(): void {
    const call = this.fileUri ? parseCallUri(this.fileUri).call : undefined;
    const name = this.fileUri ? `${this.fileUri.path.split('/').pop()}${call === undefined ? '' : ` · call ${call + 1}`}` : undefined;
    this.panel.title = name ? `Cache test: ${name}` : 'Prompt Cache Lens';
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.running?.cancel();
    this.disposeEmitter.fire();
    this.disposeEmitter.dispose();
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
    this.panel.dispose();
  }
}

function keep<T>(list: T[], item: T): void {
  list.push(item);
  if (list.length > KEPT_MESSAGES) list.splice(0, list.length - KEPT_MESSAGES);
}
