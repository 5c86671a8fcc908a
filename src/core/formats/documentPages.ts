import { inflateSync } from 'node:zlib';

/**
 * The page count of a PDF sent inline (base64), read from its page objects: the providers bill a
 * PDF per page (its text and an image of each page). Only counted when the document is small
 * enough to decode cheaply.
 */

/** Base64 characters decoded at most (about 24 MB of PDF). */
const MAX_BASE64_CHARS = 32 * 1024 * 1024;

/** The base64 payload of a data URL, or the text itself when it is bare base64. */
export function base64Payload(data: string): string {
  if (!data.startsWith('data:')) return data;
  const comma = data.indexOf(',');
  return comma < 0 ? '' : data.slice(comma + 1);
}

const PAGE_OBJECT = /\/Type\s*\/Page(?![a-zA-Z])/g;

/** Pages of a base64 PDF, read once (see `pdfPageCount`). */
function readPageCount(base64: string): number | undefined {
  if (base64.length === 0 || base64.length > MAX_BASE64_CHARS) return undefined;
  const bytes = Buffer.from(base64, 'base64');
  const text = bytes.toString('latin1');
  if (!text.startsWith('%PDF')) return undefined;
  const pages = (text.match(PAGE_OBJECT)?.length ?? 0) + pagesInObjectStreams(bytes, text);
  return pages > 0 ? pages : undefined;
}

/**
 * Page objects kept in compressed object streams (`/Type /ObjStm`, PDF 1.5 and later: what most
 * PDF writers produce today), where the plain text of the file does not show them.
 */
function pagesInObjectStreams(bytes: Buffer, raw: string): number {
  let pages = 0;
  for (const objects of pdfStreams(bytes, raw, (dictionary) => /\/Type\s*\/ObjStm/.test(dictionary))) {
    pages += objects.match(PAGE_OBJECT)?.length ?? 0;
  }
  return pages;
}

/**
 * The decoded data of a PDF's streams whose dictionary passes `wanted`: raw, or inflated when
 * FlateDecode (streams under other filters are skipped). Inflation is bounded in total, since a
 * small stream can inflate to gigabytes (a decompression bomb).
 */
function* pdfStreams(bytes: Buffer, raw: string, wanted: (dictionary: string) => boolean): Generator<string> {
  let inflated = 0;
  const streamStart = /stream\r?\n/g;
  // Where the previous stream ended: a stream's dictionary is after it, and the next stream is
  // looked for after it too (not inside the data), so each byte is read once, however many
  // `stream` keywords the file holds.
  let after = 0;
  for (let m = streamStart.exec(raw); m; m = streamStart.exec(raw)) {
    const begin = m.index + m[0].length;
    const end = raw.indexOf('endstream', begin);
    if (end < 0) return;
    streamStart.lastIndex = end + 'endstream'.length;
    const before = raw.slice(after, m.index);
    after = streamStart.lastIndex;
    const dictionary = before.slice(Math.max(0, before.lastIndexOf('<<')));
    if (!wanted(dictionary)) continue;
    let content: string;
    if (/\/FlateDecode/.test(dictionary)) {
      try {
        content = inflateSync(bytes.subarray(begin, end), { maxOutputLength: MAX_CONTENT_BYTES - inflated + 1 }).toString('latin1');
      } catch (error) {
        if (error instanceof RangeError) return;
        continue;
      }
    } else if (/\/Filter/.test(dictionary)) continue;
    else content = raw.slice(begin, end);
    inflated += content.length;
    if (inflated > MAX_CONTENT_BYTES) return;
    yield content;
  }
}

/** Bytes of content streams inflated at most, in total (text of a few hundred pages). */
const MAX_CONTENT_BYTES = 8 * 1024 * 1024;

/**
 * The text a base64 PDF shows on its pages: the strings of its text operators (`Tj`, `TJ`, `'`,
 * `"`) in content streams (raw or FlateDecode), one line per positioning operator. Literal strings
 * in fonts with custom encodings come out as their byte codes, which is still about the right
 * length; hex strings (what most word processors write for embedded fonts) are read through the
 * document's `ToUnicode` maps, merged across its fonts, or as bytes where it has none. Empty when
 * the PDF cannot be read.
 */
function readText(base64: string): string {
  if (base64.length === 0 || base64.length > MAX_BASE64_CHARS) return '';
  const bytes = Buffer.from(base64, 'base64');
  const raw = bytes.toString('latin1');
  if (!raw.startsWith('%PDF')) return '';
  const contents = [...pdfStreams(bytes, raw, () => true)];
  const toUnicode = new Map<string, string>();
  const budget = { codes: MAX_CMAP_CODES };
  for (const content of contents) if (/\bbegincmap\b/.test(content)) readCMap(content, toUnicode, budget);
  let codeDigits = toUnicode.size > 0 ? 0 : 2;
  for (const key of toUnicode.keys()) codeDigits = Math.max(codeDigits, key.length);
  const hexText = (hex: string) => {
    const digits = hex.replace(/[^0-9A-Fa-f]/g, '').toUpperCase();
    if (toUnicode.size === 0) return Buffer.from(digits.length % 2 ? `${digits}0` : digits, 'hex').toString('latin1');
    let out = '';
    for (let k = 0; k + codeDigits <= digits.length; k += codeDigits) out += toUnicode.get(digits.slice(k, k + codeDigits)) ?? '';
    return out;
  };
  const lines: string[] = [];
  for (const content of contents) {
    // A text object or a string left open runs to the end of what holds it: looked for as a
    // closed one, each would read the rest of the stream again (quadratic in a damaged file).
    for (const block of content.match(/\bBT\b[\s\S]*?(?:\bET\b|$)/g) ?? []) {
      let line = '';
      for (const op of block.matchAll(/\((?<literal>(?:\\[\s\S]?|[^\\)])*)(?:\)|$)|<(?!<)[0-9A-Fa-f\s]*>|\b(?:Td|TD|T\*|Tm)\b|'|"/g)) {
        const literal = op.groups?.literal;
        if (literal !== undefined) line += literal.replace(/\\([\s\S])/g, '$1');
        else if (op[0].startsWith('<')) line += hexText(op[0]);
        else if (line) {
          lines.push(line);
          line = '';
        }
      }
      if (line) lines.push(line);
    }
  }
  return lines.join('\n');
}

/** Codes a `bfrange` maps at most (a malformed range could claim millions). */
const MAX_RANGE_CODES = 65536;
/** Codes the ranges of a document's maps add at most, together (a few fonts' worth). */
const MAX_CMAP_CODES = 16 * MAX_RANGE_CODES;

/** The text a code stands for in a `ToUnicode` CMap: UTF-16BE in hex. */
function utf16Hex(hex: string): string {
  const digits = hex.replace(/[^0-9A-Fa-f]/g, '');
  let out = '';
  for (let k = 0; k + 4 <= digits.length; k += 4) out += String.fromCharCode(parseInt(digits.slice(k, k + 4), 16));
  return out;
}

/** Adds a `ToUnicode` CMap's `bfchar` and `bfrange` entries to `map` (code in upper-case hex to text). */
function readCMap(cmap: string, map: Map<string, string>, budget: { codes: number }): void {
  // A section or an array left open runs to the end of the map (see the text objects above).
  for (const section of cmap.match(/beginbfchar[\s\S]*?(?:endbfchar|$)/g) ?? []) {
    for (const m of section.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>/g)) map.set(m[1].toUpperCase(), utf16Hex(m[2]));
  }
  for (const section of cmap.match(/beginbfrange[\s\S]*?(?:endbfrange|$)/g) ?? []) {
    for (const m of section.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(?:<([0-9A-Fa-f]+)>|\[([^\]]*)(?:\]|$))/g)) {
      const first = parseInt(m[1], 16);
      const last = Math.min(parseInt(m[2], 16), first + Math.min(MAX_RANGE_CODES, budget.codes) - 1);
      budget.codes -= Math.max(0, last - first + 1);
      const key = (code: number) => code.toString(16).toUpperCase().padStart(m[1].length, '0');
      if (m[3] !== undefined) {
        const start = utf16Hex(m[3]);
        const lastUnit = start.charCodeAt(start.length - 1);
        for (let code = first; code <= last; code++) map.set(key(code), start.slice(0, -1) + String.fromCharCode(lastUnit + code - first));
      } else {
        const targets = [...(m[4] ?? '').matchAll(/<([0-9A-Fa-f]*)>/g)];
        for (let code = first; code <= last && code - first < targets.length; code++) map.set(key(code), utf16Hex(targets[code - first][1]));
      }
    }
  }
}

/**
 * Re-analysis after each edit meets the same documents again: each is decoded (and its streams
 * inflated) once while it stays among the last few seen, not once per keystroke and reader.
 */
const RECENT_DOCUMENTS = 4;
const recent = new Map<string, { pages?: number | undefined; text?: string }>();

function remembered(base64: string): { pages?: number | undefined; text?: string } {
  let entry = recent.get(base64);
  if (entry) {
    recent.delete(base64);
  } else {
    entry = {};
    if (recent.size >= RECENT_DOCUMENTS) recent.delete(recent.keys().next().value as string);
  }
  recent.set(base64, entry);
  return entry;
}

/** Pages of a base64 PDF (`/Type /Page` objects, not `/Pages`), or undefined when unknown. */
export function pdfPageCount(base64: string): number | undefined {
  const entry = remembered(base64);
  if (!('pages' in entry)) entry.pages = readPageCount(base64);
  return entry.pages;
}

/** The text a base64 PDF shows on its pages (see `readText`); empty when it cannot be read. */
export function pdfText(base64: string): string {
  const entry = remembered(base64);
  entry.text ??= readText(base64);
  return entry.text;
}
