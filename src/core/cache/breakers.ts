/**
 * Cache-breaker detection: text in a request that differs from one request to the next and so ends
 * the cacheable prefix where it appears. Reads every text piece (tools, schema, instructions,
 * system, messages) and reports findings with source ranges and, where the edit is mechanical, a fix.
 *
 * Content in or after the last user message is expected to vary: it is reported only where static
 * text that could be cached follows it (a plain prompt is one user message, and its first line may
 * well hold a timestamp), and its literals are always returned as dynamic spans.
 */
import { formatCount, modelLabel, shortText } from '../labels';
import type { DynamicSpan, PromptRequest, SourceRange, TextPiece } from '../model';
import type { RenderedPrompt } from '../tokens/rendered';
import { moveTextFix, perRequestLiteralFix, variableToEndFix, type BreakerFix } from './breaker-fixes';
import { cacheableIfFixed } from './fix-gains';
import { isDateOnly, PER_USER_NAME, type LiteralRuleId } from './breaker-patterns';
import { scanLiterals } from './literal-scan';
import {
  isPreambleSection,
  lastUserMessageIndex,
  pieceSourceOffset,
  piecesInCacheOrder,
  type LocatedPiece,
} from './prompt-pieces';
import type { CacheRules } from './rules';
import { tokenLocator } from './token-position';
import { controlTagInputs } from './control-tags';

export type BreakerRuleId =
  | LiteralRuleId
  | 'labelled-dynamic-line'
  | 'variable-in-system'
  | 'variable-in-tools'
  | 'per-user-tools'
  | 'variable-before-static-text'
  | 'prefix-below-minimum'
  | 'too-many-breakpoints'
  | 'breakpoint-ttl-order'
  | 'context-window-exceeded'
  | 'strict-schema-rejected'
  | 'per-run-cache-key'
  | 'no-cache-breakpoint'
  | 'request-refused';

export type BreakerSeverity = 'error' | 'warning' | 'info';

export interface PieceSpan {
  piece: TextPiece;
  /** Text indices in `piece.text`, end exclusive. */
  start: number;
  end: number;
  /** For people: `system`, `tool get_weather`, `user #2`. */
  label: string;
}

export interface BreakerFinding {
  rule: BreakerRuleId;
  severity: BreakerSeverity;
  message: string;
  /** Source range of the offending text; null when the text is synthetic. */
  range: SourceRange | null;
  pieceSpan: PieceSpan | null;
  /** Token index where the breaker starts (exact with a rendered prompt, else estimated). */
  tokenIndex: number;
  tokenIndexEstimated: boolean;
  /** End (exclusive) of the tokens that move out of the prefix when the breaker is fixed. */
  tokenEnd?: number;
  /**
   * Tokens a repeat request would read from the cache if this breaker and every one before it were
   * moved out of the prefix; set for breakers (not for advice) when a rendered prompt is given.
   */
  cacheableTokensIfFixed?: number;
  fix?: BreakerFix;
}

export interface BreakerOptions {
  /** Tokens of the request: exact token positions, and the `prefix-below-minimum` rule. */
  rendered?: RenderedPrompt;
  /** Minimum and mode; without it errors are reported before 1,024 tokens. */
  rules?: CacheRules;
  /** The file's text, so that fixes can be written into YAML scalars. */
  sourceText?: string;
  /** The model's own name, for messages (`gpt-4o-mini caches prompts ...`); defaults to the rules' family. */
  modelName?: string;
}

/** Below this many tokens a breaker leaves nothing to cache. */
const DEFAULT_ERROR_THRESHOLD = 1024;

interface LiteralHit {
  located: LocatedPiece;
  rule: LiteralRuleId;
  name: string;
  start: number;
  end: number;
  movable: boolean;
}

interface LineHit {
  located: LocatedPiece;
  label: string;
  start: number;
  end: number;
  lineEnd: number;
}

/**
 * Looks up spans of one piece among others sorted by start: the literal hits and the labelled lines
 * of a piece never overlap one another, so the one holding a position is the last starting at or
 * before it. A scan of every line per hit (or per span) was quadratic: 16,000 labelled lines took
 * seconds.
 */
function firstStartingAt(items: readonly { start: number }[], at: number): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (items[middle].start < at) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The last of `items` (sorted, not overlapping) starting at or before `at`. */
function lastStartingBy<T extends { start: number }>(items: readonly T[], at: number): T | undefined {
  return items[firstStartingAt(items, at + 1) - 1];
}

/** The hits (sorted, not overlapping) that lie within `[start, end)`. */
function hitsWithin<T extends { start: number; end: number }>(hits: readonly T[], start: number, end: number): T[] {
  const within: T[] = [];
  for (let i = firstStartingAt(hits, start); i < hits.length && hits[i].end <= end; i++) within.push(hits[i]);
  return within;
}

/**
 * A piece's dynamic spans other than literals (variables, values computed in code), by start, with
 * the furthest end reached so far: those on a line are found without a scan of them all.
 */
class ComputedSpans {
  private readonly spans: DynamicSpan[];
  private readonly reach: number[];

  constructor(piece: TextPiece) {
    this.spans = piece.dynamic.filter((s) => s.kind !== 'literal').sort((a, b) => a.start - b.start);
    let reach = -Infinity;
    this.reach = this.spans.map((s) => (reach = Math.max(reach, s.end)));
  }

  /** The spans overlapping `[start, end)`, by start. */
  overlapping(start: number, end: number): DynamicSpan[] {
    const found: DynamicSpan[] = [];
    for (let i = firstStartingAt(this.spans, end) - 1; i >= 0 && this.reach[i] > start; i--) {
      if (this.spans[i].end > start) found.push(this.spans[i]);
    }
    return found.reverse();
  }
}

/** Every literal match in a piece, overlapping matches resolved in favour of the first, longest. */
function literalHits(located: LocatedPiece): LiteralHit[] {
  return scanLiterals(located.piece.text).hits.map((hit) => ({ located, ...hit }));
}

/**
 * Labelled lines (`Current date: …`). In a request built from source code the text the code
 * writes is its own constant: only a line holding a value the code computes changes.
 */
function labelledLines(located: LocatedPiece, request: PromptRequest, computed: ComputedSpans): LineHit[] {
  const lines = scanLiterals(located.piece.text).lines.map((line) => ({ located, ...line }));
  if (!request.constantText) return lines;
  return lines.filter((line) => computed.overlapping(line.start, line.end).length > 0);
}

/**
 * The literal dates, ids and keys that are breakers of their own: none in a request built from
 * source code, where a date written in the code is the same on every request.
 */
function writtenHits(hits: readonly LiteralHit[], request: PromptRequest): readonly LiteralHit[] {
  return request.constantText ? [] : hits;
}

/** Spans already marked by the parser, plus tool-level ones for tools. */
function templateSpans(located: LocatedPiece, request: PromptRequest): DynamicSpan[] {
  const spans = [...located.piece.dynamic];
  if (located.section === 'tool') {
    const known = new Set(spans.map((s) => `${s.start}:${s.end}`));
    for (const span of request.tools[located.index].dynamic) {
      if (!known.has(`${span.start}:${span.end}`)) spans.push(span);
    }
  }
  return spans.filter((s) => s.kind !== 'literal');
}

function isInTail(located: LocatedPiece, lastUser: number): boolean {
  return located.section === 'message' && lastUser >= 0 && located.index >= lastUser;
}

/**
 * Extra dynamic spans (kind `literal`) found in each piece: dates, timestamps, ids, keys, labelled
 * lines and randomizing helpers. The renderer adds them to the pieces' own spans so that the
 * cacheable prefix ends at them.
 */
export function literalDynamicSpans(request: PromptRequest): Map<TextPiece, DynamicSpan[]> {
  const out = new Map<TextPiece, DynamicSpan[]>();
  for (const located of piecesInCacheOrder(request)) {
    const spans: DynamicSpan[] = [];
    const hits = literalHits(located);
    const computed = new ComputedSpans(located.piece);
    for (const line of labelledLines(located, request, computed)) {
      const daily = lineIsDateOnly(located.piece, line, hits, computed);
      spans.push({ start: line.start, end: line.end, kind: 'literal', name: line.label.toLowerCase(), ...(daily ? { daily: true as const } : {}) });
    }
    // Hits never overlap one another: only a labelled line can hold one.
    const lineSpans = [...spans];
    for (const hit of writtenHits(hits, request)) {
      const line = lastStartingBy(lineSpans, hit.start);
      if (line && hit.end <= line.end) continue;
      spans.push({ start: hit.start, end: hit.end, kind: 'literal', name: hit.name, ...(hit.name === 'date' ? { daily: true as const } : {}) });
    }
    if (spans.length > 0) out.set(located.piece, spans.sort((a, b) => a.start - b.start));
  }
  return out;
}

/**
 * A labelled line whose value is a date and nothing else that varies (`Today's date: 2026-03-14`,
 * or `Today's date: {date.today()}` where the code computes the date alone).
 */
function lineIsDateOnly(piece: TextPiece, line: { start: number; end: number }, hits: readonly LiteralHit[], spans: ComputedSpans): boolean {
  const inLine = hitsWithin(hits, line.start, line.end);
  const computed = spans.overlapping(line.start, line.end);
  if (!computed.every((s) => s.daily)) return false;
  // Each computed date read as a date written there, so the line is judged as if it were literal.
  let text = '';
  let cursor = line.start;
  for (const span of computed) {
    text += `${piece.text.slice(cursor, Math.max(cursor, span.start))}2026-03-14`;
    cursor = Math.max(cursor, span.end);
  }
  text += piece.text.slice(cursor, Math.max(cursor, line.end));
  return isDateOnly(text, inLine);
}

/** What a date without a time of day does: production's requests of one day share it. */
const DAILY_MESSAGE = 'changes every day: the first request each day misses';

const LITERAL_MESSAGES: Record<LiteralRuleId, string> = {
  'dynamic-date': 'looks like the current date or time',
  'unix-timestamp': 'looks like a Unix timestamp',
  uuid: 'is a UUID',
  'hex-id': 'looks like a per-request id',
  'jwt-or-key': 'looks like a token or API key (also a secret that should not be in a prompt)',
  'randomized-examples': 'randomizes the prompt (examples picked or shuffled per request)',
};

const FIX_VARIABLES: Partial<Record<LiteralRuleId, { variable: string; label: string }>> = {
  'dynamic-date': { variable: 'current_date', label: 'Current date' },
  'unix-timestamp': { variable: 'current_time', label: 'Current time' },
};

interface Candidate extends BreakerFinding {
  tokenEnd: number;
  /** In or after the last user message: reported only when fixing it gains cached tokens. */
  inTail: boolean;
  /** A date without a time of day: it ends no warm request's prefix, only the first of each day's. */
  daily?: boolean;
}

/** Finds the cache breakers of a request. Findings are sorted by token position. */
export function detectCacheBreakers(request: PromptRequest, options: BreakerOptions = {}): BreakerFinding[] {
  const locate = tokenLocator(request, options.rendered);
  const threshold = options.rules?.minimumTokens ?? DEFAULT_ERROR_THRESHOLD;
  const lastUser = lastUserMessageIndex(request);
  const { sourceText } = options;
  const candidates: Candidate[] = [];
  const threads = new Set(request.variables.filter((v) => v.thread).map((v) => v.name));

  /** A breaker at `[start, end)`; `[moveStart, moveEnd)` is what leaves the prefix when it is fixed. */
  const finding = (
    rule: BreakerRuleId,
    located: LocatedPiece,
    span: { start: number; end: number; moveStart?: number; moveEnd?: number },
    message: string,
    fix?: BreakerFix,
    daily = false,
  ): Candidate => {
    const { start, end } = span;
    const position = locate(located, span.moveStart ?? start);
    const after = locate(located, span.moveEnd ?? end);
    const from = pieceSourceOffset(located.piece, start);
    const to = pieceSourceOffset(located.piece, end);
    return {
      rule,
      severity: position.tokenIndex < threshold ? 'error' : 'warning',
      message,
      range: from >= 0 && to >= from ? { start: from, end: to } : null,
      pieceSpan: { piece: located.piece, start, end, label: located.label },
      tokenIndex: position.tokenIndex,
      tokenIndexEstimated: position.estimated,
      tokenEnd: Math.max(position.tokenIndex + 1, after.tokenIndex),
      inTail: isInTail(located, lastUser),
      ...(fix ? { fix } : {}),
      ...(daily ? { daily: true } : {}),
    };
  };

  for (const located of piecesInCacheOrder(request)) {
    const inTail = isInTail(located, lastUser);
    // Without token positions the gain of fixing a breaker in the tail cannot be told.
    if (inTail && !(options.rendered && options.rules)) continue;
    const text = located.piece.text;
    const computed = new ComputedSpans(located.piece);
    const lines = labelledLines(located, request, computed);
    const hits = literalHits(located);
    const lineOf = (start: number, end: number) => {
      const line = lastStartingBy(lines, start);
      return line && end <= line.lineEnd ? line : undefined;
    };
    const moveFix = (start: number, end: number) =>
      located.textField ? moveTextFix(request, located, start, end, sourceText) : undefined;

    // A labelled line is one finding, named by its first literal; a further literal on it (a
    // session id after a timestamp) is a finding of its own, so that every breaker is named.
    const namedByLine = new Set<LiteralHit>();
    for (const line of lines) {
      const [first] = hitsWithin(hits, line.start, line.end);
      if (first) namedByLine.add(first);
      const value = first ? ` holds "${shortText(text.slice(first.start, first.end))}" and` : '';
      const daily = lineIsDateOnly(located.piece, line, hits, computed);
      const message = `"${line.label}:" line in the ${located.label}${value} ${daily ? DAILY_MESSAGE : 'changes per request'}`;
      candidates.push(finding('labelled-dynamic-line', located, line, message, moveFix(line.start, line.end), daily));
    }

    for (const hit of writtenHits(hits, request)) {
      if (namedByLine.has(hit)) continue;
      const line = lineOf(hit.start, hit.end);
      const shown = shortText(text.slice(hit.start, hit.end));
      if (line && hit.end <= line.end) {
        const message = `"${shown}" on the "${line.label}:" line in the ${located.label} ${LITERAL_MESSAGES[hit.rule]}`;
        const span = { start: hit.start, end: hit.end, moveStart: line.start, moveEnd: line.end };
        candidates.push(finding(hit.rule, located, span, message, hit.rule === 'jwt-or-key' ? undefined : moveFix(line.start, line.end)));
        continue;
      }
      if (line) continue;
      const fixInfo = FIX_VARIABLES[hit.rule];
      let fix: BreakerFix | undefined;
      if (hit.movable && fixInfo && located.textField) {
        fix = perRequestLiteralFix(request, located, hit.start, hit.end, fixInfo.variable, fixInfo.label, sourceText);
      } else if (MOVABLE_AS_IS.has(hit.rule)) {
        // `session 3f2b…`, `trace id: 9ac…`: the word that says what the id is moves with it.
        const named = ID_NAME_BEFORE.exec(text.slice(Math.max(0, hit.start - 40), hit.start));
        fix = moveFix(hit.start - (named ? named[0].length : 0), hit.end);
      }
      const daily = hit.name === 'date';
      const message = `"${shown}" in the ${located.label} ${daily ? `is a date: it ${DAILY_MESSAGE}` : LITERAL_MESSAGES[hit.rule]}`;
      candidates.push(finding(hit.rule, located, hit, message, fix, daily));
    }

    for (const span of templateSpans(located, request)) {
      const line = lastStartingBy(lines, span.start);
      if (line && span.end <= line.end) continue;
      const rule = templateRule(located, span, request);
      if (!rule) continue;
      if (span.kind === 'template-block') {
        // The tag itself is never sent; a branch or loop varies only with the inputs it reads.
        const tag = blockTagText(located, span);
        const inputs = controlTagInputs(tag);
        if (inputs.length > 0) candidates.push(finding(rule, located, span, blockMessage(rule, tag, inputs, located)));
        continue;
      }
      // A conversation thread becomes messages where it stands: history before the question is its place.
      if (threads.has(span.name)) continue;
      const movable = rule === 'variable-in-system' || rule === 'variable-before-static-text';
      const fix = movable && located.textField ? variableToEndFix(request, located, span, sourceText) : undefined;
      const daily = span.daily === true && span.kind === 'per-request-value';
      const message = daily ? dailyValueMessage(located, span) : templateMessage(rule, span, located);
      candidates.push(finding(rule, located, span, message, fix, daily));
    }
  }

  candidates.sort((a, b) => a.tokenIndex - b.tokenIndex);
  const findings = withConsequences(candidates, options, lastUser);
  const below = prefixBelowMinimum(request, options);
  if (below) findings.push(below);
  return findings.sort((a, b) => a.tokenIndex - b.tokenIndex);
}

/** A word naming the id that follows it. */
const ID_NAME_BEFORE = /\b(?:session|request|trace|conversation|thread|run|user|customer|order)(?:[ _-]?id)?[ \t]*[:=#]?[ \t]*$/i;

/** Literals that can move to the end of the prompt as they are (ids; dates get a variable instead). */
const MOVABLE_AS_IS = new Set<LiteralRuleId>(['uuid', 'hex-id', 'dynamic-date', 'unix-timestamp']);

/**
 * Says what each breaker does to the cache and what fixing it gains; drops breakers in the tail
 * that cost nothing (the last user message's own per-request part).
 */
function withConsequences(all: Candidate[], options: BreakerOptions, lastUser: number): BreakerFinding[] {
  const { rendered, rules } = options;
  const candidates = all.filter((c) => !c.daily);
  const appendAt = rendered?.segments.find((s) => s.kind === 'message' && s.messageIndex === lastUser)?.tokenStart;
  const gains = rendered && rules ? cacheableIfFixed(candidates, rendered, rules, appendAt) : undefined;
  const firstDynamic = rendered?.dynamicPoints[0]?.tokenIndex ?? candidates[0]?.tokenIndex ?? 0;
  // A breaker in the tail costs something when fixing it, or a later one, caches more than before.
  const keep = candidates.map(() => true);
  if (gains) {
    // Breakers that start at one token (literals on one labelled line) move together: one group.
    let laterGain = false;
    for (let end = candidates.length - 1; end >= 0; ) {
      let start = end;
      while (start > 0 && candidates[start - 1].tokenIndex === candidates[end].tokenIndex) start--;
      const before = start > 0 ? gains.perFinding[start - 1] : gains.current;
      if (gains.perFinding[end] > before) laterGain = true;
      for (let i = start; i <= end; i++) keep[i] = !candidates[i].inTail || laterGain;
      end = start - 1;
    }
  }
  const out: BreakerFinding[] = [];
  candidates.forEach((candidate, i) => {
    if (!keep[i]) return;
    const { inTail: _inTail, ...finding } = candidate;
    // With breakpoints the cached part can end before the first dynamic part, at the last
    // breakpoint that caches: a breaker after it does not end anything that is cached now.
    const afterCachedPart =
      rules?.mode === 'breakpoints' && gains !== undefined && rendered!.breakpoints.length > 0 && finding.tokenIndex >= gains.current;
    if (afterCachedPart) {
      finding.message +=
        gains.current > 0
          ? `; it comes after the cached part (${formatCount(gains.current)} tokens, up to the last breakpoint that caches)`
          : '; no breakpoint before it caches anything';
      if (gains.perFinding[i] <= gains.current) finding.severity = 'info';
    } else if (finding.tokenIndex <= firstDynamic && finding.rule !== 'per-user-tools' && finding.rule !== 'variable-in-tools') {
      finding.message += '; the cached prefix ends here';
    }
    if (gains) finding.cacheableTokensIfFixed = gains.perFinding[i];
    out.push(finding);
  });
  // A date ends the prefix only for the first request of each day: worth moving where cached text follows it.
  const cachedEnd = gains ? gains.current : Infinity;
  for (const candidate of all) {
    if (!candidate.daily || candidate.tokenIndex >= cachedEnd) continue;
    const { inTail: _inTail, daily: _daily, ...finding } = candidate;
    out.push({ ...finding, severity: 'warning' });
  }
  return out;
}

function templateRule(located: LocatedPiece, span: DynamicSpan, request: PromptRequest): BreakerRuleId | undefined {
  if (located.section === 'tool' || located.section === 'schema') {
    const toolName = located.section === 'tool' ? request.tools[located.index].name : '';
    const perUser =
      located.section === 'tool' &&
      (span.kind === 'template-block' || PER_USER_NAME.test(span.name) || PER_USER_NAME.test(toolName));
    return perUser ? 'per-user-tools' : 'variable-in-tools';
  }
  return isPreambleSection(located) ? 'variable-in-system' : 'variable-before-static-text';
}

/** A date the code computes (`{datetime.now():%Y-%m-%d}`), named as written in the prompt. */
function dailyValueMessage(located: LocatedPiece, span: DynamicSpan): string {
  const written = located.piece.text.slice(span.start, span.end).replace(/\s+/g, ' ');
  const shown = written.length > 60 ? `${written.slice(0, 57)}...` : written;
  return `"${shown}" in the ${located.label} is today's date, computed in the code: it ${DAILY_MESSAGE}`;
}

function templateMessage(rule: BreakerRuleId, span: DynamicSpan, located: LocatedPiece): string {
  switch (rule) {
    case 'per-user-tools':
      return (
        `The ${located.label} depends on "${span.name}": tool lists that differ per user break the cache ` +
        'for everything after the tools; keep one fixed list and check permissions when a tool is called'
      );
    case 'variable-in-tools':
      return `"${span.name}" in the ${located.label} changes the tool definitions, which come first in the cache; everything after it is recomputed`;
    case 'variable-before-static-text':
      return `"${span.name}" in the ${located.label} changes per request, and static text follows it`;
    default:
      return `"${span.name}" in the ${located.label} changes per request`;
  }
}

/** The tag as written (`{% if tier == "Patron" %}`), on one line. */
function blockTagText(located: LocatedPiece, span: DynamicSpan): string {
  return located.piece.text.slice(span.start, span.end).replace(/\s+/g, ' ');
}

/** A branch or loop whose choice follows the inputs: one finding on its opening tag. */
function blockMessage(rule: BreakerRuleId, tag: string, inputs: readonly string[], located: LocatedPiece): string {
  const names = inputs.map((name) => `"${name}"`).join(', ');
  const shown = tag.length > 60 ? `${tag.slice(0, 57)}...` : tag;
  switch (rule) {
    case 'per-user-tools':
      return (
        `The ${located.label} varies with ${names} (${shown}): tool lists that differ per user break the cache ` +
        'for everything after the tools; keep one fixed list and check permissions when a tool is called'
      );
    case 'variable-in-tools':
      return `The ${located.label} varies with ${names} (${shown}), which changes the tool definitions, first in the cache; everything after it is recomputed`;
    case 'variable-before-static-text':
      return `The ${located.label} text varies with ${names}: ${shown} chooses what follows per request, and static text follows it`;
    default:
      return `The ${located.label} text varies with ${names}: ${shown} chooses what follows per request`;
  }
}

function prefixBelowMinimum(request: PromptRequest, options: BreakerOptions): BreakerFinding | undefined {
  const { rendered, rules } = options;
  if (!rendered || !rules) return undefined;
  const minimum = rules.minimumTokens;
  const model = options.modelName ?? rules.family;
  const first = rendered.dynamicPoints[0];
  const staticTokens = first ? first.tokenIndex : rendered.total;
  const at =
    first && first.sourceOffset >= 0
      ? { start: first.sourceOffset, end: first.sourceOffset }
      : (request.model?.range ?? null);
  const base = {
    rule: 'prefix-below-minimum' as const,
    range: at,
    pieceSpan: null,
    tokenIndexEstimated: rendered.estimate,
  };
  if (rendered.total < minimum) {
    return {
      ...base,
      severity: 'info',
      message:
        `The prompt has ${formatCount(rendered.total)} tokens; ${modelLabel(model)} caches prompts of ${formatCount(minimum)} tokens ` +
        `or more (${formatCount(minimum - rendered.total)} more needed in the whole prompt` +
        (staticTokens < rendered.total ? `; its static prefix, ${formatCount(staticTokens)} tokens, needs ${formatCount(minimum - staticTokens)} more)` : ')'),
      tokenIndex: rendered.total,
    };
  }
  if (staticTokens < minimum) {
    return {
      ...base,
      severity: 'warning',
      message:
        `Only ${formatCount(staticTokens)} tokens come before the first dynamic part ("${first?.name}"); ` +
        `${model} caches a fixed prefix of ${formatCount(minimum)} tokens or more`,
      tokenIndex: staticTokens,
    };
  }
  return undefined;
}
