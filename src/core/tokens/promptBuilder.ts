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
import type { Tokenizer } from './tokenizer';

/** Text to encode, with a way back to the source for each UTF-16 unit. */
export interface TextRun {
  text: string;
  /** Source offset of unit `i`, or -1 when the text is not in the file. */
  offsetAt(i: number): number;
  dynamic: readonly DynamicSpan[];
}

export function runOfPiece(piece: TextPiece): TextRun {
  const { range, offsets } = piece;
  return {
    text: piece.text,
    offsetAt: (i) => (range === null ? -1 : offsets ? (offsets[i] ?? -1) : range.start + i),
    dynamic: piece.dynamic,
  };
}

/** Text the provider adds (role names, separators): no place in the file. */
export function syntheticRun(text: string): TextRun {
  return { text, offsetAt: () => -1, dynamic: [] };
}

/** Generated text that stands for a place in the file (a tool's rendered declaration line). */
export function anchoredRun(text: string, offset: number, dynamic: readonly DynamicSpan[] = []): TextRun {
  return { text, offsetAt: () => offset, dynamic };
}

/** UTF-8 start byte of each UTF-16 unit (a low surrogate starts where the next character does). */
function unitStartBytes(text: string): Int32Array {
  const starts = new Int32Array(text.length + 1);
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    starts[i] = bytes;
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        bytes += 4;
        starts[i + 1] = bytes;
        i++;
        continue;
      }
      bytes += 3;
    } else bytes += 3;
  }
  starts[text.length] = bytes;
  return starts;
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

export class PromptBuilder {
  private ids: number[] = [];
  private offsets: number[] = [];
  private readonly segments: TokenSegment[] = [];
  private readonly open: OpenSegment[] = [];
  private readonly dynamicPoints: DynamicPoint[] = [];
  private readonly breakpoints: BreakpointPoint[] = [];
  private blocks = 0;
  private readonly blockEnds: number[] = [];
  private images = 0;
  private readonly estimateReasons: string[] = [];

  constructor(readonly tokenizer: Tokenizer) {}

  get length(): number {
    return this.ids.length;
  }

  /** Fixed tokens with no place in the file. */
  markers(id: number, count = 1): void {
    for (let i = 0; i < count; i++) {
      this.ids.push(id);
      this.offsets.push(-1);
    }
  }

  /** Tokens whose ids are given (images); all point at `offset`. */
  pushIds(ids: ArrayLike<number>, offset: number): void {
    for (let i = 0; i < ids.length; i++) {
      this.ids.push(ids[i]);
      this.offsets.push(offset);
    }
  }

  /**
   * Encodes the runs as one text (tokens may span run boundaries, as they do for the provider) and
   * says which token holds a given character of the concatenated text.
   */
  text(...runs: TextRun[]): TextPlacement {
    const text = runs.map((run) => run.text).join('');
    if (text.length === 0) {
      for (const run of runs) for (const span of run.dynamic) this.dynamicAtNext(span, run.offsetAt(span.start));
      const at = this.ids.length;
      return { first: at, end: at, tokenAt: () => at };
    }
    const ids = this.tokenizer.encode(text);
    const startBytes = unitStartBytes(text);
    const runStarts: number[] = [];
    let at = 0;
    for (const run of runs) {
      runStarts.push(at);
      at += run.text.length;
    }
    // Token starts only move forward, and so does the run they fall in.
    let run = 0;
    const offsetOfUnit = (unit: number): number => {
      while (run + 1 < runs.length && runStarts[run + 1] <= unit) run++;
      return runs[run].offsetAt(unit - runStarts[run]);
    };
    // Start unit of every token: the unit holding the token's first byte.
    const tokenStartUnits = new Int32Array(ids.length + 1);
    let byte = 0;
    let unit = 0;
    for (let t = 0; t < ids.length; t++) {
      while (unit < text.length && startBytes[unit + 1] <= byte) unit++;
      tokenStartUnits[t] = unit;
      byte += this.tokenizer.tokenByteLength(ids[t]);
    }
    tokenStartUnits[ids.length] = text.length;
    const first = this.ids.length;
    for (let t = 0; t < ids.length; t++) {
      this.ids.push(ids[t]);
      this.offsets.push(offsetOfUnit(tokenStartUnits[t]));
    }
    runs.forEach((run, r) => {
      for (const span of run.dynamic) {
        const spanStart = runStarts[r] + span.start;
        const t = firstTokenEndingAfter(tokenStartUnits, ids.length, spanStart);
        this.dynamicPoints.push({
          tokenIndex: first + t,
          sourceOffset: run.offsetAt(span.start),
          kind: span.kind,
          name: span.name,
        });
      }
    });
    return {
      first,
      end: this.ids.length,
      tokenAt: (u) => first + firstTokenEndingAfter(tokenStartUnits, ids.length, u),
    };
  }

  /** A segment whose token range is already known. */
  addSegment(segment: TokenSegment): void {
    this.segments.push(segment);
  }

  /** A dynamic span placed by the caller (generated text such as a tool declaration). */
  addDynamicPoint(tokenIndex: number, sourceOffset: number, span: DynamicSpan): void {
    this.dynamicPoints.push({ tokenIndex, sourceOffset, kind: span.kind, name: span.name });
  }

  /** A dynamic span that starts at the next token (a tool whose definition varies, say). */
  dynamicAtNext(span: DynamicSpan, sourceOffset: number): void {
    this.dynamicPoints.push({ tokenIndex: this.ids.length, sourceOffset, kind: span.kind, name: span.name });
  }

  beginSegment(
    kind: SegmentKind,
    label: string,
    range: SourceRange | null,
    indices: { messageIndex?: number; toolIndex?: number } = {},
  ): void {
    this.open.push({ kind, label, range, tokenStart: this.ids.length, ...indices });
  }

  endSegment(): void {
    const segment = this.open.pop();
    if (!segment) throw new Error('endSegment without beginSegment');
    this.segments.push({ ...segment, tokenEnd: this.ids.length });
  }

  /**
   * Counts one content block (tool, system block, message part) in prefix order, ending at
   * `tokenEnd`; returns its index.
   */
  block(tokenEnd = this.ids.length): number {
    this.blockEnds.push(tokenEnd);
    return this.blocks++;
  }

  get blockCountSoFar(): number {
    return this.blocks;
  }

  /** Token index after block `blockIndex`. */
  blockEnd(blockIndex: number): number {
    return this.blockEnds[blockIndex] ?? this.ids.length;
  }

  /** A breakpoint on the block just rendered: everything so far is cached by it. */
  breakpoint(breakpoint: CacheBreakpoint, blockIndex: number, automatic = false): void {
    this.breakpoints.push({
      tokenEnd: this.ids.length,
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
      ...(reasons.length > 0 ? { estimateReason: reasons.join(' ') } : {}),
      ids: Uint32Array.from(this.ids),
      sourceOffsets: Int32Array.from(this.offsets),
      segments,
      dynamicPoints: [...this.dynamicPoints].sort((a, b) => a.tokenIndex - b.tokenIndex),
      breakpoints: [...this.breakpoints].sort((a, b) => a.tokenEnd - b.tokenEnd),
      blockCount: this.blocks,
      imageTokens: this.images,
      total: this.ids.length,
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
