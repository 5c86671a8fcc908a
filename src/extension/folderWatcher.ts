import { stat } from 'node:fs/promises';
import * as vscode from 'vscode';

/**
 * Watches the files directly inside `folder` (not recursively), inside the workspace or outside
 * it: a `RelativePattern` on a folder URI is what VS Code watches outside the workspace folders,
 * and a simple pattern needs no recursive watcher (nor does `files.watcherExclude` hide its
 * events). A folder that does not exist yet is watched once it appears. `onEvent` gets the file
 * system path of each file created, changed or deleted.
 */
export function watchFolder(folder: string, onEvent: (path: string) => void): vscode.Disposable {
  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(folder), '*'));
  const report = (uri: vscode.Uri) => onEvent(uri.fsPath);
  return vscode.Disposable.from(watcher, watcher.onDidCreate(report), watcher.onDidChange(report), watcher.onDidDelete(report));
}

/** When the file was last modified, as the analysis worker sees it (Node's file system), or undefined when it is not there. */
export async function modifiedAt(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).mtimeMs;
  } catch {
    return undefined;
  }
}
