/**
 * What a parsed source file can tell about a name without running it: the assignments of the
 * enclosing function, then of the enclosing functions around it, then of the module, then the
 * constants imported from another file of the workspace. Each language supplies its syntax
 * (`ProgramSyntax`) and how to evaluate an expression (`evaluate`).
 */
import { dirname, resolve } from 'node:path';
import type { Node, Tree } from 'web-tree-sitter';
import type { SourceRange } from '../model';
import type { SourceParser } from './treeSitter';
import { isPerRequestExpression } from './perRequestCalls';
import { asText, concatTexts, shortName, spreadText, type StaticText, type StaticUnknown, type StaticValue } from './staticValue';

/** `name = value`, `name += value`, a declaration, or `name` imported from `module`. */
export interface Binding {
  name: string;
  /** Offset of the statement, to tell which bindings come before a use. */
  start: number;
  op: 'assign' | 'append';
  value: Node | null;
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
  fileName: string;
  source: string;
  tree: Tree;
  parser: SourceParser;
  readFile?: ReadSourceFile;
  /** Import depth: a file imported from an imported file is 2. */
  depth?: number;
  /** Files already open in this analysis, by path. */
  programs?: Map<string, SourceProgram | null>;
}

/** Imports are followed this many files deep. */
const MAX_IMPORT_DEPTH = 3;
/** A chain of names referring to names (a = b, b = c ...) is followed this deep. */
const MAX_RESOLVE_DEPTH = 24;
/**
 * Expressions are read this many levels deep (brackets in brackets, calls in calls); a deeper one
 * stands as written. Reading recurses once a level, and the stack would not hold generated code
 * nested thousands deep. A chain of `+` is read in a loop, whatever its length (`concatenation`).
 */
export const MAX_EXPRESSION_DEPTH = 400;

/** An expression computed at module level whose value the source does not tell. */
export interface ImportTimeValue {
  expression: string;
  range: SourceRange;
  fileName: string;
}

/** A module-level name's value as read once, with what reading it noted, to be given again. */
interface ModuleReading {
  value: StaticValue;
  notes: string[];
  importTimeValues: ImportTimeValue[];
  /** How many expression levels the reading went down. */
  depth: number;
}

export abstract class SourceProgram {
  readonly fileName: string;
  readonly source: string;
  readonly tree: Tree;
  protected readonly parser: SourceParser;
  protected readonly readFile?: ReadSourceFile;
  protected readonly depth: number;
  protected readonly programs: Map<string, SourceProgram | null>;
  private readonly tables = new Map<number, ScopeTable>();
  private readonly resolving = new Set<string>();
  /** Why some values are placeholders: said once each in the estimate reason. */
  readonly notes = new Set<string>();
  /** Expressions computed at module level that only the running program knows, by where they are. */
  readonly importTimeValues: ImportTimeValue[] = [];
  /**
   * Module-level names already read, by name and number of bindings seen: a file of thousands of
   * calls sharing one constant reads (and decodes) it once, not once per call.
   */
  private readonly moduleReadings = new Map<string, ModuleReading>();

  constructor(options: ProgramOptions) {
    this.fileName = options.fileName;
    this.source = options.source;
    this.tree = options.tree;
    this.parser = options.parser;
    this.readFile = options.readFile;
    this.depth = options.depth ?? 0;
    this.programs = options.programs ?? new Map();
  }

  private nesting = 0;
  /** The deepest `nesting` reached, to tell whether a reading would fit again at another depth. */
  private deepest = 0;

  /** The value of an expression. */
  evaluate(node: Node): StaticValue {
    if (this.nesting >= MAX_EXPRESSION_DEPTH) {
      this.notes.add('nesting');
      return this.unknownOf(node);
    }
    this.nesting++;
    if (this.nesting > this.deepest) this.deepest = this.nesting;
    try {
      return this.evaluateExpression(node);
    } finally {
      this.nesting--;
    }
  }

  /** The value of an expression, one level: the language's reading of each kind of node. */
  protected abstract evaluateExpression(node: Node): StaticValue;

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
      if (parts) {
        parts.push(asText(right, this.source));
      } else if (value.kind === 'text' || right.kind === 'text') {
        parts = [asText(value, this.source), asText(right, this.source)];
      } else if (joinsLists && value.kind === 'list' && right.kind === 'list') {
        value = this.append(value, right, level);
        continue;
      } else {
        value = this.unknownOf(level);
        continue;
      }
      joinedAt = level;
    }
    return parts ? concatTexts(parts, rangeOf(joinedAt)) : value;
  }

  /** Whether the node is a function (its parameters and body are a scope). */
  protected abstract isFunction(node: Node): boolean;
  /** Names of a function's parameters. */
  protected abstract parameterNames(fn: Node): string[];
  /** Adds the bindings made by one statement of a scope; returns the children to look into. */
  protected abstract collect(statement: Node, table: ScopeTable): Node[];
  /** The file an import refers to, tried in order (`.py`, `.ts`, `/index.ts` ...). */
  protected abstract importCandidates(module: string, fromDir: string): string[];
  /** A program for another file of the same language. */
  protected abstract open(options: ProgramOptions): SourceProgram;

  /** A placeholder value for an expression only the running program knows. */
  protected unknownOf(node: Node, expression = node.text): StaticUnknown {
    const perRequest = isPerRequestExpression(node.text);
    // Module level runs once, when the process imports the file: every request sees its value.
    if (perRequest || this.enclosingFunction(node) !== null) return { kind: 'unknown', expression, range: rangeOf(node), perRequest };
    this.importTimeValues.push({ expression: shortName(expression, 30), range: rangeOf(node), fileName: this.fileName });
    return { kind: 'unknown', expression, range: rangeOf(node), perRequest, importTime: true };
  }

  /** The innermost function around a node, or null at module level. */
  enclosingFunction(node: Node): Node | null {
    for (let parent = node.parent; parent; parent = parent.parent) if (this.isFunction(parent)) return parent;
    return null;
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
    for (const list of table.bindings.values()) list.sort((a, b) => a.start - b.start);
    this.tables.set(scope.id, table);
    return table;
  }

  /** The value `name` has where `use` is, as far as the file (and its imports) tell. */
  resolveName(name: string, use: Node): StaticValue {
    const key = `${name}@${use.startIndex}`;
    if (this.resolving.has(key) || this.resolving.size > MAX_RESOLVE_DEPTH) return this.unknownOf(use, name);
    this.resolving.add(key);
    try {
      return this.lookUp(name, use);
    } finally {
      this.resolving.delete(key);
    }
  }

  private lookUp(name: string, use: Node): StaticValue {
    let scope: Node | null = this.enclosingFunction(use);
    for (;;) {
      const table = this.table(scope ?? this.tree.rootNode);
      const list = table.bindings.get(name);
      if (list && list.length > 0) {
        const before = list.filter((b) => b.start < use.startIndex);
        const chosen = before.length > 0 ? before : scope === null ? list : [];
        if (chosen.length > 0) return scope === null ? this.moduleValue(name, chosen, use) : this.valueOfBindings(chosen, use);
      }
      if (scope && this.parameterNames(scope).includes(name)) {
        this.notes.add('parameters');
        return this.unknownOf(use, name);
      }
      if (!scope) {
        const imported = table.imports.get(name);
        if (imported) return this.importedValue(imported, use);
        // A name the file never binds stands for a value from elsewhere (a snippet's caller): anything.
        return { kind: 'unknown', expression: name, range: rangeOf(use), perRequest: isPerRequestExpression(use.text) };
      }
      scope = this.enclosingFunction(scope);
    }
  }

  /**
   * `valueOfBindings` for module-level bindings, remembered. Only a reading that is not inside
   * another name's reading is kept and reused: inside one, the limits on depth could cut it short.
   */
  private moduleValue(name: string, bindings: Binding[], use: Node): StaticValue {
    if (this.resolving.size !== 1 || bindings.some((b) => b.value === null)) return this.valueOfBindings(bindings, use);
    const key = `${name}#${bindings.length}`;
    const known = this.moduleReadings.get(key);
    if (known && this.nesting + known.depth < MAX_EXPRESSION_DEPTH) {
      for (const note of known.notes) this.notes.add(note);
      this.importTimeValues.push(...known.importTimeValues);
      return known.value;
    }
    const notesBefore = [...this.notes];
    this.notes.clear();
    const importTimeStart = this.importTimeValues.length;
    const deepestBefore = this.deepest;
    const start = this.nesting;
    this.deepest = start;
    try {
      const value = this.valueOfBindings(bindings, use);
      if (!this.notes.has('nesting')) {
        const reading = { value, notes: [...this.notes], importTimeValues: this.importTimeValues.slice(importTimeStart), depth: this.deepest - start };
        this.moduleReadings.set(key, reading);
      }
      return value;
    } finally {
      for (const note of notesBefore) this.notes.add(note);
      this.deepest = Math.max(deepestBefore, this.deepest);
    }
  }

  /** The last assignment, then each `+=` after it. */
  private valueOfBindings(bindings: Binding[], use: Node): StaticValue {
    let from = 0;
    for (let i = bindings.length - 1; i >= 0; i--) {
      if (bindings[i].op === 'assign') {
        from = i;
        break;
      }
    }
    const base = bindings[from].value;
    let value = base ? this.evaluate(base) : this.unknownOf(use);
    // Texts are joined once at the end: a prompt built by thousands of `+=` is not copied each time.
    let parts: StaticText[] | undefined;
    let joinedAt: Node | undefined;
    for (const appended of bindings.slice(from + 1)) {
      if (!appended.value) continue;
      const right = this.evaluate(appended.value);
      if (!parts && value.kind === 'list' && right.kind === 'list') {
        value = this.append(value, right, appended.value);
        continue;
      }
      parts ??= [asText(value, this.source)];
      parts.push(asText(right, this.source));
      joinedAt = appended.value;
    }
    return parts && joinedAt ? concatTexts(parts, rangeOf(joinedAt)) : value;
  }

  /** `a + b` for the language (list concatenation; any other pair joins as text, as `valueOfBindings` does). */
  protected abstract append(left: StaticValue, right: StaticValue, at: Node): StaticValue;

  private importedValue(binding: ImportBinding, use: Node): StaticValue {
    const program = this.depth < MAX_IMPORT_DEPTH ? this.importedProgram(binding.module) : undefined;
    if (!program) {
      // A package (`datetime`, `openai`) is not a workspace file: only a relative import is missed.
      if (binding.module.startsWith('.')) this.notes.add('imports');
      return this.unknownOf(use, binding.local);
    }
    const value = program.resolveName(binding.imported, program.tree.rootNode.lastChild ?? program.tree.rootNode);
    for (const note of program.notes) this.notes.add(note);
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
      const program = this.open({
        fileName: path,
        source: text,
        tree: this.parser.parse(text),
        parser: this.parser,
        readFile: this.readFile,
        depth: this.depth + 1,
        programs: this.programs,
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
function relocate(value: StaticValue, range: { start: number; end: number }): StaticValue {
  switch (value.kind) {
    case 'text':
      return { ...spreadText(value.text, range), dynamic: value.dynamic };
    case 'list':
      return { kind: 'list', items: value.items.map((item) => relocate(item, range)), range };
    case 'object':
      return { kind: 'object', entries: value.entries.map((e) => ({ key: e.key, value: relocate(e.value, range) })), range };
    default:
      return { ...value, range };
  }
}

/** A syntax node's span in the file. */
export function rangeOf(node: Node): { start: number; end: number } {
  return { start: node.startIndex, end: node.endIndex };
}
