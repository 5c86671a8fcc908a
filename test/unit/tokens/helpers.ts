/**
 * A small stand-in for the real request parsers (src/core/formats/): turns Chat Completions,
 * Responses and Anthropic Messages JSON into a PromptRequest with source ranges, so the token
 * tests can run on their own. `{{name}}` in any text is marked as a template variable.
 */
import { type Node, parseTree } from 'jsonc-parser';
import type {
  ApiStyle,
  CacheBreakpoint,
  ContentPart,
  DynamicSpan,
  FormatId,
  Message,
  PromptRequest,
  ResponseSchema,
  Role,
  TextPiece,
  ToolDefinition,
} from '../../../src/core/model';

function child(node: Node | undefined, key: string): Node | undefined {
  const property = node?.children?.find((p) => p.children?.[0]?.value === key);
  return property?.children?.[1];
}

function value(node: Node | undefined): unknown {
  if (!node) return undefined;
  switch (node.type) {
    case 'object':
      return Object.fromEntries((node.children ?? []).map((p) => [p.children![0].value, value(p.children![1])]));
    case 'array':
      return (node.children ?? []).map(value);
    default:
      return node.value;
  }
}

function range(node: Node | undefined) {
  return node ? { start: node.offset, end: node.offset + node.length } : null;
}

function templateSpans(text: string): DynamicSpan[] {
  return [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => ({
    start: m.index!,
    end: m.index! + m[0].length,
    kind: 'template-variable' as const,
    name: m[1],
  }));
}

/** A JSON string node as decoded text, with a source offset per unit when escapes were resolved. */
function stringPiece(source: string, node: Node): TextPiece {
  const text = node.value as string;
  const start = node.offset + 1;
  const end = node.offset + node.length - 1;
  if (source.slice(start, end) === text) return { text, range: { start, end }, dynamic: templateSpans(text) };
  const offsets: number[] = [];
  for (let i = start; i < end; ) {
    if (source[i] === '\\') {
      const width = source[i + 1] === 'u' ? 6 : 2;
      offsets.push(i);
      i += width;
    } else {
      offsets.push(i);
      i++;
    }
  }
  offsets.push(end);
  return { text, range: { start, end }, offsets, dynamic: templateSpans(text) };
}

/** A node's JSON as written in the file. */
function jsonPiece(source: string, node: Node): TextPiece {
  const text = source.slice(node.offset, node.offset + node.length);
  return { text, range: range(node), dynamic: templateSpans(text) };
}

function breakpointOf(node: Node | undefined): CacheBreakpoint | undefined {
  const cache = child(node, 'cache_control') ?? child(node, 'prompt_cache_breakpoint');
  if (!cache) return undefined;
  const ttl = value(child(cache, 'ttl')) as '5m' | '1h' | undefined;
  return { type: 'ephemeral', ...(ttl ? { ttl } : {}), range: range(cache) };
}

function partsOf(source: string, content: Node | undefined): ContentPart[] {
  if (!content || content.type === 'null') return [];
  if (content.type === 'string') return [{ type: 'text', piece: stringPiece(source, content), range: range(content) }];
  return (content.children ?? []).map((block): ContentPart => {
    const type = value(child(block, 'type')) as string;
    const breakpoint = breakpointOf(block);
    const extra = breakpoint ? { breakpoint } : {};
    if (type === 'text' || type === 'input_text') {
      return { type: 'text', piece: stringPiece(source, child(block, 'text')!), range: range(block), ...extra };
    }
    if (type === 'image_url' || type === 'input_image' || type === 'image') {
      const image = child(block, 'image_url') ?? block;
      const url = value(child(image, 'url')) ?? value(image.type === 'string' ? image : undefined) ?? 'image';
      const detail = (value(child(image, 'detail')) ?? value(child(block, 'detail')) ?? 'auto') as 'low' | 'high' | 'auto';
      const width = value(child(image, 'width')) as number | undefined;
      const height = value(child(image, 'height')) as number | undefined;
      return {
        type: 'image',
        detail,
        source: String(url),
        ...(width !== undefined ? { width } : {}),
        ...(height !== undefined ? { height } : {}),
        range: range(block),
        ...extra,
      };
    }
    return { type: 'other', blockType: type, piece: jsonPiece(source, block), range: range(block), ...extra };
  });
}

function messageOf(source: string, node: Node): Message {
  const roleNode = child(node, 'role');
  const name = value(child(node, 'name')) as string | undefined;
  const calls = child(node, 'tool_calls') ?? child(node, 'function_call');
  const toolCallId = value(child(node, 'tool_call_id')) as string | undefined;
  return {
    role: (value(roleNode) ?? 'user') as Role,
    ...(name !== undefined ? { name } : {}),
    parts: partsOf(source, child(node, 'content')),
    ...(calls ? { toolCalls: jsonPiece(source, calls) } : {}),
    ...(toolCallId !== undefined ? { toolCallId } : {}),
    range: range(node),
    roleRange: range(roleNode),
  };
}

function toolOf(source: string, node: Node): ToolDefinition {
  // Chat: {type, function: {...}}; legacy functions and Responses/Anthropic: the fields directly.
  const fn = child(node, 'function') ?? node;
  const parameters = child(fn, 'parameters') ?? child(fn, 'input_schema');
  const description = value(child(fn, 'description')) as string | undefined;
  const breakpoint = breakpointOf(node);
  const piece = jsonPiece(source, node);
  return {
    type: (value(child(node, 'type')) as string | undefined) ?? 'function',
    name: value(child(fn, 'name')) as string,
    ...(description !== undefined ? { description } : {}),
    ...(parameters ? { parameters: value(parameters) } : {}),
    ...(breakpoint ? { breakpoint } : {}),
    range: range(node),
    dynamic: piece.dynamic,
    piece,
  };
}

function responseFormatOf(source: string, root: Node): ResponseSchema | undefined {
  const format = child(root, 'response_format') ?? child(child(root, 'text'), 'format');
  if (!format) return undefined;
  const schemaHolder = child(format, 'json_schema') ?? format;
  const kind = value(child(format, 'type')) === 'json_object' ? 'json_object' : 'json_schema';
  const strict = value(child(schemaHolder, 'strict'));
  const description = value(child(schemaHolder, 'description'));
  return {
    kind,
    name: (value(child(schemaHolder, 'name')) as string | undefined) ?? 'response',
    ...(typeof strict === 'boolean' ? { strict } : {}),
    ...(typeof description === 'string' ? { description } : {}),
    schema: value(child(schemaHolder, 'schema')),
    range: range(format),
    piece: jsonPiece(source, format),
  };
}

const KNOWN = new Set([
  'model', 'messages', 'tools', 'functions', 'response_format', 'instructions', 'input', 'system',
  'cache_control', 'text',
]);

/** Parses a request JSON (Chat Completions, Responses or Anthropic Messages by its shape). */
export function requestFromJson(source: string, api?: ApiStyle): PromptRequest {
  const root = parseTree(source);
  if (!root) throw new Error('not JSON');
  const style: ApiStyle =
    api ?? (child(root, 'input') || child(root, 'instructions') ? 'responses' : child(root, 'system') ? 'anthropic' : 'chat');
  const format: FormatId = style === 'chat' ? 'openai-chat' : style === 'responses' ? 'openai-responses' : 'anthropic-messages';
  const modelNode = child(root, 'model');
  const toolsNode = child(root, 'tools') ?? child(root, 'functions');
  const messagesNode = child(root, 'messages');
  let messages = (messagesNode?.children ?? []).map((m) => messageOf(source, m));
  const inputNode = child(root, 'input');
  if (inputNode?.type === 'string') {
    messages = [{ role: 'user', parts: partsOf(source, inputNode), range: range(inputNode), roleRange: null }];
  } else if (inputNode) {
    messages = (inputNode.children ?? []).map((m) => messageOf(source, m));
  }
  const systemNode = child(root, 'system');
  const instructionsNode = child(root, 'instructions');
  const responseFormat = responseFormatOf(source, root);
  const topLevel = style === 'anthropic' ? breakpointOf(root) : undefined;
  const parameters = Object.fromEntries(
    (root.children ?? [])
      .filter((p) => !KNOWN.has(p.children![0].value as string))
      .map((p) => [p.children![0].value as string, value(p.children![1])]),
  );
  return {
    format,
    api: style,
    ...(modelNode ? { model: { name: modelNode.value as string, range: range(modelNode) } } : {}),
    tools: (toolsNode?.children ?? []).map((t) => toolOf(source, t)),
    ...(responseFormat ? { responseFormat } : {}),
    ...(instructionsNode ? { instructions: stringPiece(source, instructionsNode) } : {}),
    ...(systemNode ? { system: partsOf(source, systemNode) } : {}),
    messages,
    ...(topLevel ? { topLevelCacheControl: topLevel } : {}),
    parameters,
    variables: [],
    testData: [],
    issues: [],
  };
}

/** The same, from a value (serialised with two-space indentation first). */
export function requestFromValue(request: unknown, api?: ApiStyle): PromptRequest {
  return requestFromJson(JSON.stringify(request, null, 2), api);
}
