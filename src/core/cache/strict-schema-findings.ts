/**
 * A schema sent with `strict: true` that OpenAI's strict mode refuses: the API answers 400
 * (`invalid_function_parameters`, or "Invalid schema for response_format") before reading the
 * prompt, so nothing is answered or cached. Strict mode needs, on every object of the schema,
 * `"additionalProperties": false`, its `properties` written out, and each of them listed in
 * `required` (a map, whose `additionalProperties` is a schema, is accepted); a structured-output
 * schema's root must be an object. The API names only the first
 * problem it meets; this names the first one in document order and how many more there are.
 *
 * Only an explicit `strict: true` is checked: the Responses API makes a function tool strict when it
 * says nothing, and then normalises the schema instead of refusing it (every recorded request with
 * such a tool was answered).
 */
import type { PromptRequest, SourceRange } from '../model';
import type { Provider } from '../tokens/models';
import type { BreakerFinding } from './breakers';
import type { BreakerFix } from './breaker-fixes';
import { locateSchema, problemRange, requestTree, strictSchemaFix, type RequestTree } from './strict-schema-fix';

export type StrictSchemaProblemKind = 'additionalProperties' | 'required' | 'properties' | 'root';

export interface StrictSchemaProblem {
  kind: StrictSchemaProblemKind;
  /** Where, as the API names it: the keys from the schema's root (`['properties', 'contact']`). */
  path: Array<string | number>;
  /** For `required`: the properties not listed, in the order written. */
  missing?: string[];
}

/** Nodes visited at most: a hostile schema of millions of nodes is checked as far as this. */
const MAX_NODES = 200_000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isObjectNode(node: Record<string, unknown>): boolean {
  const type = node.type;
  return type === 'object' || (Array.isArray(type) && type.includes('object')) || isRecord(node.properties);
}

/** Keywords whose value is one subschema, and those whose value is a list or a map of them. */
const ONE_SCHEMA = ['items', 'not', 'additionalItems', 'contains', 'if', 'then', 'else'];
const SCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'];
const SCHEMA_MAPS = ['properties', '$defs', 'definitions', 'patternProperties'];

/** A visited node and how it was reached: the path is built only for the problems reported. */
interface Visit {
  node: unknown;
  parent: Visit | null;
  keys: Array<string | number>;
}

function pathOf(visit: Visit): Array<string | number> {
  const parts: Array<Array<string | number>> = [];
  for (let at: Visit | null = visit; at; at = at.parent) parts.push(at.keys);
  return parts.reverse().flat();
}

/** What strict mode refuses in a schema: the first problems with where they are, and how many in all. */
export interface StrictSchemaCheck {
  problems: StrictSchemaProblem[];
  total: number;
}

/**
 * What strict mode refuses in `schema`, in document order, without recursion (schemas can be deep):
 * the first `limit` problems with their paths, and the count of all. `root`: the schema is a
 * structured-output format, whose root must be an object.
 */
export function checkStrictSchema(schema: unknown, options: { root?: boolean; limit?: number } = {}): StrictSchemaCheck {
  const limit = options.limit ?? 20;
  const problems: StrictSchemaProblem[] = [];
  let total = 0;
  const report = (kind: StrictSchemaProblemKind, visit: Visit, missing?: string[]) => {
    total++;
    if (problems.length < limit) problems.push({ kind, path: pathOf(visit), ...(missing ? { missing } : {}) });
  };
  if (!isRecord(schema)) return { problems, total };
  const root: Visit = { node: schema, parent: null, keys: [] };
  if (options.root && (schema.type !== 'object' || Array.isArray(schema.anyOf))) report('root', root);
  const stack: Visit[] = [root];
  let visited = 0;
  while (stack.length > 0 && visited < MAX_NODES) {
    const visit = stack.pop()!;
    const node = visit.node;
    visited++;
    if (!isRecord(node)) continue;
    // A map (`additionalProperties` a schema, no `properties`) is accepted: recorded requests with
    // one, sent strict, were answered (dspy.rb's cassettes, gpt-4o-mini, December 2025).
    if (isObjectNode(node) && !(isRecord(node.additionalProperties) && node.properties === undefined)) {
      if (node.additionalProperties !== false) report('additionalProperties', visit);
      if (!isRecord(node.properties)) {
        report('properties', visit);
      } else {
        const required = Array.isArray(node.required) ? new Set(node.required) : new Set();
        const missing = Object.keys(node.properties).filter((name) => !required.has(name));
        if (missing.length > 0) report('required', visit, missing);
      }
    }
    // Children pushed in reverse, so they are met in the order written.
    const children: Visit[] = [];
    for (const [key, value] of Object.entries(node)) {
      if (ONE_SCHEMA.includes(key) || (key === 'additionalProperties' && isRecord(value))) children.push({ node: value, parent: visit, keys: [key] });
      else if (SCHEMA_LISTS.includes(key) && Array.isArray(value)) value.forEach((sub, i) => children.push({ node: sub, parent: visit, keys: [key, i] }));
      else if (SCHEMA_MAPS.includes(key) && isRecord(value)) for (const [name, sub] of Object.entries(value)) children.push({ node: sub, parent: visit, keys: [key, name] });
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return { problems, total };
}

function where(path: Array<string | number>): string {
  return path.length === 0 ? 'at the root of the schema' : `at ${path.join(' › ')}`;
}

function quoteList(names: string[]): string {
  const shown = names.slice(0, 3).map((n) => `\`${n}\``);
  const more = names.length > 3 ? ` and ${names.length - 3} more` : '';
  return shown.length === 1 ? shown[0] : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}${more}`;
}

/** One problem in words, with what to change. */
export function strictProblemText(problem: StrictSchemaProblem): string {
  switch (problem.kind) {
    case 'root':
      return 'the root of a structured-output schema must be an object (`"type": "object"`), not a union or another type: wrap the value in an object property';
    case 'additionalProperties':
      return `the object ${where(problem.path)} does not say \`"additionalProperties": false\`, which strict mode needs on every object`;
    case 'properties':
      return `the object ${where(problem.path)} lists no \`properties\`, which strict mode needs (for no fields: \`"properties": {}, "required": []\`)`;
    case 'required': {
      const names = problem.missing ?? [];
      const them = names.length === 1 ? 'it' : 'them';
      return (
        `${quoteList(names)} ${names.length === 1 ? 'is' : 'are'} not in \`required\` of the object ${where(problem.path)}: strict mode needs every ` +
        `property required. List ${them}, and let ${them} be null (\`"type": ["string", "null"]\`) where a value may be absent ` +
        '(zod: `.nullable()` in place of `.optional()`)'
      );
    }
  }
}

function finding(what: string, check: StrictSchemaCheck, range: SourceRange | null, openai: boolean, fix: BreakerFix | undefined): BreakerFinding {
  const others = check.total - 1;
  const more = others > 0 ? ` (${others} more ${others === 1 ? 'place' : 'places'} to fix)` : '';
  const verdict = openai ? 'OpenAI rejects the request (400)' : 'OpenAI rejects such a request (400; another OpenAI-compatible server may accept it)';
  return {
    rule: 'strict-schema-rejected',
    severity: openai ? 'error' : 'warning',
    message: `${what} sent with \`strict: true\`, and ${verdict}: ${strictProblemText(check.problems[0])}${more}`,
    range,
    pieceSpan: null,
    tokenIndex: 0,
    tokenIndexEstimated: false,
    ...(fix ? { fix } : {}),
  };
}

/**
 * The strict schemas of an OpenAI request (tools, the structured-output format) that strict mode
 * refuses. An error for an OpenAI model; a warning for a model of another OpenAI-compatible server.
 */
export function strictSchemaFindings(request: PromptRequest, provider: Provider | string | undefined, sourceText?: string): BreakerFinding[] {
  if (request.api === 'anthropic' || provider === 'anthropic' || provider === 'gemini') return [];
  const openai = provider === 'openai';
  const findings: BreakerFinding[] = [];
  // The file is parsed once, and only when a schema is refused (its tree places the finding and the fix).
  let parsed: RequestTree | undefined;
  const fileTree = (): RequestTree => (parsed ??= sourceText === undefined ? { text: '', format: request.format, tree: undefined } : requestTree(sourceText, request.format));
  // The function tools of a Responses `namespace` tool are checked as the others, each named as the
  // model calls it (`crm.lookup`) and shown on its own definition.
  const functions = request.tools.flatMap((tool) =>
    tool.type === 'namespace' && tool.tools ? tool.tools.map((inner) => ({ tool: inner, name: `${tool.name}.${inner.name}` })) : [{ tool, name: tool.name }],
  );
  for (const { tool, name } of functions) {
    if (tool.type !== 'function' || tool.strict !== true || tool.parameters === undefined) continue;
    const check = checkStrictSchema(tool.parameters, { limit: 1 });
    if (check.total === 0) continue;
    const located = tool.range ? locateSchema(fileTree(), { kind: 'tool', range: tool.range }) : undefined;
    const range = (located && problemRange(located, check.problems[0].path)) ?? tool.range;
    findings.push(finding(`The parameters of tool \`${name}\` are`, check, range, openai, located && strictSchemaFix(located)));
  }
  const format = request.responseFormat;
  if (format?.kind === 'json_schema' && format.strict === true) {
    const check = checkStrictSchema(format.schema, { root: true, limit: 1 });
    if (check.total > 0) {
      const located = locateSchema(fileTree(), { kind: 'response-format' });
      const range = (located && problemRange(located, check.problems[0].path)) ?? format.range;
      findings.push(finding(`The response schema \`${format.name}\` is`, check, range, openai, located && strictSchemaFix(located)));
    }
  }
  return findings;
}
