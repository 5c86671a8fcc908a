import type { ContentPart, Message, PromptRequest, Role } from '../model';
import { jsonAudioPart, jsonImagePart, jsonModel, jsonOtherPart, jsonResponseSchema, jsonTextPart, jsonTool, checkedParameterKeys, otherTopLevelFields } from './jsonBlocks';
import {
  jsonEntries,
  jsonItems,
  jsonProperty,
  jsonRange,
  jsonRawPiece,
  jsonString,
  jsonStringInnerRange,
  jsonStringPiece,
  jsonValue,
  parseJsonSource,
  type JsonNode,
} from './jsonSource';
import { asRole } from './messageRoles';
import { emptyRequest, variablesUsedIn } from './request';
import { parseErrorAt } from './sourcePosition';
import { applyTemplate } from './textPiece';
import { shortText } from '../labels';

const HANDLED_FIELDS = new Set([
  'model',
  'instructions',
  'input',
  'tools',
  'text',
  'previous_response_id',
  'prompt_cache_key',
  'prompt_cache_retention',
]);

const TEXT_PART_TYPES: ReadonlySet<string> = new Set(['input_text', 'output_text', 'text']);

/** An OpenAI Responses request body (`POST /v1/responses`). */
export function parseOpenAiResponses(source: string): PromptRequest {
  const root = parseJsonSource(source);
  if (root.type !== 'object') throw parseErrorAt(source, root.offset, 'A Responses request must be a JSON object');
  const request = emptyRequest('openai-responses', 'responses');
  const model = jsonModel(root, 'openai');
  if (model) request.model = model;

  // Responses function tools are flat: {type, name, description, parameters, strict}. A namespace
  // tool groups such tools under its name: {type: "namespace", name, description, tools: [...]}.
  for (const toolNode of jsonItems(jsonProperty(root, 'tools'))) {
    const tool = jsonTool(toolNode, toolNode, source, 'parameters');
    if (tool.type === 'namespace') tool.tools = jsonItems(jsonProperty(toolNode, 'tools')).map((inner) => jsonTool(inner, inner, source, 'parameters'));
    request.tools.push(tool);
  }

  const textNode = jsonProperty(root, 'text');
  const formatNode = jsonProperty(textNode, 'format');
  const responseFormat = formatNode ? jsonResponseSchema(formatNode, source) : undefined;
  if (responseFormat) request.responseFormat = responseFormat;

  const instructionsNode = jsonProperty(root, 'instructions');
  if (instructionsNode?.type === 'string') {
    request.instructions = applyTemplate(jsonStringPiece(instructionsNode, source), 'json-string');
  }

  const input = jsonProperty(root, 'input');
  if (input?.type === 'string') {
    request.messages.push({ role: 'user', parts: [jsonTextPart(input, input, source)], range: jsonRange(input), roleRange: null });
  } else if (input?.type === 'array') {
    for (const item of jsonItems(input)) {
      if (isItemReference(item)) request.storedItemReferences = (request.storedItemReferences ?? 0) + 1;
      else request.messages.push(inputItem(item, source, request));
    }
  } else if (input) {
    request.issues.push({ severity: 'error', message: '`input` must be a string or an array of items', range: jsonRange(input) });
  }

  const previous = jsonString(jsonProperty(root, 'previous_response_id'));
  if (previous !== undefined) request.previousResponseId = previous;
  const cacheKey = jsonString(jsonProperty(root, 'prompt_cache_key'));
  if (cacheKey !== undefined) request.promptCacheKey = cacheKey;
  const retention = jsonString(jsonProperty(root, 'prompt_cache_retention'));
  if (retention !== undefined) request.promptCacheRetention = retention;

  request.parameters = otherTopLevelFields(root, HANDLED_FIELDS);
  request.parameterRanges = checkedParameterKeys(root);
  const textRest = jsonEntries(textNode).filter(([key]) => key !== 'format');
  if (textRest.length > 0) request.parameters.text = Object.fromEntries(textRest.map(([k, v]) => [k, jsonValue(v)]));

  const pieces = [
    ...(request.instructions ? [request.instructions] : []),
    ...request.messages.flatMap((m) => m.parts.flatMap((p) => (p.type === 'text' ? [p.piece] : []))),
  ];
  request.variables = variablesUsedIn(pieces);
  return request;
}

/**
 * An input item given by reference to one the API stored (an earlier response's message, reasoning
 * or call): `{"type": "item_reference", "id": …}`, or an object holding nothing but its `id`.
 */
function isItemReference(item: JsonNode): boolean {
  const keys = jsonEntries(item).map(([key]) => key);
  const type = jsonString(jsonProperty(item, 'type'));
  return type === 'item_reference' || (keys.length === 1 && keys[0] === 'id');
}

/** One `input` item: a message, or a function call / output / other item carried as JSON. */
function inputItem(item: JsonNode, source: string, request: PromptRequest): Message {
  const type = jsonString(jsonProperty(item, 'type'));
  const roleNode = jsonProperty(item, 'role');
  if (roleNode && (type === undefined || type === 'message')) {
    const roleText = jsonString(roleNode);
    const role = asRole(roleText);
    if (!role) {
      request.issues.push({ severity: 'error', message: `Unknown role ${shortText(JSON.stringify(roleText ?? jsonValue(roleNode)))}; the API rejects it (counted as user here)`, range: jsonRange(roleNode) });
    }
    const message: Message = { role: role ?? 'user', parts: messageContent(jsonProperty(item, 'content'), source), range: jsonRange(item), roleRange: roleText !== undefined ? jsonStringInnerRange(roleNode) : null };
    const id = jsonString(jsonProperty(item, 'id'));
    if (id !== undefined) message.itemId = id;
    return message;
  }
  const itemType = type ?? 'unknown';
  if (itemType === 'function_call') {
    // Read as the model reads an assistant tool call: its name and arguments, not the item's JSON.
    return { role: 'assistant', parts: [], toolCalls: jsonRawPiece(item, source), range: jsonRange(item), roleRange: null };
  }
  const outputParts = toolOutputParts(itemType, jsonProperty(item, 'output'), item, source);
  const role: Role = outputParts || itemType.endsWith('_output') ? 'tool' : 'assistant';
  const message: Message = { role, parts: outputParts ?? [jsonOtherPart(itemType, item, source)], range: jsonRange(item), roleRange: null };
  const callId = jsonString(jsonProperty(item, 'call_id'));
  if (role === 'tool' && callId !== undefined) message.toolCallId = callId;
  return message;
}

/**
 * What a tool output item gives the model, where it is more than the item's JSON: a
 * `function_call_output`'s string, or its list of content parts (text, images, files) read as a
 * message's; a `computer_call_output`'s screenshot as an image (by data URL, URL or file id).
 */
function toolOutputParts(itemType: string, output: JsonNode | undefined, item: JsonNode, source: string): ContentPart[] | undefined {
  if (itemType === 'function_call_output' && output?.type === 'string') return [jsonTextPart(output, item, source)];
  if (itemType === 'function_call_output' && output?.type === 'array') return messageContent(output, source);
  if (itemType === 'computer_call_output' && output?.type === 'object') {
    const url = jsonString(jsonProperty(output, 'image_url')) ?? jsonString(jsonProperty(output, 'file_id'));
    if (url !== undefined) return [jsonImagePart(output, url, jsonValue(jsonProperty(output, 'detail')))];
  }
  return undefined;
}

function messageContent(content: JsonNode | undefined, source: string): ContentPart[] {
  if (!content) return [];
  if (content.type === 'string') return [jsonTextPart(content, content, source)];
  return jsonItems(content).map((part) => {
    const type = jsonString(jsonProperty(part, 'type')) ?? 'unknown';
    const text = jsonProperty(part, 'text');
    if (TEXT_PART_TYPES.has(type) && text?.type === 'string') return jsonTextPart(text, part, source);
    if (type === 'input_image') {
      const url = jsonString(jsonProperty(part, 'image_url')) ?? jsonString(jsonProperty(part, 'file_id'));
      return jsonImagePart(part, url, jsonValue(jsonProperty(part, 'detail')));
    }
    if (type === 'input_audio') return jsonAudioPart(part, jsonProperty(part, 'input_audio'));
    return jsonOtherPart(type, part, source);
  });
}
