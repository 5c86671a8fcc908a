import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartDataset,
  type Plugin,
} from 'chart.js';
import type { RunRecordView } from '../shared/protocol';
import { cacheWritesOf, perRunHitRates, runningHitRates } from '../shared/sessionStats';
import { h, replaceChildren } from './dom';
import { count, ms, NOT_REPORTED, percent } from './format';
import { withAlpha } from './cssColor';
import { onThemeChange, readThemeColors } from './themeColors';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip);

export interface ChartSession {
  id: string;
  label: string;
  simulated: boolean;
  runs: readonly RunRecordView[];
}

type Dataset = ChartDataset<'bar' | 'line', (number | null)[]>;

/** What each dataset draws, so the predicted-marker plugin can find a session's bars and values. */
type Role = 'read' | 'written' | 'uncached' | 'predicted' | 'rate' | 'cumulative' | 'ttft';
type TaggedDataset = Dataset & { role: Role; session: number };

/** Prompt tokens neither read from nor written to the cache. */
const uncachedOf = (run: RunRecordView): number | null =>
  run.promptTokens === null ? null : Math.max(0, run.promptTokens - (run.cachedTokens ?? 0) - (cacheWritesOf(run) ?? 0));

/** Diagonal hatching in the session's colour: tokens written to the cache. */
function hatch(color: string): CanvasPattern | string {
  const tile = document.createElement('canvas');
  tile.width = 8;
  tile.height = 8;
  const ctx = tile.getContext('2d');
  if (!ctx) return color;
  ctx.strokeStyle = color;
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.moveTo(0, 8);
  ctx.lineTo(8, 0);
  ctx.moveTo(-2, 2);
  ctx.lineTo(2, -2);
  ctx.moveTo(6, 10);
  ctx.lineTo(10, 6);
  ctx.stroke();
  return ctx.createPattern(tile, 'repeat') ?? color;
}

/**
 * Draws each session's prediction as a short bar-wide line with a cross over its own bar, at its
 * own height (the predicted datasets are not stacked and draw no points themselves).
 */
const predictedMarkers: Plugin<'bar'> = {
  id: 'predictedMarkers',
  afterDatasetsDraw(chart) {
    const datasets = chart.data.datasets as unknown as TaggedDataset[];
    const scale = chart.scales.tokens;
    if (!scale) return;
    const ctx = chart.ctx;
    datasets.forEach((dataset, d) => {
      if (dataset.role !== 'predicted') return;
      const barIndex = datasets.findIndex((x) => x.role === 'read' && x.session === dataset.session);
      const bars = chart.getDatasetMeta(barIndex).data as unknown as { x: number; width: number }[];
      ctx.save();
      ctx.strokeStyle = String(dataset.borderColor);
      ctx.lineWidth = 2;
      dataset.data.forEach((value, i) => {
        const bar = bars[i];
        if (value === null || !bar || chart.getDatasetMeta(d).hidden) return;
        const y = scale.getPixelForValue(value);
        const half = Math.max(4, bar.width / 2);
        ctx.beginPath();
        ctx.setLineDash([3, 2]);
        ctx.moveTo(bar.x - half, y);
        ctx.lineTo(bar.x + half, y);
        ctx.stroke();
        ctx.setLineDash([]);
        ctx.beginPath();
        ctx.moveTo(bar.x - 4, y - 4);
        ctx.lineTo(bar.x + 4, y + 4);
        ctx.moveTo(bar.x + 4, y - 4);
        ctx.lineTo(bar.x - 4, y + 4);
        ctx.stroke();
      });
      ctx.restore();
    });
  },
};

/**
 * Prompt tokens per run, one group of bars per run with one bar per session (read from the cache,
 * written to it, not cached), each session's prediction as a marker on its own bar, and per-run
 * and cumulative hit rates as lines; a small HTML legend names the sessions and the marks, and the
 * same data is in a table.
 */
export class CacheChart {
  readonly element: HTMLElement;
  private readonly canvas = h('canvas', { role: 'img', 'aria-label': 'Prompt tokens read from, written to and not in the cache, per run and session' });
  private readonly legend = h('ul', { class: 'chart-legend', 'aria-label': 'Sessions on the chart' });
  private readonly tableBody = h('tbody', {});
  private chart: Pick<Chart, 'destroy'> | undefined;
  private sessions: readonly ChartSession[] = [];
  private datasets: TaggedDataset[] = [];

  constructor() {
    const key = (cls: string, text: string) => h('li', {}, h('span', { class: `key ${cls}`, 'aria-hidden': 'true' }), text);
    this.element = h(
      'section',
      { class: 'chart', 'aria-labelledby': 'chart-title' },
      h('h2', { id: 'chart-title' }, 'Cached tokens per run'),
      this.legend,
      h(
        'ul',
        { class: 'chart-key', 'aria-label': 'What the marks mean' },
        key('key-read', 'read from cache'),
        key('key-written', 'written to cache'),
        key('key-uncached', 'not cached'),
        key('key-predicted', 'predicted cached'),
        key('key-rate', 'hit rate of the run'),
        key('key-cumulative', 'hit rate, cumulative'),
      ),
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
            h(
              'thead',
              {},
              h('tr', {}, ...['Session', 'Run', 'Read from cache', 'Written to cache', 'Not cached', 'Predicted cached', 'Hit rate of the run', 'Hit rate, cumulative', 'TTFT'].map((c) => h('th', { scope: 'col' }, c))),
            ),
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

  /** The kinds of series that hold a positive value, for the host's log and the tests. */
  drawnSeries(): string[] {
    return [...new Set(this.datasets.filter((d) => d.data.some((v) => v !== null && v > 0)).map((d) => d.role))];
  }

  private draw(): boolean {
    const sessions = this.sessions;
    const longest = Math.max(0, ...sessions.map((s) => Math.max(0, ...s.runs.map((r) => r.index + 1))));
    const labels = Array.from({ length: longest }, (_, i) => `Run ${i + 1}`);
    const colors = readThemeColors();
    const datasets: TaggedDataset[] = [];
    this.fillLegend(colors.sessions);
    sessions.forEach((session, i) => {
      const color = colors.sessions[i % colors.sessions.length];
      const byIndex = (value: (run: RunRecordView) => number | null) => {
        const values: (number | null)[] = Array.from({ length: longest }, () => null);
        for (const run of session.runs) values[run.index] = value(run);
        return values;
      };
      const ratesByIndex = (rates: (number | null)[]) => {
        const values: (number | null)[] = Array.from({ length: longest }, () => null);
        session.runs.forEach((run, k) => (values[run.index] = rates[k] === null ? null : (rates[k] ?? 0) * 100));
        return values;
      };
      const name = `${session.label}${session.simulated ? ' (simulated)' : ''}`;
      const stack = `session-${i}`;
      const bar = { type: 'bar' as const, stack, yAxisID: 'tokens', order: 2, session: i, borderColor: color, borderWidth: 1 };
      datasets.push(
        { ...bar, role: 'read', label: `${name}: read from cache`, data: byIndex((r) => r.cachedTokens), backgroundColor: color },
        { ...bar, role: 'written', label: `${name}: written to cache`, data: byIndex(cacheWritesOf), backgroundColor: hatch(color) },
        { ...bar, role: 'uncached', label: `${name}: not cached`, data: byIndex(uncachedOf), backgroundColor: withAlpha(color, 0.22) },
        {
          type: 'line',
          role: 'predicted',
          session: i,
          label: `${name}: predicted cached`,
          // Not stacked: each session's prediction stands at its own height.
          stack: `predicted-${i}`,
          data: byIndex((r) => (r.outcome.status === 'ok' ? r.predictedCachedTokens : null)),
          showLine: false,
          pointRadius: 0,
          pointHoverRadius: 0,
          borderColor: colors.predicted,
          backgroundColor: colors.predicted,
          yAxisID: 'tokens',
          order: 0,
        },
        {
          type: 'line',
          role: 'rate',
          session: i,
          label: `${name}: hit rate of the run`,
          data: ratesByIndex(perRunHitRates(session.runs)),
          borderColor: color,
          backgroundColor: color,
          borderWidth: 1.5,
          pointRadius: 3,
          yAxisID: 'rate',
          order: 1,
        },
        {
          type: 'line',
          role: 'cumulative',
          session: i,
          label: `${name}: hit rate, cumulative`,
          data: ratesByIndex(runningHitRates(session.runs)),
          borderColor: color,
          backgroundColor: color,
          borderWidth: 1.5,
          borderDash: [6, 4],
          pointRadius: 0,
          yAxisID: 'rate',
          order: 1,
        },
      );
    });
    const axis = (title: string, position: 'left' | 'right', extra: Record<string, unknown> = {}) => ({
      position,
      beginAtZero: true,
      title: { display: true, text: title, color: colors.foreground },
      ticks: { color: colors.foreground },
      grid: { color: colors.grid, drawOnChartArea: position === 'left' },
      ...extra,
    });
    this.datasets = datasets;
    this.chart?.destroy();
    this.chart = new Chart(this.canvas, {
      type: 'bar',
      data: { labels, datasets: datasets as unknown as ChartDataset<'bar', (number | null)[]>[] },
      plugins: [predictedMarkers],
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        plugins: {
          tooltip: {
            callbacks: {
              label: (item) => {
                const role = (item.dataset as unknown as TaggedDataset).role;
                const value = item.parsed.y;
                if (value === null || value === undefined) return '';
                return `${item.dataset.label}: ${role === 'rate' || role === 'cumulative' ? `${value.toFixed(1)}%` : count(value)}`;
              },
            },
          },
        },
        scales: {
          x: { stacked: true, ticks: { color: colors.foreground }, grid: { color: colors.grid } },
          tokens: axis('Prompt tokens', 'left', { stacked: true }),
          rate: axis('Hit rate (%)', 'right', { max: 100 }),
        },
      },
    });
    return longest > 0;
  }

  private fillLegend(palette: readonly string[]): void {
    replaceChildren(
      this.legend,
      ...this.sessions.map((session, i) => {
        const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
        // CSSOM, which the page's style-src allows (no inline style attribute).
        swatch.style.backgroundColor = palette[i % palette.length];
        return h('li', {}, swatch, `${session.label}${session.simulated ? ' (simulated)' : ''}`);
      }),
    );
  }

  private fillTable(): void {
    const rows: HTMLElement[] = [];
    for (const session of this.sessions) {
      const cumulative = runningHitRates(session.runs);
      const perRun = perRunHitRates(session.runs);
      session.runs.forEach((run, k) => {
        const failed = run.outcome.status === 'error';
        rows.push(
          h(
            'tr',
            {},
            h('td', {}, `${session.label}${session.simulated ? ' (simulated)' : ''}`),
            h('th', { scope: 'row' }, run.index + 1),
            h('td', { class: 'num' }, !failed && run.cachedTokens === null ? NOT_REPORTED : count(run.cachedTokens)),
            h('td', { class: 'num' }, count(cacheWritesOf(run))),
            h('td', { class: 'num' }, count(uncachedOf(run))),
            h('td', { class: 'num' }, failed ? '—' : count(run.predictedCachedTokens)),
            h('td', { class: 'num' }, percent(perRun[k])),
            h('td', { class: 'num' }, percent(cumulative[k])),
            h('td', { class: 'num' }, ms(run.ttftMs)),
          ),
        );
      });
    }
    replaceChildren(this.tableBody, ...rows);
  }
}
