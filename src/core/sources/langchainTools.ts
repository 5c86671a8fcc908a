/**
 * The tools LangChain (Python) writes for a chat model from the objects bound to it, as
 * langchain-core's `convert_to_openai_tool` writes them and langchain-openai / langchain-anthropic
 * send them:
 *
 * - a `@tool` function (or `StructuredTool.from_function(fn)`): named after the function (or the
 *   name given), described by its docstring as written (`textwrap.dedent`, then stripped; with
 *   `parse_docstring=True` only the text before `Args:` and each argument's line from it), its
 *   parameters a pydantic model of the signature (`create_schema_from_function`);
 * - a plain function: the same, its docstring always read the Google way;
 * - a pydantic model class: named after the class, described by its docstring (`""` without one).
 *
 * The model's JSON schema (pydantic 2) is then written as `convert_to_openai_function` does: `$ref`s
 * replaced by the definitions they point to, `$defs`, the top `title` and `description` taken out,
 * and every other `title` key dropped except in lists (`anyOf` members keep theirs) and a property
 * named `title`. `strict=True` closes every object and makes all its properties required.
 *
 * Read at langchain-ai/langchain libs/core/langchain_core/utils/function_calling.py,
 * tools/base.py, tools/structured.py, tools/convert.py, utils/pydantic.py and utils/json_schema.py,
 * libs/partners/openai/langchain_openai/chat_models/base.py and
 * libs/partners/anthropic/langchain_anthropic/chat_models.py.
 */
import type { Node } from 'web-tree-sitter';
import { annotatedDescription, atLeast, docstringOf, functionDefinition, parametersOf, pinnedPackageVersion, type Version } from './openaiAgentsPython';
import { fieldsJsonSchema, isModelClass, modelFields, pydanticModelSchema, type ModelField } from './pydanticSchema';
import { isTypedDictClass, typedDictJsonSchema } from './typedDictSchema';
import type { PythonProgram } from './pythonProgram';
import type { SourceRange } from '../model';
import type { BoundPart } from './langchain';
import { rangeOf } from './program';
import { entryOf, isFullyKnown, knownString, plainValue, shortName, staticOfJson, type StaticEntry, type StaticValue } from './staticValue';
import { refusal, refusalIf } from './refusal';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: Json };

/** An OpenAI-format tool, `{type: "function", function: {name, description, parameters}}`. */
export type OpenAITool = { type: 'function'; function: Schema };

/** A tool LangChain writes, or why it is not counted. */
export type ToolReading = { tool: OpenAITool; notes: string[] } | { notCounted: string };

const isObject = (value: Json | undefined): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Parameters LangChain fills itself (callbacks, the run's config, injected values): not parameters of the tool. */
const FILTERED_PARAMETERS = new Set(['run_manager', 'callbacks']);
const INJECTED = /\b(?:Injected(?:ToolArg|ToolCallId|State|Store)|ToolRuntime|RunnableConfig)\b/;

function unwrap(node: Node): Node {
  let inner = node;
  while (inner.type === 'parenthesized_expression' && inner.namedChildren[0]) inner = inner.namedChildren[0];
  return inner;
}

/** Whether the module imports LangChain's `tool` decorator (from `langchain_core.tools`, `langchain.tools`, `langchain.agents`). */
function importsToolDecorator(program: PythonProgram): boolean {
  return /^\s*from\s+langchain(?:_core)?(?:\.[\w.]+)?\s+import\s+(?:\([^)]*\btool\b[^)]*\)|[^\n]*\btool\b)/m.test(program.source);
}

/** `@tool`, `@tool("name")` or `@tool(parse_docstring=True, ...)` on a function: its options. */
function toolDecorator(program: PythonProgram, fn: Node): Map<string, Node> | undefined {
  const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
  if (!decorated || !importsToolDecorator(program)) return undefined;
  for (const decorator of decorated.namedChildren.filter((n) => n.type === 'decorator')) {
    const expression = decorator.namedChildren[0];
    if (expression?.type === 'identifier' && expression.text === 'tool') return new Map();
    if (expression?.type === 'call' && expression.childForFieldName('function')?.text === 'tool') return callOptions(expression);
  }
  return undefined;
}

/** A call's arguments by keyword; the first positional one as `0`. */
function callOptions(call: Node): Map<string, Node> {
  const out = new Map<string, Node>();
  let position = 0;
  for (const arg of call.childForFieldName('arguments')?.namedChildren ?? []) {
    if (arg.type === 'keyword_argument') {
      const name = arg.childForFieldName('name')?.text;
      const value = arg.childForFieldName('value');
      if (name && value) out.set(name, value);
    } else if (arg.type !== 'comment') out.set(String(position++), arg);
  }
  return out;
}

/** `textwrap.dedent`: the common leading whitespace of the non-blank lines removed, blank lines emptied. */
export function textwrapDedent(text: string): string {
  const lines = text.split('\n');
  let margin: string | undefined;
  for (const line of lines) {
    if (!line.trim()) continue;
    const indent = /^[ \t]*/.exec(line)![0];
    if (margin === undefined) margin = indent;
    else {
      let i = 0;
      while (i < margin.length && i < indent.length && margin[i] === indent[i]) i++;
      margin = margin.slice(0, i);
    }
  }
  return lines.map((line) => (!line.trim() ? '' : line.slice(margin?.length ?? 0))).join('\n');
}

/** Python's `inspect.cleandoc` (what `inspect.getdoc` gives). */
function cleandoc(text: string): string {
  const lines = text.replace(/\t/g, '        ').split('\n');
  const indents = lines.slice(1).filter((l) => l.trim()).map((l) => l.length - l.trimStart().length);
  const margin = indents.length > 0 ? Math.min(...indents) : 0;
  const out = [lines[0].trimStart(), ...lines.slice(1).map((l) => l.slice(margin))];
  while (out.length > 0 && !out[0].trim()) out.shift();
  while (out.length > 0 && !out[out.length - 1].trim()) out.pop();
  return out.join('\n');
}

/** Python 3.13's compiler: the common indentation of a docstring's lines after the first removed. */
export function compilerDedent(text: string): string {
  const lines = text.split('\n');
  const indents = lines.slice(1).filter((l) => l.trim()).map((l) => l.length - l.trimStart().length);
  const margin = indents.length > 0 ? Math.min(...indents) : 0;
  return [lines[0], ...lines.slice(1).map((l) => (l.trim() ? l.slice(margin) : ''))].join('\n');
}

/**
 * langchain-core's `_parse_google_docstring`: the text blocks before `Args:` (stopping at
 * `Returns:` / `Example:`) joined by spaces, and each argument's description from the `Args:` block
 * (`name (type): text`, continuation lines appended).
 */
export function parseGoogleDocstring(docstring: string | undefined): { description: string; args: Map<string, string> } {
  const args = new Map<string, string>();
  if (!docstring) return { description: '', args };
  const blocks = docstring.split('\n\n');
  const descriptors: string[] = [];
  let argsBlock: string | undefined;
  let past = false;
  for (const block of blocks) {
    if (block.startsWith('Args:')) {
      argsBlock = block;
      break;
    }
    if (block.startsWith('Returns:') || block.startsWith('Example:')) past = true;
    else if (!past) descriptors.push(block);
  }
  const description = descriptors.join(' ').trim();
  if (argsBlock) {
    let arg: string | undefined;
    let argIndent: number | undefined;
    for (const line of argsBlock.split('\n').slice(1)) {
      if (!line.trim()) continue;
      const indent = line.length - line.trimStart().length;
      if (argIndent === undefined && line.includes(':')) argIndent = indent;
      const continuation = argIndent !== undefined && indent > argIndent;
      if (arg !== undefined && continuation) args.set(arg, `${args.get(arg)} ${line.trim()}`);
      else if (line.includes(':')) {
        const at = line.indexOf(':');
        let name = line.slice(0, at).trim();
        const space = name.indexOf(' ');
        const annotation = space >= 0 ? name.slice(space + 1) : '';
        if (annotation.startsWith('(') && annotation.endsWith(')')) name = name.slice(0, space);
        arg = name;
        args.set(arg, line.slice(at + 1).trim());
      } else if (arg !== undefined) args.set(arg, `${args.get(arg)} ${line.trim()}`);
    }
  }
  return { description, args };
}

/** The definitions a `$ref` points to, by reference. */
function definitionAt(ref: string, root: Schema): Json | undefined {
  let target: Json | undefined = root;
  for (const key of ref.replace(/^#\//, '').split('/')) target = isObject(target) ? target[key] : undefined;
  return target;
}

/**
 * `dereference_refs`: every `$ref` replaced by the definition it points to, the keywords written
 * beside it kept after (a self-reference is left as it is).
 */
function dereference(node: Json, root: Schema, seen: ReadonlySet<string> = new Set()): Json {
  if (Array.isArray(node)) return node.map((item) => dereference(item, root, seen));
  if (!isObject(node)) return node;
  if (typeof node.$ref === 'string' && !seen.has(node.$ref)) {
    const target = definitionAt(node.$ref, root);
    if (isObject(target)) {
      const { $ref, ...rest } = node;
      const merged: Schema = { ...(dereference(target, root, new Set([...seen, $ref as string])) as Schema) };
      for (const [key, value] of Object.entries(rest)) merged[key] = dereference(value, root, seen);
      return merged;
    }
  }
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) out[key] = key === '$defs' || key === 'definitions' ? value : dereference(value, root, seen);
  return out;
}

/** `_rm_titles`: `title` keys dropped, except a property named `title`; lists are not looked into. */
function removeTitles(node: Schema, previousKey = ''): Schema {
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'title') {
      if (isObject(value) && previousKey === 'properties') out[key] = removeTitles(value, key);
    } else if (isObject(value)) out[key] = removeTitles(value, key);
    else out[key] = value;
  }
  return out;
}

/** `_recursive_set_additional_properties_false` (`strict=True`): objects closed, all their properties required. */
function strictSchema(node: Json): Json {
  if (!isObject(node)) return node;
  const out: Schema = { ...node };
  if (isObject(out.properties) && Object.keys(out.properties).length > 0) out.required = Object.keys(out.properties);
  if ('required' in out || (isObject(out.properties) && Object.keys(out.properties).length === 0) || 'additionalProperties' in out) out.additionalProperties = false;
  for (const key of ['anyOf', 'allOf']) if (Array.isArray(out[key])) out[key] = (out[key] as Json[]).map(strictSchema);
  if (isObject(out.properties)) out.properties = Object.fromEntries(Object.entries(out.properties).map(([k, v]) => [k, strictSchema(v)]));
  if (out.items !== undefined) out.items = strictSchema(out.items);
  if (isObject(out.$defs)) out.$defs = Object.fromEntries(Object.entries(out.$defs).map(([k, v]) => [k, strictSchema(v)]));
  return out;
}

/** `_convert_json_schema_to_openai_function` on a pydantic schema, then `strict` when given. */
function openAiFunction(schema: Schema, name: string | undefined, description: string | undefined, strict: boolean | undefined): OpenAITool {
  const dereferenced = dereference(schema, schema) as Schema;
  // `definitions`: a pydantic v1 schema's (a TypedDict's).
  const { $defs: _defs, definitions: _definitions, title, description: ownDescription, ...rest } = dereferenced;
  let parameters: Json = removeTitles(rest);
  if (strict) parameters = strictSchema(parameters);
  const fn: Schema = {
    name: name || (typeof title === 'string' ? title : ''),
    description: description || (typeof ownDescription === 'string' ? ownDescription : ''),
    parameters,
  };
  if (strict !== undefined) fn.strict = strict;
  return { type: 'function', function: fn };
}

/** A function's parameters as the fields of the model LangChain makes of its signature, or why not. */
function signatureFields(program: PythonProgram, fn: Node, descriptions: ReadonlyMap<string, string>): ModelField[] | string {
  const written = fn.childForFieldName('parameters')?.namedChildren ?? [];
  if (written.some((p) => p.type !== 'keyword_separator' && p.text.startsWith('*'))) return 'it takes *args or **kwargs';
  const parameters = parametersOf(fn);
  if (!parameters) return 'its signature is not read here';
  const fields: ModelField[] = [];
  for (const p of parameters) {
    if (FILTERED_PARAMETERS.has(p.name) || (p.annotation && INJECTED.test(p.annotation.text))) continue;
    const said = descriptions.get(p.name) ?? annotatedDescription(program, p.annotation);
    fields.push({ name: p.name, annotation: p.annotation, defaultValue: p.defaultValue, ...(said !== undefined ? { description: said } : {}) });
  }
  return fields;
}

/** An `args_schema=` given to `@tool` or `StructuredTool.from_function`: a pydantic model class of the module, or a JSON schema dict. */
type ArgsSchema = { model: Node } | { json: Schema };

interface FunctionToolOptions {
  /** The name given (`@tool("name")`, `name=`), else the function's. */
  name?: string;
  /** The description given (`description=`), else the docstring's. */
  description?: string;
  parseDocstring: boolean;
  /** A plain function bound as it is: its docstring read the Google way, its description the text before `Args:`. */
  plain: boolean;
  /** The schema given for the arguments, which the function's signature then does not make. */
  argsSchema?: ArgsSchema;
}

/** The docstring as `StructuredTool.from_function` takes it for the description (`textwrap.dedent`, stripped), with a note where Python 3.13 reads it otherwise. */
function dedentedDocstring(raw: string, name: string, notes: string[]): string {
  const description = textwrapDedent(raw).trim();
  // Python 3.13 takes the indentation out of docstrings when it compiles them; earlier versions keep it.
  const compiled = textwrapDedent(compilerDedent(raw)).trim();
  if (compiled !== description) notes.push(`the description of tool ${name} is its docstring with the indentation Python before 3.13 keeps (3.13 removes it)`);
  return description;
}

/**
 * A tool whose arguments are an `args_schema` (`StructuredTool.from_function` at langchain-ai/langchain
 * libs/core/langchain_core/tools/structured.py @ 004451926b3e5a21af80b9f055ecc24cfdd9b68e): described by
 * the description given, else the function's docstring (unless `parse_docstring`), else the schema's
 * own docstring or `description`. What is sent is the tool's `tool_call_schema`
 * (tools/base.py): for a model, a new model named after the tool with the model's fields but the
 * injected ones, each keeping only its description, default and constraints
 * (`_create_subset_model_v2`: an alias, a title, examples are left behind); for a dict, the dict
 * with the tool's description.
 */
function argsSchemaTool(program: PythonProgram, fn: Node, name: string, options: FunctionToolOptions, schema: ArgsSchema, strict: boolean | undefined): ToolReading {
  const notes: string[] = [];
  const raw = docstringOf(program, fn);
  // The model's fields are read where the class stands (a class of the calling function sees that function's classes).
  const context = program.modelContext('model' in schema ? schema.model : fn);
  let description: string | undefined;
  if (options.description !== undefined) description = options.description.trim();
  else if (!options.parseDocstring && raw) description = dedentedDocstring(raw, name, notes);
  else if ('model' in schema) {
    const own = docstringOf(program, schema.model);
    if (own) description = dedentedDocstring(own, name, notes);
  } else if (typeof schema.json.description === 'string') description = textwrapDedent(schema.json.description).trim();
  if (description === undefined) return { notCounted: refusal('it has no docstring and no description (LangChain refuses it)') };
  if ('json' in schema) return { tool: openAiFunction(schema.json, name, description, strict), notes };
  const fields = modelFields(schema.model, context)
    .filter((f) => !(f.annotation && INJECTED.test(f.annotation.text)))
    .map((f) => ({ ...f, subset: true as const }));
  const written = fieldsJsonSchema(name, fields, context);
  if (!written) return { notCounted: `a field of its args_schema ${schema.model.childForFieldName('name')?.text ?? ''} has a type or a default the source does not pin down` };
  return { tool: openAiFunction(written, name, description, strict), notes };
}

/** `args_schema=`: a pydantic model class of the module, or a dict known here; or why not. */
function argsSchemaOf(program: PythonProgram, node: Node): ArgsSchema | string {
  const inner = unwrap(node);
  if (inner.type === 'identifier') {
    const context = program.modelContext(inner);
    const cls = context.classNamed(inner.text);
    if (cls) return isModelClass(cls, program.modelContext(cls)) ? { model: cls } : `its args_schema \`${inner.text}\` is not a pydantic model read here`;
  }
  const value = quietly(program, () => program.evaluate(inner));
  if (value.kind === 'object' && isFullyKnown(value)) return { json: plainValue(value) as Schema };
  return `its args_schema \`${shortName(inner.text, 40)}\` is not a model or schema the source shows`;
}

/** A function as the tool LangChain writes for it. */
function functionTool(program: PythonProgram, fn: Node, options: FunctionToolOptions, strict: boolean | undefined): ToolReading {
  const functionName = fn.childForFieldName('name')?.text ?? 'tool';
  const name = options.name ?? functionName;
  if (options.argsSchema) return argsSchemaTool(program, fn, name, options, options.argsSchema, strict);
  const raw = docstringOf(program, fn);
  const notes: string[] = [];
  const parsed = options.parseDocstring || options.plain ? parseGoogleDocstring(raw === undefined ? undefined : cleandoc(raw)) : undefined;
  let description: string;
  if (options.description !== undefined) description = options.description.trim();
  else if (parsed) description = parsed.description;
  else if (raw !== undefined) description = dedentedDocstring(raw, name, notes);
  else return { notCounted: refusal('it has no docstring and no description (LangChain refuses it)') };
  const fields = signatureFields(program, fn, parsed?.args ?? new Map());
  if (typeof fields === 'string') return { notCounted: fields };
  const schema = fieldsJsonSchema(name, fields, program.modelContext(fn));
  if (!schema) return { notCounted: 'a parameter has a type or a default the source does not pin down' };
  return { tool: openAiFunction(schema, name, description, strict), notes };
}

/** A pydantic model class as the function LangChain writes for it: the class name, its docstring, its fields. */
function modelTool(program: PythonProgram, cls: Node, strict: boolean | undefined): ToolReading {
  const name = cls.childForFieldName('name')?.text ?? 'Model';
  const schema = pydanticModelSchema(cls, program.modelContext(cls));
  if (!schema) return { notCounted: `a field of model ${name} has a type or a default the source does not pin down` };
  return { tool: openAiFunction(schema, undefined, undefined, strict), notes: [] };
}

/**
 * A TypedDict class as the function LangChain writes for it: a pydantic v1 model of it
 * (typedDictSchema.ts), named after the class, described by its docstring.
 */
function typedDictTool(program: PythonProgram, cls: Node, strict: boolean | undefined): ToolReading {
  const read = typedDictJsonSchema(cls, program.modelContext(cls), (docstring) => parseGoogleDocstring(docstring));
  if ('notCounted' in read) return read;
  return { tool: openAiFunction(read.schema, undefined, undefined, strict), notes: [] };
}

/** The keyword (or first positional) argument of a call as known text, or undefined. */
function optionText(program: PythonProgram, options: ReadonlyMap<string, Node>, key: string): string | undefined {
  const node = options.get(key);
  return node ? knownString(program.evaluate(node)) : undefined;
}

function optionFlag(program: PythonProgram, options: ReadonlyMap<string, Node>, key: string): boolean | undefined {
  const node = options.get(key);
  const value = node ? program.evaluate(node) : undefined;
  return value?.kind === 'scalar' && typeof value.value === 'boolean' ? value.value : undefined;
}

/** `@tool` options as the function tool's. */
function decoratorOptions(program: PythonProgram, options: ReadonlyMap<string, Node>): FunctionToolOptions | string {
  const argsSchema = options.get('args_schema') ? argsSchemaOf(program, options.get('args_schema')!) : undefined;
  if (typeof argsSchema === 'string') return argsSchema;
  if (!argsSchema && optionFlag(program, options, 'infer_schema') === false) return 'it takes one text input (`infer_schema=False`)';
  return namedToolOptions(program, options, '0', argsSchema);
}

/** The name (under `nameKey`), description and docstring parsing a tool is given, or why they are not known. */
function namedToolOptions(program: PythonProgram, options: ReadonlyMap<string, Node>, nameKey: string, argsSchema: FunctionToolOptions['argsSchema']): FunctionToolOptions | string {
  const name = options.get(nameKey) ? optionText(program, options, nameKey) : undefined;
  if (options.get(nameKey) && name === undefined) return 'its name is known only at run time';
  const description = options.get('description') ? optionText(program, options, 'description') : undefined;
  if (options.get('description') && description === undefined) return 'its description is known only at run time';
  return {
    ...(name !== undefined ? { name } : {}),
    ...(description !== undefined ? { description } : {}),
    parseDocstring: optionFlag(program, options, 'parse_docstring') === true,
    plain: false,
    ...(argsSchema ? { argsSchema } : {}),
  };
}

/**
 * One item of a tool list (`bind_tools([...])`, `with_structured_output(...)`) as the tool LangChain
 * writes for it; undefined when the item is none of the objects read here (a dict is read as the
 * value it is).
 */
export function langChainTool(program: PythonProgram, item: Node, strict: boolean | undefined, steps = 0): ToolReading | undefined {
  const node = unwrap(item);
  if (steps > 8) return undefined;
  if (node.type === 'identifier') {
    // The class the name means where it is used: one of the calling function first, as Python scopes names.
    const cls = program.modelContext(node).classNamed(node.text);
    const context = cls && program.modelContext(cls);
    if (cls && context) return isModelClass(cls, context) ? modelTool(program, cls, strict) : isTypedDictClass(cls, context) ? typedDictTool(program, cls, strict) : undefined;
    const fn = functionDefinition(program, node.text, node);
    if (fn) {
      const holder = fn.program as PythonProgram;
      const decorator = toolDecorator(holder, fn.node);
      const options = decorator ? decoratorOptions(holder, decorator) : { parseDocstring: true, plain: true };
      if (typeof options === 'string') return { notCounted: options };
      return functionTool(holder, fn.node, options, strict);
    }
    const assigned = program.assignedExpression(node.text, node);
    return assigned ? langChainTool(program, assigned, strict, steps + 1) : undefined;
  }
  if (node.type !== 'call') return undefined;
  const callee = node.childForFieldName('function')?.text ?? '';
  // `StructuredTool.from_function(func=fn, name=..., description=...)`, `tool(fn)`.
  if (/(?:^|\.)StructuredTool\.from_function$/.test(callee) || (callee === 'tool' && importsToolDecorator(program))) {
    const options = callOptions(node);
    const target = callee === 'tool' ? options.get('0') : (options.get('func') ?? options.get('0') ?? options.get('coroutine'));
    const fnName = target && unwrap(target).type === 'identifier' ? unwrap(target).text : undefined;
    const fn = fnName ? functionDefinition(program, fnName, node) : undefined;
    if (!fn) return { notCounted: 'it is made from a function the source does not show' };
    const read = callee === 'tool' ? decoratorOptions(program, new Map([...options].filter(([k]) => k !== '0'))) : fromFunctionOptions(program, options);
    if (typeof read === 'string') return { notCounted: read };
    return functionTool(fn.program as PythonProgram, fn.node, read, strict);
  }
  return undefined;
}

/** `StructuredTool.from_function(...)` options as the function tool's. */
function fromFunctionOptions(program: PythonProgram, options: ReadonlyMap<string, Node>): FunctionToolOptions | string {
  const argsSchema = options.get('args_schema') ? argsSchemaOf(program, options.get('args_schema')!) : undefined;
  if (typeof argsSchema === 'string') return argsSchema;
  if (!argsSchema && optionFlag(program, options, 'infer_schema') === false) return 'its schema is not inferred (`infer_schema=False`)';
  return namedToolOptions(program, options, 'name', argsSchema);
}

/**
 * Types of dict langchain-core's `convert_to_openai_tool` sends as written
 * (`_WellKnownOpenAITools` at langchain-ai/langchain libs/core/langchain_core/utils/function_calling.py
 * @ 00ca65cd58181ff82a1cdbc764d2c9a3b05ef14a).
 */
const WELL_KNOWN_DICT_TOOLS = new Set(['function', 'file_search', 'computer', 'computer_use_preview', 'code_interpreter', 'mcp', 'image_generation', 'web_search_preview', 'web_search', 'tool_search', 'apply_patch', 'namespace']);

/** An Anthropic-format tool dict (`{name, input_schema}`), which langchain-anthropic sends as written. */
export function isAnthropicToolDict(value: StaticValue): boolean {
  return value.kind === 'object' && entryOf(value, 'name') !== undefined && entryOf(value, 'input_schema') !== undefined;
}

/**
 * A dict given as a tool (`bind_tools([{...}])`, `with_structured_output({...})`) as
 * `convert_to_openai_function` makes it a function: an Anthropic tool's `input_schema` (and a
 * Bedrock `toolSpec`'s `inputSchema.json`) as its parameters; an OpenAI function
 * (`{name, description, parameters}`) with its other keys left out; a JSON schema with a `title` as
 * the function named by it, described by its `description`, the rest its parameters (sent as written:
 * no `$ref` resolved, no title removed). `strict` is set on the function, and `True` closes its
 * parameters (`_recursive_set_additional_properties_false`), which needs them known here.
 * A string says why the dict is not counted.
 */
export function dictFunction(value: StaticValue, strict: boolean | undefined, notes: string[]): StaticValue | string {
  if (value.kind !== 'object') return 'it is not a dict';
  const range = value.range;
  const entries: StaticEntry[] = [];
  const toolSpec = entryOf(value, 'toolSpec');
  if (isAnthropicToolDict(value)) {
    entries.push({ key: 'name', value: entryOf(value, 'name')! }, { key: 'parameters', value: entryOf(value, 'input_schema')! });
    const description = entryOf(value, 'description');
    if (description) entries.push({ key: 'description', value: description });
  } else if (toolSpec) {
    const name = entryOf(toolSpec, 'name');
    const parameters = entryOf(entryOf(toolSpec, 'inputSchema'), 'json');
    if (!name || !parameters) return 'its `toolSpec` is not read here';
    entries.push({ key: 'name', value: name }, { key: 'parameters', value: parameters });
    const description = entryOf(toolSpec, 'description');
    if (description) entries.push({ key: 'description', value: description });
  } else if (entryOf(value, 'name')) {
    entries.push(...value.entries.filter((e) => ['name', 'description', 'parameters', 'strict'].includes(e.key)));
  } else if (entryOf(value, 'title')) {
    entries.push({ key: 'name', value: entryOf(value, 'title')! });
    const description = entryOf(value, 'description');
    if (description) entries.push({ key: 'description', value: description });
    const rest = value.entries.filter((e) => e.key !== 'title' && e.key !== 'description');
    if (rest.length > 0 && rest.some((e) => e.key === 'properties')) entries.push({ key: 'parameters', value: { kind: 'object', entries: rest, range } });
  } else return refusal('a dict with neither a `name` nor a `title` is refused by LangChain');
  if (strict !== undefined) {
    const given = entryOf({ kind: 'object', entries, range }, 'strict');
    if (given && !(given.kind === 'scalar' && given.value === strict)) return refusal('its `strict` differs from the one given (LangChain refuses it)');
    if (!given) entries.push({ key: 'strict', value: { kind: 'scalar', value: strict, range } });
    const at = entries.findIndex((e) => e.key === 'parameters');
    if (strict && at >= 0) {
      const parameters = entries[at].value;
      if (isFullyKnown(parameters)) entries[at] = { key: 'parameters', value: staticOfJson(strictSchema(plainValue(parameters) as Json), parameters.range) };
      else notes.push('a tool given as a dict has parts known only at run time: `strict=True` closes its schema, counted as written');
    }
  }
  return { kind: 'object', entries, range };
}

/**
 * A dict in a tool list as `convert_to_openai_tool` sends it: a tool of a type it knows as written,
 * anything else as `{type: "function", function: ...}` (`dictFunction`). Anthropic tools are left as
 * written here: langchain-anthropic sends them so, and the request's API decides (langchain.ts).
 */
function dictTool(value: StaticValue, strict: boolean | undefined, notes: string[]): StaticValue | string {
  const type = knownString(entryOf(value, 'type'));
  if (type !== undefined && (WELL_KNOWN_DICT_TOOLS.has(type) || type.startsWith('web_search_preview'))) return value;
  if (isAnthropicToolDict(value) && strict === undefined) return value;
  const fn = dictFunction(value, strict, notes);
  if (typeof fn === 'string') return fn;
  return { kind: 'object', entries: [{ key: 'type', value: staticOfJson('function', value.range) }, { key: 'function', value: fn }], range: value.range };
}

/** The name of an OpenAI-format tool. */
export function toolName(tool: OpenAITool): string {
  return typeof tool.function.name === 'string' ? tool.function.name : '';
}

/** Tools langchain-openai knows by type: a `tool_choice` naming one is sent as `{type}`. */
const WELL_KNOWN_OPENAI_TOOLS = new Set(['file_search', 'web_search_preview', 'web_search', 'computer_use_preview', 'code_interpreter', 'mcp', 'image_generation']);

/**
 * `bind_tools(tool_choice=...)` as the request's `tool_choice`: langchain-openai sends a bound
 * tool's name as `{type: "function", function: {name}}`, `"any"` and `True` as `"required"`;
 * langchain-anthropic sends `"any"` / `"auto"` as `{type}` and a name as `{type: "tool", name}`.
 * Undefined when nothing is sent (`None`, `False`) or the value is not known here.
 */
export function toolChoiceOf(value: StaticValue, provider: 'openai' | 'anthropic', names: readonly string[]): Json | undefined {
  if (value.kind === 'scalar') {
    if (value.value === true) return provider === 'openai' ? 'required' : undefined;
    return undefined;
  }
  if (value.kind === 'object') return undefined;
  const text = knownString(value);
  if (text === undefined || text === '') return undefined;
  if (provider === 'anthropic') return text === 'any' || text === 'auto' ? { type: text } : { type: 'tool', name: text };
  if (names.includes(text)) return { type: 'function', function: { name: text } };
  if (WELL_KNOWN_OPENAI_TOOLS.has(text)) return { type: text };
  if (text === 'any') return 'required';
  return text;
}

/**
 * How langchain-openai's `with_structured_output` sends a schema by default: through the
 * Structured Outputs API (`json_schema`) from langchain-openai 0.3.0, as a forced tool call
 * (`function_calling`) before; and for models without Structured Outputs (`gpt-3…`, `gpt-4`,
 * `gpt-4-…`) always as a tool call.
 */
export function openAiStructuredMethod(program: PythonProgram, modelName: string | undefined, given: string | undefined, notes: string[]): string {
  if (given !== undefined) return downgraded(given, modelName);
  const pinned: { version?: Version; file?: string } = pinnedPackageVersion(program, 'langchain-openai');
  if (!pinned.version) {
    notes.push('`with_structured_output` sends the schema as a `json_schema` response format from langchain-openai 0.3.0 on (a forced tool call before): no pinned version was found, counted as `json_schema`');
    return downgraded('json_schema', modelName);
  }
  return downgraded(atLeast(pinned.version, 0, 3, 0) ? 'json_schema' : 'function_calling', modelName);
}

function downgraded(method: string, modelName: string | undefined): string {
  if (method !== 'json_schema' || modelName === undefined) return method;
  return modelName.startsWith('gpt-3') || modelName.startsWith('gpt-4-') || modelName === 'gpt-4' ? 'function_calling' : method;
}

/** The request entries a forced tool call adds: `tool_choice` naming it and (OpenAI) `parallel_tool_calls: false`. */
export function forcedToolEntries(tool: OpenAITool, provider: 'openai' | 'anthropic'): Array<[string, Json]> {
  const name = toolName(tool);
  return provider === 'anthropic'
    ? [['tool_choice', { type: 'tool', name }]]
    : [
        ['tool_choice', { type: 'function', function: { name } }],
        ['parallel_tool_calls', false],
      ];
}

const jsonEntry = (key: string, value: Json, range: SourceRange): StaticEntry => ({ key, value: staticOfJson(value, range) });

/** The name of a tool as written (`{type: "function", function: {name}}`, `{name, input_schema}`). */
function writtenName(tool: StaticValue): string | undefined {
  return knownString(entryOf(entryOf(tool, 'function'), 'name')) ?? knownString(entryOf(tool, 'name'));
}

/**
 * The items of a list expression, a name followed to the list it is given with what is added to it
 * after (`+=`, `.append`, `.extend`); undefined for anything else.
 */
function listItems(program: PythonProgram, node: Node, at: Node, steps = 0): Node[] | undefined {
  const inner = unwrap(node);
  if (inner.type === 'identifier' && steps < 8) {
    const assigned = program.assignedExpression(inner.text, at);
    const items = assigned ? listItems(program, assigned, at, steps + 1) : undefined;
    if (!items) return undefined;
    for (const added of program.listAdditions(inner.text, at)) {
      const more = added.op === 'push' ? added.value.namedChildren.filter((n) => n.type !== 'comment') : listItems(program, added.value, at, steps + 1);
      if (!more) return undefined;
      items.push(...more);
    }
    return items;
  }
  if (inner.type !== 'list' && inner.type !== 'tuple') return undefined;
  return inner.namedChildren.filter((n) => n.type !== 'comment');
}

/** Reads one tool without saying the values it reads as computed when the module loads (a tool is no prompt text that changes). */
function quietly<T>(program: PythonProgram, read: () => T): T {
  const before = program.importTimeValues.length;
  try {
    return read();
  } finally {
    program.importTimeValues.length = before;
  }
}

/**
 * `.bind_tools(tools, tool_choice=..., strict=..., parallel_tool_calls=...)`: the tool list, each
 * function, `@tool` and pydantic model written as LangChain writes it (the rest as written), and
 * the other options as the provider's package sends them.
 */
export function bindToolsParts(program: PythonProgram, call: Node, at: Node): { tools?: StaticValue; part?: BoundPart } {
  const options = callOptions(call);
  const toolsNode = options.get('0') ?? options.get('tools');
  const strict = optionFlag(program, options, 'strict');
  const notes: string[] = [];
  let tools: StaticValue | undefined;
  const items = toolsNode ? listItems(program, toolsNode, at) : undefined;
  if (toolsNode && items) {
    let written = false;
    const values = items.map((item): StaticValue => {
      const reading = item.type === 'list_splat' ? undefined : quietly(program, () => langChainTool(program, item, strict));
      if (!reading) {
        const value = program.evaluate(item);
        if (value.kind !== 'object') return value;
        written ||= knownString(entryOf(value, 'type')) === 'function';
        const converted = dictTool(value, strict, notes);
        if (typeof converted === 'string') return { kind: 'unknown', expression: item.text, range: rangeOf(item), perRequest: false, unwritten: converted };
        return converted;
      }
      if ('notCounted' in reading) return { kind: 'unknown', expression: item.text, range: rangeOf(item), perRequest: false, unwritten: reading.notCounted };
      notes.push(...reading.notes);
      return staticOfJson(reading.tool, rangeOf(item));
    });
    if (strict !== undefined && written) {
      notes.push('`strict` is applied to tools written as `{type: "function", ...}` dicts only by recent langchain-core versions: counted as written');
    }
    tools = { kind: 'list', items: values, range: rangeOf(unwrap(toolsNode)) };
  } else if (toolsNode) tools = program.evaluate(toolsNode);
  const names = tools?.kind === 'list' ? tools.items.flatMap((t) => writtenName(t) ?? []) : [];
  const choiceNode = options.get('tool_choice');
  const parallelNode = options.get('parallel_tool_calls');
  const range = rangeOf(call);
  const part: BoundPart = (provider, _model, api) => {
    const entries: StaticEntry[] = [];
    const unresolved = [...notes];
    if (choiceNode) {
      const choice = program.evaluate(choiceNode);
      const sent = choice.kind === 'object' ? undefined : toolChoiceOf(choice, provider, names);
      // A dict is sent as written.
      let value = choice.kind === 'object' ? choice : sent !== undefined ? staticOfJson(sent, range) : undefined;
      // A Responses request names a function flat: `{type: "function", **function}` (`_construct_responses_api_payload`).
      const fn = api === 'responses' && knownString(entryOf(value, 'type')) === 'function' ? entryOf(value, 'function') : undefined;
      if (value && fn?.kind === 'object') value = { kind: 'object', entries: [{ key: 'type', value: entryOf(value, 'type')! }, ...fn.entries], range: value.range };
      if (value) entries.push({ key: 'tool_choice', value });
      else if (choice.kind === 'unknown') unresolved.push('the `tool_choice` of `bind_tools` is known only at run time: not counted');
    }
    const parallel = parallelNode ? program.evaluate(parallelNode) : undefined;
    if (parallel?.kind === 'scalar' && typeof parallel.value === 'boolean' && provider === 'openai') entries.push(jsonEntry('parallel_tool_calls', parallel.value, range));
    return { entries, unresolved };
  };
  return { ...(tools ? { tools } : {}), part };
}

/**
 * A structured-output schema as the function LangChain writes for it (`convert_to_openai_function`):
 * a pydantic model, a TypedDict, a function or a dict (`dictFunction`); the name it is called by.
 */
function schemaFunction(program: PythonProgram, node: Node, strict: boolean | undefined): { fn: StaticValue; name?: string; notes: string[] } | { notCounted: string } {
  const reading = quietly(program, () => langChainTool(program, node, strict));
  if (reading && 'notCounted' in reading) return reading;
  if (reading) return { fn: staticOfJson(reading.tool.function, rangeOf(node)), name: toolName(reading.tool), notes: reading.notes };
  const value = quietly(program, () => program.evaluate(node));
  if (value.kind !== 'object' || value.modelClass) return { notCounted: `the schema \`${shortName(node.text, 40)}\` is not a model, TypedDict, function or dict the source shows` };
  const notes: string[] = [];
  const fn = dictFunction(value, strict, notes);
  if (typeof fn === 'string') return { notCounted: fn };
  return { fn, name: knownString(entryOf(fn, 'name')), notes };
}

/**
 * langchain-openai's `_convert_to_openai_response_format` for a schema that is no pydantic model: a
 * dict already a response format (`{type: "json_schema", json_schema}`) or a `{name, schema}` sent
 * as written; anything else as its function with `strict` (given, else the dict's own, else `False`)
 * and its parameters moved to `schema`: `{name, description, strict, schema}`.
 */
function responseFormatOfSchema(program: PythonProgram, node: Node, strict: boolean | undefined): { format: StaticValue; notes: string[] } | { notCounted: string } {
  const value = quietly(program, () => program.evaluate(node));
  const range = rangeOf(node);
  if (value.kind === 'object' && !value.modelClass) {
    const holder = knownString(entryOf(value, 'type')) === 'json_schema' ? entryOf(value, 'json_schema') : undefined;
    const given = holder ?? (entryOf(value, 'name') && entryOf(value, 'schema') ? value : undefined);
    if (given) {
      const own = entryOf(given, 'strict');
      if (strict !== undefined && !(own?.kind === 'scalar' && own.value === strict)) return { notCounted: refusal('its `strict` differs from the one given (LangChain refuses it)') };
      return { format: holder ? value : { kind: 'object', entries: [{ key: 'type', value: staticOfJson('json_schema', range) }, { key: 'json_schema', value }], range }, notes: [] };
    }
  }
  let effective = strict;
  if (effective === undefined) {
    const own = entryOf(value, 'strict');
    effective = value.kind === 'object' && own?.kind === 'scalar' && typeof own.value === 'boolean' ? own.value : false;
  }
  const read = schemaFunction(program, node, effective);
  if ('notCounted' in read) return read;
  if (read.fn.kind !== 'object') return { notCounted: 'its schema is not read here' };
  const parameters = entryOf(read.fn, 'parameters');
  const entries = read.fn.entries.filter((e) => e.key !== 'parameters');
  if (parameters) entries.push({ key: 'schema', value: parameters });
  const jsonSchema: StaticValue = { kind: 'object', entries, range };
  return { format: { kind: 'object', entries: [{ key: 'type', value: staticOfJson('json_schema', range) }, { key: 'json_schema', value: jsonSchema }], range }, notes: read.notes };
}

/** A Chat Completions response format as the Responses API's `text.format` (`{type: "json_schema", ...json_schema}`). */
function textFormat(format: StaticValue, range: SourceRange): StaticEntry {
  const holder = entryOf(format, 'json_schema');
  const inner: StaticValue =
    holder?.kind === 'object' ? { kind: 'object', entries: [{ key: 'type', value: staticOfJson('json_schema', range) }, ...holder.entries], range: format.range } : format;
  return { key: 'text', value: { kind: 'object', entries: [{ key: 'format', value: inner }], range } };
}

/**
 * `.with_structured_output(Schema, method=..., strict=...)` as the provider's package sends it
 * (`include_raw` changes only what is returned): langchain-anthropic as a forced tool call;
 * langchain-openai by its method (the default told by its version, see `openAiStructuredMethod`):
 * a forced tool call with `parallel_tool_calls: false` (`function_calling`), `{type: "json_object"}`
 * (`json_mode`), or (`json_schema`) a pydantic model handed to the openai SDK's `parse`, which sends
 * its strict schema named after the class, and any other schema (a TypedDict, a dict) as
 * `_convert_to_openai_response_format` writes it. A Responses model
 * (langchain_openai/chat_models/base.py `_construct_responses_api_payload`) sends the format as
 * `text.format` (a pydantic model through `responses.parse`, except when streamed, where its
 * pydantic schema is made a format as a dict is), the forced tool flat with `tool_choice`
 * `{type: "function", name}`. Read at langchain-ai/langchain
 * libs/partners/openai/langchain_openai/chat_models/base.py @ 00539b501c219f80df69d799e92b102566a125e5.
 */
export function structuredOutputPart(program: PythonProgram, call: Node): BoundPart {
  const options = callOptions(call);
  const schemaNode = options.get('0') ?? options.get('schema');
  const givenMethod = options.get('method') ? optionText(program, options, 'method') : undefined;
  const strict = optionFlag(program, options, 'strict');
  const range = rangeOf(call);
  return (provider, modelName, api, streamed) => {
    const unresolved: string[] = [];
    const notCounted = (why: string) => ({ entries: [], unresolved: [...unresolved, refusalIf(why, `the structured output of \`with_structured_output\` is not counted: ${why}`)] });
    if (options.get('method') && givenMethod === undefined) return notCounted('its method is known only at run time');
    if (options.has('tools')) unresolved.push('the `tools` given to `with_structured_output` are not counted');
    if (!schemaNode && givenMethod !== 'json_mode') return notCounted('no schema is given');
    const forced = () => {
      const read = schemaFunction(program, schemaNode!, provider === 'openai' ? strict : undefined);
      if ('notCounted' in read) return notCounted(read.notCounted);
      if (read.name === undefined) return notCounted('the name of its schema is known only at run time');
      unresolved.push(...read.notes);
      const tool: StaticValue = { kind: 'object', entries: [{ key: 'type', value: staticOfJson('function', range) }, { key: 'function', value: read.fn }], range };
      const tools: StaticValue = { kind: 'list', items: [tool], range };
      let entries = forcedToolEntries({ type: 'function', function: { name: read.name } }, provider);
      if (api === 'responses') entries = entries.map(([key, value]) => [key, key === 'tool_choice' ? { type: 'function', name: read.name! } : value]);
      return { tools, entries: entries.map(([key, value]) => jsonEntry(key, value, range)), unresolved };
    };
    if (provider === 'anthropic') {
      if (givenMethod !== undefined && givenMethod !== 'function_calling') return notCounted(`method \`${givenMethod}\` is not read here`);
      return forced();
    }
    const method = openAiStructuredMethod(program, modelName, givenMethod, unresolved);
    if (method === 'function_calling') return forced();
    if (method === 'json_mode') {
      const format = staticOfJson({ type: 'json_object' }, range);
      return { entries: [api === 'responses' ? textFormat(format, range) : { key: 'response_format', value: format }], unresolved };
    }
    if (method !== 'json_schema') return notCounted(`method \`${method}\` is not read here`);
    const value = quietly(program, () => program.evaluate(schemaNode!));
    if (value.kind === 'object' && value.modelClass) {
      // A pydantic model is handed to the openai SDK's `parse`, which sends its schema strict, named after the class.
      if (api !== 'responses') return { entries: [{ key: 'response_format', value }], unresolved };
      if (!streamed) return { entries: [{ key: 'text_format', value }], unresolved };
      return notCounted('a pydantic model streamed from a Responses model is sent as its own pydantic schema made strict by LangChain, not written here');
    }
    const read = responseFormatOfSchema(program, schemaNode!, strict);
    if ('notCounted' in read) return notCounted(read.notCounted);
    unresolved.push(...read.notes);
    return { entries: [api === 'responses' ? textFormat(read.format, range) : { key: 'response_format', value: read.format }], unresolved };
  };
}
