/** Runs `checkSource` off the test's thread, so that the test can tell a run that never ends. */
import { parentPort } from 'node:worker_threads';
import { checkSource, type SourceCase } from './sourceChecks';

parentPort?.on('message', (message: { id: number; input: SourceCase }) => {
  checkSource(message.input).then(
    (check) => parentPort?.postMessage({ id: message.id, check }),
    (error: unknown) => parentPort?.postMessage({ id: message.id, check: { problems: [`the check failed: ${error instanceof Error ? error.stack : String(error)}`], prompts: 0, unparsed: 0, fixesApplied: 0 } }),
  );
});
