import type { FailedAttemptView, RunRecordView } from '../shared/protocol';
import { breakableText, h, replaceChildren } from './dom';
import { count, ms, NOT_REPORTED, usd } from './format';
import { sentValues } from './sentValues';

// The outcome comes right after the run number: it must stay in view however wide the table gets.
const COLUMNS = ['Run', 'Outcome', 'Variables', 'Prompt', 'Cached', 'Predicted cached', 'Cache write', 'Output', 'Latency', 'TTFT', 'Cost', 'Cost uncached', 'Usage', 'Compare request'];

function cacheWrite(run: RunRecordView): string {
  if (run.cacheCreationInputTokens !== null || run.cacheReadInputTokens !== null) {
    return `creation ${count(run.cacheCreationInputTokens)} · read ${count(run.cacheReadInputTokens)}`;
  }
  return count(run.cacheWriteTokens);
}

function cached(run: RunRecordView): string {
  if (run.outcome.status === 'error') return '—';
  return run.cachedTokens === null ? NOT_REPORTED : count(run.cachedTokens);
}

function prediction(run: RunRecordView): HTMLElement {
  const text = count(run.predictedCachedTokens);
  // A failed run measured nothing: there is no verdict to give.
  if (run.outcome.status === 'error') return h('span', { class: 'muted', title: 'Not compared: the run failed' }, '—');
  // Cold: the endpoint was expected to hold nothing of this prompt; warm: an earlier run's prefix.
  const state = run.predictedCache ? h('span', { class: `cache-state ${run.predictedCache}`, title: run.predictedCache === 'warm' ? 'Predicted with the prefix already cached by an earlier run or session' : 'Predicted with nothing of this prompt cached yet' }, run.predictedCache) : null;
  if (run.cachedTokens === null || run.predictedCachedTokens === null) return h('span', {}, text, ' ', state);
  const same = run.cachedTokens === run.predictedCachedTokens;
  return h('span', { class: same ? 'match' : 'mismatch', title: same ? 'Prediction matches the endpoint' : 'Prediction differs from the endpoint' }, `${text} `, state, ` ${same ? '✓' : '≠'}`);
}

/** The values this run sent, the value before its name, the whole in the tooltip. */
function variablesCell(run: RunRecordView): HTMLElement {
  const sent = sentValues(run);
  if (!sent) return h('td', { class: 'variables-cell muted' }, '—');
  return h('td', { class: 'variables-cell', title: sent.title }, h('div', {}, ...sent.lines.map((line) => h('div', {}, line))));
}

/** A short verdict for the cell; the full message and the attempts go in the row below. */
function outcome(run: RunRecordView): HTMLElement {
  if (run.outcome.status === 'ok') return h('span', { class: 'ok' }, run.attempts > 1 ? `ok after ${run.attempts} attempts` : 'ok');
  const status = run.outcome.httpStatus ? ` ${run.outcome.httpStatus}` : '';
  const tries = run.attempts > 1 ? ` · ${run.attempts} attempts` : '';
  return h('span', { class: 'failed', title: run.outcome.message }, `${run.outcome.kind}${status}${tries}`);
}

function attemptLine(a: FailedAttemptView): HTMLElement {
  const status = a.httpStatus ? ` ${a.httpStatus}` : '';
  const id = a.requestId ? ` · request id ${a.requestId}` : '';
  const wait = a.waitMs > 0 ? ` · waited ${ms(a.waitMs)}${a.retryAfterHonoured ? ' (Retry-After)' : ''}` : '';
  return h('li', {}, `Attempt ${a.attempt}: ${a.kind}${status}${wait}${id}`);
}

/** Under a failed or retried run: what went wrong, in full, and every attempt. */
function failureDetails(run: RunRecordView, columns: number): HTMLElement | null {
  const attempts = run.failedAttempts ?? [];
  if (run.outcome.status === 'ok' && attempts.length === 0) return null;
  const message = run.outcome.status === 'error' ? h('p', { class: 'failure-message' }, run.outcome.message) : null;
  // One cell across the table, as the usage row: in a narrow panel it closes the run's card.
  return h(
    'tr',
    { class: 'attempts-row' },
    h('td', { colspan: columns }, message, attempts.length ? h('ol', { class: 'attempts', 'aria-label': `Attempts of run ${run.index + 1}` }, ...attempts.map(attemptLine)) : null),
  );
}

/**
 * Usage as indented JSON, a block a line: the text (and what is copied) is `JSON.stringify`'s, and
 * a line the panel cannot hold wraps after an underscore of its key and under its own
 * indentation, not at the left edge.
 */
function jsonLines(value: unknown): HTMLElement[] {
  return JSON.stringify(value, null, 2)
    .split('\n')
    .map((line) => {
      const span = h('span', { class: 'json-line' }, ...breakableText(line));
      span.style.setProperty('--indent', String(line.length - line.trimStart().length));
      return span;
    });
}

/** The Usage cell's Show/Hide and the row it opens; a run that got no answer has no usage to show. */
function usageToggle(run: RunRecordView): { cell: HTMLElement; details: HTMLElement | null } {
  if (run.usage === null || run.usage === undefined) {
    return { cell: h('td', { class: 'muted', title: 'No usage: the endpoint gave no answer for this run' }, '—'), details: null };
  }
  const details = h('tr', { class: 'usage-row', hidden: true }, h('td', { colspan: COLUMNS.length }, h('pre', {}, ...jsonLines(run.usage))));
  const toggle = h('button', { type: 'button', class: 'link', 'aria-expanded': 'false' }, 'Show');
  toggle.addEventListener('click', () => {
    details.hidden = !details.hidden;
    toggle.setAttribute('aria-expanded', String(!details.hidden));
    toggle.textContent = details.hidden ? 'Show' : 'Hide';
  });
  return { cell: h('td', {}, toggle), details };
}

/**
 * "with run N" under "Compare request": the diff of this run's request against the previous run's,
 * where the cache stops between them. Only when the history kept both requests.
 */
function compareCell(run: RunRecordView, previous: RunRecordView | undefined, compare: (run: RunRecordView) => void): HTMLElement {
  if (!previous) return h('td', { class: 'muted' }, '—');
  if (!run.request || !previous.request || run.request.omitted || previous.request.omitted) {
    return h('td', { class: 'muted', title: 'The history did not keep both requests (older runs, or over 256 KB)' }, 'not kept');
  }
  const same = run.request.sha256 === previous.request.sha256;
  const button = h(
    'button',
    {
      type: 'button',
      class: 'link compare-run',
      title: same ? `Same request as run ${previous.index + 1}: open both side by side` : `Open this run's request beside run ${previous.index + 1}'s, the first differing token marked`,
      'aria-label': `Compare run ${run.index + 1}'s request with run ${previous.index + 1}'s`,
    },
    `with run ${previous.index + 1}`,
  );
  button.addEventListener('click', () => compare(run));
  return h('td', {}, button);
}

/** One row per run, and a hidden row with the raw usage object that its button reveals. */
export class RunTable {
  readonly element: HTMLElement;
  private readonly caption = h('caption', {}, 'Runs');
  private readonly body = h('tbody', {});

  /** `compare`: asks the host for the diff of a run against the run before it. */
  constructor(private readonly compare: (run: RunRecordView) => void = () => undefined) {
    this.element = h(
      'div',
      { class: 'table-wrap' },
      h('table', { class: 'runs' }, this.caption, h('thead', {}, h('tr', {}, ...COLUMNS.map((c) => h('th', { scope: 'col' }, c)))), this.body),
    );
  }

  show(title: string, runs: readonly RunRecordView[], simulated: boolean): number {
    this.caption.textContent = `${title}${simulated ? ' (simulated)' : ''}`;
    const rows: (HTMLElement | null)[] = [];
    const byIndex = new Map(runs.map((run) => [run.index, run]));
    for (const run of runs) {
      const { cell: usageCell, details } = usageToggle(run);
      rows.push(
        h(
          'tr',
          { class: run.outcome.status === 'error' ? 'error-row' : undefined },
          h('th', { scope: 'row' }, run.index + 1),
          h('td', {}, outcome(run)),
          variablesCell(run),
          h('td', { class: 'num' }, count(run.promptTokens)),
          h('td', { class: 'num' }, cached(run)),
          h('td', { class: 'num' }, prediction(run)),
          h('td', { class: 'num' }, cacheWrite(run)),
          h('td', { class: 'num' }, count(run.outputTokens)),
          h('td', { class: 'num' }, ms(run.latencyMs)),
          h('td', { class: 'num' }, ms(run.ttftMs)),
          h('td', { class: 'num' }, usd(run.cost?.cachedUsd)),
          h('td', { class: 'num' }, usd(run.cost?.uncachedUsd)),
          usageCell,
          compareCell(run, byIndex.get(run.index - 1), this.compare),
        ),
        failureDetails(run, COLUMNS.length),
        details,
      );
    }
    if (rows.length === 0) rows.push(h('tr', {}, h('td', { colspan: COLUMNS.length }, 'No runs yet.')));
    replaceChildren(this.body, ...rows);
    return runs.length;
  }
}
