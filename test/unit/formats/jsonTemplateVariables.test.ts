import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzePrompt } from '../../../src/core/analyze';
import { parsePrompt } from '../../../src/core/formats';
import { dynamicSource, textPiece } from './fixtures';

/** A system prompt holding a TypeScript sample, as support-bot prompts often do. */
const CODE_SAMPLE = [
  'Look orders up like this:',
  '```ts',
  'const order = await api.get(`/v2/orders/${id}`);',
  '```',
  'Never print `${secret}` values.',
].join('\n');

describe('template variables in JSON request strings', () => {
  it('reads ${x} in a Chat Completions system prompt as literal code, and {{x}} as a variable', () => {
    const source = JSON.stringify({
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: CODE_SAMPLE },
        { role: 'user', content: 'Where is order {{order_id}}?' },
      ],
    });
    const request = parsePrompt('request.json', source);
    const system = textPiece(request.messages[0].parts[0]);
    const user = textPiece(request.messages[1].parts[0]);
    assert.equal(system.text, CODE_SAMPLE);
    assert.deepEqual(system.dynamic, []);
    assert.deepEqual(user.dynamic.map((_, i) => dynamicSource(user, source, i)), ['{{order_id}}']);
    assert.deepEqual(request.variables.map((v) => v.name), ['order_id']);
  });

  it('reads ${x} as literal in Anthropic system blocks and Responses instructions too', () => {
    const anthropic = parsePrompt(
      'claude.json',
      JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 100, system: [{ type: 'text', text: CODE_SAMPLE }], messages: [{ role: 'user', content: 'Hi ${name}' }] }),
    );
    assert.equal(anthropic.format, 'anthropic-messages');
    assert.deepEqual(textPiece(anthropic.system?.[0]).dynamic, []);
    assert.deepEqual(textPiece(anthropic.messages[0].parts[0]).dynamic, []);
    const responses = parsePrompt('responses.json', JSON.stringify({ model: 'gpt-4o', instructions: CODE_SAMPLE, input: 'Hi {{ name }}' }));
    assert.equal(responses.format, 'openai-responses');
    assert.deepEqual(responses.instructions?.dynamic, []);
    assert.deepEqual(textPiece(responses.messages[0].parts[0]).dynamic.map((d) => d.name), ['name']);
  });

  it('reports no cache breaker for code samples in a long JSON system prompt', async () => {
    const policy = Array.from({ length: 120 }, (_, i) => `Rule ${i + 1}: answer in plain words and cite the policy section.`).join('\n');
    const source = JSON.stringify(
      { model: 'gpt-4o', messages: [{ role: 'system', content: `${policy}\n${CODE_SAMPLE}` }, { role: 'user', content: 'Order {{order_id}}?' }] },
      null,
      2,
    );
    const analysis = await analyzePrompt({ fileName: 'support.json', text: source });
    assert.deepEqual(analysis.findings, []);
    assert.equal(analysis.firstDynamic?.name, 'order_id');
    assert.equal(source.slice(analysis.firstDynamic!.offset, analysis.firstDynamic!.offset + 12), '{{order_id}}');
  });
});
