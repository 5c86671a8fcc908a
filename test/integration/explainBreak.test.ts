import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunForm, ToHost, ToWebview } from '../../src/shared/protocol';
import { closeAll, sleep, workspaceFile } from './helpers';

/** `promptDiff` of `promptCacheLens.internal.state` (see PromptDiffView.state). */
interface PromptDiffState {
  title: string;
  headline: string;
  sharedTokens: number;
  cachedTokens: number;
  lostTokens: number;
  lostUsdPer1000: number | null;
  sides: Record<'first' | 'second', { uri: string; label: string; range: number[] | null; token: string | null; source: { line: number; column: number } | null; decorated: boolean }>;
}

async function diffState(): Promise<PromptDiffState | undefined> {
  return (await vscode.commands.executeCommand<{ promptDiff?: PromptDiffState }>('promptCacheLens.internal.state')).promptDiff;
}

async function waitFor<T>(read: () => Promise<T>, check: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (check(last)) return last;
    await sleep(100);
  }
  assert.fail(`${what}; last: ${JSON.stringify(last).slice(0, 2000)}`);
}

/** The diff editor in front: its two sides' documents. */
function activeDiff(): { original: vscode.TextDocument; modified: vscode.TextDocument } {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  assert.ok(input instanceof vscode.TabInputTextDiff, 'a diff editor is the active tab');
  const find = (uri: vscode.Uri) => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  const original = find(input.original);
  const modified = find(input.modified);
  assert.ok(original && modified, 'both sides are open documents');
  return { original, modified };
}

const rangeOf = (r: number[]) => new vscode.Range(r[0], r[1], r[2], r[3]);

suite('explain the cache break: two prompts side by side in the diff editor', () => {
  teardown(closeAll);

  test('two prompt files that differ in one date: the rendered prompts side by side, the date decorated on both sides, the headline above', async () => {
    const monday = await workspaceFile('compare-monday.prompt');
    const tuesday = await workspaceFile('compare-tuesday.prompt');
    const headline = await vscode.commands.executeCommand<string>('promptCacheLens.explainBreak', monday, tuesday);
    assert.match(headline, /^Shared prefix: 1,[\d]{3} tokens \(cacheable 1,[\d]{3}\) · the cache stops at token 1,[\d]{3} \(user\): `2025-03-14\.` vs `2025-03-15\.` · /);

    const { original, modified } = activeDiff();
    assert.equal(original.uri.scheme, 'prompt-cache-lens-diff');
    assert.equal(modified.uri.scheme, 'prompt-cache-lens-diff');
    // Both documents open with the headline, then the prompt as the model reads it.
    assert.equal(original.lineAt(0).text, headline);
    assert.equal(modified.lineAt(0).text, headline);
    assert.ok(modified.getText().includes('──── user ────'));
    assert.ok(modified.getText().includes('You are Nimbus, the support assistant of Acme Cloud.'));
    // The same rendering on both sides: only the line with the date differs.
    assert.equal(original.lineCount, modified.lineCount);
    const differing = Array.from({ length: original.lineCount }, (_, i) => i).filter((i) => original.lineAt(i).text !== modified.lineAt(i).text);
    assert.equal(differing.length, 1);
    assert.match(original.lineAt(differing[0]).text, /Today is 2025-03-14\./);
    assert.match(modified.lineAt(differing[0]).text, /Today is 2025-03-15\./);

    // The first differing token is marked in both editors of the diff.
    const state = await waitFor(diffState, (s) => Boolean(s?.sides.first.decorated && s.sides.second.decorated), 'both sides decorated');
    assert.ok(state);
    assert.equal(state.headline, headline);
    assert.equal(state.sides.first.uri, original.uri.toString());
    assert.equal(state.sides.second.uri, modified.uri.toString());
    assert.equal(original.getText(rangeOf(state.sides.first.range!)), state.sides.first.token);
    assert.equal(modified.getText(rangeOf(state.sides.second.range!)), state.sides.second.token);
    assert.ok('2025-03-14'.endsWith(state.sides.first.token!), state.sides.first.token!);
    assert.ok('2025-03-15'.endsWith(state.sides.second.token!), state.sides.second.token!);
    assert.equal(state.sides.first.range![0], differing[0]);
    // Where the difference is in each file.
    const dateLine = (await vscode.workspace.openTextDocument(monday)).getText().split('\n').findIndex((l) => l.startsWith('Today is')) + 1;
    assert.equal(state.sides.first.source?.line, dateLine);
    assert.equal(state.sides.second.source?.line, dateLine);
    assert.match(state.title, /^compare-monday\.prompt ↔ compare-tuesday\.prompt \(shared [\d,]+ tokens\)$/);
  });

  test('from the dashboard history: "Compare with run 1" opens run 2\'s request beside run 1\'s', async () => {
    type Snapshot = { ready: boolean; posted: ToWebview[] };
    const dashboard = (action: { type: 'snapshot' } | { type: 'receive'; message: ToHost } = { type: 'snapshot' }) =>
      vscode.commands.executeCommand<Snapshot | undefined>('promptCacheLens.internal.dashboard', action);
    const snapshot = async () => (await dashboard()) ?? { ready: false, posted: [] };
    const reply = (requestId: string) => (s: Snapshot) => s.posted.find((m): m is Extract<ToWebview, { type: 'reply' }> => m.type === 'reply' && m.requestId === requestId);

    await vscode.commands.executeCommand('promptCacheLens.testCaching', await workspaceFile('compare-monday.prompt'));
    const ready = await waitFor(snapshot, (s) => s.ready && s.posted.some((m) => m.type === 'init'), 'the dashboard is ready', 45_000);
    const init = ready.posted.find((m): m is Extract<ToWebview, { type: 'init' }> => m.type === 'init')!;
    // The file's date is sent as written, so the runs differ only by their question.
    const form: RunForm = {
      ...init.defaults,
      endpoint: 'simulator',
      runs: 2,
      delayMs: 0,
      perRequestValues: 'as-written',
      variableRows: [{ question: 'Where is my order?' }, { question: 'Can I return it?' }],
    };
    await dashboard({ type: 'receive', message: { type: 'run', requestId: 'compare-run', form } });
    const started = reply('compare-run')(await waitFor(snapshot, (s) => Boolean(reply('compare-run')(s)), 'the run started', 45_000));
    assert.ok(started?.ok && started.sessionId, started?.error);
    const sessionId = started.sessionId;
    await waitFor(snapshot, (s) => s.posted.some((m) => m.type === 'sessionFinished' && m.info.sessionId === sessionId), 'the session finished', 45_000);

    // The page gets each run's request without its body, enough to offer the comparison.
    const records = (await snapshot()).posted.flatMap((m) => (m.type === 'record' && m.record.sessionId === sessionId ? [m.record] : []));
    assert.equal(records.length, 2);
    for (const record of records) {
      assert.match(record.request?.sha256 ?? '', /^[0-9a-f]{64}$/);
      assert.equal((record.request as { body?: string }).body, undefined);
    }

    await dashboard({ type: 'receive', message: { type: 'compareRuns', requestId: 'compare-1', sessionId, index: 1 } });
    const answered = reply('compare-1')(await waitFor(snapshot, (s) => Boolean(reply('compare-1')(s)), 'the comparison answered', 45_000));
    assert.ok(answered?.ok, answered?.error);

    const { original, modified } = activeDiff();
    const state = await waitFor(diffState, (s) => Boolean(s?.sides.second.label === 'run 2' && s.sides.first.decorated && s.sides.second.decorated), 'the runs\' diff is decorated');
    assert.ok(state);
    assert.equal(state.sides.first.label, 'run 1');
    assert.match(state.headline, /^Shared prefix: [\d,]+ tokens \(cacheable [\d,]+\) · the cache stops at token [\d,]+ \(user\): `Where` vs `Can` · /);
    assert.equal(original.getText(rangeOf(state.sides.first.range!)).trim(), 'Where');
    assert.equal(modified.getText(rangeOf(state.sides.second.range!)).trim(), 'Can');
    assert.ok(modified.getText().includes('Question: Can I return it?'));
  });
});
