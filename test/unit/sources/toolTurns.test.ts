import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzePrompt } from '../../../src/core/analyze';
import type { FormatId } from '../../../src/core/model';
import { onlyPrompt } from './helpers';

/** The count of the same request written as a JSON request file. */
async function jsonCount(body: unknown, format: FormatId): Promise<{ tokens: number; estimateReason?: string }> {
  const analysis = await analyzePrompt({ fileName: 'request.json', text: JSON.stringify(body), format });
  return { tokens: analysis.promptTokens, estimateReason: analysis.estimateReason };
}

const CHAT = {
  model: 'gpt-4o',
  messages: [
    { role: 'system', content: 'You check the weather.' },
    { role: 'user', content: 'Weather in Paris?' },
    { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city": "Paris"}' } }] },
    { role: 'tool', tool_call_id: 'call_1', content: '18 C, sunny' },
  ],
};

const RESPONSES = {
  model: 'gpt-4.1',
  instructions: 'You check the weather.',
  input: [
    { role: 'user', content: 'Weather in Paris?' },
    { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city": "Paris"}' },
    { type: 'function_call_output', call_id: 'call_1', output: '18 C, sunny' },
  ],
};

describe('a tool turn written in the code (a few-shot exchange, a replayed turn) is counted as in a request file', () => {
  it('Python, Chat Completions: an assistant message with tool_calls and content None, then the tool result', async () => {
    const { analysis } = await onlyPrompt(
      'bot.py',
      `from openai import OpenAI
client = OpenAI()
client.chat.completions.create(
    model="gpt-4o",
    messages=[
        {"role": "system", "content": "You check the weather."},
        {"role": "user", "content": "Weather in Paris?"},
        {"role": "assistant", "content": None, "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": "{\\"city\\": \\"Paris\\"}"}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": "18 C, sunny"},
    ],
)
`,
    );
    const expected = await jsonCount(CHAT, 'openai-chat');
    assert.equal(analysis.promptTokens, expected.tokens);
    assert.equal(analysis.request.messages[2].parts.length, 0, 'content None is no text');
    assert.equal(analysis.request.messages[3].toolCallId, 'call_1');
  });

  it('TypeScript, Chat Completions: the same exchange, content null', async () => {
    const { analysis } = await onlyPrompt(
      'bot.ts',
      `import OpenAI from "openai";
const client = new OpenAI();
await client.chat.completions.create({
  model: "gpt-4o",
  messages: [
    { role: "system", content: "You check the weather." },
    { role: "user", content: "Weather in Paris?" },
    { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "get_weather", arguments: JSON.stringify({ city: "Paris" }).replace(":", ": ") } }] },
    { role: "tool", tool_call_id: "call_1", content: "18 C, sunny" },
  ],
});
`,
    );
    assert.equal(analysis.promptTokens, (await jsonCount(CHAT, 'openai-chat')).tokens);
  });

  it('Python, Responses: function_call and function_call_output items, with the framing estimate a request file gets', async () => {
    const { analysis } = await onlyPrompt(
      'bot.py',
      `from openai import OpenAI
client = OpenAI()
client.responses.create(
    model="gpt-4.1",
    instructions="You check the weather.",
    input=[
        {"role": "user", "content": "Weather in Paris?"},
        {"type": "function_call", "call_id": "call_1", "name": "get_weather", "arguments": '{"city": "Paris"}'},
        {"type": "function_call_output", "call_id": "call_1", "output": "18 C, sunny"},
    ],
)
`,
    );
    const expected = await jsonCount(RESPONSES, 'openai-responses');
    assert.equal(analysis.promptTokens, expected.tokens);
    assert.equal(analysis.estimateReason, expected.estimateReason);
  });

  it('tool_calls=None (as LiteLLM sends every assistant turn) is no call; arguments only the program knows are counted as written, and said', async () => {
    const none = await onlyPrompt(
      'bot.py',
      `from openai import OpenAI
client = OpenAI()
client.chat.completions.create(model="gpt-4o-mini", messages=[
    {"role": "user", "content": "Say this is a test"},
    {"role": "assistant", "content": "This is a test.", "tool_calls": None, "function_call": None},
    {"role": "user", "content": "Now do it again"},
])
`,
    );
    assert.equal(none.analysis.request.messages[1].toolCalls, undefined);
    const plain = await jsonCount(
      { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say this is a test' }, { role: 'assistant', content: 'This is a test.' }, { role: 'user', content: 'Now do it again' }] },
      'openai-chat',
    );
    assert.equal(none.analysis.promptTokens, plain.tokens);

    const unknown = await onlyPrompt(
      'bot.py',
      `import json
from openai import OpenAI
client = OpenAI()
def replay(city):
    return client.chat.completions.create(model="gpt-4o", messages=[
        {"role": "user", "content": "Weather?"},
        {"role": "assistant", "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": json.dumps({"city": city})}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": "sunny"},
    ])
`,
    );
    assert.match(unknown.analysis.estimateReason ?? '', /an assistant message's tool calls has parts known only at run time/);
  });
});
