import * as vscode from 'vscode';
import { detectFormat } from '../core/formats/detect';
import { importsLlmSdk, sourceLanguageOf } from '../core/sources/languages';
import type { LensConfig } from './config';

/** JSON files are prompts only when their content is a request; look at the head only. */
const JSON_SNIFF_CHARS = 64 * 1024;

/** Whether the extension analyses this document: by the configured patterns, or JSON by content. */
export function isPromptDocument(doc: vscode.TextDocument, config: LensConfig): boolean {
  if (!analysedScheme(doc)) return false;
  for (const pattern of config.filePatterns) {
    if (vscode.languages.match({ pattern }, doc) > 0) return true;
  }
  const name = doc.fileName.toLowerCase();
  if (config.detectJsonRequests && (name.endsWith('.json') || name.endsWith('.jsonc'))) {
    // A range: `getText()` would join all the lines of a 20 MB file to keep 64 KB of them.
    const head = doc.getText(new vscode.Range(new vscode.Position(0, 0), doc.positionAt(JSON_SNIFF_CHARS)));
    const format = detectFormat(doc.fileName, head);
    return format === 'openai-chat' || format === 'openai-responses' || format === 'anthropic-messages';
  }
  return false;
}

function analysedScheme(doc: vscode.TextDocument): boolean {
  return doc.uri.scheme === 'file' || doc.uri.scheme === 'untitled' || doc.uri.scheme === 'vscode-remote';
}

/**
 * Whether a Python, TypeScript or JavaScript document imports an LLM SDK: one regular-expression
 * scan, the only cost ordinary code pays (no parser or tokenizer is loaded for it).
 */
export function isSourceWithLlmCalls(doc: vscode.TextDocument): boolean {
  if (!analysedScheme(doc)) return false;
  const language = sourceLanguageOf(doc.fileName);
  return language !== undefined && importsLlmSdk(doc.getText(), language);
}
