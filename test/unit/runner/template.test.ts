import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePrompt } from '../../../src/core/formats/index';
import { substitutePiece, substituteRequest } from '../../../src/runner/template';
import { chatBody } from '../../../src/runner/requestBodies';

describe('template substitution', () => {
  it('fills {{ x }} spans from a row and keeps offsets pointing at the tag', () => {
    const source = '---\nname: t\n---\nsystem:\nYou help {{ user }} with {{topic}}.\n';
    const prompt = parsePrompt('t.prompty', source);
    const filled = substituteRequest(prompt, { user: 'Ada', topic: 'caching' });
    const piece = filled.messages[0].parts[0];
    assert.equal(piece.type === 'text' && piece.piece.text.trim(), 'You help Ada with caching.');
    if (piece.type !== 'text') return;
    const adaAt = piece.piece.text.indexOf('Ada');
    assert.equal(source.slice(piece.piece.offsets?.[adaAt]).startsWith('{{ user }}'), true);
    assert.deepEqual(piece.piece.dynamic.map((d) => piece.piece.text.slice(d.start, d.end)), ['Ada', 'caching']);
  });

  it('fills ${input:x} and leaves variables without a value as written', () => {
    const prompt = parsePrompt('a.prompt.md', '---\ndescription: d\n---\nReview ${input:file} for ${input:goal:what to check}.\n');
    const filled = substituteRequest(prompt, { file: 'main.ts' });
    const text = filled.messages.map((m) => m.parts.map((p) => (p.type === 'text' ? p.piece.text : '')).join('')).join('');
    assert.match(text, /Review main\.ts for \$\{input:goal:what to check\}\./);
  });

  it('leaves a piece with nothing to fill unchanged', () => {
    const piece = { text: 'static', range: null, dynamic: [] };
    assert.equal(substitutePiece(piece, { x: '1' }), piece);
  });

  it('sends the filled text in the request body', () => {
    const prompt = parsePrompt('r.json', JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi {{ name }}' }], temperature: 0.2 }));
    const body = chatBody(substituteRequest(prompt, { name: 'Bo' }), { model: 'gpt-4o', maxOutputTokens: 7, maxTokensField: 'max_completion_tokens' });
    assert.deepEqual(body, { model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi Bo' }], temperature: 0.2, max_completion_tokens: 7 });
  });
});
