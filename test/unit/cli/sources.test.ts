import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildCli, EXAMPLES, runCliProcess } from './helpers';

let cli: string;
let scratch: string;
before(() => {
  cli = buildCli();
  scratch = mkdtempSync(join(tmpdir(), 'pcl-sources-'));
});
after(() => {
  rmSync(dirname(cli), { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

/** 1-based line and column of the first occurrence of `needle` in a file. */
function positionOf(file: string, needle: string): { line: number; column: number } {
  const text = readFileSync(join(EXAMPLES, '..', file), 'utf8');
  const before = text.slice(0, text.indexOf(needle));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

describe('prompt-cache-lens analyze on source files', () => {
  it('Python: the date-and-time interpolation ends the prefix, the finding there, POLICY counted', () => {
    const file = 'test/workspace/sources/dated_bot.py';
    const run = runCliProcess(cli, ['analyze', file, '--json']);
    assert.equal(run.status, 0, run.stderr);
    const json = JSON.parse(run.stdout);
    assert.equal(json.file, file);
    assert.equal(json.prompts.length, 1);
    const [prompt] = json.prompts;
    const at = positionOf(file, '{datetime.now()');
    assert.deepEqual({ line: prompt.firstDynamic.line, column: prompt.firstDynamic.column }, at);
    assert.deepEqual(prompt.call, { ...positionOf(file, 'client.chat.completions.create'), api: 'chat.completions', callee: 'client.chat.completions.create' });
    const finding = prompt.findings.find((f: { rule: string }) => f.rule === 'variable-in-system');
    assert.deepEqual({ line: finding.line, column: finding.column }, at);
    assert.ok(prompt.promptTokens > 1300, String(prompt.promptTokens));
    assert.equal(prompt.cacheableTokens, 0);
    assert.ok(prompt.cacheableTokensIfFixed >= 1024);
    assert.equal(prompt.estimate, true);
  });

  it('Python: today\'s date from {datetime.now():%Y-%m-%d} is the daily warning, and POLICY after it caches (support_bot.py)', () => {
    const file = 'examples/python-app/support_bot.py';
    const run = runCliProcess(cli, ['analyze', file]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /Cache {11}1,280 cacheable \(1,024 \+ 2×128\)/);
    assert.match(run.stdout, /Cache stops at {2}\d+:\d+, token 1,361: template variable question changes per request/);
    assert.match(run.stdout, /warning {2}variable-in-system: "\{datetime\.now\(\):%Y-%m-%d\}" in the system is today's date, computed in the code: it changes every day: the first request each day misses\n/);
    assert.doesNotMatch(run.stdout, /error/);
    const [prompt] = JSON.parse(runCliProcess(cli, ['analyze', file, '--json']).stdout).prompts;
    assert.deepEqual({ line: prompt.firstDynamic.line, column: prompt.firstDynamic.column }, positionOf(file, 'question},'));
    assert.equal(prompt.cacheableTokens, 1280);
  });

  it('instructor: the tool instructor makes of `response_model` is counted with the messages (invoice_extractor.py)', () => {
    const file = 'examples/python-app/invoice_extractor.py';
    const run = runCliProcess(cli, ['analyze', file, '--json']);
    assert.equal(run.status, 0, run.stderr);
    const [prompt] = JSON.parse(run.stdout).prompts;
    assert.equal(prompt.call.api, 'chat.completions');
    const tool = prompt.segments.find((s: { label: string }) => s.label === 'tool Invoice');
    assert.deepEqual({ line: tool.range.startLine, column: tool.range.startColumn }, positionOf(file, 'Invoice,\n        max_retries'));
    // instructor 1.8.3's own code sends a 305-token body for this call (with `invoice_text` as the text).
    assert.equal(prompt.promptTokens, 305);
    assert.deepEqual(prompt.estimateHeadlines, ['a value known only at run time, counted as written in the code']);
  });

  it('Anthropic: the constant before cache_control cached, no error for the UUID in the user message', () => {
    for (const file of ['examples/python-app/claude_agent.py', 'examples/ts-app/src/claudeAgent.ts']) {
      const run = runCliProcess(cli, ['analyze', file, '--json']);
      assert.equal(run.status, 0, run.stderr);
      const [prompt] = JSON.parse(run.stdout).prompts;
      assert.equal(prompt.call.api, 'messages');
      assert.equal(prompt.breakpoints.length, 1);
      assert.ok(prompt.cacheableTokens >= 1024, `${file}: ${prompt.cacheableTokens}`);
      assert.equal(prompt.findings.filter((f: { severity: string }) => f.severity === 'error').length, 0, file);
    }
  });

  it('TypeScript: the boundary on ${user.name} before the imported guide', () => {
    const file = 'examples/ts-app/src/assistant.ts';
    const run = runCliProcess(cli, ['analyze', file, '--json']);
    const [prompt] = JSON.parse(run.stdout).prompts;
    assert.deepEqual({ line: prompt.firstDynamic.line, column: prompt.firstDynamic.column }, positionOf(file, '${user.name}'));
    assert.ok(prompt.promptTokens > 1100);
  });

  it('a file with no LLM call gives "prompts": [] and exit 0', () => {
    const file = join(scratch, 'plain.py');
    writeFileSync(file, 'def add(a, b):\n    return a + b\n');
    const run = runCliProcess(cli, ['analyze', file, '--json']);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { file, prompts: [] });
  });

  it('the readable report names each call', () => {
    const run = runCliProcess(cli, ['analyze', 'examples/ts-app/src/summarize.ts']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /summarize\.ts:\d+:\d+: generateText/);
    assert.match(run.stdout, /new Date\(\)\.toISOString\(\) changes every request/);
  });

  it('counts the prompt as written and as a test run sends it, a timestamp in place of {datetime.now()}', () => {
    const run = runCliProcess(cli, ['analyze', 'test/workspace/sources/dated_bot.py']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /Prompt {10}1,370 tokens as written · 1,371 with fresh per-request values, as a test run sends them\n/);
    const json = JSON.parse(runCliProcess(cli, ['analyze', 'test/workspace/sources/dated_bot.py', '--json']).stdout);
    assert.deepEqual([json.prompts[0].promptTokens, json.prompts[0].promptTokensWithFreshValues], [1370, 1371]);
  });

  it('counts a date alone in place of {datetime.now():%Y-%m-%d}', () => {
    const run = runCliProcess(cli, ['analyze', 'examples/python-app/support_bot.py']);
    assert.match(run.stdout, /Prompt {10}1,366 tokens as written · 1,362 with fresh per-request values, as a test run sends them\n/);
  });
});

describe('prompt-cache-lens check on source files', () => {
  it('fails on the examples\' breakers, one line per finding at its place', () => {
    const run = runCliProcess(cli, ['check', 'examples/python-app/**/*.py', 'examples/ts-app/src/*.ts']);
    assert.equal(run.status, 1, run.stderr);
    const date = positionOf('examples/python-app/support_bot.py', '{datetime.now()');
    assert.match(run.stdout, new RegExp(`support_bot\\.py:${date.line}:${date.column}: warning variable-in-system: .*today's date, computed in the code`));
    assert.match(run.stdout, /support_bot\.py: 1,366 tokens, 1,280 cacheable \(gpt-4o-mini\)/);
    assert.doesNotMatch(run.stdout, /claude_agent\.py:\d+:\d+: error/);
    // LangChain.js: the chain's {today} field, filled with the date, is where the cached prefix ends.
    const today = positionOf('examples/ts-app/src/langchainHelpdesk.ts', '{today}.\\n');
    assert.match(run.stdout, new RegExp(`langchainHelpdesk\\.ts:${today.line}:${today.column}: warning variable-in-system: chain\\.invoke .*today's date, computed in the code`));
    assert.match(run.stdout, /langchainHelpdesk\.ts: 1,165 tokens, 1,152 cacheable \(gpt-4o-mini\)/);
  });

  it('passes a file whose calls cache well', () => {
    const run = runCliProcess(cli, ['check', 'examples/python-app/claude_agent.py', '--format', 'json']);
    assert.equal(run.status, 0, run.stdout);
    const [file] = JSON.parse(run.stdout).files;
    assert.equal(file.prompts.length, 1);
    assert.ok(file.prompts[0].cacheableTokens >= 1024);
  });

  it('a call whose messages are built in another file: size unknown, not a token count', () => {
    const file = join(scratch, 'helper_call.py');
    writeFileSync(
      file,
      'from openai import OpenAI\nfrom .prompts import build_messages\n\nclient = OpenAI()\n\ndef answer(q):\n    return client.chat.completions.create(model="gpt-4o-mini", messages=build_messages(q))\n',
    );
    const run = runCliProcess(cli, ['check', file]);
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /helper_call\.py: size unknown \(messages built by `build_messages`, known only at run time\), 0 cacheable \(gpt-4o-mini\)/);
    assert.doesNotMatch(run.stdout, /prefix-below-minimum/);
  });
});
