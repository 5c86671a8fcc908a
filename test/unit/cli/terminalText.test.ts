import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { escapeControlCharacters } from '../../../src/cli/terminalText';

const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('escapeControlCharacters', () => {
  it('shows escape sequences and bidi overrides as \\uXXXX, keeps tabs, newlines and ordinary text', () => {
    assert.equal(escapeControlCharacters('a\u001b[2Jb\tc\nd\u202ee é 😀'), 'a\\u001b[2Jb\tc\nd\\u202ee é 😀');
  });

  it('leaves no unsafe character, and JSON output still parses to the same data', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        const escaped = escapeControlCharacters(JSON.stringify({ text }));
        assert.doesNotMatch(escaped, UNSAFE);
        assert.deepEqual(JSON.parse(escaped), { text });
      }),
      { seed: 20_260_321, numRuns: 500 },
    );
  });
});
