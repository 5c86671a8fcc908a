/**
 * The hover's Markdown, apart from the hover provider so it can be read without VS Code (unit
 * tests, and the hidden state command of the integration tests).
 */
import type { Analysis, Finding, SegmentSummary } from '../core/analyze';
import { boundaryLabel, boundaryReason, estimateHeadlinesOf, formatCount, formatUsd, modelLabel, rejectionText } from '../core/labels';
import { tokensLine, type ProviderFigure } from '../core/providerFigure';
import { CommandIds } from './commandIds';

/** Markdown for the boundary hover: breakdown, reason, the provider's count if any, cost per 1,000 requests. */
export function boundaryHoverMarkdown(a: Analysis, figure?: ProviderFigure): string {
  const lines = [
    `**Prompt Cache Lens** · ${boundaryLabel(a)}`,
    '',
    boundaryReason(a),
    '',
    ...(figure ? [`Tokens: ${tokensLine(a.promptTokens, figure)}`, ''] : []),
    '| | tokens |',
    '|---|---:|',
    `| prompt | ${a.sizeUnknown ? `size unknown (${a.sizeUnknown})` : formatCount(a.promptTokens)} |`,
    `| static prefix | ${formatCount(a.staticPrefixTokens)} |`,
    `| cacheable | ${formatCount(a.cacheableTokens)} |`,
    `| minimum (${modelLabel(a.model)}) | ${formatCount(a.minimum)}${a.step > 1 ? `, then steps of ${formatCount(a.step)}` : ''} |`,
  ];
  const gain = fixGainLine(a);
  if (gain) lines.push('', gain);
  if (a.contextWindowExceeded) {
    const rejection = rejectionText(a);
    lines.push('', `${rejection[0].toUpperCase()}${rejection.slice(1)}: no cost or cache saving to show.`);
  } else if (a.cost) {
    lines.push(
      '',
      `Cost per 1,000 requests (${a.cost.model}, prices of ${a.cost.priceDate}): **${formatUsd(a.cost.cachedUsd * 1000)}** with the cache warm, ${formatUsd(a.cost.uncachedUsd * 1000)} uncached.`,
    );
  }
  const headlines = estimateHeadlinesOf(a);
  if (headlines.length > 0) lines.push('', 'Estimate:', ...headlines.map((h) => `- ${h}`), '', FULL_REASONS);
  return lines.join('\n');
}

/** Where the estimate's reasons are given in full (the hover's link runs the command for the file or call under the cursor). */
export const FULL_REASONS = `_Full reasons: [Show Analysis Report](command:${CommandIds.showReport}) or \`prompt-cache-lens analyze --verbose\`._`;

/** What moving every cache breaker out of the prefix gains, or nothing when it gains nothing. */
function fixGainLine(a: Analysis): string | undefined {
  if (a.cacheableTokensIfFixed <= a.cacheableTokens) return undefined;
  const breakers = a.findings.filter((f) => f.cacheableTokensIfFixed !== undefined);
  const saving = Math.max(0, ...a.findings.map((f) => f.savingUsdPer1000IfFixed ?? 0));
  const money = saving > 0 ? `, −${formatUsd(saving)} per 1,000 requests` : '';
  const what = breakers.length === 1 ? 'the cache breaker' : `the ${formatCount(breakers.length)} cache breakers`;
  return `Moving ${what} out of the prefix: **${formatCount(a.cacheableTokensIfFixed)} tokens cacheable**${money} (${howToFix(breakers)}).`;
}

/** Where the fixes are: only the Quick Fixes the editor offers (a `.format(...)` template has none). */
function howToFix(breakers: readonly Finding[]): string {
  const fixable = breakers.filter((f) => f.fix).length;
  if (fixable === 0) return 'by hand: no automatic fix';
  if (fixable === breakers.length) return 'Quick Fix, or *Fix all cache breakers in file*';
  return `Quick Fix for ${formatCount(fixable)} of them, or *Fix all cache breakers in file*; the others by hand`;
}

export function segmentHoverMarkdown(a: Analysis, s: SegmentSummary): string {
  const share = a.promptTokens ? Math.round((s.tokens / a.promptTokens) * 100) : 0;
  const inPrefix = s.tokenStart + s.tokens <= a.cacheableTokens ? 'fully cached' : s.tokenStart < a.cacheableTokens ? 'partly cached' : 'not cached';
  return [
    `**${s.label}** · ${formatCount(s.tokens)} tokens (${share}% of the prompt) · ${inPrefix}`,
    '',
    `Tokens ${formatCount(s.tokenStart + 1)}–${formatCount(s.tokenStart + s.tokens)} of ${formatCount(a.promptTokens)}; running total ${formatCount(s.runningTotal)}.`,
  ].join('\n');
}
