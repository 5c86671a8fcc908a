/**
 * The spans of a prompt that production fills differently on every request without any input
 * from the caller: values the code computes per request (`datetime.now()`) and literal timestamps,
 * dates and ids found in the text. A test that sends them unchanged measures a cache production
 * never sees; these helpers name them for people and tell what the prompt caches if they stay put.
 */
import type { DynamicSpan, PromptRequest, TextPiece } from '../model';
import { analyzeCache } from './prefix';
import { piecesInCacheOrder } from './prompt-pieces';
import type { CacheRules } from './rules';
import type { RenderedPrompt } from '../tokens/rendered';

export type PerRequestKind = 'literal' | 'per-request-value';

export interface PerRequestSpan {
  /** The span as written in the prompt, shortened: how people recognise it. */
  label: string;
  kind: PerRequestKind;
  /** Where it is: `system`, `user #2`, `instructions`. */
  where: string;
}

const LABEL_CHARS = 60;

export function isPerRequestSpan(span: DynamicSpan): span is DynamicSpan & { kind: PerRequestKind } {
  return span.kind === 'literal' || span.kind === 'per-request-value';
}

/** The text of a span as people see it: one line, at most 60 characters. */
export function perRequestLabel(written: string): string {
  const line = written.replace(/\s+/g, ' ').trim();
  return line.length > LABEL_CHARS ? `${line.slice(0, LABEL_CHARS - 1)}…` : line;
}

/**
 * The per-request spans of a piece that a run varies. A literal that holds a computed value
 * (a labelled line `Now: {datetime.now()}`) gives way to it: the computed value is what changes.
 */
export function spansToVary(piece: TextPiece): DynamicSpan[] {
  const computed = piece.dynamic.filter((s) => s.kind === 'per-request-value');
  return piece.dynamic.filter(
    (s) => s.kind === 'per-request-value' || (s.kind === 'literal' && !computed.some((c) => c.start < s.end && s.start < c.end)),
  );
}

/**
 * Every per-request span of the text a run sends (tool definitions, instructions, system,
 * messages), once per label, in the order the cache reads them. The response schema is left out:
 * a run sends it as parsed.
 */
export function perRequestSpansOf(request: PromptRequest): PerRequestSpan[] {
  const out: PerRequestSpan[] = [];
  const seen = new Set<string>();
  for (const located of piecesInCacheOrder(request)) {
    if (located.section === 'schema') continue;
    for (const span of spansToVary(located.piece)) {
      if (!isPerRequestSpan(span)) continue;
      const label = perRequestLabel(located.piece.text.slice(span.start, span.end));
      if (seen.has(label)) continue;
      seen.add(label);
      out.push({ label, kind: span.kind, where: located.label });
    }
  }
  return out;
}

/**
 * Tokens a repeat of the very same request reads from the cache when its per-request spans are
 * sent as written: the best case a test measures with them fixed. Other dynamic spans (template
 * variables) still end the prefix.
 */
export function cacheableWithValuesFixed(rendered: RenderedPrompt, rules: CacheRules): number {
  const dynamicPoints = rendered.dynamicPoints.filter((point) => point.kind !== 'literal' && point.kind !== 'per-request-value');
  return analyzeCache({ ...rendered, dynamicPoints }, rules).cacheableTokens;
}
