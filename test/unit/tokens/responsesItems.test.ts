import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parsePrompt } from '../../../src/core/formats';
import { deflateSync } from 'node:zlib';
import { pdfPageCount } from '../../../src/core/formats/documentPages';
import { resolveModel } from '../../../src/core/tokens/models';
import { renderRequest } from '../../../src/core/tokens/render';
import type { RenderedPrompt } from '../../../src/core/tokens/rendered';
import { loadTokenizer } from '../../../src/core/tokens/tokenizer';

async function render(body: unknown, format: 'openai-responses' | 'openai-chat' = 'openai-responses'): Promise<RenderedPrompt> {
  const request = parsePrompt('request.json', JSON.stringify(body, null, 2), { format });
  const resolved = resolveModel(request.model?.name);
  return renderRequest(request, await loadTokenizer(resolved.encoding), resolved);
}

const weatherTool = {
  type: 'function',
  name: 'get_weather',
  description: 'Get the weather',
  parameters: { type: 'object', properties: { city: { type: 'string' } } },
};

/** A minimal PDF with `pages` page objects, as base64. */
function pdfBase64(pages: number): string {
  const kids = Array.from({ length: pages }, (_, i) => `${i + 3} 0 obj << /Type /Page /Parent 2 0 R >> endobj`).join('\n');
  return Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Count ${pages} >> endobj\n${kids}\n%%EOF`).toString('base64');
}

describe('Responses reasoning items', () => {
  const reasoning = (chars: number) => ({ type: 'reasoning', summary: [], encrypted_content: `gAAAAA${'x'.repeat(chars - 6)}` });

  test('a reasoning item of an earlier turn counts nothing, and the count stays exact', async () => {
    const history = [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: [{ type: 'output_text', text: 'Hello!' }] }, { role: 'user', content: 'Bye' }];
    const without = await render({ model: 'gpt-5-nano', input: history });
    const withItem = await render({ model: 'gpt-5-nano', input: [history[0], reasoning(5000), history[1], history[2]] });
    assert.equal(withItem.total, without.total);
    assert.equal(withItem.estimate, false);
  });

  test('gpt-5.6 bills reasoning items of earlier turns, estimated from the payload; so does `reasoning.context: "all_turns"`', async () => {
    const history = [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: [{ type: 'output_text', text: 'Hello!' }] }, { role: 'user', content: 'Bye' }];
    const input = [history[0], reasoning(2420), history[1], history[2]];
    for (const model of ['gpt-5.6-luna', 'gpt-5.6-terra']) {
      const without = await render({ model, input: history });
      const withItem = await render({ model, input });
      // (2,420 characters - 1,220) / 6 characters a token.
      assert.equal(withItem.total - without.total, 200, model);
      assert.equal(withItem.estimate, true);
      assert.match(withItem.estimateReason ?? '', /Reasoning items of earlier turns are billed/);
    }
    const kept = await render({ model: 'gpt-5.4', input, reasoning: { context: 'all_turns' } });
    const dropped = await render({ model: 'gpt-5.4', input });
    assert.equal(kept.total - dropped.total, 200);
    assert.equal(kept.estimate, true);
    assert.equal(dropped.estimate, false);
  });

  test('a stored earlier answer under a json_schema format: 3 tokens more on gpt-5-nano, an estimate everywhere', async () => {
    const format = { format: { type: 'json_schema', name: 'person_info', strict: true, schema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false } } };
    const answer = (id?: string) => ({ ...(id ? { id } : {}), type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: '{"name":"John"}' }] });
    const input = (id?: string) => [{ role: 'user', content: 'Name: John' }, answer(id), { role: 'user', content: 'What next?' }];
    const issued = 'msg_0a72ad71d1777e16006967e2758b7c81a2aedcde18aa1e3d6d';
    const sent = await render({ model: 'gpt-5-nano', input: input(), text: format });
    const stored = await render({ model: 'gpt-5-nano', input: input(issued), text: format });
    assert.equal(stored.total - sent.total, 3);
    assert.equal(stored.estimate, true);
    assert.match(stored.estimateReason ?? '', /reads back from its store/);
    assert.equal(sent.estimate, false);
    // Not stored (`store: false`), or no schema: as sent.
    const unstored = await render({ model: 'gpt-5-nano', input: input(issued), text: format, store: false });
    assert.equal(unstored.total, (await render({ model: 'gpt-5-nano', input: input(), text: format, store: false })).total);
    assert.equal(unstored.estimate, false);
    const plain = await render({ model: 'gpt-5-nano', input: input(issued) });
    assert.equal(plain.estimate, false);
    // Elsewhere not measured: labelled, nothing added.
    const point = await render({ model: 'gpt-5.4', input: input(issued), text: format });
    assert.equal(point.total, (await render({ model: 'gpt-5.4', input: input(), text: format })).total);
    assert.equal(point.estimate, true);
  });

  test('`reasoning.mode: "pro"` and input items of a type not measured make the count an estimate', async () => {
    const pro = await render({ model: 'gpt-5.6-terra', input: 'Review this.', reasoning: { effort: 'max', mode: 'pro' } });
    assert.equal(pro.estimate, true);
    assert.match(pro.estimateReason ?? '', /mode: "pro"/);
    const plain = await render({ model: 'gpt-5.6-terra', input: 'Review this.', reasoning: { effort: 'max' } });
    assert.equal(plain.estimate, false);
    const additional = await render({
      model: 'gpt-5-nano',
      input: [{ role: 'user', content: 'Use the tools.' }, { type: 'additional_tools', role: 'developer', tools: [weatherTool] }],
    });
    assert.equal(additional.estimate, true);
    assert.match(additional.estimateReason ?? '', /additional_tools/);
  });

  test('a reasoning item of the running function-calling loop is estimated from its payload', async () => {
    const call = { type: 'function_call', call_id: 'c1', name: 'get_weather', arguments: '{"city":"Oslo"}' };
    const output = { type: 'function_call_output', call_id: 'c1', output: 'sunny' };
    const base = { model: 'gpt-5-nano', store: false, tools: [weatherTool] };
    const without = await render({ ...base, input: [{ role: 'user', content: 'Weather in Oslo?' }, call, output] });
    const withItem = await render({ ...base, input: [{ role: 'user', content: 'Weather in Oslo?' }, reasoning(2420), call, output] });
    // (2,420 payload characters - 1,220) / 6 characters a token.
    assert.equal(withItem.total - without.total, 200);
    assert.match(withItem.estimateReason ?? '', /reasoning item/);
  });
});

describe('gpt-5.x function tools on the Responses API', () => {
  /** What one call and its output add to a request with the same user message and tool. */
  const oneCall = [
    { role: 'user', content: 'Weather in Oslo?' },
    { type: 'function_call', call_id: 'c1', name: 'get_weather', arguments: '{"city":"Oslo"}' },
    { type: 'function_call_output', call_id: 'c1', output: 'sunny' },
  ];
  const roundTrip = async (model: string) =>
    (await render({ model, store: false, tools: [weatherTool], input: oneCall })).total -
    (await render({ model, store: false, tools: [weatherTool], input: [oneCall[0]] })).total;

  test('the tools cost 6 tokens of instructions beyond the block, 78 more with parallel_tool_calls false', async () => {
    const bare = await render({ model: 'gpt-5-nano', input: 'Weather in Oslo?' });
    const tools = await render({ model: 'gpt-5-nano', input: 'Weather in Oslo?', tools: [weatherTool] });
    const gpt41 = await render({ model: 'gpt-4.1', input: 'Weather in Oslo?', tools: [weatherTool] });
    const gpt41Bare = await render({ model: 'gpt-4.1', input: 'Weather in Oslo?' });
    // gpt-4.1 writes the same block with 3 framing tokens and no instructions.
    assert.equal(tools.total - bare.total - (gpt41.total - gpt41Bare.total), 6);
    const serial = await render({ model: 'gpt-5-nano', input: 'Weather in Oslo?', tools: [weatherTool], parallel_tool_calls: false });
    assert.equal(serial.total - tools.total, 78);
  });

  test('parallel_tool_calls false costs 3 tokens on gpt-4o Responses, still an estimate (one source)', async () => {
    const handoff = { type: 'function', name: 'transfer_to_math_tutor', description: 'Handoff', strict: true,
      parameters: { type: 'object', properties: {}, required: [], additionalProperties: false } };
    const body = { model: 'gpt-4o', instructions: 'Route the question', input: 'What is 2+2?', tools: [handoff] };
    const parallel = await render(body);
    const serial = await render({ ...body, parallel_tool_calls: false });
    assert.equal(serial.total - parallel.total, 3);
    assert.match(serial.estimateReason ?? '', /one source/);
    const chat = (extra: object) =>
      render({ model: 'gpt-4o', messages: [{ role: 'user', content: 'What is 2+2?' }], tools: [{ type: 'function', function: weatherTool }], ...extra }, 'openai-chat');
    assert.equal((await chat({ parallel_tool_calls: false })).total, (await chat({})).total);
  });

  test('parallel_tool_calls false where it is not measured is an estimate', async () => {
    const rendered = await render({ model: 'gpt-4.1', input: 'Weather in Oslo?', tools: [weatherTool], parallel_tool_calls: false });
    assert.match(rendered.estimateReason ?? '', /parallel_tool_calls/);
  });

  test('tool_choice none and required add nothing', async () => {
    const auto = await render({ model: 'gpt-5.4', input: 'Weather?', tools: [weatherTool] });
    for (const choice of ['none', 'required']) {
      const rendered = await render({ model: 'gpt-5.4', input: 'Weather?', tools: [weatherTool], tool_choice: choice });
      assert.equal(rendered.total, auto.total, choice);
      assert.doesNotMatch(rendered.estimateReason ?? '', /tool_choice "required"/);
    }
  });

  test('a tool named in tool_choice costs nothing on gpt-5 and o3, and is written on gpt-4.1', async () => {
    const named = { type: 'function', name: 'get_weather' };
    for (const model of ['gpt-5', 'o3']) {
      const auto = await render({ model, input: 'Weather?', tools: [weatherTool] });
      const forced = await render({ model, input: 'Weather?', tools: [weatherTool], tool_choice: named });
      assert.equal(forced.total, auto.total, model);
    }
    const auto = await render({ model: 'gpt-4.1', input: 'Weather?', tools: [weatherTool] });
    const forced = await render({ model: 'gpt-4.1', input: 'Weather?', tools: [weatherTool], tool_choice: named });
    // 6 tokens of framing and `functions.get_weather` (3 tokens).
    assert.equal(forced.total - auto.total, 9);
  });

  test('a function_call_output costs 9 tokens more than on gpt-4.1', async () => {
    assert.equal((await roundTrip('gpt-5.4')) - (await roundTrip('gpt-4.1')), 9);
  });

  test('on gpt-5, gpt-5-mini and gpt-5-nano a round trip costs 6 more than on gpt-4.1 without a system message too', async () => {
    for (const model of ['gpt-5', 'gpt-5-mini', 'gpt-5-nano']) {
      assert.equal((await roundTrip(model)) - (await roundTrip('gpt-4.1')), 6, model);
    }
    assert.equal((await roundTrip('gpt-5.6')) - (await roundTrip('gpt-4.1')), 9);
  });

  test('with a developer message a round trip costs 6 more than on gpt-4o (9 on the point releases), per round trip, and is exact', async () => {
    const developer = { role: 'developer', content: 'You are a helpful assistant' };
    const user = { role: 'user', content: [{ type: 'input_text', text: "What's the weather in Florence,Italy?" }] };
    const call = (id: string, city: string) => ({ type: 'function_call', call_id: id, name: 'get_weather', arguments: `{"city":"${city}"}` });
    const out = (id: string) => ({ type: 'function_call_output', call_id: id, output: '40 C' });
    const cost = async (model: string, items: unknown[]) =>
      (await render({ model, store: false, tools: [weatherTool], input: [developer, user, ...items] })).total -
      (await render({ model, store: false, tools: [weatherTool], input: [developer, user] })).total;
    const one = [call('c1', 'Florence'), out('c1')];
    const two = [call('c1', 'Florence'), call('c2', 'Rome'), out('c1'), out('c2')];
    for (const model of ['gpt-5', 'gpt-5-mini']) {
      assert.equal((await cost(model, one)) - (await cost('gpt-4o', one)), 6, model);
      assert.equal((await cost(model, two)) - (await cost('gpt-4o', two)), 12, model);
    }
    // gpt-5.4: 9 a round trip, and 5 more for each of the two calls of a parallel turn.
    assert.equal((await cost('gpt-5.4', one)) - (await cost('gpt-4o', one)), 9);
    assert.equal((await cost('gpt-5.4', two)) - (await cost('gpt-4o', two)), 28);
    const sequential = [call('c1', 'Florence'), out('c1'), call('c2', 'Rome'), out('c2')];
    assert.equal((await cost('gpt-5.4', sequential)) - (await cost('gpt-4o', sequential)), 18);
    const rendered = await render({ model: 'gpt-5', store: false, tools: [weatherTool], input: [developer, user, ...one] });
    assert.equal(rendered.estimate, false);
  });
});

describe('file inputs', () => {
  test('the page count of an inline PDF', () => {
    assert.equal(pdfPageCount(pdfBase64(3)), 3);
    assert.equal(pdfPageCount(Buffer.from('not a pdf').toString('base64')), undefined);
  });

  test('the page count of a PDF whose page objects sit in a compressed object stream (PDF 1.5)', () => {
    const objects = deflateSync(Buffer.from('3 0 4 42 << /Type /Page /Parent 2 0 R >> << /Type /Page /Parent 2 0 R >>', 'latin1'));
    const pdf = Buffer.concat([
      Buffer.from('%PDF-1.5\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Count 2 >> endobj\n'),
      Buffer.from(`5 0 obj << /Type /ObjStm /N 2 /First 8 /Filter /FlateDecode /Length ${objects.length} >> stream\n`),
      objects,
      Buffer.from('\nendstream endobj\n%%EOF'),
    ]);
    assert.equal(pdfPageCount(pdf.toString('base64')), 2);
  });

  /** A PDF whose pages each show `text` (an uncompressed content stream per page). */
  const pdfWithText = (pages: number, text: string) => {
    const objects = [`1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj`, `2 0 obj << /Type /Pages /Count ${pages} >> endobj`];
    for (let i = 0; i < pages; i++) {
      const stream = `BT /F1 12 Tf 72 700 Td (${text}) Tj ET`;
      objects.push(`${3 + 2 * i} 0 obj << /Type /Page /Parent 2 0 R /Contents ${4 + 2 * i} 0 R >> endobj`);
      objects.push(`${4 + 2 * i} 0 obj << /Length ${stream.length} >> stream\n${stream}\nendstream endobj`);
    }
    return Buffer.from(`%PDF-1.4\n${objects.join('\n')}\n%%EOF`).toString('base64');
  };
  const text = 'The quarterly report shows revenue grew by twelve percent.';

  test('a PDF input_file on the Responses API costs the text its pages show plus 16 tokens a page, an estimate', async () => {
    const tokenizer = await loadTokenizer('o200k_base');
    const pageText = tokenizer.count(text);
    const bare = await render({ model: 'gpt-5-nano', input: [{ role: 'user', content: [{ type: 'input_text', text: 'Summarise' }] }] });
    const withPdf = await render({
      model: 'gpt-5-nano',
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'Summarise' }, { type: 'input_file', filename: 'a.pdf', file_data: `data:application/pdf;base64,${pdfWithText(2, text)}` }] }],
    });
    assert.equal(withPdf.total - bare.total, 2 * pageText + 2 * 16);
    assert.match(withPdf.estimateReason ?? '', /text its pages show/);
    // A PDF whose pages show no text costs the framing alone, never its base64 as text.
    const blank = await render({
      model: 'gpt-5-nano',
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'Summarise' }, { type: 'input_file', filename: 'a.pdf', file_data: `data:application/pdf;base64,${pdfBase64(3)}` }] }],
    });
    assert.equal(blank.total - bare.total, 3 * 16);
  });

  test('PDF files on Chat Completions: the text plus 20 tokens a page, and 195 once for the message carrying them', async () => {
    const tokenizer = await loadTokenizer('o200k_base');
    const pageText = tokenizer.count(text);
    const file = { type: 'file', file: { filename: 'a.pdf', file_data: `data:application/pdf;base64,${pdfWithText(1, text)}` } };
    const bare = await render({ model: 'gpt-4.1-nano', messages: [{ role: 'user', content: [{ type: 'text', text: 'Compare' }] }] }, 'openai-chat');
    const one = await render({ model: 'gpt-4.1-nano', messages: [{ role: 'user', content: [{ type: 'text', text: 'Compare' }, file] }] }, 'openai-chat');
    const two = await render({ model: 'gpt-4.1-nano', messages: [{ role: 'user', content: [{ type: 'text', text: 'Compare' }, file, file] }] }, 'openai-chat');
    assert.equal(one.total - bare.total, pageText + 20 + 195);
    assert.equal(two.total - bare.total, 2 * (pageText + 20) + 195);
    assert.equal(two.estimate, true);
  });

  test('a DOCX input_file is not counted and says so', async () => {
    const rendered = await render({
      model: 'gpt-5-nano',
      input: [{ role: 'user', content: [{ type: 'input_file', filename: 'a.docx', file_data: `data:application/vnd.openxmlformats-officedocument.wordprocessingml.document;base64,${Buffer.from('PK\u0003\u0004 lots of zipped text').toString('base64')}` }] }],
    });
    assert.ok(rendered.total < 15);
    assert.match(rendered.estimateReason ?? '', /file input/);
  });
});

describe('shapes whose framing is not pinned are estimates', () => {
  test('search-preview models on Chat Completions', async () => {
    const rendered = await render({ model: 'gpt-4o-mini-search-preview', messages: [{ role: 'user', content: 'Latest Ruby?' }], web_search_options: {} }, 'openai-chat');
    assert.equal(rendered.estimate, true);
    assert.match(rendered.estimateReason ?? '', /[Ss]earch/);
  });

  test('a reasoning model\'s structured-output schema on Chat Completions: measured on gpt-5.x and o4-mini without tools only', async () => {
    const response_format = { type: 'json_schema', json_schema: { name: 'Book', strict: true, schema: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false } } };
    const messages = [{ role: 'user', content: 'Hi' }];
    for (const model of ['gpt-5', 'gpt-5.4', 'o4-mini']) {
      assert.equal((await render({ model, messages, response_format }, 'openai-chat')).estimate, false, model);
    }
    assert.equal((await render({ model: 'o3', messages, response_format }, 'openai-chat')).estimate, true);
    const tools = [{ type: 'function', function: { name: 'add', description: 'Add', parameters: { type: 'object', properties: { a: { type: 'number' } } } } }];
    const withTools = await render({ model: 'gpt-5', messages, tools, response_format }, 'openai-chat');
    assert.match(withTools.estimateReason ?? '', /Structured-output schemas/);
  });
});

describe('structured outputs on the Responses API', () => {
  const schema = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false };
  const schemaText = (rendered: RenderedPrompt) => {
    const segment = rendered.segments.find((s) => s.kind === 'schema');
    assert.ok(segment);
    return segment.tokenEnd - segment.tokenStart;
  };

  test('a text.format without `strict`, or with `strict: false`, counts as a strict one: written without required and additionalProperties, measured', async () => {
    const unset = await render({ model: 'gpt-4o', input: 'Hi', text: { format: { type: 'json_schema', name: 'Book', schema } } });
    const strict = await render({ model: 'gpt-4o', input: 'Hi', text: { format: { type: 'json_schema', name: 'Book', strict: true, schema } } });
    const loose = await render({ model: 'gpt-4o', input: 'Hi', text: { format: { type: 'json_schema', name: 'Book', strict: false, schema } } });
    assert.equal(unset.total, strict.total);
    assert.equal(unset.estimate, false);
    // `strict: false` is written the same way, as on Chat Completions (2 recorded gpt-4o-mini
    // requests of 2 sources, both exact: braintrust-sdk-javascript/ai-sdk-v5-latest-1,
    // dd-trace-js-history/openai-responses-post-2a4f633b-0).
    assert.equal(loose.total, strict.total);
    assert.equal(loose.estimate, false);
  });

  test('reasoning models frame the section with no token of its own (one less than gpt-4o), measured', async () => {
    const format = { type: 'json_schema', name: 'Book', strict: true, schema };
    for (const model of ['gpt-5', 'gpt-5-nano', 'o4-mini']) {
      const rendered = await render({ model, input: 'Hi', text: { format } });
      assert.equal(schemaText(rendered), schemaText(await render({ model: 'gpt-4o', input: 'Hi', text: { format } })) - 1, model);
      assert.equal(rendered.estimate, false, model);
    }
  });

  test('on Chat Completions reasoning models do not write the format name a second time', async () => {
    const response_format = { type: 'json_schema', json_schema: { name: 'Book', strict: true, schema } };
    const body = (model: string) => ({ model, messages: [{ role: 'user', content: 'Hi' }], response_format });
    const gpt4o = await render(body('gpt-4o'), 'openai-chat');
    for (const model of ['gpt-5', 'o4-mini']) {
      assert.equal(schemaText(await render(body(model), 'openai-chat')), schemaText(gpt4o) - 3, model);
    }
  });
});

describe('Images on the Responses API', () => {
  /** A PNG header of the given size (all the counter reads), as a data URL. */
  const png = (width: number, height: number) => {
    const b = Buffer.alloc(33);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0);
    b.writeUInt32BE(13, 8);
    b.write('IHDR', 12, 'ascii');
    b.writeUInt32BE(width, 16);
    b.writeUInt32BE(height, 20);
    return `data:image/png;base64,${b.toString('base64')}`;
  };

  test('on gpt-5-nano a 128x128 image (16 patches x 1.5) costs 24 on Responses, 25 on Chat Completions', async () => {
    const url = png(128, 128);
    const responses = await render({ model: 'gpt-5-nano', input: [{ role: 'user', content: [{ type: 'input_text', text: 'What do you see in this image?' }, { type: 'input_image', image_url: url }] }] });
    assert.equal(responses.imageTokens, 24);
    assert.equal(responses.total, 38);
    const chat = await render({ model: 'gpt-5-nano', messages: [{ role: 'user', content: [{ type: 'text', text: 'What do you see in this image?' }, { type: 'image_url', image_url: { url } }] }] }, 'openai-chat');
    assert.equal(chat.imageTokens, 25);
  });

  test('on gpt-5-mini a 330x291 image whose detail is stated costs 110 x 1.2 + 1 = 133 on both APIs', async () => {
    const url = png(330, 291);
    const text = { type: 'input_text', text: 'What fruit is it? Reply with only one word.' };
    const responses = await render({ model: 'gpt-5-mini', input: [{ type: 'message', role: 'user', content: [text, { type: 'input_image', image_url: url, detail: 'auto' }] }] });
    assert.equal(responses.imageTokens, 133);
    assert.equal(responses.total, 150);
    const chat = await render({ model: 'gpt-5-mini', messages: [{ role: 'user', content: [{ type: 'text', text: text.text }, { type: 'image_url', image_url: { url } }] }] }, 'openai-chat');
    assert.equal(chat.imageTokens, 133);
    assert.equal(chat.total, 150);
  });

  test('gpt-5.4, gpt-5.5 and gpt-5.6 count a 330x291 image in patches as gpt-5-mini does (133), not in tiles (210)', async () => {
    for (const model of ['gpt-5.4', 'gpt-5.4-nano', 'gpt-5.5', 'gpt-5.6-sol']) {
      const rendered = await render({ model, input: [{ role: 'user', content: [{ type: 'input_image', image_url: png(330, 291), detail: 'auto' }] }] });
      assert.equal(rendered.imageTokens, 133, model);
      assert.match(rendered.estimateReason ?? '', /not confirmed/, model);
    }
  });

  test('gpt-5.1 counts an image in tiles as gpt-5 does: a 200x200 image costs 70 + 140, where gpt-5.2 counts 60 in patches', async () => {
    const message = (model: string) => ({ model, messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: png(200, 200) } }] }] });
    const older = await render(message('gpt-5.1'), 'openai-chat');
    assert.equal(older.imageTokens, 210);
    assert.match(older.estimateReason ?? '', /not confirmed/);
    assert.equal((await render(message('gpt-5'), 'openai-chat')).imageTokens, 210);
    assert.equal((await render(message('gpt-5.2'), 'openai-chat')).imageTokens, 60); // 49 patches x 1.2, rounded, + 1
  });

  test('gpt-5.2-chat-latest counts a 330x291 image 23 tokens more on Chat Completions (173 in all), not on Responses', async () => {
    const url = png(330, 291);
    const text = 'What fruit is it? Reply with only one word.';
    const chat = await render({ model: 'gpt-5.2-chat-latest', messages: [{ role: 'user', content: [{ type: 'text', text }, { type: 'image_url', image_url: { url } }] }] }, 'openai-chat');
    assert.equal(chat.imageTokens, 133 + 23);
    assert.equal(chat.total, 173);
    assert.equal(chat.estimate, true);
    const responses = await render({ model: 'gpt-5.2-chat-latest', input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text }, { type: 'input_image', image_url: url, detail: 'auto' }] }] });
    assert.equal(responses.imageTokens, 133);
  });

  test('gpt-4.1-nano keeps its image token on Responses', async () => {
    const rendered = await render({ model: 'gpt-4.1-nano', input: [{ role: 'user', content: [{ type: 'input_image', image_url: png(128, 128) }] }] });
    assert.equal(rendered.imageTokens, 41);
  });
});

describe('A function-calling loop closed by an answer (gpt-5.x, Responses)', () => {
  const call = { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Berlin"}' };
  const output = { type: 'function_call_output', call_id: 'call_1', output: '15°C' };
  const answer = { role: 'assistant', content: [{ type: 'output_text', text: 'It is 15°C in Berlin.' }] };
  const outputTokens = (rendered: RenderedPrompt) => {
    const segment = rendered.segments.find((s) => s.label === 'tool');
    assert.ok(segment, rendered.segments.map((s) => s.label).join(', '));
    return segment.tokenEnd - segment.tokenStart;
  };

  test('on the point releases the output costs the same open or closed, with or without a developer message or instructions', async () => {
    const user = { role: 'user', content: 'Weather in Berlin?' };
    const next = { role: 'user', content: 'And Paris?' };
    const reasoning = { type: 'reasoning', summary: [], encrypted_content: 'gAAAAAxxxx' };
    const open = await render({ model: 'gpt-5.4', tools: [weatherTool], input: [user, call, output] });
    const closed = await render({ model: 'gpt-5.4', tools: [weatherTool], input: [user, call, output, reasoning, answer, next] });
    assert.equal(outputTokens(open), outputTokens(closed));
    const developer = { role: 'developer', content: 'Be brief.' };
    const openWithDeveloper = await render({ model: 'gpt-5.4', tools: [weatherTool], input: [developer, user, call, output] });
    assert.equal(outputTokens(open), outputTokens(openWithDeveloper));
    const withInstructions = await render({ model: 'gpt-5.4', instructions: 'Be brief.', tools: [weatherTool], input: [user, call, output] });
    assert.equal(outputTokens(open), outputTokens(withInstructions));
    // 9 tokens more than gpt-4.1's output framing, where gpt-5-nano's is 6 more.
    const older = await render({ model: 'gpt-4.1', tools: [weatherTool], input: [user, call, output] });
    const nano = await render({ model: 'gpt-5-nano', tools: [weatherTool], input: [user, call, output] });
    assert.equal(outputTokens(openWithDeveloper) - outputTokens(older), 3 + (outputTokens(nano) - outputTokens(older)));
  });

  test('gpt-5-nano frames the output alike, open or closed, with or without a developer message', async () => {
    const user = { role: 'user', content: 'Weather in Berlin?' };
    const next = { role: 'user', content: 'And Paris?' };
    const open = await render({ model: 'gpt-5-nano', tools: [weatherTool], input: [user, call, output] });
    const closed = await render({ model: 'gpt-5-nano', tools: [weatherTool], input: [user, call, output, answer, next] });
    const withDeveloper = await render({ model: 'gpt-5-nano', tools: [weatherTool], input: [{ role: 'developer', content: 'Be brief.' }, user, call, output] });
    assert.equal(outputTokens(open), outputTokens(closed));
    assert.equal(outputTokens(open), outputTokens(withDeveloper));
  });
});

test('a gpt-5 tile-counted image on Responses takes the same one token off unless its detail is stated, flagged an estimate', async () => {
  const url = 'https://example.com/a.png';
  const withoutDetail = await render({ model: 'gpt-5', input: [{ role: 'user', content: [{ type: 'input_image', image_url: url }] }] });
  assert.equal(withoutDetail.imageTokens, 70 + 140 - 1);
  assert.match(withoutDetail.estimateReason ?? '', /image size unknown/);
  const low = await render({ model: 'gpt-5', input: [{ role: 'user', content: [{ type: 'input_image', image_url: url, detail: 'low' }] }] });
  assert.equal(low.imageTokens, 70);
  assert.match(low.estimateReason ?? '', /different number of tokens than on Chat Completions/);
});

describe('custom tools', () => {
  const grammar = { type: 'grammar', syntax: 'lark', definition: '\nstart: expr\nexpr: INT\n' };
  test('a Responses custom tool is written in the functions namespace, its count flagged an estimate', async () => {
    const bare = await render({ model: 'gpt-5', input: 'Add four and four.' });
    const custom = await render({
      model: 'gpt-5',
      input: 'Add four and four.',
      tools: [{ type: 'custom', name: 'math_exp', description: 'Creates valid mathematical expressions', format: grammar }],
    });
    const tool = custom.segments.find((s) => s.kind === 'tool');
    assert.equal(tool?.label, 'tool math_exp');
    assert.ok(custom.total - bare.total > 60);
    assert.match(custom.estimateReason ?? '', /FREEFORM/);
    assert.doesNotMatch(custom.estimateReason ?? '', /Built-in tools/);
  });

  test('Chat Completions nests the grammar under `grammar` and counts the same block', async () => {
    const definition = { name: 'math_exp', description: 'Creates valid mathematical expressions' };
    const responses = await render({ model: 'gpt-5', input: 'Add four and four.', tools: [{ type: 'custom', ...definition, format: grammar }] });
    const responsesBare = await render({ model: 'gpt-5', input: 'Add four and four.' });
    const chatFormat = { type: 'grammar', grammar: { syntax: 'lark', definition: grammar.definition } };
    const chat = await render(
      { model: 'gpt-5', messages: [{ role: 'user', content: 'Add four and four.' }], tools: [{ type: 'custom', custom: { ...definition, format: chatFormat } }] },
      'openai-chat',
    );
    const chatFunction = await render(
      { model: 'gpt-5', messages: [{ role: 'user', content: 'Add four and four.' }], tools: [{ type: 'function', function: { ...definition, parameters: { type: 'object', properties: {} } } }] },
      'openai-chat',
    );
    const responsesFunction = await render({ model: 'gpt-5', input: 'Add four and four.', tools: [{ type: 'function', ...definition, parameters: { type: 'object', properties: {} } }] });
    // The grammar and instructions cost the same on both APIs, whatever the API's tools framing.
    assert.equal(chat.total - chatFunction.total, responses.total - responsesFunction.total);
    assert.ok(responses.total > responsesBare.total);
  });
});

test('gpt-5.x on Chat Completions: a tool named in tool_choice costs nothing, as "required" does', async () => {
  const tool = { type: 'function', function: { name: 'weather', description: 'Gets current weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } };
  const body = (tool_choice?: unknown) => ({ model: 'gpt-5-nano', messages: [{ role: 'user', content: 'Weather?' }], tools: [tool], ...(tool_choice ? { tool_choice } : {}) });
  const auto = await render(body(), 'openai-chat');
  const named = await render(body({ type: 'function', function: { name: 'weather' } }), 'openai-chat');
  const required = await render(body('required'), 'openai-chat');
  assert.equal(named.total, auto.total);
  assert.equal(required.total, auto.total);
  // gpt-4.1 writes the choice: 6 tokens and `functions.weather`.
  const older = await render({ ...body({ type: 'function', function: { name: 'weather' } }), model: 'gpt-4.1' }, 'openai-chat');
  const olderAuto = await render({ ...body(), model: 'gpt-4.1' }, 'openai-chat');
  assert.ok(older.total > olderAuto.total);
});
