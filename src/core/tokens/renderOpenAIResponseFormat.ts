/**
 * The OpenAI structured-output section (`response_format` / `text.format` JSON schema): its text,
 * where it is placed (after the tools block, ending the system message, or on its own) and the
 * estimates for the parts of it that are not measured.
 */
import type { PromptRequest } from '../model';
import {
  CONSTRAINT_KEYWORD_ESTIMATE,
  type OpenAIFraming,
  RESPONSE_FORMAT_ESTIMATE,
  SCHEMA_META_KEYWORD_ESTIMATE,
  SCHEMA_WITH_IMAGE_ESTIMATE,
} from './openaiFraming';
import { anchoredRun, type PromptBuilder, syntheticRun, type TextRun } from './promptBuilder';
import { Marker } from './syntheticIds';
import { constraintKeywords, descriptionComment } from './toolNamespace';

/** Which keyword maps hold schemas keyed by name, not keywords. */
const SCHEMA_MAPS = new Set(['properties', '$defs', 'definitions']);

/** `$` keywords whose writing is measured: `$schema` (left out), `$defs` and `$ref` (written as given). */
const MEASURED_META_KEYWORDS = new Set(['$schema', '$defs', '$ref']);

/** Whether the schema has a `$` keyword (not a property name) other than the measured ones. */
function hasUnmeasuredMetaKeyword(node: unknown, isMap = false): boolean {
  if (Array.isArray(node)) return node.some((item) => hasUnmeasuredMetaKeyword(item));
  if (node === null || typeof node !== 'object') return false;
  return Object.entries(node as Record<string, unknown>).some(
    ([key, value]) =>
      (!isMap && key.startsWith('$') && !MEASURED_META_KEYWORDS.has(key)) ||
      hasUnmeasuredMetaKeyword(value, !isMap && SCHEMA_MAPS.has(key)),
  );
}

/** The schema without the keywords in `omit`, at every depth (names of properties are kept). */
function withoutKeywords(node: unknown, omit: ReadonlySet<string>, isMap = false): unknown {
  if (Array.isArray(node)) return node.map((item) => withoutKeywords(item, omit));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (!isMap && omit.has(key)) continue;
    out[key] = withoutKeywords(value, omit, !isMap && SCHEMA_MAPS.has(key));
  }
  return out;
}

/**
 * The structured-output section's text: header, name, description comment, schema JSON. The schema
 * is written the same way whether or not it is strict: without the keywords strict mode implies
 * (`responseFormatOmittedKeys`). Fitted to strict schemas, and to the 12 recorded Chat Completions
 * schemas sent without `strict: true` (gpt-4o, gpt-4o-mini, gpt-4.1), all exact as strict ones,
 * the one with an optional property and no `additionalProperties` among them (written as given, 5 to
 * 38 tokens more).
 *
 * The name written a second time (`nameAgain`) is tokenized on its own, not after a space: a name
 * whose tokens differ so (`capitals`, `sentimentanalysis`, `converthtmltomarkdown`: one token more
 * alone than after a space) counts one token more than `// {name}` would give, in 3 recorded gpt-4o
 * and gpt-4o-mini requests (llama-stack, dspy.rb), where names that tokenize the same either way
 * cannot tell. The stand-in `//\n{name}\n` keeps the two tokens of words around it.
 */
export function responseFormatSection(
  format: { name: string; description?: string; schema: unknown },
  framing: OpenAIFraming,
  nameAgain: boolean,
): { header: string; schema: string } {
  const schema = withoutKeywords(format.schema ?? {}, new Set(framing.responseFormatOmittedKeys));
  let json = JSON.stringify(schema) ?? '{}';
  if (framing.responseFormatAsciiJson) json = json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const again = nameAgain ? `//\n${format.name}\n` : '';
  const description = format.description ? `${descriptionComment(format.description)}\n` : '';
  return { header: `${framing.responseFormatHeader}${format.name}\n\n${again}${description}`, schema: json };
}

/** The structured-output section as runs placed at the format in the file. */
export function responseFormatRuns(req: PromptRequest, framing: OpenAIFraming, nameAgain: boolean): TextRun[] {
  const format = req.responseFormat!;
  const offset = format.range?.start ?? -1;
  const section = responseFormatSection(format, framing, nameAgain);
  return [anchoredRun(section.header, offset), anchoredRun(section.schema, offset, format.piece.dynamic)];
}

/** Whether the structured-output section is written at all (json_object mode adds nothing). */
export const hasSchemaSection = (req: PromptRequest) => req.responseFormat?.kind === 'json_schema';

export function estimateResponseFormat(builder: PromptBuilder, req: PromptRequest, framing: OpenAIFraming, hasFunctionTools: boolean): void {
  const format = req.responseFormat;
  if (!format || format.kind !== 'json_schema') return;
  const chatMeasured = hasFunctionTools ? framing.responseFormatChatWithToolsMeasured : framing.responseFormatChatMeasured;
  if (req.api !== 'responses' && !chatMeasured) builder.estimate(RESPONSE_FORMAT_ESTIMATE);
  const omitted = framing.responseFormatOmittedKeys;
  if (constraintKeywords(format.schema).some((key) => !omitted.includes(key))) builder.estimate(CONSTRAINT_KEYWORD_ESTIMATE);
  if (hasUnmeasuredMetaKeyword(format.schema)) builder.estimate(SCHEMA_META_KEYWORD_ESTIMATE);
  if (req.messages.some((message) => message.parts.some((part) => part.type === 'image'))) {
    builder.estimate(SCHEMA_WITH_IMAGE_ESTIMATE);
  }
  // Fitted to schemas on Chat Completions, strict or not (with and without a system message, with
  // and without function tools: 3 recorded gpt-4o and gpt-4o-mini requests with tools, all exact) and
  // to schemas on the Responses API without instructions or tools: strict ones, and `strict: false`
  // counting as strict ones do (2 recorded gpt-4o-mini requests of 2 sources, the AI SDK 5's and
  // dd-trace-js's, both exact); other combinations are not measured.
  const responses = req.api === 'responses';
  if (responses && (hasFunctionTools || req.instructions !== undefined || !framing.responseFormatResponsesPinned)) {
    builder.estimate(RESPONSE_FORMAT_ESTIMATE);
  }
}

/** After the tools block (in the message the tools are in), one separator then the section. */
export function renderResponseFormatAfterTools(builder: PromptBuilder, req: PromptRequest, framing: OpenAIFraming): void {
  builder.beginSegment('schema', 'response schema', req.responseFormat!.range);
  builder.text(syntheticRun(framing.responseFormatSystemSeparator), ...responseFormatRuns(req, framing, false));
  builder.endSegment();
}

/**
 * The section where it is a message of its own (Chat Completions without a system message) or
 * framed on its own (Responses API); with a system message on Chat it ends that message instead.
 */
export function renderResponseFormat(builder: PromptBuilder, req: PromptRequest, framing: OpenAIFraming, nameAgain: boolean): void {
  const format = req.responseFormat;
  if (!format) return;
  builder.beginSegment('schema', 'response schema', format.range);
  if (format.kind === 'json_schema') {
    if (req.api === 'responses') {
      builder.markers(Marker.schemaFraming, framing.responseFormatResponsesFraming);
      builder.text(...responseFormatRuns(req, framing, false));
    } else {
      builder.markers(Marker.start);
      builder.text(syntheticRun('system'));
      builder.markers(Marker.message);
      builder.text(...responseFormatRuns(req, framing, nameAgain));
      builder.markers(Marker.end);
    }
  }
  builder.endSegment();
}
