/**
 * Breakpoint layouts the provider refuses outright: more `cache_control` markers than it accepts,
 * and (Anthropic) a 1-hour entry after a 5-minute one. Either makes the API answer 400, so they
 * are errors, not advice.
 */
import type { RenderedPrompt } from '../tokens/rendered';
import type { BreakerFinding } from './breakers';
import type { BreakpointAnalysis } from './prefix';
import type { CacheRules } from './rules';

/** How the request names a breakpoint, for the message. */
function markerName(rules: CacheRules): string {
  return rules.provider === 'anthropic' ? 'cache_control breakpoints' : 'cache breakpoints';
}

export function breakpointFindings(
  rendered: RenderedPrompt,
  analysed: readonly BreakpointAnalysis[],
  rules: CacheRules,
): BreakerFinding[] {
  const findings: BreakerFinding[] = [];
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
