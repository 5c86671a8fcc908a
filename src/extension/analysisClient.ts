/**
 * The extension host's side of the analysis worker (no `vscode` import, so it is tested on Node).
 *
 * One worker, started on the first job, restarted when it dies, terminated on dispose. Jobs carry
 * a key (a document); a newer job for a key supersedes the older one: a waiting job is dropped at
 * once, a running one finishes unseen, or, when it has run longer than `cancelAfterMs` while newer
 * work waits, the worker is terminated and started afresh. The job after such a cancellation runs
 * to its end even if outdated, so a file whose analysis is longer than the pause between edits
 * still gets one (and warms the worker's caches for the next).
 *
 * Waiting jobs go smallest text first. A job that has run longer than `sideLaneAfterMs` does not
 * hold back the other documents: their jobs run meanwhile on a second worker (the side lane,
 * started on first need), so a short prompt is counted while a long file is being analysed. The
 * side lane's worker stops after `sideLaneIdleMs` without a job: it holds a tokenizer's tables, and
 * most sessions need it only now and then.
 *
 * A text longer than `TEXT_PART_CHARS` goes to the worker in parts, one per turn of the host's
 * event loop, read from a `TextSource` (a document read in ranges), so no single step copies it all.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Analysis, AnalyzeInput } from '../core/analyze';
import type { AnalysisJob, AnalysisReply } from '../core/analysisJobs';
import type { CountedApi } from '../core/bodyCount';
import { attach, decodeError, fromPayload, type AnalysisPayload, type SourcePayload } from '../core/analysisTransfer';
import type { EditorView } from '../core/editorView';
import type { CompareInput, PromptDiff } from '../core/promptDiff';
import type { SourceCall } from '../core/sources/analyzeSource';
import type { UnparsedSourceCall } from '../core/sources/unparsedCall';
import type { SourceLanguage } from '../core/sources/languages';
import { TEXT_PART_CHARS, type TextPart } from '../core/textParts';
import type { EncodingName } from '../core/tokens/rendered';

/** How to start the worker: a script file, or code to evaluate (the TypeScript sources through tsx). */
export interface WorkerSource {
  script: string;
  eval: boolean;
}

/** The bundled worker in `dir`, else the TypeScript source run through tsx (development and tests). */
export function analysisWorkerSource(dir: string, sourceFile = join(__dirname, '..', 'core', 'analysisWorker.ts')): WorkerSource {
  const bundled = join(dir, 'analysisWorker.js');
  if (existsSync(bundled)) return { script: bundled, eval: false };
  const loader = createRequire(sourceFile).resolve('tsx/cjs');
  return { script: `require(${JSON.stringify(loader)}); require(${JSON.stringify(sourceFile)});`, eval: true };
}

/**
 * A text read in ranges (UTF-16 offsets), so the host never copies all of it in one step. `read`
 * may return less than asked (VS Code moves a range end off the middle of a line break); the next
 * read starts where it stopped.
 */
export interface TextSource {
  readonly length: number;
  read(start: number, end: number): string;
  /** False once the text changed since the source was made: the parts read no longer fit together. */
  unchanged?(): boolean;
}

/** A string as a `TextSource`. */
export function stringSource(text: string): TextSource {
  return { length: text.length, read: (start, end) => text.slice(start, end) };
}

/** What `analyze` and `analyzeSource` take: an input whose text may be read in ranges. */
export type AnalyzeRequest = Omit<AnalyzeInput, 'text'> & { text: string | TextSource };

/** Reads all of a short source. */
function readAll(source: TextSource): string {
  let text = '';
  while (text.length < source.length) {
    const part = source.read(text.length, source.length);
    if (part.length === 0) throw new Error(`the text stopped at ${text.length} of ${source.length} characters`);
    text += part;
  }
  return text;
}

/** A short text travels in the job; a long one in parts before it (the job then has an empty text). */
function textOf(text: string | TextSource): { inline: string; parts?: TextSource } {
  if (typeof text === 'string' && text.length <= TEXT_PART_CHARS) return { inline: text };
  const source = typeof text === 'string' ? stringSource(text) : text;
  return source.length <= TEXT_PART_CHARS ? { inline: readAll(source) } : { inline: '', parts: source };
}

export interface AnalysisResult {
  analysis: Analysis;
  /** What the editor draws, computed in the worker with the analysed text. */
  view?: EditorView;
}

/** One LLM call of a source file: where it is, its analysis and what the editor draws for it. */
export interface CallResult extends AnalysisResult {
  call: SourceCall;
}

export interface SourceResult {
  language: SourceLanguage;
  /** In source order; empty when the file makes no call the analysis recognises. */
  calls: CallResult[];
  /** Other files the analysis read: imported modules, prompt files the code reads. */
  readFiles: string[];
  /** Files the analysis looked for and did not find: creating one changes the calls too. */
  missingFiles: string[];
  /** LLM calls a syntax error keeps from being read: said in Problems and the status bar. */
  unparsedCalls: UnparsedSourceCall[];
}

export interface AnalysisClientOptions {
  source: WorkerSource;
  /** An outdated job running longer than this, while newer work waits, is cancelled. */
  cancelAfterMs?: number;
  /** Once the main worker's job has run this long, other documents' jobs go to a second worker. */
  sideLaneAfterMs?: number;
  /** The second worker stops once it has had no job for this long (started again on next need). */
  sideLaneIdleMs?: number;
  /** Told when the worker stops without being asked to (a crash), with the reason. */
  onWorkerError?: (error: Error) => void;
  /**
   * Told when a job (with all its text) has been posted to the worker and when its reply arrives:
   * the benchmark tells the host's own work apart from its waiting.
   */
  onJobStep?: (step: 'posted' | 'replied', key: string) => void;
}

const DEFAULT_CANCEL_AFTER_MS = 2000;
const DEFAULT_SIDE_LANE_AFTER_MS = 750;
const DEFAULT_SIDE_LANE_IDLE_MS = 60_000;

type JobBody = AnalysisJob extends infer J ? (J extends AnalysisJob ? Omit<J, 'id'> : never) : never;

interface Job {
  id: number;
  key: string;
  body: JobBody;
  /** The text, when it goes in parts before the job. */
  parts?: TextSource;
  resolve: (reply: AnalysisReply | undefined) => void;
  startedAt?: number;
  superseded: boolean;
  /** Runs to its end even when superseded (it started right after a cancellation for its key). */
  protected: boolean;
}

/** A worker and the job it runs. */
interface Lane {
  worker: Worker | undefined;
  current: Job | undefined;
  cancelTimer: ReturnType<typeof setTimeout> | undefined;
  /** Stops the lane's worker after a while without a job (the side lane only). */
  idleTimer: ReturnType<typeof setTimeout> | undefined;
}

const idleLane = (): Lane => ({ worker: undefined, current: undefined, cancelTimer: undefined, idleTimer: undefined });

/**
 * The order of waiting jobs: what the editor shows first, smallest text first; provider counting
 * (a background check of a figure already shown) after all of it.
 */
function jobRank(job: Job): number {
  return job.body.type === 'countBody' ? Number.MAX_SAFE_INTEGER - 1 : jobSize(job);
}

/** Characters the worker reads for a job. */
function jobSize(job: Job): number {
  if (job.parts) return job.parts.length;
  const body = job.body;
  switch (body.type) {
    case 'count':
      return body.text.length;
    case 'countBody':
      return body.body.length;
    case 'compare':
      return body.first.text.length + body.second.text.length;
    default:
      return body.input.text.length;
  }
}

/**
 * The job as plain data. Settings read from VS Code (price overrides) are proxies that a structured
 * clone refuses; everything but the text is JSON, so it goes through JSON (the text as it is).
 */
function cloneable(job: AnalysisJob): AnalysisJob {
  if (job.type === 'count' || job.type === 'countBody') return job;
  if (job.type === 'compare') return { ...job, first: plainInput(job.first), second: plainInput(job.second) };
  return { ...job, input: plainInput(job.input) };
}

function plainInput<T extends AnalyzeInput>(input: T): T {
  const { text, ...rest } = input;
  return { ...(JSON.parse(JSON.stringify(rest)) as Omit<T, 'text'>), text } as T;
}

/** Lets other tasks of the host's event loop run. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class AnalysisClient {
  private readonly waiting: Job[] = [];
  /** Runs every kind of job; the side lane only other documents' while the main one is long busy. */
  private readonly main: Lane = idleLane();
  private readonly side: Lane = idleLane();
  private sideLaneTimer: ReturnType<typeof setTimeout> | undefined;
  private nextId = 1;
  private disposed = false;
  private readonly cancelled = new Set<string>();
  private started = 0;

  constructor(private readonly options: AnalysisClientOptions) {}

  /** Workers started so far (1 after the first job; more after crashes and cancellations). */
  get workersStarted(): number {
    return this.started;
  }

  /** Workers running now (0 before the first job, at most 2). */
  get workersRunning(): number {
    return (this.main.worker ? 1 : 0) + (this.side.worker ? 1 : 0);
  }

  /**
   * Analyses `input` in the worker. Resolves `undefined` when a newer job for `key` superseded this
   * one (or the client was disposed); rejects with `PromptParseError`, `InputRejectedError` or an
   * `Error` as `analyzePrompt` would.
   */
  async analyze(key: string, input: AnalyzeRequest): Promise<AnalysisResult | undefined> {
    const { inline, parts } = textOf(input.text);
    const reply = await this.submit(key, { type: 'analyze', input: { ...input, text: inline } }, parts);
    if (!reply) return undefined;
    if (reply.type === 'error') throw decodeError(reply.error);
    if (reply.type !== 'analysis') throw new Error(`unexpected reply ${reply.type} to an analysis`);
    const payload = (await attach(reply.payload, nextTurn)) as AnalysisPayload;
    if (this.isSuperseded(key, reply.id)) return undefined;
    return fromPayload(payload);
  }

  /**
   * Finds and analyses the LLM calls of a Python, TypeScript or JavaScript file in the worker.
   * Resolves `undefined` when superseded, like `analyze`.
   */
  async analyzeSource(key: string, input: AnalyzeRequest): Promise<SourceResult | undefined> {
    const { inline, parts } = textOf(input.text);
    const reply = await this.submit(key, { type: 'source', input: { ...input, text: inline } }, parts);
    if (!reply) return undefined;
    if (reply.type === 'error') throw decodeError(reply.error);
    if (reply.type !== 'source') throw new Error(`unexpected reply ${reply.type} to a source analysis`);
    const payload = (await attach(reply.payload, nextTurn)) as SourcePayload;
    if (this.isSuperseded(key, reply.id)) return undefined;
    return {
      language: payload.language,
      calls: payload.prompts.map(({ call, ...rest }) => ({ call, ...fromPayload(rest) })),
      readFiles: payload.readFiles,
      missingFiles: payload.missingFiles,
      unparsedCalls: payload.unparsedCalls,
    };
  }

  /** Counts the tokens of `text` in the worker; `undefined` when superseded for `key`. */
  async count(key: string, text: string | TextSource, encoding: EncodingName, assetDir?: string): Promise<number | undefined> {
    const { inline, parts } = textOf(text);
    const reply = await this.submit(key, { type: 'count', text: inline, encoding, ...(assetDir ? { assetDir } : {}) }, parts);
    if (!reply) return undefined;
    if (reply.type === 'error') throw decodeError(reply.error);
    if (reply.type !== 'count') throw new Error(`unexpected reply ${reply.type} to a count`);
    return reply.count;
  }

  /**
   * Counts a provider counting body (its JSON text) in the worker as the provider counts `api`'s
   * requests; `undefined` when superseded for `key`.
   */
  async countBody(key: string, body: string, api: CountedApi, model: string, assetDir?: string): Promise<number | undefined> {
    const reply = await this.submit(key, { type: 'countBody', body, api, model, ...(assetDir ? { assetDir } : {}) });
    if (!reply) return undefined;
    if (reply.type === 'error') throw decodeError(reply.error);
    if (reply.type !== 'count') throw new Error(`unexpected reply ${reply.type} to a body count`);
    return reply.count;
  }

  /**
   * Renders two prompts side by side in the worker, with the first token where they differ;
   * `undefined` when superseded for `key`.
   */
  async compare(key: string, first: CompareInput, second: CompareInput): Promise<PromptDiff | undefined> {
    const reply = await this.submit(key, { type: 'compare', first, second });
    if (!reply) return undefined;
    if (reply.type === 'error') throw decodeError(reply.error);
    if (reply.type !== 'compare') throw new Error(`unexpected reply ${reply.type} to a comparison`);
    return this.isSuperseded(key, reply.id) ? undefined : reply.diff;
  }

  /** Drops the jobs of `key` (a closed document): waiting ones at once, a running one unseen. */
  forget(key: string): void {
    this.supersede(key);
    this.cancelled.delete(key);
  }

  dispose(): void {
    this.disposed = true;
    this.clearSideLaneTimer();
    for (const job of this.waiting.splice(0)) job.resolve(undefined);
    for (const lane of [this.main, this.side]) {
      this.clearCancelTimer(lane);
      this.clearIdleTimer(lane);
      lane.current?.resolve(undefined);
      lane.current = undefined;
      const worker = lane.worker;
      lane.worker = undefined;
      void worker?.terminate();
    }
  }

  /** Newest job ids per key, to drop replies that arrive for outdated jobs. */
  private readonly newest = new Map<string, number>();

  private isSuperseded(key: string, id: number): boolean {
    return this.disposed || this.newest.get(key) !== id;
  }

  private submit(key: string, body: JobBody, parts?: TextSource): Promise<AnalysisReply | undefined> {
    if (this.disposed) return Promise.resolve(undefined);
    this.supersede(key);
    return new Promise((resolve) => {
      const job: Job = { id: this.nextId++, key, body, parts, resolve, superseded: false, protected: false };
      this.newest.set(key, job.id);
      this.waiting.push(job);
      this.pump();
      this.armCancels();
    });
  }

  private supersede(key: string): void {
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      if (this.waiting[i].key !== key) continue;
      this.waiting[i].resolve(undefined);
      this.waiting.splice(i, 1);
    }
    this.newest.delete(key);
    for (const lane of [this.main, this.side]) if (lane.current?.key === key) lane.current.superseded = true;
  }

  /** Starts the next jobs: on the main lane when it is free, on the side lane when the main one is long busy. */
  private pump(): void {
    if (this.disposed) return;
    if (!this.main.current) this.start(this.main, this.takeNext(() => true));
    this.clearSideLaneTimer();
    const busy = this.main.current;
    if (this.side.current || !busy || busy.startedAt === undefined) return;
    // A job of the document the main lane runs waits for it (supersede and cancel apply there).
    const other = (job: Job) => job.key !== busy.key;
    if (!this.waiting.some(other)) return;
    const left = busy.startedAt + (this.options.sideLaneAfterMs ?? DEFAULT_SIDE_LANE_AFTER_MS) - Date.now();
    if (left <= 0) {
      this.start(this.side, this.takeNext(other));
      return;
    }
    this.sideLaneTimer = setTimeout(() => {
      this.sideLaneTimer = undefined;
      this.pump();
      this.armCancels();
    }, left);
  }

  /** Removes and returns the first waiting job by `jobRank` that `fits` (the earliest of equals). */
  private takeNext(fits: (job: Job) => boolean): Job | undefined {
    let best = -1;
    for (let i = 0; i < this.waiting.length; i++) {
      if (fits(this.waiting[i]) && (best < 0 || jobRank(this.waiting[i]) < jobRank(this.waiting[best]))) best = i;
    }
    return best < 0 ? undefined : this.waiting.splice(best, 1)[0];
  }

  private start(lane: Lane, job: Job | undefined): void {
    if (!job) return;
    lane.current = job;
    job.startedAt = Date.now();
    job.protected = this.cancelled.delete(job.key);
    const worker = this.ensureWorker(lane);
    // Keeps a Node process alive while a job runs, not while the worker idles.
    worker.ref();
    if (job.parts) void this.postInParts(lane, job, worker, job.parts);
    else this.post(lane, job, worker, false);
  }

  private post(lane: Lane, job: Job, worker: Worker, textInParts: boolean): void {
    try {
      worker.postMessage(cloneable({ ...job.body, id: job.id, ...(textInParts ? { textInParts } : {}) } as AnalysisJob));
      this.options.onJobStep?.('posted', job.key);
    } catch (error) {
      this.failToPost(lane, job, worker, error);
    }
  }

  /**
   * Posts the text one part per turn, then the job. Stops when the job stops being the running
   * one (cancelled, crashed, disposed: whoever stopped it settled it), and drops the job when the
   * text changed meanwhile or a newer job outdated it before the worker saw it.
   */
  private async postInParts(lane: Lane, job: Job, worker: Worker, text: TextSource): Promise<void> {
    const running = () => lane.current === job && lane.worker === worker;
    const outdated = () => (job.superseded && !job.protected) || text.unchanged?.() === false;
    try {
      for (let start = 0; start < text.length; ) {
        if (outdated()) return this.drop(lane, job, worker);
        const part = text.read(start, Math.min(text.length, start + TEXT_PART_CHARS));
        if (part.length === 0) throw new Error(`the text stopped at ${start} of ${text.length} characters`);
        worker.postMessage({ type: 'textPart', id: job.id, part } satisfies TextPart);
        start += part.length;
        await nextTurn();
        if (!running()) return;
      }
    } catch (error) {
      if (running()) this.failToPost(lane, job, worker, error);
      return;
    }
    if (outdated()) return this.drop(lane, job, worker);
    this.post(lane, job, worker, true);
  }

  /** Nothing (or only part of the text) reached the worker: the job fails on its own and the next one goes. */
  private failToPost(lane: Lane, job: Job, worker: Worker, error: unknown): void {
    lane.current = undefined;
    worker.unref();
    job.resolve({ type: 'error', id: job.id, error: { kind: 'other', message: error instanceof Error ? error.message : String(error) } });
    this.pump();
  }

  /** Ends a job whose text never fully reached the worker (the worker drops its parts on the next job). */
  private drop(lane: Lane, job: Job, worker: Worker): void {
    lane.current = undefined;
    this.clearCancelTimer(lane);
    worker.unref();
    job.resolve(undefined);
    this.pump();
    this.armCancels();
  }

  private armCancels(): void {
    this.armCancel(this.main);
    this.armCancel(this.side);
    this.armSideIdle();
  }

  /** Stops the side lane's worker once it has idled `sideLaneIdleMs`; a job on it stops the clock. */
  private armSideIdle(): void {
    const lane = this.side;
    if (lane.current || !lane.worker || this.disposed) return this.clearIdleTimer(lane);
    if (lane.idleTimer) return;
    lane.idleTimer = setTimeout(() => {
      lane.idleTimer = undefined;
      if (lane.current || !lane.worker) return;
      const worker = lane.worker;
      lane.worker = undefined;
      void worker.terminate();
    }, this.options.sideLaneIdleMs ?? DEFAULT_SIDE_LANE_IDLE_MS);
    // The clock does not keep a Node process (a test run, the CLI) alive.
    lane.idleTimer.unref?.();
  }

  private clearIdleTimer(lane: Lane): void {
    if (lane.idleTimer) clearTimeout(lane.idleTimer);
    lane.idleTimer = undefined;
  }

  /** Cancels a lane's running job when it is outdated, not protected, and newer work waits. */
  private armCancel(lane: Lane): void {
    this.clearCancelTimer(lane);
    const job = lane.current;
    if (!job?.superseded || job.protected || this.waiting.length === 0 || job.startedAt === undefined) return;
    const limit = this.options.cancelAfterMs ?? DEFAULT_CANCEL_AFTER_MS;
    const left = Math.max(0, job.startedAt + limit - Date.now());
    lane.cancelTimer = setTimeout(() => {
      lane.cancelTimer = undefined;
      if (lane.current !== job) return;
      this.cancelled.add(job.key);
      this.restart(lane);
    }, left);
  }

  private clearCancelTimer(lane: Lane): void {
    if (lane.cancelTimer) clearTimeout(lane.cancelTimer);
    lane.cancelTimer = undefined;
  }

  private clearSideLaneTimer(): void {
    if (this.sideLaneTimer) clearTimeout(this.sideLaneTimer);
    this.sideLaneTimer = undefined;
  }

  /** Stops a lane's worker in the middle of an outdated job; the lane's next job starts a fresh one. */
  private restart(lane: Lane): void {
    const worker = lane.worker;
    lane.worker = undefined;
    const job = lane.current;
    lane.current = undefined;
    job?.resolve(undefined);
    void worker?.terminate();
    this.pump();
    this.armCancels();
  }

  private ensureWorker(lane: Lane): Worker {
    if (lane.worker) return lane.worker;
    const { script, eval: isCode } = this.options.source;
    const worker = new Worker(script, { eval: isCode });
    this.started++;
    worker.on('message', (reply: AnalysisReply) => this.received(lane, worker, reply));
    worker.on('error', (error) => this.died(lane, worker, error));
    worker.on('exit', (code) => this.died(lane, worker, new Error(`the analysis worker stopped (exit code ${code})`)));
    lane.worker = worker;
    return worker;
  }

  private received(lane: Lane, worker: Worker, reply: AnalysisReply): void {
    const job = lane.current;
    if (worker !== lane.worker || !job || job.id !== reply.id) return;
    this.options.onJobStep?.('replied', job.key);
    lane.current = undefined;
    this.clearCancelTimer(lane);
    worker.unref();
    job.resolve(job.superseded ? undefined : reply);
    this.pump();
    this.armCancels();
  }

  /** The worker died on its own: its job fails, the lane's next job starts a fresh worker. */
  private died(lane: Lane, worker: Worker, error: Error): void {
    if (worker !== lane.worker) return;
    lane.worker = undefined;
    this.options.onWorkerError?.(error);
    const job = lane.current;
    lane.current = undefined;
    this.clearCancelTimer(lane);
    if (job) {
      job.resolve(
        job.superseded
          ? undefined
          : { type: 'error', id: job.id, error: { kind: 'other', message: `the analysis stopped: ${error.message}` } },
      );
    }
    this.pump();
    this.armCancels();
  }
}
