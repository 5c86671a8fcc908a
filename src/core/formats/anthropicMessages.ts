import type { ContentPart, PromptRequest } from '../model';
import { breakpointOf, checkedParameterKeys, jsonImagePart, jsonModel, jsonOtherPart, jsonTextPart, jsonTool, otherTopLevelFields } from './jsonBlocks';
import {
  jsonItems,
  jsonProperty,
  jsonRange,
  jsonString,
  jsonStringInnerRange,
  jsonValue,
  parseJsonSource,
  type JsonNode,
} from './jsonSource';
import { emptyRequest, variablesUsedIn } from './request';
import { parseErrorAt } from './sourcePosition';
import { shortText } from '../labels';

const HANDLED_FIELDS = new Set(['model', 'system', 'messages', 'tools', 'cache_control']);

/** An Anthropic Messages request body (`POST /v1/messages`). */
export function parseAnthropicMessages(source: string): PromptRequest {
  const root = parseJsonSource(source);
  if (root.type !== 'object') throw parseErrorAt(source, root.offset, 'A Messages request must be a JSON object');
  const request = emptyRequest('anthropic-messages', 'anthropic');
  const model = jsonModel(root, 'anthropic');
  if (model) request.model = model;

  for (const toolNode of jsonItems(jsonProperty(root, 'tools'))) {
    const tool = jsonTool(toolNode, toolNode, source, 'input_schema');
    // Client tools have no type (or `custom`); server tools keep theirs (web_search_20250305 ...).
    request.tools.push(tool.type === 'custom' ? { ...tool, type: 'function' } : tool);
  }

  const system = jsonProperty(root, 'system');
  if (system) request.system = blocks(system, source, request);

  const messagesNode = jsonProperty(root, 'messages');
  if (messagesNode?.type === 'array' && jsonItems(messagesNode).length === 0) {
    request.issues.push({ severity: 'warning', message: '`messages` is empty: the API refuses a request without messages (400)', range: jsonRange(messagesNode) });
  }
  for (const messageNode of jsonItems(messagesNode)) {
    const roleNode = jsonProperty(messageNode, 'role');
    const roleText = jsonString(roleNode);
    if (roleText !== 'user' && roleText !== 'assistant') {
      request.issues.push({
        severity: 'error',
        message: `Messages API roles are user and assistant; got ${roleNode ? shortText(JSON.stringify(roleText ?? jsonValue(roleNode))) : 'none'} (the API rejects it)`,
        range: jsonRange(roleNode ?? messageNode),
      });
    }
    request.messages.push({
      role: roleText === 'assistant' ? 'assistant' : 'user',
      parts: blocks(jsonProperty(messageNode, 'content'), source, request),
      range: jsonRange(messageNode),
      roleRange: roleText !== undefined ? jsonStringInnerRange(roleNode!) : null,
    });
  }

  const topLevel = breakpointOf(root);
  if (topLevel) request.topLevelCacheControl = topLevel;
  request.parameters = otherTopLevelFields(root, HANDLED_FIELDS);
  request.parameterRanges = checkedParameterKeys(root);
  const pieces = [...(request.system ?? []), ...request.messages.flatMap((m) => m.parts)].flatMap((p) =>
    p.type === 'text' ? [p.piece] : [],
  );
  request.variables = variablesUsedIn(pieces);
  return request;
}

/** `system` or message `content`: a string or an array of content blocks. */
function blocks(node: JsonNode | undefined, source: string, request: PromptRequest): ContentPart[] {
  if (!node) return [];
  if (node.type === 'string') return [jsonTextPart(node, node, source)];
  if (node.type !== 'array') {
    request.issues.push({ severity: 'error', message: 'Expected a string or an array of content blocks', range: jsonRange(node) });
    return [];
  }
  return jsonItems(node).map((block) => {
    const type = jsonString(jsonProperty(block, 'type')) ?? 'unknown';
    const text = jsonProperty(block, 'text');
    if (type === 'text' && text?.type === 'string') return jsonTextPart(text, block, source);
    if (type === 'image') {
      const imageSource = jsonProperty(block, 'source');
      const url = jsonString(jsonProperty(imageSource, 'url')) ?? dataUrl(imageSource);
      return jsonImagePart(block, url, undefined);
    }
    return jsonOtherPart(type, block, source);
  });
}

function dataUrl(imageSource: JsonNode | undefined): string | undefined {
  const data = jsonString(jsonProperty(imageSource, 'data'));
  if (data === undefined) return jsonString(jsonProperty(imageSource, 'file_id'));
  return `data:${jsonString(jsonProperty(imageSource, 'media_type')) ?? 'image'};base64,${data}`;
}
