import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resolveModel } from '../../../src/core/tokens/models';
import { TOOL_RESULT_IMAGE_ESTIMATE } from '../../../src/core/tokens/openaiFraming';
import type { RenderedPrompt } from '../../../src/core/tokens/rendered';
import { renderRequest } from '../../../src/core/tokens/render';
import { isSyntheticId } from '../../../src/core/tokens/syntheticIds';
import { loadTokenizer, type Tokenizer } from '../../../src/core/tokens/tokenizer';
import { parsePrompt } from '../../../src/core/formats';
import { requestFromJson } from './helpers';

const chatSource = JSON.stringify(
  {
    model: 'gpt-4o',
    tools: [
      {
        type: 'function',
        function: {
          name: 'lookup_order',
          description: 'Find an order for {{tenant}}',
          parameters: {
            type: 'object',
            properties: {
              order_id: { type: 'string', description: 'The order number' },
              filters: {
                type: 'object',
                properties: { status: { type: 'string', enum: ['open', 'closed'] } },
              },
            },
            required: ['order_id'],
          },
        },
      },
      { type: 'function', function: { name: 'ping', parameters: { type: 'object', properties: {} } } },
    ],
    messages: [
      { role: 'system', content: 'You are the support assistant of ACME. Be brief.' },
      { role: 'user', content: 'Hello, I am {{customer_name}} and my order is late.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Here is the receipt:' },
          { type: 'image_url', image_url: { url: 'https://example.com/r.png', detail: 'high', width: 1024, height: 1024 } },
        ],
      },
    ],
  },
  null,
  2,
);

async function render(source: string, model?: string): Promise<{ rendered: RenderedPrompt; tokenizer: Tokenizer }> {
  const request = requestFromJson(source);
  const resolved = resolveModel(model ?? request.model?.name);
  const tokenizer = await loadTokenizer(resolved.encoding);
  return { rendered: renderRequest(request, tokenizer, resolved), tokenizer };
}

describe('rendering a Chat Completions request', () => {
  test('gpt-4 (0613): tool_choice "required" is an estimate; gpt-4o counts nothing for it', async () => {
    const tool = { type: 'function', function: { name: 'correctness', parameters: { type: 'object', properties: { label: { type: 'string', enum: ['a', 'b'] } } } } };
    const body = (model: string) => JSON.stringify({ model, messages: [{ role: 'user', content: 'Hi' }], tools: [tool], tool_choice: 'required' });
    const gpt4 = await render(body('gpt-4'));
    assert.match(gpt4.rendered.estimateReason ?? '', /tool_choice "required"/);
    const gpt4o = await render(body('gpt-4o'));
    assert.doesNotMatch(gpt4o.rendered.estimateReason ?? '', /tool_choice/);
  });

  test('a described primitive array item is measured on gpt-4o-mini Chat only', async () => {
    const tool = {
      type: 'function',
      function: { name: 'f', parameters: { type: 'object', properties: { clubs: { type: 'array', items: { type: 'string', description: 'A club' } } } } },
    };
    const body = (model: string) => JSON.stringify({ model, messages: [{ role: 'user', content: 'Hi' }], tools: [tool] });
    const mini = await render(body('gpt-4o-mini'));
    assert.equal(mini.rendered.estimate, false, mini.rendered.estimateReason);
    assert.match(mini.tokenizer.decode(mini.rendered.ids), /clubs\?: Array<\n\/\/ A club\nstring>,/);
    for (const model of ['gpt-3.5-turbo', 'gpt-4.1', 'gpt-5']) {
      const other = await render(body(model));
      assert.match(other.rendered.estimateReason ?? '', /description on an array's `items`/, model);
    }
  });

  test('segments follow cache order and cover every token once', async () => {
    const { rendered } = await render(chatSource);
    const top = rendered.segments.filter((s) => s.kind !== 'tool');
    assert.deepEqual(
      top.map((s) => [s.kind, s.label]),
      [
        ['tools', 'tools'],
        ['message', 'system'],
        ['message', 'user #1'],
        ['message', 'user #2'],
        ['priming', 'reply priming'],
      ],
    );
    assert.equal(top[0].tokenStart, 0);
    for (let i = 1; i < top.length; i++) assert.equal(top[i].tokenStart, top[i - 1].tokenEnd);
    assert.equal(top[top.length - 1].tokenEnd, rendered.total);
    assert.equal(rendered.ids.length, rendered.total);
    assert.equal(rendered.sourceOffsets.length, rendered.total);
    assert.equal(top[top.length - 1].tokenEnd - top[top.length - 1].tokenStart, 3, 'reply priming is 3 tokens');
  });

  test('each tool has its own segment inside the tools block', async () => {
    const { rendered } = await render(chatSource);
    const tools = rendered.segments.find((s) => s.kind === 'tools')!;
    const each = rendered.segments.filter((s) => s.kind === 'tool');
    assert.deepEqual(
      each.map((s) => [s.label, s.toolIndex]),
      [
        ['tool lookup_order', 0],
        ['tool ping', 1],
      ],
    );
    for (const tool of each) {
      assert.ok(tool.tokenStart >= tools.tokenStart && tool.tokenEnd <= tools.tokenEnd);
      assert.ok(tool.tokenEnd > tool.tokenStart);
    }
    assert.ok(each[0].tokenEnd <= each[1].tokenStart + 1, 'tools follow each other');
  });

  test('every text token of a message points at the characters it came from', async () => {
    const { rendered, tokenizer } = await render(chatSource);
    const user = rendered.segments.find((s) => s.label === 'user #1')!;
    const content = 'Hello, I am {{customer_name}} and my order is late.';
    const contentStart = chatSource.indexOf(content);
    let checked = 0;
    for (let t = user.tokenStart; t < user.tokenEnd; t++) {
      const offset = rendered.sourceOffsets[t];
      if (isSyntheticId(rendered.ids[t])) {
        assert.equal(offset, -1);
        continue;
      }
      const text = tokenizer.decode([rendered.ids[t]]);
      if (text === 'user') {
        assert.equal(chatSource.slice(offset, offset + 6), '"user"', 'the role token points at the role value');
        continue;
      }
      assert.ok(offset >= contentStart && offset < contentStart + content.length);
      assert.equal(chatSource.slice(offset, offset + text.length), text);
      checked++;
    }
    assert.ok(checked >= 10);
  });

  test('template variables become dynamic points at the first token they touch', async () => {
    const { rendered, tokenizer } = await render(chatSource);
    const customer = rendered.dynamicPoints.find((p) => p.name === 'customer_name')!;
    assert.equal(customer.kind, 'template-variable');
    assert.equal(customer.sourceOffset, chatSource.indexOf('{{customer_name}}'));
    const token = tokenizer.decode([rendered.ids[customer.tokenIndex]]);
    assert.ok(token.includes('{'), `token ${JSON.stringify(token)}`);
    assert.ok(!tokenizer.decode([rendered.ids[customer.tokenIndex - 1]]).includes('{'));

    const tenant = rendered.dynamicPoints.find((p) => p.name === 'tenant')!;
    const tool = rendered.segments.find((s) => s.label === 'tool lookup_order')!;
    assert.ok(tenant.tokenIndex >= tool.tokenStart && tenant.tokenIndex < tool.tokenEnd);
    assert.ok(rendered.dynamicPoints.every((p, i, all) => i === 0 || all[i - 1].tokenIndex <= p.tokenIndex));
  });

  test('images count by tiles and carry ids of their own', async () => {
    const { rendered } = await render(chatSource);
    assert.equal(rendered.imageTokens, 765);
    const user2 = rendered.segments.find((s) => s.label === 'user #2')!;
    const imageIds = Array.from(rendered.ids.slice(user2.tokenStart, user2.tokenEnd)).filter(
      (id) => isSyntheticId(id) && id < 0xffff0000,
    );
    assert.equal(imageIds.length, 765);

    const other = await render(chatSource.replace('r.png', 's.png'));
    assert.equal(other.rendered.total, rendered.total);
    assert.notDeepEqual(other.rendered.ids.slice(user2.tokenStart, user2.tokenEnd), rendered.ids.slice(user2.tokenStart, user2.tokenEnd));
    assert.deepEqual(other.rendered.ids.slice(0, user2.tokenStart), rendered.ids.slice(0, user2.tokenStart));
  });

  test('a changed user message leaves the tools and system prefix identical', async () => {
    const first = (await render(chatSource)).rendered;
    const second = (await render(chatSource.replace('my order is late', 'my parcel is lost'))).rendered;
    const system = first.segments.find((s) => s.label === 'system')!;
    assert.deepEqual(second.ids.slice(0, system.tokenEnd), first.ids.slice(0, system.tokenEnd));
    const firstDifference = first.ids.findIndex((id, i) => second.ids[i] !== id);
    const user = first.segments.find((s) => s.label === 'user #1')!;
    assert.ok(firstDifference > user.tokenStart && firstDifference < user.tokenEnd);
  });

  test('tool parameters with $defs are counted as measured; an inline nested object only where its family is measured', async () => {
    const withRef = {
      type: 'object',
      required: ['items'],
      $defs: { Item: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } },
      properties: { items: { type: 'array', items: { $ref: '#/$defs/Item' } } },
    };
    const inline = { type: 'object', required: ['item'], properties: { item: withRef.$defs.Item } };
    const nullable = {
      type: 'object',
      required: ['item'],
      properties: { item: { type: 'object', properties: { name: { type: ['string', 'null'] } } } },
    };
    const count = async (parameters: unknown, model = 'gpt-4o-mini', api: 'chat' | 'responses' = 'chat') =>
      (
        await render(
          JSON.stringify(
            api === 'chat'
              ? {
                  model,
                  messages: [{ role: 'user', content: 'Hi' }],
                  tools: [{ type: 'function', function: { name: 'f', description: 'F', parameters } }],
                }
              : { model, input: 'Hi', tools: [{ type: 'function', name: 'f', description: 'F', parameters, strict: false }] },
          ),
        )
      ).rendered;
    assert.equal((await count(withRef)).estimate, false);
    // gpt-4o and gpt-4o-mini Chat Completions requests with nested objects are measured...
    assert.equal((await count(inline)).estimate, false);
    assert.equal((await count(inline, 'gpt-4o-2024-11-20')).estimate, false);
    // A nested nullable field written as a type list is measured where it is described and required
    // (recorded gpt-4o and gpt-4o-mini requests); undescribed or optional, it is not. Other families
    // and the Responses API are not measured for nested objects.
    assert.match((await count(nullable)).estimateReason ?? '', /lists several types/);
    const described = {
      type: 'object',
      required: ['item'],
      properties: {
        item: {
          type: 'object',
          required: ['name'],
          properties: { name: { type: ['string', 'null'], description: 'Its name, or null' } },
        },
      },
    };
    assert.equal((await count(described)).estimate, false);
    assert.match((await count(described, 'gpt-4.1')).estimateReason ?? '', /lists several types/);
    assert.match((await count(inline, 'gpt-4.1')).estimateReason ?? '', /nested objects/);
    assert.match((await count(inline, 'gpt-5')).estimateReason ?? '', /nested objects/);
    assert.match((await count(inline, 'gpt-4o-mini', 'responses')).estimateReason ?? '', /nested objects/);
  });

  test('the counts of a known model are exact; an unknown one says so', async () => {
    const withNullable = JSON.parse(chatSource) as {
      tools: { function: { parameters: { properties: Record<string, { properties?: Record<string, unknown> }> } } }[];
    };
    withNullable.tools[0].function.parameters.properties.filters.properties!.since = { type: ['string', 'null'] };
    const nested = (await render(JSON.stringify(withNullable, null, 2))).rendered;
    assert.equal(nested.estimate, true, 'an optional, undescribed type list is not pinned by recorded usage');
    assert.match(nested.estimateReason ?? '', /lists several types/);
    const flat = JSON.parse(chatSource) as { tools: { function: { parameters: { properties: Record<string, unknown> } } }[] };
    delete flat.tools[0].function.parameters.properties.filters;
    const flatSource = JSON.stringify(flat, null, 2);
    const known = (await render(flatSource)).rendered;
    assert.equal(known.estimate, false);
    assert.equal(known.encoding, 'o200k_base');
    const unknown = (await render(flatSource.replace('"gpt-4o"', '"my-local-llama"'))).rendered;
    assert.equal(unknown.estimate, true);
    assert.match(unknown.estimateReason ?? '', /unknown model/);
    assert.match(unknown.estimateReason ?? '', /image tokens are not known/);
    assert.equal(unknown.total, known.total - known.imageTokens, 'same encoding, same text tokens');
  });

  test('a strict structured-output schema ends the system message, without the keywords strict mode implies', async () => {
    const source = JSON.stringify({
      model: 'gpt-4o-mini',
      messages: [{ role: 'system', content: 'Extract.' }, { role: 'user', content: 'Ann is 31.' }],
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'person',
          strict: true,
          schema: {
            type: 'object',
            properties: { name: { type: 'string', default: 'Zoë' } },
            required: ['name'],
            additionalProperties: false,
          },
        },
      },
    });
    const { rendered, tokenizer } = await render(source);
    assert.deepEqual(
      rendered.segments.map((s) => s.kind),
      ['message', 'schema', 'message', 'priming'],
    );
    const system = rendered.segments[0];
    const schema = rendered.segments[1];
    assert.ok(schema.tokenStart >= system.tokenStart && schema.tokenEnd < system.tokenEnd);
    // The separator's token also holds the system text's final period.
    assert.equal(
      tokenizer.decode(rendered.ids.slice(schema.tokenStart, schema.tokenEnd)),
      '.\n\n# Response Formats\n\n## person\n\n//\nperson\n{"type":"object","properties":{"name":{"type":"string"}}}',
    );
    assert.equal(rendered.estimate, false);
  });

  test('without a system message the schema is a system message of its own; non-ASCII is escaped', async () => {
    const source = JSON.stringify({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Hi' }],
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'Reply',
          description: 'A reply',
          strict: true,
          schema: { type: 'object', properties: { text: { type: 'string', description: 'a — b' } }, required: ['text'], additionalProperties: false },
        },
      },
    });
    const { rendered, tokenizer } = await render(source);
    const schema = rendered.segments[0];
    assert.equal(schema.kind, 'schema');
    const text = '# Response Formats\n\n## Reply\n\n//\nReply\n// A reply\n{"type":"object","properties":{"text":{"type":"string","description":"a \\u2014 b"}}}';
    // <|start|>system<|message|> ... <|end|>
    assert.equal(schema.tokenEnd - schema.tokenStart, tokenizer.encode(text).length + 4);
    assert.equal(rendered.estimate, false);
  });

  test("with a json_schema format an earlier assistant answer costs the format's name and 2 tokens more, a tool-call turn none", async () => {
    const messages = [
      { role: 'system', content: 'Score titles.' },
      { role: 'user', content: 'Score "Dune".' },
      { role: 'assistant', content: '', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'lookup', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'c1', content: 'a novel' },
      { role: 'assistant', content: '{"score":4}' },
      { role: 'user', content: 'Again.' },
    ];
    const schema = { type: 'object', properties: { score: { type: 'integer' } }, required: ['score'], additionalProperties: false };
    const answerSize = async (model: string, name?: string) => {
      const response_format = name ? { type: 'json_schema', json_schema: { name, strict: true, schema } } : undefined;
      const { rendered, tokenizer } = await render(JSON.stringify({ model, messages, ...(response_format ? { response_format } : {}) }));
      const segments = rendered.segments.filter((s) => s.kind === 'message' && s.label.startsWith('assistant'));
      return { sizes: segments.map((s) => s.tokenEnd - s.tokenStart), tokenizer };
    };
    const plain = await answerSize('gpt-4o-mini');
    // Recorded: `CalculationResult` (2 tokens) 4 more, `InsightContextOutput` (3) 5 more,
    // `MultipleRootCauseAnalysisOutputPrompt` (6, gpt-4o) 8 more.
    for (const name of ['Score', 'CalculationResult', 'InsightContextOutput', 'MultipleRootCauseAnalysisOutputPrompt']) {
      const withFormat = await answerSize('gpt-4o-mini', name);
      assert.equal(withFormat.sizes[0], plain.sizes[0], 'the tool-call turn gains nothing');
      assert.equal(withFormat.sizes[1], plain.sizes[1] + withFormat.tokenizer.encode(name).length + 2, name);
    }
    // gpt-5.x as well (recorded gpt-5.4: `structured_data`, 4 more).
    const plain5 = await answerSize('gpt-5.4');
    const schema5 = await answerSize('gpt-5.4', 'structured_data');
    assert.equal(schema5.sizes[1], plain5.sizes[1] + schema5.tokenizer.encode('structured_data').length + 2);
  });

  test('a schema is written without its $schema keyword; other $ keywords than $defs/$ref flag an estimate', async () => {
    const schema = { type: 'object', properties: { is_fruit: { type: 'boolean' } }, required: ['is_fruit'], additionalProperties: false };
    const request = (model: string, api: 'chat' | 'responses', extra: object) => {
      const format = { name: 'response', strict: true, schema: { ...extra, ...schema } };
      return JSON.stringify(
        api === 'chat'
          ? { model, messages: [{ role: 'user', content: 'Is a banana a fruit?' }], response_format: { type: 'json_schema', json_schema: format } }
          : { model, input: [{ role: 'user', content: 'Is a banana a fruit?' }], text: { format: { type: 'json_schema', ...format } } },
      );
    };
    const dialect = { $schema: 'https://json-schema.org/draft/2020-12/schema' };
    for (const [model, api] of [['gpt-4.1-nano', 'chat'], ['gpt-4.1', 'responses'], ['gpt-5-nano', 'responses'], ['o4-mini', 'responses']] as const) {
      const bare = await render(request(model, api, {}));
      const withDialect = await render(request(model, api, dialect));
      assert.equal(withDialect.rendered.total, bare.rendered.total, `${model} ${api}`);
      assert.equal(withDialect.rendered.estimate, false, `${model} ${api}`);
    }
    const chat = await render(request('gpt-4.1-nano', 'chat', dialect));
    const section = chat.rendered.segments[0];
    assert.equal(
      chat.tokenizer.decode(chat.rendered.ids.slice(section.tokenStart, section.tokenEnd)),
      '<|start|>system<|message|># Response Formats\n\n## response\n\n//\nresponse\n{"type":"object","properties":{"is_fruit":{"type":"boolean"}}}<|end|>',
    );
    const withId = await render(request('gpt-4.1', 'responses', { $id: 'https://example.com/answer' }));
    assert.equal(withId.rendered.estimate, true);
    assert.match(withId.rendered.estimateReason ?? '', /meta keywords/);
  });

  test('a schema is written without maximum and maxItems, as without minimum, and they flag no estimate', async () => {
    const { rendered, tokenizer } = await render(
      JSON.stringify({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'Rate it.' }],
        response_format: {
          type: 'json_schema',
          json_schema: {
            name: 'Rating',
            strict: true,
            schema: {
              type: 'object',
              properties: {
                score: { type: 'number', minimum: 0.0, maximum: 1.0 },
                tags: { type: 'array', items: { type: 'string' }, maxItems: 1 },
              },
              required: ['score', 'tags'],
              additionalProperties: false,
            },
          },
        },
      }),
    );
    const section = rendered.segments[0];
    assert.equal(
      tokenizer.decode(rendered.ids.slice(section.tokenStart, section.tokenEnd)),
      '<|start|>system<|message|># Response Formats\n\n## Rating\n\n//\nRating\n{"type":"object","properties":{"score":{"type":"number"},"tags":{"type":"array","items":{"type":"string"}}}}<|end|>',
    );
    assert.equal(rendered.estimate, false);
  });

  test('the name written a second time is tokenized on its own, not after a space', async () => {
    // Recorded gpt-4o-mini: `sentimentanalysis` is 3 tokens alone, 2 after a space; the request counts the 3.
    const schema = { type: 'object', properties: { sentiment: { type: 'string' } }, required: ['sentiment'], additionalProperties: false };
    const { rendered, tokenizer } = await render(
      JSON.stringify({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'Great!' }],
        response_format: { type: 'json_schema', json_schema: { name: 'sentimentanalysis', strict: true, schema } },
      }),
    );
    const section = rendered.segments[0];
    const size = (text: string) => tokenizer.encode(text).length;
    assert.equal(size('sentimentanalysis'), size(' sentimentanalysis') + 1);
    const expected =
      size('# Response Formats\n\n## sentimentanalysis\n\n') + 2 + size('sentimentanalysis') + size('{"type":"object","properties":{"sentiment":{"type":"string"}}}');
    // <|start|>system<|message|> ... <|end|>
    assert.equal(section.tokenEnd - section.tokenStart, expected + 4);
  });

  test('an image in a tool result is an estimate; the same image in a user message is not', async () => {
    const image = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    const call = { id: 'call_1', type: 'function', function: { name: 'fetch', arguments: '{}' } };
    const tools = [{ type: 'function', function: { name: 'fetch', parameters: { type: 'object', properties: {} } } }];
    const request = (result: unknown[]) =>
      render(
        JSON.stringify({
          model: 'gpt-4.1-nano',
          tools,
          messages: [
            { role: 'user', content: 'Fetch it.' },
            { role: 'assistant', tool_calls: [call] },
            { role: 'tool', tool_call_id: 'call_1', content: result },
          ],
        }),
      );
    const withImage = await request([{ type: 'text', text: 'Fetched.' }, { type: 'image_url', image_url: { url: image } }]);
    assert.equal(withImage.rendered.estimate, true);
    assert.ok(withImage.rendered.estimateReasons?.includes(TOOL_RESULT_IMAGE_ESTIMATE), withImage.rendered.estimateReason);
    const textOnly = await request([{ type: 'text', text: 'Fetched.' }]);
    assert.ok(!textOnly.rendered.estimateReasons?.includes(TOOL_RESULT_IMAGE_ESTIMATE));
    const inUser = await render(
      JSON.stringify({ model: 'gpt-4.1-nano', messages: [{ role: 'user', content: [{ type: 'text', text: 'What is it?' }, { type: 'image_url', image_url: { url: image } }] }] }),
    );
    assert.ok(!inUser.rendered.estimateReasons?.includes(TOOL_RESULT_IMAGE_ESTIMATE));
  });

  test('an image in a Chat Completions tool message costs nothing on a tile model and one token less per patch on a patch model', async () => {
    // A 32x32 PNG: one 512-px tile, one 32-px patch.
    const image =
      'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAIAAAD8GO2jAAAANUlEQVR4nO3RQQ0AAAjDwIF/zyChr/16AkZSJpeq7c7HA8wfIBMhEyETIRMhEyETIRMhE4U8osUBP/btwKQAAAAASUVORK5CYII=';
    const call = { id: 'call_1', type: 'function', function: { name: 'fetch', arguments: '{}' } };
    const tools = [{ type: 'function', function: { name: 'fetch', parameters: { type: 'object', properties: {} } } }];
    // Parsed as the editor parses it, which reads the image's size from its PNG header.
    const total = async (model: string, result: unknown[]) => {
      const body = { model, tools, messages: [{ role: 'user', content: 'Fetch it.' }, { role: 'assistant', tool_calls: [call] }, { role: 'tool', tool_call_id: 'call_1', content: result }] };
      const request = parsePrompt('request.json', JSON.stringify(body), { format: 'openai-chat' });
      const resolved = resolveModel(model);
      return renderRequest(request, await loadTokenizer(resolved.encoding), resolved).total;
    };
    const text = { type: 'text', text: 'Fetched.' };
    const picture = { type: 'image_url', image_url: { url: image } };
    // gpt-4.1 (tiles): the image adds nothing; in a user message it would add 85 + 170.
    assert.equal(await total('gpt-4.1', [text, picture]), await total('gpt-4.1', [text]));
    // gpt-5-mini (patches, 1.2): ceil(1 x 1.2) + 1 = 3 in a user message, 3 - 1 = 2 here.
    assert.equal((await total('gpt-5-mini', [text, picture])) - (await total('gpt-5-mini', [text])), 2);
  });

  test('a schema with an image in a Chat Completions request is an estimate', async () => {
    const image = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    const { rendered } = await render(
      JSON.stringify({
        model: 'gpt-4.1-nano',
        messages: [{ role: 'user', content: [{ type: 'text', text: 'Is it a banana?' }, { type: 'image_url', image_url: { url: image } }] }],
        response_format: {
          type: 'json_schema',
          json_schema: { name: 'response', strict: true, schema: { type: 'object', properties: { banana: { type: 'boolean' } }, required: ['banana'], additionalProperties: false } },
        },
      }),
    );
    assert.equal(rendered.estimate, true);
    assert.match(rendered.estimateReason ?? '', /schema in a request with images/);
  });

  test('a schema with an image in a Responses request is an estimate too', async () => {
    const image = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    const format = { type: 'json_schema', name: 'response', strict: true, schema: { type: 'object', properties: { banana: { type: 'boolean' } }, required: ['banana'], additionalProperties: false } };
    const input = [{ role: 'user', content: [{ type: 'input_text', text: 'Is it a banana?' }, { type: 'input_image', image_url: image }] }];
    const withImage = await render(JSON.stringify({ model: 'gpt-4.1', input, text: { format } }));
    assert.match(withImage.rendered.estimateReason ?? '', /schema in a request with images/);
    const textOnly = await render(JSON.stringify({ model: 'gpt-4.1', input: [{ role: 'user', content: 'Is it a banana?' }], text: { format } }));
    assert.doesNotMatch(textOnly.rendered.estimateReason ?? '', /schema in a request with images/);
  });

  test('a strict schema next to function tools is measured on Chat Completions, not on the Responses API', async () => {
    const format = { name: 'Score', strict: true, schema: { type: 'object', properties: { score: { type: 'integer' } }, required: ['score'], additionalProperties: false } };
    const tool = { name: 'add', description: 'Add', parameters: { type: 'object', properties: { a: { type: 'number' } }, required: ['a'] } };
    const chat = await render(
      JSON.stringify({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'Hi' }],
        tools: [{ type: 'function', function: tool }],
        response_format: { type: 'json_schema', json_schema: format },
      }),
    );
    assert.equal(chat.rendered.estimate, false);
    const responses = await render(
      JSON.stringify({ model: 'gpt-4o-mini', input: 'Hi', tools: [{ type: 'function', ...tool }], text: { format: { type: 'json_schema', ...format } } }),
    );
    assert.match(responses.rendered.estimateReason ?? '', /Structured-output schemas/);
  });

  test('a schema that is not strict on Chat Completions is written and counted as a strict one is', async () => {
    // Recorded gpt-4o and gpt-4o-mini requests without `strict: true` count the same as strict ones.
    const schema = { type: 'object', properties: { name: { type: 'string' }, age: { type: 'integer' } }, required: ['name', 'age'], additionalProperties: false };
    const source = (json_schema: object) =>
      JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Bob is 25.' }], response_format: { type: 'json_schema', json_schema } });
    const { rendered, tokenizer } = await render(source({ name: 'PersonAge', schema }));
    const section = rendered.segments[0];
    assert.equal(
      tokenizer.decode(rendered.ids.slice(section.tokenStart, section.tokenEnd)),
      '<|start|>system<|message|># Response Formats\n\n## PersonAge\n\n//\nPersonAge\n{"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer"}}}<|end|>',
    );
    const strict = await render(source({ name: 'PersonAge', strict: true, schema }));
    assert.equal(rendered.total, strict.rendered.total);
    assert.equal(rendered.estimate, false);
  });
});

describe('rendering assistant tool calls', () => {
  const conversation = (model: string, args: string) =>
    JSON.stringify({
      model,
      messages: [
        { role: 'user', content: 'Add 2 and 2.' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'add', arguments: args } }] },
        { role: 'tool', tool_call_id: 'c1', content: '4' },
      ],
    });
  const callText = async (model: string, args: string) => {
    const { rendered, tokenizer } = await render(conversation(model, args));
    const call = rendered.segments.find((s) => s.kind === 'message' && s.messageIndex === 1)!;
    const ids = Array.from(rendered.ids.slice(call.tokenStart, call.tokenEnd));
    return { text: tokenizer.decode(ids.filter((id) => !isSyntheticId(id))), tokens: ids.length, total: rendered.total };
  };

  test('gpt-3.5-turbo (0125) and gpt-4-0125-preview frame a call as the o200k families do: functions.{name}, compact JSON, 5 tokens', async () => {
    for (const model of ['gpt-3.5-turbo', 'gpt-3.5-turbo-0125', 'gpt-4-0125-preview', 'gpt-4-turbo-preview']) {
      const pretty = await callText(model, '{\n  "a": 2,\n  "b": 2\n}');
      assert.equal(pretty.text, 'assistantfunctions.add{"a":2,"b":2}', model);
      const compact = await callText(model, '{"a":2,"b":2}');
      assert.equal(pretty.total, compact.total, 'whitespace in the arguments costs nothing');
      // <|start|> assistant <|message|> + 5 framing + functions.add (2) + {"a":2,"b":2} (9 tokens) + <|end|>
      assert.equal(compact.tokens, 3 + 5 + 2 + 9 + 1, model);
    }
  });

  test('gpt-4 (0613) and gpt-3.5-turbo-0613 frame a call as a legacy function_call: arguments as sent, 3 tokens', async () => {
    const { tokenizer } = await render(conversation('gpt-4', '{}'));
    for (const model of ['gpt-4', 'gpt-4-0613', 'gpt-3.5-turbo-0613']) {
      const pretty = await callText(model, '{\n  "a": 2\n}');
      assert.equal(pretty.text, 'assistantadd{\n  "a": 2\n}', model);
      // <|start|> assistant <|message|> + 3 framing + add + the arguments as sent + <|end|>
      assert.equal(pretty.tokens, 3 + 3 + 1 + tokenizer.count('{\n  "a": 2\n}') + 1, model);
    }
    // Arguments that are not JSON are read as sent too.
    assert.equal((await callText('gpt-4', 'Go 1.0 release date')).text, 'assistantaddGo 1.0 release date');
  });

  const messageText = async (source: string, messageIndex: number) => {
    const { rendered, tokenizer } = await render(source);
    const segment = rendered.segments.find((s) => s.kind === 'message' && s.messageIndex === messageIndex)!;
    const ids = Array.from(rendered.ids.slice(segment.tokenStart, segment.tokenEnd));
    return { text: tokenizer.decode(ids), tokens: ids.length };
  };

  test('on the o200k families a single call reads its arguments as compact JSON', async () => {
    const spaced = await callText('gpt-4o-mini', '{"a": 2, "b": 2}');
    assert.equal(spaced.text, 'assistantfunctions.add{"a":2,"b":2}');
    const empty = await callText('gpt-4o-mini', '{}');
    // <|start|> assistant <|message|> + 5 framing + functions.add (2) + {} (1) + <|end|>
    assert.equal(empty.tokens, 3 + 5 + 2 + 1 + 1);
  });

  test('on the o200k families, the 0613 and the 0125 snapshots a tool result is authored by the function it answers', async () => {
    const source = JSON.stringify({
      model: 'gpt-4o',
      messages: [
        { role: 'user', content: 'Ask the writer.' },
        { role: 'assistant', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'ask_question_to_coworker', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'c1', content: '4' },
        { role: 'tool', tool_call_id: 'unknown', content: '5' },
      ],
    });
    const answered = await messageText(source, 2);
    assert.equal(answered.text, '<|start|>ask_question_to_coworker<|message|>4<|end|>');
    assert.equal(answered.tokens, 3 + 7 + 1);
    assert.equal((await messageText(source, 3)).text, '<|start|>tool<|message|>5<|end|>', 'no matching call: the role');
    for (const model of ['gpt-4', 'gpt-4-0613', 'gpt-3.5-turbo', 'gpt-4-0125-preview']) {
      const cl100k = await messageText(source.replace('gpt-4o', model), 2);
      assert.equal(cl100k.text, '<|start|>ask_question_to_coworker<|message|>4<|end|>', model);
    }
    // Not measured for the 1106 snapshots: the role.
    const unmeasured = await messageText(source.replace('gpt-4o', 'gpt-3.5-turbo-1106'), 2);
    assert.equal(unmeasured.text, '<|start|>tool<|message|>4<|end|>');
  });

  test('gpt-3.5-turbo (0125) joins parallel results into one JSON list that escapes non-ASCII, an emoji as two \\u escapes', async () => {
    const call = (id: string, city: string) => ({ id, type: 'function', function: { name: 'get_weather', arguments: `{"city": "${city}"}` } });
    const source = JSON.stringify({
      model: 'gpt-3.5-turbo',
      messages: [
        { role: 'user', content: 'Weather in Oslo and Rome?' },
        { role: 'assistant', content: null, tool_calls: [call('c1', 'Oslo'), call('c2', 'Rome')] },
        { role: 'tool', tool_call_id: 'c1', content: 'nice 🌞' },
        { role: 'tool', tool_call_id: 'c2', content: 'rain — heavy' },
      ],
    });
    assert.match((await messageText(source, 1)).text, /multi_tool_use\.parallel\{"tool_uses":\[\{"recipient_name":"functions\.get_weather","parameters":\{"city":"Oslo"\}\}/);
    const first = await messageText(source, 2);
    const second = await messageText(source, 3);
    const list = '["nice \\ud83c\\udf1e", "rain \\u2014 heavy"]';
    assert.equal(first.text + second.text, `<|start|>tool<|message|><|call|><|call|>${list}<|end|>`);
    const { tokenizer } = await render(source);
    assert.equal(first.tokens + second.tokens, 3 + 1 + 2 + tokenizer.count(list));
  });

  test('calls joined into the parallel wrapper read compact arguments; their results are one `tool` message listing the texts as JSON', async () => {
    const call = (id: string, city: string) => ({ id, type: 'function', function: { name: 'get_weather', arguments: `{"city": "${city}"}` } });
    const source = JSON.stringify({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'user', content: 'Weather in Oslo and Rome?' },
        { role: 'assistant', tool_calls: [call('c1', 'Oslo'), call('c2', 'Rome')] },
        { role: 'tool', tool_call_id: 'c1', content: 'sunny\nwarm' },
        { role: 'tool', tool_call_id: 'c2', content: 'rain “heavy”' },
        { role: 'user', content: 'Thanks.' },
      ],
    });
    assert.match((await messageText(source, 1)).text, /multi_tool_use\.parallel\{"tool_uses":\[\{"recipient_name":"functions\.get_weather","parameters":\{"city":"Oslo"\}\}/);
    const first = await messageText(source, 2);
    const second = await messageText(source, 3);
    // One message: newlines escaped, non-ASCII kept, `", "` between the texts, 2 tokens of framing.
    assert.equal(first.text + second.text, '<|start|>tool<|message|><|call|><|call|>["sunny\\nwarm", "rain “heavy”"]<|end|>');
    const { rendered, tokenizer } = await render(source);
    const joined = tokenizer.count('["sunny\\nwarm", "rain “heavy”"]');
    assert.equal(first.tokens + second.tokens, 3 + 1 + 2 + joined);
    assert.equal((await messageText(source, 4)).text, '<|start|>user<|message|>Thanks.<|end|>');
    assert.ok(rendered.segments.some((s) => s.messageIndex === 3 && s.tokenEnd > s.tokenStart));
  });

  test('a name follows the role after a colon, tokenized with it: `:name` may merge into one token', async () => {
    const body = (model: string, role: string, name?: string, calls = false) =>
      JSON.stringify({
        model,
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'What is 2 + 2?' },
          {
            role,
            content: calls ? null : 'Four.',
            ...(name ? { name } : {}),
            ...(calls ? { tool_calls: [{ id: 'c1', type: 'function', function: { name: 'add', arguments: '{"a":2,"b":2}' } }] } : {}),
          },
          ...(calls ? [{ role: 'tool', tool_call_id: 'c1', content: '4' }] : []),
        ],
      });
    const cost = async (model: string, role: string, name: string, calls = false) => {
      const named = await render(body(model, role, name, calls));
      const bare = await render(body(model, role, undefined, calls));
      return { extra: named.rendered.total - bare.rendered.total, named, nameTokens: named.tokenizer.count(name) };
    };
    // `system:example_user` is `system`, `:`, `example`, `_user`: the name plus one token (cl100k and o200k).
    for (const model of ['gpt-4', 'gpt-4o']) {
      const few = await cost(model, 'system', 'example_user');
      assert.equal(few.extra, few.nameTokens + 1, model);
    }
    // `user:user` is `user`, `:user`: the name costs one token (recorded gpt-4.1-nano requests).
    const user = await cost('gpt-4.1-nano', 'user', 'user');
    assert.equal(user.extra, 1);
    const segment = user.named.rendered.segments.find((s) => s.kind === 'message' && s.messageIndex === 2)!;
    const ids = Array.from(user.named.rendered.ids.slice(segment.tokenStart, segment.tokenEnd));
    assert.match(user.named.tokenizer.decode(ids.filter((id) => !isSyntheticId(id))), /^user:user/);
    // `assistant:not_your_average_bostonian` merges `:not`: the name's own tokens only (recorded gpt-4o-mini requests).
    const bostonian = await cost('gpt-4o-mini', 'assistant', 'not_your_average_bostonian', true);
    assert.equal(bostonian.extra, bostonian.nameTokens);
  });

  test('gpt-5: a call turn carries 11 tokens of framing', async () => {
    const source = JSON.stringify({
      model: 'gpt-5-nano',
      messages: [
        { role: 'user', content: 'Add.' },
        { role: 'assistant', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'add', arguments: '{}' } }] },
      ],
    });
    const { tokens } = await messageText(source, 1);
    // <|start|> assistant <|message|> + 11 framing + functions.add (2) + {} (1) + <|end|>
    assert.equal(tokens, 3 + 11 + 2 + 1 + 1);
  });

  test('reasoning models: an empty-string text beside calls is no answer (no answer framing)', async () => {
    const source = (content: string | null) =>
      JSON.stringify({
        model: 'gpt-5-nano',
        messages: [
          { role: 'user', content: 'Search.' },
          { role: 'assistant', content, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'search', arguments: '{}' } }] },
        ],
      });
    assert.equal((await render(source(''))).rendered.total, (await render(source(null))).rendered.total);
  });

  test('on the o200k families an assistant message with text and calls is two turns', async () => {
    const source = (content: string | null) =>
      JSON.stringify({
        model: 'gpt-4o',
        messages: [
          { role: 'user', content: 'Hand over.' },
          { role: 'assistant', content, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'transfer', arguments: '{}' } }] },
        ],
      });
    const both = await messageText(source('Handing over.'), 1);
    assert.match(both.text, /^<\|start\|>assistant<\|message\|>Handing over\.<\|end\|><\|start\|>assistant<\|message\|>(<\|call\|>)+functions\.transfer\{\}<\|end\|>$/);
    const callOnly = await messageText(source(null), 1);
    const text = await render(JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Handing over.' }] }));
    assert.equal(both.tokens - callOnly.tokens, text.tokenizer.count('Handing over.') + 4);
  });
});

describe('predicted outputs on Chat Completions', () => {
  test('a prediction adds nothing to the count (it is billed as completion tokens)', async () => {
    const body = (prediction?: string) =>
      JSON.stringify({
        model: 'gpt-4o',
        ...(prediction ? { prediction: { type: 'content', content: prediction } } : {}),
        messages: [{ role: 'user', content: 'Shout the meaning of life.' }],
      });
    const plain = (await render(body())).rendered;
    const predicted = (await render(body('THE MEANING OF LIFE IS 42!'))).rendered;
    assert.equal(plain.estimate, false);
    assert.equal(predicted.total, plain.total, 'the prediction is billed as completion tokens');
    assert.equal(predicted.estimate, false);
  });
});

describe('search models on Chat Completions', () => {
  test('a search model bills the message contents alone: no role, no framing, no reply priming', async () => {
    const body = (model: string) =>
      JSON.stringify({ model, web_search_options: {}, messages: [{ role: 'user', content: 'What was a positive news story from today?' }] });
    for (const model of ['gpt-4o-search-preview', 'gpt-4o-mini-search-preview-2025-03-11']) {
      const { rendered, tokenizer } = await render(body(model));
      assert.equal(rendered.total, tokenizer.count('What was a positive news story from today?'), model);
      assert.equal(rendered.total, 9, model);
      assert.equal(rendered.estimate, true, 'how several messages frame is not measured');
    }
    const plain = (await render(body('gpt-4o'))).rendered;
    assert.equal(plain.total, 16, 'gpt-4o frames the same message with 7 tokens');
  });
});

describe('type lists on the Responses API', () => {
  test('a property whose type lists several types stays inline, undescribed or not, and is measured for gpt-4o-mini', async () => {
    const source = JSON.stringify({
      model: 'gpt-4o-mini',
      input: 'The address is 123 Main St.',
      tools: [
        {
          type: 'function',
          name: 'submit',
          description: 'Submit the data.',
          parameters: { type: 'object', properties: { city: { type: ['string', 'null'] }, street: { type: ['string', 'null'] } } },
        },
      ],
    });
    const { rendered, tokenizer } = await render(source);
    const tool = rendered.segments.find((s) => s.kind === 'tool')!;
    const text = tokenizer.decode(Array.from(rendered.ids.slice(tool.tokenStart, tool.tokenEnd)).filter((id) => id < 300000));
    assert.ok(text.includes('type submit = (_: { city: string | null, street: string | null }) => any;'), text);
    assert.equal(rendered.estimate, false, rendered.estimateReason);
  });
});

describe('tool_choice on Chat Completions', () => {
  test('"required" adds nothing and is counted exactly', async () => {
    const body = (toolChoice: string) =>
      JSON.stringify({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'Weather?' }],
        tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: {} } } }],
        tool_choice: toolChoice,
      });
    const required = await render(body('required'));
    const auto = await render(body('auto'));
    assert.equal(required.rendered.total, auto.rendered.total);
    assert.doesNotMatch(required.rendered.estimateReason ?? '', /tool_choice/);
  });
});

describe('tool calls flag a count only for families and APIs not measured', () => {
  const chat = (model: string) =>
    JSON.stringify({
      model,
      messages: [
        { role: 'user', content: 'Weather in Oslo?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] },
        { role: 'tool', tool_call_id: 'c1', content: '12 degrees' },
      ],
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
    });
  const responses = (model: string) =>
    JSON.stringify({
      model,
      input: [
        { role: 'user', content: 'Weather in Oslo?' },
        { type: 'function_call', call_id: 'c1', name: 'get_weather', arguments: '{"city":"Oslo"}' },
        { type: 'function_call_output', call_id: 'c1', output: '12 degrees' },
      ],
      tools: [{ type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } }],
    });
  const counted = async (source: string) => {
    const format = 'input' in JSON.parse(source) ? 'openai-responses' : 'openai-chat';
    const request = parsePrompt('request.json', source, { format });
    const resolved = resolveModel(request.model?.name);
    return renderRequest(request, await loadTokenizer(resolved.encoding), resolved);
  };
  const flagged = async (source: string) => /Assistant tool calls and tool results/.test((await counted(source)).estimateReason ?? '');

  test('Chat Completions: measured on gpt-3.5-turbo, gpt-4, gpt-4o, gpt-4.1, o3 and gpt-5 recorded calls, not on the other snapshots or o4-mini', async () => {
    for (const model of ['gpt-3.5-turbo', 'gpt-4', 'gpt-4o', 'gpt-4o-mini', 'gpt-4.1-mini', 'o3-mini', 'o3', 'gpt-5-nano']) {
      assert.equal(await flagged(chat(model)), false, model);
    }
    for (const model of ['gpt-3.5-turbo-0613', 'gpt-3.5-turbo-1106', 'gpt-4-0125-preview', 'o1', 'o4-mini', 'chatgpt-4o-latest']) {
      assert.equal(await flagged(chat(model)), true, model);
    }
  });

  test('Responses API: measured on gpt-5.x and o4-mini only', async () => {
    assert.equal(await flagged(responses('gpt-5-nano')), false);
    assert.equal((await counted(responses('gpt-5.4'))).estimate, false);
    assert.equal((await counted(responses('o4-mini'))).estimate, false);
    for (const model of ['gpt-4o', 'gpt-4.1', 'o3']) assert.equal(await flagged(responses(model)), true, model);
  });

  test('a call turn costs 11 tokens of framing on o3 as on gpt-5, 8 on o4-mini, the base 5 on o3-mini', async () => {
    const withCall = async (model: string) => (await counted(chat(model))).total;
    const callFraming = async (model: string) => (await withCall(model)) - (await withCall('o3-mini')) + 5;
    assert.equal(await callFraming('o3'), 11);
    assert.equal(await callFraming('o4-mini'), 8);
  });
});

describe('o-series function tools', () => {
  const body = (model: string, system: boolean, tools: boolean) =>
    JSON.stringify({
      model,
      messages: [...(system ? [{ role: 'system', content: 'You are a helpful assistant' }] : []), { role: 'user', content: 'Weather in Florence?' }],
      ...(tools ? { tools: [{ type: 'function', function: { name: 'weather', description: 'Get weather information for a location', parameters: { type: 'object', properties: { location: { type: 'string', description: 'the city' } }, required: ['location'] } } }] } : {}),
    });
  const toolsCost = async (model: string, system: boolean) => (await render(body(model, system, true))).rendered.total - (await render(body(model, system, false))).rendered.total;

  test('with a system message the tools cost 4 tokens more than on gpt-4o; without one, 1 more', async () => {
    assert.equal((await toolsCost('o4-mini', true)) - (await toolsCost('gpt-4o', true)), 4);
    assert.equal((await toolsCost('o3', true)) - (await toolsCost('gpt-4o', true)), 4);
    assert.equal((await toolsCost('o3-mini', false)) - (await toolsCost('gpt-4o', false)), 1);
  });

  test('on the Responses API, with a developer message, 3 more than on gpt-4o', async () => {
    const responses = (model: string, tools: boolean) =>
      JSON.stringify({
        model,
        input: [{ role: 'developer', content: 'You are a helpful assistant' }, { role: 'user', content: 'Weather in Florence?' }],
        ...(tools ? { tools: [{ type: 'function', name: 'weather', parameters: { type: 'object', properties: { location: { type: 'string' } } } }] } : {}),
      });
    const cost = async (model: string) => (await render(responses(model, true))).rendered.total - (await render(responses(model, false))).rendered.total;
    assert.equal((await cost('o4-mini')) - (await cost('gpt-4o')), 3);
  });
});

describe('rendering a Responses request', () => {
  test('instructions become the first message after the tools', async () => {
    const source = JSON.stringify({
      model: 'gpt-4.1',
      instructions: 'Answer in French.',
      input: 'What is the capital of Italy?',
      tools: [{ type: 'function', name: 'search', parameters: { type: 'object', properties: { q: { type: 'string' } } } }],
    });
    const { rendered, tokenizer } = await render(source);
    assert.deepEqual(
      rendered.segments.filter((s) => s.kind !== 'tool').map((s) => s.kind),
      ['tools', 'instructions', 'message', 'priming'],
    );
    const instructions = rendered.segments.find((s) => s.kind === 'instructions')!;
    // Unlike a Chat system message, the instructions gain no trailing newline from the tools block.
    assert.match(tokenizer.decode(rendered.ids.slice(instructions.tokenStart, instructions.tokenEnd)), /Answer in French\.<\|end\|>$/);
    // Function tools on the Responses API are measured for gpt-4.1 (23 of 26 recorded requests
    // exact, the rest put down to the recording or to tool calls) and o3; o1-mini has no recorded request.
    assert.doesNotMatch(rendered.estimateReason ?? '', /Function tools on the Responses API/);
    const o3 = await render(source.replace('gpt-4.1', 'o3'));
    assert.doesNotMatch(o3.rendered.estimateReason ?? '', /Function tools on the Responses API/);
    const o1Mini = await render(source.replace('gpt-4.1', 'o1-mini'));
    assert.match(o1Mini.rendered.estimateReason ?? '', /Function tools on the Responses API/);
  });

  async function renderResponses(body: unknown): Promise<{ rendered: RenderedPrompt; tokenizer: Tokenizer }> {
    const request = parsePrompt('request.json', JSON.stringify(body, null, 2), { format: 'openai-responses' });
    const resolved = resolveModel(request.model?.name);
    const tokenizer = await loadTokenizer(resolved.encoding);
    return { rendered: renderRequest(request, tokenizer, resolved), tokenizer };
  }

  const weatherTool = {
    type: 'function',
    name: 'get_weather',
    description: 'Get the weather',
    parameters: { type: 'object', properties: { city: { type: 'string' } } },
  };

  test('the tools block costs the same 3 framing tokens with or without a system message', async () => {
    const alone = await renderResponses({ model: 'gpt-4.1', input: 'Weather in Oslo?', tools: [weatherTool] });
    const bare = await renderResponses({ model: 'gpt-4.1', input: 'Weather in Oslo?' });
    const namespace = 'namespace functions {\n\n// Get the weather\ntype get_weather = (_: { city: string }) => any;\n\n} // namespace functions';
    assert.equal(alone.rendered.total - bare.rendered.total, 3 + alone.tokenizer.count(namespace));
    const withSystem = await renderResponses({ model: 'gpt-4.1', instructions: 'Be brief.', input: 'Weather in Oslo?', tools: [weatherTool] });
    const systemBare = await renderResponses({ model: 'gpt-4.1', instructions: 'Be brief.', input: 'Weather in Oslo?' });
    assert.equal(withSystem.rendered.total - systemBare.rendered.total, 3 + alone.tokenizer.count(namespace));
  });

  test('a tool is strict unless it says otherwise: every property reads as required', async () => {
    const { rendered, tokenizer } = await renderResponses({ model: 'gpt-4.1', input: 'Hi', tools: [weatherTool] });
    assert.match(tokenizer.decode(rendered.ids), /type get_weather = \(_: \{ city: string \}\) => any;/);
    const loose = await renderResponses({ model: 'gpt-4.1', input: 'Hi', tools: [{ ...weatherTool, strict: false }] });
    assert.match(loose.tokenizer.decode(loose.rendered.ids), /\{ city\?: string \}/);
  });

  test('a user message holding only an image costs one token more on the Responses API, not on Chat Completions', async () => {
    const image = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    const question = { role: 'user', content: [{ type: 'input_text', text: 'What is in this image?' }] };
    const alone = await renderResponses({
      model: 'gpt-4.1',
      input: [question, { role: 'user', content: [{ type: 'input_image', image_url: image }] }],
    });
    const besideText = await renderResponses({
      model: 'gpt-4.1',
      input: [question, { role: 'user', content: [{ type: 'input_text', text: '' }, { type: 'input_image', image_url: image }] }],
    });
    // One image tile (85 + 170) either way; the message of the image alone adds one token.
    assert.equal(alone.rendered.imageTokens, 255);
    assert.equal(alone.rendered.total, besideText.rendered.total + 1);
    const chat = (content: unknown[]) =>
      render(JSON.stringify({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'What is in this image?' }, { role: 'user', content }] }));
    const chatAlone = await chat([{ type: 'image_url', image_url: { url: image } }]);
    const chatBeside = await chat([{ type: 'text', text: '' }, { type: 'image_url', image_url: { url: image } }]);
    assert.equal(chatAlone.rendered.total, chatBeside.rendered.total);
  });

  test('function_call and function_call_output items: separate turns, the output authored by the function', async () => {
    const call = { type: 'function_call', call_id: 'c1', name: 'get_weather', arguments: '{"city":"Oslo"}' };
    const output = { type: 'function_call_output', call_id: 'c1', output: 'sunny' };
    const { rendered, tokenizer } = await renderResponses({
      model: 'gpt-4o-mini',
      store: false,
      input: [{ role: 'user', content: 'Weather in Oslo and Rome?' }, call, { ...call, call_id: 'c2', arguments: '{"city":"Rome"}' }, output, { ...output, call_id: 'c2', output: 'rain' }],
    });
    const text = tokenizer.decode(rendered.ids);
    assert.match(
      text,
      /<\|start\|>assistant<\|message\|><\|call\|><\|call\|>functions\.get_weather\{"city":"Oslo"\}<\|end\|><\|start\|>assistant<\|message\|><\|call\|><\|call\|>functions\.get_weather\{"city":"Rome"\}<\|end\|>/,
    );
    assert.match(text, /<\|start\|>functions\.get_weather<\|message\|>sunny<\|end\|><\|start\|>functions\.get_weather<\|message\|>rain<\|end\|>/);
    assert.doesNotMatch(text, /multi_tool_use/);
  });

  test('a function_call item read back from the store (an id the API issued, store not false) costs 3 tokens more', async () => {
    const input = (id?: string) => [
      { role: 'user', content: 'Weather in Oslo?' },
      { type: 'function_call', call_id: 'c1', name: 'get_weather', arguments: '{}', ...(id ? { id } : {}) },
      { type: 'function_call_output', call_id: 'c1', output: 'sunny' },
    ];
    const plain = await renderResponses({ model: 'gpt-4.1', input: input() });
    const issued = 'fc_05939eef746481bd00691d5f799ee88198bd7e244498e2a1b8';
    const stored = await renderResponses({ model: 'gpt-4.1', input: input(issued) });
    const notStored = await renderResponses({ model: 'gpt-4.1', store: false, input: input(issued) });
    assert.equal(stored.rendered.total - plain.rendered.total, 3);
    assert.equal(notStored.rendered.total, plain.rendered.total);
    // An id made up by the caller is not in the store: the call costs what it costs without one.
    const madeUp = await renderResponses({ model: 'gpt-4.1', input: input('fc_123') });
    assert.equal(madeUp.rendered.total, plain.rendered.total);
  });

  test('stored calls of one parallel turn (consecutive function_call items) cost no extra framing', async () => {
    const call = (callId: string, id?: string) => ({
      type: 'function_call',
      call_id: callId,
      name: 'get_weather',
      arguments: '{}',
      ...(id ? { id } : {}),
    });
    const input = (stored: boolean) => [
      { role: 'user', content: 'Weather in Oslo and Rome?' },
      call('c1', stored ? 'fc_04e1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8' : undefined),
      call('c2', stored ? 'fc_04e1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6b7c9' : undefined),
      { type: 'function_call_output', call_id: 'c1', output: 'sunny' },
      { type: 'function_call_output', call_id: 'c2', output: 'rain' },
    ];
    const plain = await renderResponses({ model: 'gpt-4.1', input: input(false) });
    const stored = await renderResponses({ model: 'gpt-4.1', input: input(true) });
    assert.equal(stored.rendered.total, plain.rendered.total);
  });

  test('gpt-4.1: tool_choice "required" with one tool counts as naming that tool', async () => {
    const body = (toolChoice: unknown) => ({ model: 'gpt-4.1', input: 'Weather?', tools: [weatherTool], tool_choice: toolChoice });
    const required = await renderResponses(body('required'));
    const named = await renderResponses(body({ type: 'function', name: 'get_weather' }));
    const auto = await renderResponses(body('auto'));
    assert.equal(required.rendered.total, named.rendered.total);
    assert.equal(required.rendered.total - auto.rendered.total, 6 + required.tokenizer.count('functions.get_weather'));
    assert.match(required.tokenizer.decode(required.rendered.ids), /functions\.get_weather<\|start\|>user/);
    assert.doesNotMatch(required.rendered.estimateReason ?? '', /tool_choice/);
    // With several tools, or on a family not measured, it stays an uncounted estimate.
    const several = await renderResponses({ ...body('required'), tools: [weatherTool, { ...weatherTool, name: 'get_time' }] });
    assert.match(several.rendered.estimateReason ?? '', /tool_choice "required"/);
    const unmeasured = await renderResponses({ ...body('required'), model: 'o3-mini' });
    assert.match(unmeasured.rendered.estimateReason ?? '', /tool_choice "required"/);
  });

  test('codex-mini-latest: a request with function tools counts one token more than on o4-mini, once', async () => {
    const tools = (count: number) => [weatherTool, { ...weatherTool, name: 'get_time' }, { ...weatherTool, name: 'tell_joke' }].slice(0, count);
    for (const count of [1, 3]) {
      const body = { input: 'Weather in Paris?', tools: tools(count) };
      const codex = await renderResponses({ ...body, model: 'codex-mini-latest' });
      const o4 = await renderResponses({ ...body, model: 'o4-mini' });
      assert.equal(codex.rendered.total - o4.rendered.total, 1);
    }
    const plainCodex = await renderResponses({ model: 'codex-mini-latest', input: 'Hello' });
    const plainO4 = await renderResponses({ model: 'o4-mini', input: 'Hello' });
    assert.equal(plainCodex.rendered.total, plainO4.rendered.total);
  });

  test('gpt-4o-mini: tool_choice "required" with one tool counts as naming that tool, as on gpt-4.1', async () => {
    // The recorded shape: one tool with empty parameters, `() => any`.
    const tool = { type: 'function', name: 'get_weather', description: 'gets the weather', parameters: {}, strict: false };
    const body = (toolChoice: unknown) => ({ model: 'gpt-4o-mini', input: "How's the weather?", tools: [tool], tool_choice: toolChoice });
    const required = await renderResponses(body('required'));
    const auto = await renderResponses(body('auto'));
    assert.equal(required.rendered.total - auto.rendered.total, 9);
    assert.match(required.tokenizer.decode(required.rendered.ids), /functions\.get_weather<\|start\|>user/);
    assert.doesNotMatch(required.rendered.estimateReason ?? '', /tool_choice/);
  });
});

describe('rendering an Anthropic request', () => {
  const source = JSON.stringify(
    {
      model: 'claude-sonnet-4-5',
      max_tokens: 1024,
      tools: [{ name: 'get_weather', description: 'Weather', input_schema: { type: 'object', properties: {} } }],
      system: [
        { type: 'text', text: 'You are a careful analyst.' },
        { type: 'text', text: 'Here is the whole handbook: ...', cache_control: { type: 'ephemeral', ttl: '1h' } },
      ],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'First question?' }] },
        { role: 'assistant', content: 'First answer.' },
        { role: 'user', content: [{ type: 'text', text: 'Second question?', cache_control: { type: 'ephemeral' } }] },
      ],
      cache_control: { type: 'ephemeral' },
    },
    null,
    2,
  );

  test('tools, system and messages in cache order, counted as an estimate', async () => {
    const { rendered } = await render(source);
    assert.deepEqual(
      rendered.segments.filter((s) => s.kind !== 'tool').map((s) => s.kind),
      ['tools', 'system', 'message', 'message', 'message'],
    );
    assert.equal(rendered.estimate, true);
    assert.match(rendered.estimateReason ?? '', /Anthropic|Claude/);
    assert.equal(rendered.blockCount, 1 + 2 + 3);
  });

  test('cache_control breakpoints end with their block; top-level cache_control marks the last block', async () => {
    const { rendered, tokenizer } = await render(source);
    assert.deepEqual(
      rendered.breakpoints.map((b) => [b.blockIndex, b.ttl, b.automatic]),
      [
        [2, '1h', false],
        [5, '5m', false],
        [5, '5m', true],
      ],
    );
    const handbookEnd = rendered.breakpoints[0].tokenEnd;
    // A block ends after the tokens Claude is estimated to need beyond o200k_base (<|≈|>).
    const decoded = (end: number) => tokenizer.decode(rendered.ids.slice(0, end)).replace(/(<\|≈\|>)+$/, '');
    assert.ok(decoded(handbookEnd).endsWith('Here is the whole handbook: ...'));
    const system = rendered.segments.find((s) => s.kind === 'system')!;
    assert.equal(handbookEnd, system.tokenEnd);
    const last = rendered.segments[rendered.segments.length - 1];
    assert.equal(rendered.breakpoints[2].tokenEnd, last.tokenEnd);
    assert.ok(decoded(rendered.breakpoints[1].tokenEnd).endsWith('Second question?'));
  });
});

describe('a structured-output schema on the Responses API', () => {
  test('is the section plus one token of framing, the name written once', async () => {
    const source = JSON.stringify({
      model: 'gpt-4o-mini',
      input: 'Say foo.',
      text: {
        format: {
          type: 'json_schema',
          name: 'Format',
          strict: true,
          schema: { type: 'object', properties: { speech: { type: 'string' } }, required: ['speech'], additionalProperties: false },
        },
      },
    });
    const { rendered, tokenizer } = await render(source);
    const schema = rendered.segments.find((s) => s.kind === 'schema')!;
    const text = '# Response Formats\n\n## Format\n\n{"type":"object","properties":{"speech":{"type":"string"}}}';
    assert.equal(schema.tokenEnd - schema.tokenStart, tokenizer.encode(text).length + 1);
    assert.equal(rendered.estimate, false);
  });
});
