import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import { analyzePrompt } from '../../../src/core/analyze';
import { parsePrompt } from '../../../src/core/formats/index';
import { classifyError, HttpStatusError } from '../../../src/runner/errors';
import { CountRateLimitedError, countingBody, ProviderCounter, type CountingEndpoint } from '../../../src/runner/providerCount';
import { longChatPrompt, withSimulator } from './helpers';

const CLAUDE = 'claude-sonnet-4-5';

/** What the editor counts for a body, read as the request file it is. */
async function editorCount(body: Record<string, unknown>): Promise<number> {
  return (await analyzePrompt({ fileName: 'request.json', text: JSON.stringify(body) })).promptTokens;
}

async function anthropicExample() {
  const text = await readFile('examples/anthropic-request.json', 'utf8');
  return { request: parsePrompt('anthropic-request.json', text), text };
}

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('ProviderCounter against the simulator', () => {
  it('counts a Responses body on input_tokens as the editor counts it, labelled simulated', async () => {
    await withSimulator({}, async (sim) => {
      const endpoint: CountingEndpoint = { kind: 'simulator', baseURL: sim.url };
      const body = countingBody(longChatPrompt(), endpoint, 'gpt-4o-mini');
      assert.ok(Array.isArray(body.input), 'a Responses body');
      assert.equal(body.max_output_tokens, undefined, 'counting bodies carry no output cap');
      const answer = await new ProviderCounter().count(endpoint, body);
      assert.equal(answer.inputTokens, await editorCount(body));
      assert.ok(answer.inputTokens > 1024);
      assert.equal(answer.via, 'OpenAI input_tokens');
      assert.equal(answer.simulated, true);
      assert.equal(answer.host, `127.0.0.1:${sim.port}`);
      assert.equal(sim.requestCount(), 1);
    });
  });

  it('counts a Messages body on count_tokens as the editor counts it, with the key in x-api-key', async () => {
    const { request, text } = await anthropicExample();
    await withSimulator({ requireKey: 'anthropic-test-key' }, async (sim) => {
      const endpoint: CountingEndpoint = { kind: 'anthropic', apiKey: 'anthropic-test-key', baseURL: sim.url };
      const body = countingBody(request, endpoint, CLAUDE, text);
      assert.equal(body.max_tokens, undefined, 'count_tokens takes no max_tokens');
      assert.equal(body.model, CLAUDE);
      const answer = await new ProviderCounter().count(endpoint, body);
      assert.equal(answer.inputTokens, await editorCount(body));
      assert.equal(answer.via, 'Anthropic count_tokens');
      assert.equal(answer.simulated, true, 'the simulator behind an Anthropic endpoint is known by its x-simulated label');
      assert.equal(sim.requestCount(), 1);
    });
  });

  it('answers an unchanged body from its cache without calling again; a changed body is asked', async () => {
    await withSimulator({}, async (sim) => {
      const endpoint: CountingEndpoint = { kind: 'simulator', baseURL: sim.url };
      const counter = new ProviderCounter();
      const body = countingBody(longChatPrompt(), endpoint, 'gpt-4o-mini');
      const first = await counter.count(endpoint, body);
      assert.deepEqual(counter.cached(endpoint, structuredClone(body)), first);
      const again = await counter.count(endpoint, structuredClone(body));
      assert.deepEqual(again, first);
      assert.equal(sim.requestCount(), 1, 'the second count made no request');
      const longer = await counter.count(endpoint, { ...body, instructions: 'Answer in French.' });
      assert.equal(sim.requestCount(), 2);
      assert.ok(longer.inputTokens > first.inputTokens);
    });
  });

  it('refuses a call over the per-minute limit with the wait until the next slot, and allows it once the minute passed', async () => {
    let now = 1_000_000;
    await withSimulator({}, async (sim) => {
      const endpoint: CountingEndpoint = { kind: 'simulator', baseURL: sim.url };
      const counter = new ProviderCounter({ perMinute: 2, now: () => now });
      const body = countingBody(longChatPrompt(), endpoint, 'gpt-4o-mini');
      const variant = (i: number) => ({ ...body, instructions: `Variant ${i}.` });
      await counter.count(endpoint, variant(1));
      now += 20_000;
      await counter.count(endpoint, variant(2));
      now += 5_000;
      const refused = await counter.count(endpoint, variant(3)).then(
        () => assert.fail('a third call within the minute went through'),
        (err: unknown) => err,
      );
      assert.ok(refused instanceof CountRateLimitedError);
      assert.equal(refused.retryInMs, 35_000, 'the first call leaves the window 60 s after it was made');
      assert.match(refused.message, /next one in 35 s/);
      assert.equal(sim.requestCount(), 2, 'the refused call never reached the endpoint');
      // Cached answers are not calls: they pass while the limit holds.
      assert.equal((await counter.count(endpoint, variant(1))).inputTokens, (await counter.count(endpoint, variant(1))).inputTokens);
      now += 35_000;
      await counter.count(endpoint, variant(3));
      assert.equal(sim.requestCount(), 3);
    });
  });

  it('reports a refused key as the runner\'s auth error on both routes, and caches nothing', async () => {
    const { request, text } = await anthropicExample();
    await withSimulator({ requireKey: 'the-right-key' }, async (sim) => {
      const counter = new ProviderCounter();
      const openai: CountingEndpoint = { kind: 'openai', apiKey: 'a-wrong-key', baseURL: sim.url };
      const openaiBody = countingBody(longChatPrompt(), openai, 'gpt-4o-mini');
      const openaiError = await counter.count(openai, openaiBody).then(() => assert.fail('accepted a wrong key'), (err: unknown) => err);
      const openaiKind = classifyError(openaiError, undefined, Date.now());
      assert.equal(openaiKind.kind, 'auth');
      assert.equal(openaiKind.httpStatus, 401);

      const anthropic: CountingEndpoint = { kind: 'anthropic', apiKey: 'a-wrong-key', baseURL: sim.url };
      const anthropicBody = countingBody(request, anthropic, CLAUDE, text);
      const anthropicError = await counter.count(anthropic, anthropicBody).then(() => assert.fail('accepted a wrong key'), (err: unknown) => err);
      assert.ok(anthropicError instanceof HttpStatusError);
      assert.equal(anthropicError.status, 401);
      assert.equal(classifyError(anthropicError, undefined, Date.now()).kind, 'auth');
      assert.equal(counter.cached(anthropic, anthropicBody), undefined);
      assert.equal(counter.cached(openai, openaiBody), undefined);
    });
  });

  it('reports a closed port as the runner\'s connection error on both routes', async () => {
    const port = await closedPort();
    const baseURL = `http://127.0.0.1:${port}/v1`;
    const counter = new ProviderCounter({ timeoutMs: 5_000 });
    const { request, text } = await anthropicExample();
    const targets: CountingEndpoint[] = [
      { kind: 'simulator', baseURL },
      { kind: 'anthropic', apiKey: 'k', baseURL },
    ];
    for (const endpoint of targets) {
      const body = endpoint.kind === 'anthropic' ? countingBody(request, endpoint, CLAUDE, text) : countingBody(longChatPrompt(), endpoint, 'gpt-4o');
      const err = await counter.count(endpoint, body).then(() => assert.fail('a closed port answered'), (e: unknown) => e);
      // A refused connection: `network`, or `unreachable` where the runner tells the two apart.
      const { kind } = classifyError(err, undefined, Date.now());
      assert.ok(['network', 'unreachable'].includes(kind), `${endpoint.kind}: ${kind} for ${String(err)}`);
    }
  });
});

describe('ProviderCounter against an endpoint answering an odd count', () => {
  /** An endpoint that answers every request with `{"input_tokens": value}`. */
  async function withOddEndpoint(value: unknown, run: (baseURL: string) => Promise<void>): Promise<void> {
    const server = createHttpServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ object: 'response.input_tokens', input_tokens: value }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      await run(`http://127.0.0.1:${(server.address() as { port: number }).port}/v1`);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  for (const [value, shown] of [[-5, '-5'], [12.5, '12.5'], ['12', '"12"']] as const) {
    it(`input_tokens ${shown} is refused as no valid count on both routes, never shown as a figure`, async () => {
      await withOddEndpoint(value, async (baseURL) => {
        const { request, text } = await anthropicExample();
        const openai: CountingEndpoint = { kind: 'openai', apiKey: 'k', baseURL };
        const anthropic: CountingEndpoint = { kind: 'anthropic', apiKey: 'k', baseURL };
        const counter = new ProviderCounter();
        const refusal = (endpoint: CountingEndpoint, body: Record<string, unknown>) =>
          counter.count(endpoint, body).then((answer) => assert.fail(`accepted ${answer.inputTokens}`), (e: unknown) => (e as Error).message);
        assert.equal(await refusal(openai, countingBody(longChatPrompt(), openai, 'gpt-4o')), `input_tokens answered without a valid count (${shown})`);
        assert.equal(await refusal(anthropic, countingBody(request, anthropic, CLAUDE, text)), `count_tokens answered without a valid count (${shown})`);
      });
    });
  }
});
