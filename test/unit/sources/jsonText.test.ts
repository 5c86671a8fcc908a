/**
 * `json.dumps(...)` and `JSON.stringify(...)` of values the source knows, written into the prompt
 * as the language writes them: Python's against what CPython printed for the same literal
 * (test/fixtures/sources/python-text/json-cases.json), JavaScript's against this Node's JSON.stringify.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { messageTexts, onlyPrompt, pythonSystemCall, scriptSystemCall, seededRandom } from './helpers';

const PY_ROWS = JSON.parse(readFileSync(join(__dirname, '../../fixtures/sources/python-text/json-cases.json'), 'utf8')) as Array<[string, string, string]>;

const STRINGS = ['plain', '', 'quote " and \\ back', 'line\nbreak\ttab', 'café', '中文', 'emoji 😀', '\u0000\u001f\u007f', "it's"];
const KEYS = ['name', 'type', 'b', 'a', '10', '2', 'description', 'été'];

/** A random JSON-like value and its source as a JavaScript literal. */
function scriptValue(next: () => number, depth: number): [unknown, string] {
  const roll = next();
  const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)];
  if (depth > 3 || roll < 0.45) {
    const v = pick<unknown>([pick(STRINGS), Math.floor(next() * 2e6) - 5, pick([0.5, 2, -1.25, 1e-7, 1e21, 3.14159]), true, false, null]);
    return [v, typeof v === 'string' ? JSON.stringify(v) : String(v)];
  }
  if (roll < 0.7) {
    const items = Array.from({ length: Math.floor(next() * 5) }, () => scriptValue(next, depth + 1));
    return [items.map((i) => i[0]), `[${items.map((i) => i[1]).join(', ')}]`];
  }
  const entries = Array.from({ length: Math.floor(next() * 6) }, () => [pick(KEYS), scriptValue(next, depth + 1)] as const);
  const object: Record<string, unknown> = {};
  for (const [key, [v]] of entries) object[key] = v;
  return [object, `{ ${entries.map(([key, [, source]]) => `${JSON.stringify(key)}: ${source}`).join(', ')} }`];
}

describe('json.dumps of a known value, as CPython writes it', () => {
  it(`${PY_ROWS.length} literals with indent, separators, ensure_ascii and sort_keys are written character for character, and the count is exact`, async () => {
    const wrong: string[] = [];
    for (const [literal, options, expected] of PY_ROWS) {
      const prompt = await onlyPrompt('a.py', pythonSystemCall(`DATA = ${literal}`, `"Data: " + json.dumps(DATA${options ? `, ${options}` : ''})`));
      const [system] = messageTexts(prompt);
      if (system !== `Data: ${expected}`) wrong.push(`${literal} (${options}): ${system}`);
      else if (prompt.analysis.estimate && !/question/.test(prompt.analysis.estimateReason ?? '')) wrong.push(`${literal}: ${prompt.analysis.estimateReason}`);
    }
    assert.deepEqual(wrong.slice(0, 5), []);
  });

  it('a known constant dumped as JSON in a function is the same on every request: the cached prefix runs through it', async () => {
    const schema = `SCHEMA = {"type": "object", "properties": {${Array.from({ length: 80 }, (_, i) => `"field_${i}": {"type": "string", "description": "The field number ${i} of the order"}`).join(', ')}}}`;
    const { analysis } = await onlyPrompt('a.py', pythonSystemCall(schema, `"Answer as JSON matching: " + json.dumps(SCHEMA, indent=2)`));
    assert.equal(analysis.firstDynamic?.name, 'question');
    assert.ok(analysis.cacheableTokens >= 1024, String(analysis.cacheableTokens));
  });

  it('a value not known in full, or an option not written here, leaves the call to the program', async () => {
    for (const content of ['json.dumps({"q": question})', 'json.dumps(DATA, default=str)', 'json.dumps({**EXTRA, "a": 1})']) {
      const prompt = await onlyPrompt('a.py', pythonSystemCall('DATA = {"a": 1}', content));
      assert.equal(messageTexts(prompt)[0], content);
    }
  });
});

describe('JSON.stringify of a known value, as JavaScript writes it', () => {
  it('300 literals with and without a space argument match JSON.stringify (index keys first, a repeated key in its first place)', async () => {
    const next = seededRandom(5);
    const wrong: string[] = [];
    const spaces = [undefined, 2, '\t', 0, 12];
    for (let i = 0; i < 300; i++) {
      const [value, source] = scriptValue(next, 0);
      const space = spaces[i % spaces.length];
      const args = space === undefined ? 'DATA' : `DATA, null, ${JSON.stringify(space)}`;
      const prompt = await onlyPrompt('a.ts', scriptSystemCall(`const DATA = ${source};`, `"Data: " + JSON.stringify(${args})`));
      const expected = `Data: ${JSON.stringify(value, null, space)}`;
      if (messageTexts(prompt)[0] !== expected) wrong.push(`${source} (${String(space)}): ${messageTexts(prompt)[0]}`);
    }
    assert.deepEqual(wrong.slice(0, 5), []);
    const repeated = await onlyPrompt('a.ts', scriptSystemCall('const DATA = { b: 1, a: 2, b: 3, 7: "x" };', 'JSON.stringify(DATA)'));
    assert.equal(messageTexts(repeated)[0], '{"7":"x","b":3,"a":2}');
  });

  it('an undefined value is left out of an object and null in an array, as JavaScript writes it', async () => {
    const prompt = await onlyPrompt('a.ts', scriptSystemCall('const DATA = { a: undefined, b: [undefined, 1], c: null };', 'JSON.stringify(DATA) + JSON.stringify({ a: undefined }, null, 2)'));
    assert.equal(messageTexts(prompt)[0], '{"b":[null,1],"c":null}{}');
  });

  it('undefined alone, a replacer, or a value with parts only the program knows leaves the call to the program', async () => {
    for (const content of ['JSON.stringify(undefined)', 'JSON.stringify(DATA, ["a"])', 'JSON.stringify({ q: question })', 'JSON.stringify({ [key]: 1 })']) {
      const prompt = await onlyPrompt('a.ts', scriptSystemCall('const DATA = { a: 1 }; const key = "k";', content));
      assert.equal(messageTexts(prompt)[0], content);
    }
  });
});
