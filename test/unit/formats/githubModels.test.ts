import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePrompt } from '../../../src/core/formats';
import { PromptParseError } from '../../../src/core/model';
import { assertMapsToSource, dynamicSource, readFixture, textPiece } from './fixtures';

describe('GitHub Models prompt file', () => {
  it('reads json_schema_prompt.yml: model, schema, messages, variables and test data', () => {
    const source = readFixture('json_schema_prompt.prompt.yml');
    const request = parsePrompt('json_schema_prompt.prompt.yml', source);
    assert.equal(request.format, 'github-models');
    assert.deepEqual(request.model && { name: request.model.name, provider: request.model.provider }, { name: 'gpt-4o', provider: 'openai' });
    assert.equal(source.slice(request.model!.range!.start, request.model!.range!.end), 'gpt-4o');
    assert.equal(request.responseFormat?.name, 'Person Information Schema');
    assert.equal(request.responseFormat?.strict, true);
    assert.deepEqual((request.responseFormat?.schema as { required: string[] }).required, ['name', 'age']);
    assert.deepEqual(request.messages.map((m) => m.role), ['system', 'user']);
    const user = textPiece(request.messages[1].parts[0]);
    assert.equal(user.text, 'Generate information for a person named {{name}} who is {{age}} years old.');
    assertMapsToSource(user, source);
    assert.deepEqual(user.dynamic.map((_, i) => dynamicSource(user, source, i)), ['{{name}}', '{{age}}']);
    assert.deepEqual(request.testData, [{ name: 'Alice Johnson', age: '30' }, { name: 'Bob Smith', age: '25' }]);
    assert.deepEqual(request.variables.map((v) => [v.name, v.defaultValue]), [['name', 'Alice Johnson'], ['age', '30']]);
  });

  it('maps every line of a block scalar message back into the file', () => {
    const source = readFixture('advanced_template_prompt.prompt.yml');
    const request = parsePrompt('advanced_template_prompt.prompt.yml', source);
    assert.deepEqual(request.parameters, { temperature: 0.7, maxTokens: 300 });
    const user = textPiece(request.messages[1].parts[0]);
    assert.ok(user.text.startsWith("Hello! I'm {{user_name}} from {{company}}.\n\nBackground: {{background_info}}\n"));
    assertMapsToSource(user, source);
    for (const line of ['Question: {{input}}', 'make it appropriate for a {{formality_level}} setting.', 'Additional context: {{additional_context}}']) {
      const at = user.text.indexOf(line);
      assert.equal(source.slice(user.offsets![at], user.offsets![at] + line.length), line, `line "${line}" maps to its place`);
    }
    const names = request.variables.map((v) => v.name);
    assert.deepEqual(names.slice(0, 3), ['assistant_persona', 'expertise_level', 'domain']);
    assert.ok(names.includes('additional_context'));
    assert.equal(new Set(names).size, names.length, 'each variable once');
  });

  it('reads single-quoted content and parameters from sample_prompt.yml', () => {
    const source = readFixture('sample_prompt.prompt.yml');
    const request = parsePrompt('sample_prompt.prompt.yml', source);
    const user = textPiece(request.messages[1].parts[0]);
    assert.equal(user.text, 'Please respond to this message appropriately: {{input}}');
    assertMapsToSource(user, source);
    assert.deepEqual(request.variables.map((v) => [v.name, v.defaultValue]), [['input', 'hello world']]);
    assert.equal(request.testData.length, 2);
  });

  it('accepts jsonSchema as a JSON string and reports invalid JSON in it', () => {
    const good = parsePrompt('a.prompt.yml', 'model: openai/gpt-4.1\nresponseFormat: json_schema\njsonSchema: \'{"name": "answer", "schema": {"type": "object"}}\'\nmessages:\n  - role: user\n    content: hi\n');
    assert.equal(good.responseFormat?.name, 'answer');
    assert.deepEqual(good.responseFormat?.schema, { type: 'object' });
    const bad = parsePrompt('b.prompt.yml', "responseFormat: json_schema\njsonSchema: '{nope'\nmessages:\n  - role: user\n    content: hi\n");
    assert.equal(bad.responseFormat, undefined);
    assert.match(bad.issues[0].message, /jsonSchema is not valid JSON/);
  });

  it('an empty file (new, or only comments) is an empty prompt with a warning, not a parse error', () => {
    for (const text of ['', '\n\n', '# the triage prompt, to be written\n']) {
      const request = parsePrompt('new.prompt.yml', text);
      assert.deepEqual(request.messages, []);
      assert.deepEqual(request.issues.map((i) => [i.severity, i.message]), [['warning', 'The file is empty: add `model` and `messages`']]);
    }
    assert.throws(() => parsePrompt('list.prompt.yml', '- one\n- two\n'), /must be a YAML mapping with `messages`/);
  });

  it('throws with the line of a YAML error', () => {
    assert.throws(
      () => parsePrompt('c.prompt.yml', 'name: x\nmessages:\n  - role: user\n   content: hi\n'),
      (error: unknown) => error instanceof PromptParseError && error.line === 4 && error.column === 1,
    );
  });
});
