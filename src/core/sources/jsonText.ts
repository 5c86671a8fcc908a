/**
 * The text `json.dumps(value, ...)` (Python) or `JSON.stringify(value, null, space)` (JavaScript)
 * writes for a value the source fully knows: a schema or few-shot examples put into a prompt as
 * JSON. Undefined when any part is not known, or not written here the way the language writes it;
 * the caller then keeps the call as a value only the running program knows.
 */
import { floatRepr } from './pythonText';
import { heldEntries, type StaticValue } from './staticValue';

export interface JsonStyle {
  language: 'python' | 'script';
  /** The indent of one level; undefined writes one line. */
  indent?: string;
  /** Between items and between a key and its value (`, ` and `: ` by default in Python, `,` and `:` in JavaScript). */
  itemSeparator: string;
  keySeparator: string;
  /** Python's `ensure_ascii` (on by default): every character past ASCII as `\uXXXX`. */
  asciiOnly: boolean;
  /** Python's `sort_keys`. */
  sortKeys: boolean;
}

/** Python's `json.dumps` defaults for the given indent. */
export function pythonJsonStyle(indent: string | undefined): JsonStyle {
  return { language: 'python', indent, itemSeparator: indent === undefined ? ', ' : ',', keySeparator: ': ', asciiOnly: true, sortKeys: false };
}

/** JavaScript's `JSON.stringify` with the given space. */
export function scriptJsonStyle(indent: string | undefined): JsonStyle {
  return { language: 'script', indent, itemSeparator: ',', keySeparator: indent ? ': ' : ':', asciiOnly: false, sortKeys: false };
}

/** Nesting past this is not written (no prompt nests JSON this deep; the walk stays bounded). */
const MAX_JSON_DEPTH = 200;

class Unwritable extends Error {}

/** The JSON text, or undefined; stops once the text passes `limit` characters. */
export function jsonText(value: StaticValue, style: JsonStyle, limit: number): string | undefined {
  const out: string[] = [];
  let length = 0;
  const push = (text: string) => {
    length += text.length;
    if (length > limit) throw new Unwritable();
    out.push(text);
  };
  try {
    write(value, style, push, 0);
  } catch (error) {
    if (error instanceof Unwritable) return undefined;
    throw error;
  }
  return out.join('');
}

function write(value: StaticValue, style: JsonStyle, push: (text: string) => void, depth: number): void {
  if (depth > MAX_JSON_DEPTH) throw new Unwritable();
  switch (value.kind) {
    case 'text':
      if (value.dynamic.length > 0) throw new Unwritable();
      push(quote(value.text, style));
      return;
    case 'scalar':
      push(scalar(value, style));
      return;
    case 'unknown':
      throw new Unwritable();
    case 'list': {
      if (value.items.length === 0) return push('[]');
      push('[');
      value.items.forEach((item, i) => {
        if (i > 0) push(style.itemSeparator);
        newline(style, push, depth + 1);
        // JavaScript writes an undefined item as null.
        if (isUndefined(value.items[i], style)) push('null');
        else write(item, style, push, depth + 1);
      });
      newline(style, push, depth);
      push(']');
      return;
    }
    case 'object': {
      // JavaScript leaves out a key whose value is undefined.
      const entries = ordered(value, style).filter(([, item]) => !isUndefined(item, style));
      if (entries.length === 0) return push('{}');
      push('{');
      entries.forEach(([key, item], i) => {
        if (i > 0) push(style.itemSeparator);
        newline(style, push, depth + 1);
        push(quote(key, style));
        push(style.keySeparator);
        write(item, style, push, depth + 1);
      });
      newline(style, push, depth);
      push('}');
      return;
    }
  }
}

function isUndefined(value: StaticValue, style: JsonStyle): boolean {
  return style.language === 'script' && value.kind === 'scalar' && value.undefined === true;
}

function newline(style: JsonStyle, push: (text: string) => void, depth: number): void {
  if (style.indent !== undefined) push(`\n${style.indent.repeat(depth)}`);
}

/** The entries in the order the language writes them (Python's `sort_keys` sorts). */
function ordered(value: StaticValue, style: JsonStyle): Array<[string, StaticValue]> {
  const list = heldEntries(value, style.language);
  if (!list) throw new Unwritable();
  if (style.language === 'python' && style.sortKeys) {
    // Python compares str by code point; UTF-16 order differs only past the surrogates.
    const points = (s: string) => [...s].map((c) => c.codePointAt(0)!);
    list.sort(([a], [b]) => {
      const [x, y] = [points(a), points(b)];
      for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
      return x.length - y.length;
    });
  }
  return list;
}

function scalar(value: Extract<StaticValue, { kind: 'scalar' }>, style: JsonStyle): string {
  if (value.value === null) {
    // JavaScript's `undefined` alone is no JSON text (`JSON.stringify` gives undefined).
    if (style.language === 'script' && value.undefined) throw new Unwritable();
    return 'null';
  }
  if (typeof value.value === 'boolean') return String(value.value);
  const n = value.value;
  if (style.language === 'script') return Number.isFinite(n) ? String(n) : 'null';
  if (value.python === 'float') return Number.isNaN(n) ? 'NaN' : n === Infinity ? 'Infinity' : n === -Infinity ? '-Infinity' : floatRepr(n);
  if (!Number.isSafeInteger(n)) throw new Unwritable();
  return String(n);
}

const SHORT_ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

/** A string as the language's JSON writer quotes it. */
function quote(text: string, style: JsonStyle): string {
  if (style.language === 'script') return JSON.stringify(text);
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const code = text.charCodeAt(i);
    if (SHORT_ESCAPES[ch]) out += SHORT_ESCAPES[ch];
    // Python writes DEL and each UTF-16 unit past ASCII as \uXXXX (a pair for a character past U+FFFF), in lower case.
    else if (code < 0x20 || (style.asciiOnly && code > 0x7e)) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}
