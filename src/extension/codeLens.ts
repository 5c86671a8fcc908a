import * as vscode from 'vscode';
import type { Analysis } from '../core/analyze';
import type { AnalysisService } from './analysisService';
import { modelLabel } from '../core/labels';
import { callUri } from './callUris';
import { CommandIds } from './commandIds';

/**
 * `Test caching…` and the model in use: at the top of every prompt file, and above every LLM call
 * of source code (each call opens the dashboard for its own request).
 */
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
    if (state.kind === 'source') {
      return (state.calls ?? []).flatMap(({ call, analysis }, i) => {
        const at = new vscode.Range(call.line - 1, 0, call.line - 1, 0);
        return [
          new vscode.CodeLens(at, {
            title: '$(beaker) Test caching…',
            tooltip: `Send this ${call.callee} request repeatedly in the dashboard`,
            command: CommandIds.testCaching,
            arguments: [callUri(doc.uri, i)],
          }),
          modelLens(at, doc.uri, analysis, 'from the call'),
        ];
      });
    }
    const top = new vscode.Range(0, 0, 0, 0);
    const lenses = [
      new vscode.CodeLens(top, { title: '$(beaker) Test caching…', command: CommandIds.testCaching, arguments: [doc.uri] }),
    ];
    if (state.analysis) lenses.push(modelLens(top, doc.uri, state.analysis, 'from the file'));
    return lenses;
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

function modelLens(at: vscode.Range, uri: vscode.Uri, a: Analysis, fromFile: string): vscode.CodeLens {
  const from = a.modelSource === 'override' ? 'chosen for this file' : a.modelSource === 'file' ? fromFile : 'default';
  return new vscode.CodeLens(at, {
    title: `$(symbol-namespace) ${modelLabel(a.model)} (${from})`,
    tooltip: 'Change the model used to count tokens and apply cache rules',
    command: CommandIds.selectModel,
    arguments: [uri],
  });
}
