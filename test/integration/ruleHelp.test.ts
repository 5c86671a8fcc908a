import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAll, open, sleep, waitForState } from './helpers';

/** What `promptCacheLens.showRuleHelp` opened (see RuleHelpShown). */
interface RuleHelpShown {
  document: string;
  fragment: string;
  line: number;
  preview: boolean;
}

function markdownPreviewTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.includes('markdown.preview'));
}

suite('rule help', () => {
  teardown(closeAll);

  test("a rule code's link opens the bundled docs/rules.md in the Markdown preview at the rule's heading", async () => {
    const editor = await open('breaker.prompty');
    const s = await waitForState((x) => (x.diagnostics ?? []).some((d) => d.target), editor.document.uri);
    for (const d of s.diagnostics ?? []) assert.doesNotMatch(d.target ?? '', /^https?:/, 'no rule link leaves VS Code');
    const diagnostic = s.diagnostics!.find((d) => d.target)!;
    const link = vscode.Uri.parse(diagnostic.target!);
    assert.equal(link.scheme, 'command');

    // What the Problems panel does with a command link: run the command with the link's arguments.
    const args = JSON.parse(link.query) as unknown[];
    const shown = await vscode.commands.executeCommand<RuleHelpShown>(link.path, ...args);
    const ext = vscode.extensions.getExtension('prompt-cache-lens.prompt-cache-lens')!;
    assert.equal(shown.document, vscode.Uri.joinPath(ext.extensionUri, 'docs', 'rules.md').toString());
    assert.equal(shown.fragment, diagnostic.code);
    assert.equal(shown.preview, true);
    const rules = await vscode.workspace.openTextDocument(vscode.Uri.parse(shown.document));
    assert.equal(rules.lineAt(shown.line).text, `## ${diagnostic.code}`);
    for (let i = 0; i < 100 && markdownPreviewTabs().length === 0; i++) await sleep(100);
    const [tab] = markdownPreviewTabs();
    assert.ok(tab, 'a Markdown preview is open');
    assert.match(tab.label, /rules\.md/);
  });
});
