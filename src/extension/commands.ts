import * as vscode from 'vscode';
import { PRICE_TABLE } from '../core/cache/pricing';
import { formatCount, formatPricePerMillion } from '../core/labels';
import type { ProviderFigure } from '../core/providerFigure';
import { analysisToJson, analysisToText } from '../core/report';
import { resolveModel } from '../core/tokens/models';
import type { AnalysisClient } from './analysisClient';
import type { AnalysisService } from './analysisService';
import { firstCallNote } from './callAtCursor';
import { parseCallUri } from './callUris';
import { readConfig, CONFIG_SECTION } from './config';
import type { ModelOverrides } from './modelOverrides';
import { promptTarget, type PromptTarget } from './promptTarget';

/** Error for a command used without a prompt file open. */
function noPromptFile(): undefined {
  void vscode.window.showInformationMessage(
    'Open a prompt file first (Prompty, .prompt.yml, .prompt.md, or an OpenAI/Anthropic request JSON), or a Python or TypeScript file that calls an LLM SDK.',
  );
  return undefined;
}

export interface CommandContext {
  service: AnalysisService;
  analysisClient: AnalysisClient;
  overrides: ModelOverrides;
  tokenizerAssetDir: string;
  isPrompt(doc: vscode.TextDocument): boolean;
  setSelectionTokens(count: number | undefined): void;
  /** The provider's count of the document's current text, when one was asked for. */
  providerFigure(uri: vscode.Uri): ProviderFigure | undefined;
}

/** The prompt of the active editor, or of `uri` (a prompt file, or one call of a source file). */
function analysisFor(ctx: CommandContext, uri?: vscode.Uri): PromptTarget | undefined {
  return promptTarget(ctx.service, uri);
}

export async function toggleBoundary(): Promise<void> {
  const config = vscode.workspace.getConfiguration(CONFIG_SECTION);
  const enabled = config.get<boolean>('decorations.enabled', true);
  await config.update('decorations.enabled', !enabled, vscode.ConfigurationTarget.Global);
}

/**
 * What counts a model's tokens, for the picker: the OpenAI encoding, or for providers whose tokenizer
 * is not published, that the count is an estimate (and its measured error where there is one).
 */
function tokenizerLabel(model: string): string {
  const resolved = resolveModel(model);
  if (resolved.provider === 'openai') return resolved.encoding;
  const error = resolved.measuredError;
  return error ? `estimate ±${error.meanPercent.toFixed(1)}%` : 'estimate';
}

/** Picks the model for a file; `model` (from a CodeLens or a script) skips the picker, '' resets. */
export async function selectModel(ctx: CommandContext, uri?: vscode.Uri, model?: string): Promise<string | undefined> {
  const target = uri ?? vscode.window.activeTextEditor?.document.uri;
  if (!target) return noPromptFile();
  if (model !== undefined) {
    await ctx.overrides.set(target, model || undefined);
    return model;
  }
  const current = ctx.service.get(target)?.analysis;
  const fromFile = current?.request.model?.name;
  type Item = vscode.QuickPickItem & { model?: string; reset?: boolean; custom?: boolean };
  const items: Item[] = [
    { label: '$(discard) Use the file\'s model or the default', description: fromFile ?? readConfig().defaultModel, reset: true },
    { label: '$(edit) Other model…', custom: true },
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    ...PRICE_TABLE.map((row) => ({
      label: row.model,
      description: `${tokenizerLabel(row.model)} · ${formatPricePerMillion(row.input)}/M in, ${formatPricePerMillion(row.cachedInput)}/M cached`,
      model: row.model,
      picked: row.model === current?.model,
    })),
  ];
  const pick = await vscode.window.showQuickPick(items, {
    title: 'Model for this prompt file',
    placeHolder: current ? `Now: ${current.model}` : undefined,
    matchOnDescription: true,
  });
  if (!pick) return undefined;
  let chosen = pick.model;
  if (pick.custom) {
    chosen = (await vscode.window.showInputBox({ title: 'Model name', placeHolder: 'e.g. gpt-4.1-mini or claude-sonnet-4-5', value: current?.model }))?.trim();
    if (!chosen) return undefined;
  }
  await ctx.overrides.set(target, pick.reset ? undefined : chosen);
  return chosen;
}

export async function countSelection(ctx: CommandContext): Promise<number | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return noPromptFile();
  const text = editor.selections.map((s) => editor.document.getText(s)).join('');
  if (!text) {
    void vscode.window.showInformationMessage('Select some text to count its tokens.');
    return undefined;
  }
  const model = ctx.service.get(editor.document.uri)?.analysis?.model ?? readConfig().defaultModel;
  const resolved = resolveModel(model);
  const count = await ctx.analysisClient.count('count-selection', text, resolved.encoding, ctx.tokenizerAssetDir);
  // A newer use of the command took its place.
  if (count === undefined) return undefined;
  ctx.setSelectionTokens(count);
  void vscode.window.showInformationMessage(
    `${formatCount(count)} tokens in the selection (${resolved.encoding}, ${resolved.model})${resolved.estimate ? ', an estimate' : ''}.`,
  );
  return count;
}

export async function copyAnalysisJson(ctx: CommandContext, uri?: vscode.Uri): Promise<string | undefined> {
  const found = analysisFor(ctx, uri);
  if (!found) return noPromptFile();
  const json = JSON.stringify(analysisToJson(found.analysis, { sourceText: found.doc.getText() }), null, 2);
  await vscode.env.clipboard.writeText(json);
  void vscode.window.setStatusBarMessage('$(check) Prompt Cache Lens: analysis copied as JSON', 3000);
  return json;
}

export const REPORT_SCHEME = 'prompt-cache-lens-report';

/**
 * Read-only report documents: `prompt-cache-lens-report:<file name> report.md?<source uri>`.
 * Read-only, so closing one never asks to save.
 */
/**
 * The analysis report as a read-only document. VS Code keeps a provided document's text until told
 * it changed: the report is told when it is shown again and whenever its source is analysed again,
 * so it always reads as the source's current text.
 */
export class ReportDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly ctx: CommandContext) {
    this.subscription = ctx.service.onDidChange((state) => {
      const source = state.uri.toString();
      for (const doc of vscode.workspace.textDocuments) {
        if (doc.uri.scheme === REPORT_SCHEME && parseCallUri(vscode.Uri.parse(doc.uri.query)).document.toString() === source) this.changed.fire(doc.uri);
      }
    });
  }

  /** Asks VS Code to read the report at `uri` again. */
  refresh(uri: vscode.Uri): void {
    this.changed.fire(uri);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const source = vscode.Uri.parse(uri.query);
    const found = analysisFor(this.ctx, source);
    if (!found) return `No analysis of ${source.fsPath} is available: open the file first.`;
    const heading = found.call ? `LLM call ${found.call.index + 1}, line ${found.call.line}, of ${found.doc.uri.path.split('/').pop()}\n\n` : '';
    return heading + analysisToText(found.analysis, { sourceText: found.doc.getText(), providerFigure: this.ctx.providerFigure(found.uri), verbose: true });
  }
}

/** Resolves once `doc` reads `text`, or after a second at most. */
function textBecomes(doc: vscode.TextDocument, text: string): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      listener.dispose();
      clearTimeout(timer);
      resolve();
    };
    const listener = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === doc && doc.getText() === text) done();
    });
    const timer = setTimeout(done, 1000);
  });
}

export async function showReport(ctx: CommandContext, uri?: vscode.Uri, reports?: ReportDocuments): Promise<void> {
  const found = analysisFor(ctx, uri);
  if (!found) return noPromptFile();
  const name = found.doc.uri.path.split('/').pop() ?? 'prompt';
  const title = found.call ? `${name} call ${found.call.index + 1} report` : `${name} report`;
  const reportUri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: title, query: found.uri.toString() });
  // A report shown before keeps its old text unless told: read it again now, and show it once it
  // reads as the current analysis (VS Code asks for the text again in its own time).
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === reportUri.toString());
  const current = reports && open ? reports.provideTextDocumentContent(reportUri) : undefined;
  const updated = current !== undefined && open && open.getText() !== current ? textBecomes(open, current) : undefined;
  reports?.refresh(reportUri);
  await updated;
  const doc = await vscode.workspace.openTextDocument(reportUri);
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  const note = found.call ? firstCallNote(found.call, 'the report is of') : undefined;
  if (note) void vscode.window.showInformationMessage(`Prompt Cache Lens: ${note}`);
}
