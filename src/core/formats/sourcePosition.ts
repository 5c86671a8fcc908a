import { PromptParseError } from '../model';

/**
 * 1-based line and column (UTF-16 units) of an offset, the way editors show positions. An offset
 * between the `\r` and the `\n` of a line break is the end of its line (as `LineIndex` has it).
 */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let clamped = Math.max(0, Math.min(offset, text.length));
  if (clamped > 0 && text.charCodeAt(clamped) === 10 && text.charCodeAt(clamped - 1) === 13) clamped--;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < clamped; i++) {
    const c = text.charCodeAt(i);
    // `\n`, `\r\n` and a lone `\r` each end a line, as in editors.
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: clamped - lineStart + 1 };
}

/** A parse error whose message ends with the position people look for. */
export function parseErrorAt(text: string, offset: number, what: string): PromptParseError {
  const { line, column } = lineColumnAt(text, offset);
  return new PromptParseError(`${what} (line ${line}, column ${column})`, offset, line, column);
}
