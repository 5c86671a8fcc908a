/**
 * What the editor draws for an analysis, as plain source ranges and labels (no `vscode` types),
 * so the same computation is unit-tested on Node and shown by the extension.
 */
import type { Analysis } from './analyze';
import { boundaryLabel, formatCount } from './labels';
import type { SourceRange } from './model';
import { tokenRangeToSource } from './tokenRanges';

export interface MarkerView {
  offset: number;
  label: string;
}

export interface EditorView {
  /** Tokens the provider caches (after minimum and rounding). */
  cacheable: SourceRange[];
  /** Static tokens the cache does not keep (below the minimum, or rounded off). */
  staticUncached: SourceRange[];
  /** From the first dynamic point on. */
  dynamic: SourceRange[];
  /** Where the cache stops: the first dynamic point, or the end of the prompt. */
  boundary: MarkerView | null;
  /** Where the provider minimum is reached (e.g. the 1,024th token). */
  minimum: MarkerView | null;
  /** One per explicit breakpoint (Anthropic cache_control). */
  breakpoints: MarkerView[];
}

export function editorView(a: Analysis, textLength: number): EditorView {
  const toSource = (from: number, to: number) => tokenRangeToSource(a.rendered, from, to, a.tokenLength, textLength);
  const boundaryOffset = a.firstDynamic
    ? Math.max(0, a.firstDynamic.offset)
    : lastSourceEnd(a, textLength);
  const tints = wholeTools(a, {
    cacheable: toSource(0, a.cacheableTokens),
    staticUncached: toSource(a.cacheableTokens, a.staticPrefixTokens),
    dynamic: toSource(a.staticPrefixTokens, a.promptTokens),
  });
  return {
    ...tints,
    boundary: boundaryOffset === null ? null : { offset: boundaryOffset, label: `◀ ${boundaryLabel(a)}` },
    minimum: a.minimumReachedAt
      ? { offset: a.minimumReachedAt.offset, label: `◀ ${formatCount(a.minimum)}th token: the ${a.provider === 'anthropic' ? 'model' : 'provider'} minimum` }
      : null,
    breakpoints: a.breakpoints.flatMap((b, i) =>
      b.position
        ? [
            {
              offset: b.position.offset,
              label: b.ok
                ? `◀ breakpoint ${i + 1} · ${formatCount(b.cachedTokens)} tokens cached (${b.ttl})`
                : `◀ breakpoint ${i + 1} · nothing cached: ${breakpointProblem(b.reason)}`,
            },
          ]
        : [],
    ),
  };
}

type Tints = Pick<EditorView, 'cacheable' | 'staticUncached' | 'dynamic'>;

/**
 * A tool definition is rendered as the model sees it (`// description`, `type name = (...)`), so
 * its tokens map back to scattered fragments of the JSON. A tool whose tokens all fall in one
 * part is tinted whole instead.
 */
function wholeTools(a: Analysis, tints: Tints): Tints {
  const tools = a.segments.filter((s) => s.kind === 'tool' && s.range);
  if (tools.length === 0) return tints;
  const whole: Array<{ range: SourceRange; part: keyof Tints }> = [];
  for (const tool of tools) {
    const end = tool.tokenStart + tool.tokens;
    const part: keyof Tints | undefined =
      end <= a.cacheableTokens
        ? 'cacheable'
        : tool.tokenStart >= a.cacheableTokens && end <= a.staticPrefixTokens
          ? 'staticUncached'
          : tool.tokenStart >= a.staticPrefixTokens
            ? 'dynamic'
            : undefined;
    if (part) whole.push({ range: tool.range!, part });
  }
  const inside = (r: SourceRange) => whole.some((w) => r.start >= w.range.start && r.end <= w.range.end);
  const out: Tints = {
    cacheable: tints.cacheable.filter((r) => !inside(r)),
    staticUncached: tints.staticUncached.filter((r) => !inside(r)),
    dynamic: tints.dynamic.filter((r) => !inside(r)),
  };
  for (const w of whole) out[w.part].push(w.range);
  for (const part of Object.keys(out) as Array<keyof Tints>) out[part].sort((x, y) => x.start - y.start);
  return out;
}

function breakpointProblem(reason: string | undefined): string {
  switch (reason) {
    case 'below-minimum':
      return 'below the minimum';
    case 'after-dynamic':
      return 'content before it changes per request';
    case 'beyond-lookback':
      return 'more than 20 blocks after the previous breakpoint';
    case 'too-many':
      return 'more than 4 breakpoints';
    default:
      return 'not cached';
  }
}

/** End of the last token that has a place in the file. */
function lastSourceEnd(a: Analysis, textLength: number): number | null {
  const offsets = a.rendered.sourceOffsets;
  for (let i = offsets.length - 1; i >= 0; i--) {
    if (offsets[i] >= 0) return Math.min(textLength, offsets[i] + a.tokenLength(i));
  }
  return null;
}
