import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePrompt } from '../../../src/core/formats';
import { PromptParseError } from '../../../src/core/model';
import { assertMapsToSource, dynamicSource, readFixture, textPiece } from './fixtures';

describe('OpenAI Chat Completions request', () => {
  it('reads the API reference function-calling example', () => {
    const source = readFixture('openai-chat-functions.json');
    const request = parsePrompt('openai-chat-functions.json', source);
    assert.equal(request.format, 'openai-chat');
    assert.equal(request.api, 'chat');
    assert.equal(request.model?.name, 'gpt-4.1');
    assert.equal(source.slice(request.model!.range!.start, request.model!.range!.end), 'gpt-4.1');
    assert.equal(request.messages.length, 1);
    const [message] = request.messages;
    assert.equal(message.role, 'user');
    assert.equal(source.slice(message.roleRange!.start, message.roleRange!.end), 'user');
    const piece = textPiece(message.parts[0]);
    assert.equal(piece.text, 'What is the weather like in Boston today?');
    assertMapsToSource(piece, source);
    assert.equal(request.tools.length, 1);
    const [tool] = request.tools;
    assert.equal(tool.type, 'function');
    assert.equal(tool.name, 'get_current_weather');
    assert.equal(tool.description, 'Get the current weather in a given location');
    assert.deepEqual((tool.parameters as { required: string[] }).required, ['location']);
    assert.equal(tool.piece.text, source.slice(tool.range!.start, tool.range!.end));
    assert.ok(tool.piece.text.startsWith('{') && tool.piece.text.includes('"get_current_weather"'));
    assert.deepEqual(request.parameters, { tool_choice: 'auto' });
  });

  it('maps escaped text back to the file and reads parts, tool calls and cache fields', () => {
    const source = `{
  // Comments are fine here
  "model": "gpt-4o",
  "prompt_cache_key": "support-v3",
  "prompt_cache_retention": "24h",
  "response_format": {"type": "json_schema", "json_schema": {"name": "ticket", "strict": true, "schema": {"type": "object"}}},
  "messages": [
    {"role": "system", "content": "Caf\\u00e9 rules:\\n1. Be kind to {{ customer_name }}."},
    {"role": "user", "name": "ana", "content": [
      {"type": "text", "text": "What is this?"},
      {"type": "image_url", "image_url": {"url": "https://example.com/receipt.png", "detail": "high"}}
    ]},
    {"role": "assistant", "content": null, "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "lookup", "arguments": "{}"}}]},
    {"role": "tool", "tool_call_id": "call_1", "content": "{\\"status\\": \\"shipped\\"}"}
  ],
  "temperature": 0.2
}`;
    const request = parsePrompt('request.json', source);
    assert.equal(request.format, 'openai-chat');
    assert.equal(request.promptCacheKey, 'support-v3');
    assert.equal(request.promptCacheRetention, '24h');
    assert.equal(request.responseFormat?.name, 'ticket');
    assert.equal(request.responseFormat?.kind, 'json_schema');
    assert.equal(request.responseFormat?.strict, true);
    assert.deepEqual(request.responseFormat?.schema, { type: 'object' });
    assert.deepEqual(request.parameters, { temperature: 0.2 });

    const system = textPiece(request.messages[0].parts[0]);
    assert.equal(system.text, 'Café rules:\n1. Be kind to {{ customer_name }}.');
    assertMapsToSource(system, source);
    assert.equal(system.offsets![system.text.indexOf('é')], source.indexOf('\\u00e9'));
    assert.equal(system.offsets![system.text.indexOf('\n')], source.indexOf('\\n1.'));
    assert.equal(dynamicSource(system, source, 0), '{{ customer_name }}');
    assert.deepEqual(request.variables.map((v) => v.name), ['customer_name']);

    const user = request.messages[1];
    assert.equal(user.name, 'ana');
    assert.equal(user.parts[1].type, 'image');
    assert.ok(user.parts[1].type === 'image' && user.parts[1].detail === 'high' && user.parts[1].source === 'https://example.com/receipt.png');

    const assistant = request.messages[2];
    assert.equal(assistant.parts.length, 0);
    assert.ok(assistant.toolCalls?.text.startsWith('[{"id": "call_1"'));
    const tool = request.messages[3];
    assert.equal(tool.role, 'tool');
    assert.equal(tool.toolCallId, 'call_1');
    assert.equal(textPiece(tool.parts[0]).text, '{"status": "shipped"}');
  });

  it('throws a clear error with the position of malformed JSON', () => {
    const source = '{\n  "model": "gpt-4o",\n  "messages": [\n    {"role": "user", "content": "hi"}\n  \n}';
    assert.throws(
      () => parsePrompt('broken.json', source),
      (error: unknown) => error instanceof PromptParseError && error.line === 6 && error.column === 1 && /Invalid JSON: expected a comma/.test(error.message),
    );
  });

  it('reports unknown roles as errors (the API rejects them) and still counts the message', () => {
    const request = parsePrompt('r.json', '{"messages": [{"role": "narrator", "content": "x"}]}');
    assert.equal(request.messages[0].role, 'user');
    assert.equal(request.issues.length, 1);
    assert.equal(request.issues[0].severity, 'error');
    assert.match(request.issues[0].message, /unknown role "narrator"/);
  });
});

describe('custom tool grammars', () => {
  it('reads a custom tool\'s grammar from Chat Completions and Responses bodies alike', () => {
    const definition = 'start: expr\nexpr: INT';
    const chat = parsePrompt(
      'chat.json',
      JSON.stringify({
        model: 'gpt-5',
        messages: [{ role: 'user', content: 'Hi' }],
        tools: [{ type: 'custom', custom: { name: 'math_exp', format: { type: 'grammar', grammar: { syntax: 'lark', definition } } } }],
      }),
      { format: 'openai-chat' },
    );
    const responses = parsePrompt(
      'responses.json',
      JSON.stringify({ model: 'gpt-5', input: 'Hi', tools: [{ type: 'custom', name: 'math_exp', format: { type: 'grammar', syntax: 'lark', definition } }] }),
      { format: 'openai-responses' },
    );
    for (const request of [chat, responses]) {
      assert.equal(request.tools[0].type, 'custom');
      assert.equal(request.tools[0].name, 'math_exp');
      assert.deepEqual(request.tools[0].grammar, { syntax: 'lark', definition });
    }
  });

  it('warns on an empty `messages`, which the API refuses (400), at the array', () => {
    const source = '{"model": "gpt-4o", "messages": []}';
    const request = parsePrompt('request.json', source);
    assert.equal(request.format, 'openai-chat');
    const [issue] = request.issues;
    assert.equal(issue?.severity, 'warning');
    assert.equal(issue?.message, '`messages` is empty: the API refuses a request without messages (400)');
    assert.equal(source.slice(issue!.range!.start, issue!.range!.end), '[]');
    assert.deepEqual(parsePrompt('request.json', source.replace('[]', '[{"role": "user", "content": "Hi"}]')).issues, []);
  });
});
