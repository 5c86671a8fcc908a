/**
 * Values of a program as far as they can be known without running it: the text of string
 * literals and of what is built from them (concatenation, formatting, joins), lists and objects of
 * such values, and placeholders for what only the running program knows. Every unit of text keeps
 * the source offset it came from, so the editor can draw inside the string literal.
 */
import type { DynamicKind, DynamicSpan, SourceRange, TextPiece } from '../model';
import { pythonStr, type PythonValue } from './pythonText';

/**
 * An item added to a list in a loop or under a condition (`parts.append(x)` in a `for`): counted
 * once, as if it holds, and the estimate says so; whether it is there, how many times and at which
 * index is known only at run time. What indexes, slices, sorts, searches or sizes a list leaves a
 * list holding one to the program (`settledItems`).
 */
export interface Placement {
  unplaced?: true;
}

export interface StaticText extends Placement {
  kind: 'text';
  text: string;
  /** Source offset of each UTF-16 unit of `text`, plus one entry for the end. */
  offsets: number[];
  /** Parts only known at run time (interpolations, parameters, calls), as placeholders. */
  dynamic: DynamicSpan[];
  range: SourceRange;
  /**
   * Built past MAX_TEXT_VALUE_CHARS: `text` holds only the start, and the value is unknown
   * (`SourceProgram.evaluate` makes it so).
   */
  overLimit?: true;
  /** A Python `pathlib` path, not a str: printed as its text, never compared, indexed or split as a str. */
  pathObject?: true;
}

export interface StaticList extends Placement {
  kind: 'list';
  items: StaticValue[];
  range: SourceRange;
  /** A Python tuple written as one (`(a, b)`): `%` takes its items as its arguments, a list as one. */
  tuple?: true;
  /** A Python generator expression's items: printed as a generator object, not as a list. */
  generator?: true;
}

export interface StaticEntry {
  key: string;
  value: StaticValue;
}

export interface StaticObject extends Placement {
  kind: 'object';
  entries: StaticEntry[];
  range: SourceRange;
  /**
   * Added to a list in a loop (`for turn in history: messages.append({...})`): it stands for any
   * number of such items, a conversation's turns when they are messages.
   */
  inLoop?: true;
  /** A pydantic model class, as the JSON schema the openai SDK sends for it (pydanticSchema.ts). */
  modelClass?: string;
  /** A LangChain message class made in the source (`SystemMessage(...)`): a prompt template sends it as written. */
  messageClass?: string;
  /** Some entries are not here: a key that is not known text, a spread of an unknown value. */
  partial?: true;
  /** A tool the openai SDK's zod helpers made (`zodFunction`): its runner sends it with a description, empty if none. */
  autoParseable?: true;
}

/** A plain JSON value as a static value whose every part points at `range`. */
export function staticOfJson(value: unknown, range: SourceRange): StaticValue {
  if (typeof value === 'string') return spreadText(value, range);
  if (Array.isArray(value)) return { kind: 'list', items: value.map((item) => staticOfJson(item, range)), range };
  if (value !== null && typeof value === 'object') {
    return { kind: 'object', entries: Object.entries(value).map(([key, v]) => ({ key, value: staticOfJson(v, range) })), range };
  }
  return { kind: 'scalar', value: typeof value === 'number' || typeof value === 'boolean' ? value : null, range };
}

export interface StaticScalar extends Placement {
  kind: 'scalar';
  value: number | boolean | null;
  range: SourceRange;
  /**
   * A Python value's type: it prints as Python prints it (`True`, `None`, `2.0`), and a float is
   * no integer to arithmetic or repetition. Absent for JavaScript values.
   */
  python?: 'int' | 'float' | 'bool' | 'none';
  /** JavaScript's `undefined` (held as null). */
  undefined?: true;
}

/**
 * A known value as Python holds it, for printing: a text, a scalar, or a list, tuple or dict of
 * them; undefined for a JavaScript value, a text with parts only the program knows (its
 * placeholders would be printed), or anything else.
 */
export function pythonValueOf(value: StaticValue): PythonValue | undefined {
  return pythonValueWithin(value, 0, { values: MAX_PRINTED_VALUES });
}

/**
 * Values a printed list or dict may hold in all, nested ones counted: one list can hold the same
 * long list thousands of times, and printing it would never end. Past it the value is not printed.
 */
const MAX_PRINTED_VALUES = 100_000;

function pythonValueWithin(value: StaticValue, depth: number, budget: { values: number }): PythonValue | undefined {
  if (--budget.values < 0 || depth > 50) return undefined;
  // A path prints as its text, but is no str: `repr` and a list's text write it otherwise.
  if (value.kind === 'text') return value.dynamic.length > 0 || value.pathObject ? undefined : { type: 'str', text: value.text };
  if (value.kind === 'list') {
    const known = value.generator ? undefined : knownItems(value);
    if (!known) return undefined;
    const items: PythonValue[] = [];
    for (const item of known) {
      const python = pythonValueWithin(item, depth + 1, budget);
      if (!python) return undefined;
      items.push(python);
    }
    return { type: value.tuple ? 'tuple' : 'list', items };
  }
  if (value.kind === 'object') {
    const held = heldEntries(value, 'python');
    if (!held) return undefined;
    const entries: Array<[string, PythonValue]> = [];
    for (const [key, item] of held) {
      const python = pythonValueWithin(item, depth + 1, budget);
      if (!python) return undefined;
      entries.push([key, python]);
    }
    return { type: 'dict', entries };
  }
  if (value.kind !== 'scalar' || !value.python) return undefined;
  if (value.python === 'none' || value.value === null) return { type: 'none' };
  if (typeof value.value === 'boolean') return { type: 'bool', value: value.value };
  return { type: value.python === 'float' ? 'float' : 'int', value: value.value };
}

/** A scalar's text as its program prints it. */
export function scalarText(value: StaticScalar): string {
  const python = pythonValueOf(value);
  const printed = python && pythonStr(python);
  if (printed !== undefined) return printed;
  if (value.value === null) return value.undefined ? 'undefined' : 'null';
  return String(value.value);
}

/**
 * Whether a value counts as true to `or` / `and` (Python) or `||` / `&&` (JavaScript): an empty
 * text, zero, false, None / null / undefined are false, and in Python an empty list or dict too;
 * undefined when the source does not tell (a value only the program knows, a text of placeholders only).
 */
export function truthiness(value: StaticValue, language: 'python' | 'script'): boolean | undefined {
  switch (value.kind) {
    case 'text': {
      const unknownUnits = value.dynamic.reduce((sum, span) => sum + (span.end - span.start), 0);
      return value.text.length > unknownUnits ? true : value.dynamic.length === 0 ? false : undefined;
    }
    case 'scalar':
      return typeof value.value === 'number' ? value.value !== 0 && !Number.isNaN(value.value) : value.value === true;
    case 'list':
      // An item only the program adds (a spread of an unknown list, one added in a loop) may be none.
      if (language === 'script' || value.items.some((item) => !(item.kind === 'unknown' && item.spread) && !item.unplaced)) return true;
      return value.items.length === 0 ? false : undefined;
    case 'object':
      if (language === 'script' || value.entries.length > 0) return true;
      return value.partial ? undefined : false;
    case 'unknown':
      return undefined;
  }
}

/** Keys that give an object a text of its own: it is not written as `[object Object]` here. */
const OWN_TEXT_KEYS = new Set(['toString', 'valueOf', 'toJSON', 'constructor', '__proto__']);

/**
 * A JavaScript value as text, as `String(value)`, `${value}` and `"" + value` write it: an array's
 * items joined with `,` (null and undefined as nothing, arrays in it the same way), a plain object
 * as `[object Object]`. Undefined for an object that may write itself otherwise (its own
 * `toString`, a message or schema object made by a library, entries the source does not show) or
 * an array whose items are not all here; an unknown value is its placeholder.
 */
export function scriptText(value: StaticValue, source: string, budget: PrintBudget = printBudget()): StaticText | undefined {
  return scriptTextWithin(value, source, 0, budget);
}

/** How many more values a text being printed may take in (`MAX_PRINTED_VALUES`), shared by its parts. */
export interface PrintBudget {
  values: number;
  /** Set when the text printed would pass MAX_TEXT_VALUE_CHARS (and so is not written out). */
  overLimit?: boolean;
}

export function printBudget(): PrintBudget {
  return { values: MAX_PRINTED_VALUES };
}

function scriptTextWithin(value: StaticValue, source: string, depth: number, budget: PrintBudget): StaticText | undefined {
  if (--budget.values < 0) return undefined;
  switch (value.kind) {
    case 'text':
    case 'unknown':
      return asText(value, source);
    case 'scalar':
      return spreadText(scalarText(value), value.range);
    case 'list': {
      const items = knownItems(value);
      if (!items || depth > 50) return undefined;
      const builder = new TextBuilder(value.range);
      for (const [i, item] of items.entries()) {
        if (i > 0) builder.append(spreadText(',', value.range));
        if (item.kind === 'scalar' && item.value === null) continue;
        const text = scriptTextWithin(item, source, depth + 1, budget);
        if (!text) return undefined;
        builder.append(text);
        if (builder.full()) {
          budget.overLimit = true;
          return undefined;
        }
      }
      // Past the size limit it is not written out, as any text past it.
      const built = builder.build();
      if (built.overLimit) budget.overLimit = true;
      return built.overLimit ? undefined : built;
    }
    case 'object':
      if (value.partial || value.inLoop || value.modelClass || value.messageClass || value.entries.some((e) => OWN_TEXT_KEYS.has(e.key))) return undefined;
      return spreadText('[object Object]', value.range);
  }
}

/** A value only the running program knows: a parameter, a call, an attribute. */
export interface StaticUnknown extends Placement {
  kind: 'unknown';
  /** The expression as written, e.g. `user.name` or `datetime.now()`. */
  expression: string;
  range: SourceRange;
  /** A value known to differ on every request (the clock, a random id). */
  perRequest: boolean;
  /** A per-request value that writes only today's date (`date.today()`): the same all day. */
  daily?: true;
  /**
   * Computed when the module loads (outside any function): unknown text, but the same for every
   * request the process serves, so it ends no cached prefix.
   */
  importTime?: boolean;
  /** In a list: stands for any number of items (`*history`, `...messages`), none of them known. */
  spread?: boolean;
  /** For a call: the callee as written and the arguments, e.g. `openai('gpt-4o')` for a model. */
  call?: { callee: string; args: StaticValue[] };
  /**
   * The text the program falls back to when the running program gives no value: an environment
   * variable's default (`os.getenv("MODEL", "gpt-4o")`, `process.env.MODEL ?? "gpt-4o"`), a
   * parameter's default. The model is read from it; prompt text stays unknown.
   */
  fallback?: StaticText;
  /**
   * Why a value built from a schema by code the analysis knows (an openai zod helper's call) is not
   * written out: said in place of "built by code" where the value is the response format or a tool.
   */
  unwritten?: string;
  /**
   * Bytes the program reads from a file of the workspace (`open(p, "rb").read()`, `readFileSync(p)`),
   * or their base64 encoding as bytes (`base64.b64encode(...)`): an image it sends inline. Text made
   * of them (`.decode()`, `.toString("base64")`) is known text.
   */
  bytes?: FileBytes;
}

export interface FileBytes {
  data: Uint8Array;
  /** The file they come from, as the program names it. */
  file: string;
  /** The file read (where a relative path was found). */
  path: string;
  /** `data` is the base64 of the file's bytes (`base64.b64encode(...)`), not the bytes themselves. */
  base64?: true;
  /** Only the start of a large image: its base64 text stands for the whole (`SourceProgram.fileBase64Text`). */
  partial?: true;
}

export type StaticValue = StaticText | StaticList | StaticObject | StaticScalar | StaticUnknown;

/** Units of text built so far (each with its offset), for `builtTextUnits`. */
let unitsBuilt = 0;

/**
 * How many units of text the values built so far hold, all together: a reading compares it before
 * and after to bound the memory one call's values take (`SourceProgram.evaluate`).
 */
export function builtTextUnits(): number {
  return unitsBuilt;
}

/** Text copied verbatim from `source[start, end)`. */
export function sliceText(source: string, start: number, end: number): StaticText {
  unitsBuilt += end - start;
  const offsets = new Array<number>(end - start + 1);
  for (let i = 0; i <= end - start; i++) offsets[i] = start + i;
  return { kind: 'text', text: source.slice(start, end), offsets, dynamic: [], range: { start, end } };
}

/** Text whose units all point into `range`, spread evenly (text brought in from elsewhere). */
export function spreadText(text: string, range: SourceRange): StaticText {
  unitsBuilt += text.length;
  const width = range.end - range.start;
  const offsets = new Array<number>(text.length + 1);
  for (let i = 0; i < text.length; i++) offsets[i] = range.start + Math.floor((i * width) / Math.max(1, text.length));
  offsets[text.length] = range.end;
  return { kind: 'text', text, offsets, dynamic: [], range };
}

export function emptyText(at: number): StaticText {
  return { kind: 'text', text: '', offsets: [at], dynamic: [], range: { start: at, end: at } };
}

/**
 * The longest text a value is built to from one step (a repetition `"…" * n`, a prompt file the code
 * reads): 4 M characters, far past any model's context; past it the value is unknown.
 */
export const MAX_TEXT_VALUE_CHARS = 1 << 22;

/**
 * Builds text unit by unit, each with its source offset. It stops at MAX_TEXT_VALUE_CHARS and marks
 * the text `overLimit`: a text that long is not read as a prompt, and joining more (a constant of
 * millions of characters joined hundreds of times) would only run out of memory.
 */
/** A value's offsets longer than this are kept by reference while a text is built, copied once at the end. */
const SHARED_OFFSETS = 4096;

export class TextBuilder {
  private text = '';
  /** The offsets so far: runs kept by reference (a long value's), then the units pushed one by one. */
  private readonly runs: Array<{ offsets: ArrayLike<number>; length: number }> = [];
  private pending: number[] = [];
  private readonly dynamic: DynamicSpan[] = [];
  private end: number;
  private overLimit = false;

  constructor(private readonly range: SourceRange) {
    this.end = range.start;
  }

  /** How many of `length` more units fit; marks the text over the limit when not all do. */
  private fitting(length: number): number {
    const room = MAX_TEXT_VALUE_CHARS - this.text.length;
    if (length <= room) return length;
    this.overLimit = true;
    return Math.max(0, room);
  }

  /** Appends `text`; unit `i` came from `offsetOf(i)` and the text ends at `end`. */
  push(text: string, offsetOf: (i: number) => number, end: number): void {
    if (this.overLimit) return;
    const length = this.fitting(text.length);
    for (let i = 0; i < length; i++) this.pending.push(offsetOf(i));
    this.text += length < text.length ? text.slice(0, length) : text;
    this.end = length < text.length ? offsetOf(length) : end;
  }

  /** Appends a value's text, keeping its offsets and placeholders. */
  append(value: StaticText): void {
    if (this.overLimit) return;
    if (value.overLimit) this.overLimit = true;
    const length = this.fitting(value.text.length);
    const shift = this.text.length;
    if (length > SHARED_OFFSETS) {
      // A long text (a file's base64, a prompt file) is not copied unit by unit twice: its offsets
      // are read once, when the text is built.
      if (this.pending.length > 0) this.runs.push({ offsets: this.pending, length: this.pending.length });
      this.pending = [];
      this.runs.push({ offsets: value.offsets, length });
    } else {
      for (let i = 0; i < length; i++) this.pending.push(value.offsets[i]);
    }
    for (const span of value.dynamic) {
      if (span.start < length || (span.start === length && span.end === length)) this.dynamic.push({ ...span, start: span.start + shift, end: Math.min(span.end, length) + shift });
    }
    this.text += length < value.text.length ? value.text.slice(0, length) : value.text;
    this.end = value.offsets[length];
  }

  /** Whether the text has passed MAX_TEXT_VALUE_CHARS (nothing more is added). */
  full(): boolean {
    return this.overLimit;
  }

  build(): StaticText {
    unitsBuilt += this.text.length;
    const offsets = new Array<number>(this.text.length + 1);
    let at = 0;
    for (const run of [...this.runs, { offsets: this.pending, length: this.pending.length }]) {
      for (let i = 0; i < run.length; i++) offsets[at++] = run.offsets[i];
    }
    offsets[at] = this.end;
    const built: StaticText = { kind: 'text', text: this.text, offsets, dynamic: this.dynamic, range: this.range };
    return this.overLimit ? { ...built, overLimit: true } : built;
  }
}

export function concatTexts(values: readonly StaticText[], range: SourceRange): StaticText {
  const builder = new TextBuilder(range);
  for (const value of values) builder.append(value);
  return builder.build();
}

/**
 * `text` repeated `n` times (Python `"…" * n`, JavaScript `"…".repeat(n)`), each copy pointing at
 * the same source; `n` is a whole number from 0 up (each language's caller reads its count). A
 * result past MAX_TEXT_VALUE_CHARS is an empty text marked `overLimit`, whatever the count.
 */
export function repeatText(text: StaticText, n: number, range: SourceRange): StaticText {
  const width = text.text.length;
  if (n === 0 || width === 0) return { kind: 'text', text: '', offsets: [n === 0 ? range.start : text.offsets[0]], dynamic: [], range };
  // Past the limit only the fact counts: the value is unknown, so nothing of it is built.
  if (n * width > MAX_TEXT_VALUE_CHARS) return { ...emptyText(range.start), range, overLimit: true };
  const length = n * width;
  const offsets = new Array<number>(length + 1);
  for (let i = 0; i < length; i++) offsets[i] = text.offsets[i % width];
  offsets[length] = text.offsets[width];
  const dynamic: DynamicSpan[] = [];
  for (let k = 0; k < n; k++) for (const span of text.dynamic) dynamic.push({ ...span, start: span.start + k * width, end: span.end + k * width });
  unitsBuilt += length;
  return { kind: 'text', text: text.text.repeat(n), offsets, dynamic, range };
}

/**
 * A value as text: text as it is; an unknown as a placeholder that shows its expression as
 * written and is marked dynamic; scalars as the program would print them.
 */
export function asText(value: StaticValue, source: string, placeholder?: SourceRange): StaticText {
  switch (value.kind) {
    case 'text':
      return value;
    case 'unknown': {
      const at = placeholder ?? value.range;
      const text = sliceText(source, at.start, at.end);
      if (value.importTime && !value.perRequest) return text;
      const kind: DynamicKind = value.perRequest ? 'per-request-value' : 'template-variable';
      const daily = value.perRequest && value.daily ? { daily: true as const } : {};
      text.dynamic = [{ start: 0, end: text.text.length, kind, name: shortName(value.expression), ...daily }];
      return text;
    }
    case 'scalar':
      return spreadText(scalarText(value), value.range);
    default:
      // A list or object whose text would pass the limit is not written out (JSON.stringify would
      // fail past V8's longest string): it is unknown, like any text past the limit.
      if (plainSize(value, MAX_TEXT_VALUE_CHARS) > MAX_TEXT_VALUE_CHARS) return { ...emptyText(value.range.start), range: value.range, overLimit: true };
      return spreadText(JSON.stringify(plainValue(value)), value.range);
  }
}

/**
 * About how many characters a value's JSON takes (its texts, keys and a few for each item), counted
 * up to just past `limit`: a list of many copies of one long text is not walked to its end.
 */
export function plainSize(value: StaticValue, limit: number): number {
  let size = 0;
  const pending: StaticValue[] = [value];
  while (pending.length > 0 && size <= limit) {
    const v = pending.pop()!;
    size += 4;
    if (v.kind === 'text') size += v.text.length;
    else if (v.kind === 'unknown') size += v.expression.length;
    else if (v.kind === 'list') for (let i = v.items.length - 1; i >= 0 && size <= limit; i--) pending.push(v.items[i]);
    else if (v.kind === 'object') {
      for (let i = v.entries.length - 1; i >= 0 && size <= limit; i--) {
        size += v.entries[i].key.length;
        pending.push(v.entries[i].value);
      }
    }
  }
  return size;
}

/** A placeholder for an unknown value standing where `range` is written. */
export function placeholderText(source: string, range: SourceRange, expression: string, perRequest: boolean): StaticText {
  return asText({ kind: 'unknown', expression, range, perRequest }, source, range);
}

/**
 * An expression as said in a message: its white space runs made one space, cut to `limit`
 * characters. Only as much of it is read as the name shows: every level of an expression nested
 * thousands deep is named, and flattening each whole took time that grows with the square of its
 * length (10 s for 5,000 levels in 40 KB).
 */
export function shortName(expression: string, limit = 60): string {
  for (let read = limit * 4; ; read *= 4) {
    const whole = read >= expression.length;
    const flat = (whole ? expression : expression.slice(0, read)).replace(/\s+/g, ' ').trim();
    if (flat.length > limit) return `${flat.slice(0, limit - 3)}...`;
    if (whole) return flat;
  }
}

/** Whether a value is plain data the source writes out: no part of it known only at run time. */
export function isFullyKnown(value: StaticValue): boolean {
  switch (value.kind) {
    case 'unknown':
      return false;
    case 'text':
      return value.dynamic.length === 0;
    case 'list':
      return value.items.every(isFullyKnown);
    case 'object':
      return value.entries.every((e) => isFullyKnown(e.value));
    default:
      return true;
  }
}

/** The value as plain data (JSON-like); unknowns become their expression in braces. */
export function plainValue(value: StaticValue): unknown {
  switch (value.kind) {
    case 'text':
      return value.text;
    case 'scalar':
      return value.value;
    case 'unknown':
      return `{${value.expression}}`;
    case 'list':
      return value.items.map(plainValue);
    case 'object':
      return Object.fromEntries(value.entries.map((e) => [e.key, plainValue(e.value)]));
  }
}

/**
 * `value` with its texts kept, in order, while they come to at most `limit` characters in all (keys
 * and list items counting too); each later text is replaced by its code as written, a value the
 * same on every request. A call that sends one long text hundreds of times (`content: PROMPT` in
 * every message) is not counted past what one text may be built to. Undefined when nothing was
 * replaced.
 */
export function capValue(value: StaticValue, limit: number, source: string): StaticValue | undefined {
  const state = { used: 0, capped: false };
  const cap = (v: StaticValue): StaticValue => {
    switch (v.kind) {
      case 'text':
        state.used += v.text.length;
        if (state.used <= limit) return v;
        state.capped = true;
        return { kind: 'unknown', expression: shortName(source.slice(v.range.start, v.range.end)), range: v.range, perRequest: false, importTime: true };
      case 'list': {
        let changed = false;
        const items = v.items.map((item) => {
          state.used++;
          const out = cap(item);
          if (out !== item) changed = true;
          return out;
        });
        return changed ? { ...v, items } : v;
      }
      case 'object': {
        let changed = false;
        const entries = v.entries.map((entry) => {
          state.used += entry.key.length;
          const out = cap(entry.value);
          if (out !== entry.value) changed = true;
          return out === entry.value ? entry : { key: entry.key, value: out };
        });
        return changed ? { ...v, entries } : v;
      }
      default:
        return v;
    }
  };
  const out = cap(value);
  return state.capped ? out : undefined;
}

/** The entry of an object by key. */
export function entryOf(value: StaticValue | undefined, key: string): StaticValue | undefined {
  if (value?.kind !== 'object') return undefined;
  for (let i = value.entries.length - 1; i >= 0; i--) if (value.entries[i].key === key) return isUndefined(value.entries[i].value) ? undefined : value.entries[i].value;
  return undefined;
}

/** JavaScript's `undefined`: a key holding it is left out of JSON, as if it were not there. */
export function isUndefined(value: StaticValue): boolean {
  return value.kind === 'scalar' && value.undefined === true;
}

/** The text of a value when it is fully known text. */
export function knownString(value: StaticValue | undefined): string | undefined {
  return value?.kind === 'text' && value.dynamic.length === 0 ? value.text : undefined;
}

/** Units [from, to) of a text, offsets and placeholders kept. */
export function sliceOf(value: StaticText, from: number, to: number): StaticText {
  unitsBuilt += Math.max(0, Math.min(to, value.text.length) - from);
  return {
    kind: 'text',
    text: value.text.slice(from, to),
    offsets: value.offsets.slice(from, to + 1),
    dynamic: value.dynamic
      .filter((d) => d.start >= from && d.end <= to)
      .map((d) => ({ ...d, start: d.start - from, end: d.end - from })),
    range: value.range,
  };
}

/** The text with the units at `drop` removed (dedent, strip); placeholders shift with it. */
export function withoutUnits(value: StaticText, drop: (i: number) => boolean): StaticText {
  const builder = new TextBuilder(value.range);
  let i = 0;
  while (i < value.text.length) {
    const span = value.dynamic.find((d) => d.start === i);
    if (span) {
      builder.append(sliceOf(value, span.start, span.end));
      i = span.end;
      continue;
    }
    if (!drop(i)) builder.push(value.text[i], () => value.offsets[i], value.offsets[i + 1]);
    i++;
  }
  const built = builder.build();
  built.offsets[built.text.length] = value.offsets[value.text.length];
  return built;
}

/**
 * `textwrap.dedent` / `dedent`: the common leading whitespace of non-blank lines removed, and the
 * whitespace of blank lines. `blank` tells a blank line: Python's counts only spaces and tabs.
 */
export function dedentText(value: StaticText, blank: (line: string) => boolean = (line) => line.trim() === ''): StaticText {
  const lines = value.text.split('\n');
  let common: string | undefined;
  for (const line of lines) {
    if (blank(line)) continue;
    const indent = /^[ \t]*/.exec(line)![0];
    if (common === undefined || !indent.startsWith(common)) {
      let k = 0;
      while (common !== undefined && k < common.length && k < indent.length && common[k] === indent[k]) k++;
      common = common === undefined ? indent : common.slice(0, k);
    }
  }
  const drop = new Set<number>();
  let start = 0;
  for (const line of lines) {
    const width = blank(line) ? /^[ \t]*/.exec(line)![0].length : (common?.length ?? 0);
    for (let k = 0; k < width; k++) drop.add(start + k);
    start += line.length + 1;
  }
  return withoutUnits(value, (i) => drop.has(i));
}

/** Python's whitespace (`str.isspace`): JavaScript's but U+FEFF, and U+001C to U+001F and U+0085 too. */
export const PYTHON_SPACE = /[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

/** Whether a unit is whitespace to Python (`python`) or to JavaScript's `trim`. */
export function isSpace(ch: string, language: 'python' | 'script'): boolean {
  return language === 'python' ? PYTHON_SPACE.test(ch) : ch.trim() === '';
}

/** `str.strip()` / `.trim()` and their one-sided forms, with the language's whitespace. */
export function trimText(value: StaticText, side: 'both' | 'start' | 'end', language: 'python' | 'script' = 'script'): StaticText {
  const text = value.text;
  let from = 0;
  let to = text.length;
  if (side !== 'end') while (from < to && isSpace(text[from], language)) from++;
  if (side !== 'start') while (to > from && isSpace(text[to - 1], language)) to--;
  return sliceOf(value, from, to);
}

/** `sep.join(items)` / `items.join(sep)`. */
export function joinTexts(items: readonly StaticText[], separator: StaticText, range: SourceRange): StaticText {
  const builder = new TextBuilder(range);
  items.forEach((item, i) => {
    if (i > 0) builder.append(separator);
    builder.append(item);
  });
  return builder.build();
}

/** The request's view of a text value: a `TextPiece` whose units lead back to the source. */
export function toTextPiece(value: StaticText): TextPiece {
  let start = Infinity;
  let end = -Infinity;
  for (const offset of value.offsets) {
    if (offset < start) start = offset;
    if (offset > end) end = offset;
  }
  const verbatim = value.offsets.every((o, i) => o === value.offsets[0] + i);
  return {
    text: value.text,
    range: { start, end },
    ...(verbatim ? {} : { offsets: value.offsets }),
    dynamic: [...value.dynamic].sort((a, b) => a.start - b.start),
  };
}

/** Parts of a list or dict walked to print it or tell whether it is constant, at most. */
const MAX_PRINTED_PARTS = 100_000;

/** Items past this many are not read one by one (a comprehension over them is left to the program). */
export const MAX_ITERATED_ITEMS = 10_000;

/**
 * The items a known list holds, or undefined when some are not known (a spread of an unknown, an
 * item added in a loop) or there are too many to read one by one.
 */
export function knownItems(value: StaticValue): StaticValue[] | undefined {
  if (value.kind !== 'list' || value.items.length > MAX_ITERATED_ITEMS) return undefined;
  if (value.items.some((item) => (item.kind === 'unknown' && item.spread) || (item.kind === 'object' && item.inLoop))) return undefined;
  return value.items;
}

/**
 * The items of a known list whose every item has its place (none added in a loop or under a
 * condition: `Placement`), for what indexes, slices, orders, searches or sizes it.
 */
export function settledItems(value: StaticValue): StaticValue[] | undefined {
  const items = knownItems(value);
  return items && !items.some((item) => item.unplaced) ? items : undefined;
}

/**
 * Whether a value holds no list or dict item that only may be there (`Placement`), at any depth:
 * what compares it as a whole needs to know every item. False past MAX_PRINTED_PARTS parts.
 */
export function isSettled(value: StaticValue): boolean {
  const pending: StaticValue[] = [value];
  let parts = 0;
  while (pending.length > 0) {
    if (++parts > MAX_PRINTED_PARTS) return false;
    const v = pending.pop()!;
    if (v.unplaced) return false;
    if (v.kind === 'list') pending.push(...v.items);
    else if (v.kind === 'object') for (const e of v.entries) pending.push(e.value);
  }
  return true;
}

/** `value`, marked as only maybe there (`Placement`) when `unplaced`. */
export function placedAs<T extends StaticValue>(value: T, unplaced: boolean | undefined): T {
  return unplaced && !value.unplaced ? { ...value, unplaced: true } : value;
}

/** `heldEntries` of an object none of whose values only may be there (`Placement`). */
export function settledEntries(value: StaticValue, language: 'python' | 'script'): Array<[string, StaticValue]> | undefined {
  const entries = heldEntries(value, language);
  return entries && !entries.some(([, item]) => item.unplaced) ? entries : undefined;
}

/**
 * An object's entries as the object holds them: a key written twice keeps its first place and its
 * last value (Python and JavaScript alike); JavaScript puts array-index keys first, in number order.
 * Undefined for an object with entries the source does not know.
 */
export function heldEntries(value: StaticValue, language: 'python' | 'script'): Array<[string, StaticValue]> | undefined {
  if (value.kind !== 'object' || value.partial || value.inLoop || value.modelClass || value.messageClass) return undefined;
  const byKey = new Map<string, StaticValue>();
  for (const { key, value: item } of value.entries) byKey.set(key, item);
  const list = [...byKey];
  if (language === 'python') return list;
  const isIndex = (key: string) => /^(0|[1-9]\d*)$/.test(key) && Number(key) < 4294967295;
  const indexed = list.filter(([key]) => isIndex(key)).sort((a, b) => Number(a[0]) - Number(b[0]));
  return [...indexed, ...list.filter(([key]) => !isIndex(key))];
}

/**
 * `text` with `old` replaced by `replacement`, the first `count` times (all when undefined); the
 * kept parts keep their places, each replacement points at `at`. Undefined when `text` has parts
 * only the program knows, or `old` is empty.
 */
export function replacedText(text: StaticText, old: string, replacement: string, count: number | undefined, at: SourceRange): StaticText | undefined {
  if (text.dynamic.length > 0 || old === '') return undefined;
  const builder = new TextBuilder(text.range);
  let cursor = 0;
  let done = 0;
  for (let found = text.text.indexOf(old); found >= 0 && (count === undefined || done < count); found = text.text.indexOf(old, cursor)) {
    builder.append(sliceOf(text, cursor, found));
    builder.append(spreadText(replacement, at));
    cursor = found + old.length;
    done++;
  }
  builder.append(sliceOf(text, cursor, text.text.length));
  return builder.build();
}

/** `text` in upper or lower case; its places kept when the length stays. Undefined for a text with unknown parts. */
export function recasedText(text: StaticText, upper: boolean): StaticText | undefined {
  if (text.dynamic.length > 0) return undefined;
  return withText(text, upper ? text.text.toUpperCase() : text.text.toLowerCase());
}

/**
 * A known text rewritten character for character (its case changed): each unit keeps its place
 * when the length is the same, else the new text spreads over the old one's.
 */
export function withText(text: StaticText, recased: string): StaticText {
  if (recased.length !== text.text.length) return spreadText(recased, { start: text.offsets[0], end: text.offsets[text.text.length] });
  unitsBuilt += recased.length;
  return { ...text, text: recased };
}

/**
 * Whether a value is the same on every request: known, or only the running program knows it but it
 * is computed when the module loads. Lists and objects count when all their parts do.
 */
export function isConstant(value: StaticValue): boolean {
  const pending: StaticValue[] = [value];
  let parts = 0;
  while (pending.length > 0) {
    // A value shared many times over (`[L, L, L]`, nested) is not walked to its end: said to change.
    if (++parts > MAX_PRINTED_PARTS) return false;
    const v = pending.pop()!;
    if (v.kind === 'text' ? v.dynamic.length > 0 : v.kind === 'unknown' ? !v.importTime || v.perRequest || v.spread : false) return false;
    if (v.kind === 'list') pending.push(...v.items);
    else if (v.kind === 'object') {
      if (v.inLoop) return false;
      for (const e of v.entries) pending.push(e.value);
    }
  }
  return true;
}
