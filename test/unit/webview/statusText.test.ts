import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { shortTime, time } from '../../../src/webview/format';
import { WaitingStatus } from '../../../src/webview/waitingStatus';

describe('status and time texts', () => {
  it('counts the seconds a run waits and names the timeout', () => {
    mock.timers.enable({ apis: ['setInterval', 'Date'], now: 1_000_000 });
    try {
      const shown: string[] = [];
      const waiting = new WaitingStatus((text) => shown.push(text));
      waiting.started(0, 60_000);
      assert.equal(shown.at(-1), 'Run 1 sent… 0 s (times out after 60 s)');
      mock.timers.tick(14_000);
      assert.equal(shown.at(-1), 'Run 1 sent… 14 s (times out after 60 s)');
      waiting.finished(0);
      const count = shown.length;
      mock.timers.tick(5_000);
      assert.equal(shown.length, count, 'nothing counts once the run answered');
    } finally {
      mock.timers.reset();
    }
  });

  it('writes a time of day the same way in the summary and in the chart legend', () => {
    const iso = new Date().toISOString();
    assert.ok(time(iso).endsWith(shortTime(iso)), `${time(iso)} / ${shortTime(iso)}`);
    const early = new Date();
    early.setHours(1, 38, 16);
    assert.doesNotMatch(shortTime(early.toISOString()), /^0\d/);
  });
});

describe('money and settings texts', () => {
  it('a saving lost in floating-point sums reads $0, not −$0.00000', async () => {
    const { usd } = await import('../../../src/webview/format');
    assert.equal(usd(-1e-9), '$0');
    assert.equal(usd(-0.002), '−$0.00200');
  });
});
