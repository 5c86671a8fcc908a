/**
 * Quick Fixes written in the source code itself: a per-request interpolation in the system message
 * (`f"Today is {datetime.now():%Y-%m-%d}.\n\n{POLICY}"`, `` `You help ${user.name}.\n\n${GUIDE}` ``)
 * moves, with the rest of its line, to the end of the last user message of the same call. Offered
 * only where the edit is mechanical: the interpolation sits in an f-string or template literal
 * written as the system content of the call, and the last user message is written in the call too.
 */
import type { Node } from 'web-tree-sitter';
import type { BreakerFix, TextEdit } from '../cache/breaker-fixes';
import type { SourceRange } from '../model';
import type { SourceLanguage } from './languages';

/** The keys whose value is the system prompt, by API. */
const SYSTEM_KEYS = new Set(['system', 'instructions']);
/** The keys whose value is the conversation or the user's input. */
const CONVERSATION_KEYS = ['messages', 'input', 'prompt'];
/** The longest line a Quick Fix moves, in characters as written. */
export const MAX_MOVED_CHARS = 2000;

/**
 * The Quick Fixes of the findings of one call. What the tree tells (a node's parent, its nearest
 * literal, the concatenation it is in, the last user message) is read once for all of them:
 * `Node.parent` descends from the root each time it is read, and walking up from each finding of a
 * text of `"..." + name + "..."` joined a thousand times took minutes.
 */
export class CallFixes {
  private readonly python: boolean;
  /** Parent of every node inside the call, read in one walk when first asked. */
  private parents: Map<number, Node | null> | undefined;
  /** The nearest node of a type at or above a node, inside the call (null: none), by type and node. */
  private readonly nearest = new Map<string, Map<number, Node | null>>();
  /** The outermost `+` a node's chain of `+` and brackets reaches (null: none), by node. */
  private readonly reach = new Map<number, Node | null>();
  private target: { node: Node | undefined } | undefined;
  /** A literal's text inside its quotes, and where its line breaks are, by literal. */
  private readonly contents = new Map<number, SourceRange>();
  private readonly breaks = new Map<number, LiteralBreaks>();
  /** The fix of each line that has one (undefined: none), by literal and line. */
  private readonly fixes = new Map<string, BreakerFix | undefined>();

  constructor(
    private readonly call: Node,
    private readonly source: string,
    language: SourceLanguage,
  ) {
    this.python = language === 'python';
  }

  /** The fix for a breaker at `range` inside the call, or undefined when it is not mechanical. */
  fix(range: SourceRange): BreakerFix | undefined {
    const { call, python, source } = this;
    const found = call.tree.rootNode.descendantForIndex(range.start, range.end);
    const interpolation = this.enclosing(found, python ? 'interpolation' : 'template_substitution');
    // A labelled line (`Now: {…}`) is found as a range of the literal's text, not as one interpolation.
    const literal = interpolation ? this.parentOf(interpolation) : this.enclosing(found, python ? 'string' : 'template_string');
    if (!literal || !isInterpolating(literal, python)) return undefined;
    // `f"Now: {…}\n" + POLICY`: the system content is the whole concatenation.
    const whole = this.concatenationAround(literal);
    if (!this.isSystemContent(whole)) return undefined;
    const content = this.contentOf(literal);
    const from = interpolation ? interpolation.startIndex : Math.max(range.start, content.start);
    const to = interpolation ? interpolation.endIndex : Math.min(range.end, content.end);
    let breaks = this.breaks.get(literal.id);
    if (!breaks) this.breaks.set(literal.id, (breaks = literalBreaks(source, content)));
    const line = lineAround(source, content, breaks, from, to);
    // Breakers on one line have one fix, the same: a line of thousands of them (and the text each
    // fix moves) is not copied for each.
    const key = `${literal.id}:${line.start}:${line.end}`;
    if (this.fixes.has(key)) return this.fixes.get(key);
    const fix = this.moveLine(literal, whole, content, line);
    this.fixes.set(key, fix);
    return fix;
  }

  /** The fix that moves the line of `literal` to the end of the last user message, if it is mechanical. */
  private moveLine(literal: Node, whole: Node, content: SourceRange, line: { start: number; end: number; cut: SourceRange }): BreakerFix | undefined {
    const { call, python, source } = this;
    // A line of thousands of characters is no line to move by a Quick Fix: the fix of each breaker
    // on it would carry all of it (10,000 breakers on a 140 KB line: 1.4 GB for the editor).
    if (line.end - line.start > MAX_MOVED_CHARS) return undefined;
    const moved = source.slice(line.start, line.end).trim();
    this.target ??= { node: lastUserContent(call, python) };
    const target = this.target.node;
    if (!moved || !target || target.startIndex < call.startIndex || target.endIndex > call.endIndex) return undefined;
    if (target.startIndex <= whole.endIndex && target.endIndex >= whole.startIndex) return undefined;
    const append = python ? appendPython(target, moved, source, this.contentOf(target)) : appendScript(target, moved);
    if (!append) return undefined;
    return {
      description: `Move "${moved.length <= 40 ? moved : `${moved.slice(0, 37)}…`}" to the end of the last user message, out of the cached prefix`,
      edits: [{ range: this.cutOf(literal, whole, line.cut, content), newText: '' }, ...append],
    };
  }

  /**
   * Why a breaker in the system content has no fix: its text is a `.format(...)` or `%` template,
   * whose values are not where the text is. Undefined for any other form.
   */
  noFixReason(range: SourceRange): string | undefined {
    if (!this.python) return undefined;
    const literal = this.enclosing(this.call.tree.rootNode.descendantForIndex(range.start, range.end), 'string');
    const holder = literal && this.parentOf(literal);
    if (!literal || !holder) return undefined;
    let form: string | undefined;
    let whole: Node | undefined;
    const above = this.parentOf(holder);
    if (holder.type === 'attribute' && holder.childForFieldName('attribute')?.text === 'format' && above?.type === 'call') {
      form = '`.format(...)`';
      whole = above;
    } else if (holder.type === 'binary_operator' && holder.childForFieldName('operator')?.text === '%') {
      form = '`%`';
      whole = holder;
    }
    if (!form || !whole || !this.isSystemContent(this.concatenationAround(whole))) return undefined;
    return `no automatic fix for a ${form} template: move the value to the last user message by hand`;
  }

  private contentOf(literal: Node): SourceRange {
    let content = this.contents.get(literal.id);
    if (!content) this.contents.set(literal.id, (content = contentRange(literal, this.python)));
    return content;
  }

  /** A node's parent: from the walk of the call for a node inside it. */
  private parentOf(node: Node): Node | null {
    if (!this.parents) {
      const parents = new Map<number, Node | null>([[this.call.id, this.call.parent]]);
      const cursor = this.call.walk();
      const stack: Node[] = [];
      try {
        for (;;) {
          const node = cursor.currentNode;
          if (stack.length > 0) parents.set(node.id, stack[stack.length - 1]);
          if (cursor.gotoFirstChild()) {
            stack.push(node);
            continue;
          }
          while (!cursor.gotoNextSibling()) {
            if (stack.length === 0 || !cursor.gotoParent()) break;
            stack.pop();
          }
          if (stack.length === 0) break;
        }
      } finally {
        cursor.delete();
      }
      this.parents = parents;
    }
    const known = this.parents.get(node.id);
    return known !== undefined ? known : node.parent;
  }

  /** The node or its nearest ancestor of `type`, not above the call. */
  private enclosing(node: Node | null, type: string): Node | undefined {
    let memo = this.nearest.get(type);
    if (!memo) this.nearest.set(type, (memo = new Map()));
    const walked: number[] = [];
    let found: Node | null = null;
    for (let n: Node | null = node; n; n = this.parentOf(n)) {
      if (n.startIndex < this.call.startIndex || n.endIndex > this.call.endIndex) break;
      const known = memo.get(n.id);
      if (known !== undefined) {
        found = known;
        break;
      }
      if (n.type === type) {
        found = n;
        break;
      }
      walked.push(n.id);
    }
    for (const id of walked) memo.set(id, found);
    return found ?? undefined;
  }

  /** The outermost `a + b + …` the literal is an operand of (through brackets), or the literal. */
  private concatenationAround(literal: Node): Node {
    const chain: Node[] = [];
    let outer: Node | null = null;
    for (let parent = this.parentOf(literal); parent; parent = this.parentOf(parent)) {
      const known = this.reach.get(parent.id);
      if (known !== undefined) {
        outer = known;
        break;
      }
      if (!isPlus(parent) && parent.type !== 'parenthesized_expression') break;
      chain.push(parent);
    }
    // From the top down: a `+` is the outermost one unless the chain reaches another above it.
    for (let i = chain.length - 1; i >= 0; i--) {
      if (!outer && isPlus(chain[i])) outer = chain[i];
      this.reach.set(chain[i].id, outer);
    }
    return outer ?? literal;
  }

  /**
   * What to cut: the line; when the line is all of a literal joined with `+`, the literal and its
   * `+` too, so that no empty string is left in the concatenation.
   */
  private cutOf(literal: Node, whole: Node, cut: SourceRange, content: SourceRange): SourceRange {
    const operation = this.parentOf(literal);
    if (literal.id === whole.id || cut.start !== content.start || cut.end !== content.end || !operation) return cut;
    const left = operation.childForFieldName('left');
    const right = operation.childForFieldName('right');
    if (!left || !right) return cut;
    if (left.id === literal.id) return { start: literal.startIndex, end: right.startIndex };
    if (right.id === literal.id) return { start: left.endIndex, end: literal.endIndex };
    return cut;
  }

  /** The key a value is written under: `system=`, `"content":`, `instructions:`. */
  private keyOf(value: Node): { key: string; holder: Node } | undefined {
    const parent = this.parentOf(value);
    if (!parent) return undefined;
    if (this.python && parent.type === 'keyword_argument' && parent.childForFieldName('value')?.equals(value)) {
      return { key: parent.childForFieldName('name')?.text ?? '', holder: parent };
    }
    if (parent.type === 'pair' && parent.childForFieldName('value')?.equals(value)) {
      return { key: unquote(parent.childForFieldName('key')?.text ?? ''), holder: parent };
    }
    return undefined;
  }

  /** `system=f"..."`, `instructions: \`...\``, or the content of a system / developer message. */
  private isSystemContent(literal: Node): boolean {
    const found = this.keyOf(literal);
    if (!found) return false;
    if (SYSTEM_KEYS.has(found.key)) return true;
    const message = this.parentOf(found.holder);
    return found.key === 'content' && message !== null && ['system', 'developer'].includes(roleOf(message) ?? '');
  }
}

function isPlus(node: Node): boolean {
  return (node.type === 'binary_operator' || node.type === 'binary_expression') && node.childForFieldName('operator')?.text === '+';
}

/** Python's opening quote with its prefix (`f"`, `rb'''`), lower-cased. */
function pythonPrefix(literal: Node): string {
  return (literal.children.find((c) => c.type === 'string_start')?.text ?? '').toLowerCase();
}

/** An f-string that is not raw (its `\n` is a line break), or a template literal. */
function isInterpolating(literal: Node, python: boolean): boolean {
  if (!python) return literal.type === 'template_string';
  const prefix = pythonPrefix(literal);
  return literal.type === 'string' && prefix.includes('f') && !prefix.includes('r') && !prefix.includes('b');
}

function unquote(text: string): string {
  return text.replace(/^(['"`])(.*)\1$/s, '$2');
}

/** The value of `key` in a dict or object literal. */
function valueOf(object: Node, key: string): Node | undefined {
  for (const pair of object.namedChildren) {
    if (pair.type === 'pair' && unquote(pair.childForFieldName('key')?.text ?? '') === key) return pair.childForFieldName('value') ?? undefined;
  }
  return undefined;
}

function roleOf(message: Node): string | undefined {
  const role = valueOf(message, 'role');
  return role && (role.type === 'string' || role.type === 'template_string') ? unquote(role.text.replace(/^[a-zA-Z]+(?=['"])/, '')) : undefined;
}

/** Source range of a literal's text, inside its quotes. */
function contentRange(literal: Node, python: boolean): SourceRange {
  if (python) {
    const start = literal.children.find((c) => c.type === 'string_start');
    const end = literal.children.find((c) => c.type === 'string_end');
    return { start: start?.endIndex ?? literal.startIndex, end: end?.startIndex ?? literal.endIndex };
  }
  return { start: literal.startIndex + 1, end: literal.endIndex - 1 };
}

/** Where the line breaks of a literal's text start, and where they end, in order. */
interface LiteralBreaks {
  starts: number[];
  ends: number[];
}

/**
 * The line breaks of a literal's text, found once: a literal of thousands of interpolations on one
 * line is not read again to its ends for each of them.
 */
function literalBreaks(source: string, content: SourceRange): LiteralBreaks {
  const starts: number[] = [];
  const ends: number[] = [];
  for (let at = content.start; at < content.end; at++) {
    if (breakAt(source, at)) starts.push(at);
    if (endsWithBreak(source, content.start, at + 1)) ends.push(at + 1);
  }
  return { starts, ends };
}

/** The index of the first of the sorted `offsets` at or after `at` (their length when none is). */
function firstAtOrAfter(offsets: readonly number[], at: number): number {
  let lo = 0;
  let hi = offsets.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (offsets[mid] < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The line of the literal around `[from, to)` (up to the line breaks on either side), and what to
 * cut: the line with the breaks after it, or before it when it ends the literal.
 */
function lineAround(source: string, content: SourceRange, breaks: LiteralBreaks, from: number, to: number): { start: number; end: number; cut: SourceRange } {
  let start = from;
  if (from > content.end) {
    while (start > content.start && !endsWithBreak(source, content.start, start)) start--;
  } else if (from > content.start) {
    // Back to the end of the break before `from`, or the start of the text.
    const before = firstAtOrAfter(breaks.ends, from + 1) - 1;
    start = before >= 0 ? breaks.ends[before] : content.start;
  }
  let end = to;
  if (to < content.start) {
    while (end < content.end && !breakAt(source, end)) end++;
  } else if (to < content.end) {
    // On to the start of the break at or after `to`, or the end of the text.
    const after = firstAtOrAfter(breaks.starts, to);
    end = after < breaks.starts.length ? breaks.starts[after] : content.end;
  }
  let cutEnd = end;
  for (let len = breakAt(source, cutEnd); len > 0 && cutEnd < content.end; len = breakAt(source, cutEnd)) cutEnd += len;
  let cutStart = start;
  if (cutEnd === end) {
    // The last line: take the breaks before it instead.
    while (cutStart > content.start) {
      const back = endsWithBreak(source, content.start, cutStart);
      if (!back) break;
      cutStart -= back;
    }
  }
  return { start, end, cut: { start: cutStart, end: Math.min(cutEnd, content.end) } };
}

/** Length of the line break written at `at` (an escaped `\n`, `\r\n` or `\n`), or 0. */
function breakAt(source: string, at: number): number {
  const c = source.charCodeAt(at);
  if (c === 10) return 1;
  const next = source.charCodeAt(at + 1);
  return (c === 92 && next === 110) || (c === 13 && next === 10) ? 2 : 0;
}

/** Length of a line break that ends right before `at` (not before `min`), or 0. */
function endsWithBreak(source: string, min: number, at: number): number {
  if (at - 2 >= min && source.slice(at - 2, at) === '\\n' && source[at - 3] !== '\\') return 2;
  if (at - 1 >= min && source[at - 1] === '\n') return at - 2 >= min && source[at - 2] === '\r' ? 2 : 1;
  return 0;
}

/** The content of the last user message of the call, or its `input` / `prompt` when that is the text. */
function lastUserContent(call: Node, python: boolean): Node | undefined {
  const args = call.childForFieldName('arguments');
  if (!args) return undefined;
  const request = python ? args : args.namedChildren.find((n) => n.type === 'object');
  if (!request) return undefined;
  for (const key of CONVERSATION_KEYS) {
    const value = python ? keywordValue(request, key) : valueOf(request, key);
    if (!value) continue;
    if (value.type !== 'list' && value.type !== 'array') return key === 'messages' ? undefined : value;
    const users = value.namedChildren.filter((m) => (m.type === 'dictionary' || m.type === 'object') && roleOf(m) === 'user');
    const last = users[users.length - 1];
    return last ? valueOf(last, 'content') : undefined;
  }
  return undefined;
}

function keywordValue(args: Node, name: string): Node | undefined {
  const keyword = args.namedChildren.find((n) => n.type === 'keyword_argument' && n.childForFieldName('name')?.text === name);
  return keyword?.childForFieldName('value') ?? undefined;
}

/** Appends `\n\n<moved>` to a Python string, or wraps an expression in an f-string that does. */
function appendPython(target: Node, moved: string, source: string, content: SourceRange): TextEdit[] | undefined {
  const at = (offset: number, newText: string): TextEdit => ({ range: { start: offset, end: offset }, newText });
  if (target.type === 'string') {
    const prefix = pythonPrefix(target);
    const quote = prefix.replace(/^[a-z]+/, '');
    if (prefix.includes('r') || prefix.includes('b') || moved.includes(quote[0])) return undefined;
    const end = target.children.find((c) => c.type === 'string_end');
    if (!end) return undefined;
    const text = source.slice(content.start, end.startIndex);
    // A plain string becomes an f-string; its braces would then be read as interpolations.
    if (!prefix.includes('f') && /[{}]/.test(text)) return undefined;
    return [...(prefix.includes('f') ? [] : [at(target.startIndex, 'f')]), at(end.startIndex, `\\n\\n${moved}`)];
  }
  if (target.type === 'list' || target.type === 'dictionary' || target.type === 'concatenated_string') return undefined;
  const quote = !moved.includes('"') && !target.text.includes('"') ? '"' : !moved.includes("'") && !target.text.includes("'") ? "'" : undefined;
  if (!quote) return undefined;
  return [{ range: { start: target.startIndex, end: target.endIndex }, newText: `f${quote}{${target.text}}\\n\\n${moved}${quote}` }];
}

/** Appends `\n\n<moved>` to a template literal or string, or wraps an expression in a template literal. */
function appendScript(target: Node, moved: string): TextEdit[] | undefined {
  const at = (offset: number, newText: string): TextEdit => ({ range: { start: offset, end: offset }, newText });
  if (target.type === 'template_string') return [at(target.endIndex - 1, `\\n\\n${moved}`)];
  if (target.type === 'string') {
    // '...' becomes `...`: only when nothing in it would mean something else in a template.
    if (/[`]|\$\{/.test(target.text)) return undefined;
    return [
      { range: { start: target.startIndex, end: target.startIndex + 1 }, newText: '`' },
      { range: { start: target.endIndex - 1, end: target.endIndex }, newText: `\\n\\n${moved}\`` },
    ];
  }
  if (target.type === 'array' || target.type === 'object') return undefined;
  return [{ range: { start: target.startIndex, end: target.endIndex }, newText: `\`\${${target.text}}\\n\\n${moved}\`` }];
}
