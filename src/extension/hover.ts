import * as vscode from 'vscode';
import type { Analysis, SegmentSummary } from '../core/analyze';
import { boundaryLabel, boundaryReason, formatCount, formatUsd } from '../core/labels';
import { tokensLine, type ProviderFigure } from '../core/providerFigure';
import type { CallResult } from './analysisClient';
import { analysesOf, type AnalysisService } from './analysisService';
import { callUri } from './callUris';

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
    `| prompt | ${formatCount(a.promptTokens)} |`,
    `| static prefix | ${formatCount(a.staticPrefixTokens)} |`,
    `| cacheable | ${formatCount(a.cacheableTokens)} |`,
    `| minimum (${a.model}) | ${formatCount(a.minimum)}${a.step > 1 ? `, then steps of ${formatCount(a.step)}` : ''} |`,
  ];
  const gain = fixGainLine(a);
  if (gain) lines.push('', gain);
  if (a.cost) {
    lines.push(
      '',
      `Cost per 1,000 requests (${a.cost.model}, prices of ${a.cost.priceDate}): **${formatUsd(a.cost.cachedUsd * 1000)}** with the cache warm, ${formatUsd(a.cost.uncachedUsd * 1000)} uncached.`,
    );
  }
  if (a.estimate && a.estimateReason) lines.push('', `_Estimate: ${a.estimateReason}_`);
  return lines.join('\n');
}

/** What moving every cache breaker out of the prefix gains, or nothing when it gains nothing. */
function fixGainLine(a: Analysis): string | undefined {
  if (a.cacheableTokensIfFixed <= a.cacheableTokens) return undefined;
  const breakers = a.findings.filter((f) => f.cacheableTokensIfFixed !== undefined).length;
  const saving = Math.max(0, ...a.findings.map((f) => f.savingUsdPer1000IfFixed ?? 0));
  const money = saving > 0 ? `, −${formatUsd(saving)} per 1,000 requests` : '';
  const what = breakers === 1 ? 'the cache breaker' : `the ${formatCount(breakers)} cache breakers`;
  return `Moving ${what} out of the prefix: **${formatCount(a.cacheableTokensIfFixed)} tokens cacheable**${money} (Quick Fix, or *Fix all cache breakers in file*).`;
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

/** Source offset of the last token that comes from the file, or -1. */
function lastSourceOffset(a: Analysis): number {
  const offsets = a.rendered.sourceOffsets;
  for (let i = offsets.length - 1; i >= 0; i--) if (offsets[i] >= 0) return offsets[i];
  return -1;
}

export class CacheHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly service: AnalysisService,
    private readonly figureFor: (uri: vscode.Uri) => ProviderFigure | undefined = () => undefined,
  ) {}

  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const state = this.service.get(doc.uri);
    const offset = doc.offsetAt(position);
    // In source code the call under the cursor comes first; a prompt file has one request.
    const shown = analysesOf(state).sort((x, y) => Number(holds(y.call?.range, offset)) - Number(holds(x.call?.range, offset)));
    if (shown.length === 0) return undefined;
    // The provider's figure for a prompt file, or for the call (known by its `#call-<n>` URI).
    const calls = state?.calls ?? [];
    const figureOf = (call: CallResult['call'] | undefined) => {
      if (state?.kind === 'prompt') return this.figureFor(doc.uri);
      const index = calls.findIndex((c) => c.call === call);
      return index >= 0 ? this.figureFor(callUri(doc.uri, index)) : undefined;
    };
    for (const { analysis: a, call } of shown) {
      const figure = figureOf(call);
      // A fully static prompt has its boundary where its last token is: it gets the hover there.
      const lastText = a.firstDynamic ? -1 : lastSourceOffset(a);
      const boundaryLine = a.firstDynamic ? a.firstDynamic.line - 1 : lastText >= 0 ? doc.positionAt(lastText).line : undefined;
      if (boundaryLine === position.line) return new vscode.Hover(new vscode.MarkdownString(boundaryHoverMarkdown(a, figure)));
    }
    // The innermost section under the cursor (a tool inside the tools block, a message).
    let best: { a: Analysis; s: SegmentSummary; call?: CallResult['call'] } | undefined;
    for (const { analysis: a, call } of shown) {
      for (const s of a.segments) {
        if (!s.range || offset < s.range.start || offset > s.range.end) continue;
        if (!best?.s.range || s.range.end - s.range.start < best.s.range.end - best.s.range.start) best = { a, s, call };
      }
    }
    if (!best?.s.range) return undefined;
    const firstLine = doc.positionAt(best.s.range.start).line;
    if (position.line !== firstLine) return undefined;
    const md = new vscode.MarkdownString(`${segmentHoverMarkdown(best.a, best.s)}\n\n---\n\n${boundaryHoverMarkdown(best.a, figureOf(best.call))}`);
    return new vscode.Hover(md, doc.lineAt(firstLine).range);
  }
}

function holds(range: { start: number; end: number } | undefined, offset: number): boolean {
  return range !== undefined && offset >= range.start && offset <= range.end;
}
