/**
 * What a Python function's docstring says about the function and its parameters, read as the
 * OpenAI Agents SDK reads it for a function tool: the style guessed from the text (Google, NumPy or
 * Sphinx, as the SDK's `_detect_docstring_style` scores them), then parsed as the griffe library
 * parses that style. The description is the first text section; each parameter's description is
 * the text its parameter section gives it.
 */

export type DocstringStyle = 'google' | 'numpy' | 'sphinx';

export interface FunctionDocumentation {
  /** The first text section, or undefined when there is none. */
  description: string | undefined;
  /** Each documented parameter's description, by name (the stars of `*args` removed). */
  parameters: Map<string, string>;
}

type Section = { kind: 'text'; text: string } | { kind: 'parameters'; parameters: Array<[string, string]> } | { kind: 'other' };

/** Python's `inspect.cleandoc`: tabs expanded, the common indentation of the lines after the first and blank edges removed. */
export function cleandoc(doc: string): string {
  const lines = doc.split('\n').map(expandTabs);
  let margin = Infinity;
  for (const line of lines.slice(1)) {
    const content = line.trimStart().length;
    if (content > 0) margin = Math.min(margin, line.length - content);
  }
  if (lines.length > 0) lines[0] = lines[0].trimStart();
  if (margin < Infinity) for (let i = 1; i < lines.length; i++) lines[i] = lines[i].slice(margin);
  while (lines.length > 0 && !lines[lines.length - 1]) lines.pop();
  while (lines.length > 0 && !lines[0]) lines.shift();
  return lines.join('\n');
}

/** `str.expandtabs()`: each tab to the next multiple of 8 columns. */
function expandTabs(line: string): string {
  if (!line.includes('\t')) return line;
  let out = '';
  for (const ch of line) {
    if (ch === '\t') out += ' '.repeat(8 - (out.length % 8));
    else out += ch;
  }
  return out;
}

const isEmpty = (line: string) => line.trim() === '';

/** The style the SDK picks for a docstring: the most section markers, Sphinx before NumPy before Google on a tie. */
export function detectDocstringStyle(doc: string): DocstringStyle {
  const score = (patterns: RegExp[]) => patterns.filter((p) => p.test(doc)).length;
  const scores: Record<DocstringStyle, number> = {
    sphinx: score([/^:param\s/m, /^:type\s/m, /^:return:/m, /^:rtype:/m]),
    numpy: score([/^Parameters\s*\n\s*-{3,}/m, /^Returns\s*\n\s*-{3,}/m, /^Yields\s*\n\s*-{3,}/m]),
    google: score([/^(Args|Arguments):/m, /^(Returns):/m, /^(Raises):/m]),
  };
  const best = Math.max(...Object.values(scores));
  if (best === 0) return 'google';
  return (['sphinx', 'numpy', 'google'] as const).find((style) => scores[style] === best) ?? 'google';
}

/** A function's documentation from its docstring as written (not yet cleaned), in `style` or the detected one. */
export function functionDocumentation(docstring: string, style?: DocstringStyle): FunctionDocumentation {
  let doc = cleandoc(docstring);
  if (!doc) return { description: undefined, parameters: new Map() };
  const resolved = style ?? detectDocstringStyle(doc);
  if (resolved === 'google') doc = blankLineBeforeGoogleParameters(doc);
  // griffe cleans the text again, after cutting trailing whitespace.
  const lines = cleandoc(doc.trimEnd()).split('\n');
  const sections = resolved === 'google' ? parseGoogle(lines) : resolved === 'numpy' ? parseNumpy(lines) : parseSphinx(lines);
  const text = sections.find((s): s is Extract<Section, { kind: 'text' }> => s.kind === 'text');
  const parameters = new Map<string, string>();
  for (const section of sections) {
    if (section.kind === 'parameters') for (const [name, description] of section.parameters) parameters.set(name.replace(/^\*+/, ''), description);
  }
  return { description: text?.text, parameters };
}

const GOOGLE_PARAMETER_HEADER = /^(args|arguments|params|parameters):\s*$/i;

/**
 * A blank line put before a Google parameter header (`Args:`) that follows a non-blank line and
 * is followed by an indented one: griffe would not read it as a section otherwise, and the SDK
 * adds the line.
 */
function blankLineBeforeGoogleParameters(doc: string): string {
  const lines = doc.split(/\r\n|\r|\n/);
  const out: string[] = [];
  let inserted = false;
  lines.forEach((line, index) => {
    const next = lines[index + 1];
    if (index > 0 && GOOGLE_PARAMETER_HEADER.test(line) && out.length > 0 && out[out.length - 1].trim() && next !== undefined && /^[ \t]/.test(next)) {
      out.push('');
      inserted = true;
    }
    out.push(line);
  });
  return inserted ? out.join('\n') : doc;
}

/** Google section titles; only `Args:` and its synonyms hold the parameters the SDK reads. */
const GOOGLE_SECTIONS = new Map<string, 'parameters' | 'examples' | 'other'>([
  ...['args', 'arguments', 'params', 'parameters'].map((k): [string, 'parameters'] => [k, 'parameters']),
  ...[
    'keyword args',
    'keyword arguments',
    'other args',
    'other arguments',
    'other params',
    'other parameters',
    'type args',
    'type arguments',
    'type params',
    'type parameters',
    'raises',
    'exceptions',
    'returns',
    'yields',
    'receives',
    'attributes',
    'functions',
    'methods',
    'classes',
    'type aliases',
    'modules',
    'warns',
    'warnings',
  ].map((k): [string, 'other'] => [k, 'other']),
  ['examples', 'examples'],
]);
const GOOGLE_ADMONITION = /^([\p{L}\p{N}_][\s\p{L}\p{N}_-]*):(\s+([^\s].*))?\s*$/u;

/** griffe's Google reader of an indented block of items: each item's lines, and the last line read. */
function googleBlockItems(lines: string[], offset: number): { items: string[][]; end: number } {
  if (offset >= lines.length) return { items: [], end: offset };
  let at = offset;
  while (at < lines.length && isEmpty(lines[at])) at++;
  if (at >= lines.length) return { items: [], end: at - 1 };
  const indent = lines[at].length - lines[at].trimStart().length;
  if (indent === 0) return { items: [], end: at - 1 };
  const items: string[][] = [];
  let current = [lines[at].slice(indent)];
  at++;
  for (; at < lines.length; at++) {
    const line = lines[at];
    if (isEmpty(line)) current.push('');
    else if (line.startsWith(' '.repeat(indent * 2))) current.push(line.slice(indent * 2));
    else if (line.startsWith(' '.repeat(indent + 1))) current.push(line.trimStart());
    else if (line.startsWith(' '.repeat(indent))) {
      items.push(current);
      current = [line.slice(indent)];
    } else break;
  }
  items.push(current);
  return { items, end: at - 1 };
}

/** griffe's Google reader of an indented block of text, and the last line read. */
function googleBlock(lines: string[], offset: number): { text: string; end: number } {
  if (offset >= lines.length) return { text: '', end: offset - 1 };
  let at = offset;
  while (at < lines.length && isEmpty(lines[at])) at++;
  if (at >= lines.length) return { text: '', end: offset - 1 };
  const indent = lines[at].length - lines[at].trimStart().length;
  if (indent === 0) return { text: '', end: offset - 1 };
  const block = [lines[at].trimStart()];
  at++;
  while (at < lines.length && (lines[at].startsWith(' '.repeat(indent)) || isEmpty(lines[at]))) block.push(lines[at++].slice(indent));
  return { text: block.join('\n').replace(/\n+$/, ''), end: at - 1 };
}

function parseGoogle(lines: string[]): Section[] {
  const sections: Section[] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.some((l) => l)) sections.push({ kind: 'text', text: current.join('\n').replace(/\n+$/, '') });
    current = [];
  };
  let inCode = false;
  for (let offset = 0; offset < lines.length; offset++) {
    const line = lines[offset];
    const fence = line.toLowerCase().replace(/^ +/, '').startsWith('```');
    const match = !inCode && !fence ? GOOGLE_ADMONITION.exec(line) : null;
    if (inCode || fence || !match) {
      if (fence) inCode = !inCode;
      current.push(line);
      continue;
    }
    const kind = GOOGLE_SECTIONS.get(match[1].toLowerCase());
    const blankAbove = offset === 0 || isEmpty(lines[offset - 1]);
    const blankBelow = offset < lines.length - 1 && isEmpty(lines[offset + 1]);
    const blanksBelow = offset < lines.length - 2 && isEmpty(lines[offset + 2]);
    const indentedBelow = offset < lines.length - 1 && !blankBelow && lines[offset + 1].startsWith(' ');
    const indentedTwoBelow = offset < lines.length - 2 && !blanksBelow && lines[offset + 2].startsWith(' ');
    if (!(indentedBelow || indentedTwoBelow) || !blankAbove || (indentedTwoBelow && blankBelow)) {
      current.push(line);
      continue;
    }
    if (kind) {
      flush();
      if (kind === 'examples') {
        offset = googleBlock(lines, offset + 1).end;
        sections.push({ kind: 'other' });
        continue;
      }
      const { items, end } = googleBlockItems(lines, offset + 1);
      offset = end;
      if (kind === 'parameters') {
        sections.push({ kind: 'parameters', parameters: items.flatMap((item) => googleParameter(item)) });
      } else sections.push({ kind: 'other' });
      continue;
    }
    const { text, end } = googleBlock(lines, offset + 1);
    if (text) {
      flush();
      sections.push({ kind: 'other' });
      offset = end;
    } else {
      current.push(lines[end] ?? line);
      offset = end;
    }
  }
  flush();
  return sections;
}

/** `name: description` or `name (type): description`, continuation lines after. */
function googleParameter(item: string[]): Array<[string, string]> {
  const colon = item[0].indexOf(':');
  if (colon < 0) return [];
  const nameWithType = item[0].slice(0, colon);
  const description = [item[0].slice(colon + 1).trimStart(), ...item.slice(1)].join('\n').replace(/\n+$/, '');
  const name = nameWithType.includes('(') && nameWithType.endsWith(')') ? nameWithType.slice(0, nameWithType.indexOf('(')).trim() : nameWithType;
  return [[name, description]];
}

/** NumPy section titles (lower case); only `Parameters` holds the parameters the SDK reads. */
const NUMPY_SECTIONS = new Map<string, 'parameters' | 'examples' | 'other'>([
  ['deprecated', 'other'],
  ['parameters', 'parameters'],
  ['other parameters', 'other'],
  ['type parameters', 'other'],
  ['returns', 'other'],
  ['yields', 'other'],
  ['receives', 'other'],
  ['raises', 'other'],
  ['warns', 'other'],
  ['examples', 'examples'],
  ['attributes', 'other'],
  ['functions', 'other'],
  ['methods', 'other'],
  ['classes', 'other'],
  ['type aliases', 'other'],
  ['modules', 'other'],
]);

const isDashLine = (line: string | undefined) => line !== undefined && !isEmpty(line) && isEmpty(line.replace(/-/g, ''));

function numpyBlockItems(lines: string[], offset: number): { items: string[][]; end: number } {
  if (offset >= lines.length) return { items: [], end: offset };
  let at = offset;
  while (at < lines.length && isEmpty(lines[at])) at++;
  if (at >= lines.length) return { items: [], end: at - 1 };
  const items: string[][] = [];
  let current = [lines[at]];
  at++;
  for (; at < lines.length; at++) {
    const line = lines[at];
    if (isEmpty(line)) current.push('');
    else if (line.startsWith('    ')) current.push(line.slice(4));
    else if (line.startsWith(' ')) current.push(line.trimStart());
    else if (at + 1 < lines.length && isDashLine(lines[at + 1])) break;
    else {
      items.push(current);
      current = [line];
    }
  }
  items.push(current);
  return { items, end: at - 1 };
}

function numpyBlockEnd(lines: string[], offset: number): number {
  if (offset >= lines.length) return offset;
  let at = offset;
  while (at < lines.length && isEmpty(lines[at])) at++;
  while (at < lines.length) {
    const empty = isEmpty(lines[at]);
    if (empty && at < lines.length - 1 && isDashLine(lines[at + 1])) break;
    if (empty && at < lines.length - 2 && isDashLine(lines[at + 2])) break;
    at++;
  }
  return at - 1;
}

const NUMPY_PARAMETER = /^(\*{0,2}[_a-z][_a-z0-9]*(?:,\s\*{0,2}[_a-z][_a-z0-9]*)*)/i;

function parseNumpy(lines: string[]): Section[] {
  const sections: Section[] = [];
  let current: string[] = [];
  let admonition = '';
  const flush = () => {
    if (admonition) sections.push({ kind: 'other' });
    else if (current.some((l) => l)) sections.push({ kind: 'text', text: current.join('\n').replace(/\n+$/, '') });
    current = [];
  };
  let inCode = false;
  for (let offset = 0; offset < lines.length; offset++) {
    const line = lines[offset];
    const fence = line.toLowerCase().replace(/^ +/, '').startsWith('```');
    if (inCode || fence) {
      if (fence) inCode = !inCode;
      current.push(line);
    } else if (isEmpty(line)) {
      current.push('');
    } else if (offset === lines.length - 1) {
      current.push(line);
      flush();
      admonition = '';
    } else if (isDashLine(lines[offset + 1])) {
      flush();
      const kind = NUMPY_SECTIONS.get(line.toLowerCase());
      if (kind) {
        admonition = '';
        if (kind === 'examples') {
          offset = numpyBlockEnd(lines, offset + 2);
          sections.push({ kind: 'other' });
        } else {
          const { items, end } = numpyBlockItems(lines, offset + 2);
          offset = end;
          if (kind === 'parameters') {
            const parameters: Array<[string, string]> = [];
            for (const item of items) {
              const names = NUMPY_PARAMETER.exec(item[0]);
              if (!names) continue;
              const description = item.length > 1 ? item.slice(1).join('\n').trimEnd() : '';
              for (const name of names[1].split(', ')) parameters.push([name, description]);
            }
            if (parameters.length > 0) sections.push({ kind: 'parameters', parameters });
          } else sections.push({ kind: 'other' });
        }
      } else {
        admonition = line;
        offset++;
      }
    } else {
      current.push(line);
    }
  }
  flush();
  return sections;
}

/** Sphinx field names griffe reads, in the order it tries them. */
const SPHINX_FIELDS: Array<[string[], 'parameter' | 'other']> = [
  [['type'], 'other'],
  [['param', 'parameter', 'arg', 'argument', 'key', 'keyword'], 'parameter'],
  [['vartype'], 'other'],
  [['var', 'ivar', 'cvar'], 'other'],
  [['raises', 'raise', 'except', 'exception'], 'other'],
  [['returns', 'return'], 'other'],
  [['rtype'], 'other'],
];

function parseSphinx(lines: string[]): Section[] {
  const description: string[] = [];
  const parameters = new Map<string, string>();
  for (let at = 0; at < lines.length; at++) {
    const line = lines[at];
    const field = SPHINX_FIELDS.find(([names]) => names.some((name) => line.startsWith(`:${name}`)));
    if (!field) {
      description.push(line);
      continue;
    }
    // The field and its continuation lines: every line up to the next one that starts with `:`.
    const block = [line.trimStart()];
    let next = at + 1;
    while (next < lines.length && !lines[next].startsWith(':')) block.push(lines[next++]);
    at = next - 1;
    if (field[1] !== 'parameter') continue;
    const directive = cleandoc(block.join('\n')).replace(/\n+$/, '');
    const first = directive.indexOf(':');
    const second = directive.indexOf(':', first + 1);
    if (second < 0) continue;
    const parts = directive.slice(first + 1, second).split(' ');
    if (parts.length < 2) continue;
    const name = parts.length === 2 ? parts[1] : parts.length === 3 ? parts[2] : parts[parts.length - 1];
    if (!parameters.has(name)) parameters.set(name, directive.slice(second + 1).trim());
  }
  let start = 0;
  while (start < description.length && description[start].trim() === '') start++;
  let end = description.length - 1;
  while (end >= start && description[end].trim() === '') end--;
  const sections: Section[] = [{ kind: 'text', text: description.slice(start, end + 1).join('\n') }];
  if (parameters.size > 0) sections.push({ kind: 'parameters', parameters: [...parameters] });
  return sections;
}
