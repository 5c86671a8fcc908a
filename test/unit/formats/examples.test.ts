import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parsePrompt } from '../../../src/core/formats';
import type { FormatId } from '../../../src/core/model';
import { textPiece } from './fixtures';

const EXAMPLES_DIR = join(__dirname, '..', '..', '..', 'examples');

const EXPECTED: [file: string, format: FormatId, model: string][] = [
  ['chat-request.json', 'openai-chat', 'gpt-4.1'],
  ['responses-request.json', 'openai-responses', 'gpt-5'],
  ['anthropic-request.json', 'anthropic-messages', 'claude-sonnet-4-5'],
  ['support-agent.prompty', 'prompty', 'gpt-4o-mini'],
  ['summarize.prompt.yml', 'github-models', 'gpt-4.1-mini'],
  ['review.prompt.md', 'vscode-prompt', 'GPT-4.1'],
  ['newsletter.prompt', 'plain-text', ''],
];

describe('shipped examples', () => {
  for (const [file, format, model] of EXPECTED) {
    it(`${file} parses cleanly as ${format}`, () => {
      const request = parsePrompt(file, readFileSync(join(EXAMPLES_DIR, file), 'utf8'));
      assert.equal(request.format, format);
      assert.equal(request.model?.name ?? '', model);
      assert.deepEqual(request.issues, []);
      assert.ok(request.messages.length > 0);
    });
  }

  it('the chat example starts its system prompt with a date line and keeps tools before it', () => {
    const request = parsePrompt('chat-request.json', readFileSync(join(EXAMPLES_DIR, 'chat-request.json'), 'utf8'));
    assert.ok(textPiece(request.messages[0].parts[0]).text.startsWith('Current date: 2026-03-14 09:12'));
    assert.deepEqual(request.tools.map((t) => t.name), ['lookup_order', 'create_return', 'create_case', 'search_help_center']);
    assert.equal(request.promptCacheKey, 'northwind-support-v7');
  });

  it('the Anthropic example caches tools and the handbook with breakpoints', () => {
    const request = parsePrompt('anthropic-request.json', readFileSync(join(EXAMPLES_DIR, 'anthropic-request.json'), 'utf8'));
    assert.equal(request.tools[1].breakpoint?.type, 'ephemeral');
    assert.equal(request.system![0].breakpoint?.ttl, '1h');
    assert.equal(request.system![1].breakpoint, undefined);
    assert.equal(request.messages[2].parts[0].breakpoint?.type, 'ephemeral');
  });
});
