import * as vscode from 'vscode';
import { formatCount } from '../core/labels';
import type { AnalysisService } from './analysisService';
import type { LensConfig } from './config';

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

/** The hints of the document; with `range`, only those on its lines (20,000 tools: only the visible ones). */
export function hintsFor(doc: vscode.TextDocument, service: AnalysisService, range?: vscode.Range): vscode.InlayHint[] {
  const a = service.get(doc.uri)?.analysis;
  if (!a) return [];
  const hints: vscode.InlayHint[] = [];
  const usedLines = new Set<number>();
  const from = range ? doc.offsetAt(new vscode.Position(range.start.line, 0)) : 0;
  const to = range ? doc.offsetAt(doc.lineAt(Math.min(range.end.line, doc.lineCount - 1)).range.end) : Number.POSITIVE_INFINITY;
  for (const s of a.segments) {
    if (!s.range || s.kind === 'priming') continue;
    if (s.range.start < from || s.range.start > to) continue;
    const line = doc.positionAt(s.range.start).line;
    // A tool and its tools block can start on one line: keep the first (outer) count only.
    if (usedLines.has(line)) continue;
    usedLines.add(line);
    const hint = new vscode.InlayHint(
      doc.lineAt(line).range.end,
      `${formatCount(s.tokens)} tok · Σ ${formatCount(s.runningTotal)}`,
    );
    hint.paddingLeft = true;
    hint.tooltip = `${s.label}: ${formatCount(s.tokens)} tokens; ${formatCount(s.runningTotal)} tokens up to its end`;
    hints.push(hint);
  }
  return hints;
}
