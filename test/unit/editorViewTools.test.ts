import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { analyzePrompt } from '../../src/core/analyze';
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
