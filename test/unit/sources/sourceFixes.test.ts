import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits, combineFixes } from '../../../src/core/cache/breaker-fixes';
import { MAX_MOVED_CHARS } from '../../../src/core/sources/sourceFixes';
import { boundaryHoverMarkdown } from '../../../src/extension/hoverMarkdown';
import { longText, onlyPrompt } from './helpers';

const POLICY = longText(60);

const python = (user: string) => `from datetime import datetime
from openai import OpenAI

client = OpenAI()

POLICY = """${POLICY}"""


def answer(question: str) -> str:
    return client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[
            {"role": "system", "content": f"Today is {datetime.now():%H:%M}.\\n\\n{POLICY}"},
            {"role": "user", "content": ${user}},
        ],
    )
`;

const typescript = `import OpenAI from 'openai';

const client = new OpenAI();
const GUIDE = \`${POLICY}\`;

export async function reply(user: { name: string }, message: string) {
  return client.chat.completions.create({
    model: 'gpt-4o',
    messages: [
      { role: 'system', content: \`You help \${user.name}.\\n\\n\${GUIDE}\` },
      { role: 'user', content: message },
    ],
  });
}
`;

/** The breaker's Quick Fix applied, and the file analysed again. */
async function fixed(fileName: string, text: string) {
  const { analysis } = await onlyPrompt(fileName, text);
  const breaker = analysis.findings.find((f) => f.fix);
  assert.ok(breaker, `a breaker with a fix among ${analysis.findings.map((f) => f.rule).join(', ')}`);
  const after = applyEdits(text, breaker.fix!.edits);
  return { breaker, after, again: (await onlyPrompt(fileName, after)).analysis };
}

describe('Quick Fix in source code: the system message interpolation moves to the end of the last user message', () => {
  it('Python: the date line leaves the f-string, the user content becomes an f-string ending with it, and the policy caches as promised', async () => {
    const { breaker, after, again } = await fixed('bot.py', python('question'));
    assert.equal(breaker.fix!.description, 'Move "Today is {datetime.now():%H:%M}." to the end of the last user message, out of the cached prefix');
    assert.ok(after.includes('{"role": "system", "content": f"{POLICY}"}'), after);
    assert.ok(after.includes('{"role": "user", "content": f"{question}\\n\\nToday is {datetime.now():%H:%M}."}'), after);
    assert.ok(again.cacheableTokens >= 1024);
    assert.equal(again.cacheableTokens, breaker.cacheableTokensIfFixed);
  });

  it('Python: a user f-string gets the line appended before its closing quote; a plain string gets the f prefix', async () => {
    const fString = await fixed('bot.py', python('f"Question: {question}"'));
    assert.ok(fString.after.includes('f"Question: {question}\\n\\nToday is {datetime.now():%H:%M}."'), fString.after);
    const plain = await fixed('bot.py', python('"What is the refund window?"'));
    assert.ok(plain.after.includes('f"What is the refund window?\\n\\nToday is {datetime.now():%H:%M}."'), plain.after);
  });

  it('Python: no fix when the user string has braces an f prefix would turn into interpolations', async () => {
    const { analysis } = await onlyPrompt('bot.py', python('"Answer in JSON like {\\"a\\": 1}"'));
    assert.ok(analysis.findings.some((f) => f.rule === 'variable-in-system'));
    assert.ok(analysis.findings.every((f) => !f.fix));
  });

  it('TypeScript: the name line leaves the template literal and the user content becomes one ending with it', async () => {
    const { breaker, after, again } = await fixed('assistant.ts', typescript);
    assert.match(breaker.fix!.description, /^Move "You help \$\{user\.name\}\."/);
    assert.ok(after.includes("{ role: 'system', content: `${GUIDE}` }"), after);
    assert.ok(after.includes("{ role: 'user', content: `${message}\\n\\nYou help ${user.name}.` }"), after);
    assert.equal(again.cacheableTokens, breaker.cacheableTokensIfFixed);
  });

  it('no fix when the system message is written outside the call (the edit would reach other requests)', async () => {
    const text = python('question')
      .replace(/\{"role": "system", "content": f"Today[^\n]*\n/, 'system,\n')
      .replace(
        '    return client.chat.completions.create(',
        '    system = {"role": "system", "content": f"Today is {datetime.now():%H:%M}.\\n\\n{POLICY}"}\n    return client.chat.completions.create(',
      );
    const { analysis } = await onlyPrompt('bot.py', text);
    assert.ok(analysis.findings.some((f) => f.rule === 'variable-in-system'), analysis.findings.map((f) => f.rule).join(', '));
    assert.ok(analysis.findings.every((f) => !f.fix));
  });
});

const concatenated = (system: string) => `from datetime import datetime
from openai import OpenAI

client = OpenAI()

POLICY = """${POLICY}"""


def answer(question, team):
    return client.chat.completions.create(
        model="gpt-4o",
        messages=[
            {"role": "system", "content": ${system}},
            {"role": "user", "content": question},
        ],
    )
`;

describe('Quick Fix in source code: system content built with + or .format', () => {
  it('an f-string line joined with + POLICY moves out, the + with it, and the policy caches as promised', async () => {
    const text = concatenated('f"Now: {datetime.now().isoformat()}\\n" + POLICY');
    const { breaker, after, again } = await fixed('bot.py', text);
    assert.equal(breaker.fix!.description, 'Move "Now: {datetime.now().isoformat()}" to the end of the last user message, out of the cached prefix');
    assert.ok(after.includes('{"role": "system", "content": POLICY}'), after);
    assert.ok(after.includes('{"role": "user", "content": f"{question}\\n\\nNow: {datetime.now().isoformat()}"}'), after);
    assert.equal(again.cacheableTokens, breaker.cacheableTokensIfFixed);
    assert.ok(again.cacheableTokens >= 1024);
  });

  it('a .format template says it has no automatic fix', async () => {
    const { analysis } = await onlyPrompt('bot.py', concatenated('"Team: {}\\n\\n{}".format(team, POLICY)'));
    const breaker = analysis.findings.find((f) => f.rule === 'variable-in-system');
    assert.ok(breaker);
    assert.equal(breaker.fix, undefined);
    assert.match(breaker.message, /no automatic fix for a `\.format\(\.\.\.\)` template: move the value to the last user message by hand$/);
    // The hover offers no Quick Fix the editor does not have.
    const hover = boundaryHoverMarkdown(analysis);
    assert.match(hover, /Moving the cache breaker out of the prefix: \*\*[\d,]+ tokens cacheable\*\*.* \(by hand: no automatic fix\)\./);
    assert.doesNotMatch(hover, /Quick Fix|Fix all/);
  });

  it('a breaker with a fix: the hover points to the Quick Fix', async () => {
    const { analysis } = await onlyPrompt('bot.py', concatenated('f"Now: {datetime.now().isoformat()}\\n" + POLICY'));
    assert.ok(analysis.findings.some((f) => f.fix));
    assert.match(boundaryHoverMarkdown(analysis), /Moving the cache breaker out of the prefix: .* \(Quick Fix, or \*Fix all cache breakers in file\*\)\./);
  });

  it('the boundary of a labelled line reads as a sentence', async () => {
    const { analysis } = await onlyPrompt('bot.py', concatenated('f"Now: {datetime.now().isoformat()}\\n" + POLICY'));
    assert.equal(analysis.firstDynamic?.reason, 'the "now" line looks different on every request');
  });
});

describe('Quick Fix in source code: breakers on one line', () => {
  const withLine = (line: string) => `from datetime import datetime
from openai import OpenAI

client = OpenAI()
POLICY = """${POLICY}"""


def answer(question, user):
    return client.chat.completions.create(
        model="gpt-4o",
        messages=[
            {"role": "system", "content": f"${line}\\n\\n{POLICY}"},
            {"role": "user", "content": question},
        ],
    )
`;

  it('each breaker of the line has the same fix, which moves the line once', async () => {
    const text = withLine('You help {user.name} at {datetime.now():%H:%M}.');
    const { analysis } = await onlyPrompt('bot.py', text);
    const fixes = analysis.findings.flatMap((f) => (f.fix ? [f.fix] : []));
    assert.equal(fixes.length, 2, analysis.findings.map((f) => f.message).join('\n'));
    assert.deepEqual(fixes[0], fixes[1]);
    const after = applyEdits(text, combineFixes(fixes));
    assert.ok(after.includes('{"role": "user", "content": f"{question}\\n\\nYou help {user.name} at {datetime.now():%H:%M}."}'), after);
  });

  it(`no fix moves a line of more than ${MAX_MOVED_CHARS.toLocaleString('en-US')} characters: each of its breakers would carry all of it`, async () => {
    const long = `${'Rules apply. '.repeat(Math.ceil(MAX_MOVED_CHARS / 13))}You help {user.name}.`;
    const { analysis } = await onlyPrompt('bot.py', withLine(long));
    assert.ok(analysis.findings.some((f) => f.rule === 'variable-in-system'));
    assert.ok(analysis.findings.every((f) => !f.fix));
    assert.ok((await onlyPrompt('bot.py', withLine(long.slice(-MAX_MOVED_CHARS)))).analysis.findings.some((f) => f.fix));
  });
});
