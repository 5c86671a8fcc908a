import * as vscode from 'vscode';

/**
 * One LLM call of a source file as a URI: the file's URI with `#call-<n>` (1-based, in source
 * order), so the dashboard, its saved form and its history tell the calls of one file apart.
 */
const CALL_FRAGMENT = /^call-(\d+)$/;

export function callUri(document: vscode.Uri, index: number): vscode.Uri {
  return document.with({ fragment: `call-${index + 1}` });
}

/** The document a URI names, and the call (0-based) when it names one. */
export function parseCallUri(uri: vscode.Uri): { document: vscode.Uri; call?: number } {
  const match = CALL_FRAGMENT.exec(uri.fragment);
  if (!match) return { document: uri };
  return { document: uri.with({ fragment: '' }), call: Number(match[1]) - 1 };
}
