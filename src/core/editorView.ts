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
  return {
    cacheable: toSource(0, a.cacheableTokens),
    staticUncached: toSource(a.cacheableTokens, a.staticPrefixTokens),
    dynamic: toSource(a.staticPrefixTokens, a.promptTokens),
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
