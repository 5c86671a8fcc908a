import type { SessionInfo } from '../shared/protocol';
import { breakableText, h, replaceChildren } from './dom';
import { percent, time } from './format';
import { runsText, settingsText } from './settingsText';

export interface SessionActions {
  show(sessionId: string): void;
  overlay(sessionId: string, on: boolean): void;
  exportAs(sessionId: string, format: 'csv' | 'json'): void;
  remove(sessionId: string): void;
  rerun(sessionId: string): void;
  /** The user asked for the sessions of every file, or only of the one tested. */
  allFiles(on: boolean): void;
}

/** The history: the stored sessions of the tested file (or of every file), newest first, with their actions. */
export class SessionsList {
  readonly element: HTMLElement;
  private readonly body = h('tbody', {});
  private readonly allFiles = h('input', { type: 'checkbox', class: 'all-files' });
  private readonly allFilesCount = h('span', {});
  private readonly allFilesToggle = h('p', { class: 'all-files-toggle' }, h('label', {}, this.allFiles, this.allFilesCount));

  constructor(private readonly actions: SessionActions) {
    this.allFiles.addEventListener('change', () => this.actions.allFiles(this.allFiles.checked));
    this.element = h(
      'section',
      { class: 'sessions', 'aria-labelledby': 'sessions-title' },
      h('h2', { id: 'sessions-title' }, 'History'),
      this.allFilesToggle,
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          {},
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ...['Overlay', 'Started', 'File', 'Model', 'Endpoint', 'Settings', 'Runs', 'Hit rate'].map((c) => h('th', { scope: 'col' }, c)),
              // Stacked in a narrow panel, the buttons need no name before them.
              h('th', { scope: 'col', 'data-label': '' }, 'Actions'),
            ),
          ),
          this.body,
        ),
      ),
    );
  }

  /** `otherFiles`: sessions of other files, left out unless `allFiles` (they are counted on the toggle). */
  show(sessions: readonly SessionInfo[], overlaid: ReadonlySet<string>, current: string | undefined, otherFiles = 0, allFiles = false): void {
    this.allFiles.checked = allFiles;
    this.allFilesToggle.hidden = otherFiles === 0;
    this.allFilesCount.textContent = ` Show the sessions of other files too (${otherFiles})`;
    if (sessions.length === 0) {
      const empty = otherFiles > 0 ? 'No sessions for this file yet: run a test.' : 'No sessions yet: run a test.';
      replaceChildren(this.body, h('tr', {}, h('td', { colspan: 9 }, empty)));
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
          h('td', { class: 'settings-cell' }, ...breakableText(settingsText(s))),
          h('td', { class: 'num' }, `${runsText(s)}${s.finished ? '' : ' · unfinished'}`),
          h('td', { class: 'num' }, percent(s.hitRate)),
          // The buttons wrap onto a second line rather than run past the panel's edge.
          h(
            'td',
            { class: 'actions-cell' },
            h(
              'div',
              { class: 'actions' },
              button('Show', 'Show', () => this.actions.show(s.sessionId)),
              button('Re-run', 'Run again with the settings of', () => this.actions.rerun(s.sessionId)),
              button('CSV', 'Export as CSV', () => this.actions.exportAs(s.sessionId, 'csv')),
              button('JSON', 'Export as JSON', () => this.actions.exportAs(s.sessionId, 'json')),
              button('Delete', 'Delete', () => this.actions.remove(s.sessionId)),
            ),
          ),
        );
      }),
    );
  }
}
