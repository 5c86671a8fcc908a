import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Analysis } from '../../../src/core/analyze';
import type { CallResult } from '../../../src/extension/analysisClient';
import { pendingStatus } from '../../../src/extension/pendingStatus';

describe('the status bar before the first analysis answers', () => {
  it('a source file just opened shows "analysing…" with the spinner, before any call is known', () => {
    const status = pendingStatus({ kind: 'source', busy: true }, true);
    assert.equal(status?.text, '$(loading~spin) analysing…');
    assert.match(status?.tooltip ?? '', /finding the LLM calls of this file/);
  });

  it('says the tokenizer is loading until it has loaded once', () => {
    assert.equal(pendingStatus({ kind: 'source', busy: true }, false)?.text, '$(loading~spin) loading tokenizer…');
    assert.equal(pendingStatus(undefined, false)?.text, '$(loading~spin) loading tokenizer…');
  });

  it('a prompt file waiting for its first count spins the same way', () => {
    assert.equal(pendingStatus({ kind: 'prompt', busy: true }, true)?.text, '$(loading~spin) analysing…');
  });

  it('says nothing of waiting once an analysis answered, or the file was refused or does not parse', () => {
    const calls: CallResult[] = [];
    assert.equal(pendingStatus({ kind: 'source', busy: true, calls }, true), undefined);
    assert.equal(pendingStatus({ kind: 'prompt', busy: true, analysis: {} as Analysis }, true), undefined);
    assert.equal(pendingStatus({ kind: 'source', busy: false, rejected: 'too large' }, true), undefined);
    assert.equal(pendingStatus({ kind: 'prompt', busy: false, parseError: { message: 'x', offset: 0, line: 1, column: 1 } }, true), undefined);
  });
});
