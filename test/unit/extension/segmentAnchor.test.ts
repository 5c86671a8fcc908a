import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzePrompt } from '../../../src/core/analyze';
import { analyzeSource } from '../../../src/core/sources/analyzeSource';
import { segmentAnchor } from '../../../src/extension/segmentAnchor';

const POLICY = Array.from({ length: 3 }, (_, i) => `Policy ${i}: confirm the order number, then explain the rule in plain words.`).join('\\n');

/** The 1-based line a section's count is drawn on, as the editor places it. */
const lineAt = (text: string, offset: number | undefined) => (offset === undefined ? undefined : text.slice(0, offset).split('\n').length);

describe('segmentAnchor: a system prompt gets its count where a reader looks for it', () => {
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
    // The text is written above the call; its count goes where the call passes it.
    assert.ok(system.range === null || system.range.start < call.range.start);
    const read = (start: number, end: number) => text.slice(start, end);
    assert.equal(lineAt(text, segmentAnchor(analysis, system, read, call.range)), 11);
    // The user message keeps its own range.
    const user = analysis.segments.find((s) => s.kind === 'message')!;
    assert.equal(segmentAnchor(analysis, user, read, call.range), user.range!.start);
  });

  it('Anthropic request JSON with "system": [blocks]: at its first block, not at a "role": "system" value', async () => {
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
    const offset = segmentAnchor(analysis, system, (start, end) => text.slice(start, end));
    // At its first block, just under the "system" key (not at the later "role": "system" text).
    assert.equal(lineAt(text, offset), 5);
    assert.ok(text.startsWith('{', offset), text.slice(offset, offset! + 20));
  });
});
