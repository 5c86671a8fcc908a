/**
 * Prompt text built from known lists and dicts (comprehensions, `.map`, `.items()`, string
 * methods): the same on every request, so the text is counted and the cached prefix runs through it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { longText, messageTexts, onlyPrompt, pythonSystemCall, scriptSystemCall } from './helpers';

describe('Python: comprehensions over known lists and dicts', () => {
  const prelude = `RULES = ["Cite the source.", "Answer in French.", "Keep it short."]
TONE = {"formal": "Use titles.", "brief": "No preamble."}`;

  it('a generator or list comprehension joined into the prompt, with enumerate, .items(), upper(), replace() and len()', async () => {
    const content = `"\\n".join(f"{i}. {r}" for i, r in enumerate(RULES, 1)) + "\\n" + "\\n".join([f"- {k.upper()}: {v.replace('.', '!')}" for k, v in TONE.items()]) + f" ({len(RULES)} rules)"`;
    const prompt = await onlyPrompt('a.py', pythonSystemCall(prelude, content));
    // What CPython 3.11 printed for the same expression.
    assert.deepEqual(messageTexts(prompt), ['1. Cite the source.\n2. Answer in French.\n3. Keep it short.\n- FORMAL: Use titles!\n- BRIEF: No preamble! (3 rules)', 'question']);
    assert.equal(prompt.analysis.firstDynamic?.name, 'question', 'the cached prefix runs through the built text');
  });

  it('a long policy built from a list in the function is cacheable up to the question', async () => {
    const policy = `POLICY = [${longText(80).split('\n').map((line) => JSON.stringify(line)).join(', ')}]`;
    const { analysis } = await onlyPrompt('a.py', pythonSystemCall(policy, `"\\n".join(f"* {line}" for line in POLICY)`));
    assert.ok(analysis.cacheableTokens >= 1024, String(analysis.cacheableTokens));
    assert.equal(analysis.firstDynamic?.name, 'question');
  });

  it('messages made by a comprehension over known examples are counted as messages', async () => {
    const source = `from openai import OpenAI
client = OpenAI()
EXAMPLES = [("2+2", "4"), ("3*3", "9")]
def run(question):
    shots = [m for q, a in EXAMPLES for m in ({"role": "user", "content": q}, {"role": "assistant", "content": a})]
    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": q} for q, _ in EXAMPLES] + [{"role": "user", "content": question}])
`;
    const prompt = await onlyPrompt('a.py', source);
    assert.deepEqual(messageTexts(prompt), ['2+2', '3*3', 'question']);
  });

  it('an iterable only the program knows, or a filter it decides, leaves the text to the program', async () => {
    for (const content of ['"\\n".join(f"- {x}" for x in question)', '"\\n".join(r for r in RULES if r in question)', '"".join(c for r in RULES for c in question)']) {
      const prompt = await onlyPrompt('a.py', pythonSystemCall(prelude, content));
      assert.equal(messageTexts(prompt)[0], content);
    }
  });

  it('if clauses and a second for over known lists are read as Python reads them', async () => {
    const cases: Array<[string, string]> = [
      // What CPython 3.11 printed for each.
      ['"\\n".join(r for r in RULES if r)', 'Cite the source.\nAnswer in French.\nKeep it short.'],
      ['"".join(c for r in RULES for c in r)', 'Cite the source.Answer in French.Keep it short.'],
      ['" | ".join(r for r in RULES if "French" not in r)', 'Cite the source. | Keep it short.'],
      ['", ".join(f"{a[0]}{b[0]}" for a in RULES for b in RULES if a != b)', 'CA, CK, AC, AK, KC, KA'],
    ];
    for (const [content, expected] of cases) {
      const prompt = await onlyPrompt('a.py', pythonSystemCall(prelude, content));
      assert.deepEqual(messageTexts(prompt), [expected, 'question'], content);
    }
  });

  it('joining numbers is an error in Python: left to the program', async () => {
    const prompt = await onlyPrompt('a.py', pythonSystemCall('SIZES = [1, 2]', '", ".join(SIZES)'));
    assert.equal(messageTexts(prompt)[0], '", ".join(SIZES)');
  });
});

describe('TypeScript: .map over known arrays and objects', () => {
  const prelude = `const RULES = ["Cite the source.", "Answer in French."];
const TONE = { formal: "Use titles.", brief: "No preamble." };`;

  it('.map with an index, Object.entries with a destructured pair, toUpperCase, replace and length', async () => {
    const content = `RULES.map((r, i) => \`\${i + 1}. \${r}\`).join("\\n") + "\\n" + Object.entries(TONE).map(([k, v]) => \`- \${k.toUpperCase()}: \${v.replace(".", "!")}\`).join("\\n") + \` (\${RULES.length} rules)\``;
    const prompt = await onlyPrompt('a.ts', scriptSystemCall(prelude, content));
    const RULES = ['Cite the source.', 'Answer in French.'];
    const TONE = { formal: 'Use titles.', brief: 'No preamble.' };
    const expected = RULES.map((r, i) => `${i + 1}. ${r}`).join('\n') + '\n' + Object.entries(TONE).map(([k, v]) => `- ${k.toUpperCase()}: ${v.replace('.', '!')}`).join('\n') + ` (${RULES.length} rules)`;
    assert.deepEqual(messageTexts(prompt), [expected, 'question']);
    assert.equal(prompt.analysis.firstDynamic?.name, 'question');
  });

  it('a callback that returns in two places, or a replacement with $ patterns, leaves the text to the program', async () => {
    for (const content of ['RULES.map((r) => { if (r.length > 3) return r; return "short"; }).join("\\n")', 'RULES[0].replace("C", "$\'")']) {
      const prompt = await onlyPrompt('a.ts', scriptSystemCall(prelude, content));
      assert.equal(messageTexts(prompt)[0], content);
    }
  });
});

describe('Python: str.format with a known dict', () => {
  it('.format(**D), "%(name)s" % D and {0[key]} read the dict', async () => {
    const prompt = await onlyPrompt('a.py', pythonSystemCall('D = {"name": "Ada", "role": "tutor", "tags": ["a", "b"]}', '"You are {name}, a {role}.".format(**D) + " " + "%(name)s" % D + " " + "{0[name]} {0[tags][1]}".format(D)'));
    assert.deepEqual(messageTexts(prompt), ['You are Ada, a tutor. Ada Ada b', 'question']);
    assert.equal(prompt.analysis.firstDynamic?.name, 'question');
  });
});

describe('Python: string.Template and textwrap.indent', () => {
  it('substitute / safe_substitute with a known dict and keywords, $$ and ${name}; indent skips blank lines', async () => {
    const prelude = `from string import Template
import string
import textwrap
GREETING = Template("You are $name, costing $$${'$'}{price} per ${'$'}{unit}.")
D = {"name": "Ada", "price": 2.5}`;
    const content = `GREETING.substitute(D, unit="call") + "|" + string.Template("$who and $missing").safe_substitute(who="Bo") + "|" + textwrap.indent("one\\n\\n  two\\r\\nthree", "> ")`;
    const prompt = await onlyPrompt('a.py', pythonSystemCall(prelude, content));
    // What CPython 3.11 printed for the same expression.
    assert.deepEqual(messageTexts(prompt), ['You are Ada, costing $2.5 per call.|Bo and $missing|> one\n\n>   two\r\n> three', 'question']);
  });
});

describe('Python: join over map(), a dict and its keys', () => {
  it('map(str, ...), map(repr, ...), map(lambda ...), a dict and .keys() are joined as CPython joins them', async () => {
    const prelude = 'NUMS = [1, 2.0, True]\nD = {"a": 1, "b": 2}';
    const content = '", ".join(map(str, NUMS)) + "|" + ", ".join(D) + "|" + ", ".join(D.keys()) + "|" + "\\n".join(map(lambda k: f"* {k}", D)) + "|" + " ".join(map(repr, ["a", "b"]))';
    const prompt = await onlyPrompt('a.py', pythonSystemCall(prelude, content));
    // What CPython 3.11 printed for the same expression.
    assert.deepEqual(messageTexts(prompt), ["1, 2.0, True|a, b|a, b|* a\n* b|'a' 'b'", 'question']);
  });
});

describe('Python: range, dict comprehensions, and values computed from module constants', () => {
  it('range() and a dict comprehension are read; the request equals the one the program sends', async () => {
    const prelude = 'SCHEMA = {f"field_{i}": {"type": "string"} for i in range(2)}\nSTEPS = [n * 10 for n in range(1, 7, 2)]';
    const prompt = await onlyPrompt('a.py', pythonSystemCall(prelude, 'json.dumps(SCHEMA) + " " + str(STEPS)'));
    // What CPython 3.11 printed for the same expression.
    assert.deepEqual(messageTexts(prompt), ['{"field_0": {"type": "string"}, "field_1": {"type": "string"}} [10, 30, 50]', 'question']);
  });

  it('a module constant only the program knows, joined or dumped in the function, ends no cached prefix and the estimate says so', async () => {
    const prelude = `from pathlib import Path
RULES = load_rules()
CONFIG = read_config()`;
    const content = '"\\n".join(f"- {r}" for r in RULES) + json.dumps(CONFIG, indent=2) + ", ".join(sorted(CONFIG.keys()))';
    const prompt = await onlyPrompt('a.py', pythonSystemCall(prelude, content));
    assert.equal(prompt.analysis.firstDynamic?.name, 'question', 'the system message is the same on every request');
    assert.match(prompt.analysis.estimateReason ?? '', /computed when the module loads \(`load_rules\(\)`, `read_config\(\)`\) and a value computed from the module's values/);
  });

  it('a value computed from a parameter still changes per request', async () => {
    const prompt = await onlyPrompt('a.py', pythonSystemCall('RULES = load_rules()', '"\\n".join(f"- {r} ({question})" for r in RULES)'));
    assert.match(prompt.analysis.firstDynamic?.name ?? '', /for r in RULES/, 'the cached prefix stops in the system message');
  });
});

describe('TypeScript: values computed from module constants', () => {
  it('JSON.stringify and join of a module constant only the program knows end no cached prefix', async () => {
    const prompt = await onlyPrompt('a.ts', scriptSystemCall('const CONFIG = loadConfig();\nconst RULES = loadRules();', 'JSON.stringify(CONFIG, null, 2) + RULES.join("\\n")'));
    assert.equal(prompt.analysis.firstDynamic?.name, 'question');
    assert.match(prompt.analysis.estimateReason ?? '', /computed from the module's values/);
    const perRequest = await onlyPrompt('a.ts', scriptSystemCall('const RULES = loadRules();', 'RULES.join(question)'));
    assert.notEqual(perRequest.analysis.firstDynamic?.name, 'question');
  });
});

describe('Python: a module constant only the program knows, put in by a format', () => {
  it('str.format, % and Template fields of it end no cached prefix', async () => {
    const prelude = 'from string import Template\nRULES = load_rules()';
    const content = '"Rules: {rules}".format(rules=RULES) + "%s" % RULES + Template("$r").substitute(r=RULES)';
    const prompt = await onlyPrompt('a.py', pythonSystemCall(prelude, content));
    assert.equal(prompt.analysis.firstDynamic?.name, 'question');
    assert.match(prompt.analysis.estimateReason ?? '', /computed when the module loads \(`load_rules\(\)`\)/);
  });
});
