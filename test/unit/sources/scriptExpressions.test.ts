/**
 * The source reader against JavaScript itself: each generated expression (scriptExpressionCases.ts)
 * is sent as the system message of a call and run by this Node in a fresh context. Every text the
 * reader says it knows must be the text the program sends; the rest are placeholders or estimates.
 * The second set also chooses (`c ? a : b` over comparisons and JavaScript's truth), indexes,
 * slices, filters and splits, some of it on the call's argument: such a text is never said to be known.
 * The third reads optional chains (`o?.a`, `o?.[k]`, on null and undefined too), `typeof`, `??`
 * chains, templates nested in templates, `.map((x, i, all) => ...).join(...)`, `map(String)`,
 * `String(x)`, `Number(x).toFixed(d)` and `trim` / `trimStart` / `trimEnd`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { knownSystemText, onlyPrompt, scriptSystemCall } from './helpers';
import { CASES, generate, METHOD_CASES, SELECTION_CASES, truth, type Case } from './scriptExpressionCases';

/** Each case's call read: the texts said to be known that Node did not make, and the counts. */
async function check(cases: readonly Case[]) {
  const wrong: unknown[] = [];
  const guessed: unknown[] = [];
  let supported = 0;
  let supportedKnown = 0;
  let checked = 0;
  let runTime = 0;
  for (const c of cases) {
    const expected = truth(c);
    if (expected === undefined) continue;
    checked++;
    const prompt = await onlyPrompt('a.ts', scriptSystemCall(c.prelude, c.expression).replace(/\n/g, c.lineEnd));
    const known = knownSystemText(prompt);
    if (c.runTime) runTime++;
    else if (c.supported) supported++;
    if (known === undefined) continue;
    if (c.runTime) guessed.push({ ...c, known });
    else if (c.supported) supportedKnown++;
    if (known !== expected) wrong.push({ ...c, expected, known });
  }
  return { wrong, guessed, supported, supportedKnown, checked, runTime };
}

describe('JavaScript expressions against this Node', () => {
  it(`every system text said to be known is what the program sends (${CASES} seeded expressions), and most supported ones are known`, async () => {
    const { wrong, supported, supportedKnown, checked } = await check(generate());
    assert.deepEqual(wrong.slice(0, 5), []);
    assert.ok(checked >= 0.8 * CASES, `only ${checked} of ${CASES} expressions ran`);
    assert.ok(supportedKnown >= 0.9 * supported, `${supportedKnown} of ${supported} known`);
  });

  it(`choices, items, slices, filters and splits (${SELECTION_CASES} more): known texts are Node's, and none that depends on the argument is said to be known`, async () => {
    const { wrong, guessed, supported, supportedKnown, checked, runTime } = await check(generate(true));
    assert.deepEqual(wrong.slice(0, 5), []);
    assert.deepEqual(guessed.slice(0, 5), []);
    assert.ok(checked >= 0.8 * SELECTION_CASES, `only ${checked} of ${SELECTION_CASES} expressions ran`);
    assert.ok(runTime >= 60, `${runTime} expressions depend on the argument`);
    assert.ok(supportedKnown >= 0.9 * supported, `${supportedKnown} of ${supported} known`);
  });

  it(`optional chains, typeof, ??, nested templates, mapped joins, String, Number(...).toFixed and trims (${METHOD_CASES} more): known texts are Node's, and most are known`, async () => {
    const { wrong, supported, supportedKnown, checked } = await check(generate('methods'));
    assert.deepEqual(wrong.slice(0, 5), []);
    assert.ok(checked >= 0.8 * METHOD_CASES, `only ${checked} of ${METHOD_CASES} expressions ran`);
    assert.ok(supportedKnown >= 0.9 * supported, `${supportedKnown} of ${supported} known`);
  });
});
