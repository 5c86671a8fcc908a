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
    return hintsFor(doc, this.service).filter((h) => range.contains(h.position));
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

export function hintsFor(doc: vscode.TextDocument, service: AnalysisService): vscode.InlayHint[] {
  const a = service.get(doc.uri)?.analysis;
  if (!a) return [];
  const hints: vscode.InlayHint[] = [];
  const usedLines = new Set<number>();
  for (const s of a.segments) {
    if (!s.range || s.kind === 'priming') continue;
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
