/**
 * An analysis as people and programs read it: plain JSON (the command-line tool's `--json`, the
 * editor's "Copy analysis as JSON") and a text report. Pure functions of the analysis and, when
 * given, the source text (for line:column of segment ranges).
 */
import type { Analysis, Finding } from './analyze';
import { formatCount, formatName, formatUsd, modelLabel, rejectionText } from './labels';
import { LineIndex } from './lineIndex';
import { tokensLine, type ProviderFigure } from './providerFigure';

export { formatCount, formatUsd };
import type { FormatId, SourceRange } from './model';

export interface ReportOptions {
  /** The analysed file's text; adds line and column to segment ranges. */
  sourceText?: string;
  /** The provider's own count of the same prompt, when one was asked for. */
  providerFigure?: ProviderFigure;
  /** The text report gives each estimate reason in full under its headline (else the headlines alone). */
  verbose?: boolean;
}

/** A source range with 1-based positions when the text was available. */
export interface RangeJson {
  startOffset: number;
  endOffset: number;
  startLine?: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
}

export interface FindingJson {
  line: number;
  column: number;
  endLine: number | null;
  endColumn: number | null;
  severity: Finding['severity'];
  rule: Finding['rule'];
  message: string;
  tokenIndex: number | null;
  /** Cache breakers: cacheable tokens once this one and every one before it move out of the prefix. */
  cacheableTokensIfFixed?: number;
  /** Input USD saved per 1,000 warm requests by that fix. */
  savingUsdPer1000IfFixed?: number;
  fix?: { description: string; edits: Array<{ startOffset: number; endOffset: number; newText: string }> };
}

export interface AnalysisJson {
  file: string;
  format: FormatId;
  api: Analysis['api'];
  model: string;
  modelSource: Analysis['modelSource'];
  provider: Analysis['provider'];
  encoding: Analysis['encoding'];
  estimate: boolean;
  estimateReason?: string;
  /** One short line per estimate reason. */
  estimateHeadlines?: string[];
  promptTokens: number;
  /** With fresh per-request values, as a test run sends them; only where the prompt has any. */
  promptTokensWithFreshValues?: number;
  /** What the prompt's size depends on at run time (messages built elsewhere), where it is unknown. */
  sizeUnknown?: string;
  staticPrefixTokens: number;
  /** 0 when `contextWindowExceeded`: a rejected request caches nothing. */
  cacheableTokens: number;
  /**
   * The prompt is longer than the model accepts, so the API rejects the request: nothing is cached
   * and `cost` shows what it would cost were it accepted, uncached.
   */
  contextWindowExceeded: boolean;
  /** The model's input limit, where it is known. */
  contextWindowInputTokens?: number;
  /** Cacheable tokens once every cache breaker found is moved out of the prefix. */
  cacheableTokensIfFixed: number;
  minimum: number;
  step: number;
  /** null when the prompt's size is unknown (`sizeUnknown`): no distance can be given. */
  missingToMinimum: number | null;
  toNextStep: number | null;
  firstDynamic: {
    line: number;
    column: number;
    offset: number;
    tokenIndex: number;
    kind: string;
    name: string;
    reason: string;
  } | null;
  minimumReachedAt: { line: number; column: number; offset: number } | null;
  segments: Array<{ kind: string; label: string; range: RangeJson | null; tokenStart: number; tokens: number; runningTotal: number; within?: string }>;
  breakpoints: Array<{
    tokenEnd: number;
    ttl: string;
    automatic: boolean;
    cachedTokens: number;
    ok: boolean;
    reason?: string;
    line: number | null;
    column: number | null;
  }>;
  findings: FindingJson[];
  cost: {
    model: string;
    priceDate: string;
    uncachedUsdPerRequest: number;
    cachedUsdPerRequest: number;
    firstRequestUsd: number;
    uncachedUsdPer1000: number;
    cachedUsdPer1000: number;
    /** The API rejects the request: these figures are never billed. */
    rejected?: boolean;
  } | null;
}

const MODEL_SOURCES: Record<Analysis['modelSource'], string> = {
  override: 'chosen with --model',
  file: 'named in the file',
  default: 'default; the file names none',
};

const BREAKPOINT_PROBLEMS: Record<string, string> = {
  'below-minimum': 'below the minimum, not cached',
  'after-dynamic': 'after dynamic content: written every time, never read',
  'beyond-lookback': 'after dynamic content and beyond the block lookback',
  'too-many': 'one breakpoint too many: the provider rejects the request',
  'over-context-window': 'nothing cached: the prompt is longer than the model accepts',
};

/** Requests per cost line of the text report. */
const COST_BATCH = 1000;

function rangeJson(range: SourceRange | null, lines: LineIndex | undefined): RangeJson | null {
  if (!range) return null;
  const json: RangeJson = { startOffset: range.start, endOffset: range.end };
  if (lines) {
    const start = lines.position(range.start);
    const end = lines.position(range.end);
    Object.assign(json, { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column });
  }
  return json;
}

function findingJson(finding: Finding): FindingJson {
  return {
    line: finding.line,
    column: finding.column,
    endLine: finding.end?.line ?? null,
    endColumn: finding.end?.column ?? null,
    severity: finding.severity,
    rule: finding.rule,
    message: finding.message,
    tokenIndex: finding.tokenIndex,
    ...(finding.cacheableTokensIfFixed === undefined ? {} : { cacheableTokensIfFixed: finding.cacheableTokensIfFixed }),
    ...(finding.savingUsdPer1000IfFixed === undefined ? {} : { savingUsdPer1000IfFixed: finding.savingUsdPer1000IfFixed }),
    ...(finding.fix
      ? {
          fix: {
            description: finding.fix.description,
            edits: finding.fix.edits.map((e) => ({ startOffset: e.range.start, endOffset: e.range.end, newText: e.newText })),
          },
        }
      : {}),
  };
}

/** The analysis as plain JSON data (no token arrays, no parsed request). */
export function analysisToJson(analysis: Analysis, options: ReportOptions = {}): AnalysisJson {
  const lines = options.sourceText === undefined ? undefined : new LineIndex(options.sourceText);
  const first = analysis.firstDynamic;
  return {
    file: analysis.fileName,
    format: analysis.format,
    api: analysis.api,
    model: analysis.model,
    modelSource: analysis.modelSource,
    provider: analysis.provider,
    encoding: analysis.encoding,
    estimate: analysis.estimate,
    ...(analysis.estimateReason ? { estimateReason: analysis.estimateReason } : {}),
    ...(analysis.estimateHeadlines?.length ? { estimateHeadlines: analysis.estimateHeadlines } : {}),
    promptTokens: analysis.promptTokens,
    ...(analysis.promptTokensWithFreshValues !== undefined ? { promptTokensWithFreshValues: analysis.promptTokensWithFreshValues } : {}),
    ...(analysis.sizeUnknown ? { sizeUnknown: analysis.sizeUnknown } : {}),
    staticPrefixTokens: analysis.staticPrefixTokens,
    cacheableTokens: analysis.cacheableTokens,
    contextWindowExceeded: analysis.contextWindowExceeded !== undefined,
    ...(analysis.contextWindowExceeded ? { contextWindowInputTokens: analysis.contextWindowExceeded.inputTokens } : {}),
    cacheableTokensIfFixed: analysis.cacheableTokensIfFixed,
    minimum: analysis.minimum,
    step: analysis.step,
    missingToMinimum: analysis.sizeUnknown ? null : analysis.missingToMinimum,
    toNextStep: analysis.sizeUnknown ? null : analysis.toNextStep,
    firstDynamic: first
      ? {
          line: first.line,
          column: first.column,
          offset: first.offset,
          tokenIndex: first.tokenIndex,
          kind: first.kind,
          name: first.name,
          reason: first.reason,
        }
      : null,
    minimumReachedAt: analysis.minimumReachedAt
      ? { line: analysis.minimumReachedAt.line, column: analysis.minimumReachedAt.column, offset: analysis.minimumReachedAt.offset }
      : null,
    segments: analysis.segments.map((s) => ({
      kind: s.kind,
      label: s.label,
      range: rangeJson(s.range, lines),
      tokenStart: s.tokenStart,
      tokens: s.tokens,
      runningTotal: s.runningTotal,
      ...(s.within === undefined ? {} : { within: s.within }),
    })),
    breakpoints: analysis.breakpoints.map((b) => ({
      tokenEnd: b.tokenEnd,
      ttl: b.ttl,
      automatic: b.automatic,
      cachedTokens: b.cachedTokens,
      ok: b.ok,
      ...(b.reason ? { reason: b.reason } : {}),
      line: b.position?.line ?? null,
      column: b.position?.column ?? null,
    })),
    findings: analysis.findings.map(findingJson),
    cost: analysis.cost
      ? {
          model: analysis.cost.model,
          priceDate: analysis.cost.priceDate,
          uncachedUsdPerRequest: analysis.cost.uncachedUsd,
          cachedUsdPerRequest: analysis.cost.cachedUsd,
          firstRequestUsd: analysis.cost.firstRequestUsd,
          uncachedUsdPer1000: analysis.cost.uncachedUsd * COST_BATCH,
          cachedUsdPer1000: analysis.cost.cachedUsd * COST_BATCH,
          ...(analysis.cost.rejected ? { rejected: true } : {}),
        }
      : null,
  };
}

/** How many tokens are cached and why that many: the minimum and step arithmetic. */
export function cacheableLine(a: Analysis): string {
  const minimum = formatCount(a.minimum);
  if (a.contextWindowExceeded) return `0 cacheable: ${rejectionText(a)}`;
  // Short of the minimum or not: the uncounted messages decide, so no verdict.
  if (a.sizeUnknown) return `unknown: ${a.sizeUnknown} (${formatCount(a.staticPrefixTokens)} static tokens counted without them)`;
  if (a.rules.mode === 'breakpoints') {
    const best = a.breakpoints.filter((b) => b.ok).sort((x, y) => y.cachedTokens - x.cachedTokens)[0];
    if (a.breakpoints.length === 0) {
      // Below the minimum a breakpoint would not help: that is the reason to give.
      if (a.missingToMinimum > 0) {
        return `0 cacheable: static prefix ${formatCount(a.staticPrefixTokens)} tokens, ${formatCount(a.missingToMinimum)} short of the ${minimum} minimum (and no cache_control breakpoint)`;
      }
      return `0 cacheable: no cache_control breakpoint (${formatCount(a.staticPrefixTokens)} static tokens could be cached with one)`;
    }
    if (!best) return `0 cacheable: no breakpoint caches a static prefix of at least ${minimum} tokens`;
    const at = best.position ? ` at ${best.position.line}:${best.position.column}` : '';
    return `${formatCount(a.cacheableTokens)} cacheable (breakpoint${at}, ttl ${best.ttl}; minimum ${minimum})`;
  }
  if (a.missingToMinimum > 0) {
    return `0 cacheable: static prefix ${formatCount(a.staticPrefixTokens)} tokens, ${formatCount(a.missingToMinimum)} short of the ${minimum} minimum`;
  }
  if (a.step <= 1) return `${formatCount(a.cacheableTokens)} cacheable (minimum ${minimum}, no rounding)`;
  const steps = Math.max(0, Math.floor((a.cacheableTokens - a.minimum) / a.step));
  const arithmetic = steps === 0 ? `the ${minimum} minimum` : `${minimum} + ${steps}×${formatCount(a.step)}`;
  return (
    `${formatCount(a.cacheableTokens)} cacheable (${arithmetic})` +
    ` · ${formatCount(a.toNextStep)} more to the next step`
  );
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function padStart(text: string, width: number): string {
  return text.length >= width ? text : ' '.repeat(width - text.length) + text;
}

function modelLine(a: Analysis): string {
  const exactness = a.estimate ? 'estimate' : 'exact count';
  // Claude and Gemini tokenizers are not published: their count is this encoding, scaled.
  let tokenizer: string = a.encoding;
  if (a.provider === 'anthropic') tokenizer = `${a.encoding} scaled to Claude`;
  else if (a.provider === 'gemini') tokenizer = `${a.encoding} in place of Gemini's tokenizer`;
  return `${modelLabel(a.model)} (${MODEL_SOURCES[a.modelSource]}) · ${tokenizer} · ${exactness}`;
}

function stopLine(a: Analysis): string {
  const first = a.firstDynamic;
  if (!first && a.sizeUnknown) return `unknown: ${a.sizeUnknown}, whether it changes between requests or not`;
  if (!first) return 'nowhere: nothing in the prompt changes between requests';
  return `${first.line}:${first.column}, token ${formatCount(first.tokenIndex)}: ${first.reason}`;
}

function segmentLines(a: Analysis, lines: LineIndex | undefined): string[] {
  const rows = a.segments.map((s) => {
    // A nested segment's tokens are counted in the row above it: it has no running total of its own.
    const nested = s.within !== undefined;
    const where = s.range && lines ? (({ line, column }) => `${line}:${column}`)(lines.position(s.range.start)) : '';
    return [(nested ? '  ' : '') + s.label, where, formatCount(s.tokens), nested ? '' : formatCount(s.runningTotal)];
  });
  const header = ['segment', 'at', 'tokens', 'running'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const format = (r: string[]) => `  ${pad(r[0], widths[0])}  ${pad(r[1], widths[1])}  ${padStart(r[2], widths[2])}  ${padStart(r[3], widths[3])}`.trimEnd();
  return [format(header), ...rows.map(format)];
}

function findingLines(a: Analysis): string[] {
  if (a.findings.length === 0) return ['  none'];
  const rows: string[] = [];
  for (const f of a.findings) {
    rows.push(`  ${pad(`${f.line}:${f.column}`, 8)} ${pad(f.severity, 7)}  ${f.rule}: ${f.message}`);
    if (f.fix) rows.push(`  ${' '.repeat(8)} fix      ${f.fix.description}`);
  }
  return rows;
}

function costLines(a: Analysis): string[] {
  const cost = a.cost;
  if (a.contextWindowExceeded) return [`  none: ${rejectionText(a)}`];
  if (a.sizeUnknown) return [`  unknown: the prompt's size is unknown (${a.sizeUnknown})`];
  if (!cost) return [`  no price known for ${modelLabel(a.model)}`];
  const uncached = cost.uncachedUsd * COST_BATCH;
  const cached = cost.cachedUsd * COST_BATCH;
  const saving = uncached > 0 ? Math.round(((uncached - cached) / uncached) * 100) : 0;
  return [
    `  uncached  ${formatUsd(uncached)}`,
    `  cached    ${formatUsd(cached)} with a warm cache (${savingText(a, saving)}; the first, cold request costs ${formatUsd(cost.firstRequestUsd)})`,
  ];
}

/** `42% saved`, or for a cache that costs more than none, how much more and why. */
function savingText(a: Analysis, saving: number): string {
  if (saving >= 0) return `${saving}% saved`;
  const ratios = a.cost?.cacheWriteRatios ?? [];
  const writes = ratios.length > 0 ? `cache writes cost ${ratios.map((r) => `${r}×`).join(' and ')}` : 'cache writes cost more than plain input';
  return `${-saving}% more: ${writes} and ${a.cacheableTokens === 0 ? 'nothing is read back' : 'the reads save less'}`;
}

/** Column of the full reasons under their headlines, and where they wrap. */
const REASON_INDENT = 20;
const REASON_WIDTH = 100;

/**
 * The estimate's headlines one a line, the first after the label; verbose, each followed by its
 * full reason, wrapped and indented, else one line saying where the reasons are.
 */
function estimateLines(a: Analysis, first: string, verbose: boolean): string[] {
  const reasons = a.estimateReasons ?? [a.estimateReason ?? ''];
  const headlines = a.estimateHeadlines ?? reasons;
  const indent = ' '.repeat(first.length);
  const out: string[] = [];
  headlines.forEach((headline, i) => {
    out.push(`${i === 0 ? first : indent}${headline}`);
    if (verbose && reasons[i] && reasons[i] !== headline) {
      out.push(...wrapText(reasons[i], REASON_WIDTH - REASON_INDENT).map((line) => `${' '.repeat(REASON_INDENT)}${line}`));
    }
  });
  if (!verbose) out.push(`${indent}(full reasons: analyze --verbose)`);
  return out;
}

/** Words in lines of at most `width` characters (a longer word keeps a line of its own). */
function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

function countBySeverity(findings: readonly Finding[]): string {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.severity, (counts.get(f.severity) ?? 0) + 1);
  return [...counts].map(([severity, n]) => `${n} ${severity}${n === 1 ? '' : 's'}`).join(', ');
}

/** The count as written, and as a test run sends it when its fresh per-request values count otherwise. */
function promptLine(a: Analysis): string {
  if (a.sizeUnknown) return `size unknown (${a.sizeUnknown}); ${formatCount(a.promptTokens)} tokens counted without them`;
  const fresh = a.promptTokensWithFreshValues;
  if (fresh === undefined || fresh === a.promptTokens) return `${formatCount(a.promptTokens)} tokens`;
  return `${formatCount(a.promptTokens)} tokens as written · ${formatCount(fresh)} with fresh per-request values, as a test run sends them`;
}

/** The readable report of the command-line tool's `analyze`. */
export function analysisToText(a: Analysis, options: ReportOptions = {}): string {
  const lines = options.sourceText === undefined ? undefined : new LineIndex(options.sourceText);
  const label = (name: string) => `  ${pad(name, 16)}`;
  const out = [
    a.fileName,
    `${label('Format')}${formatName(a.format)}`,
    `${label('Model')}${modelLine(a)}`,
  ];
  if (a.estimate && a.estimateReason) out.push(...estimateLines(a, label('Estimate'), options.verbose ?? false));
  out.push(
    `${label('Prompt')}${promptLine(a)}`,
    ...(options.providerFigure ? [`${label('Tokens')}${tokensLine(a.promptTokens, options.providerFigure)}`] : []),
    `${label('Static prefix')}${formatCount(a.staticPrefixTokens)} tokens`,
    `${label('Cache')}${cacheableLine(a)}`,
    `${label('Cache stops at')}${stopLine(a)}`,
  );
  if (a.minimumReachedAt) {
    const { line, column } = a.minimumReachedAt;
    out.push(`${label('Minimum reached')}token ${formatCount(a.minimum)} falls at ${line}:${column}`);
  }
  if (a.breakpoints.length > 0) {
    out.push('', 'Breakpoints');
    for (const b of a.breakpoints) {
      const at = b.position ? `${b.position.line}:${b.position.column}` : '(automatic)';
      const state = b.ok ? `caches ${formatCount(b.cachedTokens)} tokens` : BREAKPOINT_PROBLEMS[b.reason ?? ''] ?? b.reason;
      out.push(`  ${pad(at, 10)} ttl ${pad(b.ttl, 3)}  ends at token ${formatCount(b.tokenEnd)}: ${state}`);
    }
  }
  out.push('', 'Segments', ...segmentLines(a, lines));
  out.push('', `Findings${a.findings.length ? ` (${countBySeverity(a.findings)})` : ''}`, ...findingLines(a));
  const priced = a.cost ? ` (${a.cost.model} prices of ${a.cost.priceDate})` : '';
  out.push('', `Cost per ${formatCount(COST_BATCH)} requests${priced}`, ...costLines(a));
  return `${out.join('\n')}\n`;
}
