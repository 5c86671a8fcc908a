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
});
