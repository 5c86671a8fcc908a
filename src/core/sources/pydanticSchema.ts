/**
 * The JSON schema a pydantic model class sends as a structured-output format
 * (`client.chat.completions.parse(response_format=Answer)`, `client.responses.parse(text_format=Answer)`):
 * written from the class's annotations as pydantic 2's `model_json_schema()` writes it, then made
 * strict as the openai SDK does (`to_strict_json_schema`), so the prompt is counted with it.
 *
 * pydantic 2 writes every keyword map with its keys in alphabetical order, except `properties`
 * (the fields in the order the class declares them); a field's title is its name title-cased with
 * `_` as a space; a nested model or an enum becomes a `$ref` into `$defs`. The openai SDK adds
 * `additionalProperties: false` to each object, makes every property required, drops `default:
 * null`, and writes a `$ref` that has other keywords beside it as the definition it points to.
 *
 * Only what the annotations say for sure is written: a type this module does not know (a class
 * from elsewhere, `Any`, a custom type) gives no schema at all, and the format stays uncounted.
 */
import type { Node } from 'web-tree-sitter';
import type { StaticValue } from './staticValue';
import { isFullyKnown, plainValue } from './staticValue';
import { pythonTitleCase } from './pythonCase';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: Json };

export interface ModelContext {
  /** A class of this module by name (module level), or undefined. */
  classNamed(name: string): Node | undefined;
  /** A value as the analysis knows it (a default, a `Field(...)` argument). */
  evaluate(node: Node): StaticValue;
}

/** Superclasses that make a class a pydantic model. */
const MODEL_BASES = new Set(['BaseModel', 'pydantic.BaseModel']);
const ENUM_BASES = new Set(['Enum', 'enum.Enum', 'StrEnum', 'enum.StrEnum', 'IntEnum', 'enum.IntEnum']);
const PRIMITIVES = new Map<string, Schema>([
  ['str', { type: 'string' }],
  ['int', { type: 'integer' }],
  ['float', { type: 'number' }],
  ['bool', { type: 'boolean' }],
  // Standard-library types pydantic writes as formatted strings.
  ['datetime', { type: 'string', format: 'date-time' }],
  ['datetime.datetime', { type: 'string', format: 'date-time' }],
  ['date', { type: 'string', format: 'date' }],
  ['datetime.date', { type: 'string', format: 'date' }],
  ['time', { type: 'string', format: 'time' }],
  ['UUID', { type: 'string', format: 'uuid' }],
  ['uuid.UUID', { type: 'string', format: 'uuid' }],
]);
/**
 * The constraint keywords in the order pydantic writes them after a type's own (`le` before `ge`,
 * `min_length` before `max_length`): what a field schema pydantic leaves unsorted shows.
 */
const CONSTRAINT_ORDER = ['multipleOf', 'maximum', 'minimum', 'exclusiveMaximum', 'exclusiveMinimum', 'minLength', 'maxLength', 'pattern', 'minItems', 'maxItems'];
/**
 * `Field(...)` keywords a model of some of a model's fields leaves behind (langchain-core's
 * `_create_subset_model_v2` copies only a field's description, default and constraints).
 */
const SUBSET_DROPPED = new Set(['alias', 'title', 'examples']);

/** `Field(...)` keywords and the schema keywords pydantic writes for them. */
const FIELD_KEYWORDS = new Map([
  ['description', 'description'],
  ['title', 'title'],
  ['ge', 'minimum'],
  ['le', 'maximum'],
  ['gt', 'exclusiveMinimum'],
  ['lt', 'exclusiveMaximum'],
  ['pattern', 'pattern'],
  ['examples', 'examples'],
]);

function superclassNames(cls: Node): string[] {
  return (cls.childForFieldName('superclasses')?.namedChildren ?? []).filter((n) => n.type !== 'keyword_argument' && n.type !== 'comment').map((n) => n.text);
}

/** Whether `cls` is a pydantic model: it extends BaseModel, or a model class of this module. */
export function isModelClass(cls: Node, context: ModelContext, seen = new Set<string>()): boolean {
  return superclassNames(cls).some((base) => {
    if (MODEL_BASES.has(base)) return true;
    const parent = !seen.has(base) ? context.classNamed(base) : undefined;
    return parent !== undefined && isModelClass(parent, context, new Set([...seen, base]));
  });
}

/** A `$ref`, or `anyOf` of a `$ref` and `{"type": "null"}` (pydantic's nullable of a reference). */
function isReference(schema: Schema): boolean {
  if ('$ref' in schema) return true;
  const options = schema.anyOf;
  if (!Array.isArray(options) || options.length !== 2 || Object.keys(schema).length !== 1) return false;
  const isNull = (o: Json) => typeof o === 'object' && o !== null && !Array.isArray(o) && o.type === 'null' && Object.keys(o).length === 1;
  const other = options.find((o) => !isNull(o));
  return options.some(isNull) && typeof other === 'object' && other !== null && !Array.isArray(other) && '$ref' in other;
}

/** Python's `str.title()`: each run of cased characters capitalised, the rest lower case. */
export function pythonTitle(text: string): string {
  const titled = pythonTitleCase(text);
  if (titled !== undefined) return titled;
  let out = '';
  let previousCased = false;
  for (const ch of text) {
    const cased = ch.toLowerCase() !== ch.toUpperCase();
    out += cased ? (previousCased ? ch.toLowerCase() : ch.toUpperCase()) : ch;
    previousCased = cased;
  }
  return out;
}

/** Whether two schemas are equal whatever their keys' order (pydantic's `_deduplicate_schemas`). */
function sameSchema(a: Json, b: Json): boolean {
  const canonical = (value: Json): string =>
    Array.isArray(value)
      ? `[${value.map(canonical).join(',')}]`
      : value !== null && typeof value === 'object'
        ? `{${Object.keys(value)
            .sort()
            .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
            .join(',')}}`
        : JSON.stringify(value);
  return canonical(a) === canonical(b);
}

/** Keys in alphabetical order, as pydantic 2 writes a schema; `properties` keeps its field order. */
function sorted(schema: Schema): Schema {
  const out: Schema = {};
  for (const key of Object.keys(schema).sort()) out[key] = schema[key];
  return out;
}

/** Python's order of `str`: by code point. */
function byCodePoint(a: string, b: string): number {
  const [x, y] = [[...a], [...b]];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const [p, q] = [x[i].codePointAt(0)!, y[i].codePointAt(0)!];
    if (p !== q) return p - q;
  }
  return x.length - y.length;
}

/**
 * pydantic 2's last step (`GenerateJsonSchema.sort`): every map's keys sorted, down to the
 * leaves, except a map whose key is `properties` or `default` (the fields, a default value), which
 * keeps its order while what it holds is sorted by the same rule; a list's items are read under
 * the list's own key. So the schema of a field named `properties` or `default` keeps the order
 * pydantic writes it in.
 */
export function pydanticSorted(value: Json, parentKey?: string): Json {
  if (Array.isArray(value)) return value.map((item) => pydanticSorted(item, parentKey));
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  if (parentKey !== 'properties' && parentKey !== 'default') keys.sort(byCodePoint);
  const out: Schema = {};
  for (const key of keys) out[key] = pydanticSorted(value[key], key);
  return out;
}

/** Python's `inspect.cleandoc`: the docstring with its common indentation and blank edges removed. */
function cleandoc(text: string): string {
  const lines = text.replace(/\t/g, '        ').split('\n');
  const indents = lines.slice(1).filter((l) => l.trim()).map((l) => l.length - l.trimStart().length);
  const margin = indents.length > 0 ? Math.min(...indents) : 0;
  const out = [lines[0].trimStart(), ...lines.slice(1).map((l) => l.slice(margin).trimEnd())];
  while (out.length > 0 && !out[0]) out.shift();
  while (out.length > 0 && !out[out.length - 1]) out.pop();
  return out.join('\n');
}

/** The `Field(...)` call of an `Annotated[type, Field(...)]` annotation, or undefined. */
function annotatedFieldOf(annotation: Node): Node | undefined {
  const inner = annotation.type === 'type' ? annotation.namedChildren[0] : annotation;
  if (inner?.type !== 'generic_type' || inner.namedChildren[0]?.text.replace(/^typing\./, '') !== 'Annotated') return undefined;
  const params = inner.namedChildren[1]?.namedChildren ?? [];
  for (const param of params.slice(1)) {
    const node = param.type === 'type' ? param.namedChildren[0] : param;
    if (node?.type === 'call' && /^(pydantic\.)?Field$/.test(node.childForFieldName('function')?.text ?? '')) return node;
  }
  return undefined;
}

class SchemaWriter {
  readonly defs = new Map<string, Schema>();
  private readonly building = new Set<string>();

  constructor(private readonly context: ModelContext) {}

  /** A plain value of a node, when the analysis knows all of it. */
  private known(node: Node): Json | undefined {
    const value = this.context.evaluate(node);
    return isFullyKnown(value) ? (plainValue(value) as Json) : undefined;
  }

  /** The schema of a model class (its own, without `$defs`), or undefined where a field's type is unknown. */
  model(cls: Node): Schema | undefined {
    const properties: Schema = {};
    const required: string[] = [];
    for (const field of this.fields(cls)) {
      const written = this.field(field);
      if (!written) return undefined;
      properties[written.name] = written.schema;
      if (written.required) required.push(written.name);
    }
    const body = cls.childForFieldName('body');
    const first = body?.namedChildren[0];
    const docstring = first?.type === 'expression_statement' && first.namedChildren[0]?.type === 'string' ? this.known(first.namedChildren[0]) : undefined;
    const schema: Schema = { properties, title: cls.childForFieldName('name')?.text ?? 'Model', type: 'object' };
    if (required.length > 0) schema.required = required;
    if (typeof docstring === 'string' && cleandoc(docstring)) schema.description = cleandoc(docstring);
    return sorted(schema);
  }

  /** The annotated assignments of a class and of the model classes it extends, parents first. */
  fields(cls: Node, seen = new Set<string>()): Node[] {
    const inherited = superclassNames(cls).flatMap((base) => {
      const parent = seen.has(base) ? undefined : this.context.classNamed(base);
      return parent && isModelClass(parent, this.context) ? this.fields(parent, new Set([...seen, base])) : [];
    });
    const own = (cls.childForFieldName('body')?.namedChildren ?? []).flatMap((statement) => {
      const assignment = statement.type === 'expression_statement' ? statement.namedChildren[0] : undefined;
      const name = assignment?.childForFieldName('left');
      if (assignment?.type !== 'assignment' || !assignment.childForFieldName('type') || name?.type !== 'identifier') return [];
      if (name.text.startsWith('_') || name.text === 'model_config') return [];
      if (/^(typing\.)?ClassVar\b/.test(assignment.childForFieldName('type')!.text)) return [];
      return [assignment];
    });
    // A field declared again replaces the inherited one, in the parent's place.
    const byName = new Map<string, Node>();
    for (const field of [...inherited, ...own]) byName.set(field.childForFieldName('left')!.text, field);
    return [...byName.values()];
  }

  private field(assignment: Node): { name: string; schema: Schema; required: boolean } | undefined {
    return this.fieldOf(assignment.childForFieldName('left')!.text, assignment.childForFieldName('type')!, assignment.childForFieldName('right'));
  }

  /**
   * A field named `fieldName` with its annotation (null: none, `Any`) and what follows `=` (null:
   * nothing); `description`, when given, replaces the field's own (a docstring's, which wins).
   */
  fieldOf(fieldName: string, annotation: Node | null, right: Node | null, description?: string, subset = false): { name: string; schema: Schema; required: boolean } | undefined {
    const typeSchema = annotation ? this.type(annotation) : {};
    if (!typeSchema) return undefined;
    const extra: Schema = {};
    let name = fieldName;
    let required = right === null;
    const isFieldCall = (node: Node | null | undefined): node is Node => node?.type === 'call' && /^(pydantic\.)?Field$/.test(node.childForFieldName('function')?.text ?? '');
    // `x: Annotated[str, Field(description=...)] = "a"`: the Field in the annotation, the default after `=`.
    const annotatedField = annotation ? annotatedFieldOf(annotation) : undefined;
    const fieldCall = isFieldCall(right) ? right : isFieldCall(annotatedField) ? annotatedField : undefined;
    if (fieldCall && fieldCall === annotatedField && right) {
      const value = this.known(right);
      if (value === undefined) return undefined;
      extra.default = value;
    }
    if (fieldCall) {
      const args = fieldCall.childForFieldName('arguments')?.namedChildren.filter((a) => a.type !== 'comment') ?? [];
      const positional = args.filter((a) => a.type !== 'keyword_argument');
      required = !('default' in extra);
      const defaultNode = positional[0];
      if (defaultNode && defaultNode.text !== '...') {
        const value = this.known(defaultNode);
        if (value === undefined) return undefined;
        extra.default = value;
        required = false;
      }
      for (const arg of args.filter((a) => a.type === 'keyword_argument')) {
        const key = arg.childForFieldName('name')?.text ?? '';
        const valueNode = arg.childForFieldName('value');
        if (!valueNode) continue;
        if (key === 'default_factory') {
          required = false;
          continue;
        }
        const value = this.known(valueNode);
        if (key === 'default') {
          if (value === undefined) return undefined;
          extra.default = value;
          required = false;
        } else if (subset && SUBSET_DROPPED.has(key)) {
          continue;
        } else if (key === 'alias' && typeof value === 'string') {
          name = value;
        } else if (key === 'min_length' || key === 'max_length') {
          const keyword = typeSchema.type === 'array' ? (key === 'min_length' ? 'minItems' : 'maxItems') : key === 'min_length' ? 'minLength' : 'maxLength';
          if (value !== undefined) extra[keyword] = value;
        } else if (FIELD_KEYWORDS.has(key) && value !== undefined) {
          extra[FIELD_KEYWORDS.get(key)!] = value;
        }
      }
    } else if (right) {
      const value = this.known(right);
      if (value === undefined) return undefined;
      extra.default = value;
      required = false;
    }
    if (description !== undefined) extra.description = description;
    // In the order pydantic writes a field: the type's keywords and its constraints, the default,
    // the `Field`'s title, description and examples; then, when no title is given, the name (its
    // alias) title-cased, except for a reference or one that may be None (`Optional[Model]`).
    const ordered: Schema = { ...typeSchema };
    for (const key of [...CONSTRAINT_ORDER, 'default', 'title', 'description', 'examples', ...Object.keys(extra)]) if (key in extra && !(key in ordered)) ordered[key] = extra[key];
    if (!('title' in extra) && !isReference(typeSchema)) ordered.title = pythonTitle(name).replace(/_/g, ' ').trim();
    return { name, schema: pydanticSorted(ordered, name) as Schema, required };
  }

  /** The schema of a type annotation, or undefined for a type this module does not pin down. */
  type(node: Node): Schema | undefined {
    if (node.type === 'type') return node.namedChildren[0] ? this.type(node.namedChildren[0]) : undefined;
    if (node.type === 'none') return { type: 'null' };
    if (node.type === 'identifier' || node.type === 'attribute') {
      const name = node.text.replace(/^typing\./, '');
      const primitive = PRIMITIVES.get(name);
      if (primitive) return { ...primitive };
      if (name === 'list' || name === 'List') return { type: 'array', items: {} };
      return this.reference(name);
    }
    if (node.type === 'binary_operator' && node.childForFieldName('operator')?.text === '|') {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      return left && right ? this.union([left, right]) : undefined;
    }
    if (node.type === 'generic_type' || node.type === 'subscript') {
      const head = (node.type === 'subscript' ? node.childForFieldName('value') : node.namedChildren[0])?.text.replace(/^typing\./, '');
      const params = node.type === 'subscript' ? node.childrenForFieldName('subscript') : (node.namedChildren[1]?.namedChildren ?? []);
      if ((head === 'list' || head === 'List' || head === 'Sequence') && params.length === 1) {
        const items = this.type(params[0]);
        return items && { type: 'array', items };
      }
      if ((head === 'dict' || head === 'Dict') && params.length === 2 && params[0].text === 'str') {
        const values = this.type(params[1]);
        return values && { type: 'object', additionalProperties: values };
      }
      if (head === 'Optional' && params.length === 1) return this.union([params[0], null]);
      if (head === 'Union' && params.length >= 2) return this.union(params);
      if (head === 'Literal') return this.literal(params);
      if (head === 'Annotated' && params.length >= 1) return this.type(params[0]);
    }
    return undefined;
  }

  /**
   * `X | None`, `Optional[X]`, `Union[...]`: `anyOf` with the members in the order written, a nested
   * union joined to this one, a member written twice once, and `None` as `{type: "null"}` last
   * wherever it is written. pydantic 2 (2.13.4: `_generate_schema.py` `_union_schema` takes `None`
   * out and makes the union nullable; `json_schema.py` `nullable_schema` appends `null` to the
   * members, `get_flattened_anyof` joins nested unions and removes repeated members).
   */
  private union(members: Array<Node | null>): Schema | undefined {
    const flat: Schema[] = [];
    let nullable = false;
    for (const member of members) {
      const schema = member ? this.type(member) : { type: 'null' };
      if (!schema) return undefined;
      const joined = Array.isArray(schema.anyOf) && Object.keys(schema).length === 1 ? (schema.anyOf as Schema[]) : [schema];
      for (const one of joined) {
        if (Object.keys(one).length === 1 && one.type === 'null') nullable = true;
        else if (!flat.some((seen) => sameSchema(seen, one))) flat.push(one);
      }
    }
    if (nullable) flat.push({ type: 'null' });
    return flat.length === 1 ? flat[0] : { anyOf: flat };
  }

  /** `Literal["a", "b"]`: an `enum` (one value: `const`) with the values' type when they share one. */
  private literal(params: Node[]): Schema | undefined {
    const values: Json[] = [];
    for (const param of params) {
      const inner = param.type === 'type' ? param.namedChildren[0] : param;
      const value = inner ? this.known(inner) : undefined;
      if (value === undefined || (typeof value === 'object' && value !== null)) return undefined;
      values.push(value);
    }
    const types = new Set(values.map((v) => (v === null ? 'null' : typeof v === 'string' ? 'string' : typeof v === 'boolean' ? 'boolean' : Number.isInteger(v) ? 'integer' : 'number')));
    const typed: Schema = types.size === 1 ? { type: [...types][0] } : {};
    return values.length === 1 ? { const: values[0], ...typed } : { enum: values, ...typed };
  }

  /** A model or enum class of this module, as a `$ref` into `$defs`. */
  private reference(name: string): Schema | undefined {
    const cls = this.context.classNamed(name);
    if (!cls) return undefined;
    if (!this.defs.has(name) && !this.building.has(name)) {
      this.building.add(name);
      const schema = isModelClass(cls, this.context) ? this.model(cls) : this.enumSchema(cls);
      this.building.delete(name);
      if (!schema) return undefined;
      this.defs.set(name, schema);
    }
    return { $ref: `#/$defs/${name}` };
  }

  /** An `Enum` of literal values: `{enum, title, type}`. */
  private enumSchema(cls: Node): Schema | undefined {
    if (!superclassNames(cls).some((base) => ENUM_BASES.has(base))) return undefined;
    const values: Json[] = [];
    for (const statement of cls.childForFieldName('body')?.namedChildren ?? []) {
      const assignment = statement.type === 'expression_statement' ? statement.namedChildren[0] : undefined;
      if (assignment?.type !== 'assignment' || assignment.childForFieldName('type')) continue;
      const right = assignment.childForFieldName('right');
      const value = right ? this.known(right) : undefined;
      if (value === undefined || (typeof value === 'object' && value !== null)) return undefined;
      values.push(value);
    }
    if (values.length === 0) return undefined;
    const type = values.every((v) => typeof v === 'string') ? 'string' : values.every((v) => Number.isInteger(v)) ? 'integer' : undefined;
    return sorted({ enum: values, title: cls.childForFieldName('name')?.text ?? 'Enum', ...(type ? { type } : {}) });
  }
}

/**
 * The openai SDK's strict form of a schema: every object closed (`additionalProperties: false`) with
 * all its properties required, `default: null` dropped, and a `$ref` with other keywords beside it
 * written as the definition it points to, those keywords after.
 */
function strict(schema: Json, defs: ReadonlyMap<string, Schema>): Json {
  if (Array.isArray(schema)) return schema.map((item) => strict(item, defs));
  if (schema === null || typeof schema !== 'object') return schema;
  let node: Schema = { ...schema };
  if (typeof node.$ref === 'string' && Object.keys(node).length > 1) {
    const { $ref, ...rest } = node;
    const target = defs.get(($ref as string).replace('#/$defs/', ''));
    if (target) node = { ...target, ...rest };
  }
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'default' && value === null) continue;
    if (key === 'properties' && value && typeof value === 'object' && !Array.isArray(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, property]) => [name, strict(property, defs)]));
    } else if (key === '$defs' && value && typeof value === 'object' && !Array.isArray(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, def]) => [name, strict(def, defs)]));
    } else {
      out[key] = strict(value, defs);
    }
  }
  if (out.type === 'object' && !('additionalProperties' in out)) out.additionalProperties = false;
  if (out.properties && typeof out.properties === 'object' && !Array.isArray(out.properties)) out.required = Object.keys(out.properties);
  return out;
}

/**
 * The strict JSON schema of the pydantic model `cls` as the openai SDK sends it, or undefined when
 * the class is not a model or a field's type is not known here.
 */
export function modelJsonSchema(cls: Node, context: ModelContext): Schema | undefined {
  const writer = new SchemaWriter(context);
  const schema = pydanticModelSchema(cls, context, writer);
  return schema && (strict(schema, writer.defs) as Schema);
}

/** The openai SDK's strict form (`to_strict_json_schema`) of a schema pydantic wrote, `$defs` included. */
export function strictJsonSchema(schema: Schema): Schema {
  const defs = schema.$defs && typeof schema.$defs === 'object' && !Array.isArray(schema.$defs) ? (schema.$defs as Schema) : {};
  return strict(schema, new Map(Object.entries(defs) as Array<[string, Schema]>)) as Schema;
}

/** A schema with the definitions it refers to, as pydantic 2 writes them: `$defs` by name. */
function withDefinitions(own: Schema, writer: SchemaWriter): Schema {
  const schema = writer.defs.size > 0 ? { ...own, $defs: Object.fromEntries(writer.defs) } : own;
  return pydanticSorted(schema) as Schema;
}

/**
 * pydantic 2's own JSON schema of the model `cls` (`model_json_schema()`, before any strict form),
 * or undefined when the class is not a model or a field's type is not known here.
 */
export function pydanticModelSchema(cls: Node, context: ModelContext, writer = new SchemaWriter(context)): Schema | undefined {
  if (!isModelClass(cls, context)) return undefined;
  const own = writer.model(cls);
  return own && withDefinitions(own, writer);
}

/** A field of a model made by code (`create_model(...)`), as a function's parameter gives it. */
export interface ModelField {
  name: string;
  /** Its annotation, or null for none (`Any`). */
  annotation: Node | null;
  /** What follows `=` (a default value or a `Field(...)`), or null for a required field. */
  defaultValue: Node | null;
  /** A description given elsewhere (a docstring), which replaces the field's own. */
  description?: string;
  /** Copied from a model into a model of some of its fields: its alias, title and examples left behind. */
  subset?: true;
}

/** The fields of the pydantic model `cls` (those of the models it extends first), as `ModelField`s. */
export function modelFields(cls: Node, context: ModelContext): ModelField[] {
  return new SchemaWriter(context).fields(cls).map((assignment) => ({
    name: assignment.childForFieldName('left')!.text,
    annotation: assignment.childForFieldName('type'),
    defaultValue: assignment.childForFieldName('right'),
  }));
}

/**
 * The JSON schema pydantic 2 writes for `create_model(title, **fields)` (no strict form), or
 * undefined when a field's type is not known here.
 */
export function fieldsJsonSchema(title: string, fields: readonly ModelField[], context: ModelContext): Schema | undefined {
  const writer = new SchemaWriter(context);
  const properties: Schema = {};
  const required: string[] = [];
  for (const field of fields) {
    const written = writer.fieldOf(field.name, field.annotation, field.defaultValue, field.description, field.subset === true);
    if (!written) return undefined;
    properties[written.name] = written.schema;
    if (written.required) required.push(written.name);
  }
  const own: Schema = { properties, title, type: 'object' };
  if (required.length > 0) own.required = required;
  return withDefinitions(sorted(own), writer);
}

