import * as vscode from 'vscode';
import type { SegmentSummary } from '../core/analyze';
import { callCountHints, requestCountHints, type CountHint } from '../core/countHints';
import { countAtLineStart } from '../core/editorView';
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
 * ones). Source code gets the hints of every LLM call, each with its own running total, one a line
 * where calls share a line.
 */
export function hintsFor(doc: vscode.TextDocument, service: AnalysisService, range?: vscode.Range): vscode.InlayHint[] {
  const from = range ? doc.offsetAt(new vscode.Position(range.start.line, 0)) : 0;
  const to = range ? doc.offsetAt(doc.lineAt(Math.min(range.end.line, doc.lineCount - 1)).range.end) : Number.POSITIVE_INFINITY;
  const calls = analysesOf(service.get(doc.uri)).map((shown) => ({ callLine: shown.call?.line, hints: analysisHints(doc, shown, from, to) }));
  return callCountHints(calls).map(({ line, label, tooltip }) => {
    const text = doc.lineAt(line);
    // After a line too long for the view the count would be out of sight: it goes where the text starts.
    const atStart = countAtLineStart(text.text);
    const hint = new vscode.InlayHint(atStart ? text.range.start.translate(0, text.firstNonWhitespaceCharacterIndex) : text.range.end, label);
    if (atStart) hint.paddingRight = true;
    else hint.paddingLeft = true;
    hint.tooltip = tooltip;
    return hint;
  });
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

function analysisHints(doc: vscode.TextDocument, shown: ShownAnalysis, from: number, to: number): CountHint[] {
  const sections = sectionStarts(doc, shown)
    .filter(({ start }) => start >= from && start <= to)
    .map(({ segment, start }) => ({ segment, line: doc.positionAt(start).line }));
  return requestCountHints(shown.analysis.segments, sections);
}
