/**
 * The source reader against JavaScript itself: each generated expression (scriptExpressionCases.ts)
 * is sent as the system message of a call and run by this Node in a fresh context. Every text the
 * reader says it knows must be the text the program sends; the rest are placeholders or estimates.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { knownSystemText, onlyPrompt, scriptSystemCall } from './helpers';
import { CASES, generate, truth } from './scriptExpressionCases';

describe('JavaScript expressions against this Node', () => {
  it(`every system text said to be known is what the program sends (${CASES} seeded expressions), and most supported ones are known`, async () => {
    const wrong: unknown[] = [];
    let supported = 0;
    let supportedKnown = 0;
    let checked = 0;
    for (const c of generate()) {
      const expected = truth(c);
      if (expected === undefined) continue;
      checked++;
      const prompt = await onlyPrompt('a.ts', scriptSystemCall(c.prelude, c.expression).replace(/\n/g, c.lineEnd));
      const known = knownSystemText(prompt);
      if (c.supported) supported++;
      if (known === undefined) continue;
      if (c.supported) supportedKnown++;
      if (known !== expected) wrong.push({ ...c, expected, known });
    }
    assert.deepEqual(wrong.slice(0, 5), []);
    assert.ok(checked >= 0.8 * CASES, `only ${checked} of ${CASES} expressions ran`);
    assert.ok(supportedKnown >= 0.9 * supported, `${supportedKnown} of ${supported} known`);
  });
});
