import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startSimulator } from '../../../src/simulator/index';
import { parseSimulatorArgs, runSimulatorCli } from '../../../src/simulator/cli';
import { LONG_SYSTEM, roundedPrefix, withSimulator } from '../runner/helpers';

const chat = (extra: Record<string, unknown> = {}) => ({
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system', content: LONG_SYSTEM },
    { role: 'user', content: 'Which rule covers citations?' },
  ],
  max_tokens: 12,
  ...extra,
});

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { response, json: (await response.json()) as Record<string, any> };
}

describe('simulated endpoint', () => {
  it('labels every answer as simulated and reports usage in OpenAI shape', async () => {
    await withSimulator({}, async (sim) => {
      const { response, json } = await post(`${sim.url}/chat/completions`, chat());
      assert.equal(response.headers.get('x-prompt-cache-lens'), 'simulated');
      assert.equal(json.system_fingerprint, 'simulated');
      assert.equal(json.object, 'chat.completion');
      assert.equal(json.usage.prompt_tokens_details.cached_tokens, 0);
      assert.equal(json.usage.total_tokens, json.usage.prompt_tokens + json.usage.completion_tokens);
      assert.ok(json.usage.completion_tokens <= 12 && json.usage.completion_tokens >= 8);
      const again = await post(`${sim.url}/chat/completions`, chat());
      assert.equal(again.json.usage.prompt_tokens_details.cached_tokens, roundedPrefix(json.usage.prompt_tokens));
    });
  });

  it('answers errors in OpenAI error JSON: 400 bad JSON, 404 unknown route, 401 without the right key', async () => {
    await withSimulator({ requireKey: 'sk-test-required-0001' }, async (sim) => {
      const auth = { authorization: 'Bearer sk-test-required-0001' };
      const bad = await post(`${sim.url}/chat/completions`, '{"model": ', auth);
      assert.equal(bad.response.status, 400);
      assert.equal(bad.json.error.type, 'invalid_request_error');
      const missing = await post(`${sim.url}/embeddings`, { model: 'x' }, auth);
      assert.equal(missing.response.status, 404);
      assert.equal(missing.json.error.code, 'unknown_url');
      const refused = await post(`${sim.url}/chat/completions`, chat(), { authorization: 'Bearer sk-other-key-123456' });
      assert.equal(refused.response.status, 401);
      assert.equal(refused.json.error.code, 'invalid_api_key');
      assert.ok(!JSON.stringify(refused.json).includes('sk-other-key'));
      assert.equal(refused.response.headers.get('x-prompt-cache-lens'), 'simulated');
    });
  });

  it('lists models', async () => {
    await withSimulator({ models: ['gpt-4o', 'gpt-5'] }, async (sim) => {
      const json = (await (await fetch(`${sim.url}/models`)).json()) as { data: { id: string }[] };
      assert.deepEqual(json.data.map((m) => m.id), ['gpt-4o', 'gpt-5']);
    });
  });

  it('gives the same replies for the same seed', async () => {
    const replies = async (seed: number) =>
      withSimulator({ seed }, async (sim) => {
        const out: string[] = [];
        for (let i = 0; i < 2; i++) out.push((await post(`${sim.url}/chat/completions`, chat())).json.choices[0].message.content);
        return out;
      });
    const a = await replies(11);
    assert.deepEqual(await replies(11), a);
    assert.notDeepEqual(await replies(12), a);
  });

  it('expires entries after the retention time on the injected clock', async () => {
    let now = 1_000_000;
    await withSimulator({ clock: () => now }, async (sim) => {
      await post(`${sim.url}/chat/completions`, chat());
      now += 4 * 60_000;
      const warm = await post(`${sim.url}/chat/completions`, chat());
      assert.ok(warm.json.usage.prompt_tokens_details.cached_tokens >= 1024);
      now += 11 * 60_000;
      const cold = await post(`${sim.url}/chat/completions`, chat());
      assert.equal(cold.json.usage.prompt_tokens_details.cached_tokens, 0);
    });
  });

  it('keeps entries apart per prompt_cache_key and honours 24h retention', async () => {
    let now = 0;
    await withSimulator({ clock: () => now }, async (sim) => {
      const body = (key: string) => chat({ model: 'gpt-4.1', prompt_cache_key: key, prompt_cache_retention: '24h' });
      await post(`${sim.url}/chat/completions`, body('a'));
      const otherKey = await post(`${sim.url}/chat/completions`, body('b'));
      assert.equal(otherKey.json.usage.prompt_tokens_details.cached_tokens, 0);
      now += 3 * 3_600_000;
      const sameKey = await post(`${sim.url}/chat/completions`, body('a'));
      assert.ok(sameKey.json.usage.prompt_tokens_details.cached_tokens >= 1024);
    });
  });

  it('sends requests beyond the rate to cold machines', async () => {
    let now = 0;
    await withSimulator({ clock: () => now }, async (sim) => {
      const cached: number[] = [];
      for (let i = 0; i < 17; i++) {
        now += 1000;
        cached.push((await post(`${sim.url}/chat/completions`, chat())).json.usage.prompt_tokens_details.cached_tokens);
      }
      assert.equal(cached[0], 0);
      assert.ok(cached.slice(1, 15).every((c) => c >= 1024));
      assert.deepEqual(cached.slice(15), [0, 0]);
    });
  });

  it('rejects an unknown previous_response_id and chains a known one', async () => {
    await withSimulator({}, async (sim) => {
      const missing = await post(`${sim.url}/responses`, { model: 'gpt-4o', input: 'hi', previous_response_id: 'resp_nope' });
      assert.equal(missing.response.status, 400);
      assert.equal(missing.json.error.code, 'previous_response_not_found');
      const first = await post(`${sim.url}/responses`, { model: 'gpt-4o', instructions: LONG_SYSTEM, input: 'one' });
      const second = await post(`${sim.url}/responses`, { model: 'gpt-4o', instructions: LONG_SYSTEM, input: 'two', previous_response_id: first.json.id });
      assert.ok(second.json.usage.input_tokens > first.json.usage.input_tokens);
      assert.equal(second.json.usage.input_tokens_details.cached_tokens, roundedPrefix(first.json.usage.input_tokens));
      assert.equal(second.json.previous_response_id, first.json.id);
    });
  });

  it('streams Responses events ending with response.completed carrying usage', async () => {
    await withSimulator({}, async (sim) => {
      const response = await fetch(`${sim.url}/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o', input: 'stream please', stream: true, max_output_tokens: 6 }),
      });
      const text = await response.text();
      const types = [...text.matchAll(/^event: (.+)$/gm)].map((m) => m[1]);
      assert.equal(types[0], 'response.created');
      assert.equal(types.at(-1), 'response.completed');
      assert.ok(types.includes('response.output_text.delta'));
      const completed = JSON.parse(text.trim().split('\n').at(-1)!.slice('data: '.length)) as { response: { usage: { input_tokens: number } } };
      assert.ok(completed.response.usage.input_tokens > 0);
    });
  });

  it('runs standalone from the command line until stopped', async () => {
    assert.deepEqual(parseSimulatorArgs(['--port', '0', '--seed', '4', '--fault', '429=every:3', '--fault', 'latency=20']), {
      port: 0,
      seed: 4,
      faults: { rateLimit: { everyNth: 3 }, latencyMs: 20 },
    });
    const lines: string[] = [];
    const stop = new AbortController();
    const exit = runSimulatorCli(['--port', '0'], { out: (l) => lines.push(l), err: (l) => lines.push(l), stop: stop.signal });
    while (lines.length === 0) await new Promise((r) => setTimeout(r, 10));
    const url = /http:\/\/127\.0\.0\.1:\d+\/v1/.exec(lines[0])?.[0];
    assert.ok(url);
    assert.equal((await fetch(`${url}/models`)).status, 200);
    stop.abort();
    assert.equal(await exit, 0);
    const errors: string[] = [];
    assert.equal(await runSimulatorCli(['--fault', 'nonsense=1'], { out: () => {}, err: (l) => errors.push(l) }), 2);
    assert.match(errors[0], /unknown fault/);
  });

  it('binds to 127.0.0.1 only', async () => {
    const sim = await startSimulator();
    try {
      assert.match(sim.url, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    } finally {
      await sim.close();
    }
  });
});
