/**
 * Decodes the body of a string literal unit by unit, keeping for each decoded unit the source
 * offset of the character or escape it came from.
 */
import type { TextBuilder } from './staticValue';

const SIMPLE: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', a: '\u0007', '0': '\0' };

export interface EscapeOptions {
  language: 'python' | 'script';
  /** Raw strings (`r"..."`, `String.raw`) keep backslashes as written. */
  raw?: boolean;
  /** In f-strings, `{{` and `}}` stand for one brace. */
  doubledBraces?: boolean;
}

/** Appends the decoded text of `source[start, end)` to `out`. */
export function decodeLiteral(source: string, start: number, end: number, out: TextBuilder, options: EscapeOptions): void {
  let i = start;
  const emit = (text: string, at: number, next: number) => {
    out.push(text, () => at, next);
    i = next;
  };
  while (i < end) {
    const ch = source[i];
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
    if (next in SIMPLE && !(next === '0' && options.language === 'python' && /[0-7]/.test(source[i + 2] ?? ''))) {
      emit(SIMPLE[next], i, i + 2);
      continue;
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
}
