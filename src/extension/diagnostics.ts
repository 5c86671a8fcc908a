import * as vscode from 'vscode';
import type { Finding } from '../core/analyze';
import { combineFixes, type TextEdit } from '../core/cache/breaker-fixes';
import { unparsedCallMessage, type UnparsedSourceCall } from '../core/sources/unparsedCall';
import { analysesOf, type DocumentState } from './analysisService';
import { ruleHelpUri } from './ruleHelp';

const SEVERITY: Record<Finding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/**
 * VS Code shows at most this many problems per file (the most severe first) and drops the rest;
 * building the dropped ones would only cost time on the extension host (20,000 findings: ~0.2 s).
 */
const MAX_DIAGNOSTICS = 1000;
const RANK: Record<Finding['severity'], number> = { error: 0, warning: 1, info: 2 };

/** The findings VS Code would show: the most severe first, in their order within a severity. */
export function shownFindings(findings: readonly Finding[]): readonly Finding[] {
  if (findings.length <= MAX_DIAGNOSTICS) return findings;
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => RANK[a.finding.severity] - RANK[b.finding.severity] || a.index - b.index)
    .slice(0, MAX_DIAGNOSTICS)
    .map((entry) => entry.finding);
}

/**
 * The findings of every request of the document. Two LLM calls that share a constant find the
 * same breaker in it: it is listed once.
 */
export function findingsOf(state: DocumentState | undefined): Finding[] {
  const shown = analysesOf(state);
  if (shown.length === 1) return shown[0].analysis.findings;
  const seen = new Set<string>();
  return shown.flatMap(({ analysis }) =>
    analysis.findings.filter((f) => {
      const key = `${f.rule}|${f.range?.start}|${f.range?.end}|${f.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    }),
  );
}

/** A finding tied to its diagnostic, so Quick Fixes can find the fix. */
export const findingOfDiagnostic = new WeakMap<vscode.Diagnostic, Finding>();

/** Cache breakers in the Problems panel; a file that does not parse shows one error at its position. */
export class CacheDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('prompt-cache-lens');

  update(doc: vscode.TextDocument, state: DocumentState | undefined): void {
    if (!state) {
      this.collection.delete(doc.uri);
      return;
    }
    if (state.parseError) {
      const at = doc.positionAt(state.parseError.offset);
      const range = doc.getWordRangeAtPosition(at) ?? new vscode.Range(at, at.translate(0, 1));
      const d = new vscode.Diagnostic(range, state.parseError.message, vscode.DiagnosticSeverity.Error);
      d.source = 'Prompt Cache Lens';
      d.code = { value: 'parse-error', target: ruleHelpUri('parse-error') };
      this.collection.set(doc.uri, [d]);
      return;
    }
    // Source code: an LLM call a syntax error keeps from being read is not counted, and says so.
    const unparsed = state.rejected ? [] : (state.unparsedCalls ?? []).map((call) => unparsedCallDiagnostic(doc, call));
    const shown = analysesOf(state);
    if (shown.length === 0 || state.rejected) {
      this.collection.set(doc.uri, unparsed);
      return;
    }
    const diagnostics = shownFindings(findingsOf(state)).map((f) => {
      const start = f.range ? doc.positionAt(f.range.start) : new vscode.Position(0, 0);
      const end = f.range ? doc.positionAt(f.range.end) : start;
      const d = new vscode.Diagnostic(new vscode.Range(start, end), f.message, SEVERITY[f.severity]);
      d.source = 'Prompt Cache Lens';
      d.code = { value: f.rule, target: ruleHelpUri(f.rule) };
      findingOfDiagnostic.set(d, f);
      return d;
    });
    this.collection.set(doc.uri, [...unparsed, ...diagnostics]);
  }

  dispose(): void {
    this.collection.dispose();
  }
}

/** The source action that applies every breaker's fix at once. */
const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('promptCacheLens');

function workspaceEdit(doc: vscode.TextDocument, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) {
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.range.start), doc.positionAt(e.range.end)), e.newText);
  }
  return edit;
}

/** Quick Fixes for findings whose fix is mechanical, and "Fix all cache breakers in file". */
export class CacheFixProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND];

  constructor(private readonly findingsOf: (doc: vscode.TextDocument) => readonly Finding[] | undefined) {}

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const only = context.only;
    if (only && (only.contains(FIX_ALL_KIND) || FIX_ALL_KIND.contains(only))) {
      const all = this.fixAll(doc);
      return all ? [all] : [];
    }
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      const finding = findingOfDiagnostic.get(diagnostic);
      if (!finding?.fix) continue;
      const action = new vscode.CodeAction(finding.fix.description, vscode.CodeActionKind.QuickFix);
      action.edit = workspaceEdit(doc, finding.fix.edits);
      action.diagnostics = [diagnostic];
      action.isPreferred = true;
      actions.push(action);
    }
    const all = actions.length > 0 ? this.fixAll(doc) : undefined;
    if (all) actions.push(all);
    return actions;
  }

  /** Every fix of the file as one edit. */
  private fixAll(doc: vscode.TextDocument): vscode.CodeAction | undefined {
    // A schema strict mode refuses is fixed on its own Quick Fix: it breaks no cache.
    const fixes = (this.findingsOf(doc) ?? []).flatMap((f) => (f.fix && f.rule !== 'strict-schema-rejected' ? [f.fix] : []));
    if (fixes.length === 0) return undefined;
    const action = new vscode.CodeAction('Fix all cache breakers in file', FIX_ALL_KIND);
    action.edit = workspaceEdit(doc, combineFixes(fixes));
    return action;
  }
}

/** The Problem of an LLM call that does not parse, at its syntax error. */
function unparsedCallDiagnostic(doc: vscode.TextDocument, call: UnparsedSourceCall): vscode.Diagnostic {
  const at = doc.validatePosition(new vscode.Position(call.error.line - 1, call.error.column - 1));
  const range = doc.getWordRangeAtPosition(at) ?? new vscode.Range(at, at.translate(0, 1));
  const d = new vscode.Diagnostic(range, `${unparsedCallMessage(call)}: it is not counted until the syntax is fixed`, vscode.DiagnosticSeverity.Error);
  d.source = 'Prompt Cache Lens';
  d.code = { value: 'parse-error', target: ruleHelpUri('parse-error') };
  return d;
}
