import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { summarize } from '../../../src/history/sessionStore';
import type { RunRecord, SessionHeader } from '../../../src/runner/types';
import { runsText, settingsText } from '../../../src/webview/settingsText';

const HEADER: SessionHeader = {
  sessionId: 's',
  createdAt: '2026-11-29T14:44:57.000Z',
  promptFile: 'direct_resp.py',
  endpoint: { kind: 'simulator', baseURL: 'http://127.0.0.1:1/v1' },
  settings: { model: 'gpt-4o', api: 'responses', runs: 2, perRequestValues: 'vary' },
  simulated: true,
};

function run(index: number, perRequestValues?: Record<string, string>): RunRecord {
  return {
    sessionId: 's',
    index,
    startedAt: HEADER.createdAt,
    startedAtMs: 0,
    latencyMs: 100,
    ttftMs: null,
    promptTokens: 1800,
    cachedTokens: 0,
    cacheWriteTokens: null,
    cacheCreationInputTokens: null,
    cacheReadInputTokens: null,
    outputTokens: 10,
    predictedCachedTokens: 0,
    predictedPromptTokens: 1800,
    cost: null,
    outcome: { status: 'ok' },
    attempts: 1,
    retryWaitMs: 0,
    usage: null,
    simulated: true,
    ...(perRequestValues ? { perRequestValues } : {}),
  };
}

describe('the history\'s Settings and Runs columns', () => {
  it('says the per-request values were varied when the runs sent fresh ones', () => {
    const label = '{datetime.now().isoformat()}';
    const info = summarize({ header: HEADER, runs: [run(0, { [label]: '2026-11-29T14:44:57' }), run(1, { [label]: '2026-11-30T15:45:58' })], truncated: false, skippedLines: 0 });
    const text = settingsText(info);
    assert.match(text, /per-request value varied per run/);
    assert.doesNotMatch(text, /no variable values/);
  });

  it('names the prompt_cache_key in full (not "key", read as the API key) and only where the API has one', () => {
    const info = summarize({ header: HEADER, runs: [run(0)], truncated: false, skippedLines: 0 });
    assert.match(settingsText(info), /^Responses · state: independent · prompt_cache_key: not sent · /);
    assert.doesNotMatch(settingsText(info), /(^| )key: /);
    const anthropic = summarize({ header: { ...HEADER, endpoint: { kind: 'anthropic' }, settings: { ...HEADER.settings, api: 'chat', model: 'claude-sonnet-4-5' } }, runs: [run(0)], truncated: false, skippedLines: 0 });
    assert.match(settingsText(anthropic), /^Messages \(Anthropic\) · not streamed · /);
  });

  it('says there were no values when the runs sent none', () => {
    const info = summarize({ header: HEADER, runs: [run(0), run(1)], truncated: false, skippedLines: 0 });
    assert.match(settingsText(info), /no variable values/);
  });

  it('counts the runs a refused key left unsent apart from the one that failed: 4 (1 failed, 3 not sent)', () => {
    const refused: RunRecord = { ...run(0), outcome: { status: 'error', kind: 'auth', message: 'HTTP 401', httpStatus: 401 } };
    const unsent = (index: number): RunRecord => ({ ...run(index), outcome: { status: 'error', kind: 'not-sent', message: 'Not sent' } });
    const info = summarize({ header: HEADER, runs: [refused, unsent(1), unsent(2), unsent(3)], truncated: false, skippedLines: 0 });
    assert.equal(runsText(info), '4 (1 failed, 3 not sent)');
    assert.equal(runsText({ runs: 2, failedRuns: 0, notSentRuns: 0 }), '2');
  });
});
