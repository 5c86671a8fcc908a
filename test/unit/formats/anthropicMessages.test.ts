import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePrompt } from '../../../src/core/formats';
import { assertMapsToSource, readFixture, textPiece } from './fixtures';

describe('Anthropic Messages request', () => {
  it('reads the prompt caching guide example with its system breakpoint', () => {
    const source = readFixture('anthropic-prompt-caching.json');
    const request = parsePrompt('anthropic-prompt-caching.json', source);
    assert.equal(request.format, 'anthropic-messages');
    assert.equal(request.api, 'anthropic');
    assert.equal(request.model?.name, 'claude-opus-4-6');
    assert.equal(request.model?.provider, 'anthropic');
    assert.equal(request.system?.length, 2);
    const intro = textPiece(request.system![0]);
    assert.ok(intro.text.endsWith('writing style.\n'), 'the \\n escape is decoded');
    assertMapsToSource(intro, source);
    assert.equal(intro.offsets![intro.text.length - 1], source.indexOf('\\n"'));
    assert.equal(request.system![0].breakpoint, undefined);
    const book = request.system![1];
    assert.equal(textPiece(book).text, '<the entire contents of Pride and Prejudice>');
    assert.deepEqual(book.breakpoint && { type: book.breakpoint.type, ttl: book.breakpoint.ttl }, { type: 'ephemeral', ttl: undefined });
    assert.equal(source.slice(book.breakpoint!.range!.start, book.breakpoint!.range!.end), '{"type": "ephemeral"}');
    assert.deepEqual(request.messages.map((m) => m.role), ['user']);
    assert.equal(textPiece(request.messages[0].parts[0]).text, 'Analyze the major themes in Pride and Prejudice.');
    assert.deepEqual(request.parameters, { max_tokens: 1024 });
    assert.equal(request.topLevelCacheControl, undefined);
  });

  it('reads tools, tool_use/tool_result blocks, images, TTLs and top-level cache_control', () => {
    const source = JSON.stringify({
      model: 'claude-sonnet-4-5',
      max_tokens: 512,
      cache_control: { type: 'ephemeral' },
      tools: [
        { name: 'get_order', description: 'Look up an order', input_schema: { type: 'object' }, cache_control: { type: 'ephemeral', ttl: '1h' } },
        { type: 'web_search_20250305', name: 'web_search' },
      ],
      system: 'You are Ada, the support assistant.',
      messages: [
        { role: 'user', content: [
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
          { type: 'text', text: 'Where is order 42?', cache_control: { type: 'ephemeral', ttl: '5m' } },
        ] },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'tu_1', name: 'get_order', input: { id: 42 } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'tu_1', content: 'shipped' }] },
      ],
    });
    const request = parsePrompt('claude.json', source);
    assert.equal(request.format, 'anthropic-messages');
    assert.equal(request.topLevelCacheControl?.type, 'ephemeral');
    assert.deepEqual(request.tools.map((t) => [t.type, t.name, t.breakpoint?.ttl]), [
      ['function', 'get_order', '1h'],
      ['web_search_20250305', 'web_search', undefined],
    ]);
    assert.deepEqual(request.tools[0].parameters, { type: 'object' });
    assert.equal(textPiece(request.system![0]).text, 'You are Ada, the support assistant.');
    const [image, question] = request.messages[0].parts;
    assert.ok(image.type === 'image' && image.source.startsWith('data:image/png;base64,…'));
    assert.equal(question.breakpoint?.ttl, '5m');
    const toolUse = request.messages[1].parts[0];
    assert.ok(toolUse.type === 'other' && toolUse.blockType === 'tool_use');
    assert.equal(source.slice(toolUse.range!.start, toolUse.range!.end), toolUse.piece.text);
    const toolResult = request.messages[2].parts[0];
    assert.ok(toolResult.type === 'other' && toolResult.blockType === 'tool_result');
    assert.deepEqual(request.parameters, { max_tokens: 512 });
  });
});

describe('the system segment of an Anthropic request', () => {
  it('spans its blocks, so the report and the editor can place its count', async () => {
    const { analyzePrompt } = await import('../../../src/core/analyze');
    const text = JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 10, system: [{ type: 'text', text: 'First block.' }, { type: 'text', text: 'Second block.' }], messages: [{ role: 'user', content: 'Hi' }] }, null, 2);
    const a = await analyzePrompt({ fileName: 'request.json', text });
    const system = a.segments.find((s) => s.kind === 'system');
    // From the first block's opening brace to the second block's closing one.
    const firstBlock = text.lastIndexOf('{', text.indexOf('First block.'));
    const secondBlockEnd = text.indexOf('}', text.indexOf('Second block.')) + 1;
    assert.deepEqual(system?.range, { start: firstBlock, end: secondBlockEnd });
  });

  it('warns on an empty `messages`, which the API refuses (400), at the array', () => {
    const source = '{"model": "claude-sonnet-4-5", "max_tokens": 64, "messages": []}';
    const request = parsePrompt('request.json', source);
    assert.equal(request.format, 'anthropic-messages');
    const [issue] = request.issues;
    assert.equal(issue?.severity, 'warning');
    assert.equal(issue?.message, '`messages` is empty: the API refuses a request without messages (400)');
    assert.equal(source.slice(issue!.range!.start, issue!.range!.end), '[]');
    assert.deepEqual(parsePrompt('request.json', source.replace('[]', '[{"role": "user", "content": "Hi"}]')).issues, []);
  });
});
