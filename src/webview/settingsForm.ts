import { RunFormSchema, type EndpointStatus, type FileState, type RunForm } from '../shared/protocol';
import { ANTHROPIC_API_LABEL, sentApiView, type SentApiView } from '../shared/sentApi';
import { breakableText, h, replaceChildren } from './dom';
import { sampleRows } from './sampleRows';

type Option = readonly [value: string, label: string];

const API_OPTIONS: Option[] = [
  ['chat', 'Chat Completions'],
  ['responses', 'Responses'],
];
/** Shown (and selected) only while the run is sent as an Anthropic Messages request; never read back. */
const MESSAGES_API = 'messages';
const RESPONSES_STATE_OPTIONS: Option[] = [
  ['independent', 'Independent requests'],
  ['resend-history', 'Resend the full history each turn'],
  ['previous-response-id', 'Chain with previous_response_id'],
];
const CACHE_KEY_OPTIONS: Option[] = [
  ['none', 'None'],
  ['fixed', 'Fixed'],
  ['per-session', 'One per session'],
];
const PER_REQUEST_OPTIONS: Option[] = [
  ['vary', 'Vary per run, as in production'],
  ['as-written', 'Send as written (measures the best case)'],
];
const RETENTION_OPTIONS: Option[] = [
  ['', 'Not sent'],
  ['in_memory', 'in_memory'],
  ['24h', '24h'],
];

let fieldCounter = 0;

function select(options: readonly Option[]): HTMLSelectElement {
  return h('select', {}, ...options.map(([value, label]) => h('option', { value }, label)));
}

function field(label: string, control: HTMLElement, hint?: string, className?: string): HTMLElement {
  const id = `field-${++fieldCounter}`;
  control.id = id;
  const hintId = hint ? `${id}-hint` : undefined;
  if (hintId) control.setAttribute('aria-describedby', hintId);
  return h('div', { class: className ? `field ${className}` : 'field' }, h('label', { for: id }, ...breakableText(label)), control, hint ? h('span', { class: 'hint', id: hintId }, hint) : null);
}

/** The run settings and the variables table; reads and writes a `RunForm`. */
export class SettingsForm {
  readonly element: HTMLElement;
  private readonly endpoint = h('select', {});
  private readonly api = select(API_OPTIONS);
  private readonly responsesState = select(RESPONSES_STATE_OPTIONS);
  private readonly model = h('input', { type: 'text', spellcheck: 'false' });
  private readonly runs = h('input', { type: 'number', min: 1, max: 100, step: 1 });
  private readonly delayMs = h('input', { type: 'number', min: 0, max: 600000, step: 100 });
  private readonly concurrency = h('input', { type: 'number', min: 1, max: 16, step: 1 });
  private readonly cacheKeyMode = select(CACHE_KEY_OPTIONS);
  private readonly cacheKey = h('input', { type: 'text', placeholder: 'prompt-cache-lens', spellcheck: 'false' });
  private readonly retention = select(RETENTION_OPTIONS);
  private readonly maxOutputTokens = h('input', { type: 'number', min: 1, step: 1 });
  private readonly stream = h('input', { type: 'checkbox' });
  private readonly variablesBody = h('tbody', {});
  private readonly variablesHead = h('tr', {});
  private readonly variablesSection: HTMLElement;
  private readonly variablesNotice: HTMLElement;
  private variableNames: string[] = [];
  private placeholders: Record<string, string> = {};
  private readonly perRequestMode = select(PER_REQUEST_OPTIONS);
  private readonly perRequestList = h('ul', { class: 'per-request-list' });
  private readonly perRequestSection: HTMLElement;
  private perRequestSpans: FileState['perRequestSpans'] = [];
  /** The file's provider: with the model in the form, it tells which API a run is sent as. */
  private fileProvider: string | undefined;
  /** The OpenAI API chosen, kept while the selector shows Anthropic Messages. */
  private openAiApi: 'chat' | 'responses' = 'chat';
  private readonly messagesOption = h('option', { value: MESSAGES_API, hidden: true }, ANTHROPIC_API_LABEL);
  private readonly openAiOnlyNote = h('p', { class: 'hint openai-only-note', hidden: true });

  constructor(private readonly onChange: () => void) {
    const addRow = h('button', { type: 'button', class: 'secondary', onclick: () => {
      this.addVariableRow({});
      this.syncNotice();
      this.onChange();
    } }, 'Add row');
    const fill = h('button', { type: 'button', class: 'primary', onclick: () => {
      this.writeVariableRows(sampleRows(this.variableNames, this.runs.valueAsNumber));
      this.syncEnabled();
      this.onChange();
    } }, 'Fill sample values per run');
    this.variablesNotice = h(
      'div',
      { class: 'notice', role: 'status' },
      h('span', { class: 'notice-text' }),
      fill,
    );
    this.variablesSection = h(
      'fieldset',
      { class: 'variables' },
      h('legend', {}, 'Variable values per run'),
      this.variablesNotice,
      h('p', { class: 'hint' }, 'Run n uses row n (cycling). Varying the dynamic part is the realistic test.'),
      h('div', { class: 'table-wrap' }, h('table', {}, h('thead', {}, this.variablesHead), this.variablesBody)),
      addRow,
    );
    this.perRequestSection = h(
      'fieldset',
      { class: 'per-request', hidden: true },
      h('legend', {}, 'Values that change on every request'),
      h('p', { class: 'hint' }, 'The analysis found text that production fills anew for each request. Sent unchanged, it would be read from the cache as production never is.'),
      this.perRequestList,
      field('Per-request values', this.perRequestMode),
    );
    this.element = h(
      'form',
      { class: 'settings', 'aria-label': 'Run settings', onsubmit: (e: Event) => e.preventDefault() },
      h(
        'div',
        { class: 'grid' },
        field('Endpoint', this.endpoint, undefined, 'endpoint'),
        field('API', this.api),
        field('Responses state', this.responsesState),
        field('Model', this.model),
        field('Runs', this.runs),
        field('Delay between runs (ms)', this.delayMs),
        field('Concurrency', this.concurrency),
        field('prompt_cache_key', this.cacheKeyMode),
        field('Fixed key', this.cacheKey),
        field('prompt_cache_retention', this.retention),
        field('Max output tokens', this.maxOutputTokens, 'Small keeps tests cheap.'),
        h('div', { class: 'field checkbox' }, this.stream, h('label', { for: (this.stream.id = `field-${++fieldCounter}`) }, 'Stream (measures time to first token)')),
      ),
      this.openAiOnlyNote,
      this.perRequestSection,
      this.variablesSection,
    );
    this.api.appendChild(this.messagesOption);
    this.element.addEventListener('input', () => this.syncNotice());
    this.element.addEventListener('change', () => {
      this.syncEnabled();
      this.onChange();
    });
  }

  setEndpoints(endpoints: readonly EndpointStatus[]): void {
    const current = this.endpoint.value;
    replaceChildren(
      this.endpoint,
      ...endpoints.map((e) =>
        h('option', { value: e.kind }, e.simulated ? `${e.label}: OpenAI and Anthropic APIs` : e.hasKey || e.kind === 'compatible' ? e.label : `${e.label} (no key set)`),
      ),
    );
    if (current) this.endpoint.value = current;
  }

  /** The provider of the tested prompt (`anthropic` for a Claude call); undefined without a prediction. */
  setFileProvider(provider: string | undefined): void {
    this.fileProvider = provider;
    this.syncEnabled();
  }

  /** The file's variables, each shown as the file writes it (`{question}`, `${userId}`, `{{name}}`). */
  setVariableNames(names: readonly string[], placeholders: Readonly<Record<string, string>> = {}): void {
    const rows = this.readVariableRows();
    this.variableNames = [...names];
    this.placeholders = { ...placeholders };
    replaceChildren(this.variablesHead, ...names.map((n) => h('th', { scope: 'col' }, n)), h('th', { scope: 'col', 'data-label': '' }, h('span', { class: 'visually-hidden' }, 'Actions')));
    this.writeVariableRows(rows);
  }

  /** The spans production varies per request, one line each, and how runs send them. */
  setPerRequestSpans(spans: FileState['perRequestSpans']): void {
    this.perRequestSpans = [...spans];
    this.perRequestSection.hidden = spans.length === 0;
    this.syncPerRequestList();
  }

  private syncPerRequestList(): void {
    const varied = this.perRequestMode.value !== 'as-written';
    replaceChildren(
      this.perRequestList,
      ...this.perRequestSpans.map((span) =>
        h(
          'li',
          {},
          h('code', {}, span.label),
          ` (${span.where}): `,
          h('span', { class: varied ? 'varied' : 'fixed' }, varied ? 'varied per run (as in production)' : 'sent as written on every run'),
        ),
      ),
    );
  }

  /** The form as it will be sent: an Anthropic Messages run carries none of OpenAI's cache fields. */
  read(): RunForm | { error: string } {
    const anthropic = this.sentApi().anthropic;
    const candidate = {
      endpoint: this.endpoint.value,
      api: this.api.value === MESSAGES_API ? this.openAiApi : this.api.value,
      responsesState: this.responsesState.value,
      model: this.model.value.trim(),
      runs: this.runs.valueAsNumber,
      delayMs: this.delayMs.valueAsNumber,
      concurrency: this.concurrency.valueAsNumber,
      promptCacheKeyMode: anthropic ? 'none' : this.cacheKeyMode.value,
      promptCacheKey: this.cacheKey.value,
      promptCacheRetention: anthropic ? '' : this.retention.value,
      maxOutputTokens: this.maxOutputTokens.valueAsNumber,
      stream: this.stream.checked,
      variableRows: this.readVariableRows(),
      perRequestValues: this.perRequestMode.value,
    };
    const parsed = RunFormSchema.safeParse(candidate);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    return { error: `Check ${issue?.path.join('.') || 'the settings'}: ${issue?.message ?? 'invalid value'}` };
  }

  write(form: RunForm): void {
    this.endpoint.value = form.endpoint;
    this.api.value = form.api;
    this.openAiApi = form.api;
    this.responsesState.value = form.responsesState;
    this.model.value = form.model;
    this.runs.valueAsNumber = form.runs;
    this.delayMs.valueAsNumber = form.delayMs;
    this.concurrency.valueAsNumber = form.concurrency;
    this.cacheKeyMode.value = form.promptCacheKeyMode;
    this.cacheKey.value = form.promptCacheKey;
    this.retention.value = form.promptCacheRetention;
    this.maxOutputTokens.valueAsNumber = form.maxOutputTokens;
    this.stream.checked = form.stream;
    this.writeVariableRows(form.variableRows);
    this.perRequestMode.value = form.perRequestValues;
    this.syncEnabled();
  }

  setBusy(busy: boolean): void {
    for (const control of this.element.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLButtonElement>('input, select, button')) control.disabled = busy;
    if (!busy) this.syncEnabled();
  }

  private sentApi(): SentApiView {
    const endpoint = this.endpoint.value as RunForm['endpoint'];
    return sentApiView(endpoint, this.model.value.trim(), this.fileProvider, this.openAiApi);
  }

  /** The API selector and OpenAI's own fields show what a run will send. */
  private syncApi(): void {
    const view = this.sentApi();
    if (this.api.value !== MESSAGES_API) this.openAiApi = this.api.value === 'responses' ? 'responses' : 'chat';
    this.messagesOption.hidden = !view.anthropic;
    this.api.value = view.anthropic ? MESSAGES_API : this.openAiApi;
    this.api.disabled = view.anthropic;
    this.openAiOnlyNote.hidden = !view.anthropic;
    this.openAiOnlyNote.textContent = view.openAiOnlyReason ?? '';
    for (const control of [this.api, this.responsesState, this.cacheKeyMode, this.cacheKey, this.retention]) {
      if (view.openAiOnlyReason) control.title = view.openAiOnlyReason;
      else control.removeAttribute('title');
    }
  }

  private syncEnabled(): void {
    this.syncApi();
    const anthropic = this.api.value === MESSAGES_API;
    this.responsesState.disabled = anthropic || this.api.value !== 'responses';
    this.cacheKeyMode.disabled = anthropic;
    this.retention.disabled = anthropic;
    this.cacheKey.disabled = anthropic || this.cacheKeyMode.value !== 'fixed';
    this.variablesSection.hidden = this.variableNames.length === 0;
    this.syncPerRequestList();
    this.syncNotice();
  }

  /** With no value filled in, every run sends the same text (the placeholders as written): say so. */
  private syncNotice(): void {
    const empty = this.readVariableRows().every((row) => this.variableNames.every((name) => !row[name]?.trim()));
    this.variablesNotice.hidden = this.variableNames.length === 0 || !empty;
    const text = this.variablesNotice.querySelector('.notice-text');
    if (text) {
      const names = this.variableNames.map((n) => this.placeholders[n] ?? `{{${n}}}`).join(', ');
      text.textContent = `No variable values: every run will send the same text, with ${names} as written.`;
    }
  }

  private readVariableRows(): Record<string, string>[] {
    return [...this.variablesBody.rows].map((tr) => {
      const row: Record<string, string> = {};
      for (const input of tr.querySelectorAll<HTMLInputElement>('input[data-variable]')) row[input.dataset.variable ?? ''] = input.value;
      return row;
    });
  }

  private writeVariableRows(rows: readonly Record<string, string>[]): void {
    this.variablesBody.replaceChildren();
    for (const row of rows) this.addVariableRow(row);
  }

  private addVariableRow(values: Record<string, string>): void {
    const index = this.variablesBody.rows.length + 1;
    const tr = h('tr', {});
    for (const name of this.variableNames) {
      tr.appendChild(h('td', {}, h('input', { type: 'text', 'data-variable': name, value: values[name] ?? '', 'aria-label': `${name}, row ${index}` })));
    }
    const remove = h('button', { type: 'button', class: 'secondary', 'aria-label': `Remove row ${index}`, onclick: () => {
      tr.remove();
      this.syncNotice();
      this.onChange();
    } }, 'Remove');
    tr.appendChild(h('td', {}, remove));
    this.variablesBody.appendChild(tr);
  }
}
