import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { describe, it } from 'node:test';
import { runSession, type RunRecord } from '../../../src/runner/index';
import { endpointLabel } from '../../../src/runner/endpointLabel';
import { failureLogLines } from '../../../src/extension/dashboard/testSession';
import { chatCompletion } from './echoServer';
import { longChatPrompt } from './helpers';

interface Scripted {
  status: number;
  headers?: Record<string, string>;
  json: unknown;
}

/** A server that answers the n-th request with the n-th scripted reply (the last one repeats). */
async function scriptedServer(replies: Scripted[]): Promise<{ origin: string; count: () => number; close: () => Promise<void> }> {
  let n = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const reply = replies[Math.min(n++, replies.length - 1)];
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(JSON.stringify(reply.json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    count: () => n,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const USAGE = { prompt_tokens: 1200, completion_tokens: 2, total_tokens: 1202, prompt_tokens_details: { cached_tokens: 1024 } };

describe('failures a user can act on', () => {
  it('a refused connection fails at once, names the host and port, and is not retried', async () => {
    const port = await closedPort();
    const result = await runSession({
      prompt: longChatPrompt(),
      endpoint: { kind: 'compatible', baseURL: `http://127.0.0.1:${port}/v1` },
      settings: { model: 'gpt-4o-mini', api: 'chat', runs: 2, maxRetries: 3, retryBaseDelayMs: 2000 },
    });
    for (const record of result.records) {
      assert.equal(record.attempts, 1);
      assert.equal(record.retryWaitMs, 0);
      assert.ok(record.outcome.status === 'error');
      assert.equal(record.outcome.kind, 'unreachable');
      assert.match(record.outcome.message, new RegExp(`127\\.0\\.0\\.1:${port} refused the connection \\(ECONNREFUSED\\)`));
      // The prediction is kept (the request was planned) but nothing was measured.
      assert.equal(record.cachedTokens, null);
      assert.deepEqual(record.failedAttempts?.map((a) => [a.attempt, a.kind, a.waitMs]), [[1, 'unreachable', 0]]);
    }
  });

  it('an unknown host name is unreachable too, named in the message', async () => {
    const result = await runSession({
      prompt: longChatPrompt(),
      endpoint: { kind: 'compatible', baseURL: 'http://no-such-host.invalid/v1' },
      settings: { model: 'gpt-4o-mini', api: 'chat', runs: 1, maxRetries: 3, retryBaseDelayMs: 2000 },
    });
    const [record] = result.records;
    assert.equal(record.attempts, 1);
    assert.ok(record.outcome.status === 'error');
    assert.equal(record.outcome.kind, 'unreachable');
    assert.match(record.outcome.message, /^no-such-host\.invalid (is not a known host name|could not be looked up)/);
  });

  it('a 503 with Retry-After waits as asked, lists each attempt with its request id, then succeeds', async () => {
    const server = await scriptedServer([
      { status: 503, headers: { 'retry-after': '0.05', 'x-request-id': 'req_first' }, json: { error: { message: 'Service unavailable', type: 'server_error' } } },
      { status: 429, headers: { 'retry-after-ms': '30', 'x-request-id': 'req_second' }, json: { error: { message: 'Rate limit reached', type: 'requests' } } },
      { status: 200, json: chatCompletion('chatcmpl-1', USAGE) },
    ]);
    try {
      const result = await runSession({
        prompt: longChatPrompt(),
        endpoint: { kind: 'compatible', baseURL: `${server.origin}/v1` },
        settings: { model: 'gpt-4o-mini', api: 'chat', runs: 1, retryBaseDelayMs: 5000 },
      });
      const [record] = result.records;
      assert.equal(record.outcome.status, 'ok');
      assert.equal(record.attempts, 3);
      assert.equal(record.retryWaitMs, 80);
      assert.equal(record.cachedTokens, 1024);
      const attempts = record.failedAttempts ?? [];
      assert.deepEqual(
        attempts.map((a) => [a.attempt, a.kind, a.httpStatus, a.waitMs, a.retryAfterHonoured, a.requestId]),
        [
          [1, 'server', 503, 50, true, 'req_first'],
          [2, 'rate-limit', 429, 30, true, 'req_second'],
        ],
      );
      assert.match(attempts[0].message, new RegExp(`^${server.origin.replace('http://', '').replace(/\./g, '\\.')}: HTTP 503: Service unavailable`));
      const lines = failureLogLines('abcdef0123', record);
      assert.equal(lines.length, 2);
      assert.match(lines[0], /^session abcdef01 run 1 attempt 1 failed \(server 503\): .*HTTP 503.*retrying in 50 ms \(Retry-After\) \[request id req_first\]$/);
    } finally {
      await server.close();
    }
  });

  it('a 500 that keeps failing is reported with the host, the status and the last request id', async () => {
    const server = await scriptedServer([{ status: 500, headers: { 'x-request-id': 'req_boom' }, json: { error: { message: 'Internal error' } } }]);
    try {
      const result = await runSession({
        prompt: longChatPrompt(),
        endpoint: { kind: 'compatible', baseURL: `${server.origin}/v1` },
        settings: { model: 'gpt-4o-mini', api: 'chat', runs: 1, maxRetries: 2, retryBaseDelayMs: 5 },
      });
      const [record] = result.records;
      assert.ok(record.outcome.status === 'error');
      assert.equal(record.outcome.kind, 'server');
      assert.equal(record.outcome.httpStatus, 500);
      assert.equal(record.outcome.requestId, 'req_boom');
      assert.match(record.outcome.message, /127\.0\.0\.1:\d+: HTTP 500: Internal error/);
      assert.equal(server.count(), 3);
      assert.deepEqual(record.failedAttempts?.map((a) => a.waitMs), [5, 10, 0]);
    } finally {
      await server.close();
    }
  });

  it('an Anthropic error names the host and carries its request-id header', async () => {
    const server = await scriptedServer([
      { status: 400, headers: { 'request-id': 'req_011CAnthropic' }, json: { type: 'error', error: { type: 'invalid_request_error', message: 'messages: at least one message is required' } } },
    ]);
    try {
      const result = await runSession({
        prompt: longChatPrompt(),
        endpoint: { kind: 'anthropic', apiKey: 'sk-ant-test-0123456789', baseURL: server.origin },
        settings: { model: 'claude-sonnet-4-5', api: 'chat', runs: 1 },
      });
      const outcome = result.records[0].outcome;
      assert.ok(outcome.status === 'error');
      assert.equal(outcome.kind, 'bad-request');
      assert.equal(outcome.requestId, 'req_011CAnthropic');
      assert.match(outcome.message, /^127\.0\.0\.1:\d+: HTTP 400: messages: at least one message is required$/);
      assert.equal(result.records[0].attempts, 1);
    } finally {
      await server.close();
    }
  });

  for (const api of ['chat', 'responses'] as const) {
    it(`a 200 without usage on ${api} is an unexpected body from the host, not retried and never ok`, async () => {
      const server = await scriptedServer([{ status: 200, json: { object: 'response.input_tokens', input_tokens: 1 } }]);
      try {
        const result = await runSession({
          prompt: longChatPrompt(),
          endpoint: { kind: 'compatible', baseURL: `${server.origin}/v1` },
          settings: { model: 'gpt-4o-mini', api, runs: 1, maxRetries: 3, retryBaseDelayMs: 5 },
        });
        const [record] = result.records;
        assert.ok(record.outcome.status === 'error', `outcome ${record.outcome.status}`);
        assert.equal(record.outcome.kind, 'unexpected-response');
        const host = server.origin.replace('http://', '');
        const missing = api === 'chat' ? 'no choices, no usage' : 'no output, no usage';
        const expected = `Unexpected response body from ${host} (${missing}).`;
        assert.ok(record.outcome.message.startsWith(expected), record.outcome.message);
        assert.doesNotMatch(record.outcome.message, /Cannot read properties|connection was dropped/);
        assert.equal(record.attempts, 1);
        assert.equal(server.count(), 1);
        assert.equal(record.usage, null);
      } finally {
        await server.close();
      }
    });
  }

  it('a refused key stops the session: the other runs are recorded as not sent, each written to history', async () => {
    const server = await scriptedServer([{ status: 401, json: { error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } } }]);
    try {
      const written: RunRecord[] = [];
      const result = await runSession({
        prompt: longChatPrompt(),
        endpoint: { kind: 'compatible', baseURL: `${server.origin}/v1`, apiKey: 'sk-wrong-0123456789abcdef' },
        settings: { model: 'gpt-4o-mini', api: 'chat', runs: 4, maxRetries: 3, retryBaseDelayMs: 5 },
        onRecord: (record) => void written.push(record),
      });
      assert.equal(server.count(), 1, 'one request: the refused key is not sent again');
      assert.deepEqual(
        result.records.map((r) => [r.index, r.outcome.status === 'error' && r.outcome.kind, r.attempts]),
        [
          [0, 'auth', 1],
          [1, 'not-sent', 0],
          [2, 'not-sent', 0],
          [3, 'not-sent', 0],
        ],
      );
      const host = server.origin.replace('http://', '');
      const unsent = result.records[1].outcome;
      assert.ok(unsent.status === 'error');
      assert.equal(unsent.message, `Not sent: ${host} refused the key on run 1 (HTTP 401); every run would be refused the same way.`);
      assert.equal(written.length, 4);
      assert.equal(result.cancelled, false);
    } finally {
      await server.close();
    }
  });

  it('a server that takes the connection and never answers stops the session after the first timeout', async () => {
    const sockets: Socket[] = [];
    const silent = createTcpServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const started = Date.now();
      const result = await runSession({
        prompt: longChatPrompt(),
        endpoint: { kind: 'compatible', baseURL: `http://127.0.0.1:${port}/v1` },
        settings: { model: 'gpt-4o-mini', api: 'chat', runs: 3, timeoutMs: 1_000 },
      });
      assert.ok(Date.now() - started < 2_500, 'one timeout, not one per run');
      assert.equal(sockets.length, 1, 'the runs after the timeout are not sent');
      assert.deepEqual(
        result.records.map((r) => r.outcome.status === 'error' && r.outcome.kind),
        ['timeout', 'not-sent', 'not-sent'],
      );
      const [timedOut, unsent] = result.records.map((r) => r.outcome);
      assert.ok(timedOut.status === 'error' && unsent.status === 'error');
      assert.match(timedOut.message, new RegExp(`^127\\.0\\.0\\.1:${port}: the request timed out\\. `));
      assert.doesNotMatch(timedOut.message, /raise the timeout/, 'no setting raises it');
      assert.equal(unsent.message, `Not sent: 127.0.0.1:${port} gave no answer to run 1 within 1 s; the session stopped there.`);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('with runs in parallel, no run starts after the refusal', async () => {
    const server = await scriptedServer([{ status: 403, json: { error: { message: 'Forbidden' } } }]);
    try {
      const result = await runSession({
        prompt: longChatPrompt(),
        endpoint: { kind: 'compatible', baseURL: `${server.origin}/v1` },
        settings: { model: 'gpt-4o-mini', api: 'chat', runs: 6, concurrency: 2 },
      });
      // Run 2 may or may not have been sent before run 1's answer came back; nothing after them is.
      assert.ok(server.count() <= 2, `${server.count()} requests`);
      const kinds = result.records.map((r) => r.outcome.status === 'error' && r.outcome.kind);
      assert.equal(kinds[0], 'auth');
      assert.deepEqual(kinds.slice(2), ['not-sent', 'not-sent', 'not-sent', 'not-sent']);
      assert.equal(kinds.filter((k) => k === 'auth').length, server.count());
      const last = result.records[5].outcome;
      assert.ok(last.status === 'error');
      assert.match(last.message, /^Not sent: 127\.0\.0\.1:\d+ asked for an API key on run [12] \(HTTP 403\); every run would be refused the same way\.$/);
    } finally {
      await server.close();
    }
  });

  it('names endpoints by host, never by path or credentials', () => {
    assert.equal(endpointLabel({ kind: 'openai', apiKey: 'k' }), 'api.openai.com');
    assert.equal(endpointLabel({ kind: 'anthropic', apiKey: 'k' }), 'api.anthropic.com');
    assert.equal(endpointLabel({ kind: 'azure', apiKey: 'k', endpoint: 'https://res.openai.azure.com/', apiVersion: 'v' }), 'res.openai.azure.com');
    assert.equal(endpointLabel({ kind: 'compatible', baseURL: 'http://user:pw@localhost:8000/v1' }), 'localhost:8000');
    assert.equal(endpointLabel({ kind: 'simulator', baseURL: 'http://127.0.0.1:8787/v1' }), 'the simulator (127.0.0.1:8787)');
  });
});
