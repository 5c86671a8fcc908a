/**
 * Breakpoint layouts the provider refuses outright: more `cache_control` markers than it accepts,
 * and (Anthropic) a 1-hour entry after a 5-minute one. Either makes the API answer 400, so they
 * are errors, not advice. And a prefix long enough to cache with no breakpoint to cache it.
 */
import { formatCount } from '../labels';
import type { RenderedPrompt } from '../tokens/rendered';
import type { BreakerFinding } from './breakers';
import type { BreakpointAnalysis } from './prefix';
import type { CacheRules } from './rules';

/** How the request names a breakpoint, for the message. */
function markerName(rules: CacheRules): string {
  return rules.provider === 'anthropic' ? 'cache_control breakpoints' : 'cache breakpoints';
}

/** What the file is, for the advice on adding a breakpoint. */
export interface BreakpointContext {
  staticPrefixTokens: number;
  /** A template (Prompty, plain text): the request is built by code, which must add the marker. */
  template: boolean;
}

export function breakpointFindings(
  rendered: RenderedPrompt,
  analysed: readonly BreakpointAnalysis[],
  rules: CacheRules,
  context?: BreakpointContext,
): BreakerFinding[] {
  const findings: BreakerFinding[] = [];
  const missing = context ? missingBreakpoint(rendered, rules, context) : undefined;
  if (missing) findings.push(missing);
  const points = rendered.breakpoints;
  const finding = (rule: BreakerFinding['rule'], index: number, message: string): BreakerFinding => ({
    rule,
    severity: 'error',
    message,
    range: points[index].range,
    pieceSpan: null,
    tokenIndex: points[index].tokenEnd,
    tokenIndexEstimated: rendered.estimate,
  });

  const firstExtra = analysed.findIndex((b) => b.reason === 'too-many');
  if (firstExtra >= 0 && rules.maxBreakpoints !== null) {
    findings.push(
      finding(
        'too-many-breakpoints',
        firstExtra,
        `The request has ${points.length} ${markerName(rules)}; ${rules.family} accepts at most ${rules.maxBreakpoints} ` +
          'and rejects the request. Remove the extra ones (keep those that end the longest static prefixes)',
      ),
    );
  }

  // Anthropic: "cache entries with longer TTL must appear before shorter TTLs".
  if (rules.provider === 'anthropic') {
    const firstShort = points.findIndex((p) => p.ttl === '5m');
    const late = points.findIndex((p, i) => i > firstShort && firstShort >= 0 && p.ttl === '1h');
    if (late >= 0) {
      findings.push(
        finding(
          'breakpoint-ttl-order',
          late,
          'A 1-hour (ttl "1h") breakpoint comes after a 5-minute one; Anthropic requires every 1-hour ' +
            'breakpoint before any 5-minute one and rejects the request. Move it earlier or make the earlier ones "1h"',
        ),
      );
    }
  }
  return findings;
}

/** A model that caches only at breakpoints, a static prefix over its minimum, and no breakpoint. */
function missingBreakpoint(rendered: RenderedPrompt, rules: CacheRules, context: BreakpointContext): BreakerFinding | undefined {
  const { staticPrefixTokens, template } = context;
  if (rules.mode !== 'breakpoints' || rendered.breakpoints.length > 0 || staticPrefixTokens < rules.minimumTokens) return undefined;
  const lastStatic = rendered.sourceOffsets[staticPrefixTokens - 1] ?? -1;
  const how = template
    ? 'the request your code sends must carry "cache_control": {"type": "ephemeral"} on the last block of the static part (a template has no place for it)'
    : 'add "cache_control": {"type": "ephemeral"} to the last block of the static part';
  return {
    rule: 'no-cache-breakpoint',
    severity: 'warning',
    message: `No ${markerName(rules).replace(/s$/, '')}: ${formatCount(staticPrefixTokens)} tokens could be cached with one; ${how}`,
    range: lastStatic >= 0 ? { start: lastStatic, end: lastStatic } : null,
    pieceSpan: null,
    tokenIndex: staticPrefixTokens,
    tokenIndexEstimated: rendered.estimate,
  };
}
