import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePrompt } from '../../../src/core/formats';
import { assertMapsToSource, readFixture, textPiece } from './fixtures';

describe('OpenAI Responses request', () => {
  it('reads the API reference function example with its flat function tool', () => {
    const source = readFixture('openai-responses-functions.json');
    const request = parsePrompt('openai-responses-functions.json', source);
    assert.equal(request.format, 'openai-responses');
    assert.equal(request.api, 'responses');
    assert.equal(request.model?.name, 'gpt-4.1');
    assert.equal(request.messages.length, 1);
    assert.equal(request.messages[0].role, 'user');
    const piece = textPiece(request.messages[0].parts[0]);
    assert.equal(piece.text, 'What is the weather like in Boston today?');
    assertMapsToSource(piece, source);
    assert.equal(request.tools[0].name, 'get_current_weather');
    assert.equal(request.tools[0].type, 'function');
    assert.deepEqual((request.tools[0].parameters as { required: string[] }).required, ['location', 'unit']);
    assert.deepEqual(request.parameters, { tool_choice: 'auto' });
  });

  it('reads a namespace tool: its name and description, and each of its tools with its own range', () => {
    const addNumbers = {
      type: 'function',
      name: 'add_numbers',
      description: 'Add a list of numbers.',
      parameters: { type: 'object', properties: { numbers: { type: 'array', items: { type: 'number' } } }, required: ['numbers'] },
    };
    const lookup = { type: 'custom', name: 'lookup', description: 'Free-form lookup.' };
    const namespace = { type: 'namespace', name: 'crm', description: 'CRM tools.', tools: [addNumbers, lookup] };
    const source = JSON.stringify({ model: 'gpt-4o', input: 'Add 8 and 0.', tools: [namespace] }, null, 2);
    const request = parsePrompt('namespace.json', source);
    assert.equal(request.tools.length, 1);
    const [tool] = request.tools;
    assert.deepEqual([tool.type, tool.name, tool.description], ['namespace', 'crm', 'CRM tools.']);
    assert.deepEqual(JSON.parse(source.slice(tool.range!.start, tool.range!.end)), namespace);
    assert.deepEqual(tool.tools?.map((t) => [t.type, t.name, t.description]), [
      ['function', 'add_numbers', 'Add a list of numbers.'],
      ['custom', 'lookup', 'Free-form lookup.'],
    ]);
    assert.deepEqual(tool.tools?.[0].parameters, addNumbers.parameters);
    assert.deepEqual(JSON.parse(source.slice(tool.tools![0].range!.start, tool.tools![0].range!.end)), addNumbers);
    assert.deepEqual(JSON.parse(source.slice(tool.tools![1].range!.start, tool.tools![1].range!.end)), lookup);
  });

  it('reads instructions, input items, text.format and chaining fields', () => {
    const source = JSON.stringify(
      {
        model: 'gpt-5',
        instructions: 'Answer as a travel agent.\nToday is {{date}}.',
        previous_response_id: 'resp_123',
        prompt_cache_key: 'travel',
        text: { format: { type: 'json_schema', name: 'itinerary', schema: { type: 'object' }, strict: true }, verbosity: 'low' },
        input: [
          { role: 'developer', content: 'Prefer trains.' },
          { type: 'message', role: 'user', content: [
            { type: 'input_text', text: 'Plan Lyon' },
            { type: 'input_image', image_url: 'data:image/png;base64,AAAA', detail: 'low' },
          ] },
          { type: 'function_call', call_id: 'c1', name: 'search', arguments: '{}' },
          { type: 'function_call_output', call_id: 'c1', output: '3 trains' },
        ],
        tools: [{ type: 'web_search' }],
      },
      null,
      2,
    );
    const request = parsePrompt('travel.json', source);
    assert.equal(request.format, 'openai-responses');
    assert.equal(request.instructions?.text, 'Answer as a travel agent.\nToday is {{date}}.');
    assertMapsToSource(request.instructions!, source);
    assert.deepEqual(request.instructions?.dynamic.map((d) => d.name), ['date']);
    assert.equal(request.previousResponseId, 'resp_123');
    assert.equal(request.promptCacheKey, 'travel');
    assert.equal(request.responseFormat?.name, 'itinerary');
    assert.deepEqual(request.parameters.text, { verbosity: 'low' });
    assert.deepEqual(request.messages.map((m) => m.role), ['developer', 'user', 'assistant', 'tool']);
    const image = request.messages[1].parts[1];
    assert.ok(image.type === 'image' && image.detail === 'low' && image.source.startsWith('data:image/png;base64,…'));
    // A function_call item is an assistant tool call (name and arguments), as in Chat Completions.
    assert.equal(request.messages[2].parts.length, 0);
    assert.ok(request.messages[2].toolCalls?.text.includes('"search"'));
    assert.equal(request.messages[3].toolCallId, 'c1');
    assert.deepEqual(request.tools.map((t) => [t.type, t.name]), [['web_search', 'web_search']]);
  });

  it('reads a function_call_output whose output is a list of content parts as text and image parts', () => {
    const png = `data:image/png;base64,${'A'.repeat(4000)}`;
    const source = JSON.stringify(
      {
        model: 'gpt-5-nano',
        input: [
          { role: 'user', content: 'Process this query: test data' },
          { type: 'function_call', call_id: 'c1', name: 'content_returning', arguments: '{"query":"test data"}' },
          { type: 'function_call_output', call_id: 'c1', output: [{ type: 'input_text', text: 'Processed: test data' }, { type: 'input_image', image_url: png }] },
        ],
      },
      null,
      2,
    );
    const request = parsePrompt('tool-image.json', source);
    const output = request.messages[2];
    assert.equal(output.role, 'tool');
    assert.equal(output.toolCallId, 'c1');
    assert.deepEqual(output.parts.map((part) => part.type), ['text', 'image']);
    assert.equal(textPiece(output.parts[0]).text, 'Processed: test data');
    assertMapsToSource(textPiece(output.parts[0]), source);
  });

  it('reads a computer_call_output screenshot as an image, not as its base64 text', () => {
    const screenshot = `data:image/png;base64,${'A'.repeat(4000)}`;
    const source = JSON.stringify({
      model: 'computer-use-preview',
      tools: [{ type: 'computer_use_preview', display_width: 1024, display_height: 768, environment: 'browser' }],
      input: [
        { role: 'user', content: 'Open the site' },
        { type: 'computer_call', call_id: 'call_1', action: { type: 'screenshot' } },
        { type: 'computer_call_output', call_id: 'call_1', output: { type: 'computer_screenshot', image_url: screenshot } },
      ],
    });
    const output = parsePrompt('computer.json', source).messages[2];
    assert.equal(output.role, 'tool');
    assert.equal(output.toolCallId, 'call_1');
    assert.deepEqual(output.parts.map((part) => part.type), ['image']);
  });
});
