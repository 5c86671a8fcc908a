import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parsePrompt } from '../../../src/core/formats';
import type { FormatId } from '../../../src/core/model';
import { resolveModel } from '../../../src/core/tokens/models';
import { EMPTY_TOOL_LIST_ESTIMATE } from '../../../src/core/tokens/openaiFraming';
import { renderRequest } from '../../../src/core/tokens/render';
import { loadTokenizer } from '../../../src/core/tokens/tokenizer';

async function render(body: Record<string, unknown>, format: FormatId = 'openai-chat') {
  const source = JSON.stringify(body, null, 2);
  const request = parsePrompt('request.json', source, { format });
  const resolved = resolveModel(request.model?.name);
  const tokenizer = await loadTokenizer(resolved.encoding);
  const rendered = renderRequest(request, tokenizer, resolved);
  return { source, rendered, text: tokenizer.decode(rendered.ids) };
}

const messages = [
  { role: 'system', content: 'You are a research specialist.' },
  { role: 'user', content: 'Start a new research session.' },
];
/** A tool with nothing but its name: declared as one line, `type ping = () => any;`, and a blank line. */
const ping = { type: 'function', function: { name: 'ping' } };

describe('Chat Completions `tools: []`', () => {
  test('is billed as a tools block that declares nothing: a request with one tool, less its declaration', async () => {
    const none = await render({ model: 'gpt-4.1-mini', messages });
    const empty = await render({ model: 'gpt-4.1-mini', messages, tools: [] });
    const one = await render({ model: 'gpt-4.1-mini', messages, tools: [ping] });
    const tokenizer = await loadTokenizer('o200k_base');
    const declaration = tokenizer.encode('type ping = () => any;\n\n').length;
    assert.equal(empty.rendered.total, one.rendered.total - declaration);
    // The recorded gpt-4.1-mini request with these messages and `tools: []` was billed 35 (good-agent).
    assert.equal(empty.rendered.total, 35);
    assert.equal(empty.rendered.total - none.rendered.total, 12);
    assert.match(empty.text, /namespace functions \{\n\n\} \/\/ namespace functions/);
    assert.equal(empty.rendered.estimate, false, 'measured on gpt-4.1-mini');
    // The editor shows the block's 12 tokens on the `tools: []` line.
    const block = empty.rendered.segments.find((s) => s.kind === 'tools');
    assert.equal(block && block.tokenEnd - block.tokenStart, 12);
    assert.equal(block?.range && empty.source.slice(block.range.start, block.range.end), '[]');
  });

  test('is an estimate that says so on a model where it is not measured', async () => {
    const empty = await render({ model: 'gpt-4o', messages, tools: [] });
    const none = await render({ model: 'gpt-4o', messages });
    assert.ok(empty.rendered.total > none.rendered.total);
    assert.ok(empty.rendered.estimateReasons?.includes(EMPTY_TOOL_LIST_ESTIMATE));
    assert.equal(none.rendered.estimate, false);
  });

  test('on the Responses API adds nothing (its recorded requests with `tools: []` are exact without a block)', async () => {
    const none = await render({ model: 'gpt-4.1-mini', input: 'Start a new research session.' }, 'openai-responses');
    const empty = await render({ model: 'gpt-4.1-mini', input: 'Start a new research session.', tools: [] }, 'openai-responses');
    assert.equal(empty.rendered.total, none.rendered.total);
    assert.equal(empty.rendered.estimate, false);
  });
});
