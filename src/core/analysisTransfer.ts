/**
 * Moving an analysis from the analysis worker to the extension host without a long stop on the
 * receiving side. A structured clone is taken apart in one synchronous step when the message
 * arrives, so the worker sends a small root object instead, and every long array of objects
 * (20,000 tools, their findings and segments) as v8-serialized slices the receiver takes apart one
 * per turn of its event loop. Typed arrays (token ids, source offsets, the per-unit offsets of
 * decoded text) are copied once in the worker and transferred, not cloned.
 *
 * The function `tokenLength` cannot cross a thread: it travels as a Uint16Array of per-token
 * lengths and is rebuilt on arrival.
 */
import { deserialize, serialize } from 'node:v8';
import type { Analysis } from './analyze';
import { InputRejectedError } from './inputRejected';
import type { EditorView } from './editorView';
import { PromptParseError } from './model';
import type { SourceCall } from './sources/analyzeSource';
import type { UnparsedSourceCall } from './sources/unparsedCall';
import type { SourceLanguage } from './sources/languages';

/** Arrays longer than this are sent as slices. */
const SLICE_THRESHOLD = 256;
/** Elements per slice: one slice of tools or findings takes a few milliseconds to take apart. */
const SLICE_SIZE = 256;
/**
 * A slice serialized larger than this (elements that hold long arrays or strings) is halved until
 * it is not, or holds one element: taking apart 128 KB takes a millisecond or two.
 */
const SLICE_BYTES = 128 * 1024;
/** Strings longer than this (a 20 MB message) travel in parts of this many characters. */
const STRING_PART = 1 << 20;

/**
 * Where a sliced array (or a long string, in parts) goes back: in the root (`owner` -1) or in an
 * element of another sliced array.
 */
interface SlicedArray {
  kind: 'array' | 'string';
  owner: number;
  path: Array<string | number>;
  /** v8-serialized arrays of consecutive elements. */
  slices: ArrayBuffer[];
}

/** A value taken apart for the trip: the root with holes where the sliced arrays go. */
export interface DetachedValue {
  root: unknown;
  arrays: SlicedArray[];
}

export interface Detached {
  value: DetachedValue;
  /** Buffers to pass in the transfer list; each belongs to a copy made for the trip alone. */
  transfer: ArrayBuffer[];
}

/** What the worker sends for a finished analysis. */
export interface AnalysisPayload {
  analysis: Omit<Analysis, 'tokenLength'> & { tokenLengths: Uint16Array };
  view?: EditorView;
}

/** What the worker sends for a source file: each LLM call with its analysis and editor view. */
export interface SourcePayload {
  language: SourceLanguage;
  prompts: Array<AnalysisPayload & { call: SourceCall }>;
  /** Other files the analysis read (see SourceAnalysis.readFiles). */
  readFiles: string[];
  /** Files the analysis looked for and did not find (see SourceAnalysis.missingFiles). */
  missingFiles: string[];
  /** LLM calls a syntax error keeps from being read (see SourceAnalysis.unparsedCalls). */
  unparsedCalls: UnparsedSourceCall[];
}

/** Whether `copy` may need the value's path: an object, or a string long enough to travel in parts. */
function needsPath(value: unknown): boolean {
  return (typeof value === 'object' && value !== null) || (typeof value === 'string' && value.length > STRING_PART);
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Copies `value` for the trip. Typed arrays are copied into buffers of their own (the originals may
 * be views into the worker's caches, which a transfer would detach). Arrays of numbers that are
 * the per-unit offsets of decoded text travel as Int32Array.
 */
export function detach(value: unknown): Detached {
  const arrays: SlicedArray[] = [];
  const transfer: ArrayBuffer[] = [];

  const copy = (v: unknown, owner: number, path: Array<string | number>, inSlice: boolean): unknown => {
    if (typeof v === 'string' && v.length > STRING_PART && !inSlice) {
      const entry: SlicedArray = { kind: 'string', owner, path, slices: [] };
      arrays.push(entry);
      for (let from = 0; from < v.length; from += STRING_PART) entry.slices.push(serialized(v.slice(from, from + STRING_PART)));
      transfer.push(...entry.slices);
      return null;
    }
    if (v === null || typeof v !== 'object') return v;
    if (ArrayBuffer.isView(v)) {
      // Inside a slice the serializer copies it anyway.
      if (inSlice) return v;
      const own = (v as unknown as { slice(): ArrayBufferView }).slice();
      transfer.push(own.buffer as ArrayBuffer);
      return own;
    }
    if (Array.isArray(v)) {
      if (v.length > SLICE_THRESHOLD && !v.every((x) => typeof x === 'number')) {
        const index = arrays.length;
        const entry: SlicedArray = { kind: 'array', owner, path, slices: [] };
        arrays.push(entry);
        for (let from = 0; from < v.length; from += SLICE_SIZE) {
          pushSlices(entry.slices, v.slice(from, from + SLICE_SIZE).map((x, i) => copy(x, index, [from + i], true)));
        }
        transfer.push(...entry.slices);
        return null;
      }
      return v.map((x, i) => copy(x, owner, needsPath(x) ? [...path, i] : path, inSlice));
    }
    if (!isPlainObject(v)) return v;
    const out: Record<string, unknown> = {};
    for (const [key, x] of Object.entries(v)) {
      out[key] =
        key === 'offsets' && Array.isArray(x) && typeof (v as { text?: unknown }).text === 'string'
          ? copy(Int32Array.from(x as number[]), owner, [...path, key], inSlice)
          : copy(x, owner, needsPath(x) ? [...path, key] : path, inSlice);
    }
    return out;
  };

  const root = copy(value, -1, [], false);
  return { value: { root, arrays }, transfer };
}

/** Serializes `elements` as one slice, or as several when that one would be over `SLICE_BYTES`. */
function pushSlices(slices: ArrayBuffer[], elements: unknown[]): void {
  const bytes = serialized(elements);
  if (bytes.byteLength <= SLICE_BYTES || elements.length === 1) {
    slices.push(bytes);
    return;
  }
  const half = Math.ceil(elements.length / 2);
  pushSlices(slices, elements.slice(0, half));
  pushSlices(slices, elements.slice(half));
}

function serialized(value: unknown): ArrayBuffer {
  const bytes = serialize(value);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/**
 * Puts a detached value back together, waiting for `pause()` after every slice it takes apart. A
 * long string is put together with `+`, which links its parts (V8 copies them into one only when
 * the string is read character by character), so no step copies all of a 20 MB text.
 */
export async function attach(value: DetachedValue, pause: () => Promise<void>): Promise<unknown> {
  const rebuilt: unknown[] = [];
  for (const entry of value.arrays) {
    const elements: unknown[] = [];
    let text = '';
    for (const slice of entry.slices) {
      const part = deserialize(new Uint8Array(slice));
      if (entry.kind === 'array') for (const element of part as unknown[]) elements.push(element);
      else text += part as string;
      await pause();
    }
    rebuilt.push(entry.kind === 'array' ? elements : text);
  }
  value.arrays.forEach((entry, index) => {
    let target: unknown = entry.owner === -1 ? value.root : rebuilt[entry.owner];
    if (entry.path.length === 0) {
      value.root = rebuilt[index];
      return;
    }
    for (const key of entry.path.slice(0, -1)) target = (target as Record<string | number, unknown>)[key];
    (target as Record<string | number, unknown>)[entry.path[entry.path.length - 1]] = rebuilt[index];
  });
  return value.root;
}

/** The analysis as the worker sends it: `tokenLength` replaced by the lengths it returns. */
export function toPayload(analysis: Analysis, view?: EditorView): AnalysisPayload {
  const { tokenLength, ...rest } = analysis;
  const tokenLengths = new Uint16Array(analysis.rendered.ids.length);
  for (let i = 0; i < tokenLengths.length; i++) tokenLengths[i] = Math.min(0xffff, tokenLength(i));
  return { analysis: { ...rest, tokenLengths }, ...(view ? { view } : {}) };
}

/** The analysis back from a payload, with its `tokenLength` function. */
export function fromPayload(payload: AnalysisPayload): { analysis: Analysis; view?: EditorView } {
  const { tokenLengths, ...rest } = payload.analysis;
  const analysis: Analysis = { ...rest, tokenLength: (i) => tokenLengths[i] ?? 0 };
  return { analysis, view: payload.view };
}

/** An error as it crosses the thread: the two the editor tells apart keep their kind and fields. */
export type EncodedError =
  | { kind: 'parse'; message: string; offset: number; line: number; column: number }
  | { kind: 'rejected'; message: string; reason: InputRejectedError['reason'] }
  | { kind: 'other'; message: string };

export function encodeError(error: unknown): EncodedError {
  if (error instanceof PromptParseError) {
    return { kind: 'parse', message: error.message, offset: error.offset, line: error.line, column: error.column };
  }
  if (error instanceof InputRejectedError) return { kind: 'rejected', message: error.message, reason: error.reason };
  return { kind: 'other', message: error instanceof Error ? error.message : String(error) };
}

export function decodeError(error: EncodedError): Error {
  switch (error.kind) {
    case 'parse':
      return new PromptParseError(error.message, error.offset, error.line, error.column);
    case 'rejected':
      return new InputRejectedError(error.message, error.reason);
    case 'other':
      return new Error(error.message);
  }
}
