import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

suite('activation', () => {
  test('opening a Prompty file activates the extension', async () => {
    const ext = vscode.extensions.getExtension('prompt-cache-lens.prompt-cache-lens');
    assert.ok(ext, 'extension is installed');
    const [file] = await vscode.workspace.findFiles('**/*.prompty', null, 1);
    assert.ok(file, 'the test workspace has a .prompty file');
    await vscode.window.showTextDocument(file);
    for (let i = 0; i < 100 && !ext.isActive; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(ext.isActive, true);
    const state = await vscode.commands.executeCommand<{ activated: boolean }>('promptCacheLens.internal.state');
    assert.equal(state.activated, true);
  });
});
