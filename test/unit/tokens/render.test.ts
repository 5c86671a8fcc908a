import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resolveModel } from '../../../src/core/tokens/models';
import type { RenderedPrompt } from '../../../src/core/tokens/rendered';
import { renderRequest } from '../../../src/core/tokens/render';
import { isSyntheticId } from '../../../src/core/tokens/syntheticIds';
import { loadTokenizer, type Tokenizer } from '../../../src/core/tokens/tokenizer';
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

  test('the counts of a known model are exact; an unknown one says so', async () => {
    const nested = (await render(chatSource)).rendered;
    assert.equal(nested.estimate, true, 'a nested tool schema is not pinned by recorded usage');
    assert.match(nested.estimateReason ?? '', /nested objects/);
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
      '.\n\n# Response Formats\n\n## person\n\n// person\n{"type":"object","properties":{"name":{"type":"string"}}}',
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
    const text = '# Response Formats\n\n## Reply\n\n// Reply\n// A reply\n{"type":"object","properties":{"text":{"type":"string","description":"a \\u2014 b"}}}';
    // <|start|>system<|message|> ... <|end|>
    assert.equal(schema.tokenEnd - schema.tokenStart, tokenizer.encode(text).length + 4);
    assert.equal(rendered.estimate, false);
  });

  test('a schema that is not strict is written as given, as an estimate', async () => {
    const source = JSON.stringify({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Ann is 31.' }],
      response_format: { type: 'json_schema', json_schema: { name: 'person', schema: { type: 'object', required: ['name'] } } },
    });
    const { rendered, tokenizer } = await render(source);
    const schema = rendered.segments[0];
    assert.match(tokenizer.decode(rendered.ids.slice(schema.tokenStart, schema.tokenEnd)), /\{"type":"object","required":\["name"\]\}/);
    assert.equal(rendered.estimate, true);
    assert.match(rendered.estimateReason ?? '', /Structured-output schemas/);
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
    assert.match(tokenizer.decode(rendered.ids.slice(instructions.tokenStart, instructions.tokenEnd)), /Answer in French\.\n/);
    assert.match(rendered.estimateReason ?? '', /Responses API/);
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
