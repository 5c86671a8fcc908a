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

export function parseCommandArgs<T extends Options>(args: string[], options: T) {
  try {
    return parseArgs({ args, options: { ...COMMON_OPTIONS, ...options }, allowPositionals: true, strict: true });
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
  const mb = numberOption('max-size', value, (n) => n > 0, 'a positive number of megabytes');
  return mb === undefined ? undefined : Math.floor(mb * 1024 * 1024);
}
