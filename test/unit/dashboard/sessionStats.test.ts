import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunRecordView } from '../../../src/shared/protocol';
import { runsText } from '../../../src/webview/settingsText';
import { cacheWritesOf, perRunHitRates, runningHitRates, sessionStats } from '../../../src/shared/sessionStats';

function run(index: number, fields: Partial<RunRecordView>): RunRecordView {
  return {
    sessionId: 's',
    index,
    startedAt: '2025-01-01T00:00:00.000Z',
    startedAtMs: 0,
    latencyMs: 100,
    ttftMs: null,
    promptTokens: 2000,
    cachedTokens: 0,
    cacheWriteTokens: null,
    cacheCreationInputTokens: null,
    cacheReadInputTokens: null,
    outputTokens: 5,
    predictedCachedTokens: 0,
    predictedPromptTokens: 2000,
    cost: null,
    outcome: { status: 'ok' },
    attempts: 1,
    retryWaitMs: 0,
    usage: null,
    simulated: true,
    ...fields,
  };
}

describe('what the chart and the comparison table compute from runs', () => {
  const runs = [
    run(0, { cachedTokens: 0, ttftMs: 300 }),
    run(1, { cachedTokens: 1792, ttftMs: 120 }),
    run(2, { cachedTokens: 1792, ttftMs: 100 }),
  ];

  it('gives each run its own hit rate and a cumulative one beside it', () => {
    assert.deepEqual(perRunHitRates(runs), [0, 0.896, 0.896]);
    const cumulative = runningHitRates(runs);
    assert.equal(cumulative[0], 0);
    assert.equal(cumulative[1], 1792 / 4000);
    assert.equal(cumulative[2], 3584 / 6000);
  });

  it('the median TTFT of the streamed runs', () => {
    assert.equal(sessionStats(runs).ttftP50Ms, 120);
    assert.equal(sessionStats([...runs, run(3, { ttftMs: 80 })]).ttftP50Ms, 110);
    assert.equal(sessionStats([run(0, {})]).ttftP50Ms, null);
  });

  it('counts Anthropic cache creation, or OpenAI cache writes, as tokens written', () => {
    assert.equal(cacheWritesOf(run(0, { cacheCreationInputTokens: 1500, cacheWriteTokens: 1500 })), 1500);
    assert.equal(cacheWritesOf(run(0, { cacheWriteTokens: 1024 })), 1024);
    assert.equal(cacheWritesOf(run(0, {})), null);
  });

  it('a failed run has no hit rate of its own', () => {
    assert.deepEqual(perRunHitRates([run(0, { outcome: { status: 'error', kind: 'unreachable', message: 'x' }, promptTokens: null, cachedTokens: null })]), [null]);
  });

  it('counts runs a failure left unsent apart from the failed one, as the status line does', () => {
    const failed = { promptTokens: null, cachedTokens: null, outputTokens: null, predictedCachedTokens: null };
    const runs = [
      run(0, { ...failed, outcome: { status: 'error', kind: 'server', message: '127.0.0.1:9911: HTTP 500: upstream exploded', httpStatus: 500 } }),
      run(1, { ...failed, outcome: { status: 'error', kind: 'not-sent', message: 'Not sent: 127.0.0.1:9911 failed' } }),
      run(2, { ...failed, outcome: { status: 'error', kind: 'not-sent', message: 'Not sent: 127.0.0.1:9911 failed' } }),
    ];
    const s = sessionStats(runs);
    assert.deepEqual([s.runs, s.failed, s.notSent], [3, 1, 2]);
    assert.equal(runsText({ runs: s.runs, failedRuns: s.failed, notSentRuns: s.notSent }), '3 (1 failed, 2 not sent)');
  });
});
