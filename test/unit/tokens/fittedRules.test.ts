import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parsePrompt } from '../../../src/core/formats';
import { resolveModel } from '../../../src/core/tokens/models';
import { EMPTY_ASSISTANT_ESTIMATE, STORED_STATE_ESTIMATE, UNMEASURED_TOOL_SHAPE_ESTIMATE } from '../../../src/core/tokens/openaiFraming';
import { renderRequest } from '../../../src/core/tokens/render';
import type { RenderedPrompt } from '../../../src/core/tokens/rendered';
import { isSyntheticId } from '../../../src/core/tokens/syntheticIds';
import { loadTokenizer, type Tokenizer } from '../../../src/core/tokens/tokenizer';
import { functionNamespace } from '../../../src/core/tokens/toolNamespace';

async function render(
  body: Record<string, unknown>,
  format: 'openai-chat' | 'openai-responses',
): Promise<{ rendered: RenderedPrompt; tokenizer: Tokenizer }> {
  const request = parsePrompt('request.json', JSON.stringify(body, null, 2), { format });
  const resolved = resolveModel(request.model?.name);
  const tokenizer = await loadTokenizer(resolved.encoding);
  return { rendered: renderRequest(request, tokenizer, resolved), tokenizer };
}

function segmentText(rendered: RenderedPrompt, tokenizer: Tokenizer, predicate: (s: RenderedPrompt['segments'][number]) => boolean) {
  const segment = rendered.segments.find(predicate)!;
  const ids = Array.from(rendered.ids.slice(segment.tokenStart, segment.tokenEnd));
  return { text: tokenizer.decode(ids.filter((id) => !isSyntheticId(id))), tokens: ids.length };
}

describe('Chat Completions: refusals, open objects, legacy calls', () => {
  test('computer-use-preview: a system or developer message or instructions costs one token less than on gpt-4o-mini', async () => {
    const user = { role: 'user', content: [{ type: 'input_text', text: 'Hello, model!' }] };
    const bodies = [
      { instructions: "Always begin your replies with 'Arr, matey'", input: [user] },
      { input: [{ role: 'developer', content: 'Be brief.' }, user] },
      { input: [user] },
    ];
    const differences: number[] = [];
    for (const body of bodies) {
      const preview = await render({ model: 'computer-use-preview', ...body }, 'openai-responses');
      const mini = await render({ model: 'gpt-4o-mini', ...body }, 'openai-responses');
      differences.push(preview.rendered.total - mini.rendered.total);
    }
    assert.deepEqual(differences, [-1, -1, 0]);
  });

  test('a legacy function_call naming the function costs what a tool_choice naming it costs on gpt-4o; 4 and the bare name on gpt-3.5-turbo-0613', async () => {
    const fn = { name: 'get_future_temperature', description: 'Gets the temperature.', parameters: { type: 'object', properties: { city: { type: 'string' } } } };
    const messages = [{ role: 'user', content: 'What will the weather be in Seattle tomorrow?' }];
    const legacy = await render({ model: 'gpt-4o-2024-08-06', messages, functions: [fn], function_call: { name: fn.name } }, 'openai-chat');
    const named = await render({ model: 'gpt-4o-2024-08-06', messages, tools: [{ type: 'function', function: fn }], tool_choice: { type: 'function', function: { name: fn.name } } }, 'openai-chat');
    assert.equal(legacy.rendered.total, named.rendered.total);
    const forced = await render({ model: 'gpt-3.5-turbo-0613', messages, functions: [fn], function_call: { name: fn.name } }, 'openai-chat');
    const free = await render({ model: 'gpt-3.5-turbo-0613', messages, functions: [fn] }, 'openai-chat');
    assert.equal(forced.rendered.total - free.rendered.total, 4 + forced.tokenizer.count(fn.name));
  });

  test('gpt-4 (0613): the function_call parameter naming the function costs one token more than a tool_choice naming it (26 crewAI requests)', async () => {
    const fn = { name: 'get_future_temperature', description: 'Gets the temperature.', parameters: { type: 'object', properties: { city: { type: 'string' } } } };
    const messages = [{ role: 'user', content: 'What will the weather be in Seattle tomorrow?' }];
    const legacy = await render({ model: 'gpt-4', messages, functions: [fn], function_call: { name: fn.name } }, 'openai-chat');
    const named = await render({ model: 'gpt-4', messages, tools: [{ type: 'function', function: fn }], tool_choice: { type: 'function', function: { name: fn.name } } }, 'openai-chat');
    assert.equal(legacy.rendered.total - named.rendered.total, 1);
  });

  test('numeric bounds: a trailing comment on gpt-4o, left out on gpt-4 (0613)', async () => {
    const fn = (minimum?: number) => ({
      type: 'function',
      function: { name: 'roll', parameters: { type: 'object', properties: { sides: { type: 'integer', description: 'Number of sides', ...(minimum === undefined ? {} : { minimum }) } } } },
    });
    const messages = [{ role: 'user', content: 'Roll a die.' }];
    const total = async (model: string, minimum?: number) => (await render({ model, messages, tools: [fn(minimum)] }, 'openai-chat')).rendered.total;
    assert.equal(await total('gpt-4', 1), await total('gpt-4'));
    // `sides?: number, // minimum: 1` in place of `sides?: number,`.
    assert.equal((await total('gpt-4o', 1)) - (await total('gpt-4o')), 6);
  });

  test('a parameter that is an object without properties (a map) is left out with its description, and such a variant out of a union', async () => {
    const tool = (extra: Record<string, unknown>) => ({
      type: 'function',
      function: {
        name: 'call_tool',
        description: 'Call a tool.',
        parameters: { type: 'object', required: ['tool_name'], properties: { tool_name: { type: 'string', description: 'The tool.' }, ...extra } },
      },
    });
    const messages = [{ role: 'user', content: 'Multiply 2 by 6.' }];
    const plain = await render({ model: 'gpt-4o', messages, tools: [tool({})] }, 'openai-chat');
    const maps = [
      { arguments: { type: 'object', description: 'A dictionary of arguments.' } },
      { arguments: { type: 'object', additionalProperties: { type: 'string' }, description: 'Line number to text.' } },
      { arguments: { type: 'object', additionalProperties: true } },
    ];
    for (const extra of maps) {
      const withMap = await render({ model: 'gpt-4o', messages, tools: [tool(extra)] }, 'openai-chat');
      assert.equal(withMap.rendered.total, plain.rendered.total, JSON.stringify(extra));
      assert.equal(withMap.rendered.estimate, false, JSON.stringify(extra));
    }
    const union = { arguments: { anyOf: [{ type: 'object', additionalProperties: true }, { type: 'null' }], description: 'A dictionary of arguments.' } };
    assert.match(
      functionNamespace([{ name: 'call_tool', parameters: { type: 'object', properties: union } }], { nestedDescriptions: true }),
      /\/\/ A dictionary of arguments\.\narguments\?: null,/,
    );
    // Measured on Chat Completions for gpt-4, gpt-4-0125-preview, gpt-3.5-turbo-0125 and gpt-4o; an estimate elsewhere.
    const other = await render({ model: 'gpt-4.1', messages, tools: [tool(maps[0])] }, 'openai-chat');
    assert.equal(other.rendered.estimate, true);
    assert.match(other.rendered.estimateReason ?? '', /object without `properties`/);
  });

  test('an assistant turn with a refusal and no content reads the refusal as its text', async () => {
    const refusal = "I'm very sorry, but I can't assist with that request.";
    const body = (assistant: Record<string, unknown>) => ({
      model: 'gpt-4o-2024-08-06',
      messages: [{ role: 'user', content: 'Rob a bank.' }, { role: 'assistant', ...assistant }, { role: 'user', content: 'Why not?' }],
    });
    const refused = await render(body({ refusal }), 'openai-chat');
    const answered = await render(body({ content: refusal }), 'openai-chat');
    assert.equal(refused.rendered.total, answered.rendered.total);
    const turn = segmentText(refused.rendered, refused.tokenizer, (s) => s.kind === 'message' && s.messageIndex === 1);
    assert.equal(turn.text, `assistant${refusal}`);
    assert.equal(refused.rendered.estimate, false);
  });

  test('additionalProperties: true adds an index signature after the properties', () => {
    const tool = {
      name: 'get_color',
      parameters: { type: 'object', properties: { day: { type: 'string' } }, required: ['day'], additionalProperties: true },
    };
    assert.equal(
      functionNamespace([tool], { nestedDescriptions: true, inlineWithoutComments: true }),
      'namespace functions {\n\ntype get_color = (_: { day: string, [key: string]: any }) => any;\n\n} // namespace functions',
    );
    const closed = { ...tool, parameters: { ...tool.parameters, additionalProperties: false } };
    assert.ok(!functionNamespace([closed], { nestedDescriptions: true, inlineWithoutComments: true }).includes('[key'));
  });

  test('a one-line parameter list is spaced inside its braces: an enum last ends `" })`, a leading underscore is its own token', async () => {
    const tool = (required: string[]) => ({
      name: 'get_weather',
      parameters: {
        type: 'object',
        properties: { location: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
        required,
      },
    });
    const options = { nestedDescriptions: true, inlineWithoutComments: true };
    assert.equal(
      functionNamespace([tool(['location'])], options),
      'namespace functions {\n\ntype get_weather = (_: { location: string, unit?: "celsius" | "fahrenheit" }) => any;\n\n} // namespace functions',
    );
    assert.ok(functionNamespace([tool(['location', 'unit'])], options).includes('(_: { location: string, unit: "celsius" | "fahrenheit" })'));
    const country = {
      name: 'best_country',
      description: 'A tool to specify the best country',
      parameters: { type: 'object', properties: { country: { type: 'string', enum: ['USA', 'Canada'] } }, required: ['country'] },
    };
    assert.ok(functionNamespace([country], options).includes('type best_country = (_: { country: "USA" | "Canada" }) => any;'));
    const search = {
      name: 'search',
      parameters: {
        type: 'object',
        properties: { engine: { type: 'string', enum: ['google', 'bing'] }, query: { type: 'string' } },
        required: ['engine', 'query'],
      },
    };
    assert.ok(functionNamespace([search], options).includes('(_: { engine: "google" | "bing", query: string })'));
    // The spaces cost a token where the unspaced text merges across a brace: `"Canada"})` and ` {_`
    // are one token each, `"Canada" })` and ` { _person` two.
    const tokenizer = await loadTokenizer('o200k_base');
    const favorite = {
      name: 'favorite_color',
      parameters: { type: 'object', properties: { _person: { type: 'string' } }, required: ['_person'] },
    };
    const line = 'type favorite_color = (_: { _person: string }) => any;';
    assert.ok(functionNamespace([favorite], options).includes(line));
    assert.equal(tokenizer.count(line), tokenizer.count('type favorite_color = (_: {_person: string}) => any;') + 1);
    assert.equal(tokenizer.count('(_: { location: string })'), tokenizer.count('(_: {location: string})'));
  });

  test('a nested object with no comment inside is written on one line, one with a description is indented', async () => {
    const website = (described: boolean) => ({
      anyOf: [
        { type: 'string' },
        {
          type: 'object',
          properties: {
            url: { type: 'string', ...(described ? { description: 'Page address' } : {}) },
            headers: {
              type: 'array',
              items: { type: 'object', properties: { name: { type: 'string' }, value: { type: 'string' } }, required: ['name', 'value'] },
            },
          },
          required: ['url', 'headers'],
        },
      ],
    });
    const tool = (described: boolean) => ({
      name: 'fetch_site',
      description: 'Fetches website content and returns it as text',
      parameters: { type: 'object', properties: { website: website(described) }, required: ['website'], additionalProperties: false },
    });
    const options = { nestedDescriptions: true, inlineWithoutComments: true };
    assert.equal(
      functionNamespace([tool(false)], options),
      'namespace functions {\n\n// Fetches website content and returns it as text\n' +
        'type fetch_site = (_: { website: string | { url: string, headers: { name: string, value: string }[] } }) => any;\n\n' +
        '} // namespace functions',
    );
    assert.equal(
      functionNamespace([tool(true)], options),
      'namespace functions {\n\n// Fetches website content and returns it as text\ntype fetch_site = (_: {\n' +
        'website: string | {\n  // Page address\n  url: string,\n  headers: { name: string, value: string }[],\n},\n' +
        '}) => any;\n\n} // namespace functions',
    );
    // The mid-2023 snapshots keep one line per property at every depth.
    assert.ok(functionNamespace([tool(false)], { nestedDescriptions: false }).includes('{\n  url: string,\n'));
    const { rendered } = await render(
      { model: 'gpt-4.1', messages: [{ role: 'user', content: 'Can you fetch the website https://www.example.com/ and see if the site say what they do?' }], tools: [{ type: 'function', function: tool(false) }] },
      'openai-chat',
    );
    // A recorded gpt-4.1 request with this tool (plus `$schema` and `additionalProperties: false` on
    // the nested objects, which are not written) reports 87 prompt tokens.
    assert.equal(rendered.total, 87);
  });

  test('on gpt-4o-mini a legacy function_call is read as a tool call: functions.{name}, the call framing', async () => {
    const functions = [{ name: 'get_color', parameters: { type: 'object', properties: { month: { type: 'string' } } } }];
    const legacy = await render(
      {
        model: 'gpt-4o-mini',
        functions,
        messages: [
          { role: 'user', content: 'Color?' },
          { role: 'assistant', function_call: { name: 'get_color', arguments: '{"month": "May"}' } },
          { role: 'function', name: 'get_color', content: 'red' },
        ],
      },
      'openai-chat',
    );
    const tools = await render(
      {
        model: 'gpt-4o-mini',
        tools: functions.map((f) => ({ type: 'function', function: f })),
        messages: [
          { role: 'user', content: 'Color?' },
          { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get_color', arguments: '{"month":"May"}' } }] },
          { role: 'tool', tool_call_id: 'c1', content: 'red' },
        ],
      },
      'openai-chat',
    );
    assert.equal(legacy.rendered.total, tools.rendered.total);
    const call = segmentText(legacy.rendered, legacy.tokenizer, (s) => s.kind === 'message' && s.messageIndex === 1);
    assert.equal(call.text, 'assistantfunctions.get_color{"month":"May"}');
    // gpt-4 (0613) keeps the legacy framing: the name alone, arguments as sent.
    const old = await render({ model: 'gpt-4', functions, messages: [{ role: 'assistant', function_call: { name: 'get_color', arguments: '{"month": "May"}' } }] }, 'openai-chat');
    assert.equal(segmentText(old.rendered, old.tokenizer, (s) => s.kind === 'message' && s.messageIndex === 0).text, 'assistantget_color{"month": "May"}');
  });
});

describe('Responses: gpt-5-chat-latest, empty assistant messages, stored state', () => {
  const hello = (model: string, extra: Record<string, unknown> = {}) => ({
    model,
    input: [{ role: 'user', content: [{ type: 'input_text', text: 'Hello world!' }] }],
    ...extra,
  });

  test('gpt-5-chat-latest primes the reply with one token more than gpt-5', async () => {
    const chat = await render(hello('gpt-5-chat-latest'), 'openai-responses');
    const reasoning = await render(hello('gpt-5'), 'openai-responses');
    assert.equal(chat.rendered.total, reasoning.rendered.total + 1);
    // <|start|>user<|message|>Hello world!<|end|> (6) + <|start|>assistant<|message|> (3) + 1
    assert.equal(chat.rendered.total, 10);
  });

  test('an empty assistant message ending the input costs nothing', async () => {
    const empty = { role: 'assistant', content: [] };
    for (const model of ['gpt-4.1', 'gpt-4.1-mini', 'gpt-5', 'gpt-5-nano', 'o3-mini']) {
      const without = await render(hello(model), 'openai-responses');
      const withEmpty = await render({ ...hello(model), input: [...(hello(model).input as unknown[]), empty] }, 'openai-responses');
      assert.equal(withEmpty.rendered.total, without.rendered.total, model);
      assert.equal(withEmpty.rendered.estimate, false, model);
    }
    // gpt-4.1-nano counts it otherwise: left out, as an estimate.
    const nano = await render({ ...hello('gpt-4.1-nano'), input: [...(hello('gpt-4.1-nano').input as unknown[]), empty] }, 'openai-responses');
    assert.equal(nano.rendered.estimateReason?.includes(EMPTY_ASSISTANT_ESTIMATE), true);
    // Before later input it is left out too, but not measured there.
    const early = await render(
      { ...hello('gpt-4.1'), input: [...(hello('gpt-4.1').input as unknown[]), empty, { role: 'user', content: [{ type: 'input_text', text: 'Again' }] }] },
      'openai-responses',
    );
    assert.equal(early.rendered.estimateReason?.includes(EMPTY_ASSISTANT_ESTIMATE), true);
  });

  test('previous_response_id, conversation and a stored prompt make the count an estimate', async () => {
    const plain = await render(hello('gpt-4.1'), 'openai-responses');
    assert.equal(plain.rendered.estimate, false);
    for (const extra of [
      { previous_response_id: 'resp_123' },
      { conversation: 'conv_123' },
      { conversation: { id: 'conv_123' } },
      { prompt: { id: 'pmpt_123', version: '2' } },
    ]) {
      const { rendered } = await render(hello('gpt-4.1', extra), 'openai-responses');
      assert.equal(rendered.estimate, true, JSON.stringify(extra));
      assert.ok(rendered.estimateReason?.includes(STORED_STATE_ESTIMATE));
      assert.ok(rendered.estimateReason?.includes('depends on stored conversation state the request does not hold'));
      assert.equal(rendered.total, plain.rendered.total, 'the request\'s own input is still counted');
    }
  });

  test('input items given by reference are stored state: counted as nothing, and the count an estimate', async () => {
    const plain = await render(hello('gpt-4.1'), 'openai-responses');
    const input = hello('gpt-4.1').input as unknown[];
    for (const reference of [{ id: 'msg_68a2cb32dbe8819f' }, { type: 'item_reference', id: 'rs_68a2cb2df6ac819f' }]) {
      const { rendered } = await render({ ...hello('gpt-4.1'), input: [reference, ...input] }, 'openai-responses');
      assert.equal(rendered.estimate, true, JSON.stringify(reference));
      assert.ok(rendered.estimateReason?.includes('gives input items by reference'));
      assert.equal(rendered.total, plain.rendered.total, 'the reference itself is not counted as text');
    }
    // An item with its content is no reference, even when it carries its id.
    const withId = await render({ ...hello('gpt-4.1'), input: [{ id: 'msg_1', type: 'message', role: 'user', content: 'Hi' }, ...input] }, 'openai-responses');
    assert.ok(!withId.rendered.estimateReason?.includes('by reference'));
    assert.ok(withId.rendered.total > plain.rendered.total);
  });
});

describe('gpt-4 (0613) tool_choice and bounds; Responses tools without parameters', () => {
  const addTool = {
    type: 'function',
    function: {
      name: 'add',
      description: 'Add two integers',
      parameters: { type: 'object', properties: { a: { type: 'integer' }, b: { type: 'integer' } }, required: ['a', 'b'] },
    },
  };

  test('gpt-4 reads a named tool_choice as the legacy function_call: 4 tokens and the bare name', async () => {
    const body = (model: string, choice: unknown) => ({
      model,
      tools: [addTool],
      messages: [{ role: 'user', content: 'Add 2 and 3.' }],
      ...(choice === undefined ? {} : { tool_choice: choice }),
    });
    const free = await render(body('gpt-4', undefined), 'openai-chat');
    const named = await render(body('gpt-4', { type: 'function', function: { name: 'add' } }), 'openai-chat');
    const tools = segmentText(named.rendered, named.tokenizer, (s) => s.kind === 'tools');
    assert.ok(tools.text.endsWith('} // namespace functionsadd'), tools.text);
    assert.equal(named.rendered.total, free.rendered.total + 4 + 1);
    // gpt-4-turbo writes functions.add after 6 tokens.
    const turboFree = await render(body('gpt-4-turbo', undefined), 'openai-chat');
    const turbo = await render(body('gpt-4-turbo', { type: 'function', function: { name: 'add' } }), 'openai-chat');
    assert.equal(turbo.rendered.total, turboFree.rendered.total + 6 + 2);
  });

  test('gpt-4 counts a tool with a minimum as an estimate; gpt-4-turbo writes the bound as measured', async () => {
    const bounded = {
      type: 'function',
      function: { name: 'age', parameters: { type: 'object', properties: { years: { type: 'integer', minimum: 1 } } } },
    };
    const body = (model: string) => ({ model, tools: [bounded], messages: [{ role: 'user', content: 'Hi' }] });
    assert.equal((await render(body('gpt-4'), 'openai-chat')).rendered.estimate, true);
    assert.equal((await render(body('gpt-4-turbo'), 'openai-chat')).rendered.estimate, false);
  });

  test("a string's format and pattern are measured on gpt-5.x; on gpt-4o, and for a format strict mode drops, an estimate", async () => {
    const tool = (format: string) => ({
      type: 'function',
      name: 'profile',
      parameters: {
        type: 'object',
        properties: { email: { type: 'string', format, pattern: '^[^@]+@[^@]+$' } },
        required: ['email'],
        additionalProperties: false,
      },
    });
    const body = (model: string, format = 'email') => ({ model, tools: [tool(format)], input: 'Hi' });
    const gpt54 = await render(body('gpt-5.4'), 'openai-responses');
    assert.equal(gpt54.rendered.estimate, false, gpt54.rendered.estimateReason);
    const text = segmentText(gpt54.rendered, gpt54.tokenizer, (s) => s.kind === 'tool').text;
    assert.ok(text.includes('email: string, // format: "email", pattern: ^[^@]+@[^@]+$'), text);
    const gpt4o = await render(body('gpt-4o'), 'openai-responses');
    assert.equal(gpt4o.rendered.estimate, true);
    assert.match(gpt4o.rendered.estimateReason ?? '', /format, pattern or length limits/);
    const unsupported = await render(body('gpt-5.4', 'double'), 'openai-responses');
    assert.equal(unsupported.rendered.estimate, true);
    assert.ok(!segmentText(unsupported.rendered, unsupported.tokenizer, (s) => s.kind === 'tool').text.includes('double'));
  });

  test('a Responses tool without parameters is `() => any`: measured on gpt-4.1 and gpt-5, an estimate on gpt-5.4', async () => {
    const body = (model: string) => ({
      model,
      tools: [{ type: 'function', name: 'get_weather', function: { name: 'get_weather', parameters: { type: 'object', properties: {} } } }],
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'Hi' }] }],
    });
    const gpt41 = await render(body('gpt-4.1'), 'openai-responses');
    assert.equal(gpt41.rendered.estimate, false);
    const tool = segmentText(gpt41.rendered, gpt41.tokenizer, (s) => s.kind === 'tool');
    assert.ok(tool.text.includes('type get_weather = () => any;'), tool.text);
    // gpt-5 adds 2 tokens to the request, once, gpt-5-mini and gpt-5-nano 1 fewer; with a second
    // such tool the difference stays the same.
    const two = (model: string) => {
      const request = body(model);
      return { ...request, tools: [...request.tools, { type: 'function', name: 'get_time', function: { name: 'get_time' } }] };
    };
    const gpt41Two = (await render(two('gpt-4.1'), 'openai-responses')).rendered.total;
    for (const [model, extra] of [['gpt-5', 2], ['gpt-5-codex', 2], ['gpt-5-mini', -1], ['gpt-5-nano', -1]] as const) {
      const one = await render(body(model), 'openai-responses');
      assert.equal(one.rendered.estimate, false, model);
      // gpt-5.x primes the reply with one token less and adds 6 tokens of tool-use instructions.
      assert.equal(one.rendered.total, gpt41.rendered.total - 1 + 6 + extra, model);
      assert.equal((await render(two(model), 'openai-responses')).rendered.total, gpt41Two - 1 + 6 + extra, model);
    }
    assert.equal((await render(body('gpt-5.4'), 'openai-responses')).rendered.estimate, true);
    // Measured on o4-mini, codex-mini-latest, o1, o1-pro, o3, o3-pro and o3-mini too; not on o1-mini.
    for (const model of ['o4-mini', 'codex-mini-latest', 'o1', 'o1-pro', 'o3', 'o3-pro', 'o3-mini']) {
      const rendered = (await render(body(model), 'openai-responses')).rendered;
      assert.equal(rendered.estimate, false, `${model}: ${rendered.estimateReason}`);
    }
    assert.ok((await render(body('o1-mini'), 'openai-responses')).rendered.estimateReason?.includes('without `parameters`'));
  });

  test('tool properties keep the order sent; a tool without a description whose schema has a title gains a bare // before it', async () => {
    const boiling = (extra: Record<string, unknown>, description?: string) => ({
      type: 'function',
      function: {
        name: 'get_boiling_point',
        ...(description !== undefined ? { description } : {}),
        parameters: {
          properties: { liquid_name: { title: 'Liquid Name', type: 'string' }, celsius: { title: 'Celsius', type: 'boolean', ...extra } },
          required: ['liquid_name'],
          title: 'get_boiling_pointArguments',
          type: 'object',
        },
      },
    });
    const body = (tool: unknown) => ({ model: 'gpt-4o', tools: [tool], messages: [{ role: 'user', content: 'Hi' }] });
    const measured = await render(body(boiling({ default: true })), 'openai-chat');
    const tool = segmentText(measured.rendered, measured.tokenizer, (s) => s.kind === 'tool');
    assert.ok(
      tool.text.includes(
        '//\n// get_boiling_pointArguments\ntype get_boiling_point = (_: {\n// Liquid Name\nliquid_name: string,\n' +
          '// Celsius\ncelsius?: boolean, // default: true\n}) => any;\n\n',
      ),
      tool.text,
    );
    // Recorded gpt-4o requests with this tool (and with an empty description) count exactly this.
    assert.equal(measured.rendered.estimate, false);
    const empty = await render(body(boiling({}, '')), 'openai-chat');
    assert.ok(segmentText(empty.rendered, empty.tokenizer, (s) => s.kind === 'tool').text.includes('//\n// get_boiling_pointArguments\n'));
    assert.equal(empty.rendered.estimate, false);
    // A described tool keeps its description then the title, without the bare line.
    const described = await render(body(boiling({ default: false }, 'Boiling point of a liquid.')), 'openai-chat');
    const describedText = segmentText(described.rendered, described.tokenizer, (s) => s.kind === 'tool').text;
    assert.ok(describedText.includes('// Boiling point of a liquid.\n// get_boiling_pointArguments\ntype'), describedText);
    assert.equal(described.rendered.estimate, false);
    // On the Responses API a tool with no description at all stays unmeasured.
    const responses = await render(
      { model: 'gpt-4o', input: 'Hi', tools: [{ type: 'function', name: 'get_boiling_point', parameters: boiling({}).function.parameters }] },
      'openai-responses',
    );
    assert.ok(responses.rendered.estimateReason?.includes(UNMEASURED_TOOL_SHAPE_ESTIMATE));
  });
});

describe('gpt-3.5-turbo-0301 framing; tools with a system message that does not open the conversation', () => {
  const messages = [
    { role: 'system', content: 'You translate jargon.' },
    { role: 'system', name: 'example_user', content: 'New synergies will help.' },
    { role: 'user', content: 'Boil the ocean.' },
  ];

  test('gpt-3.5-turbo-0301 costs 4 tokens a message and writes a name in place of the role', async () => {
    const snapshot = await render({ model: 'gpt-3.5-turbo-0301', messages }, 'openai-chat');
    const alias = await render({ model: 'gpt-3.5-turbo', messages }, 'openai-chat');
    const named = segmentText(snapshot.rendered, snapshot.tokenizer, (s) => s.kind === 'message' && s.messageIndex === 1);
    assert.equal(named.text, 'example_userNew synergies will help.');
    const aliasNamed = segmentText(alias.rendered, alias.tokenizer, (s) => s.kind === 'message' && s.messageIndex === 1);
    assert.equal(aliasNamed.text, 'system:example_userNew synergies will help.');
    // Three messages one token dearer each; the name costs `system:` (2 tokens) less.
    assert.equal(snapshot.rendered.total, alias.rendered.total + 3 - 2);
    assert.equal(snapshot.rendered.estimate, false);
  });

  test('a system message after the user turns does not take the tools block: it is a system message of its own', async () => {
    const tool = {
      type: 'function',
      function: { name: 'system', description: 'Runs system commands', parameters: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] } },
    };
    const later = [
      { role: 'user', content: "What's today's date?" },
      { role: 'system', content: 'Answer with the date.\n' },
      { role: 'user', content: 'Solve it.' },
    ];
    const withTools = await render({ model: 'gpt-4.1', messages: later, tools: [tool] }, 'openai-chat');
    const without = await render({ model: 'gpt-4.1', messages: later }, 'openai-chat');
    const system = segmentText(withTools.rendered, withTools.tokenizer, (s) => s.kind === 'message' && s.messageIndex === 1);
    assert.equal(system.text, 'systemAnswer with the date.\n');
    const tools = segmentText(withTools.rendered, withTools.tokenizer, (s) => s.kind === 'tools');
    // The block's 9 tokens of framing, as without any system message.
    assert.equal(withTools.rendered.total - without.rendered.total, tools.tokens);
    assert.equal(tools.tokens - withTools.tokenizer.count(tools.text), 9);
    // A system message that opens the conversation gains a newline and the cheaper 5.
    const first = await render({ model: 'gpt-4.1', messages: [later[1], later[0], later[2]], tools: [tool] }, 'openai-chat');
    const opening = segmentText(first.rendered, first.tokenizer, (s) => s.kind === 'tools');
    assert.equal(opening.tokens - first.tokenizer.count(opening.text), 5);
  });
});

describe('a one-variant anyOf in a tool parameter', () => {
  test('is an estimate, except on the mid-2023 snapshots', async () => {
    const functions = [
      {
        name: 'route',
        description: 'Select the next role.',
        parameters: { type: 'object', properties: { next: { anyOf: [{ enum: ['FINISH', 'Search'] }] } }, required: ['next'] },
      },
    ];
    const body = (model: string) => ({ model, messages: [{ role: 'user', content: 'Who next?' }], functions, function_call: { name: 'route' } });
    assert.match((await render(body('gpt-4o'), 'openai-chat')).rendered.estimateReason ?? '', /one-variant `anyOf`/);
    assert.doesNotMatch((await render(body('gpt-3.5-turbo-0613'), 'openai-chat')).rendered.estimateReason ?? '', /single variant/);
  });
});

describe('tool_choice "required" on the snapshots of mid-2023 to mid-2024', () => {
  const tools = [{ type: 'function', function: { name: 'lookup', description: 'Looks up a word.', parameters: { type: 'object', properties: { word: { type: 'string' } } } } }];
  const user = { role: 'user', content: 'Define cache.' };
  const system = { role: 'system', content: 'Be brief.' };
  const total = async (model: string, messages: unknown[], toolChoice?: string) =>
    (await render({ model, messages, tools, ...(toolChoice ? { tool_choice: toolChoice } : {}) }, 'openai-chat')).rendered;

  test('gpt-3.5-turbo: nothing with user messages alone, 2 tokens beside a system message, measured both ways', async () => {
    const alone = await total('gpt-3.5-turbo', [user], 'required');
    assert.equal(alone.estimate, false);
    assert.equal(alone.total, (await total('gpt-3.5-turbo', [user])).total);
    const withSystem = await total('gpt-3.5-turbo', [system, user], 'required');
    assert.equal(withSystem.estimate, false);
    assert.equal(withSystem.total, (await total('gpt-3.5-turbo', [system, user])).total + 2);
  });

  test('gpt-4 (0613), gpt-3.5-turbo-1106 and gpt-4o-2024-05-13 count the 2 tokens too, as an estimate', async () => {
    for (const model of ['gpt-4', 'gpt-3.5-turbo-1106', 'gpt-4o-2024-05-13']) {
      const withSystem = await total(model, [system, user], 'required');
      assert.equal(withSystem.total, (await total(model, [system, user])).total + 2, model);
      assert.match(withSystem.estimateReason ?? '', /tool_choice "required"/, model);
    }
  });

  test('later gpt-4o snapshots add nothing, with a system message or not', async () => {
    for (const model of ['gpt-4o', 'gpt-4o-2024-08-06', 'gpt-4o-mini']) {
      const withSystem = await total(model, [system, user], 'required');
      assert.equal(withSystem.total, (await total(model, [system, user])).total, model);
      assert.doesNotMatch(withSystem.estimateReason ?? '', /tool_choice/, model);
    }
  });
});

describe("a tool parameters schema's own description", () => {
  const functions = [
    {
      name: 'output_formatter',
      description: 'Output formatter.',
      parameters: { title: 'Person', description: 'Identifying information about a person.', type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
    },
  ];
  const body = (model: string) => ({ model, messages: [{ role: 'user', content: 'Sally is 13' }], functions, function_call: { name: 'output_formatter' } });

  test('follows the title after an empty comment line: measured on gpt-3.5-turbo-0125, hidden by 0613, an estimate elsewhere', async () => {
    const turbo = await render(body('gpt-3.5-turbo-0125'), 'openai-chat');
    const header = segmentText(turbo.rendered, turbo.tokenizer, (s) => s.kind === 'tools');
    assert.ok(header.text.includes('// Output formatter.\n// Person\n//\n// Identifying information about a person.\ntype output_formatter'), header.text);
    assert.equal(turbo.rendered.estimate, false);
    const mid2023 = await render(body('gpt-3.5-turbo-0613'), 'openai-chat');
    assert.ok(!segmentText(mid2023.rendered, mid2023.tokenizer, (s) => s.kind === 'tools').text.includes('Identifying'));
    assert.doesNotMatch(mid2023.rendered.estimateReason ?? '', /own/);
    const other = await render(body('gpt-4o'), 'openai-chat');
    assert.match(other.rendered.estimateReason ?? '', /parameters schema has a `description` of its own/);
  });

  test('gpt-5 opens the parameters with it, after the title and the description, on both APIs: measured', async () => {
    const chat = await render(body('gpt-5.1'), 'openai-chat');
    const text = segmentText(chat.rendered, chat.tokenizer, (s) => s.kind === 'tools').text;
    assert.ok(text.includes('// Person\n// Output formatter.\ntype output_formatter = (_: // Identifying information about a person.\n{ name: string }) => any;'), text);
    assert.doesNotMatch(chat.rendered.estimateReason ?? '', /own/);
    const responses = await render(
      { model: 'gpt-5-nano', input: 'Sally is 13', tools: [{ type: 'function', strict: false, ...functions[0] }] },
      'openai-responses',
    );
    const responsesText = segmentText(responses.rendered, responses.tokenizer, (s) => s.kind === 'tools').text;
    assert.ok(responsesText.includes('type output_formatter = (_: // Identifying information about a person.\n{ name: string }) => any;'), responsesText);
  });
});

describe("gpt-5's function headers", () => {
  const tool = (name: string, parameters: Record<string, unknown>) => ({ type: 'function', function: { name, description: `Calls ${name}.`, parameters } });
  const body = (model: string, tools: unknown[]) => ({ model, messages: [{ role: 'user', content: 'Go' }], tools });
  const toolsText = async (model: string, tools: unknown[]) => {
    const { rendered, tokenizer } = await render(body(model, tools), 'openai-chat');
    return { text: segmentText(rendered, tokenizer, (s) => s.kind === 'tools').text, rendered };
  };

  test('put the schema title before the description on Chat Completions, as gpt-4o does not', async () => {
    const titled = tool('add', { title: 'add', type: 'object', properties: { a: { type: 'integer' } }, required: ['a'] });
    const gpt5 = await toolsText('gpt-5-mini', [titled]);
    assert.ok(gpt5.text.includes('// add\n// Calls add.\ntype add = (_: { a: number }) => any;'), gpt5.text);
    assert.equal(gpt5.rendered.estimate, false);
    const gpt4o = await toolsText('gpt-4o', [titled]);
    assert.ok(gpt4o.text.includes('// Calls add.\n// add\ntype add'), gpt4o.text);
  });

  test('leave out the title and the schema description of a function without parameters', async () => {
    const bare = tool('get_time', { title: 'get_time', description: 'Calls get_time.', type: 'object', properties: {} });
    const { text } = await toolsText('gpt-5-mini', [bare]);
    assert.ok(text.includes('// Calls get_time.\ntype get_time = () => any;'), text);
    assert.ok(!text.includes('// get_time\n'), text);
  });

  test('write a parameter that refers to an enum definition in place, as the same enum inlined', async () => {
    const unit = { enum: ['fahrenheit', 'celsius'], title: 'Unit', type: 'string' };
    const inlined = tool('get_weather', { title: 'get_weather', type: 'object', properties: { unit }, required: ['unit'] });
    const referred = tool('get_weather', { $defs: { Unit: unit }, title: 'get_weather', type: 'object', properties: { unit: { $ref: '#/$defs/Unit' } }, required: ['unit'] });
    const a = await toolsText('gpt-5-mini', [inlined]);
    const b = await toolsText('gpt-5-mini', [referred]);
    assert.equal(b.text, a.text);
    assert.equal(b.rendered.total, a.rendered.total);
    // Other families keep the definition's name (fitted to gpt-3.5, gpt-4o and gpt-4o-mini requests).
    const gpt4o = await toolsText('gpt-4o', [referred]);
    assert.ok(gpt4o.text.includes('unit: Unit') && gpt4o.text.includes('type Unit = "fahrenheit" | "celsius";'), gpt4o.text);
  });
});

describe('a structured-output schema written without the keywords the API drops', () => {
  test('minItems and exclusiveMinimum are left out like maxItems and minimum, and the count is no estimate', async () => {
    const schema = {
      type: 'object',
      properties: { tags: { type: 'array', items: { type: 'string' }, minItems: 2, maxItems: 3 }, score: { type: 'number', exclusiveMinimum: 0 } },
      required: ['tags', 'score'],
      additionalProperties: false,
    };
    const { rendered, tokenizer } = await render(
      { model: 'gpt-5.4', input: 'Tag this.', text: { format: { type: 'json_schema', name: 'tag_list', strict: true, schema } } },
      'openai-responses',
    );
    const text = segmentText(rendered, tokenizer, (s) => s.kind === 'schema').text;
    assert.ok(text.includes('{"type":"object","properties":{"tags":{"type":"array","items":{"type":"string"}},"score":{"type":"number"}}}'), text);
    assert.doesNotMatch(rendered.estimateReason ?? '', /Validation keywords/);
  });
});

describe('parameter descriptions of several lines', () => {
  test("a structured-output format's description of several lines loses its indentation too, as an estimate", async () => {
    const format = (description: string) => ({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'hi!' }],
      response_format: { type: 'json_schema', json_schema: { name: 'Router', description, schema: { type: 'object', properties: { route: { type: 'string' } }, required: ['route'] } } },
    });
    const { rendered, tokenizer } = await render(format('dict() -> new dictionary\n    d = {}\n        d[k] = v'), 'openai-chat');
    const schema = segmentText(rendered, tokenizer, (s) => s.kind === 'schema');
    assert.ok(schema.text.includes('// dict() -> new dictionary\n// d = {}\n// d[k] = v\n'), schema.text);
    assert.match(rendered.estimateReason ?? '', /structured-output format's/);
    assert.equal((await render(format('Routes a query.'), 'openai-chat')).rendered.estimate, false);
  });

  test('each line of text is its own comment, indentation dropped, a blank line between two a bare //; flagged as an estimate', async () => {
    const tool = (description: string) => ({
      type: 'function',
      function: {
        name: 'search',
        description: 'Searches the web.',
        parameters: { type: 'object', properties: { domains: { type: 'string', description } }, required: ['domains'] },
      },
    });
    const body = (description: string) => ({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'Hi' }], tools: [tool(description)] });
    const multi = 'Domains to search.\n\n        Use this when:\n        1. The user names a site   \n        ';
    const { rendered, tokenizer } = await render(body(multi), 'openai-chat');
    const tools = segmentText(rendered, tokenizer, (s) => s.kind === 'tools');
    // The whitespace-only last line stays an empty line, as after a tool's description.
    assert.ok(tools.text.includes('// Domains to search.\n//\n// Use this when:\n// 1. The user names a site\n\ndomains: string,'), tools.text);
    assert.match(rendered.estimateReason ?? '', /A parameter's description of several lines/);
    // A one-line description is written as sent, and is no estimate.
    const single = await render(body('Domains to search.'), 'openai-chat');
    assert.equal(single.rendered.estimate, false);
  });
});

describe('the system message that function tools join, on the gpt-5.x point releases', () => {
  const tool = {
    type: 'function',
    function: { name: 'weather_forecast', description: 'Gets the weather forecast for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
  };
  const messages = (system: string) => [
    { role: 'system', content: system },
    { role: 'user', content: 'What should I pack for New York this weekend?' },
  ];
  const indented = '\n        Be very terse.\n        ';

  test('on Chat Completions it loses its trailing whitespace on gpt-5.4, not on gpt-5, nor on the Responses API', async () => {
    const text = async (model: string, system: string) => {
      const { rendered, tokenizer } = await render({ model, messages: messages(system), tools: [tool] }, 'openai-chat');
      return { rendered, ...segmentText(rendered, tokenizer, (s) => s.kind === 'message' && s.messageIndex === 0) };
    };
    const point = await text('gpt-5.4', indented);
    assert.equal(point.text, 'system\n        Be very terse.\n');
    assert.equal(point.rendered.estimate, false);
    // Without the trailing spaces the count is the same: nothing else changes.
    const plain = await text('gpt-5.4', indented.trimEnd());
    assert.equal(point.rendered.total, plain.rendered.total);
    const base = await text('gpt-5', indented);
    assert.equal(base.text, 'system\n        Be very terse.\n        \n');
    // Without tools it is kept on gpt-5.4 too.
    const alone = await render({ model: 'gpt-5.4', messages: messages(indented) }, 'openai-chat');
    assert.equal(segmentText(alone.rendered, alone.tokenizer, (s) => s.kind === 'message' && s.messageIndex === 0).text, `system${indented}`);
    const responses = await render({ model: 'gpt-5.4', input: messages(indented), tools: [{ type: 'function', ...tool.function }] }, 'openai-responses');
    assert.match(segmentText(responses.rendered, responses.tokenizer, (s) => s.kind === 'message' && s.messageIndex === 0).text, /terse\.\n {8}$/);
  });
});

describe('tool_choice and tools framing of the reasoning families', () => {
  const squareRoot = {
    type: 'function',
    function: {
      name: 'square_root',
      description: 'Calculates and return the square root of a number',
      parameters: { type: 'object', properties: { number: { type: 'number' } }, required: ['number'], additionalProperties: false },
    },
  };
  const ask = 'Use the square_root tool to calculate the square root of 132413 and reply with only the result. Do not give an explanation.';

  test('gpt-5.x Chat Completions: tools without a system message cost one token over tools joined to one; "required" and "none" add nothing', async () => {
    const total = async (extra: Record<string, unknown>, system: boolean) =>
      (
        await render(
          {
            model: 'gpt-5.4',
            messages: [...(system ? [{ role: 'system', content: 'Be brief.' }] : []), { role: 'user', content: ask }],
            tools: [squareRoot],
            ...extra,
          },
          'openai-chat',
        )
      ).rendered;
    const auto = await total({}, false);
    const required = await total({ tool_choice: 'required' }, false);
    const none = await total({ tool_choice: 'none' }, false);
    assert.equal(required.total, auto.total);
    assert.equal(none.total, auto.total);
    assert.equal(required.estimate, false);
    // The tools segment: the namespace block, 85 tokens of tool-use instructions and 6 of framing
    // (5 when the block joins a system message).
    const { rendered, tokenizer } = await render({ model: 'gpt-5.4', messages: [{ role: 'user', content: ask }], tools: [squareRoot] }, 'openai-chat');
    const tools = segmentText(rendered, tokenizer, (s) => s.kind === 'tools');
    assert.equal(tools.tokens, tokenizer.encode(tools.text).length + 85 + 6);
    const joined = await render(
      { model: 'gpt-5.4', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: ask }], tools: [squareRoot] },
      'openai-chat',
    );
    const joinedTools = segmentText(joined.rendered, joined.tokenizer, (s) => s.kind === 'tools');
    assert.equal(joinedTools.tokens, tokenizer.encode(joinedTools.text).length + 85 + 5);
  });

  test('o4-mini Responses: "none" and "required" add nothing and are not estimates', async () => {
    const tool = { type: 'function', name: 'square_root', description: squareRoot.function.description, parameters: squareRoot.function.parameters };
    const total = async (choice?: string) =>
      (await render({ model: 'o4-mini', input: ask, tools: [tool], ...(choice ? { tool_choice: choice } : {}) }, 'openai-responses')).rendered;
    const auto = await total();
    for (const choice of ['none', 'required']) {
      const r = await total(choice);
      assert.equal(r.total, auto.total, choice);
      assert.equal(r.estimate, false, choice);
    }
  });

  test('o4-mini Chat Completions: "none" costs 3 tokens, "required" nothing', async () => {
    const total = async (choice?: string) =>
      (await render({ model: 'o4-mini', messages: [{ role: 'user', content: ask }], tools: [squareRoot], ...(choice ? { tool_choice: choice } : {}) }, 'openai-chat'))
        .rendered.total;
    const auto = await total();
    assert.equal(await total('none'), auto + 3);
    assert.equal(await total('required'), auto);
  });

  test('gpt-5.2 and gpt-5.2-chat-latest read a Responses round trip with 3 tokens less framing than gpt-5.4', async () => {
    const body = (model: string) => ({
      model,
      store: false,
      tools: [{ type: 'function', name: 'square_root', description: squareRoot.function.description, parameters: squareRoot.function.parameters }],
      input: [
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: ask }] },
        { type: 'function_call', arguments: '{"number":132413}', name: 'square_root', call_id: 'call_1' },
        { type: 'function_call_output', call_id: 'call_1', output: '363.89' },
      ],
    });
    const chatLatest = (await render(body('gpt-5.2-chat-latest'), 'openai-responses')).rendered;
    const five2 = (await render(body('gpt-5.2'), 'openai-responses')).rendered;
    const five4 = (await render(body('gpt-5.4'), 'openai-responses')).rendered;
    assert.equal(five2.total, chatLatest.total);
    assert.equal(five4.total - five2.total, 3);
  });

  test('o1-preview primes the reply with 3 tokens, o1 with 2', async () => {
    const messages = [{ role: 'user', content: 'Say hello.' }];
    const preview = (await render({ model: 'o1-preview', messages }, 'openai-chat')).rendered;
    const o1 = (await render({ model: 'o1', messages }, 'openai-chat')).rendered;
    assert.equal(preview.total - o1.total, 1);
  });
});

describe('parallel results that are JSON; named assistant messages with text and calls', () => {
  const call = (id: string, query: string) => ({ id, type: 'function', function: { name: 'search', arguments: JSON.stringify({ query }) } });
  const joinedText = (rendered: RenderedPrompt, tokenizer: Tokenizer) =>
    segmentText(rendered, tokenizer, (s) => s.kind === 'message' && s.messageIndex === 2).text +
    segmentText(rendered, tokenizer, (s) => s.kind === 'message' && s.messageIndex === 3).text;

  test('a JSON result joins the list as its value written as Python writes it (`, ` and `: `, floats as 1.0); other results stay strings', async () => {
    const result = '{"query": "GDP", "results": [{"content": "2.4% \\"real\\"\\nQ4", "score": 0.9}], "response_time": 1.0}';
    const body = (second: string, model = 'gpt-4.1') => ({
      model,
      messages: [
        { role: 'user', content: 'Search both.' },
        { role: 'assistant', content: null, tool_calls: [call('c1', 'GDP'), call('c2', 'NY GDP')] },
        { role: 'tool', tool_call_id: 'c1', content: result },
        { role: 'tool', tool_call_id: 'c2', content: second },
      ],
    });
    const { rendered, tokenizer } = await render(body('HTTPError("429")'), 'openai-chat');
    const list = `[${result}, "HTTPError(\\"429\\")"]`;
    assert.equal(joinedText(rendered, tokenizer), `tool${list}`);
    assert.equal(rendered.estimate, false);
    const asStrings = `[${JSON.stringify(result)}, "HTTPError(\\"429\\")"]`;
    assert.equal(tokenizer.count(asStrings) - tokenizer.count(list), 4, 'the escaped quotes and newline of the string form');
    // A result in another layout is written the Python way, and the count is an estimate.
    const compact = await render(body('{"a":1,"b":[1e-5,2.50,"é"]}'), 'openai-chat');
    assert.equal(joinedText(compact.rendered, compact.tokenizer), `tool[${result}, {"a": 1, "b": [1e-05, 2.5, "é"]}]`);
    assert.equal(compact.rendered.estimate, true);
    assert.match(compact.rendered.estimateReason ?? '', /json\.dumps/);
    // Where the list escapes non-ASCII (gpt-3.5-turbo-0125), so does the value.
    const cl100k = await render(body('{"a": "é"}', 'gpt-3.5-turbo'), 'openai-chat');
    assert.equal(joinedText(cl100k.rendered, cl100k.tokenizer), `tool[${result}, {"a": "\\u00e9"}]`);
  });

  test('the name of an assistant message with text and calls is written in both its turns', async () => {
    const body = (name?: string) => ({
      model: 'gpt-4.1',
      messages: [
        { role: 'user', content: 'Research it.' },
        { role: 'assistant', ...(name ? { name } : {}), content: 'Transferring back to supervisor', tool_calls: [call('c1', 'GDP')] },
        { role: 'tool', tool_call_id: 'c1', content: 'Done.' },
      ],
    });
    const named = await render(body('research_agent'), 'openai-chat');
    const plain = await render(body(), 'openai-chat');
    const nameCost = named.tokenizer.count('assistant:research_agent') - named.tokenizer.count('assistant');
    assert.equal(nameCost, 3);
    assert.equal(named.rendered.total - plain.rendered.total, 2 * nameCost);
    const text = segmentText(named.rendered, named.tokenizer, (s) => s.kind === 'message' && s.messageIndex === 1).text;
    assert.equal(text, 'assistant:research_agentTransferring back to supervisorassistant:research_agentfunctions.search{"query":"GDP"}');
  });
});

describe('an assistant answer directly followed by another assistant item (a preamble)', () => {
  const call = { id: 'c1', type: 'function', function: { name: 'search', arguments: '{"query":"GDP"}' } };
  const tool = { type: 'function', function: { name: 'search', description: 'Search.', parameters: { type: 'object', properties: { query: { type: 'string' } } } } };

  test('gpt-5.x Chat: text with tool_calls is written on the commentary channel, one token more than on o3', async () => {
    const body = (model: string) => ({
      model,
      tools: [tool],
      messages: [
        { role: 'user', content: 'Search it.' },
        { role: 'assistant', content: 'Searching now.', tool_calls: [call] },
        { role: 'tool', tool_call_id: 'c1', content: 'Done.' },
      ],
    });
    const turn = async (model: string) => {
      const { rendered, tokenizer } = await render(body(model), 'openai-chat');
      return { ...segmentText(rendered, tokenizer, (s) => s.kind === 'message' && s.messageIndex === 1), tokenizer };
    };
    const gpt51 = await turn('gpt-5.1');
    assert.equal(gpt51.text, 'assistantSearching now.assistantfunctions.search{"query":"GDP"}');
    // `<|start|>assistant<|channel|>commentary<|message|>Searching now.<|end|>`, then the call turn
    // `<|start|>assistant<|message|>`, 11 tokens of call framing, the call and `<|end|>`.
    const text = 1 + 1 + 1 + 2 + 1 + gpt51.tokenizer.count('Searching now.') + 1;
    const calls = 1 + 1 + 1 + 11 + gpt51.tokenizer.count('functions.search{"query":"GDP"}') + 1;
    assert.equal(gpt51.tokens, text + calls);
    const o3 = await turn('o3');
    for (const model of ['gpt-5.1', 'gpt-5.4', 'gpt-5-nano']) assert.equal((await turn(model)).tokens - o3.tokens, 1, model);
  });

  test('gpt-5.4 Responses: an assistant message before a function_call or another assistant message costs one token more', async () => {
    const said = (text: string) => ({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] });
    const fc = { type: 'function_call', call_id: 'c1', name: 'search', arguments: '{"query":"GDP"}' };
    const output = { type: 'function_call_output', call_id: 'c1', output: 'Done.' };
    const input = (...items: unknown[]) => [{ role: 'user', content: 'Search it.' }, ...items];
    const total = async (model: string, ...items: unknown[]) =>
      (await render({ model, input: input(...items), tools: [{ type: 'function', ...tool.function }] }, 'openai-responses')).rendered.total;
    const alone = await total('gpt-5.4', said('Searching now.'));
    const call = await total('gpt-5.4', fc, output);
    const both = await total('gpt-5.4', said('Searching now.'), fc, output);
    const base = await total('gpt-5.4');
    assert.equal(both - base, alone - base + (call - base) + 1);
    const two = await total('gpt-5.4', said('Searching now.'), said('Found it.'));
    const second = await total('gpt-5.4', said('Found it.'));
    assert.equal(two - base, alone - base + (second - base) + 1);
    // A message before a user message is an answer, not a preamble.
    const answered = await total('gpt-5.4', said('Searching now.'), { role: 'user', content: 'Thanks.' });
    const thanks = await total('gpt-5.4', { role: 'user', content: 'Thanks.' });
    assert.equal(answered - base, alone - base + (thanks - base));
    // An empty assistant message ending the input reaches the model as nothing: the one before it ends the run.
    const empty = await total('gpt-5.4', said('Searching now.'), { type: 'message', role: 'assistant', content: [] });
    assert.equal(empty, alone);
  });
});

describe('an earlier assistant answer with empty text', () => {
  test('reasoning families frame an assistant message without calls as an answer even when its content is ""', async () => {
    const body = (model: string, content: string) => ({
      model,
      messages: [{ role: 'user', content: 'Solve it.' }, { role: 'assistant', content }, { role: 'user', content: 'What next?' }],
    });
    for (const model of ['gpt-5-nano', 'gpt-5.6-luna']) {
      const empty = await render(body(model, ''), 'openai-chat');
      const said = await render(body(model, 'Done.'), 'openai-chat');
      // The answer's framing stays (`<|channel|>final`, 2 tokens): only the text's own tokens go.
      assert.equal(said.rendered.total - empty.rendered.total, said.tokenizer.count('Done.'), model);
      const message = segmentText(empty.rendered, empty.tokenizer, (s) => s.kind === 'message' && s.messageIndex === 1);
      assert.equal(message.tokens, 1 + 1 + 1 + 2 + 1);
    }
  });
});

describe('explicit prompt cache breakpoints inside a message', () => {
  test('on gpt-5.6 text after a part with `prompt_cache_breakpoint` is encoded apart (`.Now` is one token joined, two apart)', async () => {
    const body = (model: string, marked: boolean) => ({
      model,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Use this stable reference text as cacheable context.', ...(marked ? { prompt_cache_breakpoint: { mode: 'explicit' } } : {}) },
            { type: 'text', text: 'Now summarize it.' },
          ],
        },
      ],
    });
    const total = async (model: string, marked: boolean) => (await render(body(model, marked), 'openai-chat')).rendered.total;
    assert.equal((await total('gpt-5.6-terra', true)) - (await total('gpt-5.6-terra', false)), 1);
    assert.equal((await total('gpt-5.4', true)) - (await total('gpt-5.4', false)), 0);
    const { rendered, tokenizer } = await render(body('gpt-5.6-terra', true), 'openai-chat');
    const message = segmentText(rendered, tokenizer, (s) => s.kind === 'message' && s.messageIndex === 0);
    assert.equal(message.text, 'userUse this stable reference text as cacheable context.Now summarize it.');
    assert.equal(message.tokens, 3 + 1 + tokenizer.count('Use this stable reference text as cacheable context.') + tokenizer.count('Now summarize it.'));
  });
});
