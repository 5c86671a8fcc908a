/**
 * A JSON text written again as Python's `json.dumps` writes the value it holds (`", "` between items,
 * `": "` after keys, floats as Python's `repr`, non-ASCII kept or escaped as `\uXXXX`), with the
 * source unit each written unit comes from. Pure: no I/O.
 */

export interface PythonJson {
  text: string;
  /** For each unit of `text`, the index of the source unit it was written from. */
  sources: number[];
}

class Invalid extends Error {}

const WHITESPACE = ' \t\n\r';
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const LITERAL = /(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/y;

/** A float's `repr` in Python: the shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
export function pythonFloatRepr(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const [mantissa, exponentText] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    return `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  const sign = value < 0 ? '-' : '';
  const digits = mantissa.replace('-', '').replace('.', '');
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  return `${sign}${whole}.${digits.slice(exponent + 1) || '0'}`;
}

/** A JSON number literal as Python reads and writes it: integers exactly, others as floats. */
function pythonNumber(literal: string): string {
  if (!/[.eE]/.test(literal)) return BigInt(literal).toString();
  return pythonFloatRepr(Number(literal));
}

/** One character of a string, escaped as `json.dumps` escapes it. */
function escapeChar(ch: string, ascii: boolean): string {
  let escaped = JSON.stringify(ch).slice(1, -1);
  if (ascii) escaped = escaped.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return escaped;
}

/**
 * `source` written as `json.dumps(json.loads(source), ensure_ascii=ascii)` would write it, or
 * undefined when `source` is not JSON. Keys keep their first place, a repeated key its last value.
 */
export function pythonJsonDumps(source: string, ascii: boolean): PythonJson | undefined {
  let at = 0;
  const skip = () => {
    while (at < source.length && WHITESPACE.includes(source[at])) at++;
  };
  // A value's written units with their sources; objects keep entries to honour repeated keys.
  type Written = { text: string; sources: number[] };
  const append = (out: Written, part: Written) => {
    out.text += part.text;
    for (const from of part.sources) out.sources.push(from);
  };
  const emit = (out: Written, text: string, from: number) => {
    out.text += text;
    for (let k = 0; k < text.length; k++) out.sources.push(from);
  };
  const string = (): { value: string; written: Written } => {
    const start = at;
    STRING.lastIndex = at;
    const match = STRING.exec(source);
    if (!match) throw new Invalid();
    at += match[0].length;
    const value = JSON.parse(match[0]) as string;
    // Each decoded character maps to the source unit its literal or escape starts at.
    const written: Written = { text: '', sources: [] };
    emit(written, '"', start);
    let src = start + 1;
    for (const ch of value) {
      const from = src;
      if (source[src] === '\\') {
        src += source[src + 1] === 'u' ? 6 : 2;
        // A surrogate pair written as two escapes is one character.
        if (ch.length === 2 && source[src] === '\\' && source[src + 1] === 'u') src += 6;
      } else {
        src += ch.length;
      }
      emit(written, escapeChar(ch, ascii), from);
    }
    emit(written, '"', at - 1);
    return { value, written };
  };
  const value = (): Written => {
    skip();
    const start = at;
    const ch = source[at];
    const out: Written = { text: '', sources: [] };
    if (ch === '{') {
      at++;
      const entries = new Map<string, { key: Written; value: Written }>();
      skip();
      if (source[at] === '}') at++;
      else {
        for (;;) {
          skip();
          if (source[at] !== '"') throw new Invalid();
          const key = string();
          skip();
          if (source[at] !== ':') throw new Invalid();
          at++;
          const item = value();
          const previous = entries.get(key.value);
          entries.set(key.value, { key: previous?.key ?? key.written, value: item });
          skip();
          if (source[at] === ',') at++;
          else if (source[at] === '}') {
            at++;
            break;
          } else throw new Invalid();
        }
      }
      emit(out, '{', start);
      let first = true;
      for (const entry of entries.values()) {
        if (!first) emit(out, ', ', entry.key.sources[0] ?? start);
        first = false;
        append(out, entry.key);
        emit(out, ': ', entry.key.sources[entry.key.sources.length - 1] ?? start);
        append(out, entry.value);
      }
      emit(out, '}', at - 1);
      return out;
    }
    if (ch === '[') {
      at++;
      emit(out, '[', start);
      skip();
      if (source[at] === ']') at++;
      else {
        for (let first = true; ; first = false) {
          skip();
          if (!first) emit(out, ', ', at);
          const item = value();
          append(out, item);
          skip();
          if (source[at] === ',') at++;
          else if (source[at] === ']') {
            at++;
            break;
          } else throw new Invalid();
        }
      }
      emit(out, ']', at - 1);
      return out;
    }
    if (ch === '"') return string().written;
    LITERAL.lastIndex = at;
    const literal = LITERAL.exec(source);
    if (!literal) throw new Invalid();
    at += literal[0].length;
    const word = literal[0];
    emit(out, word === 'true' || word === 'false' || word === 'null' ? word : pythonNumber(word), start);
    return out;
  };
  try {
    const written = value();
    skip();
    if (at !== source.length) return undefined;
    return written;
  } catch (error) {
    // Not JSON, or nested deeper than the call stack goes: written as a string instead.
    if (error instanceof Invalid || error instanceof RangeError) return undefined;
    throw error;
  }
}
