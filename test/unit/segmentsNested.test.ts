import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzePrompt } from '../../src/core/analyze';
import { analysisToJson, analysisToText } from '../../src/core/report';

const request = JSON.stringify({
  model: 'gpt-5.1',
  messages: [
    { role: 'system', content: 'You extract invoice fields. '.repeat(40) },
    { role: 'user', content: 'Invoice from Acme, total 120 EUR, due 2026-04-01.' },
  ],
  response_format: {
    type: 'json_schema',
    json_schema: {
      name: 'invoice',
      strict: true,
      schema: { type: 'object', properties: { vendor: { type: 'string' }, total: { type: 'number' } }, required: ['vendor', 'total'], additionalProperties: false },
    },
  },
}, null, 2);

describe('a Chat response schema, sent inside the system message', () => {
  it('is a nested row of the system message: the running column only grows and the top-level rows sum to the total', async () => {
    const a = await analyzePrompt({ fileName: 'schema.json', text: request });
    const schema = a.segments.find((s) => s.kind === 'schema');
    assert.equal(schema?.within, 'system');
    const top = a.segments.filter((s) => s.within === undefined);
    assert.equal(top.reduce((sum, s) => sum + s.tokens, 0), a.promptTokens);
    for (let i = 1; i < top.length; i++) assert.ok(top[i].runningTotal > top[i - 1].runningTotal);
    const rows = analysisToText(a, { sourceText: request }).split('\n');
    const schemaRow = rows.find((r) => r.includes('response schema'))!;
    assert.match(schemaRow, /^ {4}response schema\s+\d+:\d+\s+\d+$/);
    assert.equal(analysisToJson(a).segments.find((s) => s.kind === 'schema')?.within, 'system');
  });
});

describe('reasoning items without a summary: segments of no tokens', () => {
  const responses = (input: unknown[]) => JSON.stringify({ model: 'gpt-5', input });
  const turn = (i: number) => [
    { role: 'user', content: `Step ${i}` },
    { type: 'reasoning', summary: [] },
  ];

  it('each is a row within the segment that ends where it sits, and the top-level rows still sum to the total', async () => {
    const a = await analyzePrompt({ fileName: 'reasoning.json', text: responses([...turn(1), ...turn(2)]) });
    const empty = a.segments.filter((s) => s.tokens === 0 && s.kind === 'message');
    assert.deepEqual(empty.map((s) => s.within), ['user #1', 'user #2']);
    const top = a.segments.filter((s) => s.within === undefined);
    assert.equal(top.reduce((sum, s) => sum + s.tokens, 0), a.promptTokens);
  });

  it('20,000 of them: every one placed within the user turn before it', async () => {
    const a = await analyzePrompt({ fileName: 'reasoning.json', text: responses(Array.from({ length: 20_000 }, (_, i) => turn(i + 1)).flat()) });
    const empty = a.segments.filter((s) => s.tokens === 0 && s.kind === 'message');
    assert.equal(empty.length, 20_000);
    empty.forEach((s, i) => assert.equal(s.within, `user #${i + 1}`));
  });
});
