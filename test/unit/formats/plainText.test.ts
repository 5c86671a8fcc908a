import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePrompt } from '../../../src/core/formats';
import { assertMapsToSource, dynamicSource, messageTexts, readFixture, textPiece } from './fixtures';

describe('plain prompt text', () => {
  it('reads the Dotprompt example: front matter model and role markers', () => {
    const source = readFixture('dotprompt-example.prompt');
    const request = parsePrompt('dotprompt-example.prompt', source);
    assert.equal(request.format, 'plain-text');
    assert.equal(request.model?.name, 'gemini-2.5-flash');
    assert.deepEqual(request.messages.map((m) => m.role), ['user', 'assistant']);
    assert.deepEqual(messageTexts(request), ['Please summarize the following text.\n\n{{text}}', 'Yes, I understand. I will summarize it.']);
    const user = textPiece(request.messages[0].parts[0]);
    assertMapsToSource(user, source);
    assert.equal(dynamicSource(user, source, 0), '{{text}}');
  });

  it('is one user message when there are no role lines, with every placeholder dialect marked', () => {
    const source = 'Write to {first_name} about {{ product }}.\nUse ${tone} tone.\n\n```json\n{"example": {value}}\n```\n';
    const request = parsePrompt('letter.txt', source);
    assert.deepEqual(request.messages.map((m) => m.role), ['user']);
    const piece = textPiece(request.messages[0].parts[0]);
    assertMapsToSource(piece, source);
    assert.deepEqual(piece.dynamic.map((_, i) => dynamicSource(piece, source, i)), ['{first_name}', '{{ product }}', '${tone}']);
    assert.deepEqual(request.variables.map((v) => v.name), ['first_name', 'product', 'tone']);
  });

  it('splits at Prompty-style role lines when present', () => {
    const request = parsePrompt('chat.prompt', 'You are terse.\n\nuser:\nHi {{name}}\nassistant:\nHello.\n');
    assert.deepEqual(request.messages.map((m) => m.role), ['system', 'user', 'assistant']);
    assert.deepEqual(messageTexts(request), ['You are terse.', 'Hi {{name}}', 'Hello.']);
  });
});
