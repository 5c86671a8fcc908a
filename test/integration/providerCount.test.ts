import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parsePrompt } from '../../src/core/formats/index';
import type { PromptRequest } from '../../src/core/model';
import { signedDifference } from '../../src/core/providerFigure';
import { analyzeSource } from '../../src/core/sources/analyzeSource';
import { countingBody } from '../../src/runner/providerCount';
import { startSimulator } from '../../src/simulator/index';
import { closeAll, lineOf, open, waitForState, type LensState } from './helpers';

const fmt = (n: number) => n.toLocaleString('en-US');

/** What a fresh simulator answers on the counting route for this document's request. */
async function simulatorAnswer(doc: vscode.TextDocument, model: string, api: 'openai' | 'anthropic'): Promise<number> {
  return simulatorAnswerFor(parsePrompt(doc.fileName, doc.getText()), doc.getText(), model, api);
}

/** What a fresh simulator answers for the request the first LLM call of a source file sends. */
async function simulatorAnswerForCall(doc: vscode.TextDocument, model: string, api: 'openai' | 'anthropic'): Promise<number> {
  const source = await analyzeSource({ fileName: doc.fileName, text: doc.getText() });
  const request = source.prompts[0]?.analysis.request;
  assert.ok(request, `${doc.fileName} has an LLM call`);
  return simulatorAnswerFor(request, doc.getText(), model, api);
}

async function simulatorAnswerFor(request: PromptRequest, text: string, model: string, api: 'openai' | 'anthropic'): Promise<number> {
  const sim = await startSimulator({ port: 0, offThreadBytes: Infinity });
  try {
    const openai = api === 'openai';
    const body = openai
      ? countingBody(request, { kind: 'simulator', baseURL: sim.url }, model, text)
      : countingBody(request, { kind: 'anthropic', apiKey: 'unused', baseURL: sim.url }, model, text);
    const response = await fetch(`${sim.url}/${openai ? 'responses/input_tokens' : 'messages/count_tokens'}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(openai ? {} : { 'anthropic-version': '2023-06-01' }) },
      body: JSON.stringify(body),
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-simulated'), 'true');
    return ((await response.json()) as { input_tokens: number }).input_tokens;
  } finally {
    await sim.close();
  }
}

/**
 * The hover and report figure of a Chat Completions prompt counted by the simulator: its answer is
 * for the request in Responses form; carried over to Chat it is the offline Chat count (the
 * simulator counts as the editor does).
 */
function chatTokens(offlineTokens: number, answer: number): string {
  return (
    `${fmt(offlineTokens)} (simulated OpenAI input_tokens: ${fmt(answer)} in Responses form, ` +
    `${signedDifference(offlineTokens - answer)} Chat Completions framing) · offline ${fmt(offlineTokens)}`
  );
}

/** The figure on the report's Tokens line, whatever the label's padding. */
function reportTokens(report: vscode.TextDocument): string | undefined {
  const line = report.getText().split('\n').find((l) => /^ {2}Tokens +/.test(l));
  return line?.replace(/^ {2}Tokens +/, '');
}

async function hoverText(doc: vscode.TextDocument, line: number): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, 2));
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
}

/** The hidden state's calls of a source file, with each call's provider figure and hover. */
type CallsState = LensState & {
  calls?: Array<{ analysis: NonNullable<LensState['analysis']>; hover: string; providerCount?: { figure?: NonNullable<NonNullable<LensState['providerCount']>['figure']> } }>;
};

const hasFigure = (s: LensState) => s.providerCount?.figure !== undefined && /· simulated/.test(s.statusBar.text ?? '');

suite('provider counting: the figure and where it came from', () => {
  const settings = () => vscode.workspace.getConfiguration('promptCacheLens');

  suiteSetup(async () => {
    await settings().update('providerCounting.endpoint', 'simulator', vscode.ConfigurationTarget.Global);
    await settings().update('providerCounting.enabled', true, vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    await settings().update('providerCounting.enabled', undefined, vscode.ConfigurationTarget.Global);
    await settings().update('providerCounting.endpoint', undefined, vscode.ConfigurationTarget.Global);
  });

  teardown(closeAll);

  test('with counting on, a Prompty (Chat Completions) file gets the simulator\'s Responses-form answer carried over to Chat, labelled in the status bar, hover and report', async () => {
    const editor = await open('cached.prompty');
    const doc = editor.document;
    const s = await waitForState(hasFigure, doc.uri, 30_000);
    const a = s.analysis!;
    const answer = await simulatorAnswer(doc, a.model, 'openai');
    const figure = s.providerCount!.figure!;
    assert.equal(figure.providerInputTokens, answer, 'the answer is kept as the simulator gave it');
    assert.equal(figure.bodyOfflineTokens, answer, 'the body sent counts offline as the simulator counts it');
    assert.equal(figure.inputTokens, a.promptTokens, 'carried over to Chat, the figure is the Chat size');
    assert.deepEqual([figure.promptApi, figure.countedApi, figure.via, figure.simulated], ['chat', 'responses', 'OpenAI input_tokens', true]);
    assert.equal(s.statusBar.text, `$(database) ${fmt(a.promptTokens)} tok · ${fmt(a.cacheableTokens)} cacheable · gpt-4o · simulated + Chat framing`);
    assert.doesNotMatch(s.statusBar.text ?? '', /exact/, 'a simulated figure is never called exact');

    const line = `Tokens: ${chatTokens(a.promptTokens, answer)}`;
    assert.ok((await hoverText(doc, lineOf(doc, '{{question}}'))).includes(line), 'the boundary hover names the source');
    assert.ok(s.hover?.includes(line));

    await vscode.commands.executeCommand('promptCacheLens.showReport', doc.uri);
    const report = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'prompt-cache-lens-report' && d.uri.query === doc.uri.toString());
    assert.ok(report, 'the report opened');
    assert.equal(reportTokens(report), chatTokens(a.promptTokens, answer));
  });

  test('a Claude request is counted on the simulator\'s count_tokens route', async () => {
    const editor = await open('anthropic.json');
    const doc = editor.document;
    const s = await waitForState(hasFigure, doc.uri, 30_000);
    const expected = await simulatorAnswer(doc, s.analysis!.model, 'anthropic');
    assert.equal(s.providerCount!.figure!.inputTokens, expected);
    assert.equal(s.providerCount!.figure!.via, 'Anthropic count_tokens');
    assert.match(s.statusBar.text ?? '', new RegExp(`^\\$\\(database\\) ${fmt(expected)} tok · .* · claude-sonnet-4-5 \\(est\\.\\) · simulated$`));
  });

  test('an edit drops the figure until the new text is counted; closing the file forgets it', async () => {
    const editor = await open('cached.prompty');
    const doc = editor.document;
    const before = await waitForState(hasFigure, doc.uri, 30_000);
    const at = doc.positionAt(doc.getText().indexOf('You are Nimbus'));
    await editor.edit((e) => e.insert(at, 'Always answer politely. '));
    try {
      const after = await waitForState((x) => hasFigure(x) && x.providerCount!.figure!.inputTokens !== before.providerCount!.figure!.inputTokens, doc.uri, 30_000);
      assert.equal(after.providerCount!.figure!.providerInputTokens, await simulatorAnswer(doc, after.analysis!.model, 'openai'));
      assert.equal(after.providerCount!.figure!.inputTokens, after.analysis!.promptTokens);
      assert.ok(after.providerCount!.figure!.inputTokens > before.providerCount!.figure!.inputTokens);
    } finally {
      // The workspace file is shared with other suites: never leave the edit behind.
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await closeAll();
    await waitForState((x) => x.providerCount?.documents === 0, undefined, 20_000);
  });

  test('a Chat Completions call in Python code gets its own figure, carried over to Chat: status bar, hover and report for the call under the cursor', async () => {
    const editor = await open('dated_bot.py');
    const doc = editor.document;
    const callFigure = (x: LensState) => (x as CallsState).calls?.[0]?.providerCount?.figure;
    const s = (await waitForState((x) => callFigure(x) !== undefined, doc.uri, 30_000)) as CallsState;
    const call = s.calls![0];
    const figure = call.providerCount!.figure!;
    const answer = await simulatorAnswerForCall(doc, call.analysis.model, 'openai');
    assert.equal(figure.providerInputTokens, answer);
    assert.equal(figure.inputTokens, call.analysis.promptTokens);
    assert.equal(figure.via, 'OpenAI input_tokens');
    assert.equal(figure.simulated, true);
    const line = `Tokens: ${chatTokens(call.analysis.promptTokens, answer)}`;
    assert.ok(call.hover.includes(line), call.hover);

    // With the cursor inside the call, the status bar gives that call's figure and its source.
    const at = doc.positionAt(doc.getText().indexOf('client.chat.completions.create') + 3);
    editor.selection = new vscode.Selection(at, at);
    const inCall = await waitForState((x) => /^\$\(database\) call 1\/1 · /.test(x.statusBar.text ?? ''), doc.uri);
    assert.match(inCall.statusBar.text ?? '', new RegExp(`^\\$\\(database\\) call 1/1 · ${fmt(figure.inputTokens)} tok · .* · simulated \\+ Chat framing$`));

    await vscode.commands.executeCommand('promptCacheLens.showReport', doc.uri);
    const report = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'prompt-cache-lens-report' && d.uri.query.startsWith(doc.uri.toString()));
    assert.ok(report, 'the report opened');
    assert.equal(reportTokens(report), chatTokens(call.analysis.promptTokens, answer));
  });

  test('a Claude call in Python code is counted on the count_tokens route; closing the file forgets it', async () => {
    const editor = await open('claude_cached.py');
    const doc = editor.document;
    const callFigure = (x: LensState) => (x as CallsState).calls?.[0]?.providerCount?.figure;
    const s = (await waitForState((x) => callFigure(x) !== undefined, doc.uri, 30_000)) as CallsState;
    const figure = s.calls![0].providerCount!.figure!;
    assert.equal(figure.via, 'Anthropic count_tokens');
    assert.equal(figure.inputTokens, await simulatorAnswerForCall(doc, s.calls![0].analysis.model, 'anthropic'));
    await closeAll();
    await waitForState((x) => x.providerCount?.documents === 0, undefined, 20_000);
  });

  test('with counting off the status bar reads as before, and the command counts the file once', async () => {
    await settings().update('providerCounting.enabled', false, vscode.ConfigurationTarget.Global);
    try {
      const editor = await open('cached.prompty');
      const doc = editor.document;
      const plain = await waitForState((x) => Boolean(x.analysis) && !x.busy, doc.uri);
      assert.equal(plain.statusBar.text, `$(database) ${fmt(plain.analysis!.promptTokens)} tok · ${fmt(plain.analysis!.cacheableTokens)} cacheable · gpt-4o`);
      assert.equal(plain.providerCount?.figure, undefined);
      const figure = await vscode.commands.executeCommand<{ inputTokens: number; providerInputTokens: number; simulated: boolean }>('promptCacheLens.countWithProvider');
      assert.ok(figure, 'the command returned a figure');
      assert.equal(figure.simulated, true);
      assert.equal(figure.providerInputTokens, await simulatorAnswer(doc, plain.analysis!.model, 'openai'));
      assert.equal(figure.inputTokens, plain.analysis!.promptTokens);
      const counted = await waitForState(hasFigure, doc.uri);
      assert.equal(counted.statusBar.text, `$(database) ${fmt(figure.inputTokens)} tok · ${fmt(plain.analysis!.cacheableTokens)} cacheable · gpt-4o · simulated + Chat framing`);
    } finally {
      await settings().update('providerCounting.enabled', true, vscode.ConfigurationTarget.Global);
    }
  });
});
