import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { checkConnection } from '../../../src/runner/connectionCheck';
import type { DashboardConfig } from '../../../src/extension/dashboard/dashboardConfig';
import { chosenHost, endpointDisplayLabel, endpointFor, EndpointSetupError, sendQuestion } from '../../../src/extension/dashboard/endpointConfig';
import { endpointSettingsOf, mergeEndpointSettings, settingsForRequest } from '../../../src/extension/dashboard/endpointSettings';
import { runSession } from '../../../src/runner/index';
import { parseToHost, type RunForm } from '../../../src/shared/protocol';
import { chatCompletion, startEchoServer } from '../runner/echoServer';
import { longChatPrompt } from '../runner/helpers';
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

const FORM: RunForm = {
  endpoint: 'compatible',
  api: 'chat',
  responsesState: 'independent',
  model: 'gpt-4o-mini',
  runs: 1,
  delayMs: 0,
  concurrency: 1,
  promptCacheKeyMode: 'none',
  promptCacheKey: '',
  promptCacheRetention: '',
  maxOutputTokens: 16,
  stream: false,
  variableRows: [],
  perRequestValues: 'vary',
};

const NO_KEYS = { get: async () => undefined };
const NO_SIMULATOR = { url: async () => 'http://127.0.0.1:1/v1' };
const UNSET: DashboardConfig = { ...CONFIG, compatibleBaseUrl: '', azureEndpoint: '', urlSources: { compatibleBaseUrl: 'default', azureEndpoint: 'default' } };

describe('Run uses the endpoint fields of the panel, as Test connection does', () => {
  it('sends the run to the base URL typed in the panel when none is saved', async () => {
    const server = await startEchoServer(() => ({ status: 200, json: chatCompletion('chatcmpl-1', { prompt_tokens: 1200, completion_tokens: 2 }) }));
    try {
      const typed = `${server.origin}/v1`;
      const parsed = parseToHost({ type: 'run', requestId: 'r1', form: FORM, settings: { ...endpointSettingsOf(UNSET), compatibleBaseUrl: typed } });
      assert.ok(parsed.ok && parsed.message.type === 'run', parsed.ok ? '' : parsed.error);
      const config = settingsForRequest(UNSET, parsed.message);
      assert.equal(config.urlSources.compatibleBaseUrl, 'user', 'a typed URL needs no consent');
      const endpoint = await endpointFor(parsed.message.form.endpoint, config, NO_KEYS, NO_SIMULATOR);
      const result = await runSession({ prompt: longChatPrompt(), endpoint, settings: { model: FORM.model, api: 'chat', runs: 1 } });
      assert.equal(result.records[0].outcome.status, 'ok');
      assert.deepEqual(server.requests.map((r) => `${r.method} ${r.url}`), ['POST /v1/chat/completions']);
    } finally {
      await server.close();
    }
  });

  it('without the fields (an older page), the saved settings apply', async () => {
    const config = settingsForRequest(UNSET, { settings: undefined });
    await assert.rejects(endpointFor('compatible', config, NO_KEYS, NO_SIMULATOR), (err: unknown) => err instanceof EndpointSetupError && /compatibleBaseUrl/.test(err.message));
  });

  it('takes the Azure resource and deployment typed in the panel', async () => {
    const settings = { ...endpointSettingsOf(UNSET), azureEndpoint: 'https://typed.openai.azure.com', azureDeployment: 'typed-deployment' };
    const config = settingsForRequest(UNSET, { settings });
    const endpoint = await endpointFor('azure', config, { get: async () => 'azure-key-0123456789' }, NO_SIMULATOR);
    assert.ok(endpoint.kind === 'azure');
    assert.equal(endpoint.endpoint, 'https://typed.openai.azure.com');
    assert.equal(endpoint.deployment, 'typed-deployment');
  });
});

describe('OPENAI_BASE_URL in the environment', () => {
  it('names the host the requests go to in the form, the cost question and the run\'s error', async () => {
    const server = await startEchoServer(() => ({ status: 500, json: { error: { message: 'upstream exploded' } } }));
    try {
      const env = { OPENAI_BASE_URL: `${server.origin}/v1` };
      const host = new URL(server.origin).host;
      const endpoint = await endpointFor('openai', UNSET, { get: async () => 'sk-test-0123456789' }, NO_SIMULATOR, 'openai', env);
      assert.equal(endpointDisplayLabel('openai', env), `OpenAI at ${host} (OPENAI_BASE_URL)`);
      assert.equal(endpointDisplayLabel('openai', {}), 'OpenAI');
      assert.equal(sendQuestion(3, 'openai', chosenHost(endpoint, UNSET)), `Send 3 requests to OpenAI at ${host}?`);
      const result = await runSession({ prompt: longChatPrompt(), endpoint, settings: { model: FORM.model, api: 'chat', runs: 1, maxRetries: 0 } });
      const outcome = result.records[0].outcome;
      assert.ok(outcome.status === 'error');
      assert.match(outcome.message, new RegExp(`^${host.replace(/\./g, '\\.')}: HTTP 500`));
      assert.ok(!outcome.message.includes('api.openai.com'), outcome.message);
      assert.deepEqual(server.requests.map((r) => `${r.method} ${r.url}`), ['POST /v1/chat/completions']);
    } finally {
      await server.close();
    }
  });

  it('without it, OpenAI is asked about by name alone', async () => {
    const endpoint = await endpointFor('openai', UNSET, { get: async () => 'sk-test-0123456789' }, NO_SIMULATOR, 'openai', {});
    assert.equal(sendQuestion(1, 'openai', chosenHost(endpoint, UNSET)), 'Send 1 request to OpenAI?');
  });
});
