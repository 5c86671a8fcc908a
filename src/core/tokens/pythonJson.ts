/**
 * JSON text re-written the way Python's `json.dumps` writes the value `json.loads` reads from it:
 * `", "` and `": "` between items, integers as written, floats as Python's `repr`, strings with
 * Python's escapes (and, with `ascii`, every character outside printable ASCII as `\uXXXX`). The
 * OpenAI API writes a tool result that is valid JSON this way when it joins the results of a
 * parallel call (see `parallelResults` in openaiFraming.ts).
 */

/** `text` re-written as Python writes its JSON value, or undefined when `text` is not valid JSON. */
export function pythonJsonDumps(text: string, ascii: boolean): string | undefined {
  try {
    JSON.parse(text);
  } catch {
    return undefined;
  }
  try {
    return value({ text, at: 0 }, ascii);
  } catch {
    // Nested too deep for the call stack: such a result is counted as a string instead.
    return undefined;
  }
}

interface Reader {
  text: string;
  at: number;
}

function skipSpace(r: Reader): void {
  while (r.at < r.text.length && ' \t\n\r'.includes(r.text[r.at])) r.at++;
}

function value(r: Reader, ascii: boolean): string {
  skipSpace(r);
  const ch = r.text[r.at];
  if (ch === '{') {
    r.at++;
    const entries: string[] = [];
    skipSpace(r);
    while (r.text[r.at] !== '}') {
      skipSpace(r);
      const key = value(r, ascii);
      skipSpace(r);
      r.at++; // ':'
      entries.push(`${key}: ${value(r, ascii)}`);
      skipSpace(r);
      if (r.text[r.at] === ',') r.at++;
      skipSpace(r);
    }
    r.at++;
    return `{${entries.join(', ')}}`;
  }
  if (ch === '[') {
    r.at++;
    const items: string[] = [];
    skipSpace(r);
    while (r.text[r.at] !== ']') {
      items.push(value(r, ascii));
      skipSpace(r);
      if (r.text[r.at] === ',') r.at++;
      skipSpace(r);
    }
    r.at++;
    return `[${items.join(', ')}]`;
  }
  if (ch === '"') {
    const start = r.at++;
    while (r.text[r.at] !== '"') r.at += r.text[r.at] === '\\' ? 2 : 1;
    r.at++;
    return pythonString(JSON.parse(r.text.slice(start, r.at)) as string, ascii);
  }
  const literal = /^(?:true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(r.text.slice(r.at, r.at + 400))![0];
  r.at += literal.length;
  if (/^-?\d+$/.test(literal)) return BigInt(literal).toString();
  if (/^[-\d]/.test(literal)) return pythonFloat(Number(literal));
  return literal;
}

const SHORT_ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

function pythonString(s: string, ascii: boolean): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    const code = s.charCodeAt(i);
    const short = SHORT_ESCAPES[ch];
    if (short) out += short;
    else if (code < 0x20 || (ascii && code > 0x7e)) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Python's `repr` of a float: the shortest digits, fixed from 1e-4 up to 1e16, else `d.ddde+XX`. */
export function pythonFloat(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : x < 0 ? '-Infinity' : 'NaN';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, exponentText] = x.toExponential().split('e');
  const exponent = Number(exponentText);
  const sign = x < 0 ? '-' : '';
  const digits = mantissa.replace('-', '').replace('.', '');
  if (exponent >= 16 || exponent < -4) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  return `${sign}${whole}.${digits.slice(exponent + 1) || '0'}`;
}
