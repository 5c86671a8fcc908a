import * as vscode from 'vscode';
import { boundariesByPlace, editorView, INLINE_COUNT_COLUMNS, placeBoundaryLabel, type EditorView, type MarkerView } from '../core/editorView';
import type { SourceRange } from '../core/model';
import type { Analysis } from '../core/analyze';
import { analysesOf, type AnalysisService, type DocumentState, type ShownAnalysis } from './analysisService';
import type { LensConfig } from './config';
import { sectionStarts } from './inlineCounts';

type DecorationKind =
  | 'cacheable'
  | 'staticUncached'
  | 'dynamic'
  | 'boundary'
  | 'boundaryLabel'
  | 'boundaryInlineLabel'
  | 'minimum'
  | 'breakpoint';

const color = (id: string) => new vscode.ThemeColor(`promptCacheLens.${id}`);

/** Every decoration type, created once per style and reused for every editor. */
function createTypes(extensionUri: vscode.Uri, style: LensConfig['decorationStyle'], stale: boolean): Record<DecorationKind, vscode.TextEditorDecorationType> {
  const tint = style === 'full';
  const opacity = stale ? '0.55' : undefined;
  const label = (foreground: string): vscode.DecorationRenderOptions => ({
    after: { color: color(foreground), margin: '0 0 0 2em', fontStyle: 'italic' },
    opacity,
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  return {
    cacheable: vscode.window.createTextEditorDecorationType({
      backgroundColor: tint ? color('cacheablePrefixBackground') : undefined,
      opacity,
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    }),
    staticUncached: vscode.window.createTextEditorDecorationType({
      backgroundColor: tint ? color('staticPrefixBackground') : undefined,
      opacity,
    }),
    dynamic: vscode.window.createTextEditorDecorationType({
      backgroundColor: tint ? color('dynamicTailBackground') : undefined,
      opacity,
    }),
    boundary: vscode.window.createTextEditorDecorationType({
      borderStyle: 'none none none solid',
      borderWidth: '0 0 0 2px',
      borderColor: color('boundaryForeground'),
      gutterIconPath: vscode.Uri.joinPath(extensionUri, 'media', 'boundary.svg'),
      gutterIconSize: 'contain',
      overviewRulerColor: color('boundaryForeground'),
      overviewRulerLane: vscode.OverviewRulerLane.Full,
    }),
    boundaryLabel: vscode.window.createTextEditorDecorationType(label('boundaryForeground')),
    boundaryInlineLabel: vscode.window.createTextEditorDecorationType({
      before: { color: color('boundaryForeground'), margin: '0 0.5em 0 0.5em', fontStyle: 'italic', border: '1px solid', borderColor: color('boundaryForeground') },
      opacity,
    }),
    minimum: vscode.window.createTextEditorDecorationType({
      ...label('minimumMarkerForeground'),
      overviewRulerColor: color('minimumMarkerForeground'),
      overviewRulerLane: vscode.OverviewRulerLane.Right,
    }),
    breakpoint: vscode.window.createTextEditorDecorationType({
      ...label('minimumMarkerForeground'),
      overviewRulerColor: color('minimumMarkerForeground'),
      overviewRulerLane: vscode.OverviewRulerLane.Left,
    }),
  };
}

/** What was drawn in one editor, kept for tests and hovers. */
export interface DrawnDecorations {
  uri: string;
  viewColumn: vscode.ViewColumn | undefined;
  stale: boolean;
  ranges: Record<DecorationKind, vscode.Range[]>;
  /** `boundary` and `minimum` are the first; source code has one boundary per LLM call. */
  labels: { boundary?: string; boundaries: string[]; minimum?: string; breakpoints: string[] };
}

/** The text of each label drawn, in the order of its ranges. */
type LabelTexts = Record<'boundaryLabel' | 'boundaryInlineLabel' | 'minimum' | 'breakpoint', string[]>;

/**
 * Draws the cacheable prefix, the dynamic tail and the boundary in every visible prompt editor.
 * Every update sets every decoration type (an empty list clears it).
 */
export class CacheDecorations implements vscode.Disposable {
  private fresh: Record<DecorationKind, vscode.TextEditorDecorationType>;
  private stale: Record<DecorationKind, vscode.TextEditorDecorationType>;
  private readonly drawn = new Map<vscode.TextEditor, DrawnDecorations>();
  /** Editor views computed once per analysis and document version, shared by split editors. */
  private readonly views = new WeakMap<Analysis, { version: number; view: EditorView }>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly service: AnalysisService,
    private readonly getConfig: () => LensConfig,
  ) {
    const style = getConfig().decorationStyle;
    this.fresh = createTypes(extensionUri, style, false);
    this.stale = createTypes(extensionUri, style, true);
  }

  /** Rebuilds the types when the style setting changes, then redraws. */
  restyle(): void {
    this.disposeTypes();
    const style = this.getConfig().decorationStyle;
    this.fresh = createTypes(this.extensionUri, style, false);
    this.stale = createTypes(this.extensionUri, style, true);
    this.drawn.clear();
    this.refreshAll();
  }

  refreshAll(): void {
    for (const editor of vscode.window.visibleTextEditors) this.refresh(editor);
    for (const editor of [...this.drawn.keys()]) {
      if (!vscode.window.visibleTextEditors.includes(editor)) this.drawn.delete(editor);
    }
  }

  refreshDocument(uri: vscode.Uri): void {
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document.uri.toString() === uri.toString()) this.refresh(editor);
    }
  }

  drawnFor(editor: vscode.TextEditor): DrawnDecorations | undefined {
    return this.drawn.get(editor);
  }

  get editorCount(): number {
    return this.drawn.size;
  }

  private refresh(editor: vscode.TextEditor): void {
    const state = this.service.get(editor.document.uri);
    const enabled = this.getConfig().decorationsEnabled;
    const ranges = emptyRanges();
    const texts: LabelTexts = { boundaryLabel: [], boundaryInlineLabel: [], minimum: [], breakpoint: [] };
    const labels: DrawnDecorations['labels'] = { boundaries: [], breakpoints: [] };
    const stale = Boolean(state?.stale);
    if (enabled && state && !state.rejected) {
      // A prompt file has one request; source code one per LLM call, each drawn inside its literals.
      const shown = analysesOf(state);
      const boundaries: MarkerView[] = [];
      const minimums: MarkerView[] = [];
      for (const one of shown) {
        const view = this.viewFor(state, one, editor.document);
        this.draw(editor.document, view, ranges, texts, labels, minimums);
        if (!view.boundary) continue;
        const label = stale ? `${view.boundary.label} (outdated: the file does not parse)` : view.boundary.label;
        boundaries.push({ offset: view.boundary.offset, label });
        labels.boundaries.push(label);
      }
      const counts = this.getConfig().inlineCounts;
      const countedLine = (line: number) => counts && hasCount(editor.document, shown, line);
      for (const b of boundariesByPlace(boundaries)) this.drawBoundary(editor.document, b, countedLine, ranges, texts);
      // After the boundaries: a minimum label moves to a line next to its own only where no other label is.
      // The lines that carry a label, gathered once (a file of thousands of calls has as many markers).
      const labelled = new Set([...ranges.boundaryLabel, ...ranges.boundaryInlineLabel, ...ranges.breakpoint].map((r) => r.start.line));
      for (const m of minimums) this.drawMinimum(editor.document, m, countedLine, labelled, ranges, texts);
    }
    labels.boundary = labels.boundaries[0];
    labels.minimum = texts.minimum[0];
    const active = stale ? this.stale : this.fresh;
    const inactive = stale ? this.fresh : this.stale;
    for (const kind of Object.keys(active) as DecorationKind[]) {
      editor.setDecorations(inactive[kind], []);
      editor.setDecorations(active[kind], this.options(kind, ranges[kind], texts));
    }
    if (state) {
      this.drawn.set(editor, { uri: editor.document.uri.toString(), viewColumn: editor.viewColumn, stale, ranges, labels });
    } else {
      this.drawn.delete(editor);
    }
  }

  /** Adds one request's tints and markers to what the editor draws. */
  private draw(
    doc: vscode.TextDocument,
    view: EditorView,
    ranges: Record<DecorationKind, vscode.Range[]>,
    texts: LabelTexts,
    labels: DrawnDecorations['labels'],
    minimums: MarkerView[],
  ): void {
    const toRange = (r: SourceRange) => new vscode.Range(doc.positionAt(r.start), doc.positionAt(r.end));
    const lineEnd = (offset: number) => doc.lineAt(doc.positionAt(offset).line).range.end;
    ranges.cacheable.push(...view.cacheable.map(toRange));
    ranges.staticUncached.push(...view.staticUncached.map(toRange));
    ranges.dynamic.push(...view.dynamic.map(toRange));
    if (view.minimum) minimums.push(view.minimum);
    for (const b of view.breakpoints) {
      const end = lineEnd(b.offset);
      ranges.breakpoint.push(new vscode.Range(end, end));
      texts.breakpoint.push(b.label);
      labels.breakpoints.push(b.label);
    }
  }

  /** The boundary and its label, placed by placeBoundaryLabel around the inline counts drawn there. */
  private drawBoundary(doc: vscode.TextDocument, boundary: MarkerView, countedLine: (line: number) => boolean, ranges: Record<DecorationKind, vscode.Range[]>, texts: LabelTexts): void {
    const at = doc.positionAt(boundary.offset);
    ranges.boundary.push(new vscode.Range(at, at));
    const boundaryLine = doc.lineAt(at.line);
    const previousLine = at.line > 0 ? doc.lineAt(at.line - 1) : undefined;
    const nextLine = at.line + 1 < doc.lineCount ? doc.lineAt(at.line + 1) : undefined;
    const countColumns = (line: number) => (countedLine(line) ? INLINE_COUNT_COLUMNS : 0);
    const place = placeBoundaryLabel(boundary.label, boundaryLine.text, {
      countColumns: countColumns(at.line),
      previousLine: previousLine?.text,
      previousCountColumns: countColumns(at.line - 1),
      nextLine: nextLine?.text,
      nextCountColumns: countColumns(at.line + 1),
    });
    if (place.at === 'lineStart') {
      // Drawn where the line starts: the boundary itself may be past the edge of the editor.
      const start = boundaryLine.range.start.translate(0, boundaryLine.firstNonWhitespaceCharacterIndex);
      ranges.boundaryInlineLabel.push(new vscode.Range(start, start));
      texts.boundaryInlineLabel.push(place.text);
      return;
    }
    const end =
      place.at === 'previousLineEnd' && previousLine
        ? previousLine.range.end
        : place.at === 'nextLineEnd' && nextLine
          ? nextLine.range.end
          : boundaryLine.range.end;
    ranges.boundaryLabel.push(new vscode.Range(end, end));
    texts.boundaryLabel.push(place.text);
  }

  /**
   * The provider-minimum marker, placed by the boundary label's rule (after its line if it fits in
   * view, else after the line above or below, pointing at it) but never before a line's text, and
   * never on a line that already carries a label.
   */
  private drawMinimum(
    doc: vscode.TextDocument,
    minimum: MarkerView,
    countedLine: (line: number) => boolean,
    labelled: Set<number>,
    ranges: Record<DecorationKind, vscode.Range[]>,
    texts: LabelTexts,
  ): void {
    const line = doc.positionAt(minimum.offset).line;
    const free = (other: number) => other >= 0 && other < doc.lineCount && !labelled.has(other);
    const countColumns = (other: number) => (countedLine(other) ? INLINE_COUNT_COLUMNS : 0);
    const place = placeBoundaryLabel(minimum.label, doc.lineAt(line).text, {
      countColumns: countColumns(line),
      previousLine: free(line - 1) ? doc.lineAt(line - 1).text : undefined,
      previousCountColumns: countColumns(line - 1),
      nextLine: free(line + 1) ? doc.lineAt(line + 1).text : undefined,
      nextCountColumns: countColumns(line + 1),
    });
    const at = place.at === 'previousLineEnd' ? line - 1 : place.at === 'nextLineEnd' ? line + 1 : line;
    const end = doc.lineAt(at).range.end;
    labelled.add(at);
    ranges.minimum.push(new vscode.Range(end, end));
    texts.minimum.push(place.at === 'lineStart' ? minimum.label : place.text);
  }

  private options(kind: DecorationKind, ranges: vscode.Range[], texts: LabelTexts): vscode.DecorationOptions[] {
    const after = (contentText: string | undefined) => ({ after: { contentText } });
    switch (kind) {
      case 'boundaryLabel':
      case 'minimum':
      case 'breakpoint':
        return ranges.map((range, i) => ({ range, renderOptions: after(texts[kind][i]) }));
      case 'boundaryInlineLabel':
        return ranges.map((range, i) => ({ range, renderOptions: { before: { contentText: texts.boundaryInlineLabel[i] } } }));
      default:
        return ranges.map((range) => ({ range }));
    }
  }

  private viewFor(state: DocumentState, shown: ShownAnalysis, doc: vscode.TextDocument): EditorView {
    // Computed by the analysis worker with the analysis: a 20 MB file's view takes ~80 ms to build.
    if (shown.view) return shown.view;
    const cached = this.views.get(shown.analysis);
    if (cached && cached.version === state.version && !state.stale) return cached.view;
    const view = editorView(shown.analysis, doc.getText().length);
    this.views.set(shown.analysis, { version: state.version, view });
    return view;
  }

  private disposeTypes(): void {
    for (const t of [...Object.values(this.fresh), ...Object.values(this.stale)]) t.dispose();
  }

  dispose(): void {
    this.disposeTypes();
    this.drawn.clear();
  }
}

/** Whether a line ends with an inline count: the first line of a message, tool or section has one. */
function hasCount(doc: vscode.TextDocument, shown: ShownAnalysis[], line: number): boolean {
  // The line above the first or below the last (a one-line file without a final newline) has none.
  if (line < 0 || line >= doc.lineCount) return false;
  const { start, end } = doc.lineAt(line).range;
  const from = doc.offsetAt(start);
  const to = doc.offsetAt(end);
  return shown.some((one) => sectionStarts(doc, one).some((s) => s.start >= from && s.start <= to));
}

function emptyRanges(): Record<DecorationKind, vscode.Range[]> {
  return {
    cacheable: [],
    staticUncached: [],
    dynamic: [],
    boundary: [],
    boundaryLabel: [],
    boundaryInlineLabel: [],
    minimum: [],
    breakpoint: [],
  };
}
