/**
 * Python values without running Python: string literals (with escapes, f-strings, implicit
 * concatenation), `+`, `+=`, `%`, `.format()`, `.join()`, `.strip()`, `textwrap.dedent`,
 * `inspect.cleandoc`, lists, tuples, dicts and `dict(...)`; names through assignments in the
 * function and the module and through `from .module import NAME`.
 */
import { dirname, join, resolve, sep } from 'node:path';
import type { Node } from 'web-tree-sitter';
import type { SourceRange } from '../model';
import { decodeLiteral } from './escapes';
import { isDailyExpression } from './perRequestCalls';
import { MESSAGE_CLASSES, messageObject, messagesPlaceholder, messageTemplateObject, PYTHON_DIALECT } from './langchain';
import { joinedPath, parentPath } from './promptFiles';
import { isModelClass, modelJsonSchema, pydanticModelSchema, type ModelContext } from './pydanticSchema';
import { base64Bytes, numberOperation, rangeOf, selfAppended, signedNumber, SourceProgram, type Parameter, type ProgramOptions, type ScopeTable } from './program';
import {
  MAX_TEXT_VALUE_CHARS,
  PYTHON_SPACE,
  asText,
  concatTexts,
  dedentText,
  joinTexts,
  heldEntries,
  isConstant,
  knownItems,
  knownString,
  MAX_ITERATED_ITEMS,
  placedAs,
  pythonValueOf,
  settledEntries,
  settledItems,
  recasedText,
  repeatText,
  replacedText,
  sliceOf,
  sliceText,
  spreadText,
  staticOfJson,
  TextBuilder,
  trimText,
  withText,
  type StaticEntry,
  type StaticObject,
  type StaticScalar,
  type StaticText,
  type StaticUnknown,
  type StaticValue,
} from './staticValue';
import { formatFields, percentFields, templateFields, type FormatArguments } from './stringFormat';
import { pythonField, pythonRepr, pythonStr, versionDependent } from './pythonText';
import { jsonText, pythonJsonStyle } from './jsonText';
import {
  knownStr,
  pythonAffix,
  pythonBool,
  pythonCharacters,
  pythonCompare,
  pythonExtreme,
  pythonIndex,
  pythonItem,
  pythonSliced,
  pythonSorted,
  pythonSplit,
  pythonSplitLines,
  pythonStripChars,
  pythonNumberOf,
  pythonPartition,
  pythonSum,
  pythonTruth,
} from './pythonValues';
import { pythonCapitalize, pythonTitleCase } from './pythonCase';

/** Node types read once per binding context (`SourceProgram.readings`): the parts an expression reads more than once. */
const REMEMBERED = new Set(['call', 'attribute', 'subscript']);

/** Files that mark a Python project's root, the folder its programs and tests run from. */
const PROJECT_MARKERS = ['pyproject.toml', 'setup.py', 'setup.cfg', join('.git', 'HEAD'), '.git'];
/** How many folders up from a file its project's root is looked for. */
const MAX_PROJECT_LEVELS = 8;

const FUNCTION_TYPES = new Set(['function_definition', 'lambda']);
/** String methods whose result the analysis computes. */
const TEXT_METHODS = new Set(['format', 'join', 'strip', 'lstrip', 'rstrip', 'upper', 'lower', 'title', 'capitalize', 'replace', 'ljust', 'rjust', 'center', 'zfill']);
/** Functions `builtinCall` computes. */
const BUILTINS = new Set(['sorted', 'reversed', 'min', 'max', 'sum', 'list', 'tuple']);
/** Methods of str that `methodCall` computes. */
const STR_METHODS = new Set(['split', 'rsplit', 'splitlines', 'partition', 'rpartition', 'strip', 'lstrip', 'rstrip', 'startswith', 'endswith', 'removeprefix', 'removesuffix']);
/** Statements whose blocks are looked into for assignments (not functions or classes). */
const COMPOUND = new Set([
  'if_statement',
  'elif_clause',
  'else_clause',
  'try_statement',
  'except_clause',
  'finally_clause',
  'with_statement',
  'for_statement',
  'while_statement',
  'block',
  'decorated_definition',
]);

/** Calls that make a path of their arguments, joined. */
const PATH_CONSTRUCTORS = new Set(['Path', 'pathlib.Path', 'PurePath', 'pathlib.PurePath', 'PosixPath', 'pathlib.PosixPath']);
/** Functions and methods that give the same file (made absolute or normalised). */
const SAME_PATH_FUNCTIONS = new Set(['os.path.abspath', 'os.path.realpath', 'os.path.normpath']);
const SAME_PATH_METHODS = new Set(['resolve', 'absolute', 'expanduser']);
/** The `json.dumps` keywords written here; any other (`default=`, `cls=`) leaves the call to the program. */
const JSON_DUMPS_OPTIONS = new Set(['indent', 'separators', 'ensure_ascii', 'sort_keys']);
/** Functions without side effects: of values the same on every request, their result is too. */
const PURE_FUNCTIONS = new Set([
  'str', 'repr', 'ascii', 'len', 'sorted', 'reversed', 'list', 'tuple', 'dict', 'enumerate', 'zip', 'range', 'int', 'float', 'round', 'min', 'max', 'sum', 'abs',
  'json.dumps', 'textwrap.dedent', 'textwrap.indent', 'textwrap.fill', 'inspect.cleandoc', 'dedent', 'cleandoc', 'Template', 'string.Template',
]);
/** Methods of str, dict and Template without side effects. */
const PURE_METHODS = new Set([
  'join', 'format', 'format_map', 'upper', 'lower', 'strip', 'lstrip', 'rstrip', 'replace', 'title', 'capitalize', 'casefold', 'splitlines', 'split',
  'ljust', 'rjust', 'center', 'zfill', 'removeprefix', 'removesuffix', 'items', 'keys', 'values', 'get', 'substitute', 'safe_substitute',
]);
/** `string.Template`, as imported or through the module. */
const TEMPLATE_CLASSES = new Set(['Template', 'string.Template']);
/** Environment lookups that take a default. */
const ENV_LOOKUPS = new Set(['os.getenv', 'getenv', 'os.environ.get', 'environ.get']);
/** Base64 encoders of the standard library, as imported or through the module. */
const B64_ENCODERS = new Set(['base64.b64encode', 'base64.standard_b64encode', 'b64encode', 'standard_b64encode']);
/** `open(path).read()` and its kin. */
const OPENERS = new Set(['open', 'io.open', 'codecs.open']);

const isPlus = (node: Node) => node.type === 'binary_operator' && node.childForFieldName('operator')?.text === '+';

export class PythonProgram extends SourceProgram {
  /** The folders absolute imports are found from (`pythonRoots`), found once. */
  private roots: string[] | undefined;
  /** A `sum(...)` of floats whose result depends on the Python version (set by `builtinCall`). */
  private roundedSum: Node | undefined;

  protected evaluateExpression(node: Node): StaticValue {
    switch (node.type) {
      case 'string':
        return this.stringValue(node);
      case 'concatenated_string':
        return concatTexts(node.namedChildren.map((n) => asText(this.evaluate(n), this.source)), rangeOf(node));
      case 'parenthesized_expression':
        return node.namedChildren[0] ? this.evaluate(node.namedChildren[0]) : this.unknownOf(node);
      case 'identifier':
        return node.text === '__file__' ? this.ownPath(node) : this.resolveName(node.text, node);
      case 'attribute':
        // `Path(__file__).parent`: the folder of a known path.
        if (node.childForFieldName('attribute')?.text === 'parent') {
          const object = node.childForFieldName('object');
          const folder = object ? parentPath(this.evaluate(object), rangeOf(node)) : undefined;
          if (folder) return pathObject(folder);
        }
        return this.unknownOf(node);
      case 'integer':
      case 'float':
        return pythonNumber(node) ?? this.unknownOf(node);
      case 'unary_operator':
        return signedNumber(node.childForFieldName('operator')?.text, node.childForFieldName('argument'), (n) => this.evaluate(n)) ?? this.unknownOf(node);
      case 'true':
      case 'false':
        return { kind: 'scalar', value: node.type === 'true', range: rangeOf(node), python: 'bool' };
      case 'none':
        return { kind: 'scalar', value: null, range: rangeOf(node), python: 'none' };
      case 'list':
        return { kind: 'list', items: this.listItems(node.namedChildren, (n) => this.spreadOperand(n)), range: rangeOf(node) };
      case 'tuple':
        return { kind: 'list', items: this.listItems(node.namedChildren, (n) => this.spreadOperand(n)), range: rangeOf(node), tuple: true };
      case 'dictionary':
        return this.dictionary(node);
      case 'binary_operator':
        return this.binary(node);
      case 'boolean_operator': {
        // `os.environ.get("MODEL") or "gpt-4o"`: the left value if it is true, else the right one; `and` the other way.
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        const operator = node.childForFieldName('operator')?.text;
        if ((operator !== 'or' && operator !== 'and') || !left || !right) return this.unknownOf(node);
        const first = this.evaluate(left);
        const isTrue = pythonTruth(first);
        if (isTrue === undefined) return operator === 'or' && first.kind === 'unknown' ? this.withFallback(node, this.evaluate(right)) : this.unknownOf(node);
        return isTrue === (operator === 'or') ? first : this.evaluate(right);
      }
      case 'call':
        return this.call(node);
      case 'conditional_expression':
        return this.conditional(node);
      case 'comparison_operator':
        return this.tentatively(() => this.comparison(node)) ?? this.unknownOf(node);
      case 'not_operator': {
        const argument = node.childForFieldName('argument');
        const truth = argument ? this.tentatively(() => pythonTruth(this.evaluate(argument))) : undefined;
        return truth === undefined ? this.unknownOf(node) : pythonBool(!truth, rangeOf(node));
      }
      case 'subscript':
        return this.tentatively(() => this.subscript(node)) ?? this.unknownOf(node);
      case 'list_comprehension':
      case 'generator_expression':
      case 'dictionary_comprehension':
        return this.comprehension(node);
      default:
        return this.unknownOf(node);
    }
  }

  /**
   * `a if condition else b`: the branch the condition picks when the condition is known, and only
   * that branch is read; a condition only the running program decides leaves the whole expression
   * to the program (no branch is guessed).
   */
  private conditional(node: Node): StaticValue {
    const [body, condition, alternative] = node.namedChildren.filter((c) => c.type !== 'comment');
    if (!body || !condition || !alternative) return this.unknownOf(node);
    const truth = this.tentatively(() => pythonTruth(this.evaluate(condition)));
    if (truth === undefined) return this.unknownOf(node);
    return this.evaluate(truth ? body : alternative);
  }

  /**
   * `a < b`, `a == b`, `a in b`, `a is None`, chained as Python chains them (`a < b <= c`: each
   * operand read once, and no further once one comparison is false); undefined where a compared
   * value is not known or Python raises.
   */
  private comparison(node: Node): StaticValue | undefined {
    const operands = node.namedChildren.filter((c) => c.type !== 'comment');
    const operators = node.childrenForFieldName('operators');
    if (operands.length < 2 || operators.length !== operands.length - 1) return undefined;
    let left = this.evaluate(operands[0]);
    for (let i = 0; i < operators.length; i++) {
      const right = this.evaluate(operands[i + 1]);
      const holds = pythonCompare(operators[i].text, left, right);
      if (holds === undefined) return undefined;
      if (!holds) return pythonBool(false, rangeOf(node));
      left = right;
    }
    return pythonBool(true, rangeOf(node));
  }

  /** `value[i]`, `value["key"]`, `value[start:stop:step]` of a known str, list, tuple or dict. */
  private subscript(node: Node): StaticValue | undefined {
    const target = node.childForFieldName('value');
    const keys = node.childrenForFieldName('subscript');
    if (!target || keys.length !== 1) return undefined;
    const key = keys[0];
    if (key.type !== 'slice') {
      const container = this.evaluate(target);
      return pythonItem(container, this.evaluate(key));
    }
    // The slice's bounds: `start:stop:step`, each may be left out; None is left out too.
    const parts: Array<Node | undefined> = [undefined, undefined, undefined];
    let slot = 0;
    for (const child of key.children) {
      if (child.type === ':') slot++;
      else if (child.isNamed && child.type !== 'comment' && slot < 3) parts[slot] = child;
    }
    const container = this.evaluate(target);
    const bounds: Array<number | undefined> = [];
    for (const part of parts) {
      const bound = part ? this.evaluate(part) : undefined;
      const index = bound === undefined || (bound.kind === 'scalar' && bound.python === 'none') ? undefined : pythonIndex(bound);
      if (bound !== undefined && !(bound.kind === 'scalar' && bound.python === 'none') && index === undefined) return undefined;
      bounds.push(index);
    }
    return pythonSliced(container, bounds, rangeOf(node));
  }

  /**
   * `[body for x in ITEMS]`, `(body for k, v in D.items())` or `{k: v for ...}` with a `for` over
   * a list, dict or str the source knows: `body` read once per item; more clauses (`if` filters, a
   * second `for`) are read as `clauses` reads them. Over a value the same on every request that only
   * the program knows, one `for` alone gives a result the same on every request too when the body
   * reads nothing else. Unknown otherwise (an iterable that changes, a filter only the program decides).
   */
  private comprehension(node: Node): StaticValue {
    const body = node.childForFieldName('body');
    const clauses = node.namedChildren.filter((c) => c.type === 'for_in_clause' || c.type === 'if_clause');
    const clause = clauses[0];
    if (!body || clauses.length === 0 || clause.type !== 'for_in_clause' || clauses.some((c) => c.text.startsWith('async'))) return this.unknownOf(node);
    const read = (bound: ReadonlyMap<string, StaticValue>): StaticValue | StaticEntry =>
      this.withBound(node, bound, () => {
        if (body.type !== 'pair') return this.evaluate(body);
        const [key, value] = [body.childForFieldName('key'), body.childForFieldName('value')];
        const keyValue = key ? this.evaluate(key) : undefined;
        const known = keyValue?.kind === 'text' && keyValue.dynamic.length === 0 && value;
        return known ? { key: keyValue.text, value: this.evaluate(value) } : this.unknownOf(body);
      });
    if (clauses.length > 1) return this.tentatively(() => this.clauses(node, clauses, read)) ?? this.unknownOf(node);
    const left = clause.childForFieldName('left');
    const right = clause.childForFieldName('right');
    const names = left ? targetNames(left) : undefined;
    if (!names || !right) return this.unknownOf(node);
    const items = this.iterated(right);
    if (!items) {
      const iterable = this.evaluate(right);
      const before = this.importTimeValues.length;
      if (iterable.kind === 'unknown' && isConstant(iterable)) {
        const once = read(new Map(names.map((name) => [name, iterable])));
        if ('key' in once ? isConstant(once.value) : isConstant(once)) return this.derivedConstant(node);
      }
      this.importTimeValues.length = before;
      return this.unknownOf(node);
    }
    const out: Array<StaticValue | StaticEntry> = [];
    for (const item of items) {
      const bound = boundTargets(names, item);
      if (!bound) return this.unknownOf(node);
      out.push(placedOut(read(bound), item.unplaced));
    }
    return comprehended(node, body, out);
  }

  /**
   * A comprehension of several clauses (`for a in A for b in B`, `for x in ITEMS if x`), each `for`
   * over what the source knows (a later one may read the names of earlier ones) and each `if` a
   * condition known for every item; undefined when one is not, or past MAX_ITERATED_ITEMS rounds.
   */
  private clauses(node: Node, clauses: readonly Node[], read: (bound: ReadonlyMap<string, StaticValue>) => StaticValue | StaticEntry): StaticValue | undefined {
    const body = node.childForFieldName('body')!;
    const out: Array<StaticValue | StaticEntry> = [];
    let rounds = 0;
    // `unplaced`: an item read on the way only may be there, so the result only may be too.
    const walk = (i: number, bound: ReadonlyMap<string, StaticValue>, unplaced: boolean): boolean => {
      if (i === clauses.length) {
        out.push(placedOut(read(bound), unplaced));
        return true;
      }
      const clause = clauses[i];
      if (clause.type === 'if_clause') {
        const condition = clause.namedChildren.find((c) => c.type !== 'comment');
        const truth = condition ? this.withBound(node, bound, () => pythonTruth(this.evaluate(condition))) : undefined;
        return truth === undefined ? false : !truth || walk(i + 1, bound, unplaced);
      }
      const left = clause.childForFieldName('left');
      const right = clause.childForFieldName('right');
      const names = left ? targetNames(left) : undefined;
      const items = names && right ? this.withBound(node, bound, () => this.iterated(right)) : undefined;
      if (!names || !items) return false;
      for (const item of items) {
        const more = boundTargets(names, item);
        if (!more || ++rounds > MAX_ITERATED_ITEMS || !walk(i + 1, new Map([...bound, ...more]), unplaced || item.unplaced === true)) return false;
      }
      return true;
    };
    return walk(0, new Map(), false) ? comprehended(node, body, out) : undefined;
  }

  /** What `for … in node` goes through: a known list, `D.items()` / `.keys()` / `.values()`, `enumerate(L)`. */
  private iterated(node: Node): StaticValue[] | undefined {
    if (node.type === 'call') {
      const fn = node.childForFieldName('function');
      const args = node.childForFieldName('arguments')?.namedChildren.filter((a) => a.type !== 'comment') ?? [];
      const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
      const object = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
      if (object && args.length === 0 && (method === 'items' || method === 'keys' || method === 'values')) {
        const entries = heldEntries(this.evaluate(object), 'python');
        if (!entries || entries.length > MAX_ITERATED_ITEMS) return undefined;
        const range = rangeOf(node);
        return entries.map(([key, value]): StaticValue => {
          const keyText = spreadText(key, range);
          const item: StaticValue = method === 'items' ? { kind: 'list', items: [keyText, value], range, tuple: true } : method === 'keys' ? keyText : value;
          return placedAs(item, value.unplaced);
        });
      }
      if (fn?.text === 'range' && args.length >= 1 && args.length <= 3) {
        const bounds = args.map((a) => this.evaluate(a)).map((b) => (b.kind === 'scalar' && b.python === 'int' ? (b.value as number) : undefined));
        if (bounds.some((b) => b === undefined)) return undefined;
        const [start, stop, step] = bounds.length === 1 ? [0, bounds[0]!, 1] : [bounds[0]!, bounds[1]!, bounds[2] ?? 1];
        const count = step === 0 ? -1 : Math.max(0, Math.ceil((stop - start) / step));
        if (count < 0 || count > MAX_ITERATED_ITEMS) return undefined;
        const range = rangeOf(node);
        return Array.from({ length: count }, (_, i): StaticValue => ({ kind: 'scalar', value: start + i * step, range, python: 'int' }));
      }
      if (fn?.text === 'enumerate' && args.length >= 1 && args.length <= 2 && args[0].type !== 'keyword_argument') {
        const start = args[1] ? this.evaluate(args[1].type === 'keyword_argument' && args[1].childForFieldName('name')?.text === 'start' ? args[1].childForFieldName('value')! : args[1]) : undefined;
        const first = start === undefined ? 0 : start.kind === 'scalar' && start.python === 'int' ? (start.value as number) : undefined;
        const items = knownItems(this.evaluate(args[0]));
        if (first === undefined || !items) return undefined;
        const range = rangeOf(node);
        // Past an item that only may be there, the count is known only at run time.
        const firstUnplaced = items.findIndex((item) => item.unplaced);
        return items.map((item, i): StaticValue => placedAs({ kind: 'list', items: [{ kind: 'scalar', value: first + i, range, python: 'int' }, item], range, tuple: true }, firstUnplaced >= 0 && i >= firstUnplaced));
      }
    }
    if (node.type === 'call' && node.childForFieldName('function')?.text === 'map') {
      const args = node.childForFieldName('arguments')?.namedChildren.filter((a) => a.type !== 'comment') ?? [];
      return args.length === 2 ? this.mappedItems(args[0], args[1]) : undefined;
    }
    const value = this.evaluate(node);
    // A dict iterates over its keys, a str over its characters.
    if (value.kind === 'object') return heldEntries(value, 'python')?.map(([key]) => spreadText(key, rangeOf(node)));
    if (value.kind === 'text') return pythonCharacters(value);
    return knownItems(value);
  }

  /** `map(str, ITEMS)`, `map(str.upper, ITEMS)` or `map(lambda x: ..., ITEMS)` over what `for` would go through. */
  private mappedItems(fn: Node, iterable: Node): StaticValue[] | undefined {
    const items = this.iterated(iterable);
    if (!items) return undefined;
    // A lambda's result only the program knows stays in place, as a comprehension's body does.
    if (fn.type === 'lambda') {
      const body = fn.childForFieldName('body');
      const names = fn.childForFieldName('parameters')?.namedChildren.filter((c) => c.type !== 'comment') ?? [];
      if (!body || names.length !== 1 || names[0].type !== 'identifier') return undefined;
      return items.map((item) => placedAs(this.withBound(fn, new Map([[names[0].text, item]]), () => this.evaluate(body)), item.unplaced));
    }
    const out: StaticValue[] = [];
    for (const item of items) {
      const value = this.applied(fn, item);
      if (!value) return undefined;
      out.push(value);
    }
    return out;
  }


  protected isFunction(node: Node): boolean {
    return FUNCTION_TYPES.has(node.type);
  }

  protected parameterNames(fn: Node): string[] {
    const parameters = fn.childForFieldName('parameters');
    if (!parameters) return [];
    return parameters.namedChildren.flatMap((p) => {
      if (p.type === 'identifier') return [p.text];
      const name = p.childForFieldName('name') ?? p.namedChildren.find((c) => c.type === 'identifier');
      return name ? [name.text] : [];
    });
  }

  protected parameterList(fn: Node): Parameter[] {
    const parameters = fn.childForFieldName('parameters');
    if (!parameters) return [];
    return parameters.namedChildren.flatMap((p): Parameter[] => {
      if (p.type === 'keyword_separator' || p.type === 'positional_separator' || p.type === 'comment') return [];
      const rest = p.type === 'list_splat_pattern' || p.type === 'dictionary_splat_pattern';
      const nameNode = p.type === 'identifier' ? p : (p.childForFieldName('name') ?? p.namedChildren.find((c) => c.type === 'identifier'));
      return [{ name: nameNode?.text ?? '', defaultValue: p.childForFieldName('value'), rest }];
    });
  }

  protected spreadOperand(node: Node): Node | null {
    return node.type === 'list_splat' ? (node.namedChildren[0] ?? null) : null;
  }

  protected collect(statement: Node, table: ScopeTable): Node[] {
    // `with open(p) as f:` binds `f` to the file `open(p)` opens.
    if (statement.type === 'with_statement') {
      for (const item of statement.namedChildren.find((c) => c.type === 'with_clause')?.namedChildren ?? []) {
        const pattern = item.childForFieldName('value');
        const alias = pattern?.type === 'as_pattern' ? pattern.childForFieldName('alias')?.namedChildren[0] : undefined;
        const value = pattern?.namedChildren[0];
        if (alias?.type !== 'identifier' || !value) continue;
        const list = table.bindings.get(alias.text) ?? [];
        list.push({ name: alias.text, start: item.startIndex, op: 'assign', value, at: item });
        table.bindings.set(alias.text, list);
      }
    }
    if (COMPOUND.has(statement.type)) return statement.namedChildren.filter((c) => COMPOUND.has(c.type) || c.type === 'expression_statement' || c.type.endsWith('_statement'));
    if (statement.type === 'expression_statement') {
      const inner = statement.namedChildren[0];
      if (inner && (inner.type === 'assignment' || inner.type === 'augmented_assignment')) {
        const left = inner.childForFieldName('left');
        const right = inner.childForFieldName('right');
        const operator = inner.childForFieldName('operator')?.text;
        if (left?.type === 'identifier' && (inner.type === 'assignment' || operator === '+=')) {
          const list = table.bindings.get(left.text) ?? [];
          // `p = p + more` adds to `p` as `p += more` does.
          const added = inner.type === 'assignment' ? selfAppended(left.text, right, 'binary_operator') : [right];
          if (added) for (const value of added) list.push({ name: left.text, start: inner.startIndex, op: 'append', value, at: inner });
          else list.push({ name: left.text, start: inner.startIndex, op: 'assign', value: right, at: inner });
          table.bindings.set(left.text, list);
        }
      }
      // `messages.append(item)` adds one item, `messages.extend(items)` as many as `+=` does.
      const fn = inner?.type === 'call' ? inner.childForFieldName('function') : null;
      const target = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
      const method = fn?.childForFieldName('attribute')?.text;
      const args = inner?.childForFieldName('arguments');
      if (inner && target?.type === 'identifier' && args && (method === 'append' || method === 'extend')) {
        const list = table.bindings.get(target.text) ?? [];
        const value = method === 'append' ? args : (args.namedChildren.find((c) => c.type !== 'comment') ?? null);
        list.push({ name: target.text, start: inner.startIndex, op: method === 'append' ? 'push' : 'append', value, at: inner });
        table.bindings.set(target.text, list);
      }
      return [];
    }
    if (statement.type === 'import_from_statement') {
      const module = statement.childForFieldName('module_name')?.text;
      if (!module) return [];
      for (const name of statement.childrenForFieldName('name')) {
        const imported = name.type === 'aliased_import' ? name.childForFieldName('name')?.text : name.text;
        const local = name.type === 'aliased_import' ? name.childForFieldName('alias')?.text : name.text;
        if (imported && local) table.imports.set(local, { local, imported, module });
      }
    }
    return [];
  }

  /**
   * The file a module is read from. A relative import (`.prompts`) is found from this file's
   * folder; an absolute one (`pkg.mod`) from the folders on Python's path as a project runs it:
   * the file's own folder, the project's root (the nearest folder up holding pyproject.toml,
   * setup.py, setup.cfg or .git, else the workspace folder) and its `src/`.
   */
  protected importCandidates(module: string, fromDir: string): string[] {
    const dots = /^\.*/.exec(module)![0].length;
    let base = fromDir;
    for (let i = 1; i < dots; i++) base = join(base, '..');
    const rest = module.slice(dots).split('.').filter(Boolean);
    if (rest.length === 0) return [join(base, '__init__.py')];
    const files = (folder: string) => [join(folder, ...rest) + '.py', join(folder, ...rest, '__init__.py')];
    if (dots > 0) return files(base);
    const folders = [fromDir];
    for (const root of this.pythonRoots(fromDir)) folders.push(root, join(root, 'src'));
    return [...new Set(folders.flatMap(files))];
  }

  /** Where a project's absolute imports are found from, nearest first (see `importCandidates`). */
  private pythonRoots(fromDir: string): string[] {
    if (this.roots) return this.roots;
    const within = (folder: string, root: string) => folder === root || folder.startsWith(root.endsWith(sep) ? root : root + sep);
    const workspace = this.projectRoot !== undefined && within(fromDir, resolve(this.projectRoot)) ? resolve(this.projectRoot) : undefined;
    const roots: string[] = [];
    let folder = fromDir;
    for (let level = 0; this.readFile && level < MAX_PROJECT_LEVELS; level++) {
      if (PROJECT_MARKERS.some((name) => this.readFile!(join(folder, name)) !== undefined)) {
        roots.push(folder);
        break;
      }
      const parent = dirname(folder);
      if (folder === workspace || parent === folder) break;
      folder = parent;
    }
    if (workspace !== undefined && !roots.includes(workspace)) roots.push(workspace);
    this.roots = roots;
    return roots;
  }

  protected open(options: ProgramOptions): SourceProgram {
    return new PythonProgram(options);
  }

  protected append(left: StaticValue, right: StaticValue, at: Node): StaticValue {
    if (left.kind === 'list' && right.kind === 'list') return { kind: 'list', items: [...left.items, ...right.items], range: left.range };
    return concatTexts([asText(left, this.source), asText(right, this.source)], rangeOf(at));
  }

  /** Python joins only str to str: `"a" + 1` or `"a" + [...]` raises, left to the program. */
  protected textOperand(value: StaticValue, at: Node | SourceRange): StaticText {
    return value.kind === 'text' || value.kind === 'unknown' ? asText(value, this.source) : this.unknownAt(at);
  }

  protected remembers(type: string): boolean {
    return REMEMBERED.has(type);
  }

  protected addsIntegersOnly(): boolean {
    return true;
  }

  private stringValue(node: Node): StaticText {
    const children = node.children;
    const prefix = (children[0]?.text ?? '').replace(/['"]+$/, '').toLowerCase();
    const raw = prefix.includes('r');
    const fString = prefix.includes('f');
    const builder = new TextBuilder(rangeOf(node));
    for (const child of children) {
      if (child.type === 'string_content') {
        const unknown = decodeLiteral(this.source, child.startIndex, child.endIndex, builder, { language: 'python', raw, doubledBraces: fString });
        if (unknown.length > 0) this.notes.add('named');
      } else if (child.type === 'interpolation') {
        builder.append(this.interpolation(child));
      } else if (child.type === 'escape_interpolation') {
        builder.push(child.text[0], () => child.startIndex, child.endIndex);
      }
    }
    return builder.build();
  }

  /**
   * A known value in an f-string field with `=`, a conversion (`!r`) or a format spec (`:.2f`):
   * its text as Python writes it, or the field as written (an estimate) where that is not
   * reproduced; undefined for a plain `{value}` unless `plain` asks for it too (a list or dict,
   * which prints as its `str()`).
   */
  private printedField(value: StaticValue, field: Node): StaticText | undefined {
    const conversion = field.namedChildren.find((c) => c.type === 'type_conversion');
    const spec = field.childForFieldName('format_specifier') ?? field.namedChildren.find((c) => c.type === 'format_specifier');
    const equals = field.children.find((c) => c.type === '=');
    if (!conversion && !spec && !equals) return undefined;
    // `{x=}` writes its own source up to the `=` and the spaces after it, then the value (repr unless a spec is given).
    const afterEquals = equals ? field.children[field.children.indexOf(equals) + 1] : undefined;
    const debug = equals ? this.source.slice(field.children[0].endIndex, afterEquals?.startIndex ?? equals.endIndex) : '';
    const nested = spec?.namedChildren.some((c) => c.type === 'format_expression');
    const python = pythonValueOf(value);
    const text = python && !nested ? pythonField(python, conversion ? conversion.text.slice(1) : equals && !spec ? 'r' : undefined, spec ? spec.text.slice(1) : '') : undefined;
    if (text !== undefined) return spreadText(debug + text, rangeOf(field));
    this.notes.add('printed');
    return sliceText(this.source, field.startIndex, field.endIndex);
  }

  /** Whether an f-string field converts (`!r`), formats (`:>10`) or shows its expression (`=`). */
  private formatsField(field: Node): boolean {
    return field.namedChildren.some((c) => c.type === 'type_conversion' || c.type === 'format_specifier') || field.children.some((c) => c.type === '=');
  }

  /**
   * `Template(text).substitute(mapping, **kw)` (or `safe_substitute`), the template made in place
   * or assigned to a name; a mapping only the program knows leaves the call to the program.
   */
  private substituted(target: Node, mappingNode: Node | undefined, keywords: Map<string, Node>, node: Node, missingAsWritten: boolean): StaticText | undefined {
    const made = target.type === 'identifier' ? this.assignedExpression(target.text, target) : target;
    const templateCall = made?.type === 'call' && TEMPLATE_CLASSES.has(made.childForFieldName('function')?.text ?? '') ? made : undefined;
    const textNode = templateCall?.childForFieldName('arguments')?.namedChildren.find((a) => a.type !== 'comment');
    const text = textNode ? this.evaluate(textNode) : undefined;
    if (text?.kind !== 'text') return undefined;
    const mapping = mappingNode ? heldEntries(this.evaluate(mappingNode), 'python') : [];
    if (!mapping) return undefined;
    const named = new Map<string, StaticValue>([...mapping, ...[...keywords].map(([key, value]): [string, StaticValue] => [key, this.evaluate(value)])]);
    return templateFields(text, { positional: [], named, unprinted: () => this.notes.add('printed'), missingAsWritten }, this.source, rangeOf(node));
  }

  /** `json.dumps(value, indent=..., separators=..., ensure_ascii=..., sort_keys=...)` of a value known in full. */
  private dumped(valueNode: Node, keywords: Map<string, Node>, node: Node): StaticText | undefined {
    const option = (name: string) => {
      const at = keywords.get(name);
      return at ? this.evaluate(at) : undefined;
    };
    if ([...keywords.keys()].some((name) => !JSON_DUMPS_OPTIONS.has(name))) return undefined;
    const indentValue = option('indent');
    let indent: string | undefined;
    if (indentValue?.kind === 'scalar' && indentValue.python === 'int') {
      if ((indentValue.value as number) > 100) return undefined;
      indent = ' '.repeat(Math.max(0, indentValue.value as number));
    }
    else if (indentValue?.kind === 'text' && indentValue.dynamic.length === 0) indent = indentValue.text;
    else if (indentValue && indentValue.kind === 'scalar' && indentValue.python !== 'none') return undefined;
    else if (indentValue && indentValue.kind !== 'scalar') return undefined;
    const style = pythonJsonStyle(indent);
    const separators = option('separators');
    if (separators) {
      const [item, key] = separators.kind === 'list' ? separators.items : [];
      if (separators.kind !== 'list' || separators.items.length !== 2 || item.kind !== 'text' || key.kind !== 'text' || item.dynamic.length + key.dynamic.length > 0) return undefined;
      style.itemSeparator = item.text;
      style.keySeparator = key.text;
    }
    for (const [name, field] of [['ensure_ascii', 'asciiOnly'], ['sort_keys', 'sortKeys']] as const) {
      const flag = option(name);
      if (!flag) continue;
      if (flag.kind !== 'scalar' || typeof flag.value !== 'boolean') return undefined;
      style[field] = flag.value;
    }
    const text = jsonText(this.evaluate(valueNode), style, MAX_TEXT_VALUE_CHARS);
    return text === undefined ? undefined : spreadText(text, rangeOf(node));
  }

  /** `{expr}` in an f-string: the value's text when known, else the braces as a placeholder. */
  private interpolation(node: Node): StaticText {
    const expression = node.childForFieldName('expression') ?? node.namedChildren[0];
    if (!expression) return asText(this.unknownOf(node), this.source);
    const value = this.evaluate(expression);
    const printable = value.kind === 'scalar' || (value.kind === 'text' && value.dynamic.length === 0);
    if (printable) return this.printedField(value, node) ?? asText(value, this.source);
    // A list, tuple or dict known in full prints as its repr.
    const container = value.kind === 'list' || value.kind === 'object' ? pythonValueOf(value) : undefined;
    const containerText = container && pythonStr(container);
    if (container && containerText !== undefined) return this.printedField(value, node) ?? spreadText(containerText, rangeOf(node));
    // A text with parts only the program knows: as it is in a plain field, a placeholder where it is printed (`!r`, a spec).
    if (value.kind === 'text' && !this.formatsField(node)) return value;
    // A list, tuple or dict only the running program knows in part, made of values the same on
    // every request, is the same too.
    if ((value.kind === 'list' || value.kind === 'object') && isConstant(value)) return asText(this.derivedConstant(expression), this.source, rangeOf(node));
    const shown = value.kind === 'unknown' ? withFormatSpec(value, node) : { ...this.unknownOf(expression), perRequest: false };
    return asText(shown, this.source, rangeOf(node));
  }

  private dictionary(node: Node): StaticValue {
    const entries: StaticEntry[] = [];
    let partial = false;
    for (const pair of node.namedChildren) {
      if (pair.type === 'pair') {
        const key = pair.childForFieldName('key');
        const value = pair.childForFieldName('value');
        const keyValue = key ? this.evaluate(key) : undefined;
        if (keyValue?.kind === 'text' && value) entries.push({ key: keyValue.text, value: this.evaluate(value) });
        if (keyValue?.kind !== 'text' || keyValue.dynamic.length > 0 || !value) partial = true;
      } else if (pair.type === 'dictionary_splat') {
        const spread = pair.namedChildren[0] ? this.evaluate(pair.namedChildren[0]) : undefined;
        if (spread?.kind === 'object') entries.push(...spread.entries);
        else this.notes.add('spread');
        if (spread?.kind !== 'object' || spread.partial) partial = true;
      } else if (pair.type !== 'comment') {
        partial = true;
      }
    }
    return { kind: 'object', entries, range: rangeOf(node), ...(partial ? { partial: true as const } : {}) };
  }

  private binary(node: Node): StaticValue {
    const operator = node.childForFieldName('operator')?.text;
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left || !right) return this.unknownOf(node);
    if (operator === '+') return this.concatenation(node, isPlus, true);
    if (operator === '/') return pathObject(joinedPath([this.evaluate(left), this.evaluate(right)], rangeOf(node))) ?? this.unknownOf(node);
    if (operator === '*') {
      // `"…" * 3` or `3 * "…"`: the text repeated; two numbers multiplied.
      const [a, b] = [this.evaluate(left), this.evaluate(right)];
      const [text, times] = a.kind === 'text' ? [a, repeatCount(b)] : b.kind === 'text' ? [b, repeatCount(a)] : [undefined, undefined];
      const repeated = text && times !== undefined ? repeatText(text, times, rangeOf(node)) : undefined;
      return repeated ?? numberOperation(operator, a, b, rangeOf(node), true) ?? this.unknownOf(node);
    }
    if (operator === '-' || operator === '//' || operator === '**') {
      return numberOperation(operator, this.evaluate(left), this.evaluate(right), rangeOf(node), true) ?? this.unknownOf(node);
    }
    if (operator === '%') {
      const template = this.evaluate(left);
      if (template.kind === 'scalar') return numberOperation(operator, template, this.evaluate(right), rangeOf(node), true) ?? this.unknownOf(node);
      if (template.kind !== 'text') return this.unknownOf(node);
      const args = this.evaluate(right);
      const unprinted = () => this.notes.add('printed');
      // A tuple's items are the arguments; a list (or any other value) is one argument.
      const format: FormatArguments =
        args.kind === 'list' && args.tuple
          ? { positional: args.items, named: new Map(), unprinted }
          : args.kind === 'object'
            ? { positional: [args], named: new Map(args.entries.map((e) => [e.key, e.value])), unprinted }
            : { positional: [args], named: new Map(), unprinted };
      return percentFields(template, format, this.source, rangeOf(node));
    }
    return this.unknownOf(node);
  }

  private call(node: Node): StaticValue {
    const fn = node.childForFieldName('function');
    const argsNode = node.childForFieldName('arguments');
    if (!fn || !argsNode) return this.unknownOf(node);
    const positional: Node[] = [];
    const keywords = new Map<string, Node>();
    // `**D`: a dict's entries as keywords (read where a call takes them).
    const splats: Node[] = [];
    // `"".join(x for x in ITEMS)`: the parentheses of the call are the generator's own.
    if (argsNode.type === 'generator_expression') positional.push(argsNode);
    else for (const arg of argsNode.namedChildren) {
      if (arg.type === 'keyword_argument') {
        const name = arg.childForFieldName('name')?.text;
        const value = arg.childForFieldName('value');
        if (name && value) keywords.set(name, value);
      } else if (arg.type === 'dictionary_splat') {
        if (arg.namedChildren[0]) splats.push(arg.namedChildren[0]);
      } else if (arg.type !== 'comment') positional.push(arg);
    }
    // The callee's text, read once: a node's text is a new slice of the source at each reading, and
    // the callee of a chained call (`q.replace(...).replace(...)`) holds the whole chain.
    const callee = fn.text;
    const method = fn.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
    const name = fn.type === 'identifier' ? callee : method;
    const target = fn.type === 'attribute' ? fn.childForFieldName('object') : null;

    const fromFile = this.pathCall(callee, method, target, positional, keywords, node);
    if (fromFile) return fromFile;
    const fromBytes = this.bytesCall(callee, method, target, positional, keywords, node);
    if (fromBytes) return fromBytes;
    // `os.getenv("MODEL", "gpt-4o")`, `os.environ.get("MODEL", "gpt-4o")`: unknown, with its default.
    if (ENV_LOOKUPS.has(callee) && positional.length >= 1) {
      const fallback = positional[1] ?? keywords.get('default');
      return this.withFallback(node, fallback ? this.evaluate(fallback) : undefined);
    }
    if ((name === 'dedent' || name === 'cleandoc') && positional[0]) {
      const value = this.evaluate(positional[0]);
      // Python's dedent takes a line of spaces and tabs only as blank.
      if (value.kind === 'text') return name === 'cleandoc' ? (cleandocText(value) ?? this.unknownOf(node)) : dedentText(value, (line) => /^[ \t]*$/.test(line));
    }
    // LangChain's messages: `SystemMessage(content="...")`, `HumanMessage("...")`, a placeholder, a message template.
    const className = name ?? callee.slice(callee.lastIndexOf('.') + 1);
    const placeholder = messagesPlaceholder(className, node.text, rangeOf(node));
    if (placeholder) return placeholder;
    const template = positional[0] ?? keywords.get('template');
    const messageTemplate = template ? messageTemplateObject(callee, () => this.evaluate(template), rangeOf(node)) : undefined;
    if (messageTemplate) return messageTemplate;
    // langchain-core 1: `content_blocks=[...]` is the message's content.
    const content = positional[0] ?? keywords.get('content') ?? keywords.get('content_blocks');
    if (content && MESSAGE_CLASSES.has(className)) {
      const toolCallId = keywords.get('tool_call_id');
      const more = toolCallId ? [{ key: 'tool_call_id', value: this.evaluate(toolCallId) }] : [];
      const message = messageObject(className, this.evaluate(content), more, rangeOf(node), rangeOf(fn), PYTHON_DIALECT.standardBlockKeys);
      if (message) return message;
    }
    if (fn.type === 'identifier' && name === 'dict' && positional.length === 0) {
      return { kind: 'object', entries: [...keywords].map(([key, value]) => ({ key, value: this.evaluate(value) })), range: rangeOf(node) };
    }
    if (fn.type === 'identifier' && (name === 'str' || name === 'repr' || name === 'ascii') && positional.length === 1 && keywords.size === 0) {
      const value = this.evaluate(positional[0]);
      if (name === 'str' && value.kind === 'text') {
        // `str(path)` is the path's text, a str.
        const { pathObject: _path, ...text } = value;
        return text;
      }
      const python = pythonValueOf(value);
      const text = python && (name === 'str' ? pythonStr(python) : pythonRepr(python, name === 'ascii'));
      if (text !== undefined) return spreadText(text, rangeOf(node));
    }
    if (fn.type === 'identifier' && name === 'len' && positional.length === 1 && keywords.size === 0) {
      const size = pythonLength(this.evaluate(positional[0]));
      if (size !== undefined) return { kind: 'scalar', value: size, range: rangeOf(node), python: 'int' };
    }
    if ((method === 'substitute' || method === 'safe_substitute') && target && positional.length <= 1) {
      // `safe_substitute` leaves a name not in a mapping known in full as written.
      const substituted = this.substituted(target, positional[0], keywords, node, method === 'safe_substitute' && splats.length === 0);
      if (substituted) return substituted;
    }
    if (callee === 'textwrap.indent' && positional.length === 2 && keywords.size === 0) {
      const [text, prefix] = positional.map((p) => this.evaluate(p));
      const indented = text.kind === 'text' && prefix.kind === 'text' ? indentedText(text, prefix, rangeOf(node)) : undefined;
      if (indented) return indented;
    }
    if ((method === 'model_json_schema' || method === 'schema') && target?.type === 'identifier' && positional.length === 0 && keywords.size === 0 && splats.length === 0) {
      const schema = this.modelSchema(target.text, node);
      if (schema) return schema;
    }
    if ((callee === 'openai.pydantic_function_tool' || (fn.type === 'identifier' && name === 'pydantic_function_tool')) && positional[0]?.type === 'identifier' && positional.length === 1 && splats.length === 0) {
      const tool = this.pydanticFunctionTool(positional[0], keywords, node);
      if (tool) return tool;
    }
    if (callee === 'json.dumps' && positional.length === 1) {
      const dumped = this.dumped(positional[0], keywords, node);
      if (dumped) return dumped;
    }
    if (target && method && TEXT_METHODS.has(method)) {
      const subject = this.evaluate(target);
      if (subject.kind === 'text') {
        if (method === 'format') {
          // `**D` of a known dict names its entries too (a later keyword wins, as Python would refuse a repeat).
          const spread = splats.flatMap((splat) => heldEntries(this.evaluate(splat), 'python') ?? []);
          const args: FormatArguments = {
            positional: positional.map((p) => this.evaluate(p)),
            named: new Map([...spread, ...[...keywords].map(([key, value]): [string, StaticValue] => [key, this.evaluate(value)])]),
            unprinted: () => this.notes.add('printed'),
          };
          return formatFields(subject, args, this.source, rangeOf(node));
        }
        if (method === 'join' && positional[0]) {
          const iterated = this.iterated(positional[0]);
          const items: StaticValue = iterated ? { kind: 'list', items: iterated, range: rangeOf(positional[0]) } : this.evaluate(positional[0]);
          // Python joins only str: a number among the items is an error, left to the program.
          if (items.kind === 'list' && items.items.every((i) => i.kind === 'text' || i.kind === 'unknown')) {
            return joinTexts(items.items.map((i) => asText(i, this.source)), subject, rangeOf(node));
          }
        }
        if ((method === 'ljust' || method === 'rjust' || method === 'center' || method === 'zfill') && positional.length >= 1 && keywords.size === 0) {
          const padded = pythonPadded(subject, method, positional.map((p) => this.evaluate(p)), rangeOf(node));
          if (padded) return padded;
        }
        if ((method === 'upper' || method === 'lower' || method === 'title' || method === 'capitalize') && positional.length === 0 && keywords.size === 0) {
          const recased = strMethod(subject, method);
          if (recased) return recased;
        }
        if (method === 'replace' && (positional.length === 2 || positional.length === 3) && keywords.size === 0) {
          const [old, replacement, count] = positional.map((p) => this.evaluate(p));
          const times = count === undefined ? undefined : count.kind === 'scalar' && count.python === 'int' ? (count.value as number) : NaN;
          if (old.kind === 'text' && replacement.kind === 'text' && replacement.dynamic.length === 0 && !Number.isNaN(times)) {
            const replaced = replacedText(subject, old.text, replacement.text, times !== undefined && times < 0 ? undefined : times, rangeOf(node));
            if (replaced) return replaced;
          }
        }
        if ((method === 'strip' || method === 'lstrip' || method === 'rstrip') && positional.length === 0) {
          return trimText(subject, method === 'strip' ? 'both' : method === 'lstrip' ? 'start' : 'end', 'python');
        }
      }
    }
    const builtin = fn.type === 'identifier' ? BUILTINS.has(callee) : method !== undefined && target !== null && (STR_METHODS.has(method) || method === 'get');
    if (builtin && splats.length === 0) {
      this.roundedSum = undefined;
      const computed = this.tentatively(() => (fn.type === 'identifier' ? this.builtinCall(callee, positional, keywords, node) : this.methodCall(method!, target!, positional, keywords, node)));
      if (computed) return computed;
      if ((this.roundedSum as Node | undefined) === node) this.reasons.add(`\`${node.text.length > 40 ? `${node.text.slice(0, 37)}...` : node.text}\` adds floats that Python 3.11 and Python 3.12 and later round otherwise: its text is left to the program`);
    }
    if (fn.type === 'identifier') {
      const returned = this.callLocalFunction(callee, node, positional, keywords);
      if (returned) return returned;
    }
    const args = positional.map((p) => this.evaluate(p));
    // A function without side effects of values the same on every request gives one too.
    if (PURE_FUNCTIONS.has(callee) || (method !== undefined && PURE_METHODS.has(method))) {
      const before = this.importTimeValues.length;
      const subject = fn.type === 'attribute' && !PURE_FUNCTIONS.has(callee) && target ? this.evaluate(target) : undefined;
      if ((subject === undefined || isConstant(subject)) && args.every(isConstant) && [...keywords.values()].every((k) => isConstant(this.evaluate(k)))) return this.derivedConstant(node);
      this.importTimeValues.length = before;
    }
    return { ...this.unknownOf(node), call: { callee: callee, args } };
  }

  /**
   * `sorted(...)` (with `reverse=` and `key=`), `reversed(...)`, `min(...)` / `max(...)` (with
   * `default=` and `key=`), `sum(...)`, `list(...)` and `tuple(...)` of what the source knows in
   * full; undefined for anything else, where Python raises (items it does not order, an empty
   * `max`), and for a float sum Python versions round otherwise.
   */
  private builtinCall(name: string, positional: readonly Node[], keywords: ReadonlyMap<string, Node>, node: Node): StaticValue | undefined {
    const range = rangeOf(node);
    const only = (...allowed: string[]) => [...keywords.keys()].every((key) => allowed.includes(key));
    if (name === 'sorted' && positional.length === 1 && only('reverse', 'key')) {
      const reverseNode = keywords.get('reverse');
      const reverse = reverseNode ? pythonIndex(this.evaluate(reverseNode)) : 0;
      const items = reverse === undefined ? undefined : this.iterated(positional[0]);
      const keys = items && this.keysOf(items, keywords.get('key'));
      const sorted = keys && pythonSorted(items!, reverse !== 0, keys);
      return sorted && { kind: 'list', items: sorted, range };
    }
    if (name === 'reversed' && positional.length === 1 && keywords.size === 0) {
      // A str, list, tuple or dict (its keys); a generator is no sequence (Python raises).
      const value = this.evaluate(positional[0]);
      const items =
        value.kind === 'text' ? pythonCharacters(value) : value.kind === 'object' ? settledEntries(value, 'python')?.map(([key]) => spreadText(key, range)) : value.kind === 'list' && !value.generator ? settledItems(value) : undefined;
      return items && { kind: 'list', items: [...items].reverse(), range, generator: true };
    }
    if ((name === 'min' || name === 'max') && positional.length >= 1 && only('key', ...(positional.length === 1 ? ['default'] : []))) {
      const items = positional.length === 1 ? this.iterated(positional[0]) : positional.map((p) => this.evaluate(p));
      const fallback = keywords.get('default');
      if (items?.length === 0 && fallback) return this.evaluate(fallback);
      const keys = items && this.keysOf(items, keywords.get('key'));
      return keys && pythonExtreme(items!, name === 'max', keys);
    }
    if (name === 'sum' && positional.length >= 1 && positional.length <= 2 && only(...(positional.length === 1 ? ['start'] : []))) {
      const startNode = positional[1] ?? keywords.get('start');
      const start = startNode ? pythonNumberOf(this.evaluate(startNode)) : { value: 0, float: false };
      const items = start === undefined ? undefined : this.iterated(positional[0]);
      const sum = items && pythonSum(items, start!, range);
      if (sum !== 'version') return sum;
      this.roundedSum = node;
      return undefined;
    }
    if ((name === 'list' || name === 'tuple') && positional.length <= 1 && keywords.size === 0) {
      const items = positional[0] ? this.iterated(positional[0]) : [];
      return items && { kind: 'list', items: [...items], range, ...(name === 'tuple' ? { tuple: true as const } : {}) };
    }
    return undefined;
  }

  /** The `key=` of `sorted`, `min` or `max` applied to each item: the items themselves for none (or None). */
  private keysOf(items: readonly StaticValue[], key: Node | undefined): StaticValue[] | undefined {
    if (!key || key.type === 'none') return [...items];
    const keys: StaticValue[] = [];
    for (const item of items) {
      const value = this.applied(key, item);
      if (!value) return undefined;
      keys.push(value);
    }
    return keys;
  }

  /**
   * A function given as a value (`key=`, `map(...)`) applied to one item: `str`, `repr`, `len`, an
   * unbound method of str (`str.lower`, `str.strip`, `str.title` ...), or a lambda of one parameter
   * returning one expression; undefined for any other, or where the result is not known.
   */
  private applied(fn: Node, item: StaticValue): StaticValue | undefined {
    if (fn.type === 'identifier' && (fn.text === 'str' || fn.text === 'repr')) {
      const python = pythonValueOf(item);
      const text = python && (fn.text === 'str' ? pythonStr(python) : pythonRepr(python));
      return text === undefined ? undefined : item.kind === 'text' && fn.text === 'str' ? item : spreadText(text, item.range);
    }
    if (fn.type === 'identifier' && fn.text === 'len') {
      const size = pythonLength(item);
      return size === undefined ? undefined : placedAs({ kind: 'scalar', value: size, range: item.range, python: 'int' }, item.unplaced);
    }
    if (fn.type === 'attribute' && fn.childForFieldName('object')?.text === 'str') {
      const method = fn.childForFieldName('attribute')?.text ?? '';
      return item.kind === 'text' && knownStr(item) !== undefined ? strMethod(item, method) : undefined;
    }
    if (fn.type !== 'lambda') return undefined;
    const body = fn.childForFieldName('body');
    const names = fn.childForFieldName('parameters')?.namedChildren.filter((c) => c.type !== 'comment') ?? [];
    if (!body || names.length !== 1 || names[0].type !== 'identifier') return undefined;
    const value = this.withBound(fn, new Map([[names[0].text, item]]), () => this.evaluate(body));
    return value.kind === 'unknown' ? undefined : placedAs(value, item.unplaced);
  }

  /**
   * Methods of a known str (`split`, `rsplit`, `splitlines`, `partition`, `rpartition`, `strip(chars)` and its one-sided
   * forms, `startswith`, `endswith`, `removeprefix`, `removesuffix`) and a known dict's `get`;
   * undefined for anything else.
   */
  private methodCall(method: string, target: Node, positional: readonly Node[], keywords: ReadonlyMap<string, Node>, node: Node): StaticValue | undefined {
    const range = rangeOf(node);
    if (method === 'get' && positional.length >= 1 && positional.length <= 2 && keywords.size === 0) {
      const dict = this.evaluate(target);
      if (dict.kind !== 'object' || !settledEntries(dict, 'python')) return undefined;
      const key = this.evaluate(positional[0]);
      // Every key is a str: a number or None is in no such dict.
      if (key.kind !== 'scalar' && knownStr(key) === undefined) return undefined;
      const found = key.kind === 'text' ? pythonItem(dict, key) : undefined;
      if (found) return found;
      return positional[1] ? this.evaluate(positional[1]) : { kind: 'scalar', value: null, range, python: 'none' };
    }
    if (!STR_METHODS.has(method)) return undefined;
    const subject = this.evaluate(target);
    if (subject.kind !== 'text' || knownStr(subject) === undefined) return undefined;
    const argument = (i: number, name?: string) => {
      const at = positional[i] ?? (name ? keywords.get(name) : undefined);
      return at ? this.evaluate(at) : undefined;
    };
    const isNone = (v: StaticValue | undefined) => v?.kind === 'scalar' && v.python === 'none';
    const knownText = knownStr;
    const only = (...allowed: string[]) => [...keywords.keys()].every((key) => allowed.includes(key));
    if ((method === 'split' || method === 'rsplit') && positional.length <= 2 && only('sep', 'maxsplit')) {
      const [sep, count] = [argument(0, 'sep'), argument(1, 'maxsplit')];
      const separator = sep === undefined || isNone(sep) ? undefined : knownText(sep);
      const maxsplit = count === undefined ? -1 : pythonIndex(count);
      if ((sep !== undefined && !isNone(sep) && separator === undefined) || maxsplit === undefined) return undefined;
      return pythonSplit(subject, separator, maxsplit, method === 'rsplit', range);
    }
    if (method === 'splitlines' && positional.length <= 1 && only('keepends')) {
      const keep = argument(0, 'keepends');
      const keepends = keep === undefined ? 0 : pythonIndex(keep);
      return keepends === undefined ? undefined : pythonSplitLines(subject, keepends !== 0, range);
    }
    if ((method === 'partition' || method === 'rpartition') && positional.length === 1 && keywords.size === 0) {
      const separator = knownText(argument(0));
      return separator === undefined ? undefined : pythonPartition(subject, separator, method === 'rpartition', range);
    }
    if ((method === 'strip' || method === 'lstrip' || method === 'rstrip') && positional.length === 1 && keywords.size === 0) {
      const chars = argument(0);
      const side = method === 'strip' ? 'both' : method === 'lstrip' ? 'start' : 'end';
      if (isNone(chars)) return trimText(subject, side, 'python');
      const set = knownText(chars);
      return set === undefined ? undefined : pythonStripChars(subject, set, side);
    }
    if ((method === 'startswith' || method === 'endswith') && positional.length === 1 && keywords.size === 0) {
      // A str, or a tuple of str (any of them).
      const affix = argument(0)!;
      const options = affix.kind === 'list' && affix.tuple ? affix.items.map(knownText) : [knownText(affix)];
      if (options.some((o) => o === undefined)) return undefined;
      return pythonBool(options.some((o) => pythonAffix(subject.text, o!, method === 'endswith')), range);
    }
    if ((method === 'removeprefix' || method === 'removesuffix') && positional.length === 1 && keywords.size === 0) {
      const affix = knownText(argument(0));
      if (affix === undefined) return undefined;
      const atEnd = method === 'removesuffix';
      if (affix === '' || !pythonAffix(subject.text, affix, atEnd)) return subject;
      return atEnd ? sliceOf(subject, 0, subject.text.length - affix.length) : sliceOf(subject, affix.length, subject.text.length);
    }
    return undefined;
  }

  /**
   * Path operations on known paths and the reading of a file at one (promptFiles.ts):
   * `Path(…)`, `os.path.join/dirname/abspath`, `.resolve()`, `.joinpath(…)`, `.with_name(…)`,
   * `.read_text()` and `open(…).read()`. Undefined for other calls, and where the path is unknown.
   */
  private pathCall(callee: string, method: string | undefined, target: Node | null, positional: Node[], keywords: ReadonlyMap<string, Node>, node: Node): StaticValue | undefined {
    const range = rangeOf(node);
    const values = () => positional.map((p) => this.evaluate(p));
    if (PATH_CONSTRUCTORS.has(callee) && positional.length > 0) return pathObject(joinedPath(values(), range));
    if (callee === 'os.path.join' && positional.length > 0) return joinedPath(values(), range);
    if (callee === 'os.path.dirname' && positional.length === 1) return parentPath(this.evaluate(positional[0]), range);
    if (SAME_PATH_FUNCTIONS.has(callee) && positional.length === 1) return joinedPath(values(), range);
    if (!target || !method) return undefined;
    // `open(p).read()`, or `f.read()` of a file opened before (`with open(p) as f:`, `f = open(p)`).
    const opened = method === 'read' && target.type === 'identifier' ? this.assignedExpression(target.text, target) : target;
    if (method === 'read' && positional.length === 0 && opened?.type === 'call') {
      const opener = opened.childForFieldName('function')?.text;
      const args = opened.childForFieldName('arguments')?.namedChildren.filter((c) => c.type !== 'comment') ?? [];
      const [path, modeNode] = args.filter((c) => c.type !== 'keyword_argument');
      const keyword = (name: string) => args.find((c) => c.type === 'keyword_argument' && c.childForFieldName('name')?.text === name)?.childForFieldName('value') ?? undefined;
      const modeValue = modeNode ?? keyword('mode');
      const mode = modeValue ? knownString(this.evaluate(modeValue)) : 'r';
      if (!opener || !OPENERS.has(opener) || !path || mode === undefined) return undefined;
      // A file opened in binary mode reads bytes (`open(p, "rb")`: an image sent inline).
      if (/^(?:rb|br)$/.test(mode) && opener !== 'codecs.open') return this.fileBytes(this.evaluate(path), node);
      if (!/^[rt]*$/.test(mode)) return undefined;
      return this.universalNewlines(this.fileText(this.evaluate(path), node), keyword('newline'));
    }
    if (method === 'read_text') return this.universalNewlines(this.fileText(this.evaluate(target), node), keywords.get('newline'));
    if (method === 'read_bytes' && positional.length === 0 && keywords.size === 0) return this.fileBytes(this.evaluate(target), node);
    if (SAME_PATH_METHODS.has(method) && positional.length === 0) return pathObject(joinedPath([this.evaluate(target)], range));
    if (method === 'joinpath' && positional.length > 0) return pathObject(joinedPath([this.evaluate(target), ...values()], range));
    if (method === 'with_name' && positional.length === 1) {
      const folder = parentPath(this.evaluate(target), range);
      return folder ? pathObject(joinedPath([folder, this.evaluate(positional[0])], range)) : undefined;
    }
    return undefined;
  }

  /**
   * A file's bytes encoded as an image is sent inline: `base64.b64encode(data)` (or
   * `standard_b64encode`) gives the base64 bytes, `.decode()` (UTF-8 or ASCII) their text.
   */
  private bytesCall(callee: string, method: string | undefined, target: Node | null, positional: Node[], keywords: ReadonlyMap<string, Node>, node: Node): StaticValue | undefined {
    if (B64_ENCODERS.has(callee) && positional.length === 1 && keywords.size === 0) {
      const value = this.evaluate(positional[0]);
      if (value.kind !== 'unknown' || !value.bytes) return undefined;
      if (value.bytes.base64) return undefined;
      return { kind: 'unknown', expression: node.text, range: rangeOf(node), perRequest: false, bytes: { ...value.bytes, data: base64Bytes(value.bytes.data), base64: true } };
    }
    if (method !== 'decode' || !target || positional.length + keywords.size > 1) return undefined;
    const encodingNode = positional[0] ?? keywords.get('encoding');
    const encoding = encodingNode ? knownString(this.evaluate(encodingNode)) : 'utf-8';
    if (encoding === undefined || !/^(?:utf[-_]?8|ascii)$/i.test(encoding)) return undefined;
    const value = this.evaluate(target);
    if (value.kind !== 'unknown' || !value.bytes) return undefined;
    if (value.bytes.base64) return this.fileBase64Text(value.bytes, node);
    // A file's own bytes as text (`open(p, "rb").read().decode()`): undefined where Python raises,
    // and for a large image, of which only the start is read.
    if (value.bytes.partial) return undefined;
    const ascii = /^ascii$/i.test(encoding);
    const data = value.bytes.data;
    if (ascii && data.some((byte) => byte >= 0x80)) return undefined;
    try {
      return spreadText(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(data), rangeOf(node));
    } catch {
      return undefined;
    }
  }

  /**
   * A file's text as Python reads it in text mode: with no `newline=` (or `newline=None`) each
   * `\r\n` and `\r` is `\n`; another `newline` leaves the text to the program.
   */
  private universalNewlines(text: StaticText | undefined, newline: Node | undefined): StaticText | undefined {
    if (!text || !text.text.includes('\r')) return text;
    const given = newline ? this.evaluate(newline) : undefined;
    // `newline=""` (or another line end) reads the text as it is.
    if (given?.kind === 'text' && given.dynamic.length === 0) return text;
    if (given && !(given.kind === 'scalar' && given.python === 'none')) return undefined;
    return spreadText(text.text.replace(/\r\n?/g, '\n'), text.range);
  }

  /**
   * `Model.model_json_schema()` (or pydantic 1's `Model.schema()`) of a pydantic model class of this
   * module: pydantic 2's own schema, the same on every request. A schema holding numbers is left to
   * the program (a float default of `1.0` and an int `1` are one JSON number here, and Python
   * prints them apart), as is a field type not known here: both computed from the module's classes.
   */
  private modelSchema(name: string, node: Node): StaticValue | undefined {
    const cls = this.classNamed(name, node);
    if (!cls || !isModelClass(cls, this.modelContext(cls))) return undefined;
    const schema = pydanticModelSchema(cls, this.modelContext(cls));
    return schema && !holdsNumber(schema) ? pythonOfJson(schema, rangeOf(node)) : this.derivedConstant(node);
  }

  /**
   * `openai.pydantic_function_tool(Model, name=..., description=...)`: the Chat Completions function
   * tool the openai SDK makes of a pydantic model of this module: named after the class, `strict`,
   * its parameters the model's strict schema (as `response_format=Model` sends it), and described
   * by the class's docstring as Python holds it (`__doc__`, not cleaned up), when it has one.
   */
  private pydanticFunctionTool(model: Node, keywords: Map<string, Node>, node: Node): StaticValue | undefined {
    if ([...keywords.keys()].some((key) => key !== 'name' && key !== 'description')) return undefined;
    const cls = this.classNamed(model.text, model);
    const schema = cls ? modelJsonSchema(cls, this.modelContext(cls)) : undefined;
    if (!cls || !schema) return undefined;
    const range = rangeOf(node);
    const given = (key: string) => {
      const value = keywords.get(key);
      const evaluated = value ? this.evaluate(value) : undefined;
      return evaluated && !(evaluated.kind === 'scalar' && evaluated.python === 'none') ? evaluated : undefined;
    };
    const first = cls.childForFieldName('body')?.namedChildren[0];
    const docNode = first?.type === 'expression_statement' && first.namedChildren[0]?.type === 'string' ? first.namedChildren[0] : undefined;
    const description = given('description') ?? (docNode ? this.evaluate(docNode) : undefined);
    const fn: StaticEntry[] = [
      { key: 'name', value: given('name') ?? spreadText(model.text, rangeOf(model)) },
      { key: 'strict', value: { kind: 'scalar', value: true, range, python: 'bool' } },
      { key: 'parameters', value: staticOfJson(schema, rangeOf(model)) },
      ...(description ? [{ key: 'description', value: description }] : []),
    ];
    this.reasons.add(`the tool \`${model.text}\` is a pydantic model: its schema is written from the class as pydantic 2 and the openai SDK write it`);
    return {
      kind: 'object',
      entries: [
        { key: 'type', value: spreadText('function', range) },
        { key: 'function', value: { kind: 'object', entries: fn, range } },
      ],
      range,
    };
  }

  /** Module-level classes by name (a decorated class included). */
  private classes: Map<string, Node> | undefined;

  /**
   * The class a name refers to where `at` reads it: one defined in an enclosing function before
   * that place (the innermost first, as Python looks names up), else the module's. A function that
   * binds the name otherwise (a parameter, an assignment, an import), or defines the class only
   * after that place, leaves it undefined: Python would not find the module's class there.
   */
  private classNamed(name: string, at?: Node): Node | undefined {
    for (let scope = at?.parent ?? null; scope; scope = scope.parent) {
      if (scope.type !== 'function_definition' && scope.type !== 'lambda') continue;
      const local = localClass(scope, name, at!);
      if (local === 'module') break;
      if (local !== 'none') return local === 'other' ? undefined : local;
    }
    if (!this.classes) {
      this.classes = new Map();
      for (const statement of this.tree.rootNode.namedChildren) {
        const cls = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
        const className = cls?.type === 'class_definition' ? cls.childForFieldName('name')?.text : undefined;
        if (cls && className) this.classes.set(className, cls);
      }
    }
    return this.classes.get(name);
  }

  /**
   * A pydantic model class of this module named where a value is read (`response_format=Answer`):
   * its strict JSON schema, as the openai SDK sends it; undefined for any other name, and for a model
   * with a field type not known here.
   */
  /** A lambda is code, never prompt text. */
  protected override isNeverText(node: Node): boolean {
    return node.type === 'lambda';
  }

  protected override declaredValue(name: string, use: Node): StaticValue | undefined {
    const cls = this.classNamed(name, use);
    if (!cls) return undefined;
    const schema = modelJsonSchema(cls, this.modelContext(cls));
    if (!schema) return undefined;
    this.reasons.add(`the response format \`${name}\` is a pydantic model: its schema is written from the class as pydantic 2 and the openai SDK write it`);
    return { ...(staticOfJson(schema, rangeOf(use)) as StaticObject), modelClass: name };
  }

  /** What pydanticSchema.ts needs of this module: its classes (as seen from `at`, when given) and its values. */
  modelContext(at?: Node): ModelContext {
    return { classNamed: (name: string) => this.classNamed(name, at), evaluate: (n: Node) => this.evaluate(n) };
  }

  /** A workspace file near this one (a project's manifest), read as imports are; undefined when absent. */
  readProjectFile(path: string): string | undefined {
    return this.readFile?.(path);
  }

  /**
   * Keyword and positional arguments of a call, `**spread` merged in when it is a known dict. The
   * keyword arguments `unread` names are read without noting the values computed when the module
   * loads that they hold.
   */
  callArguments(call: Node, unread?: (name: string) => boolean): { named: StaticEntry[]; positional: StaticValue[] } {
    const named: StaticEntry[] = [];
    const positional: StaticValue[] = [];
    for (const arg of call.childForFieldName('arguments')?.namedChildren ?? []) {
      if (arg.type === 'keyword_argument') {
        const name = arg.childForFieldName('name')?.text;
        const value = arg.childForFieldName('value');
        const noted = this.importTimeValues.length;
        if (name && value) named.push({ key: name, value: this.evaluate(value) });
        // An argument the request does not read: what computing it noted says nothing of the count.
        if (name && unread?.(name)) this.importTimeValues.length = noted;
      } else if (arg.type === 'dictionary_splat') {
        const spread = arg.namedChildren[0] ? this.evaluate(arg.namedChildren[0]) : undefined;
        if (spread?.kind === 'object') named.push(...spread.entries);
        else this.notes.add('spread');
      } else if (arg.type !== 'comment') positional.push(this.evaluate(arg));
    }
    return { named, positional };
  }
}

/**
 * A clock reading formatted by its f-string field (`{datetime.now():%Y-%m-%d}`): a format that
 * writes only the date makes it the same all day. A conversion (`!s`) formats text instead.
 */
function withFormatSpec(value: StaticUnknown, interpolation: Node): StaticUnknown {
  const spec = interpolation.childForFieldName('format_specifier') ?? interpolation.namedChildren.find((c) => c.type === 'format_specifier');
  const converted = interpolation.namedChildren.some((c) => c.type === 'type_conversion');
  if (!value.perRequest || !spec || converted) return value;
  const { daily: _daily, ...perRequest } = value;
  return isDailyExpression(value.expression, spec.text.replace(/^:/, '')) ? { ...perRequest, daily: true } : perRequest;
}

/** Whether a JSON value holds a number anywhere. */
function holdsNumber(value: unknown): boolean {
  if (typeof value === 'number') return true;
  if (Array.isArray(value)) return value.some(holdsNumber);
  return value !== null && typeof value === 'object' && Object.values(value).some(holdsNumber);
}

/** A JSON value without numbers as the Python value `json.loads` makes of it: str, bool, None, list, dict. */
function pythonOfJson(value: unknown, range: SourceRange): StaticValue {
  if (typeof value === 'string') return spreadText(value, range);
  if (typeof value === 'boolean') return { kind: 'scalar', value, range, python: 'bool' };
  if (Array.isArray(value)) return { kind: 'list', items: value.map((item) => pythonOfJson(item, range)), range };
  if (value !== null && typeof value === 'object') return { kind: 'object', entries: Object.entries(value).map(([key, v]) => ({ key, value: pythonOfJson(v, range) })), range };
  return { kind: 'scalar', value: null, range, python: 'none' };
}

/** An int or float literal (`1_000`, `0x1F`, `2.0`, `1e-5`); undefined for a complex one or an int past what a double holds. */
function pythonNumber(node: Node): StaticScalar | undefined {
  const value = Number(node.text.replace(/_/g, ''));
  if (Number.isNaN(value)) return undefined;
  if (node.type === 'float') return { kind: 'scalar', value, range: rangeOf(node), python: 'float' };
  return Number.isSafeInteger(value) ? { kind: 'scalar', value, range: rangeOf(node), python: 'int' } : undefined;
}

/**
 * How many times `"…" * count` repeats: an int, a bool as 0 or 1, a negative count as 0 (an empty
 * text); a float is an error in Python, so undefined.
 */
function repeatCount(count: StaticValue): number | undefined {
  if (count.kind !== 'scalar' || count.python === 'float' || count.python === 'none') return undefined;
  if (typeof count.value === 'boolean') return Number(count.value);
  return typeof count.value === 'number' && Number.isInteger(count.value) ? Math.max(0, count.value) : undefined;
}

/**
 * A `pathlib` path made of known parts: its text, marked as no str (it prints as its text, but
 * Python does not compare, index, slice or split it as one).
 */
function pathObject<T extends StaticText | undefined>(value: T): T {
  return (value && { ...value, pathObject: true }) as T;
}

/** A comprehension's result for one round, marked as only maybe there when an item it read is. */
function placedOut(out: StaticValue | StaticEntry, unplaced: boolean | undefined): StaticValue | StaticEntry {
  return 'key' in out ? (unplaced ? { key: out.key, value: placedAs(out.value, true) } : out) : placedAs(out, unplaced);
}

/** What a comprehension makes of its items: a list, a generator's items, or a dict of the keys known. */
function comprehended(node: Node, body: Node, out: ReadonlyArray<StaticValue | StaticEntry>): StaticValue {
  if (body.type !== 'pair') return { kind: 'list', items: out as StaticValue[], range: rangeOf(node), ...(node.type === 'generator_expression' ? { generator: true as const } : {}) };
  const entries = out.filter((e): e is StaticEntry => 'key' in e);
  return { kind: 'object', entries, range: rangeOf(node), ...(entries.length < out.length ? { partial: true as const } : {}) };
}

/** The names a `for` target binds: `x`, or `k, v` / `(i, item)` of plain names. Undefined for other targets. */
function targetNames(target: Node): string[] | undefined {
  if (target.type === 'identifier') return [target.text];
  if (target.type !== 'pattern_list' && target.type !== 'tuple_pattern') return undefined;
  const names = target.namedChildren.filter((c) => c.type !== 'comment');
  return names.every((n) => n.type === 'identifier') ? names.map((n) => n.text) : undefined;
}

/** The values `names` take for one item: the item itself, or a known list unpacked into as many names. */
function boundTargets(names: readonly string[], item: StaticValue): Map<string, StaticValue> | undefined {
  if (names.length === 1) return new Map([[names[0], item]]);
  const parts = knownItems(item);
  if (!parts || parts.length !== names.length) return undefined;
  return new Map(names.map((name, i) => [name, parts[i]]));
}

/** `len(value)` of a known str (in code points), list or dict; undefined otherwise. */
function pythonLength(value: StaticValue): number | undefined {
  if (value.kind === 'text') return value.dynamic.length > 0 ? undefined : [...value.text].length;
  // A generator or iterator has no length (Python raises); a list with items only the program adds, none known.
  if (value.kind === 'list') return value.generator ? undefined : settledItems(value)?.length;
  return settledEntries(value, 'python')?.length;
}

/** Where Python's `str.splitlines` ends a line: `\r\n`, or one of these. */
const PYTHON_LINE_END = /\r\n|[\n\v\f\r\x1c-\x1e\x85\u2028\u2029]/g;

/** The lines of a text as `str.splitlines(True)` gives them, each with its line end: [start, end) pairs. */
function pythonLines(text: string): Array<[number, number]> {
  const lines: Array<[number, number]> = [];
  let start = 0;
  PYTHON_LINE_END.lastIndex = 0;
  for (let m = PYTHON_LINE_END.exec(text); m; m = PYTHON_LINE_END.exec(text)) {
    lines.push([start, m.index + m[0].length]);
    start = m.index + m[0].length;
  }
  if (start < text.length) lines.push([start, text.length]);
  return lines;
}

/**
 * `textwrap.indent(text, prefix)`: `prefix` before each line (as `str.splitlines` ends lines) that
 * is not only Python whitespace. Undefined for a text with unknown parts.
 */
function indentedText(text: StaticText, prefix: StaticText, range: SourceRange): StaticText | undefined {
  if (text.dynamic.length > 0 || prefix.dynamic.length > 0) return undefined;
  const builder = new TextBuilder(range);
  for (const [start, end] of pythonLines(text.text)) {
    if ([...text.text.slice(start, end)].some((ch) => !PYTHON_SPACE.test(ch))) builder.append(prefix);
    builder.append(sliceOf(text, start, end));
  }
  return builder.build();
}

/** A padded width past this is a stress test, not a prompt: left to the program. */
const MAX_PADDED_WIDTH = 100_000;

/**
 * `text.ljust(w, fill)`, `rjust`, `center` and `zfill(w)` as CPython pads (widths in code points;
 * `center` puts the odd space where CPython does; `zfill` keeps a leading sign first).
 */
function pythonPadded(text: StaticText, method: string, args: StaticValue[], range: SourceRange): StaticText | undefined {
  const [widthValue, fillValue] = args;
  if (text.dynamic.length > 0 || args.length > (method === 'zfill' ? 1 : 2)) return undefined;
  if (widthValue.kind !== 'scalar' || widthValue.python !== 'int' || (widthValue.value as number) > MAX_PADDED_WIDTH) return undefined;
  const fill = fillValue === undefined ? ' ' : fillValue.kind === 'text' && fillValue.dynamic.length === 0 && [...fillValue.text].length === 1 ? fillValue.text : undefined;
  if (fill === undefined) return undefined;
  const length = [...text.text].length;
  const margin = (widthValue.value as number) - length;
  if (margin <= 0) return text;
  let padded: string;
  if (method === 'ljust') padded = text.text + fill.repeat(margin);
  else if (method === 'rjust') padded = fill.repeat(margin) + text.text;
  else if (method === 'center') {
    const left = Math.floor(margin / 2) + (margin & (widthValue.value as number) & 1);
    padded = fill.repeat(left) + text.text + fill.repeat(margin - left);
  } else {
    const sign = /^[+-]/.test(text.text) ? text.text[0] : '';
    padded = sign + '0'.repeat(margin) + text.text.slice(sign.length);
  }
  return spreadText(padded, range);
}

/**
 * `inspect.cleandoc(text)`: tabs expanded to stops every 8 columns; the first line's leading
 * whitespace removed, and from each later line the least indentation of the later lines that are
 * not blank; then empty lines at the start and the end dropped. Undefined for a text with unknown parts.
 */
function cleandocText(value: StaticText): StaticText | undefined {
  if (value.dynamic.length > 0) return undefined;
  const expandedBuilder = new TextBuilder(value.range);
  let column = 0;
  for (let i = 0; i < value.text.length; i++) {
    const ch = value.text[i];
    const at = i;
    if (ch === '\t') {
      const width = 8 - (column % 8);
      expandedBuilder.push(' '.repeat(width), () => value.offsets[at], value.offsets[at + 1]);
      column += width;
      continue;
    }
    expandedBuilder.push(ch, () => value.offsets[at], value.offsets[at + 1]);
    // A column is a code point; a line break (`\n` or `\r`) starts the count again.
    if (ch === '\n' || ch === '\r') column = 0;
    else if (!/[\udc00-\udfff]/.test(ch) || !/[\ud800-\udbff]/.test(value.text[i - 1] ?? '')) column++;
  }
  const expanded = expandedBuilder.build();
  const text = expanded.text;
  const lines: Array<[number, number]> = [];
  let start = 0;
  for (let end = text.indexOf('\n'); ; end = text.indexOf('\n', start)) {
    lines.push([start, end < 0 ? text.length : end]);
    if (end < 0) break;
    start = end + 1;
  }
  const indentOf = ([from, to]: [number, number]) => {
    let k = from;
    while (k < to && PYTHON_SPACE.test(text[k])) k++;
    return k - from;
  };
  let margin = Infinity;
  for (const line of lines.slice(1)) {
    const indent = indentOf(line);
    if (indent < line[1] - line[0]) margin = Math.min(margin, indent);
  }
  // Each line kept: where it starts in the text, and the part of it kept.
  const kept = lines.map(([from, to], i): [number, number, number] => {
    if (i === 0) return [from, from + indentOf([from, to]), to];
    return [from, margin === Infinity ? from : Math.min(to, from + margin), to];
  });
  while (kept.length > 0 && kept[kept.length - 1][1] === kept[kept.length - 1][2]) kept.pop();
  while (kept.length > 0 && kept[0][1] === kept[0][2]) kept.shift();
  const builder = new TextBuilder(value.range);
  kept.forEach(([lineStart, from, to], i) => {
    if (i > 0) builder.append(sliceOf(expanded, lineStart - 1, lineStart));
    builder.append(sliceOf(expanded, from, to));
  });
  return builder.build();
}

/** Statements that open a scope of their own: what they bind is not the enclosing function's. */
const OWN_SCOPES = new Set(['function_definition', 'class_definition', 'lambda', 'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);

/**
 * What `name` is in the function `fn` where `at` reads it: the class it defines there last before
 * `at`, `none` when the function binds no such name (Python looks further out), `module` after a
 * `global` statement for it, `other` when another binding (a parameter, an assignment, an import,
 * a class only defined after `at`) is the one Python finds or may find.
 */
function localClass(fn: Node, name: string, at: Node): Node | 'none' | 'other' | 'module' {
  const sites: Array<{ start: number; cls?: Node }> = [];
  let global = false;
  const targets = (node: Node | null, start: number) => {
    if (!node) return;
    if (node.type === 'identifier') {
      if (node.text === name) sites.push({ start });
      return;
    }
    // `a.b = …` and `a[i] = …` bind no name.
    if (node.type === 'attribute' || node.type === 'subscript') return;
    for (const child of node.namedChildren) targets(child, start);
  };
  for (const parameter of fn.childForFieldName('parameters')?.namedChildren ?? []) {
    const id = parameter.type === 'identifier' ? parameter : (parameter.childForFieldName('name') ?? parameter.namedChildren.find((c) => c.type === 'identifier'));
    if (id?.text === name) sites.push({ start: fn.startIndex });
  }
  const walk = (node: Node) => {
    for (const child of node.namedChildren) {
      const definition = child.type === 'decorated_definition' ? child.childForFieldName('definition') : child;
      if (definition?.type === 'class_definition' || definition?.type === 'function_definition') {
        if (definition.childForFieldName('name')?.text === name) sites.push({ start: child.startIndex, ...(definition.type === 'class_definition' ? { cls: definition } : {}) });
        continue;
      }
      if (OWN_SCOPES.has(child.type)) continue;
      if (child.type === 'global_statement' && child.namedChildren.some((n) => n.text === name)) global = true;
      if (child.type === 'assignment' || child.type === 'augmented_assignment' || child.type === 'for_statement' || child.type === 'for_in_clause') targets(child.childForFieldName('left'), child.startIndex);
      if (child.type === 'as_pattern_target' || child.type === 'named_expression') targets(child.type === 'named_expression' ? child.childForFieldName('name') : child, child.startIndex);
      if (child.type === 'import_statement' || child.type === 'import_from_statement') {
        for (const imported of child.childrenForFieldName('name')) {
          const local = imported.type === 'aliased_import' ? imported.childForFieldName('alias') : imported;
          if ((local?.text.split('.')[0] ?? '') === name) sites.push({ start: child.startIndex });
        }
        continue;
      }
      walk(child);
    }
  };
  const body = fn.childForFieldName('body');
  if (body) walk(body);
  if (global) return 'module';
  if (sites.length === 0) return 'none';
  const before = sites.filter((site) => site.start < at.startIndex).sort((a, b) => a.start - b.start);
  const last = before[before.length - 1];
  return last?.cls ?? 'other';
}

/**
 * A method of a known str that takes no argument, as Python computes it: `upper`, `lower`, `title`,
 * `capitalize` (undefined for a character cased otherwise by another Python's Unicode), `strip`,
 * `lstrip`, `rstrip`; undefined for any other.
 */
function strMethod(text: StaticText, method: string): StaticText | undefined {
  if (text.dynamic.length > 0) return undefined;
  if (method === 'strip' || method === 'lstrip' || method === 'rstrip') return trimText(text, method === 'strip' ? 'both' : method === 'lstrip' ? 'start' : 'end', 'python');
  if (method === 'upper' || method === 'lower') return versionDependent(text.text) ? undefined : recasedText(text, method === 'upper');
  const cased = method === 'title' ? pythonTitleCase(text.text) : method === 'capitalize' ? pythonCapitalize(text.text) : undefined;
  return cased === undefined ? undefined : withText(text, cased);
}
