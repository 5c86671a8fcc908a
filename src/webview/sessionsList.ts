import type { SessionInfo } from '../shared/protocol';
import { h, replaceChildren } from './dom';
import { percent, time } from './format';
import { runsText, settingsText } from './settingsText';

export interface SessionActions {
  show(sessionId: string): void;
  overlay(sessionId: string, on: boolean): void;
  exportAs(sessionId: string, format: 'csv' | 'json'): void;
  remove(sessionId: string): void;
  rerun(sessionId: string): void;
}

/** The history: every stored session, newest first, with its actions. */
export class SessionsList {
  readonly element: HTMLElement;
  private readonly body = h('tbody', {});

  constructor(private readonly actions: SessionActions) {
    this.element = h(
      'section',
      { class: 'sessions', 'aria-labelledby': 'sessions-title' },
      h('h2', { id: 'sessions-title' }, 'History'),
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          {},
          h('thead', {}, h('tr', {}, ...['Overlay', 'Started', 'File', 'Model', 'Endpoint', 'Settings', 'Runs', 'Hit rate', 'Actions'].map((c) => h('th', { scope: 'col' }, c)))),
          this.body,
        ),
      ),
    );
  }

  show(sessions: readonly SessionInfo[], overlaid: ReadonlySet<string>, current: string | undefined): void {
    if (sessions.length === 0) {
      replaceChildren(this.body, h('tr', {}, h('td', { colspan: 9 }, 'No sessions yet: run a test.')));
      return;
    }
    replaceChildren(
      this.body,
      ...sessions.map((s) => {
        const started = time(s.createdAt);
        const overlay = h('input', { type: 'checkbox', 'aria-label': `Overlay the session of ${started} on the chart` });
        overlay.checked = overlaid.has(s.sessionId);
        overlay.addEventListener('change', () => this.actions.overlay(s.sessionId, overlay.checked));
        const button = (label: string, name: string, run: () => void) =>
          h('button', { type: 'button', class: 'secondary', 'aria-label': `${name} the session of ${started}`, onclick: run }, label);
        return h(
          'tr',
          { class: s.sessionId === current ? 'current' : undefined },
          h('td', {}, overlay),
          h('td', {}, started),
          h('td', {}, s.promptFile ?? '—'),
          h('td', {}, s.model),
          h('td', {}, s.simulated ? `${s.endpointKind} (simulated)` : s.endpointKind),
          h('td', { class: 'settings-cell' }, settingsText(s)),
          h('td', { class: 'num' }, `${runsText(s)}${s.finished ? '' : ' · unfinished'}`),
          h('td', { class: 'num' }, percent(s.hitRate)),
          h(
            'td',
            { class: 'actions' },
            button('Show', 'Show', () => this.actions.show(s.sessionId)),
            button('Re-run', 'Run again with the settings of', () => this.actions.rerun(s.sessionId)),
            button('CSV', 'Export as CSV', () => this.actions.exportAs(s.sessionId, 'csv')),
            button('JSON', 'Export as JSON', () => this.actions.exportAs(s.sessionId, 'json')),
            button('Delete', 'Delete', () => this.actions.remove(s.sessionId)),
          ),
        );
      }),
    );
  }
}
