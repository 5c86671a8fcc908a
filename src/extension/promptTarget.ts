import * as vscode from 'vscode';
import type { Analysis } from '../core/analyze';
import type { AnalysisService, DocumentState } from './analysisService';
import { callAt } from './callAtCursor';
import { callUri, parseCallUri } from './callUris';

/** The prompt a command acts on, with the document and state it belongs to. */
export interface PromptTarget {
  doc: vscode.TextDocument;
  state: DocumentState;
  analysis: Analysis;
  /** The URI the analysis is known by: the prompt file, or `<source>#call-<n>` for a call in code. */
  uri: vscode.Uri;
  /**
   * For a call in a source file, its 0-based index and line, and of how many; `first` when no call
   * was named or under the cursor and the first was taken.
   */
  call?: { index: number; line: number; of: number; first?: boolean };
}

/**
 * The prompt of the active editor, or of `uri` when given. In a source file it is the LLM call the
 * URI names (`#call-<n>`), else the call under the cursor, else the first.
 */
export function promptTarget(service: AnalysisService, uri?: vscode.Uri): PromptTarget | undefined {
  const named = uri ? parseCallUri(uri) : undefined;
  const editor = vscode.window.activeTextEditor;
  const doc = named ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === named.document.toString()) : editor?.document;
  const state = doc ? service.get(doc.uri) : undefined;
  if (!doc || !state) return undefined;
  if (state.kind === 'source') {
    const calls = state.calls ?? [];
    let index = named?.call;
    let first = false;
    if (index === undefined) {
      const here = editor?.document === doc ? callAt(state, doc.offsetAt(editor.selection.active)) : undefined;
      index = here ? calls.indexOf(here) : 0;
      first = !here;
    }
    const found = calls[index];
    if (!found) return undefined;
    const call = { index, line: found.call.line, of: calls.length, ...(first ? { first } : {}) };
    return { doc, state, analysis: found.analysis, uri: callUri(doc.uri, index), call };
  }
  return state.analysis ? { doc, state, analysis: state.analysis, uri: doc.uri } : undefined;
}
