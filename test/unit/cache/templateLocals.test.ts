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

  it('a branch on names bound to constants is static: the cache runs past it to the question', async () => {
    const text = prompty(
      '{% set verbose = true %}{% set tone = "warm" %}\n{% if verbose and tone == "warm" %}Explain each step.{% elif tone %}Be kind.{% else %}Be brief.{% endif %}\n{% for tier in ["gold"] %}{% if tier == "gold" %}- {{ tier }} first.{% endif %}{% endfor %}\nYou are a support agent.',
    );
    const a = await analyzePrompt({ fileName: 'branch.prompty', text });
    assert.equal(a.firstDynamic?.name, 'question');
    assert.deepEqual(a.findings.map((f) => f.rule), []);
    assert.ok(a.cacheableTokens >= 1024);
    assert.doesNotMatch(analysisToText(a), /verbose|if tier/);
  });

  it('a branch whose condition reads an input still ends the prefix, as does a name set only on such a branch', async () => {
    const onInput = await analyzePrompt({ fileName: 'input.prompty', text: prompty('{% set verbose = true %}\n{% if verbose and plan == "pro" %}Explain each step.{% endif %}\nYou are a support agent.') });
    assert.match(onInput.firstDynamic?.reason ?? '', /if verbose and plan == "pro"/);
    assert.ok(onInput.findings.some((f) => f.rule === 'variable-in-system' && f.message.includes('"plan"')));
    assert.equal(onInput.cacheableTokens, 0);
    const elif = await analyzePrompt({ fileName: 'elif.prompty', text: prompty('{% set verbose = false %}\n{% if verbose %}Explain each step.{% elif plan %}Be brief.{% endif %}\nYou are a support agent.') });
    assert.match(elif.firstDynamic?.reason ?? '', /if verbose/);
    assert.equal(elif.cacheableTokens, 0);
    const setOnBranch = await analyzePrompt({ fileName: 'set.prompty', text: prompty('{% if plan %}{% set tone = "warm" %}{% endif %}\nTone: {{ tone }}.') });
    assert.match(setOnBranch.firstDynamic?.reason ?? '', /if plan/);
    assert.ok(setOnBranch.findings.some((f) => f.message.includes('"tone"')));
  });

  it('an input with a default is still an input: a request may pass another value', async () => {
    const text = prompty('{% if verbose %}Explain each step.{% endif %}\nYou are a support agent.').replace('  plan:\n', '  verbose:\n    type: boolean\n    default: true\n  plan:\n');
    const a = await analyzePrompt({ fileName: 'default.prompty', text });
    assert.match(a.firstDynamic?.reason ?? '', /if verbose/);
    assert.equal(a.cacheableTokens, 0);
  });
});
