/**
 * Breakers wherever they cost something, what fixing them gains, and fixes that deliver it: each
 * case re-analyses the file after the fix and finds the cacheable count the finding promised.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { analyzePrompt, type Analysis } from '../../../src/core/analyze';
import { applyEdits, combineFixes } from '../../../src/core/cache';
import { formatPricePerMillion } from '../../../src/core/labels';

/** About 1,300 tokens of fixed instructions. */
const STATIC_RULES = Array.from(
  { length: 50 },
  (_, i) => `Rule ${i + 1}: answer politely, cite the handbook section that applies, and never guess an account balance.`,
).join('\n');

const TIMESTAMP = '2025-03-14T09:26:53Z';
const UUID = '3f2b8c1e-9a4d-4b7e-8c21-5d6f7a8b9c0d';

function fixAll(text: string, a: Analysis): string {
  return applyEdits(text, combineFixes(a.findings.flatMap((f) => (f.fix ? [f.fix] : []))));
}

describe('breakers in the only message of a plain prompt', () => {
  const text = `[${TIMESTAMP}] session ${UUID}\nYou are Nimbus, the support assistant of Acme Cloud.\n${STATIC_RULES}\n`;

  it('names the timestamp and the UUID on line 1 and says what moving them gains', async () => {
    const a = await analyzePrompt({ fileName: 'support.prompt', text });
    const onLine1 = a.findings.filter((f) => f.line === 1 && f.cacheableTokensIfFixed !== undefined);
    assert.deepEqual(onLine1.map((f) => f.rule), ['dynamic-date', 'uuid']);
    assert.equal(a.cacheableTokens, 0);
    const uuid = onLine1[1];
    assert.ok(uuid.cacheableTokensIfFixed! >= 1024, `cacheable if fixed: ${uuid.cacheableTokensIfFixed}`);
    assert.equal(a.cacheableTokensIfFixed, uuid.cacheableTokensIfFixed);
    assert.ok(uuid.savingUsdPer1000IfFixed! > 0);
    assert.match(uuid.message, /moving this and the breakers before it out: [\d,]+ tokens cacheable, −\$[\d.]+ per 1,000 requests/);
    assert.ok(uuid.fix, 'the UUID has a Quick Fix');
  });

  it('after every fix the same file caches what the findings promised', async () => {
    const a = await analyzePrompt({ fileName: 'support.prompt', text });
    const fixed = fixAll(text, a);
    assert.ok(fixed.startsWith('[[current date: see the last message]]\nYou are Nimbus'), fixed.slice(0, 80));
    assert.ok(fixed.trimEnd().endsWith(`Current date: {{current_date}}\n\nsession ${UUID}`));
    const b = await analyzePrompt({ fileName: 'support.prompt', text: fixed });
    assert.equal(b.cacheableTokens, a.cacheableTokensIfFixed);
  });

  it('does not report the per-request value that ends the last user message', async () => {
    const a = await analyzePrompt({ fileName: 'q.prompt', text: `${STATIC_RULES}\n\nQuestion: {{question}}\n` });
    assert.deepEqual(a.findings.map((f) => f.rule), []);
    assert.ok(a.cacheableTokens >= 1024);
  });
});

describe('Quick Fixes that move only the dynamic part', () => {
  it('leaves the static sentence after "Current date: …" where it was, and no blank line', async () => {
    const text = `system:\nCurrent date: 2026-03-14. You are Nimbus, the assistant of Acme.\n${STATIC_RULES}\n\nuser:\n{{question}}\n`;
    const a = await analyzePrompt({ fileName: 'n.prompty', text });
    const [line] = a.findings.filter((f) => f.rule === 'labelled-dynamic-line');
    assert.ok(line?.fix);
    const fixed = applyEdits(text, line.fix.edits);
    assert.ok(fixed.startsWith('system:\nYou are Nimbus, the assistant of Acme.\nRule 1:'), fixed.slice(0, 80));
    assert.ok(fixed.trimEnd().endsWith('{{question}}\n\nCurrent date: 2026-03-14.'));
    const b = await analyzePrompt({ fileName: 'n.prompty', text: fixed });
    // A date the requests of one day share ends no warm request's prefix: moved or not, the same is cached.
    assert.equal(line.cacheableTokensIfFixed, undefined);
    assert.equal(b.cacheableTokens, a.cacheableTokens);
    assert.ok(b.cacheableTokens >= 1024);
  });

  it('moves {{date}} out of a .prompt.yml system message, and the file still parses', async () => {
    const text = [
      'name: Dated',
      'model: openai/gpt-4o-mini',
      'messages:',
      '  - role: system',
      '    content: |',
      '      Today is {{date}}. You are the assistant of Acme.',
      ...STATIC_RULES.split('\n').map((l) => `      ${l}`),
      '  - role: user',
      '    content: >',
      '      Question: {{question}}',
      '',
    ].join('\n');
    const a = await analyzePrompt({ fileName: 'd.prompt.yml', text });
    const [variable] = a.findings.filter((f) => f.rule === 'variable-in-system');
    assert.ok(variable?.fix, 'a Quick Fix for {{date}}');
    assert.match(variable.message, /"date" in the system changes per request; the cached prefix ends here; moving this out: [\d,]+ tokens cacheable/);
    const fixed = applyEdits(text, variable.fix.edits);
    const b = await analyzePrompt({ fileName: 'd.prompt.yml', text: fixed });
    assert.deepEqual(b.request.issues, []);
    assert.equal(b.cacheableTokens, variable.cacheableTokensIfFixed);
    const user = b.request.messages[1].parts[0];
    assert.ok(user.type === 'text' && user.piece.text.includes('date: {{date}}'));
  });

  it('"Fix all" on the chat example caches what the analysis promised', async () => {
    const text = readFileSync('examples/chat-request.json', 'utf8');
    const a = await analyzePrompt({ fileName: 'chat-request.json', text });
    assert.ok(a.cacheableTokensIfFixed > a.cacheableTokens);
    const b = await analyzePrompt({ fileName: 'chat-request.json', text: fixAll(text, a) });
    assert.equal(b.cacheableTokens, a.cacheableTokensIfFixed);
  });
});

describe('breakers after what a breakpoint caches', () => {
  it('a UUID after the last breakpoint that caches is not said to end the cached prefix', async () => {
    const text = readFileSync('examples/anthropic-request.json', 'utf8');
    const a = await analyzePrompt({ fileName: 'anthropic-request.json', text });
    const uuid = a.findings.find((f) => f.rule === 'uuid');
    assert.ok(uuid);
    assert.equal(uuid.severity, 'info');
    assert.doesNotMatch(uuid.message, /ends here/);
    assert.match(uuid.message, /after the cached part \([\d,]+ tokens/);
  });
});

describe('wording', () => {
  it('names the model\'s own family and writes counts with separators', async () => {
    const a = await analyzePrompt({ fileName: 'support-agent.prompty', text: readFileSync('examples/support-agent.prompty', 'utf8') });
    const below = a.findings.find((f) => f.rule === 'prefix-below-minimum');
    assert.ok(below);
    assert.match(below.message, /gpt-4o-mini caches prompts of 1,024 tokens/);
  });
});

describe('a model chosen for the file', () => {
  it('applies its own provider\'s rules and prices, whatever the file\'s format', async () => {
    const text = readFileSync('examples/chat-request.json', 'utf8');
    const a = await analyzePrompt({ fileName: 'chat-request.json', text, modelOverride: 'claude-sonnet-4-5' });
    assert.equal(a.rules.provider, 'anthropic');
    assert.equal(a.step, 1);
    assert.equal(a.cost?.model, 'claude-sonnet-4-5');
  });

  it('prices per million tokens read without float noise', () => {
    assert.deepEqual([0.1 * 3, 2.5, 0.075, 15].map(formatPricePerMillion), ['$0.30', '$2.50', '$0.075', '$15.00']);
  });
});

describe('the cacheable arithmetic in the report', () => {
  it('says "the 1,024 minimum" instead of "1,024 + 0×128"', async () => {
    const { cacheableLine } = await import('../../../src/core/report');
    const rules = Array.from({ length: 200 }, (_, i) => `Line ${i}: keep answers short and polite.`).join('\n');
    for (let n = 60; n < 200; n += 2) {
      const a = await analyzePrompt({ fileName: 'x.prompt', text: `${rules.split('\n').slice(0, n).join('\n')}\n{{question}}\n` });
      if (a.cacheableTokens !== 1024) continue;
      assert.match(cacheableLine(a), /^1,024 cacheable \(the 1,024 minimum\)/);
      return;
    }
    assert.fail('no prompt length gave exactly 1,024 cacheable tokens');
  });
});

describe('a date in request JSON, which no template engine fills in', () => {
  // A Responses request with a function call round trip: the date is in the instructions' first line.
  const request = {
    model: 'gpt-5.1',
    instructions: `You are Acme's support agent. Session started ${TIMESTAMP}.\n${STATIC_RULES}`,
    input: [
      { role: 'user', content: 'Where is order 1234?' },
      { type: 'function_call', call_id: 'call_abc123', name: 'lookup_order', arguments: '{"order_id":"1234"}' },
      { type: 'function_call_output', call_id: 'call_abc123', output: '{"status":"shipped"}' },
      { role: 'user', content: 'Thanks, and can I change the address?' },
    ],
  };
  const text = JSON.stringify(request, null, 2);

  it('moves the sentence with the date itself to the end of the last user message: no placeholder, the date still reaches the model', async () => {
    const a = await analyzePrompt({ fileName: 'responses.json', text });
    const date = a.findings.find((f) => f.rule === 'dynamic-date')!;
    assert.equal(date.fix?.description, `Move "Session started ${TIMESTAMP}." to the end of the last user message, out of the cached prefix`);
    const sent = JSON.parse(applyEdits(text, date.fix.edits)) as typeof request;
    assert.equal(sent.instructions, `You are Acme's support agent.\n${STATIC_RULES}`);
    assert.equal(sent.input[3].content, `Thanks, and can I change the address?\n\nSession started ${TIMESTAMP}.`);
    assert.doesNotMatch(JSON.stringify(sent), /\{\{|see the last message/);
    const b = await analyzePrompt({ fileName: 'responses.json', text: applyEdits(text, date.fix.edits) });
    assert.equal(b.cacheableTokens, a.cacheableTokensIfFixed);
  });
});
