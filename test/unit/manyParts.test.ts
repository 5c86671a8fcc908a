/**
 * Requests with more tools, tool calls, tool results, content parts or template variables than a
 * JavaScript call takes arguments (about 125,000 on the command line's thread): each is analysed,
 * with its count, instead of failing with "Maximum call stack size exceeded".
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzePrompt } from '../../src/core/analyze';
import { editorView } from '../../src/core/editorView';

async function analysed(fileName: string, text: string) {
  const analysis = await analyzePrompt({ fileName, text });
  editorView(analysis, text.length);
  return analysis;
}

const chat = (fields: object) => JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Go on.' }], ...fields });

describe('requests with very many parts', () => {
  it('140,000 function tools: counted, the tools block one segment holding every tool', async () => {
    const tools = Array.from({ length: 140_000 }, (_, i) => ({ type: 'function', function: { name: `t${i}` } }));
    const a = await analysed('tools.json', chat({ tools }));
    assert.equal(a.request.tools.length, 140_000);
    assert.equal(a.segments.filter((s) => s.kind === 'tool').length, 140_000);
    assert.ok(a.promptTokens > 140_000 * 3);
  });

  it('30,000 parallel tool calls of one assistant turn and 70,000 tool results after it', async () => {
    const calls = Array.from({ length: 30_000 }, (_, i) => ({ id: `c${i}`, type: 'function', function: { name: 'lookup', arguments: '{}' } }));
    const results = Array.from({ length: 70_000 }, (_, i) => ({ role: 'tool', tool_call_id: `c${i % 30_000}`, content: 'ok' }));
    const text = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Look everything up.' }, { role: 'assistant', tool_calls: calls }, ...results] });
    const a = await analysed('calls.json', text);
    assert.equal(a.request.messages.length, 70_002);
    assert.ok(a.promptTokens > 100_000);
  });

  it('130,000 text parts in one message', async () => {
    const content = Array.from({ length: 130_000 }, (_, i) => ({ type: 'text', text: `part ${i}` }));
    const a = await analysed('parts.json', JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content }] }));
    assert.equal(a.request.messages[0].parts.length, 130_000);
    assert.ok(a.promptTokens > 130_000);
  });

  it('130,000 template variables in one plain template: each a dynamic span, the first ends the cached prefix', async () => {
    const text = Array.from({ length: 130_000 }, (_, i) => `{{v${i}}}`).join(' ');
    const a = await analysed('many.prompt', text);
    assert.equal(a.firstDynamic?.name, 'v0');
    assert.equal(a.request.messages[0].parts[0].type === 'text' && a.request.messages[0].parts[0].piece.dynamic.length, 130_000);
  });
});
