import { isMap, isScalar, isSeq } from 'yaml';
import type { PromptRequest, ResponseSchema } from '../model';
import { emptyRequest, templateValueText, variablesUsedIn } from './request';
import { jsonTooDeepAt, NESTING_MESSAGE } from './nestingDepth';
import { parseErrorAt } from './sourcePosition';
import { applyTemplate, subPiece } from './textPiece';
import { asRole } from './messageRoles';
import { parseYamlSource, yamlGet, yamlItems, yamlRange, yamlRawPiece, yamlString, yamlStringPiece, yamlValue, type YamlNode, type YamlSource } from './yamlSource';
import { shortText } from '../labels';

/**
 * A GitHub Models prompt file (`*.prompt.yml`, github/gh-models `pkg/prompt`): model, parameters,
 * optional JSON schema, messages with `{{name}}` placeholders, and test data rows.
 */
export function parseGitHubModels(source: string): PromptRequest {
  const ys = parseYamlSource(source);
  const request = emptyRequest('github-models', 'chat');
  // A file just created (nothing, or only comments): a warning, as for a mapping without messages.
  if (ys.root === null || ys.root === undefined || (isScalar(ys.root) && ys.root.value === null)) {
    request.issues.push({ severity: 'warning', message: 'The file is empty: add `model` and `messages`', range: { start: 0, end: 0 } });
    return request;
  }
  if (!isMap(ys.root)) throw parseErrorAt(source, 0, 'A .prompt.yml file must be a YAML mapping with `messages`');

  const wrongType = (node: YamlNode | undefined, message: string) =>
    request.issues.push({ severity: 'error', message, range: yamlRange(ys, node) ?? { start: 0, end: 0 } });

  const modelNode = yamlGet(ys.root, 'model');
  if (isScalar(modelNode) && typeof modelNode.value === 'string') request.model = modelName(ys, modelNode);
  else if (modelNode) wrongType(modelNode, '`model` must be a string such as openai/gpt-4o');

  const parametersNode = yamlGet(ys.root, 'modelParameters');
  if (isMap(parametersNode)) request.parameters = { ...(yamlValue(parametersNode) as Record<string, unknown>) };
  else if (parametersNode) wrongType(parametersNode, '`modelParameters` must be a mapping such as `temperature: 0.2`');

  const responseFormat = readResponseFormat(ys, request);
  if (responseFormat) request.responseFormat = responseFormat;

  const messages = yamlGet(ys.root, 'messages');
  if (!messages) request.issues.push({ severity: 'warning', message: 'The file has no `messages`', range: { start: 0, end: 0 } });
  else if (!isSeq(messages)) wrongType(messages, '`messages` must be a list of messages, each with `role` and `content`');
  for (const item of yamlItems(messages)) {
    if (!isMap(item)) {
      wrongType(item, 'A message must be a mapping with `role` and `content`');
      continue;
    }
    const roleNode = yamlGet(item, 'role');
    const roleText = yamlString(roleNode);
    const role = asRole(roleText);
    const range = yamlRange(ys, item);
    if (!role) {
      const what = roleNode === undefined ? 'A message has no `role`' : `Unknown message role ${shortText(JSON.stringify(roleText ?? yamlValue(roleNode)))}`;
      wrongType(roleNode ?? item, `${what}; gh-models accepts system, user and assistant`);
    }
    const contentNode = yamlGet(item, 'content');
    const textContent = isScalar(contentNode) && contentNode.value !== null && typeof contentNode.value !== 'object';
    if (contentNode && !textContent) wrongType(contentNode, '`content` must be text');
    const parts =
      contentNode && textContent
        ? [{ type: 'text' as const, piece: applyTemplate(yamlStringPiece(ys, contentNode), 'github-models'), range: yamlRange(ys, contentNode) }]
        : [];
    request.messages.push({ role: role ?? 'user', parts, range, roleRange: role ? yamlStringPiece(ys, roleNode!).range : null });
  }

  const testDataNode = yamlGet(ys.root, 'testData');
  if (testDataNode && !isSeq(testDataNode)) wrongType(testDataNode, '`testData` must be a list of mappings of variable values');
  request.testData = yamlItems(testDataNode).flatMap((row) => {
    const value = yamlValue(row);
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      wrongType(row, 'A `testData` row must be a mapping of variable names to values');
      return [];
    }
    return [Object.fromEntries(Object.entries(value).map(([k, v]) => [k, templateValueText(v)]))];
  });

  const pieces = request.messages.flatMap((m) => m.parts.flatMap((p) => (p.type === 'text' ? [p.piece] : [])));
  request.variables = variablesUsedIn(pieces).map((v) => {
    const sample = request.testData.find((row) => v.name in row);
    return sample ? { ...v, defaultValue: sample[v.name] } : v;
  });
  return request;
}

/** `openai/gpt-4o` names the publisher and the model; the tokenizer needs the model part. */
function modelName(ys: YamlSource, node: YamlNode): NonNullable<PromptRequest['model']> {
  const piece = yamlStringPiece(ys, node);
  const slash = piece.text.indexOf('/');
  if (slash < 0) return { name: piece.text, range: piece.range };
  const namePiece = subPiece(piece, slash + 1, piece.text.length);
  return { name: namePiece.text, range: namePiece.range, provider: piece.text.slice(0, slash) };
}

/**
 * `responseFormat: json_schema` with `jsonSchema` given as a JSON string (current gh-models) or as
 * YAML (older examples): either `{name, schema, strict}` or the bare schema.
 */
function readResponseFormat(ys: YamlSource, request: PromptRequest): ResponseSchema | undefined {
  const formatNode = yamlGet(ys.root, 'responseFormat');
  const format = yamlString(formatNode);
  if (formatNode && format !== 'text' && format !== 'json_object' && format !== 'json_schema') {
    request.issues.push({
      severity: 'error',
      message: '`responseFormat` must be text, json_object or json_schema',
      range: yamlRange(ys, formatNode) ?? { start: 0, end: 0 },
    });
    return undefined;
  }
  const schemaNode = yamlGet(ys.root, 'jsonSchema');
  if (format === 'json_object') {
    return { name: 'json_object', schema: undefined, kind: 'json_object', range: yamlRange(ys, formatNode), piece: yamlRawPiece(ys, formatNode!) };
  }
  if (format !== 'json_schema' && !schemaNode) return undefined;
  if (!schemaNode) {
    request.issues.push({ severity: 'error', message: 'responseFormat json_schema needs a jsonSchema', range: yamlRange(ys, formatNode) ?? { start: 0, end: 0 } });
    return undefined;
  }
  const range = yamlRange(ys, schemaNode) ?? { start: 0, end: 0 };
  let value: unknown = yamlValue(schemaNode);
  let piece = yamlRawPiece(ys, schemaNode);
  if (typeof value === 'string') {
    piece = yamlStringPiece(ys, schemaNode);
    // The schema is rendered by recursive walks; a string is not covered by the YAML nesting check.
    if (jsonTooDeepAt(value) >= 0) {
      request.issues.push({ severity: 'error', message: `jsonSchema is ${NESTING_MESSAGE}`, range });
      return undefined;
    }
    try {
      value = JSON.parse(value);
    } catch (error) {
      request.issues.push({ severity: 'error', message: `jsonSchema is not valid JSON: ${(error as Error).message}`, range });
      return undefined;
    }
  }
  const holder = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const wrapped = 'schema' in holder;
  return {
    name: typeof holder.name === 'string' && wrapped ? holder.name : 'response',
    ...(typeof holder.description === 'string' && wrapped ? { description: holder.description } : {}),
    schema: wrapped ? holder.schema : holder,
    ...(typeof holder.strict === 'boolean' ? { strict: holder.strict } : {}),
    kind: 'json_schema',
    range,
    piece,
  };
}
