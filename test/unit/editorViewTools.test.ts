import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { analyzePrompt } from '../../src/core/analyze';
import { requestCountHints } from '../../src/core/countHints';
import { editorView } from '../../src/core/editorView';

describe('editorView: tool definitions', () => {
  for (const file of ['examples/anthropic-request.json', 'examples/chat-request.json']) {
    it(`${file}: every tool is tinted whole, not in fragments`, async () => {
      const text = readFileSync(file, 'utf8');
      const a = await analyzePrompt({ fileName: file, text });
      const view = editorView(a, text.length);
      const tints = [...view.cacheable, ...view.staticUncached, ...view.dynamic];
      const tools = a.segments.filter((s) => s.kind === 'tool');
      assert.ok(tools.length >= 2);
      for (const tool of tools) {
        const within = tints.filter((r) => r.start >= tool.range!.start && r.end <= tool.range!.end);
        assert.deepEqual(within, [tool.range], `${tool.label} is one tinted range`);
      }
    });
  }
});

describe('editorView: a request of 20,000 tools', () => {
  it('tints each tool whole, in one range of its own', async () => {
    const tools = Array.from({ length: 20_000 }, (_, i) => ({
      type: 'function',
      function: { name: `tool_${i}`, description: `Tool number ${i}.`, parameters: { type: 'object', properties: { q: { type: 'string' } } } },
    }));
    const text = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Go.' }], tools }, null, 1);
    const a = await analyzePrompt({ fileName: 'tools.json', text });
    const view = editorView(a, text.length);
    const tints = [...view.cacheable, ...view.staticUncached, ...view.dynamic].sort((x, y) => x.start - y.start);
    const ranges = a.segments.filter((s) => s.kind === 'tool').map((s) => s.range!);
    assert.equal(ranges.length, 20_000);
    // Tints are sorted and disjoint: each tool's range is one of them.
    const starts = new Map(tints.map((r) => [r.start, r.end]));
    for (const range of ranges) assert.equal(starts.get(range.start), range.end);
  });
});

describe('a built-in web_search_preview tool', () => {
  const request = {
    model: 'gpt-4o-mini',
    tools: [{ type: 'web_search_preview' }],
    input: [
      { role: 'system', content: 'You are a research assistant. Answer with sources.' },
      { role: 'user', content: 'What happened in the news today?' },
    ],
  };
  const text = JSON.stringify(request, null, 2);

  it('has its own count at the tool, so the first message does not start at a running total from nowhere', async () => {
    const a = await analyzePrompt({ fileName: 'search.json', text });
    const tool = a.segments.find((s) => s.kind === 'tool');
    assert.ok(tool, a.segments.map((s) => s.label).join(', '));
    assert.equal(tool.label, 'tool web_search_preview');
    assert.deepEqual([tool.tokenStart, tool.tokens, tool.runningTotal], [0, 294, 294]);
    assert.equal(text.slice(tool.range!.start, tool.range!.end), JSON.stringify(request.tools[0], null, 2).replace(/\n/g, '\n    '));
    const line = (offset: number) => text.slice(0, offset).split('\n').length - 1;
    const sections = a.segments.filter((s) => s.range).map((segment) => ({ segment, line: line(segment.range!.start) }));
    const hints = requestCountHints(a.segments, sections);
    assert.deepEqual(hints.map((h) => [h.line, h.label]), [
      [3, '294 tok · Σ 294'],
      [8, '14 tok · Σ 308'],
      [12, '11 tok · Σ 319'],
    ]);
  });

  it('is tinted whole, like a function tool', async () => {
    const a = await analyzePrompt({ fileName: 'search.json', text });
    const view = editorView(a, text.length);
    const tool = a.segments.find((s) => s.kind === 'tool')!;
    const tints = [...view.cacheable, ...view.staticUncached, ...view.dynamic];
    assert.deepEqual(tints.filter((r) => r.start >= tool.range!.start && r.end <= tool.range!.end), [tool.range]);
  });
});

describe('a Responses namespace tool', () => {
  const addNumbers = {
    type: 'function',
    name: 'add_numbers',
    description: 'Add a list of numbers.',
    parameters: { type: 'object', properties: { numbers: { type: 'array', items: { type: 'number' } } }, required: ['numbers'] },
  };
  const request = { model: 'gpt-4o', input: 'Add 8 and 0.', tools: [{ type: 'namespace', name: 'crm', description: 'CRM tools.', tools: [addNumbers] }] };
  const text = JSON.stringify(request, null, 2);

  it('shows a count at the namespace and at each of its tools', async () => {
    const a = await analyzePrompt({ fileName: 'namespace.json', text });
    const line = (offset: number) => text.slice(0, offset).split('\n').length - 1;
    const sections = a.segments.filter((s) => s.range).map((segment) => ({ segment, line: line(segment.range!.start) }));
    const hints = requestCountHints(a.segments, sections);
    const namespace = a.segments.find((s) => s.label === 'tool crm')!;
    const inner = a.segments.find((s) => s.label === 'tool crm.add_numbers')!;
    assert.ok(inner.tokens > 0 && inner.tokens < namespace.tokens);
    assert.deepEqual(
      hints.filter((h) => h.line === line(namespace.range!.start) || h.line === line(inner.range!.start)).map((h) => h.label),
      [`${namespace.tokens} tok · Σ ${namespace.runningTotal}`, `${inner.tokens} tok · Σ ${inner.runningTotal}`],
    );
  });

  it('is tinted whole, once, its tools with it', async () => {
    const a = await analyzePrompt({ fileName: 'namespace.json', text });
    const view = editorView(a, text.length);
    const namespace = a.segments.find((s) => s.label === 'tool crm')!;
    const tints = [...view.cacheable, ...view.staticUncached, ...view.dynamic];
    assert.deepEqual(tints.filter((r) => r.start < namespace.range!.end && r.end > namespace.range!.start), [namespace.range]);
  });
});
