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

const CHAT = 'examples/chat-request.json';

async function chatAnalysis() {
  const path = join(EXAMPLES, 'chat-request.json');
  return analyzePrompt({ fileName: path, text: readFileSync(path, 'utf8') });
}

describe('prompt-cache-lens simulate', () => {
  it('the same >1,024-token request twice: nothing cached, then the prefix rounded down to a 128 step', async () => {
    const a = await chatAnalysis();
    assert.ok(a.promptTokens > 1024);
    const run = runCliProcess(cli, ['simulate', CHAT, CHAT, '--json']);
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
      JSON.parse(runCliProcess(cli, ['simulate', CHAT, CHAT, '--interval', interval, '--json']).stdout).requests.map(
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
      runCliProcess(cli, ['simulate', CHAT, 'examples/anthropic-request.json', CHAT, '--json', '--key', 'team-a']).stdout,
    );
    assert.equal(requests[1].cachedTokens, 0);
    assert.ok(requests[2].cachedTokens >= 1024, 'the third request reads what the first wrote');
  });

  it('prints a table of the requests in text mode', async () => {
    const a = await chatAnalysis();
    const run = runCliProcess(cli, ['simulate', CHAT, CHAT, '--interval', '30']);
    assert.equal(run.status, 0);
    const lines = run.stdout.trim().split('\n');
    assert.match(lines[0], /#\s+time\s+file\s+model\s+prompt\s+cached/);
    assert.match(lines[2], new RegExp(`^2\\s+30s\\s+${CHAT}\\s+gpt-4\\.1\\s+${a.promptTokens.toLocaleString('en-US')}\\s+[1-9][\\d,]+\\s+0\\s+hit$`));
  });

  it('rejects a negative interval', () => {
    const run = runCliProcess(cli, ['simulate', CHAT, '--interval=-5']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--interval must be a number of seconds/);
  });
});
