/**
 * Texts the source readers once wrote differently from the program, found by checking them
 * against CPython and Node (pythonExpressions.test.ts, scriptExpressions.test.ts). Each expected
 * text is what CPython 3.11 or Node 20 gives for the same expression.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { knownSystemText, messageTexts, onlyPrompt, pythonSystemCall, scriptSystemCall } from './helpers';

const python = async (prelude: string, content: string) => onlyPrompt('a.py', pythonSystemCall(prelude, content));
const script = async (prelude: string, content: string) => onlyPrompt('a.ts', scriptSystemCall(prelude, content));

describe('Python: texts written as CPython writes them', () => {
  it('\\N{name} escapes, in any case; a name not known here is kept as written and said in the estimate', async () => {
    assert.equal(knownSystemText(await python('', '"\\N{BULLET} \\N{em dash}" + f"\\N{RIGHTWARDS ARROW}{1}"')), '• —→1');
    const unknown = await python('', '"\\N{LATIN SMALL LETTER SCHWA} x"');
    assert.equal(messageTexts(unknown)[0], '\\N{LATIN SMALL LETTER SCHWA} x');
    assert.equal(knownSystemText(unknown), undefined);
    assert.match(unknown.analysis.estimateReason ?? '', /`\\N\{\.\.\.\}` escape names a character not known here/);
  });

  it('a file saved with Windows line endings sends \\n in its triple-quoted strings', async () => {
    const source = pythonSystemCall('PROMPT = """Be brief.\nCite sources.\n"""', 'PROMPT + "x\\\ny"').replace(/\n/g, '\r\n');
    assert.equal(knownSystemText(await onlyPrompt('a.py', source)), 'Be brief.\nCite sources.\nxy');
  });

  it("strip() removes Python's whitespace: U+001C is, U+FEFF is not", async () => {
    assert.equal(knownSystemText(await python('', '"\\x1c a \\ufeff".strip()')), 'a \ufeff');
  });

  it('% with a list prints the list; a tuple gives its items', async () => {
    assert.equal(knownSystemText(await python('TAGS = ["a", "b"]\nPAIR = ("x", 1)', '"Tags: %s " % TAGS + "%s=%s" % PAIR')), "Tags: ['a', 'b'] x=1");
  });

  it('lists, tuples and dicts print as their repr in f-strings, format and str(); a generator is left to the program', async () => {
    const prelude = 'TAGS = ["a", "b"]\nCONF = {"model": "gpt-4o", "n": 2, "stop": None, "t": 0.5, "ok": True}\nPAIR = ("x", 1)';
    const text = `['a', 'b'] {'model': 'gpt-4o', 'n': 2, 'stop': None, 't': 0.5, 'ok': True} ('x', 1)`;
    assert.equal(knownSystemText(await python(prelude, 'f"{TAGS} {CONF!r:>10} {PAIR}"')), text);
    assert.equal(knownSystemText(await python(prelude, '"{}".format(CONF) + str((1,)) + str(())')), `{'model': 'gpt-4o', 'n': 2, 'stop': None, 't': 0.5, 'ok': True}(1,)()`);
    assert.equal(knownSystemText(await python(prelude, 'f"{(t for t in TAGS)}"')), undefined);
  });

  it('inspect.cleandoc keeps the first line out of the indentation it removes', async () => {
    const content = 'inspect.cleandoc("""Hello.\n    Be brief.\n      Cite.\n    """)';
    assert.equal(knownSystemText(await python('import inspect', content)), 'Hello.\nBe brief.\n  Cite.');
  });

  it('textwrap.indent and dedent split and judge lines as Python does', async () => {
    assert.equal(knownSystemText(await python('import textwrap', 'textwrap.indent("a\\u2028b\\n\\x0c\\n", "> ")')), '> a\u2028> b\n\f\n');
    assert.equal(knownSystemText(await python('import textwrap', 'textwrap.dedent("  a\\n \\x0c\\n  b")')), ' a\n\f\n b');
  });

  it('repr() and upper() of a character newer than Unicode 14 are left to the program: each Python version writes it its own way', async () => {
    assert.equal(knownSystemText(await python('HEART = "\\U0001FA77"', 'f"{HEART!r}"')), undefined);
    assert.equal(knownSystemText(await python('', '"\\u019b".upper()')), undefined);
    assert.equal(knownSystemText(await python('HEART = "\\U0001FA77"', 'f"{HEART!a} {\'é\'!r} " + "é".upper()')), "'\\U0001fa77' 'é' É");
  });

  it('safe_substitute leaves a name its mapping does not have as written', async () => {
    assert.equal(knownSystemText(await python('import string', 'string.Template("$who and $missing").safe_substitute(who="Ada")')), 'Ada and $missing');
  });

  it('or and and give the value that decides', async () => {
    assert.equal(knownSystemText(await python('EMPTY = ""\nNOTHING = None', '(EMPTY or "x") + (NOTHING or "y") + ([] or "z") + ("a" and "b") + ("" and "c")')), 'xyzb');
  });

  it('numbers added with +=, floor division and powers are computed as ints; a negative power is left to the program', async () => {
    assert.equal(knownSystemText(await python('N = 1\nN += 2', 'f"{N} {-7 // 2} {2 ** 10}"')), '3 -4 1024');
    assert.equal(knownSystemText(await python('', 'f"{10 ** -5}"')), undefined);
  });

  it('a text with parts only the program knows is not printed by !r or a spec, and str does not join a list', async () => {
    const prompt = await python('', 'f"{(\'Hi \' + question)!r}"');
    assert.ok(prompt.analysis.request.messages[0].parts[0].type === 'text' && prompt.analysis.request.messages[0].parts[0].piece.dynamic.length > 0);
    assert.equal(knownSystemText(await python('TAGS = ["a"]', '"Tags: " + TAGS')), undefined);
  });
});

describe('JavaScript: texts written as Node writes them', () => {
  it('arrays and objects turned into text are written as String() writes them', async () => {
    const content = '[1, [2, 3], null, undefined].join("-") + ["a", "b"].join(null) + ("a" + [1, 2]) + `${[1, [2]]}` + "x".concat({}) + String([null])';
    assert.equal(knownSystemText(await script('', content)), '1-2,3--anullba1,21,2x[object Object]');
  });

  it('undefined is written undefined', async () => {
    assert.equal(knownSystemText(await script('const NOTHING = undefined;', '"a" + NOTHING + `${undefined}|${null}`')), 'aundefinedundefined|null');
  });

  it("replace applies $& and $$ in its replacement; \\a is a", async () => {
    assert.equal(knownSystemText(await script('', '"a.b.c".replace(".", "[$&]") + "a.b".replaceAll(".", "$$") + "\\a"')), 'a[.]b.ca$ba');
  });

  it('a file saved with Windows line endings sends \\n in its template literals', async () => {
    const source = scriptSystemCall('const PROMPT = `Be brief.\nCite sources.\n`;', 'PROMPT + String.raw`x\ny`').replace(/\n/g, '\r\n');
    assert.equal(knownSystemText(await onlyPrompt('a.ts', source)), 'Be brief.\nCite sources.\nx\ny');
  });

  it('|| and && give the value that decides; n += 1 adds', async () => {
    assert.equal(knownSystemText(await script('let N = 1;\nN += 2;', '("" || "x") + (0 || "y") + ("a" && "b") + ("" && "c") + `${N}`')), 'xyb3');
  });
});
