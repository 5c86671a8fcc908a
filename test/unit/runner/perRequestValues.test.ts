import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzePrompt } from '../../../src/core/analyze';
import { analyzeSource } from '../../../src/core/sources/analyzeSource';
import { runSession, type RunRecord } from '../../../src/runner/index';
import { withSimulator } from './helpers';

const POLICY = Array.from({ length: 45 }, (_, i) => `Policy ${i}: when a customer asks about topic ${i}, confirm the order number and the email on file, then explain the rule in plain words and offer the next step.`).join('\\n');

const BOT_PY = `from datetime import datetime
from openai import OpenAI

client = OpenAI()
POLICY = "${POLICY}"

def answer(question: str) -> str:
    prompt = f"You are Acme's support agent. Now: {datetime.now().isoformat()}.\\n\\n{POLICY}"
    chat = client.chat.completions.create(
        model="gpt-4o",
        messages=[
            {"role": "system", "content": prompt},
            {"role": "user", "content": question},
        ],
    )
    return chat.choices[0].message.content
`;

const ANTHROPIC_JSON = JSON.stringify({
  model: 'claude-sonnet-4-5',
  max_tokens: 1024,
  system: [
    { type: 'text', text: 'Current time: 2026-03-14T09:12:33Z' },
    { type: 'text', text: `You are the HR assistant of Acme.\n${POLICY.replaceAll('\\n', '\n')}`, cache_control: { type: 'ephemeral' } },
  ],
  messages: [{ role: 'user', content: [{ type: 'text', text: 'How many vacation days do I have?' }] }],
});

const RESPONSES_PY = `from openai import OpenAI
from datetime import datetime

client = OpenAI()
POLICY = "${POLICY}"


def answer(question):
    return client.responses.create(
        model="gpt-4o",
        instructions=f"{POLICY}\\nNow: {datetime.now().isoformat()}",
        input=question,
    )
`;

function bodyOf(record: RunRecord): Record<string, unknown> {
  assert.ok(record.request?.body, `run ${record.index + 1} kept its body`);
  return JSON.parse(record.request.body) as Record<string, unknown>;
}

/** The body with the text `pattern` captures replaced by `•`, and the captured values. */
function splitAt(body: Record<string, unknown>, pattern: RegExp): { rest: string; value: string } {
  const json = JSON.stringify(body);
  const match = pattern.exec(json);
  assert.ok(match, `${pattern} in ${json.slice(0, 200)}`);
  return { rest: json.replace(match[1], '•'), value: match[1] };
}

async function pythonCall() {
  const source = await analyzeSource({ fileName: 'bot.py', text: BOT_PY });
  assert.equal(source.prompts.length, 1);
  return source.prompts[0].analysis;
}

describe('per-request values in test runs', () => {
  it('varies a computed datetime.now() per run, so runs after the first read what the analysis predicts: nothing', async () => {
    const analysis = await pythonCall();
    assert.equal(analysis.cacheableTokens, 0);
    await withSimulator({ seed: 1 }, async (sim) => {
      const result = await runSession({
        prompt: analysis.request,
        endpoint: { kind: 'simulator', baseURL: sim.url },
        settings: { model: 'gpt-4o', api: 'chat', runs: 3 },
      });
      const parts = result.records.map((r) => splitAt(bodyOf(r), /Now: ([^"]+?)\.\\n\\n/));
      // The bodies are the same but for the value, and no run sends the code as written.
      assert.equal(new Set(parts.map((p) => p.rest)).size, 1);
      assert.equal(new Set(parts.map((p) => p.value)).size, 3);
      for (const { value } of parts) assert.match(value, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
      assert.deepEqual(result.records.map((r) => r.cachedTokens), [0, 0, 0]);
      assert.deepEqual(result.records.map((r) => r.predictedCachedTokens), [0, 0, 0]);
      assert.deepEqual(Object.keys(result.records[1].perRequestValues ?? {}), ['{datetime.now().isoformat()}']);
      assert.equal(result.records[1].perRequestValues?.['{datetime.now().isoformat()}'], parts[1].value);
    });
  });

  it('predicts the prompt tokens runs send: a timestamp counted, not the expression that makes it', async () => {
    const source = await analyzeSource({ fileName: 'bot.py', text: BOT_PY, countFreshValues: true });
    const { analysis } = source.prompts[0];
    // The editor's analysis, re-run on every keystroke, leaves the second count out.
    assert.equal((await pythonCall()).promptTokensWithFreshValues, undefined);
    const predicted = analysis.promptTokensWithFreshValues;
    assert.ok(predicted !== undefined && predicted !== analysis.promptTokens, `${predicted} vs ${analysis.promptTokens} as written`);
    await withSimulator({ seed: 1 }, async (sim) => {
      const varied = await runSession({
        prompt: analysis.request,
        endpoint: { kind: 'simulator', baseURL: sim.url },
        settings: { model: 'gpt-4o', api: 'chat', runs: 3 },
      });
      assert.deepEqual(varied.records.map((r) => r.promptTokens), [predicted, predicted, predicted]);
      const asWritten = await runSession({
        prompt: analysis.request,
        endpoint: { kind: 'simulator', baseURL: sim.url },
        settings: { model: 'gpt-4o', api: 'chat', runs: 1, perRequestValues: 'as-written' },
      });
      assert.deepEqual(asWritten.records.map((r) => r.promptTokens), [analysis.promptTokens]);
    });
  });

  it('sends the file as written when asked: the best case, repeats then read the cache', async () => {
    const analysis = await pythonCall();
    await withSimulator({ seed: 1 }, async (sim) => {
      const result = await runSession({
        prompt: analysis.request,
        endpoint: { kind: 'simulator', baseURL: sim.url },
        settings: { model: 'gpt-4o', api: 'chat', runs: 3, perRequestValues: 'as-written' },
      });
      assert.match(JSON.stringify(bodyOf(result.records[0])), /Now: \{datetime\.now\(\)\.isoformat\(\)\}\./);
      assert.equal(result.records[0].perRequestValues, undefined);
      assert.deepEqual(result.records.map((r) => r.cachedTokens), [0, 1536, 1536]);
      assert.deepEqual(result.records.map((r) => r.predictedCachedTokens), [0, 1536, 1536]);
    });
  });

  it('gives a literal timestamp a fresh value of the same shape per run: a Claude breakpoint after it is never read', async () => {
    const analysis = await analyzePrompt({ fileName: 'after-ts.json', text: ANTHROPIC_JSON });
    assert.equal(analysis.cacheableTokens, 0);
    await withSimulator({ seed: 1 }, async (sim) => {
      const result = await runSession({
        prompt: analysis.request,
        endpoint: { kind: 'simulator', baseURL: sim.url, protocol: 'anthropic' },
        settings: { model: 'claude-sonnet-4-5', api: 'chat', runs: 3 },
      });
      const parts = result.records.map((r) => splitAt(bodyOf(r), /"Current time: ([^"]+)"/));
      assert.equal(new Set(parts.map((p) => p.rest)).size, 1);
      assert.equal(new Set(parts.map((p) => p.value)).size, 3);
      for (const { value } of parts) assert.match(value, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.deepEqual(result.records.map((r) => r.cacheReadInputTokens), [0, 0, 0]);
      assert.deepEqual(result.records.map((r) => r.predictedCachedTokens), [0, 0, 0]);
    });
  });

  it('varies a computed value on a labelled line ("Now: {datetime.now()}") and records the value it sent', async () => {
    const source = await analyzeSource({ fileName: 'direct_resp.py', text: RESPONSES_PY });
    assert.equal(source.prompts.length, 1);
    await withSimulator({ seed: 1 }, async (sim) => {
      const result = await runSession({
        prompt: source.prompts[0].analysis.request,
        endpoint: { kind: 'simulator', baseURL: sim.url },
        settings: { model: 'gpt-4o', api: 'responses', runs: 2 },
      });
      const bodies = result.records.map((r) => JSON.stringify(bodyOf(r)));
      assert.equal(new Set(bodies).size, 2);
      const parts = result.records.map((r) => splitAt(bodyOf(r), /\\nNow: ([^"]+)"/));
      assert.equal(new Set(parts.map((p) => p.rest)).size, 1);
      for (const { value } of parts) assert.doesNotMatch(value, /datetime/);
      for (const [i, record] of result.records.entries()) {
        const recorded = Object.values(record.perRequestValues ?? {});
        assert.deepEqual(recorded, [parts[i].value]);
      }
    });
  });
});

/** A tool whose description and parameter description hold a request id and a timestamp, before a long system prompt. */
const TOOL_JSON = JSON.stringify({
  model: 'gpt-4o',
  tools: [
    {
      type: 'function',
      function: {
        name: 'lookup_order',
        description: 'Look up an order. Catalog snapshot 2026-03-14T09:12:33Z.',
        parameters: {
          type: 'object',
          properties: { order_id: { type: 'string', description: 'The order id. Trace: 3f2b9c1e-7a4d-4e21-9b3c-5d6e7f8a9b0c' } },
          required: ['order_id'],
        },
      },
    },
  ],
  messages: [
    { role: 'system', content: `You are Acme's support agent.\n${POLICY.replaceAll('\\n', '\n')}` },
    { role: 'user', content: 'Where is my order?' },
  ],
});

const TOOL_PY = `from openai import OpenAI

client = OpenAI()
POLICY = "${POLICY}"

TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "lookup_order",
            "description": "Look up an order. Catalog snapshot 2026-03-14T09:12:33Z.",
            "parameters": {"type": "object", "properties": {"order_id": {"type": "string"}}},
        },
    }
]


def answer(question):
    return client.chat.completions.create(
        model="gpt-4o",
        tools=TOOLS,
        messages=[
            {"role": "system", "content": POLICY},
            {"role": "user", "content": question},
        ],
    )
`;

/** The strings of the first tool a Chat Completions body sends: its description and its parameters' JSON. */
function sentTool(record: RunRecord): { description: string; parameters: string } {
  const tools = bodyOf(record).tools as { function: { description: string; parameters: unknown } }[];
  return { description: tools[0].function.description, parameters: JSON.stringify(tools[0].function.parameters) };
}

describe('per-request values in tool definitions', () => {
  it('ends the predicted prefix at a timestamp in a tool description, as the finding says', async () => {
    const analysis = await analyzePrompt({ fileName: 'tools.json', text: TOOL_JSON });
    assert.ok(analysis.findings.some((f) => f.rule === 'dynamic-date'));
    assert.equal(analysis.cacheableTokens, 0);
  });

  it('varies literal timestamps and ids in a tool per run, records what it sent, and no run reads the cache', async () => {
    const analysis = await analyzePrompt({ fileName: 'tools.json', text: TOOL_JSON });
    await withSimulator({ seed: 1 }, async (sim) => {
      const result = await runSession({
        prompt: analysis.request,
        endpoint: { kind: 'simulator', baseURL: sim.url },
        settings: { model: 'gpt-4o', api: 'chat', runs: 3 },
      });
      const tools = result.records.map(sentTool);
      const stamps = tools.map((t) => /Catalog snapshot (\S+)\.$/.exec(t.description)?.[1] ?? '');
      const traces = tools.map((t) => /Trace: ([0-9a-f-]+)/.exec(t.parameters)?.[1] ?? '');
      assert.equal(new Set(stamps).size, 3);
      assert.equal(new Set(traces).size, 3);
      for (const stamp of stamps) assert.match(stamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      for (const trace of traces) assert.match(trace, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.ok(!stamps.includes('2026-03-14T09:12:33Z'));
      assert.deepEqual(result.records.map((r) => r.cachedTokens), [0, 0, 0]);
      assert.deepEqual(result.records.map((r) => r.predictedCachedTokens), [0, 0, 0]);
      for (const [i, record] of result.records.entries()) {
        const recorded = Object.values(record.perRequestValues ?? {});
        assert.equal(recorded.length, 2);
        assert.ok(recorded.some((v) => v.includes(stamps[i])), `run ${i + 1} recorded the timestamp it sent`);
        assert.ok(recorded.some((v) => v.includes(traces[i])), `run ${i + 1} recorded the id it sent`);
      }
    });
  });

  it('sends a tool as written when asked: repeats then read the cache', async () => {
    const analysis = await analyzePrompt({ fileName: 'tools.json', text: TOOL_JSON });
    await withSimulator({ seed: 1 }, async (sim) => {
      const result = await runSession({
        prompt: analysis.request,
        endpoint: { kind: 'simulator', baseURL: sim.url },
        settings: { model: 'gpt-4o', api: 'chat', runs: 2, perRequestValues: 'as-written' },
      });
      assert.match(sentTool(result.records[0]).description, /Catalog snapshot 2026-03-14T09:12:33Z\.$/);
      assert.ok((result.records[1].cachedTokens ?? 0) > 0);
    });
  });

  it('sends a literal timestamp a Python call writes in its tool as written: it is the code\'s own constant, and repeats read the cache', async () => {
    const source = await analyzeSource({ fileName: 'tools.py', text: TOOL_PY });
    assert.equal(source.prompts.length, 1);
    const analysis = source.prompts[0].analysis;
    assert.ok(analysis.cacheableTokens > 0, String(analysis.cacheableTokens));
    await withSimulator({ seed: 1 }, async (sim) => {
      const result = await runSession({
        prompt: analysis.request,
        endpoint: { kind: 'simulator', baseURL: sim.url },
        settings: { model: 'gpt-4o', api: 'chat', runs: 2 },
      });
      assert.match(sentTool(result.records[0]).description, /Catalog snapshot 2026-03-14T09:12:33Z\.$/);
      assert.deepEqual(Object.values(result.records[0].perRequestValues ?? {}), [], 'nothing was varied');
      assert.ok((result.records[1].cachedTokens ?? 0) > 0);
    });
  });
});
