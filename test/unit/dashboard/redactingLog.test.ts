import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SecretRedactor } from '../../../src/runner/redact';
import { redactingLog } from '../../../src/extension/dashboard/redactingLog';

class Channel {
  readonly name = 'Prompt Cache Lens';
  readonly calls: { method: string; args: unknown[] }[] = [];
  shown = 0;
  info(...args: unknown[]) {
    this.calls.push({ method: 'info', args });
  }
  error(...args: unknown[]) {
    this.calls.push({ method: 'error', args });
  }
  appendLine(line: string) {
    this.calls.push({ method: 'appendLine', args: [line] });
  }
  show() {
    this.shown++;
  }
}

describe('redactingLog', () => {
  const redactor = new SecretRedactor();
  redactor.add('KEY-5531-secret');

  it('redacts messages, extra values and errors (message and stack) before the channel sees them', () => {
    const channel = new Channel();
    const log = redactingLog(channel, redactor);
    const error = new Error('refused KEY-5531-secret at http://u:PW-778812@h/v1');
    log.info('using KEY-5531-secret', { url: 'http://h/v1?token=TOKEN-99', count: 5531 });
    log.error('failed', error);
    log.appendLine('line KEY-5531-secret');
    const text = JSON.stringify(channel.calls.map((c) => c.args.map((a) => (a instanceof Error ? `${a.name}: ${a.message} ${a.stack}` : a))));
    for (const leak of ['KEY-5531-secret', 'PW-778812', 'TOKEN-99']) assert.ok(!text.includes(leak), leak);
    assert.deepEqual(channel.calls[0].args, ['using [redacted]', { url: 'http://h/v1', count: 5531 }]);
    const logged = channel.calls[1].args[1];
    assert.ok(logged instanceof Error);
    assert.equal(logged.message, 'refused [redacted] at http://h/v1');
    // The caller's error is left as it was.
    assert.match(error.message, /KEY-5531-secret/);
  });

  it('passes every other member through to the channel', () => {
    const channel = new Channel();
    const log = redactingLog(channel, redactor);
    log.show();
    assert.equal(channel.shown, 1);
    assert.equal(log.name, 'Prompt Cache Lens');
  });
});
