import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { SessionStore, sessionToCsv, sessionToJson } from '../../../src/history/index';
import type { RunRecord, SessionHeader } from '../../../src/runner/types';

const KEY = 'KEY-CANARY-7731';
const LEAKY_URL = 'http://alice:URLPASS-9921@proxy.example/v1?api-key=QUERYKEY-4410&api-version=1';
const LEAKS = [KEY, 'URLPASS-9921', 'QUERYKEY-4410', 'alice:'];

const dirs: string[] = [];
after(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pcl-redaction-'));
  dirs.push(dir);
  return dir;
}

function header(sessionId: string): SessionHeader {
  return {
    sessionId,
    createdAt: '2026-09-01T09:00:00.000Z',
    endpoint: { kind: 'compatible', baseURL: LEAKY_URL },
    settings: { model: 'gpt-4o-mini', api: 'chat', runs: 2 },
    simulated: false,
  };
}

function run(sessionId: string, index: number): RunRecord {
  return {
    sessionId,
    index,
    startedAt: '2026-09-01T09:00:00.000Z',
    startedAtMs: 0,
    latencyMs: 10,
    ttftMs: null,
    promptTokens: index === 0 ? 7731 : null,
    cachedTokens: index === 0 ? 0 : null,
    cacheWriteTokens: null,
    cacheCreationInputTokens: null,
    cacheReadInputTokens: null,
    outputTokens: null,
    predictedCachedTokens: null,
    predictedPromptTokens: null,
    cost: null,
    outcome: index === 0 ? { status: 'ok' } : { status: 'error', kind: 'auth', message: `401: bad key ${KEY} for ${LEAKY_URL}`, httpStatus: 401 },
    attempts: 1,
    retryWaitMs: 0,
    usage: index === 0 ? { prompt_tokens: 7731, echoed: `Bearer ${KEY}` } : null,
    simulated: false,
  };
}

function assertClean(text: string, where: string): void {
  for (const leak of LEAKS) assert.ok(!text.includes(leak), `${where} contains ${leak}`);
}

describe('history and exports never hold a key or URL credentials', () => {
  it('redacts every line as it is written, with the keys the owner knows', async () => {
    const store = new SessionStore(await tempDir(), Date.now, () => [KEY]);
    const writer = await store.create(header('w1'));
    await writer.append(run('w1', 0));
    await writer.append(run('w1', 1));
    await writer.close();
    const text = await readFile(join(store.directory, 'w1.jsonl'), 'utf8');
    assertClean(text, 'the history file');
    const session = await store.read('w1');
    assert.equal(session.header.endpoint.baseURL, 'http://proxy.example/v1?api-version=1');
    // Numbers are never touched, even when the key's digits are in them.
    assert.equal(session.runs[0].promptTokens, 7731);
    assert.deepEqual(session.runs[0].usage, { prompt_tokens: 7731, echoed: 'Bearer [redacted]' });
    assert.match(session.runs[1].outcome.status === 'error' ? session.runs[1].outcome.message : '', /^401: bad key \[redacted\] for http:\/\/proxy\.example\/v1\?api-version=1$/);
  });

  it('cleans files written before redaction when they are read and exported', async () => {
    const dir = await tempDir();
    await mkdir(dir, { recursive: true });
    const lines = [{ type: 'session', ...header('old1') }, { type: 'run', ...run('old1', 0) }, { type: 'run', ...run('old1', 1) }];
    await writeFile(join(dir, 'old1.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const store = new SessionStore(dir, Date.now, () => [KEY]);
    const session = await store.read('old1');
    assertClean(JSON.stringify(session), 'the session read back');
    assertClean(sessionToCsv(session), 'the CSV export');
    assertClean(sessionToJson(session), 'the JSON export');
    const listed = await store.list();
    assertClean(JSON.stringify(listed), 'the session list');
  });

  it('exports redact known keys even from a session held in memory', () => {
    const session = { header: header('mem'), runs: [run('mem', 0), run('mem', 1)], truncated: false, skippedLines: 0 };
    const csv = sessionToCsv(session, [KEY]);
    const json = sessionToJson(session, [KEY]);
    assertClean(csv, 'the CSV export');
    assertClean(json, 'the JSON export');
    assert.equal(JSON.parse(json).runs[0].promptTokens, 7731);
    assert.match(csv.split('\r\n')[2], /401: bad key \[redacted\]/);
  });
});
