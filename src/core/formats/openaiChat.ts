import type { ContentPart, Message, PromptRequest } from '../model';
import { jsonAudioPart, jsonImagePart, jsonModel, jsonOtherPart, jsonResponseSchema, jsonTextPart, jsonTool, checkedParameterKeys, otherTopLevelFields } from './jsonBlocks';
import {
  jsonItems,
  jsonProperty,
  jsonRange,
  jsonRawPiece,
  jsonString,
  jsonStringInnerRange,
  jsonValue,
  parseJsonSource,
  type JsonNode,
} from './jsonSource';
import { asRole } from './messageRoles';
import { emptyRequest, variablesUsedIn } from './request';
import { parseErrorAt } from './sourcePosition';
import { shortText } from '../labels';

/** Fields this parser models; everything else is kept in `parameters`. */
const HANDLED_FIELDS = new Set([
  'model',
  'messages',
  'tools',
  'functions',
  'response_format',
  'prompt_cache_key',
  'prompt_cache_retention',
]);

/** An OpenAI Chat Completions request body (`POST /v1/chat/completions`). */
export function parseOpenAiChat(source: string): PromptRequest {
  const root = parseJsonSource(source);
  if (root.type !== 'object') throw parseErrorAt(source, root.offset, 'A Chat Completions request must be a JSON object');
  const request = emptyRequest('openai-chat', 'chat');
  const model = jsonModel(root, 'openai');
  if (model) request.model = model;

  const toolsNode = jsonProperty(root, 'tools');
  if (toolsNode?.type === 'array' && jsonItems(toolsNode).length === 0) request.emptyToolList = { range: jsonRange(toolsNode) };
  for (const toolNode of jsonItems(toolsNode)) {
    const fn = jsonProperty(toolNode, 'function') ?? jsonProperty(toolNode, 'custom') ?? toolNode;
    request.tools.push(jsonTool(toolNode, fn, source, 'parameters'));
  }
  // The legacy `functions` array reaches the model the same way tools do.
  for (const fnNode of jsonItems(jsonProperty(root, 'functions'))) {
    request.tools.push({ ...jsonTool(fnNode, fnNode, source, 'parameters'), type: 'function' });
  }

  const formatNode = jsonProperty(root, 'response_format');
  const responseFormat = formatNode ? jsonResponseSchema(formatNode, source) : undefined;
  if (responseFormat) request.responseFormat = responseFormat;

  const messagesNode = jsonProperty(root, 'messages');
  if (messagesNode && messagesNode.type !== 'array') {
    request.issues.push({ severity: 'error', message: '`messages` must be an array', range: jsonRange(messagesNode) });
  } else if (messagesNode && jsonItems(messagesNode).length === 0) {
    request.issues.push({ severity: 'warning', message: '`messages` is empty: the API refuses a request without messages (400)', range: jsonRange(messagesNode) });
  }
  for (const messageNode of jsonItems(messagesNode)) {
    const message = chatMessage(messageNode, source, request);
    if (message) request.messages.push(message);
  }

  const cacheKey = jsonString(jsonProperty(root, 'prompt_cache_key'));
  if (cacheKey !== undefined) request.promptCacheKey = cacheKey;
  const retention = jsonString(jsonProperty(root, 'prompt_cache_retention'));
  if (retention !== undefined) request.promptCacheRetention = retention;
  request.parameters = otherTopLevelFields(root, HANDLED_FIELDS);
  request.parameterRanges = checkedParameterKeys(root);
  request.variables = variablesUsedIn(request.messages.flatMap(textPiecesOf));
  return request;
}

function chatMessage(node: JsonNode, source: string, request: PromptRequest): Message | undefined {
  if (node.type !== 'object') {
    request.issues.push({ severity: 'error', message: 'A message must be an object', range: jsonRange(node) });
    return undefined;
  }
  const roleNode = jsonProperty(node, 'role');
  const roleText = jsonString(roleNode);
  const role = asRole(roleText);
  if (!role) {
    const what = !roleNode ? 'has no `role`' : `has an unknown role ${shortText(JSON.stringify(roleText ?? jsonValue(roleNode)))}`;
    request.issues.push({ severity: 'error', message: `Message ${what}; the API rejects it (counted as user here)`, range: jsonRange(roleNode ?? node) });
  }
  const message: Message = {
    role: role ?? 'user',
    parts: chatContent(contentOrRefusal(node), source, request),
    range: jsonRange(node),
    roleRange: roleText !== undefined ? jsonStringInnerRange(roleNode!) : null,
  };
  const name = jsonString(jsonProperty(node, 'name'));
  if (name !== undefined) message.name = name;
  // `tool_calls: null` (LiteLLM sends it, and `function_call: null`, on every assistant turn) is no call:
  // a recorded gpt-4o-mini turn with both null bills as the same turn without them.
  const given = (key: string) => {
    const value = jsonProperty(node, key);
    return value && value.type !== 'null' ? value : undefined;
  };
  const toolCalls = given('tool_calls') ?? given('function_call');
  if (toolCalls) message.toolCalls = jsonRawPiece(toolCalls, source);
  const toolCallId = jsonString(jsonProperty(node, 'tool_call_id'));
  if (toolCallId !== undefined) message.toolCallId = toolCallId;
  return message;
}

/**
 * An assistant turn that declined (`refusal` set, no `content`) reaches the model with the refusal as
 * its text: fitted to a recorded gpt-4o-2024-08-06 conversation whose count is short by exactly the
 * refusal's tokens otherwise.
 */
function contentOrRefusal(node: JsonNode): JsonNode | undefined {
  const content = jsonProperty(node, 'content');
  if (content && content.type !== 'null') return content;
  const refusal = jsonProperty(node, 'refusal');
  return refusal?.type === 'string' ? refusal : content;
}

function chatContent(content: JsonNode | undefined, source: string, request: PromptRequest): ContentPart[] {
  if (!content || content.type === 'null') return [];
  if (content.type === 'string') return [jsonTextPart(content, content, source)];
  if (content.type !== 'array') {
    request.issues.push({ severity: 'error', message: '`content` must be a string or an array of parts', range: jsonRange(content) });
    return [];
  }
  return jsonItems(content).map((part) => chatPart(part, source));
}

function chatPart(part: JsonNode, source: string): ContentPart {
  const type = jsonString(jsonProperty(part, 'type')) ?? 'unknown';
  const textNode = jsonProperty(part, 'text');
  if (type === 'text' && textNode?.type === 'string') return jsonTextPart(textNode, part, source);
  if (type === 'image_url') {
    const image = jsonProperty(part, 'image_url');
    const url = jsonString(image) ?? jsonString(jsonProperty(image, 'url'));
    return jsonImagePart(part, url, jsonValue(jsonProperty(image, 'detail')));
  }
  if (type === 'input_audio') return jsonAudioPart(part, jsonProperty(part, 'input_audio'));
  return jsonOtherPart(type, part, source);
}

function textPiecesOf(message: Message) {
  return message.parts.flatMap((p) => (p.type === 'text' ? [p.piece] : []));
}
