/**
 * Prompt text that code chooses, indexes, slices and filters from values it knows: counted as the
 * language computes it, and the cached prefix runs through it; a choice the running program makes
 * (a condition on an argument) stays a value known only at run time, whichever branch it would take.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SourcePrompt } from '../../../src/core/sources/analyzeSource';
import { knownSystemText, messageTexts, onlyPrompt, pythonSystemCall, scriptSystemCall } from './helpers';

/** The spans of the system message known only at run time. */
function systemSpans(prompt: SourcePrompt): Array<[number, number]> {
  const part = prompt.analysis.request.messages[0]?.parts[0];
  return part?.type === 'text' ? part.piece.dynamic.map((d) => [d.start, d.end]) : [];
}

describe('Python: choices, items and slices of known values', () => {
  const prelude = `MODE = "strict"
PROMPTS = {"strict": "Answer only from the sources.", "loose": "Answer freely."}
RULES = ["Cite the source.", "", "Answer in French.", "Keep it short."]`;

  it('a conditional over a known comparison, a dict item, a slice and a filtered join are the text CPython sends', async () => {
    const content = `(PROMPTS[MODE] if MODE in PROMPTS else "?") + "\\n" + "\\n".join(f"- {r}" for r in RULES[::-1] if r) + f" ({max(len(r) for r in RULES)})"`;
    const prompt = await onlyPrompt('a.py', pythonSystemCall(prelude, content));
    // What CPython 3.11 printed for the same expression.
    assert.deepEqual(messageTexts(prompt), ['Answer only from the sources.\n- Keep it short.\n- Answer in French.\n- Cite the source. (17)', 'question']);
    assert.equal(prompt.analysis.firstDynamic?.name, 'question', 'the cached prefix runs through the chosen text');
  });

  it('an empty list is false in Python: the else branch', async () => {
    const prompt = await onlyPrompt('a.py', pythonSystemCall('EXTRA = []', '"with extras" if EXTRA else "plain"'));
    assert.deepEqual(messageTexts(prompt), ['plain', 'question']);
  });

  it('a condition on the argument leaves the whole expression to the program, even when one branch is known', async () => {
    for (const content of ['PROMPTS["strict"] if question.startswith("!") else PROMPTS["loose"]', 'RULES[0] if len(question) > 80 else RULES[0]', 'PROMPTS[question]']) {
      const prompt = await onlyPrompt('a.py', pythonSystemCall(prelude, content));
      assert.equal(messageTexts(prompt)[0], content);
      assert.deepEqual(systemSpans(prompt), [[0, content.length]], 'one value known only at run time, the whole expression');
    }
  });

  it('a generator is true, even an empty one, and has no len()', async () => {
    const prompt = await onlyPrompt('a.py', pythonSystemCall(prelude, '"<" + "".join((r for r in RULES if r == "?") or ["a"]) + ">"'));
    assert.deepEqual(messageTexts(prompt), ['<>', 'question']);
    const sized = await onlyPrompt('a.py', pythonSystemCall(prelude, 'str(len(r for r in RULES))'));
    assert.equal(messageTexts(sized)[0], 'str(len(r for r in RULES))');
  });

  it('a pathlib path prints as its text but is no str: compared, sliced or given to repr it is left to the program', async () => {
    const paths = 'from pathlib import Path\nP = Path("/srv") / "prompts"';
    const printed = await onlyPrompt('a.py', pythonSystemCall(paths, 'f"Files: {P} ({str(P)[1:4]})"'));
    assert.deepEqual(messageTexts(printed), ['Files: /srv/prompts (srv)', 'question']);
    // CPython: False, an error (a path has no items), "PosixPath('/srv/prompts')".
    for (const content of ['str(P == "/srv/prompts")', 'P[2:5]', 'repr(P)']) {
      const prompt = await onlyPrompt('a.py', pythonSystemCall(paths, content));
      assert.equal(knownSystemText(prompt), undefined, content);
    }
  });

  it('a list added to in a loop or under a condition: its items, size and truth are known only at run time', async () => {
    const source = `from openai import OpenAI
client = OpenAI()
FLAG = True
def run(question, extra):
    parts = ["Intro"]
    for r in extra:
        parts.append("rule")
    notes = []
    if FLAG:
        notes.append("note")
    return client.chat.completions.create(model="gpt-4o", messages=[
        {"role": "system", "content": parts[-1]},
        {"role": "system", "content": "some" if notes else "none"},
        {"role": "system", "content": f"{len(parts)} parts, {sorted(parts)}"},
        {"role": "user", "content": question}])
`;
    const prompt = await onlyPrompt('a.py', source);
    assert.deepEqual(messageTexts(prompt), ['parts[-1]', '"some" if notes else "none"', '{len(parts)} parts, {sorted(parts)}', 'question']);
  });

  it('an index past the end or a missing key raises in Python: left to the program', async () => {
    for (const content of ['RULES[9]', 'PROMPTS["none"]', 'RULES[1:2][5]']) {
      const prompt = await onlyPrompt('a.py', pythonSystemCall(prelude, content));
      assert.equal(messageTexts(prompt)[0], content);
    }
  });
});

describe('TypeScript: ternaries, indices, slices and filters of known values', () => {
  const prelude = `const MODE = "strict";
const PROMPTS = { strict: "Answer only from the sources.", loose: "Answer freely." };
const RULES = ["Cite the source.", "", "Answer in French.", "Keep it short."];`;

  it('a ternary over a known comparison, a property, slice, at and filter are the text Node makes', async () => {
    const content = '`${MODE === "strict" ? PROMPTS.strict : PROMPTS["loose"]}\\n${RULES.filter((r) => r.length > 0).slice(-2).join("\\n")} ${RULES.at(-1).substring(0, 4)}`';
    const prompt = await onlyPrompt('a.ts', scriptSystemCall(prelude, content));
    assert.deepEqual(messageTexts(prompt), ['Answer only from the sources.\nAnswer in French.\nKeep it short. Keep', 'question']);
    assert.equal(prompt.analysis.firstDynamic?.name, 'question');
  });

  it('an empty array is true in JavaScript, an empty string false', async () => {
    const prompt = await onlyPrompt('a.ts', scriptSystemCall('const EXTRA = [];\nconst NOTE = "";', '(EXTRA ? "with extras" : "plain") + (NOTE ? NOTE : "; no note")'));
    assert.deepEqual(messageTexts(prompt), ['with extras; no note', 'question']);
  });

  it('a cast to a dotted type is no property read: `x as unknown as A.B.C` (read as a property `C`) stays a value known at run time', async () => {
    const prompt = await onlyPrompt('a.ts', scriptSystemCall('const O = { k: "v" } as unknown as Api.Chat.Prompt;', '`${O}`'));
    // Before, `O` read as the object's property `Prompt`: undefined.
    assert.equal(messageTexts(prompt)[0], '${O}');
    assert.equal(knownSystemText(prompt), undefined, 'the count says a value was computed when the module loads');
  });

  it('an array pushed to in a loop: its items and length are known only at run time', async () => {
    const source = `import OpenAI from "openai";
const client = new OpenAI();
export async function run(question: string, extra: string[]) {
  const parts = ["Intro"];
  for (const r of extra) parts.push(r.trim() + "!");
  return client.chat.completions.create({ model: "gpt-4o", messages: [
    { role: "system", content: parts.length > 1 ? "many" : "one" },
    { role: "system", content: \`\${parts.at(-1)} \${parts.slice(1).join()}\` },
    { role: "user", content: question }] });
}
`;
    const prompt = await onlyPrompt('a.ts', source);
    assert.deepEqual(messageTexts(prompt), ['parts.length > 1 ? "many" : "one"', '${parts.at(-1)} ${parts.slice(1).join()}', 'question']);
  });

  it('a condition on the argument leaves the whole expression to the program', async () => {
    for (const content of ['question.startsWith("!") ? PROMPTS.strict : PROMPTS.loose', 'RULES.filter((r) => question.includes(r)).join("\\n")', 'question.slice(0, 3)']) {
      const prompt = await onlyPrompt('a.ts', scriptSystemCall(prelude, content));
      assert.equal(messageTexts(prompt)[0], content);
      assert.deepEqual(systemSpans(prompt), [[0, content.length]], 'one value known only at run time, the whole expression');
    }
  });
});
