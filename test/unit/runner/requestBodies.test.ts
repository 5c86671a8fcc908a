import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { analyzePrompt } from '../../../src/core/analyze';
import { parsePrompt } from '../../../src/core/formats/index';
import { countingBody, ProviderCounter, type CountingEndpoint } from '../../../src/runner/providerCount';
import { chatBody, responsesBody } from '../../../src/runner/requestBodies';
import { planBodies } from '../../../src/runner/runBodies';
import { substituteRequest } from '../../../src/runner/template';
import { withSimulator } from './helpers';

const FIXTURES = 'test/fixtures/bodies';

function fixture(name: string) {
  const text = readFileSync(`${FIXTURES}/${name}`, 'utf8');
  return { text, written: JSON.parse(text) as Record<string, unknown>, request: parsePrompt(name, text) };
}

const CHAT = { model: 'gpt-5.1', maxOutputTokens: 16, maxTokensField: 'max_completion_tokens' as const };
const RESPONSES = { model: 'gpt-5.1', maxOutputTokens: 16 };

const LOOKUP_1234 = { name: 'lookup_order', arguments: '{"order_id":"1234"}' };
const LOOKUP_5678 = { name: 'lookup_order', arguments: '{"order_id":"5678"}' };

describe('request bodies from a Responses file', () => {
  it('sends a function_call item as written, so its output is not orphaned', () => {
    const { text, written, request } = fixture('responses-function-call.json');
    const body = responsesBody(request, { ...RESPONSES, sourceText: text });
    assert.deepEqual(body.input, written.input);
    // Without the file's text the items are rebuilt from the request model, to the same JSON.
    assert.deepEqual(responsesBody(request, RESPONSES).input, written.input);
  });

  it('sends every item type as the file writes it, variables filled in', () => {
    const { text, written, request } = fixture('responses-all-items.json');
    const filled = substituteRequest(request, { order_id: '1234' });
    const body = responsesBody(filled, { ...RESPONSES, sourceText: text });
    const expected = structuredClone(written.input) as { content?: { text?: string }[] }[];
    expected[1].content![0].text = 'Order 1234: is this the parcel?';
    assert.deepEqual(body.input, expected);
    assert.equal(body.store, true);
  });

  it('turns function_call items into one assistant message with a tool_calls array on Chat Completions', () => {
    const { text, request } = fixture('responses-function-call.json');
    const body = chatBody(request, { ...CHAT, sourceText: text });
    const messages = body.messages as unknown[];
    assert.deepEqual(messages.slice(1), [
      { role: 'user', content: 'Where is order 1234?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_abc123', type: 'function', function: LOOKUP_1234 }] },
      { role: 'tool', content: '{"status":"shipped","eta":"2026-03-16"}', tool_call_id: 'call_abc123' },
      { role: 'user', content: 'Thanks, and can I change the address?' },
    ]);
  });

  it('joins consecutive calls, converts parts and files, and leaves out what Chat has no form for', () => {
    const { text, request } = fixture('responses-all-items.json');
    const body = chatBody(substituteRequest(request, { order_id: '1234' }), { ...CHAT, sourceText: text });
    assert.deepEqual(body.messages, [
      { role: 'system', content: "You are Acme's support agent." },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Order 1234: is this the parcel?' },
          { type: 'image_url', image_url: { url: 'https://example.com/parcel.png', detail: 'low' } },
          { type: 'file', file: { file_id: 'file-abc123' } },
        ],
      },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_1', type: 'function', function: LOOKUP_1234 },
          { id: 'call_2', type: 'function', function: LOOKUP_5678 },
        ],
      },
      { role: 'tool', content: 'shipped', tool_call_id: 'call_1' },
      { role: 'tool', content: 'label:', tool_call_id: 'call_2' },
      { role: 'assistant', content: 'Both orders shipped.' },
      { role: 'user', content: 'Thanks, and can I change the address?' },
    ]);
  });

  it('sends the later turns of a conversation as their written items', () => {
    const { text, request } = fixture('responses-function-call.json');
    const settings = { model: 'gpt-5.1', api: 'responses' as const, runs: 2, responsesState: 'resend-history' as const };
    const conversation = { history: [{ role: 'user', content: 'earlier' }] };
    const planned = planBodies(request, { kind: 'simulator', baseURL: 'http://127.0.0.1:1/v1' }, settings, 's', 1, conversation, text);
    // The items after the call: its output and the new question.
    assert.deepEqual(planned.turn, [
      { type: 'function_call_output', call_id: 'call_abc123', output: '{"status":"shipped","eta":"2026-03-16"}' },
      { role: 'user', content: 'Thanks, and can I change the address?' },
    ]);
    const first = planBodies(request, { kind: 'simulator', baseURL: 'http://127.0.0.1:1/v1' }, settings, 's', 0, { history: [] }, text);
    assert.deepEqual(first.turn, fixture('responses-function-call.json').written.input);
  });
});

describe('request bodies from a Chat Completions file', () => {
  it('sends tool_calls as function_call items on Responses, and as written on Chat', () => {
    const { text, written, request } = fixture('chat-tool-calls.json');
    assert.deepEqual(responsesBody(request, { ...RESPONSES, sourceText: text }).input, [
      { role: 'system', content: "You are Acme's support agent." },
      { role: 'user', content: [{ type: 'input_text', text: 'Where are orders 1234 and 5678?' }, { type: 'input_file', file_id: 'file-abc123' }] },
      { type: 'function_call', call_id: 'call_1', ...LOOKUP_1234 },
      { type: 'function_call', call_id: 'call_2', ...LOOKUP_5678 },
      { type: 'function_call_output', call_id: 'call_1', output: 'shipped' },
      { type: 'function_call_output', call_id: 'call_2', output: 'delayed' },
      { role: 'user', content: 'Thanks.' },
    ]);
    assert.deepEqual(chatBody(request, { ...CHAT, sourceText: text }).messages, written.messages);
  });

  it('sends a legacy function_call as function_call, not as tool_calls', () => {
    const text = JSON.stringify({
      model: 'gpt-4o',
      messages: [
        { role: 'user', content: 'Order 1234?' },
        { role: 'assistant', content: null, function_call: LOOKUP_1234 },
        { role: 'function', name: 'lookup_order', content: 'shipped' },
      ],
    });
    const body = chatBody(parsePrompt('legacy.json', text), { ...CHAT, sourceText: text });
    assert.deepEqual((body.messages as unknown[])[1], { role: 'assistant', content: null, function_call: LOOKUP_1234 });
  });
});

describe('the provider counts the body built for a Responses file with a function call', () => {
  it('as the editor counts the file itself', async () => {
    const { text, request } = fixture('responses-function-call.json');
    const offline = (await analyzePrompt({ fileName: 'responses-function-call.json', text })).promptTokens;
    await withSimulator({}, async (sim) => {
      const endpoint: CountingEndpoint = { kind: 'simulator', baseURL: sim.url };
      const answer = await new ProviderCounter().count(endpoint, countingBody(request, endpoint, 'gpt-5.1', text));
      assert.equal(answer.inputTokens, offline);
    });
  });
});

describe('an Anthropic request sent to an OpenAI endpoint', () => {
  const ANTHROPIC = JSON.stringify({
    model: 'claude-sonnet-4-5',
    max_tokens: 1024,
    system: [
      { type: 'text', text: 'Current time: 2026-11-29T14:40:39Z' },
      { type: 'text', text: 'You are the HR assistant of Acme.', cache_control: { type: 'ephemeral' } },
    ],
    messages: [{ role: 'user', content: 'How many vacation days do I have?' }],
  });

  it('keeps its system blocks apart with a line break, in Chat and Responses', () => {
    const request = parsePrompt('after-ts.json', ANTHROPIC);
    const chat = chatBody(request, CHAT) as { messages: { role: string; content: unknown }[] };
    assert.deepEqual(chat.messages[0], { role: 'system', content: 'Current time: 2026-11-29T14:40:39Z\nYou are the HR assistant of Acme.' });
    const responses = responsesBody(request, RESPONSES);
    assert.equal(responses.instructions, 'Current time: 2026-11-29T14:40:39Z\nYou are the HR assistant of Acme.');
  });
});
