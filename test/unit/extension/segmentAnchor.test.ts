import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzePrompt } from '../../../src/core/analyze';
import { analyzeSource } from '../../../src/core/sources/analyzeSource';
import { segmentAnchor } from '../../../src/extension/segmentAnchor';

const POLICY = Array.from({ length: 3 }, (_, i) => `Policy ${i}: confirm the order number, then explain the rule in plain words.`).join('\\n');

/** The 1-based line a section's count is drawn on, as the editor places it. */
const lineAt = (text: string, offset: number | undefined) => (offset === undefined ? undefined : text.slice(0, offset).split('\n').length);

describe('segmentAnchor: a system prompt without a range of its own still gets its count', () => {
  it('the TypeScript `system,` shorthand: at the key inside the call', async () => {
    const text = [
      'import Anthropic from "@anthropic-ai/sdk";',
      'const anthropic = new Anthropic();',
      `const POLICY = "${POLICY}";`,
      'export async function ask(question: string, userId: string) {',
      '  const system = `You are Acme\'s HR assistant. Today is ${new Date().toISOString()}. User ${userId}.',
      '',
      '${POLICY}`;',
      '  const msg = await anthropic.messages.create({',
      '    model: "claude-sonnet-4-5",',
      '    max_tokens: 1024,',
      '    system,',
      '    messages: [{ role: "user", content: `Question: ${question}` }],',
      '  });',
      '  return msg.content;',
      '}',
    ].join('\n');
    const [{ analysis, call }] = (await analyzeSource({ fileName: 'agent.ts', text })).prompts;
    const system = analysis.segments.find((s) => s.kind === 'system')!;
    assert.equal(system.range, null);
    const read = (start: number, end: number) => text.slice(start, end);
    assert.equal(lineAt(text, segmentAnchor(analysis, system, read, call.range)), 11);
    // The user message keeps its own range.
    const user = analysis.segments.find((s) => s.kind === 'message')!;
    assert.equal(segmentAnchor(analysis, user, read, call.range), user.range!.start);
  });

  it('Anthropic request JSON with "system": [blocks]: at the "system" key, not at a "role": "system" value', async () => {
    const request = {
      model: 'claude-sonnet-4-5',
      max_tokens: 1024,
      system: [
        { type: 'text', text: 'Current time: 2026-03-14T09:12:33Z' },
        { type: 'text', text: `You are the HR assistant of Acme.\n${POLICY}`, cache_control: { type: 'ephemeral' } },
      ],
      messages: [{ role: 'user', content: 'What is the "role": "system" field?' }],
    };
    const text = JSON.stringify(request, null, 2);
    const analysis = await analyzePrompt({ fileName: 'anthropic-after-ts.json', text });
    const system = analysis.segments.find((s) => s.kind === 'system')!;
    assert.equal(system.range, null);
    const offset = segmentAnchor(analysis, system, (start, end) => text.slice(start, end));
    assert.equal(lineAt(text, offset), 4);
    assert.ok(text.startsWith('"system"', offset), text.slice(offset, offset! + 20));
  });
});
