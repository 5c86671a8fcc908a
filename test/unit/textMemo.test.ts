import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { changedRegion, RecentChunks } from '../../src/core/textMemo';
import { chunkStarts } from '../../src/core/tokens/chunking';
import { loadTokenizer } from '../../src/core/tokens/tokenizer';
import { randomText, seededRandom } from './tokens/sampleTexts';

/** A line-rich text long enough to be cut into many chunks. */
function longText(seed: number, lines = 600): string {
  const random = seededRandom(seed);
  const out: string[] = [];
  for (let i = 0; i < lines; i++) out.push(`Rule ${i}: ${randomText(random, 20 + Math.floor(random() * 90))}`);
  return out.join('\n');
}

/** One random edit: an insertion, a deletion or a replacement, a few characters long at most. */
function randomEdit(text: string, random: () => number): string {
  const at = Math.floor(random() * text.length);
  const removed = Math.floor(random() * 4);
  const inserted = ['', 'q', '\n', ' x', 'é', '😀', '\nNew line\n'][Math.floor(random() * 7)];
  return text.slice(0, at) + inserted + text.slice(Math.min(text.length, at + removed));
}

function cutText(text: string, starts: readonly number[]): string[] {
  return starts.map((start, k) => text.slice(start, starts[k + 1] ?? text.length));
}

describe('changedRegion', () => {
  test('finds the longest common prefix and suffix', () => {
    const random = seededRandom(11);
    for (let round = 0; round < 300; round++) {
      const a = round % 3 === 0 ? longText(round, 60) : randomText(random, Math.floor(random() * 200));
      const b = randomEdit(a, random);
      const region = changedRegion(a, b);
      if (a === b) {
        assert.equal(region, undefined);
        continue;
      }
      assert.ok(region);
      const { start, oldEnd, newEnd } = region;
      assert.equal(a.slice(0, start), b.slice(0, start), 'common prefix');
      assert.equal(a.slice(oldEnd), b.slice(newEnd), 'common suffix');
      assert.equal(a.length - oldEnd, b.length - newEnd);
      // Neither end can grow: the character after the prefix (or before the suffix) differs.
      const prefixCanGrow = start < Math.min(a.length, b.length) && a[start] === b[start] && start < oldEnd && start < newEnd;
      assert.ok(!prefixCanGrow, 'prefix is the longest');
      const suffixCanGrow = oldEnd > start && newEnd > start && a[oldEnd - 1] === b[newEnd - 1];
      assert.ok(!suffixCanGrow, 'suffix is the longest');
    }
  });
});

describe('RecentChunks', () => {
  test('after random edits, every chunk value is the one its text computes to, and only chunks at the edit are computed', () => {
    const random = seededRandom(5);
    const recent = new RecentChunks<string>(4, 1_000_000);
    let text = longText(3);
    let computed = 0;
    const compute = (chunk: string) => {
      computed++;
      return `value of ${chunk}`;
    };
    recent.values(text, chunkStarts(text), compute);
    let computedInAll = 0;
    let chunksInAll = 0;
    for (let round = 0; round < 200; round++) {
      text = randomEdit(text, random);
      const starts = chunkStarts(text);
      computed = 0;
      const values = recent.values(text, starts, compute);
      assert.deepEqual(values, cutText(text, starts).map((chunk) => `value of ${chunk}`), `round ${round}`);
      assert.ok(starts.length > 20, 'the text spans many chunks');
      computedInAll += computed;
      chunksInAll += starts.length;
    }
    // A small edit moves the cuts near it (until the content-defined cuts fall in step again); the
    // chunks far from it are found again by position.
    assert.ok(computedInAll / 200 < 4, `computed ${computedInAll} of ${chunksInAll} chunks`);
  });

  test('goes back to an earlier text it still remembers, and to a different text of its own', () => {
    const recent = new RecentChunks<number>(2, 1_000_000);
    const a = longText(21);
    const b = longText(22);
    let computed = 0;
    const compute = (chunk: string) => {
      computed++;
      return chunk.length;
    };
    recent.values(a, chunkStarts(a), compute);
    recent.values(b, chunkStarts(b), compute);
    computed = 0;
    const again = recent.values(a, chunkStarts(a), compute);
    assert.equal(computed, 0, 'every chunk of the earlier text is remembered');
    assert.deepEqual(again, cutText(a, chunkStarts(a)).map((chunk) => chunk.length));
  });

  test('remembers no more characters than it is allowed', () => {
    const recent = new RecentChunks<number>(8, 50_000);
    const texts = [longText(31), longText(32), longText(33)];
    assert.ok(texts.every((t) => t.length > 20_000 && t.length < 50_000));
    for (const text of texts) recent.values(text, chunkStarts(text), (chunk) => chunk.length);
    let computed = 0;
    recent.values(texts[0], chunkStarts(texts[0]), (chunk) => {
      computed++;
      return chunk.length;
    });
    assert.equal(computed, chunkStarts(texts[0]).length, 'the oldest text was let go');
  });
});

describe('encoding an edited long text', () => {
  test('gives the ids and token starts of a tokenizer that remembers nothing', async () => {
    const remembering = await loadTokenizer('o200k_base');
    const fresh = await loadTokenizer('o200k_base', { cacheChars: 0 });
    assert.notEqual(fresh, remembering);
    const random = seededRandom(9);
    let text = longText(17, 400);
    for (let round = 0; round < 25; round++) {
      const expected = fresh.encodeWithStarts?.(text);
      const actual = remembering.encodeWithStarts?.(text);
      assert.ok(expected && actual);
      assert.deepEqual(actual.ids, expected.ids, `round ${round} ids`);
      assert.deepEqual(actual.starts, expected.starts, `round ${round} starts`);
      assert.equal(remembering.count(text), expected.ids.length);
      assert.deepEqual(remembering.encode(text), expected.ids);
      text = randomEdit(text, random);
    }
  });
});
