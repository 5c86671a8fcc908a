import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsonProperty, jsonStringPiece, parseJsonSource } from '../../../src/core/formats/jsonSource';
import { parseOpenAiChat } from '../../../src/core/formats/openaiChat';
import { PromptParseError } from '../../../src/core/model';

describe('jsonStringPiece', () => {
  it('decodes escapes and maps every unit to the escape it came from', () => {
    const source = '{"text": "Caf\\u00e9\\nline \\"two\\""}';
    const root = parseJsonSource(source);
    const piece = jsonStringPiece(jsonProperty(root, 'text')!, source);
    assert.equal(piece.text, 'Café\nline "two"');
    const escapeStart = source.indexOf('\\u00e9');
    assert.equal(piece.offsets![3], escapeStart, 'é points at its \\u00e9 escape');
    assert.equal(piece.offsets![4], source.indexOf('\\n'), 'the newline points at \\n');
    assert.equal(piece.offsets![5], source.indexOf('line'));
    assert.deepEqual(piece.range, { start: source.indexOf('Caf'), end: source.lastIndexOf('"') });
  });

  it('keeps strings without escapes as plain slices', () => {
    const source = '{"a": "plain text"}';
    const piece = jsonStringPiece(jsonProperty(parseJsonSource(source), 'a')!, source);
    assert.equal(piece.offsets, undefined);
    assert.equal(source.slice(piece.range!.start, piece.range!.end), 'plain text');
  });

  it('a string without escapes stays a plain slice though later strings have them, and one with escapes ends at its own quote', () => {
    const source = '{"a": "plain", "b": "two\\nlines", "c": "tail \\"quoted\\""}';
    const root = parseJsonSource(source);
    const plain = jsonStringPiece(jsonProperty(root, 'a')!, source);
    assert.equal(plain.offsets, undefined);
    const escaped = jsonStringPiece(jsonProperty(root, 'b')!, source);
    assert.equal(escaped.text, 'two\nlines');
    assert.equal(escaped.offsets![escaped.text.length], source.indexOf('", "c"'));
  });

  it('200,000 messages of a chat request: each message text placed where it is written', async () => {
    const messages = Array.from({ length: 200_000 }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: `m${i}` }));
    const source = JSON.stringify({ model: 'gpt-4o', messages: [...messages, { role: 'user', content: 'last\nline' }] });
    const request = parseOpenAiChat(source);
    assert.equal(request.messages.length, 200_001);
    const last = request.messages[200_000].parts[0];
    assert.ok(last.type === 'text' && last.piece.text === 'last\nline' && last.piece.offsets?.[5] === source.indexOf('line"'));
    const some = request.messages[123_457].parts[0];
    assert.ok(some.type === 'text' && source.slice(some.piece.range!.start, some.piece.range!.end) === 'm123457');
  });

  it('accepts comments and trailing commas', () => {
    const root = parseJsonSource('{\n  // the model\n  "model": "gpt-4o",\n}');
    assert.equal(jsonProperty(root, 'model')?.value, 'gpt-4o');
  });

  it('reports the first syntax error with its 1-based line and column', () => {
    const source = '{\n  "model": "gpt-4o"\n  "messages": []\n}';
    assert.throws(
      () => parseJsonSource(source),
      (error: unknown) =>
        error instanceof PromptParseError &&
        error.line === 3 &&
        error.column === 3 &&
        /expected a comma/.test(error.message) &&
        /line 3, column 3/.test(error.message),
    );
  });
});
