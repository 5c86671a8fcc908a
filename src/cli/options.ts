/** Command-line option parsing on `node:util` parseArgs, with usage errors as `CliError`s. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError, EXIT } from './errors';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Options every command accepts. */
export const COMMON_OPTIONS = {
  model: { type: 'string' },
  'max-size': { type: 'string' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

/**
 * `--interval -5` as `--interval=-5`: parseArgs reads a value that starts with a dash as a possible
 * option and calls it ambiguous; a negative number then gets the option's own range message.
 */
function attachNegativeNumbers(args: string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const name = /^--([^=]+)$/.exec(args[i])?.[1];
    const next = args[i + 1];
    if (name !== undefined && options[name]?.type === 'string' && next !== undefined && /^-(\d|\.\d)/.test(next)) {
      out.push(`${args[i]}=${next}`);
      i++;
    } else {
      out.push(args[i]);
    }
  }
  return out;
}

export function parseCommandArgs<T extends Options>(args: string[], options: T) {
  const all = { ...COMMON_OPTIONS, ...options };
  try {
    return parseArgs({ args: attachNegativeNumbers(args, all), options: all, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliError((error as Error).message, EXIT.badInput, true);
  }
}

/** A number option; `undefined` when absent. */
export function numberOption(name: string, value: string | undefined, check: (n: number) => boolean, expected: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !check(n)) {
    throw new CliError(`--${name} must be ${expected}, not "${value}"`, EXIT.badInput, true);
  }
  return n;
}

/** Bytes from `--max-size <MB>`. */
export function maxBytesOption(value: string | undefined): number | undefined {
  // Under one byte, every file would be refused with a limit that prints as zero.
  const mb = numberOption('max-size', value, (n) => n * 1024 * 1024 >= 1, 'a positive number of megabytes (one byte or more)');
  return mb === undefined ? undefined : Math.floor(mb * 1024 * 1024);
}
