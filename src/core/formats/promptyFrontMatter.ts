import { isMap, isScalar, isSeq } from 'yaml';
import type { TemplateVariable, ToolDefinition } from '../model';
import { templateValueText } from './request';
import { yamlEntries, yamlGet, yamlItems, yamlRange, yamlRawPiece, yamlString, yamlStringPiece, yamlValue, type YamlNode, type YamlSource } from './yamlSource';
import { findTemplateSpans, type TemplateSyntax } from './templates';

/** What a Prompty `model` section says, v2 (`id`, `provider`, `apiType`, `options`) or legacy v1. */
export interface PromptyModel {
  name?: string;
  range: ReturnType<typeof yamlRange>;
  provider?: string;
  apiType?: string;
  parameters: Record<string, unknown>;
}

export function readPromptyModel(ys: YamlSource, model: YamlNode | undefined): PromptyModel {
  if (isScalar(model)) {
    const piece = yamlStringPiece(ys, model);
    return { name: piece.text, range: piece.range, parameters: {} };
  }
  if (!isMap(model)) return { range: null, parameters: {} };
  const configuration = yamlGet(model, 'configuration');
  // v2 names the model `id`; v1 put the deployment or model name under `configuration`.
  const nameNode =
    yamlGet(model, 'id') ??
    yamlGet(configuration, 'azure_deployment') ??
    yamlGet(configuration, 'name') ??
    yamlGet(configuration, 'model');
  const name = yamlString(nameNode);
  const options = yamlValue(yamlGet(model, 'options') ?? yamlGet(model, 'parameters'));
  return {
    ...(name !== undefined ? { name } : {}),
    range: name !== undefined && nameNode ? yamlStringPiece(ys, nameNode).range : null,
    ...optionalString('provider', yamlString(yamlGet(model, 'provider')) ?? yamlString(yamlGet(configuration, 'type'))),
    ...optionalString('apiType', yamlString(yamlGet(model, 'apiType')) ?? yamlString(yamlGet(model, 'api'))),
    parameters: isPlainObject(options) ? options : {},
  };
}

/** `template: mustache`, `template: {format: {kind: mustache}}` or the jinja2 default. */
export function promptyTemplateSyntax(template: YamlNode | undefined): TemplateSyntax {
  const kind = yamlString(template) ?? yamlString(yamlGet(yamlGet(template, 'format'), 'kind')) ?? yamlString(yamlGet(template, 'format'));
  return kind?.toLowerCase() === 'mustache' ? 'mustache' : 'jinja';
}

/**
 * Declared inputs: a v2 list of properties, a map (scalar shorthand = default, or an object with
 * `default` / legacy `sample`), or the older `inputSchema.properties` list.
 */
export function readPromptyInputs(ys: YamlSource, frontMatter: YamlNode | null): TemplateVariable[] {
  const inputs = yamlGet(frontMatter, 'inputs') ?? yamlGet(yamlGet(frontMatter, 'inputSchema'), 'properties');
  if (isSeq(inputs)) {
    return yamlItems(inputs).flatMap((item) => {
      const nameNode = yamlGet(item, 'name');
      const name = yamlString(nameNode);
      return name === undefined ? [] : [variable(name, yamlRange(ys, nameNode), item)];
    });
  }
  return yamlEntries(inputs).map(({ key, keyNode, value }) => variable(key, yamlRange(ys, keyNode), value));
}

function variable(name: string, range: TemplateVariable['range'], declaration: YamlNode | undefined): TemplateVariable {
  const value = isMap(declaration)
    ? (yamlValue(yamlGet(declaration, 'default')) ?? yamlValue(yamlGet(declaration, 'sample')) ?? yamlValue(yamlGet(declaration, 'example')))
    : yamlValue(declaration);
  const thread = isMap(declaration) && yamlString(yamlGet(declaration, 'kind')) === 'thread';
  return { name, ...(value !== undefined && value !== null ? { defaultValue: templateValueText(value) } : {}), ...(thread ? { thread } : {}), range };
}

/** The legacy top-level `sample:` map, as one row of test data. */
export function readPromptySample(frontMatter: YamlNode | null): Record<string, string>[] {
  const sample = yamlValue(yamlGet(frontMatter, 'sample'));
  if (!isPlainObject(sample)) return [];
  return [Object.fromEntries(Object.entries(sample).map(([k, v]) => [k, templateValueText(v)]))];
}

/** Prompty property kinds as JSON Schema types. */
const KIND_TO_JSON_TYPE: Record<string, string> = {
  string: 'string',
  integer: 'integer',
  int: 'integer',
  float: 'number',
  number: 'number',
  boolean: 'boolean',
  bool: 'boolean',
  array: 'array',
  object: 'object',
};

/**
 * Function tools from `tools:`. Prompty lists parameters as properties; they are sent as JSON
 * Schema, without the parameters fixed by `bindings` (spec §2.9.1).
 */
export function readPromptyTools(ys: YamlSource, frontMatter: YamlNode | null, syntax: TemplateSyntax): ToolDefinition[] {
  return yamlItems(yamlGet(frontMatter, 'tools')).flatMap((toolNode) => {
    const name = yamlString(yamlGet(toolNode, 'name'));
    if (name === undefined) return [];
    const kind = yamlString(yamlGet(toolNode, 'kind')) ?? yamlString(yamlGet(toolNode, 'type')) ?? 'function';
    const description = yamlString(yamlGet(toolNode, 'description'));
    const strict = yamlValue(yamlGet(toolNode, 'strict'));
    const bound = new Set(yamlEntries(yamlGet(toolNode, 'bindings')).map((e) => e.key));
    const piece = yamlRawPiece(ys, toolNode);
    piece.dynamic = findTemplateSpans(piece.text, syntax);
    const parameters = kind === 'function' ? parametersSchema(yamlGet(toolNode, 'parameters'), bound) : undefined;
    const tool: ToolDefinition = {
      type: kind,
      name,
      ...(description !== undefined ? { description } : {}),
      ...(parameters ? { parameters } : {}),
      ...(typeof strict === 'boolean' ? { strict } : {}),
      range: yamlRange(ys, toolNode),
      dynamic: piece.dynamic,
      piece,
    };
    return [tool];
  });
}

function parametersSchema(node: YamlNode | undefined, bound: ReadonlySet<string>): unknown {
  if (!node) return undefined;
  const list = isSeq(node) ? node : yamlGet(node, 'properties');
  if (!isSeq(list)) return yamlValue(node);
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const item of yamlItems(list)) {
    const name = yamlString(yamlGet(item, 'name'));
    if (name === undefined || bound.has(name)) continue;
    const kind = yamlString(yamlGet(item, 'kind')) ?? 'string';
    const description = yamlString(yamlGet(item, 'description'));
    const enumValues = yamlValue(yamlGet(item, 'enumValues'));
    properties[name] = {
      type: KIND_TO_JSON_TYPE[kind] ?? 'string',
      ...(description !== undefined ? { description } : {}),
      ...(Array.isArray(enumValues) ? { enum: enumValues } : {}),
    };
    if (yamlValue(yamlGet(item, 'required')) === true) required.push(name);
  }
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}) };
}

function optionalString<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
