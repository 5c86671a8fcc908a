import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { checkConnection } from '../../../src/runner/connectionCheck';
import type { DashboardConfig } from '../../../src/extension/dashboard/dashboardConfig';
import { endpointSettingsOf, mergeEndpointSettings } from '../../../src/extension/dashboard/endpointSettings';
import { withSimulator } from '../runner/helpers';

const CONFIG: DashboardConfig = {
  endpoint: 'auto',
  compatibleBaseUrl: 'http://user:hunter2@vllm.internal:8000/v1',
  azureEndpoint: 'https://res.openai.azure.com',
  azureDeployment: 'gpt-4o',
  azureApiVersion: '2025-04-01-preview',
  defaultRuns: 3,
  maxOutputTokens: 16,
  urlSources: { compatibleBaseUrl: 'workspace', azureEndpoint: 'user' },
};

describe('endpoint set-up in the panel', () => {
  it('shows URLs without their password, and keeps the stored one when the field comes back unchanged', () => {
    const shown = endpointSettingsOf(CONFIG);
    assert.ok(!shown.compatibleBaseUrl.includes('hunter2'));
    const merged = mergeEndpointSettings(CONFIG, { ...shown, azureDeployment: 'gpt-4o-mini' });
    assert.equal(merged.compatibleBaseUrl, CONFIG.compatibleBaseUrl);
    assert.equal(merged.azureDeployment, 'gpt-4o-mini');
    // Unchanged: still the workspace's URL, which needs the user's consent before a key goes there.
    assert.equal(merged.urlSources.compatibleBaseUrl, 'workspace');
  });

  it('a URL typed in the panel is the user\'s own', () => {
    const merged = mergeEndpointSettings(CONFIG, { ...endpointSettingsOf(CONFIG), compatibleBaseUrl: ' http://localhost:9000/v1 ' });
    assert.equal(merged.compatibleBaseUrl, 'http://localhost:9000/v1');
    assert.equal(merged.urlSources.compatibleBaseUrl, 'user');
    assert.equal(mergeEndpointSettings(CONFIG, { ...endpointSettingsOf(CONFIG), azureApiVersion: '' }).azureApiVersion, CONFIG.azureApiVersion);
  });

  it('Test connection reaches the simulator on both of its APIs', async () => {
    await withSimulator({}, async (sim) => {
      const openai = await checkConnection({ kind: 'compatible', baseURL: sim.url });
      assert.equal(openai.ok, true);
      assert.match(openai.message, /^Connected to 127\.0\.0\.1:\d+: the key was accepted and \d+ models are listed\.$/);
      const anthropic = await checkConnection({ kind: 'simulator', baseURL: sim.url, protocol: 'anthropic' });
      assert.equal(anthropic.ok, true, anthropic.message);
    });
  });

  it('Test connection says which host refused and why', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const refused = await checkConnection({ kind: 'compatible', baseURL: `http://127.0.0.1:${port}/v1` });
    assert.equal(refused.ok, false);
    assert.equal(refused.kind, 'unreachable');
    assert.match(refused.message, new RegExp(`^127\\.0\\.0\\.1:${port} refused the connection \\(ECONNREFUSED\\)`));
    await withSimulator({ requireKey: 'sk-right-0123456789abcdef' }, async (sim) => {
      const badKey = await checkConnection({ kind: 'openai', baseURL: sim.url, apiKey: 'sk-wrong-0123456789abcdef' });
      assert.equal(badKey.ok, false);
      assert.equal(badKey.kind, 'auth');
      assert.equal(badKey.httpStatus, 401);
      assert.ok(!badKey.message.includes('sk-wrong'));
    });
  });
});
