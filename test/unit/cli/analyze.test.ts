import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyzePrompt } from '../../../src/core/analyze';
import { buildCli, EXAMPLES, runCliProcess } from './helpers';

let cli: string;
before(() => {
  cli = buildCli();
});
after(() => rmSync(dirname(cli), { recursive: true, force: true }));

async function direct(file: string, modelOverride?: string) {
  const path = join(EXAMPLES, file);
  return analyzePrompt({ fileName: path, text: readFileSync(path, 'utf8'), modelOverride });
}

describe('prompt-cache-lens analyze --json', () => {
  for (const file of ['chat-request.json', 'anthropic-request.json', 'support-agent.prompty', 'summarize.prompt.yml', 'review.prompt.md']) {
    it(`${file}: the JSON carries the same figures as the engine`, async () => {
      const run = runCliProcess(cli, ['analyze', `examples/${file}`, '--json']);
      assert.equal(run.status, 0, run.stderr);
      const json = JSON.parse(run.stdout);
      const expected = await direct(file);
      assert.equal(json.file, `examples/${file}`);
      assert.equal(json.model, expected.model);
      assert.equal(json.encoding, expected.encoding);
      assert.equal(json.estimate, expected.estimate);
      assert.equal(json.promptTokens, expected.promptTokens);
      assert.ok(json.promptTokens > 100, 'a real prompt has real tokens');
      assert.equal(json.staticPrefixTokens, expected.staticPrefixTokens);
      assert.equal(json.cacheableTokens, expected.cacheableTokens);
      assert.equal(json.segments.length, expected.segments.length);
      assert.equal(json.segments.at(-1).runningTotal, json.promptTokens);
      assert.equal(json.findings.length, expected.findings.length);
    });
  }

  it('points at the line and column where the chat example stops being cacheable', () => {
    const json = JSON.parse(runCliProcess(cli, ['analyze', 'examples/chat-request.json', '--json']).stdout);
    const text = readFileSync(join(EXAMPLES, 'chat-request.json'), 'utf8');
    const line = text.split('\n')[json.firstDynamic.line - 1];
    assert.ok(line.slice(json.firstDynamic.column - 1).startsWith('Current date: 2026-03-14'), line);
    assert.match(json.firstDynamic.reason, /current date/);
    const error = json.findings.find((f: { severity: string }) => f.severity === 'error');
    assert.deepEqual(
      { rule: error.rule, line: error.line, column: error.column },
      { rule: 'labelled-dynamic-line', line: json.firstDynamic.line, column: json.firstDynamic.column },
    );
  });

  it('gives segment ranges as 1-based line and column of the source', () => {
    const json = JSON.parse(runCliProcess(cli, ['analyze', 'examples/summarize.prompt.yml', '--json']).stdout);
    const text = readFileSync(join(EXAMPLES, 'summarize.prompt.yml'), 'utf8');
    const system = json.segments.find((s: { label: string }) => s.label === 'system');
    assert.equal(system.kind, 'message');
    const { startLine, startColumn, startOffset } = system.range;
    const lineStart = text.split('\n').slice(0, startLine - 1).join('\n').length + 1;
    assert.equal(lineStart + startColumn - 1, startOffset);
  });

  it('--model replaces the file’s model, and an unknown model is marked as an estimate', async () => {
    const run = runCliProcess(cli, ['analyze', 'examples/chat-request.json', '--json', '--model', 'gpt-3.5-turbo']);
    const json = JSON.parse(run.stdout);
    assert.equal(json.model, 'gpt-3.5-turbo');
    assert.equal(json.modelSource, 'override');
    assert.equal(json.encoding, 'cl100k_base');
    assert.equal(json.promptTokens, (await direct('chat-request.json', 'gpt-3.5-turbo')).promptTokens);
    const unknown = JSON.parse(runCliProcess(cli, ['analyze', 'examples/newsletter.prompt', '--json', '--model', 'my-own-llm']).stdout);
    assert.equal(unknown.estimate, true);
    assert.equal(unknown.encoding, 'o200k_base');
  });
});

describe('prompt-cache-lens analyze (text report)', () => {
  it('shows the counts, the minimum arithmetic, where the cache stops, segments, findings and cost', async () => {
    const run = runCliProcess(cli, ['analyze', 'examples/chat-request.json']);
    assert.equal(run.status, 0, run.stderr);
    const a = await direct('chat-request.json');
    const out = run.stdout;
    assert.match(out, /OpenAI Chat Completions request/);
    // Its tool has a nested object, which recorded usage does not pin: the count says it is an estimate.
    assert.match(out, /gpt-4\.1 \(named in the file\) · o200k_base · estimate/);
    assert.match(out, new RegExp(`Prompt\\s+${a.promptTokens.toLocaleString('en-US')} tokens`));
    assert.match(out, new RegExp(`0 cacheable: static prefix ${a.staticPrefixTokens} tokens, ${a.missingToMinimum} short of the 1,024 minimum`));
    assert.match(out, new RegExp(`Cache stops at\\s+${a.firstDynamic!.line}:${a.firstDynamic!.column}, token ${a.staticPrefixTokens}`));
    assert.match(out, /tool lookup_order/);
    assert.match(out, /labelled-dynamic-line/);
    assert.match(out, /Cost per 1,000 requests \(gpt-4\.1 prices of \d{4}-\d{2}-\d{2}\)/);
  });

  it('shows which Anthropic breakpoints cache and which do not', async () => {
    const out = runCliProcess(cli, ['analyze', 'examples/anthropic-request.json']).stdout;
    // Claude's tokenizer is not public: the model line says what stands in for it.
    assert.match(out, /claude-sonnet-4-5 \(named in the file\) · o200k_base scaled to Claude · estimate/);
    const handbook = (await direct('anthropic-request.json')).breakpoints.find((b) => b.ttl === '1h' && b.ok)!;
    const tokens = handbook.tokenEnd.toLocaleString('en-US');
    assert.match(out, /Breakpoints/);
    assert.match(out, new RegExp(`${handbook.position!.line}:${handbook.position!.column}\\s+ttl 1h\\s+ends at token ${tokens}: caches ${tokens} tokens`));
    assert.match(out, /below the minimum, not cached/);
    assert.match(out, /after dynamic content/);
  });
});

describe('prompt-cache-lens analyze: why a count is an estimate', () => {
  /** The lines of the Estimate entry: from its label to the next label. */
  function estimateEntry(out: string): string[] {
    const lines = out.split('\n');
    const start = lines.findIndex((line) => line.startsWith('  Estimate '));
    const end = lines.findIndex((line, i) => i > start && /^  \S/.test(line));
    return lines.slice(start, end);
  }

  it('prints one headline a line, and where the full reasons are', async () => {
    const a = await direct('chat-request.json');
    const headlines = a.estimateHeadlines ?? [];
    assert.ok(headlines.length >= 1);
    const entry = estimateEntry(runCliProcess(cli, ['analyze', 'examples/chat-request.json']).stdout);
    assert.deepEqual(
      entry.map((line) => line.slice(18)),
      [...headlines, '(full reasons: analyze --verbose)'],
    );
    assert.ok(entry.every((line) => line.length <= 110), entry.join('\n'));
    for (const reason of a.estimateReasons ?? []) assert.ok(!entry.join(' ').includes(reason.slice(0, 60)), 'no full reason');
  });

  it('--verbose gives each full reason under its headline, wrapped', async () => {
    const a = await direct('chat-request.json');
    const run = runCliProcess(cli, ['analyze', 'examples/chat-request.json', '--verbose']);
    assert.equal(run.status, 0, run.stderr);
    const entry = estimateEntry(run.stdout);
    assert.ok(entry.every((line) => line.length <= 100), entry.join('\n'));
    const headlineAt = (a.estimateHeadlines ?? []).map((h) => entry.findIndex((line) => line.slice(18) === h));
    assert.ok(headlineAt.every((at, i) => at >= 0 && (i === 0 || at > headlineAt[i - 1])), 'every headline, in order');
    (a.estimateReasons ?? []).forEach((reason, i) => {
      const below = entry.slice(headlineAt[i] + 1, headlineAt[i + 1] ?? entry.length).map((line) => line.trim()).join(' ');
      assert.equal(below, reason.replace(/\s+/g, ' '));
    });
    assert.ok(!run.stdout.includes('--verbose'), 'no pointer to what is shown');
  });

  it('--json keeps the full reason and adds the headlines', async () => {
    const a = await direct('chat-request.json');
    const json = JSON.parse(runCliProcess(cli, ['analyze', 'examples/chat-request.json', '--json']).stdout);
    assert.equal(json.estimateReason, a.estimateReason);
    assert.deepEqual(json.estimateHeadlines, a.estimateHeadlines);
  });

  it('keeps a Claude count’s measured error in its headline', async () => {
    const a = await direct('anthropic-request.json');
    const error = /±(\d+\.\d)%/.exec(a.estimateReason ?? '')?.[1];
    assert.ok(error, a.estimateReason);
    const entry = estimateEntry(runCliProcess(cli, ['analyze', 'examples/anthropic-request.json']).stdout);
    assert.match(entry[0], new RegExp(`Estimate\\s+Claude[\\w .]* count ≈ ±${error.replace('.', '\\.')}% \\(o200k scaled`));
  });
});

describe('prompt-cache-lens usage', () => {
  it('--version prints the package version', () => {
    const pkg = JSON.parse(readFileSync(join(EXAMPLES, '..', 'package.json'), 'utf8'));
    const run = runCliProcess(cli, ['--version']);
    assert.equal(run.status, 0);
    assert.equal(run.stdout.trim(), pkg.version);
  });

  it('--help lists the commands and exits 0; a command’s --help shows its options', () => {
    const run = runCliProcess(cli, ['--help']);
    assert.equal(run.status, 0);
    for (const command of ['analyze', 'simulate', 'check', 'simulator']) assert.match(run.stdout, new RegExp(`\\b${command}\\b`));
    const sub = runCliProcess(cli, ['check', '--help']);
    assert.equal(sub.status, 0);
    assert.match(sub.stdout, /--min-cacheable/);
    assert.match(sub.stdout, /sarif/);
  });

  it('an unknown option or command prints the usage and exits 2', () => {
    const option = runCliProcess(cli, ['analyze', 'examples/chat-request.json', '--colour']);
    assert.equal(option.status, 2);
    assert.match(option.stderr, /--colour/);
    assert.match(option.stderr, /Usage: prompt-cache-lens analyze/);
    assert.equal(option.stdout, '');
    const command = runCliProcess(cli, ['analyse', 'examples/chat-request.json']);
    assert.equal(command.status, 2);
    assert.match(command.stderr, /unknown command "analyse"/);
    const none = runCliProcess(cli, []);
    assert.equal(none.status, 2);
    assert.match(none.stdout, /Usage: prompt-cache-lens <command>/);
  });
});
