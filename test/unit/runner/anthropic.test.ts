import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { parsePrompt } from '../../../src/core/formats/index';
import { runSession } from '../../../src/runner/index';
import { LONG_SYSTEM } from './helpers';

/** Usage figures as Anthropic documents them: a cold write, then a read. */
const USAGES = [
  { input_tokens: 12, cache_creation_input_tokens: 1500, cache_read_input_tokens: 0, output_tokens: 5 },
  { input_tokens: 12, cache_creation_input_tokens: 0, cache_read_input_tokens: 1500, output_tokens: 5 },
];

describe('Anthropic Messages over HTTP', () => {
  it('sends the version header and key, and reads creation and read tokens', async () => {
    const seen: { headers: IncomingHttpHeaders; body: Record<string, unknown>; path: string }[] = [];
    const server = createServer((req, res) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => {
        seen.push({ headers: req.headers, body: JSON.parse(text) as Record<string, unknown>, path: req.url ?? '' });
        const usage = USAGES[seen.length - 1];
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: `msg_${seen.length}`, type: 'message', role: 'assistant', content: [{ type: 'text', text: 'ok' }], usage }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const prompt = parsePrompt(
        'a.json',
        JSON.stringify({
          model: 'claude-sonnet-4-5',
          max_tokens: 100,
          system: [{ type: 'text', text: LONG_SYSTEM, cache_control: { type: 'ephemeral' } }],
          messages: [{ role: 'user', content: 'Which rule applies?' }],
        }),
      );
      const result = await runSession({
        prompt,
        endpoint: { kind: 'anthropic', baseURL: `http://127.0.0.1:${port}`, apiKey: 'sk-ant-test-key-000000' },
        settings: { model: 'claude-sonnet-4-5', api: 'chat', runs: 2, maxOutputTokens: 9 },
      });
      assert.equal(seen[0].path, '/v1/messages');
      assert.equal(seen[0].headers['anthropic-version'], '2023-06-01');
      assert.equal(seen[0].headers['x-api-key'], 'sk-ant-test-key-000000');
      assert.equal(seen[0].body.max_tokens, 9);
      assert.deepEqual((seen[0].body.system as { cache_control?: unknown }[])[0].cache_control, { type: 'ephemeral' });
      const [cold, warm] = result.records;
      assert.equal(cold.cacheCreationInputTokens, 1500);
      assert.equal(cold.cacheReadInputTokens, 0);
      assert.equal(warm.cacheReadInputTokens, 1500);
      assert.equal(warm.cachedTokens, 1500);
      assert.equal(warm.promptTokens, 1512);
      // The prediction uses Anthropic's breakpoint rules on the same body: cold write, then a read.
      assert.equal(cold.predictedCachedTokens, 0);
      assert.ok((warm.predictedCachedTokens ?? 0) > 1024);
      assert.ok(warm.cost && cold.cost && warm.cost.cachedUsd < cold.cost.cachedUsd);
      assert.ok(!JSON.stringify(result).includes('sk-ant-test-key'));
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
