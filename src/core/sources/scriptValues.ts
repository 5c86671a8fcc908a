/**
 * JavaScript's own operations on values the source knows in full, computed by this JavaScript
 * engine on the same primitives so the rules are the language's: comparisons (`===`, `==`, `<` ...),
 * indices and slices of strings and arrays (`slice`, `substring`, `at`, `charAt`, `[i]`), `split`,
 * `includes`, `startsWith`, `endsWith`. Each gives undefined where a part is not known, or the
 * value is an object whose answer depends on more than the source shows: the caller leaves the
 * expression to the program, never a guess.
 */
import type { SourceRange } from '../model';
import { settledEntries, settledItems, sliceOf, spreadText, type StaticScalar, type StaticText, type StaticValue } from './staticValue';

export type Primitive = string | number | boolean | null | undefined;

/** A known string, number, boolean, null or undefined as the engine holds it; undefined for anything else. */
export function primitiveOf(value: StaticValue | undefined): { value: Primitive } | undefined {
  if (value?.kind === 'text') return value.dynamic.length === 0 ? { value: value.text } : undefined;
  if (value?.kind !== 'scalar') return undefined;
  return { value: value.value === null && value.undefined ? undefined : value.value };
}

/** A value computed here as a static value: a string spread over `range`, another primitive as a scalar. */
export function fromPrimitive(value: Primitive, range: SourceRange): StaticValue {
  if (typeof value === 'string') return spreadText(value, range);
  if (value === undefined) return { kind: 'scalar', value: null, range, undefined: true };
  return { kind: 'scalar', value, range };
}

export function scriptBool(value: boolean, range: SourceRange): StaticScalar {
  return { kind: 'scalar', value, range };
}

/** Operators that compare two values. */
export const COMPARISONS = new Set(['===', '!==', '==', '!=', '<', '>', '<=', '>=']);

/**
 * `a op b` for a comparison operator: on two known primitives as JavaScript compares them; `===`
 * of an array or object and a primitive is false. Undefined for anything else (two objects are
 * equal only when they are one, and `==` or `<` turn an object into a primitive first).
 */
export function scriptCompare(operator: string, left: StaticValue, right: StaticValue): boolean | undefined {
  const [a, b] = [primitiveOf(left), primitiveOf(right)];
  if (!a || !b) {
    // An array or object is strictly equal to no primitive, and loosely equal to neither null nor undefined.
    const isObject = (v: StaticValue) => v.kind === 'list' || v.kind === 'object';
    const other = isObject(left) ? b : isObject(right) ? a : undefined;
    if (other && (operator === '===' || operator === '!==')) return operator === '!==';
    if (other && (other.value === null || other.value === undefined) && (operator === '==' || operator === '!=')) return operator === '!=';
    return undefined;
  }
  const [x, y] = [a.value, b.value];
  switch (operator) {
    case '===':
      return x === y;
    case '!==':
      return x !== y;
    case '==':
      // eslint-disable-next-line eqeqeq
      return x == y;
    case '!=':
      // eslint-disable-next-line eqeqeq
      return x != y;
    case '<':
      return (x as number) < (y as number);
    case '>':
      return (x as number) > (y as number);
    case '<=':
      return (x as number) <= (y as number);
    case '>=':
      return (x as number) >= (y as number);
    default:
      return undefined;
  }
}

/** ToIntegerOrInfinity of a primitive argument. */
function integerOf(value: Primitive): number {
  const n = Number(value);
  return Number.isNaN(n) ? 0 : Math.trunc(n);
}

/** The [from, to) units or items `slice(start, end)` takes of `length`, as strings and arrays take them. */
function sliceRange(length: number, start: Primitive, end: Primitive, given: number): [number, number] {
  const bound = (value: Primitive, fallback: number) => {
    if (value === undefined) return fallback;
    const n = integerOf(value);
    return n < 0 ? Math.max(length + n, 0) : Math.min(n, length);
  };
  const from = given > 0 ? bound(start, 0) : 0;
  const to = given > 1 ? bound(end, length) : length;
  return [from, Math.max(from, to)];
}

/** A property key as JavaScript makes one of a primitive (`xs[1]` reads "1"). */
function keyOf(value: Primitive): string {
  return String(value);
}

/** Whether a key is an array index ("0", "12"; not "01", "-1" or "1.5"). */
function isIndex(key: string): boolean {
  return /^(0|[1-9]\d*)$/.test(key) && Number(key) < 4294967295;
}

/**
 * `value[key]` / `value.key`: a unit of a known string, an item of a known array (undefined past
 * its end), their `length`, an own property of a known object; undefined (the value) for a key
 * that is neither there nor inherited (`xs[-1]`). Undefined where the source does not tell (a key
 * the string, array or object inherits, a value with unknown parts).
 */
export function scriptMember(value: StaticValue, key: Primitive, range: SourceRange): StaticValue | undefined {
  const name = keyOf(key);
  if (value.kind === 'text') {
    if (value.dynamic.length > 0) return undefined;
    if (name === 'length') return { kind: 'scalar', value: value.text.length, range };
    // A key that is no index and nothing a string inherits (`s[-1]`, `s[1.5]`) reads undefined.
    if (!isIndex(name)) return name in String.prototype ? undefined : fromPrimitive(undefined, range);
    const at = Number(name);
    return at < value.text.length ? sliceOf(value, at, at + 1) : fromPrimitive(undefined, range);
  }
  if (value.kind === 'list') {
    const items = settledItems(value);
    if (!items) return undefined;
    if (name === 'length') return { kind: 'scalar', value: items.length, range };
    if (!isIndex(name)) return name in Array.prototype ? undefined : fromPrimitive(undefined, range);
    const at = Number(name);
    return at < items.length ? items[at] : fromPrimitive(undefined, range);
  }
  // A number's or boolean's property: what its prototype has is not read here, anything else is undefined.
  if (value.kind === 'scalar' && (typeof value.value === 'number' || typeof value.value === 'boolean')) {
    return name in (typeof value.value === 'number' ? Number.prototype : Boolean.prototype) ? undefined : fromPrimitive(undefined, range);
  }
  if (value.kind !== 'object') return undefined;
  const entries = settledEntries(value, 'script');
  // `__proto__: x` in a literal sets the prototype: what it holds is not known here.
  if (!entries || value.entries.some((e) => e.key === '__proto__')) return undefined;
  const found = entries.find(([k]) => k === name);
  if (found) return found[1];
  return name in Object.prototype ? undefined : fromPrimitive(undefined, range);
}

/** `text.slice(start, end)` of a known string. */
export function scriptTextSlice(text: StaticText, args: readonly Primitive[]): StaticText | undefined {
  if (text.dynamic.length > 0) return undefined;
  const [from, to] = sliceRange(text.text.length, args[0], args[1], args.length);
  const native = text.text.slice(...(args as [number?, number?]));
  return native === text.text.slice(from, to) ? sliceOf(text, from, to) : undefined;
}

/** `text.substring(start, end)`: both clamped to the text, NaN as 0, the smaller first. */
export function scriptSubstring(text: StaticText, args: readonly Primitive[]): StaticText | undefined {
  if (text.dynamic.length > 0) return undefined;
  const clamp = (value: Primitive, fallback: number) => (value === undefined ? fallback : Math.min(Math.max(integerOf(value), 0), text.text.length));
  const start = args.length > 0 ? clamp(args[0], 0) : 0;
  const end = args.length > 1 ? clamp(args[1], text.text.length) : text.text.length;
  const [from, to] = [Math.min(start, end), Math.max(start, end)];
  const native = text.text.substring(...(args as [number, number?]));
  return native === text.text.slice(from, to) ? sliceOf(text, from, to) : undefined;
}

/** `items.slice(start, end)` of a known array. */
export function scriptListSlice(value: StaticValue, args: readonly Primitive[], range: SourceRange): StaticValue | undefined {
  const items = settledItems(value);
  if (!items) return undefined;
  const [from, to] = sliceRange(items.length, args[0], args[1], args.length);
  return { kind: 'list', items: items.slice(from, to), range };
}

/** `value.at(i)` of a known string or array (from the end when negative); undefined past either end. */
export function scriptAt(value: StaticValue, index: Primitive, range: SourceRange): StaticValue | undefined {
  const length = value.kind === 'text' ? (value.dynamic.length > 0 ? undefined : value.text.length) : settledItems(value)?.length;
  if (length === undefined) return undefined;
  const relative = integerOf(index);
  const at = relative >= 0 ? relative : length + relative;
  if (at < 0 || at >= length) return fromPrimitive(undefined, range);
  return value.kind === 'text' ? sliceOf(value, at, at + 1) : settledItems(value)![at];
}

/** `text.charAt(i)`: the unit at `i`, or "" past either end. */
export function scriptCharAt(text: StaticText, index: Primitive, range: SourceRange): StaticText | undefined {
  if (text.dynamic.length > 0) return undefined;
  const at = integerOf(index);
  return at >= 0 && at < text.text.length ? sliceOf(text, at, at + 1) : spreadText('', range);
}

/**
 * `text.split(separator, limit)` with a separator that is no RegExp: each part keeps its place.
 * No separator (or undefined) gives the whole text; "" each UTF-16 unit.
 */
export function scriptSplit(text: StaticText, args: readonly Primitive[], range: SourceRange): StaticValue | undefined {
  if (text.dynamic.length > 0) return undefined;
  const native = text.text.split(...(args as [string, number?]));
  const separator = args[0] === undefined ? undefined : String(args[0]);
  const spans: Array<[number, number]> = [];
  if (separator === undefined) spans.push([0, text.text.length]);
  else if (separator === '') for (let i = 0; i < text.text.length; i++) spans.push([i, i + 1]);
  else {
    let from = 0;
    for (let found = text.text.indexOf(separator); found >= 0 && spans.length < native.length; found = text.text.indexOf(separator, from)) {
      spans.push([from, found]);
      from = found + separator.length;
    }
    spans.push([from, text.text.length]);
  }
  const parts = spans.slice(0, native.length);
  if (parts.length !== native.length || parts.some(([from, to], i) => text.text.slice(from, to) !== native[i])) return undefined;
  return { kind: 'list', items: parts.map(([from, to]) => sliceOf(text, from, to)), range };
}

/**
 * `value.includes(x)`: a substring of a known string, or an item of a known array (as
 * SameValueZero finds it: NaN finds NaN); undefined where an item or `x` is not a known primitive.
 */
export function scriptIncludes(value: StaticValue, wanted: StaticValue): boolean | undefined {
  const x = primitiveOf(wanted);
  if (!x) return undefined;
  if (value.kind === 'text') return value.dynamic.length > 0 ? undefined : value.text.includes(x.value as string);
  const items = settledItems(value);
  if (!items) return undefined;
  let unknown = false;
  for (const item of items) {
    // An array or object is no primitive: never the same value as one.
    if (item.kind === 'list' || item.kind === 'object') continue;
    const y = primitiveOf(item);
    if (!y) unknown = true;
    else if (y.value === x.value || (Number.isNaN(y.value) && Number.isNaN(x.value))) return true;
  }
  return unknown ? undefined : false;
}
