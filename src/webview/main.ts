/**
 * The dashboard page: settings, Run and Cancel, the runs of the shown session, the chart of the
 * overlaid sessions, the summary and the history. Data comes from the host after `ready`; only UI
 * state (the file, the form, the overlaid sessions) is kept with getState/setState.
 */
import { UiStateSchema, type EndpointSettings, type EndpointStatus, type ErrorAction, type FileState, type RunForm, type RunRecordView, type SessionInfo, type ToWebview, type UiState } from '../shared/protocol';
import { sendsAnthropicMessages } from '../shared/sentApi';
import { CacheChart } from './cacheChart';
import { fitTable } from './fitTable';
import { EndpointSetup } from './endpointSetup';
import { sessionsOfFile, stateForFile } from './fileSessions';
import { h, replaceChildren } from './dom';
import { shortTime, time } from './format';
import { HostChannel, type Reply } from './hostChannel';
import { predictionText } from './predictionText';
import { RunTable } from './runTable';
import { SessionComparison } from './sessionComparison';
import { SessionsList } from './sessionsList';
import { SettingsForm } from './settingsForm';
import { SummaryView } from './summaryView';
import { vscodeApi } from './vscodeApi';
import { WaitingStatus } from './waitingStatus';

/** Sessions drawn on the chart at once; more would be unreadable. */
const MAX_OVERLAID = 4;

interface LoadedSession {
  info: SessionInfo;
  runs: RunRecordView[];
}

class DashboardApp {
  private readonly channel = new HostChannel((message) => this.receive(message));
  private readonly form = new SettingsForm(() => this.saveState());
  private readonly runTable = new RunTable(
    (run) => void this.request((requestId) => ({ type: 'compareRuns', requestId, sessionId: run.sessionId, index: run.index }), `Run ${run.index + 1} and the run before it are open side by side.`),
  );
  private readonly chart = new CacheChart();
  private readonly endpointSetup = new EndpointSetup({
    save: (settings) => void this.request((requestId) => ({ type: 'saveEndpointSettings', requestId, settings }), 'Endpoint settings saved.'),
    test: (settings) => void this.testConnection(settings),
  });
  private readonly comparison = new SessionComparison();
  private readonly summary = new SummaryView();
  private readonly history = new SessionsList({
    show: (id) => void this.openSession(id, true),
    overlay: (id, on) => this.setOverlay(id, on),
    exportAs: (id, format) => void this.request((requestId) => ({ type: 'exportSession', requestId, sessionId: id, format }), 'Exported.'),
    remove: (id) => void this.request((requestId) => ({ type: 'deleteSession', requestId, sessionId: id }), 'Deleted.'),
    rerun: (id) => void this.rerun(id),
    allFiles: (on) => {
      this.state = { ...this.state, allFiles: on };
      this.saveState();
      this.renderHistory();
    },
  });
  private readonly fileHeading = h('p', { class: 'file' });
  private readonly banner = h('div', { class: 'banner', role: 'alert', hidden: true });
  private readonly status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  private readonly runButton = h('button', { type: 'button', class: 'primary' }, 'Run');
  private readonly cancelButton = h('button', { type: 'button', class: 'secondary', disabled: true }, 'Cancel');
  private readonly waiting = new WaitingStatus((text) => this.setStatus(text));

  private state: UiState;
  /** The page had its own saved state (a reload or a hidden tab); otherwise the host's copy is used. */
  private readonly restoredLocally: boolean;
  private file: FileState | null = null;
  private endpoints: EndpointStatus[] = [];
  private readonly sessions = new Map<string, LoadedSession>();
  private sessionList: SessionInfo[] = [];
  private current: string | undefined;
  private running: string | undefined;

  constructor(root: HTMLElement) {
    const local: unknown = vscodeApi.getState();
    const saved = UiStateSchema.safeParse(local ?? {});
    this.restoredLocally = local !== undefined && local !== null && saved.success;
    this.state = saved.success ? saved.data : { overlaid: [] };
    this.runButton.addEventListener('click', () => void this.run());
    this.cancelButton.addEventListener('click', () => void this.cancel());
    replaceChildren(
      root,
      h('header', {}, h('h1', {}, 'Prompt cache test'), this.fileHeading),
      this.banner,
      this.form.element,
      this.endpointSetup.element,
      h('div', { class: 'toolbar' }, this.runButton, this.cancelButton, this.status),
      this.summary.element,
      this.chart.element,
      this.comparison.element,
      h('section', { class: 'runs-section', 'aria-label': 'Runs' }, this.runTable.element),
      this.history.element,
    );
    for (const wrap of root.querySelectorAll<HTMLElement>('.table-wrap')) fitTable(wrap);
  }

  start(): void {
    this.channel.start();
  }

  private receive(message: ToWebview): void {
    switch (message.type) {
      case 'init':
        this.endpointSetup.write(message.endpointSettings);
        return this.init(message.file, message.endpoints, message.defaults, message.saved);
      case 'endpointSettings':
        this.endpointSetup.write(message.settings);
        if (message.notice) this.endpointSetup.showResult(message.notice, !/still applies/.test(message.notice));
        return;
      case 'connectionChecked':
        return this.endpointSetup.showResult(message.message, message.ok);
      case 'file':
        this.file = message.file;
        this.form.setFileProvider(message.file.prediction?.provider);
        this.showFile();
        this.form.setVariableNames(message.file.variables, message.file.placeholders);
        this.form.setPerRequestSpans(message.file.perRequestSpans);
        return this.renderHistory();
      case 'endpoints':
        this.endpoints = message.endpoints;
        this.form.setEndpoints(message.endpoints);
        this.showFile();
        return;
      case 'reply':
        return;
      case 'form':
        this.form.write(message.form);
        this.saveState();
        return;
      case 'sessionStarted':
        this.sessions.set(message.info.sessionId, { info: message.info, runs: [] });
        this.setCurrent(message.info.sessionId);
        this.running = message.info.sessionId;
        this.setBusy(true);
        this.setStatus(`Running ${message.info.model}${message.info.simulated ? ' on the simulator (simulated)' : ''}…`);
        return this.render();
      case 'runStarted':
        return this.waiting.started(message.index, message.timeoutMs);
      case 'retryWait':
        this.waiting.stop();
        return this.setStatus(
          `Run ${message.index + 1}: ${message.reason}; waiting ${(message.waitMs / 1000).toFixed(1)} s${message.retryAfterHonoured ? ' (Retry-After)' : ''} before attempt ${message.attempt + 1}…`,
        );
      case 'record': {
        const session = this.sessions.get(message.record.sessionId);
        if (!session) return;
        session.runs = [...session.runs.filter((r) => r.index !== message.record.index), message.record].sort((a, b) => a.index - b.index);
        this.waiting.finished(message.record.index);
        // A session goes on the chart with its first answer: one that only failed would draw nothing.
        if (message.record.sessionId === this.running && message.record.outcome.status === 'ok' && !this.state.overlaid.includes(message.record.sessionId)) {
          return this.setOverlay(message.record.sessionId, true);
        }
        return this.render();
      }
      case 'sessionFinished': {
        const session = this.sessions.get(message.info.sessionId);
        if (session) session.info = message.info;
        if (this.running === message.info.sessionId) this.running = undefined;
        this.waiting.stop();
        this.setBusy(false);
        const failed = `${message.info.failedRuns ? `, ${message.info.failedRuns} failed` : ''}${message.info.notSentRuns ? `, ${message.info.notSentRuns} not sent` : ''}`;
        const problems = message.recordErrors.length ? ` History could not be written: ${message.recordErrors[0]}` : '';
        this.setStatus(`${message.cancelled ? 'Cancelled' : 'Finished'}: ${message.info.runs} run(s)${failed}.${problems}`);
        return this.render();
      }
      case 'sessions':
        this.sessionList = message.sessions;
        return this.renderHistory();
      case 'session':
        this.sessions.set(message.session.info.sessionId, { info: message.session.info, runs: message.session.runs });
        return this.render();
      case 'error':
        return this.showError(message.message, message.action);
    }
  }

  private init(file: FileState | null, endpoints: EndpointStatus[], defaults: RunForm, saved: UiState | undefined): void {
    this.file = file;
    this.endpoints = endpoints;
    this.form.setEndpoints(endpoints);
    this.form.setFileProvider(file?.prediction?.provider);
    this.form.setVariableNames(file?.variables ?? [], file?.placeholders);
    this.form.setPerRequestSpans(file?.perRequestSpans ?? []);
    // A panel opened again (not reloaded) has no state of its own: take what the host kept.
    if (!this.restoredLocally && saved && this.state.overlaid.length === 0 && !this.state.form) this.state = { ...saved };
    // The saved form belongs to the file it was made for; another file starts from its defaults.
    const sameFile = file !== null && this.state.fileUri === file.uri && this.state.form;
    const savedForm = file !== null && saved?.fileUri === file.uri ? saved.form : undefined;
    this.form.write(sameFile && this.state.form ? this.state.form : (savedForm ?? defaults));
    this.state = stateForFile(this.state, file?.uri);
    if (this.state.current === undefined && !this.running) this.current = undefined;
    this.showFile();
    this.saveState();
    this.render();
    for (const id of this.state.overlaid) if (!this.sessions.has(id)) void this.openSession(id, false);
    const current = this.state.current;
    // Restored asynchronously: a session started meanwhile stays the one shown.
    if (current && !this.current) void this.openSession(current, true, true);
  }

  private showFile(): void {
    const endpoint = this.endpoints.find((e) => e.kind === this.state.form?.endpoint);
    const simulated = endpoint?.simulated ? h('span', { class: 'badge' }, 'simulated') : null;
    if (!this.file) {
      replaceChildren(this.fileHeading, 'No prompt file: open one and run "Prompt Cache Lens: Test Caching for This File".');
      this.runButton.disabled = true;
      return;
    }
    const p = this.file.prediction;
    const predicted = p ? ` · ${predictionText(p, this.state.form?.perRequestValues, this.file.perRequestSpans.length)}` : ` · ${this.file.problem ?? 'no prediction'}`;
    // The simulator answers Claude prompts as Anthropic does: say so, it is not obvious.
    const speaksAnthropic =
      endpoint?.simulated && this.state.form && sendsAnthropicMessages(endpoint.kind, this.state.form.model, p?.provider)
        ? h('span', { class: 'protocol-note' }, ' · the simulator answers on its Anthropic Messages route (/v1/messages): cache_control breakpoints, cache writes and reads')
        : null;
    // A request that fails as written: what the runs measure is not what the program gets.
    const refused = (p?.refused ?? []).map((message) => h('span', { class: 'refused-note' }, `⚠ ${message}. Runs measure the request as it is read here.`));
    replaceChildren(this.fileHeading, 'Testing ', h('strong', {}, this.file.label), predicted, ' ', simulated, speaksAnthropic, ...refused);
    this.runButton.disabled = this.running !== undefined || !p;
  }

  private async run(): Promise<void> {
    const form = this.form.read();
    if ('error' in form) return this.showError(form.error);
    this.hideError();
    this.saveState();
    this.runButton.disabled = true;
    this.setStatus('Starting…');
    const settings = this.endpointSetup.read();
    const reply = await this.channel.request((requestId) => ({ type: 'run', requestId, form, settings }));
    if (!reply.ok) {
      this.setStatus(reply.error ?? 'The test did not start.');
      this.setBusy(this.running !== undefined);
    }
  }

  private async testConnection(settings: EndpointSettings): Promise<void> {
    const form = this.form.read();
    if ('error' in form) return this.showError(form.error);
    this.endpointSetup.setBusy(true);
    this.endpointSetup.showResult('Testing…', true);
    // The host answers with `connectionChecked`, which shows the outcome.
    await this.channel.request((requestId) => ({ type: 'testConnection', requestId, endpoint: form.endpoint, settings }));
    this.endpointSetup.setBusy(false);
  }

  /** Loads a stored session's settings into the form (the host answers with `form`), then runs. */
  private async rerun(sessionId: string): Promise<void> {
    if (this.running) return this.setStatus('A test is running; cancel it first.');
    const reply = await this.channel.request((requestId) => ({ type: 'rerunSession', requestId, sessionId }));
    if (!reply.ok) return this.setStatus(reply.error ?? 'Could not load the session\'s settings.');
    await this.run();
  }

  private async cancel(): Promise<void> {
    const sessionId = this.running;
    if (!sessionId) return;
    this.cancelButton.disabled = true;
    this.setStatus('Cancelling…');
    await this.channel.request((requestId) => ({ type: 'cancel', requestId, sessionId }));
  }

  private async openSession(sessionId: string, makeCurrent: boolean, unlessAnotherShown = false): Promise<void> {
    const reply = await this.channel.request((requestId) => ({ type: 'openSession', requestId, sessionId }));
    if (!reply.ok) {
      // A session deleted since the state was saved: forget it.
      if (this.state.current === sessionId) this.state = { ...this.state, current: undefined };
      this.setOverlay(sessionId, false);
      return;
    }
    if (makeCurrent && !(unlessAnotherShown && this.current !== undefined && this.current !== sessionId)) {
      this.setCurrent(sessionId);
      if (this.sessions.get(sessionId)?.runs.some((r) => r.outcome.status === 'ok')) this.setOverlay(sessionId, true);
      this.render();
    }
  }

  private async request(build: Parameters<HostChannel['request']>[0], success: string): Promise<Reply> {
    const reply = await this.channel.request(build);
    this.setStatus(reply.ok ? success : (reply.error ?? 'Failed.'));
    return reply;
  }

  private setOverlay(sessionId: string, on: boolean): void {
    const rest = this.state.overlaid.filter((id) => id !== sessionId);
    this.state = { ...this.state, overlaid: on ? [sessionId, ...rest].slice(0, MAX_OVERLAID) : rest };
    this.saveState();
    if (on && !this.sessions.has(sessionId)) void this.openSession(sessionId, false);
    else this.render();
  }

  private setCurrent(sessionId: string): void {
    this.current = sessionId;
    this.state = { ...this.state, current: sessionId };
    this.saveState();
  }

  /** Kept twice: by the page (survives a reload) and by the host (survives closing the panel). */
  private saveState(): void {
    const form = this.form.read();
    if (!('error' in form)) {
      this.state = { ...this.state, form };
      this.endpointSetup.setKind(form.endpoint);
    }
    vscodeApi.setState(this.state);
    this.channel.post({ type: 'saveUi', state: this.state });
    this.showFile();
  }

  private setBusy(busy: boolean): void {
    this.form.setBusy(busy);
    this.runButton.disabled = busy || !this.file?.prediction;
    this.cancelButton.disabled = !busy;
  }

  private setStatus(text: string): void {
    this.status.textContent = text;
  }

  private showError(message: string, action?: ErrorAction): void {
    const onAction = (chosen: ErrorAction) => {
      // Opening the set-up fields is the page's own business.
      if (chosen.command === 'setupEndpoint') {
        this.hideError();
        this.endpointSetup.focus();
        return;
      }
      void this.channel.request((requestId) => ({ type: 'runCommand', requestId, action: chosen }));
    };
    const button = action ? h('button', { type: 'button', class: 'primary', onclick: () => onAction(action) }, action.label) : null;
    const dismiss = h('button', { type: 'button', class: 'secondary', 'aria-label': 'Dismiss the message', onclick: () => this.hideError() }, 'Dismiss');
    replaceChildren(this.banner, h('span', {}, message), button, dismiss);
    this.banner.hidden = false;
  }

  private hideError(): void {
    this.banner.hidden = true;
    this.banner.replaceChildren();
  }

  private sessionTitle(info: SessionInfo): string {
    return `${info.model} · ${time(info.createdAt)}`;
  }

  /** Short enough for the chart's legend: the model and the time of day. */
  private sessionName(info: SessionInfo): string {
    return `${info.model} · ${shortTime(info.createdAt)}`;
  }

  private render(): void {
    const shown = this.current ? this.sessions.get(this.current) : undefined;
    let rows = 0;
    if (shown) {
      rows = this.runTable.show(`Runs: ${this.sessionTitle(shown.info)}`, shown.runs, shown.info.simulated);
      this.summary.show(this.sessionTitle(shown.info), shown.runs, shown.info.simulated);
    } else {
      this.runTable.show('Runs', [], false);
      this.summary.show('no session yet', [], false);
    }
    const overlaid = this.state.overlaid.flatMap((id) => {
      const s = this.sessions.get(id);
      return s ? [{ id, label: this.sessionName(s.info), simulated: s.info.simulated, runs: s.runs, info: s.info }] : [];
    });
    const chart = this.chart.show(overlaid);
    this.comparison.show(overlaid);
    this.renderHistory();
    this.channel.post({ type: 'rendered', sessions: overlaid.length, rows, chart, series: this.chart.drawnSeries() });
  }

  private renderHistory(): void {
    const allFiles = this.state.allFiles ?? false;
    const { shown, otherFiles } = sessionsOfFile(this.sessionList, this.file?.label, allFiles);
    this.history.show(shown, new Set(this.state.overlaid), this.current, otherFiles, allFiles);
  }
}

const root = document.getElementById('app');
if (root) new DashboardApp(root).start();
