/**
 * The longest stop of the extension host's thread while a prompt is analysed: with the analysis
 * worker the extension uses (dist/analysisWorker.js through AnalysisClient), beside the same
 * analysis run on the thread itself (`analyzePrompt` then `editorView`, as before the worker).
 *
 * A 1 ms interval timer runs on this thread; the longest gap between two of its ticks, from posting
 * the text to holding the rebuilt analysis, is the longest synchronous stretch, i.e. the longest
 * the editor would not have answered a keystroke. The gaps are also kept per step (posting the
 * text, waiting for the worker, taking the result apart): a gap while the host only waits is the
 * machine's other load, not the extension's work.
 *
 * Run in a process of its own (bench/run.ts spawns it): the extension host's heap holds nothing of
 * the in-thread analyses the other benchmarks run, whose collection would otherwise show up here.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { analyzePrompt, type AnalyzeInput } from '../src/core/analyze';
import { editorView } from '../src/core/editorView';
import { AnalysisClient, analysisWorkerSource, type TextSource } from '../src/extension/analysisClient';
import { chatRequestFile, promptyFile } from './generatePrompt';
import { median } from './stats';

const ROOT = join(__dirname, '..');
const KB = 1024;
const MB = 1024 * KB;
/** The bound for any synchronous stretch on the extension host. */
const TARGET_STALL_MS = 50;
/** Runs per input with the worker, each with a fresh worker (cold caches, as when a file opens). */
const WORKER_RUNS = 5;

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

/**
 * The steps of a job as the host sees them: posting the text and the job, waiting while the
 * worker analyses (the host has nothing to do: a gap there is the machine's other load or the
 * host's garbage collection), and taking the reply apart.
 */
type Step = 'send' | 'wait' | 'receive';

/** Records the longest gap between ticks of a 1 ms timer on this thread, per step (where the gap ends). */
function stallMeter(): { enter: (step: Step) => void; stop: () => number; longest: Record<Step, number> } {
  let last = performance.now();
  let step: Step = 'send';
  const longest: Record<Step, number> = { send: 0, wait: 0, receive: 0 };
  const tick = () => {
    const now = performance.now();
    longest[step] = Math.max(longest[step], now - last);
    last = now;
  };
  const timer = setInterval(tick, 1);
  return {
    enter: (next) => {
      tick();
      step = next;
    },
    stop: () => {
      clearInterval(timer);
      tick();
      return Math.max(longest.send, longest.wait, longest.receive);
    },
    longest,
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

/**
 * The text as VS Code's extension host holds a document: an array of lines, a range read joining
 * the lines it covers (`TextDocument.getText(range)`), so the host reads what the extension reads.
 * Built before the timer starts, as the document exists before it is analysed.
 */
function documentSource(text: string): TextSource {
  const lines = text.split('\n');
  const starts = new Float64Array(lines.length);
  for (let i = 1; i < lines.length; i++) starts[i] = starts[i - 1] + lines[i - 1].length + 1;
  const lineOf = (offset: number) => {
    let low = 0;
    let high = lines.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  };
  return {
    length: text.length,
    read: (start, end) => {
      const first = lineOf(start);
      const last = lineOf(end);
      if (first === last) return lines[first].substring(start - starts[first], end - starts[first]);
      const parts = [lines[first].substring(start - starts[first])];
      for (let i = first + 1; i < last; i++) parts.push(lines[i]);
      parts.push(lines[last].substring(0, end - starts[last]));
      return parts.join('\n');
    },
  };
}

// A full collection before each run (below); the flag only makes V8's `gc` reachable.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

interface WorkerRun {
  stall: number;
  byStep: Record<Step, number>;
  elapsed: number;
  result: string;
}

async function withWorker(input: AnalyzeInput): Promise<WorkerRun> {
  const text = documentSource(input.text);
  // An open document's lines are old objects; collecting now keeps the garbage of generating this
  // input (and of the run before) out of the measure.
  collectGarbage();
  const started = performance.now();
  const meter = stallMeter();
  const client = new AnalysisClient({
    source: analysisWorkerSource(join(ROOT, 'dist')),
    onJobStep: (step) => meter.enter(step === 'posted' ? 'wait' : 'receive'),
  });
  try {
    // Read in ranges, as the extension reads a document (`documentText` in documentText.ts).
    const result = await outcome(client.analyze('bench', { ...input, text }));
    const stall = meter.stop();
    return { stall, byStep: meter.longest, elapsed: performance.now() - started, result };
  } finally {
    client.dispose();
  }
}

/** The longest gap of each step over the runs. */
function byStep(runs: WorkerRun[]): string {
  const worst = (step: Step) => ms(Math.max(...runs.map((r) => r.byStep[step])));
  return `longest while posting the text ${worst('send')}, while the worker analysed ${worst('wait')}, while taking the result apart ${worst('receive')}`;
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
    log(`host stall ${label}: worker ${runs.map((r) => ms(r.stall)).join(', ')}; ${byStep(runs)}`);
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
        detail: `longest gap of a 1 ms timer on the host thread from posting the text to holding the analysis; worst of ${WORKER_RUNS} runs (${stalls.map(ms).join(', ')}), a fresh worker each; ${byStep(runs)}; result after ${ms(median(runs.map((r) => r.elapsed)))} (median); ${runs[0].result}; ${worst <= TARGET_STALL_MS ? 'meets' : 'misses'} the ${TARGET_STALL_MS} ms target`,
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
  // `--json`: the rows as JSON on stdout, for bench/run.ts (which runs this file in a process of its own).
  const json = process.argv.includes('--json');
  void hostStalls((line) => process.stderr.write(`${line}\n`)).then((rows) => {
    if (json) process.stdout.write(JSON.stringify(rows));
    else for (const row of rows) process.stdout.write(`${row.measure}  ${row.value}  ${row.detail}\n`);
  });
}
