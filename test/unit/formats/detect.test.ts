import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectFormat, parsePrompt } from '../../../src/core/formats';
import { PromptParseError } from '../../../src/core/model';
import { readFixture } from './fixtures';

describe('detectFormat', () => {
  it('uses the file name for prompt file types', () => {
    assert.equal(detectFormat('a.prompty', ''), 'prompty');
    assert.equal(detectFormat('dir/Summarize.Prompt.YML', ''), 'github-models');
    assert.equal(detectFormat('x.prompt.yaml', ''), 'github-models');
    assert.equal(detectFormat('.github/prompts/review.prompt.md', ''), 'vscode-prompt');
    assert.equal(detectFormat('notes.md', 'hello'), 'plain-text');
    assert.equal(detectFormat('letter.prompt', 'hello'), 'plain-text');
    assert.equal(detectFormat('photo.png', 'binary'), null);
  });

  it('tells the three JSON request bodies apart by content', () => {
    assert.equal(detectFormat('a.json', readFixture('openai-chat-functions.json')), 'openai-chat');
    assert.equal(detectFormat('a.json', readFixture('openai-responses-functions.json')), 'openai-responses');
    assert.equal(detectFormat('a.json', readFixture('anthropic-prompt-caching.json')), 'anthropic-messages');
    assert.equal(detectFormat('a.json', '{"model": "claude-haiku-4-5", "max_tokens": 10, "messages": []}'), 'anthropic-messages');
    assert.equal(
      detectFormat('a.json', '{"max_tokens": 10, "messages": [{"role": "user", "content": [{"type": "tool_result", "tool_use_id": "x", "content": "1"}]}]}'),
      'anthropic-messages',
    );
    assert.equal(detectFormat('a.json', '{"model": "gpt-4o", "max_tokens": 10, "messages": []}'), 'openai-chat');
    assert.equal(detectFormat('a.json', '{"instructions": "x"}'), 'openai-responses');
    assert.equal(detectFormat('package.json', '{"name": "x", "version": "1.0.0"}'), null);
    assert.equal(detectFormat('request', '  {"messages": []}'), 'openai-chat');
  });

  it('guesses the API of a JSON file that is briefly invalid while being edited', () => {
    assert.equal(detectFormat('a.json', '{"system": "x", "messages": [ '), 'anthropic-messages');
    assert.equal(detectFormat('a.json', '{"input": "x",, }'), 'openai-responses');
  });

  it('detects GitHub Models content in a plain .yml file', () => {
    assert.equal(detectFormat('summarize.yml', 'model: openai/gpt-4o\nmessages:\n  - role: user\n    content: hi\n'), 'github-models');
    assert.equal(detectFormat('ci.yml', 'on: push\njobs: {}\n'), null);
  });
});

describe('parsePrompt', () => {
  it('honours an explicit format over detection', () => {
    const request = parsePrompt('notes.txt', '{"messages": [{"role": "user", "content": "hi"}]}', { format: 'openai-chat' });
    assert.equal(request.format, 'openai-chat');
    assert.equal(request.messages[0].role, 'user');
  });

  it('explains JSON that is not a request body', () => {
    assert.throws(
      () => parsePrompt('package.json', '{"name": "x"}'),
      (error: unknown) => error instanceof PromptParseError && /Not a recognized request body/.test(error.message) && error.line === 1,
    );
  });
});
