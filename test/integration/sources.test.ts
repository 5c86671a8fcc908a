import * as assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { callUri } from '../../src/extension/callUris';
import type { ToWebview } from '../../src/shared/protocol';
import { closeAll, lineOf, open, sleep, state, waitForState, workspaceFile, type LensState } from './helpers';

/** What the hidden state command adds for source code: each LLM call with its analysis and hover. */
interface CallState {
  line: number;
  column: number;
  api: string;
  callee: string;
  analysis: NonNullable<LensState['analysis']> & {
    estimate: boolean;
    estimateReason?: string;
    cacheableTokensIfFixed: number;
    breakpoints: Array<{ ok: boolean; cachedTokens: number; line: number }>;
    findings: Array<{ rule: string; line: number; column: number; severity: string; message: string }>;
  };
  hover: string;
}
type SourceState = LensState & { kind?: string; calls?: CallState[] };

/** The first call's prompt size, once the source file is analysed (0 while it is not). */
const firstCallTokens = (s: LensState) => (!s.busy && (s as SourceState).calls?.[0]?.analysis.promptTokens) || 0;

/** Rules appended to the handbook: enough to take its call past the 1,024-token minimum. */
const MORE_RULES = Array.from({ length: 12 }, (_, i) => `${13 + i}. Extra rule ${i + 1}: keep answers short, cite the handbook section you used, and never promise refunds the order data does not show.`).join('\n');

const sourceState = (uri: vscode.Uri) => state(uri) as Thenable<SourceState>;

/** Waits until the source file's calls are analysed. */
async function analysedCalls(uri: vscode.Uri, count = 1): Promise<SourceState> {
  return (await waitForState((s) => !s.busy && (s as SourceState).calls?.length === count && Boolean(s.decorations), uri)) as SourceState;
}

/** 0-based line and character of the first `needle` in the document. */
function positionOf(doc: vscode.TextDocument, needle: string): vscode.Position {
  const index = doc.getText().indexOf(needle);
  assert.ok(index >= 0, `${needle} is in ${doc.fileName}`);
  return doc.positionAt(index);
}

const lines = (ranges: number[][] | undefined) => (ranges ?? []).map((r) => r[0]);

suite('LLM calls in source code: the prompt-file features, per call', () => {
  teardown(closeAll);

  test('Python: an f-string date and time before a 1,300-token module constant puts the boundary on {datetime, with the date finding there and the constant in the count', async () => {
    const editor = await open('dated_bot.py');
    const doc = editor.document;
    const s = await analysedCalls(doc.uri);
    assert.equal(s.kind, 'source');
    const [call] = s.calls!;
    assert.equal(call.api, 'chat.completions');
    assert.equal(call.line - 1, positionOf(doc, 'client.chat.completions.create').line);

    const at = positionOf(doc, '{datetime');
    assert.deepEqual(call.analysis.firstDynamic && [call.analysis.firstDynamic.line - 1, call.analysis.firstDynamic.column - 1], [at.line, at.character]);
    // POLICY (about 1,300 tokens, defined at module level) is part of the prompt, after the boundary.
    assert.ok(call.analysis.promptTokens > 1300, `prompt tokens ${call.analysis.promptTokens}`);
    assert.equal(call.analysis.cacheableTokens, 0);
    assert.ok(call.analysis.cacheableTokensIfFixed >= 1024);

    // Drawn in the editor: the boundary inside the f-string, its label, the constant tinted as tail.
    assert.deepEqual(s.decorations!.ranges.boundary, [[at.line, at.character, at.line, at.character]]);
    assert.match(s.decorations!.labels.boundary ?? '', /◀ static prefix \d+ tokens · [\d,]+ short of the 1,024 minimum/);
    // The boundary's line is long and ends with the system message's count: its label is after the line above, pointing down.
    assert.deepEqual(lines(s.decorations!.ranges.boundaryLabel), [at.line - 1]);
    assert.equal(s.decorations!.ranges.boundaryLabel[0][1], doc.lineAt(at.line - 1).range.end.character);
    const policyLine = positionOf(doc, 'Refunds: answer questions').line;
    assert.ok(s.decorations!.ranges.dynamic.some((r) => r[0] <= policyLine && r[2] >= policyLine), 'POLICY is tinted as the dynamic tail');

    // The date finding, at the interpolation.
    const date = s.diagnostics?.find((d) => d.code === 'variable-in-system');
    assert.ok(date, JSON.stringify(s.diagnostics));
    assert.deepEqual(date.range.slice(0, 2), [at.line, at.character]);
    assert.match(date.message, /datetime\.now\(\)/);
    assert.equal(date.severity, vscode.DiagnosticSeverity.Error);

    // Counts at each message, the status bar, the boundary hover.
    const systemLine = positionOf(doc, '{"role": "system"').line;
    assert.ok(s.inlayHints.some((h) => h.line === systemLine && /^[\d,]+ tok · Σ [\d,]+$/.test(h.label)), JSON.stringify(s.inlayHints));
    assert.equal(s.statusBar.visible, true);
    assert.match(s.statusBar.text ?? '', /1 LLM call · [\d,]+ tok · 0 cacheable · gpt-4o-mini/);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at);
    const hover = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(hover, new RegExp(`The cache stops at line ${at.line + 1}: datetime\\.now\\(\\) changes every request`));

    // A CodeLens above the call opens the dashboard for this call.
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    const test = lenses.find((l) => l.command?.title.includes('Test caching'));
    assert.ok(test);
    assert.equal(test.range.start.line, call.line - 1);
    assert.equal((test.command!.arguments![0] as vscode.Uri).fragment, 'call-1');
  });

  test('Python: Show Report and Copy Analysis as JSON describe the call under the cursor', async () => {
    const editor = await open('dated_bot.py');
    const doc = editor.document;
    const s = await analysedCalls(doc.uri);
    const [call] = s.calls!;
    const at = positionOf(doc, 'client.chat.completions.create');
    editor.selection = new vscode.Selection(at, at);

    await vscode.commands.executeCommand('promptCacheLens.showReport');
    const report = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'prompt-cache-lens-report' && d.uri.query.endsWith('#call-1'));
    assert.ok(report, 'the report of call 1 opened');
    const text = report.getText();
    assert.match(text, new RegExp(`^LLM call 1, line ${call.line}, of dated_bot\\.py$`, 'm'));
    assert.ok(text.includes(call.analysis.promptTokens.toLocaleString('en-US')), text.slice(0, 400));

    await vscode.window.showTextDocument(doc);
    const json = (await vscode.commands.executeCommand('promptCacheLens.copyAnalysisJson')) as string | undefined;
    assert.ok(json, 'the analysis was copied');
    const copied = JSON.parse(json) as { promptTokens?: number; cacheableTokens?: number };
    assert.equal(copied.promptTokens, call.analysis.promptTokens);
    assert.equal(copied.cacheableTokens, call.analysis.cacheableTokens);
  });

  test('Python: the Quick Fix moves the time line to the end of the user message, and the policy then caches as promised', async () => {
    const editor = await open('dated_bot.py');
    const doc = editor.document;
    const before = await analysedCalls(doc.uri);
    const promised = before.calls![0].analysis.cacheableTokensIfFixed;
    const diagnostic = vscode.languages.getDiagnostics(doc.uri).find((d) => typeof d.code === 'object' && d.code.value === 'variable-in-system');
    assert.ok(diagnostic);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diagnostic.range);
    const move = actions.find((a) => a.title.startsWith('Move "It is {datetime.now():%Y-%m-%d %H:%M}." to the end of the last user message'));
    assert.ok(move?.edit, actions.map((a) => a.title).join(' | '));
    assert.ok(await vscode.workspace.applyEdit(move.edit));
    assert.ok(doc.getText().includes('{"role": "user", "content": f"{question}\\n\\nIt is {datetime.now():%Y-%m-%d %H:%M}."}'), doc.getText().slice(-400));
    const after = (await waitForState((x) => !x.busy && ((x as SourceState).calls?.[0]?.analysis.cacheableTokens ?? 0) > 0, doc.uri)) as SourceState;
    assert.equal(after.calls![0].analysis.cacheableTokens, promised);
    assert.ok(!after.diagnostics?.some((d) => d.code === 'variable-in-system'));
  });

  test('Python: an Anthropic system block with cache_control after a long constant caches it, and the UUID in the user message raises no error', async () => {
    const editor = await open('claude_cached.py');
    const doc = editor.document;
    const s = await analysedCalls(doc.uri);
    const { analysis } = s.calls![0];
    assert.equal(s.calls![0].api, 'messages');
    assert.equal(analysis.breakpoints.length, 1);
    assert.ok(analysis.breakpoints[0].ok);
    assert.ok(analysis.cacheableTokens >= 1024, `cacheable ${analysis.cacheableTokens}`);
    assert.equal(analysis.breakpoints[0].cachedTokens, analysis.cacheableTokens);
    assert.match(s.decorations!.labels.breakpoints[0] ?? '', /◀ breakpoint 1 · [\d,]+ tokens cached \(5m\)/);
    // The constant (defined at module level) is tinted cacheable; the boundary is the UUID, after the breakpoint.
    const kbLine = positionOf(doc, 'Section 5. The knowledge base').line;
    assert.ok(s.decorations!.ranges.cacheable.some((r) => r[0] <= kbLine && r[2] >= kbLine), JSON.stringify(lines(s.decorations!.ranges.cacheable)));
    const uuid = positionOf(doc, '{uuid.uuid4()}');
    assert.deepEqual(s.decorations!.ranges.boundary, [[uuid.line, uuid.character, uuid.line, uuid.character]]);
    assert.ok(!s.diagnostics?.some((d) => d.severity === vscode.DiagnosticSeverity.Error), JSON.stringify(s.diagnostics));
    assert.match(s.statusBar.text ?? '', /1 LLM call · [\d,]+ tok · [\d,]+ cacheable · claude-sonnet-4-5 \(est\.\)/);
  });

  test('TypeScript: a name in a template literal before an imported guide puts the boundary on ${user.name}', async () => {
    const editor = await open('greeter.ts');
    const doc = editor.document;
    const s = await analysedCalls(doc.uri);
    const { analysis } = s.calls![0];
    const at = positionOf(doc, '${user.name}');
    assert.deepEqual(s.decorations!.ranges.boundary, [[at.line, at.character, at.line, at.character]]);
    // GUIDE comes from ./prompts (a relative import) and is counted.
    assert.ok(analysis.promptTokens > 1000, `prompt tokens ${analysis.promptTokens}`);
    assert.equal(analysis.cacheableTokens, 0);
    const finding = s.diagnostics?.find((d) => d.code === 'variable-in-system');
    assert.ok(finding, JSON.stringify(s.diagnostics));
    assert.deepEqual(finding.range.slice(0, 2), [at.line, at.character]);
    assert.match(s.statusBar.text ?? '', /1 LLM call · [\d,]+ tok · 0 cacheable · gpt-4o/);
    // With the cursor inside the call, the status bar names the call.
    editor.selection = new vscode.Selection(at, at);
    const inCall = await waitForState((x) => /^\$\(database\) call 1\/1 · /.test(x.statusBar.text ?? ''), doc.uri);
    assert.match(inCall.statusBar.text!, /call 1\/1 · [\d,]+ tok · 0 cacheable · gpt-4o/);
  });

  test('Python: a handbook the code reads from a file is counted as the file is, and saving the file counts the call again', async () => {
    const editor = await open('handbook_bot.py');
    const before = await analysedCalls(editor.document.uri);
    const [call] = before.calls!;
    assert.ok(call.analysis.promptTokens > 800 && call.analysis.promptTokens < 1024, `prompt tokens ${call.analysis.promptTokens}`);
    assert.equal(call.analysis.cacheableTokens, 0);
    assert.match(before.statusBar.text ?? '', /1 LLM call · [\d,]+ tok · 0 cacheable · gpt-4o-mini/);

    const handbook = await vscode.workspace.openTextDocument(await workspaceFile('texts/handbook.md'));
    const original = handbook.getText();
    try {
      const edit = new vscode.WorkspaceEdit();
      edit.insert(handbook.uri, handbook.positionAt(original.length), `${MORE_RULES}\n`);
      assert.ok(await vscode.workspace.applyEdit(edit));
      assert.ok(await handbook.save());
      const after = (await waitForState((s) => !s.busy && ((s as SourceState).calls?.[0]?.analysis.promptTokens ?? 0) > 1024, editor.document.uri)) as SourceState;
      assert.ok(after.calls![0].analysis.cacheableTokens >= 1024, `cacheable ${after.calls![0].analysis.cacheableTokens}`);
    } finally {
      const restore = new vscode.WorkspaceEdit();
      restore.replace(handbook.uri, new vscode.Range(handbook.positionAt(0), handbook.positionAt(handbook.getText().length)), original);
      await vscode.workspace.applyEdit(restore);
      await handbook.save();
    }
  });

  test('Python: the handbook rewritten on disk by another program is counted again without a save in the editor; closing the reader stops watching it', async () => {
    const editor = await open('handbook_bot.py');
    const before = await analysedCalls(editor.document.uri);
    const tokens = before.calls![0].analysis.promptTokens;
    const handbook = (await workspaceFile('texts/handbook.md')).fsPath;
    assert.ok(before.watchedFiles.includes(handbook), JSON.stringify(before.watchedFiles));
    assert.match(before.statusBar.text ?? '', new RegExp(` ${tokens.toLocaleString('en-US')} tok · 0 cacheable · gpt-4o-mini`));
    const original = await readFile(handbook, 'utf8');
    try {
      await writeFile(handbook, `${original}${MORE_RULES}\n`);
      const after = (await waitForState((s) => firstCallTokens(s) > 1024, editor.document.uri)) as SourceState;
      const { analysis } = after.calls![0];
      assert.ok(analysis.cacheableTokens >= 1024, `cacheable ${analysis.cacheableTokens}`);
      assert.match(after.statusBar.text ?? '', new RegExp(` ${analysis.promptTokens.toLocaleString('en-US')} tok · ${analysis.cacheableTokens.toLocaleString('en-US')} cacheable · gpt-4o-mini`));
    } finally {
      await writeFile(handbook, original);
    }
    await waitForState((s) => firstCallTokens(s) === tokens, editor.document.uri);
    await closeAll();
    const closed = await waitForState((x) => x.counts.documents === 0);
    assert.equal(closed.counts.watchedFolders, 0);
    assert.deepEqual(closed.watchedFiles, []);
  });

  test('Python: the handbook deleted on disk leaves the call counted as the code is written, said in its estimate; written back, it is counted again', async () => {
    const editor = await open('handbook_bot.py');
    const before = await analysedCalls(editor.document.uri);
    const tokens = before.calls![0].analysis.promptTokens;
    const handbook = (await workspaceFile('texts/handbook.md')).fsPath;
    const original = await readFile(handbook, 'utf8');
    try {
      await rm(handbook);
      const gone = (await waitForState((s) => firstCallTokens(s) > 0 && firstCallTokens(s) < 100, editor.document.uri)) as SourceState;
      const { analysis } = gone.calls![0];
      assert.equal(analysis.estimate, true);
      assert.match(analysis.estimateReason ?? '', /the file `texts\/handbook\.md` the program reads is not found: its text is not counted/);
      assert.match(gone.statusBar.text ?? '', new RegExp(` ${analysis.promptTokens} tok · 0 cacheable · gpt-4o-mini \\(est\\.\\)`));
      // Still watched: the file it looked for and did not find.
      assert.ok(gone.watchedFiles.includes(handbook), JSON.stringify(gone.watchedFiles));
    } finally {
      await writeFile(handbook, original);
    }
    // The file created again is seen too.
    const back = await waitForState((s) => firstCallTokens(s) === tokens, editor.document.uri);
    assert.match(back.statusBar.text ?? '', new RegExp(` ${tokens.toLocaleString('en-US')} tok · 0 cacheable · gpt-4o-mini`));
  });

  test('Python: a prompt file outside the workspace, read by code outside it, is watched too: rewritten on disk, the call is counted again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pcl-outside-'));
    try {
      const prompt = join(dir, 'system.md');
      await writeFile(prompt, 'You are the support desk. Answer briefly.\n');
      const bot = join(dir, 'bot.py');
      await writeFile(
        bot,
        [
          'from pathlib import Path',
          'from openai import OpenAI',
          '',
          'client = OpenAI()',
          'SYSTEM = (Path(__file__).parent / "system.md").read_text()',
          '',
          '',
          'def ask(question):',
          '    return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "system", "content": SYSTEM}, {"role": "user", "content": question}])',
          '',
        ].join('\n'),
      );
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(bot));
      await vscode.window.showTextDocument(doc, { preview: false });
      const before = await analysedCalls(doc.uri);
      assert.ok(before.watchedFiles.includes(prompt), JSON.stringify(before.watchedFiles));
      const tokens = before.calls![0].analysis.promptTokens;
      assert.ok(tokens < 100, `prompt tokens ${tokens}`);
      await writeFile(prompt, `You are the support desk. Answer briefly.\n${MORE_RULES}\n`);
      const after = await waitForState((s) => firstCallTokens(s) > tokens + 200, doc.uri);
      assert.match(after.statusBar.text ?? '', new RegExp(` ${firstCallTokens(after).toLocaleString('en-US')} tok · `));
      await closeAll();
      assert.deepEqual((await waitForState((x) => x.counts.documents === 0)).watchedFiles, []);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('Python: a call left unclosed is a Problem at its syntax error and the status bar says it does not parse; closed again, it is counted', async () => {
    const editor = await open('handbook_bot.py');
    const doc = editor.document;
    const before = await analysedCalls(doc.uri);
    const tokens = before.calls![0].analysis.promptTokens;
    const closing = doc.getText().indexOf('    )\n    return');
    assert.ok(closing > 0);
    const at = doc.positionAt(closing + 4);
    try {
      await editor.edit((b) => b.delete(new vscode.Range(at, at.translate(0, 1))));
      const broken = await waitForState((s) => (s.statusBar.text ?? '').includes('does not parse'), doc.uri);
      assert.equal(broken.statusBar.text, '$(error) LLM call does not parse');
      assert.match(broken.statusBar.tooltip ?? '', /Line 12: could not parse the LLM call client\.chat\.completions\.create \(syntax error at \d+:\d+\); not counted\./);
      const problems = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'Prompt Cache Lens');
      assert.equal(problems.length, 1);
      assert.match(problems[0].message, /could not parse the LLM call client\.chat\.completions\.create .*: it is not counted until the syntax is fixed/);
      assert.equal(problems[0].severity, vscode.DiagnosticSeverity.Error);
    } finally {
      await editor.edit((b) => b.insert(at, ')'));
    }
    const back = await waitForState((s) => firstCallTokens(s) === tokens, doc.uri);
    assert.match(back.statusBar.text ?? '', / tok · /);
    assert.deepEqual(vscode.languages.getDiagnostics(doc.uri).filter((d) => d.code && typeof d.code === 'object' && d.code.value === 'parse-error'), []);
    await doc.save();
  });

  test('Python: an Agents SDK run the SDK refuses (namespaced tools on Chat Completions) is a warning on run_sync with its rule and help link', async () => {
    const editor = await open('crm_namespace_agent.py');
    const doc = editor.document;
    const s = await waitForState((x) => (x.diagnostics ?? []).some((d) => d.code === 'request-refused'), doc.uri);
    const warning = s.diagnostics!.find((d) => d.code === 'request-refused')!;
    assert.equal(warning.severity, vscode.DiagnosticSeverity.Warning);
    const line = lineOf(doc, 'Runner.run_sync(');
    assert.deepEqual(warning.range, [line, doc.lineAt(line).text.indexOf('run_sync'), line, doc.lineAt(line).text.indexOf('run_sync') + 'run_sync'.length]);
    assert.match(warning.message, /^This call fails as written: the SDK refuses the tools of `tool_namespace\(\)` \(namespace `crm`\) on Chat Completions \(it raises before sending the request\)$/);
    assert.equal(decodeURIComponent(warning.target ?? ''), 'command:promptCacheLens.showRuleHelp?["request-refused"]');

    // The dashboard, opened for the call, says so above its runs: they measure a request the program never gets answered.
    await vscode.commands.executeCommand('promptCacheLens.testCaching', callUri(doc.uri, 0));
    type Snapshot = { ready: boolean; posted: ToWebview[] };
    const snapshot = async () => (await vscode.commands.executeCommand<Snapshot | undefined>('promptCacheLens.internal.dashboard', { type: 'snapshot' })) ?? { ready: false, posted: [] };
    const shown = (x: Snapshot) =>
      x.posted.flatMap((m) => (m.type === 'init' || m.type === 'file' ? [m.file] : [])).find((f) => f?.label.includes('crm_namespace_agent.py'));
    let latest = await snapshot();
    for (const deadline = Date.now() + 45_000; !(latest.ready && shown(latest)) && Date.now() < deadline; latest = await snapshot()) await sleep(200);
    const file = shown(latest);
    assert.deepEqual(file?.prediction?.refused, [warning.message]);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('a TypeScript file that imports no LLM SDK gets no state, no status bar and no decorations', async () => {
    const editor = await open('arithmetic.ts');
    // Long enough for an analysis to have started and ended, had one been scheduled.
    await sleep(1500);
    const s = await sourceState(editor.document.uri);
    assert.equal(s.tracked, false);
    assert.equal(s.calls, undefined);
    assert.equal(s.statusBar.visible, false);
    assert.equal(s.decorations, undefined);
    assert.deepEqual(vscode.languages.getDiagnostics(editor.document.uri), []);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri);
    assert.ok(!lenses.some((l) => l.command?.title.includes('Test caching')));
  });
});
