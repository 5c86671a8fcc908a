import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AnalysisJob } from '../../src/core/analysisJobs';
import { TextAssembler } from '../../src/core/textParts';

const analyzeJob = (id: number, text: string, textInParts?: boolean): AnalysisJob => ({
  type: 'analyze',
  id,
  input: { fileName: 'a.prompt', text },
  ...(textInParts ? { textInParts } : {}),
});

describe('TextAssembler', () => {
  it('gives the job back with its parts joined in order', () => {
    const texts = new TextAssembler();
    assert.equal(texts.receive({ type: 'textPart', id: 4, part: 'Hello, ' }), undefined);
    assert.equal(texts.receive({ type: 'textPart', id: 4, part: 'wor' }), undefined);
    assert.equal(texts.receive({ type: 'textPart', id: 4, part: 'ld\r\n' }), undefined);
    const job = texts.receive(analyzeJob(4, '', true));
    assert.equal(job?.type === 'analyze' && job.input.text, 'Hello, world\r\n');
  });

  it('a surrogate pair split between two parts is whole again', () => {
    const texts = new TextAssembler();
    const emoji = '😀';
    texts.receive({ type: 'textPart', id: 1, part: `a${emoji[0]}` });
    texts.receive({ type: 'textPart', id: 1, part: `${emoji[1]}b` });
    const job = texts.receive({ type: 'count', id: 1, text: '', encoding: 'o200k_base', textInParts: true });
    assert.equal(job?.type === 'count' && job.text, `a${emoji}b`);
  });

  it('drops the parts of a job the host gave up on when the next job starts', () => {
    const texts = new TextAssembler();
    texts.receive({ type: 'textPart', id: 1, part: 'old version, half sent' });
    texts.receive({ type: 'textPart', id: 2, part: 'new ' });
    texts.receive({ type: 'textPart', id: 2, part: 'version' });
    const job = texts.receive(analyzeJob(2, '', true));
    assert.equal(job?.type === 'analyze' && job.input.text, 'new version');
  });

  it('a job that carries its own text passes through, and leaves nothing for the next', () => {
    const texts = new TextAssembler();
    texts.receive({ type: 'textPart', id: 1, part: 'abandoned' });
    assert.deepEqual(texts.receive(analyzeJob(2, 'short text')), analyzeJob(2, 'short text'));
    const job = texts.receive(analyzeJob(3, '', true));
    assert.equal(job?.type === 'analyze' && job.input.text, '');
  });
});
