import type { DynamicKind, SourceRange } from '../model';

/** Encodings the product ships. */
export type EncodingName = 'o200k_base' | 'cl100k_base';

/** What a top-level section of the rendered prompt is, in the provider's cache order. */
export type SegmentKind =
  | 'tools' // the tool-definition block (all tools together, as the model sees them)
  | 'tool' // one tool definition inside it
  | 'schema' // structured-output schema
  | 'instructions' // Responses `instructions`
  | 'system' // Anthropic system blocks
  | 'message'
  | 'priming'; // reply priming at the end

export interface TokenSegment {
  kind: SegmentKind;
  /** For people: `system`, `user #2`, `tool get_weather`, `response schema`. */
  label: string;
  /** Token index range [tokenStart, tokenEnd) in `RenderedPrompt.ids`. */
  tokenStart: number;
  tokenEnd: number;
  /** Where the section sits in the source file. */
  range: SourceRange | null;
  messageIndex?: number;
  toolIndex?: number;
}

/** The first token of a span that varies between requests. */
export interface DynamicPoint {
  tokenIndex: number;
  /** Source offset of the span's start, or -1 when unknown. */
  sourceOffset: number;
  kind: DynamicKind;
  name: string;
  /** The span changes once a day, not per request (see `DynamicSpan.daily`). */
  daily?: true;
}

/** An explicit cache breakpoint (Anthropic `cache_control`, OpenAI `prompt_cache_breakpoint`). */
export interface BreakpointPoint {
  /** Tokens up to here (exclusive end) are cached by this breakpoint. */
  tokenEnd: number;
  /** Index of the block (content block, tool, system block) that carries it, in prefix order. */
  blockIndex: number;
  ttl: '5m' | '1h';
  range: SourceRange | null;
  /** True for Anthropic's top-level automatic `cache_control`. */
  automatic: boolean;
}

export interface RenderedPrompt {
  model: string;
  encoding: EncodingName;
  /** True when the count is not guaranteed to equal the provider's (unknown model, Anthropic, Gemini). */
  estimate: boolean;
  /** Every reason below, joined into one text. */
  estimateReason?: string;
  /** Each reason on its own, in the order found (the model's first). */
  estimateReasons?: string[];
  /** Token ids in the order the provider's cache sees them (synthetic ids for fixed overhead). */
  ids: Uint32Array;
  /** Per token: source offset of its first character, or -1 for overhead and synthetic tokens. */
  sourceOffsets: Int32Array;
  segments: TokenSegment[];
  /** Sorted by tokenIndex. */
  dynamicPoints: DynamicPoint[];
  /** Sorted by tokenEnd. */
  breakpoints: BreakpointPoint[];
  /** Number of content blocks in prefix order (for Anthropic's 20-block lookback). */
  blockCount: number;
  /** Image tokens counted by tile arithmetic, already included in `ids`. */
  imageTokens: number;
  total: number;
}
