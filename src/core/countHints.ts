/** The inline token counts (`312 tok · Σ 1,024`): which line gets which, apart from the editor. */
import type { SegmentSummary } from './analyze';
import { formatCount } from './labels';

/** A section of one request and the (0-based) line where its count goes. */
export interface SectionLine {
  segment: SegmentSummary;
  line: number;
}

/** One inline count: at the end of `line`. */
export interface CountHint {
  line: number;
  label: string;
  tooltip: string;
}

/** The counts of one request, one a line: a tool wins over the tools block that starts on its line. */
export function requestCountHints(segments: readonly SegmentSummary[], sections: readonly SectionLine[]): CountHint[] {
  const hasTools = segments.some((s) => s.kind === 'tool');
  // Every tool shows its own tokens, so the running total only grows.
  const byLine = new Map<number, { shown: SegmentSummary; block?: SegmentSummary }>();
  for (const { segment: s, line } of sections) {
    const there = byLine.get(line);
    if (!there) byLine.set(line, s.kind === 'tools' ? { shown: s, block: s } : { shown: s });
    else if (there.shown.kind === 'tools' && s.kind === 'tool') byLine.set(line, { shown: s, block: there.shown });
  }
  return [...byLine].map(([line, { shown: s, block }]) => {
    // The tools block's total would run ahead of its first tool's: it is given without Σ.
    // A response schema inside the system message is counted there: no running total of its own.
    const inside = s.within !== undefined && s.kind !== 'tool';
    const label =
      s.kind === 'tools' && hasTools
        ? `${formatCount(s.tokens)} tok in tools`
        : inside
          ? `${formatCount(s.tokens)} tok in ${s.within}`
          : `${formatCount(s.tokens)} tok · Σ ${formatCount(s.runningTotal)}`;
    const blockNote = block && block !== s ? `; ${block.label} together: ${formatCount(block.tokens)} tokens` : '';
    const tooltip = inside
      ? `${s.label}: ${formatCount(s.tokens)} tokens, part of the ${s.within}`
      : `${s.label}: ${formatCount(s.tokens)} tokens; ${formatCount(s.runningTotal)} tokens up to its end${blockNote}`;
    return { line, label, tooltip };
  });
}

/** How many calls a shared line's tooltip lists. */
const CALLS_LISTED = 20;

/**
 * The counts of a file's LLM calls, one a line: a line several calls send (a shared constant such
 * as `BASE = [...]`) shows the first call's count, says how many calls send it, and the tooltip
 * gives each call's.
 */
export function callCountHints(calls: ReadonlyArray<{ callLine?: number; hints: readonly CountHint[] }>): CountHint[] {
  const byLine = new Map<number, Array<{ callLine?: number; hint: CountHint }>>();
  for (const { callLine, hints } of calls) {
    for (const hint of hints) {
      const there = byLine.get(hint.line);
      if (there) there.push({ callLine, hint });
      else byLine.set(hint.line, [{ callLine, hint }]);
    }
  }
  return [...byLine].map(([line, shared]) => {
    if (shared.length === 1) return shared[0].hint;
    // A constant thousands of calls send would make a tooltip of thousands of lines, rebuilt on every update.
    const each = shared
      .slice(0, CALLS_LISTED)
      .map(({ callLine, hint }) => `- ${callLine === undefined ? 'a call' : `the call at line ${callLine}`}: ${hint.label} (${hint.tooltip})`);
    const more = shared.length > CALLS_LISTED ? [`- … and ${formatCount(shared.length - CALLS_LISTED)} more`] : [];
    return {
      line,
      label: `${shared[0].hint.label} · in ${formatCount(shared.length)} calls`,
      tooltip: [`Sent by ${formatCount(shared.length)} LLM calls; the count is the first one's.`, ...each, ...more].join('\n'),
    };
  });
}
