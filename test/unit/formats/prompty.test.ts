import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePrompt } from '../../../src/core/formats';
import { PromptParseError } from '../../../src/core/model';
import { assertMapsToSource, dynamicSource, messageTexts, readFixture, textPiece } from './fixtures';

describe('Prompty', () => {
  it('reads the spec basic.prompty: model, options, inputs with defaults, role-split body', () => {
    const source = readFixture('basic.prompty');
    const request = parsePrompt('basic.prompty', source);
    assert.equal(request.format, 'prompty');
    assert.equal(request.api, 'chat');
    assert.deepEqual(request.model && { name: request.model.name, provider: request.model.provider }, { name: 'gpt-4', provider: 'openai' });
    assert.equal(source.slice(request.model!.range!.start, request.model!.range!.end), 'gpt-4');
    assert.deepEqual(request.parameters, { temperature: 0.7, maxOutputTokens: 1000 });
    assert.deepEqual(request.messages.map((m) => m.role), ['system', 'user']);
    assert.deepEqual(messageTexts(request), [
      'You are an AI assistant who helps people find information.\n\n# Customer\nYou are helping {{firstName}} {{lastName}} to find answers to their questions.',
      '{{question}}',
    ]);
    const system = textPiece(request.messages[0].parts[0]);
    assertMapsToSource(system, source);
    assert.equal(source.slice(request.messages[0].roleRange!.start, request.messages[0].roleRange!.end), 'system:');
    assert.deepEqual([0, 1].map((i) => dynamicSource(system, source, i)), ['{{firstName}}', '{{lastName}}']);
    assert.deepEqual(
      request.variables.map((v) => [v.name, v.defaultValue]),
      [['firstName', 'Jane'], ['lastName', 'Doe'], ['question', 'What is the meaning of life?']],
    );
    assert.equal(source.slice(request.variables[0].range!.start, request.variables[0].range!.end), 'firstName');
  });

  it('reads legacy v1 files: model.configuration, parameters and inputs with sample', () => {
    const source = readFixture('legacy_basic.prompty');
    const request = parsePrompt('legacy_basic.prompty', source);
    assert.equal(request.model?.name, 'gpt-35-turbo');
    assert.equal(request.model?.provider, 'azure_openai');
    assert.equal(request.parameters.max_tokens, 500);
    assert.deepEqual(request.parameters.stop, ['\n']);
    assert.deepEqual(
      request.variables.map((v) => [v.name, v.defaultValue]),
      [['firstName', 'Jane'], ['lastName', 'Doe'], ['question', 'What is the meaning of life?']],
    );
    assert.deepEqual(messageTexts(request), ['You are an AI assistant.', '{{question}}']);
  });

  it('turns a legacy sample section into a test data row and keeps text before the first role line as system', () => {
    const source = readFixture('legacy_sample.prompty');
    const request = parsePrompt('legacy_sample.prompty', source);
    assert.deepEqual(request.testData, [
      { firstName: 'Jane', lastName: 'Doe', question: 'What is the meaning of life?', top_n: '5', table: 'customers' },
    ]);
    assert.deepEqual(request.messages.map((m) => m.role), ['system', 'system', 'user']);
    assert.equal(request.messages[0].roleRange, null);
    assert.ok(messageTexts(request)[0].startsWith('tools:\n  - name: query'));
    assert.ok(request.variables.some((v) => v.name === 'query' && v.defaultValue === undefined), 'used but undeclared variables are listed too');
  });

  it('converts function tools to JSON Schema without bound parameters', () => {
    const source = readFixture('tools_function.prompty');
    const request = parsePrompt('tools_function.prompty', source);
    assert.equal(request.tools.length, 1);
    const [tool] = request.tools;
    assert.equal(tool.name, 'get_weather');
    assert.equal(tool.strict, true);
    assert.deepEqual(tool.parameters, {
      type: 'object',
      properties: { location: { type: 'string', description: 'The city and state, e.g. San Francisco, CA' } },
    });
    assert.ok(tool.piece.text.startsWith('name: get_weather'));
  });

  it('removes {# comments #}, marks env references and honours mustache templates', () => {
    const source = '---\nmodel: gpt-4o\ntemplate: mustache\n---\n# System:\nHello {{#vip}}friend{{/vip}} {{! internal }}${env:REGION}\nUSER [id=1]:\nhi\n';
    const request = parsePrompt('x.prompty', source);
    const system = textPiece(request.messages[0].parts[0]);
    assert.equal(system.text, 'Hello {{#vip}}friend{{/vip}} ${env:REGION}');
    assertMapsToSource(system, source);
    assert.deepEqual(system.dynamic.map((d) => d.kind), ['template-block', 'template-block', 'env-reference']);
    assert.deepEqual(request.messages.map((m) => m.role), ['system', 'user']);

    const jinja = parsePrompt('y.prompty', 'system:\nA {# gone #}B {{ x }}\n');
    const piece = textPiece(jinja.messages[0].parts[0]);
    assert.equal(piece.text, 'A B {{ x }}');
    assert.equal(dynamicSource(piece, 'system:\nA {# gone #}B {{ x }}\n', 0), '{{ x }}');
  });

  it('puts the system prompt in `system` for an Anthropic model and treats a body without front matter as instructions', () => {
    const claude = parsePrompt('c.prompty', '---\nmodel:\n  id: claude-sonnet-4-5\n  provider: anthropic\n---\nsystem:\nBe brief.\nuser:\nHi\n');
    assert.equal(claude.api, 'anthropic');
    assert.equal(textPiece(claude.system![0]).text, 'Be brief.');
    assert.deepEqual(claude.messages.map((m) => m.role), ['user']);
    const bare = parsePrompt('b.prompty', 'Just instructions.');
    assert.deepEqual(bare.messages.map((m) => [m.role, textPiece(m.parts[0]).text]), [['system', 'Just instructions.']]);
  });

  it('reports malformed front matter with its line and column', () => {
    assert.throws(
      () => parsePrompt('bad.prompty', '---\nname: x\nmodel:\n  id: [gpt-4\n---\nuser:\nhi\n'),
      (error: unknown) => error instanceof PromptParseError && error.line === 5 && /^Invalid YAML/.test(error.message),
    );
    assert.throws(
      () => parsePrompt('open.prompty', '---\nname: x\nuser:\nhi\n'),
      (error: unknown) => error instanceof PromptParseError && error.line === 1 && /no closing ---/.test(error.message),
    );
  });
});

describe('Prompty with Windows line ends', () => {
  it('splits roles and keeps ranges exact with CRLF', () => {
    const source = '---\r\nmodel: gpt-4o\r\n---\r\nsystem:\r\nBe brief.\r\n\r\nuser:\r\nHello {{name}}\r\n';
    const request = parsePrompt('crlf.prompty', source);
    assert.deepEqual(messageTexts(request), ['Be brief.', 'Hello {{name}}']);
    for (const message of request.messages) assertMapsToSource(textPiece(message.parts[0]), source);
    assert.equal(source.slice(request.messages[1].roleRange!.start, request.messages[1].roleRange!.end), 'user:');
    assert.equal(request.model?.name, 'gpt-4o');
  });
});
