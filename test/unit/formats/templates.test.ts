import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findTemplateComments, findTemplateSpans } from '../../../src/core/formats/templates';

const spanTexts = (text: string, syntax: Parameters<typeof findTemplateSpans>[1]) =>
  findTemplateSpans(text, syntax).map((s) => `${s.kind}:${text.slice(s.start, s.end)}=${s.name}`);

describe('findTemplateSpans', () => {
  it('marks Jinja variables, statements and env references, and reports comments separately', () => {
    const text = 'Hi {{ user.name | title }}! {% if premium %}VIP{% endif %} {# note #} ${env:REGION}';
    assert.deepEqual(spanTexts(text, 'jinja'), [
      'template-variable:{{ user.name | title }}=user.name',
      'template-block:{% if premium %}=if premium',
      'template-block:{% endif %}=endif',
      'env-reference:${env:REGION}=env:REGION',
    ]);
    assert.deepEqual(
      findTemplateComments(text, 'jinja').map((c) => text.slice(c.start, c.end)),
      ['{# note #}'],
    );
  });

  it('reads Mustache and Handlebars tags', () => {
    const text = '{{#items}}- {{{name}}}{{/items}}{{^items}}none{{/items}}{{! hidden }}';
    assert.deepEqual(spanTexts(text, 'mustache'), [
      'template-block:{{#items}}=#items',
      'template-variable:{{{name}}}=name',
      'template-block:{{/items}}=/items',
      'template-block:{{^items}}=^items',
      'template-block:{{/items}}=/items',
    ]);
    assert.equal(findTemplateComments(text, 'mustache').length, 1);
  });

  it('marks VS Code input and editor variables but leaves unknown ${...} alone', () => {
    const text = 'Use ${input:branch:main} on ${selection} in ${file} costs ${price}';
    assert.deepEqual(spanTexts(text, 'vscode'), [
      'template-variable:${input:branch:main}=branch',
      'editor-variable:${selection}=${selection}',
      'editor-variable:${file}=${file}',
    ]);
  });

  it('finds {x} in plain text only where it cannot be JSON or code', () => {
    const text = [
      'Dear {customer_name}, your order {{order_id}} shipped.',
      'Reply as JSON like {"status": "ok"} or {"a": 1}.',
      '```python',
      'print(f"{value}")',
      '```',
      'Total: ${amount}',
    ].join('\n');
    assert.deepEqual(spanTexts(text, 'plain'), [
      'template-variable:{customer_name}=customer_name',
      'template-variable:{{order_id}}=order_id',
      'template-variable:${amount}=amount',
    ]);
  });

  it('treats GitHub Models files as plain {{name}} replacement, nothing else', () => {
    assert.deepEqual(spanTexts('Hello {{name}}, {% raw %} ${x} {y}', 'github-models'), ['template-variable:{{name}}=name']);
  });

  it('ignores unclosed and empty tags', () => {
    assert.deepEqual(findTemplateSpans('a {{ b and {{}} c', 'jinja'), []);
  });
});
