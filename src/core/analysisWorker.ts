/**
 * Worker-thread entry of the editor's analysis: parse, tokenize, render, cache rules and what the
 * editor draws, one job at a time, so no analysis runs on the extension host's thread. Bundled as
 * `dist/analysisWorker.js`; it keeps its tokenizers and text caches between jobs.
 */
import { parentPort } from 'node:worker_threads';
import { runJob, type AnalysisJob } from './analysisJobs';

parentPort?.on('message', (job: AnalysisJob) => {
  void runJob(job).then(({ reply, transfer }) => parentPort?.postMessage(reply, transfer));
});
