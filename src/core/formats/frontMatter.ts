import type { SourceRange } from '../model';
import { parseErrorAt } from './sourcePosition';

/** Where the YAML front matter and the body sit in a Markdown-style prompt file. */
export interface FrontMatterSplit {
  /** The YAML between the delimiter lines, or null when the file has no front matter. */
  yaml: SourceRange | null;
  /** Start of the body (right after the closing delimiter line). */
  bodyStart: number;
}

const DELIMITER = /^[ \t]*(---|\+\+\+)[ \t]*$/;

/**
 * Splits `---` (or `+++`) front matter from the body, as Prompty and VS Code prompt files do.
 * Leading blank space before the opening line is allowed (Prompty spec §2.2).
 */
export function splitFrontMatter(text: string): FrontMatterSplit {
  const firstContent = text.search(/[^\s\uFEFF]/);
  if (firstContent < 0) return { yaml: null, bodyStart: 0 };
  const lineStart = text.lastIndexOf('\n', firstContent - 1) + 1;
  const firstLineEnd = lineEnd(text, lineStart);
  if (!DELIMITER.test(text.slice(lineStart, firstLineEnd).replace(/\r$/, '').replace(/^\uFEFF/, ''))) {
    return { yaml: null, bodyStart: 0 };
  }
  const yamlStart = Math.min(text.length, firstLineEnd + 1);
  let line = yamlStart;
  while (line < text.length) {
    const end = lineEnd(text, line);
    if (DELIMITER.test(text.slice(line, end).replace(/\r$/, ''))) {
      return { yaml: { start: yamlStart, end: line }, bodyStart: Math.min(text.length, end + 1) };
    }
    line = end + 1;
  }
  throw parseErrorAt(text, lineStart, 'Front matter opened with --- has no closing --- line');
}

function lineEnd(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl < 0 ? text.length : nl;
}
