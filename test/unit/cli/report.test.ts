import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzePrompt } from '../../../src/core/analyze';
import { analysisToJson, analysisToText, cacheableLine, formatUsd } from '../../../src/core/report';

/** A plain prompt: `lines` fixed lines, then a template variable. */
function promptWithStaticLines(lines: number): string {
  const fixed = Array.from({ length: lines }, (_, i) => `Rule ${i + 1}: answer in plain words and cite the policy section.`);
  return `${fixed.join('\n')}\nQuestion: {{question}}\n`;
}

async function analyse(text: string, fileName = 'policy.prompt') {
  return analyzePrompt({ fileName, text, defaultModel: 'gpt-4o' });
}

describe('cacheableLine', () => {
  it('spells out the minimum plus whole steps, and what the next step needs', async () => {
    const a = await analyse(promptWithStaticLines(110));
    assert.ok(a.staticPrefixTokens > 1024 + 128, `static prefix ${a.staticPrefixTokens}`);
    const steps = Math.floor((a.staticPrefixTokens - 1024) / 128);
    const next = 128 - ((a.staticPrefixTokens - 1024) % 128);
    assert.equal(a.cacheableTokens, 1024 + steps * 128);
    assert.equal(
      cacheableLine(a),
      `${(1024 + steps * 128).toLocaleString('en-US')} cacheable (1,024 + ${steps}×128) · ${next} more to the next step`,
    );
  });

  it('says how far a short static prefix is from the minimum', async () => {
    const a = await analyse(promptWithStaticLines(20));
    assert.ok(a.staticPrefixTokens < 1024);
    assert.equal(cacheableLine(a), `0 cacheable: static prefix ${a.staticPrefixTokens} tokens, ${1024 - a.staticPrefixTokens} short of the 1,024 minimum`);
  });
});

describe('analysisToJson', () => {
  it('is plain data with 1-based positions, and survives a JSON round trip unchanged', async () => {
    const text = promptWithStaticLines(3);
    const a = await analyse(text);
    const json = analysisToJson(a, { sourceText: text });
    assert.deepEqual(JSON.parse(JSON.stringify(json)), json);
    // The variable sits on line 4 after "Question: ".
    assert.deepEqual({ line: json.firstDynamic?.line, column: json.firstDynamic?.column }, { line: 4, column: 11 });
    assert.equal(json.promptTokens, a.rendered.ids.length);
    assert.equal(json.segments[0].range?.startLine, 1);
    assert.equal(json.segments[0].range?.startColumn, 1);
    assert.equal(json.cost?.uncachedUsdPer1000, (a.cost?.uncachedUsd ?? NaN) * 1000);
  });

  it('without the source text, ranges keep their offsets only', async () => {
    const json = analysisToJson(await analyse(promptWithStaticLines(3)));
    assert.equal(json.segments[0].range?.startOffset, 0);
    assert.equal(json.segments[0].range?.startLine, undefined);
  });

  it('reports nothing dynamic as firstDynamic null', async () => {
    const json = analysisToJson(await analyse('Translate the text below into French.\n'));
    assert.equal(json.firstDynamic, null);
    assert.equal(json.staticPrefixTokens, json.promptTokens);
  });
});

describe('analysisToText', () => {
  it('says the cache never stops when nothing is dynamic', async () => {
    const text = analysisToText(await analyse('Translate the text below into French.\n'));
    assert.match(text, /Cache stops at\s+nowhere/);
    assert.match(text, /Findings \(1 info\)/);
  });
});

describe('formatUsd', () => {
  it('shows cents from a dollar up and four significant digits below', () => {
    assert.equal(formatUsd(1234.5), '$1,234.50');
    assert.equal(formatUsd(0.0050799), '$0.00508');
    assert.equal(formatUsd(0.17216), '$0.1722');
    assert.equal(formatUsd(0), '$0');
  });
});

describe('the cost lines', () => {
  it('say how much more a cache costs that is written every time and never read, and why', async () => {
    const policy = Array.from({ length: 60 }, (_, i) => `Policy ${i}: confirm the order number, then explain the rule in plain words.`).join('\n');
    const text = JSON.stringify({
      model: 'claude-sonnet-4-5',
      max_tokens: 1024,
      system: [
        { type: 'text', text: 'Current time: 2026-03-14T09:12:33Z' },
        { type: 'text', text: policy, cache_control: { type: 'ephemeral' } },
      ],
      messages: [{ role: 'user', content: 'Where is my order?' }],
    }, null, 2);
    const a = await analyzePrompt({ fileName: 'after-time.json', text });
    assert.ok(a.cost && a.cost.cachedUsd > a.cost.uncachedUsd);
    const report = analysisToText(a);
    assert.match(report, /cached {4}\$[\d.]+ with a warm cache \(\d+% more: cache writes cost 1\.25× and nothing is read back; the first/);
    assert.doesNotMatch(report, /-\d+% saved/);
  });

  it('show the same figure cached and uncached when nothing is cached', async () => {
    const a = await analyse(promptWithStaticLines(20));
    const [uncached, cached] = analysisToText(a).split('\n').filter((l) => /^ {2}(un)?cached /.test(l)).map((l) => /\$[\d.,]+/.exec(l)![0]);
    assert.equal(cached, uncached);
    assert.equal(analysisToJson(a).cost?.cachedUsdPer1000, analysisToJson(a).cost?.uncachedUsdPer1000);
  });
});

describe('a prompt below the minimum', () => {
  it('says which part each shortfall measures: the static prefix on the Cache line, the whole prompt and the prefix in the finding', async () => {
    const a = await analyse(promptWithStaticLines(3).replace('Question: {{question}}', `Question: {{question}}\n${'Context line that varies.\n'.repeat(20)}`));
    assert.ok(a.staticPrefixTokens < a.promptTokens && a.promptTokens < 1024);
    const report = analysisToText(a);
    assert.match(report, new RegExp(`Cache {11}0 cacheable: static prefix ${a.staticPrefixTokens} tokens, ${1024 - a.staticPrefixTokens} short of the 1,024 minimum`));
    const below = a.findings.find((f) => f.rule === 'prefix-below-minimum')!;
    assert.equal(
      below.message,
      `The prompt has ${a.promptTokens} tokens; gpt-4o caches prompts of 1,024 tokens or more (${1024 - a.promptTokens} more needed in the whole prompt; ` +
        `its static prefix, ${a.staticPrefixTokens} tokens, needs ${1024 - a.staticPrefixTokens} more)`,
    );
  });
});
