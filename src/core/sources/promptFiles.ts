/**
 * Prompt text a program reads from a file of its own (`(Path(__file__).parent / "system.md").read_text()`,
 * `open("prompts/system.txt").read()`, `fs.readFileSync(path.join(__dirname, "system.md"), "utf8")`):
 * read here, where the path is known, so the prompt is counted as the program will send it.
 *
 * Paths are values of text: `__file__` / `__dirname` give the source file's place, and the path
 * operations (`/`, `.parent`, `os.path.join`, `path.join`, ...) work on that text. A relative path
 * is relative to the program's working directory, which only the running program knows: it is
 * looked for from the source file's folder upwards (a project usually runs from its root), and
 * the estimate says which file was read.
 */
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { imageSize } from '../formats/imageSize';
import { formatSize } from '../labels';
import type { SourceRange } from '../model';
import type { ReadSourceFile } from './program';
import { MAX_TEXT_VALUE_CHARS, spreadText, type StaticText, type StaticValue } from './staticValue';

/** How many folders above the source file a relative path is looked for in. */
const FOLDERS_UP = 6;

export interface PromptFileRead {
  text: StaticText;
  /** The file read. */
  path: string;
  /** Why the count is an estimate, when the path was relative (read from the working directory). */
  reason?: string;
}

/** A path's text, or undefined when the value is not known text. */
export function pathOf(value: StaticValue): string | undefined {
  return value.kind === 'text' && value.dynamic.length === 0 ? value.text : undefined;
}

/** The text of a path value, joined as `os.path.join` / `path.join` / `Path / …` do. */
export function joinedPath(parts: readonly StaticValue[], range: SourceRange): StaticText | undefined {
  const texts = parts.map(pathOf);
  if (texts.length === 0 || texts.some((t) => t === undefined)) return undefined;
  return spreadText(join(...(texts as string[])), range);
}

/** The folder of a path value (`.parent`, `os.path.dirname`, `path.dirname`). */
export function parentPath(value: StaticValue, range: SourceRange): StaticText | undefined {
  const path = pathOf(value);
  return path === undefined ? undefined : spreadText(dirname(path), range);
}

/** Reads bytes of another file, for a program that sends a file's content (an image); undefined when it cannot be read. */
export type ReadSourceBytes = (path: string) => Uint8Array | undefined;

/**
 * The largest file read for its bytes: its base64 text (4 characters for 3 bytes, 4,000,000 of
 * them) and a data URL around it stay within MAX_TEXT_VALUE_CHARS.
 */
export const MAX_BYTES_READ = 3_000_000;

export interface FileBytesRead {
  /** The file's bytes; for an image over MAX_BYTES_READ, only its first IMAGE_HEAD_BYTES (`partial`). */
  data: Uint8Array;
  partial?: true;
  /** The file read. */
  path: string;
  /** Why the count is an estimate, when the path was relative (read from the working directory). */
  reason?: string;
}

/** How one kind of read goes: the reading, the size of what it gives, and what is lost without it. */
interface FileReader<T> {
  read: (path: string) => T | undefined;
  size: (content: T) => number;
  limit: number;
  /** `over 4,194,304 characters`: how the limit is said. */
  over: string;
  /** `its text is not counted`: what a missing read leaves out. */
  lost: string;
}

/**
 * Finds the file at `path` for the program `sourceFile` and reads it with `reader`: an absolute path
 * as it is, a relative one from the source file's folder up (a project usually runs from its root).
 * When no readable file within the reader's limit is found, says why.
 */
function readProgramFile<T>(
  path: string,
  sourceFile: string,
  reader: FileReader<T>,
  whyUnreadable?: (path: string) => string | undefined,
): { content: T; path: string; reason?: string } | { missing: string } {
  let tooLarge: string | undefined;
  let unreadable: string | undefined;
  const read = (candidate: string) => {
    const content = reader.read(candidate);
    if (content === undefined) unreadable ??= whyUnreadable?.(candidate);
    if (content !== undefined && reader.size(content) > reader.limit) tooLarge ??= candidate;
    return content !== undefined && reader.size(content) <= reader.limit ? content : undefined;
  };
  // An absolute path (built from `__file__` / `__dirname`) is named from the source file's folder.
  const named = isAbsolute(path) ? relative(dirname(resolve(sourceFile)), path).split('\\').join('/') : path;
  const why = () =>
    tooLarge !== undefined
      ? `the file \`${named}\` the program reads is ${reader.over}: ${reader.lost}`
      : unreadable !== undefined
        ? `\`${named}\`, which the program reads, is ${unreadable}: ${reader.lost}`
        : isAbsolute(path)
          ? `the file \`${named}\` the program reads is not found: ${reader.lost}`
          : `the file \`${named}\` the program reads is not found (looked for from the source file's folder up): ${reader.lost}`;
  if (isAbsolute(path)) {
    const content = read(path);
    return content === undefined ? { missing: why() } : { content, path };
  }
  const from = dirname(resolve(sourceFile));
  let dir = from;
  for (let up = 0; up <= FOLDERS_UP; up++) {
    const candidate = join(dir, path);
    const content = read(candidate);
    if (content !== undefined) {
      const shown = relative(from, candidate).split('\\').join('/');
      return {
        content,
        path: candidate,
        reason: `the file \`${path}\` is read relative to the working directory, known only at run time: counted from ${shown} (looked for from the source file's folder up)`,
      };
    }
    if (dirname(dir) === dir) break;
    dir = dirname(dir);
  }
  return { missing: why() };
}

/**
 * Reads the file at `path` for the program `sourceFile`, as text placed at `range` (the call that
 * reads it). When no readable file of at most MAX_TEXT_VALUE_CHARS is found, says why.
 */
export function readPromptFile(
  path: string,
  sourceFile: string,
  readFile: ReadSourceFile,
  range: SourceRange,
  whyUnreadable?: (path: string) => string | undefined,
): PromptFileRead | { missing: string } {
  const read = readProgramFile(
    path,
    sourceFile,
    {
      read: readFile,
      size: (text) => text.length,
      limit: MAX_TEXT_VALUE_CHARS,
      over: `over ${MAX_TEXT_VALUE_CHARS.toLocaleString('en-US')} characters`,
      lost: 'its text is not counted',
    },
    whyUnreadable,
  );
  if ('missing' in read) return read;
  return { text: spreadText(read.content, range), path: read.path, ...(read.reason ? { reason: read.reason } : {}) };
}

/** How much of an image over MAX_BYTES_READ is kept: enough for its size (a JPEG's frame header may follow a camera's metadata). */
export const IMAGE_HEAD_BYTES = 256 * 1024;

/**
 * Reads the bytes of the file at `path` for the program `sourceFile` (an image it sends inline), at
 * most MAX_BYTES_READ of them; of a larger image, its first IMAGE_HEAD_BYTES (`partial`), which
 * tell its size. When no readable file within that is found, says why.
 */
export function readProgramBytes(
  path: string,
  sourceFile: string,
  readBytes: ReadSourceBytes,
  whyUnreadable?: (path: string) => string | undefined,
): FileBytesRead | { missing: string } {
  const read = readProgramFile(
    path,
    sourceFile,
    {
      read: readBytes,
      size: (data) => data.length,
      // A larger file is looked at below: an image's size is in its first bytes.
      limit: Number.POSITIVE_INFINITY,
      over: '',
      lost: 'its content (an image\'s size) is not read',
    },
    whyUnreadable,
  );
  if ('missing' in read) return read;
  const reason = read.reason ? { reason: read.reason } : {};
  if (read.content.length <= MAX_BYTES_READ) return { data: read.content, path: read.path, ...reason };
  const named = isAbsolute(path) ? relative(dirname(resolve(sourceFile)), path).split('\\').join('/') : path;
  const head = read.content.subarray(0, IMAGE_HEAD_BYTES);
  if (!imageSize(head)) return { missing: `the file \`${named}\` the program reads is over the ${formatSize(MAX_BYTES_READ)} read here and no image: its content is not read` };
  return { data: head, path: read.path, partial: true, ...reason };
}
