import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parsePrompt } from '../../../src/core/formats';
import { resolveModel } from '../../../src/core/tokens/models';
import type { RenderedPrompt } from '../../../src/core/tokens/rendered';
import { renderRequest } from '../../../src/core/tokens/render';
import { loadTokenizer, type Tokenizer } from '../../../src/core/tokens/tokenizer';
import { randomText, seededRandom } from './sampleTexts';

/**
 * The same tokenizer without `encodeWithStarts`: the builder then walks every character of every
 * text, as it did before token starts were remembered per chunk. The reference for a fresh render.
 */
function walkingTokenizer(tokenizer: Tokenizer): Tokenizer {
  return {
    encoding: tokenizer.encoding,
    encode: (text) => tokenizer.encode(text),
    count: (text) => tokenizer.count(text),
    decode: (ids) => tokenizer.decode(ids),
    tokenByteLength: (id) => tokenizer.tokenByteLength(id),
  };
}

/** Long varied text (emoji, accents, CJK, slashes after newlines) with a template variable in it. */
function longBody(seed: number): string {
  const random = seededRandom(seed);
  const lines: string[] = [];
  for (let i = 0; i < 400; i++) lines.push(`Rule ${i}: ${randomText(random, 40 + Math.floor(random() * 80))}`);
  lines.splice(200, 0, 'Customer: {{customer_name}}');
  return lines.join('\n');
}

function promptyFile(body: string): string {
  return `---\nname: cached\nmodel:\n  id: gpt-4o\n---\nsystem:\n${body}\n\nuser:\nWhere is order {{order_id}}?\n`;
}

function chatFile(body: string): string {
  const request = {
    model: 'gpt-4o',
    messages: [
      { role: 'system', content: body },
      { role: 'user', content: 'Where is order {{order_id}}?' },
    ],
  };
  return JSON.stringify(request, null, 2);
}

/** Inserts `q` at `fraction` of the text, next to a letter (never inside an escape sequence). */
function editAt(text: string, fraction: number): string {
  let at = Math.floor(text.length * fraction);
  while (at < text.length && !(/[a-z]/.test(text[at]) && text[at - 1] !== '\\')) at++;
  return `${text.slice(0, at)}q${text.slice(at)}`;
}

function render(fileName: string, text: string, tokenizer: Tokenizer): RenderedPrompt {
  const request = parsePrompt(fileName, text);
  return renderRequest(request, tokenizer, resolveModel(request.model?.name ?? 'gpt-4o'));
}

const FILES = [
  { fileName: 'cached.prompty', make: promptyFile },
  { fileName: 'cached.json', make: chatFile },
];

describe('rendering with token starts remembered per chunk', () => {
  for (const { fileName, make } of FILES) {
    test(`${fileName}: after edits, equals a render that walks every character`, async () => {
      const tokenizer = await loadTokenizer('o200k_base');
      const reference = walkingTokenizer(tokenizer);
      const original = make(longBody(fileName.length));
      assert.ok(original.length > 20_000, 'the text spans many chunks');
      render(fileName, original, tokenizer); // fills the chunk cache
      for (const fraction of [0.02, 0.3, 0.5, 0.77, 0.98]) {
        const edited = editAt(original, fraction);
        const cached = render(fileName, edited, tokenizer);
        const fresh = render(fileName, edited, reference);
        assert.deepEqual(cached, fresh, `edit at ${fraction}`);
        assert.ok(cached.dynamicPoints.some((point) => point.name === 'customer_name'));
      }
    });
  }

  test('every token taken verbatim from the file points at the place its text starts', async () => {
    const tokenizer = await loadTokenizer('o200k_base');
    const text = promptyFile(longBody(7));
    render('points.prompty', text, tokenizer);
    const edited = editAt(text, 0.4);
    const rendered = render('points.prompty', edited, tokenizer);
    let checked = 0;
    rendered.ids.forEach((id, t) => {
      const offset = rendered.sourceOffsets[t];
      if (offset < 0) return;
      const piece = tokenizer.decode([id]);
      // Tokens that split a multi-byte character decode to U+FFFD; they have no text of their own.
      if (piece.includes('\uFFFD')) return;
      // Prompty sends a CRLF of the file as \n (its runtime reads the file in text mode).
      const written = edited.slice(offset, offset + 2 * piece.length + 2).replace(/\r\n/g, '\n');
      assert.ok(written.startsWith(piece), `token ${t} ${JSON.stringify(piece)} at ${offset}`);
      checked++;
    });
    assert.ok(checked > 5_000, `checked ${checked} tokens`);
  });
});
