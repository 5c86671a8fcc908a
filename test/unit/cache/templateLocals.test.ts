import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzePrompt } from '../../../src/core/analyze';
import { analysisToText } from '../../../src/core/report';

const policy = Array.from({ length: 80 }, (_, i) => `Policy ${i}: Refunds are available within 30 days of purchase for unused items with the original receipt.`).join('\n');

function prompty(system: string): string {
  return [
    '---',
    'name: Locals',
    'model:',
    '  api: chat',
    '  configuration:',
    '    type: openai',
    '    name: gpt-4o',
    'inputs:',
    '  question:',
    '    type: string',
    '  plan:',
    '    type: string',
    '---',
    'system:',
    system,
    policy,
    '',
    'user:',
    '{{question}}',
  ].join('\n');
}

describe('names a Jinja template binds itself', () => {
  it('a set to a constant and a loop over a constant list are static: the cache runs to the question', async () => {
    const text = prompty(
      '{% set company = "Contoso" %}\nYou are a support agent for {{ company }}.\n{% for tier in ["gold", "silver"] %}\n- {{ tier }} customers get priority.\n{% endfor %}\n{% for i in range(3) %}{{ i }}{{ loop.index }}{% endfor %}',
    );
    const a = await analyzePrompt({ fileName: 'locals.prompty', text });
    assert.equal(a.firstDynamic?.name, 'question');
    assert.deepEqual(a.findings.map((f) => f.rule), []);
    assert.ok(a.cacheableTokens >= 1024);
    assert.doesNotMatch(analysisToText(a), /company|tier/);
  });

  it('a name bound to an input, and a loop over an input, still vary per request', async () => {
    const bound = await analyzePrompt({ fileName: 'bound.prompty', text: prompty('{% set level = plan | upper %}\nPlan: {{ level }}.') });
    assert.equal(bound.firstDynamic?.name, 'level');
    assert.ok(bound.findings.some((f) => f.rule === 'variable-in-system' && f.message.includes('"level"')));
    const looped = await analyzePrompt({ fileName: 'looped.prompty', text: prompty('{% for p in plan %}- {{ p }}\n{% endfor %}') });
    assert.match(looped.firstDynamic?.reason ?? '', /for p in plan/);
  });
});
