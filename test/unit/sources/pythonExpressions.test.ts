/**
 * The source reader against CPython: random expressions of the kind prompt code writes (string
 * literals of every kind and escape, f-strings, `+`, `*`, `.format`, `%`, `string.Template`, str
 * methods, joins over comprehensions, `map` and `.items()`, `json.dumps`, `textwrap`, `inspect.cleandoc`,
 * numbers and containers printed), over module-level constants, each sent as the system message
 * of a call. What CPython 3.11 sent for each is in test/fixtures/sources/python-expressions/cases.json
 * (written by its generate.py). Every text the reader says it knows must be that text; the rest
 * are placeholders or estimates.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { knownSystemText, onlyPrompt, pythonSystemCall } from './helpers';

/** [prelude, expression, CPython's text, 1 when it uses only constructs the reader means to write, line end]. */
type Row = [string, string, string, 0 | 1, '\n' | '\r\n'];

const ROWS = JSON.parse(readFileSync(join(__dirname, '../../fixtures/sources/python-expressions/cases.json'), 'utf8')) as Row[];

describe('Python expressions against CPython', () => {
  it(`every system text said to be known is the text CPython sends (${ROWS.length} generated expressions), and most supported ones are known`, async () => {
    const wrong: unknown[] = [];
    let supported = 0;
    let supportedKnown = 0;
    let windows = 0;
    for (const [prelude, expression, expected, isSupported, lineEnd] of ROWS) {
      const prompt = await onlyPrompt('a.py', pythonSystemCall(prelude, expression).replace(/\n/g, lineEnd));
      const known = knownSystemText(prompt);
      if (isSupported) supported++;
      if (known === undefined) continue;
      if (isSupported) supportedKnown++;
      if (lineEnd === '\r\n') windows++;
      if (known !== expected) wrong.push({ prelude, expression, expected, known });
    }
    assert.deepEqual(wrong.slice(0, 5), []);
    assert.ok(supportedKnown >= 0.9 * supported, `${supportedKnown} of ${supported} known`);
    assert.ok(windows > 0, 'files with Windows line endings are read too');
  });
});
