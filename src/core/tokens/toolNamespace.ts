/**
 * Function definitions as OpenAI's chat models read them: not the JSON the request carries but a
 * TypeScript-like declaration block, for example
 *
 *     namespace functions {
 *
 *     // Get the current weather
 *     type get_weather = (_: {
 *     // City and state
 *     location: string,
 *     unit?: "celsius" | "fahrenheit",
 *     }) => any;
 *
 *     } // namespace functions
 *
 * The shape is public knowledge from reverse engineering (hmarr/openai-chat-tokens and others) and
 * from the published harmony format of gpt-oss; the recorded fixtures under
 * test/fixtures/recorded/ pin it against real `usage.prompt_tokens`.
 */

/** One line of the block, with where its text comes from in the tool's JSON. */
export interface NamespaceLine {
  text: string;
  /** Index of the tool this line belongs to, or -1 for the namespace's own lines. */
  toolIndex: number;
  /** A string to look for in the tool's source text to place the line (a name or description). */
  anchor?: string;
}

export interface FunctionSpec {
  name: string;
  description?: string;
  parameters?: unknown;
  /** A `custom` tool: its input is free-form text, constrained by `grammar` where it has one. */
  freeform?: boolean;
  grammar?: { syntax: string; definition: string };
  /** Whether the API reads the schema in strict mode (`strict: true`; on the Responses API unless `strict: false`). */
  strict?: boolean;
}

export interface NamespaceOptions {
  /** Whether descriptions of nested properties are kept (not by the mid-2023 snapshots). */
  nestedDescriptions: boolean;
  /**
   * Whether parameters with no comment line at all (no title, no description) are written on one
   * line, `(_: { a: number, b: string })`, as later models do; the mid-2023 snapshots keep one line
   * per property.
   */
  inlineWithoutComments?: boolean;
  /** Whether a property's `title` is written as a comment line (not by the mid-2023 snapshots); true when absent. */
  propertyTitles?: boolean;
  /** The comment lines above each `type name = ...` line; the Chat Completions style when absent. */
  header?: ToolHeaderStyle;
  /**
   * How an array of objects written in place reads: `suffix`, `{...}[]`; `generic`, `Array<`, the
   * object's own description (if any) as a comment line, the object on lines of its own with its
   * properties not indented, then `>`. `suffix` when absent.
   */
  objectArrays?: 'suffix' | 'generic';
  /** Spaces a nested object's properties are indented by, per level of nesting; 2 when absent. */
  nestedIndent?: number;
  /**
   * How objects below a union (`anyOf`/`oneOf`, as pydantic writes `Optional[list[Model]]`) are laid
   * out: `indented`, their properties indented two spaces and an array of them `{...}[]`, whatever
   * `nestedIndent` and `objectArrays` say; `same`, as elsewhere. `same` when absent.
   */
  unionObjects?: 'indented' | 'same';
  /**
   * How a property whose `type` lists several types (`["string", "null"]`) reads: `inline`,
   * `name: string | null,`; `variants`, the name alone on its line, then one ` | type // description`
   * line per listed type, then `,` (see typeListLines). `inline` when absent.
   */
  typeLists?: 'inline' | 'variants';
  /** Whether numeric bounds are written after a property as a comment; true when absent. */
  boundComments?: boolean;
  /**
   * Whether a property that is a local `$ref` to a definition other than an object (an enum) is
   * written in place, as if the definition were inlined, instead of by the definition's name
   * (gpt-5); false when absent.
   */
  scalarDefinitionsInPlace?: boolean;
}

/** A comment line above a function's type: its description, or the parameters schema's title or description. */
export type ToolHeaderLine = 'description' | 'title' | 'schemaDescription';

/** How the comment lines above a function's type are written. */
export interface ToolHeaderStyle {
  /** Which lines, in this order (each only where the tool has the text). */
  order: readonly ToolHeaderLine[];
  /**
   * Whether each comment line loses its trailing whitespace, and a description that is present but
   * empty is still written, as a bare `//`.
   */
  trimmed: boolean;
  /**
   * Where the parameters schema's own description and title go (`header` when absent): `header`, as
   * comment lines where `order` puts them; `parameters` (gpt-5), the description as a comment line
   * between `(_: ` and the parameters object, and neither written for a function whose parameters
   * have no properties (`() => any`).
   */
  schemaText?: 'header' | 'parameters';
}

/**
 * Chat Completions: the description, then the parameters schema's title (`add_args`, as the OpenAI
 * Agents SDK writes it), then the schema's own description, set off from a title by an empty comment
 * line as a property's is (recorded gpt-3.5-turbo-0125 requests; not shown by gpt-3.5-turbo-0613).
 */
export const CHAT_TOOL_HEADER: ToolHeaderStyle = { order: ['description', 'title', 'schemaDescription'], trimmed: false };

/** The options plus the schema being rendered, whose `$defs` local `$ref`s point into. */
interface RenderContext extends NamespaceOptions {
  root: Schema;
  /** The definitions referred to so far, by name, in order of first use; written after the function. */
  definitions: Map<string, Schema>;
  /** Whether the schema is below a union (`anyOf`/`oneOf`), where a reference is written in place. */
  inUnion?: boolean;
  /** The definitions being written (in place or after the function), outermost first. */
  writing?: readonly string[];
  /** Whether the function's schema is read in strict mode. */
  strict?: boolean;
}

type Schema = Record<string, unknown>;

function asSchema(value: unknown): Schema | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Schema) : undefined;
}

function propertiesOf(schema: Schema | undefined): [string, Schema][] {
  const properties = asSchema(schema?.properties);
  if (!properties) return [];
  return Object.entries(properties).map(([name, value]) => [name, asSchema(value) ?? {}]);
}

function requiredOf(schema: Schema): Set<string> {
  return new Set(Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : []);
}

function literal(value: unknown, quoteStrings: boolean): string {
  return typeof value === 'string' && quoteStrings ? `"${value}"` : String(value);
}

/** The layout of nested objects at this point: below a union it may differ from elsewhere. */
function nestedLayout(options: RenderContext): { indent: number; arrays: 'suffix' | 'generic' } {
  if (options.inUnion && options.unionObjects === 'indented') return { indent: 2, arrays: 'suffix' };
  return { indent: options.nestedIndent ?? 2, arrays: options.objectArrays ?? 'suffix' };
}

/**
 * The TypeScript-like type of a schema; nested objects span several lines, their properties
 * indented to `inner` (the family's nested indentation deeper than `indent` unless told).
 */
function typeOf(schema: Schema, indent: number, options: RenderContext, inner = indent + nestedLayout(options).indent): string {
  if (typeof schema.$ref === 'string') return refType(schema.$ref, indent, options);
  // pydantic wraps a `$ref` with sibling keywords (a description) in a one-element `allOf`.
  if (Array.isArray(schema.allOf) && schema.allOf.length === 1) return typeOf(asSchema(schema.allOf[0]) ?? {}, indent, options);
  const variants = Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : undefined;
  if (variants) {
    const inUnion: RenderContext = { ...options, inUnion: true };
    const schemas = variants.map((v) => asSchema(v) ?? {});
    // An open map among the variants is left out, as an open-map property is (see isOpenMap).
    const written = schemas.some((v) => !isOpenMap(v)) ? schemas.filter((v) => !isOpenMap(v)) : schemas;
    return written.map((v) => typeOf(v, indent, inUnion)).join(' | ');
  }
  if (Array.isArray(schema.type)) {
    return schema.type.map((t) => typeOf({ ...schema, type: t }, indent, options)).join(' | ');
  }
  const enumValues = Array.isArray(schema.enum) ? schema.enum : undefined;
  switch (schema.type) {
    case 'string':
      return enumValues ? enumValues.map((v) => literal(v, true)).join(' | ') : 'string';
    case 'number':
    case 'integer':
      return enumValues ? enumValues.map((v) => literal(v, false)).join(' | ') : 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'object': {
      const lines = propertyLines(schema, inner, options);
      // A nested object with no comment line inside it (no title, no description, at any depth) is
      // written on one line, `{ url: string, headers: { name: string, value: string }[] }`, as the
      // parameter list itself is (inlineWithoutComments): fitted to the recorded gpt-4.1 Chat
      // Completions pairs of an MCP tool whose parameter is `anyOf` a string and an object holding an
      // array of objects, 5 tokens fewer than the indented form. (Writing only the nested object on
      // one line and keeping the parameter list's lines counts the same there.) Spaced inside its
      // braces, as the parameter list is (see oneLineObject).
      if (options.inlineWithoutComments && lines.length > 0 && isOneLine(lines)) {
        return oneLineObject(lines.map((line) => line.trimStart().slice(0, -1)));
      }
      return ['{', lines.join('\n'), '}'].join('\n');
    }
    case 'array': {
      const items = asSchema(schema.items);
      if (!items) return 'any[]';
      // An array of a union is `(A | B)[]`, as TypeScript writes it.
      const itemType = typeOf(items, indent, options);
      // An array of a named definition is `Array<Name>`: fitted to recorded gpt-4o and gpt-4o-mini
      // pairs with pydantic `list[Model]` fields (one token more than `Name[]`); arrays of primitive
      // types stay `string[]`.
      if (typeof items.$ref === 'string' && itemType !== 'any' && !itemType.includes('\n')) return `Array<${itemType}>`;
      // `generic`: an array of objects written in place is `Array<`, the object on lines of its own
      // with its properties not indented, and `>` on the line after its closing brace. The object's
      // own description (`items.description`) is a comment line between `Array<` and `{`: fitted to
      // recorded gpt-4o requests with arrays of described objects (`// a single review`; exact, 4
      // over and 1 under as `{...}[]` with indented properties, 5 under with the line left out).
      if (nestedLayout(options).arrays === 'generic' && itemType.includes('\n')) {
        const own = typeof items.description === 'string' && items.description ? `${descriptionComment(items.description)}\n` : '';
        return `Array<\n${own}${typeOf(items, indent, options, indent)}\n>`;
      }
      // `generic`: an array of a described primitive (`items: {type: "string", description}`) is
      // `Array<`, the description as a comment line, then the type and `>` on the same line: fitted
      // to recorded gpt-4o-mini Chat requests (a `string` array whose items say `Name of School
      // Club`; exact, one over with `>` on a line of its own as after an object, 2 under with the
      // description as a comment beside `string[]`, 8 under with it left out).
      if (nestedLayout(options).arrays === 'generic' && describedPrimitiveItems(items)) {
        return `Array<\n${descriptionComment(items.description as string)}\n${itemType}>`;
      }
      return / \| /.test(itemType) && !itemType.includes('\n') ? `(${itemType})[]` : `${itemType}[]`;
    }
    default:
      return enumValues ? enumValues.map((v) => literal(v, true)).join(' | ') : 'any';
  }
}

const PRIMITIVE_TYPES = ['string', 'number', 'integer', 'boolean'];

/** Whether an array's `items` is one primitive type (no enum, union or reference) with a description. */
export function describedPrimitiveItems(items: Schema | undefined): boolean {
  return (
    items !== undefined &&
    typeof items.description === 'string' &&
    items.description !== '' &&
    typeof items.type === 'string' &&
    PRIMITIVE_TYPES.includes(items.type) &&
    items.enum === undefined
  );
}

/**
 * A local `$ref` (`#/$defs/Name`, `#/definitions/Name`) is written as the definition's name, and the
 * definition itself as a `type Name = ...;` after the function (see definitionLines). Fitted to
 * recorded gpt-3.5-turbo (an enum definition), gpt-4o and gpt-4o-mini pairs (object definitions):
 * writing the definition out in place counts 5 to 6 tokens fewer than they report. An unresolvable
 * reference is `any`.
 */
function refType(ref: string, indent: number, options: RenderContext): string {
  const match = /^#\/(\$defs|definitions)\/(.+)$/.exec(ref);
  const target = match ? asSchema(asSchema(options.root[match[1]])?.[match[2]]) : undefined;
  if (!match || !target) return 'any';
  const name = match[2];
  // Below a union (pydantic's `Optional[list[Model]]`: `anyOf: [{type: array, items: {$ref}},
  // {type: null}]`) the definition is written in place, as a nested object, instead of by name:
  // fitted to recorded gpt-4o-mini pairs of two schemas (adala's label-studio skills, 4 and 1 tokens
  // more than naming the definition). A definition referring to itself is named there.
  const writing = options.writing ?? [];
  if (options.inUnion && !writing.includes(name)) {
    return typeOf(target, indent, { ...options, writing: [...writing, name] });
  }
  if (!options.definitions.has(name)) options.definitions.set(name, target);
  return name;
}

/**
 * A property that is a local `$ref` to a definition other than an object, merged with that
 * definition (the property's own keywords kept over the definition's): gpt-5 bills such a property
 * as the same enum written in place. Fitted to recorded gpt-5-mini Chat and gpt-5-nano Responses
 * requests of one test suite (kani) sending the same tool both ways: pydantic's `Unit` enum inlined
 * and as `{"$ref": "#/$defs/Unit"}` were billed alike (374 tokens on Chat, 6 requests), 3 tokens
 * fewer than writing `unit: Unit,` and `type Unit = ...;` after the function. No recorded gpt-5
 * request refers to an object definition, which keeps its name as on the other families.
 */
function scalarDefinitionInPlace(property: Schema, options: RenderContext): Schema {
  if (typeof property.$ref !== 'string') return property;
  const match = /^#\/(\$defs|definitions)\/(.+)$/.exec(property.$ref);
  const target = match ? asSchema(asSchema(options.root[match[1]!])?.[match[2]!]) : undefined;
  if (!target || propertiesOf(target).length > 0 || target.type === 'object' || typeof target.$ref === 'string') return property;
  const { $ref: _ref, ...own } = property;
  return { ...target, ...own };
}

/**
 * The definitions a function's parameters refer to, each written like the parameters themselves:
 * an object as `type Name = {` with one line per property (titles and descriptions as comment
 * lines above it, `?` for an optional one) and `};`, any other schema as `type Name = <type>;`, each
 * followed by an empty line. A definition referring to further definitions adds them to the list,
 * so each is written once, recursive ones included.
 */
function definitionLines(context: RenderContext): string[] {
  const lines: string[] = [];
  const written = new Set<string>();
  for (let next = firstUnwritten(context, written); next; next = firstUnwritten(context, written)) {
    const [name, definition] = next;
    written.add(name);
    if (typeof definition.description === 'string' && definition.description) {
      lines.push(descriptionComment(definition.description));
    }
    const own: RenderContext = { ...context, inUnion: false, writing: [name] };
    if (propertiesOf(definition).length > 0) {
      lines.push(`type ${name} = {`, ...propertyLines(definition, 0, own), '};');
    } else {
      lines.push(`type ${name} = ${typeOf(definition, 0, own)};`);
    }
    lines.push('');
  }
  return lines;
}

function firstUnwritten(context: RenderContext, written: Set<string>): [string, Schema] | undefined {
  for (const entry of context.definitions) if (!written.has(entry[0])) return entry;
  return undefined;
}

/** `// description` and `name?: type,` lines for the properties of an object schema. */
function propertyLines(schema: Schema, indent: number, options: RenderContext): string[] {
  const required = requiredOf(schema);
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  for (const [name, written] of propertiesOf(schema)) {
    if (isOpenMap(written)) continue;
    const property = options.scalarDefinitionsInPlace ? scalarDefinitionInPlace(written, options) : written;
    const description = typeof property.description === 'string' ? property.description : undefined;
    const title = typeof property.title === 'string' && options.propertyTitles !== false ? property.title : undefined;
    // A title followed by a description is set off from it by an empty comment line, as in the
    // published harmony format. o200k_base spells `//\n//` as one token, so only the cl100k
    // families show it: fitted to recorded gpt-4-0125-preview and gpt-3.5-turbo-0125 pairs. A title
    // alone gets no such line (recorded gpt-3.5-turbo and o200k pairs).
    // Nested properties keep their title and description lines too, except with the mid-2023
    // snapshots: fitted to recorded gpt-4o-mini pairs whose definitions are written in place.
    const comments = indent === 0 || options.nestedDescriptions;
    if (title && comments) lines.push(`${pad}// ${title}`);
    if (title && comments && description) lines.push(`${pad}//`);
    if (description && comments) lines.push(descriptionComment(description).split('\n').map((line) => (line ? `${pad}${line}` : line)).join('\n'));
    const optional = required.has(name) ? '' : '?';
    if (options.typeLists === 'variants' && isTypeList(property)) {
      lines.push(typeListLines(name, optional, property, description && comments ? description : undefined, indent, options));
      continue;
    }
    lines.push(`${pad}${name}${optional}: ${typeOf(property, indent, options)},${trailingComment(property, options.boundComments !== false, options.strict === true)}`);
  }
  // An object open to other keys (`additionalProperties: true`) gains an index signature after its
  // properties: fitted to recorded gpt-4o-2024-08-06 tools (non-strict and unspecified strictness),
  // 7 tokens more than the same tool with `additionalProperties: false`.
  if (schema.additionalProperties === true) lines.push(`${pad}[key: string]: any,`);
  return lines;
}

/**
 * An object that declares no `properties` (a bare `{type: "object"}`, or a map: `additionalProperties`
 * true or a schema, as pydantic writes `dict` and zod `z.record`). The API leaves such a property
 * out of the declaration, its comment lines too, and such a variant out of a union. Fitted to
 * recorded Chat Completions requests: crewAI's tool-calling tool, whose `arguments` dict was sent
 * bare (gpt-4: +17 with `arguments: {\n\n},` and its description written, exact without) and as
 * `anyOf` an object and null (gpt-4, gpt-4-0125-preview, gpt-3.5-turbo-0125, and gpt-4o with
 * `additionalProperties: true`: 3 to 9 over with `{\n\n} | null`, exact as `null`), and a LangGraph
 * gpt-4o tool whose `inserts` is `additionalProperties: {type: "string"}` (29 over, exact without).
 */
export function isOpenMap(schema: Schema): boolean {
  return schema.type === 'object' && asSchema(schema.properties) === undefined;
}

/** Whether a property's `type` lists more than one type (`["string", "null"]`). */
export function isTypeList(property: Schema): property is Schema & { type: unknown[] } {
  return Array.isArray(property.type) && property.type.length > 1;
}

/**
 * A property whose `type` lists several types, as Chat Completions writes it: its description as a
 * comment line above it (written by propertyLines), the name alone on its line, then one line per
 * listed type, ` | type // description` (each repeating the description), then `,`. A list ending
 * in `null` marks the property optional (`name?:`) even where it is required. Fitted to the
 * recorded gpt-4o (2024-08-06, 2024-11-20) and gpt-4o-mini Chat requests of two suites: a coding
 * agent's file tools with `["null", "array"]`, `["boolean", "null"]` and `["integer", "null"]`
 * properties, one of them a nullable array of objects (cagent: the 3 pairs of the corpus and 12
 * more recordings of the same tools in 4 versions, all exact; 18 tokens under for each
 * `["null", "array"]` property written `paths: null | string[],`, and one more for each list
 * ending in `null`), and a planning tool whose array of objects holds a `["string", "null"]`
 * field (crewAI: the 2 pairs of the corpus and 11 more cassettes, all exact; 32 under inline). Where
 * the one token of a list ending in `null` sits is not pinned by these required properties: `?`
 * is one reading, and an optional such property is counted as an estimate.
 */
function typeListLines(
  name: string,
  optional: string,
  property: Schema & { type: unknown[] },
  description: string | undefined,
  indent: number,
  options: RenderContext,
): string {
  const pad = ' '.repeat(indent);
  const endsInNull = property.type[property.type.length - 1] === 'null';
  const comment = description !== undefined ? ` // ${description}` : '';
  const variants = property.type.map((type) => `${pad} | ${typeOf({ ...property, type }, indent, options)}${comment}`);
  return [`${pad}${name}${endsInNull ? '?' : optional}:`, ...variants, `${pad},`].join('\n');
}

/**
 * Numeric bounds written after a property's declaration, `key: value` in the schema's own key order.
 * Fitted to recorded gpt-4o-mini pairs with `minimum`/`maximum` on an integer (`// maximum: 5,
 * minimum: 0`).
 */
export const NUMERIC_BOUND_KEYWORDS: readonly string[] = ['minimum', 'maximum'];

/**
 * A string's constraints, written in the same comment and order: `format: "email"` and
 * `minLength: 1` as JSON, the `pattern` as its bare text (`pattern: ^[a-z]+$`, no quotes, no
 * escaping). Fitted to two recorded gpt-5.4 Responses requests of 12 tools each whose string
 * properties carry formats (email, uuid, date), their zod v4 patterns and lengths (vercel/ai's
 * issue 16021 reproduction, two versions of the schemas): 5,580 and 7,032 tokens under with the
 * keywords left out, 120 and 192 over with the pattern written as a JSON string, both exact so.
 */
export const STRING_CONSTRAINT_KEYWORDS: readonly string[] = ['format', 'pattern', 'minLength', 'maxLength'];

/**
 * The constraint keywords written as a trailing comment. Others (`minItems`, `uniqueItems`,
 * `exclusiveMinimum`, ...) are not written: how they read is not pinned, and a schema with them is
 * counted as an estimate.
 */
export const RENDERED_CONSTRAINT_KEYWORDS: readonly string[] = [...NUMERIC_BOUND_KEYWORDS, ...STRING_CONSTRAINT_KEYWORDS];

/**
 * The string formats strict mode supports (OpenAI's structured-outputs guide). Another format in a
 * strict schema is not written: 3 recorded gpt-4o-mini Responses requests (rig) with two `format:
 * "double"` numbers are exact without it, 14 over with it.
 */
export const STRICT_FORMATS: readonly string[] = ['date-time', 'time', 'date', 'duration', 'email', 'hostname', 'ipv4', 'ipv6', 'uuid'];

/** JSON-schema validation keywords (constraints on a value beyond its type). */
const CONSTRAINT_KEYWORDS = [
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
];

/**
 * The comment after a property's declaration: ` // default: <json>` (strings keep their quotes),
 * then the constraints, all in one comment.
 */
function trailingComment(property: Schema, bounds: boolean, strict: boolean): string {
  const parts: string[] = [];
  if ('default' in property) parts.push(`default: ${JSON.stringify(property.default)}`);
  for (const key of bounds ? Object.keys(property) : []) {
    if (!RENDERED_CONSTRAINT_KEYWORDS.includes(key) || !writtenConstraint(key, property[key], strict)) continue;
    const value = property[key];
    parts.push(`${key}: ${key === 'pattern' && typeof value === 'string' ? value : JSON.stringify(value)}`);
  }
  return parts.length > 0 ? ` // ${parts.join(', ')}` : '';
}

/** Whether a constraint is kept: strict mode drops a format it does not support. */
function writtenConstraint(key: string, value: unknown, strict: boolean): boolean {
  return !(strict && key === 'format' && !(typeof value === 'string' && STRICT_FORMATS.includes(value)));
}

/** The validation keywords a schema uses, at any depth (names of properties are not keywords). */
export function constraintKeywords(schema: unknown): string[] {
  const found = new Set<string>();
  const visit = (node: unknown, isMap: boolean): void => {
    if (Array.isArray(node)) return node.forEach((item) => visit(item, false));
    const record = asSchema(node);
    if (!record) return;
    for (const [key, value] of Object.entries(record)) {
      if (!isMap && CONSTRAINT_KEYWORDS.includes(key)) found.add(key);
      visit(value, !isMap && (key === 'properties' || key === '$defs' || key === 'definitions'));
    }
  };
  visit(schema, false);
  return [...found];
}

/**
 * A tool description as comment lines. A description of several lines is commented line by line:
 * each non-empty line becomes `// line`, its leading whitespace dropped (as in an indented docstring,
 * an indented heredoc or an indented list; the first line's too) and its trailing whitespace dropped. A blank line
 * between two lines of text is a bare `//`; blank lines before the first line of text or after the
 * last (a docstring's leading and trailing newlines) stay empty. A single-line description is kept
 * exactly, trailing spaces included.
 *
 * Fitted to recorded requests: the bare `//` to gpt-4o-mini Chat requests with 8 browser tools whose
 * descriptions hold paragraphs and fenced examples (14 tokens fewer with the blank lines left empty),
 * and to 491 gpt-5 Chat requests of a coding agent with up to 11 such tools in 9 versions of their
 * descriptions (456 exact; with the blank lines left empty none is); the empty leading line to 120
 * gpt-4o requests whose tools are docstrings opening with a newline (exact; one token short each with
 * the line dropped, 4 tokens over with a bare `//`); dropped indentation to gpt-4o-2024-11-20
 * (`Args:` sections), gpt-3.5-turbo-0125 and gpt-5 requests; dropped trailing whitespace to gpt-4o
 * langchaingo requests (`expression. \n\tThe input ...`, two tokens fewer than with the space kept),
 * and to gpt-4.1 and gpt-4.1-mini Chat requests whose tools are Ruby `<<-` heredocs, every line of them
 * indented by four spaces, the first too (basecamp/fizzy: 4 and 5 such tools, 5 recorded requests, one
 * token over per tool with the first line's indentation kept, exact without; one source, so the
 * description keeps its estimate label). No recorded description of one line starts with whitespace.
 */
export function descriptionComment(description: string): string {
  if (!description.includes('\n')) return `// ${description}`;
  const lines = description.split('\n').map((line) => line.trim());
  const first = lines.findIndex((text) => text !== '');
  let last = lines.length - 1;
  while (last >= 0 && lines[last] === '') last--;
  return lines.map((text, i) => (text ? `// ${text}` : i > first && i < last ? '//' : '')).join('\n');
}

/**
 * The namespace block, line by line, each line tagged with its tool: `namespace functions`, or the
 * namespace of a Responses `namespace` tool (see namespaceSectionLines).
 */
export function functionNamespaceLines(functions: FunctionSpec[], options: NamespaceOptions, name = 'functions'): NamespaceLine[] {
  const lines: NamespaceLine[] = [
    { text: `namespace ${name} {`, toolIndex: -1 },
    { text: '', toolIndex: -1 },
  ];
  functions.forEach((fn, toolIndex) => {
    const header = options.header ?? CHAT_TOOL_HEADER;
    if (fn.freeform) {
      const line = headerLine('description', { ...fn, description: freeformDescription(fn) }, undefined, header);
      if (line) lines.push({ ...line, toolIndex, ...(fn.description ? { anchor: fn.description } : {}) });
      lines.push({ text: `type ${fn.name} = (FREEFORM) => any;`, toolIndex, anchor: fn.name });
      lines.push({ text: '', toolIndex });
      return;
    }
    const parameters = asSchema(fn.parameters);
    const hasProperties = propertiesOf(parameters).length > 0;
    const inParameters = header.schemaText === 'parameters';
    for (const kind of header.order) {
      if (inParameters && (kind === 'schemaDescription' || (kind === 'title' && !hasProperties))) continue;
      const line = headerLine(kind, fn, parameters, header);
      if (line) lines.push({ ...line, toolIndex });
    }
    // gpt-5: the schema's own description opens the parameter's type, `(_: // text` then the object.
    const schemaComment = inParameters && hasProperties ? headerLine('schemaDescription', fn, parameters, { ...header, order: [] }) : undefined;
    const opening = (object: string) =>
      schemaComment ? [`type ${fn.name} = (_: ${schemaComment.text}`, object] : [`type ${fn.name} = (_: ${object}`];
    if (hasProperties) {
      const context: RenderContext = { ...options, root: parameters!, definitions: new Map(), strict: fn.strict === true };
      const pushDefinitions = (c: RenderContext) => {
        const definitions = definitionLines(c);
        if (definitions.length === 0) return;
        for (const text of definitions.join('\n').split('\n')) lines.push({ text, toolIndex, anchor: anchorOf(text) });
      };
      const propertyText = propertyLines(parameters!, 0, context);
      if (options.inlineWithoutComments && isOneLine(propertyText)) {
        const inline = oneLineObject(propertyText.map((line) => line.slice(0, -1)));
        const [first, ...rest] = opening(`${inline}) => any;`);
        lines.push({ text: first!, toolIndex, anchor: fn.name });
        for (const text of rest) lines.push({ text, toolIndex });
        lines.push({ text: '', toolIndex });
        pushDefinitions(context);
        return;
      }
      const [first, ...rest] = opening('{');
      lines.push({ text: first!, toolIndex, anchor: fn.name });
      for (const text of rest) lines.push({ text, toolIndex });
      for (const property of propertyText.join('\n').split('\n')) {
        lines.push({ text: property, toolIndex, anchor: anchorOf(property) });
      }
      lines.push({ text: '}) => any;', toolIndex });
      lines.push({ text: '', toolIndex });
      pushDefinitions(context);
    } else {
      lines.push({ text: `type ${fn.name} = () => any;`, toolIndex, anchor: fn.name });
      lines.push({ text: '', toolIndex });
    }
  });
  lines.push({ text: `} // namespace ${name}`, toolIndex: -1 });
  return lines;
}

/**
 * The section of a Responses `namespace` tool: its name as a header, then its tools in a block
 * named after it, declared as function tools are,
 *
 *     ## crm
 *
 *     namespace crm {
 *
 *     // Add a list of numbers and return the total.
 *     type add_numbers = (_: { numbers: number[] }) => any;
 *
 *     } // namespace crm
 *
 * the layout the published ChatGPT system prompts give their own tools (`## dalle`, `namespace
 * dalle {`), less the namespace's description, which is not written. Fitted to two recorded
 * requests: gpt-4o with a namespace of one function (86 tokens; 7 under, what writing its
 * `minItems` as the bounds comment `// minItems: 1` adds; with the description as a comment line
 * it is 2 over, more with that `minItems`), and an unknown model sending one function bare and in a
 * namespace (130 and 133 tokens: this layout gives the 3 exactly, 8 with the description). The
 * section's own lines are tagged -1 like the block's, the header line anchored at the name.
 */
export function namespaceSectionLines(name: string, functions: FunctionSpec[], options: NamespaceOptions): NamespaceLine[] {
  return [{ text: `## ${name}`, toolIndex: -1, anchor: name }, { text: '', toolIndex: -1 }, ...functionNamespaceLines(functions, options, name)];
}

/**
 * The header of the function tools' section, `## functions`, which the tools preamble counts: a
 * request whose tools are all in namespaces has none (see namespaceSectionLines).
 */
export const FUNCTIONS_SECTION_HEADER = '## functions\n\n';

/**
 * A custom (free-form) tool is declared `type name = (FREEFORM) => any;`, its grammar, if any, written
 * into its description with the instructions the API adds, as GPT-5 system prompts published since
 * show (`// IMPORTANT: This tool only accepts string inputs that obey the lark grammar start: ...`,
 * then `// IMPORTANT: Do NOT call this tool in parallel with other tools.`). The grammar's lines are
 * comment lines like any description's. Recorded gpt-5 requests with a lark-grammar tool: the
 * Responses one and the Chat Completions one count exactly this.
 */
export function freeformDescription(fn: FunctionSpec): string {
  const parts = fn.description ? [fn.description] : [];
  if (fn.grammar) {
    parts.push(
      `IMPORTANT: This tool only accepts string inputs that obey the ${fn.grammar.syntax} grammar ${fn.grammar.definition}. ` +
        'You must reason carefully about the input and make sure it obeys the grammar.',
    );
  }
  parts.push('IMPORTANT: Do NOT call this tool in parallel with other tools.');
  return parts.join('\n');
}

/** Whether property lines have no comment and no line break, so that they can be joined on one line. */
function isOneLine(propertyText: readonly string[]): boolean {
  return propertyText.every((line) => !line.includes('//') && !line.includes('\n'));
}

/**
 * An object written on one line: `{ a: number, b: string }`, a space inside each brace, as
 * TypeScript printers write it. o200k_base counts `{location: string}` and `{ location: string }`
 * alike (` {` and `location`, or ` {` and ` location`; `string}` and `string }` each end in one
 * token with the `)` that follows), so most recorded tools do not show the spaces. Two kinds do,
 * each one token more than without them: a parameter list whose last property is an enum
 * (`"Canada" })`, where `"Canada"})` is one token fewer): 134 recorded requests with a required
 * enum as the one parameter (gpt-4.1, gpt-4.1-nano, o4-mini and gpt-5.x, both APIs) and 6 with an
 * optional enum last (gpt-3.5-turbo, gpt-4-turbo, gpt-4o, gpt-4o-mini), all exact; and a property
 * name starting with `_` (` { _person`, where ` {_` is one token): recorded `_person` tools of
 * gpt-4.1 and gpt-5.4 on both APIs (10 requests), each one token under without the spaces.
 */
function oneLineObject(properties: readonly string[]): string {
  return `{ ${properties.join(', ')} }`;
}

/** One comment line of a function's header, or undefined when the tool has no such text. */
function headerLine(
  kind: ToolHeaderLine,
  fn: FunctionSpec,
  parameters: Schema | undefined,
  style: ToolHeaderStyle,
): { text: string; anchor?: string } | undefined {
  const source = kind === 'description' ? fn.description : kind === 'title' ? parameters?.title : parameters?.description;
  if (!style.trimmed && kind === 'description' && !source && titledAfterDescription(parameters, style)) {
    return { text: '//' };
  }
  if (typeof source !== 'string') return undefined;
  if (!style.trimmed) {
    if (!source) return undefined;
    if (kind === 'schemaDescription' && typeof parameters?.title === 'string' && parameters.title && style.order.includes('title')) {
      return { text: `//\n${descriptionComment(source)}`, anchor: source };
    }
    return { text: kind === 'title' ? `// ${source}` : descriptionComment(source), anchor: source };
  }
  if (!source && kind !== 'description') return undefined;
  const text = descriptionComment(source.trimEnd())
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
  return { text, ...(source ? { anchor: source.trim() } : {}) };
}

/**
 * Whether the parameters schema's title follows the description in the header (Chat Completions).
 * There a function without a description (absent or empty) whose schema has a title still gets its
 * description line, a bare `//`, above the title: fitted to recorded gpt-4o Chat requests of
 * llama-stack, the 4 pairs of the corpus (an MCP tool `greet_everyone`, schema title
 * `greet_everyoneArguments`, no description) and 81 recordings of the same suites outside it (the
 * same tool, and `calculate` with `description: ""` and title `calculateArguments` beside no other
 * tool), all one token under without the line and exact with it. (The line could as well follow the
 * title: o200k_base and cl100k_base count the two placements alike.)
 */
function titledAfterDescription(parameters: Schema | undefined, style: ToolHeaderStyle): boolean {
  const title = parameters?.title;
  return typeof title === 'string' && title !== '' && style.order.indexOf('title') > style.order.indexOf('description');
}

/** The property name or description a rendered property line came from. */
function anchorOf(line: string): string | undefined {
  const trimmed = line.trim();
  if (trimmed.startsWith('// ')) return trimmed.slice(3);
  const name = /^([^?:]+)\??:/.exec(trimmed);
  return name ? name[1] : undefined;
}

/** The whole block as one string. */
export function functionNamespace(functions: FunctionSpec[], options: NamespaceOptions): string {
  return functionNamespaceLines(functions, options)
    .map((line) => line.text)
    .join('\n');
}
