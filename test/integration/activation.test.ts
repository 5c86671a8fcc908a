import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAll, open, state } from './helpers';

suite('activation', () => {
  // Runs first (suites run in file name order): nothing has analysed a prompt yet.
  test('ordinary JSON and Markdown files activate the extension without starting the tokenizer', async () => {
    const ext = vscode.extensions.getExtension('prompt-cache-lens.prompt-cache-lens');
    assert.ok(ext, 'extension is installed');
    const json = await open('config.json');
    await open('notes.md', vscode.ViewColumn.Two);
    await ext.activate();
    const s = await state(json.document.uri);
    assert.equal(s.tracked, false, 'an ordinary JSON file is not a prompt');
    assert.equal(s.activation.workersStarted, 0, 'no analysis worker, so no tokenizer, was started');
    assert.equal(s.activation.featuresLoaded, false, 'the dashboard bundle is not loaded');
    assert.equal(s.statusBar.visible, false);
    const { bundleLoadMs, hostWaitMs, activateMs } = s.activation;
    assert.ok(typeof bundleLoadMs === 'number' && typeof hostWaitMs === 'number' && typeof activateMs === 'number', 'activate() measured itself');
    console.log(
      `      activation: bundle evaluated in ${bundleLoadMs.toFixed(1)} ms + activate() ${activateMs.toFixed(1)} ms = ${(bundleLoadMs + activateMs).toFixed(1)} ms` +
        ` (VS Code's own wait between them: ${hostWaitMs.toFixed(1)} ms)`,
    );
    await closeAll();
  });

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
