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
      ? { offset: a.minimumReachedAt.offset, label: `◀ ${formatCount(a.minimum)}th token · the ${a.provider === 'anthropic' ? 'model' : 'provider'} minimum` }
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

/**
 * Columns of text in view beside the Explorer and the minimap in a 1,440-pixel-wide window at the
 * default font (about 105): a label drawn past this is cut off or hidden behind the minimap.
 */
export const VISIBLE_COLUMNS = 100;
/** The label's left margin (2em), in columns. */
const LABEL_MARGIN = 3;
/** Room for a message's inline count (`1,358 tok · Σ 1,358`), drawn first at the end of its line. */
export const INLINE_COUNT_COLUMNS = 22;

export interface BoundaryLabelPlace {
  /**
   * After the boundary's line, after the line above it (pointing down at it), after the line below
   * it (pointing up at it), or before the boundary line's text.
   */
  at: 'lineEnd' | 'previousLineEnd' | 'nextLineEnd' | 'lineStart';
  text: string;
}

export interface LabelLines {
  /** Columns taken at the end of the boundary's line by an inline count (0 when it has none). */
  countColumns?: number;
  /** The line above the boundary's; absent on a file's first line. */
  previousLine?: string;
  /** Columns taken at the end of the line above by an inline count (one is assumed when not told). */
  previousCountColumns?: number;
  /** The line below the boundary's; absent on a file's last line. */
  nextLine?: string;
  /** Columns taken at the end of the line below by an inline count (one is assumed when not told). */
  nextCountColumns?: number;
}

/**
 * Where the boundary label is wholly in view, by one rule for prompt files and source code: after
 * its line when all of it fits there; else after the line above, pointing down, or the line below,
 * pointing up; else cut to its first ` · ` parts (never fewer than carry a count; the rest is in
 * the hover and Problems), after its line, the line above or the line below; else at the start of
 * its text (after its indentation, cut to fit there), where there is room but the line's own text
 * is pushed to the right, out of view. A first line has nothing above it and its start is
 * where the file starts: a label that does not fit stays after the line's end (the hover, status
 * bar and Problems carry it) instead of standing before the whole file, unless the file is that one
 * line (a minified request), where its start is the only place the label is seen.
 */
export function placeBoundaryLabel(label: string, line: string, options: LabelLines = {}): BoundaryLabelPlace {
  const here = fitLabel(label, columns(line) + (options.countColumns ?? 0));
  if (here === label) return { at: 'lineEnd', text: label };
  const down = pointingDown(label);
  const above =
    options.previousLine === undefined
      ? undefined
      : fitLabel(down, columns(options.previousLine) + (options.previousCountColumns ?? INLINE_COUNT_COLUMNS));
  if (above === down) return { at: 'previousLineEnd', text: down };
  const up = pointingUp(label);
  const below =
    options.nextLine === undefined ? undefined : fitLabel(up, columns(options.nextLine) + (options.nextCountColumns ?? INLINE_COUNT_COLUMNS));
  if (below === up) return { at: 'nextLineEnd', text: up };
  if (here) return { at: 'lineEnd', text: here };
  if (above) return { at: 'previousLineEnd', text: above };
  if (below) return { at: 'nextLineEnd', text: below };
  // A file's first line, with more lines below: the label stays after it rather than before the
  // whole file. A file of one line has no other place where the label is seen.
  if (options.previousLine === undefined && options.nextLine !== undefined) return { at: 'lineEnd', text: label };
  // Drawn after the line's indentation, so cut to what fits from there.
  const indentation = columns(line.slice(0, line.length - line.trimStart().length));
  return { at: 'lineStart', text: fitLabel(label, indentation) ?? label };
}

/** The label drawn on the line above the boundary: its arrow points down instead of left. */
const pointingDown = (label: string) => label.replace(/^◀/, '▼');

/** The label drawn on the line below the boundary: its arrow points up. */
const pointingUp = (label: string) => label.replace(/^◀/, '▲');

/**
 * The label whole, or its first ` · ` parts, that fit after `used` columns; undefined if none does.
 * A cut keeps at least the first part with a figure: `cache boundary` alone says nothing; that part
 * may lose its closing parenthesis (`1,152 cacheable tokens (1,024 + 1×128)` → `1,152 cacheable tokens`).
 */
function fitLabel(label: string, used: number): string | undefined {
  const room = VISIBLE_COLUMNS - used - LABEL_MARGIN;
  const parts = label.split(' · ');
  const fewest = Math.max(1, parts.findIndex((p) => /\d/.test(p)) + 1);
  for (let n = parts.length; n >= fewest; n--) {
    const text = parts.slice(0, n).join(' · ');
    if (text.length <= room) return text;
  }
  const bare = parts[fewest - 1].replace(/\s*\([^()]*\)$/, '');
  if (bare === parts[fewest - 1] || !/\d/.test(bare)) return undefined;
  const text = [...parts.slice(0, fewest - 1), bare].join(' · ');
  return text.length <= room ? text : undefined;
}

/**
 * One label per boundary position: calls of a source file that share a prompt stop at the same
 * place, and their labels would otherwise be drawn one after the other. Where their figures
 * differ, the first call's label says how many others stop there too (each call's own figures are
 * in the status bar when the cursor is in it, and in Problems).
 */
export function boundariesByPlace(boundaries: MarkerView[]): MarkerView[] {
  const byOffset = new Map<number, MarkerView[]>();
  for (const b of boundaries) byOffset.set(b.offset, [...(byOffset.get(b.offset) ?? []), b]);
  return [...byOffset].map(([offset, [first, ...others]]) => {
    if (others.every((o) => o.label === first.label)) return first;
    const more = others.length === 1 ? '1 other call stops here' : `${others.length} other calls stop here`;
    return { offset, label: `${first.label} · ${more}` };
  });
}

/** Columns a line takes, a tab counted as 4. */
/**
 * Whether a line's inline count goes where its text starts rather than after it: after a line too
 * long to fit in view (a one-line request, a long message), the count would be past the edge of
 * the editor, or under the minimap.
 */
export function countAtLineStart(line: string): boolean {
  return columns(line) + INLINE_COUNT_COLUMNS > VISIBLE_COLUMNS;
}

function columns(line: string): number {
  return line.replace(/\t/g, '    ').length;
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
  // Whether a tool tinted whole holds `r`: among the tools starting at or before it, the furthest
  // end reached, by binary search (a search of every tool for each range was quadratic: 100,000
  // tools took 20 s).
  const byStart = whole.map((w) => w.range).sort((x, y) => x.start - y.start);
  let furthest = -Infinity;
  const reach = byStart.map((range) => (furthest = Math.max(furthest, range.end)));
  const inside = (r: SourceRange) => {
    let low = 0;
    let high = byStart.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (byStart[middle].start <= r.start) low = middle + 1;
      else high = middle;
    }
    return low > 0 && reach[low - 1] >= r.end;
  };
  const out: Tints = {
    cacheable: tints.cacheable.filter((r) => !inside(r)),
    staticUncached: tints.staticUncached.filter((r) => !inside(r)),
    dynamic: tints.dynamic.filter((r) => !inside(r)),
  };
  // A tool inside another one tinted whole (a namespace tool's own tools) is tinted with it, once.
  const outermost = [...whole].sort((x, y) => x.range.start - y.range.start || y.range.end - x.range.end);
  let covering: SourceRange | undefined;
  for (const w of outermost) {
    const inner = covering !== undefined && w.range.end <= covering.end && (w.range.start > covering.start || w.range.end < covering.end);
    if (inner) continue;
    if (covering === undefined || w.range.end > covering.end) covering = w.range;
    out[w.part].push(w.range);
  }
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
    case 'over-context-window':
      return 'the prompt is longer than the model accepts';
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
