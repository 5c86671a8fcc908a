/**
 * The whole analysis of one prompt file, as the editor, the dashboard and the command-line tool
 * show it: parse → mark literal breakers → tokenize exactly → apply the provider's cache rules →
 * price it. Pure: no `vscode` import.
 */
import { analyzeCache, breakpointFindings, dropStaticTemplateNames, cacheRulesFor, contextWindowExcess, contextWindowFindings, detectCacheBreakers, jsonModeFindings, perRunCacheKeyFindings, refusedParameterFindings, strictSchemaFindings, literalDynamicSpans, priceFor, PRICES_AS_OF } from './cache';
import type { BreakerFinding, BreakerFix, BreakerRuleId, BreakpointAnalysis, CacheAnalysis, CacheRules, ContextWindowExcess, ModelPrice, PriceOverrides } from './cache';
import { varyPerRequestValues } from './cache/freshRequest';
import { LITERAL_PATTERNS } from './cache/breaker-patterns';
import { InputRejectedError } from './inputRejected';
import { formatCount, formatSize, formatUsd } from './labels';
import { parsePrompt } from './formats';
import { templateRequestFor } from './formats/templateApi';
import { LineIndex } from './lineIndex';
import type { DynamicKind, FormatId, ParseIssue, PromptRequest, SourceRange } from './model';
import { resolveModel, type ResolvedModel } from './tokens/models';
import { renderRequest } from './tokens/render';
import { isSyntheticId } from './tokens/syntheticIds';
import type { EncodingName, RenderedPrompt, SegmentKind } from './tokens/rendered';
import { loadTokenizer } from './tokens/tokenizer';
import { estimateHeadlines, type HeadlineContext } from './tokens/estimateHeadlines';

export const DEFAULT_MODEL = 'gpt-4o';
export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;
/** Output tokens assumed per request when pricing, unless told otherwise. */
export const DEFAULT_OUTPUT_TOKENS = 200;

export interface AnalyzeInput {
  fileName: string;
  text: string;
  /** A model chosen for this file by the user; wins over the file's own. */
  modelOverride?: string;
  /** Used when neither an override nor the file names a model. */
  defaultModel?: string;
  /** Cache rules to apply when neither the file nor the model name tells the provider. */
  defaultProvider?: 'openai' | 'anthropic' | 'gemini';
  format?: FormatId;
  priceOverrides?: PriceOverrides;
  /** Files larger than this (UTF-8 bytes) are refused. */
  maxBytes?: number;
  /** Expected output tokens per request, for costs. */
  outputTokens?: number;
  /** Where the tokenizer's WASM and ranks are; defaults to the bundle's or node_modules. */
  tokenizerAssetDir?: string;
  /**
   * Also count the prompt as a test run sends it (`promptTokensWithFreshValues`): a second
   * rendering, which the editor, re-analysing on every keystroke, does without.
   */
  countFreshValues?: boolean;
  /**
   * The workspace folder holding a source file, when known: a Python program's absolute imports
   * (`from pkg.mod import NAME`) are looked for from there too, as Python finds them from the
   * folder the program runs in.
   */
  projectRoot?: string;
}

export interface Position {
  /** 1-based. */
  line: number;
  /** 1-based, UTF-16 units. */
  column: number;
}

export interface SegmentSummary {
  kind: SegmentKind;
  label: string;
  range: SourceRange | null;
  tokenStart: number;
  tokens: number;
  /** Tokens up to the end of this segment. */
  runningTotal: number;
  /**
   * The label of the segment whose tokens hold this one (a tool in the tools block, a Chat
   * response schema in the system message): its tokens are counted there, not after it.
   */
  within?: string;
}

export interface FirstDynamic extends Position {
  offset: number;
  tokenIndex: number;
  kind: DynamicKind;
  name: string;
  /** For people: why the cache stops here. */
  reason: string;
}

export interface Finding extends Position {
  rule: BreakerRuleId | 'parse';
  severity: 'error' | 'warning' | 'info';
  message: string;
  range: SourceRange | null;
  end: Position | null;
  tokenIndex: number | null;
  /**
   * For a cache breaker: tokens a repeat request reads from the cache once this breaker and every
   * one before it are moved out of the prefix.
   */
  cacheableTokensIfFixed?: number;
  /** What that saves on input, in USD per 1,000 warm requests (when the model has a price). */
  savingUsdPer1000IfFixed?: number;
  fix?: BreakerFix;
}

export interface CostSummary {
  model: string;
  /** USD per request without any cache reads or writes. */
  uncachedUsd: number;
  /** USD per request when the cache is warm. */
  cachedUsd: number;
  /** USD of the first (cold) request. */
  firstRequestUsd: number;
  priceDate: string;
  /**
   * What a cache write costs per input token at each write price the request pays (Anthropic 1.25×
   * for 5 minutes, 2× for an hour); empty where writes are free.
   */
  cacheWriteRatios: number[];
  /**
   * The API rejects the request (longer than the model accepts): the figures are what it would cost
   * were it accepted, with nothing cached.
   */
  rejected?: boolean;
}

export interface Analysis {
  fileName: string;
  format: FormatId;
  api: PromptRequest['api'];
  model: string;
  /** Where the model came from. */
  modelSource: 'override' | 'file' | 'default';
  provider: ResolvedModel['provider'];
  encoding: EncodingName;
  estimate: boolean;
  /** Why the count is an estimate: every reason, joined into one text. */
  estimateReason?: string;
  /** The same reasons one by one, and a short line for each (same order): what the editor shows first. */
  estimateReasons?: string[];
  estimateHeadlines?: string[];
  promptTokens: number;
  /**
   * Prompt tokens with a fresh sample value at each per-request span (`datetime.now()` as a
   * timestamp, a literal id as another id), as a test run that varies them sends it; absent when the
   * prompt has none or the input did not ask (`countFreshValues`). `promptTokens` counts them as
   * written.
   */
  promptTokensWithFreshValues?: number;
  /**
   * Set when the request's messages are all built at run time (`messages=build(...)` from another
   * file): what builds them. `promptTokens` then counts only the rest, and no size-based finding
   * or cost is given.
   */
  sizeUnknown?: string;
  /**
   * In a source file: where, inside functions, the call's arguments are built (the statements
   * binding the names it passes, the functions of the file it follows, and the value that builds
   * messages of unknown size), so the cursor there is on it.
   */
  builtAt?: SourceRange[];
  staticPrefixTokens: number;
  /** 0 when the prompt is over the context window: a rejected request caches nothing. */
  cacheableTokens: number;
  /** Set when the prompt is longer than the model accepts: its limit, and whether rejection is certain. */
  contextWindowExceeded?: ContextWindowExcess;
  /** Cacheable tokens once every breaker found is moved out of the prefix. */
  cacheableTokensIfFixed: number;
  minimum: number;
  step: number;
  missingToMinimum: number;
  toNextStep: number;
  firstDynamic: FirstDynamic | null;
  /** Source offset of the token at which the provider minimum is reached (e.g. the 1,024th). */
  minimumReachedAt: (Position & { offset: number }) | null;
  segments: SegmentSummary[];
  breakpoints: Array<BreakpointAnalysis & { position: (Position & { offset: number }) | null }>;
  findings: Finding[];
  cost: CostSummary | null;
  rules: CacheRules;
  /** UTF-8 length of token `i` of `rendered` (0 for overhead tokens), to map tokens to text. */
  tokenLength: (tokenIndex: number) => number;
  request: PromptRequest;
  rendered: RenderedPrompt;
  cache: CacheAnalysis;
}

export { InputRejectedError };

/** Refuses inputs no prompt file can be: over the size limit, or binary. */
export function checkInput(text: string, maxBytes = DEFAULT_MAX_BYTES): void {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > maxBytes) {
    throw new InputRejectedError(
      `File is ${formatSize(bytes)}, over the ${formatSize(maxBytes)} limit for prompt files.`,
      'too-large',
    );
  }
  if (looksBinary(text)) throw new InputRejectedError('File looks binary, not a prompt file.', 'binary');
}

/** NUL characters or many replacement characters (undecodable bytes) in the first 8 KB. */
function looksBinary(text: string): boolean {
  const head = text.slice(0, 8192);
  if (head.includes('\u0000')) return true;
  let replaced = 0;
  for (const ch of head) if (ch === '\ufffd') replaced++;
  return head.length > 0 && replaced / head.length > 0.1;
}

/**
 * Adds the literal breakers (dates, ids ...) to each piece's dynamic spans, in place. A tool's own
 * spans get them too: the renderers place a tool's dynamic points from those, so the prefix ends
 * where the finding says it does.
 */
function markLiteralBreakers(request: PromptRequest): void {
  const found = literalDynamicSpans(request);
  for (const [piece, spans] of found) {
    piece.dynamic = [...piece.dynamic, ...spans].sort((a, b) => a.start - b.start);
  }
  for (const tool of request.tools) {
    const spans = found.get(tool.piece);
    if (spans) tool.dynamic = [...tool.dynamic, ...spans].sort((a, b) => a.start - b.start);
  }
}

/** A fixed instant for the sample values, so an analysis gives the same figures every time. */
const SAMPLE_TIME_MS = Date.UTC(2026, 10, 14, 15, 42, 37, 512);

/** The prompt's size with sample values at its per-request spans, when it has any. */
function withFreshValues(request: PromptRequest, count: (sample: PromptRequest) => number): Pick<Analysis, 'promptTokensWithFreshValues'> {
  const sample = varyPerRequestValues(request, 'sample', 0, SAMPLE_TIME_MS);
  return Object.keys(sample.values).length === 0 ? {} : { promptTokensWithFreshValues: count(sample.request) };
}

function dynamicReason(kind: DynamicKind, name: string): string {
  switch (kind) {
    case 'template-variable':
      return `template variable ${name} changes per request`;
    case 'template-block':
      return `template block ${name} depends on the inputs`;
    case 'env-reference':
      return `${name} is filled in at run time`;
    case 'editor-variable':
      return `${name} is filled in by the editor`;
    case 'per-request-value':
      return `${name} changes every request`;
    case 'literal':
      // A labelled line is named by its label (`Now:` → `now`): not a subject a sentence can start with.
      return LITERAL_PATTERNS.some((p) => p.name === name) ? `${name} looks different on every request` : `the "${name}" line looks different on every request`;
  }
}

function chooseModel(request: PromptRequest, input: AnalyzeInput): { name: string; source: Analysis['modelSource'] } {
  if (input.modelOverride) return { name: input.modelOverride, source: 'override' };
  if (request.model?.name) return { name: request.model.name, source: 'file' };
  return { name: input.defaultModel || DEFAULT_MODEL, source: 'default' };
}

/** The rendered segments for people, each nested one naming the segment that holds its tokens. */
function segmentSummaries(rendered: RenderedPrompt): SegmentSummary[] {
  // Segments come in start order, the longer first, so those holding one are still open when it
  // starts: a stack of them, not a search of every segment (quadratic for 20,000 messages).
  const open: RenderedPrompt['segments'] = [];
  // An empty segment may sit where one closed before it: its holder is the first non-empty segment
  // that reaches it. Those come in start order and empty segments at rising positions, so the ones
  // ending before it are dropped for good (a search of them all is quadratic: 20,000 empty
  // reasoning items).
  const reaching: RenderedPrompt['segments'] = [];
  let firstReaching = 0;
  return rendered.segments.map((s) => {
    while (open.length > 0 && open[open.length - 1].tokenEnd < s.tokenEnd) open.pop();
    const holds = (o: RenderedPrompt['segments'][number]) =>
      o !== s && o.tokenStart <= s.tokenStart && s.tokenEnd <= o.tokenEnd && o.tokenEnd - o.tokenStart > s.tokenEnd - s.tokenStart;
    let holder: RenderedPrompt['segments'][number] | undefined;
    if (s.tokenEnd > s.tokenStart) {
      holder = open.find(holds);
      reaching.push(s);
    } else {
      while (firstReaching < reaching.length && reaching[firstReaching].tokenEnd < s.tokenStart) firstReaching++;
      holder = reaching[firstReaching];
    }
    open.push(s);
    return {
      kind: s.kind,
      label: s.label,
      range: s.range,
      tokenStart: s.tokenStart,
      tokens: s.tokenEnd - s.tokenStart,
      runningTotal: s.tokenEnd,
      ...(holder ? { within: holder.label } : {}),
    };
  });
}

/** Source offset of a token, or of the nearest earlier token that has one. */
function tokenOffset(rendered: RenderedPrompt, tokenIndex: number): number | null {
  for (let i = Math.min(tokenIndex, rendered.sourceOffsets.length - 1); i >= 0; i--) {
    const offset = rendered.sourceOffsets[i];
    if (offset >= 0) return offset;
  }
  return null;
}

/** Each estimate reason and its headline; a rendering that gave only the joined text counts as one reason. */
function estimateLists(rendered: RenderedPrompt, context: HeadlineContext): Pick<Analysis, 'estimateReasons' | 'estimateHeadlines'> {
  const reasons = rendered.estimateReasons ?? (rendered.estimateReason ? [rendered.estimateReason] : []);
  return reasons.length > 0 ? { estimateReasons: reasons, estimateHeadlines: estimateHeadlines(reasons, context) } : {};
}

/** Write price over input price, per distinct ttl the breakpoints use (the 5-minute one without breakpoints). */
function cacheWriteRatios(price: ModelPrice, breakpoints: readonly BreakpointAnalysis[]): number[] {
  if (price.cacheWrite === undefined || price.input <= 0) return [];
  const long = breakpoints.some((b) => b.ttl === '1h') ? [price.cacheWrite1h ?? price.cacheWrite] : [];
  const short = breakpoints.length === 0 || breakpoints.some((b) => b.ttl !== '1h') ? [price.cacheWrite] : [];
  return [...new Set([...short, ...long].map((write) => Math.round((write / price.input) * 100) / 100))];
}

/** Input USD saved per 1,000 warm requests when `tokens` more are read from the cache. */
function savingPer1000(price: ModelPrice, tokens: number): number {
  return (Math.max(0, tokens) * (price.input - price.cachedInput) * 1000) / 1_000_000;
}

/**
 * `; moving this out: 1,280 tokens cacheable, −$0.41 per 1,000 requests`, when fixing it (and the
 * breakers before it, which must move too) gains something.
 */
function fixGainClause(
  finding: BreakerFinding,
  all: readonly BreakerFinding[],
  now: number,
  price: ModelPrice | undefined,
): string {
  const ifFixed = finding.cacheableTokensIfFixed;
  if (ifFixed === undefined || ifFixed <= now) return '';
  const earlier = all.some((f) => f.cacheableTokensIfFixed !== undefined && f.tokenIndex < finding.tokenIndex);
  const money = price ? `, −${formatUsd(savingPer1000(price, ifFixed - now))} per 1,000 requests` : '';
  return `; moving ${earlier ? 'this and the breakers before it' : 'this'} out: ${formatCount(ifFixed)} tokens cacheable${money}`;
}

/** Parses, tokenizes and applies the cache rules. Throws `PromptParseError` or `InputRejectedError`. */
export async function analyzePrompt(input: AnalyzeInput): Promise<Analysis> {
  checkInput(input.text, input.maxBytes);
  const request = parsePrompt(input.fileName, input.text, { format: input.format });
  const undecoded = replacementCharacterIssue(input.text);
  if (undecoded) request.issues.push(undecoded);
  return analyzeRequest(request, input);
}

/**
 * Bytes that are not UTF-8 reach the analysis as U+FFFD, from the command line's decoding and from
 * the editor's alike: the count is then of those characters, not of the bytes the file holds.
 */
function replacementCharacterIssue(text: string): ParseIssue | undefined {
  const first = text.indexOf('\uFFFD');
  if (first === -1) return undefined;
  let count = 0;
  for (let i = first; i !== -1; i = text.indexOf('\uFFFD', i + 1)) count++;
  const characters = count === 1 ? '1 character' : `${formatCount(count)} characters`;
  return {
    severity: 'warning',
    message: `The file is not valid UTF-8: ${characters} could not be decoded and ${count === 1 ? 'is' : 'are'} counted as the replacement character U+FFFD`,
    range: { start: first, end: first + 1 },
  };
}

/**
 * Tokenizes a request already built from `input.text` (a prompt file's, or an LLM call's in
 * source code) and applies the cache rules. Marks the literal breakers in its pieces. `lines`
 * indexes `input.text`: a source file's calls share one instead of each indexing the whole file.
 */
export async function analyzeRequest(parsed: PromptRequest, input: AnalyzeInput, lines = new LineIndex(input.text)): Promise<Analysis> {
  const chosen = chooseModel(parsed, input);
  const resolved = resolveModel(chosen.name);
  // A template is sent in the form its model's API takes: to Claude, as a Messages request.
  const request = templateRequestFor(parsed, resolved.provider);
  dropStaticTemplateNames(request);
  markLiteralBreakers(request);
  const tokenizer = await loadTokenizer(resolved.encoding, { assetDir: input.tokenizerAssetDir });
  const rendered = renderRequest(request, tokenizer, resolved);
  // A model the user picked applies its own provider's rules, whatever the file's format implies.
  const chosenProvider = chosen.source === 'override' && resolved.provider !== 'unknown' ? resolved.provider : undefined;
  const provider =
    chosenProvider ?? request.model?.provider ?? (resolved.provider === 'unknown' ? input.defaultProvider : resolved.provider);
  const rules = cacheRulesFor(provider, resolved.model);
  const price = priceFor(resolved.model, input.priceOverrides);
  // A date without a time is shared by the requests of one day: a warm request reads past it.
  const perRequest = { ...rendered, dynamicPoints: rendered.dynamicPoints.filter((point) => !point.daily) };
  const cache = analyzeCache(perRequest, rules, {
    price,
    outputTokens: input.outputTokens ?? DEFAULT_OUTPUT_TOKENS,
    retention: request.promptCacheRetention,
  });
  const at = (offset: number) => ({ offset, ...lines.position(offset) });

  const firstDynamic: FirstDynamic | null = cache.firstDynamic
    ? {
        ...lines.position(Math.max(0, cache.firstDynamic.sourceOffset)),
        offset: cache.firstDynamic.sourceOffset,
        tokenIndex: cache.firstDynamic.tokenIndex,
        kind: cache.firstDynamic.kind,
        name: cache.firstDynamic.name,
        reason: dynamicReason(cache.firstDynamic.kind, cache.firstDynamic.name),
      }
    : null;

  const minimumOffset = rendered.total >= cache.minimum ? tokenOffset(rendered, cache.minimum - 1) : null;
  // A request the API rejects caches nothing and saves nothing, whatever its prefix.
  const overWindow = contextWindowExcess(request, rendered, resolved.model);
  const cacheable = overWindow ? 0 : cache.cacheableTokens;

  const cacheFindings = [
    ...detectCacheBreakers(request, { rendered: perRequest, rules, sourceText: input.text, modelName: resolved.model }),
    ...breakpointFindings(rendered, cache.breakpoints, rules, {
      staticPrefixTokens: cache.staticPrefixTokens,
      template: !['openai-chat', 'openai-responses', 'anthropic-messages'].includes(parsed.format),
    }),
    ...contextWindowFindings(request, rendered, resolved.model),
    ...strictSchemaFindings(request, provider, input.text),
    ...refusedParameterFindings(request, provider, resolved.model, input.text),
    ...jsonModeFindings(request, resolved.provider, input.text),
    ...perRunCacheKeyFindings(request, rules, { staticPrefixTokens: cache.staticPrefixTokens, cacheableTokens: cacheable }),
  ].sort((a, b) => a.tokenIndex - b.tokenIndex);
  const findings: Finding[] = [
    ...request.issues.map((issue) => ({
      rule: 'parse' as const,
      severity: issue.severity,
      message: issue.message,
      range: issue.range,
      ...lines.position(issue.range.start),
      end: lines.position(issue.range.end),
      tokenIndex: null,
    })),
    ...cacheFindings.map((f) => ({
      rule: f.rule,
      severity: f.severity,
      message: f.message + (overWindow ? '' : fixGainClause(f, cacheFindings, cache.cacheableTokens, price)),
      ...(f.cacheableTokensIfFixed === undefined || overWindow
        ? {}
        : {
            cacheableTokensIfFixed: f.cacheableTokensIfFixed,
            ...(price ? { savingUsdPer1000IfFixed: savingPer1000(price, f.cacheableTokensIfFixed - cache.cacheableTokens) } : {}),
          }),
      range: f.range,
      ...(f.range ? lines.position(f.range.start) : { line: 1, column: 1 }),
      end: f.range ? lines.position(f.range.end) : null,
      tokenIndex: f.tokenIndex,
      fix: f.fix,
    })),
  ];

  return {
    fileName: input.fileName,
    format: request.format,
    api: request.api,
    model: resolved.model,
    modelSource: chosen.source,
    provider: resolved.provider,
    encoding: rendered.encoding,
    estimate: rendered.estimate,
    estimateReason: rendered.estimateReason,
    ...estimateLists(rendered, { model: resolved.model, api: request.api }),
    promptTokens: rendered.total,
    ...(input.countFreshValues ? withFreshValues(request, (sample) => renderRequest(sample, tokenizer, resolved).total) : {}),
    staticPrefixTokens: cache.staticPrefixTokens,
    cacheableTokens: cacheable,
    ...(overWindow ? { contextWindowExceeded: overWindow } : {}),
    cacheableTokensIfFixed: overWindow ? 0 : Math.max(cache.cacheableTokens, ...cacheFindings.map((f) => f.cacheableTokensIfFixed ?? 0)),
    minimum: cache.minimum,
    step: cache.step,
    missingToMinimum: cache.missingToMinimum,
    toNextStep: cache.toNextStep,
    firstDynamic,
    minimumReachedAt: minimumOffset === null ? null : at(minimumOffset),
    segments: segmentSummaries(rendered),
    breakpoints: cache.breakpoints.map((b, i) => {
      const range = rendered.breakpoints[i]?.range;
      const rejected = overWindow ? { ok: false, cachedTokens: 0, reason: 'over-context-window' as const } : {};
      return { ...b, ...rejected, position: range ? at(range.start) : null };
    }),
    findings,
    cost: cache.costs
      ? {
          model: price?.model ?? resolved.model,
          uncachedUsd: cache.costs.cached.uncachedUsd,
          cachedUsd: overWindow ? cache.costs.cached.uncachedUsd : cache.costs.cached.totalUsd,
          firstRequestUsd: overWindow ? cache.costs.cached.uncachedUsd : cache.costs.firstRequest.totalUsd,
          priceDate: PRICES_AS_OF,
          cacheWriteRatios: price ? cacheWriteRatios(price, cache.breakpoints) : [],
          ...(overWindow ? { rejected: true } : {}),
        }
      : null,
    rules,
    tokenLength: (i) => {
      const id = rendered.ids[i];
      // An image's, a document's or an audio clip's tokens point at it but are no text of the file.
      return id === undefined || rendered.sourceOffsets[i] < 0 || isSyntheticId(id) ? 0 : tokenizer.tokenByteLength(id);
    },
    request,
    rendered,
    cache,
  };
}
