/**
 * A nesting limit checked before a JSON or YAML tree is built. The parsers, `getNodeValue`, the
 * schema renderers and `toJSON` all recurse once per level, so thousands of nested arrays would
 * exhaust the stack; real requests stay far below the limit (OpenAI's structured outputs allow 10
 * levels of schema nesting).
 */
import type { CST } from 'yaml';

type YamlToken = CST.Token;

export const MAX_NESTING_DEPTH = 256;

/** Said of input that may well be valid: it is the analysis that stops, not the syntax that fails. */
export const NESTING_MESSAGE = `too deeply nested to analyse (limit ${MAX_NESTING_DEPTH} levels)`;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const SLASH = 0x2f;
const STAR = 0x2a;
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
/** What ends a run of plain characters inside a JSON string. */
const STRING_STOP = /["\\\n\r]/g;

/**
 * Offset of the first `[` or `{` that opens a level past the limit in JSON (with comments), or -1.
 * Brackets inside strings and comments do not count; one pass, no recursion.
 */
export function jsonTooDeepAt(text: string, start = 0, end = text.length): number {
  let depth = 0;
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      // A string ends at its closing quote or, unterminated, at the line's end (as the parser
      // reads it); the search runs natively, so a megabyte string costs a fraction of a loop.
      STRING_STOP.lastIndex = i + 1;
      for (;;) {
        const stop = STRING_STOP.exec(text);
        i = stop === null || stop.index >= end ? end : stop.index;
        if (i < end && text.charCodeAt(i) === BACKSLASH) {
          STRING_STOP.lastIndex = i + 2;
          continue;
        }
        break;
      }
    } else if (c === SLASH && text.charCodeAt(i + 1) === SLASH) {
      while (i < end && text.charCodeAt(i) !== NEWLINE && text.charCodeAt(i) !== CARRIAGE_RETURN) i++;
    } else if (c === SLASH && text.charCodeAt(i + 1) === STAR) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 || close >= end ? end : close + 1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++;
      if (depth > MAX_NESTING_DEPTH) return i;
    } else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && depth > 0) {
      depth--;
    }
    i++;
  }
  return -1;
}

/**
 * Offset (relative to the parsed text) of the first YAML collection nested past the limit, or -1.
 * Walks yaml's concrete syntax tree, which its parser builds without recursion, with an explicit
 * stack; the composer that turns it into nodes is recursive and runs only after this check.
 */
export function yamlTooDeepAt(tokens: readonly YamlToken[]): number {
  const stack: { token: YamlToken; depth: number }[] = tokens.map((token) => ({ token, depth: 0 }));
  while (stack.length > 0) {
    const { token, depth } = stack.pop()!;
    const children = childTokens(token);
    if (children.length === 0) continue;
    const inner = token.type === 'document' ? depth : depth + 1;
    if (inner > MAX_NESTING_DEPTH) return token.offset;
    for (const child of children) stack.push({ token: child, depth: inner });
  }
  return -1;
}

function childTokens(token: YamlToken): YamlToken[] {
  switch (token.type) {
    case 'document':
      return token.value ? [token.value] : [];
    case 'block-map':
    case 'block-seq':
    case 'flow-collection': {
      const children: YamlToken[] = [];
      for (const item of token.items) {
        if ('key' in item && item.key) children.push(item.key);
        if (item.value) children.push(item.value);
      }
      return children;
    }
    default:
      return [];
  }
}
