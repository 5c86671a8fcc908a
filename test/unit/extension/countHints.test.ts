import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callCountHints, requestCountHints } from '../../../src/core/countHints';
import { analyzeSource } from '../../../src/core/sources/analyzeSource';
import { segmentAnchor } from '../../../src/extension/segmentAnchor';
import { longText } from '../sources/helpers';

const SHARED_BASE = `from openai import OpenAI

client = OpenAI()

POLICY = """${longText(40)}"""
BASE = [{"role": "system", "content": POLICY}]

def star(question):
    return client.chat.completions.create(model="gpt-4o", messages=[*BASE, {"role": "user", "content": question}])

def plus(question):
    return client.chat.completions.create(model="gpt-4o", messages=BASE + [{"role": "user", "content": question}])
`;

/** The file's inline counts as the editor builds them: each call's sections at their anchors, then one a line. */
async function hintsOf(text: string) {
  const { prompts } = await analyzeSource({ fileName: '/virtual/app/bot.py', text });
  const lineOf = (offset: number) => text.slice(0, offset).split('\n').length - 1;
  const calls = prompts.map(({ call, analysis }) => {
    const sections = analysis.segments.flatMap((segment) => {
      if (segment.kind === 'priming') return [];
      const start = segmentAnchor(analysis, segment, (s, e) => text.slice(s, e), call.range);
      return start === undefined ? [] : [{ segment, line: lineOf(start) }];
    });
    return { callLine: call.line, hints: requestCountHints(analysis.segments, sections) };
  });
  return { prompts, hints: callCountHints(calls) };
}

describe('inline counts of a source file with several LLM calls', () => {
  it('a line thousands of calls send lists the first 20 in its tooltip and says how many more', () => {
    const calls = Array.from({ length: 2206 }, (_, i) => ({ callLine: 100 + i, hints: [{ line: 4, label: '2,084 tok · Σ 2,084', tooltip: 'system' }] }));
    const [hint] = callCountHints(calls);
    assert.equal(hint.label, '2,084 tok · Σ 2,084 · in 2,206 calls');
    const lines = hint.tooltip.split('\n');
    assert.equal(lines[0], "Sent by 2,206 LLM calls; the count is the first one's.");
    assert.equal(lines.length, 22);
    assert.equal(lines[20], '- the call at line 119: 2,084 tok · Σ 2,084 (system)');
    assert.equal(lines[21], '- … and 2,186 more');
  });

  it('a constant two calls send gets one count, saying both calls send it', async () => {
    const { prompts, hints } = await hintsOf(SHARED_BASE);
    assert.equal(prompts.length, 2);
    const baseLine = SHARED_BASE.split('\n').findIndex((l) => l.startsWith('BASE = '));
    const onBase = hints.filter((h) => h.line === baseLine);
    assert.equal(onBase.length, 1, JSON.stringify(hints));
    assert.match(onBase[0].label, /^[\d,]+ tok · Σ [\d,]+ · in 2 calls$/);
    const [star, plus] = prompts.map((p) => p.call.line);
    assert.match(onBase[0].tooltip, new RegExp(`^Sent by 2 LLM calls; the count is the first one's\\.\\n- the call at line ${star}: .*\\n- the call at line ${plus}: `));
    // Every line has at most one count.
    assert.equal(new Set(hints.map((h) => h.line)).size, hints.length);
  });

  it('a line only one call sends keeps that call\'s plain count', async () => {
    const { hints } = await hintsOf(SHARED_BASE);
    const lines = SHARED_BASE.split('\n');
    const userLines = [lines.findIndex((l) => l.includes('[*BASE')), lines.findIndex((l) => l.includes('BASE + ['))];
    for (const line of userLines) {
      const there = hints.filter((h) => h.line === line);
      assert.equal(there.length, 1, JSON.stringify(hints));
      assert.match(there[0].label, /^[\d,]+ tok · Σ [\d,]+$/);
    }
  });
});
