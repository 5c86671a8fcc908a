import type * as vscode from 'vscode';
import { RunFormSchema, UiStateSchema, type RunForm, type UiState } from '../../shared/protocol';

const KEY = 'promptCacheLens.dashboard.ui';
/** Forms kept per file; the oldest is forgotten beyond this. */
const MAX_FILES = 30;

interface Stored {
  /** The form last used for each file URI, most recent last. */
  forms: [string, RunForm][];
  overlaid: string[];
  current?: string;
  /** The file the overlaid and shown sessions were tested on: another file does not get them. */
  sessionsFileUri?: string;
}

/**
 * The dashboard's UI state kept in the workspace, so closing and reopening the panel brings back
 * the form (per file), the overlaid sessions and the shown session. No data: runs come from history.
 */
export class UiMemory {
  constructor(private readonly memento: vscode.Memento) {}

  /** The saved state for a file: its own form, and the sessions the page showed last when they were of this file. */
  recall(fileUri: string | undefined): UiState | undefined {
    const stored = this.read();
    if (!stored) return undefined;
    const form = fileUri ? stored.forms.find(([uri]) => uri === fileUri)?.[1] : undefined;
    const sameFile = fileUri !== undefined && stored.sessionsFileUri === fileUri;
    return {
      ...(fileUri ? { fileUri } : {}),
      ...(form ? { form } : {}),
      overlaid: sameFile ? stored.overlaid : [],
      ...(sameFile && stored.current ? { current: stored.current } : {}),
    };
  }

  async remember(state: UiState): Promise<void> {
    const stored = this.read() ?? { forms: [], overlaid: [] };
    let forms = stored.forms;
    if (state.fileUri && state.form) {
      forms = [...forms.filter(([uri]) => uri !== state.fileUri), [state.fileUri, state.form] as [string, RunForm]].slice(-MAX_FILES);
    }
    const next: Stored = {
      forms,
      overlaid: state.overlaid,
      ...(state.current ? { current: state.current } : {}),
      ...(state.fileUri ? { sessionsFileUri: state.fileUri } : {}),
    };
    await this.memento.update(KEY, next);
  }

  /** Forgets a deleted session. */
  async forget(sessionId: string): Promise<void> {
    const stored = this.read();
    if (!stored) return;
    const { current, ...rest } = stored;
    await this.memento.update(KEY, { ...rest, overlaid: stored.overlaid.filter((id) => id !== sessionId), ...(current && current !== sessionId ? { current } : {}) });
  }

  /** Whatever an older or damaged value holds that no longer validates is dropped. */
  private read(): Stored | undefined {
    const raw = this.memento.get<unknown>(KEY);
    if (!raw || typeof raw !== 'object') return undefined;
    const value = raw as Partial<Stored>;
    const forms = Array.isArray(value.forms)
      ? value.forms.flatMap((entry): [string, RunForm][] => {
          if (!Array.isArray(entry) || typeof entry[0] !== 'string') return [];
          const form = RunFormSchema.safeParse(entry[1]);
          return form.success ? [[entry[0], form.data]] : [];
        })
      : [];
    const view = UiStateSchema.safeParse({ overlaid: value.overlaid ?? [], ...(value.current ? { current: value.current } : {}) });
    return {
      forms,
      overlaid: view.success ? view.data.overlaid : [],
      ...(view.success && view.data.current ? { current: view.data.current } : {}),
      ...(typeof value.sessionsFileUri === 'string' ? { sessionsFileUri: value.sessionsFileUri } : {}),
    };
  }
}
