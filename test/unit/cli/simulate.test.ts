import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyzePrompt } from '../../../src/core/analyze';
import { analyzeSource } from '../../../src/core/sources/analyzeSource';
import { buildCli, EXAMPLES, runCliProcess, scratchDir } from './helpers';

let cli: string;
before(() => {
  cli = buildCli();
});
after(() => rmSync(dirname(cli), { recursive: true, force: true }));

const CHAT = 'examples/chat-request.json';

async function chatAnalysis() {
  const path = join(EXAMPLES, 'chat-request.json');
  return analyzePrompt({ fileName: path, text: readFileSync(path, 'utf8') });
}

describe('prompt-cache-lens simulate', () => {
  it('the same request twice with a current date at token 475: the second differs there, as in production, and reads nothing', async () => {
    const a = await chatAnalysis();
    assert.equal(a.firstDynamic?.name, 'current date');
    assert.equal(a.cacheableTokens, 0);
    const run = runCliProcess(cli, ['simulate', CHAT, CHAT, '--json']);
    assert.equal(run.status, 0, run.stderr);
    const { requests } = JSON.parse(run.stdout);
    assert.deepEqual(requests.map((r: { cachedTokens: number }) => r.cachedTokens), [0, 0]);
    assert.deepEqual(requests.map((r: { promptTokens: number }) => r.promptTokens), [a.promptTokens, a.promptTokens]);
  });

  it('--as-written: the same >1,024-token request twice: nothing cached, then the prefix rounded down to a 128 step', async () => {
    const a = await chatAnalysis();
    assert.ok(a.promptTokens > 1024);
    const run = runCliProcess(cli, ['simulate', CHAT, CHAT, '--as-written', '--json']);
    assert.equal(run.status, 0, run.stderr);
    const { requests } = JSON.parse(run.stdout);
    assert.equal(requests.length, 2);
    for (const r of requests) {
      assert.equal(r.file, CHAT);
      assert.equal(r.promptTokens, a.promptTokens);
    }
    // 1,024 plus every whole 128-token step the identical prompt has beyond it.
    const rounded = 1024 + Math.floor((a.promptTokens - 1024) / 128) * 128;
    assert.deepEqual(requests.map((r: { cachedTokens: number }) => r.cachedTokens), [0, rounded]);
  });

  it('gpt-4.1 keeps the entry an hour (24h retention by default) but not 25 hours', () => {
    const times = (interval: string) =>
      JSON.parse(runCliProcess(cli, ['simulate', CHAT, CHAT, '--as-written', '--interval', interval, '--json']).stdout).requests.map(
        (r: { cachedTokens: number; timeSeconds: number }) => [r.timeSeconds, r.cachedTokens > 0],
      );
    assert.deepEqual(times('3600'), [
      [0, false],
      [3600, true],
    ]);
    assert.deepEqual(times(String(25 * 3600)), [
      [0, false],
      [25 * 3600, false],
    ]);
  });

  it('a prompt below the minimum is never cached', () => {
    const file = 'examples/support-agent.prompty';
    const { requests } = JSON.parse(runCliProcess(cli, ['simulate', file, file, file, '--json']).stdout);
    assert.deepEqual(requests.map((r: { cachedTokens: number }) => r.cachedTokens), [0, 0, 0]);
    assert.equal(requests[2].outcome, 'below-minimum');
  });

  it('different prompts in a row share nothing', () => {
    const { requests } = JSON.parse(
      runCliProcess(cli, ['simulate', CHAT, 'examples/anthropic-request.json', CHAT, '--as-written', '--json', '--key', 'team-a']).stdout,
    );
    assert.equal(requests[1].cachedTokens, 0);
    assert.ok(requests[2].cachedTokens >= 1024, 'the third request reads what the first wrote');
  });

  it('prints a table of the requests in text mode', async () => {
    const a = await chatAnalysis();
    const run = runCliProcess(cli, ['simulate', CHAT, CHAT, '--as-written', '--interval', '30']);
    assert.equal(run.status, 0);
    const lines = run.stdout.trim().split('\n');
    assert.match(lines[0], /#\s+time\s+file\s+model\s+prompt\s+cached/);
    assert.match(lines[2], new RegExp(`^2\\s+30s\\s+${CHAT}\\s+gpt-4\\.1\\s+${a.promptTokens.toLocaleString('en-US')}\\s+[1-9][\\d,]+\\s+0\\s+hit$`));
  });

  it('a Claude breakpoint after a literal timestamp is never read by default, and read when sent as written', () => {
    const policy = Array.from({ length: 45 }, (_, i) => `Policy ${i}: when a customer asks about topic ${i}, confirm the order number and explain the rule.`).join('\n');
    const body = {
      model: 'claude-sonnet-4-5',
      max_tokens: 1024,
      system: [
        { type: 'text', text: 'Current time: 2026-03-14T09:12:33Z' },
        { type: 'text', text: policy, cache_control: { type: 'ephemeral' } },
      ],
      messages: [{ role: 'user', content: 'How many vacation days do I have?' }],
    };
    const dir = scratchDir({ 'after-ts.json': JSON.stringify(body) });
    try {
      const file = join(dir, 'after-ts.json');
      const cached = (...extra: string[]) =>
        JSON.parse(runCliProcess(cli, ['simulate', file, file, ...extra, '--json']).stdout).requests.map((r: { cachedTokens: number }) => r.cachedTokens);
      assert.deepEqual(cached(), [0, 0]);
      const [first, second] = cached('--as-written');
      assert.equal(first, 0);
      assert.ok(second > 1024, `read ${second}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an Agents SDK run with a prompt_cache_key of its own (openai-agents 0.17): each run is routed apart and reads nothing, one --key shares the prefix', () => {
    const policy = Array.from({ length: 45 }, (_, i) => `Policy ${i}: when a customer asks about topic ${i}, confirm the order number and the email on file, then explain the rule in plain words.`).join('\\n');
    const agent = [
      'from agents import Agent, Runner',
      '',
      `POLICY = "${policy}"`,
      '',
      'desk = Agent(name="Support desk", instructions=POLICY, model="gpt-4.1-mini")',
      '',
      'async def answer(question: str) -> str:',
      '    result = await Runner.run(desk, question)',
      '    return result.final_output',
      '',
    ].join('\n');
    const dir = scratchDir({ 'desk.py': agent, 'requirements.txt': 'openai-agents==0.17.4\n' });
    try {
      const file = join(dir, 'desk.py');
      const cached = (...extra: string[]) =>
        JSON.parse(runCliProcess(cli, ['simulate', file, file, file, ...extra, '--json']).stdout).requests.map((r: { cachedTokens: number }) => r.cachedTokens);
      assert.deepEqual(cached(), [0, 0, 0]);
      const [first, second, third] = cached('--key', 'support-desk');
      assert.equal(first, 0);
      assert.ok(second >= 1024 && third === second, `read ${second}, ${third}`);
      const text = runCliProcess(cli, ['simulate', file, file]);
      assert.match(text.stdout, /desk\.py:8:\d+: each run gets its own prompt_cache_key \(openai-agents 0\.14 and later/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a source file sends each LLM call it makes, with its own model and size, as analyze reads them', async () => {
    const policy = Array.from({ length: 45 }, (_, i) => `Policy ${i}: when a customer asks about topic ${i}, confirm the order number and the email on file, then explain the rule in plain words and offer the next step.`).join('\\n');
    const bot = [
      'from datetime import datetime',
      'from openai import OpenAI',
      '',
      'client = OpenAI()',
      `POLICY = "${policy}"`,
      '',
      'def answer(question: str) -> str:',
      '    prompt = f"You are Acme\'s support agent. Now: {datetime.now().isoformat()}.\\n\\n{POLICY}"',
      '    chat = client.chat.completions.create(model="gpt-4o", messages=[{"role": "system", "content": prompt}, {"role": "user", "content": question}])',
      '    resp = client.responses.create(model="gpt-5.1", instructions=prompt, input=question)',
      '    return chat.choices[0].message.content + resp.output_text',
      '',
    ].join('\n');
    const dir = scratchDir({ 'bot.py': bot, 'empty.py': 'import openai\n' });
    try {
      const file = join(dir, 'bot.py');
      const source = await analyzeSource({ fileName: file, text: bot });
      const sizes = source.prompts.map((p) => p.analysis.promptTokens);
      assert.equal(sizes.length, 2);
      const run = runCliProcess(cli, ['simulate', file, file, '--json']);
      assert.equal(run.status, 0, run.stderr);
      const { requests } = JSON.parse(run.stdout);
      assert.deepEqual(
        requests.map((r: { file: string; model: string; promptTokens: number; cachedTokens: number }) => [r.file, r.model, r.promptTokens, r.cachedTokens]),
        [
          [`${file}:9:12`, 'gpt-4o', sizes[0], 0],
          [`${file}:10:12`, 'gpt-5.1', sizes[1], 0],
          [`${file}:9:12`, 'gpt-4o', sizes[0], 0],
          [`${file}:10:12`, 'gpt-5.1', sizes[1], 0],
        ],
      );
      const none = runCliProcess(cli, ['simulate', join(dir, 'empty.py')]);
      assert.equal(none.status, 2);
      assert.match(none.stderr, /empty\.py: no LLM calls found, nothing to simulate/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects a negative interval', () => {
    const run = runCliProcess(cli, ['simulate', CHAT, '--interval=-5']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--interval must be a number of seconds/);
  });
});
