import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { authFailureBanner } from '../../../src/extension/dashboard/failureBanner';
import { runSession, type EndpointConfig } from '../../../src/runner/index';
import { longChatPrompt } from '../runner/helpers';

/** A server that refuses every request with 401, as a server wanting a key does. */
async function refusingServer(): Promise<{ origin: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'Missing bearer or basic authentication in header', type: 'invalid_request_error' } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function bannerAfterRuns(endpointOf: (baseURL: string) => EndpointConfig): Promise<{ banner: string | undefined; host: string }> {
  const server = await refusingServer();
  try {
    const endpoint = endpointOf(`${server.origin}/v1`);
    const result = await runSession({ prompt: longChatPrompt(), endpoint, settings: { model: 'gpt-4o-mini', api: 'chat', runs: 3 } });
    return { banner: authFailureBanner(result.records, endpoint), host: server.origin.replace('http://', '') };
  } finally {
    await server.close();
  }
}

describe('the banner after a session refused for its key', () => {
  it('says the endpoint needs a key when none was sent', async () => {
    const { banner, host } = await bannerAfterRuns((baseURL) => ({ kind: 'compatible', baseURL }));
    assert.equal(banner, `${host} answered 401: it needs an API key — set one with Prompt Cache Lens: Set API Key…, then run again. The other 2 runs were not sent.`);
  });

  it('says the key was refused when one was sent, and never shows it', async () => {
    const key = 'sk-wrong-0123456789abcdef';
    const { banner, host } = await bannerAfterRuns((baseURL) => ({ kind: 'compatible', baseURL, apiKey: key }));
    assert.ok(banner, 'a banner');
    assert.ok(banner.startsWith(`The endpoint refused the key (HTTP 401): ${host}: HTTP 401: Missing bearer`), banner);
    assert.ok(banner.endsWith(' The other 2 runs were not sent.'), banner);
    assert.ok(!banner.includes(key));
  });

  it('says nothing when no run was refused', () => {
    assert.equal(authFailureBanner([], { kind: 'compatible', baseURL: 'http://127.0.0.1:1/v1' }), undefined);
  });
});
