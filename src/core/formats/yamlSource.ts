import { Composer, Document, isMap, isScalar, isSeq, Parser, YAMLParseError, type Node as YamlNode, type CST, type Scalar } from 'yaml';
import type { SourceRange, TextPiece } from '../model';
import { NESTING_MESSAGE, yamlTooDeepAt } from './nestingDepth';
import { parseErrorAt } from './sourcePosition';
import { pieceFromOffsets, slicePiece } from './textPiece';

export type { YamlNode };

/** A parsed YAML document (possibly a slice of a larger file, such as front matter). */
export interface YamlSource {
  root: YamlNode | null;
  /** The whole file. */
  source: string;
  /** Where the YAML text starts in `source`; node ranges are relative to it. */
  base: number;
}

/** Parses `source.slice(start, end)` as YAML; throws PromptParseError at the first error. */
export function parseYamlSource(source: string, start = 0, end = source.length): YamlSource {
  const text = source.slice(start, end);
  // yaml's parseDocument in two steps, so that the nesting is checked before the recursive composer runs.
  const tokens = syntaxTokens(text, source, start);
  const tooDeepAt = yamlTooDeepAt(tokens);
  if (tooDeepAt >= 0) throw parseErrorAt(source, start + tooDeepAt, `YAML ${NESTING_MESSAGE}`);
  const doc = composeFirstDocument(tokens, text.length);
  const first = doc.errors[0];
  if (first) {
    // yaml's own message names a position relative to the slice; ours names the file position.
    const reason = first.message.split(/ at line \d+, column \d+/)[0].trim();
    throw parseErrorAt(source, start + first.pos[0], `Invalid YAML: ${reason}`);
  }
  return { root: (doc.contents as YamlNode | null) ?? null, source, base: start };
}

/**
 * yaml's concrete syntax tree of `text`. Its parser closes the block collections a line leaves one
 * recursive step each: a dedent out of a few thousand nested maps or `- - - …` sequences overflows
 * the stack before the nesting can be checked, and is the same error, placed where it stopped.
 */
function syntaxTokens(text: string, source: string, start: number): CST.Token[] {
  const parser = new Parser();
  try {
    return [...parser.parse(text)];
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw parseErrorAt(source, start + Math.min(parser.offset, text.length), `YAML ${NESTING_MESSAGE}`);
  }
}

/** The first document; a second one is an error, as in yaml's parseDocument. */
function composeFirstDocument(tokens: CST.Token[], length: number): Document.Parsed {
  let doc: Document.Parsed | undefined;
  for (const next of new Composer({ keepSourceTokens: true }).compose(tokens, true, length)) {
    if (!doc) {
      doc = next;
    } else {
      doc.errors.push(new YAMLParseError([next.range[0], next.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents'));
      break;
    }
  }
  // compose(…, forceDoc = true) always yields a document, even for empty text.
  return doc!;
}

export function yamlGet(node: YamlNode | null | undefined, key: string): YamlNode | undefined {
  if (!isMap(node)) return undefined;
  const value = node.get(key, true);
  return value === null || value === undefined ? undefined : (value as YamlNode);
}

/** Key, key node and value node of each map entry, in file order. */
export function yamlEntries(node: YamlNode | null | undefined): { key: string; keyNode: YamlNode; value: YamlNode | undefined }[] {
  if (!isMap(node)) return [];
  const entries: { key: string; keyNode: YamlNode; value: YamlNode | undefined }[] = [];
  for (const pair of node.items) {
    const keyNode = pair.key as YamlNode;
    if (!isScalar(keyNode)) continue;
    entries.push({ key: String(keyNode.value), keyNode, value: (pair.value as YamlNode | null) ?? undefined });
  }
  return entries;
}

export function yamlItems(node: YamlNode | null | undefined): YamlNode[] {
  return isSeq(node) ? (node.items as YamlNode[]) : [];
}

export function yamlValue(node: YamlNode | null | undefined): unknown {
  if (!node) return undefined;
  if (isScalar(node)) return node.value;
  return node.toJSON();
}

export function yamlString(node: YamlNode | null | undefined): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

export function yamlRange(ys: YamlSource, node: YamlNode | null | undefined): SourceRange | null {
  if (!node?.range) return null;
  return { start: ys.base + node.range[0], end: ys.base + node.range[1] };
}

/** A node as written in the file. */
export function yamlRawPiece(ys: YamlSource, node: YamlNode): TextPiece {
  const range = yamlRange(ys, node);
  return range ? slicePiece(ys.source, range.start, range.end) : { text: '', range: null, dynamic: [] };
}

/**
 * A scalar's value as the application reads it (quotes, escapes, folding and block indentation
 * resolved), each unit mapped back to the character it came from in the file.
 */
export function yamlStringPiece(ys: YamlSource, node: YamlNode): TextPiece {
  const range = yamlRange(ys, node);
  if (!isScalar(node) || !range) return { text: String(yamlValue(node) ?? ''), range: null, dynamic: [] };
  const value = String(node.value ?? '');
  const decoded = decodeScalar(ys.source, range.start, range.end, node);
  if (decoded && decoded.text === value) return pieceFromOffsets(decoded.text, decoded.offsets, ys.source);
  return spreadOffsets(value, range);
}

/** Last resort when a scalar uses syntax the decoder does not model: monotonic, bounded offsets. */
function spreadOffsets(text: string, range: SourceRange): TextPiece {
  const span = range.end - range.start;
  const offsets: number[] = [];
  for (let i = 0; i <= text.length; i++) {
    offsets.push(range.start + (text.length === 0 ? 0 : Math.floor((i * span) / text.length)));
  }
  return { text, range, offsets, dynamic: [] };
}

interface Decoded {
  text: string;
  offsets: number[];
}

class Builder {
  text = '';
  offsets: number[] = [];
  push(chars: string, at: number): void {
    for (let i = 0; i < chars.length; i++) this.offsets.push(at);
    this.text += chars;
  }
  finish(end: number): Decoded {
    return { text: this.text, offsets: [...this.offsets, end] };
  }
}

interface Line {
  start: number;
  /** End of content, before the line break. */
  end: number;
  /** Offset of the line break, or -1 when the text ends without one. */
  breakAt: number;
}

function splitLines(source: string, start: number, end: number): Line[] {
  const lines: Line[] = [];
  let lineStart = start;
  while (lineStart <= end) {
    const nl = source.indexOf('\n', lineStart);
    const hasBreak = nl >= 0 && nl < end;
    const rawEnd = hasBreak ? nl : end;
    const contentEnd = rawEnd > lineStart && source[rawEnd - 1] === '\r' && hasBreak ? rawEnd - 1 : rawEnd;
    lines.push({ start: lineStart, end: contentEnd, breakAt: hasBreak ? contentEnd : -1 });
    if (!hasBreak) break;
    lineStart = nl + 1;
  }
  return lines;
}

function decodeScalar(source: string, start: number, end: number, node: Scalar): Decoded | null {
  switch (node.type) {
    case 'PLAIN':
      return decodeFlow(source, start, end, 'plain');
    case 'QUOTE_SINGLE':
      return decodeFlow(source, start + 1, end - 1, 'single');
    case 'QUOTE_DOUBLE':
      return decodeFlow(source, start + 1, end - 1, 'double');
    case 'BLOCK_LITERAL':
    case 'BLOCK_FOLDED':
      return decodeBlock(source, start, end, node);
    default:
      return null;
  }
}

const isBlank = (c: string | undefined) => c === ' ' || c === '\t';

/** Plain and quoted scalars: line breaks fold to a space, empty lines to `\n`. */
function decodeFlow(source: string, start: number, end: number, style: 'plain' | 'single' | 'double'): Decoded {
  const lines = splitLines(source, start, end);
  const out = new Builder();
  const last = lines.length - 1;
  let k = 0;
  while (k <= last) {
    const line = lines[k];
    let s = line.start;
    let e = line.end;
    if (k > 0) while (s < e && isBlank(source[s])) s++;
    let joinWithoutSpace = false;
    if (k < last) {
      while (e > s && isBlank(source[e - 1])) e--;
      if (style === 'double' && endsWithOddBackslashes(source, s, e)) {
        e--;
        joinWithoutSpace = true;
      }
    }
    decodeSegment(source, s, e, style, out);
    if (k === last) break;
    let j = k + 1;
    const empties: number[] = [];
    while (j < last && isWhitespaceOnly(source, lines[j].start, lines[j].end)) {
      empties.push(lines[j].breakAt);
      j++;
    }
    if (empties.length > 0) for (const at of empties) out.push('\n', at);
    else if (!joinWithoutSpace) out.push(' ', line.breakAt);
    k = j;
  }
  return out.finish(end);
}

function endsWithOddBackslashes(source: string, s: number, e: number): boolean {
  let count = 0;
  for (let i = e - 1; i >= s && source[i] === '\\'; i--) count++;
  return count % 2 === 1;
}

function isWhitespaceOnly(source: string, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (!isBlank(source[i])) return false;
  return true;
}

const DOUBLE_QUOTE_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};
const HEX_ESCAPE_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };

function decodeSegment(source: string, s: number, e: number, style: 'plain' | 'single' | 'double', out: Builder): void {
  let i = s;
  while (i < e) {
    const ch = source[i];
    if (style === 'single' && ch === "'" && source[i + 1] === "'") {
      out.push("'", i);
      i += 2;
    } else if (style === 'double' && ch === '\\') {
      const code = source[i + 1];
      const hexLength = HEX_ESCAPE_LENGTH[code];
      if (hexLength) {
        out.push(String.fromCodePoint(parseInt(source.slice(i + 2, i + 2 + hexLength), 16)), i);
        i += 2 + hexLength;
      } else {
        out.push(DOUBLE_QUOTE_ESCAPES[code] ?? code, i);
        i += 2;
      }
    } else {
      out.push(ch, i);
      i++;
    }
  }
}

/** `|` keeps line breaks, `>` folds them; both strip the block indentation and apply chomping. */
function decodeBlock(source: string, start: number, end: number, node: Scalar): Decoded | null {
  const headerEnd = source.indexOf('\n', start);
  if (headerEnd < 0 || headerEnd >= end) return { text: '', offsets: [end] };
  const header = /^[|>]([-+1-9]*)/.exec(source.slice(start, headerEnd));
  if (!header) return null;
  const chomp = header[1].includes('-') ? 'strip' : header[1].includes('+') ? 'keep' : 'clip';
  const explicit = /[1-9]/.exec(header[1]);
  const folded = node.type === 'BLOCK_FOLDED';
  const lines = splitLines(source, headerEnd + 1, end).filter((l) => l.start < end);
  const parentIndent = (node.srcToken as { indent?: number } | undefined)?.indent ?? 0;
  const indent = explicit ? parentIndent + Number(explicit[0]) : detectIndent(source, lines);

  const out = new Builder();
  let previous: 'normal' | 'more' | null = null;
  let previousBreak = -1;
  let pendingEmpty: number[] = [];
  for (const line of lines) {
    const isEmpty = line.end - line.start <= indent && isWhitespaceOnly(source, line.start, line.end);
    if (isEmpty) {
      pendingEmpty.push(line.breakAt >= 0 ? line.breakAt : line.start);
      continue;
    }
    const contentStart = line.start + indent;
    const kind = isBlank(source[contentStart]) ? 'more' : 'normal';
    if (previous !== null) {
      if (folded && previous === 'normal' && kind === 'normal') {
        if (pendingEmpty.length === 0) out.push(' ', previousBreak);
      } else {
        out.push('\n', previousBreak);
      }
    }
    for (const at of pendingEmpty) out.push('\n', at);
    for (let i = contentStart; i < line.end; i++) out.push(source[i], i);
    previous = kind;
    previousBreak = line.breakAt;
    pendingEmpty = [];
  }
  // A last line without a line break still ends with one in the value (yaml adds it at the end).
  const trailing = previous !== null ? [previousBreak >= 0 ? previousBreak : end, ...pendingEmpty] : pendingEmpty;
  const kept = chomp === 'strip' ? [] : chomp === 'clip' ? (previous !== null ? trailing.slice(0, 1) : []) : trailing;
  for (const at of kept) out.push('\n', at);
  return out.finish(end);
}

function detectIndent(source: string, lines: Line[]): number {
  for (const line of lines) {
    let i = line.start;
    while (i < line.end && source[i] === ' ') i++;
    if (i < line.end) return i - line.start;
  }
  return 0;
}
