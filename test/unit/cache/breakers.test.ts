import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../../../src/core/cache/breaker-fixes';
import { detectCacheBreakers, literalDynamicSpans } from '../../../src/core/cache/breakers';
import { cacheRulesFor } from '../../../src/core/cache/rules';
import { analyzePrompt } from '../../../src/core/analyze';
import { buildJsonChatRequest, buildTextRequest, fakeRendered, filler, firstTextPiece } from './helpers';

const rulesOf = (findings: { rule: string }[]) => findings.map((f) => f.rule);

describe('detectCacheBreakers: literals', () => {
  it('flags a labelled date line in the system prompt and moves it to the last user message', () => {
    const system = 'You are a support assistant for Acme.\nCurrent date: 2024-05-01\nAnswer briefly.';
    const { request, source } = buildTextRequest([
      { role: 'system', text: system },
      { role: 'user', text: 'Where is my order?' },
    ]);
    const findings = detectCacheBreakers(request);
    assert.deepEqual(rulesOf(findings), ['labelled-dynamic-line']);
    const [finding] = findings;
    // A date without a time changes once a day: a warning, not a per-request error.
    assert.equal(finding.severity, 'warning');
    assert.equal(source.slice(finding.range!.start, finding.range!.end), 'Current date: 2024-05-01');
    assert.match(finding.message, /"Current date:" line in the system holds "2024-05-01" and changes every day: the first request each day misses/);
    assert.ok(finding.fix);
    const fixed = applyEdits(source, finding.fix.edits);
    assert.equal(
      fixed,
      'system:\nYou are a support assistant for Acme.\nAnswer briefly.\n\nuser:\nWhere is my order?\n\nCurrent date: 2024-05-01\n\n',
    );
  });

  it('writes the moved line with JSON escapes in a Chat Completions file', () => {
    const { request, source } = buildJsonChatRequest([
      { role: 'system', text: 'You are "Ava", a helpful assistant.\nSession ID: 5f0c2e\nBe concise.' },
      { role: 'user', text: 'Hello' },
    ]);
    const [finding] = detectCacheBreakers(request);
    assert.equal(finding.rule, 'labelled-dynamic-line');
    assert.ok(finding.fix);
    const fixed = JSON.parse(applyEdits(source, finding.fix.edits)) as { messages: { content: string }[] };
    assert.equal(fixed.messages[0].content, 'You are "Ava", a helpful assistant.\nBe concise.');
    assert.equal(fixed.messages[1].content, 'Hello\n\nSession ID: 5f0c2e');
  });

  it('replaces an ISO timestamp with a variable supplied at the end', () => {
    const { request, source } = buildTextRequest([
      { role: 'system', text: 'Report generated at 2025-03-14T09:26:53Z. Summarize the figures.' },
      { role: 'user', text: 'Summarize.' },
    ]);
    const [finding] = detectCacheBreakers(request);
    assert.equal(finding.rule, 'dynamic-date');
    assert.equal(source.slice(finding.range!.start, finding.range!.end), '2025-03-14T09:26:53Z');
    assert.ok(finding.fix);
    const fixed = applyEdits(source, finding.fix.edits);
    assert.ok(fixed.includes('Report generated at [current date: see the last message]. Summarize'));
    assert.ok(fixed.includes('user:\nSummarize.\n\nCurrent date: {{current_date}}'));
  });

  it('finds UUIDs, long hex ids, JWTs, API keys and Unix timestamps', () => {
    const system = [
      'Trace 3f2b8c1e-9d4a-4b7e-8f21-0c5d6e7f8a9b is attached.',
      'Commit 9fceb02d0ae598e95dc970b74767f19372d61af8 is deployed.',
      'Token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U ok.',
      'Use key sk-proj-abcdefghijklmnopqrstuvwx12345 for calls.',
      'Started at 1715000000 seconds.',
    ].join('\n');
    const { request } = buildTextRequest([
      { role: 'system', text: system },
      { role: 'user', text: 'Go.' },
    ]);
    assert.deepEqual(rulesOf(detectCacheBreakers(request)), ['uuid', 'hex-id', 'jwt-or-key', 'jwt-or-key', 'unix-timestamp']);
  });

  it('finds randomizing template helpers', () => {
    const { request } = buildTextRequest([
      { role: 'system', text: 'Examples:\n{{ examples | shuffle }}\n{% for e in random.sample(pool, 3) %}{{ e }}{% endfor %}' },
      { role: 'user', text: 'Classify this.' },
    ]);
    assert.deepEqual(rulesOf(detectCacheBreakers(request)), ['randomized-examples', 'randomized-examples']);
  });

  it('reports nothing for realistic prompts with version numbers, colours, short hashes and fixed dates', () => {
    const system = [
      'You are the release assistant for Acme CLI v2.14.3 (build 7f3a9c1).',
      'Brand colours: primary #1a73e8, accent #FBBC05, text #202124.',
      'Knowledge cutoff: 2024-06. Policy effective since January 1, 2024.',
      '',
      '## Changelog',
      '- 2023-11-06: Added JSON mode (commit 4e5d6c7).',
      '- 2024-02-15: Deprecated the `--legacy` flag; see RFC 9110 section 15.5.',
      '',
      'Support line: +1 4155552671. Sample account number format: 1234567890.',
      'Prices: $1,299.99 per seat. Complexity targets: O(n log n) at 10:1 compression.',
      'Order ids look like ORD-20240501-0042; never invent one.',
      'Semantic versions follow MAJOR.MINOR.PATCH, e.g. 1.10.0-rc.1+sha.5114f85.',
    ].join('\n');
    const { request } = buildTextRequest(
      [
        { role: 'system', text: system },
        { role: 'user', text: 'What changed in the last release?' },
        { role: 'assistant', text: 'Version 2.14.3 removed the legacy flag.' },
        { role: 'user', text: 'And before that?' },
      ],
      { tools: [{ name: 'get_release', description: 'Returns release notes for a version such as 2.14.3.' }] },
    );
    assert.deepEqual(detectCacheBreakers(request), []);
    assert.equal(literalDynamicSpans(request).size, 0);
  });

  it('leaves per-request values in the last user message alone but still marks them dynamic', () => {
    const { request } = buildTextRequest([
      { role: 'system', text: 'You are a scheduling assistant.' },
      { role: 'user', text: 'Today is 2024-05-01 and it is 10:30 UTC. Book a slot.\nRequest ID: 8b1e4c' },
    ]);
    assert.deepEqual(detectCacheBreakers(request), []);
    const piece = firstTextPiece(request.messages[1]);
    const spans = literalDynamicSpans(request).get(piece);
    assert.ok(spans);
    assert.deepEqual(
      spans.map((s) => [piece.text.slice(s.start, s.end), s.kind]),
      [
        ['2024-05-01', 'literal'],
        ['10:30 UTC', 'literal'],
        ['Request ID: 8b1e4c', 'literal'],
      ],
    );
  });
});

describe('literalDynamicSpans: dates and numbers', () => {
  const spansOf = (text: string): string[] => {
    const { request } = buildTextRequest([{ role: 'system', text }]);
    const piece = firstTextPiece(request.messages[0]);
    return (literalDynamicSpans(request).get(piece) ?? []).map((s) => piece.text.slice(s.start, s.end));
  };

  it('treats dates as per-request only with a time of day or a "today"-like cue', () => {
    assert.deepEqual(spansOf("Today's date is May 1, 2024."), ['May 1, 2024']);
    assert.deepEqual(spansOf('As of March 3rd, 2025, prices changed.'), ['March 3rd, 2025']);
    assert.deepEqual(spansOf('It is now 14:05.'), ['14:05']);
    assert.deepEqual(spansOf('Sent Mon, 01 Jan 2024 10:00:00 GMT.'), ['01 Jan 2024 10:00:00 GMT']);
    assert.deepEqual(spansOf('Released May 1, 2024 at 10:30 UTC.'), ['May 1, 2024 at 10:30 UTC']);
    assert.deepEqual(spansOf('Dated 01/05/2024 in the archive. The meeting is on 2024-05-01.'), []);
    assert.deepEqual(spansOf('See John 3:16 on a 16:9 screen; call 1-800-555-0199.'), []);
  });

  it('keeps placeholders and identifiers of fixed things out', () => {
    assert.deepEqual(spansOf('Account numbers look like 1234567890 or 1234567890123.'), []);
    assert.deepEqual(spansOf('Epoch ms 1715000000123 and s 1715000000.'), ['1715000000123', '1715000000']);
    assert.deepEqual(spansOf('Colours #deadbeef and #1a2b3c; base64 aGVsbG8gd29ybGQgMTIzNDU2Nzg5MA==.'), []);
  });
});

describe('detectCacheBreakers: severity and position', () => {
  it('is an error before 1,024 tokens and a warning after (estimated from characters)', () => {
    const early = buildTextRequest([
      { role: 'system', text: 'Session: 42\n' + filler(100) },
      { role: 'user', text: 'hi' },
    ]);
    const late = buildTextRequest([
      { role: 'system', text: filler(1200) + '\nSession: 42' },
      { role: 'user', text: 'hi' },
    ]);
    const [a] = detectCacheBreakers(early.request);
    const [b] = detectCacheBreakers(late.request);
    assert.equal(a.severity, 'error');
    assert.equal(a.tokenIndexEstimated, true);
    assert.equal(b.severity, 'warning');
    assert.ok(b.tokenIndex >= 1024);
  });

  it('uses exact token positions from a rendered prompt and the model minimum', () => {
    const system = filler(300) + '\nTime: 10:30';
    const { request } = buildTextRequest([
      { role: 'system', text: system },
      { role: 'user', text: 'hi' },
    ]);
    const start = firstTextPiece(request.messages[0]).range!.start;
    // One token per source character of the system text, after 5,000 tokens of tools.
    const rendered = fakeRendered({ total: 5000 + system.length + 10 });
    for (let i = 0; i < system.length; i++) rendered.sourceOffsets[5000 + i] = start + i;
    const findings = detectCacheBreakers(request, { rendered, rules: cacheRulesFor('anthropic', 'claude-opus-4-5') });
    const line = findings.find((f) => f.rule === 'labelled-dynamic-line');
    assert.ok(line);
    assert.equal(line.tokenIndexEstimated, false);
    assert.equal(line.tokenIndex, 5000 + system.indexOf('Time:'));
    assert.equal(line.severity, 'warning');
  });
});

describe('detectCacheBreakers: template variables and tools', () => {
  it('flags variables in the system prompt but not in user messages', () => {
    const { request, source } = buildTextRequest([
      { role: 'system', text: 'You help {{user_name}} with billing.', variables: [['{{user_name}}', 'user_name']] },
      { role: 'user', text: 'Question: {{question}}', variables: [['{{question}}', 'question']] },
    ]);
    const findings = detectCacheBreakers(request);
    assert.deepEqual(rulesOf(findings), ['variable-in-system']);
    assert.equal(findings[0].severity, 'error');
    assert.equal(source.slice(findings[0].range!.start, findings[0].range!.end), '{{user_name}}');
  });

  it('tells per-user tool lists from other variables in tool definitions', () => {
    const { request } = buildTextRequest([{ role: 'user', text: 'hi' }], {
      tools: [
        { name: 'search', description: 'Search the {{catalog}} catalog.', variables: [['{{catalog}}', 'catalog']] },
        { name: 'refund', description: 'Refunds orders for {{tenant_id}}.', variables: [['{{tenant_id}}', 'tenant_id']] },
        { name: 'admin', description: '{% if is_admin %}Deletes users.{% endif %}', blockSpans: [['{% if is_admin %}', 'if is_admin']] },
      ],
    });
    assert.deepEqual(rulesOf(detectCacheBreakers(request)), ['variable-in-tools', 'per-user-tools', 'per-user-tools']);
  });

  it('reports a prompt below the model minimum, and a static prefix below it', () => {
    const { request } = buildTextRequest([{ role: 'user', text: 'hi' }]);
    const rules = cacheRulesFor('openai', 'gpt-4o');
    const short = detectCacheBreakers(request, { rendered: fakeRendered({ total: 800 }), rules });
    assert.deepEqual(
      short.map((f) => [f.rule, f.severity]),
      [['prefix-below-minimum', 'info']],
    );
    assert.match(short[0].message, /800 tokens; gpt-4o caches prompts of 1,024 tokens.*224 more/);
    const early = detectCacheBreakers(request, { rendered: fakeRendered({ total: 3000, dynamicAt: [300] }), rules });
    assert.deepEqual(
      early.map((f) => [f.rule, f.severity, f.tokenIndex]),
      [['prefix-below-minimum', 'warning', 300]],
    );
    assert.deepEqual(detectCacheBreakers(request, { rendered: fakeRendered({ total: 3000, dynamicAt: [2000] }), rules }), []);
  });
});

describe('detectCacheBreakers: thousands of breakers in one text', () => {
  const lines = (count: number, line: (i: number) => string) => Array.from({ length: count }, (_, i) => line(i)).join('\n');

  it('16,000 timestamps: each is a finding with its fix', async () => {
    const text = `system:\n${lines(16_000, (i) => `Entry ${i} created 2026-03-14T09:12:${String(i % 60).padStart(2, '0')}Z`)}\n\nuser:\n{{question}}\n`;
    const a = await analyzePrompt({ fileName: 'log.prompty', text });
    const stamps = a.findings.filter((f) => f.rule === 'dynamic-date');
    assert.equal(stamps.length, 16_000);
    assert.ok(stamps.every((f) => f.fix));
  });

  it('16,000 labelled lines, written and filled in by a variable: each line is one finding', async () => {
    for (const value of ['2026-03-14 09:12:00 UTC', '{{now}}']) {
      const text = `system:\n${lines(16_000, (i) => `Current time: ${value} for step ${i}`)}\n\nuser:\n{{question}}\n`;
      const a = await analyzePrompt({ fileName: 'steps.prompty', text });
      const labelled = a.findings.filter((f) => f.rule === 'labelled-dynamic-line');
      assert.equal(labelled.length, 16_000, value);
      assert.ok(labelled.every((f) => text.slice(f.range!.start, f.range!.end).startsWith('Current time:')));
    }
  });

  it('20,000 template variables in the system message: each is a finding, with its fix', async () => {
    const text = `system:\n${lines(20_000, (i) => `Rule {{r${i}}} applies.`)}\n\nuser:\n{{question}}\n`;
    const a = await analyzePrompt({ fileName: 'rules.prompty', text });
    const variables = a.findings.filter((f) => f.rule === 'variable-in-system');
    assert.equal(variables.length, 20_000);
    assert.ok(variables.every((f) => f.fix));
    assert.equal(a.firstDynamic?.name, 'r0');
  });
});
