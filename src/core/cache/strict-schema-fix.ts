/**
 * The Quick Fix of `strict-schema-rejected` in request JSON: every property listed in `required`
 * and `"additionalProperties": false` on every object, written into the file as one edit of the
 * schema (the rest of the file, its layout and comments, untouched). What the openai SDKs' strict
 * transform does; whether a field may be null stays the writer's choice (the message says how).
 * Offered only where those two are all strict mode refuses: an object with no `properties`, or a
 * response schema whose root is not an object, needs a person to decide its shape.
 */
import { applyEdits, findNodeAtLocation, findNodeAtOffset, getNodePath, getNodeValue, modify, parseTree, type JSONPath, type Node, type ParseError } from 'jsonc-parser';
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

/** The file's indentation, so inserted lines look like their neighbours. */
function indentOf(text: string): { insertSpaces: boolean; tabSize: number } {
  const first = /\n([ \t]+)\S/.exec(text)?.[1];
  if (first?.startsWith('\t')) return { insertSpaces: false, tabSize: 1 };
  return { insertSpaces: true, tabSize: first ? Math.min(first.length, 8) : 2 };
}

export function strictSchemaFix(text: string, format: FormatId, site: StrictSchemaSite): BreakerFix | undefined {
  if (format !== 'openai-chat' && format !== 'openai-responses') return undefined;
  // The request file itself (an LLM call in source code is built from code: nothing to edit here).
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true });
  if (!root || errors.length > 0) return undefined;
  const path = schemaPath(root, format, site);
  const schemaNode = path ? findNodeAtLocation(root, path) : undefined;
  if (!path || !schemaNode || schemaNode.type !== 'object') return undefined;
  const check = checkStrictSchema(getNodeValue(schemaNode), {
    root: site.kind === 'response-format',
    limit: MAX_FIXED_PLACES,
  });
  if (check.total === 0 || check.total > MAX_FIXED_PLACES || check.problems.some((p) => p.kind === 'root' || p.kind === 'properties')) return undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const options = { formattingOptions: { ...indentOf(text), eol } };
  let fixed = text;
  for (const problem of check.problems) {
    const at = [...path, ...problem.path];
    if (problem.kind === 'additionalProperties') {
      fixed = applyEdits(fixed, modify(fixed, [...at, 'additionalProperties'], false, options));
    } else if (problem.kind === 'required') {
      const object = findNodeAtLocation(parseTree(fixed)!, at);
      const current = object ? findNodeAtLocation(object, ['required']) : undefined;
      const listed = current?.type === 'array' ? (current.children ?? []).map((c) => c.value as unknown) : [];
      fixed = applyEdits(fixed, modify(fixed, [...at, 'required'], [...listed, ...(problem.missing ?? [])], options));
    }
  }
  // Every change is inside the schema: one edit of its text.
  const grown = fixed.length - text.length;
  const newText = fixed.slice(schemaNode.offset, schemaNode.offset + schemaNode.length + grown);
  const places = check.total === 1 ? 'one place' : `${check.total} places`;
  return {
    description: `Make the schema strict-mode valid: every property in \`required\`, \`additionalProperties: false\` on every object (${places})`,
    edits: [{ range: { start: schemaNode.offset, end: schemaNode.offset + schemaNode.length }, newText }],
  };
}
