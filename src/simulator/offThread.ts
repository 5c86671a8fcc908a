/**
 * Tokenizing big bodies on one worker thread. Jobs go to the worker one at a time from a queue kept
 * here, so a job whose client has gone is dropped before it costs anything. When no worker script
 * can be found (an unusual bundling), the work runs on the main thread as before.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { PromptParseError } from '../core/model';
import { countBodyText, type BodyCounts, type BodyFormat } from './promptIds';

export interface BodyCountJob {
  id: number;
  text: string;
  format: BodyFormat;
  model: string;
  assetDir?: string;
}

export type BodyCountReply = { id: number; counts: BodyCounts } | { id: number; error: string; parseError: boolean };

interface Pending {
  job: BodyCountJob;
  signal: AbortSignal;
  resolve: (counts: BodyCounts) => void;
  reject: (error: unknown) => void;
}

export class WorkCancelled extends Error {}

/** The bundled worker next to the bundle, or the TypeScript source when run from the sources. */
function workerSource(): { script: string; eval: boolean } | undefined {
  const here = typeof __dirname === 'string' ? __dirname : undefined;
  if (!here) return undefined;
  const bundled = join(here, 'simulatorWorker.js');
  if (existsSync(bundled)) return { script: bundled, eval: false };
  const source = join(here, 'bodyWorker.ts');
  if (!existsSync(source)) return undefined;
  try {
    // Development and tests run the sources through tsx; the worker needs its loader too.
    const loader = createRequire(join(here, 'offThread.ts')).resolve('tsx/cjs');
    return { script: `require(${JSON.stringify(loader)}); require(${JSON.stringify(source)});`, eval: true };
  } catch {
    return undefined;
  }
}

export class BodyCounter {
  private worker: Worker | undefined;
  private readonly queue: Pending[] = [];
  private current: Pending | undefined;
  private nextId = 1;
  private closed = false;
  private readonly source = workerSource();

  constructor(private readonly assetDir?: string) {}

  /** Counts `text` on the worker (main thread when there is none); rejects with WorkCancelled when `signal` aborts first. */
  count(text: string, format: BodyFormat, model: string, signal: AbortSignal): Promise<BodyCounts> {
    if (!this.source || this.closed) return countBodyText(text, format, model, this.assetDir);
    return new Promise((resolve, reject) => {
      const job: BodyCountJob = { id: this.nextId++, text, format, model, ...(this.assetDir ? { assetDir: this.assetDir } : {}) };
      this.queue.push({ job, signal, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.reject(new WorkCancelled('simulator closed'));
    this.current?.reject(new WorkCancelled('simulator closed'));
    this.current = undefined;
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }

  private pump(): void {
    if (this.current || !this.source) return;
    let next = this.queue.shift();
    while (next?.signal.aborted) {
      next.reject(new WorkCancelled('client went away'));
      next = this.queue.shift();
    }
    if (!next) return;
    this.current = next;
    this.ensureWorker().postMessage(next.job);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const source = this.source!;
    const worker = new Worker(source.script, { eval: source.eval });
    worker.unref();
    worker.on('message', (reply: BodyCountReply) => {
      const pending = this.current;
      if (!pending || pending.job.id !== reply.id) return;
      this.current = undefined;
      if ('counts' in reply) pending.resolve(reply.counts);
      else pending.reject(reply.parseError ? new PromptParseError(reply.error, 0, 1, 1) : new Error(reply.error));
      this.pump();
    });
    worker.on('error', (error) => this.fail(worker, error));
    worker.on('exit', (code) => this.fail(worker, new Error(`tokenizer worker exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }

  /** The worker died: its job fails, the next job starts a fresh one. */
  private fail(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    const pending = this.current;
    this.current = undefined;
    pending?.reject(error);
    if (!this.closed) this.pump();
  }
}
