import type { RunRecordView } from '../shared/protocol';
import { sessionStats } from '../shared/sessionStats';
import { h, replaceChildren } from './dom';
import { ms, percent, usd } from './format';
import { runsText } from './settingsText';

/** Hit rate by tokens, money saved, TTFT with vs without hits, and how often the prediction held. */
export class SummaryView {
  readonly element = h('section', { class: 'summary', 'aria-labelledby': 'summary-title' });

  show(title: string, runs: readonly RunRecordView[], simulated: boolean): void {
    const s = sessionStats(runs);
    const item = (term: string, value: string) => [h('dt', {}, term), h('dd', {}, value)];
    const tag = simulated ? ' (simulated)' : '';
    replaceChildren(
      this.element,
      h('h2', { id: 'summary-title' }, `Summary: ${title}${tag}`),
      h(
        'dl',
        {},
        ...item('Runs', runsText({ runs: s.runs, failedRuns: s.failed, notSentRuns: s.notSent })),
        ...item('Hit rate (cached ÷ prompt tokens)', percent(s.hitRate) + (s.notReported ? ` · ${s.notReported} run(s) did not report cached tokens` : '')),
        ...item('Cost with caching', usd(s.costUsd)),
        ...item('Cost without caching', usd(s.uncachedUsd)),
        ...item('Saved', usd(s.savedUsd)),
        ...item('TTFT with cache hits (mean)', ms(s.ttftWithHitsMs)),
        ...item('TTFT without hits (mean)', ms(s.ttftWithoutHitsMs)),
        ...item('Prediction matched', s.predictionCompared ? `${s.predictionMatches} of ${s.predictionCompared} runs` : '—'),
      ),
    );
  }
}
