/**
 * Cache-breaker detection: text in a request that differs from one request to the next and so ends
 * the cacheable prefix where it appears. Reads every text piece (tools, schema, instructions,
 * system, messages) and reports findings with source ranges and, where the edit is mechanical, a fix.
 *
 * Content in or after the last user message is expected to vary and is not reported (its literals
 * are still returned as dynamic spans).
 */
import type { DynamicSpan, PromptRequest, SourceRange, TextPiece } from '../model';
import type { RenderedPrompt } from '../tokens/rendered';
import { literalToVariableFix, moveLineFix, type BreakerFix } from './breaker-fixes';
import { PER_USER_NAME, type LiteralRuleId } from './breaker-patterns';
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

export type BreakerRuleId =
  | LiteralRuleId
  | 'labelled-dynamic-line'
  | 'variable-in-system'
  | 'variable-in-tools'
  | 'per-user-tools'
  | 'prefix-below-minimum'
  | 'too-many-breakpoints'
  | 'breakpoint-ttl-order';

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
  fix?: BreakerFix;
}

export interface BreakerOptions {
  /** Tokens of the request: exact token positions, and the `prefix-below-minimum` rule. */
  rendered?: RenderedPrompt;
  /** Minimum and mode; without it errors are reported before 1,024 tokens. */
  rules?: CacheRules;
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
}

/** Every literal match in a piece, overlapping matches resolved in favour of the first, longest. */
function literalHits(located: LocatedPiece): LiteralHit[] {
  return scanLiterals(located.piece.text).hits.map((hit) => ({ located, ...hit }));
}

function labelledLines(located: LocatedPiece): LineHit[] {
  return scanLiterals(located.piece.text).lines.map((line) => ({ located, ...line }));
}

/** Spans already marked by the parser, plus tool-level ones for tools. */
function templateSpans(located: LocatedPiece, request: PromptRequest): DynamicSpan[] {
  const spans = [...located.piece.dynamic];
  if (located.section === 'tool') {
    for (const span of request.tools[located.index].dynamic) {
      if (!spans.some((s) => s.start === span.start && s.end === span.end)) spans.push(span);
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
    for (const line of labelledLines(located)) {
      spans.push({ start: line.start, end: line.end, kind: 'literal', name: line.label.toLowerCase() });
    }
    // Hits never overlap one another: only a labelled line can hold one.
    const lineSpans = [...spans];
    for (const hit of literalHits(located)) {
      if (lineSpans.some((s) => hit.start >= s.start && hit.end <= s.end)) continue;
      spans.push({ start: hit.start, end: hit.end, kind: 'literal', name: hit.name });
    }
    if (spans.length > 0) out.set(located.piece, spans.sort((a, b) => a.start - b.start));
  }
  return out;
}

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

/** Finds the cache breakers of a request. Findings are sorted by token position. */
export function detectCacheBreakers(request: PromptRequest, options: BreakerOptions = {}): BreakerFinding[] {
  const locate = tokenLocator(request, options.rendered);
  const threshold = options.rules?.minimumTokens ?? DEFAULT_ERROR_THRESHOLD;
  const lastUser = lastUserMessageIndex(request);
  const findings: BreakerFinding[] = [];

  const finding = (
    rule: BreakerRuleId,
    located: LocatedPiece,
    start: number,
    end: number,
    message: string,
    fix?: BreakerFix,
  ): BreakerFinding => {
    const position = locate(located, start);
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
      ...(fix ? { fix } : {}),
    };
  };

  for (const located of piecesInCacheOrder(request)) {
    if (isInTail(located, lastUser)) continue;
    const text = located.piece.text;
    const lines = labelledLines(located);
    for (const line of lines) {
      const fix = located.textField ? moveLineFix(request, located, line.start, line.end) : undefined;
      const message = `"${line.label}:" line in the ${located.label} changes per request and ends the cached prefix here`;
      findings.push(finding('labelled-dynamic-line', located, line.start, line.end, message, fix));
    }

    for (const hit of literalHits(located)) {
      if (lines.some((l) => hit.start >= l.start && hit.end <= l.end)) continue;
      const shown = text.slice(hit.start, hit.end);
      const fixInfo = FIX_VARIABLES[hit.rule];
      const fix =
        hit.movable && fixInfo && located.textField
          ? literalToVariableFix(request, located, hit.start, hit.end, fixInfo.variable, fixInfo.label)
          : undefined;
      const message = `"${shown}" in the ${located.label} ${LITERAL_MESSAGES[hit.rule]}; it ends the cached prefix here`;
      findings.push(finding(hit.rule, located, hit.start, hit.end, message, fix));
    }

    for (const span of templateSpans(located, request)) {
      if (lines.some((l) => span.start >= l.start && span.end <= l.end)) continue;
      const rule = templateRule(located, span, request);
      if (!rule) continue;
      findings.push(finding(rule, located, span.start, span.end, templateMessage(rule, span, located)));
    }
  }

  const below = prefixBelowMinimum(request, options);
  if (below) findings.push(below);
  return findings.sort((a, b) => a.tokenIndex - b.tokenIndex);
}

function templateRule(located: LocatedPiece, span: DynamicSpan, request: PromptRequest): BreakerRuleId | undefined {
  if (located.section === 'tool' || located.section === 'schema') {
    const toolName = located.section === 'tool' ? request.tools[located.index].name : '';
    const perUser =
      located.section === 'tool' &&
      (span.kind === 'template-block' || PER_USER_NAME.test(span.name) || PER_USER_NAME.test(toolName));
    return perUser ? 'per-user-tools' : 'variable-in-tools';
  }
  return isPreambleSection(located) ? 'variable-in-system' : undefined;
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
    default:
      return `"${span.name}" in the ${located.label} ends the cached prefix here; move per-request values to the end of the prompt`;
  }
}

function prefixBelowMinimum(request: PromptRequest, options: BreakerOptions): BreakerFinding | undefined {
  const { rendered, rules } = options;
  if (!rendered || !rules) return undefined;
  const minimum = rules.minimumTokens;
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
        `The prompt has ${rendered.total} tokens; ${rules.family} caches prompts of ${minimum} tokens ` +
        `or more (${minimum - rendered.total} more needed)`,
      tokenIndex: rendered.total,
    };
  }
  if (staticTokens < minimum) {
    return {
      ...base,
      severity: 'warning',
      message:
        `Only ${staticTokens} tokens come before the first dynamic part ("${first?.name}"); ` +
        `caching needs a fixed prefix of ${minimum} tokens`,
      tokenIndex: staticTokens,
    };
  }
  return undefined;
}
