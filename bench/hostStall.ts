/**
 * The longest stop of the extension host's thread while a prompt is analysed: with the analysis
 * worker the extension uses (dist/analysisWorker.js through AnalysisClient), beside the same
 * analysis run on the thread itself (`analyzePrompt` then `editorView`, as before the worker).
 *
 * A 1 ms interval timer runs on this thread; the longest gap between two of its ticks, from posting
 * the text to holding the rebuilt analysis, is the longest synchronous stretch, i.e. the longest
 * the editor would not have answered a keystroke.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyzePrompt, type AnalyzeInput } from '../src/core/analyze';
import { editorView } from '../src/core/editorView';
import { AnalysisClient, analysisWorkerSource } from '../src/extension/analysisClient';
import { chatRequestFile, promptyFile } from './generatePrompt';
import { median } from './stats';

const ROOT = join(__dirname, '..');
const KB = 1024;
const MB = 1024 * KB;
/** The bound for any synchronous stretch on the extension host. */
const TARGET_STALL_MS = 50;
/** Runs per input with the worker, each with a fresh worker (cold caches, as when a file opens). */
const WORKER_RUNS = 3;

export interface StallRow {
  measure: string;
  value: string;
  detail: string;
}

interface StallInput {
  label: string;
  fileName: string;
  make: (seed: number) => string;
}

/** A Chat Completions request whose one tool's parameters nest `depth` objects deep. */
function deepJson(depth: number): string {
  const schema = `${'{"type":"object","properties":{"a":'.repeat(depth)}{"type":"string"}${'}}'.repeat(depth)}`;
  return `{"model":"gpt-4o","tools":[{"type":"function","function":{"name":"deep","parameters":${schema}}}],"messages":[{"role":"user","content":"Hello"}]}`;
}

/** A Chat Completions request with `count` small function tools. */
function manyTools(count: number, seed: number): string {
  const tools = Array.from({ length: count }, (_, i) => ({
    type: 'function',
    function: {
      name: `tool_${seed}_${i}`,
      description: `Looks up record ${i} of the ${seed} archive by its id.`,
      parameters: { type: 'object', properties: { id: { type: 'string', description: 'Record id' } }, required: ['id'] },
    },
  }));
  return JSON.stringify({ model: 'gpt-4o', tools, messages: [{ role: 'user', content: 'Find record 7.' }] }, null, 2);
}

const INPUTS: StallInput[] = [
  { label: '50 KB Prompty', fileName: 'support.prompty', make: (seed) => promptyFile(seed, 50 * KB) },
  { label: '1 MB Prompty', fileName: 'support.prompty', make: (seed) => promptyFile(seed, MB) },
  { label: '1 MB Chat Completions JSON', fileName: 'support.json', make: (seed) => chatRequestFile(seed, MB) },
  { label: '20 MB Chat Completions JSON (the size limit)', fileName: 'support.json', make: (seed) => chatRequestFile(seed, 20 * MB) },
  { label: '1 MB unbroken word', fileName: 'word.prompt', make: (seed) => `${'abcdefghij'.repeat(MB / 10)}${seed}` },
  { label: '3,000-deep JSON', fileName: 'deep.json', make: () => deepJson(3000) },
  { label: '20,000 tools', fileName: 'tools.json', make: (seed) => manyTools(20_000, seed) },
];

/** Records the longest gap between ticks of a 1 ms timer on this thread. */
function stallMeter(): { stop: () => number } {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(longest, performance.now() - last);
    },
  };
}

function ms(value: number): string {
  return `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
}

/** How an analysis ended, for the detail column (a refused file is a result too). */
async function outcome(work: Promise<unknown>): Promise<string> {
  try {
    await work;
    return 'analysed';
  } catch (error) {
    return `refused: ${error instanceof Error ? error.message.slice(0, 60) : String(error)}`;
  }
}

async function withWorker(input: AnalyzeInput): Promise<{ stall: number; elapsed: number; result: string }> {
  const client = new AnalysisClient({ source: analysisWorkerSource(join(ROOT, 'dist')) });
  try {
    const started = performance.now();
    const meter = stallMeter();
    const result = await outcome(client.analyze('bench', input));
    const stall = meter.stop();
    return { stall, elapsed: performance.now() - started, result };
  } finally {
    client.dispose();
  }
}

async function inThread(input: AnalyzeInput): Promise<{ stall: number; result: string }> {
  const meter = stallMeter();
  // Lets the timer tick once before the work starts, as it would between two editor events.
  await new Promise((resolve) => setTimeout(resolve, 5));
  const result = await outcome(analyzePrompt(input).then((a) => editorView(a, input.text.length)));
  return { stall: meter.stop(), result };
}

/**
 * Host stalls per input, worker beside in-thread; `log` reports progress. Every worker run comes
 * first, while this thread's heap holds nothing of an in-thread analysis (as in the extension
 * host, where no analysis runs): an in-thread run leaves caches behind whose collection would
 * show up as stalls of the runs after it.
 */
export async function hostStalls(log: (line: string) => void): Promise<StallRow[]> {
  const measured = [];
  for (const { label, fileName, make } of INPUTS) {
    const runs = [];
    for (let run = 0; run < WORKER_RUNS; run++) runs.push(await withWorker({ fileName, text: make(300 + run) }));
    measured.push(runs);
    log(`host stall ${label}: worker ${runs.map((r) => ms(r.stall)).join(', ')}`);
  }
  const rows: StallRow[] = [];
  for (const [i, { label, fileName, make }] of INPUTS.entries()) {
    const runs = measured[i];
    const stalls = runs.map((r) => r.stall);
    const worst = Math.max(...stalls);
    // Fresh text, so the thread's caches hold nothing of it: a first analysis, as on opening the file.
    const local = await inThread({ fileName, text: make(900) });
    rows.push(
      {
        measure: `Host stall, ${label}: analysis worker`,
        value: ms(worst),
        detail: `longest gap of a 1 ms timer on the host thread from posting the text to holding the analysis; worst of ${WORKER_RUNS} runs (${stalls.map(ms).join(', ')}), a fresh worker each; result after ${ms(median(runs.map((r) => r.elapsed)))} (median); ${runs[0].result}; ${worst <= TARGET_STALL_MS ? 'meets' : 'misses'} the ${TARGET_STALL_MS} ms target`,
      },
      {
        measure: `Host stall, ${label}: in-thread analyzePrompt`,
        value: ms(local.stall),
        detail: `the same analysis and editorView on the host thread, one run on fresh text; ${local.result}`,
      },
    );
    log(`host stall ${label}: in-thread ${ms(local.stall)}`);
  }
  return rows;
}

if (require.main === module) {
  void hostStalls((line) => process.stderr.write(`${line}\n`)).then((rows) => {
    for (const row of rows) process.stdout.write(`${row.measure}  ${row.value}  ${row.detail}\n`);
  });
}
