import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { analyzePrompt, InputRejectedError } from '../../src/core/analyze';
import { editorView } from '../../src/core/editorView';
import { boundaryLabel } from '../../src/core/labels';

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

  it('refuses binary and oversized input with a clear message', async () => {
    await assert.rejects(analyzePrompt({ fileName: 'x.prompt', text: 'abc\u0000def' }), (e: unknown) => e instanceof InputRejectedError && e.reason === 'binary');
    await assert.rejects(
      analyzePrompt({ fileName: 'x.prompt', text: 'x'.repeat(2048), maxBytes: 1024 }),
      (e: unknown) => e instanceof InputRejectedError && e.message === 'File is 2.0 KB, over the 1.0 KB limit for prompt files.',
    );
  });
});
