/**
 * A stand-in analysis worker for the client's tests: does the real job, except when the file's
 * text starts with a directive — `#busy <ms>` holds the thread that long first (a long analysis),
 * `#crash` ends the worker thread as a crash would.
 */
import { parentPort } from 'node:worker_threads';
import { runJob } from '../../../src/core/analysisJobs';
import { TextAssembler, type WorkerMessage } from '../../../src/core/textParts';

const texts = new TextAssembler();

parentPort?.on('message', (message: WorkerMessage) => {
  const job = texts.receive(message);
  if (!job) return;
  const text = job.type === 'count' ? job.text : job.type === 'countBody' ? job.body : job.type === 'compare' ? job.first.text : job.input.text;
  if (text.startsWith('#crash')) process.exit(3);
  const busy = /^#busy (\d+)/.exec(text);
  if (busy) {
    const until = Date.now() + Number(busy[1]);
    while (Date.now() < until) {
      // Holds the thread, as a long synchronous analysis does.
    }
  }
  void runJob(job).then(({ reply, transfer }) => parentPort?.postMessage(reply, transfer));
});
