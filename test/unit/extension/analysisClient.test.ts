import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { analyzePrompt, InputRejectedError, type Analysis } from '../../../src/core/analyze';
import { editorView } from '../../../src/core/editorView';
import { PromptParseError } from '../../../src/core/model';
import { comparePrompts } from '../../../src/core/promptDiff';
import { analysisToJson } from '../../../src/core/report';
import { analyzeSource } from '../../../src/core/sources/analyzeSource';
import { countingBody, ProviderCounter, type CountingEndpoint } from '../../../src/runner/providerCount';
import { startSimulator } from '../../../src/simulator/index';
import { loadTokenizer } from '../../../src/core/tokens/tokenizer';
import { TEXT_PART_CHARS } from '../../../src/core/textParts';
import { AnalysisClient, analysisWorkerSource, stringSource, type TextSource } from '../../../src/extension/analysisClient';

const ROOT = join(__dirname, '..', '..', '..');
const EXAMPLES = join(ROOT, 'examples');
/** No bundle in this folder, so the client runs the TypeScript sources. */
const realWorker = analysisWorkerSource(join(ROOT, 'test'));
const scriptedWorker = analysisWorkerSource(join(ROOT, 'test'), join(__dirname, 'scriptedWorker.ts'));

const clients: AnalysisClient[] = [];
function client(source = realWorker, cancelAfterMs?: number): AnalysisClient {
  const c = new AnalysisClient({ source, cancelAfterMs });
  clients.push(c);
  return c;
}
after(() => {
  for (const c of clients) c.dispose();
});

/** Typed arrays as plain arrays, so a copy that crossed threads compares equal to the original. */
function plain(value: unknown): unknown {
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>);
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

function tokenLengths(a: Analysis): number[] {
  return Array.from({ length: a.rendered.ids.length }, (_, i) => a.tokenLength(i));
}

const plainPrompt = (words: number) => `You answer questions about the handbook.\n\n${'policy '.repeat(words)}\n\nQuestion: {{question}}\n`;

describe('AnalysisClient', () => {
  const shared = client();

  for (const name of readdirSync(EXAMPLES, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name)) {
    it(`gives what analyzePrompt gives in-thread for examples/${name}`, async () => {
      const text = readFileSync(join(EXAMPLES, name), 'utf8');
      const input = { fileName: name, text };
      const result = await shared.analyze(name, input);
      assert.ok(result);
      const local = await analyzePrompt(input);
      const { tokenLength: _a, ...remote } = result.analysis;
      const { tokenLength: _b, ...here } = local;
      assert.deepEqual(plain(remote), plain(here));
      assert.deepEqual(tokenLengths(result.analysis), tokenLengths(local));
      assert.deepEqual(analysisToJson(result.analysis, { sourceText: text }), analysisToJson(local, { sourceText: text }));
      assert.deepEqual(result.view, editorView(local, text.length));
    });
  }

  it('a parse error and a refused file come back as the errors analyzePrompt throws', async () => {
    await assert.rejects(shared.analyze('broken.json', { fileName: 'broken.json', text: '{"model": "gpt-4o", "messages": [' }), (err: unknown) => {
      assert.ok(err instanceof PromptParseError);
      assert.equal(err.line, 1);
      return true;
    });
    await assert.rejects(
      shared.analyze('big.prompt', { fileName: 'big.prompt', text: 'x'.repeat(2000), maxBytes: 1000 }),
      (err: unknown) => err instanceof InputRejectedError && err.reason === 'too-large',
    );
  });

  it('settings that are proxies (as VS Code returns them) reach the worker as plain data', async () => {
    const overrides = new Proxy({ 'gpt-4o': { input: 5, cachedInput: 1, output: 20 } }, {});
    const text = readFileSync(join(EXAMPLES, 'handbook-agent.prompty'), 'utf8');
    const result = await shared.analyze('proxy', { fileName: 'handbook-agent.prompty', text, priceOverrides: overrides });
    const local = await analyzePrompt({ fileName: 'handbook-agent.prompty', text, priceOverrides: { 'gpt-4o': { input: 5, cachedInput: 1, output: 20 } } });
    assert.deepEqual(result?.analysis.cost, local.cost);
  });

  for (const file of ['python-app/support_bot.py', 'python-app/research/brief.py', 'ts-app/src/assistant.ts', 'ts-app/src/claudeAgent.ts']) {
    it(`finds the LLM calls of examples/${file} as analyzeSource does in-thread, with each call's editor view`, async () => {
      const path = join(EXAMPLES, file);
      const text = readFileSync(path, 'utf8');
      const result = await shared.analyzeSource(file, { fileName: path, text });
      assert.ok(result);
      const local = await analyzeSource({ fileName: path, text, readFile: (p) => readFileSync(p, 'utf8') });
      assert.ok(local.prompts.length > 0);
      assert.equal(result.calls.length, local.prompts.length);
      result.calls.forEach((remote, i) => {
        const here = local.prompts[i];
        assert.deepEqual(remote.call, here.call);
        assert.deepEqual(analysisToJson(remote.analysis, { sourceText: text }), analysisToJson(here.analysis, { sourceText: text }));
        assert.deepEqual(remote.view, editorView(here.analysis, text.length));
      });
    });
  }

  it('a source file that imports no LLM SDK has no calls', async () => {
    const result = await shared.analyzeSource('plain.ts', { fileName: 'plain.ts', text: 'export const add = (a: number, b: number) => a + b;\n' });
    assert.deepEqual(result, { language: 'typescript', calls: [], readFiles: [], missingFiles: [], unparsedCalls: [] });
  });

  it('counts the tokens of a text as the tokenizer does in-thread', async () => {
    const text = 'Count these words, and this number: 12345.';
    const tokenizer = await loadTokenizer('o200k_base');
    assert.equal(await shared.count('selection', text, 'o200k_base'), tokenizer.count(text));
  });

  it('counts a provider counting body as the simulator\'s counting routes count it', async () => {
    const sim = await startSimulator({ port: 0 });
    try {
      for (const [file, endpoint] of [
        ['support-agent.prompty', { kind: 'simulator', baseURL: sim.url }],
        ['anthropic-request.json', { kind: 'anthropic', apiKey: 'unused', baseURL: sim.url }],
      ] as const satisfies ReadonlyArray<readonly [string, CountingEndpoint]>) {
        const text = readFileSync(join(EXAMPLES, file), 'utf8');
        const analysis = await analyzePrompt({ fileName: file, text });
        const body = countingBody(analysis.request, endpoint, analysis.model, text);
        const answer = await new ProviderCounter().count(endpoint, body);
        const api = endpoint.kind === 'anthropic' ? 'anthropic' : 'responses';
        assert.equal(await shared.countBody(`body:${file}`, JSON.stringify(body), api, analysis.model), answer.inputTokens, file);
      }
    } finally {
      await sim.close();
    }
  });

  it('compares two prompts in the worker as comparePrompts does in-thread', async () => {
    const first = { label: 'a', fileName: 'a.prompt', text: `Today is 2025-03-14.\n${plainPrompt(50)}` };
    const second = { label: 'b', fileName: 'b.prompt', text: `Today is 2025-03-15.\n${plainPrompt(50)}` };
    const remote = await shared.compare('explain', first, second);
    assert.deepEqual(remote, await comparePrompts(first, second));
    assert.equal(remote?.second.firstDifference?.word, '2025-03-15.');
  });

  describe('a text longer than one part, sent in parts', () => {
    // Over two parts, with a CRLF and a surrogate pair where a part ends.
    const edge = TEXT_PART_CHARS - 1;
    const body = plainPrompt(300_000);
    const text = `${body.slice(0, edge)}\r\n😀${body.slice(edge)}${'Answer in French. '.repeat(20_000)}`;
    const input = { fileName: 'long.prompt', text };

    /** Reads at most `limit` characters and never ends a range inside a CRLF, as VS Code's documents do. */
    function documentLike(limit: number, reads: Array<[number, number]>): TextSource {
      return {
        length: text.length,
        read: (start, end) => {
          let stop = Math.min(end, start + limit);
          if (text[stop - 1] === '\r') stop--;
          reads.push([start, stop]);
          return text.slice(start, stop);
        },
      };
    }

    it('gives the analysis and editor view analyzePrompt gives in-thread on the whole text', async () => {
      assert.ok(text.length > 2 * TEXT_PART_CHARS);
      const reads: Array<[number, number]> = [];
      const result = await shared.analyze('long', { ...input, text: documentLike(TEXT_PART_CHARS, reads) });
      assert.ok(result);
      assert.ok(reads.length >= 3, 'read in ranges, not at once');
      assert.ok(reads.some(([, stop]) => text.startsWith('\r\n', stop)), 'a range stopped short before a line break');
      const local = await analyzePrompt(input);
      assert.deepEqual(analysisToJson(result.analysis, { sourceText: text }), analysisToJson(local, { sourceText: text }));
      assert.deepEqual(tokenLengths(result.analysis), tokenLengths(local));
      assert.deepEqual(result.view, editorView(local, text.length));
    });

    it('reads that return less than asked (parts of any size) give the same analysis as one string', async () => {
      const whole = await shared.analyze('long-string', input);
      const odd = await shared.analyze('long-odd', { ...input, text: documentLike(333_333, []) });
      assert.ok(whole && odd);
      assert.equal(odd.analysis.promptTokens, whole.analysis.promptTokens);
      assert.deepEqual(Array.from(odd.analysis.rendered.ids), Array.from(whole.analysis.rendered.ids));
      assert.deepEqual(odd.view, whole.view);
    });

    it('counts a long text as the tokenizer does in-thread', async () => {
      const tokenizer = await loadTokenizer('o200k_base');
      assert.equal(await shared.count('long-count', stringSource(text), 'o200k_base'), tokenizer.count(text));
    });

    it('a text that changes while its parts are sent is dropped, and the next job runs', async () => {
      let version = 1;
      const source: TextSource = {
        length: text.length,
        read: (start, end) => {
          version++;
          return text.slice(start, end);
        },
        unchanged: () => version < 2,
      };
      assert.equal(await shared.analyze('edited', { ...input, text: source }), undefined);
      const next = await shared.analyze('edited', { fileName: 'a.prompt', text: plainPrompt(10) });
      assert.equal(next?.analysis.promptTokens, (await analyzePrompt({ fileName: 'a.prompt', text: plainPrompt(10) })).promptTokens);
    });

    it('a newer version outdates a text halfway through its parts', async () => {
      const c = client(scriptedWorker);
      const first = c.analyze('a', input);
      const newer = c.analyze('a', { fileName: 'a.prompt', text: plainPrompt(20) });
      assert.equal(await first, undefined);
      assert.ok((await newer)?.analysis.promptTokens);
      assert.equal(c.workersStarted, 1);
    });
  });

  it('a newer version supersedes a waiting one: only the newest result is delivered', async () => {
    const c = client(scriptedWorker);
    // Another document keeps the worker busy, so both versions of a.prompt wait.
    const other = c.analyze('other', { fileName: 'other.prompt', text: `#busy 300\n${plainPrompt(10)}` });
    const v1 = c.analyze('a', { fileName: 'a.prompt', text: plainPrompt(100) });
    const v2 = c.analyze('a', { fileName: 'a.prompt', text: plainPrompt(200) });
    assert.equal(await v1, undefined);
    const newest = await v2;
    assert.equal(newest?.analysis.promptTokens, (await analyzePrompt({ fileName: 'a.prompt', text: plainPrompt(200) })).promptTokens);
    assert.ok((await other)?.analysis);
  });

  it('the result of a running job that a newer version outdates is dropped', async () => {
    const c = client(scriptedWorker, 60_000);
    const running = c.analyze('a', { fileName: 'a.prompt', text: `#busy 200\n${plainPrompt(50)}` });
    const newer = c.analyze('a', { fileName: 'a.prompt', text: plainPrompt(60) });
    assert.equal(await running, undefined);
    assert.ok((await newer)?.analysis.promptTokens);
    assert.equal(c.workersStarted, 1, 'finished without a restart');
  });

  it('cancels a long analysis of an outdated version by restarting the worker', async () => {
    const c = client(scriptedWorker, 50);
    // Ten minutes of work the newer version makes pointless: only a cancellation ends it in time.
    const stuck = c.analyze('a', { fileName: 'a.prompt', text: `#busy 600000\n${plainPrompt(10)}` });
    const newer = c.analyze('a', { fileName: 'a.prompt', text: plainPrompt(20) });
    assert.equal(await stuck, undefined);
    const result = await newer;
    assert.ok(result?.analysis.promptTokens);
    assert.equal(c.workersStarted, 2);
  });

  it('the job after a cancellation runs to its end even when outdated', async () => {
    const c = client(scriptedWorker, 20);
    const first = c.analyze('a', { fileName: 'a.prompt', text: `#busy 600000\n${plainPrompt(10)}` });
    const second = c.analyze('a', { fileName: 'a.prompt', text: `#busy 300\n${plainPrompt(20)}` });
    assert.equal(await first, undefined);
    const third = c.analyze('a', { fileName: 'a.prompt', text: plainPrompt(30) });
    assert.equal(await second, undefined, 'outdated, so not delivered');
    assert.ok((await third)?.analysis);
    assert.equal(c.workersStarted, 2, 'the second job was not cancelled');
  });

  it('a worker that crashes fails its job, and the next job starts a new worker', async () => {
    const errors: Error[] = [];
    const c = new AnalysisClient({ source: scriptedWorker, onWorkerError: (e) => errors.push(e) });
    clients.push(c);
    await assert.rejects(c.analyze('a', { fileName: 'a.prompt', text: '#crash' }), /the analysis stopped/);
    assert.equal(errors.length, 1);
    const result = await c.analyze('a', { fileName: 'a.prompt', text: plainPrompt(10) });
    assert.ok(result?.analysis.promptTokens);
    assert.equal(c.workersStarted, 2);
  });

  it('a long analysis of one file does not hold back another: the short prompt is answered on a second worker', async () => {
    const c = new AnalysisClient({ source: scriptedWorker, sideLaneAfterMs: 50 });
    clients.push(c);
    // Twenty seconds of a file still current: neither superseded nor cancelled.
    const long = c.analyze('big', { fileName: 'big.prompt', text: `#busy 20000\n${plainPrompt(10)}` });
    const short = await c.analyze('small', { fileName: 'small.prompt', text: plainPrompt(20) });
    assert.equal(short?.analysis.promptTokens, (await analyzePrompt({ fileName: 'small.prompt', text: plainPrompt(20) })).promptTokens);
    const edited = await c.analyze('small', { fileName: 'small.prompt', text: plainPrompt(30) });
    assert.ok(edited?.analysis.promptTokens);
    assert.equal(c.workersStarted, 2, 'the long job kept its worker');
    c.dispose();
    assert.equal(await long, undefined);
  });

  it('the second worker stops after a while without a job, and starts again when another long analysis needs it', async () => {
    const c = new AnalysisClient({ source: scriptedWorker, sideLaneAfterMs: 50, sideLaneIdleMs: 100 });
    clients.push(c);
    const long = c.analyze('big', { fileName: 'big.prompt', text: `#busy 20000\n${plainPrompt(10)}` });
    assert.ok((await c.analyze('small', { fileName: 'small.prompt', text: plainPrompt(20) }))?.analysis.promptTokens);
    assert.equal(c.workersRunning, 2, 'the short prompt ran on a second worker');
    for (let waited = 0; c.workersRunning === 2 && waited < 10_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(c.workersRunning, 1, 'the idle second worker stopped; the long job kept its own');
    assert.ok((await c.analyze('other', { fileName: 'other.prompt', text: plainPrompt(30) }))?.analysis.promptTokens);
    assert.equal(c.workersStarted, 3, 'a new second worker answered the next short prompt');
    c.dispose();
    assert.equal(await long, undefined);
    assert.equal(c.workersRunning, 0);
  });

  it('waiting jobs run smallest first, a provider count body after every analysis', async () => {
    const posted: string[] = [];
    const c = new AnalysisClient({ source: scriptedWorker, sideLaneAfterMs: 60_000, onJobStep: (step, key) => step === 'posted' && posted.push(key) });
    clients.push(c);
    const busy = c.analyze('busy', { fileName: 'busy.prompt', text: `#busy 300\n${plainPrompt(10)}` });
    const jobs = [
      c.countBody('provider', JSON.stringify({ model: 'gpt-4o', input: 'hi' }), 'responses', 'gpt-4o'),
      c.analyze('large', { fileName: 'large.prompt', text: plainPrompt(400) }),
      c.analyze('medium', { fileName: 'medium.prompt', text: plainPrompt(100) }),
      c.analyze('small', { fileName: 'small.prompt', text: plainPrompt(5) }),
    ];
    await Promise.all([busy, ...jobs]);
    assert.deepEqual(posted, ['busy', 'small', 'medium', 'large', 'provider']);
  });

  it('forget drops the jobs of a closed document; dispose ends the rest', async () => {
    const c = client(scriptedWorker);
    const busy = c.analyze('a', { fileName: 'a.prompt', text: `#busy 200\n${plainPrompt(10)}` });
    const waiting = c.analyze('b', { fileName: 'b.prompt', text: plainPrompt(10) });
    c.forget('a');
    c.forget('b');
    assert.equal(await waiting, undefined);
    assert.equal(await busy, undefined);
    const late = c.analyze('c', { fileName: 'c.prompt', text: `#busy 200\n${plainPrompt(10)}` });
    c.dispose();
    assert.equal(await late, undefined);
    assert.equal(await c.analyze('d', { fileName: 'd.prompt', text: plainPrompt(10) }), undefined);
  });
});
