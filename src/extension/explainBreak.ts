import * as vscode from 'vscode';
import type { CompareInput } from '../core/promptDiff';
import type { AnalysisClient } from './analysisClient';
import { readConfig } from './config';
import type { PromptDiffView } from './promptDiffView';

/** A prompt given as text: a request line of a log, a run of the dashboard's history. */
export interface PromptText {
  /** For people: `requests.jsonl line 3`, `run 4`. */
  label: string;
  /** Tells the format (`.json` for a request body). */
  fileName: string;
  text: string;
}

/** One side of a comparison: the text, and the file it came from when it is a whole file. */
interface ChosenPrompt extends PromptText {
  file?: vscode.Uri;
}

export interface ExplainBreakContext {
  analysisClient: AnalysisClient;
  promptDiffs: PromptDiffView;
  tokenizerAssetDir: string;
  isPrompt(doc: vscode.TextDocument): boolean;
}

function isPromptText(value: unknown): value is PromptText {
  const v = value as Partial<PromptText> | undefined;
  return typeof v?.label === 'string' && typeof v.fileName === 'string' && typeof v.text === 'string';
}

const baseName = (uri: vscode.Uri) => uri.path.split('/').pop() ?? uri.path;

/** The editor's text when the file is open (unsaved edits included), else the file's. */
async function textOf(uri: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

/** A file, or one request line of a JSONL log (asked for with a quick pick). */
async function fromFile(uri: vscode.Uri, title: string): Promise<ChosenPrompt | undefined> {
  const text = await textOf(uri);
  if (!uri.path.endsWith('.jsonl')) return { label: vscode.workspace.asRelativePath(uri), fileName: uri.path, text, file: uri };
  const lines = text.split('\n').flatMap((line, i) => (line.trim() ? [{ line, i }] : []));
  const pick = await vscode.window.showQuickPick(
    lines.map(({ line, i }) => ({ label: `line ${i + 1}`, description: line.slice(0, 120), index: i })),
    { title: `${title}: which request of the log?` },
  );
  if (!pick) return undefined;
  return { label: `${baseName(uri)} line ${pick.index + 1}`, fileName: `${uri.path}.json`, text: lines.find((x) => x.i === pick.index)!.line };
}

/** The open prompt files in a quick pick, and any other file through the open dialog. */
async function pickPrompt(ctx: ExplainBreakContext, title: string, exclude?: vscode.Uri): Promise<ChosenPrompt | undefined> {
  type Item = vscode.QuickPickItem & { uri?: vscode.Uri };
  const open = vscode.workspace.textDocuments.filter((d) => ctx.isPrompt(d) && d.uri.toString() !== exclude?.toString());
  const items: Item[] = [
    ...open.map((d) => ({ label: baseName(d.uri), description: vscode.workspace.asRelativePath(d.uri), uri: d.uri })),
    { label: '$(folder-opened) Other file or request log…' },
  ];
  const pick = await vscode.window.showQuickPick(items, { title, placeHolder: 'An open prompt file, or another file' });
  if (!pick) return undefined;
  let uri = pick.uri;
  if (!uri) {
    [uri] =
      (await vscode.window.showOpenDialog({
        title,
        canSelectMany: false,
        filters: { 'Prompt files and request logs': ['prompty', 'yml', 'yaml', 'md', 'json', 'jsonc', 'jsonl', 'prompt', 'txt'] },
      })) ?? [];
  }
  return uri ? fromFile(uri, title) : undefined;
}

async function resolve(ctx: ExplainBreakContext, arg: unknown, title: string, exclude?: vscode.Uri): Promise<ChosenPrompt | undefined> {
  if (arg instanceof vscode.Uri) return fromFile(arg, title);
  if (isPromptText(arg)) return { label: arg.label, fileName: arg.fileName, text: arg.text };
  return pickPrompt(ctx, title, exclude);
}

/**
 * Explains the cache break between two prompts (files, log lines, history runs): VS Code's diff
 * editor on both as the model reads them, the first differing token marked on both sides, and a
 * first line with the shared prefix and what the break costs. Returns that line.
 */
export async function explainBreak(ctx: ExplainBreakContext, firstArg?: unknown, secondArg?: unknown): Promise<string | undefined> {
  const first = await resolve(ctx, firstArg, 'First prompt (the one cached)');
  if (!first) return undefined;
  const second = await resolve(ctx, secondArg, 'Second prompt (the next request)', first.file);
  if (!second) return undefined;
  const config = readConfig();
  const options = {
    defaultModel: config.defaultModel,
    defaultProvider: config.defaultProvider,
    priceOverrides: config.priceOverrides,
    maxBytes: config.maxFileSizeMB * 1024 * 1024,
    tokenizerAssetDir: ctx.tokenizerAssetDir,
  };
  const input = (p: ChosenPrompt): CompareInput => ({ ...options, label: p.label, fileName: p.fileName, text: p.text });
  let diff;
  try {
    diff = await ctx.analysisClient.compare('explain-break', input(first), input(second));
  } catch (err) {
    void vscode.window.showErrorMessage(`Cannot compare: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
  // A newer comparison took its place.
  if (!diff) return undefined;
  await ctx.promptDiffs.show(diff);
  if (first.file && second.file && diff.first.source && diff.second.source) {
    const [a, b, atA, atB] = [first.file, second.file, diff.first.source.offset, diff.second.source.offset];
    void vscode.window.showInformationMessage(diff.headline, 'Show in Both Files').then(async (choice) => {
      if (!choice) return;
      await revealAt(a, atA, vscode.ViewColumn.One);
      await revealAt(b, atB, vscode.ViewColumn.Two);
    });
  }
  return diff.headline;
}

async function revealAt(uri: vscode.Uri, offset: number, column: vscode.ViewColumn): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const at = doc.positionAt(offset);
  const range = doc.getWordRangeAtPosition(at) ?? new vscode.Range(at, at.translate(0, 1));
  await vscode.window.showTextDocument(doc, { viewColumn: column, selection: range, preview: false });
}
