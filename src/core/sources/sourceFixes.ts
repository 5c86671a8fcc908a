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

/** The fix for a breaker at `range` inside the call `call`, or undefined when it is not mechanical. */
export function sourceFix(call: Node, range: SourceRange, source: string, language: SourceLanguage): BreakerFix | undefined {
  const python = language === 'python';
  const found = call.tree.rootNode.descendantForIndex(range.start, range.end);
  const interpolation = enclosing(found, python ? 'interpolation' : 'template_substitution', call);
  // A labelled line (`Now: {…}`) is found as a range of the literal's text, not as one interpolation.
  const literal = interpolation ? interpolation.parent : enclosing(found, python ? 'string' : 'template_string', call);
  if (!literal || !isInterpolating(literal, python)) return undefined;
  // `f"Now: {…}\n" + POLICY`: the system content is the whole concatenation.
  const whole = concatenationAround(literal);
  if (!isSystemContent(whole, python)) return undefined;
  const content = contentRange(literal, python);
  const from = interpolation ? interpolation.startIndex : Math.max(range.start, content.start);
  const to = interpolation ? interpolation.endIndex : Math.min(range.end, content.end);
  const line = lineAround(source, content, from, to);
  const moved = source.slice(line.start, line.end).trim();
  const target = lastUserContent(call, python);
  if (!moved || !target || target.startIndex < call.startIndex || target.endIndex > call.endIndex) return undefined;
  if (target.startIndex <= whole.endIndex && target.endIndex >= whole.startIndex) return undefined;
  const append = python ? appendPython(target, moved, source) : appendScript(target, moved);
  if (!append) return undefined;
  return {
    description: `Move "${moved.length <= 40 ? moved : `${moved.slice(0, 37)}…`}" to the end of the last user message, out of the cached prefix`,
    edits: [{ range: cutOf(literal, whole, line.cut, content), newText: '' }, ...append],
  };
}

/**
 * Why a breaker in the system content has no fix: its text is a `.format(...)` or `%` template,
 * whose values are not where the text is. Undefined for any other form.
 */
export function noFixReason(call: Node, range: SourceRange, language: SourceLanguage): string | undefined {
  if (language !== 'python') return undefined;
  const literal = enclosing(call.tree.rootNode.descendantForIndex(range.start, range.end), 'string', call);
  const holder = literal?.parent;
  if (!literal || !holder) return undefined;
  let form: string | undefined;
  let whole: Node | undefined;
  if (holder.type === 'attribute' && holder.childForFieldName('attribute')?.text === 'format' && holder.parent?.type === 'call') {
    form = '`.format(...)`';
    whole = holder.parent;
  } else if (holder.type === 'binary_operator' && holder.childForFieldName('operator')?.text === '%') {
    form = '`%`';
    whole = holder;
  }
  if (!form || !whole || !isSystemContent(concatenationAround(whole), true)) return undefined;
  return `no automatic fix for a ${form} template: move the value to the last user message by hand`;
}

/** The outermost `a + b + …` the literal is an operand of (through brackets), or the literal. */
function concatenationAround(literal: Node): Node {
  let top = literal;
  for (let parent = literal.parent; parent; parent = parent.parent) {
    const plus = (parent.type === 'binary_operator' || parent.type === 'binary_expression') && parent.childForFieldName('operator')?.text === '+';
    if (plus) top = parent;
    else if (parent.type !== 'parenthesized_expression') break;
  }
  return top;
}

/**
 * What to cut: the line; when the line is all of a literal joined with `+`, the literal and its
 * `+` too, so that no empty string is left in the concatenation.
 */
function cutOf(literal: Node, whole: Node, cut: SourceRange, content: SourceRange): SourceRange {
  const operation = literal.parent;
  if (literal.id === whole.id || cut.start !== content.start || cut.end !== content.end || !operation) return cut;
  const left = operation.childForFieldName('left');
  const right = operation.childForFieldName('right');
  if (!left || !right) return cut;
  if (left.id === literal.id) return { start: literal.startIndex, end: right.startIndex };
  if (right.id === literal.id) return { start: left.endIndex, end: literal.endIndex };
  return cut;
}

/** The nearest ancestor (or the node itself) of `type`, not above `limit`. */
function enclosing(node: Node | null, type: string, limit: Node): Node | undefined {
  for (let n = node; n && n.startIndex >= limit.startIndex && n.endIndex <= limit.endIndex; n = n.parent) {
    if (n.type === type) return n;
  }
  return undefined;
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

/** The key a value is written under: `system=`, `"content":`, `instructions:`. */
function keyOf(value: Node, python: boolean): { key: string; holder: Node } | undefined {
  const parent = value.parent;
  if (!parent) return undefined;
  if (python && parent.type === 'keyword_argument' && parent.childForFieldName('value')?.equals(value)) {
    return { key: parent.childForFieldName('name')?.text ?? '', holder: parent };
  }
  if (parent.type === 'pair' && parent.childForFieldName('value')?.equals(value)) {
    return { key: unquote(parent.childForFieldName('key')?.text ?? ''), holder: parent };
  }
  return undefined;
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

/** `system=f"..."`, `instructions: \`...\``, or the content of a system / developer message. */
function isSystemContent(literal: Node, python: boolean): boolean {
  const found = keyOf(literal, python);
  if (!found) return false;
  if (SYSTEM_KEYS.has(found.key)) return true;
  const message = found.holder.parent;
  return found.key === 'content' && message !== null && ['system', 'developer'].includes(roleOf(message) ?? '');
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

/** A line break as written in the literal: an escaped `\n` or a real one. */
const BREAK = /\\n|\r?\n/y;

/**
 * The line of the literal around `[from, to)` (up to the line breaks on either side), and what to
 * cut: the line with the breaks after it, or before it when it ends the literal.
 */
function lineAround(source: string, content: SourceRange, from: number, to: number): { start: number; end: number; cut: SourceRange } {
  let start = from;
  while (start > content.start && !endsWithBreak(source, content.start, start)) start--;
  let end = to;
  while (end < content.end && !breakAt(source, end)) end++;
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

function breakAt(source: string, at: number): number {
  BREAK.lastIndex = at;
  const match = BREAK.exec(source);
  return match ? match[0].length : 0;
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
function appendPython(target: Node, moved: string, source: string): TextEdit[] | undefined {
  const at = (offset: number, newText: string): TextEdit => ({ range: { start: offset, end: offset }, newText });
  if (target.type === 'string') {
    const prefix = pythonPrefix(target);
    const quote = prefix.replace(/^[a-z]+/, '');
    if (prefix.includes('r') || prefix.includes('b') || moved.includes(quote[0])) return undefined;
    const end = target.children.find((c) => c.type === 'string_end');
    if (!end) return undefined;
    const text = source.slice(contentRange(target, true).start, end.startIndex);
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
