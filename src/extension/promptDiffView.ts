import * as vscode from 'vscode';
import { formatCount } from '../core/labels';
import type { DifferingToken, PromptDiff, PromptDiffSide } from '../core/promptDiff';

/** Read-only documents holding a rendered prompt: `prompt-cache-lens-diff:/<label>?<comparison>-<side>`. */
export const PROMPT_DIFF_SCHEME = 'prompt-cache-lens-diff';

/** Comparisons whose documents stay available (a reopened diff tab finds its text). */
const KEPT_COMPARISONS = 10;

type SideName = 'first' | 'second';

interface ShownSide {
  uri: vscode.Uri;
  side: PromptDiffSide;
}

/** What the last comparison showed, for the integration tests (`promptCacheLens.internal.state`). */
export interface PromptDiffState {
  title: string;
  headline: string;
  sharedTokens: number;
  cachedTokens: number;
  /** What the break costs: cached tokens lost, and their price per 1,000 requests. */
  lostTokens: number;
  lostUsdPer1000: number | null;
  sides: Record<SideName, {
    uri: string;
    label: string;
    /** 0-based [line, character, line, character] of the first differing token in the document. */
    range: number[] | null;
    token: string | null;
    /** Where the difference is in the source (1-based), when it has a place there. */
    source: { line: number; column: number } | null;
    /** A visible editor shows this side with the first difference decorated. */
    decorated: boolean;
  }>;
}

function rangeOf(token: DifferingToken): vscode.Range {
  return new vscode.Range(token.start.line - 1, token.start.column - 1, token.end.line - 1, token.end.column - 1);
}

/** The last path segment of a label such as a file path, for the tab title. */
function shortName(label: string): string {
  return label.split(/[\\/]/).pop() || label;
}

/**
 * Shows two prompts side by side in VS Code's diff editor: each as the model reads it (rendered by
 * `core/promptDiff`), both headed by the same line saying what they share and what the break costs,
 * with the first differing token decorated on both sides.
 */
export class PromptDiffView implements vscode.Disposable {
  private readonly contents = new Map<string, { comparison: number; side: PromptDiffSide }>();
  private readonly decoration = vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('promptCacheLens.dynamicTailBackground'),
    border: '1px solid',
    borderColor: new vscode.ThemeColor('promptCacheLens.boundaryForeground'),
    overviewRulerColor: new vscode.ThemeColor('promptCacheLens.boundaryForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Full,
  });
  private readonly disposables: vscode.Disposable[] = [];
  private comparisons = 0;
  private last: { title: string; diff: PromptDiff; sides: Record<SideName, ShownSide> } | undefined;
  /** Document URIs decorated in a visible editor by the last update. */
  private decorated = new Set<string>();

  constructor() {
    this.disposables.push(
      this.decoration,
      vscode.workspace.registerTextDocumentContentProvider(PROMPT_DIFF_SCHEME, {
        provideTextDocumentContent: (uri) =>
          this.contents.get(uri.toString())?.side.text ?? 'This comparison is no longer kept: run "Explain the Cache Break Between Two Prompts" again.',
      }),
      vscode.window.onDidChangeVisibleTextEditors(() => this.decorateVisible()),
    );
  }

  /** Opens the diff editor on the two rendered prompts and decorates where they part. */
  async show(diff: PromptDiff): Promise<PromptDiffState> {
    const n = ++this.comparisons;
    const uriOf = (side: PromptDiffSide, name: SideName) =>
      vscode.Uri.from({ scheme: PROMPT_DIFF_SCHEME, path: `/${shortName(side.label)}`, query: `${n}-${name}` });
    const sides: Record<SideName, ShownSide> = {
      first: { uri: uriOf(diff.first, 'first'), side: diff.first },
      second: { uri: uriOf(diff.second, 'second'), side: diff.second },
    };
    for (const { uri, side } of Object.values(sides)) this.contents.set(uri.toString(), { comparison: n, side });
    this.forgetOld(n);
    const shared = diff.explanation.identical ? 'identical' : `shared ${formatCount(diff.explanation.sharedTokens)} tokens`;
    const title = `${shortName(diff.first.label)} ↔ ${shortName(diff.second.label)} (${shared})`;
    this.last = { title, diff, sides };
    const at = diff.second.firstDifference ?? diff.first.firstDifference;
    // Plain text: named after a `.json` file, a side would be read as JSON, its headline and
    // framing markers underlined as errors and the tab title red with their count.
    for (const { uri } of Object.values(sides)) {
      const doc = await vscode.workspace.openTextDocument(uri);
      if (doc.languageId !== 'plaintext') await vscode.languages.setTextDocumentLanguage(doc, 'plaintext');
    }
    await vscode.commands.executeCommand('vscode.diff', sides.first.uri, sides.second.uri, title, {
      preview: false,
      ...(at ? { selection: new vscode.Range(rangeOf(at).start, rangeOf(at).start) } : {}),
    });
    this.decorateVisible();
    return this.state()!;
  }

  /** The last comparison shown, as the integration tests read it. */
  state(): PromptDiffState | undefined {
    if (!this.last) return undefined;
    const { title, diff, sides } = this.last;
    const describe = ({ uri, side }: ShownSide) => {
      const token = side.firstDifference;
      const r = token ? rangeOf(token) : null;
      return {
        uri: uri.toString(),
        label: side.label,
        range: r ? [r.start.line, r.start.character, r.end.line, r.end.character] : null,
        token: token?.token ?? null,
        source: side.source ? { line: side.source.line, column: side.source.column } : null,
        decorated: this.decorated.has(uri.toString()),
      };
    };
    return {
      title,
      headline: diff.headline,
      sharedTokens: diff.explanation.sharedTokens,
      cachedTokens: diff.explanation.cachedTokens,
      lostTokens: diff.lostTokens,
      lostUsdPer1000: diff.lostUsdPer1000,
      sides: { first: describe(sides.first), second: describe(sides.second) },
    };
  }

  /** Every visible editor on a kept comparison gets its first difference marked (an empty array clears). */
  private decorateVisible(): void {
    const decorated = new Set<string>();
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document.uri.scheme !== PROMPT_DIFF_SCHEME) continue;
      const key = editor.document.uri.toString();
      const token = this.contents.get(key)?.side.firstDifference;
      if (!token) {
        editor.setDecorations(this.decoration, []);
        continue;
      }
      editor.setDecorations(this.decoration, [
        {
          range: rangeOf(token),
          hoverMessage: `The cache stops here: token ${formatCount(token.tokenIndex + 1)}${token.section ? ` (${token.section})` : ''} is the first that differs.`,
        },
      ]);
      decorated.add(key);
    }
    this.decorated = decorated;
  }

  private forgetOld(newest: number): void {
    for (const [key, { comparison }] of this.contents) {
      if (comparison <= newest - KEPT_COMPARISONS) this.contents.delete(key);
    }
  }

  dispose(): void {
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
    this.contents.clear();
  }
}
