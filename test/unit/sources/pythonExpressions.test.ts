/**
 * The source reader against CPython: random expressions of the kind prompt code writes (string
 * literals of every kind and escape, f-strings, `+`, `*`, `.format`, `%`, `string.Template`, str
 * methods, joins over comprehensions, `map` and `.items()`, `json.dumps`, `textwrap`, `inspect.cleandoc`,
 * numbers and containers printed), over module-level constants, each sent as the system message
 * of a call. What CPython 3.11 sent for each is in test/fixtures/sources/python-expressions/cases.json;
 * selections.json holds a second set that also chooses, indexes, slices, filters and sorts
 * (`a if c else b`, comparisons, `s[1:-1:2]`, `d["k"]`, `if` clauses and two `for`s, `sorted`,
 * `min`, `sum`, `split`, `strip(chars)`), some of them on the call's argument; methods.json a third
 * (`title()`, `capitalize()`, `sorted` / `min` / `max` with `key=`, float sums, `splitlines`,
 * `partition`, `sep.join(map(...))`), all three written by its generate.py. Every text the reader says it knows must be that text; the rest are placeholders
 * or estimates, and a text that depends on the argument is never said to be known.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { knownSystemText, onlyPrompt, pythonSystemCall } from './helpers';

/**
 * [prelude, expression, CPython's text, 1 when it uses only constructs the reader means to write
 * (0 when not; -1 when the text depends on the call's argument `question`), line end].
 */
type Row = [string, string, string, -1 | 0 | 1, '\n' | '\r\n'];

const rowsOf = (file: string) => JSON.parse(readFileSync(join(__dirname, '../../fixtures/sources/python-expressions', file), 'utf8')) as Row[];
const ROWS = rowsOf('cases.json');
const SELECTIONS = rowsOf('selections.json');
const METHODS = rowsOf('methods.json');

/** Each row's call read: the texts said to be known that CPython did not send, and the counts. */
async function check(rows: readonly Row[]) {
  const wrong: unknown[] = [];
  const guessed: unknown[] = [];
  let supported = 0;
  let supportedKnown = 0;
  let runTime = 0;
  let windows = 0;
  for (const [prelude, expression, expected, kind, lineEnd] of rows) {
    const prompt = await onlyPrompt('a.py', pythonSystemCall(prelude, expression).replace(/\n/g, lineEnd));
    const known = knownSystemText(prompt);
    if (kind === 1) supported++;
    if (kind === -1) runTime++;
    if (known === undefined) continue;
    if (kind === 1) supportedKnown++;
    if (kind === -1) guessed.push({ prelude, expression, known });
    if (lineEnd === '\r\n') windows++;
    if (known !== expected) wrong.push({ prelude, expression, expected, known });
  }
  return { wrong, guessed, supported, supportedKnown, runTime, windows };
}

describe('Python expressions against CPython', () => {
  it(`every system text said to be known is the text CPython sends (${ROWS.length} generated expressions), and most supported ones are known`, async () => {
    const { wrong, supported, supportedKnown, windows } = await check(ROWS);
    assert.deepEqual(wrong.slice(0, 5), []);
    assert.ok(supportedKnown >= 0.9 * supported, `${supportedKnown} of ${supported} known`);
    assert.ok(windows > 0, 'files with Windows line endings are read too');
  });

  it(`choices, items, slices, filters and sorting (${SELECTIONS.length} more): known texts are CPython's, and none that depends on the argument is said to be known`, async () => {
    const { wrong, guessed, supported, supportedKnown, runTime } = await check(SELECTIONS);
    assert.deepEqual(wrong.slice(0, 5), []);
    assert.deepEqual(guessed.slice(0, 5), []);
    assert.ok(runTime >= 100, `${runTime} expressions depend on the argument`);
    assert.ok(supportedKnown >= 0.9 * supported, `${supportedKnown} of ${supported} known`);
  });

  it(`casing, keyed sorting, float sums, lines, partitions and maps (${METHODS.length} more): known texts are CPython's, and most supported ones are known`, async () => {
    const { wrong, supported, supportedKnown } = await check(METHODS);
    assert.deepEqual(wrong.slice(0, 5), []);
    assert.ok(supportedKnown >= 0.9 * supported, `${supportedKnown} of ${supported} known`);
  });

  it('a float sum is known where Python 3.11 and 3.12 agree; where they round otherwise it is left to the program, and the estimate says why', async () => {
    const agreed = await onlyPrompt('a.py', pythonSystemCall('PRICES = [19.99, 5.01, 0.5]', 'f"Total: {sum(PRICES)}"'));
    // CPython 3.11 and 3.12 both print 25.5.
    assert.equal(knownSystemText(agreed), 'Total: 25.5');
    // 3.11 prints 0.6000000000000001, 3.12 0.6.
    const rounded = await onlyPrompt('a.py', pythonSystemCall('PARTS = [0.1, 0.2, 0.3]', 'f"Total: {sum(PARTS)}"'));
    assert.equal(knownSystemText(rounded), undefined);
    assert.ok(rounded.analysis.estimateReasons?.includes('`sum(PARTS)` adds floats that Python 3.11 and Python 3.12 and later round otherwise: its text is left to the program'), String(rounded.analysis.estimateReasons));
  });
});
