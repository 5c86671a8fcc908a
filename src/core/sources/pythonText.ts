/**
 * The text Python writes for a known value: `str()`, `repr()`, `ascii()`, `format(value, spec)` as
 * f-strings and `str.format` call it, and the `%` operator's conversions (CPython 3). A value, a
 * spec or a rounding this module cannot reproduce to the character gives undefined: the caller
 * keeps the field as a value only the running program knows, so the count says it is an estimate.
 */

/** A known value as Python holds it. */
export type PythonValue =
  | { type: 'str'; text: string }
  | { type: 'int'; value: number }
  | { type: 'float'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'none' }
  | { type: 'list' | 'tuple'; items: PythonValue[] }
  | { type: 'dict'; entries: Array<[string, PythonValue]> };

/** A list, tuple or dict printed past this many characters is not written out here. */
const MAX_PRINTED_CHARS = 1 << 20;

/** `repr(x)` of a float: the shortest digits that read back as `x`, exponent from 1e16 and below 1e-4. */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  if (x === 0) return `${sign}0.0`;
  // toExponential() without a digit count gives the shortest digits that round-trip, as repr does.
  const [mantissa, exponent] = Math.abs(x).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const e = Number(exponent);
  if (e < -4 || e >= 16) {
    const shown = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${shown}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  if (e < 0) return `${sign}0.${'0'.repeat(-e - 1)}${digits}`;
  const whole = digits.slice(0, e + 1).padEnd(e + 1, '0');
  return `${sign}${whole}.${digits.slice(e + 1) || '0'}`;
}

/** `str(value)`; undefined for an integer past the range a double holds exactly. */
export function pythonStr(value: PythonValue): string | undefined {
  switch (value.type) {
    case 'list':
    case 'tuple':
    case 'dict':
      return containerRepr(value, false);
    case 'str':
      return value.text;
    case 'int':
      return Number.isSafeInteger(value.value) ? String(value.value) : undefined;
    case 'float':
      return floatRepr(value.value);
    case 'bool':
      return value.value ? 'True' : 'False';
    case 'none':
      return 'None';
    default:
      return containerRepr(value, false);
  }
}

/** `repr(value)`, or `ascii(value)` with `asciiOnly`. */
export function pythonRepr(value: PythonValue, asciiOnly = false): string | undefined {
  if (value.type === 'list' || value.type === 'tuple' || value.type === 'dict') return containerRepr(value, asciiOnly);
  // Whether repr escapes a character newer than Unicode 14 depends on the Python that runs.
  if (value.type === 'str' && !asciiOnly && versionDependent(value.text)) return undefined;
  return value.type === 'str' ? quoted(value.text, asciiOnly) : pythonStr(value);
}

/** A list's, tuple's or dict's repr (its str too): each item's repr, `, ` between; a tuple of one keeps its comma. */
function containerRepr(value: Extract<PythonValue, { items: unknown } | { entries: unknown }>, asciiOnly: boolean): string | undefined {
  const out: string[] = [];
  let length = 0;
  const add = (text: string | undefined) => {
    if (text === undefined) return false;
    length += text.length + 2;
    out.push(text);
    return length <= MAX_PRINTED_CHARS;
  };
  if (value.type === 'dict') {
    for (const [key, item] of value.entries) {
      const shown = pythonRepr(item, asciiOnly);
      if (!add(shown === undefined ? undefined : `${quoted(key, asciiOnly)}: ${shown}`)) return undefined;
    }
    return `{${out.join(', ')}}`;
  }
  for (const item of value.items) if (!add(pythonRepr(item, asciiOnly))) return undefined;
  if (value.type === 'list') return `[${out.join(', ')}]`;
  return out.length === 1 ? `(${out[0]},)` : `(${out.join(', ')})`;
}

const NOT_PRINTABLE = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]$/u;

/**
 * Characters Unicode assigned after version 14.0, the one CPython 3.11 knows (3.12 knows 15.0,
 * 3.14 16.0): repr escapes them or not, and upper() / lower() change them or not, by the Python
 * that runs. A text holding one is left to the program. Also U+019B, U+0264, U+A7D3 and U+A7D5,
 * whose case pair came in Unicode 16.
 */
const NEWER_THAN_PYTHON = new RegExp(
  '[' +
    '\\u{88f}\\u{897}\\u{c5c}\\u{cdc}\\u{cf3}\\u{ece}\\u{1acf}-\\u{1add}\\u{1ae0}-\\u{1aeb}\\u{1b4e}-\\u{1b4f}' +
    '\\u{1b7f}\\u{1c89}-\\u{1c8a}\\u{20c1}\\u{2427}-\\u{2429}\\u{2b96}\\u{2ffc}-\\u{2fff}\\u{31e4}-\\u{31e5}' +
    '\\u{31ef}\\u{a7cb}-\\u{a7cf}\\u{a7d2}\\u{a7d4}\\u{a7da}-\\u{a7dc}\\u{a7f1}\\u{fbc3}-\\u{fbd2}' +
    '\\u{fd90}-\\u{fd91}\\u{fdc8}-\\u{fdce}\\u{105c0}-\\u{105f3}\\u{10940}-\\u{10959}\\u{10d40}-\\u{10d65}' +
    '\\u{10d69}-\\u{10d85}\\u{10d8e}-\\u{10d8f}\\u{10ec2}-\\u{10ec7}\\u{10ed0}-\\u{10ed8}\\u{10efa}-\\u{10eff}' +
    '\\u{1123f}-\\u{11241}\\u{11380}-\\u{11389}\\u{1138b}\\u{1138e}\\u{11390}-\\u{113b5}\\u{113b7}-\\u{113c0}' +
    '\\u{113c2}\\u{113c5}\\u{113c7}-\\u{113ca}\\u{113cc}-\\u{113d5}\\u{113d7}-\\u{113d8}\\u{113e1}-\\u{113e2}' +
    '\\u{116d0}-\\u{116e3}\\u{11b00}-\\u{11b09}\\u{11b60}-\\u{11b67}\\u{11bc0}-\\u{11be1}\\u{11bf0}-\\u{11bf9}' +
    '\\u{11db0}-\\u{11ddb}\\u{11de0}-\\u{11de9}\\u{11f00}-\\u{11f10}\\u{11f12}-\\u{11f3a}\\u{11f3e}-\\u{11f5a}' +
    '\\u{1342f}\\u{13439}-\\u{13455}\\u{13460}-\\u{143fa}\\u{16100}-\\u{16139}\\u{16d40}-\\u{16d79}' +
    '\\u{16ea0}-\\u{16eb8}\\u{16ebb}-\\u{16ed3}\\u{16ff2}-\\u{16ff6}\\u{187f8}-\\u{187ff}\\u{18cff}' +
    '\\u{18d09}-\\u{18d1e}\\u{18d80}-\\u{18df2}\\u{1b132}\\u{1b155}\\u{1cc00}-\\u{1ccfc}\\u{1cd00}-\\u{1ceb3}' +
    '\\u{1ceba}-\\u{1ced0}\\u{1cee0}-\\u{1cef0}\\u{1d2c0}-\\u{1d2d3}\\u{1df25}-\\u{1df2a}\\u{1e030}-\\u{1e06d}' +
    '\\u{1e08f}\\u{1e4d0}-\\u{1e4f9}\\u{1e5d0}-\\u{1e5fa}\\u{1e5ff}\\u{1e6c0}-\\u{1e6de}\\u{1e6e0}-\\u{1e6f5}' +
    '\\u{1e6fe}-\\u{1e6ff}\\u{1f6d8}\\u{1f6dc}\\u{1f774}-\\u{1f77f}\\u{1f7d9}\\u{1f8b2}-\\u{1f8bb}' +
    '\\u{1f8c0}-\\u{1f8c1}\\u{1f8d0}-\\u{1f8d8}\\u{1fa54}-\\u{1fa57}\\u{1fa75}-\\u{1fa77}\\u{1fa87}-\\u{1fa8a}' +
    '\\u{1fa8e}-\\u{1fa8f}\\u{1faad}-\\u{1faaf}\\u{1fabb}-\\u{1fabf}\\u{1fac6}\\u{1fac8}\\u{1facd}-\\u{1facf}' +
    '\\u{1fada}-\\u{1fadc}\\u{1fadf}\\u{1fae8}-\\u{1faea}\\u{1faef}\\u{1faf7}-\\u{1faf8}\\u{1fbcb}-\\u{1fbef}' +
    '\\u{1fbfa}\\u{2b739}-\\u{2b73f}\\u{2cea2}-\\u{2cead}\\u{2ebf0}-\\u{2ee5d}\\u{31350}-\\u{33479}' +
    '\\u{19b}\\u{264}\\u{a7d3}\\u{a7d5}]',
  'u',
);

/** Whether Python versions may write this text differently (`NEWER_THAN_PYTHON`). */
export function versionDependent(text: string): boolean {
  return NEWER_THAN_PYTHON.test(text);
}

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, '0');
}

/** A str's repr: single quotes unless the text holds one and no double quote; escapes as CPython writes them. */
function quoted(text: string, asciiOnly: boolean): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\x${hex(code, 2)}`;
    else if (code < 0x7f || (!asciiOnly && !NOT_PRINTABLE.test(ch))) out += ch;
    else out += code <= 0xff ? `\\x${hex(code, 2)}` : code <= 0xffff ? `\\u${hex(code, 4)}` : `\\U${hex(code, 8)}`;
  }
  return out + quote;
}

/** A parsed format spec: `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`. */
interface Spec {
  fill: string;
  align?: '<' | '>' | '=' | '^';
  /** Absent: `-`, the default (a str takes no sign option at all). */
  sign?: '-' | '+' | ' ';
  z: boolean;
  alternate: boolean;
  zero: boolean;
  width: number;
  grouping?: ',' | '_';
  precision?: number;
  type?: string;
}

const SPEC = /^(?:(.)?([<>=^]))?([-+ ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/su;

function parseSpec(text: string): Spec | undefined {
  const m = SPEC.exec(text);
  if (!m) return undefined;
  const width = m[7] ? Number(m[7]) : 0;
  // A width past a few thousand is a mistake or a stress test, not a prompt: not written out.
  if (width > 10_000 || (m[9] !== undefined && Number(m[9]) > 100)) return undefined;
  return {
    fill: m[1] ?? (m[6] && !m[2] ? '0' : ' '),
    align: (m[2] as Spec['align']) ?? (m[6] ? '=' : undefined),
    sign: m[3] as Spec['sign'],
    z: !!m[4],
    alternate: !!m[5],
    zero: !!m[6],
    width,
    grouping: m[8] as Spec['grouping'],
    precision: m[9] !== undefined ? Number(m[9]) : undefined,
    type: m[10],
  };
}

/** `sign + body` padded to the spec's width; `=` puts the fill between sign and digits. */
function padded(sign: string, body: string, spec: Spec, defaultAlign: '<' | '>'): string {
  const length = [...sign].length + [...body].length;
  const room = Math.max(0, spec.width - length);
  const align = spec.align ?? defaultAlign;
  if (room === 0) return sign + body;
  if (align === '=') return sign + spec.fill.repeat(room) + body;
  if (align === '<') return sign + body + spec.fill.repeat(room);
  if (align === '>') return spec.fill.repeat(room) + sign + body;
  const left = Math.floor(room / 2);
  return spec.fill.repeat(left) + sign + body + spec.fill.repeat(room - left);
}

/** Digits grouped by `separator` every `size`, from the right. */
function grouped(digits: string, separator: string | undefined, size: number): string {
  if (!separator) return digits;
  let out = '';
  for (let end = digits.length; end > 0; end -= size) out = digits.slice(Math.max(0, end - size), end) + (out ? separator + out : '');
  return out;
}

/** Sign-aware zero padding with grouping writes the separators into the padding too: not written out. */
function zeroPaddedGroups(spec: Spec): boolean {
  return !!spec.grouping && spec.align === '=' && spec.fill === '0' && spec.width > 0;
}

function signOf(negative: boolean, spec: Spec): string {
  return negative ? '-' : spec.sign === '+' || spec.sign === ' ' ? spec.sign : '';
}

function formatInt(n: number, spec: Spec): string | undefined {
  if (!Number.isSafeInteger(n) || spec.precision !== undefined || spec.z || zeroPaddedGroups(spec)) return undefined;
  const type = spec.type ?? 'd';
  const base = type === 'd' ? 10 : type === 'b' ? 2 : type === 'o' ? 8 : type === 'x' || type === 'X' ? 16 : undefined;
  if (base === undefined) return undefined;
  if (spec.grouping === ',' && base !== 10) return undefined;
  let digits = Math.abs(n).toString(base);
  if (type === 'X') digits = digits.toUpperCase();
  digits = grouped(digits, spec.grouping, base === 10 ? 3 : 4);
  const prefix = spec.alternate && base !== 10 ? `0${type}` : '';
  return padded(signOf(n < 0, spec) + prefix, digits, spec, '>');
}

/**
 * True when rounding `x` to `digits` decimals (or significant digits, `exponential`) is an exact
 * tie: Python rounds a tie to even, JavaScript away from zero. Unsure cases count as ties.
 */
function roundsATie(x: number, digits: number, exponential: boolean): boolean {
  const more = digits + 30;
  if (more > 100) return true;
  const longer = exponential ? x.toExponential(more).split('e')[0] : x.toFixed(more);
  const tail = longer.slice(longer.length - 30);
  return /^50*$/.test(tail);
}

/** The exponent written Python's way: a sign and at least two digits. */
function pythonExponent(text: string): string {
  return text.replace(/e([+-])(\d)$/, 'e$10$2');
}

/** `|x|` in fixed, exponent or general notation; undefined where JavaScript's rounding or range differs. */
function floatBody(x: number, spec: Spec): string | undefined {
  const type = spec.type;
  const p = spec.precision ?? 6;
  if (!Number.isFinite(x)) {
    const name = Number.isNaN(x) ? 'nan' : 'inf';
    return type === 'F' || type === 'E' || type === 'G' ? name.toUpperCase() : name;
  }
  if (type === 'f' || type === 'F' || type === '%') {
    // Past 1e21 JavaScript writes fixed notation with an exponent.
    if (x >= 1e21 || roundsATie(x, p, false)) return undefined;
    const fixed = x.toFixed(p);
    return p === 0 && spec.alternate ? `${fixed}.` : fixed;
  }
  if (type === 'e' || type === 'E') {
    if (roundsATie(x, p, true)) return undefined;
    let text = pythonExponent(x.toExponential(p));
    if (p === 0 && spec.alternate) text = text.replace('e', '.e');
    return type === 'E' ? text.toUpperCase() : text;
  }
  if (type === 'g' || type === 'G') {
    const significant = p === 0 ? 1 : p;
    if (roundsATie(x, significant - 1, true)) return undefined;
    const exponent = x === 0 ? 0 : Number(x.toExponential(significant - 1).split('e')[1]);
    let text: string;
    if (exponent >= -4 && exponent < significant) {
      const decimals = significant - 1 - exponent;
      if (roundsATie(x, decimals, false)) return undefined;
      text = x.toFixed(decimals);
      if (!spec.alternate && text.includes('.')) text = text.replace(/\.?0+$/, '');
      // `#` keeps the point even with no digit after it.
      if (spec.alternate && !text.includes('.')) text += '.';
    } else {
      text = pythonExponent(x.toExponential(significant - 1));
      if (!spec.alternate) text = text.replace(/\.?0+e/, 'e');
      else if (!text.includes('.')) text = text.replace('e', '.e');
    }
    return type === 'G' ? text.toUpperCase() : text;
  }
  // No type: repr's digits (with a precision, a variant of `g` not reproduced here).
  if (spec.precision !== undefined) return undefined;
  return floatRepr(x);
}

function formatFloat(x: number, spec: Spec): string | undefined {
  if (spec.type !== undefined && !'eEfFgG%'.includes(spec.type)) return undefined;
  if (zeroPaddedGroups(spec)) return undefined;
  const negative = x < 0 || Object.is(x, -0);
  const magnitude = spec.type === '%' ? Math.abs(x) * 100 : Math.abs(x);
  let body = floatBody(magnitude, spec);
  if (body === undefined) return undefined;
  if (spec.grouping && /^\d/.test(body)) {
    const [whole, rest] = /^(\d+)(.*)$/s.exec(body)!.slice(1);
    body = grouped(whole, spec.grouping, 3) + rest;
  }
  if (spec.type === '%') body += '%';
  // `z`: a result that rounds to zero loses its minus sign.
  const minus = negative && !(spec.z && !/[1-9]/.test(body));
  return padded(signOf(minus && !Number.isNaN(x), spec), body, spec, '>');
}

function formatStr(text: string, spec: Spec): string | undefined {
  if ((spec.type && spec.type !== 's') || spec.sign !== undefined || spec.z || spec.alternate || spec.grouping || spec.zero || spec.align === '=') return undefined;
  const body = spec.precision !== undefined ? [...text].slice(0, spec.precision).join('') : text;
  return padded('', body, spec, '<');
}

/** `format(value, spec)`, or undefined. */
export function pythonFormat(value: PythonValue, specText: string): string | undefined {
  if (specText === '') return pythonStr(value);
  const spec = parseSpec(specText);
  if (!spec) return undefined;
  switch (value.type) {
    case 'str':
      return formatStr(value.text, spec);
    // A list, tuple, dict or None takes no format spec (object.__format__ refuses one).
    case 'none':
    case 'list':
    case 'tuple':
    case 'dict':
      return undefined;
    case 'bool':
    case 'int': {
      const n = typeof value.value === 'boolean' ? Number(value.value) : value.value;
      if (spec.type && 'eEfFgG%'.includes(spec.type)) return Number.isSafeInteger(n) ? formatFloat(n, spec) : undefined;
      return formatInt(n, spec);
    }
    case 'float':
      return formatFloat(value.value, spec);
    default:
      // A list, tuple or dict takes no format spec (object.__format__ refuses one).
      return undefined;
  }
}

/** An f-string's or `str.format`'s field: `!r`, `!s` or `!a`, then the spec. */
export function pythonField(value: PythonValue, conversion: string | undefined, spec: string): string | undefined {
  if (!conversion) return pythonFormat(value, spec);
  const converted = conversion === 's' ? pythonStr(value) : conversion === 'r' ? pythonRepr(value) : conversion === 'a' ? pythonRepr(value, true) : undefined;
  return converted === undefined ? undefined : pythonFormat({ type: 'str', text: converted }, spec);
}

const PERCENT = /^%(?:\([^)]*\))?([#0 +-]*)(\d+)?(?:\.(\d+))?[hlL]?([diouxXeEfFgGcrsa])$/;

/** One `%` conversion (`%-8s`, `%05.2f`, `%r`) of a value, or undefined. */
export function pythonPercent(value: PythonValue, conversionText: string): string | undefined {
  const m = PERCENT.exec(conversionText);
  if (!m) return undefined;
  const [, flags, widthText, precisionText, type] = m;
  const width = widthText ? Number(widthText) : 0;
  if (width > 10_000 || (precisionText !== undefined && Number(precisionText) > 100)) return undefined;
  const left = flags.includes('-');
  const zero = flags.includes('0') && !left;
  const spec: Spec = {
    fill: zero ? '0' : ' ',
    align: left ? '<' : zero ? '=' : '>',
    sign: flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : undefined,
    z: false,
    alternate: flags.includes('#'),
    zero,
    width,
    precision: precisionText !== undefined ? Number(precisionText) : undefined,
  };
  if (type === 's' || type === 'r' || type === 'a') {
    const text = type === 's' ? pythonStr(value) : pythonRepr(value, type === 'a');
    if (text === undefined) return undefined;
    const body = spec.precision !== undefined ? [...text].slice(0, spec.precision).join('') : text;
    return padded('', body, { ...spec, fill: ' ', align: left ? '<' : '>' }, '>');
  }
  const number = value.type === 'int' || value.type === 'float' ? value.value : value.type === 'bool' ? Number(value.value) : undefined;
  if (number === undefined) return undefined;
  if (type === 'd' || type === 'i' || type === 'u') {
    // `%d` truncates a float toward zero; a precision pads digits, not reproduced here.
    if (spec.precision !== undefined || !Number.isFinite(number)) return undefined;
    return formatInt(Math.trunc(number), { ...spec, type: 'd' });
  }
  if (type === 'o' || type === 'x' || type === 'X') {
    if (value.type === 'float' || spec.precision !== undefined) return undefined;
    return formatInt(number, { ...spec, type });
  }
  if ('eEfFgG'.includes(type)) return formatFloat(number, { ...spec, type });
  return undefined;
}
