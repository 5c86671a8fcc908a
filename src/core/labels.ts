/** Short texts about an analysis, shared by the editor and the command-line report. */
import type { Analysis } from './analyze';
import type { FormatId } from './model';

/** 1234 → "1,234" (fixed locale so labels and reports read the same everywhere). */
/**
 * A value of the file quoted in a message or a label (a role, a tool name, a literal), cut to
 * `max` characters: a file can hold one of megabytes.
 */
export function shortText(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

/**
 * A model name in a label or message: names run to ~60 characters (fine-tuned models, deployments,
 * local paths); a file can hold one of megabytes.
 */
export function modelLabel(name: string): string {
  return shortText(name, 100);
}

/** A file size: `512 bytes`, `3.4 KB`, `20.0 MB`. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${Math.floor(bytes)} byte${Math.floor(bytes) === 1 ? '' : 's'}`;
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** `1 LLM call`, `2,206 LLM calls`: a number of things with thousands separators and the plural. */
export function countOf(n: number, noun: string): string {
  return `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;
}

/** Dollars with cents, or four significant digits for small amounts. */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  if (Math.abs(usd) >= 1) return `$${usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  return `${usd < 0 ? '−' : ''}$${Math.abs(usd).toPrecision(4).replace(/0+$/, '').replace(/\.$/, '')}`;
}

/** A price per million tokens: `$0.30`, `$2.50`, `$0.075` (float noise such as 0.30000000000000004 rounded away). */
export function formatPricePerMillion(usd: number): string {
  const value = Number(usd.toPrecision(10));
  if (value >= 1 || Number.isInteger(Math.round(value * 1e8) / 1e6)) return `$${value.toFixed(2)}`;
  return formatUsd(value);
}

/** `1,024 + 1×128` for a cacheable count on a rounding model, or the count alone. */
export function cacheableArithmetic(a: Pick<Analysis, 'cacheableTokens' | 'minimum' | 'step'>): string {
  if (a.cacheableTokens === 0 || a.step <= 1 || a.cacheableTokens <= a.minimum) return formatCount(a.cacheableTokens);
  const steps = Math.round((a.cacheableTokens - a.minimum) / a.step);
  return `${formatCount(a.minimum)} + ${steps}×${formatCount(a.step)}`;
}

/**
 * The label after the boundary marker, e.g.
 * `cache boundary · 1,152 cacheable tokens (1,024 + 1×128) · 47 more to the next step` or
 * `static prefix 812 tokens · 212 short of the 1,024 minimum`.
 */
export function boundaryLabel(a: Analysis): string {
  const parts: string[] = [];
  if (a.sizeUnknown) {
    // The minimum and the boundary depend on messages nobody has counted: no verdict on either.
    parts.push(`size unknown (${a.sizeUnknown}, known only at run time)`, `${formatCount(a.staticPrefixTokens)} static tokens counted without them`);
  } else if (a.contextWindowExceeded) {
    parts.push(`static prefix ${formatCount(a.staticPrefixTokens)} tokens`, `nothing cached: ${rejectionText(a)}`);
  } else if (a.cacheableTokens > 0) {
    const arithmetic = cacheableArithmetic(a);
    const detail = arithmetic === formatCount(a.cacheableTokens) ? '' : ` (${arithmetic})`;
    parts.push(`cache boundary · ${formatCount(a.cacheableTokens)} cacheable tokens${detail}`);
    if (a.toNextStep > 0) parts.push(`${formatCount(a.toNextStep)} more to the next step`);
  } else if (a.missingToMinimum > 0) {
    parts.push(`static prefix ${formatCount(a.staticPrefixTokens)} tokens`);
    parts.push(`${formatCount(a.missingToMinimum)} short of the ${formatCount(a.minimum)} minimum`);
  } else {
    parts.push(`static prefix ${formatCount(a.staticPrefixTokens)} tokens · nothing cached`);
  }
  if (a.estimate) parts.push('estimate');
  return parts.join(' · ');
}

/**
 * `the API rejects this request (over gpt-4o's 128,000 input tokens)`, `likely` where the count is
 * an estimate or the model only the default; empty when the prompt fits.
 */
export function rejectionText(a: Pick<Analysis, 'contextWindowExceeded' | 'model'>): string {
  const excess = a.contextWindowExceeded;
  if (!excess) return '';
  return `the API ${excess.certain ? 'rejects' : 'likely rejects'} this request (over ${modelLabel(a.model)}'s ${formatCount(excess.inputTokens)} input tokens)`;
}

/** Why the static prefix ends where it does. */
export function boundaryReason(a: Analysis): string {
  if (a.sizeUnknown) return `Where the cache stops is unknown: ${sizeUnknownText(a)}.`;
  if (a.firstDynamic) return `The cache stops at line ${a.firstDynamic.line}: ${a.firstDynamic.reason}.`;
  return 'Nothing in this prompt changes between requests: the whole prompt is a static prefix.';
}

/**
 * What is unknown and what is known of a prompt whose messages come from run time, e.g.
 * `messages built by \`build_messages\`, known only at run time; 3 tokens counted without them`.
 */
export function sizeUnknownText(a: Pick<Analysis, 'sizeUnknown' | 'promptTokens'>): string {
  return `${a.sizeUnknown}; ${formatCount(a.promptTokens)} tokens counted without them`;
}

/**
 * `3,210 prompt tokens, 2,048 cacheable` (with `withStatic`, the static prefix too), or for a
 * prompt whose messages come from run time what is known of it: no count pretends to be its size.
 */
export function sizeSummary(a: Pick<Analysis, 'sizeUnknown' | 'promptTokens' | 'staticPrefixTokens' | 'cacheableTokens'>, options: { withStatic?: boolean } = {}): string {
  if (a.sizeUnknown) return `size unknown: ${sizeUnknownText(a)}`;
  const statics = options.withStatic ? `, ${formatCount(a.staticPrefixTokens)} static` : '';
  return `${formatCount(a.promptTokens)} prompt tokens${statics}, ${formatCount(a.cacheableTokens)} cacheable`;
}

/** One short line per reason the count is an estimate (the whole reason where there are none). */
export function estimateHeadlinesOf(a: Pick<Analysis, 'estimate' | 'estimateReason' | 'estimateHeadlines'>): string[] {
  if (!a.estimate) return [];
  if (a.estimateHeadlines?.length) return a.estimateHeadlines;
  return a.estimateReason ? [a.estimateReason] : [];
}

/** The headlines on one line, for a tooltip: `a; b` (empty for an exact count). */
export function estimateSummary(a: Pick<Analysis, 'estimate' | 'estimateReason' | 'estimateHeadlines'>): string {
  return estimateHeadlinesOf(a).join('; ');
}

/** Status bar text: total · cacheable · model; `promptTokens` replaces the total with a provider's count. */
export function statusLabel(a: Analysis, promptTokens = a.promptTokens): string {
  if (a.sizeUnknown) return `size unknown · ${formatCount(a.cacheableTokens)} cacheable · ${modelLabel(a.model)} (est.)`;
  return `${formatCount(promptTokens)} tok · ${formatCount(a.cacheableTokens)} cacheable · ${modelLabel(a.model)}${a.estimate ? ' (est.)' : ''}`;
}

const FORMAT_NAMES: Record<FormatId, string> = {
  'openai-chat': 'OpenAI Chat Completions request',
  'openai-responses': 'OpenAI Responses request',
  'anthropic-messages': 'Anthropic Messages request',
  prompty: 'Prompty',
  'github-models': 'GitHub Models prompt (.prompt.yml)',
  'vscode-prompt': 'VS Code prompt file (.prompt.md)',
  'plain-text': 'Plain prompt text',
};

/** A format as the user knows it (`OpenAI Chat Completions request`), never its internal id. */
export function formatName(format: FormatId): string {
  return FORMAT_NAMES[format];
}
