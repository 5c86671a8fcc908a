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
  const code = ch.charCodeAt(0);
  // The common case: a character written as it is.
  if (code >= 0x20 && code !== 0x22 && code !== 0x5c && (code < 0x80 || (!ascii && (code < 0xd800 || code > 0xdfff)))) return ch;
  let escaped = JSON.stringify(ch).slice(1, -1);
  if (ascii) escaped = escaped.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return escaped;
}

/** Written text whose units all come from one source unit, or each from its own. */
type Leaf = { text: string; from: number } | { text: string; froms: number[] };
/** A value as written: a leaf, or the concatenation of parts (kept by reference, never copied). */
type Written = Leaf | Written[];

/**
 * `source` written as `json.dumps(json.loads(source), ensure_ascii=ascii)` would write it, or
 * undefined when `source` is not JSON. Keys keep their first place, a repeated key its last value.
 * Linear in the length of `source`: nested values are joined by reference and laid out once.
 */
export function pythonJsonDumps(source: string, ascii: boolean): PythonJson | undefined {
  let at = 0;
  const skip = () => {
    while (at < source.length && WHITESPACE.includes(source[at])) at++;
  };
  /** After an item: a comma goes on to the next (false), `close` ends the list (true). */
  const ends = (close: string): boolean => {
    skip();
    if (source[at] === ',') {
      at++;
      return false;
    }
    if (source[at] !== close) throw new Invalid();
    at++;
    return true;
  };
  const string = (): { value: string; written: Leaf } => {
    const start = at;
    STRING.lastIndex = at;
    const match = STRING.exec(source);
    if (!match) throw new Invalid();
    at += match[0].length;
    const value = JSON.parse(match[0]) as string;
    // Each decoded character maps to the source unit its literal or escape starts at.
    const parts = ['"'];
    const froms = [start];
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
      const escaped = escapeChar(ch, ascii);
      parts.push(escaped);
      for (let k = 0; k < escaped.length; k++) froms.push(from);
    }
    parts.push('"');
    froms.push(at - 1);
    return { value, written: { text: parts.join(''), froms } };
  };
  const value = (): Written => {
    skip();
    const start = at;
    const ch = source[at];
    if (ch === '{') {
      at++;
      const entries = new Map<string, { key: Leaf; value: Written }>();
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
          if (ends('}')) break;
        }
      }
      const out: Written[] = [{ text: '{', from: start }];
      let first = true;
      for (const entry of entries.values()) {
        const froms = 'froms' in entry.key ? entry.key.froms : [entry.key.from];
        if (!first) out.push({ text: ', ', from: froms[0] ?? start });
        first = false;
        out.push(entry.key, { text: ': ', from: froms[froms.length - 1] ?? start }, entry.value);
      }
      out.push({ text: '}', from: at - 1 });
      return out;
    }
    if (ch === '[') {
      at++;
      const out: Written[] = [{ text: '[', from: start }];
      skip();
      if (source[at] === ']') at++;
      else {
        for (let first = true; ; first = false) {
          skip();
          if (!first) out.push({ text: ', ', from: at });
          out.push(value());
          if (ends(']')) break;
        }
      }
      out.push({ text: ']', from: at - 1 });
      return out;
    }
    if (ch === '"') return string().written;
    LITERAL.lastIndex = at;
    const literal = LITERAL.exec(source);
    if (!literal) throw new Invalid();
    at += literal[0].length;
    const word = literal[0];
    return { text: word === 'true' || word === 'false' || word === 'null' ? word : pythonNumber(word), from: start };
  };
  try {
    const written = value();
    skip();
    if (at !== source.length) return undefined;
    return laidOut(written);
  } catch (error) {
    // Not JSON, or nested deeper than the call stack goes: written as a string instead.
    if (error instanceof Invalid || error instanceof RangeError) return undefined;
    throw error;
  }
}

/** The leaves of `written` in order, as one text with its sources (without recursion). */
function laidOut(written: Written): PythonJson {
  const texts: string[] = [];
  const sources: number[] = [];
  const pending: Written[] = [written];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) pending.push(node[i]);
      continue;
    }
    texts.push(node.text);
    if ('froms' in node) for (const from of node.froms) sources.push(from);
    else for (let k = 0; k < node.text.length; k++) sources.push(node.from);
  }
  return { text: texts.join(''), sources };
}
