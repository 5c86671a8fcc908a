/**
 * Fills a prompt's template variables with one row of values, using the dynamic spans the parsers
 * already found (`{{ x }}`, `{{x}}`, `${input:x}`, `${x}`, `{x}`, `${env:X}`, `${selection}`).
 *
 * A span is replaced when the row has a value for its name; for editor variables (`${selection}`)
 * and references (`${env:HOME}`) the row key is the text between `${` and `}`, and the bare name
 * (`selection`) is accepted too. Spans without a value stay as written, as do Jinja or Mustache
 * blocks (`{% if %}`, `{{#each}}`): rendering control flow is beyond a test run, so the text sent is
 * what the file shows. Replaced text keeps the source offset of the span it replaced, so positions
 * still lead back to the file.
 */
import type { DynamicSpan, PromptRequest, TextPiece } from '../core/model';
import { mapRequestPieces, replaceSpans } from '../core/replaceSpans';

export { mapRequestPieces, replaceSpans, replaceSpansReporting, type ReplacedSpan, type SpanValue } from '../core/replaceSpans';

export type VariableRow = Record<string, string>;

/** The value for a span, or undefined when the row has none. */
function valueFor(span: DynamicSpan, row: VariableRow): string | undefined {
  if (span.kind === 'template-block' || span.kind === 'literal') return undefined;
  const candidates = [span.name];
  const inner = /^\$\{(.*)\}$/.exec(span.name)?.[1];
  if (inner !== undefined) candidates.push(inner);
  if (span.kind === 'env-reference' || span.kind === 'editor-variable') {
    const bare = (inner ?? span.name).split(':').pop();
    if (bare) candidates.push(bare);
  }
  for (const key of candidates) if (Object.hasOwn(row, key)) return row[key];
  return undefined;
}

/** The piece with every span that has a value in `row` replaced. */
export function substitutePiece(piece: TextPiece, row: VariableRow): TextPiece {
  return replaceSpans(piece, (span) => valueFor(span, row));
}

/** The request with `row` filled in (variables inside tool definitions are rare and would change their JSON). */
export function substituteRequest(request: PromptRequest, row: VariableRow): PromptRequest {
  return mapRequestPieces(request, (piece) => substitutePiece(piece, row));
}

/** Row values from the file itself: defaults and samples of its declared variables. */
export function defaultRow(request: PromptRequest): VariableRow {
  const row: VariableRow = {};
  for (const variable of request.variables) if (variable.defaultValue !== undefined) row[variable.name] = variable.defaultValue;
  return row;
}
