import * as vscode from 'vscode';
import type { Analysis, AnalyzeInput } from '../../core/analyze';
import { cacheableWithValuesFixed, perRequestSpansOf } from '../../core/cache/perRequestSpans';
import { defaultRow } from '../../runner';
import type { FileState, PredictionView } from '../../shared/protocol';
import { parseCallUri } from '../callUris';
import { placeholdersOf } from './placeholders';

/**
 * Runs the analysis (in the extension: on the analysis worker, off the extension host's thread);
 * with `call`, the request of that LLM call (0-based) of a source file.
 */
export type PromptAnalyzer = (input: AnalyzeInput, call?: number) => Promise<Analysis>;

export interface PromptSourceOptions {
  defaultModel: string;
  tokenizerAssetDir: string;
  modelOverride?: string;
  analyze: PromptAnalyzer;
}

/** The file's current text, analysed: what a run sends and what the engine predicts for it. */
export interface LoadedPrompt {
  document: vscode.TextDocument;
  analysis: Analysis;
}

/** `uri` names a prompt file, or one LLM call of a source file (`#call-<n>`, see callUris.ts). */
export async function loadPrompt(uri: vscode.Uri, options: PromptSourceOptions): Promise<LoadedPrompt> {
  const { document: documentUri, call } = parseCallUri(uri);
  const document = await vscode.workspace.openTextDocument(documentUri);
  const input = {
    fileName: document.fileName,
    text: document.getText(),
    defaultModel: options.defaultModel,
    modelOverride: options.modelOverride,
    tokenizerAssetDir: options.tokenizerAssetDir,
    // The panel's prediction gives the size runs send, with their fresh per-request values.
    countFreshValues: true,
  };
  const analysis = await options.analyze(input, call);
  return { document, analysis };
}

/** `prompts/support.prompty`, or `app/bot.py · call 2` for an LLM call of source code. */
export function fileLabel(uri: vscode.Uri): string {
  const { document, call } = parseCallUri(uri);
  const path = vscode.workspace.asRelativePath(document, false);
  return call === undefined ? path : `${path} · call ${call + 1}`;
}

export function predictionOf(analysis: Analysis): PredictionView {
  return {
    model: analysis.model,
    provider: analysis.provider,
    format: analysis.format,
    api: analysis.api,
    promptTokens: analysis.promptTokens,
    ...(analysis.promptTokensWithFreshValues !== undefined ? { promptTokensWithFreshValues: analysis.promptTokensWithFreshValues } : {}),
    staticPrefixTokens: analysis.staticPrefixTokens,
    cacheableTokens: analysis.cacheableTokens,
    cacheableTokensAsWritten: cacheableWithValuesFixed(analysis.rendered, analysis.rules),
    minimum: analysis.minimum,
    estimate: analysis.estimate,
    ...refusedOf(analysis),
  };
}

function refusedOf(analysis: Analysis): Pick<PredictionView, 'refused'> {
  const refused = analysis.findings.filter((f) => f.rule === 'request-refused').map((f) => f.message);
  return refused.length > 0 ? { refused } : {};
}

/** Variable names and rows from the file: its test data, else one row of declared defaults. */
export function variablesOf(analysis: Analysis): Pick<FileState, 'variables' | 'variableRows'> {
  const { request } = analysis;
  const names = new Set(request.variables.map((v) => v.name));
  for (const row of request.testData) for (const key of Object.keys(row)) names.add(key);
  const defaults = defaultRow(request);
  const rows = request.testData.length > 0 ? request.testData.map((row) => ({ ...defaults, ...row })) : Object.keys(defaults).length > 0 ? [defaults] : [];
  return { variables: [...names], variableRows: rows };
}

/** What the panel shows about its file; a file that does not parse still gets a panel, with the reason. */
export async function fileStateOf(uri: vscode.Uri, options: PromptSourceOptions): Promise<FileState> {
  try {
    const { analysis } = await loadPrompt(uri, options);
    const variables = variablesOf(analysis);
    return {
      uri: uri.toString(),
      label: fileLabel(uri),
      prediction: predictionOf(analysis),
      ...variables,
      placeholders: placeholdersOf(analysis, variables.variables),
      perRequestSpans: perRequestSpansOf(analysis.request),
    };
  } catch (err) {
    return {
      uri: uri.toString(),
      label: fileLabel(uri),
      prediction: null,
      problem: err instanceof Error ? err.message : String(err),
      variables: [],
      placeholders: {},
      perRequestSpans: [],
      variableRows: [],
    };
  }
}
