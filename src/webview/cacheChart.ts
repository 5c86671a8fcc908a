import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartDataset,
} from 'chart.js';
import type { RunRecordView } from '../shared/protocol';
import { runningHitRates } from '../shared/sessionStats';
import { h, replaceChildren } from './dom';
import { count, ms, NOT_REPORTED, percent } from './format';
import { onThemeChange, readThemeColors } from './themeColors';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);

export interface ChartSession {
  id: string;
  label: string;
  simulated: boolean;
  runs: readonly RunRecordView[];
}

type Dataset = ChartDataset<'bar' | 'line', (number | null)[]>;

const uncachedOf = (run: RunRecordView): number | null =>
  run.promptTokens === null ? null : run.promptTokens - (run.cachedTokens ?? 0);

/**
 * Cached vs uncached prompt tokens per run (stacked bars, one stack per session), the running hit
 * rate and TTFT as lines, the predicted cached tokens as markers; with the same data as a table.
 */
export class CacheChart {
  readonly element: HTMLElement;
  private readonly canvas = h('canvas', { role: 'img', 'aria-label': 'Cached and uncached prompt tokens per run' });
  private readonly tableBody = h('tbody', {});
  private chart: Pick<Chart, 'destroy'> | undefined;
  private sessions: readonly ChartSession[] = [];

  constructor() {
    this.element = h(
      'section',
      { class: 'chart', 'aria-labelledby': 'chart-title' },
      h('h2', { id: 'chart-title' }, 'Cached tokens per run'),
      h('div', { class: 'chart-box' }, this.canvas),
      h(
        'details',
        {},
        h('summary', {}, 'Chart data as a table'),
        h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            {},
            h('thead', {}, h('tr', {}, ...['Session', 'Run', 'Cached', 'Uncached', 'Predicted cached', 'Hit rate so far', 'TTFT'].map((c) => h('th', { scope: 'col' }, c)))),
            this.tableBody,
          ),
        ),
      ),
    );
    onThemeChange(() => this.draw());
  }

  /** True when the chart was drawn (there is at least one run). */
  show(sessions: readonly ChartSession[]): boolean {
    this.sessions = sessions;
    this.fillTable();
    return this.draw();
  }

  private draw(): boolean {
    const sessions = this.sessions;
    const longest = Math.max(0, ...sessions.map((s) => Math.max(0, ...s.runs.map((r) => r.index + 1))));
    const labels = Array.from({ length: longest }, (_, i) => `Run ${i + 1}`);
    const colors = readThemeColors();
    const datasets: Dataset[] = [];
    sessions.forEach((session, i) => {
      const [cachedColor, uncachedColor] = colors.sessionPairs[i % colors.sessionPairs.length];
      const byIndex = (value: (run: RunRecordView) => number | null) => {
        const values: (number | null)[] = Array.from({ length: longest }, () => null);
        for (const run of session.runs) values[run.index] = value(run);
        return values;
      };
      const rates = runningHitRates(session.runs);
      const rateByIndex: (number | null)[] = Array.from({ length: longest }, () => null);
      session.runs.forEach((run, k) => (rateByIndex[run.index] = rates[k] === null ? null : (rates[k] ?? 0) * 100));
      const suffix = `${sessions.length > 1 ? ` · ${session.label}` : ''}${session.simulated ? ' (simulated)' : ''}`;
      const stack = `session-${i}`;
      datasets.push(
        { type: 'bar', label: `Cached${suffix}`, data: byIndex((r) => r.cachedTokens), backgroundColor: cachedColor, stack, yAxisID: 'tokens', order: 2 },
        { type: 'bar', label: `Uncached${suffix}`, data: byIndex(uncachedOf), backgroundColor: uncachedColor, stack, yAxisID: 'tokens', order: 2 },
        {
          type: 'line',
          label: `Predicted cached${suffix}`,
          data: byIndex((r) => r.predictedCachedTokens),
          showLine: false,
          pointStyle: 'crossRot',
          pointRadius: 9,
          pointBorderWidth: 2,
          borderColor: colors.predicted,
          backgroundColor: colors.predicted,
          yAxisID: 'tokens',
          order: 0,
        },
        { type: 'line', label: `Hit rate${suffix}`, data: rateByIndex, borderColor: colors.hitRate, backgroundColor: colors.hitRate, yAxisID: 'rate', order: 1, borderDash: i > 0 ? [4, 3] : [] },
      );
      if (session.runs.some((r) => r.ttftMs !== null)) {
        datasets.push({ type: 'line', label: `TTFT${suffix}`, data: byIndex((r) => r.ttftMs), borderColor: colors.ttft, backgroundColor: colors.ttft, yAxisID: 'ms', order: 1, borderDash: [2, 2] });
      }
    });
    const hasTtft = datasets.some((d) => d.yAxisID === 'ms');
    const axis = (title: string, position: 'left' | 'right', extra: Record<string, unknown> = {}) => ({
      position,
      beginAtZero: true,
      title: { display: true, text: title, color: colors.foreground },
      ticks: { color: colors.foreground },
      grid: { color: colors.grid, drawOnChartArea: position === 'left' },
      ...extra,
    });
    this.chart?.destroy();
    this.chart = new Chart(this.canvas, {
      type: 'bar',
      data: { labels, datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        plugins: { legend: { labels: { color: colors.foreground } } },
        scales: {
          x: { stacked: true, ticks: { color: colors.foreground }, grid: { color: colors.grid } },
          tokens: axis('Prompt tokens', 'left', { stacked: true }),
          rate: axis('Hit rate (%)', 'right', { max: 100 }),
          ...(hasTtft ? { ms: axis('TTFT (ms)', 'right') } : {}),
        },
      },
    });
    return longest > 0;
  }

  private fillTable(): void {
    const rows: HTMLElement[] = [];
    for (const session of this.sessions) {
      const rates = runningHitRates(session.runs);
      session.runs.forEach((run, k) => {
        rows.push(
          h(
            'tr',
            {},
            h('td', {}, `${session.label}${session.simulated ? ' (simulated)' : ''}`),
            h('th', { scope: 'row' }, run.index + 1),
            h('td', { class: 'num' }, run.outcome.status === 'ok' && run.cachedTokens === null ? NOT_REPORTED : count(run.cachedTokens)),
            h('td', { class: 'num' }, count(uncachedOf(run))),
            h('td', { class: 'num' }, count(run.predictedCachedTokens)),
            h('td', { class: 'num' }, percent(rates[k])),
            h('td', { class: 'num' }, ms(run.ttftMs)),
          ),
        );
      });
    }
    replaceChildren(this.tableBody, ...rows);
  }
}
