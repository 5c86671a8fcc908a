/**
 * Python's text of known values, checked against what CPython printed for the same value and spec
 * (test/fixtures/sources/python-text/cases.json, written by its generate.py with CPython 3.11).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pythonField, pythonPercent, type PythonValue } from '../../../src/core/sources/pythonText';
import { messageTexts, onlyPrompt, pythonSystemCall, scriptSystemCall } from './helpers';

type Row = ['format' | 'conv' | 'percent', 'str' | 'int' | 'float' | 'bool' | 'none', string | number | boolean | null, string, string | null];

const ROWS = JSON.parse(readFileSync(join(__dirname, '../../fixtures/sources/python-text/cases.json'), 'utf8')) as Row[];

function valueOf([, type, v]: Row): PythonValue {
  if (type === 'str') return { type, text: v as string };
  if (type === 'none') return { type };
  if (type === 'bool') return { type, value: v as boolean };
  // JSON has no inf or nan: the generator writes them as Python's text.
  return { type, value: typeof v === 'string' ? Number(v.replace('inf', 'Infinity')) : (v as number) };
}

function ours(row: Row): string | undefined {
  const [kind, , , spec] = row;
  const value = valueOf(row);
  return kind === 'format' ? pythonField(value, undefined, spec) : kind === 'conv' ? pythonField(value, spec, '') : pythonPercent(value, spec);
}

describe('Python text of known values, against CPython', () => {
  it(`never writes a text CPython does not (${ROWS.length} values × specs), and leaves alone what Python refuses`, () => {
    const wrong = ROWS.filter((row) => {
      const text = ours(row);
      return text !== undefined && text !== row[4];
    });
    assert.deepEqual(wrong.slice(0, 5).map((row) => [...row, ours(row)]), []);
    const refused = ROWS.filter((row) => row[4] === null && ours(row) !== undefined);
    assert.deepEqual(refused.slice(0, 5), []);
  });

  it('writes every str(), repr(), ascii(), %s, %r and %d, and every spec without rounding, as CPython does', () => {
    const noRounding = new Set(['', 's', '>6', '<6', '^7', '*^9', '+', ' ', 'd', ',', '_', 'x', 'X', '#x', '#o', 'b', '>10.2s', '.3s', '=+8d', 'r', 'a', '%s', '%r', '%a', '%5d', '%-5d', '%x', '%10s', '%.2s']);
    const missed = ROWS.filter((row) => row[4] !== null && noRounding.has(row[3]) && row[1] !== 'float' && ours(row) === undefined);
    assert.deepEqual(missed, []);
    const floatRepr = ROWS.filter((row) => row[1] === 'float' && ((row[0] === 'format' && row[3] === '') || row[0] === 'conv'));
    assert.deepEqual(floatRepr.filter((row) => ours(row) !== row[4]), []);
  });

  it('rounds floats (.2f, e, g, %) as CPython does, leaving only exact ties and other formats to the program', () => {
    const rounded = ROWS.filter((row) => row[4] !== null && row[1] === 'float' && /^[.\d,]*[efg%]$/.test(row[3]));
    const written = rounded.filter((row) => ours(row) !== undefined);
    // Left: halfway cases (Python rounds them to even) and fixed notation past 1e21.
    const left = rounded.filter((row) => ours(row) === undefined);
    assert.ok(written.length > 0.9 * rounded.length, `${written.length} of ${rounded.length}`);
    for (const row of left) {
      const x = Math.abs(valueOf(row).type === 'float' ? (valueOf(row) as { value: number }).value : 0);
      assert.ok(x >= 1e19 || !Number.isFinite(x) || /5$/.test(x.toFixed(20).replace(/0+$/, '')), `${JSON.stringify(row)} is neither a tie nor past 1e21`);
    }
  });
});

describe('Python: known values printed in a prompt as Python prints them', () => {
  const call = (content: string, prelude = '') => `from openai import OpenAI
client = OpenAI()
${prelude}
def run(name):
    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "system", "content": ${content}}])
`;

  it('floats, booleans and None in f-strings, str() and repr()', async () => {
    const prelude = 'TEMPERATURE = 2.0\nSTRICT = True\nLIMIT = None\nTINY = 0.00001';
    const prompt = await onlyPrompt('a.py', call('f"t={TEMPERATURE} s={STRICT} l={LIMIT} e={TINY} " + str(TEMPERATURE) + repr("it\'s")', prelude));
    assert.deepEqual(messageTexts(prompt), [`t=2.0 s=True l=None e=1e-05 2.0"it's"`]);
    assert.equal(prompt.analysis.estimate, false);
  });

  it('format specs, conversions and the = of f-strings, str.format and % are applied', async () => {
    const prelude = 'PRICE = 3\nRATE = 0.0725\nNAME = "bob"';
    const prompt = await onlyPrompt(
      'a.py',
      call('f"{PRICE:.2f}|{NAME!r}|{NAME:>6}|{PRICE:03d}|{RATE:.1%}|{ PRICE = }|" + "{0:,}|{1!r}".format(1234567, NAME) + "|%5.1f|%-4s|%d" % (RATE * 1, NAME, PRICE)', prelude),
    );
    // CPython writes `  0.1` for the `%5.1f` of `RATE * 1`: float arithmetic is left to the program,
    // so only that field is as written.
    assert.deepEqual(messageTexts(prompt), [`3.00|'bob'|   bob|003|7.2%| PRICE = 3|1,234,567|'bob'|%5.1f|bob |3`]);
    assert.equal(prompt.analysis.estimate, true);
  });

  it('a format Python rounds to even, or a float sum, is counted as written and the estimate says why', async () => {
    const tie = await onlyPrompt('a.py', call('f"{2.5:.0f} apples"'));
    assert.deepEqual(messageTexts(tie), ['{2.5:.0f} apples']);
    assert.equal(tie.analysis.estimate, true);
    assert.match(tie.analysis.estimateReason ?? '', /printed with a format Python applies in a way not reproduced here/);
    const sum = await onlyPrompt('a.py', call('f"{1.5 + 1}"'));
    assert.equal(sum.analysis.estimate, true);
  });

  it('"…" * n: a negative count is empty, True is once, a float count is an error left to the program', async () => {
    assert.deepEqual(messageTexts(await onlyPrompt('a.py', call('"a" * -1 + "b" * True + "c" * False + "d"'))), ['bd']);
    const float = await onlyPrompt('a.py', call('"z" * 2.0'));
    assert.equal(float.analysis.estimate, true);
    assert.notDeepEqual(messageTexts(float), ['zz']);
  });

  it('a known list, tuple or dict in an f-string, str.format or % field prints as Python prints it', async () => {
    const prelude = 'CODES = {"11-0000": "Management", "13-0000": "Business"}\nSTEPS = ["plan", \'say "hi"\', 1.5, None]\nPAIR = ("x",)';
    const content = 'f"{CODES}|{STEPS!r}|{PAIR=}|" + "{0}|{1[11-0000]}".format(STEPS, CODES) + "|%s|%r" % (PAIR, CODES) + "|%s" % STEPS';
    const prompt = await onlyPrompt('a.py', call(content, prelude));
    // What CPython 3.11 printed for the same expression.
    assert.deepEqual(messageTexts(prompt), [
      `{'11-0000': 'Management', '13-0000': 'Business'}|['plan', 'say "hi"', 1.5, None]|PAIR=('x',)|['plan', 'say "hi"', 1.5, None]|Management|('x',)|{'11-0000': 'Management', '13-0000': 'Business'}|['plan', 'say "hi"', 1.5, None]`,
    ]);
    assert.equal(prompt.analysis.estimate, false);
    assert.equal(prompt.analysis.firstDynamic, null);
  });

  it('a value computed when the module loads, in a str.format or % field, is the same on every request as in an f-string', async () => {
    const prelude = 'RULES = load_rules()\nMIXED = ["a", load_rules()]';
    const prompt = await onlyPrompt('a.py', call('f"{RULES}|{MIXED}|" + "{}|{}".format(RULES, MIXED) + "|%s" % RULES + f"|{name}"', prelude));
    assert.equal(prompt.analysis.firstDynamic?.name, 'name');
    assert.match(prompt.analysis.estimateReason ?? '', /computed when the module loads \(`load_rules\(\)`/);
  });

  it('a number joined to text with + is an error in Python: its digits are not known prompt text', async () => {
    const prompt = await onlyPrompt('a.py', call('"Top " + 3'));
    const part = prompt.analysis.request.messages[0].parts[0];
    assert.ok(part.type === 'text');
    assert.deepEqual(part.type === 'text' && part.piece.dynamic.map((d) => part.piece.text.slice(d.start, d.end)), ['3']);
  });
});

describe('TypeScript: known values printed as JavaScript prints them', () => {
  it('null, booleans and numbers in a template; repeat() cuts its count', async () => {
    const source = `import OpenAI from "openai";
const client = new OpenAI();
const LIMIT = null;
await client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: \`l=\${LIMIT} b=\${true} f=\${2.0} \${"ab".repeat(2.9)}\` }] });
`;
    const prompt = await onlyPrompt('a.ts', source);
    assert.deepEqual(messageTexts(prompt), ['l=null b=true f=2 abab']);
    assert.equal(prompt.analysis.estimate, false);
  });

  it('an array or object in a template, joined with + or String(), and join() over null, undefined and arrays', async () => {
    const source = `import OpenAI from "openai";
const client = new OpenAI();
const TAGS = ["a", 1, null, undefined, [2, [3, null]], { k: 1 }, true];
const CFG = { tone: "brief" };
export async function run(question: string) {
  return client.chat.completions.create({ model: "gpt-4o", temperature: undefined, messages: [{ role: "system", content: \`\${TAGS}|\${CFG}|\${undefined}|\` + TAGS + "|" + CFG + "|" + String(TAGS) + "|" + TAGS.join("; ") }, { role: "user", content: question }] });
}
`;
    const prompt = await onlyPrompt('a.ts', source);
    // What Node 22 printed for the same expression.
    assert.deepEqual(messageTexts(prompt), [
      'a,1,,,2,3,,[object Object],true|[object Object]|undefined|a,1,,,2,3,,[object Object],true|[object Object]|a,1,,,2,3,,[object Object],true|a; 1; ; ; 2,3,; [object Object]; true',
      'question',
    ]);
    assert.equal(prompt.analysis.firstDynamic?.name, 'question');
    assert.equal('temperature' in prompt.analysis.request.parameters, false, 'a key holding undefined is not sent');
  });

  it('an array only the program knows in part, made when the module loads, is the same on every request', async () => {
    const prelude = 'const TAGS = ["a", loadTags()];';
    const prompt = await onlyPrompt('a.ts', scriptSystemCall(prelude, '`Tags: ${TAGS}. ` + TAGS'));
    assert.equal(prompt.analysis.firstDynamic?.name, 'question');
    assert.equal(prompt.analysis.estimate, true);
  });
});

describe('Python: padding methods, and JavaScript number and padding methods', () => {
  it('ljust, rjust, center and zfill pad as CPython pads (center puts the odd space where CPython does)', async () => {
    const cases: string[] = [];
    for (let w = 0; w <= 8; w++) for (const t of ['', 'a', 'ab', 'abc', '-12', '+5']) cases.push(`"${t}".ljust(${w}) + "|" + "${t}".rjust(${w}, "*") + "|" + "${t}".center(${w}) + "|" + "${t}".center(${w}, "-") + "|" + "${t}".zfill(${w})`);
    const prompt = await onlyPrompt('a.py', pythonSystemCall('', cases.join(' + "\\n" + ')));
    // CPython 3.11 for the same expressions: ljust, rjust "*", center, center "-", zfill for each width and text.
    const lines = messageTexts(prompt)[0].split('\n');
    assert.equal(lines[2 * 6 + 1], 'a |*a|a |a-|0a');
    assert.equal(lines[3 * 6 + 1], 'a  |**a| a |-a-|00a');
    assert.equal(lines[4 * 6 + 2], 'ab  |**ab| ab |-ab-|00ab');
    assert.equal(lines[5 * 6 + 4], '-12  |**-12| -12 |--12-|-0012');
    assert.equal(lines[4 * 6 + 5], '+5  |**+5| +5 |-+5-|+005');
    assert.equal(prompt.analysis.estimate, true, 'only the question is unknown');
    assert.match(prompt.analysis.estimateReason ?? '', /^a value known only at run time \(`question`\)/);
  });

  it('toFixed, toString, String() and padStart/padEnd of known values write what JavaScript writes', async () => {
    const prompt = await onlyPrompt('a.ts', scriptSystemCall('const PRICE = 2.5;', '`${PRICE.toFixed(2)}|${(1.005).toFixed(2)}|${PRICE.toString()}|${String(null)}|${"7".padStart(3, "0")}|${"ab".padEnd(5, "xy")}`'));
    assert.deepEqual(messageTexts(prompt), [`${(2.5).toFixed(2)}|${(1.005).toFixed(2)}|2.5|null|${'7'.padStart(3, '0')}|${'ab'.padEnd(5, 'xy')}`, 'question']);
  });
});
