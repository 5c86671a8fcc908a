/**
 * Decodes the body of a string literal unit by unit, keeping for each decoded unit the source
 * offset of the character or escape it came from.
 */
import type { TextBuilder } from './staticValue';
import { namedCharacter } from './unicodeNames';

const SIMPLE: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };
/** Python's `\a` (the bell); JavaScript reads `\a` as `a`. */
const PYTHON_SIMPLE: Record<string, string> = { ...SIMPLE, a: '\u0007' };

export interface EscapeOptions {
  language: 'python' | 'script';
  /** Raw strings (`r"..."`, `String.raw`) keep backslashes as written. */
  raw?: boolean;
  /** In f-strings, `{{` and `}}` stand for one brace. */
  doubledBraces?: boolean;
}

/**
 * Appends the decoded text of `source[start, end)` to `out`. A line break in the source, `\r\n`
 * or `\r` as much as `\n`, is one `\n` in the text: Python reads source lines so, and JavaScript
 * writes a template's line breaks so (a file saved with Windows line endings sends `\n`).
 * Returns the escapes whose character is not known here (a Python `\N{name}` of a name not in
 * unicodeNames.ts), each kept as written.
 */
export function decodeLiteral(source: string, start: number, end: number, out: TextBuilder, options: EscapeOptions): string[] {
  const unknown: string[] = [];
  const simple = options.language === 'python' ? PYTHON_SIMPLE : SIMPLE;
  let i = start;
  const emit = (text: string, at: number, next: number) => {
    out.push(text, () => at, next);
    i = next;
  };
  while (i < end) {
    const ch = source[i];
    if (ch === '\r') {
      emit('\n', i, source[i + 1] === '\n' && i + 1 < end ? i + 2 : i + 1);
      continue;
    }
    if (options.doubledBraces && (ch === '{' || ch === '}') && source[i + 1] === ch) {
      emit(ch, i, i + 2);
      continue;
    }
    if (ch !== '\\' || options.raw || i + 1 >= end) {
      emit(ch, i, i + 1);
      continue;
    }
    const next = source[i + 1];
    if (next === '\n') {
      emit('', i, i + 2);
      continue;
    }
    if (next === '\r') {
      emit('', i, source[i + 2] === '\n' ? i + 3 : i + 2);
      continue;
    }
    // JavaScript continues a line after a backslash at any line terminator.
    if (options.language === 'script' && (next === '\u2028' || next === '\u2029')) {
      emit('', i, i + 2);
      continue;
    }
    if (next in simple && !(next === '0' && options.language === 'python' && /[0-7]/.test(source[i + 2] ?? ''))) {
      emit(simple[next], i, i + 2);
      continue;
    }
    if (next === 'N' && options.language === 'python' && source[i + 2] === '{') {
      const close = source.indexOf('}', i + 3);
      if (close > 0 && close < end) {
        const escape = source.slice(i, close + 1);
        const named = namedCharacter(source.slice(i + 3, close));
        if (named === undefined) {
          unknown.push(escape);
          out.push(escape, (k) => i + k, close + 1);
          i = close + 1;
        } else emit(named, i, close + 1);
        continue;
      }
    }
    const hex = (length: number, from: number) => {
      const digits = source.slice(from, from + length);
      return /^[0-9a-fA-F]+$/.test(digits) && digits.length === length ? Number.parseInt(digits, 16) : undefined;
    };
    if (next === 'x') {
      const code = hex(2, i + 2);
      if (code !== undefined) {
        emit(String.fromCharCode(code), i, i + 4);
        continue;
      }
    }
    if (next === 'u') {
      if (options.language === 'script' && source[i + 2] === '{') {
        const close = source.indexOf('}', i + 3);
        const code = close > 0 ? Number.parseInt(source.slice(i + 3, close), 16) : Number.NaN;
        if (Number.isFinite(code) && code <= 0x10ffff) {
          emit(String.fromCodePoint(code), i, close + 1);
          continue;
        }
      }
      const code = hex(4, i + 2);
      if (code !== undefined) {
        emit(String.fromCharCode(code), i, i + 6);
        continue;
      }
    }
    if (next === 'U' && options.language === 'python') {
      const code = hex(8, i + 2);
      if (code !== undefined && code <= 0x10ffff) {
        emit(String.fromCodePoint(code), i, i + 10);
        continue;
      }
    }
    if (options.language === 'python' && /[0-7]/.test(next)) {
      const digits = /^[0-7]{1,3}/.exec(source.slice(i + 1, i + 4))![0];
      emit(String.fromCharCode(Number.parseInt(digits, 8)), i, i + 1 + digits.length);
      continue;
    }
    if (options.language === 'python' && !'\\\'"'.includes(next)) {
      // Python keeps the backslash of an unknown escape (`\d` stays `\d`).
      emit(`\\${next}`, i, i + 2);
      continue;
    }
    emit(next, i, i + 2);
  }
  return unknown;
}
