import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_EVALUATION_STEPS, MAX_EXPRESSION_DEPTH } from '../../../src/core/sources/program';
import { messageTexts, onlyPrompt } from './helpers';

/**
 * Generated code: prompts built of thousands of `+` or `+=`, or nested thousands deep. Reading them
 * recursed once per operand (a stack overflow at 20,000 operands) and copied the text at each `+=`
 * (a minute for 20,000 statements). They are read whole, or counted as written past a depth.
 */
const PARTS = 20_000;
const parts = Array.from({ length: PARTS }, (_, i) => `part ${i} `);
const expected = parts.join('');

describe('prompts in generated code', () => {
  it('Python: a system message of 20,000 strings joined by + is read whole', async () => {
    const source = `from openai import OpenAI
client = OpenAI()
P = ${parts.map((p) => JSON.stringify(p)).join(' + ')}
client.chat.completions.create(model="gpt-4o", messages=[{"role": "system", "content": P}])
`;
    const prompt = await onlyPrompt('generated.py', source);
    assert.deepEqual(messageTexts(prompt), [expected]);
    assert.equal(prompt.analysis.estimate, false, prompt.analysis.estimateReason);
  });

  it('TypeScript: the same chain of + is read whole', async () => {
    const source = `import OpenAI from "openai";
const client = new OpenAI();
const P = ${parts.map((p) => JSON.stringify(p)).join(' + ')};
await client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: P }] });
`;
    const prompt = await onlyPrompt('generated.ts', source);
    assert.deepEqual(messageTexts(prompt), [expected]);
    assert.equal(prompt.analysis.estimate, false, prompt.analysis.estimateReason);
  });

  it('Python: 20,000 += statements build the same text, and an unknown among the parts stays a placeholder', async () => {
    const source = `from openai import OpenAI
client = OpenAI()
P = ""
${parts.map((p) => `P += ${JSON.stringify(p)}`).join('\n')}
P += user_name
client.chat.completions.create(model="gpt-4o", messages=[{"role": "system", "content": P}])
`;
    const prompt = await onlyPrompt('appended.py', source);
    assert.deepEqual(messageTexts(prompt), [`${expected}user_name`]);
    assert.equal(prompt.analysis.firstDynamic?.offset, source.lastIndexOf('user_name'));
  });

  it('a value nested deeper than the reader goes is counted as written, with the reason', async () => {
    const depth = 5_000;
    const source = `from openai import OpenAI
client = OpenAI()
P = ${'('.repeat(depth)}"hi"${')'.repeat(depth)}
client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": P}])
`;
    const prompt = await onlyPrompt('nested.py', source);
    assert.equal(prompt.analysis.estimate, true);
    assert.match(prompt.analysis.estimateReason ?? '', new RegExp(`nested more than ${MAX_EXPRESSION_DEPTH} deep is counted as written`));
    const [text] = messageTexts(prompt);
    assert.ok(text.includes('(((') && text.includes('"hi"'), 'the inner expression as written');
  });

  it('names that each read the one before twice (reading exponential in the names) stop at the step limit, with the reason', async () => {
    const names = Array.from({ length: 25 }, (_, i) => `a${i + 1} = a${i} + a${i}`).join('\n');
    const python = `from openai import OpenAI
client = OpenAI()
a0 = "x"
${names}
client.chat.completions.create(model="gpt-4o", messages=[{"role": "system", "content": "Be brief."}, {"role": "user", "content": a25}])
`;
    const typescript = `import OpenAI from "openai";
const client = new OpenAI();
const a0 = "x";
${names.split('\n').map((line) => `const ${line};`).join('\n')}
await client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: "Be brief." }, { role: "user", content: a25 }] });
`;
    for (const [file, source] of [['doubling.py', python], ['doubling.ts', typescript]]) {
      const prompt = await onlyPrompt(file, source);
      assert.equal(prompt.analysis.estimate, true, file);
      const steps = MAX_EVALUATION_STEPS.toLocaleString('en-US');
      assert.match(prompt.analysis.estimateReason ?? '', new RegExp(`take more than ${steps} steps to read: the rest is counted as written`), file);
      assert.equal(messageTexts(prompt)[0], 'Be brief.', file);
      // Cut short, the prompt's size is unknown: no advice to add tokens to what is written.
      assert.equal(prompt.analysis.sizeUnknown, 'values that take too many steps to read', file);
      assert.ok(!prompt.analysis.findings.some((f) => f.rule === 'prefix-below-minimum'), file);
    }
  });

  it('names read twice each, a few levels deep, are read whole', async () => {
    const source = `from openai import OpenAI
client = OpenAI()
a0 = "ab"
a1 = a0 + a0
a2 = a1 + a1
a3 = a2 + a2
client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": a3}])
`;
    const prompt = await onlyPrompt('doubling.py', source);
    assert.deepEqual(messageTexts(prompt), ['ab'.repeat(8)]);
    assert.equal(prompt.analysis.estimate, false, prompt.analysis.estimateReason);
  });

  it('a value nested less deep than the limit is read', async () => {
    const depth = MAX_EXPRESSION_DEPTH - 10;
    const source = `import OpenAI from "openai";
const client = new OpenAI();
const P = ${'('.repeat(depth)}"hi"${')'.repeat(depth)};
await client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: P }] });
`;
    const prompt = await onlyPrompt('nested.ts', source);
    assert.deepEqual(messageTexts(prompt), ['hi']);
    assert.equal(prompt.analysis.estimate, false, prompt.analysis.estimateReason);
  });
});
