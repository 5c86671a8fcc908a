import * as assert from 'node:assert/strict';
import { createServer } from 'node:net';
import * as vscode from 'vscode';
import { SessionStore } from '../../src/history';
import type { DashboardSnapshot as PanelSnapshot } from '../../src/extension/dashboard/dashboardPanel';
import type { EndpointSettings, RunForm, ToHost, ToWebview } from '../../src/shared/protocol';
import { closeAll, sleep, workspaceFile } from './helpers';

type DashboardSnapshot = PanelSnapshot & { historyDir: string };
type Action = { type: 'snapshot' } | { type: 'receive'; message: ToHost } | { type: 'resetSimulator' };

function dashboard(action: Action = { type: 'snapshot' }): Thenable<DashboardSnapshot | undefined> {
  return vscode.commands.executeCommand<DashboardSnapshot | undefined>('promptCacheLens.internal.dashboard', action);
}

async function waitForDashboard(check: (s: DashboardSnapshot) => boolean, timeoutMs = 45_000): Promise<DashboardSnapshot> {
  const deadline = Date.now() + timeoutMs;
  let last: DashboardSnapshot | undefined;
  while (Date.now() < deadline) {
    last = await dashboard();
    if (last && check(last)) return last;
    await sleep(100);
  }
  const brief = last && { ...last, posted: last.posted.map((m) => m.type), received: last.received.map((m) => m.type) };
  assert.fail(`the dashboard did not reach the expected state; last: ${JSON.stringify(brief).slice(0, 2000)}`);
}

const ofType = <T extends ToWebview['type']>(s: DashboardSnapshot, type: T) => s.posted.filter((m): m is Extract<ToWebview, { type: T }> => m.type === type);
/** The session ended and the panel is free for the next one. */
const finished = (sessionId: string) => (s: DashboardSnapshot) => s.running === undefined && ofType(s, 'sessionFinished').some((m) => m.info.sessionId === sessionId);

let counter = 0;

/** Sends a request as the page would and waits for its reply. */
async function request(build: (requestId: string) => ToHost): Promise<Extract<ToWebview, { type: 'reply' }>> {
  const requestId = `measure-${++counter}`;
  await dashboard({ type: 'receive', message: build(requestId) });
  const s = await waitForDashboard((x) => x.posted.some((m) => m.type === 'reply' && m.requestId === requestId));
  const reply = s.posted.find((m): m is Extract<ToWebview, { type: 'reply' }> => m.type === 'reply' && m.requestId === requestId);
  assert.ok(reply);
  return reply;
}

async function run(form: RunForm): Promise<string> {
  const reply = await request((requestId) => ({ type: 'run', requestId, form }));
  assert.ok(reply.ok && reply.sessionId, `the run started: ${reply.error}`);
  return reply.sessionId;
}

async function openFor(name: string): Promise<RunForm> {
  const uri = await workspaceFile(name);
  await vscode.commands.executeCommand('promptCacheLens.testCaching', uri);
  const s = await waitForDashboard((x) => x.ready && x.fileUri === uri.toString() && ofType(x, 'init').some((m) => m.file?.uri === uri.toString()));
  return ofType(s, 'init').filter((m) => m.file?.uri === uri.toString()).at(-1)!.defaults;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

suite('dashboard as a measuring instrument', () => {
  suiteTeardown(closeAll);

  test('an Anthropic request with two breakpoints, three times on the simulator: run 1 writes both, runs 2 and 3 read them; the chart draws writes as their own series', async () => {
    const defaults = await openFor('anthropic-breakpoints.json');
    await dashboard({ type: 'resetSimulator' });
    const rows = [{ order_number: '1001' }, { order_number: '1002' }, { order_number: '1003' }];
    const sessionId = await run({ ...defaults, endpoint: 'simulator', runs: 3, variableRows: rows });
    await waitForDashboard(finished(sessionId));
    const stored = await new SessionStore((await dashboard())!.historyDir).read(sessionId);
    const [first, second, third] = stored.runs;
    assert.ok(stored.runs.every((r) => r.outcome.status === 'ok' && r.simulated));
    assert.equal(stored.header.endpoint.protocol, 'anthropic');
    // Run 1 writes up to the second breakpoint: the tools at 1 h, the system block at 5 min.
    const usage = first.usage as { cache_creation?: { ephemeral_1h_input_tokens: number; ephemeral_5m_input_tokens: number } };
    assert.ok((first.cacheCreationInputTokens ?? 0) > 2048);
    assert.equal(first.cacheReadInputTokens, 0);
    assert.ok((usage.cache_creation?.ephemeral_1h_input_tokens ?? 0) > 1024, 'the tools are written with the 1-hour TTL');
    assert.ok((usage.cache_creation?.ephemeral_5m_input_tokens ?? 0) > 0, 'the system block with the 5-minute TTL');
    assert.equal((usage.cache_creation?.ephemeral_1h_input_tokens ?? 0) + (usage.cache_creation?.ephemeral_5m_input_tokens ?? 0), first.cacheCreationInputTokens);
    for (const later of [second, third]) {
      assert.equal(later.cacheReadInputTokens, first.cacheCreationInputTokens);
      assert.equal(later.cacheCreationInputTokens, 0);
    }
    assert.deepEqual(stored.runs.map((r) => r.predictedCachedTokens), stored.runs.map((r) => r.cachedTokens));
    assert.deepEqual(stored.runs.map((r) => r.predictedCache), ['cold', 'warm', 'warm']);
    assert.deepEqual(stored.runs.map((r) => r.variables?.order_number), ['1001', '1002', '1003']);
    const listed = await waitForDashboard((x) => ofType(x, 'sessions').some((m) => m.sessions.some((i) => i.sessionId === sessionId)));
    assert.equal(ofType(listed, 'sessions').at(-1)?.sessions.find((i) => i.sessionId === sessionId)?.settings.api, 'messages');
    const drawn = await waitForDashboard((x) => x.received.some((m) => m.type === 'rendered' && m.rows === 3 && m.chart && (m.series ?? []).includes('written')));
    const rendered = drawn.received.filter((m) => m.type === 'rendered').at(-1);
    assert.ok(rendered?.type === 'rendered' && rendered.series?.includes('read') && rendered.series.includes('written'));
  });

  test('two sessions overlay as two series; the second is predicted warm from its first run, and matches', async () => {
    const defaults = await openFor('cached.prompty');
    await dashboard({ type: 'resetSimulator' });
    const first = await run({ ...defaults, endpoint: 'simulator', runs: 2 });
    await waitForDashboard(finished(first));
    // Streamed this time: the same prefix goes to the same cache (another prompt_cache_key would not).
    const second = await run({ ...defaults, endpoint: 'simulator', runs: 2, stream: true });
    const s = await waitForDashboard(finished(second));
    const records = ofType(s, 'record').map((m) => m.record).filter((r) => r.sessionId === second);
    const run1 = records.find((r) => r.index === 0);
    assert.equal(run1?.predictedCache, 'warm');
    assert.equal(run1?.cachedTokens, run1?.predictedCachedTokens);
    assert.ok((run1?.cachedTokens ?? 0) > 0);
    await waitForDashboard((x) => x.received.some((m) => m.type === 'rendered' && m.sessions >= 2 && (m.series ?? []).includes('predicted')));
    // The history tells the two apart by their settings.
    const info = ofType(s, 'sessionFinished').find((m) => m.info.sessionId === second)?.info;
    assert.equal(info?.settings.stream, true);
    assert.equal(ofType(s, 'sessionFinished').find((m) => m.info.sessionId === first)?.info.settings.stream, false);
    // Re-run loads the same settings into the form.
    const reply = await request((requestId) => ({ type: 'rerunSession', requestId, sessionId: second }));
    assert.ok(reply.ok);
    const form = ofType((await dashboard())!, 'form').at(-1);
    assert.equal(form?.form.stream, true);
    assert.equal(form?.form.runs, 2);
  });

  test('closing and reopening the panel brings back the form, the overlaid sessions and the shown one', async () => {
    const defaults = await openFor('cached.prompty');
    const sessionId = await run({ ...defaults, endpoint: 'simulator', runs: 1 });
    await waitForDashboard(finished(sessionId));
    // The page keeps its state with the host as the user changes it.
    await waitForDashboard((x) => x.received.some((m) => m.type === 'saveUi' && m.state.overlaid.includes(sessionId) && m.state.current === sessionId));
    const form = { ...defaults, runs: 20, delayMs: 400, stream: true };
    await dashboard({ type: 'receive', message: { type: 'saveUi', state: { fileUri: (await workspaceFile('cached.prompty')).toString(), form, overlaid: [sessionId], current: sessionId } } });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await sleep(500);
    assert.equal(await dashboard(), undefined, 'the panel is closed');
    await openFor('cached.prompty');
    const s = await waitForDashboard((x) => ofType(x, 'init').length > 0);
    const saved = ofType(s, 'init')[0].saved;
    assert.equal(saved?.form?.runs, 20);
    assert.equal(saved?.form?.delayMs, 400);
    assert.equal(saved?.form?.stream, true);
    assert.equal(saved?.current, sessionId);
    // The page asked for the session again and drew it: table rows and chart.
    await waitForDashboard((x) => x.received.some((m) => m.type === 'openSession' && m.sessionId === sessionId));
    await waitForDashboard((x) => x.received.some((m) => m.type === 'rendered' && m.sessions >= 1 && m.rows >= 1 && m.chart));
  });

  test('an unreachable endpoint fails at once with its host named, Test connection says the same, and the fix is a button', async () => {
    const defaults = await openFor('cached.prompty');
    const port = await closedPort();
    const config = vscode.workspace.getConfiguration('promptCacheLens.dashboard');
    const before = config.inspect<string>('compatibleBaseUrl')?.globalValue;
    try {
      await config.update('compatibleBaseUrl', undefined, vscode.ConfigurationTarget.Global);
      // Without a base URL the banner offers the set-up fields.
      const refused = await request((requestId) => ({ type: 'run', requestId, form: { ...defaults, endpoint: 'compatible' } }));
      assert.equal(refused.ok, false);
      const banner = ofType((await dashboard())!, 'error').at(-1);
      assert.equal(banner?.action?.command, 'setupEndpoint');
      assert.equal(banner?.action?.label, 'Set base URL');

      const settings: EndpointSettings = { compatibleBaseUrl: `http://127.0.0.1:${port}/v1`, azureEndpoint: '', azureDeployment: '', azureApiVersion: '2025-04-01-preview' };
      assert.ok((await request((requestId) => ({ type: 'saveEndpointSettings', requestId, settings }))).ok);
      assert.equal(vscode.workspace.getConfiguration('promptCacheLens.dashboard').get('compatibleBaseUrl'), settings.compatibleBaseUrl);
      const checked = await request((requestId) => ({ type: 'testConnection', requestId, endpoint: 'compatible', settings }));
      assert.equal(checked.ok, false);
      const verdict = ofType((await dashboard())!, 'connectionChecked').at(-1);
      assert.match(verdict?.message ?? '', new RegExp(`127\\.0\\.0\\.1:${port} refused the connection \\(ECONNREFUSED\\)`));

      const sessionId = await run({ ...defaults, endpoint: 'compatible', runs: 2 });
      const s = await waitForDashboard(finished(sessionId), 15_000);
      const stored = await new SessionStore(s.historyDir).read(sessionId);
      for (const record of stored.runs) {
        assert.equal(record.attempts, 1, 'a refused connection is not retried');
        assert.ok(record.outcome.status === 'error' && record.outcome.kind === 'unreachable');
        assert.match(record.outcome.message, new RegExp(`127\\.0\\.0\\.1:${port}`));
        assert.equal(record.failedAttempts?.length, 1);
      }
      assert.equal(ofType(s, 'retryWait').filter((m) => m.sessionId === sessionId).length, 0);
      const error = ofType(await waitForDashboard((x) => ofType(x, 'error').some((m) => m.message.includes(`127.0.0.1:${port}`))), 'error').at(-1);
      assert.equal(error?.action?.command, 'showLog');
    } finally {
      await config.update('compatibleBaseUrl', before, vscode.ConfigurationTarget.Global);
    }
  });
});
