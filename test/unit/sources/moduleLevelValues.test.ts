import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { onlyPrompt, promptsOf } from './helpers';

const guidelines = Array.from({ length: 80 }, (_, i) => `Policy ${i}: Always cite the original filing and quote figures exactly.`).join('\\n');

describe('a value computed at module level', () => {
  it('Python: a joined constant is the same on every request, counted as written, and named shortly in the estimate', async () => {
    const source = `from openai import OpenAI
client = OpenAI()

INSTRUCTIONS = """${guidelines}
""" + "\\n".join(f"Guideline {i}: Always cite the original filing." for i in load_ids())


def ask(question: str):
    return client.responses.create(model="gpt-5.1", instructions=INSTRUCTIONS, input=question)
`;
    const prompt = await onlyPrompt('module_value.py', source);
    const a = prompt.analysis;
    assert.equal(a.firstDynamic?.name, 'question');
    assert.ok(a.cacheableTokens >= 1024);
    assert.deepEqual(a.findings.filter((f) => f.rule === 'variable-in-system'), []);
    assert.ok(a.findings.every((f) => !f.message.includes('Guideline')));
    assert.match(a.estimateReason ?? '', /a value computed when the module loads \(`"\\n"\.join\(f"Guideline \{i\}: \.\.\.`\), counted as written in the code: the same on every request/);
  });

  it('a value computed inside the function still varies per request', async () => {
    const source = `from openai import OpenAI
client = OpenAI()

def ask(question: str, rules: list):
    instructions = "\\n".join(rules) + """${guidelines}"""
    return client.responses.create(model="gpt-5.1", instructions=instructions, input=question)
`;
    const prompt = await onlyPrompt('local_value.py', source);
    assert.match(prompt.analysis.firstDynamic?.name ?? '', /join\(rules\)/);
  });

  it('TypeScript: a module-level computed constant does not end the prefix', async () => {
    const source = `import OpenAI from "openai";
const client = new OpenAI();
const RULES = ["a", "b"].map((r) => r.toUpperCase()).join(", ") + \`${guidelines}\`;
export async function ask(question: string) {
  return client.responses.create({ model: "gpt-5.1", instructions: RULES, input: question });
}
`;
    const prompt = await onlyPrompt('module_value.ts', source);
    assert.equal(prompt.analysis.firstDynamic?.name, 'question');
  });
});

describe('a name imported from a package', () => {
  it('Python: used in a function, it is bound when the module loads: the same on every request', async () => {
    const source = `from openai import OpenAI
from support_kit.prompts import PREAMBLE
client = OpenAI()

def ask(question: str):
    return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "system", "content": f"{PREAMBLE}\\n${guidelines}"}, {"role": "user", "content": question}])
`;
    const { analysis } = await onlyPrompt('package_name.py', source);
    assert.equal(analysis.firstDynamic?.name, 'question');
    assert.ok(analysis.cacheableTokens >= 1024);
    assert.match(analysis.estimateReason ?? '', /a value computed when the module loads \(`PREAMBLE`\)/);
  });

  it('TypeScript: a package constant in an agent\'s instructions (RECOMMENDED_PROMPT_PREFIX) ends no cached prefix', async () => {
    const source = `import { Agent, run } from '@openai/agents';
import { RECOMMENDED_PROMPT_PREFIX } from '@openai/agents-core/extensions';
const triage = new Agent({ name: 'Triage', model: 'gpt-4.1', instructions: \`\${RECOMMENDED_PROMPT_PREFIX}\n${guidelines}\` });
export async function answer(question: string) {
  return run(triage, question);
}
`;
    const { analysis } = await onlyPrompt('package_name.ts', source);
    assert.equal(analysis.firstDynamic?.name, 'question');
    assert.match(analysis.estimateReason ?? '', /a value computed when the module loads \(`RECOMMENDED_PROMPT_PREFIX`\)/);
  });
});

describe('a module constant shared by many calls', () => {
  it('gives every call the same text and the same estimate reasons, also when read once for all of them', async () => {
    const calls = Array.from(
      { length: 3 },
      (_, i) => `
def ask${i}(question: str, user: str):
    return client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "system", "content": f"User {user}\\n" + POLICY}, {"role": "user", "content": question}],
    )
`,
    ).join('');
    const source = `from openai import OpenAI
from .shared import PREAMBLE
client = OpenAI()
POLICY = PREAMBLE + """${guidelines}""" + ", ".join(sorted(TEAMS)) + str(load_rules())
${calls}`;
    const prompts = await promptsOf('shared_constant.py', source);
    assert.equal(prompts.length, 3);
    const [first, ...rest] = prompts.map((p) => ({
      system: p.analysis.request.messages[0].parts.map((part) => (part.type === 'text' ? part.piece.text.slice(-60) : '')),
      tokens: p.analysis.promptTokens,
      reasons: p.analysis.estimateReasons,
    }));
    assert.match(first.reasons?.join('\n') ?? '', /3 values computed when the module loads \(`PREAMBLE`, /);
    assert.match(first.reasons?.join('\n') ?? '', /an imported name could not be read/);
    for (const other of rest) assert.deepEqual(other, first);
  });
});
