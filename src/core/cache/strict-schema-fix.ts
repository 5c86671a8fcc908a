/**
 * The Quick Fix of `strict-schema-rejected` in request JSON: every property listed in `required`
 * and `"additionalProperties": false` on every object, written into the file as one edit of the
 * schema, each addition written where it belongs and spaced as its neighbours (the rest of the
 * file, its layout and comments, untouched). What the openai SDKs' strict
 * transform does; whether a field may be null stays the writer's choice (the message says how).
 * Offered only where those two are all strict mode refuses: an object with no `properties`, or a
 * response schema whose root is not an object, needs a person to decide its shape.
 */
import { findNodeAtLocation, findNodeAtOffset, getNodePath, getNodeValue, parseTree, type JSONPath, type Node, type ParseError } from 'jsonc-parser';
import type { FormatId, SourceRange } from '../model';
import type { BreakerFix } from './breaker-fixes';
import { checkStrictSchema } from './strict-schema-findings';

/** Past this many places the fix is not offered: the schema needs reading, not a mechanical edit. */
const MAX_FIXED_PLACES = 500;

/** Where the schema is within what `range` points at: a tool, or the request's response format. */
export type StrictSchemaSite = { kind: 'tool'; range: SourceRange } | { kind: 'response-format' };

function schemaPath(root: Node, format: FormatId, site: StrictSchemaSite): JSONPath | undefined {
  if (site.kind === 'response-format') return format === 'openai-responses' ? ['text', 'format', 'schema'] : ['response_format', 'json_schema', 'schema'];
  const tool = findNodeAtOffset(root, site.range.start, true);
  if (!tool || tool.type !== 'object') return undefined;
  const toolPath = getNodePath(tool);
  return format === 'openai-responses' ? [...toolPath, 'parameters'] : [...toolPath, 'function', 'parameters'];
}

/** A change to the original text: `text` in place of `start`..`end` (an insertion when they are equal). */
interface Splice {
  start: number;
  end: number;
  text: string;
}

/** The white space that starts the line holding `offset`. */
function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
}

/**
 * How an object of the file is written, so that what is added to it looks like what is there: on
 * one line (`{ "type": "object" }` or `{"type":"object"}`) it is added on that line, spaced as the
 * object is; written over several lines, each addition goes on a line of its own, indented as the
 * last property.
 */
function objectStyle(text: string, object: Node, eol: string) {
  const props = object.children ?? [];
  const last = props[props.length - 1];
  const multiline = text.slice(object.offset, object.offset + object.length).includes('\n');
  const key = last?.children?.[0];
  const value = last?.children?.[1];
  const colon = key && value && /\s/.test(text.slice(key.offset + key.length, value.offset)) ? ': ' : ':';
  const spaced = props.length > 0 ? /\s/.test(text.slice(object.offset + 1, props[0].offset)) : true;
  const separator = multiline && last ? `,${eol}${lineIndent(text, last.offset)}` : spaced ? ', ' : ',';
  return { last, colon, separator, spaced };
}

/** The splices that set `key` to `value` (JSON text) in `object`: the value replaced, or the property added after the last one. */
function setProperty(text: string, object: Node, key: string, value: string, eol: string): Splice {
  const existing = (object.children ?? []).find((p) => p.children?.[0]?.value === key)?.children?.[1];
  if (existing) return { start: existing.offset, end: existing.offset + existing.length, text: value };
  const style = objectStyle(text, object, eol);
  const property = `${JSON.stringify(key)}${style.colon}${value}`;
  if (!style.last) {
    const at = object.offset + 1;
    return { start: at, end: at, text: style.spaced ? ` ${property} ` : property };
  }
  const at = style.last.offset + style.last.length;
  return { start: at, end: at, text: `${style.separator}${property}` };
}

/** The names added to the `required` array as written: on its line, or one a line when the array is written over several. */
function addRequired(text: string, object: Node, names: string[], eol: string): Splice {
  const listed = (object.children ?? []).find((p) => p.children?.[0]?.value === 'required')?.children?.[1];
  const quoted = names.map((n) => JSON.stringify(n));
  if (!listed || listed.type !== 'array') {
    const style = objectStyle(text, object, eol);
    return setProperty(text, object, 'required', `[${quoted.join(style.spaced ? ', ' : ',')}]`, eol);
  }
  const items = listed.children ?? [];
  if (items.length === 0) return { start: listed.offset + 1, end: listed.offset + 1, text: quoted.join(', ') };
  const last = items[items.length - 1];
  const multiline = text.slice(listed.offset, listed.offset + listed.length).includes('\n');
  // Spaced as the array's own items are, or for a single item as the object's lists are.
  const spaced =
    items.length > 1 ? /\s/.test(text.slice(items[0].offset + items[0].length, items[1].offset)) : /,\s/.test(text.slice(object.offset, object.offset + object.length));
  const separator = multiline ? `,${eol}${lineIndent(text, last.offset)}` : spaced ? ', ' : ',';
  const at = last.offset + last.length;
  return { start: at, end: at, text: quoted.map((q) => `${separator}${q}`).join('') };
}

/** A strict schema found in request JSON: its syntax node, for the range of a finding and the fix. */
export interface LocatedSchema {
  text: string;
  node: Node;
  root: boolean;
}

/** A request file's syntax tree, read once for all its strict schemas. */
export interface RequestTree {
  text: string;
  format: FormatId;
  /** Undefined when `text` is no request JSON (an LLM call in source code is built from code: nothing to edit). */
  tree: Node | undefined;
}

export function requestTree(text: string, format: FormatId): RequestTree {
  if (format !== 'openai-chat' && format !== 'openai-responses') return { text, format, tree: undefined };
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true });
  return { text, format, tree: tree && errors.length === 0 ? tree : undefined };
}

/** The schema `site` points at in the request file, when it is request JSON. */
export function locateSchema(request: RequestTree, site: StrictSchemaSite): LocatedSchema | undefined {
  if (!request.tree) return undefined;
  const path = schemaPath(request.tree, request.format, site);
  const node = path ? findNodeAtLocation(request.tree, path) : undefined;
  return node?.type === 'object' ? { text: request.text, node, root: site.kind === 'response-format' } : undefined;
}

/**
 * Where a finding about the object at `path` of the schema is shown: the key that names it
 * (`"permissions"`, or `"parameters"` / `"schema"` for the whole schema), not the whole definition.
 */
export function problemRange(schema: LocatedSchema, path: Array<string | number>): SourceRange | undefined {
  const node = path.length === 0 ? schema.node : findNodeAtLocation(schema.node, path);
  const key = node?.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
  return key ? { start: key.offset, end: key.offset + key.length } : undefined;
}

export function strictSchemaFix(schema: LocatedSchema): BreakerFix | undefined {
  const { text, node: schemaNode } = schema;
  const check = checkStrictSchema(getNodeValue(schemaNode), {
    root: schema.root,
    limit: MAX_FIXED_PLACES,
  });
  if (check.total === 0 || check.total > MAX_FIXED_PLACES || check.problems.some((p) => p.kind === 'root' || p.kind === 'properties')) return undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  // Each change is made where it belongs in the text as written (no reformatting): the rest of the
  // schema keeps its layout, whether pretty-printed, on one line or minified.
  const splices: Splice[] = [];
  for (const problem of check.problems) {
    const object = problem.path.length === 0 ? schemaNode : findNodeAtLocation(schemaNode, problem.path);
    if (!object || object.type !== 'object') return undefined;
    if (problem.kind === 'additionalProperties') splices.push(setProperty(text, object, 'additionalProperties', 'false', eol));
    else if (problem.kind === 'required') splices.push(addRequired(text, object, problem.missing ?? [], eol));
  }
  // Every change is inside the schema: one edit of its text, the splices written into it in order
  // (splices at one place keep the order of the problems), never a copy of the whole file.
  const start = schemaNode.offset;
  const end = schemaNode.offset + schemaNode.length;
  const ordered = splices.map((s, i) => ({ ...s, i })).sort((a, b) => a.start - b.start || a.i - b.i);
  const pieces: string[] = [];
  let at = start;
  for (const s of ordered) {
    pieces.push(text.slice(at, s.start), s.text);
    at = s.end;
  }
  pieces.push(text.slice(at, end));
  const newText = pieces.join('');
  const places = check.total === 1 ? 'one place' : `${check.total} places`;
  return {
    description: `Make the schema strict-mode valid: every property in \`required\`, \`additionalProperties: false\` on every object (${places})`,
    edits: [{ range: { start, end }, newText }],
  };
}
