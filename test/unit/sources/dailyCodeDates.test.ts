/**
 * Today's date computed in the code (`date.today()`, `{datetime.now():%Y-%m-%d}`,
 * `new Date().toDateString()`) is the same all day, like a literal date: a warning, and the warm
 * cache reads past it. A date with a time of day still ends the prefix on every request.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { varyPerRequestValues } from '../../../src/core/cache/freshRequest';
import { analyzeSource } from '../../../src/core/sources/analyzeSource';
import { longText, onlyPrompt } from './helpers';

const POLICY = longText(60);
const DAILY = /" in the system is today's date, computed in the code: it changes every day: the first request each day misses$/;

const python = (system: string) => `import time
from datetime import date, datetime

from openai import OpenAI

client = OpenAI()

POLICY = """${POLICY}"""


def answer(question: str) -> str:
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[
            {"role": "system", "content": ${system}},
            {"role": "user", "content": question},
        ],
    )
    return response.choices[0].message.content
`;

const typescript = (system: string) => `import OpenAI from 'openai';

const client = new OpenAI();
const POLICY = \`${POLICY}\`;

export async function reply(question: string) {
  const response = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: ${system} },
      { role: 'user', content: question },
    ],
  });
  return response.choices[0].message.content;
}
`;

describe('a date computed in the code, without a time of day', () => {
  const pythonDaily = [
    'f"Today is {datetime.now():%Y-%m-%d}.\\n\\n{POLICY}"',
    'f"Today is {date.today()}.\\n\\n{POLICY}"',
    'f"Today is {date.today().isoformat()}.\\n\\n{POLICY}"',
    'f"Today is {datetime.now().date()}.\\n\\n{POLICY}"',
    'f"Today is {datetime.now().strftime(\'%A, %d %B %Y\')}.\\n\\n{POLICY}"',
    '"Today is {:%d/%m/%Y}.\\n\\n{}".format(datetime.now(), POLICY)',
    'f"Today is {time.strftime(\'%Y-%m-%d\')}.\\n\\n{POLICY}"',
  ];
  for (const system of pythonDaily) {
    it(`Python ${system}: a warning that it changes every day, and the policy after it caches`, async () => {
      const text = python(system);
      const { analysis } = await onlyPrompt('bot.py', text);
      const findings = analysis.findings.filter((f) => f.rule === 'variable-in-system');
      assert.equal(findings.length, 1, JSON.stringify(analysis.findings.map((f) => f.message)));
      assert.equal(findings[0].severity, 'warning');
      assert.match(findings[0].message, DAILY);
      assert.equal(analysis.findings.filter((f) => f.severity === 'error').length, 0);
      assert.ok(analysis.cacheableTokens >= 1024, String(analysis.cacheableTokens));
      assert.equal(analysis.firstDynamic?.name, 'question');
    });
  }

  const typescriptDaily = [
    '`Today is ${new Date().toDateString()}.\\n\\n${POLICY}`',
    "`Today is ${new Date().toLocaleDateString('en-US', { weekday: 'long' })}.\\n\\n${POLICY}`",
    '`Today is ${new Date().toISOString().slice(0, 10)}.\\n\\n${POLICY}`',
    '`Today is ${new Date().toISOString().substring(0, 10)}.\\n\\n${POLICY}`',
    "`Today is ${new Date().toISOString().split('T')[0]}.\\n\\n${POLICY}`",
  ];
  for (const system of typescriptDaily) {
    it(`TypeScript ${system}: a warning that it changes every day, and the policy after it caches`, async () => {
      const { analysis } = await onlyPrompt('bot.ts', typescript(system));
      const finding = analysis.findings.find((f) => f.rule === 'variable-in-system');
      assert.equal(finding?.severity, 'warning');
      assert.match(finding?.message ?? '', DAILY);
      assert.ok(analysis.cacheableTokens >= 1024, String(analysis.cacheableTokens));
    });
  }
});

describe('a labelled line whose value the code computes', () => {
  const cases: [string, (s: string) => string, string, boolean][] = [
    ['bot.py', python, 'f"Current date: {date.today()}\\n\\n{POLICY}"', true],
    ['bot.ts', typescript, '`Current date: ${new Date().toDateString()}\\n\\n${POLICY}`', true],
    ['bot.py', python, 'f"Current date: {datetime.now():%Y-%m-%d %H:%M}\\n\\n{POLICY}"', false],
    ['bot.ts', typescript, '`Current date: ${new Date().toISOString()}\\n\\n${POLICY}`', false],
  ];
  for (const [file, program, system, daily] of cases) {
    it(`${system}: ${daily ? 'a daily warning, the policy after it cached' : 'still a per-request error'}`, async () => {
      const { analysis } = await onlyPrompt(file, program(system));
      const finding = analysis.findings.find((f) => f.rule === 'labelled-dynamic-line');
      assert.equal(finding?.severity, daily ? 'warning' : 'error');
      assert.match(finding?.message ?? '', daily ? /"Current date:" line in the system changes every day: the first request each day misses$/ : /changes per request/);
      assert.equal(analysis.cacheableTokens >= 1024, daily);
    });
  }
});

describe('a date with a time of day computed in the code', () => {
  const perRequest: [string, (s: string) => string, string][] = [
    ['bot.py', python, 'f"It is {datetime.now():%Y-%m-%d %H:%M}.\\n\\n{POLICY}"'],
    ['bot.py', python, 'f"It is {datetime.now().isoformat()}.\\n\\n{POLICY}"'],
    ['bot.py', python, 'f"It is {datetime.now().strftime(\'%Y-%m-%d %I%p\')}.\\n\\n{POLICY}"'],
    ['bot.py', python, 'f"It is {datetime.now()}.\\n\\n{POLICY}"'],
    ['bot.ts', typescript, '`It is ${new Date().toISOString()}.\\n\\n${POLICY}`'],
    ['bot.ts', typescript, '`It is ${new Date().toISOString().slice(0, 16)}.\\n\\n${POLICY}`'],
    ['bot.ts', typescript, "`It is ${new Date().toLocaleDateString('en-US', { hour: 'numeric' })}.\\n\\n${POLICY}`"],
  ];
  for (const [file, program, system] of perRequest) {
    it(`${system} still ends the prefix on every request`, async () => {
      const { analysis } = await onlyPrompt(file, program(system));
      assert.equal(analysis.cacheableTokens, 0);
      const finding = analysis.findings.find((f) => f.rule === 'variable-in-system');
      assert.equal(finding?.severity, 'error');
      assert.match(finding?.message ?? '', /changes per request/);
    });
  }
});

describe('test runs of one session send one date for a computed date', () => {
  it('the date in the shape the code writes it, the same on every run; a time differs on every run', async () => {
    const text = python('f"Today is {datetime.now():%A, %d %B %Y}. Now: {datetime.now():%H:%M:%S}.\\n\\n{POLICY}"');
    const { analysis } = await onlyPrompt('bot.py', text);
    const started = Date.UTC(2026, 10, 29, 23, 58);
    const runs = [0, 1, 2].map((run) => varyPerRequestValues(analysis.request, 'session', run, started).values);
    assert.deepEqual(runs.map((v) => v['{datetime.now():%A, %d %B %Y}']), Array(3).fill('Sunday, 29 November 2026'));
    assert.equal(new Set(runs.map((v) => v['{datetime.now():%H:%M:%S}'])).size, 3);
  });

  it('date.today() and new Date().toDateString() as they print', async () => {
    const started = Date.UTC(2026, 2, 14, 9, 30);
    const py = await onlyPrompt('bot.py', python('f"Today is {date.today()}.\\n\\n{POLICY}"'));
    assert.deepEqual(varyPerRequestValues(py.analysis.request, 's', 4, started).values, { '{date.today()}': '2026-03-14' });
    const ts = await onlyPrompt('bot.ts', typescript('`Today is ${new Date().toDateString()}.\\n\\n${POLICY}`'));
    assert.deepEqual(varyPerRequestValues(ts.analysis.request, 's', 4, started).values, { '${new Date().toDateString()}': 'Sat Mar 14 2026' });
  });
});

describe('examples/python-app/support_bot.py', () => {
  it('its {datetime.now():%Y-%m-%d} is the daily warning; the policy after it caches, up to the question', async () => {
    const fileName = 'examples/python-app/support_bot.py';
    const text = readFileSync(fileName, 'utf8');
    const [{ analysis }] = (await analyzeSource({ fileName, text, countFreshValues: true })).prompts;
    assert.deepEqual(
      analysis.findings.map((f) => [f.severity, f.message]),
      [['warning', '"{datetime.now():%Y-%m-%d}" in the system is today\'s date, computed in the code: it changes every day: the first request each day misses']],
    );
    assert.equal(analysis.cacheableTokens, 1280);
    assert.equal(analysis.firstDynamic?.offset, text.indexOf('question}', text.indexOf('"role": "user"')));
    assert.equal(analysis.firstDynamic?.name, 'question');
    // A test run sends a date (`2026-11-14`) where the code's placeholder stands: fewer tokens than a timestamp.
    assert.deepEqual([analysis.promptTokens, analysis.promptTokensWithFreshValues], [1366, 1362]);
  });
});

describe('a date, time or id written in the code itself', () => {
  const cases: [string, (s: string) => string, string][] = [
    ['bot.py', python, 'f"Knowledge cutoff: September 01, 2023 03:58:00 PM EDT. Session: 3f2b9c1e-8d4a-4b2e-9f1a-2c3d4e5f6a7b.\\n\\n{POLICY}"'],
    ['bot.ts', typescript, '`Built 2024-05-13T09:30:00Z, trace id 9ac0b1d2e3f4a5b6c7d8e9f0a1b2c3d4.\\n\\n${POLICY}`'],
  ];
  for (const [file, program, system] of cases) {
    it(`${system.slice(0, 40)}…: the same on every request, no finding, the policy after it cached`, async () => {
      const { analysis } = await onlyPrompt(file, program(system));
      assert.deepEqual(analysis.findings.filter((f) => f.severity !== 'info').map((f) => f.rule), []);
      assert.equal(analysis.firstDynamic?.name, 'question');
      assert.ok(analysis.cacheableTokens >= 1024, String(analysis.cacheableTokens));
    });
  }

  it('the same text in a request JSON file is still read as a value that changes (a snapshot of a sent request)', async () => {
    const { analyzePrompt } = await import('../../../src/core/analyze');
    const text = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'system', content: `Now: September 01, 2023 03:58:00 PM EDT.\n\n${POLICY}` }, { role: 'user', content: 'hi' }] });
    const analysis = await analyzePrompt({ fileName: 'request.json', text });
    assert.ok(analysis.findings.some((f) => f.severity === 'error'));
  });
});
