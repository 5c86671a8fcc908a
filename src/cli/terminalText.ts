/**
 * Output that cannot drive the terminal. File names, model names and messages quote text from the
 * files, and an escape sequence there (`\x1b[2J`, a title change, a right-to-left override) would
 * act on the reader's terminal instead of being shown. Such characters are written as `\uXXXX`,
 * which in JSON output is the same string, so `--json` and SARIF stay equal to their data.
 */
import type { CliIo } from './io';

/** C0 controls except tab and line feed, DEL, C1 controls, line/paragraph separators, bidi controls. */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function escapeControlCharacters(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The same streams, every write escaped. */
export function terminalSafeIo(io: CliIo): CliIo {
  return {
    stdout: (text) => io.stdout(escapeControlCharacters(text)),
    stderr: (text) => io.stderr(escapeControlCharacters(text)),
    cwd: io.cwd,
  };
}
