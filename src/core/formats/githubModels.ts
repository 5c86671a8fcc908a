import { isMap, isScalar } from 'yaml';
import type { PromptRequest, ResponseSchema } from '../model';
import { emptyRequest, templateValueText, variablesUsedIn } from './request';
import { parseErrorAt } from './sourcePosition';
import { applyTemplate, subPiece } from './textPiece';
import { asRole } from './messageRoles';
import { parseYamlSource, yamlGet, yamlItems, yamlRange, yamlRawPiece, yamlString, yamlStringPiece, yamlValue, type YamlNode, type YamlSource } from './yamlSource';

/**
 * A GitHub Models prompt file (`*.prompt.yml`, github/gh-models `pkg/prompt`): model, parameters,
 * optional JSON schema, messages with `{{name}}` placeholders, and test data rows.
 */
export function parseGitHubModels(source: string): PromptRequest {
  const ys = parseYamlSource(source);
  if (!isMap(ys.root)) throw parseErrorAt(source, 0, 'A .prompt.yml file must be a YAML mapping with `messages`');
  const request = emptyRequest('github-models', 'chat');

  const modelNode = yamlGet(ys.root, 'model');
  if (isScalar(modelNode) && typeof modelNode.value === 'string') request.model = modelName(ys, modelNode);

  const parameters = yamlValue(yamlGet(ys.root, 'modelParameters'));
  if (parameters && typeof parameters === 'object') request.parameters = { ...(parameters as Record<string, unknown>) };

  const responseFormat = readResponseFormat(ys, request);
  if (responseFormat) request.responseFormat = responseFormat;

  const messages = yamlGet(ys.root, 'messages');
  if (!messages) request.issues.push({ severity: 'warning', message: 'The file has no `messages`', range: { start: 0, end: 0 } });
  for (const item of yamlItems(messages)) {
    const roleNode = yamlGet(item, 'role');
    const roleText = yamlString(roleNode);
    const role = asRole(roleText);
    const range = yamlRange(ys, item);
    if (!role) {
      request.issues.push({
        severity: 'warning',
        message: `Unknown message role "${roleText ?? ''}"; gh-models accepts system, user and assistant`,
        range: yamlRange(ys, roleNode ?? item) ?? { start: 0, end: 0 },
      });
    }
    const contentNode = yamlGet(item, 'content');
    const parts = contentNode
      ? [{ type: 'text' as const, piece: applyTemplate(yamlStringPiece(ys, contentNode), 'github-models'), range: yamlRange(ys, contentNode) }]
      : [];
    request.messages.push({ role: role ?? 'user', parts, range, roleRange: roleNode ? yamlStringPiece(ys, roleNode).range : null });
  }

  request.testData = yamlItems(yamlGet(ys.root, 'testData')).flatMap((row) => {
    const value = yamlValue(row);
    if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
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
    schema: wrapped ? holder.schema : holder,
    ...(typeof holder.strict === 'boolean' ? { strict: holder.strict } : {}),
    kind: 'json_schema',
    range,
    piece,
  };
}
