import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { DashboardSnapshot as PanelSnapshot } from '../../src/extension/dashboard/dashboardPanel';
import type { RunForm, ToWebview } from '../../src/shared/protocol';
import { closeAll, sleep, workspaceFile } from './helpers';

type DashboardSnapshot = PanelSnapshot & { historyDir: string };

/** Every fake secret carries this marker. */
const MARK = 'CANARY';
const URL_PASS = 'CANARY-urlpass-3b9e';
const URL_QUERY = 'CANARY-query-77d1';

function dashboard(action: { type: 'snapshot' } | { type: 'receive'; message: unknown } = { type: 'snapshot' }): Thenable<DashboardSnapshot | undefined> {
  return vscode.commands.executeCommand<DashboardSnapshot | undefined>('promptCacheLens.internal.dashboard', action);
}

async function waitForDashboard(check: (s: DashboardSnapshot) => boolean, timeoutMs = 45_000): Promise<DashboardSnapshot> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const s = await dashboard();
    if (s && check(s)) return s;
    await sleep(100);
  }
  assert.fail('the dashboard did not reach the expected state');
}

const ofType = <T extends ToWebview['type']>(s: DashboardSnapshot, type: T) => s.posted.filter((m): m is Extract<ToWebview, { type: T }> => m.type === type);

let requestCounter = 0;

/** Runs the form as the Run button would and waits for the session to finish. */
async function runToEnd(form: RunForm): Promise<{ sessionId: string; snapshot: DashboardSnapshot }> {
  const requestId = `canary-${++requestCounter}`;
  await dashboard({ type: 'receive', message: { type: 'run', requestId, form } });
  const replied = await waitForDashboard((s) => s.posted.some((m) => m.type === 'reply' && m.requestId === requestId));
  const reply = ofType(replied, 'reply').find((m) => m.requestId === requestId);
  assert.ok(reply?.ok && reply.sessionId, `the run started: ${reply?.error}`);
  const sessionId = reply.sessionId;
  const snapshot = await waitForDashboard((s) => !s.running && ofType(s, 'sessionFinished').some((m) => m.info.sessionId === sessionId));
  return { sessionId, snapshot };
}

function assertNoCanary(text: string, where: string): void {
  const at = text.indexOf(MARK);
  assert.equal(at, -1, `${where} holds a fake secret: …${text.slice(Math.max(0, at - 80), at + 40)}…`);
}

suite('dashboard: URL credentials and keys stay out of what the extension shows and writes', () => {
  let server: Server;
  let origin: string;
  let defaults: RunForm;
  const settings = () => vscode.workspace.getConfiguration('promptCacheLens.dashboard');

  suiteSetup(async () => {
    // Refuses every request, quoting the URL it was called with (as some proxies do).
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `Invalid key in ${req.url} (authorization: ${req.headers.authorization ?? 'none'})` } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    await vscode.commands.executeCommand('promptCacheLens.testCaching', await workspaceFile('cached.prompty'));
    const s = await waitForDashboard((x) => x.ready && ofType(x, 'init').length > 0);
    defaults = ofType(s, 'init')[0].defaults;
  });

  suiteTeardown(async () => {
    await settings().update('compatibleBaseUrl', undefined, vscode.ConfigurationTarget.Global);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await closeAll();
  });

  test('a URL with a password and a key in its query: nothing posted, stored or written as settings holds either', async () => {
    const sessions: string[] = [];
    for (const url of [`http://CANARY-user:${URL_PASS}@${origin}/v1`, `http://${origin}/v1?api-key=${URL_QUERY}&api-version=1`]) {
      await settings().update('compatibleBaseUrl', url, vscode.ConfigurationTarget.Global);
      const { sessionId } = await runToEnd({ ...defaults, endpoint: 'compatible', runs: 1 });
      sessions.push(sessionId);
    }
    const s = await dashboard();
    assert.ok(s);

    // The runs failed the way they should, and said so without the secrets.
    const records = ofType(s, 'record').map((m) => m.record).filter((r) => sessions.includes(r.sessionId));
    assert.equal(records.length, 2);
    assert.ok(records.every((r) => r.outcome.status === 'error'));
    assertNoCanary(JSON.stringify(s.posted), 'a message posted to the webview');

    for (const id of sessions) assertNoCanary(await readFile(join(s.historyDir, `${id}.jsonl`), 'utf8'), `history file ${id}`);

    // The extension wrote no setting: the URL is only where the user put it, nothing went to the workspace.
    for (const key of ['compatibleBaseUrl', 'azureEndpoint', 'endpoint']) {
      const inspected = settings().inspect(key);
      assert.equal(inspected?.workspaceValue, undefined, key);
      assert.equal(inspected?.workspaceFolderValue, undefined, key);
    }
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    if (folder && existsSync(join(folder, '.vscode', 'settings.json'))) {
      assertNoCanary(await readFile(join(folder, '.vscode', 'settings.json'), 'utf8'), 'the workspace settings');
    }
  });
});
