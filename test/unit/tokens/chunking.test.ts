import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { get_encoding, type Tiktoken } from 'tiktoken';
import { CHUNKING_THRESHOLD, chunkStarts, isSafeCut, splitIntoChunks } from '../../../src/core/tokens/chunking';
import { ENCODINGS, loadTokenizer } from '../../../src/core/tokens/tokenizer';
import { documentSamples, randomText, seededRandom } from './sampleTexts';

/** Whole-text encoders from the full tiktoken build: independent of chunking and caching. */
const reference = new Map<string, Tiktoken>(ENCODINGS.map((name) => [name, get_encoding(name)]));

function wholeIds(encoding: string, text: string): number[] {
  return Array.from(reference.get(encoding)!.encode_ordinary(text));
}

describe('safe cuts', () => {
  test('a cut is safe only right after a newline, before a character that is not whitespace or a slash', () => {
    assert.equal(isSafeCut('a\nb', 2), true);
    assert.equal(isSafeCut('a\n7', 2), true);
    assert.equal(isSafeCut('a\n}', 2), true);
    assert.equal(isSafeCut('a\n/', 2), false);
    assert.equal(isSafeCut('a\n b', 2), false);
    assert.equal(isSafeCut('a\n\nb', 2), false);
    assert.equal(isSafeCut('a\r\nb', 2), false);
    assert.equal(isSafeCut('ab', 1), false);
    assert.equal(isSafeCut('a\n', 2), false);
  });

  for (const encoding of ENCODINGS) {
    test(`${encoding}: every safe cut of varied random texts leaves the tokens unchanged`, () => {
      const random = seededRandom(encoding === 'o200k_base' ? 7 : 11);
      let checked = 0;
      for (let sample = 0; sample < 40; sample++) {
        const text = randomText(random, 600);
        const whole = wholeIds(encoding, text);
        for (let i = 1; i < text.length; i++) {
          if (!isSafeCut(text, i)) continue;
          const split = [...wholeIds(encoding, text.slice(0, i)), ...wholeIds(encoding, text.slice(i))];
          assert.deepEqual(split, whole, `cut at ${i} of ${JSON.stringify(text.slice(Math.max(0, i - 8), i + 8))}`);
          checked++;
        }
      }
      assert.ok(checked > 300, `checked ${checked} cuts`);
    });
  }
});

describe('chunked encoding equals whole-text encoding', () => {
  for (const encoding of ENCODINGS) {
    for (const { name, text } of documentSamples()) {
      test(`${encoding}: ${name} (${text.length} chars)`, async () => {
        assert.ok(text.length > CHUNKING_THRESHOLD);
        assert.ok(chunkStarts(text).length > 2, 'the sample is split into several chunks');
        const tokenizer = await loadTokenizer(encoding);
        assert.deepEqual(Array.from(tokenizer.encode(text)), wholeIds(encoding, text));
        assert.equal(tokenizer.count(text), wholeIds(encoding, text).length);
      });
    }

    test(`${encoding}: long random texts with every kind of character`, async () => {
      const tokenizer = await loadTokenizer(encoding);
      const random = seededRandom(2024);
      for (let sample = 0; sample < 12; sample++) {
        const text = randomText(random, 20_000);
        assert.deepEqual(Array.from(tokenizer.encode(text)), wholeIds(encoding, text));
      }
    });
  }
});

describe('content-defined chunks', () => {
  const text = documentSamples().find((s) => s.name === 'code')!.text.repeat(20);

  test('chunks concatenate back to the text', () => {
    assert.equal(splitIntoChunks(text).join(''), text);
  });

  test('a one-character edit changes only the chunks around it', () => {
    const before = new Set(splitIntoChunks(text));
    const at = Math.floor(text.length / 2);
    const edited = `${text.slice(0, at)}x${text.slice(at)}`;
    const after = splitIntoChunks(edited);
    const changed = after.filter((chunk) => !before.has(chunk));
    assert.ok(after.length > 50);
    assert.ok(changed.length <= 2, `${changed.length} chunks changed`);
  });

  test('short texts are not split', () => {
    assert.deepEqual(chunkStarts('line one\nline two\n'), [0]);
  });
});
