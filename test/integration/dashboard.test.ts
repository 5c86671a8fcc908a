import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SessionStore } from '../../src/history';
import { parseToWebview, type RunForm, type ToHost, type ToWebview } from '../../src/shared/protocol';
import type { DashboardSnapshot as PanelSnapshot } from '../../src/extension/dashboard/dashboardPanel';
import { closeAll, sleep, workspaceFile } from './helpers';

/** What `promptCacheLens.internal.dashboard` returns (see Dashboard.internal). */
type DashboardSnapshot = PanelSnapshot & { historyDir: string };

type Action = { type: 'snapshot' } | { type: 'receive'; message: ToHost } | { type: 'resetSimulator'; faults?: Record<string, unknown> };

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

let requestCounter = 0;

/** Starts a test as the Run button would, and returns the new session's id. */
async function run(form: RunForm): Promise<string> {
  const requestId = `test-${++requestCounter}`;
  const s = await dashboard({ type: 'receive', message: { type: 'run', requestId, form } });
  const settled = s?.posted.find((m) => m.type === 'reply' && m.requestId === requestId)
    ? s
    : await waitForDashboard((x) => x.posted.some((m) => m.type === 'reply' && m.requestId === requestId));
  const reply = settled.posted.find((m): m is Extract<ToWebview, { type: 'reply' }> => m.type === 'reply' && m.requestId === requestId);
  assert.ok(reply?.ok, `the run started: ${reply?.error}`);
  assert.ok(reply.sessionId);
  return reply.sessionId;
}

const finished = (sessionId: string) => (s: DashboardSnapshot) => ofType(s, 'sessionFinished').some((m) => m.info.sessionId === sessionId);

suite('dashboard: test caching with real requests against the simulator', () => {
  let defaults: RunForm;
  let historyDir: string;

  suiteSetup(async () => {
    const uri = await workspaceFile('cached.prompty');
    await vscode.commands.executeCommand('promptCacheLens.testCaching', uri);
    const s = await waitForDashboard((x) => x.ready && ofType(x, 'init').length > 0 && ofType(x, 'sessions').length > 0);
    defaults = ofType(s, 'init')[0].defaults;
    historyDir = s.historyDir;
  });

  suiteTeardown(closeAll);

  test('opens for the file, says which, and shows the engine\'s prediction once the webview is ready', async () => {
    const s = await dashboard();
    assert.ok(s?.open);
    assert.equal(s.fileUri, (await workspaceFile('cached.prompty')).toString());
    // The webview announced itself before the host posted anything, and init came first.
    assert.equal(s.received[0]?.type, 'ready');
    assert.equal(s.posted[0]?.type, 'init');
    const init = ofType(s, 'init')[0];
    assert.equal(init.file?.label, 'cached.prompty');
    assert.equal(init.file?.prediction?.model, 'gpt-4o');
    assert.equal(init.file?.prediction?.cacheableTokens, 1792);
    assert.deepEqual(init.file?.variables, ['question']);
    assert.deepEqual(init.file?.variableRows, [{ question: 'Where is my order?' }]);
    // Without a key the simulator is the default and is labelled as such.
    const simulator = init.endpoints.find((e) => e.kind === 'simulator');
    assert.equal(simulator?.simulated, true);
    assert.match(simulator?.label ?? '', /simulated/);
    if (!init.endpoints.some((e) => e.kind === 'openai' && e.hasKey)) assert.equal(defaults.endpoint, 'simulator');
    assert.equal(defaults.model, 'gpt-4o');
    // Every message the host sent is valid under the shared protocol.
    for (const message of s.posted) assert.ok(parseToWebview(message).ok, `valid: ${JSON.stringify(message).slice(0, 200)}`);
  });

  test('three runs against the simulator: cached tokens 0, then the predicted 1,792; stored as they complete', async () => {
    await dashboard({ type: 'resetSimulator' });
    const sessionId = await run({ ...defaults, endpoint: 'simulator', runs: 3 });
    const s = await waitForDashboard(finished(sessionId));

    const records = ofType(s, 'record').map((m) => m.record).filter((r) => r.sessionId === sessionId);
    assert.equal(records.length, 3);
    const started = ofType(s, 'sessionStarted').find((m) => m.info.sessionId === sessionId);
    assert.equal(started?.info.simulated, true);
    assert.equal(started?.estimatedUsd !== null, true);

    const stored = await new SessionStore(historyDir).read(sessionId);
    assert.equal(stored.runs.length, 3);
    assert.equal(stored.header.simulated, true);
    assert.equal(stored.header.promptFile, 'cached.prompty');
    assert.equal(stored.header.settings.model, 'gpt-4o');
    assert.equal(stored.end?.cancelled, false);
    const cached = stored.runs.map((r) => r.cachedTokens);
    assert.equal(cached[0], 0);
    assert.equal(cached[1], 1792);
    assert.equal(cached[2], 1792);
    assert.deepEqual(stored.runs.map((r) => r.predictedCachedTokens), cached);
    assert.ok(stored.runs.every((r) => r.outcome.status === 'ok' && r.simulated));
    // Cache hits make runs 2 and 3 cheaper than the same requests uncached.
    assert.ok(stored.runs[1].cost && stored.runs[1].cost.cachedUsd < stored.runs[1].cost.uncachedUsd);
    // What was posted is what was stored.
    assert.deepEqual(records.map((r) => r.cachedTokens).sort(), [...cached].sort());

    const finish = ofType(s, 'sessionFinished').find((m) => m.info.sessionId === sessionId);
    assert.equal(finish?.cancelled, false);
    assert.equal(finish?.info.runs, 3);
    assert.equal(finish?.info.hitRate !== null && finish.info.hitRate > 0, true);
    // The session is in the history list the panel received.
    const listed = await waitForDashboard((x) => ofType(x, 'sessions').some((m) => m.sessions.some((i) => i.sessionId === sessionId)));
    assert.ok(listed);
    // The webview drew the three rows and the chart.
    await waitForDashboard((x) => x.received.some((m) => m.type === 'rendered' && m.rows === 3 && m.chart));
  });

  test('a run the simulator fails with 500s is recorded as a failure, the run before it kept, the rest not sent', async () => {
    // Run 2's request and all three retries fail; run 1 succeeds and run 3 is not sent to a failing server.
    await dashboard({ type: 'resetSimulator', faults: { serverError: { requests: [2, 3, 4, 5] } } });
    const sessionId = await run({ ...defaults, endpoint: 'simulator', runs: 3 });
    const s = await waitForDashboard(finished(sessionId));
    const stored = await new SessionStore(historyDir).read(sessionId);
    assert.equal(stored.runs.length, 3);
    assert.deepEqual(stored.runs.map((r) => r.outcome.status), ['ok', 'error', 'error']);
    const failure = stored.runs[1].outcome;
    assert.ok(failure.status === 'error');
    assert.equal(failure.kind, 'server');
    assert.equal(failure.httpStatus, 500);
    assert.equal(stored.runs[1].attempts, 4);
    assert.equal(stored.runs[1].cachedTokens, null);
    assert.equal(stored.runs[2].outcome.status === 'error' && stored.runs[2].outcome.kind, 'not-sent');
    assert.equal(stored.runs[2].attempts, 0);
    // The panel was told about each retry wait.
    assert.equal(ofType(s, 'retryWait').filter((m) => m.sessionId === sessionId).length, 3);
    assert.equal(ofType(s, 'sessionFinished').find((m) => m.info.sessionId === sessionId)?.info.failedRuns, 1);
    assert.equal(ofType(s, 'sessionFinished').find((m) => m.info.sessionId === sessionId)?.info.notSentRuns, 1);
  });

  test('Cancel aborts the request in flight and starts no more runs', async () => {
    await dashboard({ type: 'resetSimulator', faults: { latencyMs: 20_000 } });
    const sessionId = await run({ ...defaults, endpoint: 'simulator', runs: 3 });
    await waitForDashboard((x) => ofType(x, 'runStarted').some((m) => m.sessionId === sessionId));
    const cancelledAt = Date.now();
    await dashboard({ type: 'receive', message: { type: 'cancel', requestId: 'cancel-1', sessionId } });
    const s = await waitForDashboard(finished(sessionId), 10_000);
    assert.ok(Date.now() - cancelledAt < 5_000, 'the request was aborted, not awaited');
    assert.equal(ofType(s, 'sessionFinished').find((m) => m.info.sessionId === sessionId)?.cancelled, true);
    const stored = await new SessionStore(historyDir).read(sessionId);
    assert.equal(stored.end?.cancelled, true);
    assert.equal(stored.runs.length, 1);
    assert.deepEqual(stored.runs[0].outcome, { status: 'error', kind: 'cancelled', message: 'Cancelled.' });
    await dashboard({ type: 'resetSimulator' });
  });

  test('a paid endpoint without a key is refused with a "Set API key" action, and nothing is sent', async () => {
    const saved = process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_API_KEY;
    try {
      const before = (await dashboard())?.sessionIds.length;
      const requestId = 'no-key';
      await dashboard({ type: 'receive', message: { type: 'run', requestId, form: { ...defaults, endpoint: 'openai' } } });
      const s = await waitForDashboard((x) => x.posted.some((m) => m.type === 'reply' && m.requestId === requestId));
      const reply = s.posted.find((m) => m.type === 'reply' && m.requestId === requestId);
      assert.equal(reply?.type === 'reply' && reply.ok, false);
      const error = ofType(s, 'error').at(-1);
      assert.match(error?.message ?? '', /No API key for OpenAI/);
      assert.deepEqual(error?.action, { command: 'setKey', endpoint: 'openai', label: 'Set OpenAI API key' });
      assert.equal(s.sessionIds.length, before);
    } finally {
      if (saved !== undefined) process.env.OPENAI_API_KEY = saved;
    }
  });

  test('an invalid message from the webview is ignored', async () => {
    await dashboard({ type: 'receive', message: { type: 'run', requestId: 'bad', form: { runs: -1 } } as unknown as ToHost });
    const after = (await dashboard())!;
    assert.ok(!after.received.some((m) => 'requestId' in m && m.requestId === 'bad'));
    assert.ok(!after.posted.some((m) => m.type === 'reply' && m.requestId === 'bad'));
  });
});
