import * as vscode from 'vscode';
import { editorView, INLINE_COUNT_COLUMNS, placeBoundaryLabel, type EditorView } from '../core/editorView';
import type { SourceRange } from '../core/model';
import type { Analysis } from '../core/analyze';
import { analysesOf, type AnalysisService, type DocumentState, type ShownAnalysis } from './analysisService';
import type { LensConfig } from './config';

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

/** What decides where a boundary label goes (see placeBoundaryLabel). */
interface LabelPlacement {
  stale: boolean;
  /** Columns taken at the end of a message's line by its count (source code). */
  countColumns: number;
  /** Source code: where the LLM call starts. */
  callOffset?: number;
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
      for (const shown of analysesOf(state)) {
        const countColumns = state.kind === 'source' ? INLINE_COUNT_COLUMNS : 0;
        const placement = { stale, countColumns, callOffset: shown.call?.offset };
        this.draw(editor.document, this.viewFor(state, shown, editor.document), placement, ranges, texts, labels);
      }
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

  /** Adds one request's tints, boundary and markers to what the editor draws. */
  private draw(doc: vscode.TextDocument, view: EditorView, { stale, countColumns, callOffset }: LabelPlacement, ranges: Record<DecorationKind, vscode.Range[]>, texts: LabelTexts, labels: DrawnDecorations['labels']): void {
    const toRange = (r: SourceRange) => new vscode.Range(doc.positionAt(r.start), doc.positionAt(r.end));
    const lineEnd = (offset: number) => doc.lineAt(doc.positionAt(offset).line).range.end;
    ranges.cacheable.push(...view.cacheable.map(toRange));
    ranges.staticUncached.push(...view.staticUncached.map(toRange));
    ranges.dynamic.push(...view.dynamic.map(toRange));
    if (view.boundary) {
      const at = doc.positionAt(view.boundary.offset);
      ranges.boundary.push(new vscode.Range(at, at));
      const label = stale ? `${view.boundary.label} (outdated: the file does not parse)` : view.boundary.label;
      const boundaryLine = doc.lineAt(at.line);
      const found = callOffset === undefined ? undefined : doc.lineAt(doc.positionAt(callOffset).line);
      const callLine = found && found.lineNumber !== at.line ? found : undefined;
      const previousLine = at.line > 0 && at.line - 1 !== callLine?.lineNumber ? doc.lineAt(at.line - 1) : undefined;
      const place = placeBoundaryLabel(label, boundaryLine.text, { callLine: callLine?.text, countColumns, previousLine: previousLine?.text });
      if (place.at === 'lineStart') {
        // Drawn where the line starts: the boundary itself may be past the edge of the editor.
        const start = boundaryLine.range.start.translate(0, boundaryLine.firstNonWhitespaceCharacterIndex);
        ranges.boundaryInlineLabel.push(new vscode.Range(start, start));
        texts.boundaryInlineLabel.push(place.text);
      } else {
        let end = boundaryLine.range.end;
        if (place.at === 'callLineEnd' && callLine) end = callLine.range.end;
        else if (place.at === 'previousLineEnd' && previousLine) end = previousLine.range.end;
        ranges.boundaryLabel.push(new vscode.Range(end, end));
        texts.boundaryLabel.push(place.text);
      }
      labels.boundaries.push(label);
    }
    if (view.minimum) {
      const end = lineEnd(view.minimum.offset);
      ranges.minimum.push(new vscode.Range(end, end));
      texts.minimum.push(view.minimum.label);
    }
    for (const b of view.breakpoints) {
      const end = lineEnd(b.offset);
      ranges.breakpoint.push(new vscode.Range(end, end));
      texts.breakpoint.push(b.label);
      labels.breakpoints.push(b.label);
    }
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
