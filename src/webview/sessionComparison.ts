import type { RunRecordView, SessionInfo } from '../shared/protocol';
import { sessionStats } from '../shared/sessionStats';
import { breakableText, h, replaceChildren } from './dom';
import { ms, percent, usd } from './format';
import { apiText, cacheKeyText, runsText, stateText } from './settingsText';
import { readThemeColors } from './themeColors';

export interface ComparedSession {
  info: SessionInfo;
  label: string;
  runs: readonly RunRecordView[];
}

/** The overlaid sessions side by side: every setting that changes caching, and what came of it. */
export class SessionComparison {
  readonly element: HTMLElement;
  private readonly body = h('tbody', {});

  constructor() {
    const columns = ['Session', 'Model', 'Endpoint', 'API', 'State mode', 'prompt_cache_key', 'Retention', 'Stream', 'Runs', 'Hit rate', 'Saved', 'TTFT median (p50)'];
    this.element = h(
      'section',
      { class: 'comparison', 'aria-labelledby': 'comparison-title', hidden: true },
      h('h2', { id: 'comparison-title' }, 'Sessions on the chart, side by side'),
      h('div', { class: 'table-wrap' }, h('table', {}, h('thead', {}, h('tr', {}, ...columns.map((c) => h('th', { scope: 'col' }, ...breakableText(c))))), this.body)),
    );
  }

  show(sessions: readonly ComparedSession[]): void {
    // One session has nothing to compare with; its summary says it all.
    this.element.hidden = sessions.length < 2;
    const palette = readThemeColors().sessions;
    replaceChildren(
      this.body,
      ...sessions.map(({ info, label, runs }, i) => {
        const s = sessionStats(runs);
        const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
        swatch.style.backgroundColor = palette[i % palette.length];
        const where = info.settings.baseURL ? `${info.endpointKind} · ${info.settings.baseURL}` : info.endpointKind;
        return h(
          'tr',
          {},
          h('th', { scope: 'row' }, h('span', {}, swatch, label)),
          h('td', {}, info.model),
          h('td', { class: 'endpoint-cell' }, ...breakableText(info.simulated ? `${where} (simulated)` : where)),
          h('td', {}, apiText(info.settings)),
          h('td', {}, ...breakableText(stateText(info.settings))),
          h('td', {}, ...breakableText(cacheKeyText(info.settings))),
          h('td', {}, ...breakableText(info.settings.promptCacheRetention ?? 'not sent')),
          h('td', {}, info.settings.stream ? 'yes' : 'no'),
          h('td', { class: 'num' }, runsText({ runs: s.runs, failedRuns: s.failed, notSentRuns: s.notSent })),
          h('td', { class: 'num' }, percent(s.hitRate)),
          h('td', { class: 'num' }, usd(s.savedUsd)),
          h('td', { class: 'num' }, ms(s.ttftP50Ms)),
        );
      }),
    );
  }
}
