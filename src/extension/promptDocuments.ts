import * as vscode from 'vscode';
import { detectFormat } from '../core/formats';
import type { LensConfig } from './config';

/** JSON files are prompts only when their content is a request; look at the head only. */
const JSON_SNIFF_CHARS = 64 * 1024;

/** Whether the extension analyses this document: by the configured patterns, or JSON by content. */
export function isPromptDocument(doc: vscode.TextDocument, config: LensConfig): boolean {
  if (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'untitled' && doc.uri.scheme !== 'vscode-remote') return false;
  for (const pattern of config.filePatterns) {
    if (vscode.languages.match({ pattern }, doc) > 0) return true;
  }
  const name = doc.fileName.toLowerCase();
  if (config.detectJsonRequests && (name.endsWith('.json') || name.endsWith('.jsonc'))) {
    const format = detectFormat(doc.fileName, doc.getText().slice(0, JSON_SNIFF_CHARS));
    return format === 'openai-chat' || format === 'openai-responses' || format === 'anthropic-messages';
  }
  return false;
}
