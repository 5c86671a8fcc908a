import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzePrompt } from '../../../src/core/analyze';
import { cacheableLine } from '../../../src/core/report';

const policy = Array.from({ length: 80 }, (_, i) => `Policy ${i}: Refunds are available within 30 days of purchase for unused items with the original receipt.`).join('\n');

function prompty(system: string): string {
  return ['---', 'name: Claude', 'model:', '  api: chat', '  configuration:', '    type: anthropic', '    name: claude-sonnet-4-5', '---', 'system:', system, '', 'user:', '{{question}}', ''].join('\n');
}

describe('a Claude prompt without a cache_control breakpoint', () => {
  it('with a static prefix over the minimum: a warning saying how many tokens one would cache, and that the code must send it', async () => {
    const a = await analyzePrompt({ fileName: 'claude-static.prompty', text: prompty(policy) });
    assert.equal(a.cacheableTokens, 0);
    const finding = a.findings.find((f) => f.rule === 'no-cache-breakpoint');
    assert.equal(finding?.severity, 'warning');
    assert.match(finding?.message ?? '', new RegExp(`^No cache_control breakpoint: ${a.staticPrefixTokens.toLocaleString('en-US')} tokens could be cached with one; the request your code sends must carry "cache_control"`));
  });

  it('with a static prefix below the minimum: the Cache line gives that reason, and no breakpoint finding', async () => {
    const a = await analyzePrompt({ fileName: 'claude.prompty', text: prompty(`You help on {{today}}.\n${policy}`) });
    assert.ok(a.staticPrefixTokens < a.minimum);
    assert.match(cacheableLine(a), /^0 cacheable: static prefix \d+ tokens, [\d,]+ short of the [\d,]+ minimum \(and no cache_control breakpoint\)$/);
    assert.ok(!a.findings.some((f) => f.rule === 'no-cache-breakpoint'));
  });

  it('a Messages request is told to add the marker itself', async () => {
    const text = JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 100, system: policy, messages: [{ role: 'user', content: 'Hi' }] });
    const a = await analyzePrompt({ fileName: 'req.json', text });
    assert.match(a.findings.find((f) => f.rule === 'no-cache-breakpoint')?.message ?? '', /; add "cache_control": \{"type": "ephemeral"\} to the last block of the static part$/);
  });
});
