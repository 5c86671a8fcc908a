import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parsePrompt } from '../../../src/core/formats';
import { resolveModel } from '../../../src/core/tokens/models';
import { NAMESPACE_TOOL_ESTIMATE } from '../../../src/core/tokens/openaiFraming';
import { renderRequest } from '../../../src/core/tokens/render';
import { loadTokenizer } from '../../../src/core/tokens/tokenizer';

/** A Responses request rendered, with its source and the prompt as text. */
async function render(body: unknown) {
  const source = JSON.stringify(body, null, 2);
  const request = parsePrompt('request.json', source, { format: 'openai-responses' });
  const resolved = resolveModel(request.model?.name);
  const tokenizer = await loadTokenizer(resolved.encoding);
  const rendered = renderRequest(request, tokenizer, resolved);
  return { source, rendered, text: tokenizer.decode(rendered.ids) };
}

const addNumbers = {
  type: 'function',
  name: 'add_numbers',
  description: 'Add a list of numbers.',
  parameters: { type: 'object', properties: { numbers: { type: 'array', items: { type: 'number' } } }, required: ['numbers'], additionalProperties: false },
  strict: true,
};
const ping = { type: 'function', name: 'ping', description: 'Check the line.', parameters: { type: 'object', properties: {} } };
const crm = { type: 'namespace', name: 'crm', description: 'CRM tools.', tools: [addNumbers] };
const input = 'Add 8 and 0.';

describe('Responses namespace tools', () => {
  test('are counted: the request costs more with one, and says how the count is estimated', async () => {
    const bare = await render({ model: 'gpt-4o', input });
    const withNamespace = await render({ model: 'gpt-4o', input, tools: [crm] });
    const crmAlone = await render({ model: 'gpt-4o', input, tools: [{ ...crm, tools: [] }] });
    assert.ok(withNamespace.rendered.total > crmAlone.rendered.total, 'its function is counted');
    assert.ok(crmAlone.rendered.total > bare.rendered.total, 'the namespace itself is counted');
    assert.ok(withNamespace.rendered.estimateReasons?.includes(NAMESPACE_TOOL_ESTIMATE));
    assert.match(withNamespace.rendered.estimateReason ?? '', /fitted to two recorded requests: gpt-4o .* 7 tokens under/i);
    assert.doesNotMatch(withNamespace.rendered.estimateReason ?? '', /Built-in tools/);
  });

  test('declare their tools in a section named after them, after the function tools', async () => {
    const alone = await render({ model: 'gpt-4o', input, tools: [crm] });
    const declared = '## crm\n\nnamespace crm {\n\n// Add a list of numbers.\ntype add_numbers = (_: { numbers: number[] }) => any;\n\n} // namespace crm';
    assert.ok(alone.text.includes(declared), alone.text);
    assert.ok(!alone.text.includes('namespace functions'), 'no functions block without function tools');
    assert.ok(!alone.text.includes('CRM tools.'), 'the namespace description is not written');

    const mixed = await render({ model: 'gpt-4o', input, tools: [crm, ping] });
    const functions = mixed.text.indexOf('namespace functions {\n\n// Check the line.\ntype ping = () => any;\n\n} // namespace functions\n\n## crm');
    assert.ok(functions !== -1 && mixed.text.indexOf(declared) > functions, mixed.text);
  });

  test('give each of their tools a count of its own, inside the namespace tool’s', async () => {
    const { source, rendered } = await render({ model: 'gpt-4o', input, tools: [ping, crm] });
    const tools = rendered.segments.filter((s) => s.kind === 'tool');
    assert.deepEqual(
      tools.map((s) => [s.label, s.toolIndex]),
      [
        ['tool ping', 0],
        ['tool crm', 1],
        ['tool crm.add_numbers', 1],
      ],
    );
    const [, namespace, inner] = tools;
    assert.ok(namespace.tokenStart < inner.tokenStart && inner.tokenEnd <= namespace.tokenEnd);
    assert.ok(inner.tokenEnd > inner.tokenStart);
    assert.deepEqual(JSON.parse(source.slice(namespace.range!.start, namespace.range!.end)), crm);
    assert.deepEqual(JSON.parse(source.slice(inner.range!.start, inner.range!.end)), addNumbers);
    // Each token of the inner tool's declaration points into that tool's own text (its first token
    // may join the line before it, ` {\n\n//`).
    for (let t = inner.tokenStart + 1; t < inner.tokenEnd; t++) {
      const offset = rendered.sourceOffsets[t];
      assert.ok(offset === -1 || (offset >= inner.range!.start && offset < inner.range!.end), `token ${t} at ${offset}`);
    }
  });

  test('a template variable in one of their tools is placed at that tool', async () => {
    const templated = { ...crm, tools: [ping, { ...addNumbers, description: 'Add numbers for {{customer}}.' }] };
    const { source, rendered } = await render({ model: 'gpt-4o', input, tools: [templated] });
    const points = rendered.dynamicPoints.filter((p) => p.name === 'customer');
    assert.equal(points.length, 1, 'one dynamic point, not one per enclosing tool');
    assert.equal(points[0].sourceOffset, source.indexOf('{{customer}}'));
    const inner = rendered.segments.find((s) => s.label === 'tool crm.add_numbers')!;
    assert.ok(points[0].tokenIndex >= inner.tokenStart && points[0].tokenIndex < inner.tokenEnd);
  });

  test('wrapping a function in a namespace costs what the recorded requests show', async () => {
    const dir = 'test/fixtures/recorded/agentic-api';
    const read = (name: string) => JSON.parse(readFileSync(`${dir}/${name}`, 'utf8'));
    const bare = read('async-tool-openai-reference-function-delayed-result-gpt-6-astra-nonstreaming-t1.json');
    const wrapped = read('async-tool-openai-reference-client-tool-types-gpt-6-astra-nonstreaming-t1.json');
    assert.equal(wrapped.request.tools[0].type, 'namespace');
    assert.deepEqual(wrapped.request.tools[0].tools, bare.request.tools);
    const recorded = wrapped.usage.input_tokens - bare.usage.input_tokens;
    const counted = (await render(wrapped.request)).rendered.total - (await render(bare.request)).rendered.total;
    assert.equal(counted, recorded);
  });
});
