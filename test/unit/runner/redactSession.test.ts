import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { describeSession, runSession } from '../../../src/runner/index';
import { chatCompletion, startEchoServer, type EchoServer } from './echoServer';
import { longChatPrompt } from './helpers';

describe('the runner redacts parsed values', () => {
  let server: EchoServer;
  before(async () => {
    server = await startEchoServer(() => ({
      status: 200,
      json: chatCompletion('chatcmpl-1', { prompt_tokens: 1664, completion_tokens: 16, prompt_tokens_details: { cached_tokens: 1664 }, served_by: 'node 1664' }),
    }));
  });
  after(() => server.close());

  it('a key made of digits that appear in the usage neither corrupts it nor makes the run a retried "malformed" one', async () => {
    const result = await runSession({
      prompt: longChatPrompt(),
      endpoint: { kind: 'compatible', baseURL: `${server.origin}/v1`, apiKey: '1664' },
      settings: { model: 'gpt-4o-mini', api: 'chat', runs: 1, retryBaseDelayMs: 1 },
    });
    const [run] = result.records;
    assert.deepEqual(run.outcome, { status: 'ok' });
    assert.equal(run.attempts, 1);
    assert.equal(server.requests.length, 1);
    assert.equal(run.promptTokens, 1664);
    assert.equal(run.cachedTokens, 1664);
    assert.deepEqual(run.usage, { prompt_tokens: 1664, completion_tokens: 16, prompt_tokens_details: { cached_tokens: 1664 }, served_by: 'node [redacted]' });
  });

  it('the session header keeps the endpoint without its credentials or secret query parameters', () => {
    const header = describeSession(
      {
        prompt: longChatPrompt(),
        endpoint: { kind: 'compatible', baseURL: 'http://user:PASSWORD@proxy.example/v1?api-key=SECRET&api-version=1', apiKey: 'stored-key-1' },
        settings: { model: 'gpt-4o-mini', api: 'chat', runs: 1 },
      },
      'id-1',
      '2026-09-01T00:00:00.000Z',
    );
    assert.deepEqual(header.endpoint, { kind: 'compatible', baseURL: 'http://proxy.example/v1?api-version=1' });
    const azure = describeSession(
      {
        prompt: longChatPrompt(),
        endpoint: { kind: 'azure', endpoint: 'https://res.openai.azure.com/?sig=SASSIG', apiKey: 'stored-key-1', apiVersion: '2025-04-01-preview' },
        settings: { model: 'gpt-4o-mini', api: 'chat', runs: 1 },
      },
      'id-2',
      '2026-09-01T00:00:00.000Z',
    );
    assert.equal(azure.endpoint.baseURL, 'https://res.openai.azure.com/');
  });
});
