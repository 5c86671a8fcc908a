import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzePrompt } from '../../src/core/analyze';
import { priceFor } from '../../src/core/cache/pricing';
import { formatUsd } from '../../src/core/labels';
import { comparePrompts, renderPromptText, sectionHeader } from '../../src/core/promptDiff';
import type { TokenSegment } from '../../src/core/tokens/rendered';
import { Marker } from '../../src/core/tokens/syntheticIds';
import { loadTokenizer } from '../../src/core/tokens/tokenizer';

const RULES = Array.from({ length: 60 }, (_, i) => `Rule ${i + 1}: answer politely, cite the handbook section that applies, and never guess an account balance.`).join(' ');

/** A Chat Completions request: a long static system prompt, then one that names the day. */
function chatRequest(date: string, question = 'Where is my order?'): string {
  return JSON.stringify(
    {
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: `You are Nimbus, the support assistant of Acme Cloud. ${RULES}` },
        { role: 'system', content: `Today is ${date}. Answer in English.` },
        { role: 'user', content: question },
      ],
    },
    null,
    2,
  );
}

const input = (label: string, text: string) => ({ label, fileName: `${label}.json`, text });

/** Lines that differ between two texts of the same line count. */
function differentLines(a: string, b: string): number[] {
  const la = a.split('\n');
  const lb = b.split('\n');
  assert.equal(la.length, lb.length);
  return la.flatMap((line, i) => (line === lb[i] ? [] : [i + 1]));
}

describe('renderPromptText', () => {
  const segment = (kind: TokenSegment['kind'], label: string, tokenStart: number, tokenEnd: number): TokenSegment => ({ kind, label, tokenStart, tokenEnd, range: null });
  // One character per id: 97 → "a".
  const decode = (ids: Uint32Array) => String.fromCharCode(...ids);

  it('heads each top-level section on a line of its own, not the tools inside the tools block, and shows a run of one marker once with its count', () => {
    const ids = Uint32Array.from([Marker.toolsPreamble, Marker.toolsPreamble, Marker.toolsPreamble, 102, 110, Marker.start, 115, 121, 115]);
    const segments = [segment('tools', 'tools', 0, 5), segment('tool', 'tool fn', 3, 5), segment('message', 'system', 5, 9)];
    const { text, starts } = renderPromptText({ ids, segments }, decode);
    assert.equal(text, `${sectionHeader('tools')}<|tools|>×3fn\n${sectionHeader('system')}<|start|>sys`);
    // Every token of the marker run starts where the run does; the others where their text does.
    assert.deepEqual([...starts.subarray(0, 4)], [text.indexOf('<|tools|>'), text.indexOf('<|tools|>'), text.indexOf('<|tools|>'), text.indexOf('fn')]);
    assert.equal(text.slice(starts[6], starts[9]), 'sys');
    assert.equal(starts[9], text.length);
  });

  it('a response schema inside the system message reads as part of it: no header splits the sentence before it, nothing stray under a header', async () => {
    const request = {
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: 'You are a helpful assistant that provides information about people.' },
        { role: 'user', content: 'Tell me about John, who is 30.' },
      ],
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'Person', schema: { type: 'object', properties: { name: { type: 'string' }, age: { type: 'integer' } }, required: ['name', 'age'] } },
      },
    };
    const a = await analyzePrompt({ fileName: 'request.json', text: JSON.stringify(request, null, 2) });
    // The case itself: the schema's segment lies inside the system message's, and its first token
    // holds the message's final full stop.
    const schema = a.rendered.segments.find((s) => s.kind === 'schema')!;
    const system = a.rendered.segments.find((s) => s.label === 'system')!;
    assert.ok(system.tokenStart < schema.tokenStart && schema.tokenEnd <= system.tokenEnd, JSON.stringify(a.rendered.segments));
    const tokenizer = await loadTokenizer(a.encoding);
    const decode = (ids: Uint32Array) => tokenizer.decode(ids);
    assert.match(decode(a.rendered.ids.subarray(schema.tokenStart, schema.tokenStart + 1)), /^\./);

    const { text } = renderPromptText(a.rendered, decode);
    const lines = text.split('\n');
    assert.deepEqual(lines.filter((l) => l.startsWith('────')), [sectionHeader('system').trim(), sectionHeader('user').trim(), sectionHeader('reply priming').trim()]);
    assert.ok(text.includes('information about people.\n\n# Response Formats'), text);
    const underHeaders = lines.flatMap((l, i) => (l.startsWith('────') ? [lines[i + 1]] : []));
    assert.deepEqual(underHeaders.filter((l) => !l.startsWith('<|start|>')), [], text);
  });

  it('decodes characters split across tokens whole, so the text reads as the file wrote it', async () => {
    const message = 'Grüße aus Köln 🙂 — 日本語のテキスト 𝔘𝔫𝔦𝔠𝔬𝔡𝔢';
    const a = await analyzePrompt({ fileName: 'x.json', text: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: message }] }) });
    const tokenizer = await loadTokenizer(a.encoding);
    const { text, starts } = renderPromptText(a.rendered, (ids) => tokenizer.decode(ids));
    assert.ok(text.includes(message), text);
    assert.ok(!text.includes('\ufffd'));
    for (let i = 1; i < starts.length; i++) assert.ok(starts[i] >= starts[i - 1], `token starts never go back (token ${i})`);
  });
});

describe('comparePrompts', () => {
  it('a run that resent the history: the one user message of the other run is headed user #1 too, so its header is no difference', async () => {
    const system = { role: 'system', content: 'You are a support agent.' };
    const firstRun = JSON.stringify({ model: 'gpt-4o', messages: [system, { role: 'user', content: 'Where is my order?' }] });
    const secondRun = JSON.stringify({
      model: 'gpt-4o',
      messages: [system, { role: 'user', content: 'Where is my order?' }, { role: 'assistant', content: 'It ships today.' }, { role: 'user', content: 'Can I return it?' }],
    });
    const diff = await comparePrompts(input('run-1', firstRun), input('run-2', secondRun));
    const headers = (text: string) => text.split('\n').filter((line) => line.startsWith('────'));
    assert.deepEqual(headers(diff.first.text), ['──── system ────', '──── user #1 ────', '──── reply priming ────']);
    assert.deepEqual(headers(diff.second.text).slice(0, 3), ['──── system ────', '──── user #1 ────', '──── assistant ────']);
    // Up to the first user message's end, both sides read the same.
    const through = (text: string) => text.slice(text.indexOf('──── system'), text.indexOf('Where is my order?'));
    assert.equal(through(diff.first.text), through(diff.second.text));
  });

  it('two requests that differ in one date: the same rendering on both sides but for that line, the first differing token found in both, the headline with the shared prefix', async () => {
    const first = chatRequest('2025-03-14');
    const second = chatRequest('2025-03-15');
    const diff = await comparePrompts(input('monday', first), input('tuesday', second));
    const { explanation } = diff;
    assert.equal(diff.model, 'gpt-4o-mini');
    assert.equal(explanation.identical, false);
    // The shared prefix ends inside the date: everything before it is the same token for token.
    const a = await analyzePrompt({ fileName: 'a.json', text: first });
    const b = await analyzePrompt({ fileName: 'b.json', text: second });
    let shared = 0;
    while (a.rendered.ids[shared] === b.rendered.ids[shared]) shared++;
    assert.equal(explanation.sharedTokens, shared);
    assert.ok(shared > 1024);

    const left = diff.first.firstDifference!;
    const right = diff.second.firstDifference!;
    assert.equal(left.tokenIndex, shared);
    assert.equal(diff.first.text.slice(left.offset, left.offset + left.length), left.token);
    assert.equal(diff.second.text.slice(right.offset, right.offset + right.length), right.token);
    assert.ok('2025-03-14'.endsWith(left.token) && '2025-03-15'.endsWith(right.token), `${left.token} / ${right.token}`);
    assert.equal(left.word, '2025-03-14.');
    assert.equal(right.word, '2025-03-15.');
    assert.equal(left.section, 'system #2');
    // Positions are 1-based lines and columns of the documents the diff editor shows.
    assert.equal(diff.first.text.split('\n')[left.start.line - 1].slice(left.start.column - 1, left.end.column - 1), left.token);

    // Only the line with the date differs: the rendering is the same on both sides.
    assert.deepEqual(differentLines(diff.first.text, diff.second.text), [left.start.line]);
    assert.equal(diff.first.text.split('\n')[0], diff.headline);
    assert.equal(
      diff.headline,
      `Shared prefix: ${shared.toLocaleString('en-US')} tokens (cacheable ${explanation.cachedTokens.toLocaleString('en-US')}) · ` +
        `the cache stops at token ${(shared + 1).toLocaleString('en-US')} (system #2): \`2025-03-14.\` vs \`2025-03-15.\` · costs nothing: a prompt identical to the first would cache no more`,
    );
    // The source positions lead back to the date's message in each file.
    assert.equal(diff.first.source?.line, first.split('\n').findIndex((l) => l.includes('Today is')) + 1);
  });

  it('a difference early in the prompt costs the cacheable tokens after it, priced per 1,000 requests', async () => {
    const first = chatRequest('2025-03-14');
    // The same request with the static system prompt one word different at its start.
    const second = first.replace('You are Nimbus', 'You are Cirrus');
    const diff = await comparePrompts(input('a', first), input('b', second));
    assert.ok(diff.explanation.sharedTokens < 10);
    assert.equal(diff.explanation.cachedTokens, 0);
    // A second request identical to the first would read its whole prompt in 128-token steps past 1,024.
    const b = await analyzePrompt({ fileName: 'b.json', text: second });
    const full = 1024 + Math.floor((b.promptTokens - 1024) / 128) * 128;
    assert.equal(diff.lostTokens, full);
    const price = priceFor('gpt-4o-mini')!;
    assert.equal(diff.lostUsdPer1000, (full * (price.input - price.cachedInput) * 1000) / 1_000_000);
    assert.equal(
      diff.headline,
      `Shared prefix: ${diff.explanation.sharedTokens} tokens (cacheable 0) · the cache stops at token ${diff.explanation.sharedTokens + 1} (system #1): \`Nimbus,\` vs \`Cirrus,\` · ` +
        `costs ${formatUsd(diff.lostUsdPer1000!)} per 1,000 requests (${full.toLocaleString('en-US')} tokens not read from the cache)`,
    );
  });

  it('framing markers are not part of the word the headline quotes', async () => {
    const first = chatRequest('2025-03-14');
    const second = first.replace('You are Nimbus', 'Nimbus speaks');
    const diff = await comparePrompts(input('a', first), input('b', second));
    assert.equal(diff.first.firstDifference?.word, 'You');
    assert.equal(diff.second.firstDifference?.word, 'Nimbus');
  });

  it('identical prompts: no differing token on either side, and the headline says all tokens are shared', async () => {
    const text = chatRequest('2025-03-14');
    const diff = await comparePrompts(input('a', text), input('b', text));
    assert.equal(diff.first.firstDifference, null);
    assert.equal(diff.second.firstDifference, null);
    assert.equal(diff.first.text, diff.second.text);
    assert.match(diff.headline, /^Identical prompts: all [\d,]+ tokens shared \(cacheable [\d,]+\) · nothing breaks the cache$/);
  });

  it('the second prompt is read with the first one\'s model, so both sides use one encoding', async () => {
    const first = chatRequest('2025-03-14');
    const second = chatRequest('2025-03-14').replace('gpt-4o-mini', 'gpt-4');
    const diff = await comparePrompts(input('a', first), input('b', second));
    assert.equal(diff.model, 'gpt-4o-mini');
    assert.equal(diff.explanation.identical, true);
  });
});
