/**
 * TypeScript and JavaScript values without running them: string and template literals, `+`,
 * `+=`, `.join()`, `.concat()`, `.trim()`, `dedent` (as a call or a tag), arrays and objects
 * (shorthand properties and known spreads); names through `const`/`let`/`var` and assignments in
 * the function and the module, and through `import { NAME } from './module'`. The openai SDK's
 * zod helpers (`zodResponseFormat(Schema, name)` ...) give the object the SDK builds, the schema
 * written from the zod source (zodSchema.ts).
 */
import { dirname, extname, join, resolve } from 'node:path';
import type { Node } from 'web-tree-sitter';
import type { SourceRange } from '../model';
import { decodeLiteral } from './escapes';
import { jsonText, scriptJsonStyle } from './jsonText';
import { contentBlocksContent, MESSAGE_CLASSES, messageObject, messagesPlaceholder, messageTemplateObject, SCRIPT_DIALECT } from './langchain';
import { numberOperation, rangeOf, returnedExpression, selfAppended, signedNumber, SourceProgram, type Parameter, type ProgramOptions, type ScopeTable } from './program';
import { joinedPath, parentPath, pathOf } from './promptFiles';
import {
  COMPARISONS,
  primitiveOf,
  scriptAt,
  scriptBool,
  scriptCharAt,
  scriptCompare,
  scriptIncludes,
  scriptListSlice,
  scriptMember,
  scriptSplit,
  scriptSubstring,
  scriptTextSlice,
  type Primitive,
} from './scriptValues';
import {
  isConstant,
  replacedText,
  recasedText,
  scriptText,
  printBudget,
  MAX_ITERATED_ITEMS,
  knownItems,
  placedAs,
  settledItems,
  heldEntries,
  MAX_TEXT_VALUE_CHARS,
  asText,
  knownString,
  staticOfJson,
  concatTexts,
  dedentText,
  entryOf,
  joinTexts,
  repeatText,
  spreadText,
  TextBuilder,
  trimText,
  truthiness,
  type StaticEntry,
  type StaticText,
  type StaticUnknown,
  type StaticValue,
} from './staticValue';
import { anthropicScriptTransformedSchema } from './anthropicOutputFormat';
import { agentsZodSchema, langChainFormatZodSchema, NotZod, packageMajorOf, sentZodSchema, zodJsonSchema, ZodUnsupported, type AgentsSchema, type ZodContext, type ZodVersion } from './zodSchema';
import { unwrapped } from './scriptNodes';

/** Node types read once per binding context (`SourceProgram.readings`): the parts an expression reads more than once. */
const REMEMBERED = new Set(['call_expression', 'member_expression', 'subscript_expression']);

const FUNCTION_TYPES = new Set([
  'function_declaration',
  'function_expression',
  'function',
  'arrow_function',
  'method_definition',
  'generator_function_declaration',
  'generator_function',
]);
const COMPOUND = new Set([
  'statement_block',
  'if_statement',
  'else_clause',
  'try_statement',
  'catch_clause',
  'finally_clause',
  'for_statement',
  'for_in_statement',
  'while_statement',
  'do_statement',
  'export_statement',
  'switch_statement',
  'switch_body',
  'switch_case',
  'switch_default',
]);
const WRAPPERS = new Set(['parenthesized_expression', 'as_expression', 'satisfies_expression', 'non_null_expression', 'type_assertion', 'await_expression']);
/** Functions that `map` may be given to turn each item into a string, a number or a boolean. */
const CONVERSIONS = new Set(['String', 'Number', 'Boolean']);
/** The links of an optional chain (`a?.b[0].c()`). */
const CHAIN_LINKS = new Set(['member_expression', 'subscript_expression', 'call_expression']);

/** Path functions of node:path (as `path.join` or imported bare), by what they do to their arguments. */
const JOIN_PATHS = new Set(['path.join', 'join', 'path.resolve', 'path.posix.join', 'posix.join']);
const PARENT_PATHS = new Set(['path.dirname', 'dirname']);
/** File reads that give text: `readFileSync(p, "utf8")`, `await readFile(p, "utf8")` (node:fs, node:fs/promises). */
const FILE_READS = new Set(['readFileSync', 'readFile']);
const TEXT_ENCODINGS = new Set(['utf8', 'utf-8']);
const DEDENT_TAGS = new Set(['dedent', 'outdent', 'stripIndent', 'stripIndents', 'endent']);
/** Array and string methods whose result the analysis computes. */
const TEXT_METHODS = new Set(['join', 'concat', 'trim', 'trimStart', 'trimEnd', 'repeat', 'map', 'toUpperCase', 'toLowerCase', 'replace', 'replaceAll', 'padStart', 'padEnd']);
/** A padded width past this is a stress test, not a prompt: left to the program. */
const MAX_PADDED_WIDTH = 100_000;
/** Functions without side effects: of values the same on every request, their result is too. */
const PURE_FUNCTIONS = new Set(['JSON.stringify', 'String', 'Object.entries', 'Object.keys', 'Object.values', 'Array.from', 'dedent', 'outdent']);
/** Methods of strings and arrays without side effects (a callback argument is no constant, so `.map(fn)` is left out by its argument). */
const PURE_METHODS = new Set(['join', 'concat', 'trim', 'trimStart', 'trimEnd', 'toUpperCase', 'toLowerCase', 'replace', 'replaceAll', 'repeat', 'slice', 'padStart', 'padEnd', 'toString', 'toFixed', 'at', 'flat']);
/** Methods of strings and arrays `selection` computes. */
const SELECTION_METHODS = new Set(['slice', 'substring', 'at', 'charAt', 'split', 'includes', 'startsWith', 'endsWith', 'filter']);
/** `Object.entries(O)` and its kin: lists of what a known object holds. */
const OBJECT_LISTS = new Set(['Object.entries', 'Object.keys', 'Object.values']);
const SCRIPT_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.jsx'];

/** The modules zod's namespace is imported from, and the version each gives (`zod`: the one installed). */
const ZOD_MODULES = new Map<string, ZodVersion | 'installed'>([
  ['zod', 'installed'],
  ['zod/v3', 3],
  ['zod/v4', 4],
  ['zod/mini', 4],
  ['zod/v4-mini', 4],
  ['zod/v4/mini', 4],
]);
/** The packages of the OpenAI Agents SDK for JavaScript whose `Agent`, `Runner`, `run`, `tool` and `handoff` are read. */
const OPENAI_AGENTS_MODULES = new Set(['@openai/agents', '@openai/agents-core', '@openai/agents-openai']);
/**
 * The anthropic SDK's helpers write `z.toJSONSchema(S, { reused: "ref" })`, and zod 4 (4.6.7) makes a
 * `$defs` entry of a part it reaches twice: the element, properties or options an array, object or
 * union shares with a copy of it given a check or a description (`z.array(z.string()).min(2)`).
 */
const ANTHROPIC_ZOD_REFS =
  'the schema gives an array, object or union a check or a description (`z.array(x).min(2)`): zod 4 writes what that copy shares with the original as `$defs` references for the anthropic SDK, which are not written here (a few tokens)';
/** zod's makers of schemas that hold others (`z.object`, `z.array`, ..., and `x.array()`). */
const ZOD_CONTAINERS = new Set(['object', 'strictObject', 'looseObject', 'array', 'union', 'discriminatedUnion', 'record', 'tuple', 'intersection']);
/** Methods that copy a schema keeping what it holds (checked on zod 4.6.7: these make `$defs`; `extend`, `pick`, `partial`, `optional` do not). */
const ZOD_COPYING_METHODS = new Set(['describe', 'meta', 'min', 'max', 'length', 'nonempty', 'refine', 'superRefine', 'check']);
/** Methods whose result is still the container they are called on. */
const ZOD_KEEPING_METHODS = new Set([...ZOD_COPYING_METHODS, 'extend', 'pick', 'omit', 'partial', 'required', 'strict', 'passthrough', 'merge', 'safeExtend']);
/** The anthropic SDK's zod helpers (`@anthropic-ai/sdk/helpers/zod`, `.../helpers/beta/zod`): an `output_config.format`, or a runnable tool. */
const ANTHROPIC_ZOD_HELPERS = new Set(['zodOutputFormat', 'betaZodOutputFormat', 'betaZodTool']);
/**
 * The fields of a runnable tool the anthropic SDK's tool runner sends (`BETA_CLIENT_TOOL_UNION_KEYS`
 * of @anthropic-ai/sdk 1.14.0, resources/beta/messages/messages.ts): the others are the tool's own.
 */
const ANTHROPIC_TOOL_KEYS = new Set(['allowed_callers', 'cache_control', 'defer_loading', 'eager_input_streaming', 'input_examples', 'strict']);
/** The openai SDK's zod helpers (`openai/helpers/zod`), which write a zod schema as a strict JSON schema. */
const ZOD_HELPERS = new Set(['zodResponseFormat', 'zodTextFormat', 'zodFunction', 'zodResponsesFunction']);
/** Operators on two numbers (`+` is also concatenation). */
const ARITHMETIC = new Set(['+', '-', '*', '/', '%', '**']);
/** Function expressions: values that are code, never prompt text. */
const SCRIPT_FUNCTIONS = new Set(['arrow_function', 'function_expression', 'function', 'generator_function', 'class']);
/** The AI SDK options that take a schema (zod or JSON schema): `Output.array`'s `element` too. */
const AI_SDK_SCHEMA_KEYS = new Set(['schema', 'inputSchema', 'parameters', 'element']);
/** How many folders up from the file zod's installed version is looked for. */
const MAX_PACKAGE_LEVELS = 12;

/** What a file imports of zod and of the SDK's zod helpers. */
interface ZodImports {
  namespaces: Set<string>;
  /** The version the import names (`zod/v4`); undefined for `zod` (the installed one) or none. */
  named: ZodVersion | undefined;
  /** Whether the namespace comes from `zod`, whose version is the installed one. */
  installed: boolean;
  /** Local name → helper name. */
  helpers: Map<string, string>;
  /** The file imports the AI SDK (`ai`, `@ai-sdk/…`): a zod schema given as a `schema`, `inputSchema`, `parameters` or `element` is sent as the AI SDK writes it. */
  aiSdk: boolean;
  /** Local names of LangChain.js's `tool` and `DynamicStructuredTool` (`@langchain/core/tools`). */
  langChainTools: Set<string>;
  /** Local names imported from the AI SDK (`tool`, `Output`, `openai` ...): what they build is no prompt text. */
  aiSdkNames: Set<string>;
  /** Local names of `zodToJsonSchema` (the `zod-to-json-schema` package). */
  zodToJsonSchema: Set<string>;
  /** Local names imported from the OpenAI Agents SDK (`Agent`, `run`, `tool` ...), each with its name there (`*` for the namespace). */
  openAiAgents: Map<string, string>;
  /** Local names imported from `@langchain/openai` (`tools`, `ChatOpenAI` ...), each with its name there (`*` for the namespace). */
  langChainOpenAi: Map<string, string>;
}

const isPlus = (node: Node) => node.type === 'binary_expression' && node.childForFieldName('operator')?.text === '+';

export class ScriptProgram extends SourceProgram {
  private zodImportsRead?: ZodImports;
  private readonly installedMajors = new Map<string, number | undefined>();
  /** The AI SDK's JSON schema of each zod schema read (by declaration), or why there is none (`reason` undefined: not zod). */
  private readonly aiSdkSchemas = new Map<string, { schema?: Record<string, unknown>; reason?: string; notes: string[] }>();

  protected evaluateExpression(node: Node): StaticValue {
    if (WRAPPERS.has(node.type)) {
      const inner = node.namedChildren.find((c) => c.type !== 'comment' && !c.type.endsWith('type') && c.type !== 'type_annotation');
      return inner ? this.evaluate(inner) : this.unknownOf(node);
    }
    switch (node.type) {
      case 'string':
        return this.stringValue(node);
      case 'template_string':
        return this.templateValue(node, false);
      case 'identifier':
        if (node.text === 'undefined') return { kind: 'scalar', value: null, range: rangeOf(node), undefined: true };
        if (node.text === '__filename') return this.ownPath(node);
        if (node.text === '__dirname') return parentPath(this.ownPath(node), rangeOf(node))!;
        return this.resolveName(node.text, node);
      case 'member_expression':
        // `import.meta.dirname`, `import.meta.filename` (Node 20.11+).
        if (node.text === 'import.meta.filename') return this.ownPath(node);
        if (node.text === 'import.meta.dirname') return parentPath(this.ownPath(node), rangeOf(node))!;
        return this.optionalChain(node) ?? this.lengthOf(node) ?? this.zodDescription(node) ?? this.tentatively(() => this.property(node)) ?? this.unknownOf(node);
      case 'subscript_expression':
        return this.optionalChain(node) ?? this.tentatively(() => this.property(node)) ?? this.unknownOf(node);
      case 'ternary_expression':
        return this.ternary(node);
      case 'new_expression':
        return this.fileUrl(node) ?? this.langChainMessage(node) ?? this.langChainToolClass(node) ?? this.unknownOf(node);
      case 'number':
        // A BigInt (`10n`) prints and adds as integers do, not as numbers do (`2n ** 64n`): not read.
        if (node.text.endsWith('n')) return this.unknownOf(node);
        return { kind: 'scalar', value: Number(node.text.replace(/_/g, '')), range: rangeOf(node) };
      case 'unary_expression': {
        const argument = node.childForFieldName('argument');
        if (node.childForFieldName('operator')?.text === '!' && argument) {
          const truth = this.tentatively(() => truthiness(this.evaluate(argument), 'script'));
          return truth === undefined ? this.unknownOf(node) : scriptBool(!truth, rangeOf(node));
        }
        if (node.childForFieldName('operator')?.text === 'typeof' && argument) {
          const type = this.tentatively(() => scriptTypeOf(this.evaluate(argument)));
          return type === undefined ? this.unknownOf(node) : spreadText(type, rangeOf(node));
        }
        return signedNumber(node.childForFieldName('operator')?.text, argument, (n) => this.evaluate(n)) ?? this.unknownOf(node);
      }
      case 'undefined':
        return { kind: 'scalar', value: null, range: rangeOf(node), undefined: true };
      case 'true':
      case 'false':
        return { kind: 'scalar', value: node.type === 'true', range: rangeOf(node) };
      case 'null':
        return { kind: 'scalar', value: null, range: rangeOf(node) };
      case 'array':
        return { kind: 'list', items: this.listItems(node.namedChildren, (n) => this.spreadOperand(n)), range: rangeOf(node) };
      case 'object':
        return this.objectValue(node);
      case 'binary_expression':
        return this.binary(node);
      case 'call_expression':
        return this.call(node);
      default:
        return this.unknownOf(node);
    }
  }


  protected isFunction(node: Node): boolean {
    return FUNCTION_TYPES.has(node.type);
  }

  protected parameterNames(fn: Node): string[] {
    const single = fn.childForFieldName('parameter');
    if (single) return [single.text];
    const parameters = fn.childForFieldName('parameters');
    if (!parameters) return [];
    const names: string[] = [];
    const visit = (node: Node) => {
      if (node.type === 'identifier' || node.type === 'shorthand_property_identifier_pattern') names.push(node.text);
      else if (node.type !== 'type_annotation') for (const child of node.namedChildren) visit(child);
    };
    for (const parameter of parameters.namedChildren) visit(parameter.childForFieldName('pattern') ?? parameter);
    return names;
  }

  protected parameterList(fn: Node): Parameter[] {
    const single = fn.childForFieldName('parameter');
    if (single) return [{ name: single.text, defaultValue: null, rest: false }];
    const parameters = fn.childForFieldName('parameters');
    if (!parameters) return [];
    return parameters.namedChildren.flatMap((p): Parameter[] => {
      if (p.type === 'comment') return [];
      const pattern = p.childForFieldName('pattern') ?? p.childForFieldName('left') ?? p;
      const defaultValue = p.childForFieldName('value') ?? p.childForFieldName('right');
      // A destructured parameter has no one name: its parts stay unknown.
      return [{ name: pattern.type === 'identifier' ? pattern.text : '', defaultValue, rest: pattern.type === 'rest_pattern' }];
    });
  }

  protected spreadOperand(node: Node): Node | null {
    return node.type === 'spread_element' ? (node.namedChildren[0] ?? null) : null;
  }

  protected collect(statement: Node, table: ScopeTable): Node[] {
    if (COMPOUND.has(statement.type)) {
      const declaration = statement.type === 'export_statement' ? statement.childForFieldName('declaration') : null;
      return declaration ? [declaration] : statement.namedChildren;
    }
    const add = (name: string, start: number, op: 'assign' | 'append' | 'push', value: Node | null, at: Node) => {
      const list = table.bindings.get(name) ?? [];
      list.push({ name, start, op, value, at });
      table.bindings.set(name, list);
    };
    if (statement.type === 'lexical_declaration' || statement.type === 'variable_declaration') {
      for (const declarator of statement.namedChildren) {
        if (declarator.type !== 'variable_declarator') continue;
        const name = declarator.childForFieldName('name');
        if (name?.type === 'identifier') add(name.text, declarator.startIndex, 'assign', declarator.childForFieldName('value'), declarator);
      }
      return [];
    }
    if (statement.type === 'expression_statement') {
      const inner = statement.namedChildren[0];
      // `messages.push(a, b)` adds its arguments.
      const fn = inner?.type === 'call_expression' ? inner.childForFieldName('function') : null;
      const target = fn?.type === 'member_expression' ? fn.childForFieldName('object') : null;
      const args = inner?.childForFieldName('arguments');
      if (target?.type === 'identifier' && fn?.childForFieldName('property')?.text === 'push' && args) {
        add(target.text, inner.startIndex, 'push', args, inner);
        return [];
      }
      const left = inner?.childForFieldName('left');
      if (left?.type !== 'identifier') return [];
      if (inner.type === 'assignment_expression') {
        const right = inner.childForFieldName('right');
        // `p = p + more` adds to `p` as `p += more` does.
        const added = selfAppended(left.text, right, 'binary_expression');
        if (added) for (const value of added) add(left.text, inner.startIndex, 'append', value, inner);
        else add(left.text, inner.startIndex, 'assign', right, inner);
      } else if (inner.type === 'augmented_assignment_expression' && inner.childForFieldName('operator')?.text === '+=') {
        add(left.text, inner.startIndex, 'append', inner.childForFieldName('right'), inner);
      }
      return [];
    }
    if (statement.type === 'import_statement') {
      const module = statement.childForFieldName('source');
      const named = statement.descendantsOfType('import_specifier');
      const path = module ? module.text.slice(1, -1) : '';
      // A package's names are bound too: only the running program knows them, but as of when the
      // module loads, the same on every request.
      for (const specifier of named) {
        if (!specifier) continue;
        const imported = specifier.childForFieldName('name')?.text;
        const local = specifier.childForFieldName('alias')?.text ?? imported;
        if (imported && local) table.imports.set(local, { local, imported, module: path });
      }
    }
    return [];
  }

  protected importCandidates(module: string, fromDir: string): string[] {
    // A package (`openai`, `@openai/agents-core/extensions`) is no workspace file.
    if (!module.startsWith('.')) return [];
    const base = join(fromDir, module);
    const ext = extname(base);
    // `./prompts.js` in TypeScript source names `./prompts.ts`.
    const stem = SCRIPT_EXTENSIONS.includes(ext) ? base.slice(0, -ext.length) : base;
    return [
      ...(SCRIPT_EXTENSIONS.includes(ext) ? [base] : []),
      ...SCRIPT_EXTENSIONS.map((e) => stem + e),
      ...SCRIPT_EXTENSIONS.map((e) => join(stem, `index${e}`)),
    ];
  }

  protected open(options: ProgramOptions): SourceProgram {
    return new ScriptProgram(options);
  }

  protected append(left: StaticValue, right: StaticValue, at: Node): StaticValue {
    if (left.kind === 'list' && right.kind === 'list') return { kind: 'list', items: [...left.items, ...right.items], range: left.range };
    return concatTexts([asText(left, this.source), asText(right, this.source)], rangeOf(at));
  }

  /** JavaScript turns any value into text where `+` meets a string (`scriptText`). */
  protected textOperand(value: StaticValue, at: Node | SourceRange): StaticText {
    const budget = printBudget();
    const written = scriptText(value, this.source, budget);
    if (written) return written;
    // An array whose text would pass the limit: not a prompt to count, and said so.
    if (budget.overLimit) this.notes.add('size');
    // An array or object only the running program knows in full, but the same on every request.
    if ((value.kind === 'list' || value.kind === 'object') && isConstant(value) && 'type' in at) return asText(this.derivedConstant(at), this.source);
    return this.unknownAt(at);
  }

  protected remembers(type: string): boolean {
    return REMEMBERED.has(type);
  }

  protected addsIntegersOnly(): boolean {
    return false;
  }

  /** The zod namespaces and SDK helpers the file imports, read once. */
  private zodImports(): ZodImports {
    if (this.zodImportsRead) return this.zodImportsRead;
    const found: ZodImports = { namespaces: new Set(), named: undefined, installed: false, helpers: new Map(), aiSdk: false, langChainTools: new Set(), aiSdkNames: new Set(), zodToJsonSchema: new Set(), openAiAgents: new Map(), langChainOpenAi: new Map() };
    const add = (module: string, whole: string[], named: [imported: string, local: string][]) => {
      if (module === 'ai' || module.startsWith('@ai-sdk/')) {
        found.aiSdk = true;
        for (const local of [...whole, ...named.map(([, name]) => name)]) found.aiSdkNames.add(local);
      }
      if (OPENAI_AGENTS_MODULES.has(module)) {
        for (const local of whole) found.openAiAgents.set(local, '*');
        for (const [imported, local] of named) found.openAiAgents.set(local, imported);
      }
      if (module === 'zod-to-json-schema') {
        for (const local of [...whole, ...named.filter(([imported]) => imported === 'zodToJsonSchema' || imported === 'default').map(([, name]) => name)]) {
          found.zodToJsonSchema.add(local);
        }
      }
      if (module === '@langchain/openai') {
        for (const local of whole) found.langChainOpenAi.set(local, '*');
        for (const [imported, local] of named) found.langChainOpenAi.set(local, imported);
      }
      if (module === '@langchain/core/tools') {
        for (const [imported, local] of named) if (imported === 'tool' || imported === 'DynamicStructuredTool') found.langChainTools.add(local);
      }
      if (module === 'openai/helpers/zod') {
        for (const [imported, local] of named) if (ZOD_HELPERS.has(imported)) found.helpers.set(local, imported);
        return;
      }
      if (module === '@anthropic-ai/sdk/helpers/zod' || module === '@anthropic-ai/sdk/helpers/beta/zod') {
        for (const [imported, local] of named) if (ANTHROPIC_ZOD_HELPERS.has(imported)) found.helpers.set(local, imported);
        return;
      }
      if (module === '@anthropic-ai/sdk/helpers/beta/json-schema') {
        for (const [imported, local] of named) if (imported === 'betaTool') found.helpers.set(local, imported);
        return;
      }
      const version = ZOD_MODULES.get(module);
      const locals = [...whole, ...named.filter(([imported]) => imported === 'z').map(([, local]) => local)];
      if (version === undefined || locals.length === 0) return;
      for (const local of locals) found.namespaces.add(local);
      if (version === 'installed') found.installed = true;
      else found.named = version;
    };
    for (const statement of this.tree.rootNode.namedChildren) {
      if (statement.type === 'import_statement') {
        // `import { z } from "zod"`, `import * as z from "zod"`, `import z from "zod"`.
        const source = statement.childForFieldName('source');
        const module = source?.type === 'string' ? this.stringValue(source).text : undefined;
        const clause = statement.namedChildren.find((c) => c.type === 'import_clause');
        if (!module || !clause) continue;
        const whole: string[] = [];
        const named: [string, string][] = [];
        for (const child of clause.namedChildren) {
          if (child.type === 'identifier') whole.push(child.text);
          else if (child.type === 'namespace_import') whole.push(...child.namedChildren.filter((n) => n.type === 'identifier').map((n) => n.text));
          else if (child.type === 'named_imports') {
            for (const specifier of child.namedChildren) {
              const name = specifier.type === 'import_specifier' ? specifier.childForFieldName('name')?.text : undefined;
              if (name) named.push([name, specifier.childForFieldName('alias')?.text ?? name]);
            }
          }
        }
        add(module, whole, named);
      } else if (statement.type === 'lexical_declaration' || statement.type === 'variable_declaration') {
        // `const { z } = require("zod")`, `const z = require("zod")`.
        for (const declarator of statement.namedChildren) {
          const value = declarator.type === 'variable_declarator' ? declarator.childForFieldName('value') : null;
          const args = value?.type === 'call_expression' && value.childForFieldName('function')?.text === 'require' ? value.childForFieldName('arguments')?.namedChildren : undefined;
          const module = args?.length === 1 && args[0].type === 'string' ? this.stringValue(args[0]).text : undefined;
          const pattern = declarator.childForFieldName('name');
          if (!module || !pattern) continue;
          if (pattern.type === 'identifier') add(module, [pattern.text], []);
          else if (pattern.type === 'object_pattern') {
            const named: [string, string][] = [];
            for (const part of pattern.namedChildren) {
              if (part.type === 'shorthand_property_identifier_pattern') named.push([part.text, part.text]);
              else if (part.type === 'pair_pattern') {
                const key = part.childForFieldName('key')?.text;
                const local = part.childForFieldName('value');
                if (key && local?.type === 'identifier') named.push([key, local.text]);
              }
            }
            add(module, [], named);
          }
        }
      }
    }
    this.zodImportsRead = found;
    return found;
  }

  /**
   * The major version of the zod the file's package uses: `node_modules/zod/package.json`, else a
   * package.json naming zod among its dependencies, in the file's folder or the nearest above it.
   */
  private installedZodVersion(): ZodVersion | undefined {
    const major = this.installedMajor('zod');
    return major === 3 || major === 4 ? major : undefined;
  }

  /**
   * The major version of the AI SDK (`ai`) the file's package uses, found as zod's is; undefined
   * when no package.json or installed copy names it.
   */
  aiSdkMajor(): number | undefined {
    return this.installedMajor('ai');
  }

  /** The major version of package `name` installed for, or named by, the file's package (read once per package). */
  private installedMajor(name: string): number | undefined {
    if (this.installedMajors.has(name)) return this.installedMajors.get(name);
    let found: number | undefined;
    let folder = dirname(resolve(this.fileName));
    for (let level = 0; this.readFile && level < MAX_PACKAGE_LEVELS && found === undefined; level++) {
      const installed = this.readFile(join(folder, 'node_modules', name, 'package.json'));
      found = installed !== undefined ? packageMajorOf(installed, name, true) : undefined;
      const manifest = found === undefined ? this.readFile(join(folder, 'package.json')) : undefined;
      if (manifest !== undefined) found = packageMajorOf(manifest, name, false);
      const parent = dirname(folder);
      if (parent === folder) break;
      folder = parent;
    }
    this.installedMajors.set(name, found);
    return found;
  }

  /**
   * The zod version a schema expression is written with: this file's, or, in a file that does not
   * import zod, the version of the module that declares the schema it names.
   */
  private zodVersionFor(schema: Node): ZodVersion | undefined {
    const own = this.zodImports();
    if (own.namespaces.size > 0 || schema.type !== 'identifier') return this.zodVersion();
    const found = this.declarationOf(schema.text, schema);
    return found && found.program !== this && found.program instanceof ScriptProgram ? found.program.zodVersionFor(found.node) : undefined;
  }

  /** The zod version this file's namespaces give: the one its import names, else the installed one. */
  private zodVersion(): ZodVersion | undefined {
    const imports = this.zodImports();
    return imports.named ?? (imports.installed ? this.installedZodVersion() : undefined);
  }

  /** What zodSchema.ts needs of this file: its zod namespaces, its names, its values. */
  private zodContext(): ZodContext {
    return {
      namespaces: this.zodImports().namespaces,
      assigned: (name, use) => {
        const found = this.declarationOf(name, use);
        if (!found || !found.node) return undefined;
        const program = found.program;
        if (!(program instanceof ScriptProgram)) return undefined;
        const theirs = program.zodImports();
        const ours = this.zodImports();
        if (program !== this && theirs.namespaces.size > 0 && ours.namespaces.size > 0 && program.zodVersion() !== this.zodVersion()) {
          throw new ZodUnsupported(`\`${name}\` comes from a module that imports another version of zod`);
        }
        return { node: found.node, context: program === this ? this.zodContext() : program.zodContext() };
      },
      evaluate: (n) => this.evaluate(n),
    };
  }

  /**
   * A function, a zod schema (`z.object(...)`, `z.string().describe(...)`) or what an AI SDK helper
   * builds (`tool({...})`, `Output.object(...)`, `openai('gpt-4o')`), or a built-in tool of
   * @langchain/openai's `tools` (`tools.webSearch()`), is never prompt text.
   */
  protected override isNeverText(node: Node): boolean {
    if (SCRIPT_FUNCTIONS.has(node.type)) return true;
    if (node.type !== 'call_expression' && node.type !== 'member_expression') return false;
    const root = this.chainRoot(node);
    if (root?.type !== 'identifier') return false;
    const imports = this.zodImports();
    return imports.namespaces.has(root.text) || imports.aiSdkNames.has(root.text) || imports.openAiAgents.has(root.text) || imports.langChainOpenAi.get(root.text) === 'tools';
  }

  /** The names this file imports from `@langchain/openai`: local name → name in the package (`*` for the namespace). */
  langChainOpenAiImports(): ReadonlyMap<string, string> {
    return this.zodImports().langChainOpenAi;
  }

  /** The names this file imports from the OpenAI Agents SDK: local name → name in the package (`*` for the namespace). */
  openAiAgentsImports(): ReadonlyMap<string, string> {
    return this.zodImports().openAiAgents;
  }

  /**
   * A zod schema given to the OpenAI Agents SDK (a tool's `parameters`, an agent's `outputType`) as
   * the SDK sends it (zodSchema.ts `agentsZodSchema`); `notZod` when the value is no zod schema (a
   * JSON schema written out), else why it is not written.
   */
  agentsSchema(node: Node, use: 'tool' | 'output'): AgentsSchema | { reason: string; notZod: boolean } {
    const notes = new Set<string>();
    try {
      const written = agentsZodSchema(use, node, this.zodContext(), this.zodVersionFor(node), notes);
      for (const note of notes) this.reasons.add(note);
      return written;
    } catch (error) {
      if (!(error instanceof ZodUnsupported)) throw error;
      return { reason: error.message, notZod: error instanceof NotZod };
    }
  }

  /**
   * The text of `file` in package `name` as installed for this file's package (the nearest
   * node_modules up from the file), and the version range the nearest package.json naming it gives;
   * each undefined when none is found.
   */
  packageFiles(name: string, file: string): { installed?: string; declared?: string } {
    let folder = dirname(resolve(this.fileName));
    const found: { installed?: string; declared?: string } = {};
    for (let level = 0; this.readFile && level < MAX_PACKAGE_LEVELS; level++) {
      found.installed ??= this.readFile(join(folder, 'node_modules', name, file));
      if (found.declared === undefined) {
        const manifest = this.readFile(join(folder, 'package.json'));
        found.declared = manifest === undefined ? undefined : dependencyRange(manifest, name);
      }
      if (found.installed !== undefined && found.declared !== undefined) break;
      const parent = dirname(folder);
      if (parent === folder) break;
      folder = parent;
    }
    return found;
  }

  /** Whether the file imports the AI SDK (`ai`, `@ai-sdk/…`). */
  importsAiSdk(): boolean {
    return this.zodImports().aiSdk;
  }

  /**
   * In a file that calls the AI SDK, a zod schema given as an option the SDK turns into JSON schema
   * (`schema` of `generateObject` / `Output.object`, `inputSchema` / `parameters` of `tool`): the
   * JSON schema it sends. Undefined when the value is not a zod schema (a JSON schema written out);
   * a zod schema not modelled is unknown, with why.
   */
  private aiSdkSchema(key: string, node: Node): StaticValue | undefined {
    if (!AI_SDK_SCHEMA_KEYS.has(key) || node.type === 'object' || !this.zodImports().aiSdk) return undefined;
    // A schema declared once and given to many calls is written once.
    const declared = node.type === 'identifier' || node.type === 'shorthand_property_identifier' ? this.declarationOf(node.text, node) : undefined;
    const at = declared?.node ? { file: declared.program.fileName, node: declared.node } : { file: this.fileName, node };
    const cacheKey = `${at.file}#${at.node.startIndex}-${at.node.endIndex}`;
    let written = this.aiSdkSchemas.get(cacheKey);
    if (!written) {
      const notes = new Set<string>();
      try {
        written = { schema: sentZodSchema('ai-sdk', node, this.zodContext(), this.zodVersionFor(node), notes), notes: [...notes] };
      } catch (error) {
        if (!(error instanceof ZodUnsupported)) throw error;
        written = { reason: error instanceof NotZod ? undefined : error.message, notes: [] };
      }
      // A schema read past the reading's limits is cut short for this call only.
      if (!this.notes.has('budget') && !this.notes.has('built') && !this.notes.has('nesting')) this.aiSdkSchemas.set(cacheKey, written);
    }
    for (const note of written.notes) this.reasons.add(note);
    if (written.schema) return staticOfJson(written.schema, rangeOf(node));
    if (written.reason === undefined) return undefined;
    return { kind: 'unknown', expression: node.text, range: rangeOf(node), perRequest: false, unwritten: `the zod schema \`${node.text.length > 40 ? `${node.text.slice(0, 40)}…` : node.text}\` is not written here: ${written.reason}` };
  }

  /**
   * `zodToJsonSchema(Schema)` (the `zod-to-json-schema` package, for zod 3 schemas): the draft-7
   * schema it writes, as the AI SDK's zod 3 path writes it. Options (a name, `definitions`) and zod 4
   * schemas, which the package does not read, leave it unknown with why.
   */
  private zodToJsonSchemaValue(args: Node[], node: Node): StaticValue {
    const range = rangeOf(node);
    const unwritten = (why: string): StaticValue => ({ kind: 'unknown', expression: node.text, range, perRequest: false, call: { callee: 'zodToJsonSchema', args: [] }, unwritten: why });
    if (args.length !== 1) return unwritten('`zodToJsonSchema` with options is not modelled here');
    if (this.zodVersionFor(args[0]) === 4) return unwritten('`zodToJsonSchema` does not read zod 4 schemas');
    try {
      return staticOfJson(sentZodSchema('ai-sdk', args[0], this.zodContext(), 3), range);
    } catch (error) {
      if (!(error instanceof ZodUnsupported)) throw error;
      return unwritten(error.message);
    }
  }

  /** `Schema.description`: the description a zod schema was given with `.describe(...)`. */
  private zodDescription(node: Node): StaticValue | undefined {
    const object = node.childForFieldName('object');
    if (node.childForFieldName('property')?.text !== 'description' || !object || this.zodImports().namespaces.size + this.zodImports().zodToJsonSchema.size === 0) return undefined;
    try {
      const schema = sentZodSchema('ai-sdk', object, this.zodContext(), this.zodVersionFor(object) ?? 3);
      return typeof schema.description === 'string' ? spreadText(schema.description, rangeOf(node)) : undefined;
    } catch (error) {
      if (!(error instanceof ZodUnsupported)) throw error;
      return undefined;
    }
  }

  /**
   * A zod schema given to LangChain.js's `withStructuredOutput`, as @langchain/openai writes it: for
   * a `json_schema` response format (`format`, named `name`: see `langChainFormatZodSchema`) or as a
   * tool's parameters (`toJsonSchema`, as for `tool(fn, { schema })`). `notZod` when the expression
   * is no zod schema (a JSON schema written out); a string says why a zod schema is not written.
   */
  langChainZodSchema(node: Node, use: 'format' | 'parameters', name: string): Record<string, unknown> | { notZod: true } | string {
    try {
      const notes = new Set<string>();
      const context = this.zodContext();
      const version = this.zodVersionFor(node);
      const schema = use === 'format' ? langChainFormatZodSchema(node, name, context, version, notes) : sentZodSchema('langchain', node, context, version, notes);
      for (const note of notes) this.reasons.add(note);
      return schema;
    } catch (error) {
      if (error instanceof NotZod) return { notZod: true };
      if (error instanceof ZodUnsupported) return error.message;
      throw error;
    }
  }

  /** `new DynamicStructuredTool({ name, description, schema, func })`: the same tool as `tool(func, {...})`. */
  private langChainToolClass(node: Node): StaticValue | undefined {
    const constructor = node.childForFieldName('constructor');
    if (constructor?.type !== 'identifier' || !this.zodImports().langChainTools.has(constructor.text)) return undefined;
    const args = node.childForFieldName('arguments')?.namedChildren.filter((a) => a.type !== 'comment') ?? [];
    return args.length === 1 ? this.langChainToolValue(args[0], node) : undefined;
  }

  /**
   * LangChain.js's `tool(fn, { name, description, schema })` as the OpenAI function tool its chat
   * models send: `{ type: "function", function: { name, description, parameters } }`, the zod
   * schema written as `toJsonSchema` writes it; the description defaults to the schema's, then to
   * "<name> tool". A tool not written here is unknown, with why.
   */
  private langChainToolValue(fields: Node, node: Node): StaticValue {
    const range = rangeOf(node);
    try {
      const options = fields.type === 'object' ? fields : undefined;
      const nameNode = options ? optionNode(options, 'name') : undefined;
      const schemaNode = options ? optionNode(options, 'schema') : undefined;
      const descriptionNode = options ? optionNode(options, 'description') : undefined;
      const valueOf = (n: Node) => (n.type === 'shorthand_property_identifier' ? this.resolveName(n.text, n) : this.evaluate(n));
      const name = nameNode ? knownString(valueOf(nameNode)) : undefined;
      const stated = descriptionNode ? knownString(valueOf(descriptionNode)) : undefined;
      if (name === undefined || !schemaNode || (descriptionNode && stated === undefined)) {
        throw new ZodUnsupported('its name, schema or description are not written in its call');
      }
      const notes = new Set<string>();
      const parameters = sentZodSchema('langchain', schemaNode, this.zodContext(), this.zodVersionFor(schemaNode), notes);
      for (const note of notes) this.reasons.add(note);
      const fromSchema = typeof parameters.description === 'string' ? parameters.description : undefined;
      const description = stated ?? fromSchema ?? `${name} tool`;
      return staticOfJson({ type: 'function', function: { name, description, parameters } }, range);
    } catch (error) {
      if (!(error instanceof ZodUnsupported)) throw error;
      return { kind: 'unknown', expression: node.text, range, perRequest: false, call: { callee: 'tool', args: [] }, unwritten: error.message };
    }
  }

  /**
   * The value an openai zod helper returns, as the SDK writes it: `zodResponseFormat(S, name,
   * { description })` → `{ type: "json_schema", json_schema: { description, name, strict: true, schema } }`;
   * `zodTextFormat(S, name, { description })` → `{ type: "json_schema", description, name, strict:
   * true, schema }`; `zodFunction({ name, parameters, description })` → `{ type: "function",
   * function: { name, parameters, strict: true, description } }`; `zodResponsesFunction` the same
   * without `function`. A schema not written here leaves the call as written, with why: its
   * arguments are schemas, not values to read.
   */
  private zodHelperValue(helper: string, args: Node[], node: Node): StaticValue {
    const range = rangeOf(node);
    try {
      const context = this.zodContext();
      const notes = new Set<string>();
      const schemaOf = (at: Node) => {
        const schema = zodJsonSchema(at, context, this.zodVersionFor(at), notes);
        for (const note of notes) this.reasons.add(note);
        return schema;
      };
      if (helper === 'betaZodTool' || helper === 'betaTool') return this.anthropicRunnableTool(helper, args, node, notes);
      if (ANTHROPIC_ZOD_HELPERS.has(helper)) {
        // `{ type: "json_schema", schema: transformJSONSchema(z.toJSONSchema(S, { reused: "ref" })) }`
        // (@anthropic-ai/sdk 1.14.0's helpers/zod.ts); `parse` is a function the body leaves out.
        if (args.length !== 1) throw new ZodUnsupported('it takes the schema alone');
        if (this.zodVersionFor(args[0]) === 3) throw new ZodUnsupported("the anthropic SDK's helper writes the schema with zod 4's `toJSONSchema`, which refuses a zod 3 schema");
        const raw = sentZodSchema('langchain', args[0], context, 4, notes);
        for (const note of notes) this.reasons.add(note);
        if (this.zodSharesParts(args[0], new Set())) this.reasons.add(ANTHROPIC_ZOD_REFS);
        const schema = anthropicScriptTransformedSchema(raw);
        if (!schema) throw new ZodUnsupported('the anthropic SDK refuses a part of it that has no type');
        return staticOfJson({ type: 'json_schema', schema }, range);
      }
      if (helper === 'zodResponseFormat' || helper === 'zodTextFormat') {
        const name = args[1] ? knownString(this.evaluate(args[1])) : undefined;
        if (!args[0] || name === undefined || args.length > 3) throw new ZodUnsupported('its name is not known text');
        const props = args[2] ? this.evaluate(args[2]) : undefined;
        if (props && (props.kind !== 'object' || props.entries.some((e) => e.key !== 'description'))) {
          throw new ZodUnsupported(`only a \`description\` is read from its options (\`${args[2].text.slice(0, 40)}\`)`);
        }
        const description = props ? knownString(entryOf(props, 'description')) : undefined;
        if (props && entryOf(props, 'description') && description === undefined) throw new ZodUnsupported('its description is not known text');
        const schema = schemaOf(args[0]);
        const head = description !== undefined ? { description } : {};
        const value =
          helper === 'zodResponseFormat'
            ? { type: 'json_schema', json_schema: { ...head, name, strict: true, schema } }
            : { type: 'json_schema', ...head, name, strict: true, schema };
        return staticOfJson(value, range);
      }
      const options = args.length === 1 && args[0].type === 'object' ? args[0] : undefined;
      // Only the name and the description are evaluated: the schema is read, not computed.
      const nameNode = options ? optionNode(options, 'name') : undefined;
      const descriptionNode = options ? optionNode(options, 'description') : undefined;
      const valueOf = (n: Node) => (n.type === 'shorthand_property_identifier' ? this.resolveName(n.text, n) : this.evaluate(n));
      const name = nameNode ? knownString(valueOf(nameNode)) : undefined;
      const describedAs = descriptionNode ? valueOf(descriptionNode) : undefined;
      const description = knownString(describedAs);
      const parameters = options ? optionNode(options, 'parameters') : undefined;
      if (name === undefined || !parameters || (describedAs && description === undefined)) {
        throw new ZodUnsupported('its name, parameters or description are not written in its call');
      }
      const schema = schemaOf(parameters);
      const tail = description ? { description } : {};
      const value =
        helper === 'zodFunction'
          ? { type: 'function', function: { name, parameters: schema, strict: true, ...tail } }
          : { type: 'function', name, parameters: schema, strict: true, ...tail };
      const made = staticOfJson(value, range);
      return made.kind === 'object' && helper === 'zodFunction' ? { ...made, autoParseable: true } : made;
    } catch (error) {
      if (!(error instanceof ZodUnsupported)) throw error;
      return { kind: 'unknown', expression: node.text, range, perRequest: false, call: { callee: node.childForFieldName('function')?.text ?? helper, args: [] }, unwritten: error.message };
    }
  }

  /**
   * A runnable tool of the anthropic SDK (`betaZodTool` of `helpers/beta/zod`, `betaTool` of
   * `helpers/beta/json-schema`), as its tool runner sends it (@anthropic-ai/sdk 1.14.0, checked
   * through a stand-in fetch): the tool's API fields given, then `type: "custom"`, `name`,
   * `input_schema` (`z.toJSONSchema(S, { reused: "ref" })`, or the JSON schema as written) and
   * `description`; `run` and the tool's other fields stay in the program.
   */
  private anthropicRunnableTool(helper: string, args: Node[], node: Node, notes: Set<string>): StaticValue {
    const options = args.length === 1 && args[0].type === 'object' ? args[0] : undefined;
    const schemaNode = options ? optionNode(options, 'inputSchema') : undefined;
    if (!options || !schemaNode) throw new ZodUnsupported('its options are not written in its call');
    const range = rangeOf(node);
    const valueOf = (n: Node) => (n.type === 'shorthand_property_identifier' ? this.resolveName(n.text, n) : this.evaluate(n));
    const fields: StaticEntry[] = [];
    for (const key of ANTHROPIC_TOOL_KEYS) {
      const at = optionNode(options, key);
      if (at) fields.push({ key, value: valueOf(at) });
    }
    let inputSchema: StaticValue;
    if (helper === 'betaZodTool') {
      if (this.zodVersionFor(schemaNode) === 3) throw new ZodUnsupported("the anthropic SDK's helper writes the schema with zod 4's `toJSONSchema`, which refuses a zod 3 schema");
      inputSchema = staticOfJson(sentZodSchema('langchain', schemaNode, this.zodContext(), 4, notes), rangeOf(schemaNode));
      for (const note of notes) this.reasons.add(note);
      if (this.zodSharesParts(schemaNode, new Set())) this.reasons.add(ANTHROPIC_ZOD_REFS);
    } else {
      inputSchema = valueOf(schemaNode);
    }
    const named = (key: string): StaticEntry[] => {
      const at = optionNode(options, key);
      return at ? [{ key, value: valueOf(at) }] : [];
    };
    const entries = [...fields, { key: 'type', value: spreadText('custom', range) }, ...named('name'), { key: 'input_schema', value: inputSchema }, ...named('description')];
    return { kind: 'object', entries, range };
  }

  private stringValue(node: Node): StaticText {
    const builder = new TextBuilder(rangeOf(node));
    decodeLiteral(this.source, node.startIndex + 1, node.endIndex - 1, builder, { language: 'script' });
    return builder.build();
  }

  /** A template literal: its text, each `${…}` filled when known and a placeholder otherwise. */
  private templateValue(node: Node, raw: boolean): StaticText {
    const builder = new TextBuilder(rangeOf(node));
    let cursor = node.startIndex + 1;
    for (const child of node.namedChildren) {
      if (child.type !== 'template_substitution') continue;
      decodeLiteral(this.source, cursor, child.startIndex, builder, { language: 'script', raw });
      const expression = child.namedChildren[0];
      const value = expression ? this.evaluate(expression) : this.unknownOf(child);
      // `${value}` writes it as `String(value)` does: an array's items with commas, an object as `[object Object]`.
      const budget = printBudget();
      const written = value.kind === 'unknown' ? undefined : scriptText(value, this.source, budget);
      // An array whose text would pass the limit: not a prompt to count, and said so.
      if (budget.overLimit) this.notes.add('size');
      if (written) builder.append(written);
      // Only the running program knows it in full, but it is the same on every request.
      else if ((value.kind === 'list' || value.kind === 'object') && isConstant(value)) builder.append(asText(this.derivedConstant(expression ?? child), this.source, rangeOf(child)));
      else {
        const shown = value.kind === 'unknown' ? value : { ...this.unknownOf(child, expression?.text ?? child.text), perRequest: false };
        builder.append(asText(shown, this.source, rangeOf(child)));
      }
      cursor = child.endIndex;
    }
    decodeLiteral(this.source, cursor, node.endIndex - 1, builder, { language: 'script', raw });
    return builder.build();
  }

  /**
   * `condition ? a : b`: the branch the condition picks when the condition is known (JavaScript's
   * truth: "" , 0, NaN, null and undefined are false, every array and object true), and only that
   * branch is read; a condition only the running program decides leaves the whole expression to it.
   */
  private ternary(node: Node): StaticValue {
    const [condition, consequence, alternative] = ['condition', 'consequence', 'alternative'].map((f) => node.childForFieldName(f));
    if (!condition || !consequence || !alternative) return this.unknownOf(node);
    const truth = this.tentatively(() => truthiness(this.evaluate(condition), 'script'));
    if (truth === undefined) return this.unknownOf(node);
    return this.evaluate(truth ? consequence : alternative);
  }

  /**
   * An optional chain (`a?.b.c`, `a?.[i]`, `s?.trim()`): undefined, the whole chain, when the value
   * left of a `?.` in it is null or undefined; unknown when that value is not known; otherwise
   * undefined here (the chain reads on as a plain one). Parentheses end a chain.
   */
  private optionalChain(node: Node): StaticValue | undefined {
    if (!this.hasOptionalLink(node)) return undefined;
    const links: Node[] = [];
    for (let link: Node | null = node; link && CHAIN_LINKS.has(link.type); link = link.type === 'call_expression' ? link.childForFieldName('function') : link.childForFieldName('object')) {
      if (link.children.some((c) => c.type === 'optional_chain')) links.push(link);
    }
    // Innermost first: a `?.` further in decides before the ones around it.
    for (const link of links.reverse()) {
      const left = link.type === 'call_expression' ? link.childForFieldName('function') : link.childForFieldName('object');
      const value = left ? this.evaluate(left) : undefined;
      if (!value || value.kind === 'unknown') return this.unknownOf(node);
      if (value.kind === 'scalar' && value.value === null) return { kind: 'scalar', value: null, range: rangeOf(node), undefined: true };
    }
    return undefined;
  }

  /** What the chain of calls and members a node ends starts with (`z` of `z.string().describe(...)`), by node. */
  private readonly chainRoots = new Map<number, Node | null>();

  /**
   * What the chain of calls and members `node` ends starts with: null when a link has no callee or
   * object. Each link of a chain asks: told once for each, a chain of thousands is not walked again
   * at every link (a 500-link chain at module level took 20 s).
   */
  private chainRoot(node: Node): Node | null {
    const walked: number[] = [];
    let root: Node | null = node;
    while (root && (root.type === 'call_expression' || root.type === 'member_expression')) {
      const known = this.chainRoots.get(root.id);
      if (known !== undefined) {
        root = known;
        break;
      }
      walked.push(root.id);
      root = root.type === 'call_expression' ? root.childForFieldName('function') : root.childForFieldName('object');
    }
    for (const id of walked) this.chainRoots.set(id, root);
    return root;
  }

  /** Whether a `?.` is written in the chain of calls and members a node ends, by node. */
  private readonly optionalLinks = new Map<number, boolean>();

  /**
   * Whether a `?.` is written in the chain of calls and members `node` ends (`a?.b.c()`). Each link
   * of a chain asks: told once for each, a chain of thousands (`s.trim().trim()...`) is not walked
   * again at every link (a 500-link chain took a minute).
   */
  private hasOptionalLink(node: Node): boolean {
    const walked: Node[] = [];
    let found = false;
    for (let link: Node | null = node; link && CHAIN_LINKS.has(link.type); link = link.type === 'call_expression' ? link.childForFieldName('function') : link.childForFieldName('object')) {
      const known = this.optionalLinks.get(link.id);
      if (known !== undefined) {
        found = known;
        break;
      }
      walked.push(link);
    }
    // From the innermost out: a link has one when it, or a link inside it, does.
    for (let i = walked.length - 1; i >= 0; i--) {
      found ||= walked[i].children.some((c) => c.type === 'optional_chain');
      this.optionalLinks.set(walked[i].id, found);
    }
    return found;
  }

  /** `value.key` / `value[key]` of a known string, array or object (scriptValues.ts `scriptMember`). */
  private property(node: Node): StaticValue | undefined {
    const object = node.childForFieldName('object');
    const keyNode = node.type === 'subscript_expression' ? node.childForFieldName('index') : node.childForFieldName('property');
    // `x as unknown as A.B` is parsed as a property `B` of `x as unknown as A`: a type, not a value, follows an unbracketed `as`.
    if (!object || !keyNode || object.type === 'as_expression' || object.type === 'satisfies_expression') return undefined;
    const value = this.evaluate(object);
    const key = node.type === 'subscript_expression' ? primitiveOf(this.evaluate(keyNode)) : keyNode.type === 'property_identifier' ? { value: keyNode.text } : undefined;
    if (!key) return undefined;
    // An AI SDK schema option is read as the JSON schema the SDK sends, not as the zod object the program holds.
    if (value.kind === 'object' && this.zodImports().aiSdk && AI_SDK_SCHEMA_KEYS.has(String(key.value))) return undefined;
    return scriptMember(value, key.value, rangeOf(node));
  }

  /**
   * `slice`, `substring`, `at`, `charAt`, `split`, `includes`, `startsWith` and `endsWith` of a
   * known string or array, with known primitive arguments, and `filter` of a known array with a
   * callback returning one expression (or `Boolean`) that is known for every item.
   */
  private selection(method: string, target: Node, args: readonly Node[], node: Node): StaticValue | undefined {
    const range = rangeOf(node);
    const subject = this.evaluate(target);
    if (method === 'filter') return args.length === 1 && subject.kind === 'list' ? this.filtered(subject, args[0], node) : undefined;
    const given = args.map((a) => this.evaluate(a));
    if (method === 'includes' && given.length === 1) {
      const found = scriptIncludes(subject, given[0]);
      return found === undefined ? undefined : scriptBool(found, range);
    }
    const values: Primitive[] = [];
    for (const arg of given) {
      const value = primitiveOf(arg);
      if (!value) return undefined;
      values.push(value.value);
    }
    if (method === 'at' && args.length <= 1) return scriptAt(subject, values[0], range);
    if (method === 'slice' && args.length <= 2) return subject.kind === 'text' ? scriptTextSlice(subject, values) : subject.kind === 'list' ? scriptListSlice(subject, values, range) : undefined;
    if (subject.kind !== 'text' || subject.dynamic.length > 0) return undefined;
    if (method === 'substring' && args.length <= 2) return scriptSubstring(subject, values);
    if (method === 'charAt' && args.length <= 1) return scriptCharAt(subject, values[0], range);
    if (method === 'split' && args.length <= 2) return scriptSplit(subject, values, range);
    if ((method === 'startsWith' || method === 'endsWith') && args.length === 1) {
      const affix = String(values[0]);
      return scriptBool(method === 'startsWith' ? subject.text.startsWith(affix) : subject.text.endsWith(affix), range);
    }
    return undefined;
  }

  /** `LIST.filter((item, i) => condition)` (or `filter(Boolean)`): the items whose condition is true. */
  private filtered(list: StaticValue, callback: Node, node: Node): StaticValue | undefined {
    const items = settledItems(list);
    if (!items) return undefined;
    if (callback.type === 'identifier' && callback.text === 'Boolean') {
      const kept: StaticValue[] = [];
      for (const item of items) {
        const truth = truthiness(item, 'script');
        if (truth === undefined) return undefined;
        if (truth) kept.push(item);
      }
      return { kind: 'list', items: kept, range: rangeOf(node) };
    }
    const body = this.isFunction(callback) ? returnedExpression(callback, (n) => this.isFunction(n)) : undefined;
    const patterns = callbackPatterns(callback);
    if (!body || !patterns || patterns.length > 2) return undefined;
    const kept: StaticValue[] = [];
    for (const [i, item] of items.entries()) {
      const names = new Map<string, StaticValue>();
      if (patterns[0] && !bindPattern(patterns[0], item, names)) return undefined;
      if (patterns[1] && !bindPattern(patterns[1], { kind: 'scalar', value: i, range: rangeOf(node) }, names)) return undefined;
      const truth = this.withBound(callback, names, () => truthiness(this.evaluate(body), 'script'));
      if (truth === undefined) return undefined;
      if (truth) kept.push(item);
    }
    return { kind: 'list', items: kept, range: rangeOf(node) };
  }

  /**
   * `LIST.map((item, i) => body)` over a known list, with an arrow or function whose one expression
   * is returned: `body` read once per item. Undefined for another callback or a list not known in full.
   */
  private mapped(list: StaticValue, callback: Node, node: Node): StaticValue | undefined {
    const items = knownItems(list);
    if (items && callback.type === 'identifier' && CONVERSIONS.has(callback.text)) return this.converted(items, callback.text, node);
    const body = this.isFunction(callback) ? returnedExpression(callback, (n) => this.isFunction(n)) : undefined;
    const patterns = callbackPatterns(callback);
    if (!items || !body || !patterns || patterns.length > 3) return undefined;
    // The array itself, as the callback's third argument, only when every item of it is known.
    const whole = patterns[2] ? settledItems(list) : undefined;
    if (patterns[2] && !whole) return undefined;
    const out: StaticValue[] = [];
    // An item that only may be there makes what is read of it so; with the index read, every later one too.
    let unplaced = false;
    for (const [i, item] of items.entries()) {
      const names = new Map<string, StaticValue>();
      if (patterns[0] && !bindPattern(patterns[0], item, names)) return undefined;
      if (patterns[1] && !bindPattern(patterns[1], { kind: 'scalar', value: i, range: rangeOf(node) }, names)) return undefined;
      if (patterns[2] && !bindPattern(patterns[2], list, names)) return undefined;
      unplaced = (patterns[1] !== undefined && unplaced) || item.unplaced === true;
      out.push(placedAs(this.withBound(callback, names, () => this.evaluate(body)), unplaced));
    }
    return { kind: 'list', items: out, range: rangeOf(node) };
  }

  /**
   * `LIST.map(String)`, `map(Number)`, `map(Boolean)`: each item as the function makes it (they
   * take no notice of the index and the array passed after it). Undefined where an item is not known.
   */
  private converted(items: readonly StaticValue[], fn: string, node: Node): StaticValue | undefined {
    const out: StaticValue[] = [];
    const range = rangeOf(node);
    for (const item of items) {
      if (item.unplaced) return undefined;
      if (fn === 'String') {
        const text = item.kind === 'unknown' ? undefined : scriptText(item, this.source);
        if (!text) return undefined;
        out.push(text);
      } else if (fn === 'Boolean') {
        const truth = truthiness(item, 'script');
        if (truth === undefined) return undefined;
        out.push(scriptBool(truth, item.range));
      } else {
        const value = primitiveOf(item);
        if (!value) return undefined;
        out.push({ kind: 'scalar', value: Number(value.value), range: item.range });
      }
    }
    return { kind: 'list', items: out, range };
  }

  /**
   * `items.join(separator)`: the separator written as text (`,` when there is none or it is
   * undefined), each item as `String` writes it but null and undefined as nothing. Undefined when
   * an item is written otherwise (an object with its own `toString`).
   */
  private joined(items: readonly StaticValue[], separatorNode: Node | undefined, fn: Node, node: Node): StaticText | undefined {
    const separator = separatorNode ? this.evaluate(separatorNode) : undefined;
    const sep =
      !separator || (separator.kind === 'scalar' && separator.undefined) ? spreadText(',', rangeOf(fn)) : separator.kind === 'unknown' ? asText(separator, this.source) : scriptText(separator, this.source);
    if (!sep) return undefined;
    // One budget for all the items: an array may hold the same long array thousands of times.
    const budget = printBudget();
    const texts: StaticText[] = [];
    let length = 0;
    for (const item of items) {
      const text = item.kind === 'scalar' && item.value === null ? spreadText('', item.range) : scriptText(item, this.source, budget);
      length += (text?.text.length ?? 0) + sep.text.length;
      if (!text && !budget.overLimit) return undefined;
      if (!text || length > MAX_TEXT_VALUE_CHARS) {
        // The joined text would pass the limit: not a prompt to count, and said so.
        this.notes.add('size');
        return undefined;
      }
      texts.push(text);
    }
    return joinTexts(texts, sep, rangeOf(node));
  }

  /** `JSON.stringify(value)`, `(value, null, 2)`, `(value, undefined, "\t")` of a value known in full. */
  private stringified(args: Node[], node: Node): StaticText | undefined {
    const [value, replacer, space] = args.map((a) => this.evaluate(a));
    if (replacer && (replacer.kind !== 'scalar' || replacer.value !== null)) return undefined;
    // `JSON.stringify(undefined)` gives undefined, no text.
    if (value.kind === 'scalar' && value.undefined) return undefined;
    let indent: string | undefined;
    if (space?.kind === 'scalar' && typeof space.value === 'number') indent = space.value >= 1 ? ' '.repeat(Math.min(10, Math.floor(space.value))) : undefined;
    else if (space?.kind === 'text' && space.dynamic.length === 0) indent = space.text.slice(0, 10) || undefined;
    else if (space && !(space.kind === 'scalar' && space.value === null)) return undefined;
    const text = jsonText(value, scriptJsonStyle(indent), MAX_TEXT_VALUE_CHARS);
    return text === undefined ? undefined : spreadText(text, rangeOf(node));
  }

  /** `n.toFixed(d)`, `n.toString()` of a known number: JavaScript's own text of it. */
  private numberMethod(fn: Node, args: Node[], node: Node): StaticText | undefined {
    const method = fn.childForFieldName('property')?.text;
    const object = fn.childForFieldName('object');
    if (!object || (method !== 'toFixed' && method !== 'toString')) return undefined;
    const value = this.evaluate(object);
    if (value.kind !== 'scalar' || typeof value.value !== 'number') return undefined;
    if (method === 'toString') return args.length === 0 ? spreadText(String(value.value), rangeOf(node)) : undefined;
    const digits = args[0] ? this.evaluate(args[0]) : { kind: 'scalar' as const, value: 0, range: rangeOf(node) };
    if (args.length > 1 || digits.kind !== 'scalar' || typeof digits.value !== 'number' || !Number.isInteger(digits.value) || digits.value < 0 || digits.value > 100) return undefined;
    return spreadText(value.value.toFixed(digits.value), rangeOf(node));
  }

  /** `TEXT.length` (UTF-16 units) or `LIST.length` of a value known in full. */
  private lengthOf(node: Node): StaticValue | undefined {
    const object = node.childForFieldName('object');
    if (node.childForFieldName('property')?.text !== 'length' || !object) return undefined;
    const value = this.evaluate(object);
    // An array with items only the program adds (in a loop, under a condition) has a length only it knows.
    const size = value.kind === 'text' ? (value.dynamic.length > 0 ? undefined : value.text.length) : settledItems(value)?.length;
    return size === undefined ? undefined : { kind: 'scalar', value: size, range: rangeOf(node) };
  }

  /**
   * An options object (`new ChatOpenAI({ model, apiKey: process.env.KEY })`): its properties
   * `unread` names are read without noting the values computed when the module loads that they
   * hold (they reach no prompt). Anything but an object literal is read as `evaluate` reads it.
   */
  evaluateOptions(node: Node, unread: (key: string) => boolean): StaticValue {
    const literal = unwrapped(node);
    return literal.type === 'object' ? this.objectValue(literal, unread) : this.evaluate(node);
  }

  private objectValue(node: Node, unread?: (key: string) => boolean): StaticValue {
    const entries: StaticEntry[] = [];
    let partial = false;
    for (const child of node.namedChildren) {
      const noted = this.importTimeValues.length;
      if (child.type === 'pair') {
        const key = child.childForFieldName('key');
        const value = child.childForFieldName('value');
        if (!key || !value) continue;
        // A number key is the number's text (`1e3: …` is the key "1000").
        const name = key.type === 'property_identifier' ? key.text : key.type === 'string' ? this.stringValue(key).text : key.type === 'number' ? String(Number(key.text.replace(/_/g, ''))) : undefined;
        if (name !== undefined) entries.push({ key: name, value: this.aiSdkSchema(name, value) ?? this.evaluate(value) });
        else partial = true;
        if (name !== undefined && unread?.(name)) this.importTimeValues.length = noted;
      } else if (child.type === 'shorthand_property_identifier') {
        entries.push({ key: child.text, value: this.aiSdkSchema(child.text, child) ?? this.resolveName(child.text, child) });
        if (unread?.(child.text)) this.importTimeValues.length = noted;
      } else if (child.type === 'spread_element') {
        const spread = child.namedChildren[0] ? this.evaluate(child.namedChildren[0]) : undefined;
        if (spread?.kind === 'object') entries.push(...spread.entries);
        else this.notes.add('spread');
        if (spread?.kind !== 'object' || spread.partial) partial = true;
      } else if (child.type !== 'comment') {
        partial = true;
      }
    }
    return { kind: 'object', entries, range: rangeOf(node), ...(partial ? { partial: true as const } : {}) };
  }

  /**
   * Path operations on known paths and the reading of a file at one (promptFiles.ts):
   * `path.join/resolve/dirname`, `fileURLToPath(…)`, `readFileSync(p, "utf8")`, `await readFile(p,
   * "utf8")`, `readFileSync(p).toString()`. Undefined for other calls, and where the path is unknown.
   */
  private pathCall(fn: Node, args: Node[], node: Node): StaticValue | undefined {
    const range = rangeOf(node);
    if (JOIN_PATHS.has(fn.text) && args.length > 0) return joinedPath(args.map((a) => this.evaluate(a)), range);
    if (PARENT_PATHS.has(fn.text) && args.length === 1) return parentPath(this.evaluate(args[0]), range);
    if ((fn.text === 'fileURLToPath' || fn.text === 'url.fileURLToPath') && args.length === 1) return joinedPath([this.evaluate(args[0])], range);
    const method = fn.type === 'member_expression' ? fn.childForFieldName('property')?.text : fn.text;
    if (method && FILE_READS.has(method) && args.length === 2 && this.isTextEncoding(args[1])) return this.fileText(this.evaluate(args[0]), node);
    // `readFileSync(p)`, `await readFile(p)`: a Buffer (an image sent inline); with `"base64"` its base64 text.
    if (method && FILE_READS.has(method) && args.length === 1) return this.fileBytes(this.evaluate(args[0]), node);
    if (method && FILE_READS.has(method) && args.length === 2 && this.encodingOf(args[1]) === 'base64') return this.base64Of(this.fileBytes(this.evaluate(args[0]), node), node);
    const target = fn.type === 'member_expression' ? fn.childForFieldName('object') : null;
    // `Buffer.from(bytes)`: the same bytes; `bytes.toString("base64")`: their base64 text.
    if (fn.text === 'Buffer.from' && args.length === 1) {
      const value = this.evaluate(args[0]);
      if (value.kind === 'unknown' && value.bytes) return value;
    }
    if (method === 'toString' && target && args.length === 1 && this.encodingOf(args[0]) === 'base64') {
      const value = this.evaluate(target);
      if (value.kind === 'unknown' && value.bytes) return this.base64Of(value, node);
    }
    // `readFileSync(p).toString()`: a Buffer read as UTF-8.
    if (method === 'toString' && args.length === 0 && target?.type === 'call_expression') {
      const reader = target.childForFieldName('function');
      const readArgs = target.childForFieldName('arguments')?.namedChildren.filter((a) => a.type !== 'comment') ?? [];
      const name = reader?.type === 'member_expression' ? reader.childForFieldName('property')?.text : reader?.text;
      if (name === 'readFileSync' && readArgs.length === 1) return this.fileText(this.evaluate(readArgs[0]), node);
    }
    return undefined;
  }

  /** The base64 text of a file's bytes (`buffer.toString("base64")`), placed at `node`; undefined for no bytes. */
  private base64Of(bytes: StaticUnknown | undefined, node: Node): StaticText | undefined {
    return bytes?.bytes ? this.fileBase64Text(bytes.bytes, node) : undefined;
  }

  /**
   * Whether a zod schema (followed through the names it uses) gives an array, object, union or record
   * a check or a description (`z.array(x).min(2)`, `z.object({...}).describe("...")`): zod 4's
   * `toJSONSchema(S, { reused: "ref" })` then writes what the copy shares with the original as
   * `$defs` references (ANTHROPIC_ZOD_REFS).
   */
  zodSharesParts(node: Node, seen: Set<number>): boolean {
    if (seen.has(node.id) || seen.size > 200) return false;
    seen.add(node.id);
    if (node.type === 'call_expression') {
      const fn = node.childForFieldName('function');
      const method = fn?.type === 'member_expression' ? fn.childForFieldName('property')?.text : undefined;
      const target = fn?.type === 'member_expression' ? fn.childForFieldName('object') : null;
      if (method && target && ZOD_COPYING_METHODS.has(method) && this.isZodContainer(target, new Set())) return true;
    }
    if (node.type === 'identifier') {
      const found = this.declarationOf(node.text, node);
      if (found && found.program instanceof ScriptProgram) return found.program.zodSharesParts(found.node, seen);
    }
    return node.namedChildren.some((child) => this.zodSharesParts(child, seen));
  }

  /** Whether an expression is an array, object, union or record schema (`z.array(...)`, `x.array()`, a name for one). */
  private isZodContainer(node: Node, seen: Set<number>): boolean {
    if (seen.has(node.id) || seen.size > 50) return false;
    seen.add(node.id);
    if (node.type === 'identifier') {
      const found = this.declarationOf(node.text, node);
      return found !== undefined && found.program instanceof ScriptProgram && found.program.isZodContainer(found.node, seen);
    }
    if (node.type !== 'call_expression') return false;
    const fn = node.childForFieldName('function');
    const method = fn?.type === 'member_expression' ? fn.childForFieldName('property')?.text : undefined;
    const target = fn?.type === 'member_expression' ? fn.childForFieldName('object') : null;
    if (!method || !target) return false;
    if (ZOD_CONTAINERS.has(method) && (target.type === 'identifier' || method === 'array')) return true;
    return ZOD_KEEPING_METHODS.has(method) && this.isZodContainer(target, seen);
  }

  /** `"utf8"`, `"utf-8"` or `{ encoding: "utf8" }`: a read that gives text. */
  private isTextEncoding(node: Node): boolean {
    const encoding = this.encodingOf(node);
    return encoding !== undefined && TEXT_ENCODINGS.has(encoding.toLowerCase());
  }

  /** The encoding an argument names: `"base64"`, or `{ encoding: "base64" }`. */
  private encodingOf(node: Node): string | undefined {
    const value = this.evaluate(node);
    const encoding = value.kind === 'object' ? value.entries.find((e) => e.key === 'encoding')?.value : value;
    return encoding?.kind === 'text' && encoding.dynamic.length === 0 ? encoding.text : undefined;
  }

  /**
   * LangChain.js message classes: `new SystemMessage("...")`, `new HumanMessage({ content: "..." })`,
   * `new ToolMessage({ content, tool_call_id })` (or `new ToolMessage("...", "call_1")`).
   */
  private langChainMessage(node: Node): StaticValue | undefined {
    const constructor = node.childForFieldName('constructor');
    const args = node.childForFieldName('arguments')?.namedChildren.filter((a) => a.type !== 'comment') ?? [];
    const className = constructor?.text.replace(/^.*\./, '');
    if (!constructor || !className) return undefined;
    const placeholder = messagesPlaceholder(className, node.text, rangeOf(node));
    if (placeholder) return placeholder;
    if (!MESSAGE_CLASSES.has(className) || !args[0]) return undefined;
    const first = this.evaluate(args[0]);
    const fields = first.kind === 'object' ? first : undefined;
    // `contentBlocks` (LangChain 1's standard blocks) count where no `content` is given.
    const blocks = fields && !entryOf(fields, 'content') ? entryOf(fields, 'contentBlocks') : undefined;
    const role = MESSAGE_CLASSES.get(className);
    const content = blocks && role ? contentBlocksContent(role, blocks, this.reasons) : fields ? entryOf(fields, 'content') : first;
    if (!content) return undefined;
    if (entryOf(fields, 'tool_calls')) this.reasons.add(`the tool calls of \`${constructor.text}\` are not counted`);
    const toolCallId = fields ? entryOf(fields, 'tool_call_id') : args[1] ? this.evaluate(args[1]) : undefined;
    const more = toolCallId ? [{ key: 'tool_call_id', value: toolCallId }] : [];
    return messageObject(className, content, more, rangeOf(node), rangeOf(constructor), blocks ? SCRIPT_DIALECT.standardBlockKeys : undefined);
  }

  /** `new URL("./system.md", import.meta.url)`: a file beside this one, as a path. */
  private fileUrl(node: Node): StaticText | undefined {
    const args = node.childForFieldName('arguments')?.namedChildren.filter((a) => a.type !== 'comment') ?? [];
    if (node.childForFieldName('constructor')?.text !== 'URL' || args.length !== 2 || args[1].text !== 'import.meta.url') return undefined;
    const relativePath = pathOf(this.evaluate(args[0]));
    if (relativePath === undefined || /^[a-z][a-z0-9+.-]*:/i.test(relativePath)) return undefined;
    const path = joinedPath([parentPath(this.ownPath(node), rangeOf(node))!, spreadText(relativePath, rangeOf(args[0]))], rangeOf(node));
    // A URL object, read as the path it names: no string (`typeof` says "object").
    return path && { ...path, pathObject: true };
  }

  private binary(node: Node): StaticValue {
    const operator = node.childForFieldName('operator')?.text;
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if ((operator === '??' || operator === '||' || operator === '&&') && left && right) {
      // `process.env.MODEL ?? "gpt-4o"`: the left value, else the right one (`||`: unless it is true; `&&` the other way).
      const first = this.evaluate(left);
      const keep = operator === '??' ? (first.kind === 'unknown' ? undefined : !(first.kind === 'scalar' && first.value === null)) : truthiness(first, 'script');
      if (keep === undefined) return operator !== '&&' && first.kind === 'unknown' ? this.withFallback(node, this.evaluate(right)) : this.unknownOf(node);
      return keep === (operator !== '&&') ? first : this.evaluate(right);
    }
    if (left && right && COMPARISONS.has(operator ?? '')) {
      const holds = this.tentatively(() => scriptCompare(operator!, this.evaluate(left), this.evaluate(right)));
      return holds === undefined ? this.unknownOf(node) : scriptBool(holds, rangeOf(node));
    }
    if (left && right && operator !== '+' && ARITHMETIC.has(operator ?? '')) {
      return numberOperation(operator, this.evaluate(left), this.evaluate(right), rangeOf(node), false) ?? this.unknownOf(node);
    }
    if (operator !== '+' || !left || !right) return this.unknownOf(node);
    return this.concatenation(node, isPlus, false);
  }

  private call(node: Node): StaticValue {
    const fn = node.childForFieldName('function');
    const argsNode = node.childForFieldName('arguments');
    if (!fn || !argsNode) return this.unknownOf(node);
    const stopped = this.optionalChain(node);
    if (stopped) return stopped;
    // A tag: dedent`...`, String.raw`...`.
    if (argsNode.type === 'template_string') {
      if (fn.text === 'String.raw') return this.templateValue(argsNode, true);
      if (DEDENT_TAGS.has(fn.text)) return dedentText(this.templateValue(argsNode, false));
      return this.unknownOf(node);
    }
    const args = argsNode.namedChildren.filter((a) => a.type !== 'comment');
    const helper = fn.type === 'identifier' ? this.zodImports().helpers.get(fn.text) : undefined;
    if (helper) return this.zodHelperValue(helper, args, node);
    if (fn.type === 'identifier' && this.zodImports().langChainTools.has(fn.text) && args.length === 2) return this.langChainToolValue(args[1], node);
    if (fn.type === 'identifier' && this.zodImports().zodToJsonSchema.has(fn.text)) return this.zodToJsonSchemaValue(args, node);
    const fromFile = this.pathCall(fn, args, node);
    if (fromFile) return fromFile;
    if (OBJECT_LISTS.has(fn.text) && args.length === 1) {
      const entries = heldEntries(this.evaluate(args[0]), 'script');
      if (entries && entries.length <= MAX_ITERATED_ITEMS) {
        const range = rangeOf(node);
        const items = entries.map(([key, value]): StaticValue => {
          const keyText = spreadText(key, range);
          return fn.text === 'Object.entries' ? { kind: 'list', items: [keyText, value], range } : fn.text === 'Object.keys' ? keyText : value;
        });
        return { kind: 'list', items, range };
      }
    }
    if (fn.text === 'JSON.stringify' && args.length >= 1 && args.length <= 3) {
      const json = this.stringified(args, node);
      if (json) return json;
    }
    if (fn.type === 'identifier' && DEDENT_TAGS.has(fn.text) && args[0]) {
      const value = this.evaluate(args[0]);
      if (value.kind === 'text') return dedentText(value);
    }
    const messageTemplate = args[0] ? messageTemplateObject(fn.text, () => this.evaluate(args[0]), rangeOf(node)) : undefined;
    if (messageTemplate) return messageTemplate;
    if (fn.type === 'identifier' && fn.text === 'String' && args.length === 1) {
      const value = this.evaluate(args[0]);
      const text = value.kind === 'unknown' ? undefined : scriptText(value, this.source);
      if (text) return text;
    }
    if (fn.type === 'identifier' && fn.text === 'Number' && args.length <= 1) {
      const value = args[0] ? primitiveOf(this.evaluate(args[0])) : { value: 0 };
      if (value) return { kind: 'scalar', value: Number(value.value), range: rangeOf(node) };
    }
    if (fn.type === 'member_expression') {
      const numberText = this.numberMethod(fn, args, node);
      if (numberText) return numberText;
    }
    if (fn.type === 'member_expression') {
      const method = fn.childForFieldName('property')?.text;
      const target = fn.childForFieldName('object');
      if (target && method && TEXT_METHODS.has(method)) {
        const subject = this.evaluate(target);
        if (subject.kind === 'list' && method === 'join') {
          const joined = this.joined(subject.items, args[0], fn, node);
          if (joined) return joined;
        }
        if (subject.kind === 'list' && method === 'map' && args.length === 1) {
          const mapped = this.mapped(subject, args[0], node);
          if (mapped) return mapped;
        }
        if (subject.kind === 'list' && method === 'concat') {
          const more = args.map((a) => this.evaluate(a));
          // An unknown argument may be an array: items only the running program knows.
          const items = more.flatMap((m) => (m.kind === 'list' ? m.items : m.kind === 'unknown' ? [{ ...m, spread: true }] : [m]));
          return { kind: 'list', items: [...subject.items, ...items], range: rangeOf(node) };
        }
        if (subject.kind === 'text') {
          if (method === 'trim' || method === 'trimStart' || method === 'trimEnd') {
            return trimText(subject, method === 'trim' ? 'both' : method === 'trimStart' ? 'start' : 'end');
          }
          if (method === 'concat') return concatTexts([subject, ...args.map((a) => this.textOperand(this.evaluate(a), a))], rangeOf(node));
          if (method === 'repeat' && args[0]) {
            const times = repeatCount(this.evaluate(args[0]));
            if (times !== undefined) return repeatText(subject, times, rangeOf(node));
          }
          if ((method === 'padStart' || method === 'padEnd') && (args.length === 1 || args.length === 2)) {
            const [width, filler] = args.map((a) => this.evaluate(a));
            const fill = filler === undefined ? ' ' : filler.kind === 'text' && filler.dynamic.length === 0 ? filler.text : undefined;
            if (width.kind === 'scalar' && typeof width.value === 'number' && width.value <= MAX_PADDED_WIDTH && fill !== undefined && subject.dynamic.length === 0) {
              const padded = method === 'padStart' ? subject.text.padStart(width.value, fill) : subject.text.padEnd(width.value, fill);
              return spreadText(padded, rangeOf(node));
            }
          }
          if ((method === 'toUpperCase' || method === 'toLowerCase') && args.length === 0) {
            const recased = recasedText(subject, method === 'toUpperCase');
            if (recased) return recased;
          }
          if ((method === 'replace' || method === 'replaceAll') && args.length === 2) {
            // With a text pattern (not a RegExp); the replacement's `$$` and `$&` as JavaScript reads them.
            const [old, replacement] = args.map((a) => this.evaluate(a));
            const written = replacement.kind === 'text' && replacement.dynamic.length === 0 && old.kind === 'text' ? substitution(replacement.text, old.text) : undefined;
            if (old.kind === 'text' && old.dynamic.length === 0 && written !== undefined) {
              const replaced = replacedText(subject, old.text, written, method === 'replace' ? 1 : undefined, rangeOf(node));
              if (replaced) return replaced;
            }
          }
        }
      }
    }
    if (fn.type === 'member_expression') {
      const method = fn.childForFieldName('property')?.text;
      const target = fn.childForFieldName('object');
      // The object as already read (outside `tentatively`, so its notes stand), else read inside it.
      const computed = method && target && SELECTION_METHODS.has(method) ? this.tentatively(() => this.selection(method, target, args, node)) : undefined;
      if (computed) return computed;
    }
    if (fn.type === 'identifier') {
      const returned = this.callLocalFunction(fn.text, node, args, new Map());
      if (returned) return returned;
    }
    const values = args.map((a) => this.evaluate(a));
    // A function without side effects of values the same on every request gives one too.
    const method = fn.type === 'member_expression' ? fn.childForFieldName('property')?.text : undefined;
    if (PURE_FUNCTIONS.has(fn.text) || (method !== undefined && PURE_METHODS.has(method))) {
      const before = this.importTimeValues.length;
      const target = fn.type === 'member_expression' && !PURE_FUNCTIONS.has(fn.text) ? fn.childForFieldName('object') : null;
      if ((!target || isConstant(this.evaluate(target))) && values.every(isConstant)) return this.derivedConstant(node);
      this.importTimeValues.length = before;
    }
    return { ...this.unknownOf(node), call: { callee: fn.text, args: values } };
  }
}

/** The node of one option in `zodFunction({ name, parameters: Schema })`: a pair's value, or a shorthand name. */
function optionNode(options: Node, key: string): Node | undefined {
  let found: Node | undefined;
  for (const child of options.namedChildren) {
    const pairKey = child.type === 'pair' ? child.childForFieldName('key') : null;
    const name = pairKey?.type === 'string' ? pairKey.text.slice(1, -1) : pairKey?.text;
    if (child.type === 'pair' && name === key) found = child.childForFieldName('value') ?? undefined;
    if (child.type === 'shorthand_property_identifier' && child.text === key) found = child;
  }
  return found;
}

/** The version range a package.json's dependencies give package `name`, or undefined. */
function dependencyRange(packageJson: string, name: string): string | undefined {
  try {
    const record = JSON.parse(packageJson) as Record<string, unknown>;
    for (const field of ['dependencies', 'devDependencies', 'peerDependencies']) {
      const deps = record?.[field];
      const spec = deps && typeof deps === 'object' ? (deps as Record<string, unknown>)[name] : undefined;
      if (typeof spec === 'string') return spec;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/**
 * The count `"…".repeat(count)` uses: a number cut to a whole one, a boolean or null as 0 or 1;
 * undefined for a negative or infinite count (a RangeError) or a value not known.
 */
function repeatCount(count: StaticValue): number | undefined {
  if (count.kind !== 'scalar') return undefined;
  const n = Math.trunc(Number(count.value));
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** A callback's parameter patterns (`x`, `[key, value]`, `{ name }`), or undefined for a rest or defaulted one. */
function callbackPatterns(fn: Node): Node[] | undefined {
  const single = fn.childForFieldName('parameter');
  if (single) return [single];
  const parameters = fn.childForFieldName('parameters');
  if (!parameters) return undefined;
  const patterns: Node[] = [];
  for (const p of parameters.namedChildren) {
    if (p.type === 'comment') continue;
    if (p.childForFieldName('value') || p.type === 'assignment_pattern') return undefined;
    const pattern = p.childForFieldName('pattern') ?? p;
    if (pattern.type !== 'identifier' && pattern.type !== 'array_pattern' && pattern.type !== 'object_pattern') return undefined;
    patterns.push(pattern);
  }
  return patterns;
}

/** Binds a parameter pattern to a value: a name, `[a, b]` of a known list, `{ a, b }` of a known object. */
function bindPattern(pattern: Node, value: StaticValue, names: Map<string, StaticValue>): boolean {
  if (pattern.type === 'identifier') {
    names.set(pattern.text, value);
    return true;
  }
  const parts = pattern.namedChildren.filter((c) => c.type !== 'comment');
  if (pattern.type === 'array_pattern') {
    const items = knownItems(value);
    if (!items || parts.some((p) => p.type !== 'identifier')) return false;
    parts.forEach((p, i) => names.set(p.text, items[i] ?? { kind: 'scalar', value: null, range: value.range, undefined: true }));
    return true;
  }
  const entries = heldEntries(value, 'script');
  if (!entries || parts.some((p) => p.type !== 'shorthand_property_identifier_pattern')) return false;
  const held = new Map(entries);
  for (const p of parts) names.set(p.text, held.get(p.text) ?? { kind: 'scalar', value: null, range: value.range, undefined: true });
  return true;
}

/**
 * The text `replace` puts for each match of a text pattern: `$$` is one dollar sign and `$&` the
 * match; `$n` and `$<` stay as written (a text pattern captures nothing). Undefined for `` $` `` and
 * `$'`, which put the text around each match.
 */
function substitution(replacement: string, match: string): string | undefined {
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const ch = replacement[i];
    const next = replacement[i + 1];
    if (ch !== '$' || next === undefined) out += ch;
    else if (next === '$') {
      out += '$';
      i++;
    } else if (next === '&') {
      out += match;
      i++;
    } else if (next === '`' || next === "'") return undefined;
    else out += ch;
  }
  return out;
}

/**
 * `typeof value` of a value known here: "string", "number", "boolean", "undefined", "object" (null,
 * arrays, objects); undefined where the source does not tell (a value only the program knows).
 */
function scriptTypeOf(value: StaticValue): string | undefined {
  if (value.kind === 'text') return value.pathObject ? undefined : 'string';
  if (value.kind === 'list' || value.kind === 'object') return 'object';
  if (value.kind !== 'scalar') return undefined;
  if (value.value === null) return value.undefined ? 'undefined' : 'object';
  return typeof value.value === 'number' ? 'number' : typeof value.value === 'boolean' ? 'boolean' : undefined;
}

