import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import { countingEndpoint, countingTarget, EDITOR_KEY_ADVICE } from '../../../src/extension/providerCountEndpoint';
import { describeCountFailure } from '../../../src/runner/countFailure';
import { countingBody, countingHost, figureOf, ProviderCounter, type CountingEndpoint } from '../../../src/runner/providerCount';
import { longChatPrompt, withSimulator } from '../runner/helpers';

const claude = { provider: 'anthropic' as const, model: 'claude-sonnet-4-5' };
const gpt = { provider: 'openai' as const, model: 'gpt-4o' };

function keys(values: Partial<Record<'openai' | 'anthropic', string>>) {
  const asked: string[] = [];
  return {
    asked,
    get: async (endpoint: string) => {
      asked.push(endpoint);
      return values[endpoint as 'openai' | 'anthropic'];
    },
  };
}

const noSimulator = { url: async () => assert.fail('the simulator was started for a provider count') };

async function failureOf(endpoint: CountingEndpoint, counter = new ProviderCounter()): Promise<unknown> {
  const body = countingBody(longChatPrompt(), endpoint, 'gpt-4o-mini');
  return counter.count(endpoint, body).then(() => assert.fail('the count succeeded'), (err: unknown) => err);
}

describe('provider counting endpoint', () => {
  it('sends Claude models to Anthropic and others to OpenAI; the setting can force either or the simulator', () => {
    assert.deepEqual(countingTarget('auto', claude), { api: 'anthropic', simulator: false });
    assert.deepEqual(countingTarget('auto', gpt), { api: 'openai', simulator: false });
    assert.deepEqual(countingTarget('auto', { provider: 'unknown', model: 'claude-9' } as never), { api: 'anthropic', simulator: false });
    assert.deepEqual(countingTarget('openai', claude), { api: 'openai', simulator: false });
    assert.deepEqual(countingTarget('anthropic', gpt), { api: 'anthropic', simulator: false });
    assert.deepEqual(countingTarget('simulator', claude), { api: 'anthropic', simulator: true });
    assert.deepEqual(countingTarget('simulator', gpt), { api: 'openai', simulator: true });
  });

  it('takes the key of the target provider, to its own host only; the simulator gets no stored key', async () => {
    const store = keys({ openai: 'sk-openai', anthropic: 'sk-ant' });
    assert.deepEqual(await countingEndpoint({ api: 'openai', simulator: false }, store, noSimulator, {}), { kind: 'openai', apiKey: 'sk-openai' });
    assert.deepEqual(await countingEndpoint({ api: 'anthropic', simulator: false }, store, noSimulator, {}), { kind: 'anthropic', apiKey: 'sk-ant' });
    const viaEnv = await countingEndpoint({ api: 'openai', simulator: false }, store, noSimulator, { OPENAI_BASE_URL: 'https://proxy.example/v1' });
    assert.equal(countingHost(viaEnv as CountingEndpoint), 'proxy.example', 'messages name the host the SDK would use');
    assert.equal(countingHost({ kind: 'anthropic', apiKey: 'x' }), 'api.anthropic.com');
    assert.equal(countingHost({ kind: 'openai', apiKey: 'x' }), 'api.openai.com');
    assert.deepEqual(await countingEndpoint({ api: 'anthropic', simulator: false }, keys({}), noSimulator, {}), { missingKey: 'anthropic' });

    const sim = { url: async () => 'http://127.0.0.1:4000/v1' };
    const untouched = keys({ openai: 'sk-openai', anthropic: 'sk-ant' });
    const openaiSim = await countingEndpoint({ api: 'openai', simulator: true }, untouched, sim, {});
    const anthropicSim = await countingEndpoint({ api: 'anthropic', simulator: true }, untouched, sim, {});
    assert.deepEqual(openaiSim, { kind: 'simulator', baseURL: 'http://127.0.0.1:4000/v1' });
    assert.equal((anthropicSim as { apiKey: string }).apiKey, 'simulator');
    assert.deepEqual(untouched.asked, [], 'no key was read for the simulator');
  });

  it('labels a simulator answer simulated even on its Anthropic route', () => {
    const count = { inputTokens: 10, via: 'Anthropic count_tokens', host: '127.0.0.1:1', simulated: false, at: 5 };
    const offline = { promptTokens: 10, promptApi: 'anthropic' as const, bodyTokens: 10 };
    assert.deepEqual(figureOf(count, { api: 'anthropic', simulator: true }, offline), {
      inputTokens: 10,
      providerInputTokens: 10,
      bodyOfflineTokens: 10,
      countedApi: 'anthropic',
      promptApi: 'anthropic',
      via: 'Anthropic count_tokens',
      provider: 'Anthropic',
      simulated: true,
      at: 5,
    });
    assert.equal(figureOf(count, { api: 'anthropic', simulator: false }, offline).simulated, false);
  });

  it('explains a refused key, a 429 and an unreachable host in one sentence naming the host, without the key', async () => {
    await withSimulator({ requireKey: 'right-key' }, async (sim) => {
      const host = `127.0.0.1:${sim.port}`;
      const refused = describeCountFailure(await failureOf({ kind: 'openai', apiKey: 'sk-wrong-secret', baseURL: sim.url }), host, 'openai', { secret: 'sk-wrong-secret', keyAdvice: EDITOR_KEY_ADVICE });
      assert.equal(refused.message, `${host} refused the OpenAI API key (401). Set a valid key with "Prompt Cache Lens: Set API Key…".`);
      assert.equal(refused.badKey, true);
      assert.doesNotMatch(refused.message, /secret/);
      const anthropic = describeCountFailure(await failureOf({ kind: 'anthropic', apiKey: 'wrong', baseURL: sim.url }), host, 'anthropic', { secret: 'wrong', keyAdvice: EDITOR_KEY_ADVICE });
      assert.match(anthropic.message, /refused the Anthropic API key \(401\)/);
    });
    await withSimulator({ faults: { rateLimit: { firstN: 1, retryAfterMs: 7_000 } } }, async (sim) => {
      const host = `127.0.0.1:${sim.port}`;
      const limited = describeCountFailure(await failureOf({ kind: 'openai', apiKey: 'right-key', baseURL: sim.url }), host, 'openai', { secret: 'right-key', keyAdvice: EDITOR_KEY_ADVICE });
      assert.equal(limited.message, `${host} is rate-limiting requests (429); try again in 7 s.`);
      assert.equal(limited.badKey, false);
      assert.equal(limited.retryInMs, undefined, 'only the local per-minute limit is waited out in the background');
    });

    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const unreachable = describeCountFailure(await failureOf({ kind: 'simulator', baseURL: `http://127.0.0.1:${port}/v1` }), `127.0.0.1:${port}`, 'openai', { keyAdvice: EDITOR_KEY_ADVICE });
    assert.match(unreachable.message, new RegExp(`^Could not reach 127\\.0\\.0\\.1:${port}( \\(ECONNREFUSED\\))?: check the connection or a proxy\\.$`));
    assert.doesNotMatch(unreachable.message, /\n|fetch failed/, 'one sentence, not the library\'s words');
  });

  it('passes the per-minute limit on with its wait, for the background to retry', async () => {
    await withSimulator({}, async (sim) => {
      const endpoint: CountingEndpoint = { kind: 'simulator', baseURL: sim.url };
      const counter = new ProviderCounter({ perMinute: 1 });
      await counter.count(endpoint, countingBody(longChatPrompt(), endpoint, 'gpt-4o'));
      const failure = describeCountFailure(await failureOf(endpoint, counter), `127.0.0.1:${sim.port}`, 'openai', { keyAdvice: EDITOR_KEY_ADVICE });
      assert.ok(failure.retryInMs !== undefined && failure.retryInMs > 0 && failure.retryInMs <= 60_000);
      assert.match(failure.message, /limited to a few requests a minute; next one in \d+ s/);
    });
  });
});
