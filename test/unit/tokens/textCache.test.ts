import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EncodedTextCache } from '../../../src/core/tokens/textCache';

const ids = (...values: number[]) => Uint32Array.from(values);

describe('encoded text cache', () => {
  test('evicts the least recently used texts once the character budget is exceeded', () => {
    const cache = new EncodedTextCache(10);
    cache.set('aaaa', ids(1));
    cache.set('bbbb', ids(2));
    assert.deepEqual(cache.get('aaaa'), ids(1)); // now most recently used
    cache.set('cccc', ids(3));
    assert.equal(cache.get('bbbb'), undefined);
    assert.deepEqual(cache.get('aaaa'), ids(1));
    assert.deepEqual(cache.get('cccc'), ids(3));
    assert.equal(cache.totalChars, 8);
  });

  test('a text longer than the whole budget is not kept', () => {
    const cache = new EncodedTextCache(5);
    cache.set('abc', ids(1));
    cache.set('too long to keep', ids(2));
    assert.equal(cache.get('too long to keep'), undefined);
    assert.deepEqual(cache.get('abc'), ids(1));
  });

  test('setting a text again replaces it without counting it twice', () => {
    const cache = new EncodedTextCache(100);
    cache.set('same', ids(1));
    cache.set('same', ids(2));
    assert.equal(cache.size, 1);
    assert.equal(cache.totalChars, 4);
    assert.deepEqual(cache.get('same'), ids(2));
  });
  test('a text met again and again stays, the others go oldest first, and the budget is kept', () => {
    // A tool result "ok" met 1,000 times among 2,000 other texts, in a cache of 40 characters.
    const cache = new EncodedTextCache(40);
    cache.set('ok', ids(0));
    for (let i = 0; i < 2000; i++) {
      assert.deepEqual(cache.get('ok'), ids(0));
      cache.set(`text ${String(i).padStart(4, '0')}`, ids(i));
    }
    assert.deepEqual(cache.get('ok'), ids(0));
    // 'ok' (2 characters) and the 4 newest 9-character texts fit; older ones are gone.
    assert.equal(cache.size, 5);
    assert.equal(cache.totalChars, 2 + 4 * 9);
    assert.equal(cache.get('text 1995'), undefined);
    for (const i of [1996, 1997, 1998, 1999]) assert.deepEqual(cache.get(`text ${i}`), ids(i));
  });

  test('clear empties it, and it fills again', () => {
    const cache = new EncodedTextCache(10);
    cache.set('aaaa', ids(1));
    cache.clear();
    assert.equal(cache.size, 0);
    assert.equal(cache.get('aaaa'), undefined);
    cache.set('bbbb', ids(2));
    cache.set('cccc', ids(3));
    cache.set('dddd', ids(4));
    assert.equal(cache.get('bbbb'), undefined);
    assert.deepEqual(cache.get('dddd'), ids(4));
    assert.equal(cache.totalChars, 8);
  });
});
