import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pythonFloatRepr as pythonFloat, pythonJsonDumps } from '../../../src/core/tokens/pythonJson';

const dumps = (text: string, ascii: boolean) => pythonJsonDumps(text, ascii)?.text;

describe('JSON written as Python json.dumps writes it', () => {
  test('separators, key order and integers as written', () => {
    assert.equal(dumps('{"a":1,"b":[true,null,"x"],"c":{}}', false), '{"a": 1, "b": [true, null, "x"], "c": {}}');
    assert.equal(dumps(' [ 12345678901234567890 , -0 ] ', false), '[12345678901234567890, 0]');
    assert.equal(dumps('"Status OK"', false), '"Status OK"');
    assert.equal(dumps('72.5', false), '72.5');
  });

  test('floats as Python repr', () => {
    assert.equal(pythonFloat(1), '1.0');
    assert.equal(pythonFloat(0.0001), '0.0001');
    assert.equal(pythonFloat(0.00001), '1e-05');
    assert.equal(pythonFloat(1e16), '1e+16');
    assert.equal(pythonFloat(123456789012345.6), '123456789012345.6');
    assert.equal(pythonFloat(-2.5e-7), '-2.5e-07');
    assert.equal(dumps('[1.0, 2.50, 1E3]', false), '[1.0, 2.5, 1000.0]');
  });

  test('string escapes, with and without ascii', () => {
    assert.equal(dumps('"caf\\u00e9 \\/ \\"q\\"\\n\\u0001"', false), '"café / \\"q\\"\\n\\u0001"');
    assert.equal(dumps('"café 😀"', true), '"caf\\u00e9 \\ud83d\\ude00"');
  });

  test('text that is not JSON, or nested too deep, is left to be written as a string', () => {
    assert.equal(dumps('Sunny, 72°F', false), undefined);
    assert.equal(dumps('{"a": 1', false), undefined);
    assert.equal(dumps(`${'['.repeat(200_000)}${']'.repeat(200_000)}`, false), undefined);
  });
});
