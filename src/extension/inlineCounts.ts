import * as vscode from 'vscode';
import type { SegmentSummary } from '../core/analyze';
import { formatCount } from '../core/labels';
import { analysesOf, type AnalysisService, type ShownAnalysis } from './analysisService';
import type { LensConfig } from './config';
import { segmentAnchor } from './segmentAnchor';

/** `312 tok · Σ 1,024` at the first line of every message, tool and section. */
export class TokenCountHints implements vscode.InlayHintsProvider {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeInlayHints = this.emitter.event;

  constructor(
    private readonly service: AnalysisService,
    private readonly getConfig: () => LensConfig,
  ) {}

  refresh(): void {
    this.emitter.fire();
  }

  provideInlayHints(doc: vscode.TextDocument, range: vscode.Range): vscode.InlayHint[] {
    if (!this.getConfig().inlineCounts) return [];
    return hintsFor(doc, this.service, range).filter((h) => range.contains(h.position));
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

/**
 * The hints of the document; with `range`, only those on its lines (20,000 tools: only the visible
 * ones). Source code gets the hints of every LLM call, each with its own running total.
 */
export function hintsFor(doc: vscode.TextDocument, service: AnalysisService, range?: vscode.Range): vscode.InlayHint[] {
  const from = range ? doc.offsetAt(new vscode.Position(range.start.line, 0)) : 0;
  const to = range ? doc.offsetAt(doc.lineAt(Math.min(range.end.line, doc.lineCount - 1)).range.end) : Number.POSITIVE_INFINITY;
  return analysesOf(service.get(doc.uri)).flatMap((shown) => analysisHints(doc, shown, from, to));
}

/** Each section of a request with where its count goes; a section with no place in the file is left out. */
export function sectionStarts(doc: vscode.TextDocument, { analysis, call }: ShownAnalysis): Array<{ segment: SegmentSummary; start: number }> {
  const read = (start: number, end: number) => doc.getText(new vscode.Range(doc.positionAt(start), doc.positionAt(end)));
  return analysis.segments.flatMap((segment) => {
    if (segment.kind === 'priming') return [];
    const start = segmentAnchor(analysis, segment, read, call?.range);
    return start === undefined ? [] : [{ segment, start }];
  });
}

function analysisHints(doc: vscode.TextDocument, shown: ShownAnalysis, from: number, to: number): vscode.InlayHint[] {
  const a = shown.analysis;
  const hints: vscode.InlayHint[] = [];
  const hasTools = a.segments.some((s) => s.kind === 'tool');
  // One count per line: a tool wins over the tools block that starts on its line, so every tool
  // shows its own tokens and the running total only grows.
  const byLine = new Map<number, { shown: SegmentSummary; block?: SegmentSummary }>();
  for (const { segment: s, start } of sectionStarts(doc, shown)) {
    if (start < from || start > to) continue;
    const line = doc.positionAt(start).line;
    const there = byLine.get(line);
    if (!there) byLine.set(line, s.kind === 'tools' ? { shown: s, block: s } : { shown: s });
    else if (there.shown.kind === 'tools' && s.kind === 'tool') byLine.set(line, { shown: s, block: there.shown });
  }
  for (const [line, { shown: s, block }] of byLine) {
    // The tools block's total would run ahead of its first tool's: it is given without Σ.
    // A response schema inside the system message is counted there: no running total of its own.
    const label =
      s.kind === 'tools' && hasTools
        ? `${formatCount(s.tokens)} tok in tools`
        : s.within !== undefined && s.kind !== 'tool'
          ? `${formatCount(s.tokens)} tok in ${s.within}`
          : `${formatCount(s.tokens)} tok · Σ ${formatCount(s.runningTotal)}`;
    const hint = new vscode.InlayHint(doc.lineAt(line).range.end, label);
    hint.paddingLeft = true;
    const blockNote = block && block !== s ? `; ${block.label} together: ${formatCount(block.tokens)} tokens` : '';
    hint.tooltip =
      s.within !== undefined && s.kind !== 'tool'
        ? `${s.label}: ${formatCount(s.tokens)} tokens, part of the ${s.within}`
        : `${s.label}: ${formatCount(s.tokens)} tokens; ${formatCount(s.runningTotal)} tokens up to its end${blockNote}`;
    hints.push(hint);
  }
  return hints;
}
