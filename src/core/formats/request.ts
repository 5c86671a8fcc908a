import type { ApiStyle, FormatId, PromptRequest, TemplateVariable, TextPiece } from '../model';
import { sourceRangeOf } from './textPiece';

/** A request with nothing in it yet. */
export function emptyRequest(format: FormatId, api: ApiStyle): PromptRequest {
  return { format, api, tools: [], messages: [], parameters: {}, variables: [], testData: [], issues: [] };
}

/** Template variables used in the pieces, once each, at their first use. */
export function variablesUsedIn(pieces: TextPiece[]): TemplateVariable[] {
  const seen = new Map<string, TemplateVariable>();
  for (const piece of pieces) {
    for (const span of piece.dynamic) {
      if (span.kind !== 'template-variable' || seen.has(span.name)) continue;
      seen.set(span.name, { name: span.name, range: sourceRangeOf(piece, span.start, span.end) });
    }
  }
  return [...seen.values()];
}

/** Values as a person would type them into a template (test data, defaults). */
export function templateValueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
