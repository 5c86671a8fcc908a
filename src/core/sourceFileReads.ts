/**
 * The files an analysed program reads or imports, read from disk for the analysis worker and the
 * command line alike: regular files of at most DEFAULT_MAX_BYTES (a pipe or a device such as
 * `/dev/zero` would never end), and, for one that cannot be read, why.
 */
import { accessSync, closeSync, constants, lstatSync, openSync, readFileSync, readSync, statSync, type Stats } from 'node:fs';
import { DEFAULT_MAX_BYTES } from './analyze';
import { MAX_BYTES_READ } from './sources/promptFiles';

export function readSourceFile(path: string): string | undefined {
  try {
    const stat = statSync(path);
    if (!stat.isFile() || stat.size > DEFAULT_MAX_BYTES) return undefined;
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The bytes of a regular file (an image a program sends inline), the first MAX_BYTES_READ + 1 of a
 * larger one: the reader tells a file over the limit by its length.
 */
export function readSourceBytes(path: string): Uint8Array | undefined {
  let fd: number | undefined;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) return undefined;
    const data = Buffer.alloc(Math.min(stat.size, MAX_BYTES_READ + 1));
    fd = openSync(path, 'r');
    let filled = 0;
    while (filled < data.length) {
      const read = readSync(fd, data, filled, data.length - filled, filled);
      if (read === 0) break;
      filled += read;
    }
    return data.subarray(0, filled);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
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
