import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzePrompt } from '../../../src/core/analyze';
import { cacheableWithValuesFixed, perRequestSpansOf } from '../../../src/core/cache/perRequestSpans';
import { analyzeSource } from '../../../src/core/sources/analyzeSource';
import { placeholdersOf } from '../../../src/extension/dashboard/placeholders';
import { predictionText } from '../../../src/webview/predictionText';

const POLICY = Array.from({ length: 45 }, (_, i) => `Policy ${i}: when a customer asks about topic ${i}, confirm the order number and the email on file, then explain the rule in plain words and offer the next step.`).join('\\n');

const BOT_PY = `from datetime import datetime
from openai import OpenAI

client = OpenAI()
POLICY = "${POLICY}"

def answer(question: str) -> str:
    prompt = f"You are Acme's support agent. Now: {datetime.now().isoformat()}.\\n\\n{POLICY}"
    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "system", "content": prompt}, {"role": "user", "content": f"Q: {question}"}])
`;

const AGENT_TS = `import Anthropic from "@anthropic-ai/sdk";
const anthropic = new Anthropic();
export async function ask(question: string, userId: string) {
  const system = \`You are Acme's HR assistant. Today is \${new Date().toISOString()}. User \${userId}.\`;
  return anthropic.messages.create({ model: "claude-sonnet-4-5", max_tokens: 1024, system, messages: [{ role: "user", content: \`Question: \${question}\` }] });
}
`;

const PROMPTY = `---
name: support
model:
  api: chat
---
system:
Answer briefly.

user:
{{question}}
`;

/** As the dashboard analyses a file: counted with fresh per-request values too. */
async function onlyCall(fileName: string, text: string) {
  const source = await analyzeSource({ fileName, text, countFreshValues: true });
  assert.equal(source.prompts.length, 1);
  return source.prompts[0].analysis;
}

describe('what the dashboard says about its file', () => {
  it('writes each variable in the source language\'s own syntax, a template\'s as written', async () => {
    const py = await onlyCall('bot.py', BOT_PY);
    assert.deepEqual(placeholdersOf(py, ['question']), { question: '{question}' });
    const ts = await onlyCall('agent.ts', AGENT_TS);
    assert.deepEqual(placeholdersOf(ts, ['userId', 'question']), { userId: '${userId}', question: '${question}' });
    const prompty = await analyzePrompt({ fileName: 'support.prompty', text: PROMPTY });
    assert.deepEqual(placeholdersOf(prompty, ['question']), { question: '{{question}}' });
  });

  it('lists the per-request spans production varies, each as written and where it is', async () => {
    const py = await onlyCall('bot.py', BOT_PY);
    assert.deepEqual(perRequestSpansOf(py.request), [{ label: '{datetime.now().isoformat()}', kind: 'per-request-value', where: 'system' }]);
    const ts = await onlyCall('agent.ts', AGENT_TS);
    assert.deepEqual(perRequestSpansOf(ts.request).map((s) => s.label), ['${new Date().toISOString()}']);
    const json = JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 10, system: [{ type: 'text', text: 'Current time: 2026-03-14T09:12:33Z' }], messages: [{ role: 'user', content: 'Hi' }] });
    const anthropic = await analyzePrompt({ fileName: 'after-ts.json', text: json });
    assert.deepEqual(perRequestSpansOf(anthropic.request), [{ label: 'Current time: 2026-03-14T09:12:33Z', kind: 'literal', where: 'system' }]);
  });

  it('lists a per-request span inside a tool definition, which a run varies too', async () => {
    const tool = { type: 'function', function: { name: 'lookup', description: 'Catalog snapshot 2026-03-14T09:12:33Z.', parameters: { type: 'object', properties: {} } } };
    const json = JSON.stringify({ model: 'gpt-4o', tools: [tool], messages: [{ role: 'user', content: 'Hi' }] });
    const chat = await analyzePrompt({ fileName: 'tools.json', text: json });
    assert.deepEqual(perRequestSpansOf(chat.request), [{ label: '2026-03-14T09:12:33Z', kind: 'literal', where: 'tool lookup' }]);
  });

  it('predicts the best case when the values are sent as written, and says it assumes so', async () => {
    const py = await onlyCall('bot.py', BOT_PY);
    assert.equal(py.cacheableTokens, 0);
    const asWritten = cacheableWithValuesFixed(py.rendered, py.rules);
    assert.equal(asWritten, 1536);
    assert.deepEqual({ asWritten: py.promptTokens, fresh: py.promptTokensWithFreshValues }, { asWritten: 1654, fresh: 1663 });
    const p = { model: 'gpt-4o', provider: 'openai', format: 'openai-chat', api: 'chat', promptTokens: 1650, staticPrefixTokens: 13, cacheableTokens: 0, cacheableTokensAsWritten: asWritten, minimum: 1024, estimate: false };
    assert.equal(predictionText(p, 'vary', 1), 'predicted: 0 of 1,650 prompt tokens cacheable on gpt-4o');
    assert.equal(
      predictionText(p, 'as-written', 1),
      'predicted: 1,536 of 1,650 prompt tokens cacheable on gpt-4o, assuming the per-request values stay as written (0 when they change per request, as in production)',
    );
    assert.equal(predictionText(p, 'as-written', 0), 'predicted: 0 of 1,650 prompt tokens cacheable on gpt-4o');
    // Varied, the prompt is counted as runs send it: a timestamp, not `{datetime.now().isoformat()}`.
    const fresh = { ...p, promptTokensWithFreshValues: 1659 };
    assert.equal(
      predictionText(fresh, 'vary', 1),
      'predicted: 0 of 1,659 prompt tokens cacheable on gpt-4o, counted with sample per-request values (each run sends its own; its count may differ by a few tokens)',
    );
    assert.match(predictionText(fresh, 'as-written', 1), /^predicted: 1,536 of 1,650 prompt tokens/);
    // When the value comes after everything cacheable, both cases give one figure: said once.
    const same = { ...p, cacheableTokens: 1792, cacheableTokensAsWritten: 1792, promptTokens: 1900 };
    assert.equal(
      predictionText(same, 'as-written', 1),
      'predicted: 1,792 of 1,900 prompt tokens cacheable on gpt-4o, whether the per-request values stay as written or change per request',
    );
  });
});
