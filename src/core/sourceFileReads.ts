/**
 * The files an analysed program reads or imports, read from disk for the analysis worker and the
 * command line alike: regular files of at most DEFAULT_MAX_BYTES (a pipe or a device such as
 * `/dev/zero` would never end), and, for one that cannot be read, why.
 */
import { accessSync, constants, lstatSync, readFileSync, statSync, type Stats } from 'node:fs';
import { DEFAULT_MAX_BYTES } from './analyze';

export function readSourceFile(path: string): string | undefined {
  try {
    const stat = statSync(path);
    if (!stat.isFile() || stat.size > DEFAULT_MAX_BYTES) return undefined;
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** Why something at `path` cannot be read as a file (it is a directory, a pipe, too large...); undefined when nothing is there. */
export function unreadableReason(path: string): string | undefined {
  let stat: Stats;
  try {
    stat = statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return 'a symbolic link that leads back to itself';
    if (code === 'ENOENT') {
      try {
        return lstatSync(path).isSymbolicLink() ? 'a symbolic link to nothing' : undefined;
      } catch {
        return undefined;
      }
    }
    return `not readable (${code ?? 'error'})`;
  }
  if (!stat.isFile()) return `${kindOf(stat)}, not a file`;
  if (stat.size > DEFAULT_MAX_BYTES) return `${(stat.size / 1024 / 1024).toFixed(1)} MB, over the ${(DEFAULT_MAX_BYTES / 1024 / 1024).toFixed(0)} MB read here`;
  try {
    accessSync(path, constants.R_OK);
    return undefined;
  } catch (error) {
    return `not readable (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
  }
}
