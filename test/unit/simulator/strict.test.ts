import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { describe, it } from 'node:test';
import { parseSimulatorArgs, runSimulatorCli } from '../../../src/simulator/cli';
import { LONG_SYSTEM, withSimulator } from '../runner/helpers';

type Json = Record<string, any>;

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { response, json: (await response.json()) as Json };
}

/** OpenAI's error body: exactly message, type, param and code. */
function assertOpenAIError(json: Json, param: string | null, code: string | null): void {
  assert.deepEqual(Object.keys(json), ['error']);
  assert.deepEqual(Object.keys(json.error).sort(), ['code', 'message', 'param', 'type']);
  assert.equal(json.error.type, 'invalid_request_error');
  assert.equal(json.error.param, param);
  assert.equal(json.error.code, code);
}

const chat = (extra: Json = {}) => ({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], ...extra });

describe('strict simulated endpoint', () => {
  it('answers invalid Chat Completions bodies with 400 in OpenAI error shape', async () => {
    await withSimulator({}, async (sim) => {
      const cases: [Json, string, string | null][] = [
        [{ model: 'gpt-4o' }, 'messages', 'missing_required_parameter'],
        [{ model: 'gpt-4o', messages: 'hi' }, 'messages', 'invalid_type'],
        [{ model: 'gpt-4o', messages: [] }, 'messages', 'empty_array'],
        [chat({ messages: [{ role: 'bot', content: 'hi' }] }), 'messages[0].role', 'invalid_value'],
        [chat({ messages: [{ content: 'hi' }] }), 'messages[0].role', 'missing_required_parameter'],
        [chat({ messages: [{ role: 'user' }] }), 'messages[0].content', 'missing_required_parameter'],
        [chat({ messages: [{ role: 'user', content: 42 }] }), 'messages[0].content', 'invalid_type'],
        [chat({ messages: ['hi'] }), 'messages[0]', 'invalid_type'],
        [chat({ messages: [{ role: 'tool', content: 'result' }] }), 'messages[0].tool_call_id', 'missing_required_parameter'],
        [chat({ max_tokens: 'ten' }), 'max_tokens', 'invalid_type'],
        [chat({ max_tokens: 0 }), 'max_tokens', 'integer_below_min_value'],
        // A reasoning model refuses max_tokens, as the API does.
        [chat({ model: 'o3-mini', max_tokens: 100 }), 'max_tokens', 'unsupported_parameter'],
        [chat({ model: 'gpt-5', max_tokens: 100 }), 'max_tokens', 'unsupported_parameter'],
        [chat({ model: 'gpt-5-mini', temperature: 0 }), 'temperature', 'unsupported_value'],
        [chat({ model: 'gpt-6-astra', temperature: 1 }), 'temperature', 'unsupported_parameter'],
        [chat({ response_format: { type: 'json_object' } }), 'messages', null],
        [chat({ stream: 'yes' }), 'stream', 'invalid_type'],
        [chat({ prompt_cache_retention: 'forever' }), 'prompt_cache_retention', 'invalid_value'],
      ];
      for (const [body, param, code] of cases) {
        const { response, json } = await post(`${sim.url}/chat/completions`, body);
        assert.equal(response.status, 400, JSON.stringify(body));
        assertOpenAIError(json, param, code);
      }
      // An assistant turn that only calls tools has null content, which is fine.
      const toolTurn = chat({
        messages: [
          { role: 'user', content: 'weather?' },
          { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'w', arguments: '{}' } }] },
          { role: 'tool', tool_call_id: 'c1', content: 'sunny' },
        ],
      });
      assert.equal((await post(`${sim.url}/chat/completions`, toolTurn)).response.status, 200);
      // The limit these models take, and max_tokens on the models that take it, are answered.
      assert.equal((await post(`${sim.url}/chat/completions`, chat({ model: 'o3-mini', max_completion_tokens: 100 }))).response.status, 200);
      assert.equal((await post(`${sim.url}/chat/completions`, chat({ model: 'gpt-5-chat-latest', max_tokens: 100 }))).response.status, 200);
      assert.equal((await post(`${sim.url}/chat/completions`, chat({ model: 'gpt-5.1', temperature: 0.7 }))).response.status, 200);
      const askedForJson = chat({ response_format: { type: 'json_object' }, messages: [{ role: 'user', content: [{ type: 'text', text: 'Answer in JSON.' }] }] });
      assert.equal((await post(`${sim.url}/chat/completions`, askedForJson)).response.status, 200);
      const refused = await post(`${sim.url}/chat/completions`, chat({ model: 'o3-mini', max_tokens: 100 }));
      assert.equal(refused.json.error.message, "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.");
    });
  });

  it('answers invalid Responses bodies with 400 in OpenAI error shape', async () => {
    await withSimulator({}, async (sim) => {
      const cases: [Json, string, string][] = [
        [{ model: 'gpt-4o' }, 'input', 'missing_required_parameter'],
        [{ model: 'gpt-4o', input: 7 }, 'input', 'invalid_type'],
        [{ model: 'gpt-4o', input: [{ role: 'robot', content: 'hi' }] }, 'input[0].role', 'invalid_value'],
        [{ model: 'gpt-4o', input: [{ role: 'user' }] }, 'input[0].content', 'missing_required_parameter'],
        [{ model: 'gpt-4o', input: 'hi', instructions: ['a'] }, 'instructions', 'invalid_type'],
        // The Chat Completions names of the limit, and temperature on a model that takes only 1.
        [{ model: 'gpt-4o', input: 'hi', max_tokens: 100 }, 'max_tokens', 'unsupported_parameter'],
        [{ model: 'gpt-5.4', input: 'hi', max_completion_tokens: 100 }, 'max_completion_tokens', 'unsupported_parameter'],
        [{ model: 'o3-mini', input: 'hi', temperature: 0 }, 'temperature', 'unsupported_parameter'],
        [{ model: 'gpt-6-astra', input: 'hi', temperature: 1 }, 'temperature', 'unsupported_parameter'],
      ];
      for (const [body, param, code] of cases) {
        const { response, json } = await post(`${sim.url}/responses`, body);
        assert.equal(response.status, 400, JSON.stringify(body));
        assertOpenAIError(json, param, code);
      }
      const moved = await post(`${sim.url}/responses`, { model: 'gpt-4o', input: 'hi', max_tokens: 100 });
      assert.equal(moved.json.error.message, "Unsupported parameter: 'max_tokens'. In the Responses API, this parameter has moved to 'max_output_tokens'.");
      // JSON mode looks for the word in the input, not in the instructions.
      const jsonMode = { model: 'gpt-4o', instructions: 'Answer in JSON.', input: 'List three fruits.', text: { format: { type: 'json_object' } } };
      const noWord = await post(`${sim.url}/responses`, jsonMode);
      assert.equal(noWord.response.status, 400);
      assertOpenAIError(noWord.json, null, null);
      assert.equal(noWord.json.error.message, "Response input messages must contain the word 'json' in some form to use 'text.format' of type 'json_object'.");
      const answered = [
        { ...jsonMode, input: [{ role: 'user', content: [{ type: 'input_text', text: 'List three fruits as JSON.' }] }] },
        { model: 'gpt-4o', input: 'hi', max_output_tokens: 100 },
        { model: 'gpt-5.1', input: 'hi', temperature: 0.7 },
      ];
      for (const body of answered) assert.equal((await post(`${sim.url}/responses`, body)).response.status, 200, JSON.stringify(body));
    });
  });

  it('answers a body nested 10,000 levels deep with 400, not 500', async () => {
    await withSimulator({}, async (sim) => {
      const deep = `{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"metadata":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
      const { response, json } = await post(`${sim.url}/chat/completions`, deep);
      assert.equal(response.status, 400);
      assert.match(json.error.message, /nests more than \d+ levels/);
      assert.equal((await post(`${sim.url}/chat/completions`, chat())).response.status, 200);
    });
  });

  it('answers 413 over the body limit in each API shape and keeps serving', async () => {
    await withSimulator({ maxBodyBytes: 4096 }, async (sim) => {
      const big = chat({ messages: [{ role: 'user', content: 'x'.repeat(200_000) }] });
      const openai = await post(`${sim.url}/chat/completions`, big);
      assert.equal(openai.response.status, 413);
      assert.equal(openai.json.error.code, 'request_too_large');
      assert.match(openai.json.error.message, /limit is 4096 bytes/);
      assert.equal(openai.response.headers.get('x-simulated'), 'true');

      const anthropic = await post(`${sim.url}/messages`, { ...big, max_tokens: 8 }, { 'anthropic-version': '2023-06-01' });
      assert.equal(anthropic.response.status, 413);
      assert.equal(anthropic.json.type, 'error');
      assert.equal(anthropic.json.error.type, 'request_too_large');

      // Streamed without a declared length, the limit is found while reading.
      const chunked = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(JSON.stringify(big)));
          controller.close();
        },
      });
      const streamed = await fetch(`${sim.url}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: chunked,
        duplex: 'half',
      } as RequestInit);
      assert.equal(streamed.status, 413);
      assert.equal(((await streamed.json()) as Json).error.code, 'request_too_large');

      assert.equal((await post(`${sim.url}/chat/completions`, chat())).response.status, 200);
    });
  });

  it('answers a small request while a big body is still being tokenized', async () => {
    await withSimulator({ offThreadBytes: 64 * 1024 }, async (sim) => {
      const paragraph = Array.from({ length: 400 }, (_, i) => `Clause ${i}: the tenant keeps the premises in good repair.`).join(' ');
      const messages = Array.from({ length: 150 }, (_, i) => ({ role: 'user', content: `${paragraph} (${i})` }));
      const order: string[] = [];
      const bigDone = post(`${sim.url}/chat/completions`, { model: 'gpt-4o', messages }).then((r) => {
        order.push('big');
        return r;
      });
      while (sim.requestCount() < 1) await new Promise((r) => setTimeout(r, 5));
      const small = await post(`${sim.url}/chat/completions`, chat());
      order.push('small');
      const big = await bigDone;
      assert.equal(small.response.status, 200);
      assert.equal(big.response.status, 200);
      assert.ok(big.json.usage.prompt_tokens > 500_000);
      assert.deepEqual(order, ['small', 'big']);
    });
  });

  it('counts a big body the same on the worker as on the main thread', async () => {
    const body = { model: 'gpt-4o', messages: [{ role: 'system', content: LONG_SYSTEM.repeat(40) }, { role: 'user', content: 'hi' }] };
    const tokens = async (offThreadBytes: number) =>
      withSimulator({ offThreadBytes }, async (sim) => (await post(`${sim.url}/chat/completions`, body)).json.usage.prompt_tokens as number);
    assert.equal(await tokens(1024), await tokens(Number.POSITIVE_INFINITY));
  });

  it('stops streaming to a client that has gone', async () => {
    await withSimulator({ faults: { chunkIntervalMs: 10_000 } }, async (sim) => {
      const controller = new AbortController();
      const response = await fetch(`${sim.url}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(chat({ stream: true, max_tokens: 200 })),
        signal: controller.signal,
      });
      const reader = response.body!.getReader();
      await reader.read();
      assert.equal(sim.inFlight(), 1);
      controller.abort();
      // The next chunk is 10 s away; the work must end long before it, as soon as the socket closes.
      for (let i = 0; i < 300 && sim.inFlight() > 0; i++) await new Promise((r) => setTimeout(r, 10));
      assert.equal(sim.inFlight(), 0);
    });
  });

  it('serves many concurrent streams without piling listeners on one signal', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      await withSimulator({ faults: { chunkIntervalMs: 2 } }, async (sim) => {
        const streams = Array.from({ length: 15 }, () =>
          fetch(`${sim.url}/chat/completions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(chat({ stream: true, max_tokens: 20 })),
          }).then((r) => r.text()),
        );
        const texts = await Promise.all(streams);
        assert.ok(texts.every((t) => t.trim().endsWith('data: [DONE]')));
      });
      await new Promise((r) => setImmediate(r));
      assert.deepEqual(warnings.filter((w) => w === 'MaxListenersExceededWarning'), []);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('keeps at most the configured number of cache entries, dropping the least recently used', async () => {
    await withSimulator({ maxCacheEntries: 2 }, async (sim) => {
      const body = (topic: string) => ({
        model: 'gpt-4.1',
        prompt_cache_retention: '24h',
        messages: [
          { role: 'system', content: `${topic}\n${LONG_SYSTEM}` },
          { role: 'user', content: 'Which rule covers citations?' },
        ],
      });
      const cached = async (topic: string) =>
        (await post(`${sim.url}/chat/completions`, body(topic))).json.usage.prompt_tokens_details.cached_tokens as number;
      assert.equal(await cached('alpha'), 0);
      assert.equal(await cached('beta'), 0);
      assert.ok((await cached('alpha')) >= 1024, 'alpha is still cached and now the most recent');
      assert.equal(await cached('gamma'), 0);
      assert.equal(await cached('beta'), 0, 'beta was the least recently used and was dropped');
    });
  });

  it('exits 2 with a clear message on a busy or invalid port', async () => {
    const errors: string[] = [];
    const io = { out: () => {}, err: (line: string) => errors.push(line) };
    assert.equal(await runSimulatorCli(['--port', '70000'], io), 2);
    assert.match(errors.at(-1)!, /between 0 and 65535/);

    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      assert.equal(await runSimulatorCli(['--port', String(port)], io), 2);
      assert.match(errors.at(-1)!, new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use`));
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  it('reads the limits from the command line', () => {
    assert.deepEqual(parseSimulatorArgs(['--port', '0', '--max-body-mb', '2', '--cache-entries', '500', '--cache-tokens', '1000000', '--fault', '529=first:1']), {
      port: 0,
      maxBodyBytes: 2 * 1024 * 1024,
      maxCacheEntries: 500,
      maxCacheTokens: 1_000_000,
      faults: { serverError: { firstN: 1 } },
    });
    assert.throws(() => parseSimulatorArgs(['--max-body-mb', '0']), /positive number/);
  });
});
