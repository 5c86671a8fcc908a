import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { onlyPrompt } from './helpers';

const py = (prelude: string, model: string, params = 'question') => `import os
from openai import OpenAI
client = OpenAI()
${prelude}
def ask(${params}):
    return client.chat.completions.create(model=${model}, messages=[{"role": "user", "content": question}])
`;

const ts = (prelude: string, model: string, params = 'question: string') => `import OpenAI from "openai";
const client = new OpenAI();
${prelude}
export async function ask(${params}) {
  return client.chat.completions.create({ model: ${model}, messages: [{ role: "user", content: question }] });
}
`;

describe('a model the program reads from the environment or a parameter, with a default', () => {
  for (const [name, source, model] of [
    ['os.getenv with a default', py('MODEL = os.getenv("OPENAI_MODEL", "gpt-4.1-mini")', 'MODEL'), 'gpt-4.1-mini'],
    ['os.environ.get with a default', py('', 'os.environ.get("MODEL", "o4-mini")'), 'o4-mini'],
    ['os.environ.get(...) or a default', py('MODEL = os.environ.get("MODEL") or "gpt-5-mini"', 'MODEL'), 'gpt-5-mini'],
    ['a parameter with a default', py('', 'model', 'question, model="gpt-4.1-nano"'), 'gpt-4.1-nano'],
  ] as const) {
    it(`Python: ${name} is counted as that default, and the estimate says so`, async () => {
      const { analysis } = await onlyPrompt('bot.py', source);
      assert.equal(analysis.model, model);
      assert.match(analysis.estimateReason ?? '', new RegExp(`known only at run time: counted as its default, ${model}`));
    });
  }

  for (const [name, source, model] of [
    ['process.env.X ?? a default', ts('const MODEL = process.env.OPENAI_MODEL ?? "gpt-4.1-mini";', 'MODEL'), 'gpt-4.1-mini'],
    ['process.env.X || a default', ts('', 'process.env.MODEL || "o3-mini"'), 'o3-mini'],
    ['a parameter with a default', ts('', 'model', 'question: string, model = "gpt-5-nano"'), 'gpt-5-nano'],
  ] as const) {
    it(`TypeScript: ${name} is counted as that default`, async () => {
      const { analysis } = await onlyPrompt('bot.ts', source);
      assert.equal(analysis.model, model);
    });
  }

  it('without a default the model stays the configured default, as before', async () => {
    const { analysis } = await onlyPrompt('bot.py', py('MODEL = os.getenv("OPENAI_MODEL")', 'MODEL'));
    assert.equal(analysis.model, 'gpt-4o');
    assert.match(analysis.estimateReason ?? '', /the model is `os\.getenv\("OPENAI_MODEL"\)`, known only at run time/);
  });
});
