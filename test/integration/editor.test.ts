import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { analyzePrompt } from '../../src/core/analyze';
import { countText } from '../../src/core/tokens/countText';
import { VISIBLE_COLUMNS } from '../../src/core/editorView';
import { closeAll, lineOf, open, state, waitForState, workspaceFile } from './helpers';

const fmt = (n: number) => n.toLocaleString('en-US');

suite('editor: boundary, counts, status bar, hover, CodeLens', () => {
  teardown(closeAll);

  test('a cached Prompty file shows its cacheable prefix, boundary and counts as the engine computes them', async () => {
    const editor = await open('cached.prompty');
    const doc = editor.document;
    const s = await waitForState((x) => Boolean(x.analysis && x.decorations?.labels.boundary), doc.uri);
    const expected = await analyzePrompt({ fileName: doc.fileName, text: doc.getText() });
    const a = s.analysis!;
    assert.equal(a.promptTokens, expected.promptTokens);
    assert.equal(a.cacheableTokens, expected.cacheableTokens);
    assert.equal(a.model, 'gpt-4o');
    // gpt-4o caches from 1,024 tokens in steps of 128.
    assert.ok(a.cacheableTokens >= 1024 && (a.cacheableTokens - 1024) % 128 === 0);
    const steps = (a.cacheableTokens - 1024) / 128;
    assert.equal(
      s.decorations!.labels.boundary,
      `◀ cache boundary · ${fmt(a.cacheableTokens)} cacheable tokens (1,024 + ${steps}×128) · ${fmt(expected.toNextStep)} more to the next step`,
    );
    // The boundary sits on the {{question}} line, and the dynamic tail covers it.
    const questionLine = lineOf(doc, '{{question}}');
    assert.equal(s.decorations!.ranges.boundary[0][0], questionLine);
    assert.ok(s.decorations!.ranges.dynamic.some(([l1, , l2]) => l1 <= questionLine && questionLine <= l2));
    assert.ok(s.decorations!.ranges.cacheable.length > 0);
    assert.ok(s.decorations!.ranges.cacheable.every(([, , endLine]) => endLine <= questionLine));
    // The 1,024th token lies inside the handbook, before the boundary. Its line is too long for the
    // label to stay in view after it, so the label sits after the line above, pointing down at it.
    assert.equal(s.decorations!.labels.minimum, '▼ 1,024th token · the provider minimum');
    const drawnAt = s.decorations!.ranges.minimum[0][0];
    assert.ok(drawnAt < questionLine);
    assert.ok(doc.lineAt(drawnAt).text.length + s.decorations!.labels.minimum.length + 3 <= VISIBLE_COLUMNS, 'the label is wholly in view');
    assert.ok(doc.lineAt(drawnAt + 1).text.length + s.decorations!.labels.minimum.length + 3 > VISIBLE_COLUMNS, 'after its own line it was not');
    assert.equal(s.statusBar.visible, true);
    assert.equal(s.statusBar.text, `$(database) ${fmt(a.promptTokens)} tok · ${fmt(a.cacheableTokens)} cacheable · gpt-4o`);
  });

  test('hover on the boundary line explains it with costs; inlay hints and CodeLens show counts and the model', async () => {
    const editor = await open('cached.prompty');
    const doc = editor.document;
    await waitForState((x) => Boolean(x.analysis), doc.uri);
    const line = lineOf(doc, '{{question}}');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, 2));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.match(text, new RegExp(`The cache stops at line ${line + 1}: template variable question changes per request`));
    assert.match(text, /Cost per 1,000 requests \(gpt-4o, prices of \d{4}-\d\d-\d\d\): \*\*\$[\d.]+\*\* with the cache warm, \$[\d.]+ uncached/);

    const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', doc.uri, new vscode.Range(0, 0, doc.lineCount, 0));
    const labels = hints.map((h) => String(h.label));
    assert.ok(labels.length >= 2, `hints: ${labels.join(' | ')}`);
    const s = await state(doc.uri);
    const last = labels[labels.length - 1];
    assert.match(last, /^[\d,]+ tok · Σ [\d,]+$/);
    // The last message's running total plus reply priming is the prompt total.
    const running = Number(last.split('Σ ')[1].replace(/,/g, ''));
    assert.ok(running <= s.analysis!.promptTokens && running >= s.analysis!.promptTokens - 3);

    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    const titles = lenses.map((l) => l.command?.title);
    assert.ok(titles.includes('$(beaker) Test caching…'));
    assert.ok(titles.includes('$(symbol-namespace) gpt-4o (from the file)'));
  });

  test('choosing another model for the file recounts with its encoding; resetting goes back to the file\'s model', async () => {
    const editor = await open('cached.prompty');
    const uri = editor.document.uri;
    const before = await waitForState((x) => Boolean(x.analysis), uri);
    await vscode.commands.executeCommand('promptCacheLens.selectModel', uri, 'gpt-4');
    const after = await waitForState((x) => x.analysis?.model === 'gpt-4', uri);
    assert.equal(after.analysis!.encoding, 'cl100k_base');
    assert.equal(after.modelOverride, 'gpt-4');
    const expected = await analyzePrompt({ fileName: editor.document.fileName, text: editor.document.getText(), modelOverride: 'gpt-4' });
    assert.equal(after.analysis!.promptTokens, expected.promptTokens);
    assert.equal(expected.encoding, 'cl100k_base');
    assert.match(after.statusBar.text ?? '', /· gpt-4$/);
    await vscode.commands.executeCommand('promptCacheLens.selectModel', uri, '');
    const reset = await waitForState((x) => x.analysis?.model === 'gpt-4o', uri);
    assert.equal(reset.analysis!.promptTokens, before.analysis!.promptTokens);
  });

  test('count tokens in selection matches the tokenizer and shows in the status bar', async () => {
    const editor = await open('cached.prompty');
    await waitForState((x) => Boolean(x.analysis), editor.document.uri);
    const start = editor.document.positionAt(editor.document.getText().indexOf('You are Nimbus'));
    editor.selection = new vscode.Selection(start, start.translate(3, 0));
    const selected = editor.document.getText(editor.selection);
    const count = await vscode.commands.executeCommand<number>('promptCacheLens.countSelection');
    assert.equal(count, await countText(selected, 'gpt-4o'));
    const s = await waitForState((x) => (x.statusBar.text ?? '').endsWith(`· sel ${fmt(count)}`), editor.document.uri);
    assert.ok(s.statusBar.visible);
  });

  test('copy analysis as JSON puts the analysis on the clipboard', async () => {
    const editor = await open('cached.prompty');
    const s = await waitForState((x) => Boolean(x.analysis), editor.document.uri);
    await vscode.commands.executeCommand('promptCacheLens.copyAnalysisJson');
    const json = JSON.parse(await vscode.env.clipboard.readText());
    assert.equal(json.promptTokens, s.analysis!.promptTokens);
    assert.equal(json.cacheableTokens, s.analysis!.cacheableTokens);
    assert.equal(json.firstDynamic.line, lineOf(editor.document, '{{question}}') + 1);
  });

  test('the analysis report follows edits: an open report and one shown again read the current text', async () => {
    const editor = await open('cached.prompty');
    const doc = editor.document;
    const before = await waitForState((x) => Boolean(x.analysis), doc.uri);
    const reportTokens = (report: vscode.TextDocument) => /^ {2}Prompt +([\d,]+) tokens/m.exec(report.getText())?.[1];
    const findReport = () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'prompt-cache-lens-report' && d.uri.query === doc.uri.toString());
    await vscode.commands.executeCommand('promptCacheLens.showReport', doc.uri);
    assert.equal(reportTokens(findReport()!), fmt(before.analysis!.promptTokens));
    const added = 'Answer in three short sentences, then stop. ';
    const at = doc.getText().indexOf('{{question}}');
    try {
      await editor.edit((b) => b.insert(doc.positionAt(at), added));
      const after = await waitForState((x) => (x.analysis?.promptTokens ?? 0) > before.analysis!.promptTokens, doc.uri);
      const grown = fmt(after.analysis!.promptTokens);
      // The open report is read again once the analysis changes.
      for (let i = 0; i < 50 && reportTokens(findReport()!) !== grown; i++) await new Promise((r) => setTimeout(r, 100));
      assert.equal(reportTokens(findReport()!), grown);
      await vscode.commands.executeCommand('promptCacheLens.showReport', doc.uri);
      assert.equal(reportTokens(findReport()!), grown);
    } finally {
      // The file as it was (its text on disk unchanged).
      if (doc.getText().slice(at, at + added.length) === added) {
        await editor.edit((b) => b.delete(new vscode.Range(doc.positionAt(at), doc.positionAt(at + added.length))));
      }
      await doc.save();
    }
  });

  test('Anthropic breakpoints are labelled with what they cache', async () => {
    const editor = await open('anthropic.json');
    const s = await waitForState((x) => (x.decorations?.labels.breakpoints.length ?? 0) > 0, editor.document.uri);
    assert.match(s.decorations!.labels.breakpoints[0], /^◀ breakpoint 1 · [\d,]+ tokens cached \(5m\)$/);
    assert.equal(s.decorations!.ranges.breakpoint[0][0], lineOf(editor.document, '"cache_control"'));
    assert.match(s.statusBar.text ?? '', /claude-sonnet-4-5 \(est\.\)$/);
  });

  test('a file that is not a prompt gets no status bar item and no state', async () => {
    await open('cached.prompty');
    await waitForState((x) => x.statusBar.visible);
    const editor = await open('notes.txt');
    const s = await waitForState((x) => !x.statusBar.visible, editor.document.uri);
    assert.equal(s.tracked, false);
  });

  test('split views of one file are both decorated', async () => {
    const left = await open('cached.prompty', vscode.ViewColumn.One);
    await waitForState((x) => Boolean(x.decorations?.labels.boundary), left.document.uri);
    await vscode.window.showTextDocument(left.document, { viewColumn: vscode.ViewColumn.Two, preview: false });
    const s = await waitForState((x) => x.counts.editorsDrawn >= 2, left.document.uri);
    assert.ok(s.decorations?.labels.boundary);
  });

  test('the toggle command hides every decoration and shows them again', async () => {
    const editor = await open('cached.prompty');
    await waitForState((x) => Boolean(x.decorations?.labels.boundary), editor.document.uri);
    await vscode.commands.executeCommand('promptCacheLens.toggleBoundary');
    try {
      const off = await waitForState((x) => x.decorations !== undefined && !x.decorations.labels.boundary, editor.document.uri);
      for (const ranges of Object.values(off.decorations!.ranges)) assert.deepEqual(ranges, []);
    } finally {
      await vscode.commands.executeCommand('promptCacheLens.toggleBoundary');
    }
    await waitForState((x) => Boolean(x.decorations?.labels.boundary), editor.document.uri);
  });

  test('explain the cache break between two prompts names the first differing token in both', async () => {
    const a = await workspaceFile('cached.prompty');
    const b = await workspaceFile('breaker.prompty');
    const headline = await vscode.commands.executeCommand<string>('promptCacheLens.explainBreak', a, b);
    assert.match(headline, /^Shared prefix: [\d,]+ tokens \(cacheable [\d,]+\) · the cache stops at token [\d,]+ \(system\): `You` vs `Current`/);
    const { promptDiff } = (await vscode.commands.executeCommand<{ promptDiff?: { sides: Record<'first' | 'second', { source: { line: number; column: number } | null }> } }>('promptCacheLens.internal.state'));
    assert.deepEqual(promptDiff?.sides.first.source, { line: 13, column: 1 });
    assert.deepEqual(promptDiff?.sides.second.source, { line: 13, column: 1 });
  });
});
