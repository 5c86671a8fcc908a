import * as vscode from 'vscode';
import type { AnalysisService } from './analysisService';
import { CommandIds } from './commandIds';

/** `Test caching…` and the model in use, at the top of every prompt file. */
export class PromptCodeLens implements vscode.CodeLensProvider {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.emitter.event;

  constructor(private readonly service: AnalysisService) {}

  refresh(): void {
    this.emitter.fire();
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const state = this.service.get(doc.uri);
    if (!state) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    const lenses = [
      new vscode.CodeLens(top, { title: '$(beaker) Test caching…', command: CommandIds.testCaching, arguments: [doc.uri] }),
    ];
    const a = state.analysis;
    if (a) {
      const from = a.modelSource === 'override' ? 'chosen for this file' : a.modelSource === 'file' ? 'from the file' : 'default';
      lenses.push(
        new vscode.CodeLens(top, {
          title: `$(symbol-namespace) ${a.model} (${from})`,
          tooltip: 'Change the model used to count tokens and apply cache rules',
          command: CommandIds.selectModel,
          arguments: [doc.uri],
        }),
      );
    }
    return lenses;
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
