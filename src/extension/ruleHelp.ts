import * as vscode from 'vscode';
import { CommandIds } from './commandIds';

/** The rule explanations shipped in the VSIX: docs/rules.md, one `## <rule id>` heading per rule. */
export function rulesDocument(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'docs', 'rules.md');
}

/**
 * The link of a diagnostic's rule code. A command, not a web page: the explanation ships with the
 * extension, so it opens offline and always matches the installed version.
 */
export function ruleHelpUri(rule: string): vscode.Uri {
  return vscode.Uri.parse(`command:${CommandIds.showRuleHelp}?${encodeURIComponent(JSON.stringify([rule]))}`);
}

/** What the rule help opened, for the integration tests. */
export interface RuleHelpShown {
  document: string;
  /** The heading's anchor; empty for a rule the document does not explain. */
  fragment: string;
  /** 0-based line of the heading. */
  line: number;
  /** False when the Markdown preview could not open and the text editor shows the heading instead. */
  preview: boolean;
}

/** 0-based line of the `## <rule>` heading, or -1. */
export function headingLine(markdown: string, rule: string): number {
  return markdown.split(/\r?\n/).findIndex((line) => line.trim() === `## ${rule}`);
}

/** Opens the bundled docs/rules.md in the Markdown preview at the rule's heading. */
export async function showRuleHelp(extensionUri: vscode.Uri, rule: unknown): Promise<RuleHelpShown> {
  const document = rulesDocument(extensionUri);
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(document));
  const line = typeof rule === 'string' ? headingLine(text, rule) : -1;
  // Rule ids are their headings' anchors (docs/rules.md gives each an explicit `<a id>`).
  const fragment = line >= 0 ? String(rule) : '';
  try {
    await vscode.commands.executeCommand('markdown.showPreview', document.with({ fragment }));
    return { document: document.toString(), fragment, line, preview: true };
  } catch {
    // The built-in Markdown extension is disabled: the source at the heading says the same.
    const at = new vscode.Position(Math.max(line, 0), 0);
    await vscode.window.showTextDocument(document, { selection: new vscode.Range(at, at), preview: true });
    return { document: document.toString(), fragment, line, preview: false };
  }
}
