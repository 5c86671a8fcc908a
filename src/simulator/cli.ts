/**
 * `prompt-cache-lens simulator --port N [--seed S] [--fault SPEC]...`: the simulated endpoint as a
 * standalone process. Prints the base URL and serves until SIGINT (or until `stop` aborts).
 *
 * Fault specs (repeatable `--fault`):
 *   latency=MS          added before every response
 *   chunk-interval=MS   between streamed chunks
 *   429=TRIGGER         rate limit, with `retry-after-ms=MS` for the advertised wait
 *   500=TRIGGER         server error (529 overloaded on the Anthropic routes; `529=` is the same fault)
 *   drop=TRIGGER  malformed=TRIGGER
 * where TRIGGER is `every:N`, `first:N`, `rate:0.1` or `at:3+7` (request numbers).
 *
 * A busy or invalid port exits 2 with a message, like any other bad input.
 */
import type { CachedTokensReporting, FaultOptions, FaultTrigger, RunningSimulator, SimulatorServerOptions } from './options';
import { startSimulator } from './server';

export interface SimulatorCliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Stops the server instead of SIGINT (tests). */
  stop?: AbortSignal;
}

const USAGE =
  'usage: prompt-cache-lens simulator [--port N] [--seed S] [--fault SPEC]... [--require-key KEY] ' +
  '[--cached-tokens always|omit-when-zero|never] [--models a,b] [--max-body-mb N] [--cache-entries N] [--cache-tokens N]';

const TRIGGER_FAULTS: Record<string, 'rateLimit' | 'serverError' | 'drop' | 'malformed'> = {
  '429': 'rateLimit',
  '500': 'serverError',
  '529': 'serverError',
  drop: 'drop',
  malformed: 'malformed',
};

const REPORTING: readonly CachedTokensReporting[] = ['always', 'omit-when-zero', 'never'];

export class CliUsageError extends Error {}

function parseTrigger(text: string): FaultTrigger {
  const [kind, value = ''] = text.split(':');
  const number = Number(value);
  if (kind === 'every' && number > 0) return { everyNth: number };
  if (kind === 'first' && number >= 0) return { firstN: number };
  if (kind === 'rate' && number >= 0 && number <= 1) return { rate: number };
  if (kind === 'at') return { requests: value.split('+').map(Number).filter((n) => n > 0) };
  throw new CliUsageError(`bad fault trigger "${text}" (use every:N, first:N, rate:R or at:N+M)`);
}

function applyFault(faults: FaultOptions, spec: string): void {
  const eq = spec.indexOf('=');
  if (eq < 0) throw new CliUsageError(`bad fault "${spec}" (expected NAME=VALUE)`);
  const name = spec.slice(0, eq);
  const value = spec.slice(eq + 1);
  const ms = Number(value);
  if (name === 'latency' && ms >= 0) faults.latencyMs = ms;
  else if (name === 'chunk-interval' && ms >= 0) faults.chunkIntervalMs = ms;
  else if (name === 'retry-after-ms' && ms >= 0) faults.rateLimit = { ...faults.rateLimit, retryAfterMs: ms };
  else if (TRIGGER_FAULTS[name]) {
    const key = TRIGGER_FAULTS[name];
    faults[key] = { ...faults[key], ...parseTrigger(value) };
  } else throw new CliUsageError(`unknown fault "${spec}"`);
}

/** Reads the command line into server options; throws CliUsageError on bad input. */
export function parseSimulatorArgs(args: readonly string[]): SimulatorServerOptions {
  const options: SimulatorServerOptions = { port: 8787 };
  const faults: FaultOptions = {};
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new CliUsageError(`${flag} needs a value`);
      return v;
    };
    const integer = (text: string) => {
      const n = Number(text);
      if (!Number.isInteger(n) || n < 0) throw new CliUsageError(`${flag} needs a whole number, got "${text}"`);
      return n;
    };
    const positive = (text: string) => {
      const n = Number(text);
      if (!Number.isFinite(n) || n <= 0) throw new CliUsageError(`${flag} needs a positive number, got "${text}"`);
      return n;
    };
    if (flag === '--port') {
      const port = integer(value());
      if (port > 65535) throw new CliUsageError(`--port must be between 0 and 65535, got ${port}`);
      options.port = port;
    } else if (flag === '--max-body-mb') options.maxBodyBytes = Math.floor(positive(value()) * 1024 * 1024);
    else if (flag === '--cache-entries') options.maxCacheEntries = Math.max(1, integer(value()));
    else if (flag === '--cache-tokens') options.maxCacheTokens = Math.max(1, integer(value()));
    else if (flag === '--seed') options.seed = integer(value());
    else if (flag === '--fault') applyFault(faults, value());
    else if (flag === '--require-key') options.requireKey = value();
    else if (flag === '--models') options.models = value().split(',').map((m) => m.trim()).filter(Boolean);
    else if (flag === '--cached-tokens') {
      const mode = value() as CachedTokensReporting;
      if (!REPORTING.includes(mode)) throw new CliUsageError(`--cached-tokens takes ${REPORTING.join(', ')}`);
      options.cachedTokensReporting = mode;
    } else throw new CliUsageError(`unknown option ${flag}`);
  }
  if (Object.keys(faults).length > 0) options.faults = faults;
  return options;
}

/** Runs the simulator until SIGINT; resolves to the process exit code. */
export async function runSimulatorCli(args: readonly string[], io: SimulatorCliIo = { out: console.log, err: console.error }): Promise<number> {
  let options: SimulatorServerOptions;
  try {
    options = parseSimulatorArgs(args);
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    io.err(`${error.message}\n${USAGE}`);
    return 2;
  }
  let simulator: RunningSimulator;
  try {
    simulator = await startSimulator(options);
  } catch (error) {
    const why = listenFailure(error, options.port ?? 8787);
    if (!why) throw error;
    io.err(why);
    return 2;
  }
  io.out(`Simulated OpenAI-compatible and Anthropic Messages endpoint (simulated numbers) listening on ${simulator.url}`);
  await new Promise<void>((resolve) => {
    const finish = () => {
      process.off('SIGINT', finish);
      io.stop?.removeEventListener('abort', finish);
      resolve();
    };
    process.on('SIGINT', finish);
    if (io.stop?.aborted) finish();
    else io.stop?.addEventListener('abort', finish);
  });
  await simulator.close();
  io.out('Simulator stopped.');
  return 0;
}

/** A sentence for the listen errors a person can fix; undefined for others. */
function listenFailure(error: unknown, port: number): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') return `port ${port} on 127.0.0.1 is already in use; stop what uses it or pick another with --port (0 picks a free one)`;
  if (code === 'EACCES') return `not allowed to listen on port ${port}; pick a port above 1023 with --port`;
  if (code === 'ERR_SOCKET_BAD_PORT') return `--port must be between 0 and 65535, got ${port}`;
  return undefined;
}
