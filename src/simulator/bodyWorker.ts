/**
 * Worker-thread entry: tokenizes one request body per message, so a multi-megabyte body does not
 * hold up the server's event loop. Bundled as `dist/simulatorWorker.js`.
 */
import { parentPort } from 'node:worker_threads';
import { PromptParseError } from '../core/model';
import type { BodyCountJob, BodyCountReply } from './offThread';
import { countBodyText } from './promptIds';

parentPort?.on('message', (job: BodyCountJob) => {
  countBodyText(job.text, job.format, job.model, job.assetDir).then(
    (counts) => {
      const reply: BodyCountReply = { id: job.id, counts };
      parentPort?.postMessage(reply, [counts.ids.buffer as ArrayBuffer]);
    },
    (error: unknown) => {
      const reply: BodyCountReply = {
        id: job.id,
        error: error instanceof Error ? error.message : String(error),
        parseError: error instanceof PromptParseError,
      };
      parentPort?.postMessage(reply);
    },
  );
});
