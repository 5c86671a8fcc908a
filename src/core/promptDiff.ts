/**
 * Two prompts as the model reads them, side by side: each rendered to readable text in cache order
 * (tools, schema, system, messages, reply priming) from its token ids, the first token where they
 * differ located in both texts, and a headline with the shared prefix and what the break costs.
 * Both sides use the same rendering, so a text diff of the two shows exactly what the cache sees.
 */
import { analyzePrompt, type Analysis, type AnalyzeInput, type Position } from './analyze';
import { priceFor, type ModelPrice } from './cache/pricing';
import { roundCacheable } from './cache/rules';
import { explainCacheBreak, type CacheBreakExplanation } from './compare';
import { formatCount, formatUsd, modelLabel } from './labels';
import { LineIndex } from './lineIndex';
import type { RenderedPrompt } from './tokens/rendered';
import { isSyntheticId, syntheticLabel } from './tokens/syntheticIds';
import { loadTokenizer } from './tokens/tokenizer';

/** Token ids to text (the tokenizer's `decode`). */
export type DecodeIds = (ids: Uint32Array) => string;

export interface RenderedText {
  text: string;
  /** Per token: where its text starts in `text`; one more entry, the end of the last token. */
  starts: Int32Array;
}

/** Longest run of tokens joined to decode one character split across them (UTF-8 has 4 bytes at most). */
const MAX_JOINED_TOKENS = 4;

/** A section header: a line of its own, so the diff aligns sections and never mixes them up. */
export function sectionHeader(label: string): string {
  return `──── ${label} ────\n`;
}

/**
 * The header of each top-level section, by its first token. A section inside another one gets
 * none: the tools inside the tools block, and a response schema inside the system message, whose
 * first token is often the end of the message's last sentence joined to the schema's first line
 * breaks (`.\n\n`): a header there would split that sentence and leave its `.` under the header.
 */
function topLevelHeaders(segments: RenderedPrompt['segments'], numbered: ReadonlySet<string> = new Set()): Map<number, string> {
  const headers = new Map<number, string>();
  // In token order, a holder before what it holds.
  const ordered = [...segments].sort((a, b) => a.tokenStart - b.tokenStart || b.tokenEnd - a.tokenEnd);
  let openUntil = 0;
  for (const segment of ordered) {
    if (segment.tokenEnd <= segment.tokenStart) continue;
    const nested = segment.kind === 'tool' || (segment.tokenStart < openUntil && segment.tokenEnd <= openUntil);
    if (nested) continue;
    headers.set(segment.tokenStart, numbered.has(segment.label) ? `${segment.label} #1` : segment.label);
    openUntil = segment.tokenEnd;
  }
  return headers;
}

/**
 * The prompt as readable text: a header line per top-level section, then the section's tokens
 * decoded. Provider framing (synthetic ids) reads as its marker, a run of the same marker once
 * with its count (`<|tools|>×5`).
 */
export function renderPromptText(rendered: Pick<RenderedPrompt, 'ids' | 'segments'>, decode: DecodeIds, numbered?: ReadonlySet<string>): RenderedText {
  const { ids } = rendered;
  const starts = new Int32Array(ids.length + 1);
  const headers = topLevelHeaders(rendered.segments, numbered);
  let text = '';
  let i = 0;
  while (i < ids.length) {
    const header = headers.get(i);
    if (header !== undefined) {
      if (text.length > 0 && !text.endsWith('\n')) text += '\n';
      text += sectionHeader(header);
    }
    const start = text.length;
    let end = i + 1;
    if (isSyntheticId(ids[i])) {
      while (end < ids.length && ids[end] === ids[i] && !headers.has(end)) end++;
      const run = end - i;
      text += run > 1 ? `${syntheticLabel(ids[i])}×${run}` : syntheticLabel(ids[i]);
    } else {
      let piece = decode(ids.subarray(i, end));
      // A character split across tokens decodes whole only with all of them.
      while (piece.endsWith('\ufffd') && end < ids.length && end - i < MAX_JOINED_TOKENS && !isSyntheticId(ids[end]) && !headers.has(end)) {
        end++;
        piece = decode(ids.subarray(i, end));
      }
      text += piece;
    }
    for (let k = i; k < end; k++) starts[k] = start;
    i = end;
  }
  starts[ids.length] = text.length;
  return { text, starts };
}

/**
 * Section labels numbered on either side (`user #1`, `user #2` where a run resent the history):
 * the other side's one such section is headed `user #1` too, so its header is no difference.
 */
function numberedOnEitherSide(...sides: RenderedPrompt['segments'][]): Set<string> {
  const numbered = new Set<string>();
  for (const segments of sides) {
    for (const segment of segments) {
      const base = / #\d+$/.test(segment.label) ? segment.label.replace(/ #\d+$/, '') : undefined;
      if (base) numbered.add(base);
    }
  }
  return numbered;
}

/** The first token that differs, in one side's rendered text. */
export interface DifferingToken {
  tokenIndex: number;
  /** Offset and length in the side's `text` (UTF-16 units). */
  offset: number;
  length: number;
  /** 1-based, in the side's `text`. */
  start: Position;
  end: Position;
  /** The token's text. */
  token: string;
  /** The word around it, for people (`2025-03-14`). */
  word: string;
  /** The section it is in (`system`, `user #2`). */
  section: string | null;
}

export interface PromptDiffSide {
  /** For people: a file name, `request.jsonl line 3`, `run 4`. */
  label: string;
  /** What the diff editor shows: the headline, a blank line, the rendered prompt. */
  text: string;
  tokens: number;
  /** Null when this prompt ends where the other goes on (or the two are identical). */
  firstDifference: DifferingToken | null;
  /** Where the differing text starts in the source file or request. */
  source: (Position & { offset: number }) | null;
}

export interface PromptDiff {
  model: string;
  headline: string;
  explanation: CacheBreakExplanation;
  /**
   * Tokens the second request does not read from the first one's cache entry that it would read
   * if it matched the first as far as both go: what the break costs.
   */
  lostTokens: number;
  /** Those tokens at the cached-input discount, in USD per 1,000 requests; null without a price. */
  lostUsdPer1000: number | null;
  first: PromptDiffSide;
  second: PromptDiffSide;
}

/** A word: at most this many characters on either side of the token. */
const WORD_REACH = 24;

function wordAround(text: string, tokenStart: number, end: number): string {
  // A token often starts with the space before its word (` Nimbus`): the word is what follows.
  let start = tokenStart;
  while (start < end - 1 && /\s/.test(text[start])) start++;
  let from = start;
  // Framing markers (`<|message|>`) are not part of the word.
  while (from > 0 && start - from < WORD_REACH && !/\s/.test(text[from - 1]) && text.slice(from - 2, from) !== '|>') from--;
  let to = Math.max(end, start + 1);
  while (to < text.length && to - end < WORD_REACH && !/\s/.test(text[to]) && text.slice(to, to + 2) !== '<|') to++;
  return text.slice(from, Math.min(to, text.length)).trim() || JSON.stringify(text.slice(tokenStart, end));
}

function sectionOf(analysis: Analysis, tokenIndex: number): string | null {
  const segment = analysis.rendered.segments.find((s) => s.kind !== 'tool' && tokenIndex >= s.tokenStart && tokenIndex < s.tokenEnd);
  return segment?.label ?? null;
}

/** The differing token with its offset in the rendered prompt (without the headline). */
type TokenInBody = Omit<DifferingToken, 'start' | 'end'>;

function differingToken(analysis: Analysis, rendered: RenderedText, tokenIndex: number): TokenInBody | null {
  if (tokenIndex >= analysis.rendered.ids.length) return null;
  const start = rendered.starts[tokenIndex];
  let endToken = tokenIndex + 1;
  // Tokens joined to one character, or one marker run, share a start: take the whole of it.
  while (endToken < analysis.rendered.ids.length && rendered.starts[endToken] === start) endToken++;
  const end = rendered.starts[endToken];
  return {
    tokenIndex,
    offset: start,
    length: end - start,
    token: rendered.text.slice(start, end),
    word: wordAround(rendered.text, start, end),
    section: sectionOf(analysis, tokenIndex),
  };
}

function quoted(token: TokenInBody | null): string {
  return token ? `\`${token.word}\`` : '(the prompt ends)';
}

/** What the break costs against a second prompt that matched the first as far as both go. */
export interface BreakCost {
  lostTokens: number;
  lostUsdPer1000: number | null;
}

function costText(cost: BreakCost, model: string): string {
  if (cost.lostTokens === 0) return 'costs nothing: a prompt identical to the first would cache no more';
  const tokens = `${formatCount(cost.lostTokens)} tokens not read from the cache`;
  return cost.lostUsdPer1000 === null ? `${tokens} (no price known for ${modelLabel(model)})` : `costs ${formatUsd(cost.lostUsdPer1000)} per 1,000 requests (${tokens})`;
}

/** "Shared prefix: 1,792 tokens (cacheable 1,792) · the cache stops at token 1,793: `…` vs `…` · costs $0.41 per 1,000 requests (…)" */
export function diffHeadline(
  result: CacheBreakExplanation,
  first: TokenInBody | null,
  second: TokenInBody | null,
  secondTokens: number,
  cost: BreakCost,
  model: string,
): string {
  if (result.identical) {
    return `Identical prompts: all ${formatCount(secondTokens)} tokens shared (cacheable ${formatCount(result.cachedTokens)}) · nothing breaks the cache`;
  }
  const section = second?.section ?? first?.section;
  const where = `the cache stops at token ${formatCount(result.sharedTokens + 1)}${section ? ` (${section})` : ''}`;
  return `Shared prefix: ${formatCount(result.sharedTokens)} tokens (cacheable ${formatCount(result.cachedTokens)}) · ${where}: ${quoted(first)} vs ${quoted(second)} · ${costText(cost, model)}`;
}

/** Cached tokens lost to the break, and their price. */
export function breakCost(result: CacheBreakExplanation, first: Analysis, second: Analysis, price: ModelPrice | undefined): BreakCost {
  const matching = Math.min(roundCacheable(Math.min(first.promptTokens, second.promptTokens), second.rules), second.promptTokens);
  const lostTokens = Math.max(0, matching - result.cachedTokens);
  return { lostTokens, lostUsdPer1000: price ? (lostTokens * (price.input - price.cachedInput) * 1000) / 1_000_000 : null };
}

export interface ComparedPrompt {
  label: string;
  analysis: Analysis;
  /** The source text the analysis was made from. */
  text: string;
}

function side(prompt: ComparedPrompt, headline: string, rendered: RenderedText, token: TokenInBody | null, source: PromptDiffSide['source']): PromptDiffSide {
  const text = `${headline}\n\n${rendered.text}`;
  let firstDifference: DifferingToken | null = null;
  if (token) {
    // The rendered prompt starts after the headline and a blank line.
    const offset = token.offset + headline.length + 2;
    const lines = new LineIndex(text);
    firstDifference = { ...token, offset, start: lines.position(offset), end: lines.position(offset + token.length) };
  }
  return { label: prompt.label, text, tokens: prompt.analysis.promptTokens, firstDifference, source };
}

/** The diff of two analysed prompts (the second analysed with the first's model), priced with `price`. */
export function buildPromptDiff(first: ComparedPrompt, second: ComparedPrompt, decode: DecodeIds, price?: ModelPrice): PromptDiff {
  const explanation = explainCacheBreak({ analysis: first.analysis, text: first.text }, { analysis: second.analysis, text: second.text });
  const numbered = numberedOnEitherSide(first.analysis.rendered.segments, second.analysis.rendered.segments);
  const renderedFirst = renderPromptText(first.analysis.rendered, decode, numbered);
  const renderedSecond = renderPromptText(second.analysis.rendered, decode, numbered);
  const at = explanation.identical ? Number.POSITIVE_INFINITY : explanation.sharedTokens;
  const tokenFirst = differingToken(first.analysis, renderedFirst, at);
  const tokenSecond = differingToken(second.analysis, renderedSecond, at);
  const cost = breakCost(explanation, first.analysis, second.analysis, price);
  const headline = diffHeadline(explanation, tokenFirst, tokenSecond, second.analysis.promptTokens, cost, second.analysis.model);
  return {
    model: second.analysis.model,
    headline,
    explanation,
    ...cost,
    first: side(first, headline, renderedFirst, tokenFirst, explanation.first),
    second: side(second, headline, renderedSecond, tokenSecond, explanation.second),
  };
}

export interface CompareInput extends AnalyzeInput {
  label: string;
}

/**
 * Analyses both prompts (the second with the first's model, as the cache would see the next request
 * to the same model) and builds their diff. Runs where the tokenizer may load: the analysis worker,
 * the command line, tests.
 */
export async function comparePrompts(first: CompareInput, second: CompareInput): Promise<PromptDiff> {
  const { label: firstLabel, ...firstInput } = first;
  const { label: secondLabel, ...secondInput } = second;
  const a = await analyzePrompt(firstInput);
  const b = await analyzePrompt({ ...secondInput, modelOverride: a.model });
  const tokenizer = await loadTokenizer(b.encoding, { assetDir: second.tokenizerAssetDir });
  return buildPromptDiff(
    { label: firstLabel, analysis: a, text: first.text },
    { label: secondLabel, analysis: b, text: second.text },
    (ids) => tokenizer.decode(ids),
    priceFor(b.model, second.priceOverrides),
  );
}
