/**
 * Reading a prompt file from disk and analysing it, with every way that can fail turned into one
 * line for people: `file:line:column: message` for malformed files, a plain sentence otherwise.
 */
import { readFileSync, statSync } from 'node:fs';
import { analyzePrompt, checkInput, DEFAULT_MAX_BYTES, InputRejectedError, type Analysis } from '../core/analyze';
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

/** The file's text, refused when missing, a directory, too large or binary. */
export function readPromptFile(path: string, maxBytes = DEFAULT_MAX_BYTES): string {
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new CliError(`${path}: is a directory, not a prompt file`);
    size = stat.size;
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliError(`${path}: no such file`);
    throw new CliError(`${path}: cannot be read (${code ?? String(error)})`);
  }
  // Checked before reading so a huge file is never loaded.
  if (size > maxBytes) {
    throw new CliError(`${path}: ${sizeMessage(size, maxBytes)}`);
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    checkInput(text, maxBytes);
  } catch (error) {
    if (error instanceof InputRejectedError) throw new CliError(`${path}: ${error.message}`);
    throw error;
  }
  return text;
}

function sizeMessage(bytes: number, maxBytes: number): string {
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(n < 1024 * 1024 ? 2 : 1)} MB`;
  return `File is ${mb(bytes)}, over the ${mb(maxBytes)} limit for prompt files (raise it with --max-size).`;
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
    const analysis = await analyzePrompt({ fileName: path, text, modelOverride: options.model, maxBytes: options.maxBytes });
    return { path, text, analysis };
  } catch (error) {
    if (error instanceof PromptParseError) throw new CliError(parseErrorLine(path, error));
    if (error instanceof InputRejectedError) throw new CliError(`${path}: ${error.message}`);
    throw error;
  }
}
