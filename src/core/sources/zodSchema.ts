/**
 * The JSON schema a zod schema written in TypeScript or JavaScript sends through the openai SDK's
 * helpers (`openai/helpers/zod`): `zodResponseFormat(Schema, name)` as a Chat `response_format`,
 * `zodTextFormat(Schema, name)` as a Responses `text.format`, `zodFunction({ name, parameters })`
 * and `zodResponsesFunction(...)` as strict function tools. Read from the source text, never run.
 *
 * The SDK writes a zod 3 schema with its copy of zod-to-json-schema (OpenAI strict mode) and a
 * zod 4 schema with zod's own `toJSONSchema` (draft-7) followed by its strict-schema pass; the two
 * differ in key order and in a few keywords, so the zod version the file imports decides:
 *
 * - zod 3: `$schema` last; `.nullable()` on a plain string, number or boolean is `nullable: true`
 *   beside the type, any other as `anyOf: [schema, {type: "null"}]`; a wrapper (`.optional()`,
 *   `.nullable()`, `.default()`) takes over the description of what it wraps; `default` after the
 *   wrapped schema's keys; a union of plain primitives is one `type` list, of literals one `enum`;
 *   string and number bounds in the order the calls write them, array bounds after `items`; a
 *   schema used twice is written once and then as a `$ref` (not written here).
 * - zod 4: `$schema` first; a `z.number().int()` carries the safe-integer bounds; `anyOf` of
 *   schemas that are only a `type` is folded into one `type` list, written after the other keys;
 *   `.optional()` and `.default()` write their own `default` and description first, then the
 *   wrapped schema's other keys (`default: null` dropped by the SDK); array bounds before `type`;
 *   an object whose properties are all optional gets its `required` list after
 *   `additionalProperties`; a schema used twice is written twice.
 * - string formats (`.email()`, `.url()`, `.uuid()`, `.datetime()`, `.date()`, `.time()`; zod 4's
 *   `z.email()`, `z.url()`, `z.uuid()`): zod 3 writes the `format` among the checks in call order;
 *   zod 4 writes it after the length bounds (none for `.time()`) with a `pattern` of its own, which
 *   changes between zod releases (`ZOD4_PATTERNS`, zod 4.6's: such a count is an estimate).
 * - both: every object `additionalProperties: false` with every property required; a description
 *   last; `.optional()` without `.nullable()` is refused by the SDK; `.extend()` and `.merge()` add
 *   keys as an object spread does, `.pick()` keeps the keys in the order the mask names them (zod 3
 *   keeps the description through `extend`, `pick` and `omit`, zod 4 does not).
 *
 * Pinned on openai/openai-node's helper and its tests (tests/helpers/zod.test.ts) and on the output
 * of the published SDK for each construct (test/unit/sources/zodSchema.test.ts). Anything else gives
 * no schema, with the reason, and the format stays uncounted.
 */
import type { Node } from 'web-tree-sitter';
import { isFullyKnown, knownString, plainValue, type StaticValue } from './staticValue';

export type ZodVersion = 3 | 4;
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: Json };

export interface ZodContext {
  /** The local names that stand for zod's namespace (`z` in `import { z } from "zod"`). */
  namespaces: ReadonlySet<string>;
  /** The expression a name was last given before `use` (`const Answer = z.object(...)`), with its program. */
  assigned(name: string, use: Node): { node: Node; context: ZodContext } | undefined;
  /** A value as the analysis knows it (a description, a bound, an enum's values). */
  evaluate(node: Node): StaticValue;
}

/** Why a schema is not written: the construct, for the estimate reason. */
export class ZodUnsupported extends Error {}

/** The expression is not a zod schema at all (a JSON schema written out, a value built by code). */
export class NotZod extends ZodUnsupported {}

/** The openai SDK refuses the schema for strict mode (a property `.optional()` without `.nullable()`). */
class StrictRefused extends ZodUnsupported {}

type Bound = { key: 'minimum' | 'exclusiveMinimum' | 'maximum' | 'exclusiveMaximum' | 'minLength' | 'maxLength'; value: number };

/** A zod schema as the source builds it. */
type ZodNode = (
  | { t: 'string'; bounds: Bound[]; format?: { name: StringFormat; at: number } }
  | { t: 'number'; int: boolean; bounds: Bound[] }
  | { t: 'boolean' }
  | { t: 'null' }
  | { t: 'enum'; values: string[] }
  | { t: 'literal'; value: string | number | boolean }
  | { t: 'array'; item: ZodNode; min?: number; max?: number }
  | { t: 'object'; shape: [string, ZodNode][] }
  | { t: 'union'; options: ZodNode[]; discriminated: boolean }
  | { t: 'nullable'; inner: ZodNode }
  | { t: 'optional'; inner: ZodNode }
  | { t: 'default'; inner: ZodNode; value: Json }
) & { description?: string };

const CONSTRUCTORS = new Set(['object', 'string', 'number', 'boolean', 'enum', 'literal', 'array', 'union', 'discriminatedUnion', 'null', 'email', 'url', 'uuid']);

/** The string formats read: `z.string().email()` & co. (zod 4 also `z.email()`, `z.url()`, `z.uuid()`). */
type StringFormat = 'email' | 'url' | 'uuid' | 'datetime' | 'date' | 'time';
const STRING_FORMATS: ReadonlySet<string> = new Set<StringFormat>(['email', 'url', 'uuid', 'datetime', 'date', 'time']);
/** The `format` each writes: zod-to-json-schema's (zod 3) and zod 4's alike, `time` none in zod 4. */
const FORMAT_KEYWORD: Record<StringFormat, string> = { email: 'email', url: 'uri', uuid: 'uuid', datetime: 'date-time', date: 'date', time: 'time' };
const DATE_PATTERN =
  '(?:(?:\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29|\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|(?:02)-(?:0[1-9]|1\\d|2[0-8])))';
/**
 * The `pattern` zod 4 writes beside the format: its own regular expressions, which change between
 * zod releases (these are zod 4.6's; test/unit/sources/zodSchema.test.ts checks them against the
 * installed zod), so a count with one is an estimate that says so.
 */
const ZOD4_PATTERNS: Partial<Record<StringFormat, string>> = {
  email: "^(?:[A-Za-z0-9_'+\\-]+\\.)*[A-Za-z0-9_'+\\-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9\\-]*\\.)+[A-Za-z]{2,}$",
  uuid: '^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$',
  datetime: `^${DATE_PATTERN}T(?:(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d+)?(?:Z))$`,
  date: `^${DATE_PATTERN}$`,
  time: '^(?:[01]\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d(?:\\.\\d+)?)?$',
};

/** The estimate reason for a count with zod 4's pattern of `format`. */
export function zodPatternNote(format: string): string {
  return `zod 4 writes a pattern for \`.${format}()\` that changes between zod releases: counted with zod 4.6's`;
}
const NUMBER_BOUNDS: Record<string, Bound['key']> = {
  min: 'minimum',
  gte: 'minimum',
  max: 'maximum',
  lte: 'maximum',
  gt: 'exclusiveMinimum',
  lt: 'exclusiveMaximum',
};
const SIGN_BOUNDS: Record<string, Bound['key']> = {
  positive: 'exclusiveMinimum',
  nonnegative: 'minimum',
  negative: 'exclusiveMaximum',
  nonpositive: 'maximum',
};
const MAX_SAFE = 9007199254740991;
/** Schemas nested deeper than this, or built of more expressions, are not written. */
const MAX_DEPTH = 64;
const MAX_EXPRESSIONS = 20000;
const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';
const DRAFT_2020_12 = 'https://json-schema.org/draft/2020-12/schema';
const WRAPPERS = new Set(['parenthesized_expression', 'as_expression', 'satisfies_expression', 'non_null_expression']);

/** Builds the schema tree of an expression, for one zod version (wrappers copy descriptions in zod 3). */
class Reader {
  /** Declarations read, by node id: zod 3 writes a schema met twice as a `$ref`. */
  private readonly seen = new Map<number, string>();
  /** Declarations being read, outermost first: one met again inside itself is a recursive schema. */
  private readonly reading = new Map<number, string>();
  /** Expressions read so far: a schema reusing schemas that reuse others grows fast when inlined. */
  private count = 0;
  /** A `z.…(...)` constructor was met: what is not zod from here on is part of a zod schema. */
  private entered = false;

  /**
   * @param refusesReuse why a schema met twice is not written, for zod 4 too (zod's
   * `toJSONSchema({ reused: "ref" })` writes it once in `$defs`).
   */
  constructor(
    private readonly version: ZodVersion,
    private readonly refusesReuse?: string,
  ) {}

  /** The schema tree of `node`; `NotZod` only when no part of it is zod. */
  readSchema(node: Node, context: ZodContext): ZodNode {
    try {
      return this.read(node, context);
    } catch (error) {
      if (error instanceof NotZod && this.entered) throw new ZodUnsupported(error.message);
      throw error;
    }
  }

  read(node: Node, context: ZodContext, depth = 0): ZodNode {
    if (depth > MAX_DEPTH) throw new ZodUnsupported('the schema is nested too deep');
    if (++this.count > MAX_EXPRESSIONS) throw new ZodUnsupported(`the schema is built of more than ${MAX_EXPRESSIONS.toLocaleString('en-US')} expressions`);
    if (WRAPPERS.has(node.type)) {
      const inner = node.namedChildren.find((n) => n.type !== 'comment' && !n.type.includes('type'));
      if (inner) return this.read(inner, context, depth + 1);
    }
    if (node.type === 'identifier' || node.type === 'shorthand_property_identifier') {
      const found = context.assigned(node.text, node);
      if (!found) throw new NotZod(`\`${node.text}\` is not a zod schema this file or a workspace module declares`);
      const key = found.node.id;
      if (this.reading.has(key)) {
        const through = [...this.reading.values()].slice([...this.reading.keys()].indexOf(key) + 1);
        const via = through.length > 0 ? ` through ${through.map((name) => `\`${name}\``).join(', ')}` : '';
        throw new ZodUnsupported(`\`${node.text}\` refers to itself${via}: zod writes a recursive schema with \`$ref\`s, not modelled here`);
      }
      if (this.seen.has(key) && this.version === 3) {
        throw new ZodUnsupported(`\`${node.text}\` is used twice in the schema, which zod 3 writes as a \`$ref\` into \`definitions\``);
      }
      if (this.seen.has(key) && this.refusesReuse) throw new ZodUnsupported(`\`${node.text}\` is used twice in the schema, ${this.refusesReuse}`);
      this.seen.set(key, node.text);
      this.reading.set(key, node.text);
      try {
        return this.read(found.node, found.context, depth + 1);
      } finally {
        this.reading.delete(key);
      }
    }
    if (node.type !== 'call_expression') throw new NotZod(`\`${short(node.text)}\` is not a zod schema`);
    const fn = node.childForFieldName('function');
    const args = node.childForFieldName('arguments')?.namedChildren.filter((a) => a.type !== 'comment') ?? [];
    if (fn?.type !== 'member_expression') throw new NotZod(`\`${short(node.text)}\` is not a zod schema`);
    const target = fn.childForFieldName('object')!;
    const method = fn.childForFieldName('property')?.text ?? '';
    if (target.type === 'identifier' && context.namespaces.has(target.text)) return this.construct(method, args, node, context, depth);
    return this.modify(this.read(target, context, depth + 1), method, args, node, context, depth);
  }

  private construct(method: string, args: Node[], node: Node, context: ZodContext, depth: number): ZodNode {
    this.entered = true;
    if (!CONSTRUCTORS.has(method)) throw new ZodUnsupported(`\`z.${method}(...)\` is not modelled here`);
    switch (method) {
      case 'string':
        return { t: 'string', bounds: [] };
      case 'email':
      case 'url':
      case 'uuid':
        if (this.version === 3 || args.length > 0) throw new ZodUnsupported(`\`z.${method}(${args.length > 0 ? '...' : ''})\` is not modelled here`);
        return { t: 'string', bounds: [], format: { name: method as StringFormat, at: 0 } };
      case 'number':
        return { t: 'number', int: false, bounds: [] };
      case 'boolean':
        return { t: 'boolean' };
      case 'null':
        return { t: 'null' };
      case 'enum': {
        const values = args[0] ? context.evaluate(args[0]) : undefined;
        const strings = values?.kind === 'list' ? values.items.map((v) => knownString(v)) : [];
        if (args.length !== 1 || strings.length === 0 || strings.some((s) => s === undefined)) throw new ZodUnsupported(`the values of \`${short(node.text)}\` are not known`);
        return { t: 'enum', values: strings as string[] };
      }
      case 'literal': {
        const value = args.length === 1 ? literalOf(context.evaluate(args[0])) : undefined;
        if (value === undefined) throw new ZodUnsupported(`the value of \`${short(node.text)}\` is not a known string, number or boolean`);
        return { t: 'literal', value };
      }
      case 'array':
        if (args.length !== 1) throw new ZodUnsupported(`\`${short(node.text)}\` takes one schema`);
        return { t: 'array', item: this.read(args[0], context, depth + 1) };
      case 'object':
        if (args.length !== 1) throw new ZodUnsupported(`\`${short(node.text)}\` takes one shape`);
        return { t: 'object', shape: this.shape(args[0], context, depth) };
      case 'union':
      case 'discriminatedUnion': {
        const list = method === 'union' ? args[0] : args[1];
        if (args.length !== (method === 'union' ? 1 : 2) || list?.type !== 'array') throw new ZodUnsupported(`the options of \`${short(node.text)}\` are not a list written here`);
        const options = list.namedChildren.filter((n) => n.type !== 'comment').map((o) => this.read(o, context, depth + 1));
        if (options.length === 0) throw new ZodUnsupported(`\`${short(node.text)}\` has no options`);
        return { t: 'union', options, discriminated: method === 'discriminatedUnion' };
      }
      default:
        throw new ZodUnsupported(`\`z.${method}(...)\` is not modelled here`);
    }
  }

  private shape(node: Node, context: ZodContext, depth: number): [string, ZodNode][] {
    let literal = node;
    while (WRAPPERS.has(literal.type) && literal.namedChildren[0]) literal = literal.namedChildren[0];
    if (literal.type === 'identifier') {
      const found = context.assigned(literal.text, literal);
      if (found) return this.shape(found.node, found.context, depth + 1);
    }
    if (literal.type !== 'object') throw new ZodUnsupported(`the shape \`${short(node.text)}\` is not an object written here`);
    const shape: [string, ZodNode][] = [];
    for (const child of literal.namedChildren) {
      if (child.type === 'comment') continue;
      if (child.type === 'pair') {
        const key = child.childForFieldName('key')!;
        const value = child.childForFieldName('value')!;
        const name = key.type === 'property_identifier' ? key.text : key.type === 'string' || key.type === 'number' ? knownKey(context.evaluate(key)) : undefined;
        if (name === undefined) throw new ZodUnsupported(`the key \`${short(key.text)}\` is computed`);
        if (name === '__proto__') throw new ZodUnsupported('a property is named `__proto__`');
        shape.push([name, this.read(value, context, depth + 1)]);
      } else if (child.type === 'shorthand_property_identifier') {
        const found = context.assigned(child.text, child);
        if (!found) throw new ZodUnsupported(`\`${child.text}\` is not a zod schema this file declares`);
        shape.push([child.text, this.read(found.node, found.context, depth + 1)]);
      } else {
        throw new ZodUnsupported(`\`${short(child.text)}\` in an object's shape is not modelled here`);
      }
    }
    return shape;
  }

  private modify(base: ZodNode, method: string, args: Node[], node: Node, context: ZodContext, depth: number): ZodNode {
    const number = (i: number) => numberOf(args[i], context);
    const copy = (extra: Partial<ZodNode>): ZodNode => ({ ...base, ...extra }) as ZodNode;
    // zod 3 gives a wrapper the description of the schema it wraps; zod 4 keeps it on the schema.
    const inherited = (inner: ZodNode) => (this.version === 3 && inner.description !== undefined ? { description: inner.description } : {});
    const wrap = (t: 'nullable' | 'optional', inner: ZodNode): ZodNode => ({ t, inner, ...inherited(inner) }) as ZodNode;
    switch (method) {
      case 'describe': {
        const text = args.length === 1 ? knownString(context.evaluate(args[0])) : undefined;
        if (text === undefined) throw new ZodUnsupported(`the description in \`${short(node.text)}\` is not known text`);
        return copy({ description: text });
      }
      case 'nullable':
        return wrap('nullable', base);
      case 'optional':
        return wrap('optional', base);
      case 'nullish':
        return wrap('optional', wrap('nullable', base));
      case 'array':
        return { t: 'array', item: base };
      case 'default': {
        const value = args.length === 1 && args[0].type !== 'arrow_function' && args[0].type !== 'function_expression' ? context.evaluate(args[0]) : undefined;
        if (!value || !isFullyKnown(value)) throw new ZodUnsupported(`the default in \`${short(node.text)}\` is not a known value`);
        return { t: 'default', inner: base, value: plainValue(value) as Json, ...inherited(base) };
      }
      case 'or':
        if (args.length !== 1) break;
        return { t: 'union', options: [base, this.read(args[0], context, depth + 1)], discriminated: false };
      case 'extend':
      case 'merge':
      case 'pick':
      case 'omit': {
        if (base.t !== 'object' || args.length !== 1) break;
        // zod 3 keeps the description through `extend`, `pick` and `omit`; zod 4 and `merge` do not.
        const kept = this.version === 3 && method !== 'merge' && base.description !== undefined ? { description: base.description } : {};
        if (method === 'extend' || method === 'merge') {
          let added: [string, ZodNode][];
          if (method === 'extend') added = this.shape(args[0], context, depth);
          else {
            const other = this.read(args[0], context, depth + 1);
            if (other.t !== 'object') throw new ZodUnsupported(`\`${short(args[0].text)}\` is not a \`z.object(...)\``);
            added = other.shape;
          }
          // A key given again keeps its place with its new schema, as an object spread does.
          const shape = new Map(base.shape);
          for (const [key, value] of added) shape.set(key, value);
          return { t: 'object', shape: [...shape], ...kept };
        }
        const mask = context.evaluate(args[0]);
        if (mask.kind !== 'object' || mask.entries.some((e) => e.value.kind !== 'scalar' || e.value.value !== true)) {
          throw new ZodUnsupported(`the keys in \`${short(node.text)}\` are not written as \`{ key: true }\``);
        }
        const keys = mask.entries.map((e) => e.key);
        const shape =
          method === 'pick'
            ? keys.flatMap((key): [string, ZodNode][] => base.shape.filter(([name]) => name === key))
            : base.shape.filter(([name]) => !keys.includes(name));
        return { t: 'object', shape, ...kept };
      }
      case 'strict':
      case 'strip':
        if (base.t === 'object' && args.length === 0) return base;
        break;
      case 'email':
      case 'url':
      case 'uuid':
      case 'datetime':
      case 'date':
      case 'time':
        if (base.t === 'string' && args.length === 0 && STRING_FORMATS.has(method)) {
          if (base.format) throw new ZodUnsupported(`a string with two formats (\`.${base.format.name}()\` and \`.${method}()\`) is not modelled here`);
          return copy({ format: { name: method as StringFormat, at: base.bounds.length } });
        }
        break;
      case 'int':
        if (base.t === 'number' && !base.int && args.length === 0) return copy({ int: true });
        break;
      case 'nonempty':
        if (base.t === 'array' && args.length === 0) return copy({ min: 1 });
        break;
      case 'min':
      case 'max':
      case 'length':
        if (base.t === 'array') {
          const n = number(0);
          if (method === 'length') return copy({ min: n, max: n });
          return copy(method === 'min' ? { min: n } : { max: n });
        }
        if (base.t === 'string') {
          const n = number(0);
          const bounds: Bound[] = method === 'length' ? [{ key: 'minLength', value: n }, { key: 'maxLength', value: n }] : [{ key: method === 'min' ? 'minLength' : 'maxLength', value: n }];
          return copy({ bounds: addBounds(base.bounds, bounds) });
        }
        if (base.t === 'number' && method !== 'length') return copy({ bounds: addBounds(base.bounds, [{ key: NUMBER_BOUNDS[method], value: number(0) }]) });
        break;
      case 'gt':
      case 'gte':
      case 'lt':
      case 'lte':
        if (base.t === 'number') return copy({ bounds: addBounds(base.bounds, [{ key: NUMBER_BOUNDS[method], value: number(0) }]) });
        break;
      case 'positive':
      case 'negative':
      case 'nonnegative':
      case 'nonpositive':
        if (base.t === 'number' && args.length === 0) return copy({ bounds: addBounds(base.bounds, [{ key: SIGN_BOUNDS[method], value: 0 }]) });
        break;
    }
    throw new ZodUnsupported(`\`.${method}(${args.length > 0 ? '...' : ''})\` is not modelled here`);
  }
}

/** One bound of each kind, and one lower and one upper bound a number: what both versions write alike. */
function addBounds(bounds: readonly Bound[], added: readonly Bound[]): Bound[] {
  const all = [...bounds, ...added];
  const side = (key: Bound['key']) => (key === 'minLength' ? 'minLength' : key === 'maxLength' ? 'maxLength' : key.toLowerCase().includes('min') ? 'lower' : 'upper');
  if (new Set(all.map((b) => side(b.key))).size !== all.length) throw new ZodUnsupported('a bound is set twice');
  return all;
}

function numberOf(node: Node | undefined, context: ZodContext): number {
  let value: number | undefined;
  if (node?.type === 'unary_expression' && node.childForFieldName('operator')?.text === '-') {
    const operand = node.childForFieldName('argument');
    const inner = operand ? context.evaluate(operand) : undefined;
    if (inner?.kind === 'scalar' && typeof inner.value === 'number') value = -inner.value;
  } else if (node) {
    const known = context.evaluate(node);
    if (known.kind === 'scalar' && typeof known.value === 'number') value = known.value;
  }
  if (value === undefined || !Number.isFinite(value)) throw new ZodUnsupported(`the bound \`${short(node?.text ?? '')}\` is not a known number`);
  return value;
}

function literalOf(value: StaticValue): string | number | boolean | undefined {
  if (value.kind === 'scalar' && value.value !== null) return value.value;
  return knownString(value);
}

function knownKey(value: StaticValue): string | undefined {
  if (value.kind === 'scalar' && typeof value.value === 'number') return String(value.value);
  return knownString(value);
}

function short(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 40 ? `${flat.slice(0, 37)}...` : flat;
}

const PRIMITIVE_TYPES: Partial<Record<ZodNode['t'], string>> = { string: 'string', number: 'number', boolean: 'boolean', null: 'null' };

/** A string, number, boolean or null schema without bounds, `int` or description. */
function isPlainPrimitive(node: ZodNode): boolean {
  if (!(node.t in PRIMITIVE_TYPES)) return false;
  if (node.t === 'number' && (node.int || node.bounds.length > 0)) return false;
  if (node.t === 'string' && (node.bounds.length > 0 || node.format)) return false;
  return true;
}

/** A boolean, null, enum or literal: written the same by zod 3 and zod 4. */
function leafSchema(node: Extract<ZodNode, { t: 'boolean' | 'null' | 'enum' | 'literal' }>): Schema {
  if (node.t === 'enum') return { type: 'string', enum: node.values };
  if (node.t === 'literal') return { type: typeof node.value, const: node.value };
  return { type: node.t };
}

function withDescription(schema: Schema, node: ZodNode): Schema {
  if (node.description !== undefined) schema.description = node.description;
  return schema;
}

/**
 * Who turns the zod schema into JSON: the openai SDK's helpers (a strict schema: every property
 * required), the AI SDK's `zodSchema` (zod's own draft-7 output: a property that may be left out is
 * not `required`, nothing is made strict, every object closed last), or LangChain.js's
 * `toJsonSchema` (zod 4's own draft 2020-12 output as written: a property with a default is
 * required, `additionalProperties` before the description; zod 3 as the AI SDK).
 */
type Target = 'openai' | 'ai-sdk' | 'langchain';

/** Whether zod lets an object's property be left out (`.optional()`, `.default(...)`), so leaves it out of `required`. */
function mayBeOmitted(node: ZodNode): boolean {
  if (node.t === 'optional' || node.t === 'default') return true;
  return node.t === 'nullable' && mayBeOmitted(node.inner);
}

/**
 * zod 3 through zod-to-json-schema: the openai SDK's copy (OpenAI strict mode, `nullableStrategy:
 * "property"`) or, for the AI SDK, the package's draft-7 defaults.
 */
function writeV3(node: ZodNode, target: Target = 'openai'): Schema {
  const write = (n: ZodNode) => writeV3(n, target);
  switch (node.t) {
    case 'string':
    case 'number': {
      const schema: Schema = { type: node.t === 'number' && node.int ? 'integer' : node.t };
      // Checks in the order the calls write them, the format among them.
      const format = node.t === 'string' ? node.format : undefined;
      node.bounds.forEach((bound, i) => {
        if (format?.at === i) schema.format = FORMAT_KEYWORD[format.name];
        schema[bound.key] = bound.value;
      });
      if (format && format.at >= node.bounds.length) schema.format = FORMAT_KEYWORD[format.name];
      return withDescription(schema, node);
    }
    case 'boolean':
    case 'null':
    case 'enum':
    case 'literal':
      return withDescription(leafSchema(node), node);
    case 'array': {
      const schema: Schema = { type: 'array', items: write(node.item) };
      if (node.min !== undefined) schema.minItems = node.min;
      if (node.max !== undefined) schema.maxItems = node.max;
      return withDescription(schema, node);
    }
    case 'object': {
      const properties: Schema = {};
      for (const [key, value] of node.shape) properties[key] = write(value);
      const schema: Schema = { type: 'object', properties };
      const keys = target === 'openai' ? Object.keys(properties) : node.shape.filter(([, value]) => !mayBeOmitted(value)).map(([key]) => key);
      if (keys.length > 0) schema.required = keys;
      schema.additionalProperties = false;
      return withDescription(schema, node);
    }
    case 'union': {
      if (!node.discriminated && node.options.every(isPlainPrimitive)) {
        const types = [...new Set(node.options.map((o) => PRIMITIVE_TYPES[o.t]!))];
        return withDescription({ type: types.length === 1 ? types[0] : types }, node);
      }
      if (!node.discriminated && node.options.every((o) => o.t === 'literal')) {
        if (node.options.some((o) => o.description !== undefined)) throw new ZodUnsupported('a union of described literals is written differently by zod 3');
        const values = node.options.map((o) => (o as { value: string | number | boolean }).value);
        const types = [...new Set(values.map((v) => typeof v))];
        return withDescription({ type: types.length === 1 ? types[0] : types, enum: values }, node);
      }
      if (node.options.every((o) => o.t === 'enum')) throw new ZodUnsupported('a union of enums is written differently by zod 3');
      return withDescription({ anyOf: node.options.map(write) }, node);
    }
    case 'nullable': {
      const inner = node.inner;
      if (isPlainPrimitive(inner) && inner.t !== 'null') {
        const type = PRIMITIVE_TYPES[inner.t]!;
        return withDescription(target === 'openai' ? { type, nullable: true } : { type: [type, 'null'] }, node);
      }
      return withDescription({ anyOf: [write(inner), { type: 'null' }] }, node);
    }
    case 'optional': {
      const schema = write(node.inner);
      return node.description !== undefined ? { ...schema, description: node.description } : schema;
    }
    case 'default': {
      const schema = write(node.inner);
      if ('default' in schema) throw new ZodUnsupported('a default is set twice');
      schema.default = node.value;
      return node.description !== undefined ? { ...schema, description: node.description } : schema;
    }
  }
}

/**
 * A zod 4 wrapper that writes what it wraps (`.optional()`, `.default()`): its own keywords first,
 * then those of the wrapped schema it does not set itself.
 */
function underWrapper(own: Schema, inner: Schema): Schema {
  const schema = { ...own };
  for (const [key, value] of Object.entries(inner)) if (!(key in schema)) schema[key] = value;
  return schema;
}

/** Whether a property may be left out (zod 4 leaves it out of the `required` it writes). */
function isOptionalV4(node: ZodNode): boolean {
  if (node.t === 'optional') return true;
  if (node.t === 'nullable') return isOptionalV4(node.inner);
  return false;
}

/**
 * Each `anyOf` whose schemas are each only a `type`, folded into one list of types written after
 * the schema's other keys, innermost first (zod 4's `.nullable()` of a string: `type: ["string", "null"]`).
 */
function foldTypes(schema: Schema): Schema {
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties') out[key] = Object.fromEntries(Object.entries(value as Schema).map(([name, s]) => [name, foldTypes(s as Schema)]));
    else if (key === 'items' || key === 'additionalProperties') out[key] = value !== null && typeof value === 'object' && !Array.isArray(value) ? foldTypes(value) : value;
    else if (key === 'anyOf') out[key] = (value as Schema[]).map(foldTypes);
    else out[key] = value;
  }
  const options = out.anyOf as Schema[] | undefined;
  if (!options || !options.every((o) => Object.keys(o).length === 1 && 'type' in o)) return out;
  const types = [...new Set(options.flatMap((o) => (Array.isArray(o.type) ? (o.type as string[]) : [o.type as string])))];
  const { anyOf: _anyOf, ...rest } = out;
  return { ...rest, type: types };
}

/**
 * zod 4's `toJSONSchema` (draft-7), then the openai SDK's strict-schema pass, or the AI SDK's
 * pass that only closes every object (`additionalProperties: false`, written last).
 */
function writeV4(node: ZodNode, target: Target = 'openai', title?: string): Schema {
  const schema = writeV4Node(node, target, title);
  if (title !== undefined) schema.title = title;
  return schema;
}

/**
 * One node of `writeV4`; `title`, when given, is set last on every schema written for a zod node
 * (a nullable's added `{type: "null"}` is none).
 */
function writeV4Node(node: ZodNode, target: Target, title: string | undefined): Schema {
  const write = (n: ZodNode) => writeV4(n, target, title);
  switch (node.t) {
    case 'string': {
      const schema: Schema = { type: 'string' };
      for (const key of ['minLength', 'maxLength'] as const) {
        const bound = node.bounds.find((b) => b.key === key);
        if (bound) schema[key] = bound.value;
      }
      if (node.format) {
        if (node.format.name !== 'time') schema.format = FORMAT_KEYWORD[node.format.name];
        const pattern = ZOD4_PATTERNS[node.format.name];
        if (pattern) schema.pattern = pattern;
      }
      return withDescription(schema, node);
    }
    case 'number': {
      const schema: Schema = { type: node.int ? 'integer' : 'number' };
      const lower = node.bounds.find((b) => b.key === 'minimum' || b.key === 'exclusiveMinimum');
      const upper = node.bounds.find((b) => b.key === 'maximum' || b.key === 'exclusiveMaximum');
      if (lower) schema[lower.key] = lower.value;
      else if (node.int) schema.minimum = -MAX_SAFE;
      if (upper) schema[upper.key] = upper.value;
      else if (node.int) schema.maximum = MAX_SAFE;
      return withDescription(schema, node);
    }
    case 'boolean':
    case 'null':
    case 'enum':
    case 'literal':
      return withDescription(leafSchema(node), node);
    case 'array': {
      const schema: Schema = {};
      if (node.min !== undefined) schema.minItems = node.min;
      if (node.max !== undefined) schema.maxItems = node.max;
      schema.type = 'array';
      schema.items = write(node.item);
      return withDescription(schema, node);
    }
    case 'object': {
      const properties: Schema = {};
      for (const [key, value] of node.shape) properties[key] = write(value);
      if (target === 'ai-sdk') {
        const required = node.shape.filter(([, value]) => !mayBeOmitted(value)).map(([key]) => key);
        const schema: Schema = { type: 'object', properties };
        if (required.length > 0) schema.required = required;
        withDescription(schema, node);
        schema.additionalProperties = false;
        return schema;
      }
      if (target === 'langchain') {
        const required = node.shape.filter(([, value]) => !isOptionalV4(value)).map(([key]) => key);
        const schema: Schema = { type: 'object', properties };
        if (required.length > 0) schema.required = required;
        schema.additionalProperties = false;
        return withDescription(schema, node);
      }
      const keys = Object.keys(properties);
      // zod writes `required` for the properties that may not be left out; the SDK makes it all of them.
      const written = node.shape.some(([, value]) => !isOptionalV4(value));
      const schema: Schema = { type: 'object', properties };
      if (written) schema.required = keys;
      schema.additionalProperties = false;
      withDescription(schema, node);
      if (!written) schema.required = keys;
      return schema;
    }
    case 'union': {
      const anyOf = node.options.map(write);
      // zod writes a discriminated union as `oneOf`; the openai SDK turns it into `anyOf`, written
      // after the other keys.
      if (node.discriminated && target !== 'openai') return withDescription({ oneOf: anyOf }, node);
      if (node.discriminated) return { ...withDescription({}, node), anyOf };
      return withDescription({ anyOf }, node);
    }
    case 'nullable':
      return withDescription({ anyOf: [write(node.inner), { type: 'null' }] }, node);
    case 'optional':
      return underWrapper(withDescription({}, node), write(node.inner));
    case 'default': {
      const schema = underWrapper(withDescription({ default: node.value }, node), write(node.inner));
      // The openai SDK's strict pass drops `default: null`.
      if (node.value === null && target === 'openai') delete schema.default;
      return schema;
    }
  }
}

/** The SDK refuses a property that is `.optional()` without `.nullable()`; so is it refused here. */
function checkOptional(node: ZodNode, path: string): void {
  const visit = (n: ZodNode, at: string, property: boolean): void => {
    if (n.t === 'optional') {
      let inner: ZodNode = n.inner;
      while (inner.t === 'optional') inner = inner.inner;
      if (property && inner.t !== 'nullable') throw new StrictRefused(`\`${at}\` is \`.optional()\` without \`.nullable()\`, which the openai SDK refuses for a strict schema`);
      visit(n.inner, at, false);
    } else if (n.t === 'nullable' || n.t === 'default') visit(n.inner, at, false);
    else if (n.t === 'object') for (const [key, value] of n.shape) visit(value, key, true);
    else if (n.t === 'array') visit(n.item, at, false);
    else if (n.t === 'union') for (const option of n.options) visit(option, at, false);
  };
  visit(node, path, false);
}

/** With zod's version unknown: the schema zod 3 and zod 4 would both write (`$schema` aside), or why there is none. */
function eitherVersion(write: (version: ZodVersion) => Record<string, Json>): Record<string, Json> {
  const unknown = "zod's version is not known here (no node_modules/zod or package.json naming it)";
  const v4 = write(4);
  let v3: Record<string, Json>;
  try {
    v3 = write(3);
  } catch (error) {
    if (error instanceof ZodUnsupported) throw new ZodUnsupported(`${unknown}, and with zod 3 ${error.message}`);
    throw error;
  }
  const { $schema: _a, ...rest3 } = v3;
  const { $schema: _b, ...rest4 } = v4;
  if (JSON.stringify(rest3) !== JSON.stringify(rest4)) throw new ZodUnsupported(`${unknown}, and zod 3 and zod 4 write this schema differently`);
  return v4;
}

/**
 * The strict JSON schema the openai SDK writes for the zod schema `node`, for `version` (undefined:
 * both, and then only a schema both write alike apart from where `$schema` is).
 */
export function zodJsonSchema(node: Node, context: ZodContext, version: ZodVersion | undefined, notes?: Set<string>): Record<string, Json> {
  if (version === undefined) return eitherVersion((v) => zodJsonSchema(node, context, v, notes));
  const tree = new Reader(version).read(node, context);
  if (tree.t !== 'object') throw new ZodUnsupported('the schema is not a `z.object(...)`, which a strict structured output needs');
  checkOptional(tree, 'the schema');
  if (version === 3) return { ...writeV3(tree), $schema: DRAFT_07 };
  notePatterns(tree, notes);
  return { $schema: DRAFT_07, ...foldTypes(writeV4(tree)) };
}

/**
 * The JSON schema a zod schema `node` is sent as, not made strict: by the AI SDK (`ai`,
 * `@ai-sdk/provider-utils`' `zodSchema`: zod's own draft-7 output, zod 3 through
 * zod-to-json-schema, every object closed with `additionalProperties: false`), or by LangChain.js
 * (`@langchain/core`'s `toJsonSchema`, used for `tool(fn, { schema })`: zod 3 as the AI SDK, zod 4
 * as `z.toJSONSchema` writes it, draft 2020-12). For `version` undefined, as `zodJsonSchema` does:
 * only a schema both versions write alike.
 */
export function sentZodSchema(target: 'ai-sdk' | 'langchain', node: Node, context: ZodContext, version: ZodVersion | undefined, notes?: Set<string>): Record<string, Json> {
  if (version === undefined) return eitherVersion((v) => sentZodSchema(target, node, context, v, notes));
  const tree = new Reader(version).readSchema(node, context);
  if (version === 3) return { ...writeV3(tree, target), $schema: DRAFT_07 };
  notePatterns(tree, notes);
  return { $schema: target === 'langchain' ? DRAFT_2020_12 : DRAFT_07, ...foldTypes(writeV4(tree, target)) };
}

/**
 * The JSON schema `@langchain/openai`'s `withStructuredOutput(zodSchema, { name })` sends as the
 * `json_schema` response format (utils/output.ts `interopZodResponseFormat`): for zod 3 the openai
 * SDK's `zodResponseFormat` schema (as `zodJsonSchema` writes it); for zod 4 `@langchain/core`'s
 * `toJsonSchema` as a tool's (`sentZodSchema('langchain')`, not made strict) but with
 * `override: ctx => ctx.jsonSchema.title = name`, which sets `title` last on every schema of a zod
 * node, and `reused: "ref"`, which writes a schema met twice into `$defs` (not written here).
 * Checked against the body @langchain/openai 1.5.6 (with @langchain/core 1.4.0, zod 4) sends.
 */
export function langChainFormatZodSchema(node: Node, name: string, context: ZodContext, version: ZodVersion | undefined, notes?: Set<string>): Record<string, Json> {
  if (version === undefined) return eitherVersion((v) => langChainFormatZodSchema(node, name, context, v, notes));
  if (version === 3) return zodJsonSchema(node, context, 3, notes);
  const tree = new Reader(4, 'which LangChain writes once in `$defs`').readSchema(node, context);
  notePatterns(tree, notes);
  return { $schema: DRAFT_2020_12, ...foldTypes(writeV4(tree, 'langchain', name)) };
}

/** Adds to `notes` why a zod 4 schema's count is an estimate: each string format it writes a release's pattern for. */
function notePatterns(node: ZodNode, notes: Set<string> | undefined): void {
  if (!notes) return;
  if (node.t === 'string' && node.format && ZOD4_PATTERNS[node.format.name]) notes.add(zodPatternNote(node.format.name));
  else if (node.t === 'object') for (const [, value] of node.shape) notePatterns(value, notes);
  else if (node.t === 'array') notePatterns(node.item, notes);
  else if (node.t === 'union') for (const option of node.options) notePatterns(option, notes);
  else if (node.t === 'nullable' || node.t === 'optional' || node.t === 'default') notePatterns(node.inner, notes);
}

/** A zod schema as the OpenAI Agents SDK sends it: its JSON schema, and whether it is sent strict. */
export interface AgentsSchema {
  schema: Record<string, Json>;
  strict: boolean;
}

/**
 * The JSON schema the OpenAI Agents SDK for JavaScript (`@openai/agents` 0.20) sends for a zod
 * schema: a tool's `parameters` (`use: "tool"`, always strict) or an agent's `outputType`
 * (`use: "output"`, the `text.format` schema). Measured on the installed package
 * (test/unit/sources/openaiAgentsScript.test.ts):
 *
 * - The SDK first asks the openai package's zod helpers (openai 7), which write what `zodJsonSchema`
 *   writes. For a tool, descriptions its own converter finds and the helper's schema lacks are
 *   added last (zod 3 gives an array the description of its element), then its strict pass runs.
 * - The helpers refuse a property `.optional()` without `.nullable()` and, in zod 3, a `.default()`
 *   of a number. The SDK then writes the schema with its own converter: types only (no bounds, no
 *   formats, no defaults; an integer is a `number`), literals as `{ const, type }`, unions and
 *   discriminated unions as `anyOf`, `required` listing what is not `.optional()`, `$schema` last.
 *   A tool's schema goes through the strict pass, which lists every property as required and wraps
 *   an optional one that refuses null as `{ description?, anyOf: [schema, { type: "null" }] }`; an
 *   output schema is sent as written, not strict. What the converter cannot write (`z.null()`, an
 *   `.optional()` that is not a property) makes the SDK throw: no schema here either.
 */
export function agentsZodSchema(use: 'tool' | 'output', node: Node, context: ZodContext, version: ZodVersion | undefined, notes?: Set<string>): AgentsSchema {
  if (version === undefined) {
    const unknown = "zod's version is not known here (no node_modules/zod or package.json naming it)";
    // The SDK asks for zod 4 (its peer dependency): where zod 3 would write the schema otherwise,
    // zod 4's is counted, and the estimate says so.
    const v4 = agentsZodSchema(use, node, context, 4, notes);
    let v3: AgentsSchema | undefined;
    try {
      v3 = agentsZodSchema(use, node, context, 3, notes);
    } catch (error) {
      if (!(error instanceof ZodUnsupported)) throw error;
    }
    const bare = ({ schema, strict }: AgentsSchema) => {
      const { $schema: _, ...rest } = schema;
      return JSON.stringify([strict, rest]);
    };
    if (!v3 || bare(v3) !== bare(v4)) notes?.add(`${unknown}: a zod schema is counted as zod 4 writes it, the version @openai/agents asks for`);
    return v4;
  }
  const tree = new Reader(version).readSchema(node, context);
  if (tree.t !== 'object') throw new ZodUnsupported('the Agents SDK takes a `z.object(...)` here');
  let helper: Schema | undefined;
  if (!(version === 3 && hasNumberDefault(tree))) {
    try {
      checkOptional(tree, 'the schema');
      helper = version === 3 ? { ...writeV3(tree), $schema: DRAFT_07 } : { $schema: DRAFT_07, ...foldTypes(writeV4(tree)) };
      if (version === 4) notePatterns(tree, notes);
    } catch (error) {
      if (!(error instanceof StrictRefused)) throw error;
    }
  }
  const own = compatObject(tree, version);
  if (own) own.$schema = DRAFT_07;
  if (use === 'output') {
    if (helper) return { schema: helper, strict: true };
    if (!own) throw new ZodUnsupported('the Agents SDK cannot write it (`z.null()` or an `.optional()` that is not a property): it throws');
    return { schema: own, strict: false };
  }
  if (helper) {
    if (own) mergeDescriptions(helper, own);
    return { schema: agentsStrictSchema(helper), strict: true };
  }
  if (!own) throw new ZodUnsupported('the Agents SDK cannot write it (`z.null()` or an `.optional()` that is not a property): it throws');
  return { schema: agentsStrictSchema(own), strict: true };
}

/** A zod 3 `.default(...)` whose value holds a number, which the openai 7 helpers refuse. */
function hasNumberDefault(node: ZodNode): boolean {
  const holdsNumber = (value: Json): boolean =>
    typeof value === 'number' || (Array.isArray(value) ? value.some(holdsNumber) : value !== null && typeof value === 'object' && Object.values(value).some(holdsNumber));
  switch (node.t) {
    case 'default':
      return holdsNumber(node.value) || hasNumberDefault(node.inner);
    case 'nullable':
    case 'optional':
      return hasNumberDefault(node.inner);
    case 'array':
      return hasNumberDefault(node.item);
    case 'object':
      return node.shape.some(([, value]) => hasNumberDefault(value));
    case 'union':
      return node.options.some(hasNumberDefault);
    default:
      return false;
  }
}

/** The description the Agents SDK's converter reads: zod 3 looks through wrappers and into an array's element, zod 4 only at the schema itself. */
function ownDescription(node: ZodNode, version: ZodVersion): string | undefined {
  if (node.description !== undefined || version === 4) return node.description;
  if (node.t === 'array') return ownDescription(node.item, version);
  if (node.t === 'nullable' || node.t === 'optional' || node.t === 'default') return ownDescription(node.inner, version);
  return undefined;
}

const withoutDefaults = (node: ZodNode): ZodNode => (node.t === 'default' ? withoutDefaults(node.inner) : node);

/** One schema as the Agents SDK's own converter writes it, or undefined where it gives up. */
function compatSchema(node: ZodNode, version: ZodVersion): Schema | undefined {
  const inner = withoutDefaults(node);
  let schema: Schema | undefined;
  switch (inner.t) {
    case 'string':
    case 'number':
    case 'boolean':
      schema = { type: inner.t };
      break;
    case 'enum':
      schema = { type: 'string', enum: inner.values };
      break;
    case 'literal':
      schema = { const: inner.value, type: typeof inner.value };
      break;
    case 'array': {
      const items = compatSchema(inner.item, version);
      schema = items && { type: 'array', items };
      break;
    }
    case 'object':
      schema = compatObject(inner, version);
      break;
    case 'union': {
      const options = inner.options.map((o) => compatSchema(o, version));
      schema = options.every((o) => o !== undefined) ? { anyOf: options as Schema[] } : undefined;
      break;
    }
    case 'nullable': {
      const wrapped = compatSchema(inner.inner, version);
      schema = wrapped && { anyOf: [wrapped, { type: 'null' }] };
      break;
    }
    default:
      return undefined;
  }
  const description = ownDescription(node, version);
  if (schema && description !== undefined) schema.description = description;
  return schema;
}

function compatObject(node: Extract<ZodNode, { t: 'object' }>, version: ZodVersion): Schema | undefined {
  const properties: Schema = {};
  const required: string[] = [];
  for (const [key, field] of node.shape) {
    let current = withoutDefaults(field);
    let optional = false;
    while (current.t === 'optional') {
      optional = true;
      current = withoutDefaults(current.inner);
    }
    const schema = compatSchema(current, version);
    if (!schema) return undefined;
    const description = ownDescription(field, version);
    if (description !== undefined && !('description' in schema)) schema.description = description;
    properties[key] = schema;
    if (!optional) required.push(key);
  }
  const schema: Schema = { type: 'object', properties, required, additionalProperties: false };
  const description = ownDescription(node, version);
  if (description !== undefined) schema.description = description;
  return schema;
}

const isRecord = (value: Json | undefined): value is Schema => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Descriptions of `source` that `target` lacks, added last, where the two have the same shape. */
function mergeDescriptions(target: Json, source: Json): void {
  if (!isRecord(target) || !isRecord(source)) return;
  if (typeof source.description === 'string' && source.description.trim() && !('description' in target)) target.description = source.description;
  if (target.type === 'object' && source.type === 'object' && isRecord(target.properties) && isRecord(source.properties)) {
    for (const [key, value] of Object.entries(source.properties)) if (target.properties[key]) mergeDescriptions(target.properties[key], value);
  }
  if (target.type === 'array' && source.type === 'array' && 'items' in target && 'items' in source) {
    const [to, from] = [target.items, source.items];
    if (Array.isArray(to) && Array.isArray(from)) to.slice(0, from.length).forEach((item, i) => mergeDescriptions(item, from[i]));
    else mergeDescriptions(to, from);
  }
  for (const keyword of ['anyOf', 'allOf', 'oneOf']) {
    const [to, from] = [target[keyword], source[keyword]];
    if (Array.isArray(to) && Array.isArray(from)) to.slice(0, from.length).forEach((item, i) => mergeDescriptions(item, from[i]));
  }
}

/** Whether a schema accepts null, as the Agents SDK's strict pass decides it. */
function nullability(schema: Json): 'allows' | 'disallows' | 'unknown' {
  if (schema === true) return 'allows';
  if (schema === false) return 'disallows';
  if (!isRecord(schema)) return 'unknown';
  if ('type' in schema) {
    const type = schema.type;
    if (typeof type !== 'string' && !Array.isArray(type)) return 'unknown';
    if (type !== 'null' && !(Array.isArray(type) && type.includes('null'))) return 'disallows';
  }
  if ('enum' in schema) {
    if (!Array.isArray(schema.enum)) return 'unknown';
    if (!schema.enum.includes(null)) return 'disallows';
  }
  if ('const' in schema && schema.const !== null) return 'disallows';
  if ('$ref' in schema) return 'unknown';
  if ('anyOf' in schema) {
    if (!Array.isArray(schema.anyOf)) return 'unknown';
    const each = schema.anyOf.map(nullability);
    return each.includes('allows') ? 'allows' : each.every((n) => n === 'disallows') ? 'disallows' : 'unknown';
  }
  if (!('type' in schema) && isRecord(schema.properties)) return 'disallows';
  return 'allows';
}

/**
 * The Agents SDK's strict pass over a tool's JSON schema (a zod schema's, or JSON schema given as
 * `parameters` of a strict tool): every object lists all its properties as required and is closed;
 * a property that was optional and refuses null becomes `{ description?, anyOf: [schema, { type:
 * "null" }] }`; `default: null` is dropped. Throws `ZodUnsupported` where the SDK refuses the schema
 * or where it follows a `$ref`, which is not modelled.
 */
export function agentsStrictSchema(schema: Record<string, Json>): Record<string, Json> {
  const strictEntry = (entry: Json, root: boolean): Json => {
    if (!isRecord(entry)) return entry;
    const properties = isRecord(entry.properties) ? entry.properties : undefined;
    if (entry.type === undefined && (properties || 'additionalProperties' in entry) && entry.additionalProperties !== false) {
      throw new ZodUnsupported('the Agents SDK refuses an open schema without a `type` in strict mode');
    }
    if (!root && entry.type === undefined && properties) entry.type = 'object';
    const objectType = entry.type === 'object' || (Array.isArray(entry.type) && entry.type.includes('object')) || entry.type === undefined;
    if (properties && objectType) {
      const required = new Set(Array.isArray(entry.required) ? entry.required.map(String) : []);
      const prepared: Schema = {};
      for (const [key, value] of Object.entries(properties)) {
        const nulls = required.has(key) ? undefined : nullability(value);
        if (nulls === 'unknown') throw new ZodUnsupported(`whether the optional property \`${key}\` accepts null is not known here`);
        const normalized = strictEntry(value, false);
        prepared[key] = nulls === 'disallows' && isRecord(normalized) ? { ...(typeof normalized.description === 'string' ? { description: normalized.description } : {}), anyOf: [normalized, { type: 'null' }] } : normalized;
      }
      entry.properties = prepared;
      entry.required = Object.keys(prepared);
      entry.additionalProperties = false;
    }
    for (const key of ['$defs', 'definitions']) {
      const nested = entry[key];
      if (isRecord(nested)) for (const [name, value] of Object.entries(nested)) nested[name] = strictEntry(value, false);
    }
    if (Array.isArray(entry.anyOf)) entry.anyOf = entry.anyOf.map((value) => strictEntry(value, false));
    if (Array.isArray(entry.items)) entry.items = entry.items.map((value) => strictEntry(value, false));
    else if (isRecord(entry.items)) entry.items = strictEntry(entry.items, false);
    if (entry.default === null) delete entry.default;
    return entry;
  };
  if (JSON.stringify(schema).includes('"$ref"')) throw new ZodUnsupported('a `$ref` in the schema is not followed here');
  return strictEntry(structuredClone(schema), true) as Record<string, Json>;
}

/**
 * The major version of package `name` a package.json's text gives: its own `version` when the text
 * is the package's own (`own`), else the range its dependencies give it (`^3.23.8`: 3); undefined
 * when it names none.
 */
export function packageMajorOf(packageJson: string, name: string, own: boolean): number | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(packageJson);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object') return undefined;
  const record = parsed as Record<string, unknown>;
  const spec = own
    ? record.version
    : ['dependencies', 'devDependencies', 'peerDependencies']
        .map((field) => (record[field] && typeof record[field] === 'object' ? (record[field] as Record<string, unknown>)[name] : undefined))
        .find((v) => typeof v === 'string');
  const major = typeof spec === 'string' ? /^\s*(?:[\^~]|>=?|=)?\s*v?(\d+)(?:\.|\s|$|x)/.exec(spec)?.[1] : undefined;
  return major === undefined ? undefined : Number(major);
}
