/**
 * Worker-thread entry of the editor's analysis: parse, tokenize, render, cache rules and what the
 * editor draws, one job at a time, so no analysis runs on the extension host's thread. Bundled as
 * `dist/analysisWorker.js`; it keeps its tokenizers and text caches between jobs.
 */
import { parentPort } from 'node:worker_threads';
import { runJob } from './analysisJobs';
import { TextAssembler, type WorkerMessage } from './textParts';

const texts = new TextAssembler();

parentPort?.on('message', (message: WorkerMessage) => {
  const job = texts.receive(message);
  if (job) void runJob(job).then(({ reply, transfer }) => parentPort?.postMessage(reply, transfer));
});
