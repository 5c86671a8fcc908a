/**
 * What a parsed source file can tell about a name without running it: the assignments of the
 * enclosing function, then of the enclosing functions around it, then of the module, then the
 * constants imported from another file of the workspace. Each language supplies its syntax
 * (`ProgramSyntax`) and how to evaluate an expression (`evaluate`).
 */
import { dirname, resolve } from 'node:path';
import type { Node, Tree } from 'web-tree-sitter';
import { InputRejectedError } from '../inputRejected';
import type { SourceRange } from '../model';
import type { SourceParser } from './treeSitter';
import { isDailyExpression, isPerRequestExpression, PerRequestCalls } from './perRequestCalls';
import { pathOf, readProgramBytes, readPromptFile, type ReadSourceBytes } from './promptFiles';
import { asText, builtTextUnits, concatTexts, isConstant, MAX_TEXT_VALUE_CHARS, placedAs, shortName, spreadText, type FileBytes, type StaticText, type StaticUnknown, type StaticValue } from './staticValue';

/**
 * `name = value`, `name += value` (`append`), `name.append(x)` / `name.push(x, y)` (`push`: `value`
 * holds the arguments, each an item added), a declaration, or `name` imported from `module`.
 */
export interface Binding {
  name: string;
  /** Offset of the statement, to tell which bindings come before a use. */
  start: number;
  op: 'assign' | 'append' | 'push';
  value: Node | null;
  /** The statement, to find the loop or condition it runs under. */
  at?: Node;
  /** Where `at` ends (it starts at `start`), read once: every reading of the name asks. */
  atEnd?: number;
}

/** A parameter of a function: its name, its default value, and whether it takes the rest (`*args`). */
export interface Parameter {
  name: string;
  defaultValue: Node | null;
  rest: boolean;
}

export interface ImportBinding {
  /** Name in this file. */
  local: string;
  /** Name in the imported module. */
  imported: string;
  /** The module as written: `.prompts`, `./prompts`. */
  module: string;
}

export interface ScopeTable {
  bindings: Map<string, Binding[]>;
  imports: Map<string, ImportBinding>;
}

/** Reads another workspace file for an imported constant; undefined when it cannot be read. */
export type ReadSourceFile = (path: string) => string | undefined;

export interface ProgramOptions {
  /** Why a file the program reads cannot be read, when something is there (promptFiles.ts). */
  whyUnreadable?: (path: string) => string | undefined;
  fileName: string;
  source: string;
  tree: Tree;
  parser: SourceParser;
  readFile?: ReadSourceFile;
  /** Reads a file's bytes, for a program that sends a file's content (an image). */
  readBytes?: ReadSourceBytes;
  /** Import depth: a file imported from an imported file is 2. */
  depth?: number;
  /** Files already open in this analysis, by path. */
  programs?: Map<string, SourceProgram | null>;
  /** The reading steps one call may take, shared with the files it imports. */
  budget?: EvaluationBudget;
  /** The base64 texts of files read so far, shared with the files it imports. */
  encodedFiles?: Map<string, EncodedFile>;
  /** The workspace folder holding the file, when known: where a Python program's absolute imports are also looked for. */
  projectRoot?: string;
}

/**
 * How many expressions one call's reading may evaluate, across the files it imports. Code can make
 * the reading exponential (`a2 = a1 + a1`, `a3 = a2 + a2`, ... each name read twice); past the
 * limit the rest stands as written, and the estimate says so.
 */
export interface EvaluationBudget {
  steps: number;
  limit: number;
  /** `builtTextUnits()` when the call's reading began: what it builds is counted from there. */
  unitsFrom: number;
}

/** Expressions one call's reading evaluates at most (a prompt of thousands of `+=` takes tens of thousands). */
export const MAX_EVALUATION_STEPS = 200_000;

/**
 * Units of text one call's reading builds at most, all its values together: each text is at most
 * MAX_TEXT_VALUE_CHARS, but a list of hundreds of such texts (or one long constant read again for
 * each of them) would not fit in memory. Past it the rest stands as written, and the estimate says so.
 */
export const MAX_BUILT_TEXT_UNITS = 4 * MAX_TEXT_VALUE_CHARS;

/** A file whose base64 a program builds: where it is, and, for a large image, the name standing for it. */
export interface EncodedFile {
  path: string;
  /** Only the image's first bytes are encoded (the file as the program names it). */
  partial?: string;
}

/** Each file's bytes encoded once per analysis, however many calls encode them. */
const encodedBytes = new WeakMap<Uint8Array, Uint8Array>();

/** The base64 of bytes, as bytes (`base64.b64encode(data)`). */
export function base64Bytes(data: Uint8Array): Uint8Array {
  let encoded = encodedBytes.get(data);
  if (!encoded) encodedBytes.set(data, (encoded = Buffer.from(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64'), 'latin1')));
  return encoded;
}

/** Statements whose body may run any number of times. */
const LOOPS = new Set(['for_statement', 'for_in_statement', 'while_statement', 'do_statement']);
/** Statements whose body may not run at all. */
const CONDITIONS = new Set(['if_statement', 'switch_statement', 'try_statement', 'match_statement']);
/** Calls to functions of the file are followed this many deep. */
const MAX_CALL_DEPTH = 8;
/** Imports are followed this many files deep. */
const MAX_IMPORT_DEPTH = 3;
/** A chain of names referring to names (a = b, b = c ...) is followed this deep. */
const MAX_RESOLVE_DEPTH = 24;
/** Bindings of a name read for the cost of one evaluation step. */
const BINDINGS_PER_STEP = 64;
/**
 * Expressions are read this many levels deep (brackets in brackets, calls in calls); a deeper one
 * stands as written. Reading recurses once a level, and the stack would not hold generated code
 * nested thousands deep. A chain of `+` is read in a loop, whatever its length (`concatenation`).
 */
export const MAX_EXPRESSION_DEPTH = 400;

/** Notes that say a reading was cut short (`SourceProgram.evaluate`): never taken back. */
const LIMIT_NOTES = new Set(['nesting', 'budget', 'built', 'size']);

/** An expression computed at module level whose value the source does not tell. */
export interface ImportTimeValue {
  expression: string;
  range: SourceRange;
  fileName: string;
  /** Computed where it is used, from module-level values only (`", ".join(NAMES)` in a function). */
  derived?: true;
}

/**
 * A value as read once, with what reading it noted, to be given again: a module-level name's
 * (`moduleReadings`), or a call's or member's in one binding context (`SourceProgram.readings`).
 */
interface ModuleReading {
  value: StaticValue;
  notes: string[];
  reasons: string[];
  importTimeValues: ImportTimeValue[];
  /** Where values were built (`builtAt`), for a call's reading. */
  builtAt?: SourceRange[];
  /** How many expression levels the reading went down. */
  depth: number;
  /**
   * Set where the reading was cut short by the nesting limit: the nesting it started at. Read again
   * from there or deeper it would be cut as short or shorter, so it is given again there.
   */
  cutFrom?: number;
}

/** Appends the items of `more` that `list` does not hold yet (the same objects), without a spread. */
function appendNew<T>(list: T[], more: readonly T[]): void {
  if (more.length === 0) return;
  const present = new Set(list);
  for (const item of more) {
    if (present.has(item)) continue;
    present.add(item);
    list.push(item);
  }
}

export abstract class SourceProgram {
  readonly fileName: string;
  readonly source: string;
  readonly tree: Tree;
  protected readonly parser: SourceParser;
  protected readonly readFile?: ReadSourceFile;
  protected readonly readBytes?: ReadSourceBytes;
  protected readonly whyUnreadable?: (path: string) => string | undefined;
  protected readonly depth: number;
  protected readonly projectRoot?: string;
  protected readonly programs: Map<string, SourceProgram | null>;
  private readonly tables = new Map<number, ScopeTable>();
  private readonly resolving = new Set<string>();
  /** Why some values are placeholders: said once each in the estimate reason. */
  readonly notes = new Set<string>();
  /** What the evaluation could not know, each said as it is in the estimate reason. */
  readonly reasons = new Set<string>();
  /** The arguments of the functions of the file being followed, by function node. */
  private readonly frames = new Map<number, Map<string, StaticValue>>();
  private readonly functionsByScope = new Map<number, Map<string, Node>>();
  /**
   * The base64 texts of files the analysis read (`fileBase64Text`), each with the file's path; for an
   * image too large to encode here, the base64 of its first bytes stands for the whole (`partial`:
   * the file as the program names it), which sizes an image but not a text.
   */
  readonly encodedFiles: Map<string, EncodedFile>;
  /** The files read for their bytes in this analysis, by the path as the program gives it. */
  private readonly bytesRead = new Map<string, ReturnType<typeof readProgramBytes>>();
  /** Expressions computed at module level that only the running program knows, by where they are. */
  readonly importTimeValues: ImportTimeValue[] = [];
  /**
   * Where, inside functions, the values read were built: the statements binding the names read
   * (`msgs = build_messages(...)`, `messages.append(...)`) and the functions followed. The cursor
   * there is on the call they build.
   */
  readonly builtAt: SourceRange[] = [];
  /**
   * Module-level names already read, by name and number of bindings seen: a file of thousands of
   * calls sharing one constant reads (and decodes) it once, not once per call.
   */
  private readonly moduleReadings = new Map<string, ModuleReading>();
  /**
   * Calls, members and items already read in this call's reading, by binding context and node:
   * the parts of an expression are often read more than once (as a conversion, then as an unknown
   * call's argument; as a text method's object, then as a pure method's), and, nested, that grew
   * as 2 or 3 to the power of the depth (`len(len(...(x)))` 30 deep: 27 s).
   */
  private readonly readings = new Map<string, ModuleReading>();
  /** The binding context (names bound in comprehensions and callbacks, functions followed): a new one each time either changes. */
  private context = 0;
  private contexts = 0;
  /** Readings cut short by a limit that is no note (a name read inside its own reading, too long a chain of names). */
  private cuts = 0;

  constructor(options: ProgramOptions) {
    this.fileName = options.fileName;
    this.source = options.source;
    this.tree = options.tree;
    this.parser = options.parser;
    this.readFile = options.readFile;
    this.readBytes = options.readBytes;
    this.whyUnreadable = options.whyUnreadable;
    this.depth = options.depth ?? 0;
    this.projectRoot = options.projectRoot;
    this.programs = options.programs ?? new Map();
    this.budget = options.budget ?? { steps: 0, limit: MAX_EVALUATION_STEPS, unitsFrom: builtTextUnits() };
    this.encodedFiles = options.encodedFiles ?? new Map();
  }

  /** The reading steps left to the call being read (reset for each call). */
  readonly budget: EvaluationBudget;

  private nesting = 0;
  /** The deepest `nesting` reached, to tell whether a reading would fit again at another depth. */
  private deepest = 0;

  /** The value of an expression. */
  evaluate(node: Node): StaticValue {
    if (!this.remembers(node.type)) return this.read(node);
    return this.remembered(this.readings, `${this.context}:${node.id}`, () => this.read(node), {
      // A reading cut short only by the nesting limit is kept for readings at its nesting or deeper
      // (an expression nested past the limit, read twice at each level, would be read again and
      // again down its whole depth).
      keep: (notes, cut) => !cut && ![...notes].some((note) => LIMIT_NOTES.has(note) && note !== 'nesting'),
      builtAt: true,
      step: true,
    });
  }

  /**
   * `read()`, remembered in `store` under `key` with what reading it noted (notes, reasons, module
   * values computed, and with `builtAt` where values were built) and given again with it; kept
   * only where `keep` finds the reading whole (`cut`: a limit that is no note was met). `step`: a
   * reading given again takes a step of the call's budget.
   */
  private remembered(
    store: Map<string, ModuleReading>,
    key: string,
    read: () => StaticValue,
    options: { keep: (notes: ReadonlySet<string>, cut: boolean) => boolean; builtAt?: boolean; step?: boolean },
  ): StaticValue {
    const known = store.get(key);
    if (known && (known.cutFrom === undefined ? this.nesting + known.depth < MAX_EXPRESSION_DEPTH : this.nesting >= known.cutFrom)) {
      if (options.step) this.budget.steps++;
      for (const note of known.notes) this.notes.add(note);
      for (const reason of known.reasons) this.reasons.add(reason);
      // Each once: a reading given again where it was just read (a call reading its argument a
      // second time) would double them at every level of a deep expression.
      appendNew(this.importTimeValues, known.importTimeValues);
      if (known.builtAt) appendNew(this.builtAt, known.builtAt);
      if (this.nesting + known.depth > this.deepest) this.deepest = this.nesting + known.depth;
      return known.value;
    }
    // Read with the notes and reasons set aside, so that exactly what this reading notes is kept.
    const notesBefore = [...this.notes];
    const reasonsBefore = [...this.reasons];
    this.notes.clear();
    this.reasons.clear();
    const importTimeStart = this.importTimeValues.length;
    const builtStart = this.builtAt.length;
    const deepestBefore = this.deepest;
    const start = this.nesting;
    this.deepest = start;
    const cutsBefore = this.cuts;
    try {
      const value = read();
      if (options.keep(this.notes, this.cuts !== cutsBefore)) {
        store.set(key, {
          value,
          notes: [...this.notes],
          reasons: [...this.reasons],
          importTimeValues: this.importTimeValues.slice(importTimeStart),
          ...(options.builtAt ? { builtAt: this.builtAt.slice(builtStart) } : {}),
          depth: this.deepest - start,
          ...(this.notes.has('nesting') ? { cutFrom: start } : {}),
        });
      }
      return value;
    } finally {
      for (const note of notesBefore) this.notes.add(note);
      const readReasons = [...this.reasons];
      this.reasons.clear();
      for (const reason of [...reasonsBefore, ...readReasons]) this.reasons.add(reason);
      this.deepest = Math.max(deepestBefore, this.deepest);
    }
  }

  /** Forgets the readings remembered: a new call is read (its budget and notes start again). */
  forgetReadings(): void {
    this.readings.clear();
  }

  /** Whether a node of this type is read once per binding context (`readings`). */
  protected abstract remembers(type: string): boolean;

  /** The value of an expression, read whatever was read before. */
  private read(node: Node): StaticValue {
    if (this.nesting >= MAX_EXPRESSION_DEPTH) {
      this.notes.add('nesting');
      return this.unknownOf(node);
    }
    if (++this.budget.steps > this.budget.limit) {
      this.notes.add('budget');
      return this.unknownOf(node);
    }
    if (builtTextUnits() - this.budget.unitsFrom > MAX_BUILT_TEXT_UNITS) {
      this.notes.add('built');
      return this.unknownOf(node);
    }
    this.nesting++;
    if (this.nesting > this.deepest) this.deepest = this.nesting;
    try {
      const value = this.evaluateExpression(node);
      // A text built past the size limit (doubling it again and again) is not a prompt to count.
      if (value.kind === 'text' && (value.overLimit || value.text.length > MAX_TEXT_VALUE_CHARS)) {
        this.notes.add('size');
        return this.unknownOf(node);
      }
      return value;
    } finally {
      this.nesting--;
    }
  }

  /** The value of an expression, one level: the language's reading of each kind of node. */
  protected abstract evaluateExpression(node: Node): StaticValue;

  /**
   * `read()`, which reads the parts of an expression this program only computes when all of them
   * are known (a condition, an item, a slice): when it gives undefined, what reading the parts
   * noted (a parameter met, a module value computed at import, where values were built) is taken
   * back, and the expression stands as written as it did before it was computed at all. The limits
   * reached stay noted: a reading cut short is never kept as whole.
   */
  protected tentatively<T>(read: () => T | undefined): T | undefined {
    const notes = new Set(this.notes);
    const reasons = new Set(this.reasons);
    const importTime = this.importTimeValues.length;
    const built = this.builtAt.length;
    const value = read();
    if (value !== undefined) return value;
    for (const note of [...this.notes]) if (!notes.has(note) && !LIMIT_NOTES.has(note)) this.notes.delete(note);
    for (const reason of [...this.reasons]) if (!reasons.has(reason)) this.reasons.delete(reason);
    this.importTimeValues.length = importTime;
    this.builtAt.length = built;
    return undefined;
  }

  /**
   * `a + b + c + …`, which the parser nests to the left (`isPlus` tells a `+` node), read in a loop
   * rather than one recursion per operand, and joined once at the end: prompts built of thousands
   * of `+` exist (generated code) and must neither overflow the stack nor copy the text each time.
   * Each step is what `append` does: text joins anything, lists join lists (`joinsLists`); any
   * other pair is unknown from there on.
   */
  protected concatenation(node: Node, isPlus: (n: Node) => boolean, joinsLists: boolean): StaticValue {
    const levels: Node[] = [];
    let innermost: Node | null = node;
    while (innermost && isPlus(innermost)) {
      levels.push(innermost);
      innermost = innermost.childForFieldName('left');
    }
    if (!innermost) return this.unknownOf(node);
    let value = this.evaluate(innermost);
    // While the value is text being joined: its parts so far and the node they end at.
    let parts: StaticText[] | undefined;
    let joinedAt = node;
    for (let i = levels.length - 1; i >= 0; i--) {
      const level = levels[i];
      const rightNode = level.childForFieldName('right');
      if (!rightNode) return this.unknownOf(node);
      const right = this.evaluate(rightNode);
      const piece = (v: StaticValue, at: Node) => this.textOperand(v, at);
      if (parts) {
        parts.push(piece(right, rightNode));
      } else if (value.kind === 'text' || right.kind === 'text') {
        parts = [piece(value, level.childForFieldName('left')!), piece(right, rightNode)];
      } else if (joinsLists && value.kind === 'list' && right.kind === 'list') {
        value = this.append(value, right, level);
        continue;
      } else if (value.kind === 'scalar' && right.kind === 'scalar') {
        // Two numbers added (in Python, the language that joins lists with `+`, integers only).
        value = numberOperation('+', value, right, rangeOf(level), joinsLists) ?? this.unknownOf(level);
        continue;
      } else if (joinsLists && (value.kind === 'list' || right.kind === 'list')) {
        // `history + [...]`: the unknown side is a list of items only the running program knows.
        value = { kind: 'list', items: [...listItemsOf(value), ...listItemsOf(right)], range: rangeOf(level) };
        continue;
      } else {
        // Two values the same on every request add up to one (`PREFIX + RULES`, both computed when the module loads).
        value = isConstant(value) && isConstant(right) ? this.derivedConstant(level) : this.unknownOf(level);
        continue;
      }
      joinedAt = level;
    }
    return parts ? concatTexts(parts, rangeOf(joinedAt)) : value;
  }

  /**
   * The items of a list literal: `*BASE` / `...BASE` (`spreadOf` tells the spread's operand) brings
   * in the items of a known list, or stands for items only the running program knows.
   */
  protected listItems(nodes: readonly Node[], spreadOf: (n: Node) => Node | null): StaticValue[] {
    const items: StaticValue[] = [];
    for (const node of nodes) {
      if (node.type === 'comment') continue;
      const operand = spreadOf(node);
      if (!operand) items.push(this.evaluate(node));
      else items.push(...listItemsOf(this.evaluate(operand), node.text));
    }
    return items;
  }

  /** Whether the node is a function (its parameters and body are a scope). */
  protected abstract isFunction(node: Node): boolean;
  /** Names of a function's parameters. */
  protected abstract parameterNames(fn: Node): string[];
  /** A function's parameters in order, for binding a call's arguments. */
  protected abstract parameterList(fn: Node): Parameter[];
  /** Adds the bindings made by one statement of a scope; returns the children to look into. */
  protected abstract collect(statement: Node, table: ScopeTable): Node[];
  /** The file an import refers to, tried in order (`.py`, `.ts`, `/index.ts` ...). */
  protected abstract importCandidates(module: string, fromDir: string): string[];
  /** A program for another file of the same language. */
  protected abstract open(options: ProgramOptions): SourceProgram;

  /** A placeholder value for an expression only the running program knows. */
  protected unknownOf(node: Node, expression = node.text): StaticUnknown {
    const perRequest = this.isPerRequest(node);
    const daily = perRequest && this.isDaily(node) ? { daily: true as const } : {};
    // Module level runs once, when the process imports the file: every request sees its value.
    if (perRequest || this.enclosingFunction(node) !== null) return { kind: 'unknown', expression, range: rangeOf(node), perRequest, ...daily };
    // A function or a schema is no text of the prompt: nothing to say about when it is computed.
    if (!this.isNeverText(node)) this.importTimeValues.push({ expression: shortName(expression, 30), range: rangeOf(node), fileName: this.fileName });
    return { kind: 'unknown', expression, range: rangeOf(node), perRequest, importTime: true };
  }

  private perRequestCalls: PerRequestCalls | undefined;

  /** Whether the expression `node` calls something that changes on every request (the clock, an id). */
  protected isPerRequest(node: Node): boolean {
    if (node.tree !== this.tree) return isPerRequestExpression(node.text);
    this.perRequestCalls ??= new PerRequestCalls(this.source);
    return this.perRequestCalls.within(node.startIndex, node.endIndex);
  }

  /** `isDailyExpression` of a node's text, by node: a value read many times is asked about each time. */
  private readonly dailyNodes = new Map<number, boolean>();

  private isDaily(node: Node): boolean {
    if (node.tree !== this.tree) return isDailyExpression(node.text);
    let daily = this.dailyNodes.get(node.id);
    if (daily === undefined) this.dailyNodes.set(node.id, (daily = isDailyExpression(node.text)));
    return daily;
  }

  /**
   * `node` computed by a function without side effects from values the same on every request (a
   * module constant only the running program knows, joined in a function): unknown, counted as
   * written, and no end of the cached prefix.
   */
  protected derivedConstant(node: Node): StaticUnknown {
    // At module level it is one more value computed when the module loads.
    const derived = this.enclosingFunction(node) !== null ? { derived: true as const } : {};
    this.importTimeValues.push({ expression: shortName(node.text, 30), range: rangeOf(node), fileName: this.fileName, ...derived });
    return { kind: 'unknown', expression: node.text, range: rangeOf(node), perRequest: false, importTime: true };
  }

  /** Whether a value can never be prompt text (a function, a schema object): languages say which. */
  protected isNeverText(_node: Node): boolean {
    return false;
  }

  /** `node` as a value only the running program knows, that falls back to `fallback` when it is known text. */
  protected withFallback(node: Node, fallback: StaticValue | undefined): StaticUnknown {
    const unknown = this.unknownOf(node);
    return fallback?.kind === 'text' && fallback.dynamic.length === 0 ? { ...unknown, fallback } : unknown;
  }

  /** The source file's own path, as `__file__` gives it. */
  protected ownPath(node: Node): StaticText {
    return spreadText(resolve(this.fileName), rangeOf(node));
  }

  /**
   * The text of the file at `path` that `call` reads (promptFiles.ts), or undefined when the path
   * is unknown or no such file is found here.
   */
  protected fileText(path: StaticValue, call: Node): StaticText | undefined {
    const at = pathOf(path);
    if (at === undefined || !this.readFile) return undefined;
    const read = readPromptFile(at, this.fileName, this.readFile, rangeOf(call), this.whyUnreadable);
    if ('missing' in read) {
      this.reasons.add(read.missing);
      return undefined;
    }
    if (read.reason) this.reasons.add(read.reason);
    return read.text;
  }

  /**
   * The bytes of the file at `path` that `call` reads (an image the program sends inline), as a value
   * only the running program holds, or undefined when the path is unknown or no such file is found.
   */
  protected fileBytes(path: StaticValue, call: Node): StaticUnknown | undefined {
    const at = pathOf(path);
    if (at === undefined || !this.readBytes) return undefined;
    // Read once per analysis: every call that sends the image reads the same file.
    let read = this.bytesRead.get(at);
    if (!read) this.bytesRead.set(at, (read = readProgramBytes(at, this.fileName, this.readBytes, this.whyUnreadable)));
    if ('missing' in read) {
      this.reasons.add(read.missing);
      return undefined;
    }
    if (read.reason) this.reasons.add(read.reason);
    return { kind: 'unknown', expression: call.text, range: rangeOf(call), perRequest: false, bytes: { data: read.data, file: at, path: read.path, ...(read.partial ? { partial: true as const } : {}) } };
  }

  /**
   * The base64 text of a file's bytes, placed at `node`, noted as that file's (`encodedFiles`): a
   * data URL made of it is sent by a test run from the file, not carried whole to the editor.
   */
  protected fileBase64Text(bytes: FileBytes, node: Node): StaticText {
    const base64 = Buffer.from(bytes.base64 ? bytes.data : base64Bytes(bytes.data)).toString('latin1');
    this.encodedFiles.set(base64, { path: bytes.path, ...(bytes.partial ? { partial: bytes.file } : {}) });
    return spreadText(base64, rangeOf(node));
  }

  /**
   * The innermost function around each node looked up so far, by node id. Every value of a deeply
   * nested expression asks; each walk up would repeat the last one (and tree-sitter finds a
   * node's parent by descending from the root): 400 nested operands took seconds.
   */
  private readonly functionAround = new Map<number, Node | null>();

  /** The innermost function around a node, or null at module level. */
  enclosingFunction(node: Node): Node | null {
    const known = this.functionAround.get(node.id);
    if (known !== undefined) return known;
    const walked = [node.id];
    let found: Node | null = null;
    for (let parent = node.parent; parent; parent = parent.parent) {
      if (this.isFunction(parent)) {
        found = parent;
        break;
      }
      const above = this.functionAround.get(parent.id);
      if (above !== undefined) {
        found = above;
        break;
      }
      walked.push(parent.id);
    }
    for (const id of walked) this.functionAround.set(id, found);
    return found;
  }

  private table(scope: Node): ScopeTable {
    let table = this.tables.get(scope.id);
    if (table) return table;
    table = { bindings: new Map(), imports: new Map() };
    const body = this.isFunction(scope) ? (scope.childForFieldName('body') ?? scope) : scope;
    const pending: Node[] = [...body.namedChildren].reverse();
    while (pending.length > 0) {
      const statement = pending.pop()!;
      if (this.isFunction(statement)) continue;
      const inner = this.collect(statement, table);
      for (let i = inner.length - 1; i >= 0; i--) pending.push(inner[i]);
    }
    for (const list of table.bindings.values()) {
      list.sort((a, b) => a.start - b.start);
      for (const b of list) if (b.at) b.atEnd = b.at.endIndex;
    }
    this.tables.set(scope.id, table);
    return table;
  }

  /**
   * The bindings of a list made before `use`, less the statements holding it: a name used in its
   * own assignment (`p = p + "more"`) has the value it had before the statement.
   */
  private bindingsBefore(list: readonly Binding[], use: Node): Binding[] {
    // Each reading of a name reads all its bindings: thousands of them (a statement repeated
    // thousands of times) count against the call's steps, as reading them again and again for
    // each step took minutes (`a = a + a` written 5,000 times: 47 s).
    this.budget.steps += Math.floor(list.length / BINDINGS_PER_STEP);
    const start = use.startIndex;
    const end = use.endIndex;
    return list.filter((b) => b.start < start && !(b.atEnd !== undefined && end <= b.atEnd));
  }

  /** The value `name` has where `use` is, as far as the file (and its imports) tell. */
  resolveName(name: string, use: Node): StaticValue {
    const key = `${name}@${use.startIndex}`;
    if (this.resolving.has(key) || this.resolving.size > MAX_RESOLVE_DEPTH) {
      this.cuts++;
      return this.unknownOf(use, name);
    }
    this.resolving.add(key);
    try {
      return this.lookUp(name, use);
    } finally {
      this.resolving.delete(key);
    }
  }

  /**
   * Names bound while a comprehension or a callback is read once per item (`x` in
   * `f"- {x}" for x in ITEMS`, `item` in `ITEMS.map((item) => ...)`), innermost last.
   */
  private readonly bound: Array<{ node: Node; names: ReadonlyMap<string, StaticValue> }> = [];

  /** Reads `read` with `names` bound to values for uses inside `node`. */
  protected withBound<T>(node: Node, names: ReadonlyMap<string, StaticValue>, read: () => T): T {
    this.bound.push({ node, names });
    return this.inContext(read, () => this.bound.pop());
  }

  /** Runs `read` in a binding context of its own (`readings`), then `leave` and the context before. */
  private inContext<T>(read: () => T, leave: () => void): T {
    const outer = this.context;
    this.context = ++this.contexts;
    try {
      return read();
    } finally {
      leave();
      this.context = outer;
    }
  }

  private lookUp(name: string, use: Node): StaticValue {
    for (let i = this.bound.length - 1; i >= 0; i--) {
      const { node, names } = this.bound[i];
      const value = names.get(name);
      if (value && isInside(use, node)) return value;
    }
    let scope: Node | null = this.enclosingFunction(use);
    // Items a scope adds (`.append`, `.push`) to a list it does not assign: applied, innermost
    // last, to the value the name has outside (a parameter, a module-level list).
    const additions: Binding[][] = [];
    const withAdditions = (value: StaticValue) => additions.reduceRight((v, added) => this.applyBindings(v, added), value);
    for (;;) {
      const table = this.table(scope ?? this.tree.rootNode);
      const list = table.bindings.get(name);
      if (list && list.length > 0) {
        const before = this.bindingsBefore(list, use);
        const chosen = before.length > 0 ? before : scope === null ? list : [];
        if (scope !== null) for (const b of chosen) if (b.atEnd !== undefined) this.builtAt.push({ start: b.start, end: b.atEnd });
        if (chosen.some((b) => b.op === 'assign')) return withAdditions(scope === null ? this.moduleValue(name, chosen, use) : this.valueOfBindings(chosen, use));
        if (chosen.length > 0) additions.push(chosen);
      }
      if (scope && this.parameterNames(scope).includes(name)) {
        const bound = this.frames.get(scope.id)?.get(name);
        if (bound) return withAdditions(bound);
        this.notes.add('parameters');
        const fallback = this.parameterList(scope).find((p) => p.name === name)?.defaultValue;
        const fallbackText = fallback ? this.evaluate(fallback) : undefined;
        const unknown = this.unknownOf(use, name);
        return withAdditions(fallbackText?.kind === 'text' && fallbackText.dynamic.length === 0 ? { ...unknown, fallback: fallbackText } : unknown);
      }
      if (!scope) {
        const declared = this.declaredValue(name, use);
        if (declared) return withAdditions(declared);
        const imported = table.imports.get(name);
        if (imported) return withAdditions(this.importedValue(imported, use));
        // A name the file never binds stands for a value from elsewhere (a snippet's caller): anything.
        return withAdditions({ kind: 'unknown', expression: name, range: rangeOf(use), perRequest: this.isPerRequest(use) });
      }
      scope = this.enclosingFunction(scope);
    }
  }

  /**
   * The value of a name the module declares other than by assignment (a class), read where `use`
   * is; undefined by default.
   */
  protected declaredValue(_name: string, _use: Node): StaticValue | undefined {
    return undefined;
  }

  /**
   * The expression last assigned to `name` before `use`, in `use`'s function or an enclosing scope
   * (a chat model bound to a variable: `llm = ChatOpenAI(...)`); undefined for a parameter, an
   * import or a name assigned in more than one way.
   */
  assignedExpression(name: string, use: Node): Node | undefined {
    for (let scope: Node | null = this.enclosingFunction(use); ; scope = this.enclosingFunction(scope)) {
      const list = this.table(scope ?? this.tree.rootNode).bindings.get(name);
      const before = list ? this.bindingsBefore(list, use).filter((b) => b.op === 'assign') : [];
      if (before.length > 0) return before[before.length - 1].value ?? undefined;
      if (scope && this.parameterNames(scope).includes(name)) return undefined;
      if (!scope) return undefined;
    }
  }

  /**
   * What is added to the list `name` holds where `use` reads it, after the assignment
   * `assignedExpression` finds, in the order the value is built (as `lookUp` applies them): each
   * `+=` / `.extend(...)` (`append`: `value` a list expression) and `.append(...)` / `.push(...)`
   * (`push`: `value` the arguments). The loop or condition each runs under is said, as reading the
   * value says it. Empty when nothing is added, or when the name is no assignment of this file here.
   */
  listAdditions(name: string, use: Node): Array<{ op: 'append' | 'push'; value: Node }> {
    const inner: Binding[][] = [];
    for (let scope: Node | null = this.enclosingFunction(use); ; scope = this.enclosingFunction(scope)) {
      const list = this.bindingsBefore(this.table(scope ?? this.tree.rootNode).bindings.get(name) ?? [], use);
      let assigned = list.length - 1;
      while (assigned >= 0 && list[assigned].op !== 'assign') assigned--;
      if (assigned >= 0 || (scope && this.parameterNames(scope).includes(name)) || !scope) {
        if (assigned < 0) return [];
        // The assigning scope's own additions first, then those of the scopes within it, innermost last.
        const chosen = [...list.slice(assigned + 1), ...inner.reverse().flat()];
        return chosen.flatMap((b) => {
          if (!b.value || b.op === 'assign') return [];
          this.noteControlFlow(b);
          return [{ op: b.op, value: b.value }];
        });
      }
      if (list.length > 0) inner.push(list);
    }
  }

  /**
   * The expression `name` is given where `use` is, as `assignedExpression` finds it, else by the
   * module (a name declared further down), else by the workspace module it is imported from, with
   * the program to read it in; undefined for anything else.
   */
  declarationOf(name: string, use: Node): { program: SourceProgram; node: Node } | undefined {
    const local = this.assignedExpression(name, use) ?? this.moduleAssignment(name);
    if (local) return { program: this, node: local };
    const imported = this.importedName(name);
    return imported?.program.declarationOf(imported.name, imported.program.tree.rootNode);
  }

  /**
   * The workspace module a module-level name is imported from, and the name it has there
   * (`from .tools import lookup`); undefined for a name not imported or a module not found.
   */
  importedName(name: string): { program: SourceProgram; name: string } | undefined {
    const imported = this.table(this.tree.rootNode).imports.get(name);
    const program = imported && this.depth < MAX_IMPORT_DEPTH ? this.importedProgram(imported.module) : undefined;
    return program && imported ? { program, name: imported.imported } : undefined;
  }

  /** The expression last assigned to a module-level name, wherever in the module. */
  private moduleAssignment(name: string): Node | undefined {
    const assigned = this.table(this.tree.rootNode).bindings.get(name)?.filter((b) => b.op === 'assign') ?? [];
    return assigned.at(-1)?.value ?? undefined;
  }

  /**
   * `valueOfBindings` for module-level bindings, remembered. Only a reading that is not inside
   * another name's reading is kept and reused: inside one, the limits on depth could cut it short.
   */
  private moduleValue(name: string, bindings: Binding[], use: Node): StaticValue {
    if (this.resolving.size !== 1 || bindings.some((b) => b.value === null)) return this.valueOfBindings(bindings, use);
    return this.remembered(this.moduleReadings, `${name}#${bindings.length}`, () => this.valueOfBindings(bindings, use), {
      keep: (notes) => !notes.has('nesting') && !notes.has('budget') && !notes.has('built'),
    });
  }

  /** The last assignment, then each `+=`, `.append` or `.push` after it. */
  private valueOfBindings(bindings: Binding[], use: Node): StaticValue {
    let from = 0;
    for (let i = bindings.length - 1; i >= 0; i--) {
      if (bindings[i].op === 'assign') {
        from = i;
        break;
      }
    }
    const base = bindings[from].value;
    return this.applyBindings(base ? this.evaluate(base) : this.unknownOf(use), bindings.slice(from + 1));
  }

  /** `+=`, `.append` and `.push` applied in order to a value. */
  private applyBindings(start: StaticValue, bindings: readonly Binding[]): StaticValue {
    let value = start;
    // Texts are joined once at the end: a prompt built by thousands of `+=` is not copied each time.
    let parts: StaticText[] | undefined;
    let joinedAt: Node | undefined;
    for (const appended of bindings) {
      if (!appended.value) continue;
      const flow = this.noteControlFlow(appended);
      const inLoop = flow === 'loop';
      // Added in a loop or under a condition: whether, how often and where is known only at run time.
      const added = (item: StaticValue) => placedAs(inLoop ? addedInLoop(item) : item, flow !== undefined);
      if (appended.op === 'push') {
        if (parts) continue;
        const items = this.listItems(appended.value.namedChildren, (n) => this.spreadOperand(n));
        value = { kind: 'list', items: [...listItemsOf(value), ...items.map(added)], range: value.range };
        continue;
      }
      const right = this.evaluate(appended.value);
      if (!parts && value.kind === 'list' && right.kind === 'list') {
        value = this.append(value, flow ? { ...right, items: right.items.map(added) } : right, appended.value);
        continue;
      }
      if (!parts && (value.kind === 'list' || right.kind === 'list') && value.kind !== 'text' && right.kind !== 'text') {
        value = { kind: 'list', items: [...listItemsOf(value), ...listItemsOf(right)], range: value.range };
        continue;
      }
      if (!parts && value.kind === 'scalar' && right.kind === 'scalar') {
        // `n += 1`: two numbers added, as `+` adds them.
        value = numberOperation('+', value, right, value.range, this.addsIntegersOnly()) ?? this.unknownOf(appended.value);
        continue;
      }
      if (!parts && value.kind !== 'text' && right.kind !== 'text') {
        value = this.unknownOf(appended.value);
        continue;
      }
      parts ??= [this.textOperand(value, value.range)];
      parts.push(this.textOperand(right, appended.value));
      joinedAt = appended.value;
    }
    return parts && joinedAt ? concatTexts(parts, rangeOf(joinedAt)) : value;
  }

  /**
   * A value `+` or `+=` joins to text, as the language writes it; one the language does not join
   * (Python's `"a" + 1` raises) or that is not written here stands as written, a value only the
   * running program knows (at the node, or at the range for a value built by earlier statements).
   */
  protected abstract textOperand(value: StaticValue, at: Node | SourceRange): StaticText;

  /** Whether `+` adds integers only (Python: a float's sum is left to the program). */
  protected abstract addsIntegersOnly(): boolean;

  /** A value only the running program knows, standing where `at` is written. */
  protected unknownAt(at: Node | SourceRange): StaticText {
    if ('type' in at) return asText(this.unknownOf(at), this.source);
    return asText({ kind: 'unknown', expression: this.source.slice(at.start, at.end), range: at, perRequest: false }, this.source);
  }

  /** The operand of a spread in a list or in call arguments (`*x`, `...x`), or null. */
  protected abstract spreadOperand(node: Node): Node | null;

  /**
   * Items added to a list in a loop are counted once, and under a condition as if it holds: the
   * estimate says so, since how many there are is only known when the program runs. Which of the two, if either.
   */
  private noteControlFlow(binding: Binding): 'loop' | 'condition' | undefined {
    let loop: Node | undefined;
    let condition: Node | undefined;
    for (let parent = binding.at?.parent; parent && !this.isFunction(parent); parent = parent.parent) {
      if (!loop && LOOPS.has(parent.type)) loop = parent;
      if (!condition && CONDITIONS.has(parent.type)) condition = parent;
    }
    const header = (node: Node) => `\`${shortName(node.text.split('\n')[0].replace(/\s*[:{]\s*$/, ''), 40)}\``;
    if (loop) this.reasons.add(`\`${binding.name}\` is added to in a loop (${header(loop)}): what it adds is counted once, how many times it runs is known only at run time`);
    else if (condition) this.reasons.add(`\`${binding.name}\` is added to under a condition (${header(condition)}), counted as if it holds`);
    return loop ? 'loop' : condition ? 'condition' : undefined;
  }

  /**
   * A call to a function of this file (or of an enclosing one) that returns one expression: that
   * expression's value with the call's arguments bound to the parameters. Undefined when the
   * function is not found here, returns in more than one place, or calls itself.
   */
  protected callLocalFunction(name: string, call: Node, positional: readonly Node[], named: ReadonlyMap<string, Node>): StaticValue | undefined {
    const fn = this.functionNamed(name, call);
    if (!fn) return undefined;
    const returned = returnedExpression(fn, (n) => this.isFunction(n));
    if (!returned || positional.some((p) => this.spreadOperand(p))) return undefined;
    if (this.frames.has(fn.id) || this.frames.size >= MAX_CALL_DEPTH) {
      this.cuts++;
      return undefined;
    }
    const frame = new Map<string, StaticValue>();
    this.parameterList(fn).forEach((parameter, i) => {
      if (parameter.rest || !parameter.name) return;
      const argument = named.get(parameter.name) ?? positional[i];
      if (argument) frame.set(parameter.name, this.evaluate(argument));
      else if (parameter.defaultValue) frame.set(parameter.name, this.evaluate(parameter.defaultValue));
    });
    this.frames.set(fn.id, frame);
    return this.inContext(
      () => {
        const value = this.evaluate(returned);
        // An unknown result stays the call as written, where the editor marks it; a file's bytes are known.
        if (value.kind === 'unknown' && !value.bytes) return undefined;
        this.builtAt.push(rangeOf(fn));
        return value;
      },
      () => this.frames.delete(fn.id),
    );
  }

  /** The function `name` declared in the scope of `use` or a scope around it. */
  private functionNamed(name: string, use: Node): Node | undefined {
    for (let scope = this.enclosingFunction(use); ; scope = this.enclosingFunction(scope)) {
      const found = this.functionsOf(scope ?? this.tree.rootNode).get(name);
      if (found) return found;
      if (!scope) return undefined;
    }
  }

  private functionsOf(scope: Node): Map<string, Node> {
    let functions = this.functionsByScope.get(scope.id);
    if (functions) return functions;
    functions = new Map();
    const body = this.isFunction(scope) ? (scope.childForFieldName('body') ?? scope) : scope;
    for (const child of body.namedChildren) {
      const statement = child.childForFieldName('definition') ?? child.childForFieldName('declaration') ?? child;
      const ownName = statement.childForFieldName('name')?.text;
      if (this.isFunction(statement) && ownName) functions.set(ownName, statement);
      else if (statement.type === 'lexical_declaration' || statement.type === 'variable_declaration') {
        for (const declarator of statement.namedChildren) {
          const value = declarator.childForFieldName('value');
          const declared = declarator.childForFieldName('name')?.text;
          if (declared && value && this.isFunction(value)) functions.set(declared, value);
        }
      }
    }
    this.functionsByScope.set(scope.id, functions);
    return functions;
  }

  /** `a + b` for the language (list concatenation; any other pair joins as text, as `valueOfBindings` does). */
  protected abstract append(left: StaticValue, right: StaticValue, at: Node): StaticValue;

  private importedValue(binding: ImportBinding, use: Node): StaticValue {
    const program = this.depth < MAX_IMPORT_DEPTH ? this.importedProgram(binding.module) : undefined;
    if (!program) {
      // A package (`datetime`, `openai`) is not a workspace file: only a relative import is missed.
      if (binding.module.startsWith('.')) this.notes.add('imports');
      // Bound when the module loads, as any module-level name is: the same on every request.
      const unknown = this.unknownOf(use, binding.local);
      if (unknown.perRequest || unknown.importTime) return unknown;
      if (!this.isNeverText(use)) this.importTimeValues.push({ expression: shortName(binding.local, 30), range: rangeOf(use), fileName: this.fileName });
      return { ...unknown, importTime: true };
    }
    program.reasons.clear();
    const value = program.resolveName(binding.imported, program.tree.rootNode.lastChild ?? program.tree.rootNode);
    for (const note of program.notes) this.notes.add(note);
    for (const reason of program.reasons) this.reasons.add(reason);
    this.importTimeValues.push(...program.importTimeValues);
    return relocate(value, { start: use.startIndex, end: use.endIndex });
  }

  private importedProgram(module: string): SourceProgram | undefined {
    if (!this.readFile) return undefined;
    for (const path of this.importCandidates(module, dirname(resolve(this.fileName)))) {
      if (this.programs.has(path)) {
        const known = this.programs.get(path);
        if (known) return known;
        continue;
      }
      const text = this.readFile(path);
      if (text === undefined) {
        this.programs.set(path, null);
        continue;
      }
      let tree: Tree;
      try {
        tree = this.parser.parse(text);
      } catch (error) {
        // A module too slow to parse is read as one that is not there: its values are unknown.
        if (!(error instanceof InputRejectedError)) throw error;
        this.programs.set(path, null);
        continue;
      }
      const program = this.open({
        fileName: path,
        source: text,
        tree,
        parser: this.parser,
        readFile: this.readFile,
        readBytes: this.readBytes,
        whyUnreadable: this.whyUnreadable,
        depth: this.depth + 1,
        programs: this.programs,
        budget: this.budget,
        encodedFiles: this.encodedFiles,
        projectRoot: this.projectRoot,
      });
      this.programs.set(path, program);
      return program;
    }
    return undefined;
  }

  /** Frees the syntax trees of this file and of the files it imported. */
  dispose(): void {
    this.tree.delete();
    for (const program of this.programs.values()) if (program && program !== this) program.tree.delete();
    this.programs.clear();
  }
}

/**
 * A value from another file, placed where its name is used: its text spread over the name, so
 * the editor marks the name for what it brings in.
 */
export function relocate(value: StaticValue, range: { start: number; end: number }): StaticValue {
  switch (value.kind) {
    case 'text':
      return { ...spreadText(value.text, range), dynamic: value.dynamic, ...(value.pathObject ? { pathObject: true as const } : {}), ...(value.unplaced ? { unplaced: true as const } : {}) };
    case 'list':
      return { ...value, items: value.items.map((item) => relocate(item, range)), range };
    case 'object':
      return { ...value, entries: value.entries.map((e) => ({ key: e.key, value: relocate(e.value, range) })), range };
    default:
      return { ...value, range };
  }
}

/** An item added to a list in a loop: an object is marked so (see `StaticObject.inLoop`). */
const addedInLoop = (item: StaticValue): StaticValue => (item.kind === 'object' ? { ...item, inLoop: true } : item);

/**
 * The items a value brings into a list: a list's own, or one unknown standing for any number of
 * items (a parameter, a spread of something only the running program knows).
 */
function listItemsOf(value: StaticValue, expression?: string): StaticValue[] {
  if (value.kind === 'list') return value.items;
  if (value.kind === 'unknown') return [{ ...value, expression: expression ?? value.expression, spread: true }];
  return [{ kind: 'unknown', expression: expression ?? 'a value', range: value.range, perRequest: false, spread: true }];
}

/** The one expression a function returns: an arrow's body, or a single `return` that ends the body. */
/**
 * The operands `name = name + a + b` adds to `name`, in order (`a`, `b`), as `name += a` then
 * `name += b` would: read so, a prompt built by many such statements is joined once instead of
 * read a statement deeper each time. Undefined when the sum does not start with `name` itself.
 * `binary` is the language's node type of a binary operation.
 */
export function selfAppended(name: string, right: Node | null, binary: string): Node[] | undefined {
  const added: Node[] = [];
  let node = right;
  while (node?.type === binary && node.childForFieldName('operator')?.text === '+') {
    const operand = node.childForFieldName('right');
    if (!operand) return undefined;
    added.push(operand);
    node = node.childForFieldName('left');
  }
  return added.length > 0 && node?.type === 'identifier' && node.text === name ? added.reverse() : undefined;
}

export function returnedExpression(fn: Node, isFunction: (n: Node) => boolean): Node | undefined {
  const body = fn.childForFieldName('body');
  if (!body) return undefined;
  if (body.type !== 'block' && body.type !== 'statement_block') return body;
  const returns: Node[] = [];
  const pending = [...body.namedChildren];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node.type === 'return_statement') returns.push(node);
    else if (!isFunction(node)) pending.push(...node.namedChildren);
  }
  const lastOf = (block: Node | null) => block?.namedChildren.filter((n) => n.type !== 'comment').at(-1);
  let last = lastOf(body);
  // A return that ends a `with` block ending the body (`with open(p, "rb") as f: return f.read()`).
  while (last?.type === 'with_statement') last = lastOf(last.childForFieldName('body'));
  if (returns.length !== 1 || returns[0].id !== last?.id) return undefined;
  return returns[0].namedChildren.find((n) => n.type !== 'comment');
}

/** Whether `use` is inside the node `at`. */
function isInside(use: Node, at: Node | undefined): boolean {
  return at !== undefined && use.startIndex >= at.startIndex && use.endIndex <= at.endIndex;
}

/** A syntax node's span in the file. */
export function rangeOf(node: Node): { start: number; end: number } {
  return { start: node.startIndex, end: node.endIndex };
}

/** `-1`, `+2.5`: a sign before a known number (undefined for anything else). */
export function signedNumber(operator: string | undefined, operand: Node | null, evaluate: (node: Node) => StaticValue): StaticValue | undefined {
  if ((operator !== '-' && operator !== '+') || !operand) return undefined;
  const value = evaluate(operand);
  if (value.kind !== 'scalar' || typeof value.value !== 'number') return undefined;
  const python = value.python ? { python: value.python } : {};
  return { kind: 'scalar', value: operator === '-' ? -value.value : value.value, range: { start: operand.startIndex - 1, end: operand.endIndex }, ...python };
}

/**
 * `a op b` of two known numbers (`+ - * / % **`, Python's `//`), or undefined. In Python only
 * ints (`integersOnly`): a float's arithmetic (`2.0 + 1` is `3.0`) is left to the program.
 */
export function numberOperation(operator: string | undefined, a: StaticValue, b: StaticValue, range: SourceRange, integersOnly: boolean): StaticValue | undefined {
  if (a.kind !== 'scalar' || b.kind !== 'scalar' || typeof a.value !== 'number' || typeof b.value !== 'number') return undefined;
  const [x, y] = [a.value, b.value];
  if (integersOnly && (a.python === 'float' || b.python === 'float' || !Number.isInteger(x) || !Number.isInteger(y))) return undefined;
  let result: number | undefined;
  if (operator === '+') result = x + y;
  else if (operator === '-') result = x - y;
  else if (operator === '*') result = x * y;
  else if (operator === '**' && integersOnly) result = integerPower(x, y);
  else if (operator === '**') result = x ** y;
  else if (operator === '/' && !integersOnly) result = x / y;
  else if (operator === '%' && y !== 0) result = integersOnly ? ((x % y) + y) % y : x % y;
  else if (operator === '//' && integersOnly && y !== 0) result = floorDivision(x, y);
  if (result === undefined || !Number.isFinite(result) || (integersOnly && !Number.isSafeInteger(result))) return undefined;
  return { kind: 'scalar', value: result, range, ...(integersOnly ? { python: 'int' as const } : {}) };
}

/**
 * Python's `x ** y` of two ints, exact; undefined for a negative exponent (the result is a float,
 * computed by C's `pow`) or a result past what a double holds exactly.
 */
function integerPower(x: number, y: number): number | undefined {
  if (y < 0 || (Math.abs(x) > 1 && y > 64)) return undefined;
  const result = BigInt(x) ** BigInt(y);
  return result <= BigInt(Number.MAX_SAFE_INTEGER) && result >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(result) : undefined;
}

/** Python's `x // y` of two ints: the quotient rounded down, exact. */
function floorDivision(x: number, y: number): number {
  const [a, b] = [BigInt(x), BigInt(y)];
  const quotient = a / b;
  return Number(a % b !== 0n && a < 0n !== b < 0n ? quotient - 1n : quotient);
}
