import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzePrompt } from '../../../src/core/analyze';
import { parsePrompt } from '../../../src/core/formats/index';
import { callAnthropic } from '../../../src/runner/anthropicCall';
import { runSession } from '../../../src/runner/session';
import { withSimulator } from '../runner/helpers';

const MODEL = 'claude-sonnet-4-5';
const HEADERS = { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' };
type Json = Record<string, any>;

/** Thirty tool definitions, well past the model's 1,024-token minimum on their own. */
const TOOLS = Array.from({ length: 30 }, (_, i) => ({
  name: `lookup_${i}`,
  description: `Looks up record kind ${i} in the handbook and returns every field of it as plain text.`,
  input_schema: { type: 'object', properties: { id: { type: 'string', description: 'The record id.' } }, required: ['id'] },
}));
const LONG_SYSTEM = Array.from({ length: 200 }, (_, i) => `Rule ${i + 1}: answer briefly and cite the handbook section.`).join('\n');

/** A 1-hour breakpoint after the tools, a 5-minute one after the system block. */
function twoTierBody(question = 'Which rule covers citations?'): Json {
  const tools = TOOLS.map((tool, i) => (i === TOOLS.length - 1 ? { ...tool, cache_control: { type: 'ephemeral', ttl: '1h' } } : tool));
  return {
    model: MODEL,
    max_tokens: 16,
    tools,
    system: [{ type: 'text', text: LONG_SYSTEM, cache_control: { type: 'ephemeral' } }],
    messages: [{ role: 'user', content: question }],
  };
}

async function post(url: string, body: unknown, headers: Record<string, string> = HEADERS) {
  const response = await fetch(url, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { response, json: (await response.json()) as Json };
}

/** The editor's analysis of the same body: total tokens and where each breakpoint ends. */
async function editorView(body: Json) {
  const analysis = await analyzePrompt({ fileName: 'request.json', text: JSON.stringify(body) });
  return { total: analysis.promptTokens, ends: analysis.breakpoints.map((b) => b.tokenEnd) };
}

function assertAnthropicError(json: Json, type: string, message: RegExp): void {
  assert.equal(json.type, 'error');
  assert.equal(json.error.type, type);
  assert.match(json.error.message, message);
  assert.match(json.request_id, /^req_/);
}

describe('simulated Anthropic Messages endpoint', () => {
  it('writes both tiers, reads both, and after a 6-minute pause reads the 1-hour entry and rewrites the 5-minute one', async () => {
    let now = 1_000_000;
    const body = twoTierBody();
    const { total, ends } = await editorView(body);
    const [toolsEnd, systemEnd] = ends;
    assert.ok(toolsEnd >= 1024 && systemEnd > toolsEnd, 'both prefixes clear the minimum');

    await withSimulator({ clock: () => now }, async (sim) => {
      const first = await post(`${sim.url}/messages`, body);
      assert.equal(first.response.status, 200);
      assert.deepEqual(first.json.usage.cache_creation, { ephemeral_5m_input_tokens: systemEnd - toolsEnd, ephemeral_1h_input_tokens: toolsEnd });
      assert.equal(first.json.usage.cache_creation_input_tokens, systemEnd);
      assert.equal(first.json.usage.cache_read_input_tokens, 0);
      assert.equal(first.json.usage.input_tokens, total - systemEnd);

      now += 30_000;
      const second = await post(`${sim.url}/messages`, body);
      assert.equal(second.json.usage.cache_read_input_tokens, systemEnd);
      assert.equal(second.json.usage.cache_creation_input_tokens, 0);
      assert.equal(second.json.usage.input_tokens, total - systemEnd);

      now += 6 * 60_000;
      const third = await post(`${sim.url}/messages`, body);
      assert.equal(third.json.usage.cache_read_input_tokens, toolsEnd);
      assert.deepEqual(third.json.usage.cache_creation, { ephemeral_5m_input_tokens: systemEnd - toolsEnd, ephemeral_1h_input_tokens: 0 });
      assert.equal(third.json.usage.input_tokens, total - systemEnd);
    });
  });

  it('answers in Anthropic message shape, labelled simulated', async () => {
    await withSimulator({}, async (sim) => {
      const { response, json } = await post(`${sim.url}/messages`, twoTierBody());
      assert.equal(response.headers.get('x-simulated'), 'true');
      assert.equal(response.headers.get('x-prompt-cache-lens'), 'simulated');
      assert.match(json.id, /^msg_/);
      assert.equal(json.type, 'message');
      assert.equal(json.role, 'assistant');
      assert.equal(json.model, MODEL);
      assert.equal(json.content[0].type, 'text');
      assert.ok(json.content[0].text.length > 0);
      assert.ok(['end_turn', 'max_tokens'].includes(json.stop_reason));
      assert.ok(json.usage.output_tokens > 0 && json.usage.output_tokens <= 16);
    });
  });

  it('refuses more than 4 breakpoints, the automatic one counted, and a 1-hour breakpoint after a 5-minute one', async () => {
    await withSimulator({}, async (sim) => {
      const marked = { type: 'ephemeral' };
      const blocks = (n: number) => Array.from({ length: n }, (_, i) => ({ type: 'text', text: `part ${i}`, cache_control: marked }));
      const five = await post(`${sim.url}/messages`, { model: MODEL, max_tokens: 8, messages: [{ role: 'user', content: blocks(5) }] });
      assert.equal(five.response.status, 400);
      assertAnthropicError(five.json, 'invalid_request_error', /maximum of 4 blocks with cache_control.*Found 5/);

      const fourAndAuto = { model: MODEL, max_tokens: 8, cache_control: marked, messages: [{ role: 'user', content: blocks(4) }] };
      const auto = await post(`${sim.url}/messages`, fourAndAuto);
      assert.equal(auto.response.status, 400);
      assertAnthropicError(auto.json, 'invalid_request_error', /Found 5/);

      const body = twoTierBody();
      body.tools[TOOLS.length - 1].cache_control = { type: 'ephemeral', ttl: '5m' };
      body.system[0].cache_control = { type: 'ephemeral', ttl: '1h' };
      const order = await post(`${sim.url}/messages`, body);
      assert.equal(order.response.status, 400);
      assertAnthropicError(order.json, 'invalid_request_error', /ttl='1h'.*must not come after.*ttl='5m'/);
    });
  });

  it('refuses bad roles, empty content, a missing max_tokens and a missing key', async () => {
    await withSimulator({ requireKey: 'sk-ant-test-0001' }, async (sim) => {
      const keyed = { ...HEADERS, 'x-api-key': 'sk-ant-test-0001' };
      const cases: [Json, RegExp][] = [
        [{ model: MODEL, max_tokens: 8, messages: [{ role: 'system', content: 'hi' }] }, /messages\.0\.role/],
        [{ model: MODEL, max_tokens: 8, messages: [{ role: 'user', content: '' }] }, /non-empty content/],
        [{ model: MODEL, max_tokens: 8, messages: [{ role: 'user', content: [] }] }, /non-empty content/],
        [{ model: MODEL, max_tokens: 8, messages: [{ role: 'user', content: [{ type: 'text', text: '' }] }] }, /non-empty/],
        [{ model: MODEL, messages: [{ role: 'user', content: 'hi' }] }, /max_tokens: Field required/],
        [{ model: MODEL, max_tokens: 8 }, /messages: Field required/],
        // The newest models take only the default temperature, and no top_p or top_k.
        [{ model: 'claude-sonnet-5', max_tokens: 8, temperature: 0.5, messages: [{ role: 'user', content: 'hi' }] }, /^`temperature` is deprecated for this model\.$/],
        [{ model: 'claude-opus-4-8', max_tokens: 8, top_p: 0.9, messages: [{ role: 'user', content: 'hi' }] }, /^`top_p` is deprecated for this model\.$/],
        [{ model: 'claude-opus-5', max_tokens: 8, top_k: 5, messages: [{ role: 'user', content: 'hi' }] }, /^`top_k` is deprecated for this model\.$/],
        [{ model: 'claude-opus-4-7', max_tokens: 8, temperature: 0, messages: [{ role: 'user', content: 'hi' }] }, /^`temperature` is deprecated for this model\.$/],
      ];
      for (const [body, message] of cases) {
        const { response, json } = await post(`${sim.url}/messages`, body, keyed);
        assert.equal(response.status, 400, JSON.stringify(body));
        assertAnthropicError(json, 'invalid_request_error', message);
      }
      const ok = { model: MODEL, max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] };
      const missing = await post(`${sim.url}/messages`, ok);
      assert.equal(missing.response.status, 401);
      assertAnthropicError(missing.json, 'authentication_error', /x-api-key/);
      const wrong = await post(`${sim.url}/messages`, ok, { ...HEADERS, 'x-api-key': 'sk-ant-other-9999' });
      assert.equal(wrong.response.status, 401);
      assert.ok(!JSON.stringify(wrong.json).includes('sk-ant-other'));
      assert.equal((await post(`${sim.url}/messages`, ok, keyed)).response.status, 200);
      // Models that take a temperature are answered with one.
      const withTemperature = { model: 'claude-sonnet-4-6', max_tokens: 8, temperature: 0, messages: [{ role: 'user', content: 'hi' }] };
      assert.equal((await post(`${sim.url}/messages`, withTemperature, keyed)).response.status, 200);
      assert.equal((await post(`${sim.url}/messages`, { ...withTemperature, model: 'claude-opus-4-8', temperature: 1, top_p: 0.99 }, keyed)).response.status, 200);
    });
  });

  it('answers injected faults as 429 and 529 with retry-after', async () => {
    const faults = { rateLimit: { requests: [1], retryAfterMs: 3000 }, serverError: { requests: [2] } };
    await withSimulator({ faults }, async (sim) => {
      const ok = { model: MODEL, max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] };
      const limited = await post(`${sim.url}/messages`, ok);
      assert.equal(limited.response.status, 429);
      assert.equal(limited.response.headers.get('retry-after'), '3');
      assertAnthropicError(limited.json, 'rate_limit_error', /rate limit/);
      const overloaded = await post(`${sim.url}/messages`, ok);
      assert.equal(overloaded.response.status, 529);
      assert.ok(Number(overloaded.response.headers.get('retry-after')) >= 1);
      assertAnthropicError(overloaded.json, 'overloaded_error', /Overloaded/);
      assert.equal((await post(`${sim.url}/messages`, ok)).response.status, 200);
    });
  });

  it('streams the events in Anthropic order with usage at the start and the final usage in message_delta', async () => {
    await withSimulator({}, async (sim) => {
      const body = twoTierBody();
      await post(`${sim.url}/messages`, body);
      const response = await fetch(`${sim.url}/messages`, { method: 'POST', headers: HEADERS, body: JSON.stringify({ ...body, stream: true }) });
      assert.match(response.headers.get('content-type') ?? '', /text\/event-stream/);
      const text = await response.text();
      const events = [...text.matchAll(/^event: (.+)\ndata: (.+)$/gm)].map((m) => ({ name: m[1], data: JSON.parse(m[2]) as Json }));
      const names = events.map((e) => e.name).filter((n) => n !== 'ping');
      const deltas = names.filter((n) => n === 'content_block_delta').length;
      assert.ok(deltas > 0);
      assert.deepEqual(names, [
        'message_start',
        'content_block_start',
        ...Array<string>(deltas).fill('content_block_delta'),
        'content_block_stop',
        'message_delta',
        'message_stop',
      ]);
      assert.ok(events.every((e) => e.data.type === e.name));
      const { ends } = await editorView(body);
      const start = events[0].data.message;
      assert.equal(start.usage.cache_read_input_tokens, ends[1]);
      const final = events.find((e) => e.name === 'message_delta')!.data;
      assert.equal(final.usage.cache_read_input_tokens, ends[1]);
      const streamed = events.filter((e) => e.name === 'content_block_delta').map((e) => e.data.delta.text).join('');
      assert.ok(final.usage.output_tokens > 0);
      assert.ok(streamed.startsWith('Simulated reply'));
    });
  });

  it('is read by the runner the same way streamed and not', async () => {
    await withSimulator({}, async (sim) => {
      const body = twoTierBody();
      const target = { apiKey: 'unused', baseURL: sim.url };
      const plain = await callAnthropic(target, body, false, new AbortController().signal, performance.now());
      const streamed = await callAnthropic(target, body, true, new AbortController().signal, performance.now());
      const { total, ends } = await editorView(body);
      assert.equal(plain.figures.promptTokens, total);
      assert.equal(plain.figures.cacheWriteTokens, ends[1]);
      assert.equal(plain.figures.cacheWrite1hTokens, ends[0]);
      assert.equal(streamed.figures.promptTokens, total);
      assert.equal(streamed.figures.cacheReadInputTokens, ends[1]);
      assert.ok(streamed.outputText.length > 0);
    });
  });

  it('reads an earlier entry up to 20 blocks back from a breakpoint, and not further', async () => {
    // One long block, then short blocks; the breakpoint moves further along between requests.
    const blocks = [{ type: 'text', text: LONG_SYSTEM }, ...Array.from({ length: 40 }, (_, i) => ({ type: 'text', text: `note ${i}` }))];
    const markedAt = (index: number) => ({
      model: MODEL,
      max_tokens: 8,
      messages: [{ role: 'user', content: blocks.map((b, i) => (i === index ? { ...b, cache_control: { type: 'ephemeral' } } : b)) }],
    });
    const endOf = async (index: number) => (await editorView(markedAt(index))).ends[0];
    await withSimulator({}, async (sim) => {
      await post(`${sim.url}/messages`, markedAt(0));
      const near = await post(`${sim.url}/messages`, markedAt(15));
      assert.equal(near.json.usage.cache_read_input_tokens, await endOf(0));
      assert.equal(near.json.usage.cache_creation_input_tokens, (await endOf(15)) - (await endOf(0)));
    });
    await withSimulator({}, async (sim) => {
      await post(`${sim.url}/messages`, markedAt(0));
      const far = await post(`${sim.url}/messages`, markedAt(30));
      assert.equal(far.json.usage.cache_read_input_tokens, 0);
      assert.equal(far.json.usage.cache_creation_input_tokens, await endOf(30));
    });
  });

  it('places a top-level automatic breakpoint on the last block', async () => {
    await withSimulator({}, async (sim) => {
      const body = { model: MODEL, max_tokens: 8, cache_control: { type: 'ephemeral' }, system: LONG_SYSTEM, messages: [{ role: 'user', content: 'Which rule covers citations?' }] };
      const { total, ends } = await editorView(body);
      assert.equal(ends.length, 1);
      const first = await post(`${sim.url}/messages`, body);
      assert.equal(first.json.usage.cache_creation_input_tokens, ends[0]);
      const second = await post(`${sim.url}/messages`, body);
      assert.equal(second.json.usage.cache_read_input_tokens, ends[0]);
      assert.equal(second.json.usage.input_tokens, total - ends[0]);
    });
  });

  it('counts tokens on both count routes exactly as the editor does, labelled simulated', async () => {
    await withSimulator({}, async (sim) => {
      const anthropicBody = twoTierBody();
      const anthropicText = JSON.stringify(anthropicBody);
      const counted = await post(`${sim.url}/messages/count_tokens`, anthropicText);
      assert.equal(counted.response.status, 200);
      assert.equal(counted.response.headers.get('x-simulated'), 'true');
      assert.deepEqual(counted.json, { input_tokens: (await analyzePrompt({ fileName: 'request.json', text: anthropicText })).promptTokens });

      const responsesText = JSON.stringify({ model: 'gpt-4o', instructions: LONG_SYSTEM, input: [{ role: 'user', content: 'Which rule covers citations?' }] });
      const openai = await post(`${sim.url}/responses/input_tokens`, responsesText, { 'content-type': 'application/json' });
      assert.equal(openai.response.status, 200);
      assert.equal(openai.response.headers.get('x-simulated'), 'true');
      const editor = await analyzePrompt({ fileName: 'request.json', text: responsesText });
      assert.deepEqual(openai.json, { object: 'response.input_tokens', input_tokens: editor.promptTokens });

      const noMessages = await post(`${sim.url}/messages/count_tokens`, { model: MODEL });
      assert.equal(noMessages.response.status, 400);
      assertAnthropicError(noMessages.json, 'invalid_request_error', /messages/);
    });
  });

  it('takes a test session from the runner when told to speak Anthropic, and its prediction agrees', async () => {
    await withSimulator({}, async (sim) => {
      const prompt = parsePrompt('request.json', JSON.stringify(twoTierBody()));
      const result = await runSession({
        prompt,
        endpoint: { kind: 'simulator', baseURL: sim.url, protocol: 'anthropic' },
        settings: { model: MODEL, api: 'chat', runs: 2, maxOutputTokens: 9 },
      });
      const [cold, warm] = result.records;
      assert.equal(result.header.simulated, true);
      assert.ok(cold.simulated && warm.simulated);
      assert.equal(cold.outcome.status, 'ok');
      assert.ok((cold.cacheCreationInputTokens ?? 0) > 1024);
      assert.equal(warm.cacheReadInputTokens, cold.cacheCreationInputTokens);
      assert.equal(warm.predictedCachedTokens, warm.cachedTokens);
      assert.equal(cold.predictedCachedTokens, 0);
    });
  });
});
