import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callsCountedInBackground, FIRST_CALLS_COUNTED, PROVIDER_COUNT_SCOPE } from '../../../src/extension/providerCountScope';

describe('provider counting in a source file of many LLM calls', () => {
  it('asks about five of 2,206 calls, not each of them: the first four and the one under the cursor, that one first', () => {
    assert.deepEqual(callsCountedInBackground(2206, 1500), [1500, 0, 1, 2, 3]);
    assert.deepEqual(callsCountedInBackground(2206, undefined), [0, 1, 2, 3]);
  });

  it('a cursor in one of the first calls adds none', () => {
    assert.deepEqual(callsCountedInBackground(2206, 2), [0, 1, 2, 3]);
  });

  it('a file of fewer calls has each counted', () => {
    assert.deepEqual(callsCountedInBackground(2, undefined), [0, 1]);
    assert.deepEqual(callsCountedInBackground(0, undefined), []);
  });

  it('the tooltip states the cap', () => {
    assert.equal(FIRST_CALLS_COUNTED, 4);
    assert.equal(PROVIDER_COUNT_SCOPE, 'the LLM call under the cursor and the first 4 of a file');
  });
});
