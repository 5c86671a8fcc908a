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
  let tooLarge: string | undefined;
  let unreadable: string | undefined;
  const read = (candidate: string) => {
    const text = readFile(candidate);
    if (text === undefined) unreadable ??= whyUnreadable?.(candidate);
    if (text !== undefined && text.length > MAX_TEXT_VALUE_CHARS) tooLarge ??= candidate;
    return text !== undefined && text.length <= MAX_TEXT_VALUE_CHARS ? text : undefined;
  };
  // An absolute path (built from `__file__` / `__dirname`) is named from the source file's folder.
  const named = isAbsolute(path) ? relative(dirname(resolve(sourceFile)), path).split('\\').join('/') : path;
  const why = () =>
    tooLarge !== undefined
      ? `the file \`${named}\` the program reads is over ${MAX_TEXT_VALUE_CHARS.toLocaleString('en-US')} characters: its text is not counted`
      : unreadable !== undefined
        ? `\`${named}\`, which the program reads, is ${unreadable}: its text is not counted`
        : isAbsolute(path)
          ? `the file \`${named}\` the program reads is not found: its text is not counted`
          : `the file \`${named}\` the program reads is not found (looked for from the source file's folder up): its text is not counted`;
  if (isAbsolute(path)) {
    const text = read(path);
    return text === undefined ? { missing: why() } : { text: spreadText(text, range), path };
  }
  const from = dirname(resolve(sourceFile));
  let dir = from;
  for (let up = 0; up <= FOLDERS_UP; up++) {
    const candidate = join(dir, path);
    const text = read(candidate);
    if (text !== undefined) {
      const shown = relative(from, candidate).split('\\').join('/');
      return {
        text: spreadText(text, range),
        path: candidate,
        reason: `the file \`${path}\` is read relative to the working directory, known only at run time: counted from ${shown} (looked for from the source file's folder up)`,
      };
    }
    if (dirname(dir) === dir) break;
    dir = dirname(dir);
  }
  return { missing: why() };
}
