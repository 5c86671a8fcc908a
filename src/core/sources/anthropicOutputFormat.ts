/**
 * The anthropic SDK's `output_format` (Python; the structured-outputs beta, then deprecated for
 * `output_config.format`), as anthropic-sdk-python@009b035305e0724ce108ebd796935f91711fc6e1 sends it
 * (src/anthropic/resources/beta/messages/messages.py and resources/messages/messages.py,
 * lib/_parse/_transform.py; the same since the beta came in, v0.73.0):
 *
 * - a dict is sent as written, as `output_config.format` (read there by the renderer either way);
 * - a pydantic model class given to `messages.parse()` or `messages.stream()` is sent as
 *   `output_config.format = {type: "json_schema", schema: transform_schema(Model's JSON schema)}`,
 *   merged into an `output_config` given beside it;
 * - a pydantic model class given to `beta.messages.create()` makes the SDK raise a TypeError
 *   (`validate_output_format`: "You must use `beta.messages.parse()` instead"): nothing is sent.
 *   (`messages.create()` of the GA API takes no `output_format` at all.)
 *
 * An `output_config` with a `format` beside `output_format` is refused by the SDK too.
 */
import type { Node } from 'web-tree-sitter';
import { isModelClass, pydanticModelSchema } from './pydanticSchema';
import type { PythonProgram } from './pythonProgram';
import { pythonStr, type PythonValue } from './pythonText';
import { entryOf, staticOfJson, type StaticEntry, type StaticObject } from './staticValue';
import { refusal } from './refusal';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: Json };

/** The string formats `transform_schema` keeps (`SupportedStringFormats`); another is written into the description. */
const SUPPORTED_STRING_FORMATS = new Set(['date-time', 'time', 'date', 'duration', 'email', 'hostname', 'uri', 'ipv4', 'ipv6', 'uuid']);

/** The types `transform_schema` knows; another makes it raise. */
const KNOWN_TYPES = new Set(['object', 'array', 'string', 'integer', 'number', 'boolean', 'null']);

const isSchema = (value: Json | undefined): value is Schema => value !== null && typeof value === 'object' && !Array.isArray(value);

/** A JSON value as Python holds it after `json_schema()`: an integral number is an int. */
function pythonOfJson(value: Json): PythonValue {
  if (value === null) return { type: 'none' };
  if (typeof value === 'string') return { type: 'str', text: value };
  if (typeof value === 'boolean') return { type: 'bool', value };
  if (typeof value === 'number') return Number.isInteger(value) ? { type: 'int', value } : { type: 'float', value };
  if (Array.isArray(value)) return { type: 'list', items: value.map(pythonOfJson) };
  return { type: 'dict', entries: Object.entries(value).map(([key, item]) => [key, pythonOfJson(item)]) };
}

/** How one SDK's schema transform differs from the other's. */
interface TransformDialect {
  /** TypeScript: an `enum` of plain values or a `const` is written first, with no `type` beside it. */
  literalsFirst: boolean;
  /** Python: a `type` the SDK does not know makes it raise. */
  knownTypesOnly: boolean;
  /** TypeScript: `$schema` names the dialect and is dropped, not written into the description. */
  dropsSchemaKey: boolean;
  /** A leftover keyword's value as the SDK prints it into the description; undefined where not printed here. */
  show: (value: Json) => string | undefined;
}

const PYTHON_TRANSFORM: TransformDialect = { literalsFirst: false, knownTypesOnly: true, dropsSchemaKey: false, show: (value) => pythonStr(pythonOfJson(value)) };
const SCRIPT_TRANSFORM: TransformDialect = { literalsFirst: true, knownTypesOnly: false, dropsSchemaKey: true, show: (value) => JSON.stringify(value) };

/**
 * The anthropic SDK's `transform_schema` of a JSON schema: the keywords the API takes kept (`type`,
 * `anyOf` for `oneOf` too, `allOf`, `enum`, `description`, `title`, an object's `properties` with
 * `additionalProperties: false` and its `required`, a string's supported `format`, an array's
 * `items` and a `minItems` of 0 or 1, `$defs` and a `$ref` alone), each other keyword written at
 * the end of the description as `{key: value, ...}` in Python's `str()`. Undefined where the SDK
 * raises (no `type`, `anyOf`, `oneOf` or `allOf`; a `type` it does not know) or a value is not
 * printed here.
 */
export function anthropicTransformedSchema(schema: Schema): Schema | undefined {
  return transformed(schema, PYTHON_TRANSFORM);
}

/**
 * The anthropic TypeScript SDK's `transformJSONSchema` (lib/transform-json-schema.ts, as
 * @anthropic-ai/sdk 1.14.0 ships it), which its zod helpers (`zodOutputFormat`, `betaZodOutputFormat`)
 * apply to `z.toJSONSchema(schema, { reused: "ref" })`: as `transform_schema`, but an `enum` of
 * plain values or a `const` first (with no `type` beside them), `$schema` dropped, other keywords
 * printed as JSON, and any `type` kept. Undefined where the SDK throws (no type and nothing in its place).
 */
export function anthropicScriptTransformedSchema(schema: Schema): Schema | undefined {
  return transformed(schema, SCRIPT_TRANSFORM);
}

function transformed(schema: Schema, dialect: TransformDialect): Schema | undefined {
  const out: Schema = {};
  const rest: Schema = { ...schema };
  const pop = (key: string): Json | undefined => {
    const value = rest[key];
    delete rest[key];
    return value;
  };
  const given = (value: Json | undefined): value is Json => value !== undefined && (dialect.literalsFirst || value !== null);
  const one = (item: Json): Schema | undefined => (isSchema(item) ? transformed(item, dialect) : undefined);
  const each = (items: Json[]): Json[] | undefined => {
    const done: Json[] = [];
    for (const item of items) {
      const transformedItem = one(item);
      if (!transformedItem) return undefined;
      done.push(transformedItem);
    }
    return done;
  };
  const defs = pop('$defs');
  if (defs !== undefined) {
    if (!isSchema(defs)) return undefined;
    const done: Schema = {};
    for (const [name, def] of Object.entries(defs)) {
      const transformedDef = one(def);
      if (!transformedDef) return undefined;
      done[name] = transformedDef;
    }
    out.$defs = done;
  }
  const ref = pop('$ref');
  if (given(ref)) {
    out.$ref = ref;
    return out;
  }
  const isPlain = (value: Json) => value === null || typeof value !== 'object';
  if (dialect.literalsFirst) {
    const enumValues = rest.enum;
    if (Array.isArray(enumValues) && enumValues.length > 0 && enumValues.every(isPlain)) out.enum = pop('enum')!;
    if (rest.const !== undefined && isPlain(rest.const)) out.const = pop('const')!;
  }
  const literals = 'enum' in out || 'const' in out;
  const declared = pop('type');
  const type = literals ? undefined : declared;
  const anyOf = pop('anyOf');
  const oneOf = pop('oneOf');
  const allOf = pop('allOf');
  if (dialect.dropsSchemaKey) pop('$schema');
  const variants = Array.isArray(anyOf) ? anyOf : Array.isArray(oneOf) ? oneOf : Array.isArray(allOf) ? allOf : undefined;
  if (variants) {
    const done = each(variants);
    if (!done) return undefined;
    out[Array.isArray(anyOf) || Array.isArray(oneOf) ? 'anyOf' : 'allOf'] = done;
  } else if (!literals) {
    if (!given(type)) return undefined;
    out.type = type;
  }
  if (dialect.knownTypesOnly && type !== undefined && type !== null && !KNOWN_TYPES.has(type as string)) return undefined;
  if (!dialect.literalsFirst) {
    const enumValues = pop('enum');
    if (Array.isArray(enumValues)) out.enum = enumValues;
  }
  const description = pop('description');
  if (given(description)) out.description = description;
  const title = pop('title');
  if (given(title)) out.title = title;
  if (type === 'object') {
    const properties = pop('properties') ?? {};
    if (!isSchema(properties)) return undefined;
    const done: Schema = {};
    for (const [key, property] of Object.entries(properties)) {
      const transformedProperty = one(property);
      if (!transformedProperty) return undefined;
      done[key] = transformedProperty;
    }
    out.properties = done;
    pop('additionalProperties');
    out.additionalProperties = false;
    const required = pop('required');
    if (given(required)) out.required = required;
  } else if (type === 'string') {
    const format = pop('format');
    if (typeof format === 'string' && SUPPORTED_STRING_FORMATS.has(format)) out.format = format;
    // Put back at the end: written into the description with the others.
    else if (format !== undefined && (dialect.literalsFirst || (format !== null && format !== ''))) rest.format = format;
  } else if (type === 'array') {
    const items = pop('items');
    if (given(items)) {
      const transformedItems = one(items);
      if (!transformedItems) return undefined;
      out.items = transformedItems;
    }
    const minItems = pop('minItems');
    if (minItems === 0 || minItems === 1) out.minItems = minItems;
    else if (given(minItems)) rest.minItems = minItems;
  }
  const left = Object.entries(rest);
  if (left.length > 0) {
    const shown: string[] = [];
    for (const [key, value] of left) {
      const text = dialect.show(value);
      if (text === undefined) return undefined;
      shown.push(`${key}: ${text}`);
    }
    const own = out.description;
    const lead = dialect.literalsFirst ? (own ? `${own}\n\n` : '') : typeof own === 'string' ? `${own}\n\n` : '';
    out.description = `${lead}{${shown.join(', ')}}`;
  }
  return out;
}

/** The value node of a call's keyword argument, or undefined. */
function keywordValue(call: Node, name: string): Node | undefined {
  for (const arg of call.childForFieldName('arguments')?.namedChildren ?? []) {
    if (arg.type === 'keyword_argument' && arg.childForFieldName('name')?.text === name) return arg.childForFieldName('value') ?? undefined;
  }
  return undefined;
}

/**
 * A Python Anthropic call's arguments with `output_format` as the SDK sends it (see above), and
 * what the estimate says of it; `method` is the call's last name (`create`, `parse`, `stream`).
 */
export function anthropicOutputFormat(program: PythonProgram, call: Node, method: string, named: StaticEntry[]): { named: StaticEntry[]; unresolved: string[] } {
  const at = named.findIndex((e) => e.key === 'output_format');
  const given = at >= 0 ? named[at].value : undefined;
  if (!given || (given.kind === 'scalar' && given.value === null)) return { named, unresolved: [] };
  const without = named.filter((_, i) => i !== at);
  const config = entryOf({ kind: 'object', entries: named, range: given.range }, 'output_config');
  const configFormat = entryOf(config, 'format');
  if (configFormat && !(configFormat.kind === 'scalar' && configFormat.value === null)) {
    return { named: without, unresolved: [refusal('the SDK refuses `output_format` beside `output_config.format` (it raises before sending): `output_format` not counted')] };
  }
  // A pydantic model class of the file: read as the openai SDK's strict schema (`modelClass`), or
  // named where that schema is not written here.
  const node = keywordValue(call, 'output_format');
  const name = given.kind === 'object' ? given.modelClass : node?.type === 'identifier' ? node.text : undefined;
  const cls = name !== undefined && node ? program.modelContext(node).classNamed(name) : undefined;
  if (name !== undefined && cls && isModelClass(cls, program.modelContext(cls))) {
    // The openai SDK's strict form is not what this SDK sends: its reason goes with it.
    for (const reason of [...program.reasons]) if (reason.startsWith(`the response format \`${name}\` is a pydantic model`)) program.reasons.delete(reason);
    if (method === 'create') {
      return {
        named: without,
        unresolved: [refusal(`the SDK raises a TypeError for the pydantic model \`${name}\` as \`output_format\` of \`messages.create()\` and sends nothing (\`messages.parse()\` sends its schema): the format is not counted`)],
      };
    }
    const noted = program.importTimeValues.length;
    const schema = pydanticModelSchema(cls, program.modelContext(cls));
    const transformed = schema ? anthropicTransformedSchema(schema) : undefined;
    // A schema not counted holds no value of the count.
    if (!transformed) program.importTimeValues.length = noted;
    if (!transformed) return { named: without, unresolved: [`the schema the SDK sends for the \`output_format\` \`${name}\` is not written here: not counted`] };
    const format = staticOfJson({ type: 'json_schema', schema: transformed }, given.range);
    const merged: StaticObject = {
      kind: 'object',
      entries: [...(config?.kind === 'object' ? config.entries.filter((e) => e.key !== 'format') : []), { key: 'format', value: format }],
      range: given.range,
    };
    program.reasons.add(`the \`output_format\` \`${name}\` is a pydantic model: its schema is written from the class as pydantic 2 writes it and the anthropic SDK's \`transform_schema\` sends it`);
    return { named: [...without.filter((e) => e.key !== 'output_config'), { key: 'output_config', value: merged }], unresolved: [] };
  }
  if (given.kind === 'object') return { named, unresolved: [] };
  const shown = given.kind === 'unknown' ? `\`${given.expression.length > 40 ? `${given.expression.slice(0, 37)}...` : given.expression}\`` : `a ${given.kind}`;
  return { named: without, unresolved: [`the \`output_format\` is ${shown}, a class or a schema not read here: not counted`] };
}
