import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runSession } from '../../../src/runner/index';
import type { EndpointConfig, RunRecord } from '../../../src/runner/types';
import { failureLogLines } from '../../../src/extension/dashboard/testSession';
import { longChatPrompt } from './helpers';

/** A recorded response (see test/fixtures/replay/crewai/SOURCES.md). */
interface Recorded {
  source: { repository: string; path: string; commit: string; interaction: number };
  api: 'chat' | 'responses' | 'anthropic';
  endpoint: 'openai' | 'azure' | 'anthropic';
  model: string;
  request: { uri: string; stream: boolean };
  response: { status: number; contentType: string; body: string };
  shows: {
    outcome: 'ok' | 'error';
    promptTokens: number | null;
    cachedTokens: number | null;
    cacheWriteTokens?: number;
    outputTokens?: number;
    reasoningTokens?: number;
    streamed?: boolean;
    kind?: string;
    httpStatus?: number;
    message?: string;
  };
}

const DIR = join(__dirname, '..', '..', 'fixtures', 'replay', 'crewai');
const FIXTURES = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => ({ name: f, recorded: JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Recorded }));

/** Serves the recorded response, byte for byte, to whatever the runner sends; keeps the paths asked for. */
async function replay(recorded: Recorded, body: (paths: string[], origin: string) => Promise<void>): Promise<void> {
  const paths: string[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      paths.push(req.url ?? '');
      res.writeHead(recorded.response.status, { 'content-type': recorded.response.contentType, 'x-request-id': 'req_replayed' });
      res.end(recorded.response.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    await body(paths, origin);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

function endpointFor(recorded: Recorded, origin: string): EndpointConfig {
  switch (recorded.endpoint) {
    case 'azure':
      return { kind: 'azure', apiKey: 'replay-key', endpoint: origin, apiVersion: '2024-12-01-preview', deployment: recorded.model };
    case 'anthropic':
      return { kind: 'anthropic', apiKey: 'replay-key', baseURL: origin };
    case 'openai':
      return { kind: 'openai', apiKey: 'replay-key', baseURL: `${origin}/v1` };
  }
}

async function runRecorded(recorded: Recorded): Promise<{ record: RunRecord; paths: string[] }> {
  let result: { record: RunRecord; paths: string[] } | undefined;
  await replay(recorded, async (paths, origin) => {
    const session = await runSession({
      prompt: longChatPrompt(),
      endpoint: endpointFor(recorded, origin),
      settings: { model: recorded.model, api: recorded.api === 'responses' ? 'responses' : 'chat', runs: 1, stream: recorded.request.stream, maxRetries: 0 },
    });
    result = { record: session.records[0], paths };
  });
  assert.ok(result);
  return result;
}

describe('replayed real API responses: what the dashboard shows for each', () => {
  it('covers the four APIs, streamed and not, with cache reads, writes, reasoning and errors', () => {
    const kinds = new Set(FIXTURES.map(({ recorded }) => `${recorded.endpoint === 'azure' ? 'azure' : recorded.api} ${recorded.request.stream ? 'stream' : 'json'}`));
    for (const kind of ['chat json', 'chat stream', 'responses json', 'responses stream', 'anthropic json', 'anthropic stream', 'azure json', 'azure stream']) assert.ok(kinds.has(kind), kind);
    assert.ok(FIXTURES.some(({ recorded }) => (recorded.shows.cacheWriteTokens ?? 0) > 0));
    assert.ok(FIXTURES.some(({ recorded }) => (recorded.shows.reasoningTokens ?? 0) > 0));
    assert.ok(FIXTURES.some(({ recorded }) => recorded.shows.outcome === 'error'));
    for (const { recorded } of FIXTURES) assert.match(recorded.source.commit, /^[0-9a-f]{40}$/);
  });

  for (const { name, recorded } of FIXTURES) {
    it(`${name}: ${recorded.source.path.split('/').pop()} #${recorded.source.interaction}`, async () => {
      const { record, paths } = await runRecorded(recorded);
      const { shows } = recorded;
      // The request went where the API expects it.
      const expectedPath = recorded.api === 'anthropic' ? /\/v1\/messages$/ : recorded.api === 'responses' ? /\/responses$/ : /\/chat\/completions(\?|$)/;
      assert.match(paths[0] ?? '', expectedPath);
      if (recorded.endpoint === 'azure') assert.match(paths[0] ?? '', /^\/openai\/deployments\/[^/]+\/chat\/completions\?api-version=/);
      assert.equal(record.outcome.status, shows.outcome);
      assert.equal(record.promptTokens, shows.promptTokens);
      assert.equal(record.cachedTokens, shows.cachedTokens);
      if (shows.outcome === 'error') {
        assert.ok(record.outcome.status === 'error');
        assert.equal(record.outcome.kind, shows.kind);
        assert.equal(record.outcome.httpStatus, shows.httpStatus);
        // The API's own words reach the user, after the host and the status.
        assert.ok(record.outcome.message.startsWith(`127.0.0.1:`), record.outcome.message);
        assert.ok(record.outcome.message.includes(`HTTP ${shows.httpStatus}: ${shows.message}`), record.outcome.message);
        assert.equal(record.outcome.requestId, 'req_replayed');
        assert.match(failureLogLines('replay-session', record)[0] ?? '', /\[request id req_replayed\]$/);
        return;
      }
      assert.equal(record.outputTokens, shows.outputTokens);
      if (shows.cacheWriteTokens !== undefined) {
        assert.equal(record.cacheCreationInputTokens, shows.cacheWriteTokens);
        assert.equal(record.cacheReadInputTokens, shows.cachedTokens);
      }
      // The usage object is kept as the API sent it (the table's "Show").
      const usage = record.usage as Record<string, unknown>;
      if (shows.reasoningTokens !== undefined) {
        const details = (usage.completion_tokens_details ?? usage.output_tokens_details) as { reasoning_tokens?: number } | undefined;
        assert.equal(details?.reasoning_tokens, shows.reasoningTokens);
      }
      // A streamed answer has a time to first token; a JSON answer has none.
      assert.equal(record.ttftMs !== null, shows.streamed === true);
      assert.ok(record.responseId, 'the response id is read');
      assert.ok(record.cost === null || record.cost.cachedUsd <= record.cost.uncachedUsd + 1e-9 || (shows.cacheWriteTokens ?? 0) > 0);
    });
  }
});
