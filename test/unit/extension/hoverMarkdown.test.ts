import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyzePrompt, type Analysis } from '../../../src/core/analyze';
import { estimateSummary } from '../../../src/core/labels';
import { boundaryHoverMarkdown, FULL_REASONS } from '../../../src/extension/hoverMarkdown';

const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');

async function example(file: string): Promise<Analysis> {
  const path = join(EXAMPLES, file);
  return analyzePrompt({ fileName: path, text: readFileSync(path, 'utf8') });
}

/** The hover's lines from "Estimate:" on. */
function estimateSection(markdown: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.indexOf('Estimate:');
  return start < 0 ? [] : lines.slice(start);
}

describe('boundary hover: why the count is an estimate', () => {
  it('gives one bullet per headline, then where the full reasons are, and not the reasons themselves', async () => {
    const a = await example('chat-request.json');
    const headlines = a.estimateHeadlines ?? [];
    assert.ok(headlines.length > 0);
    const markdown = boundaryHoverMarkdown(a);
    assert.deepEqual(estimateSection(markdown), ['Estimate:', ...headlines.map((h) => `- ${h}`), '', FULL_REASONS]);
    assert.ok(!markdown.includes(a.estimateReason ?? '—'), 'the joined reason is not in the hover');
    for (const reason of a.estimateReasons ?? []) assert.ok(!markdown.includes(reason), reason.slice(0, 40));
  });

  it('links the full reasons to the report command and names the CLI flag', () => {
    assert.match(FULL_REASONS, /\[Show Analysis Report\]\(command:promptCacheLens\.showReport\)/);
    assert.match(FULL_REASONS, /`prompt-cache-lens analyze --verbose`/);
  });

  it('keeps a Claude count’s measured error', async () => {
    const a = await example('anthropic-request.json');
    const error = /±\d+\.\d%/.exec(a.estimateReason ?? '')?.[0];
    assert.ok(error);
    assert.ok(estimateSection(boundaryHoverMarkdown(a))[1].includes(`≈ ${error}`), boundaryHoverMarkdown(a));
  });

  it('says nothing of an estimate for an exact count', async () => {
    const a = await analyzePrompt({
      fileName: 'exact.json',
      text: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hello there.' }] }),
    });
    assert.equal(a.estimate, false);
    assert.deepEqual(estimateSection(boundaryHoverMarkdown(a)), []);
    assert.equal(estimateSummary(a), '');
  });

  it('shows the whole reason as its one bullet for an analysis without headlines', async () => {
    const a = await example('chat-request.json');
    const older: Analysis = { ...a, estimateReasons: undefined, estimateHeadlines: undefined };
    assert.deepEqual(estimateSection(boundaryHoverMarkdown(older)).slice(0, 2), ['Estimate:', `- ${a.estimateReason}`]);
  });
});

describe('status bar tooltip', () => {
  it('puts the headlines on one line', async () => {
    const a = await example('chat-request.json');
    assert.equal(estimateSummary(a), (a.estimateHeadlines ?? []).join('; '));
  });
});
