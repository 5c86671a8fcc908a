import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { summarize } from '../../../src/history/sessionStore';
import { describeSession } from '../../../src/runner/session';
import { formOfSession } from '../../../src/extension/dashboard/sessionForm';
import { longChatPrompt } from '../runner/helpers';

const settings = {
  model: 'gpt-4o',
  api: 'responses' as const,
  responsesState: 'previous-response-id' as const,
  runs: 7,
  delayMs: 400,
  concurrency: 1,
  promptCacheKeyMode: 'fixed' as const,
  promptCacheKey: 'team-a',
  promptCacheRetention: '24h',
  maxOutputTokens: 32,
  stream: true,
  variableRows: [{ question: 'one' }, { question: 'two' }],
};

describe('history records every setting that changes caching', () => {
  const header = describeSession(
    { prompt: longChatPrompt(), endpoint: { kind: 'compatible', baseURL: 'http://user:secret@localhost:8000/v1' }, settings },
    'session-1',
    '2025-05-01T10:00:00.000Z',
  );

  it('the summary shows the API, state mode, cache key, retention, streaming and variable rows', () => {
    const info = summarize({ header, runs: [], truncated: false, skippedLines: 0 });
    assert.deepEqual(info.settings, {
      api: 'responses',
      baseURL: 'http://localhost:8000/v1',
      responsesState: 'previous-response-id',
      promptCacheKeyMode: 'fixed',
      promptCacheKey: 'team-a',
      promptCacheRetention: '24h',
      stream: true,
      delayMs: 400,
      concurrency: 1,
      maxOutputTokens: 32,
      variableRows: 2,
    });
  });

  it('two sessions that differ only in the state mode are told apart', () => {
    const other = describeSession(
      { prompt: longChatPrompt(), endpoint: { kind: 'compatible', baseURL: 'http://localhost:8000/v1' }, settings: { ...settings, responsesState: 'resend-history' } },
      'session-2',
      '2025-05-01T10:05:00.000Z',
    );
    const a = summarize({ header, runs: [], truncated: false, skippedLines: 0 }).settings;
    const b = summarize({ header: other, runs: [], truncated: false, skippedLines: 0 }).settings;
    assert.notDeepEqual(a, b);
    assert.equal(b.responsesState, 'resend-history');
  });

  it('a stored session becomes the form that runs it again with the same settings', () => {
    assert.deepEqual(formOfSession(header), {
      endpoint: 'compatible',
      api: 'responses',
      responsesState: 'previous-response-id',
      model: 'gpt-4o',
      runs: 7,
      delayMs: 400,
      concurrency: 1,
      promptCacheKeyMode: 'fixed',
      promptCacheKey: 'team-a',
      promptCacheRetention: '24h',
      maxOutputTokens: 32,
      stream: true,
      variableRows: [{ question: 'one' }, { question: 'two' }],
      perRequestValues: 'vary',
    });
  });

  it('a session that sent its per-request values as written says so, and runs again the same way', () => {
    const fixed = describeSession(
      { prompt: longChatPrompt(), endpoint: { kind: 'compatible', baseURL: 'http://localhost:8000/v1' }, settings: { ...settings, perRequestValues: 'as-written' } },
      'session-3',
      '2025-05-01T10:10:00.000Z',
    );
    assert.equal(summarize({ header: fixed, runs: [], truncated: false, skippedLines: 0 }).settings.perRequestValues, 'as-written');
    assert.equal(formOfSession(fixed)?.perRequestValues, 'as-written');
    // History from before the setting has none: it loads, and runs again with fresh values.
    assert.equal(summarize({ header, runs: [], truncated: false, skippedLines: 0 }).settings.perRequestValues, undefined);
  });

  it('an Anthropic simulator session is listed as the Messages API', () => {
    const anthropic = describeSession(
      { prompt: longChatPrompt(), endpoint: { kind: 'simulator', baseURL: 'http://127.0.0.1:1/v1', protocol: 'anthropic' }, settings: { model: 'claude-sonnet-4-5', api: 'chat', runs: 3 } },
      'session-3',
      '2025-05-01T10:06:00.000Z',
    );
    assert.equal(summarize({ header: anthropic, runs: [], truncated: false, skippedLines: 0 }).settings.api, 'messages');
  });
});
