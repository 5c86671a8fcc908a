/**
 * File patterns on the command line: `**`, `*`, `?` and `{a,b}` (Node 20 has no `fs.globSync`, and
 * `path.matchesGlob` is experimental there). Shells usually expand patterns first; quoted patterns
 * (as in CI configuration) reach the tool as written.
 */
import { existsSync, readdirSync, statSync, type Dirent, type Stats } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';

/** Directories never searched: dependencies and version-control data. */
const SKIPPED_DIRS = new Set(['node_modules', '.git']);

export function hasGlobSyntax(pattern: string): boolean {
  return /[*?{]/.test(pattern);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+^$()|[\]\\]/g, '\\$&');
}

/** A regular expression for a `/`-separated pattern; `*` and `?` never match `/`. */
export function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '*' && pattern[i + 1] === '*') {
      const atSegmentStart = i === 0 || pattern[i - 1] === '/';
      const slashAfter = pattern[i + 2] === '/';
      if (atSegmentStart && slashAfter) {
        source += '(?:[^/]*/)*'; // `**/`: any number of directories, including none
        i += 2;
      } else {
        source += '.*';
        i += 1;
      }
    } else if (ch === '*') {
      source += '[^/]*';
    } else if (ch === '?') {
      source += '[^/]';
    } else if (ch === '{') {
      const close = pattern.indexOf('}', i);
      if (close === -1) {
        source += '\\{';
      } else {
        source += `(?:${pattern.slice(i + 1, close).split(',').map(escapeRegExp).join('|')})`;
        i = close;
      }
    } else {
      source += escapeRegExp(ch);
    }
  }
  return new RegExp(`^${source}$`);
}

/** The directory part before the first segment with glob syntax (`src/**` → `src`). */
function literalBase(pattern: string): string {
  const segments = pattern.split('/');
  const literal: string[] = [];
  for (const segment of segments.slice(0, -1)) {
    if (hasGlobSyntax(segment)) break;
    literal.push(segment);
  }
  return literal.join('/');
}

function toSlashes(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/**
 * A folder named on the command line is searched as linters do: hidden folders, Python virtual
 * environments and caches hold other people's code, not the project's prompts.
 */
const SKIPPED_IN_SEARCH = (name: string) => SKIPPED_DIRS.has(name) || name.startsWith('.') || ['__pycache__', 'venv', 'site-packages'].includes(name);

/**
 * The files a folder search takes: prompt files, JSON and YAML (kept only if they are requests) and
 * source files (kept only if they make LLM calls). Plain `.md` and `.txt` are left out: in a folder
 * they are mostly documentation, though a glob or a name can still pick one.
 */
const SEARCHED_NAMES = /\.(?:prompty|prompt|prompt\.md|jsonc?|ya?ml|py|[cm]?[jt]s|[jt]sx)$/i;

/** A folder a search could not read, and why (`EACCES`). */
export interface UnreadableFolder {
  path: string;
  code: string;
}

/**
 * Files under `root`, as `/`-separated paths relative to it, added to `files`; skipped directories
 * are not entered, and folders that cannot be read are added to `unreadable` (relative to `root`,
 * `.` for itself) and passed over.
 */
function walkFiles(
  root: string,
  files: string[],
  unreadable: UnreadableFolder[],
  skipDir: (name: string) => boolean = (name) => SKIPPED_DIRS.has(name),
  prefix = '',
): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(root, { withFileTypes: true });
  } catch (error) {
    unreadable.push({ path: prefix || '.', code: (error as NodeJS.ErrnoException).code ?? String(error) });
    return files;
  }
  for (const entry of entries) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!skipDir(entry.name)) walkFiles(join(root, entry.name), files, unreadable, skipDir, rel);
    } else if (entry.isFile() || (entry.isSymbolicLink() && statOf(join(root, entry.name))?.isFile() === true)) {
      files.push(rel);
    }
  }
  return files;
}

/** What `path` is, following links; undefined when it cannot be read. */
function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Files matching `pattern`, relative to `cwd` unless the pattern is absolute, sorted. A pattern
 * without glob syntax is returned as is (whether or not it exists, so the caller can say so).
 */
export function expandGlob(pattern: string, cwd: string, unreadable: UnreadableFolder[] = []): string[] {
  const normalized = toSlashes(pattern);
  if (!hasGlobSyntax(normalized)) return [pattern];
  const base = literalBase(normalized);
  const root = isAbsolute(normalized) ? base || '/' : join(cwd, base);
  if (!existsSync(root) || !statSync(root).isDirectory()) return [];
  const matcher = globToRegExp(normalized);
  const found: string[] = [];
  const shown = (rel: string) => {
    const candidate = base ? `${base}/${rel}` : isAbsolute(normalized) ? `/${rel}` : rel;
    return { candidate, path: isAbsolute(normalized) ? candidate : toSlashes(relative(cwd, join(cwd, candidate))) || '.' };
  };
  const skipped: UnreadableFolder[] = [];
  for (const rel of walkFiles(root, [], skipped)) {
    const { candidate, path } = shown(rel);
    if (matcher.test(candidate)) found.push(path);
  }
  for (const folder of skipped) {
    const path = folder.path !== '.' ? shown(folder.path).path : isAbsolute(normalized) ? root : base || '.';
    unreadable.push({ path, code: folder.code });
  }
  return found.sort();
}

/** The prompt and source files in a folder and its subfolders, sorted, as paths that start with `dir`. */
export function searchDirectory(dir: string, cwd: string, unreadable: UnreadableFolder[] = []): string[] {
  const root = isAbsolute(dir) ? dir : join(cwd, dir);
  const skipped: UnreadableFolder[] = [];
  const files = walkFiles(root, [], skipped, SKIPPED_IN_SEARCH)
    .filter((rel) => SEARCHED_NAMES.test(rel) && !/\.d\.[cm]?ts$/i.test(rel))
    .sort()
    .map((rel) => toSlashes(join(dir, rel)));
  for (const folder of skipped) unreadable.push({ path: toSlashes(join(dir, folder.path)), code: folder.code });
  return files;
}

export interface ExpandedFile {
  path: string;
  /** True when the file came from a pattern or a folder search rather than being named. */
  fromGlob: boolean;
}

/** Every file named, matched or found in a named folder, each once, in command-line order. */
export function expandPatterns(
  patterns: readonly string[],
  cwd: string,
): { files: ExpandedFile[]; unmatched: string[]; emptyDirectories: string[]; unreadableFolders: UnreadableFolder[] } {
  const seen = new Set<string>();
  const files: ExpandedFile[] = [];
  const unmatched: string[] = [];
  const emptyDirectories: string[] = [];
  const unreadableFolders: UnreadableFolder[] = [];
  for (const pattern of patterns) {
    const folder = !hasGlobSyntax(toSlashes(pattern)) && statOf(isAbsolute(pattern) ? pattern : join(cwd, pattern))?.isDirectory() === true;
    const fromGlob = folder || hasGlobSyntax(toSlashes(pattern));
    const matches = folder ? searchDirectory(pattern, cwd, unreadableFolders) : expandGlob(pattern, cwd, unreadableFolders);
    if (matches.length === 0) (folder ? emptyDirectories : unmatched).push(pattern);
    for (const path of matches) {
      if (seen.has(path)) continue;
      seen.add(path);
      files.push({ path, fromGlob });
    }
  }
  return { files, unmatched, emptyDirectories, unreadableFolders };
}
