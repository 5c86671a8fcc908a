/**
 * Reading a prompt file from disk and analysing it, with every way that can fail turned into one
 * line for people: `file:line:column: message` for malformed files, a plain sentence otherwise.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { analyzePrompt, checkInput, DEFAULT_MAX_BYTES, InputRejectedError, type Analysis } from '../core/analyze';
import { formatSize } from '../core/labels';
import { PromptParseError } from '../core/model';
import { CliError } from './errors';

export interface AnalyzeFileOptions {
  model?: string;
  maxBytes?: number;
}

export interface AnalyzedFile {
  path: string;
  text: string;
  analysis: Analysis;
}

/** What a path that is not a regular file is, for the message that refuses it. */
function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

function openError(path: string, error: unknown): CliError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new CliError(`${path}: no such file`);
  if (code === 'EISDIR') return new CliError(`${path}: is a directory, not a prompt file`);
  return new CliError(`${path}: cannot be read (${code ?? String(error)})`);
}

/**
 * The bytes of a regular file, at most `maxBytes`. The descriptor is opened without blocking (a
 * FIFO would otherwise wait for a writer forever) and checked with fstat before anything is read,
 * so pipes and devices such as /dev/zero are refused and the size limit holds even if the file
 * grows while it is read.
 */
function readRegularFile(path: string, maxBytes: number): Buffer {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw openError(path, error);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new CliError(`${path}: is ${kindOf(stat)}, not a prompt file; only regular files are read`);
    // Checked before reading so a huge file is never loaded.
    if (stat.size > maxBytes) throw new CliError(`${path}: ${sizeMessage(stat.size, maxBytes)}`);
    // One byte more than the size, to notice a file that grew since fstat.
    let buffer = Buffer.alloc(stat.size + 1);
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length > maxBytes) throw new CliError(`${path}: ${sizeMessage(length, maxBytes)}`);
      if (length === buffer.length) {
        const grown = Buffer.alloc(Math.min(buffer.length * 2, maxBytes + 1));
        buffer.copy(grown);
        buffer = grown;
      }
    }
    return buffer.subarray(0, length);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  } finally {
    closeSync(fd);
  }
}

/**
 * The file's text, refused when missing, not a regular file, too large or binary. A UTF-8 byte
 * order mark is dropped: editors do not show it, so lines and columns count from the character
 * after it.
 */
export function readPromptFile(path: string, maxBytes = DEFAULT_MAX_BYTES): string {
  const bytes = readRegularFile(path, maxBytes);
  const hasBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const text = bytes.toString('utf8', hasBom ? 3 : 0);
  try {
    checkInput(text, maxBytes);
  } catch (error) {
    if (error instanceof InputRejectedError) throw new CliError(`${path}: ${error.message}`);
    throw error;
  }
  return text;
}

function sizeMessage(bytes: number, maxBytes: number): string {
  return `File is ${formatSize(bytes)}, over the ${formatSize(maxBytes)} limit for prompt files (raise it with --max-size).`;
}

/** `file:line:column: message`, without the position the parser appends to its own message. */
export function parseErrorLine(path: string, error: PromptParseError): string {
  const message = error.message.replace(/\s*\(line \d+, column \d+\)$/, '');
  return `${path}:${error.line}:${error.column}: ${message}`;
}

/** Reads and analyses one file; user-facing failures become `CliError`s. */
export async function analyzeFile(path: string, options: AnalyzeFileOptions = {}): Promise<AnalyzedFile> {
  const text = readPromptFile(path, options.maxBytes);
  try {
    const analysis = await analyzePrompt({ fileName: path, text, modelOverride: options.model, maxBytes: options.maxBytes, countFreshValues: true });
    return { path, text, analysis };
  } catch (error) {
    if (error instanceof PromptParseError) throw new CliError(parseErrorLine(path, error));
    if (error instanceof InputRejectedError) throw new CliError(`${path}: ${error.message}`);
    throw error;
  }
}
