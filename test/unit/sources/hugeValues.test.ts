import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_BUILT_TEXT_UNITS } from '../../../src/core/sources/program';
import { MAX_TEXT_VALUE_CHARS } from '../../../src/core/sources/staticValue';
import { InputRejectedError } from '../../../src/core/inputRejected';
import { messageTexts, onlyPrompt, promptsOf } from './helpers';

/**
 * Values code builds far past any prompt: a text repeated a trillion times, a long constant joined
 * or sent hundreds of times. Each used to end in a crash ("Invalid array length") or in gigabytes
 * of memory and minutes; the analysis now finishes and says which part it counted as written.
 */
const ts = (prelude: string, content: string) => `import OpenAI from "openai";
const client = new OpenAI();
${prelude}
await client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: ${content} }] });
`;
const py = (prelude: string, content: string) => `from openai import OpenAI
client = OpenAI()
${prelude}
client.chat.completions.create(model="gpt-4o", messages=[{"role": "system", "content": ${content}}])
`;
const chars = (n: number) => n.toLocaleString('en-US');

describe('values built past the size limits', () => {
  it('an empty text repeated any number of times is empty', async () => {
    for (const [file, source] of [
      ['a.ts', ts('const S = "".repeat(1e12);', '"You are helpful." + S')],
      ['a.py', py('S = "" * 10**15', '"You are helpful." + S')],
    ]) {
      const prompt = await onlyPrompt(file, source);
      assert.deepEqual(messageTexts(prompt), ['You are helpful.'], file);
      assert.equal(prompt.analysis.estimate, false, prompt.analysis.estimateReason);
    }
  });

  it('a text repeated past the limit is counted as written, and the prompt size is unknown', async () => {
    for (const [file, source, written] of [
      ['a.ts', ts('const S = "x".repeat(1e12);', '"Rules: " + S'), '"x".repeat(1e12)'],
      ['a.py', py('S = "a" * 10**9', '"Rules: " + S'), '"a" * 10**9'],
    ]) {
      const prompt = await onlyPrompt(file, source);
      assert.deepEqual(messageTexts(prompt), [`Rules: ${written}`], file);
      assert.match(prompt.analysis.estimateReason ?? '', new RegExp(`a text built past ${chars(MAX_TEXT_VALUE_CHARS)} characters is counted as written`), file);
      assert.equal(prompt.analysis.sizeUnknown, 'a text built past the size limit', file);
      assert.ok(!prompt.analysis.findings.some((f) => f.rule === 'prefix-below-minimum'), file);
    }
  });

  it('a text repeated up to the limit keeps every copy, placeholders included', async () => {
    const prompt = await onlyPrompt('a.ts', ts('', '`Hi ${name}! `.repeat(3)'));
    assert.deepEqual(messageTexts(prompt), ['Hi ${name}! Hi ${name}! Hi ${name}! ']);
    const part = prompt.analysis.request.messages[0].parts[0];
    assert.ok(part.type === 'text');
    assert.deepEqual(
      part.piece.dynamic.map((d) => [d.start, d.end, d.name]),
      [3, 15, 27].map((start) => [start, start + 7, 'name']),
    );
  });

  it('a long constant joined hundreds of times stops at the size limit', async () => {
    const copies = Array.from({ length: 200 }, () => 'A');
    const built = `take more than ${chars(MAX_BUILT_TEXT_UNITS)} characters of text to build: the rest is counted as written`;
    const past = `a text built past ${chars(MAX_TEXT_VALUE_CHARS)} characters is counted as written`;
    for (const [file, source, reason] of [
      // The constant read once and joined: the joined text is past the limit.
      ['plus.ts', ts('const A = "x".repeat(4_000_000);', copies.join(' + ')), past],
      // The constant read once and joined 200 times: the joined text is past the limit.
      ['join.ts', ts(`const A = "x".repeat(4_000_000);\nconst P = [${copies.join(', ')}].join("");`, 'P'), past],
      ['appended.py', py(`A = "x" * 4_000_000\nP = ""\n${copies.map(() => 'P += A').join('\n')}`, 'P'), built],
    ]) {
      const prompt = await onlyPrompt(file, source);
      assert.ok((prompt.analysis.estimateReason ?? '').includes(reason), `${file}: ${prompt.analysis.estimateReason}`);
      assert.ok(prompt.analysis.sizeUnknown, file);
      assert.ok(messageTexts(prompt)[0].length < 10_000, `${file}: counted as written`);
    }
  });

  it('a long constant sent in hundreds of messages is counted up to the limit on what one call sends', async () => {
    const text = 'Cite the source. '.repeat(60_000);
    const messages = Array.from({ length: 200 }, () => '{ role: "user", content: RULES }').join(', ');
    const source = `import OpenAI from "openai";
const client = new OpenAI();
const RULES = "Cite the source. ".repeat(60_000);
await client.chat.completions.create({ model: "gpt-4o", messages: [${messages}] });
`;
    const prompt = await onlyPrompt('many.ts', source);
    const texts = messageTexts(prompt);
    assert.equal(texts.length, 200);
    const whole = Math.floor(MAX_TEXT_VALUE_CHARS / text.length);
    assert.deepEqual(texts.slice(0, whole), Array.from({ length: whole }, () => text));
    assert.deepEqual(new Set(texts.slice(whole)), new Set(['"Cite the source. ".repeat(60_000)']));
    assert.match(prompt.analysis.estimateReason ?? '', new RegExp(`the call's texts come to more than ${chars(MAX_TEXT_VALUE_CHARS)} characters in all: the rest is counted as written`));
    assert.equal(prompt.analysis.sizeUnknown, 'texts past the size limit');
  });

  it('a list holding one long list thousands of times is not printed (Python repr, JavaScript String and join)', async () => {
    const names = ['L0', 'L1', 'L2', 'L3', 'L4'];
    const levels = (declare: string) => names.slice(1).map((n, i) => `${declare}${n} = [${Array(10).fill(names[i]).join(', ')}]`);
    const many = `[${Array(2000).fill('L4').join(', ')}]`;
    for (const [file, source] of [
      ['a.py', py(['L0 = "xx"', ...levels('')].join('\n'), `f"{${many}}" + str(${many})`)],
      ['a.ts', ts(['const L0 = "xx";', ...levels('const ')].join('\n'), `\`\${${many}}\` + ${many}.join("-")`)],
    ]) {
      const started = Date.now();
      const prompt = await onlyPrompt(file, source);
      assert.ok(Date.now() - started < 5000, `${file} took ${Date.now() - started} ms`);
      assert.equal(prompt.analysis.estimate, true, file);
    }
  });

  it('a list or object whose text would pass the limit is counted as written', async () => {
    const source = ts(`const A = "x".repeat(4_000_000);\nconst L = [${Array.from({ length: 200 }, () => 'A').join(', ')}];`, '`Items: ${L}`');
    const prompt = await onlyPrompt('list.ts', source);
    assert.deepEqual(messageTexts(prompt), ['Items: ${L}']);
    assert.ok(prompt.analysis.sizeUnknown);
  });
});

describe('a name used in its own assignment', () => {
  it('has the value it had before: `p = p + "b"` builds on the earlier `p`', async () => {
    const tsPrompt = await onlyPrompt('a.ts', ts('let p = "a";\np = p + "b";\np = `${p}c`;', 'p'));
    assert.deepEqual(messageTexts(tsPrompt), ['abc']);
    assert.equal(tsPrompt.analysis.estimate, false, tsPrompt.analysis.estimateReason);
    const pyPrompt = await onlyPrompt('a.py', py('p = "a"\np = p + "b"\np = f"{p}c"', 'p'));
    assert.deepEqual(messageTexts(pyPrompt), ['abc']);
    assert.equal(pyPrompt.analysis.estimate, false, pyPrompt.analysis.estimateReason);
  });

  it('a list rebuilt from itself keeps its messages', async () => {
    const source = `from openai import OpenAI
client = OpenAI()
messages = [{"role": "system", "content": "Be brief."}]
messages = messages + [{"role": "user", "content": "Hi"}]
client.chat.completions.create(model="gpt-4o", messages=messages)
`;
    const prompt = await onlyPrompt('a.py', source);
    assert.deepEqual(messageTexts(prompt), ['Be brief.', 'Hi']);
    assert.equal(prompt.analysis.estimate, false, prompt.analysis.estimateReason);
  });

  it('names that refer to each other stay unknown, without looping', async () => {
    const prompt = await onlyPrompt('a.ts', ts('const a = b + "x";\nconst b = a;', 'a'));
    assert.equal(prompt.analysis.estimate, true);
    assert.equal(messageTexts(prompt).length, 1);
  });
});

describe('estimate reasons', () => {
  it('a reason given for many parts is said once', async () => {
    const spreads = Array.from({ length: 50 }, () => '...history').join(', ');
    const source = `import OpenAI from "openai";
const client = new OpenAI();
export async function run(history: any[]) {
  return client.chat.completions.create({ model: "gpt-4o", messages: [${spreads}] });
}
`;
    const prompt = await onlyPrompt('a.ts', source);
    const reasons = prompt.analysis.estimateReasons ?? [];
    assert.equal(reasons.length, new Set(reasons).size);
    assert.equal((prompt.analysis.estimateReason ?? '').split('`...history`').length - 1, 1);
  });
});

describe('a list that holds the same list many times over', () => {
  it('printed, dumped or joined, stays unknown without walking its 10^24 items', async () => {
    const lists = Array.from({ length: 24 }, (_, i) => `L${i + 1} = [${Array.from({ length: 10 }, () => `L${i}`).join(', ')}]`).join('\n');
    const source = `from openai import OpenAI
import json
client = OpenAI()
L0 = ["${'x'.repeat(1000)}"]
${lists}
def run(q):
    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "system", "content": f"{L24}" + repr(L24) + json.dumps(L24) + ", ".join(map(str, L24))}, {"role": "user", "content": q}])
`;
    const prompt = await onlyPrompt('dag.py', source);
    const [system] = messageTexts(prompt);
    assert.ok(system.length < 1000, `${system.length} characters`);
    assert.equal(prompt.analysis.estimate, true);
  });
});

describe('syntax errors the parser recovers from slowly', () => {
  // 8,000 unclosed `x = [` before a run of spaces and a brace: about a minute of tree-sitter's
  // error recovery, for 42 KB.
  const slow = `${'x = ['.repeat(8000)}${' '.repeat(2000)}}\n`;

  it('a file of them is refused with the reason once parsing runs past its time, not parsed for a minute', async () => {
    const source = ts('', '"Be brief."') + slow;
    await assert.rejects(promptsOf('slow.ts', source), (error: unknown) => {
      assert.ok(error instanceof InputRejectedError);
      assert.equal(error.reason, 'too-complex');
      assert.match(error.message, /^Parsing took longer than 5 s, a syntax error the parser recovers from slowly \(such as thousands of unclosed brackets\): the LLM calls of this file are not analysed\.$/);
      return true;
    });
    // The parser starts afresh for the next file.
    assert.equal((await onlyPrompt('next.ts', ts('', '"Be brief."'))).analysis.request.messages.length, 1);
  });

  it('a module of them that a file imports is read as an unknown value; the file is analysed', async () => {
    const prompt = await onlyPrompt('app.ts', ts('import { RULES } from "./rules";', 'RULES'), { 'rules.ts': `export const RULES = "Be brief.";\n${slow}` });
    assert.match(prompt.analysis.estimateReason ?? '', /could not be read/);
  });
});

// Each of these took from 8 s to many minutes (the work for each level of an expression, or for
// each breaker found, read the whole of it); their speed is measured in bench/hostileInputs.ts. The
// timeout only stops a run that has gone back to taking minutes.
describe('code written thousands of times over', { timeout: 120_000 }, () => {
  /** Analysed, with what was counted as written said. */
  async function readInTime(file: string, source: string, reason: RegExp) {
    const prompt = await onlyPrompt(file, source);
    assert.match(prompt.analysis.estimateReason ?? '', reason, file);
    return prompt;
  }

  it('a call nested 5,000 deep (`str(str(...))`) around a value', async () => {
    await readInTime('a.py', py('', `${'str('.repeat(5000)}"x"${')'.repeat(5000)}`), /nested more than 400 deep is counted as written/);
    await readInTime('a.ts', ts('', `${'String('.repeat(5000)}"x"${')'.repeat(5000)}`), /nested more than 400 deep is counted as written/);
  });

  it('a call nested 10,000 deep around the clock (`str(str(...datetime.now()))`)', async () => {
    await readInTime('a.py', py('from datetime import datetime', `${'str('.repeat(10_000)}datetime.now()${')'.repeat(10_000)}`), /nested more than 400 deep is counted as written/);
    await readInTime('a.ts', ts('', `${'String('.repeat(10_000)}new Date()${')'.repeat(10_000)}`), /nested more than 400 deep is counted as written/);
  });

  it('a method called 5,000 times in a chain (`"x".trim().trim()...`)', async () => {
    await readInTime('a.ts', ts('', `"x"${'.trim()'.repeat(5000)}`), /nested more than 400 deep is counted as written/);
    await readInTime('a.py', py('', `"x"${'.strip()'.repeat(5000)}`), /nested more than 400 deep is counted as written/);
  });

  it('a text joined from 2,000 literals and clock readings (`"a" + str(time.time()) + "b" ...`), each a breaker', async () => {
    const joined = (clock: string) => `${`"Line.\\n" + ${clock} + `.repeat(2000)}"end"`;
    await readInTime('a.py', py('import time', joined('str(time.time())')), /`str\(time\.time\(\)\)`/);
    await readInTime('a.ts', ts('', joined('String(Date.now())')), /`String\(Date\.now\(\)\)`/);
  });

  it('an f-string or template literal of 5,000 clock readings on one line, each a breaker', async () => {
    await readInTime('a.py', py('from datetime import datetime', `f"${'{datetime.now()} '.repeat(5000)}"`), /`datetime\.now\(\)`/);
    await readInTime('a.ts', ts('', `\`${'${Date.now()} '.repeat(5000)}\``), /`Date\.now\(\)`/);
  });

  it('a name assigned from itself 5,000 times (`a = a + a`)', async () => {
    await readInTime('a.py', py(`a = "ab"\n${'a = a + a\n'.repeat(5000)}`, 'a'), /take more than 200,000 steps to read/);
    await readInTime('a.ts', ts(`let a = "ab";\n${'a = a + a;\n'.repeat(5000)}`, 'a'), /take more than 200,000 steps to read/);
  });
});

describe('calls nested around a value only the program knows', { timeout: 120_000 }, () => {
  // Each level read its argument twice (once as the conversion, once as an unknown call's argument):
  // 2^30 readings 30 deep, cut short by the step limit with its reason instead of naming the value.
  it('calls, methods and conversions nested 30 deep (`len(len(...(x)))`, `sorted`, `json.dumps`, `.strip().lower()...`, `Object.keys`, a function of the file): the value is named, no step limit reached', async () => {
    const nested = (fn: string) => `${`${fn}(`.repeat(30)}user_text${')'.repeat(30)}`;
    const inPython = (content: string) => `from openai import OpenAI\nclient = OpenAI()\ndef run(user_text):\n    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": ${content}}])\n`;
    const inScript = (content: string) => `import OpenAI from "openai";\nconst client = new OpenAI();\nexport function run(user_text: string) {\n  return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: ${content} }] });\n}\n`;
    for (const [file, source] of [
      ['a.py', inPython(nested('len'))],
      ['a.py', inPython(nested('str'))],
      ['a.ts', inScript(nested('String'))],
      ['a.ts', inScript(nested('JSON.stringify'))],
      // A method chain read its object up to three times a level.
      ['a.py', inPython(`user_text${'.strip().lower()'.repeat(15)}`)],
      ['a.ts', inScript(`user_text${'.trim().toLowerCase()'.repeat(15)}`)],
      // Each read its argument again as an unknown call's (a call, member or item is read once per binding context).
      ...['sorted', 'json.dumps', 'min', '"".join', 'f'].map((fn) => ['a.py', `import json\ndef f(a):\n    return a\n${inPython(nested(fn))}`]),
      ['a.py', inPython(`${'Template('.repeat(30)}user_text${').substitute(a=1)'.repeat(30)}`.replace('from openai', 'from string import Template\nfrom openai'))],
      ['a.py', inPython(`user_text${'.get("a")'.repeat(30)}`)],
      ...['Object.entries', 'Object.keys', 'f'].map((fn) => ['a.ts', `function f(a: string) { return a; }\n${inScript(nested(fn))}`]),
      ['a.ts', inScript(`user_text${'.toString()'.repeat(30)}`)],
    ]) {
      const reason = (await onlyPrompt(file, source)).analysis.estimateReason ?? '';
      assert.doesNotMatch(reason, /steps to read/, source);
      assert.match(reason, /known only at run time/, source);
    }
  });
});

describe('expressions nested hundreds deep', () => {
  it('1,000 chained minus signs around a value only the program knows: analysed, the value counted as written', async () => {
    for (const [file, source] of [
      ['a.ts', ts(`const N = x ${'- '.repeat(1000)}1;`, 'String(N)')],
      ['a.py', py(`N = x ${'- '.repeat(1000)}1`, 'str(N)')],
    ]) {
      const prompt = await onlyPrompt(file, source);
      assert.match(prompt.analysis.estimateReason ?? '', /nested more than 400 deep is counted as written/, file);
    }
  });
});
