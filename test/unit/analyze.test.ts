import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { analyzePrompt, InputRejectedError } from '../../src/core/analyze';
import { editorView } from '../../src/core/editorView';
import { boundaryLabel } from '../../src/core/labels';
import { analysisToJson, analysisToText } from '../../src/core/report';
import { boundaryHoverMarkdown } from '../../src/extension/hoverMarkdown';

const handbook = readFileSync('examples/handbook-agent.prompty', 'utf8');

describe('analyzePrompt', () => {
  it('a static handbook before the question caches in 128-token steps past 1,024 on gpt-4o', async () => {
    const a = await analyzePrompt({ fileName: 'handbook-agent.prompty', text: handbook });
    assert.equal(a.model, 'gpt-4o');
    assert.equal(a.modelSource, 'file');
    assert.ok(a.staticPrefixTokens > 1024);
    assert.equal(a.cacheableTokens, 1024 + Math.floor((a.staticPrefixTokens - 1024) / 128) * 128);
    assert.equal(a.firstDynamic?.line, handbook.split('\n').findIndex((l) => l.includes('{{question}}')) + 1);
    assert.match(boundaryLabel(a), /^cache boundary · [\d,]+ cacheable tokens \(1,024 \+ \d+×128\) · \d+ more to the next step$/);
    assert.ok(a.cost && a.cost.cachedUsd < a.cost.uncachedUsd);
  });

  it('a model override wins over the file, and the default provider applies to unknown models only', async () => {
    const gpt4 = await analyzePrompt({ fileName: 'h.prompty', text: handbook, modelOverride: 'gpt-4' });
    assert.equal(gpt4.encoding, 'cl100k_base');
    assert.equal(gpt4.modelSource, 'override');
    // A plain template names no provider: the setting decides for a model name nobody knows.
    const plain = 'Summarize the text below in three bullet points.\n\n{{text}}\n';
    const local = await analyzePrompt({ fileName: 'x.prompt', text: plain, modelOverride: 'my-local-model', defaultProvider: 'anthropic' });
    assert.equal(local.rules.provider, 'anthropic');
    assert.equal(local.estimate, true);
    const known = await analyzePrompt({ fileName: 'x.prompt', text: plain, modelOverride: 'gpt-4o-mini', defaultProvider: 'anthropic' });
    assert.equal(known.rules.provider, 'openai');
  });

  it('the editor view tints the cacheable tokens before the boundary and puts the boundary on the question', async () => {
    const a = await analyzePrompt({ fileName: 'handbook-agent.prompty', text: handbook });
    const view = editorView(a, handbook.length);
    const question = handbook.indexOf('{{question}}');
    assert.equal(view.boundary?.offset, question);
    assert.ok(view.cacheable.length > 0 && view.cacheable.every((r) => r.end <= question));
    assert.ok(view.dynamic.some((r) => r.start <= question && question < r.end));
    assert.ok(view.minimum && view.minimum.offset < question);
  });

  it('text decoded from bytes that are not UTF-8 gets a warning at the first replacement character', async () => {
    // What the editor and the command line both hand over for the bytes E9 FF: one U+FFFD each.
    const text = 'system:\nYou help caf\uFFFD owners.\nNever \uFFFD guess.\n';
    const a = await analyzePrompt({ fileName: 'latin1.prompt', text });
    const warning = a.findings.find((f) => /UTF-8/.test(f.message));
    assert.deepEqual(
      warning && { rule: warning.rule, severity: warning.severity, line: warning.line, column: warning.column, message: warning.message },
      { rule: 'parse', severity: 'warning', line: 2, column: 13, message: 'The file is not valid UTF-8: 2 characters could not be decoded and are counted as the replacement character U+FFFD' },
    );
    const clean = await analyzePrompt({ fileName: 'clean.prompt', text: 'system:\nYou help cafe owners.\n' });
    assert.equal(clean.findings.some((f) => /UTF-8/.test(f.message)), false);
  });

  it('refuses binary and oversized input with a clear message', async () => {
    await assert.rejects(analyzePrompt({ fileName: 'x.prompt', text: 'abc\u0000def' }), (e: unknown) => e instanceof InputRejectedError && e.reason === 'binary');
    await assert.rejects(
      analyzePrompt({ fileName: 'x.prompt', text: 'x'.repeat(2048), maxBytes: 1024 }),
      (e: unknown) => e instanceof InputRejectedError && e.message === 'File is 2.0 KB, over the 1.0 KB limit for prompt files.',
    );
  });
});

describe('a prompt longer than the model accepts', () => {
  const words = (n: number) => 'lorem ipsum '.repeat(n);
  const chat = (model: string, text: string) => JSON.stringify({ model, messages: [{ role: 'user', content: text }] }, null, 2);

  it('is an error naming the limit where the file names its model and the count is exact', async () => {
    const a = await analyzePrompt({ fileName: 'long.json', text: chat('gpt-4', words(5000)) });
    const found = a.findings.filter((f) => f.rule === 'context-window-exceeded');
    assert.equal(found.length, 1);
    assert.equal(found[0].severity, 'error');
    assert.match(found[0].message, /^The prompt is [\d,]+ tokens; gpt-4 accepts at most 8,192 tokens \(its context window\), so the API rejects the request/);
    // Placed on the model name.
    assert.equal(found[0].line, 2);
    const fits = await analyzePrompt({ fileName: 'short.json', text: chat('gpt-4o', words(5000)) });
    assert.equal(fits.findings.filter((f) => f.rule === 'context-window-exceeded').length, 0);
  });

  it('is a warning where the model is only the default or the count an estimate', async () => {
    const prompty = `---\nname: long\n---\nsystem:\n${words(70_000)}\n`;
    const byDefault = await analyzePrompt({ fileName: 'long.prompty', text: prompty });
    const [finding] = byDefault.findings.filter((f) => f.rule === 'context-window-exceeded');
    assert.equal(finding.severity, 'warning');
    assert.match(finding.message, /gpt-4o \(the default; the file names no model\) accepts at most 128,000 tokens/);
    const claude = JSON.stringify({ model: 'claude-3-5-haiku-20241022', max_tokens: 10, messages: [{ role: 'user', content: words(110_000) }] });
    const [estimated] = (await analyzePrompt({ fileName: 'claude.json', text: claude })).findings.filter((f) => f.rule === 'context-window-exceeded');
    assert.equal(estimated.severity, 'warning');
    assert.match(estimated.message, /^The prompt is about [\d,]+ tokens \(an estimate\); claude-3-5-haiku-20241022 accepts at most 200,000 tokens/);
  });

  it('shows no cacheable tokens, cost or saving as achievable: the report, the JSON, the editor label and hover say the API rejects it', async () => {
    // A long static system prompt would be cacheable were the request accepted.
    const text = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'system', content: words(66_000) }, { role: 'user', content: 'hi' }] }, null, 2);
    const a = await analyzePrompt({ fileName: 'long.json', text });
    assert.ok(a.staticPrefixTokens > 128_000);
    assert.equal(a.cacheableTokens, 0);
    assert.equal(a.cacheableTokensIfFixed, 0);
    assert.deepEqual(a.contextWindowExceeded, { inputTokens: 128_000, certain: true });
    assert.ok(a.cost && a.cost.cachedUsd === a.cost.uncachedUsd && a.cost.rejected);

    const report = analysisToText(a);
    assert.match(report, /Cache {11}0 cacheable: the API rejects this request \(over gpt-4o's 128,000 input tokens\)/);
    assert.doesNotMatch(report, /saved|with a warm cache|uncached/);
    assert.match(report, /none: the API rejects this request/);

    const json = analysisToJson(a);
    assert.equal(json.cacheableTokens, 0);
    assert.equal(json.contextWindowExceeded, true);
    assert.equal(json.contextWindowInputTokens, 128_000);
    assert.equal(json.cost?.rejected, true);
    assert.equal(json.cost?.cachedUsdPer1000, json.cost?.uncachedUsdPer1000);

    assert.match(boundaryLabel(a), /nothing cached: the API rejects this request/);
    const hover = boundaryHoverMarkdown(a);
    assert.match(hover, /The API rejects this request \(over gpt-4o's 128,000 input tokens\): no cost or cache saving to show/);
    assert.doesNotMatch(hover, /with the cache warm/);
    assert.equal(analysisToJson(await analyzePrompt({ fileName: 'fits.json', text: chat('gpt-4o', 'hi') })).contextWindowExceeded, false);
  });
});

describe('long values of the file in messages and labels', () => {
  it('a role, a tool name and an id of thousands of characters are quoted short; every report line stays readable', async () => {
    const text = JSON.stringify({
      model: 'gpt-4o',
      messages: [
        { role: 'n'.repeat(100_000), content: `Session ${'0123456789abcdef'.repeat(5000)} opened.` },
        { role: 'user', content: 'hi' },
      ],
      tools: [{ type: 'function', function: { name: 't'.repeat(100_000), description: 'Look it up.' } }],
    });
    const a = await analyzePrompt({ fileName: 'long.json', text });
    const role = a.findings.find((f) => f.rule === 'parse');
    assert.equal(role?.message, `Message has an unknown role "${'n'.repeat(56)}...; the API rejects it (counted as user here)`);
    const id = a.findings.find((f) => f.rule === 'hex-id');
    assert.match(id?.message ?? '', /^"0123456789abcdef0123456789abcdef0123456789abcdef012345678\.\.\." in the user looks like a per-request id/);
    assert.ok(a.segments.some((s) => s.label === `tool ${'t'.repeat(57)}...`));
    for (const line of analysisToText(a, { sourceText: text }).split('\n')) assert.ok(line.length < 400, line.slice(0, 200));
  });
});
