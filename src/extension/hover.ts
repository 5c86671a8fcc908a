import * as vscode from 'vscode';
import type { Analysis, SegmentSummary } from '../core/analyze';
import type { ProviderFigure } from '../core/providerFigure';
import type { CallResult } from './analysisClient';
import { analysesOf, type AnalysisService } from './analysisService';
import { callUri } from './callUris';
import { CommandIds } from './commandIds';
import { boundaryHoverMarkdown, segmentHoverMarkdown } from './hoverMarkdown';

/** Source offset of the last token that comes from the file, or -1. */
function lastSourceOffset(a: Analysis): number {
  const offsets = a.rendered.sourceOffsets;
  for (let i = offsets.length - 1; i >= 0; i--) if (offsets[i] >= 0) return offsets[i];
  return -1;
}

export class CacheHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly service: AnalysisService,
    private readonly figureFor: (uri: vscode.Uri) => ProviderFigure | undefined = () => undefined,
  ) {}

  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const state = this.service.get(doc.uri);
    const offset = doc.offsetAt(position);
    // In source code the call under the cursor comes first; a prompt file has one request.
    const shown = analysesOf(state).sort((x, y) => Number(holds(y.call?.range, offset)) - Number(holds(x.call?.range, offset)));
    if (shown.length === 0) return undefined;
    // The provider's figure for a prompt file, or for the call (known by its `#call-<n>` URI).
    const calls = state?.calls ?? [];
    const figureOf = (call: CallResult['call'] | undefined) => {
      if (state?.kind === 'prompt') return this.figureFor(doc.uri);
      const index = calls.findIndex((c) => c.call === call);
      return index >= 0 ? this.figureFor(callUri(doc.uri, index)) : undefined;
    };
    for (const { analysis: a, call } of shown) {
      const figure = figureOf(call);
      // A fully static prompt has its boundary where its last token is: it gets the hover there.
      const lastText = a.firstDynamic ? -1 : lastSourceOffset(a);
      const boundaryLine = a.firstDynamic ? a.firstDynamic.line - 1 : lastText >= 0 ? doc.positionAt(lastText).line : undefined;
      if (boundaryLine === position.line) return new vscode.Hover(trusted(boundaryHoverMarkdown(a, figure)));
    }
    // The innermost section under the cursor (a tool inside the tools block, a message).
    let best: { a: Analysis; s: SegmentSummary; call?: CallResult['call'] } | undefined;
    for (const { analysis: a, call } of shown) {
      for (const s of a.segments) {
        if (!s.range || offset < s.range.start || offset > s.range.end) continue;
        if (!best?.s.range || s.range.end - s.range.start < best.s.range.end - best.s.range.start) best = { a, s, call };
      }
    }
    if (!best?.s.range) return undefined;
    const firstLine = doc.positionAt(best.s.range.start).line;
    if (position.line !== firstLine) return undefined;
    const md = trusted(`${segmentHoverMarkdown(best.a, best.s)}\n\n---\n\n${boundaryHoverMarkdown(best.a, figureOf(best.call))}`);
    return new vscode.Hover(md, doc.lineAt(firstLine).range);
  }
}

/** Markdown whose one command link (the full estimate reasons in the report) may run. */
function trusted(markdown: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(markdown);
  md.isTrusted = { enabledCommands: [CommandIds.showReport] };
  return md;
}

function holds(range: { start: number; end: number } | undefined, offset: number): boolean {
  return range !== undefined && offset >= range.start && offset <= range.end;
}
