/** `prompt-cache-lens simulate <file>... [--interval S] [--key K] [--json]` */
import { formatCount } from '../../core/report';
import { CliError, EXIT } from '../errors';
import type { CliIo } from '../io';
import { maxBytesOption, numberOption, parseCommandArgs } from '../options';
import { analyzeFile } from '../promptFile';
import { simulateSequence } from '../simulateSequence';
import { formatTable } from '../table';
import { COMMAND_USAGE } from '../usage';

export async function simulateCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    interval: { type: 'string' },
    key: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) {
    io.stdout(COMMAND_USAGE.simulate);
    return EXIT.ok;
  }
  if (positionals.length === 0) throw new CliError('simulate needs at least one file', EXIT.badInput, true);
  const intervalSeconds = numberOption('interval', values.interval, (n) => n >= 0, 'a number of seconds (0 or more)') ?? 0;
  const maxBytes = maxBytesOption(values['max-size']);

  // The same file named twice is analysed once: the requests are identical.
  const analysed = new Map<string, Awaited<ReturnType<typeof analyzeFile>>>();
  const requests = [];
  for (const file of positionals) {
    let done = analysed.get(file);
    if (!done) {
      done = await analyzeFile(file, { model: values.model, maxBytes });
      analysed.set(file, done);
    }
    requests.push({ file, analysis: done.analysis });
  }
  const rows = simulateSequence(requests, { intervalSeconds, promptCacheKey: values.key });

  if (values.json) {
    io.stdout(`${JSON.stringify({ intervalSeconds, requests: rows }, null, 2)}\n`);
    return EXIT.ok;
  }
  io.stdout(
    formatTable(
      ['#', 'time', 'file', 'model', 'prompt', 'cached', 'written', 'outcome'],
      rows.map((r, i) => [
        String(i + 1),
        `${r.timeSeconds}s`,
        r.file,
        r.model,
        formatCount(r.promptTokens),
        formatCount(r.cachedTokens),
        formatCount(r.cacheWriteTokens),
        r.outcome,
      ]),
      new Set([0, 1, 4, 5, 6]),
    ),
  );
  return EXIT.ok;
}
