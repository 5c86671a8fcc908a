import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { SourceRange, TextPiece } from '../model';
import { treeAfterStringEdit } from './jsonEdit';
import { jsonTooDeepAt, NESTING_MESSAGE } from './nestingDepth';
import { parseErrorAt } from './sourcePosition';
import { slicePiece } from './textPiece';

export type JsonNode = Node;

/** Why jsonc-parser stopped, in words. */
const JSON_ERROR_WORDS: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected a colon after the property name',
  CommaExpected: 'expected a comma or a closing bracket',
  CloseBraceExpected: 'expected a closing brace }',
  CloseBracketExpected: 'expected a closing bracket ]',
  EndOfFileExpected: 'unexpected content after the end of the JSON value',
  InvalidCommentToken: 'invalid comment',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid \\u escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in string',
};

/** Parses JSON with comments and trailing commas; throws PromptParseError at the first error. */
export function parseJsonSource(text: string): JsonNode {
  const { root, errors, tooDeepAt } = parseOnce(text);
  if (tooDeepAt >= 0) throw parseErrorAt(text, tooDeepAt, `JSON ${NESTING_MESSAGE}`);
  if (errors.length > 0) {
    const first = errors[0];
    throw parseErrorAt(text, first.offset, `Invalid JSON: ${JSON_ERROR_WORDS[printParseErrorCode(first.error)] ?? 'syntax error'}`);
  }
  if (!root) throw parseErrorAt(text, 0, 'Invalid JSON: the file is empty');
  return root;
}

/** Parses without throwing, for detection. */
export function tryParseJson(text: string): JsonNode | undefined {
  const { root, errors, tooDeepAt } = parseOnce(text);
  return errors.length === 0 && tooDeepAt < 0 ? root : undefined;
}

interface JsonParse {
  text: string;
  root: JsonNode | undefined;
  errors: ParseError[];
  /** Offset of the bracket past the nesting limit (then nothing is parsed), or -1. */
  tooDeepAt: number;
}

/** The last parse: detection and the request parser read the same text one after the other. */
let lastParse: JsonParse | undefined;

/** The syntax tree of `text`, shared by consecutive callers (nodes are read, never modified). */
function parseOnce(text: string): JsonParse {
  if (lastParse && lastParse.text === text) return lastParse;
  if (lastParse?.root && lastParse.errors.length === 0 && lastParse.tooDeepAt < 0) {
    const root = treeAfterStringEdit(lastParse.text, lastParse.root, text);
    if (root) {
      lastParse = { text, root, errors: [], tooDeepAt: -1 };
      return lastParse;
    }
  }
  const tooDeepAt = jsonTooDeepAt(text);
  if (tooDeepAt >= 0) {
    lastParse = { text, root: undefined, errors: [], tooDeepAt };
    return lastParse;
  }
  const errors: ParseError[] = [];
  // A byte order mark is not JSON; a space in its place keeps every offset where it was.
  const parsed = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  const root = parseTree(parsed, errors, { allowTrailingComma: true, disallowComments: false });
  lastParse = { text, root, errors, tooDeepAt };
  return lastParse;
}

export function jsonRange(node: JsonNode): SourceRange {
  return { start: node.offset, end: node.offset + node.length };
}

/** The node's value as ordinary objects and arrays (jsonc-parser builds prototype-less objects). */
export function jsonValue(node: JsonNode | undefined): unknown {
  return node ? toPlain(getNodeValue(node)) : undefined;
}

function toPlain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toPlain);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPlain(v)]));
  }
  return value;
}

/** Property value node of an object node. */
export function jsonProperty(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (!node || node.type !== 'object') return undefined;
  return findNodeAtLocation(node, [key]);
}

/** The property names of an object node, in file order, with their value nodes. */
export function jsonEntries(node: JsonNode | undefined): [string, JsonNode][] {
  if (!node || node.type !== 'object' || !node.children) return [];
  const entries: [string, JsonNode][] = [];
  for (const property of node.children) {
    const [key, value] = property.children ?? [];
    if (key && value && typeof key.value === 'string') entries.push([key.value, value]);
  }
  return entries;
}

export function jsonItems(node: JsonNode | undefined): JsonNode[] {
  return node && node.type === 'array' ? (node.children ?? []) : [];
}

export function jsonString(node: JsonNode | undefined): string | undefined {
  return node && node.type === 'string' ? (node.value as string) : undefined;
}

/** The range of a string's content, inside the quotes. */
export function jsonStringInnerRange(node: JsonNode): SourceRange {
  return { start: node.offset + 1, end: node.offset + node.length - 1 };
}

/**
 * A JSON string as the provider receives it (escapes resolved), each unit mapped to the escape or
 * character it came from, so `\n` or `\u00e9` in the file still lead back to their place. The
 * decoded text is the one the parser built (a tree with no errors holds only valid escapes).
 */
export function jsonStringPiece(node: JsonNode, source: string): TextPiece {
  const { start, end } = jsonStringInnerRange(node);
  const firstEscape = backslashIn(source, start, end);
  if (firstEscape < 0) return slicePiece(source, start, end);
  const text = node.value as string;
  return { text, range: { start, end }, offsets: unitOffsets(source, start, end, firstEscape, text.length), dynamic: [] };
}

/**
 * The first backslash in [from, end), or -1. Looked for in that range only: a search of the rest of
 * the file, once per string, was quadratic (200,000 messages without escapes: seconds).
 */
function backslashIn(source: string, from: number, end: number): number {
  if (from >= end) return -1;
  const at = source.slice(from, end).indexOf('\\');
  return at < 0 ? -1 : from + at;
}

/**
 * The source offset of each decoded unit of the string body [start, end), plus `end`: characters
 * map to themselves, an escape (`\n`, `\u00e9`) to its backslash. One pass over the body; a typed
 * array, since a megabyte string maps a million units, which a plain array boxes one by one.
 */
function unitOffsets(source: string, start: number, end: number, firstEscape: number, units: number): Int32Array {
  const offsets = new Int32Array(units + 1);
  let unit = 0;
  let at = start;
  let escape = firstEscape;
  while (escape >= 0 && escape < end) {
    while (at < escape) offsets[unit++] = at++;
    offsets[unit++] = escape;
    at = escape + (source.charCodeAt(escape + 1) === 0x75 /* u */ ? 6 : 2);
    escape = backslashIn(source, at, end);
  }
  while (at < end) offsets[unit++] = at++;
  offsets[unit] = end;
  return offsets;
}

/** Any node as it is written in the file (tool definitions, tool_use blocks ...). */
export function jsonRawPiece(node: JsonNode, source: string): TextPiece {
  return slicePiece(source, node.offset, node.offset + node.length);
}
