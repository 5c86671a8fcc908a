import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CSV_COLUMNS, SessionStore, sessionToCsv, sessionToJson } from '../../../src/history/index';
import type { RunRecord, SessionHeader } from '../../../src/runner/types';

const dirs: string[] = [];
after(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function store(): Promise<SessionStore> {
  const dir = await mkdtemp(join(tmpdir(), 'pcl-history-'));
  dirs.push(dir);
  return new SessionStore(join(dir, 'sessions'), () => Date.parse('2026-09-01T10:00:00Z'));
}

function header(sessionId: string, createdAt = '2026-09-01T09:00:00.000Z'): SessionHeader {
  return {
    sessionId,
    createdAt,
    promptFile: 'support.prompty',
    endpoint: { kind: 'simulator', baseURL: 'http://127.0.0.1:1/v1' },
    settings: { model: 'gpt-4o-mini', api: 'chat', runs: 3 },
    simulated: true,
  };
}

function run(sessionId: string, index: number, cached: number | null, ok = true): RunRecord {
  return {
    sessionId,
    index,
    startedAt: `2026-09-01T09:00:0${index}.000Z`,
    startedAtMs: 0,
    latencyMs: 120.44,
    ttftMs: null,
    promptTokens: ok ? 1300 : null,
    cachedTokens: cached,
    cacheWriteTokens: null,
    cacheCreationInputTokens: null,
    cacheReadInputTokens: null,
    outputTokens: ok ? 10 : null,
    predictedCachedTokens: 1280,
    predictedPromptTokens: 1300,
    cost: ok ? { cachedUsd: 0.0001, uncachedUsd: 0.0002 } : null,
    outcome: ok ? { status: 'ok' } : { status: 'error', kind: 'server', message: 'failed, "twice"', httpStatus: 500 },
    attempts: 1,
    retryWaitMs: 0,
    usage: null,
    simulated: true,
  };
}

describe('session store', () => {
  it('writes runs as they complete and reads them back', async () => {
    const s = await store();
    const writer = await s.create(header('s1'));
    await writer.append(run('s1', 0, 0));
    await writer.append(run('s1', 1, 1280));
    const beforeClose = await s.read('s1');
    assert.equal(beforeClose.runs.length, 2, 'runs are on disk before the session ends');
    assert.equal(beforeClose.end, undefined);
    await writer.close();
    const session = await s.read('s1');
    assert.deepEqual(session.runs.map((r) => r.cachedTokens), [0, 1280]);
    assert.deepEqual(session.end, { finishedAt: '2026-09-01T10:00:00.000Z', cancelled: false });
    assert.equal(session.truncated, false);
  });

  it('survives a truncated last line after a crash', async () => {
    const s = await store();
    const writer = await s.create(header('crash'));
    await writer.append(run('crash', 0, 0));
    await appendFile(join(s.directory, 'crash.jsonl'), '{"type":"run","sessionId":"crash","index":1,"cach');
    const session = await s.read('crash');
    assert.equal(session.truncated, true);
    assert.equal(session.runs.length, 1);
    assert.equal(session.runs[0].cachedTokens, 0);
    await writer.close();
  });

  it('lists sessions newest first with their hit rate, and deletes them', async () => {
    const s = await store();
    const older = await s.create(header('older', '2026-08-01T00:00:00.000Z'));
    await older.append(run('older', 0, 0));
    await older.close();
    const newer = await s.create(header('newer'));
    await newer.append(run('newer', 0, 0));
    await newer.append(run('newer', 1, 1280));
    await newer.append(run('newer', 2, null, false));
    await newer.close(true);
    const list = await s.list();
    assert.deepEqual(list.map((l) => l.sessionId), ['newer', 'older']);
    assert.equal(list[0].hitRate, 1280 / 2600);
    assert.equal(list[0].failedRuns, 1);
    assert.equal(list[1].hitRate, 0);
    assert.equal(await s.delete('older'), true);
    assert.equal(await s.delete('older'), false);
    assert.deepEqual((await s.list()).map((l) => l.sessionId), ['newer']);
    await assert.rejects(s.read('../etc/passwd'), /Invalid session id/);
  });

  it('lists nothing for a directory that does not exist yet', async () => {
    assert.deepEqual(await (await store()).list(), []);
  });

  it('exports CSV with the documented columns, empty cells for values not reported', async () => {
    const s = await store();
    const writer = await s.create(header('csv'));
    await writer.append({ ...run('csv', 0, null), variables: { question: 'Where is my order?' }, perRequestValues: { '{datetime.now().isoformat()}': '2026-11-29T14:44:57.000353' } });
    await writer.append(run('csv', 1, null, false));
    await writer.close();
    const csv = sessionToCsv(await s.read('csv'));
    const [head, first, second] = csv.split('\r\n');
    assert.equal(
      head,
      'session_id,run,started_at,outcome,error_kind,error_message,latency_ms,ttft_ms,prompt_tokens,cached_tokens,' +
        'predicted_cached_tokens,cache_write_tokens,cache_creation_input_tokens,cache_read_input_tokens,output_tokens,' +
        'cost_usd,uncached_cost_usd,attempts,simulated,model,variables,per_request_values,request_sha256',
    );
    // The values each run sent, as the run table shows them, and the model.
    assert.match(first, /,gpt-4o-mini,"\{""question"":""Where is my order\?""\}","\{""\{datetime\.now\(\)\.isoformat\(\)\}"":""2026-11-29T14:44:57\.000353""\}",$/);
    assert.match(second, /,gpt-4o-mini,,,$/);
    assert.equal(CSV_COLUMNS.length, head.split(',').length);
    const cells = first.split(',');
    assert.equal(cells[head.split(',').indexOf('cached_tokens')], '', 'not reported is empty, not 0');
    assert.equal(cells[head.split(',').indexOf('latency_ms')], '120.4');
    assert.match(second, /,error,server,"failed, ""twice""",/);
  });

  it('exports JSON with header, runs and end', async () => {
    const s = await store();
    const writer = await s.create(header('json'));
    await writer.append(run('json', 0, 0));
    await writer.close();
    const parsed = JSON.parse(sessionToJson(await s.read('json'))) as { header: SessionHeader; runs: RunRecord[]; end: unknown };
    assert.equal(parsed.header.sessionId, 'json');
    assert.equal(parsed.runs.length, 1);
    assert.ok(parsed.end);
    const raw = await readFile(join(s.directory, 'json.jsonl'), 'utf8');
    assert.equal(raw.trimEnd().split('\n').length, 3);
  });
});
