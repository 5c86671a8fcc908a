import * as vscode from 'vscode';
import type { TextSource } from './analysisClient';

/** The document's length in UTF-16 units, without `getText()` (which joins all its lines). */
export function documentLength(doc: vscode.TextDocument): number {
  return doc.offsetAt(doc.lineAt(doc.lineCount - 1).range.end);
}

/**
 * The document's text read in ranges, for the analysis worker: one `getText()` of a 20 MB document
 * joins all its lines in a single step on the extension host. Reads of a later version are refused.
 */
export function documentText(doc: vscode.TextDocument): TextSource {
  const version = doc.version;
  return {
    length: documentLength(doc),
    read: (start, end) => doc.getText(new vscode.Range(doc.positionAt(start), doc.positionAt(end))),
    unchanged: () => !doc.isClosed && doc.version === version,
  };
}
