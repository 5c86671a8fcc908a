/**
 * Python's own operations on values the source knows in full, as CPython computes them: truth,
 * comparisons (`==`, `<`, chained, `in`, `is`), items and slices of str, list and tuple, `sorted`,
 * `reversed`, `min`, `max` (by a key too), `sum` (of floats where Python versions agree), and str's
 * `split`, `rsplit`, `splitlines`, `partition`, `startswith` and `strip` with characters. Each gives undefined where Python raises, or where a part is not known:
 * the caller leaves the expression to the program, never a guess.
 */
import type { SourceRange } from '../model';
import type { PythonValue } from './pythonText';
import {
  PYTHON_SPACE,
  isSettled,
  pythonValueOf,
  settledEntries,
  settledItems,
  sliceOf,
  TextBuilder,
  truthiness,
  type StaticScalar,
  type StaticText,
  type StaticValue,
} from './staticValue';

/** A str known in full (not a `pathlib` path, which prints as text but is no str): its text. */
export function knownStr(value: StaticValue | undefined): string | undefined {
  return value?.kind === 'text' && value.dynamic.length === 0 && !value.pathObject ? value.text : undefined;
}

/** Whether a value counts as true to `if`, `not`, `and` / `or`: a generator or iterator object always does. */
export function pythonTruth(value: StaticValue): boolean | undefined {
  if (value.kind === 'list' && value.generator) return true;
  return truthiness(value, 'python');
}

export function pythonBool(value: boolean, range: SourceRange): StaticScalar {
  return { kind: 'scalar', value, range, python: 'bool' };
}

export function pythonInt(value: number, range: SourceRange): StaticScalar | undefined {
  return Number.isSafeInteger(value) ? { kind: 'scalar', value, range, python: 'int' } : undefined;
}

/** An int (a bool counts as one) as a number; undefined for any other value. */
export function pythonIndex(value: StaticValue): number | undefined {
  if (value.kind !== 'scalar') return undefined;
  if (value.python === 'bool' && typeof value.value === 'boolean') return Number(value.value);
  return value.python === 'int' && typeof value.value === 'number' ? value.value : undefined;
}

const SURROGATE = /[\ud800-\udfff]/;
/** A text that begins with the second half of a surrogate pair or ends with the first. */
const HALF_PAIR_AT_EDGE = /^[\udc00-\udfff]|[\ud800-\udbff]$/;

/** The unit offset where each code point of `text` starts, and the text's length last. */
function codePointStarts(text: string): number[] {
  const starts: number[] = [];
  if (!SURROGATE.test(text)) {
    for (let i = 0; i <= text.length; i++) starts.push(i);
    return starts;
  }
  for (let i = 0; i < text.length; ) {
    starts.push(i);
    i += text.codePointAt(i)! > 0xffff ? 2 : 1;
  }
  starts.push(text.length);
  return starts;
}

/** Two texts ordered by code point, as Python orders str (UTF-16 units order astral characters otherwise). */
function compareCodePoints(a: string, b: string): number {
  if (!SURROGATE.test(a) && !SURROGATE.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  const [x, y] = [[...a], [...b]];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const [p, q] = [x[i].codePointAt(0)!, y[i].codePointAt(0)!];
    if (p !== q) return p < q ? -1 : 1;
  }
  return Math.sign(x.length - y.length);
}

const isNumeric = (v: PythonValue): v is Extract<PythonValue, { type: 'int' | 'float' | 'bool' }> => v.type === 'int' || v.type === 'float' || v.type === 'bool';
const numberOf = (v: Extract<PythonValue, { type: 'int' | 'float' | 'bool' }>): number => Number(v.value);

/** `a == b` of two known values, as Python's built-in types compare: numbers by value, containers item by item. */
export function pythonEquals(a: PythonValue, b: PythonValue): boolean {
  if (isNumeric(a) && isNumeric(b)) return numberOf(a) === numberOf(b);
  if (a.type === 'str' && b.type === 'str') return a.text === b.text;
  if (a.type === 'none' && b.type === 'none') return true;
  if ((a.type === 'list' && b.type === 'list') || (a.type === 'tuple' && b.type === 'tuple')) {
    return a.items.length === b.items.length && a.items.every((item, i) => pythonEquals(item, b.items[i]));
  }
  if (a.type === 'dict' && b.type === 'dict') {
    if (a.entries.length !== b.entries.length) return false;
    const other = new Map(b.entries);
    return a.entries.every(([key, value]) => other.has(key) && pythonEquals(value, other.get(key)!));
  }
  return false;
}

/**
 * How Python orders `a` and `b` (negative, 0, positive): numbers by value, str by code point, lists
 * with lists and tuples with tuples at their first unequal item, else by length. Undefined where
 * Python raises a TypeError (`"a" < 1`, `None < None`, dicts).
 */
export function pythonOrder(a: PythonValue, b: PythonValue): number | undefined {
  if (isNumeric(a) && isNumeric(b)) return Math.sign(numberOf(a) - numberOf(b));
  if (a.type === 'str' && b.type === 'str') return compareCodePoints(a.text, b.text);
  if ((a.type === 'list' && b.type === 'list') || (a.type === 'tuple' && b.type === 'tuple')) {
    for (let i = 0; i < Math.min(a.items.length, b.items.length); i++) {
      if (!pythonEquals(a.items[i], b.items[i])) return pythonOrder(a.items[i], b.items[i]);
    }
    return Math.sign(a.items.length - b.items.length);
  }
  return undefined;
}

/** `left op right` for one of Python's comparison operators over two known values; undefined where Python raises. */
export function pythonCompare(operator: string, left: StaticValue, right: StaticValue): boolean | undefined {
  const op = operator.replace(/\s+/g, ' ');
  if (op === 'in' || op === 'not in') {
    const found = pythonContains(right, left);
    return found === undefined ? undefined : found === (op === 'in');
  }
  if (op === 'is' || op === 'is not') {
    const same = pythonIdentical(left, right);
    return same === undefined ? undefined : same === (op === 'is');
  }
  // A list with an item that only may be there compares as the program finds it.
  const [a, b] = isSettled(left) && isSettled(right) ? [pythonValueOf(left), pythonValueOf(right)] : [];
  if (!a || !b) return undefined;
  if (op === '==') return pythonEquals(a, b);
  if (op === '!=') return !pythonEquals(a, b);
  const order = pythonOrder(a, b);
  if (order === undefined) return undefined;
  if (op === '<') return order < 0;
  if (op === '<=') return order <= 0;
  if (op === '>') return order > 0;
  if (op === '>=') return order >= 0;
  return undefined;
}

/**
 * `a is b` where one side is None, True or False (one object each in Python) and the other is
 * known to be or not to be that object; undefined for any other pair (whether two equal ints or
 * strs are one object is CPython's choice).
 */
function pythonIdentical(a: StaticValue, b: StaticValue): boolean | undefined {
  const singleton = (v: StaticValue) => v.kind === 'scalar' && (v.python === 'none' || v.python === 'bool');
  const [one, other] = singleton(a) ? [a as StaticScalar, b] : singleton(b) ? [b as StaticScalar, a] : [undefined, undefined];
  if (!one || !other) return undefined;
  if (other.kind === 'text' || other.kind === 'list' || other.kind === 'object') return false;
  if (other.kind !== 'scalar') return undefined;
  return other.python === one.python && other.value === one.value;
}

/** `item in container` for a known str, list, tuple or dict; undefined where Python raises or a part is unknown. */
export function pythonContains(container: StaticValue, item: StaticValue): boolean | undefined {
  if (container.kind === 'text') {
    const [whole, wanted] = [knownStr(container), knownStr(item)];
    if (whole === undefined || wanted === undefined) return undefined;
    if (!SURROGATE.test(wanted) && !SURROGATE.test(whole)) return whole.includes(wanted);
    const [text, part] = [[...whole], [...wanted]];
    for (let i = 0; i + part.length <= text.length; i++) if (part.every((ch, k) => text[i + k] === ch)) return true;
    return false;
  }
  if (container.kind === 'list') {
    if (container.generator || !isSettled(container) || !isSettled(item)) return undefined;
    const [items, wanted] = [pythonValueOf(container), pythonValueOf(item)];
    if (!items || !wanted || (items.type !== 'list' && items.type !== 'tuple')) return undefined;
    return items.items.some((value) => pythonEquals(value, wanted));
  }
  if (container.kind === 'object') {
    const entries = settledEntries(container, 'python');
    if (!entries) return undefined;
    if (item.kind === 'text') {
      const key = knownStr(item);
      return key === undefined ? undefined : entries.some(([held]) => held === key);
    }
    // The keys are all str: a number or None is hashable and equal to none of them.
    return item.kind === 'scalar' ? false : undefined;
  }
  return undefined;
}

/** The indices `[start:stop:step]` takes of a sequence of `length` items, as `slice.indices` gives them; undefined for a step of 0. */
function sliceIndices(length: number, start: number | undefined, stop: number | undefined, step: number | undefined): number[] | undefined {
  const by = step ?? 1;
  if (by === 0) return undefined;
  const [lower, upper] = by < 0 ? [-1, length - 1] : [0, length];
  const clamp = (bound: number | undefined, fallback: number) => {
    if (bound === undefined) return fallback;
    if (bound < 0) return Math.max(bound + length, lower);
    return Math.min(bound, upper);
  };
  const from = clamp(start, by < 0 ? upper : lower);
  const to = clamp(stop, by < 0 ? lower : upper);
  const out: number[] = [];
  for (let i = from; by > 0 ? i < to : i > to; i += by) out.push(i);
  return out;
}

/**
 * `value[start:stop:step]` of a known str (by code point), list or tuple (a tuple stays one);
 * undefined for a step of 0, a generator, or a value with unknown parts.
 */
export function pythonSliced(value: StaticValue, bounds: ReadonlyArray<number | undefined>, range: SourceRange): StaticValue | undefined {
  const [start, stop, step] = bounds;
  if (value.kind === 'text') {
    if (knownStr(value) === undefined) return undefined;
    const starts = codePointStarts(value.text);
    const indices = sliceIndices(starts.length - 1, start, stop, step);
    if (!indices) return undefined;
    if ((step ?? 1) === 1) return indices.length === 0 ? sliceOf(value, starts[0], starts[0]) : sliceOf(value, starts[indices[0]], starts[indices[indices.length - 1] + 1]);
    const builder = new TextBuilder(value.range);
    for (const i of indices) builder.push(value.text.slice(starts[i], starts[i + 1]), (k) => value.offsets[starts[i] + k], value.offsets[starts[i + 1]]);
    return builder.build();
  }
  if (value.kind !== 'list' || value.generator) return undefined;
  const items = settledItems(value);
  const indices = items && sliceIndices(items.length, start, stop, step);
  if (!items || !indices) return undefined;
  return { kind: 'list', items: indices.map((i) => items[i]), range, ...(value.tuple ? { tuple: true as const } : {}) };
}

/**
 * `value[key]`: a character of a known str, an item of a list or tuple (negative from the end),
 * a dict's value; undefined where Python raises (an index out of range, a key not there) or a part is unknown.
 */
export function pythonItem(value: StaticValue, key: StaticValue): StaticValue | undefined {
  if (value.kind === 'object') {
    const entries = settledEntries(value, 'python');
    const name = knownStr(key);
    if (!entries || name === undefined) return undefined;
    for (let i = entries.length - 1; i >= 0; i--) if (entries[i][0] === name) return entries[i][1];
    return undefined;
  }
  const index = pythonIndex(key);
  if (index === undefined) return undefined;
  if (value.kind === 'text') {
    if (knownStr(value) === undefined) return undefined;
    const starts = codePointStarts(value.text);
    const at = index < 0 ? index + starts.length - 1 : index;
    return at >= 0 && at < starts.length - 1 ? sliceOf(value, starts[at], starts[at + 1]) : undefined;
  }
  if (value.kind !== 'list' || value.generator) return undefined;
  const items = settledItems(value);
  if (!items) return undefined;
  const at = index < 0 ? index + items.length : index;
  return at >= 0 && at < items.length ? items[at] : undefined;
}

/** The items of a known str (its characters), each pointing at its place; undefined for a text with unknown parts. */
export function pythonCharacters(value: StaticText): StaticText[] | undefined {
  if (knownStr(value) === undefined) return undefined;
  const starts = codePointStarts(value.text);
  const out: StaticText[] = [];
  for (let i = 0; i + 1 < starts.length; i++) out.push(sliceOf(value, starts[i], starts[i + 1]));
  return out;
}

/** How many items of other kinds (lists, tuples: `key=lambda s: (len(s), s)`) are checked pair by pair. */
const MAX_PAIRWISE_ORDERED = 64;

/**
 * Known values that one ordering compares without raising: all numbers (bools too), all str, or a
 * few lists or tuples every two of which Python orders (so no comparison a sort makes raises).
 */
function orderable(items: readonly StaticValue[]): PythonValue[] | undefined {
  const values: PythonValue[] = [];
  for (const item of items) {
    const value = isSettled(item) ? pythonValueOf(item) : undefined;
    if (!value) return undefined;
    values.push(value);
  }
  const allNumbers = values.every(isNumeric);
  const allText = values.every((v) => v.type === 'str');
  if (allNumbers || allText) return values;
  if (values.length > MAX_PAIRWISE_ORDERED) return undefined;
  for (let i = 0; i < values.length; i++) for (let j = i + 1; j < values.length; j++) if (pythonOrder(values[i], values[j]) === undefined) return undefined;
  return values;
}

/**
 * `sorted(items)`, or with `key=` by `keys` (one per item): `reverse=True` keeps equal items in
 * their order, as Python's stable sort keeps them.
 */
export function pythonSorted(items: readonly StaticValue[], reverse: boolean, keys: readonly StaticValue[] = items): StaticValue[] | undefined {
  const values = items.some((item) => item.unplaced) ? undefined : orderable(keys);
  if (!values) return undefined;
  const order = items.map((_, i) => i);
  order.sort((i, j) => (reverse ? -1 : 1) * pythonOrder(values[i], values[j])!);
  return order.map((i) => items[i]);
}

/** `min(items)` / `max(items)` (by `keys` with `key=`): the first of the least (greatest) items; undefined for none (Python raises). */
export function pythonExtreme(items: readonly StaticValue[], greatest: boolean, keys: readonly StaticValue[] = items): StaticValue | undefined {
  const values = items.some((item) => item.unplaced) ? undefined : orderable(keys);
  if (!values || values.length === 0) return undefined;
  let best = 0;
  for (let i = 1; i < values.length; i++) {
    const order = pythonOrder(values[i], values[best])!;
    if (greatest ? order > 0 : order < 0) best = i;
  }
  return items[best];
}

/** A known int (a bool counts as one) or float, and which. */
export interface PythonNumber {
  value: number;
  float: boolean;
}

/** An int, bool or float as a number; undefined for any other value. */
export function pythonNumberOf(value: StaticValue): PythonNumber | undefined {
  if (value.kind === 'scalar' && value.python === 'float' && typeof value.value === 'number') return { value: value.value, float: true };
  const n = pythonIndex(value);
  return n === undefined ? undefined : { value: n, float: false };
}

/**
 * CPython's `sum` of numbers from `start`: ints added exactly (in a C long) up to the first float;
 * from there each number added as a double. 3.11 adds them one by one; from 3.12 floats are added
 * with Neumaier's compensation (`compensatedInts`: ints too, as later releases do), the compensation
 * added at the end when it is finite and not zero.
 */
function floatSum(start: PythonNumber, items: readonly PythonNumber[], compensation: 'none' | 'floats' | 'all'): number {
  let i = 0;
  let total = start.value;
  if (!start.float) {
    while (i < items.length && !items[i].float) total += items[i++].value;
    // The first float meets the int sum as `int + float`: one rounding, no compensation.
    total += items[i++].value;
  }
  let c = 0;
  for (; i < items.length; i++) {
    const x = items[i].value;
    if (compensation === 'none' || (compensation === 'floats' && !items[i].float)) {
      total += x;
      continue;
    }
    const t = total + x;
    c += Math.abs(total) >= Math.abs(x) ? total - t + x : x - t + total;
    total = t;
  }
  if (c !== 0 && Number.isFinite(c)) total += c;
  return total;
}

/**
 * `sum(items, start)` of ints, bools and floats: an int sum exactly; a float sum as CPython adds it,
 * when Python 3.11 (one addition after another) and 3.12 and later (Neumaier's compensated sum)
 * give the same double; `version` where they differ (the Python that runs decides). Undefined for
 * an int past what a double holds exactly, or any other item.
 */
export function pythonSum(items: readonly StaticValue[], start: PythonNumber, range: SourceRange): StaticScalar | 'version' | undefined {
  const numbers: PythonNumber[] = [];
  for (const item of items) {
    const n = item.unplaced ? undefined : pythonNumberOf(item);
    if (n === undefined) return undefined;
    numbers.push(n);
  }
  if (!start.float && numbers.every((n) => !n.float)) {
    let total = start.value;
    for (const n of numbers) {
      total += n.value;
      if (!Number.isSafeInteger(total)) return undefined;
    }
    return pythonInt(total, range);
  }
  // Ints added before the first float are added exactly: past a double's exact range they are not here.
  if ([start, ...numbers].some((n) => !n.float && !Number.isSafeInteger(n.value))) return undefined;
  let intPart = start.float ? 0 : start.value;
  for (const n of start.float ? [] : numbers) {
    if (n.float) break;
    intPart += n.value;
    if (!Number.isSafeInteger(intPart)) return undefined;
  }
  const sums = (['none', 'floats', 'all'] as const).map((way) => floatSum(start, numbers, way));
  if (!sums.every((s) => Object.is(s, sums[0]))) return 'version';
  return { kind: 'scalar', value: sums[0], range, python: 'float' };
}

/**
 * `text.split(sep, maxsplit)` (`rsplit` from the end, `fromEnd`): with no separator, runs of
 * Python whitespace end the parts and none are empty; a separator splits at each occurrence.
 * Undefined for an empty separator (Python raises) or one that begins or ends with half a
 * surrogate pair (it could match half of a character).
 */
export function pythonSplit(value: StaticText, separator: string | undefined, maxsplit: number, fromEnd: boolean, range: SourceRange): StaticValue | undefined {
  if (value.dynamic.length > 0 || separator === '' || (separator !== undefined && HALF_PAIR_AT_EDGE.test(separator))) return undefined;
  const text = value.text;
  const limit = maxsplit < 0 ? Infinity : maxsplit;
  const spans: Array<[number, number]> = [];
  const space = (i: number) => PYTHON_SPACE.test(text[i]);
  if (separator === undefined && !fromEnd) {
    let i = 0;
    let splits = 0;
    for (;;) {
      while (i < text.length && space(i)) i++;
      if (i === text.length) break;
      if (splits === limit) {
        spans.push([i, text.length]);
        break;
      }
      const from = i;
      while (i < text.length && !space(i)) i++;
      spans.push([from, i]);
      splits++;
    }
  } else if (separator === undefined) {
    let i = text.length;
    let splits = 0;
    for (;;) {
      while (i > 0 && space(i - 1)) i--;
      if (i === 0) break;
      if (splits === limit) {
        spans.push([0, i]);
        break;
      }
      const to = i;
      while (i > 0 && !space(i - 1)) i--;
      spans.push([i, to]);
      splits++;
    }
    spans.reverse();
  } else if (!fromEnd) {
    let from = 0;
    for (let found = text.indexOf(separator); found >= 0 && spans.length < limit; found = text.indexOf(separator, from)) {
      spans.push([from, found]);
      from = found + separator.length;
    }
    spans.push([from, text.length]);
  } else {
    let to = text.length;
    while (spans.length < limit) {
      const found = to < separator.length ? -1 : text.lastIndexOf(separator, to - separator.length);
      if (found < 0) break;
      spans.push([found + separator.length, to]);
      to = found;
    }
    spans.push([0, to]);
    spans.reverse();
  }
  return { kind: 'list', items: spans.map(([from, to]) => sliceOf(value, from, to)), range };
}

/** Where Python's `str.splitlines` ends a line: `\r\n`, or one of these. */
const PYTHON_LINE_END = /\r\n|[\n\v\f\r\x1c-\x1e\x85\u2028\u2029]/g;

/** `text.splitlines(keepends)`: the lines as Python ends them, with their line ends when `keepends`. */
export function pythonSplitLines(value: StaticText, keepends: boolean, range: SourceRange): StaticValue | undefined {
  if (value.dynamic.length > 0) return undefined;
  const items: StaticText[] = [];
  let start = 0;
  const pattern = new RegExp(PYTHON_LINE_END.source, 'g');
  for (let m = pattern.exec(value.text); m; m = pattern.exec(value.text)) {
    items.push(sliceOf(value, start, keepends ? m.index + m[0].length : m.index));
    start = m.index + m[0].length;
  }
  if (start < value.text.length) items.push(sliceOf(value, start, value.text.length));
  return { kind: 'list', items, range };
}

/**
 * `text.partition(sep)` (`rpartition` from the end): the text before the separator, the separator,
 * the text after, as a tuple; not found, the text and two empty ones (empty ones first from the
 * end). Undefined for an empty separator (Python raises) or one that begins or ends with half a
 * surrogate pair.
 */
export function pythonPartition(value: StaticText, separator: string, fromEnd: boolean, range: SourceRange): StaticValue | undefined {
  if (value.dynamic.length > 0 || separator === '' || HALF_PAIR_AT_EDGE.test(separator)) return undefined;
  const text = value.text;
  const at = fromEnd ? text.lastIndexOf(separator) : text.indexOf(separator);
  const end = text.length;
  const spans: Array<[number, number]> =
    at >= 0 ? [[0, at], [at, at + separator.length], [at + separator.length, end]] : fromEnd ? [[0, 0], [0, 0], [0, end]] : [[0, end], [end, end], [end, end]];
  return { kind: 'list', items: spans.map(([from, to]) => sliceOf(value, from, to)), range, tuple: true };
}

/** `text.strip(chars)` / `lstrip` / `rstrip`: the code points in `chars` taken off the ends. */
export function pythonStripChars(value: StaticText, chars: string, side: 'both' | 'start' | 'end'): StaticText | undefined {
  if (value.dynamic.length > 0) return undefined;
  const set = new Set([...chars].map((ch) => ch.codePointAt(0)!));
  const starts = codePointStarts(value.text);
  let from = 0;
  let to = starts.length - 1;
  if (side !== 'end') while (from < to && set.has(value.text.codePointAt(starts[from])!)) from++;
  if (side !== 'start') while (to > from && set.has(value.text.codePointAt(starts[to - 1])!)) to--;
  return sliceOf(value, starts[from], starts[to]);
}

/** `text.startswith(prefix)` / `endswith(suffix)` by code point. */
export function pythonAffix(text: string, affix: string, atEnd: boolean): boolean {
  if (!SURROGATE.test(text) && !SURROGATE.test(affix)) return atEnd ? text.endsWith(affix) : text.startsWith(affix);
  const [whole, part] = [[...text], [...affix]];
  if (part.length > whole.length) return false;
  const offset = atEnd ? whole.length - part.length : 0;
  return part.every((ch, i) => whole[offset + i] === ch);
}
