import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LABELLED_LINE, LITERAL_PATTERNS } from '../../../src/core/cache/breaker-patterns';
import { scanLiterals } from '../../../src/core/cache/literal-scan';
import { analyzePrompt } from '../../../src/core/analyze';

/** The literal scan of a whole text in one pass: what the block-by-block scan must reproduce. */
function scanWhole(text: string) {
  const lines = [...text.matchAll(LABELLED_LINE)].map((m) => ({ label: m[1], start: m.index!, lineEnd: m.index! + m[0].length }));
  const found = LITERAL_PATTERNS.flatMap((p) =>
    [...text.matchAll(p.regex)]
      .filter((m) => !p.accept || p.accept(m[0], m.index!, text))
      .map((m) => ({ rule: p.rule, name: p.name, start: m.index!, end: m.index! + m[0].length, movable: p.movable })),
  ).sort((a, b) => a.start - b.start || b.end - a.end);
  const hits: typeof found = [];
  for (const hit of found) if (hits.length === 0 || hit.start >= hits[hits.length - 1].end) hits.push(hit);
  return { lines, hits };
}

/** A scan with each labelled line reduced to what one pass over the whole text can tell. */
function withoutValueEnds(scan: ReturnType<typeof scanLiterals>) {
  return { lines: scan.lines.map(({ label, start, lineEnd }) => ({ label, start, lineEnd })), hits: scan.hits };
}

/** Lines that hold literals, including ones whose match runs over a line break. */
const SNIPPETS = [
  'Orders ship within 5 days of payment and the carrier confirms by email.',
  'Generated at 2024-05-01 10:30\nPM shift notes follow.',
  'Pick one with random.shuffle\n(examples) before answering.',
  'Today is March 3, 2025 and the store is open.',
  'Request id: req_8f3a2b1c9d0e4f5a6b7c',
  'Trace 0x3f9a1b2c4d5e6f708192a3b4 and 550e8400-e29b-41d4-a716-446655440000 in logs.',
  'Timestamp now: 1714557600 (seconds).',
  '  - **Date:** 2024-06-01',
  'Use Bearer abcdefghijklmnopqrstuvwxyz0123 in the header.',
  'The colour #a1b2c3 and version 1.2.3 are fixed.',
  'UTC offsets are shown as +02:00 in the table.',
];

function longText(lines: number): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) out.push(SNIPPETS[(i * 7 + (i >> 3)) % SNIPPETS.length].replace('5 days', `${i % 9} days`));
  return out.join('\n');
}

describe('scanLiterals', () => {
  it('finds in a long text, block by block, exactly what one pass over the whole text finds', () => {
    const text = longText(6000);
    assert.ok(text.length > 200_000);
    const whole = scanWhole(text);
    assert.ok(whole.hits.length > 1000 && whole.lines.length > 500);
    assert.deepEqual(withoutValueEnds(scanLiterals(text)), whole);
  });

  it('still agrees after one-character edits, with earlier results remembered', () => {
    const base = longText(3000);
    scanLiterals(base);
    for (const fraction of [0.1, 0.37, 0.5, 0.83]) {
      const at = base.indexOf('\n', Math.floor(base.length * fraction)) + 1;
      for (const inserted of ['x', '\n', ' ', 'P']) {
        const edited = `${base.slice(0, at)}${inserted}${base.slice(at)}`;
        assert.deepEqual(withoutValueEnds(scanLiterals(edited)), scanWhole(edited), `insert ${JSON.stringify(inserted)} at ${at}`);
      }
    }
  });

  it('finds a time zone and a shuffle call that continue on the next line', () => {
    const text = `${'Plain policy text without literals.\n'.repeat(400)}Generated at 2024-05-01 10:30\nPM\nrandom.shuffle\n(examples)\n`;
    const names = scanLiterals(text).hits.map((h) => text.slice(h.start, h.end));
    assert.deepEqual(names, ['2024-05-01 10:30\nPM', 'random.shuffle']);
  });

  it('ends a labelled line\'s per-request part where a static sentence starts on the same line', () => {
    const text = 'Current date: 2025-03-14. You are Nimbus, the assistant of Acme.\nSession: 5f0c2e\n';
    const [dated, session] = scanLiterals(text).lines;
    assert.equal(text.slice(dated.start, dated.end), 'Current date: 2025-03-14.');
    assert.equal(text.slice(dated.start, dated.lineEnd), 'Current date: 2025-03-14. You are Nimbus, the assistant of Acme.');
    assert.equal(text.slice(session.start, session.end), 'Session: 5f0c2e');
    assert.equal(session.end, session.lineEnd);
  });
});

describe('scanLiterals: lines of millions of characters', () => {
  it('a line of 7 million hex digits between two ids: the scan ends and finds both ids', () => {
    // One regular expression run over the whole line overflowed V8's backtracking stack.
    const text = `Request 1234567890abcdef1234 started.\n${'f'.repeat(7_000_000)} then 0123456789abcdef0123 ended.\n`;
    const ids = scanLiterals(text).hits.map((h) => text.slice(h.start, h.end));
    assert.deepEqual(ids, ['1234567890abcdef1234', '0123456789abcdef0123']);
  });

  it('a prompt whose one line is 7 million letters is analysed', async () => {
    const text = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: `${'req_'}${'a1'.repeat(3_500_000)}` }] });
    const a = await analyzePrompt({ fileName: 'long.json', text });
    assert.ok(a.promptTokens > 1_000_000);
  });
});

describe('scanLiterals: runs that repeat the start of a pattern', () => {
  it('100,000 "{{" and 100,000 "eyJ-" in a row hold no literal; a shuffle filter and a JWT around them are found', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
    const text = `{{ examples | shuffle }}\n${'{{'.repeat(100_000)}\n${'eyJ-'.repeat(100_000)}\nSigned with ${jwt}\n`;
    const names = scanLiterals(text).hits.map((h) => `${h.name}: ${text.slice(h.start, h.end)}`);
    assert.deepEqual(names, ['randomized: {{ examples | shuffle', `jwt: ${jwt}`]);
  });
});
