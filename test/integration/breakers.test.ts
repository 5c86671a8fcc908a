import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAll, open, state, waitForState } from './helpers';

/** Diagnostics of a document, with their rule code. */
function diagnosticsOf(uri: vscode.Uri) {
  return vscode.languages.getDiagnostics(uri).map((d) => ({
    line: d.range.start.line,
    code: typeof d.code === 'object' ? String(d.code.value) : String(d.code),
    message: d.message,
    diagnostic: d,
  }));
}

async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
}

suite('cache breakers: wherever they cost something, with what fixing them gains', () => {
  teardown(closeAll);

  test('a plain prompt with a timestamp and a session UUID on line 1 names both, with the gain and a Quick Fix', async () => {
    const editor = await open('dated.prompt');
    const uri = editor.document.uri;
    const s = await waitForState((x) => Boolean(x.analysis && x.diagnostics?.some((d) => d.code === 'uuid')), uri);
    const line1 = diagnosticsOf(uri).filter((d) => d.line === 0);
    assert.deepEqual(line1.map((d) => d.code).filter((c) => c !== 'prefix-below-minimum'), ['dynamic-date', 'uuid']);
    const uuid = line1.find((d) => d.code === 'uuid')!;
    assert.match(uuid.message, /moving this and the breakers before it out: [\d,]+ tokens cacheable, −\$[\d.]+ per 1,000 requests/);
    const promised = Number(/: ([\d,]+) tokens cacheable/.exec(uuid.message)![1].replace(/,/g, ''));
    assert.ok(promised >= 1024, `promised ${promised}`);
    assert.equal(s.analysis!.cacheableTokens, 0);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      uuid.diagnostic.range,
    );
    const titles = actions.map((a) => a.title);
    assert.ok(titles.some((t) => t.startsWith('Move "session 3f2b8c1e')), titles.join(' | '));
    assert.ok(titles.includes('Fix all cache breakers in file'), titles.join(' | '));

    // The hover on the boundary says what fixing gains.
    const hover = await hoverText(uri, new vscode.Position(0, 3));
    assert.match(hover, /Moving the 2 cache breakers out of the prefix: \*\*[\d,]+ tokens cacheable\*\*, −\$[\d.]+ per 1,000 requests/);
  });

  test('"Fix all cache breakers in file" leaves the file caching what the findings promised', async () => {
    const editor = await open('dated.prompt');
    const uri = editor.document.uri;
    const before = await waitForState((x) => Boolean(x.analysis && x.diagnostics?.some((d) => d.code === 'uuid')), uri);
    const promised = (before.analysis as unknown as { cacheableTokensIfFixed: number }).cacheableTokensIfFixed;
    assert.ok(promised >= 1024);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      new vscode.Range(0, 0, 0, 0),
      vscode.CodeActionKind.SourceFixAll.value,
    );
    const fixAll = actions.find((a) => a.title === 'Fix all cache breakers in file');
    assert.ok(fixAll?.edit, 'the source action is offered');
    assert.ok(await vscode.workspace.applyEdit(fixAll.edit));
    const after = await waitForState((x) => (x.analysis?.cacheableTokens ?? 0) > 0, uri);
    assert.equal(after.analysis!.cacheableTokens, promised);
    assert.ok(!editor.document.lineAt(0).text.includes('3f2b8c1e'), 'the UUID left line 1');
  });

  test('a Claude model chosen for a file applies Anthropic\'s rules, and the picker knows claude-sonnet-4-5', async () => {
    const editor = await open('tools-request.json');
    const uri = editor.document.uri;
    await waitForState((x) => Boolean(x.analysis), uri);
    await vscode.commands.executeCommand('promptCacheLens.selectModel', uri, 'claude-sonnet-4-5');
    const s = await waitForState((x) => x.analysis?.model === 'claude-sonnet-4-5', uri);
    const json = s.analysis as unknown as { step: number; minimum: number; cost: { model: string } | null };
    assert.equal(json.step, 1, 'no 128-token steps on Anthropic');
    assert.equal(json.cost?.model, 'claude-sonnet-4-5');
    assert.doesNotMatch(s.hover ?? '', /steps of 128/);
    await vscode.commands.executeCommand('promptCacheLens.selectModel', uri, '');
    await waitForState((x) => x.analysis?.model === 'gpt-4o', uri);
  });

  test('tools: every tool shows its own count and the running total only grows', async () => {
    const editor = await open('tools-request.json');
    const uri = editor.document.uri;
    const s = await waitForState((x) => Boolean(x.analysis) && x.inlayHints.length >= 3, uri);
    const totals = s.inlayHints.filter((h) => h.label.includes('Σ')).map((h) => Number(h.label.split('Σ ')[1].replace(/,/g, '')));
    assert.ok(totals.length >= 3, JSON.stringify(s.inlayHints));
    for (let i = 1; i < totals.length; i++) assert.ok(totals[i] > totals[i - 1], `running totals ${totals.join(', ')}`);
    const segments = (s.analysis as unknown as { segments: Array<{ kind: string; tokens: number; range: { startLine?: number } | null }> }).segments;
    const firstTool = segments.find((x) => x.kind === 'tool')!;
    const hintOnFirstTool = s.inlayHints.find((h) => h.line === firstTool.range!.startLine! - 1);
    assert.ok(hintOnFirstTool, JSON.stringify(s.inlayHints));
    assert.match(hintOnFirstTool.label, new RegExp(`^${firstTool.tokens} tok · Σ`));
  });

  test('a fully static prompt has a hover on its boundary; a label on a long first line is drawn after its end', async () => {
    const staticEditor = await open('static.prompt');
    const staticState = await waitForState((x) => Boolean(x.analysis && x.decorations?.labels.boundary), staticEditor.document.uri);
    assert.equal(staticState.analysis!.firstDynamic, null);
    const boundaryLine = staticState.decorations!.ranges.boundary[0][0];
    const hover = await hoverText(staticEditor.document.uri, new vscode.Position(boundaryLine, 1));
    assert.match(hover, /Nothing in this prompt changes between requests/);
    await closeAll();

    const editor = await open('long-line.prompt');
    const s = await waitForState((x) => Boolean(x.analysis && x.decorations?.labels.boundary), editor.document.uri);
    assert.ok(s.analysis!.firstDynamic!.column > 100);
    // The first line has nothing above it: the label stays after its end, never before the file's text.
    assert.deepEqual(s.decorations!.ranges.boundaryInlineLabel, []);
    const firstLineEnd = editor.document.lineAt(0).range.end.character;
    assert.deepEqual(s.decorations!.ranges.boundaryLabel, [[0, firstLineEnd, 0, firstLineEnd]]);
    assert.ok((await state(editor.document.uri)).decorations!.labels.boundary!.startsWith('◀'));
  });
});
