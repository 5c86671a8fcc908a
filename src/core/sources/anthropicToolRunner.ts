/**
 * The anthropic Python SDK's tool runner, `client.beta.messages.tool_runner(tools=[...], ...)`, whose
 * first request is counted: a function decorated `@beta_tool` / `@beta_async_tool` (or wrapped,
 * `beta_tool(fn, name=...)`) is sent as its `to_dict()`, which any Messages call may send too
 * (`tools=[get_weather.to_dict()]`) (anthropic 1.13.0,
 * src/anthropic/lib/tools/_beta_functions.py at anthropics/anthropic-sdk-python@009b0353, checked
 * through a stand-in transport):
 *
 *   `{name, description, input_schema, defer_loading?, cache_control?, allowed_callers?,
 *     eager_input_streaming?, input_examples?, strict?}`
 *
 * - `name`: given, else the function's name.
 * - `description`: given, else the docstring as the `docstring_parser` package reads it: its first
 *   line, then a blank line and the rest of the text before the first section (`Args:`, `:param`,
 *   a NumPy `Parameters` heading ...).
 * - `input_schema`: given (a dict, or a pydantic model's `model_json_schema()`), else pydantic's
 *   schema of the function's arguments (`TypeAdapter(validate_call(fn)).json_schema()`): the fields
 *   as a model's, without a title and closed with `additionalProperties: false`, each parameter the
 *   docstring describes (and no `Field` does) given that description.
 */
import type { Node } from 'web-tree-sitter';
import { annotatedDescription, argumentNodes, docstringOf, followed, functionDefinition, parametersOf } from './openaiAgentsPython';
import { fieldsJsonSchema, isModelClass, pydanticModelSchema, pydanticSorted, type ModelField } from './pydanticSchema';
import { cleandoc, detectDocstringStyle, functionDocumentation } from './pythonDocstrings';
import { importedName, packageImports } from './pythonImports';
import type { PythonProgram } from './pythonProgram';
import { knownString, staticOfJson, type StaticEntry, type StaticValue } from './staticValue';

type Json = Parameters<typeof staticOfJson>[0];
type Schema = Record<string, Json>;

/** The decorators that make a runnable tool of a function. */
const TOOL_DECORATORS = new Set(['beta_tool', 'beta_async_tool']);
/** `tool_runner`'s own arguments, which it does not send. */
const RUNNER_SETTINGS = new Set(['max_iterations', 'compaction_control']);
/** How many lists deep `*spread` tools are followed. */
const MAX_SPREAD_DEPTH = 8;
/** The options `to_dict()` writes after the schema, in its order, when given. */
const TOOL_OPTIONS = ['defer_loading', 'cache_control', 'allowed_callers', 'eager_input_streaming', 'input_examples', 'strict'];

/** A line that opens a docstring section for `docstring_parser` (Google titles, a ReST field, a NumPy heading's underline after it). */
const GOOGLE_TITLE =
  /^(?:Args|Arguments|Parameters|Params|Attributes|Keyword Args|Keyword Arguments|Other Parameters|Receives?|Returns?|Yields?|Raises?|Exceptions?|Except|Examples?|Warns?|Warnings?|Notes?|References?|See Also|Todo)\s*:\s*$/;

/**
 * The description `docstring_parser` gives a function (`short_description`, then a blank line and
 * `long_description`): the cleaned docstring's text before its first section, its first line apart
 * from the rest.
 */
export function docstringParserDescription(docstring: string): string {
  const lines = cleandoc(docstring).split('\n');
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    if (GOOGLE_TITLE.test(lines[i]) || /^:\w/.test(lines[i]) || (i + 1 < lines.length && lines[i].trim() !== '' && /^\s*-{3,}\s*$/.test(lines[i + 1]))) {
      end = i;
      break;
    }
  }
  const chunk = lines.slice(0, end).join('\n').trim();
  const newline = chunk.indexOf('\n');
  if (newline < 0) return chunk;
  const long = chunk.slice(newline + 1).trim();
  return long ? `${chunk.slice(0, newline)}\n\n${long}` : chunk.slice(0, newline);
}

/** Whether `expression` names one of the SDK's tool decorators (`beta_tool`, `anthropic.beta_tool`). */
function isToolMaker(program: PythonProgram, expression: Node | null | undefined): boolean {
  const name = importedName(expression, packageImports(program, 'anthropic'));
  return name !== undefined && TOOL_DECORATORS.has(name);
}

interface RunnableTool {
  program: PythonProgram;
  fn: Node;
  /** The decorator's or the wrapping call's keyword arguments, read in `optionsProgram`. */
  options: Map<string, Node>;
  optionsProgram: PythonProgram;
}

/** The function a `tools` item makes a runnable tool of, with the options given, or undefined. */
function runnableTool(program: PythonProgram, item: Node, bare: boolean): RunnableTool | undefined {
  const made = followed(program, item);
  const node = made.node;
  // `get_weather.to_dict()`: the tool's definition, as any request may send it.
  const callee = node.type === 'call' ? node.childForFieldName('function') : null;
  const args = node.childForFieldName('arguments');
  if (callee?.type === 'attribute' && callee.childForFieldName('attribute')?.text === 'to_dict' && args?.namedChildren.length === 0) {
    const object = callee.childForFieldName('object');
    return object ? runnableTool(made.program, object, true) : undefined;
  }
  // The function itself, which only the tool runner takes.
  if (!bare) return undefined;
  if (node.type === 'identifier') {
    const found = functionDefinition(made.program, node.text, node);
    const decorated = found?.node.parent?.type === 'decorated_definition' ? found.node.parent : undefined;
    for (const decorator of decorated?.namedChildren.filter((n) => n.type === 'decorator') ?? []) {
      const expression = decorator.namedChildren[0];
      if (isToolMaker(found!.program, expression)) return { program: found!.program, fn: found!.node, options: new Map(), optionsProgram: found!.program };
      if (expression?.type === 'call' && isToolMaker(found!.program, expression.childForFieldName('function'))) {
        return { program: found!.program, fn: found!.node, options: argumentNodes(expression).named, optionsProgram: found!.program };
      }
    }
    return undefined;
  }
  // `beta_tool(fn, name=...)`.
  if (node.type !== 'call' || !isToolMaker(made.program, node.childForFieldName('function'))) return undefined;
  const target = node.childForFieldName('arguments')?.namedChildren.find((a) => a.type !== 'keyword_argument' && a.type !== 'comment');
  const followedTarget = target ? followed(made.program, target) : undefined;
  const found = followedTarget?.node.type === 'identifier' ? functionDefinition(followedTarget.program, followedTarget.node.text, followedTarget.node) : undefined;
  return found ? { program: found.program, fn: found.node, options: argumentNodes(node).named, optionsProgram: made.program } : undefined;
}

/** pydantic's schema of the function's arguments, or why it is not written here. */
function argumentsSchema(tool: RunnableTool, name: string): Schema | string {
  const parameters = parametersOf(tool.fn);
  if (!parameters) return `the parameters of tool ${name} are not read here`;
  if (parameters.some((p) => p.splat)) return `tool ${name} takes *args or **kwargs, whose schema is not written here`;
  const docstring = docstringOf(tool.program, tool.fn);
  const documented = docstring !== undefined ? functionDocumentation(docstring, detectDocstringStyle(cleandoc(docstring))).parameters : new Map<string, string>();
  // The docstring describes a parameter whose schema has no description of its own (a `Field(description=...)`).
  const ownDescription = (p: { annotation: Node | null; defaultValue: Node | null }) => [p.annotation, p.defaultValue].some((n) => n !== null && /\bField\s*\([^]*\bdescription\s*=/.test(n.text));
  const fields: ModelField[] = parameters.map((p) => {
    const said = annotatedDescription(tool.program, p.annotation) ?? (ownDescription(p) ? undefined : documented.get(p.name));
    return { name: p.name, annotation: p.annotation, defaultValue: p.defaultValue, ...(said !== undefined ? { description: said } : {}) };
  });
  const written = fieldsJsonSchema(name, fields, tool.program.modelContext(tool.fn));
  if (!written) return `a parameter of tool ${name} has a type or a default the source does not pin down`;
  const { title: _title, ...rest } = written;
  return pydanticSorted({ ...rest, additionalProperties: false }) as Schema;
}

/** The tool the runner sends for a runnable tool, or why it is not counted. */
function toolDefinition(tool: RunnableTool): StaticValue | string {
  const option = (key: string) => {
    const node = tool.options.get(key);
    return node ? tool.optionsProgram.evaluate(node) : undefined;
  };
  const functionName = tool.fn.childForFieldName('name')?.text ?? 'tool';
  const givenName = option('name');
  const name = givenName ? knownString(givenName) : functionName;
  if (name === undefined) return `the name of tool ${functionName} is known only at run time`;
  const givenDescription = option('description');
  const docstring = docstringOf(tool.program, tool.fn);
  const description = givenDescription ? knownString(givenDescription) : docstring !== undefined ? docstringParserDescription(docstring) : '';
  if (description === undefined) return `the description of tool ${name} is known only at run time`;

  let schema: StaticValue;
  const schemaNode = tool.options.get('input_schema');
  if (schemaNode) {
    const cls = schemaNode.type === 'identifier' ? tool.optionsProgram.modelContext(schemaNode).classNamed(schemaNode.text) : undefined;
    if (cls && isModelClass(cls, tool.optionsProgram.modelContext(cls))) {
      const written = pydanticModelSchema(cls, tool.optionsProgram.modelContext(cls));
      if (!written) return `the schema of the model ${schemaNode.text} (tool ${name}) is not written here`;
      schema = staticOfJson(written, { start: schemaNode.startIndex, end: schemaNode.endIndex });
    } else {
      schema = tool.optionsProgram.evaluate(schemaNode);
    }
  } else {
    const written = argumentsSchema(tool, name);
    if (typeof written === 'string') return written;
    schema = staticOfJson(written, { start: tool.fn.startIndex, end: tool.fn.endIndex });
  }
  const range = { start: tool.fn.startIndex, end: tool.fn.endIndex };
  const entries: StaticEntry[] = [
    { key: 'name', value: staticOfJson(name, range) },
    { key: 'description', value: givenDescription ?? staticOfJson(description, range) },
    { key: 'input_schema', value: schema },
  ];
  for (const key of TOOL_OPTIONS) {
    const value = option(key);
    if (value && !(value.kind === 'scalar' && value.value === null)) entries.push({ key, value });
  }
  return { kind: 'object', entries, range };
}

/** The items of a list of tools as written, those of a `*spread` list in its place; undefined when one is not written. */
function listItems(program: PythonProgram, node: Node, depth = 0): Array<{ program: PythonProgram; node: Node }> | undefined {
  const list = followed(program, node);
  if ((list.node.type !== 'list' && list.node.type !== 'tuple') || depth > MAX_SPREAD_DEPTH) return undefined;
  const items: Array<{ program: PythonProgram; node: Node }> = [];
  for (const item of list.node.namedChildren) {
    if (item.type === 'comment') continue;
    if (item.type !== 'list_splat') {
      items.push({ program: list.program, node: item });
      continue;
    }
    const spread = item.namedChildren[0] ? listItems(list.program, item.namedChildren[0], depth + 1) : undefined;
    if (!spread) return undefined;
    items.push(...spread);
  }
  return items;
}

/**
 * A Python tool runner call's arguments with each runnable tool of `tools` written as the SDK sends
 * it, and why any is not counted.
 */
export function toolRunnerArguments(program: PythonProgram, call: Node, given: StaticEntry[], runner: boolean): { named: StaticEntry[]; unresolved: string[] } {
  // The runner's own settings are no request parameters.
  const named = runner ? given.filter((e) => !RUNNER_SETTINGS.has(e.key)) : given;
  const at = named.findIndex((e) => e.key === 'tools');
  const toolsNode = argumentNodes(call).named.get('tools');
  if (at < 0 || !toolsNode) return { named, unresolved: [] };
  const written = listItems(program, toolsNode);
  const runnable = written?.map((item) => runnableTool(item.program, item.node, runner));
  if (!written || !runnable?.some((tool) => tool !== undefined)) return { named, unresolved: [] };
  const unresolved: string[] = [];
  const items: StaticValue[] = [];
  for (const [i, item] of written.entries()) {
    const tool = runnable[i];
    if (!tool) {
      items.push(item.program.evaluate(item.node));
      continue;
    }
    const definition = toolDefinition(tool);
    if (typeof definition === 'string') unresolved.push(`${definition}: not counted`);
    else items.push(definition);
  }
  const tools: StaticValue = { kind: 'list', items, range: { start: toolsNode.startIndex, end: toolsNode.endIndex } };
  return { named: named.map((e, i) => (i === at ? { key: 'tools', value: tools } : e)), unresolved };
}
