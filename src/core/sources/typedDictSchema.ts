/**
 * A `TypedDict` class as langchain-core writes it for a tool or a structured output
 * (`convert_to_openai_tool(Joke)`, `with_structured_output(Joke)`): `_convert_any_typed_dicts_to_pydantic`
 * makes a **pydantic v1** model of it (`pydantic.v1.create_model`), named after the class, described
 * by the text of its docstring before `Args:`, each key a field: `Annotated[type, default,
 * "description"]` gives a default (`...`: none) and a description, an `Args:` line of the
 * docstring a description that wins; a key written without `Annotated` is required. A nested
 * `TypedDict` becomes a model of its own. The schema is then pydantic v1's `model.schema()`, which
 * differs from pydantic 2's: keys in the order written (no sorting), `Optional[X]` written as `X`
 * alone (no `null`), a `None` default left out, a nested model as a `$ref` into `definitions`
 * (wrapped in `allOf` when the field has a description or a default).
 *
 * Read at langchain-ai/langchain libs/core/langchain_core/utils/function_calling.py @
 * 00ca65cd58181ff82a1cdbc764d2c9a3b05ef14a and pydantic/pydantic pydantic/v1/schema.py @ v2.13.4
 * (`model_process_schema`, `field_schema`, `get_field_info_schema`, `field_singleton_schema`,
 * `field_class_to_schema`).
 *
 * What is not read (an enum, a pydantic model inside, `NotRequired`, a recursive class, a literal
 * of mixed types) leaves the class unwritten, said by the reason returned.
 */
import type { Node } from 'web-tree-sitter';
import { cleandoc } from './pythonDocstrings';
import { pythonTitle, type ModelContext } from './pydanticSchema';
import { isFullyKnown, knownString, plainValue } from './staticValue';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: Json };

/** langchain-core's `_parse_google_docstring`: the description before `Args:` and each key's line. */
export type DocstringParser = (docstring: string) => { description: string; args: ReadonlyMap<string, string> };

/** Bases that make a class a TypedDict. */
const TYPED_DICT_BASES = /^(?:typing(?:_extensions)?\.)?TypedDict$/;

/** langchain-core's `_MAX_TYPED_DICT_RECURSION`; also what bounds this reading. */
const MAX_DEPTH = 25;

/** pydantic v1's `field_class_to_schema` for the types written here by name. */
const V1_TYPES = new Map<string, Schema>([
  ['str', { type: 'string' }],
  ['int', { type: 'integer' }],
  ['float', { type: 'number' }],
  ['bool', { type: 'boolean' }],
  ['bytes', { type: 'string', format: 'binary' }],
  ['Decimal', { type: 'number' }],
  ['decimal.Decimal', { type: 'number' }],
  ['datetime', { type: 'string', format: 'date-time' }],
  ['datetime.datetime', { type: 'string', format: 'date-time' }],
  ['date', { type: 'string', format: 'date' }],
  ['datetime.date', { type: 'string', format: 'date' }],
  ['time', { type: 'string', format: 'time' }],
  ['datetime.time', { type: 'string', format: 'time' }],
  ['UUID', { type: 'string', format: 'uuid' }],
  ['uuid.UUID', { type: 'string', format: 'uuid' }],
  ['dict', { type: 'object' }],
  ['Dict', { type: 'object' }],
  ['list', { type: 'array', items: {} }],
  ['List', { type: 'array', items: {} }],
  ['Any', {}],
  ['object', {}],
]);

const LIST_HEADS = new Set(['list', 'List', 'Sequence', 'collections.abc.Sequence']);
const SET_HEADS = new Set(['set', 'Set', 'frozenset', 'FrozenSet']);
const DICT_HEADS = new Set(['dict', 'Dict', 'Mapping', 'collections.abc.Mapping']);

function superclassNodes(cls: Node): Node[] {
  return (cls.childForFieldName('superclasses')?.namedChildren ?? []).filter((n) => n.type !== 'keyword_argument' && n.type !== 'comment');
}

/** Whether `cls` is a TypedDict: it extends `TypedDict` or a TypedDict class of this module. */
export function isTypedDictClass(cls: Node, context: ModelContext, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  return superclassNodes(cls).some((base) => {
    if (TYPED_DICT_BASES.test(base.text)) return true;
    const parent = context.classNamed(base.text);
    return parent !== undefined && parent !== cls && isTypedDictClass(parent, context, depth + 1);
  });
}

const typeName = (node: Node) => node.text.replace(/^typing(?:_extensions)?\./, '');

/** The node a `type` wrapper holds. */
function bare(node: Node): Node {
  return node.type === 'type' && node.namedChildren[0] ? node.namedChildren[0] : node;
}

/** A subscripted annotation (`list[str]`, `Annotated[...]`) as its head and parameters; undefined for anything else. */
function subscripted(node: Node): { head: string; params: Node[] } | undefined {
  const inner = bare(node);
  if (inner.type === 'generic_type') return { head: typeName(inner.namedChildren[0]!), params: (inner.namedChildren[1]?.namedChildren ?? []).filter((n) => n.type !== 'comment') };
  if (inner.type === 'subscript') return { head: typeName(inner.childForFieldName('value')!), params: inner.childrenForFieldName('subscript') };
  return undefined;
}

/** `Python's str.title()` of a key, `_` as a space: pydantic v1's title of a field. */
const fieldTitle = (name: string) => pythonTitle(name).replace(/_/g, ' ');

class V1SchemaWriter {
  /** The models written, by name, in the order pydantic v1 adds them to `definitions`. */
  readonly definitions = new Map<string, Schema>();
  private readonly building = new Set<string>();
  /** Why the class is not written, once something is not read. */
  failure: string | undefined;

  constructor(
    private readonly context: ModelContext,
    private readonly parseDocstring: DocstringParser,
  ) {}

  private fail(why: string): undefined {
    this.failure ??= why;
    return undefined;
  }

  /** The schema of the model made of `cls`: `{title, description, type, properties, required}`. */
  model(cls: Node, depth: number): Schema | undefined {
    const name = cls.childForFieldName('name')?.text ?? 'TypedDict';
    const keys = this.keys(cls, depth);
    if (!keys) return undefined;
    const docstring = this.docstring(cls);
    if (docstring === undefined) return this.fail(`TypedDict ${name} has no docstring: its description is whatever \`inspect.getdoc\` finds for it, which Python versions differ on`);
    const { description, args } = this.parseDocstring(cleandoc(docstring));
    const properties: Schema = {};
    const required: string[] = [];
    for (const [key, annotation] of keys) {
      const field = this.field(key, annotation, args.get(key), depth);
      if (!field) return undefined;
      properties[key] = field.schema;
      if (field.required) required.push(key);
    }
    const schema: Schema = { title: name };
    // pydantic v1 reads the model's docstring with `inspect.getdoc`, which cleans it again.
    const doc = cleandoc(description);
    if (doc) schema.description = doc;
    schema.type = 'object';
    schema.properties = properties;
    if (required.length > 0) schema.required = required;
    return schema;
  }

  private docstring(cls: Node): string | undefined {
    const first = cls.childForFieldName('body')?.namedChildren.find((n) => n.type !== 'comment');
    const literal = first?.type === 'expression_statement' ? first.namedChildren[0] : undefined;
    if (literal?.type !== 'string' && literal?.type !== 'concatenated_string') return undefined;
    return knownString(this.context.evaluate(literal));
  }

  /** The keys of a TypedDict and of the TypedDicts it extends, parents first, by name with their annotations. */
  private keys(cls: Node, depth: number): Map<string, Node> | undefined {
    if (depth > MAX_DEPTH) return this.fail('its TypedDicts extend one another too deeply');
    const out = new Map<string, Node>();
    for (const base of superclassNodes(cls)) {
      if (TYPED_DICT_BASES.test(base.text) || base.text === 'Generic' || base.text.startsWith('Generic[')) continue;
      const parent = this.context.classNamed(base.text);
      if (!parent || !isTypedDictClass(parent, this.context)) return this.fail(`TypedDict ${cls.childForFieldName('name')?.text} extends \`${base.text}\`, not read here`);
      const inherited = this.keys(parent, depth + 1);
      if (!inherited) return undefined;
      for (const [key, annotation] of inherited) out.set(key, annotation);
    }
    for (const statement of cls.childForFieldName('body')?.namedChildren ?? []) {
      const assignment = statement.type === 'expression_statement' ? statement.namedChildren[0] : undefined;
      if (assignment?.type !== 'assignment') continue;
      const left = assignment.childForFieldName('left');
      const annotation = assignment.childForFieldName('type');
      if (!annotation || left?.type !== 'identifier') continue;
      if (assignment.childForFieldName('right')) return this.fail(`a key of TypedDict ${cls.childForFieldName('name')?.text} has a value (Python refuses it)`);
      // A key declared again keeps its first place (a dict's update).
      out.set(left.text, annotation);
    }
    return out;
  }

  /** One key as the field pydantic v1 writes: `{title, description, default}` then its type's schema. */
  private field(key: string, annotation: Node, docDescription: string | undefined, depth: number): { schema: Schema; required: boolean } | undefined {
    let type = annotation;
    let required = true;
    let defaultValue: Json = null;
    let description: string | undefined;
    const annotated = subscripted(annotation);
    if (annotated?.head === 'Annotated' && annotated.params.length >= 1) {
      type = annotated.params[0];
      const defaultNode = annotated.params[1] ? bare(annotated.params[1]) : undefined;
      if (defaultNode && defaultNode.type !== 'ellipsis') {
        const value = this.context.evaluate(defaultNode);
        if (!isFullyKnown(value)) return this.fail(`the default of key \`${key}\` is not known here`);
        defaultValue = plainValue(value) as Json;
        required = false;
      }
      const descriptionNode = annotated.params[2] ? bare(annotated.params[2]) : undefined;
      if (descriptionNode) {
        description = knownString(this.context.evaluate(descriptionNode));
        if (description === undefined) return this.fail(`the description of key \`${key}\` is not a text known here`);
      }
    }
    if (docDescription) description = docDescription;
    const typeRead = this.type(type, depth);
    if (!typeRead) return undefined;
    const schema: Schema = { title: fieldTitle(key) };
    let overrides = false;
    if (description) {
      schema.description = description;
      overrides = true;
    }
    if (!required && defaultValue !== null) {
      schema.default = defaultValue;
      overrides = true;
    }
    const typeSchema = typeRead.model && overrides ? { allOf: [typeRead.schema] } : typeRead.schema;
    // A model's reference with nothing beside it is the whole field.
    if ('$ref' in typeSchema) return { schema: typeSchema, required };
    return { schema: { ...schema, ...typeSchema }, required };
  }

  /**
   * The schema of a type as pydantic v1 writes it for a field of that type (a `None` member dropped:
   * v1 writes an optional field as its type); `model` when it is a reference to a nested model.
   */
  private type(node: Node, depth: number): { schema: Schema; model?: true } | undefined {
    if (depth > MAX_DEPTH) return this.fail('its types nest too deeply');
    const inner = bare(node);
    const members = this.unionMembers(inner, depth);
    if (!members) return undefined;
    if (members.length === 0) return this.fail('a key is typed `None` alone');
    if (members.length > 1) {
      const anyOf: Schema[] = [];
      for (const member of members) {
        const read = this.singleType(member, depth + 1);
        if (!read) return undefined;
        anyOf.push(read.schema);
      }
      return { schema: { anyOf } };
    }
    return this.singleType(members[0], depth + 1);
  }

  /** The members of a union (`A | B`, `Union[...]`, `Optional[...]`) without `None`, flattened as `typing` does; one member for any other type. */
  private unionMembers(node: Node, depth: number): Node[] | undefined {
    if (depth > MAX_DEPTH) return this.fail('its types nest too deeply');
    const inner = bare(node);
    if (inner.type === 'none' || inner.text === 'None') return [];
    if (inner.type === 'binary_operator' && inner.childForFieldName('operator')?.text === '|') {
      const left = this.unionMembers(inner.childForFieldName('left')!, depth + 1);
      const right = left && this.unionMembers(inner.childForFieldName('right')!, depth + 1);
      return left && right && dedupe([...left, ...right]);
    }
    const sub = subscripted(inner);
    if (sub && (sub.head === 'Union' || sub.head === 'Optional')) {
      const out: Node[] = [];
      for (const param of sub.params) {
        const read = this.unionMembers(param, depth + 1);
        if (!read) return undefined;
        out.push(...read);
      }
      return dedupe(out);
    }
    return [inner];
  }

  private singleType(node: Node, depth: number): { schema: Schema; model?: true } | undefined {
    if (depth > MAX_DEPTH) return this.fail('its types nest too deeply');
    const inner = bare(node);
    if (inner.type === 'identifier' || inner.type === 'attribute') {
      const name = typeName(inner);
      const known = V1_TYPES.get(name);
      if (known) return { schema: structuredClone(known) };
      const cls = this.context.classNamed(name);
      if (cls && isTypedDictClass(cls, this.context)) {
        if (this.building.has(name)) return this.fail(`TypedDict ${name} refers to itself, not read here`);
        if (!this.definitions.has(name)) {
          this.building.add(name);
          const schema = this.model(cls, depth + 1);
          this.building.delete(name);
          if (!schema) return undefined;
          this.definitions.set(name, schema);
        }
        return { schema: { $ref: `#/definitions/${name}` }, model: true };
      }
      return this.fail(`the type \`${name}\` is not read here`);
    }
    const sub = subscripted(inner);
    if (!sub) return this.fail(`the type \`${inner.text.slice(0, 40)}\` is not read here`);
    if ((LIST_HEADS.has(sub.head) || SET_HEADS.has(sub.head)) && sub.params.length === 1) {
      const items = this.type(sub.params[0], depth + 1);
      if (!items) return undefined;
      return { schema: { type: 'array', items: items.schema, ...(SET_HEADS.has(sub.head) ? { uniqueItems: true } : {}) } };
    }
    if ((sub.head === 'tuple' || sub.head === 'Tuple') && sub.params.length === 2 && bare(sub.params[1]).type === 'ellipsis') {
      const items = this.type(sub.params[0], depth + 1);
      return items && { schema: { type: 'array', items: items.schema } };
    }
    if (DICT_HEADS.has(sub.head) && sub.params.length === 2) {
      const values = this.type(sub.params[1], depth + 1);
      if (!values) return undefined;
      return { schema: Object.keys(values.schema).length > 0 ? { type: 'object', additionalProperties: values.schema } : { type: 'object' } };
    }
    if (sub.head === 'Literal') return this.literal(sub.params);
    return this.fail(`the type \`${inner.text.slice(0, 40)}\` is not read here`);
  }

  /** `Literal[...]` of one type: `{enum, type}` (v1 writes `enum` for a single value too). */
  private literal(params: Node[]): { schema: Schema } | undefined {
    const values: Json[] = [];
    for (const param of params) {
      const value = this.context.evaluate(bare(param));
      const plain = isFullyKnown(value) ? (plainValue(value) as Json) : undefined;
      if (plain === undefined || plain === null || typeof plain === 'object') return this.fail('a `Literal` value is not read here');
      values.push(plain);
    }
    const kinds = new Set(values.map((v) => (typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v)));
    if (kinds.size !== 1) return this.fail('a `Literal` of values of more than one type is not read here');
    const kind = [...kinds][0];
    const type = kind === 'string' ? 'string' : kind === 'boolean' ? 'boolean' : kind;
    return { schema: { enum: values, type } };
  }
}

/** The same annotation written twice is one member (`typing` removes repeats). */
function dedupe(nodes: Node[]): Node[] {
  const seen = new Set<string>();
  return nodes.filter((n) => {
    const key = n.text.replace(/\s+/g, '');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * pydantic v1's JSON schema of the model langchain-core makes of the TypedDict `cls`: the model's
 * own schema with `definitions` after it when it nests TypedDicts; or why it is not written.
 * `parseDocstring` reads the docstring as langchain-core does.
 */
export function typedDictJsonSchema(cls: Node, context: ModelContext, parseDocstring: DocstringParser): { schema: Schema } | { notCounted: string } {
  const writer = new V1SchemaWriter(context, parseDocstring);
  const name = cls.childForFieldName('name')?.text ?? 'TypedDict';
  const own = writer.model(cls, 0);
  if (!own) return { notCounted: writer.failure ?? `TypedDict ${name} is not read here` };
  if (writer.definitions.size > 0) own.definitions = Object.fromEntries(writer.definitions);
  return { schema: own };
}
