/**
 * File patterns on the command line: `**`, `*`, `?` and `{a,b}` (Node 20 has no `fs.globSync`, and
 * `path.matchesGlob` is experimental there). Shells usually expand patterns first; quoted patterns
 * (as in CI configuration) reach the tool as written.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
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

/** Files under `root`, as `/`-separated paths relative to it; skipped directories are not entered. */
function walkFiles(root: string, prefix = ''): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) files.push(...walkFiles(join(root, entry.name), rel));
    } else if (entry.isFile() || (entry.isSymbolicLink() && isFile(join(root, entry.name)))) {
      files.push(rel);
    }
  }
  return files;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Files matching `pattern`, relative to `cwd` unless the pattern is absolute, sorted. A pattern
 * without glob syntax is returned as is (whether or not it exists, so the caller can say so).
 */
export function expandGlob(pattern: string, cwd: string): string[] {
  const normalized = toSlashes(pattern);
  if (!hasGlobSyntax(normalized)) return [pattern];
  const base = literalBase(normalized);
  const root = isAbsolute(normalized) ? base || '/' : join(cwd, base);
  if (!existsSync(root) || !statSync(root).isDirectory()) return [];
  const matcher = globToRegExp(normalized);
  const found: string[] = [];
  for (const rel of walkFiles(root)) {
    const candidate = base ? `${base}/${rel}` : isAbsolute(normalized) ? `/${rel}` : rel;
    if (matcher.test(candidate)) found.push(isAbsolute(normalized) ? candidate : toSlashes(relative(cwd, join(cwd, candidate))));
  }
  return found.sort();
}

export interface ExpandedFile {
  path: string;
  /** True when the file came from a pattern rather than being named. */
  fromGlob: boolean;
}

/** Every file named or matched, each once, in command-line order. */
export function expandPatterns(patterns: readonly string[], cwd: string): { files: ExpandedFile[]; unmatched: string[] } {
  const seen = new Set<string>();
  const files: ExpandedFile[] = [];
  const unmatched: string[] = [];
  for (const pattern of patterns) {
    const fromGlob = hasGlobSyntax(toSlashes(pattern));
    const matches = expandGlob(pattern, cwd);
    if (matches.length === 0) unmatched.push(pattern);
    for (const path of matches) {
      if (seen.has(path)) continue;
      seen.add(path);
      files.push({ path, fromGlob });
    }
  }
  return { files, unmatched };
}
