import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzePrompt } from '../../../src/core/analyze';
import { analysisToText } from '../../../src/core/report';
import { simulateSequence } from '../../../src/cli/simulateSequence';
import { varyPerRequestValues } from '../../../src/runner/perRunValues';

const policy = Array.from({ length: 80 }, (_, i) => `Policy ${i}: Refunds are available within 30 days of purchase for unused items with the original receipt.`).join('\n');
const dated = `Today's date: 2026-03-14\n\n${policy}\n\nQuestion: {{question}}\n`;
const timed = `Current time: 2026-03-14 10:30:00\n\n${policy}\n\nQuestion: {{question}}\n`;

describe('a date without a time of day', () => {
  it('is a warning that it changes every day, and the warm cache reads past it', async () => {
    const a = await analyzePrompt({ fileName: 'dated.prompt', text: dated });
    const finding = a.findings.find((f) => f.rule === 'labelled-dynamic-line');
    assert.equal(finding?.severity, 'warning');
    assert.match(finding?.message ?? '', /holds "2026-03-14" and changes every day: the first request each day misses$/);
    assert.equal(finding?.savingUsdPer1000IfFixed, undefined);
    assert.equal(a.cacheableTokens, 1664);
    assert.doesNotMatch(analysisToText(a), /2026-03-14" and changes per request|−\$/);
  });

  it('a date with a time of day still ends the prefix on every request', async () => {
    const a = await analyzePrompt({ fileName: 'timed.prompt', text: timed });
    assert.equal(a.cacheableTokens, 0);
    assert.equal(a.findings.find((f) => f.rule === 'labelled-dynamic-line')?.severity, 'error');
  });

  it('simulate lets the requests of one day share it, and a new day misses', async () => {
    const a = await analyzePrompt({ fileName: 'dated.prompt', text: dated });
    const requests = [a, a, a].map((analysis) => ({ file: 'dated.prompt', analysis }));
    assert.deepEqual(simulateSequence(requests, { intervalSeconds: 60 }).map((r) => r.cachedTokens), [0, 1664, 1664]);
    assert.deepEqual(simulateSequence(requests, { intervalSeconds: 86_400 }).map((r) => r.cachedTokens), [0, 0, 0]);
    const t = await analyzePrompt({ fileName: 'timed.prompt', text: timed });
    const timedRows = simulateSequence([t, t].map((analysis) => ({ file: 'timed.prompt', analysis })), { intervalSeconds: 60 });
    assert.deepEqual(timedRows.map((r) => r.cachedTokens), [0, 0]);
  });

  it('dashboard runs of one session send the same date, and a new time on every run', async () => {
    const a = await analyzePrompt({ fileName: 'both.prompt', text: `Today's date: 2026-03-14\nRequest time: 2026-03-14 10:30:00\n\n${policy}` });
    const started = Date.UTC(2026, 10, 29, 23, 58);
    const runs = [0, 1, 2].map((run) => varyPerRequestValues(a.request, 'session', run, started).values);
    assert.deepEqual(runs.map((v) => v["Today's date: 2026-03-14"]), Array(3).fill("Today's date: 2026-11-29"));
    assert.equal(new Set(runs.map((v) => v['2026-03-14 10:30:00'])).size, 3);
  });
});
