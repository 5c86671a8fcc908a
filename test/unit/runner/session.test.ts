import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runSession } from '../../../src/runner/index';
import type { ProgressEvent } from '../../../src/runner/types';
import { longChatPrompt, roundedPrefix, withSimulator } from './helpers';

const QUESTIONS = [{ question: 'What is rule 3?' }, { question: 'And rule 7?' }, { question: 'Summarise rule 9.' }];

describe('runner against the simulator', () => {
  it('shows cached tokens rising from 0 to the rounded prefix over three runs', async () => {
    await withSimulator({ seed: 3 }, async (sim) => {
      const result = await runSession({
        prompt: longChatPrompt(),
        endpoint: { kind: 'simulator', baseURL: sim.url },
        settings: { model: 'gpt-4o-mini', api: 'chat', runs: 3, variableRows: [{ question: 'What is rule 3?' }] },
      });
      const [first, second, third] = result.records;
      assert.equal(result.records.length, 3);
      assert.ok(result.records.every((r) => r.outcome.status === 'ok' && r.simulated));
      assert.ok((first.promptTokens ?? 0) > 1024);
      assert.equal(first.cachedTokens, 0);
      assert.equal(second.cachedTokens, roundedPrefix(second.promptTokens ?? 0));
      assert.equal(third.cachedTokens, second.cachedTokens);
      assert.ok((second.cachedTokens ?? 0) >= 1024 && (second.cachedTokens ?? 0) < (second.promptTokens ?? 0));
      // The engine's prediction, from the same token ids, agrees with the endpoint.
      assert.deepEqual(result.records.map((r) => r.predictedCachedTokens), result.records.map((r) => r.cachedTokens));
      // Cached runs cost less than the same run without caching; the cold run costs the same.
      assert.ok(second.cost && second.cost.cachedUsd < second.cost.uncachedUsd);
      assert.ok(first.cost && Math.abs(first.cost.cachedUsd - first.cost.uncachedUsd) < 1e-12);
      assert.equal(sim.requestCount(), 3);
    });
  });

  it('varying the question still hits the static prefix, up to the question', async () => {
    await withSimulator({}, async (sim) => {
      const result = await runSession({
        prompt: longChatPrompt(),
        endpoint: { kind: 'simulator', baseURL: sim.url },
        settings: { model: 'gpt-4o-mini', api: 'chat', runs: 3, variableRows: QUESTIONS },
      });
      const cached = result.records.map((r) => r.cachedTokens);
      assert.equal(cached[0], 0);
      assert.ok((cached[1] ?? 0) >= 1024);
      assert.deepEqual(result.records.map((r) => r.predictedCachedTokens), cached);
    });
  });

  it('chains Responses turns with previous_response_id and matches resending the history', async () => {
    await withSimulator({ seed: 5 }, async (sim) => {
      const settings = { model: 'gpt-4o', api: 'responses' as const, runs: 3, variableRows: QUESTIONS, maxOutputTokens: 12 };
      const chained = await runSession({
        prompt: longChatPrompt(),
        endpoint: { kind: 'simulator', baseURL: sim.url },
        settings: { ...settings, responsesState: 'previous-response-id', promptCacheKeyMode: 'fixed', promptCacheKey: 'chain' },
      });
      const resent = await runSession({
        prompt: longChatPrompt(),
        endpoint: { kind: 'simulator', baseURL: sim.url },
        settings: { ...settings, responsesState: 'resend-history', promptCacheKeyMode: 'fixed', promptCacheKey: 'resend' },
      });
      for (const result of [chained, resent]) {
        assert.ok(result.records.every((r) => r.outcome.status === 'ok'));
        const prompts = result.records.map((r) => r.promptTokens ?? 0);
        assert.ok(prompts[1] > prompts[0] && prompts[2] > prompts[1], `history grows: ${prompts.join(', ')}`);
        assert.equal(result.records[0].cachedTokens, 0);
        assert.equal(result.records[2].cachedTokens, roundedPrefix(prompts[1]));
        assert.deepEqual(result.records.map((r) => r.predictedCachedTokens), result.records.map((r) => r.cachedTokens));
      }
      // The server prepends what the client would otherwise resend: the same counts either way.
      assert.deepEqual(chained.records.map((r) => r.promptTokens), resent.records.map((r) => r.promptTokens));
      assert.equal(new Set(chained.records.map((r) => r.responseId)).size, 3);
    });
  });

  it('records time to first token when streaming', async () => {
    await withSimulator({ faults: { latencyMs: 30, chunkIntervalMs: 15 } }, async (sim) => {
      for (const api of ['chat', 'responses'] as const) {
        const result = await runSession({
          prompt: longChatPrompt(),
          endpoint: { kind: 'simulator', baseURL: sim.url },
          settings: { model: 'gpt-4o-mini', api, runs: 2, stream: true, maxOutputTokens: 8 },
        });
        for (const record of result.records) {
          assert.equal(record.outcome.status, 'ok');
          assert.ok(record.ttftMs !== null && record.ttftMs >= 25, `${api} ttft ${record.ttftMs}`);
          assert.ok(record.latencyMs !== null && record.latencyMs > record.ttftMs);
          assert.ok((record.outputTokens ?? 0) > 0);
        }
        assert.ok((result.records[1].cachedTokens ?? 0) >= 1024, `${api} usage arrives in the stream`);
      }
    });
  });

  it('honours Retry-After on a 429 and succeeds on the retry', async () => {
    await withSimulator({ faults: { rateLimit: { firstN: 1, retryAfterMs: 120 } } }, async (sim) => {
      const events: ProgressEvent[] = [];
      const result = await runSession({
        prompt: longChatPrompt(),
        endpoint: { kind: 'simulator', baseURL: sim.url },
        settings: { model: 'gpt-4o-mini', api: 'chat', runs: 1, retryBaseDelayMs: 5000 },
        onProgress: (e) => events.push(e),
      });
      const [record] = result.records;
      assert.equal(record.outcome.status, 'ok');
      assert.equal(record.attempts, 2);
      assert.equal(record.retryWaitMs, 120);
      const wait = events.find((e) => e.type === 'retry-wait');
      assert.deepEqual(wait, { type: 'retry-wait', index: 0, attempt: 1, waitMs: 120, reason: 'rate-limit', retryAfterHonoured: true });
    });
  });

  it('retries 500s a bounded number of times, records the failure, and sends no more runs to a failing server', async () => {
    await withSimulator({ faults: { serverError: { requests: [1, 2, 3] } } }, async (sim) => {
      const result = await runSession({
        prompt: longChatPrompt(),
        endpoint: { kind: 'simulator', baseURL: sim.url },
        settings: { model: 'gpt-4o-mini', api: 'chat', runs: 3, maxRetries: 2, retryBaseDelayMs: 5 },
      });
      const [failedRun, ...rest] = result.records;
      assert.equal(failedRun.outcome.status, 'error');
      assert.equal(failedRun.outcome.status === 'error' && failedRun.outcome.kind, 'server');
      assert.equal(failedRun.outcome.status === 'error' && failedRun.outcome.httpStatus, 500);
      assert.equal(failedRun.attempts, 3);
      assert.equal(failedRun.cachedTokens, null);
      // Three attempts of run 1, then nothing: the other runs are recorded as not sent.
      assert.equal(sim.requestCount(), 3);
      assert.deepEqual(rest.map((r) => r.outcome.status === 'error' && r.outcome.kind), ['not-sent', 'not-sent']);
      assert.match(
        rest[0].outcome.status === 'error' ? rest[0].outcome.message : '',
        /^Not sent: the simulator \(127\.0\.0\.1:\d+\) failed with a server error on every attempt of run 1 \(HTTP 500\); the session stopped there\.$/,
      );
    });
  });

  it('goes on after a 500 that a retry gets past', async () => {
    await withSimulator({ faults: { serverError: { requests: [1] } } }, async (sim) => {
      const result = await runSession({
        prompt: longChatPrompt(),
        endpoint: { kind: 'simulator', baseURL: sim.url },
        settings: { model: 'gpt-4o-mini', api: 'chat', runs: 2, maxRetries: 2, retryBaseDelayMs: 5 },
      });
      assert.deepEqual(result.records.map((r) => r.outcome.status), ['ok', 'ok']);
      assert.equal(sim.requestCount(), 3);
    });
  });

  it('records a dropped connection as a network error', async () => {
    await withSimulator({ faults: { drop: { firstN: 1 } } }, async (sim) => {
      const result = await runSession({
        prompt: longChatPrompt(),
        endpoint: { kind: 'simulator', baseURL: sim.url },
        settings: { model: 'gpt-4o-mini', api: 'chat', runs: 2, maxRetries: 0 },
      });
      assert.equal(result.records[0].outcome.status === 'error' && result.records[0].outcome.kind, 'network');
      assert.equal(result.records[1].outcome.status, 'ok');
    });
  });

  it('retries a dropped connection when retries are allowed', async () => {
    await withSimulator({ faults: { drop: { firstN: 1 } } }, async (sim) => {
      const result = await runSession({
        prompt: longChatPrompt(),
        endpoint: { kind: 'simulator', baseURL: sim.url },
        settings: { model: 'gpt-4o-mini', api: 'chat', runs: 1, maxRetries: 1, retryBaseDelayMs: 5 },
      });
      assert.equal(result.records[0].outcome.status, 'ok');
      assert.equal(result.records[0].attempts, 2);
    });
  });

  it('records a malformed body as such', async () => {
    await withSimulator({ faults: { malformed: { firstN: 1 } } }, async (sim) => {
      const result = await runSession({
        prompt: longChatPrompt(),
        endpoint: { kind: 'simulator', baseURL: sim.url },
        settings: { model: 'gpt-4o-mini', api: 'chat', runs: 1, maxRetries: 0 },
      });
      assert.equal(result.records[0].outcome.status === 'error' && result.records[0].outcome.kind, 'malformed-response');
    });
  });

  it('times out a slow request without waiting for it', async () => {
    await withSimulator({ faults: { latencyMs: 1500 } }, async (sim) => {
      const started = Date.now();
      const result = await runSession({
        prompt: longChatPrompt(),
        endpoint: { kind: 'simulator', baseURL: sim.url },
        settings: { model: 'gpt-4o-mini', api: 'chat', runs: 1, timeoutMs: 150, maxRetries: 2 },
      });
      assert.equal(result.records[0].outcome.status === 'error' && result.records[0].outcome.kind, 'timeout');
      assert.equal(result.records[0].attempts, 1, 'timeouts are not retried');
      assert.ok(Date.now() - started < 1200);
    });
  });

  it('cancels mid-session: the request in flight is aborted and no further run starts', async () => {
    await withSimulator({ faults: { latencyMs: 400 } }, async (sim) => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const started = Date.now();
      const result = await runSession({
        prompt: longChatPrompt(),
        endpoint: { kind: 'simulator', baseURL: sim.url },
        settings: { model: 'gpt-4o-mini', api: 'chat', runs: 5 },
        signal: controller.signal,
      });
      assert.equal(result.cancelled, true);
      assert.equal(result.records.length, 1);
      assert.equal(result.records[0].outcome.status === 'error' && result.records[0].outcome.kind, 'cancelled');
      assert.equal(sim.requestCount(), 1);
      assert.ok(Date.now() - started < 380);
    });
  });

  it('keeps a missing cached_tokens field as null, never 0', async () => {
    await withSimulator({ cachedTokensReporting: 'never' }, async (sim) => {
      const result = await runSession({
        prompt: longChatPrompt(),
        endpoint: { kind: 'compatible', baseURL: sim.url },
        settings: { model: 'gpt-4o-mini', api: 'chat', runs: 2 },
      });
      for (const record of result.records) {
        assert.equal(record.outcome.status, 'ok');
        assert.equal(record.cachedTokens, null);
        assert.ok((record.promptTokens ?? 0) > 1024);
      }
      // The prediction is still made.
      assert.ok((result.records[1].predictedCachedTokens ?? 0) >= 1024);
    });
    await withSimulator({ cachedTokensReporting: 'omit-when-zero' }, async (sim) => {
      const result = await runSession({
        prompt: longChatPrompt(),
        endpoint: { kind: 'compatible', baseURL: sim.url },
        settings: { model: 'gpt-4o-mini', api: 'responses', runs: 2 },
      });
      assert.equal(result.records[0].cachedTokens, null);
      assert.ok((result.records[1].cachedTokens ?? 0) >= 1024);
    });
  });

  it('reports an unknown model as model-not-found', async () => {
    await withSimulator({ models: ['gpt-4o'] }, async (sim) => {
      const result = await runSession({
        prompt: longChatPrompt(),
        endpoint: { kind: 'simulator', baseURL: sim.url },
        settings: { model: 'gpt-4o-mini', api: 'chat', runs: 1 },
      });
      const outcome = result.records[0].outcome;
      assert.equal(outcome.status === 'error' && outcome.kind, 'model-not-found');
      assert.equal(outcome.status === 'error' && outcome.httpStatus, 404);
    });
  });

  it('never lets the API key into records, errors or the header', async () => {
    const right = 'sk-proj-RightKey0123456789abcdef';
    const wrong = 'sk-proj-WrongKey9876543210fedcba';
    await withSimulator({ requireKey: right }, async (sim) => {
      const refused = await runSession({
        prompt: longChatPrompt(),
        endpoint: { kind: 'openai', baseURL: sim.url, apiKey: wrong },
        settings: { model: 'gpt-4o-mini', api: 'chat', runs: 1 },
      });
      const outcome = refused.records[0].outcome;
      assert.equal(outcome.status === 'error' && outcome.kind, 'auth');
      assert.equal(outcome.status === 'error' && outcome.httpStatus, 401);
      assert.match(outcome.status === 'error' ? outcome.message : '', /API key/);
      const accepted = await runSession({
        prompt: longChatPrompt(),
        endpoint: { kind: 'openai', baseURL: sim.url, apiKey: right },
        settings: { model: 'gpt-4o-mini', api: 'responses', runs: 1, stream: true },
      });
      assert.equal(accepted.records[0].outcome.status, 'ok');
      const everything = JSON.stringify([refused, accepted]);
      for (const key of [right, wrong]) assert.ok(!everything.includes(key), 'key leaked');
      assert.ok(!everything.includes('RightKey') && !everything.includes('WrongKey'));
    });
  });

  it('runs concurrently with a delay between starts and keeps run order', async () => {
    await withSimulator({ faults: { latencyMs: 40 } }, async (sim) => {
      const result = await runSession({
        prompt: longChatPrompt(),
        endpoint: { kind: 'simulator', baseURL: sim.url },
        settings: { model: 'gpt-4o-mini', api: 'chat', runs: 4, concurrency: 2, delayMs: 10, promptCacheKeyMode: 'per-session' },
        sessionId: 'concurrent-1',
      });
      assert.deepEqual(result.records.map((r) => r.index), [0, 1, 2, 3]);
      const starts = result.records.map((r) => r.startedAtMs);
      for (let i = 1; i < starts.length; i++) assert.ok(starts[i] - starts[i - 1] >= 8, `starts spaced: ${starts.join(', ')}`);
      assert.ok(result.records.every((r) => r.outcome.status === 'ok'));
    });
  });
});
