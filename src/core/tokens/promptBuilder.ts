/**
 * Accumulates a rendered prompt token by token: ids, the source offset of each token's first
 * character, the sections (segments), where dynamic spans start and where breakpoints end.
 */
import type { CacheBreakpoint, DynamicSpan, SourceRange, TextPiece } from '../model';
import type {
  BreakpointPoint,
  DynamicPoint,
  EncodingName,
  RenderedPrompt,
  SegmentKind,
  TokenSegment,
} from './rendered';
import { InputRejectedError } from '../inputRejected';
import type { Tokenizer } from './tokenizer';
import { type EncodedText, tokenStartUnits } from './tokenStarts';

/**
 * How a run's units map to the source, in bulk: `start + i` (a verbatim slice), `offsets[i]` (a
 * decoded string; -1 past its end), or one offset for every unit. Lets the builder place thousands
 * of tokens without a call per token.
 */
export type RunLayout =
  | { kind: 'slice'; start: number }
  | { kind: 'table'; offsets: ArrayLike<number> }
  | { kind: 'constant'; offset: number };

/** Text to encode, with a way back to the source for each UTF-16 unit. */
export interface TextRun {
  text: string;
  /** Source offset of unit `i`, or -1 when the text is not in the file. */
  offsetAt(i: number): number;
  dynamic: readonly DynamicSpan[];
  /** The same mapping as `offsetAt`, for bulk use; absent means ask `offsetAt`. */
  layout?: RunLayout;
}

/** From the first range's start to the last one's end, skipping nulls; null when there is none. */
export function enclosingRange(ranges: readonly (SourceRange | null)[]): SourceRange | null {
  let span: SourceRange | null = null;
  for (const range of ranges) {
    if (!range) continue;
    // One comparison each, not Math.min(...): a request may have more tools or parts than a call takes arguments.
    span = span ? { start: Math.min(span.start, range.start), end: Math.max(span.end, range.end) } : { start: range.start, end: range.end };
  }
  return span;
}

export function runOfPiece(piece: TextPiece): TextRun {
  const { range, offsets } = piece;
  const layout: RunLayout =
    range === null
      ? { kind: 'constant', offset: -1 }
      : offsets
        ? { kind: 'table', offsets }
        : { kind: 'slice', start: range.start };
  return {
    text: piece.text,
    offsetAt: (i) => (range === null ? -1 : offsets ? (offsets[i] ?? -1) : range.start + i),
    dynamic: piece.dynamic,
    layout,
  };
}

/** Text the provider adds (role names, separators): no place in the file. */
export function syntheticRun(text: string): TextRun {
  return { text, offsetAt: () => -1, dynamic: [], layout: { kind: 'constant', offset: -1 } };
}

/** Generated text that stands for a place in the file (a tool's rendered declaration line). */
export function anchoredRun(text: string, offset: number, dynamic: readonly DynamicSpan[] = []): TextRun {
  return { text, offsetAt: () => offset, dynamic, layout: { kind: 'constant', offset } };
}

/**
 * Writes the source offset of each token start in [from, to) that falls inside `run` (whose first
 * unit is unit `runStart` of the encoded text) into `out` from index `outAt + from` on.
 */
function placeTokensOfRun(
  run: TextRun,
  runStart: number,
  starts: Int32Array,
  from: number,
  to: number,
  out: Int32Array,
  outAt: number,
): void {
  const layout = run.layout;
  if (!layout) {
    for (let t = from; t < to; t++) out[outAt + t] = run.offsetAt(starts[t] - runStart);
  } else if (layout.kind === 'constant') {
    out.fill(layout.offset, outAt + from, outAt + to);
  } else if (layout.kind === 'slice') {
    const shift = layout.start - runStart;
    for (let t = from; t < to; t++) out[outAt + t] = starts[t] + shift;
  } else {
    const table = layout.offsets;
    for (let t = from; t < to; t++) out[outAt + t] = table[starts[t] - runStart] ?? -1;
  }
}

/** Where an encoded text landed in the prompt. */
export interface TextPlacement {
  /** Index of its first token. */
  first: number;
  /** Index after its last token. */
  end: number;
  /** Index of the token holding character `unit` of the concatenated text. */
  tokenAt(unit: number): number;
}

interface OpenSegment {
  kind: SegmentKind;
  label: string;
  range: SourceRange | null;
  tokenStart: number;
  messageIndex?: number;
  toolIndex?: number;
}

/** Tokens of images, documents and audio one request may hold: 16 times the largest context window. */
export const MAX_MEDIA_TOKENS = 16_000_000;

export class PromptBuilder {
  /** Token ids and source offsets, in typed arrays that grow by doubling; `count` are in use. */
  private ids = new Uint32Array(1024);
  private offsets = new Int32Array(1024);
  private count = 0;
  private readonly segments: TokenSegment[] = [];
  private readonly open: OpenSegment[] = [];
  private readonly dynamicPoints: DynamicPoint[] = [];
  private readonly breakpoints: BreakpointPoint[] = [];
  private blocks = 0;
  private readonly blockEnds: number[] = [];
  private images = 0;
  private mediaTokens = 0;
  private readonly estimateReasons: string[] = [];

  constructor(readonly tokenizer: Tokenizer) {}

  get length(): number {
    return this.count;
  }

  /** Ids of the tokens from `start` on (a view, valid until more tokens are added). */
  idsFrom(start: number): Uint32Array {
    return this.ids.subarray(start, this.count);
  }

  /** Room for `more` tokens after the current ones. */
  private reserve(more: number): void {
    const needed = this.count + more;
    if (needed <= this.ids.length) return;
    let capacity = Math.max(1024, this.ids.length * 2);
    while (capacity < needed) capacity *= 2;
    const ids = new Uint32Array(capacity);
    ids.set(this.ids.subarray(0, this.count));
    const offsets = new Int32Array(capacity);
    offsets.set(this.offsets.subarray(0, this.count));
    this.ids = ids;
    this.offsets = offsets;
  }

  /** Fixed tokens with no place in the file. */
  markers(id: number, count = 1): void {
    if (count <= 0) return;
    this.reserve(count);
    this.ids.fill(id, this.count, this.count + count);
    this.offsets.fill(-1, this.count, this.count + count);
    this.count += count;
  }

  /**
   * The `count` tokens of an image, a document or an audio clip, all pointing at `offset`; `ids`
   * makes their ids. Each is an id in memory, and a few bytes of a file can claim millions (a PDF
   * of 400,000 one-line pages counts 626 million tokens, 5 GB of ids): past MAX_MEDIA_TOKENS in all,
   * the request is refused before the ids are made.
   */
  pushMedia(count: number, ids: (count: number) => ArrayLike<number>, offset: number): void {
    this.mediaTokens += count;
    if (!(this.mediaTokens <= MAX_MEDIA_TOKENS)) {
      throw new InputRejectedError(
        `The request's images, documents and audio count more than ${MAX_MEDIA_TOKENS.toLocaleString('en-US')} tokens ` +
          `(one of them ${count.toLocaleString('en-US')}), far more than any model accepts; it is too large to analyse.`,
        'too-large',
      );
    }
    this.pushIds(ids(count), offset);
  }

  /** Tokens whose ids are given; all point at `offset`. */
  private pushIds(ids: ArrayLike<number>, offset: number): void {
    this.reserve(ids.length);
    this.ids.set(ids, this.count);
    this.offsets.fill(offset, this.count, this.count + ids.length);
    this.count += ids.length;
  }

  /** Token ids of `text` and the unit where each starts, remembered per chunk when the tokenizer can. */
  private encodeWithStarts(text: string): EncodedText {
    if (this.tokenizer.encodeWithStarts) return this.tokenizer.encodeWithStarts(text);
    const ids = this.tokenizer.encode(text);
    return { ids, starts: tokenStartUnits(text, ids, (id) => this.tokenizer.tokenByteLength(id)) };
  }

  /**
   * Encodes the runs as one text (tokens may span run boundaries, as they do for the provider) and
   * says which token holds a given character of the concatenated text.
   */
  text(...runs: TextRun[]): TextPlacement {
    return this.textOf(runs);
  }

  /** `text` for runs in an array, which may be long (a run per tool line, per content part). */
  textOf(runs: readonly TextRun[]): TextPlacement {
    const text = runs.length === 1 ? runs[0].text : runs.map((run) => run.text).join('');
    if (text.length === 0) {
      for (const run of runs) for (const span of run.dynamic) this.dynamicAtNext(span, run.offsetAt(span.start));
      const at = this.count;
      return { first: at, end: at, tokenAt: () => at };
    }
    // starts[t] = the unit holding token t's first byte; starts[tokens] = text.length.
    const { ids, starts } = this.encodeWithStarts(text);
    const tokens = ids.length;
    const runStarts: number[] = [];
    let at = 0;
    for (const run of runs) {
      runStarts.push(at);
      at += run.text.length;
    }
    const first = this.count;
    this.reserve(tokens);
    this.ids.set(ids, first);
    // A token belongs to the last run starting at or before its first unit; token starts only
    // move forward, so each run owns one consecutive range of tokens.
    let t = 0;
    for (let r = 0; r < runs.length && t < tokens; r++) {
      const isLast = r + 1 === runs.length;
      let end = t;
      if (isLast) end = tokens;
      else while (end < tokens && starts[end] < runStarts[r + 1]) end++;
      placeTokensOfRun(runs[r], runStarts[r], starts, t, end, this.offsets, first);
      t = end;
    }
    this.count += tokens;
    runs.forEach((run, r) => {
      for (const span of run.dynamic) {
        const spanStart = runStarts[r] + span.start;
        const t = firstTokenEndingAfter(starts, tokens, spanStart);
        this.dynamicPoints.push({
          tokenIndex: first + t,
          sourceOffset: run.offsetAt(span.start),
          kind: span.kind,
          name: span.name,
          ...(span.daily ? { daily: true as const } : {}),
        });
      }
    });
    return {
      first,
      end: this.count,
      tokenAt: (u) => first + firstTokenEndingAfter(starts, tokens, u),
    };
  }

  /** A segment whose token range is already known. */
  addSegment(segment: TokenSegment): void {
    this.segments.push(segment);
  }

  /** A dynamic span placed by the caller (generated text such as a tool declaration). */
  addDynamicPoint(tokenIndex: number, sourceOffset: number, span: DynamicSpan): void {
    this.dynamicPoints.push({ tokenIndex, sourceOffset, kind: span.kind, name: span.name, ...(span.daily ? { daily: true as const } : {}) });
  }

  /** A dynamic span that starts at the next token (a tool whose definition varies, say). */
  dynamicAtNext(span: DynamicSpan, sourceOffset: number): void {
    this.dynamicPoints.push({ tokenIndex: this.count, sourceOffset, kind: span.kind, name: span.name, ...(span.daily ? { daily: true as const } : {}) });
  }

  beginSegment(
    kind: SegmentKind,
    label: string,
    range: SourceRange | null,
    indices: { messageIndex?: number; toolIndex?: number } = {},
  ): void {
    this.open.push({ kind, label, range, tokenStart: this.count, ...indices });
  }

  endSegment(): void {
    const segment = this.open.pop();
    if (!segment) throw new Error('endSegment without beginSegment');
    this.segments.push({ ...segment, tokenEnd: this.count });
  }

  /**
   * Counts one content block (tool, system block, message part) in prefix order, ending at
   * `tokenEnd`; returns its index.
   */
  block(tokenEnd = this.count): number {
    this.blockEnds.push(tokenEnd);
    return this.blocks++;
  }

  get blockCountSoFar(): number {
    return this.blocks;
  }

  /** Token index after block `blockIndex`. */
  blockEnd(blockIndex: number): number {
    return this.blockEnds[blockIndex] ?? this.count;
  }

  /** A breakpoint on the block just rendered: everything so far is cached by it. */
  breakpoint(breakpoint: CacheBreakpoint, blockIndex: number, automatic = false): void {
    this.breakpoints.push({
      tokenEnd: this.count,
      blockIndex,
      ttl: breakpoint.ttl ?? '5m',
      range: breakpoint.range,
      automatic,
    });
  }

  /** A breakpoint whose cached prefix ends at `tokenEnd`. */
  breakpointAt(breakpoint: CacheBreakpoint, blockIndex: number, tokenEnd: number, automatic = false): void {
    this.breakpoints.push({ tokenEnd, blockIndex, ttl: breakpoint.ttl ?? '5m', range: breakpoint.range, automatic });
  }

  addImageTokens(count: number): void {
    this.images += count;
  }

  /** Records why the count may differ from the provider's (each reason once). */
  estimate(reason: string): void {
    if (!this.estimateReasons.includes(reason)) this.estimateReasons.push(reason);
  }

  build(model: string, encoding: EncodingName, modelEstimateReason?: string): RenderedPrompt {
    if (this.open.length > 0) throw new Error('unclosed segment');
    const reasons = modelEstimateReason ? [modelEstimateReason, ...this.estimateReasons] : this.estimateReasons;
    // Segments close inner-first; people read them in start order (outer before inner).
    const segments = [...this.segments].sort((a, b) => a.tokenStart - b.tokenStart || b.tokenEnd - a.tokenEnd);
    return {
      model,
      encoding,
      estimate: reasons.length > 0,
      ...(reasons.length > 0 ? { estimateReason: reasons.join(' '), estimateReasons: [...reasons] } : {}),
      ids: this.ids.slice(0, this.count),
      sourceOffsets: this.offsets.slice(0, this.count),
      segments,
      dynamicPoints: [...this.dynamicPoints].sort((a, b) => a.tokenIndex - b.tokenIndex),
      breakpoints: [...this.breakpoints].sort((a, b) => a.tokenEnd - b.tokenEnd),
      blockCount: this.blocks,
      imageTokens: this.images,
      total: this.count,
    };
  }
}

/** Index of the first token whose characters reach past `unit` (the token holding it). */
function firstTokenEndingAfter(tokenStartUnits: Int32Array, count: number, unit: number): number {
  let lo = 0;
  let hi = count - 1;
  let found = count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (tokenStartUnits[mid + 1] > unit) {
      found = mid;
      hi = mid - 1;
    } else lo = mid + 1;
  }
  return Math.max(0, found);
}
