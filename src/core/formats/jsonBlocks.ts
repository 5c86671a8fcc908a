import { CHECKED_PARAMETERS, type CacheBreakpoint, type ContentPart, type ResponseSchema, type SourceRange, type ToolDefinition } from '../model';
import {
  jsonEntries,
  jsonProperty,
  jsonRange,
  jsonRawPiece,
  jsonString,
  jsonStringInnerRange,
  jsonStringPiece,
  jsonValue,
  type JsonNode,
} from './jsonSource';
import { audioDuration } from './audioDuration';
import { dataUrlImageSize } from './imageSize';
import { fingerprint } from '../tokens/syntheticIds';
import { applyTemplate } from './textPiece';
import { findTemplateSpans } from './templates';

/** Request JSON is sometimes templated; mark the placeholders a JSON templater would fill. */
const JSON_TEMPLATE_SYNTAX = 'json-string' as const;

/** A text part from a JSON string node. */
export function jsonTextPart(textNode: JsonNode, blockNode: JsonNode, source: string): ContentPart {
  const piece = applyTemplate(jsonStringPiece(textNode, source), JSON_TEMPLATE_SYNTAX);
  const breakpoint = breakpointOf(blockNode);
  return { type: 'text', piece, range: jsonRange(blockNode), ...(breakpoint ? { breakpoint } : {}) };
}

/** A block kept as its JSON text (tool_use, function_call, file ...). */
export function jsonOtherPart(blockType: string, blockNode: JsonNode, source: string): ContentPart {
  const piece = jsonRawPiece(blockNode, source);
  piece.dynamic = findTemplateSpans(piece.text, JSON_TEMPLATE_SYNTAX);
  const breakpoint = breakpointOf(blockNode);
  return { type: 'other', blockType, piece, range: jsonRange(blockNode), ...(breakpoint ? { breakpoint } : {}) };
}

/**
 * An image block; the URL is kept short because data URLs can be megabytes. An inline image's
 * pixel size is read from its header, since the provider counts its tokens from the size.
 */
export function jsonImagePart(
  blockNode: JsonNode,
  url: string | undefined,
  detailValue: unknown,
): ContentPart {
  const detail = detailValue === 'low' || detailValue === 'high' ? detailValue : 'auto';
  const detailStated = detailValue === 'low' || detailValue === 'high' || detailValue === 'auto';
  const breakpoint = breakpointOf(blockNode);
  const size = url ? dataUrlImageSize(url) : undefined;
  return {
    type: 'image',
    detail,
    ...(detailStated ? { detailStated } : {}),
    ...(size ?? {}),
    source: shortenImageSource(url ?? 'image'),
    range: jsonRange(blockNode),
    ...(breakpoint ? { breakpoint } : {}),
  };
}

/**
 * An audio block (`input_audio: {data, format}`): billed by the clip's length, which is read from
 * the headers of its base64 data; the data itself is not kept (it can be megabytes), only a short
 * description with a fingerprint, so a different clip reads as different tokens.
 */
export function jsonAudioPart(blockNode: JsonNode, audioNode: JsonNode | undefined): ContentPart {
  const data = jsonString(jsonProperty(audioNode, 'data')) ?? '';
  const format = jsonString(jsonProperty(audioNode, 'format')) ?? 'audio';
  const breakpoint = breakpointOf(blockNode);
  const duration = data ? audioDuration(data, format) : undefined;
  let chars = data.length;
  while (chars > 0 && data[chars - 1] === '=') chars--;
  const bytes = Math.floor((chars * 3) / 4);
  const length = duration ? `${duration.seconds.toFixed(2)} s (${duration.detail})` : 'length unknown';
  return {
    type: 'audio',
    format,
    ...(duration ? { seconds: duration.seconds, exactLength: duration.exact } : {}),
    source: `${format} audio, ${bytes} bytes, ${length} #${sampledFingerprint(data).toString(16)}`,
    range: jsonRange(blockNode),
    ...(breakpoint ? { breakpoint } : {}),
  };
}

/** A fingerprint of a long string from its length and a few slices, not every character. */
function sampledFingerprint(text: string): number {
  const slice = 256;
  if (text.length <= slice * 8) return fingerprint(text);
  const step = Math.floor(text.length / 8);
  let sample = String(text.length);
  for (let k = 0; k < 8; k++) sample += text.slice(k * step, k * step + slice);
  return fingerprint(sample + text.slice(-slice));
}

export function shortenImageSource(url: string): string {
  if (!url.startsWith('data:')) return url;
  const comma = url.indexOf(',');
  const header = comma > 0 ? url.slice(0, comma) : url.slice(0, 40);
  return `${header},… (${url.length - comma - 1} characters)`;
}

/**
 * Anthropic `cache_control` and OpenAI `prompt_cache_breakpoint` on a block. Both mark the end of
 * a cached prefix; the TTL is kept when the file names one.
 */
export function breakpointOf(blockNode: JsonNode): CacheBreakpoint | undefined {
  const marker = jsonProperty(blockNode, 'cache_control') ?? jsonProperty(blockNode, 'prompt_cache_breakpoint');
  if (!marker || marker.type !== 'object') return undefined;
  const ttl = jsonString(jsonProperty(marker, 'ttl'));
  return { type: 'ephemeral', ...(ttl === '5m' || ttl === '1h' ? { ttl } : {}), range: jsonRange(marker) };
}

/** A tool definition from the node that holds name/description/parameters (flat or nested). */
export function jsonTool(
  toolNode: JsonNode,
  definitionNode: JsonNode,
  source: string,
  schemaKey: 'parameters' | 'input_schema',
): ToolDefinition {
  const type = jsonString(jsonProperty(toolNode, 'type')) ?? 'function';
  const piece = jsonRawPiece(toolNode, source);
  piece.dynamic = findTemplateSpans(piece.text, JSON_TEMPLATE_SYNTAX);
  const strict = jsonValue(jsonProperty(definitionNode, 'strict'));
  const breakpoint = breakpointOf(toolNode);
  const description = jsonString(jsonProperty(definitionNode, 'description'));
  const schemaNode = jsonProperty(definitionNode, schemaKey);
  const grammar = type === 'custom' ? customToolGrammar(definitionNode) : undefined;
  const runsAsync = jsonValue(jsonProperty(definitionNode, 'async')) === true;
  return {
    type,
    name: jsonString(jsonProperty(definitionNode, 'name')) ?? jsonString(jsonProperty(toolNode, 'server_label')) ?? type,
    ...(description !== undefined ? { description } : {}),
    ...(schemaNode ? { parameters: jsonValue(schemaNode) } : {}),
    ...(typeof strict === 'boolean' ? { strict } : {}),
    ...(grammar ? { grammar } : {}),
    ...(runsAsync ? { async: true as const } : {}),
    ...(breakpoint ? { breakpoint } : {}),
    range: jsonRange(toolNode),
    dynamic: piece.dynamic,
    piece,
  };
}

/**
 * A custom tool's grammar: `format: {type: "grammar", syntax, definition}` on the Responses API,
 * `format: {type: "grammar", grammar: {syntax, definition}}` on Chat Completions.
 */
function customToolGrammar(definitionNode: JsonNode): { syntax: string; definition: string } | undefined {
  const format = jsonProperty(definitionNode, 'format');
  if (!format || jsonString(jsonProperty(format, 'type')) !== 'grammar') return undefined;
  const holder = jsonProperty(format, 'grammar') ?? format;
  const syntax = jsonString(jsonProperty(holder, 'syntax'));
  const definition = jsonString(jsonProperty(holder, 'definition'));
  return syntax !== undefined && definition !== undefined ? { syntax, definition } : undefined;
}

/** `{type: 'json_schema', name, schema, strict}` (Responses) or with a `json_schema` wrapper (Chat). */
export function jsonResponseSchema(formatNode: JsonNode, source: string): ResponseSchema | undefined {
  const type = jsonString(jsonProperty(formatNode, 'type'));
  const piece = jsonRawPiece(formatNode, source);
  piece.dynamic = findTemplateSpans(piece.text, JSON_TEMPLATE_SYNTAX);
  if (type === 'json_object') {
    return { name: 'json_object', schema: undefined, kind: 'json_object', range: jsonRange(formatNode), piece };
  }
  if (type !== 'json_schema') return undefined;
  const holder = jsonProperty(formatNode, 'json_schema') ?? formatNode;
  const strict = jsonValue(jsonProperty(holder, 'strict'));
  const description = jsonString(jsonProperty(holder, 'description'));
  return {
    name: jsonString(jsonProperty(holder, 'name')) ?? 'response',
    ...(description !== undefined ? { description } : {}),
    schema: jsonValue(jsonProperty(holder, 'schema')),
    ...(typeof strict === 'boolean' ? { strict } : {}),
    kind: 'json_schema',
    range: jsonRange(formatNode),
    piece,
  };
}

/** Where a request file writes the `CHECKED_PARAMETERS`: each key, inside its quotes. */
export function checkedParameterKeys(root: JsonNode): Record<string, SourceRange> | undefined {
  let ranges: Record<string, SourceRange> | undefined;
  for (const name of CHECKED_PARAMETERS) {
    const key = jsonProperty(root, name)?.parent?.children?.[0];
    if (key) ranges = { ...ranges, [name]: { start: key.offset + 1, end: key.offset + key.length - 1 } };
  }
  return ranges;
}

/** Copies every top-level field not in `handled` into `parameters`. */
export function otherTopLevelFields(root: JsonNode, handled: ReadonlySet<string>): Record<string, unknown> {
  const parameters: Record<string, unknown> = {};
  for (const [key, node] of jsonEntries(root)) if (!handled.has(key)) parameters[key] = jsonValue(node);
  return parameters;
}

/** The `model` field with its range inside the quotes. */
export function jsonModel(root: JsonNode, provider: string): { name: string; range: ReturnType<typeof jsonRange>; provider: string } | undefined {
  const node = jsonProperty(root, 'model');
  const name = jsonString(node);
  return node && name !== undefined ? { name, range: jsonStringInnerRange(node), provider } : undefined;
}
