import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzePrompt } from '../../../src/core/analyze';
import { controlTagInputs } from '../../../src/core/cache/control-tags';

describe('controlTagInputs', () => {
  it('names the inputs a branch or loop reads, and none for closing tags, else and constant branches', () => {
    assert.deepEqual(controlTagInputs('{% if membership_tier == "Patron" %}'), ['membership_tier']);
    assert.deepEqual(controlTagInputs('{%- if user.tier is defined and not vip | default(false) -%}'), ['user', 'vip']);
    assert.deepEqual(controlTagInputs('{% for item, qty in order.lines if qty > 0 %}'), ['order']);
    assert.deepEqual(controlTagInputs('{% for i in range(3) %}'), []);
    assert.deepEqual(controlTagInputs('{{#items}}'), ['items']);
    assert.deepEqual(controlTagInputs('{{^items}}'), ['items']);
    assert.deepEqual(controlTagInputs('{{#each orders as |order|}}'), ['orders']);
    assert.deepEqual(controlTagInputs('{{#if premium}}'), ['premium']);
    for (const tag of ['{% endif %}', '{% else %}', '{% elif tier == "x" %}', '{% endfor %}', '{% set tone = "warm" %}', '{% if true %}', '{{/items}}', '{{else}}', '{{> footer}}']) {
      assert.deepEqual(controlTagInputs(tag), [], tag);
    }
  });
});

describe('template control tags in a Prompty system prompt', () => {
  const source = (body: string) =>
    `---\nmodel:\n  id: gpt-4o\ninputs:\n  - name: tier\n    kind: string\n  - name: history\n    kind: thread\n  - name: question\n    kind: string\n---\nsystem:\n${body}\n\nuser:\n{{ question }}\n`;

  it('a conditional on a per-request input is one finding on its opening tag; its closing tag is none', async () => {
    const text = source('You answer questions about hut bookings.\n{% if tier == "Patron" %}\nThank them for their support.\n{% else %}\nMention the Patron tier.\n{% endif %}\nBe brief.');
    const a = await analyzePrompt({ fileName: 'agent.prompty', text });
    const findings = a.findings.filter((f) => f.rule === 'variable-in-system');
    assert.equal(findings.length, 1);
    const [finding] = findings;
    assert.equal(text.slice(finding.range!.start, finding.range!.end), '{% if tier == "Patron" %}');
    assert.match(finding.message, /^The system text varies with "tier": \{% if tier == "Patron" %\} chooses what follows per request/);
    assert.ok(!a.findings.some((f) => /endif|else/.test(f.message)));
  });

  it('a loop over a constant range, a set and a thread input placed before the question are no findings', async () => {
    const text = source('{% set tone = "warm" %}You answer warmly.\n{% for i in range(2) %}-{% endfor %}\n{{ history }}');
    const a = await analyzePrompt({ fileName: 'agent.prompty', text });
    assert.deepEqual(a.findings.filter((f) => f.severity !== 'info').map((f) => f.message), []);
  });
});
