import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAll, lineOf, open, waitForState, workspaceFile } from './helpers';

suite('editor: diagnostics, quick fixes, bad input', () => {
  teardown(closeAll);

  test('a date early in the system prompt is an error with its rule, a help link and a Quick Fix that restores caching', async () => {
    const editor = await open('breaker.prompty');
    const doc = editor.document;
    const s = await waitForState((x) => (x.diagnostics?.length ?? 0) > 0, doc.uri);
    const dateLine = lineOf(doc, 'Current date:');
    const error = s.diagnostics!.find((d) => d.code === 'labelled-dynamic-line');
    assert.ok(error, JSON.stringify(s.diagnostics));
    assert.equal(error.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(error.range[0], dateLine);
    // The bundled explanation of the rule (see ruleHelp.test.ts), not a web page.
    assert.equal(decodeURIComponent(error.target ?? ''), 'command:promptCacheLens.showRuleHelp?["labelled-dynamic-line"]');
    assert.equal(s.analysis!.cacheableTokens, 0);

    const diagnostic = vscode.languages.getDiagnostics(doc.uri).find((d) => typeof d.code === 'object' && d.code.value === 'labelled-dynamic-line')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diagnostic.range);
    const fix = actions.find((a) => a.kind?.value === 'quickfix' && a.edit);
    assert.ok(fix, `quick fixes: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    const fixed = await waitForState((x) => (x.analysis?.cacheableTokens ?? 0) >= 1024, doc.uri);
    assert.ok(!fixed.diagnostics!.some((d) => d.severity === vscode.DiagnosticSeverity.Error));
    assert.ok(lineOf(doc, 'Current date:') > lineOf(doc, 'user:'), 'the dynamic line moved after the static prefix');
  });

  test('a prompt longer than the model accepts is an error on the model name, and the status bar turns red and says why', async () => {
    const editor = await open('too-long-for-gpt-4.json');
    const doc = editor.document;
    const s = await waitForState((x) => (x.diagnostics ?? []).some((d) => d.code === 'context-window-exceeded'), doc.uri);
    const error = s.diagnostics!.find((d) => d.code === 'context-window-exceeded')!;
    assert.equal(error.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(error.range[0], lineOf(doc, '"model"'));
    assert.match(error.message, /gpt-4 accepts at most 8,192 tokens \(its context window\), so the API rejects the request/);
    assert.ok(s.analysis!.promptTokens > 8192);
    assert.equal(s.statusBar.background, 'statusBarItem.errorBackground');
    assert.match(s.statusBar.tooltip ?? '', /Too long for the model:/);
  });

  test('a strict tool schema OpenAI refuses is an error on the tool, and its Quick Fix makes the schema valid', async () => {
    const editor = await open('strict-tool.json');
    const doc = editor.document;
    const s = await waitForState((x) => (x.diagnostics ?? []).some((d) => d.code === 'strict-schema-rejected'), doc.uri);
    const error = s.diagnostics!.find((d) => d.code === 'strict-schema-rejected')!;
    assert.equal(error.severity, vscode.DiagnosticSeverity.Error);
    // Underlined where it names the object, the `"permissions"` key, not the whole tool.
    assert.equal(error.range[0], lineOf(doc, '"permissions"'));
    assert.equal(error.range[2], lineOf(doc, '"permissions"'));
    assert.match(error.message, /OpenAI rejects the request \(400\): the object at properties › permissions does not say `"additionalProperties": false`.*\(1 more place to fix\)/);

    const diagnostic = vscode.languages.getDiagnostics(doc.uri).find((d) => typeof d.code === 'object' && d.code.value === 'strict-schema-rejected')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diagnostic.range);
    const fix = actions.find((a) => a.kind?.value === 'quickfix' && a.edit && /strict-mode valid/.test(a.title));
    assert.ok(fix, `quick fixes: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    await waitForState((x) => Boolean(x.analysis) && !(x.diagnostics ?? []).some((d) => d.code === 'strict-schema-rejected'), doc.uri);
    const permissions = JSON.parse(doc.getText()).tools[0].function.parameters.properties.permissions;
    assert.deepEqual(permissions.required, ['read', 'write']);
    assert.equal(permissions.additionalProperties, false);
    // Written as the file writes it: the one-line list grows on its line, the new key on a line of its own.
    assert.match(doc.getText(), /\n {14}"required": \["read", "write"\],\n {14}"additionalProperties": false\n {12}\}/);
  });

  test('max_tokens sent to o3-mini is an error on the key, and its Quick Fix sends max_completion_tokens', async () => {
    const editor = await open('reasoning-max-tokens.json');
    const doc = editor.document;
    const s = await waitForState((x) => (x.diagnostics ?? []).some((d) => d.code === 'request-refused'), doc.uri);
    const error = s.diagnostics!.find((d) => d.code === 'request-refused')!;
    assert.equal(error.severity, vscode.DiagnosticSeverity.Error);
    const line = lineOf(doc, '"max_tokens"');
    assert.deepEqual(error.range, [line, doc.lineAt(line).text.indexOf('max_tokens'), line, doc.lineAt(line).text.indexOf('max_tokens') + 'max_tokens'.length]);
    assert.match(error.message, /^o3-mini refuses `max_tokens` on Chat Completions: the API answers 400/);

    const diagnostic = vscode.languages.getDiagnostics(doc.uri).find((d) => typeof d.code === 'object' && d.code.value === 'request-refused')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diagnostic.range);
    const fix = actions.find((a) => a.kind?.value === 'quickfix' && a.edit && /max_completion_tokens/.test(a.title));
    assert.ok(fix, `quick fixes: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    await waitForState((x) => Boolean(x.analysis) && !(x.diagnostics ?? []).some((d) => d.code === 'request-refused'), doc.uri);
    assert.equal(JSON.parse(doc.getText()).max_completion_tokens, 800);
    assert.ok(!('max_tokens' in JSON.parse(doc.getText())));
  });

  test('a Responses request with max_completion_tokens and JSON mode never asked for: two errors, each gone with its Quick Fix', async () => {
    const editor = await open('responses-refused.json');
    const doc = editor.document;
    const refusedOf = (x: { diagnostics?: Array<{ code?: string; message: string }> }) => (x.diagnostics ?? []).filter((d) => d.code === 'request-refused');
    const s = await waitForState((x) => refusedOf(x).length === 2, doc.uri);
    assert.deepEqual(
      refusedOf(s).map((d) => d.message.split(':')[0]),
      ['The Responses API has no `max_completion_tokens`', 'JSON mode (`text.format']
    );
    const applyFix = async (title: RegExp) => {
      const diagnostic = vscode.languages.getDiagnostics(doc.uri).find((d) => typeof d.code === 'object' && d.code.value === 'request-refused')!;
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diagnostic.range);
      const fix = actions.find((a) => a.kind?.value === 'quickfix' && a.edit && title.test(a.title));
      assert.ok(fix, `quick fixes: ${actions.map((a) => a.title).join(', ')}`);
      assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    };
    await applyFix(/max_output_tokens/);
    await waitForState((x) => refusedOf(x).length === 1, doc.uri);
    await applyFix(/Ask for JSON at the end of the user message/);
    await waitForState((x) => Boolean(x.analysis) && refusedOf(x).length === 0, doc.uri);
    const body = JSON.parse(doc.getText());
    assert.equal(body.max_output_tokens, 300);
    assert.ok(!('max_completion_tokens' in body));
    assert.equal(body.input[0].content, 'List three hut rules.\n\nAnswer in JSON.');
  });

  test('a minified request on one line with no final newline gets its boundary label, counts and status bar', async () => {
    const editor = await open('one-line.json');
    const doc = editor.document;
    assert.equal(doc.lineCount, 1);
    const s = await waitForState((x) => Boolean(x.analysis) && !x.busy && /tok · [\d,]+ cacheable · gpt-4o-mini/.test(x.statusBar.text ?? ''), doc.uri);
    assert.doesNotMatch(s.statusBar.text ?? '', /analysing/);
    assert.match(s.decorations?.labels.boundary ?? '', /static prefix [\d,]+ tokens/);
    assert.ok((s.diagnostics ?? []).some((d) => d.code === 'prefix-below-minimum'));
    // The line runs past the view: its count is drawn where the text starts, not after 188 characters.
    const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', doc.uri, new vscode.Range(0, 0, 1, 0));
    assert.ok(hints.length >= 1, 'a count on the line');
    assert.deepEqual(
      hints.map((h) => [h.position.line, h.position.character]),
      hints.map(() => [0, 0]),
      hints.map((h) => `${String(h.label)} at ${h.position.character}`).join(' | '),
    );
  });

  test('malformed JSON shows one error at its position; the last good decorations stay, dimmed', async () => {
    const editor = await open('broken.json');
    const doc = editor.document;
    const broken = await waitForState((x) => Boolean(x.parseError), doc.uri);
    assert.equal(broken.diagnostics!.length, 1);
    assert.equal(broken.diagnostics![0].code, 'parse-error');
    assert.equal(broken.diagnostics![0].range[0], lineOf(doc, '"user" "content"'));
    assert.match(broken.statusBar.text ?? '', /does not parse/);

    // Repair it: decorations appear.
    const bad = doc.getText().indexOf('"user" "content"') + '"user"'.length;
    await editor.edit((e) => e.insert(doc.positionAt(bad), ','));
    const good = await waitForState((x) => Boolean(x.analysis) && !x.parseError && !x.stale, doc.uri);
    assert.deepEqual(good.diagnostics!.filter((d) => d.code === 'parse-error'), []);
    assert.ok(good.decorations?.labels.boundary);

    // Break it again: the last good analysis stays, drawn dimmed, with one error.
    await editor.edit((e) => e.insert(doc.positionAt(doc.getText().lastIndexOf('}')), '!!'));
    const stale = await waitForState((x) => x.stale && Boolean(x.parseError), doc.uri);
    assert.equal(stale.decorations?.stale, true);
    assert.match(stale.decorations?.labels.boundary ?? '', /outdated: the file does not parse/);
    assert.equal(stale.diagnostics!.length, 1);
    assert.equal(stale.analysis!.promptTokens, good.analysis!.promptTokens);
  });

  test('a file over the size limit shows a status bar notice instead of decorations', async () => {
    const config = vscode.workspace.getConfiguration('promptCacheLens');
    await config.update('maxFileSizeMB', 0.005, vscode.ConfigurationTarget.Global);
    try {
      const editor = await open('cached.prompty');
      const s = await waitForState((x) => Boolean(x.rejected), editor.document.uri);
      assert.match(s.rejected!, /^File is 9\.\d KB, over the 5\.1 KB limit for prompt files\.$/);
      assert.equal(s.statusBar.text, '$(warning) prompt not analysed');
      assert.ok(!s.decorations?.labels.boundary);
    } finally {
      await config.update('maxFileSizeMB', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('closing editors disposes their state: no tracked document, timer or drawn editor is left', async () => {
    for (const name of ['cached.prompty', 'breaker.prompty', 'anthropic.json']) {
      const editor = await open(name);
      await editor.edit((e) => e.insert(new vscode.Position(0, 0), ''));
    }
    await waitForState((x) => x.counts.documents >= 3);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const s = await waitForState((x) => x.counts.documents === 0, undefined, 20_000);
    assert.deepEqual(s.counts, { documents: 0, timers: 0, editorsDrawn: 0, watchedFolders: 0 });
    for (const name of ['cached.prompty', 'breaker.prompty']) {
      assert.deepEqual(vscode.languages.getDiagnostics(await workspaceFile(name)), [], `${name} has no diagnostics left`);
    }
  });
});
