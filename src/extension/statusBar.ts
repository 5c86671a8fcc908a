import * as vscode from 'vscode';
import { countOf, estimateSummary, formatCount, formatName, sizeSummary, statusLabel } from '../core/labels';
import { countNoteLine, figureTooltip, sourceSuffix } from '../core/providerFigure';
import { unparsedCallMessage, type UnparsedSourceCall } from '../core/sources/unparsedCall';
import type { CallResult } from './analysisClient';
import type { AnalysisService, DocumentState } from './analysisService';
import { callAt } from './callAtCursor';
import { CommandIds } from './commandIds';
import { pendingStatus } from './pendingStatus';
import { FIRST_CALLS_COUNTED, PROVIDER_COUNT_SCOPE } from './providerCountScope';
import { callUri } from './callUris';
import type { CountSource } from './providerCounts';

/**
 * Calls listed in a source file's tooltip: it is rebuilt on every cursor move, and a generated file
 * has thousands.
 */
const CALLS_LISTED = 20;

/**
 * Total · cacheable · model for the active prompt file; in source code the call under the cursor,
 * or the number of LLM calls and the one that caches least. Hidden for other files.
 */
export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  /** Tokens in the current selection, when one is made and counted. */
  private selectionTokens: number | undefined;

  constructor(
    private readonly service: AnalysisService,
    /** Whether the document is a prompt file (shown even before its first analysis). */
    private readonly isPrompt: (doc: vscode.TextDocument) => boolean,
    /** Where the token figure comes from: the provider's count, or offline. */
    private readonly countSource: (uri: vscode.Uri) => CountSource = () => ({ enabled: false }),
  ) {
    this.item = vscode.window.createStatusBarItem('promptCacheLens.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Prompt Cache Lens';
    this.item.command = CommandIds.openDashboard;
  }

  setSelectionTokens(count: number | undefined): void {
    this.selectionTokens = count;
    this.update();
  }

  get text(): string | undefined {
    return this.item.text ? this.item.text : undefined;
  }

  get visible(): boolean {
    return this.shown;
  }

  /** The theme colour behind the item (a warning or an error), if any. */
  get background(): string | undefined {
    return this.item.backgroundColor instanceof vscode.ThemeColor ? this.item.backgroundColor.id : undefined;
  }

  get tooltip(): string | undefined {
    const tooltip = this.item.tooltip;
    return typeof tooltip === 'string' ? tooltip : tooltip?.value;
  }

  private shown = false;

  update(): void {
    const editor = vscode.window.activeTextEditor;
    const state = editor ? this.service.get(editor.document.uri) : undefined;
    const source = state?.kind === 'source';
    const waiting = editor && (source || this.isPrompt(editor.document)) ? pendingStatus(state, this.service.ready) : undefined;
    // Source code shows while its first analysis runs, then only if it makes LLM calls.
    if (!editor || !(source ? state.calls?.length || state.unparsedCalls?.length || state.rejected || waiting : this.isPrompt(editor.document))) {
      this.item.hide();
      this.shown = false;
      return;
    }
    const selection = this.selectionTokens !== undefined ? ` · sel ${formatCount(this.selectionTokens)}` : '';
    if (source && state.calls?.length && !state.rejected) {
      this.showCalls(editor, state, state.calls, selection);
      return;
    }
    if (waiting) {
      this.item.text = waiting.text;
      this.item.tooltip = waiting.tooltip;
      this.item.backgroundColor = undefined;
    } else if (state?.rejected) {
      this.item.text = '$(warning) prompt not analysed';
      this.item.tooltip = state.rejected;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    } else if (state?.analysis) {
      const outdated = state.stale ? ' $(warning)' : '';
      const source = this.countSource(editor.document.uri);
      const suffix = sourceSuffix(source.figure, source.enabled, source.failed);
      // A long analysis of a newer version is under way: keep the figures, spin the icon.
      const icon = this.service.isSlow(editor.document.uri) ? '$(loading~spin)' : '$(database)';
      // A prompt the model cannot take: the API refuses it, whatever the cache would do.
      const tooLong = state.analysis.findings.find((f) => f.rule === 'context-window-exceeded');
      this.item.text = `${icon} ${statusLabel(state.analysis, source.figure?.inputTokens)}${suffix ? ` · ${suffix}` : ''}${selection}${outdated}`;
      this.item.tooltip = new vscode.MarkdownString(
        [
          `**Prompt Cache Lens** · ${formatName(state.analysis.format)}`,
          tooLong ? `**Too long for the model:** ${tooLong.message}.` : '',
          sizeSummary(state.analysis, { withStatic: true }),
          source.figure ? figureTooltip(state.analysis.promptTokens, source.figure) : '',
          estimateLine(state.analysis),
          !source.figure && source.note ? countNoteLine(source.note, source.failed) : '',
          state.stale && state.parseError ? `Outdated: ${state.parseError.message}` : '',
          this.service.isSlow(editor.document.uri) ? 'Analysing the latest edit…' : '',
          'Click to test caching with real requests in the dashboard.',
        ]
          .filter(Boolean)
          .join('\n\n'),
      );
      const tooLongColor = tooLong?.severity === 'error' ? 'statusBarItem.errorBackground' : 'statusBarItem.warningBackground';
      const background = state.stale ? 'statusBarItem.warningBackground' : tooLong ? tooLongColor : undefined;
      this.item.backgroundColor = background ? new vscode.ThemeColor(background) : undefined;
    } else if (state?.parseError) {
      this.item.text = '$(error) prompt does not parse';
      this.item.tooltip = state.parseError.message;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
    } else if (source && state.unparsedCalls?.length) {
      // No call could be read: say why rather than nothing.
      this.item.text = `$(error) ${state.unparsedCalls.length === 1 ? 'LLM call does' : `${state.unparsedCalls.length} LLM calls do`} not parse`;
      this.item.tooltip = unparsedLines(state.unparsedCalls);
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
    }
    this.item.show();
    this.shown = true;
  }

  private showCalls(editor: vscode.TextEditor, state: DocumentState, calls: CallResult[], selection: string): void {
    const here = callAt(state, editor.document.offsetAt(editor.selection.active));
    const icon = this.service.isSlow(editor.document.uri) ? '$(loading~spin)' : '$(database)';
    const count = countOf(calls.length, 'LLM call');
    let note = '';
    if (here) {
      const index = calls.indexOf(here);
      const source = this.countSource(callUri(editor.document.uri, index));
      const suffix = sourceSuffix(source.figure, source.enabled, source.failed);
      if (!source.figure && source.note) note = `Call ${index + 1}: ${countNoteLine(source.note, source.failed)}`;
      this.item.text = `${icon} call ${index + 1}/${calls.length} · ${statusLabel(here.analysis, source.figure?.inputTokens)}${suffix ? ` · ${suffix}` : ''}${selection}`;
    } else {
      // The call that leaves the most tokens uncached.
      const worst = calls.reduce((a, b) => (b.analysis.promptTokens - b.analysis.cacheableTokens > a.analysis.promptTokens - a.analysis.cacheableTokens ? b : a));
      const which = calls.length === 1 ? ' ·' : ` · worst line ${worst.call.line}:`;
      this.item.text = `${icon} ${count}${which} ${statusLabel(worst.analysis)}${selection}`;
    }
    this.item.tooltip = new vscode.MarkdownString(
      [
        `**Prompt Cache Lens** · ${count} in this file`,
        calls
          .slice(0, CALLS_LISTED)
          .map(({ call, analysis: a }, i) => {
            const figure = this.countSource(callUri(editor.document.uri, i)).figure;
            const counted = figure ? `; ${figureTooltip(a.promptTokens, figure)}` : '';
            const summary = estimateSummary(a);
            const estimate = a.estimate ? ` (estimate${summary ? `: ${summary}` : ''})` : '';
            return `- line ${call.line} \`${call.callee}\`: ${sizeSummary(a)}${estimate}${counted}`;
          })
          .join('\n'),
        note,
        calls.length > CALLS_LISTED ? `… and ${formatCount(calls.length - CALLS_LISTED)} more` : '',
        state.unparsedCalls?.length ? unparsedLines(state.unparsedCalls) : '',
        this.countSource(editor.document.uri).enabled && calls.length > FIRST_CALLS_COUNTED
          ? `Provider counting asks about ${PROVIDER_COUNT_SCOPE}; "Count Exactly with the Provider" counts any other.`
          : '',
        'Click to test caching with real requests in the dashboard.',
      ]
        .filter(Boolean)
        .join('\n\n'),
    );
    this.item.backgroundColor = undefined;
    this.item.show();
    this.shown = true;
  }

  dispose(): void {
    this.item.dispose();
  }
}

/** The tooltip's estimate line: the headlines of why the count is an estimate, or nothing. */
function estimateLine(a: Parameters<typeof estimateSummary>[0]): string {
  const summary = estimateSummary(a);
  return summary ? `Estimate: ${summary}` : '';
}

/** The LLM calls a syntax error keeps from being counted, one line each (the first few). */
function unparsedLines(calls: readonly UnparsedSourceCall[]): string {
  const listed = calls.slice(0, 3).map((call) => `Line ${call.line}: ${unparsedCallMessage(call)}; not counted.`);
  return [...listed, calls.length > 3 ? `… and ${calls.length - 3} more` : ''].filter(Boolean).join('\n\n');
}
