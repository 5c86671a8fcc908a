/** `prompt-cache-lens simulate <file>... [--interval S] [--key K] [--json]` */
import { formatCount } from '../../core/report';
import { CliError, EXIT } from '../errors';
import type { CliIo } from '../io';
import { maxBytesOption, numberOption, parseCommandArgs } from '../options';
import type { Analysis } from '../../core/analyze';
import { analyzeFile } from '../promptFile';
import { simulateSequence } from '../simulateSequence';
import { analyzeSourceFile, callLocations, isSourceFileName } from '../sourceFile';
import { formatTable } from '../table';
import { COMMAND_USAGE } from '../usage';

interface RequestOf {
  /** The file, or `file:line:column` of an LLM call in source code. */
  file: string;
  analysis: Analysis;
}

/** A prompt file is one request; a source file is each LLM call it makes, as `analyze` reads them. */
async function requestsOf(file: string, options: { model?: string; maxBytes?: number }): Promise<RequestOf[]> {
  if (!isSourceFileName(file)) return [{ file, analysis: (await analyzeFile(file, options)).analysis }];
  const source = await analyzeSourceFile(file, options);
  if (source.result.prompts.length === 0) throw new CliError(`${file}: no LLM calls found, nothing to simulate`);
  const locations = callLocations(source);
  return source.result.prompts.map(({ analysis }, i) => ({ file: locations[i], analysis }));
}

export async function simulateCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    interval: { type: 'string' },
    key: { type: 'string' },
    'as-written': { type: 'boolean' },
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
  const analysed = new Map<string, RequestOf[]>();
  const requests: RequestOf[] = [];
  for (const file of positionals) {
    let done = analysed.get(file);
    if (!done) {
      done = await requestsOf(file, { model: values.model, maxBytes });
      analysed.set(file, done);
    }
    requests.push(...done);
  }
  const rows = simulateSequence(requests, { intervalSeconds, promptCacheKey: values.key, asWritten: values['as-written'] });

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
  const perRun = values.key === undefined ? [...new Set(requests.filter((r) => r.analysis.request.promptCacheKeyPerRun).map((r) => r.file))] : [];
  if (perRun.length > 0) {
    io.stdout(
      `\n${perRun.join(', ')}: each run gets its own prompt_cache_key (openai-agents 0.14 and later, without a conversation, session or group_id), ` +
        'so each request above is simulated with a key of its own and routed apart from the others; --key <key> simulates one key for all.\n',
    );
  }
  return EXIT.ok;
}
