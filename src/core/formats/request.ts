import type { ApiStyle, FormatId, PromptRequest, SourceRange, TemplateVariable, TextPiece } from '../model';
import { sourceOffsetOf } from './textPiece';

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
      const start = sourceOffsetOf(piece, span.start);
      const end = sourceOffsetOf(piece, span.end);
      const range: SourceRange | null = start >= 0 ? { start, end } : null;
      seen.set(span.name, { name: span.name, range });
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
