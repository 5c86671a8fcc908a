import type { DynamicKind, DynamicSpan } from '../model';

/**
 * Template dialects found in prompt files. Each names the placeholders its renderer replaces, so a
 * span is marked only where that renderer would really substitute something.
 */
export type TemplateSyntax =
  | 'jinja' // Prompty default: {{ x }}, {% ... %}, {# ... #}, ${env:X}, ${file:p}
  | 'mustache' // Prompty mustache, Handlebars: {{x}}, {{{x}}}, {{#s}}..{{/s}}, {{! c}}
  | 'github-models' // gh-models: plain {{name}} replacement
  | 'vscode' // VS Code prompt files: ${input:x}, ${selection}, ${file} ...
  | 'json-string' // request JSON that someone templates: {{ x }}, {% %} (a `${x}` there is literal)
  | 'plain'; // free text: all of the above plus {x} where it cannot be literal

/** A span the renderer deletes (template comments): not sent, so not counted. */
export interface TemplateComment {
  start: number;
  end: number;
}

/** Editor variables VS Code resolves in prompt files and variable substitution. */
const VSCODE_EDITOR_VARIABLES = new Set([
  'selection',
  'selectedText',
  'file',
  'fileBasename',
  'fileBasenameNoExtension',
  'fileDirname',
  'fileExtname',
  'fileWorkspaceFolder',
  'relativeFile',
  'relativeFileDirname',
  'workspaceFolder',
  'workspaceFolderBasename',
  'lineNumber',
  'userHome',
  'cwd',
  'pathSeparator',
]);

interface SyntaxRules {
  doubleBrace: boolean;
  jinjaStatements: boolean;
  jinjaComments: boolean;
  mustacheTags: boolean;
  dollarReferences: 'none' | 'env-only' | 'vscode' | 'all';
  singleBrace: boolean;
}

const RULES: Record<TemplateSyntax, SyntaxRules> = {
  jinja: { doubleBrace: true, jinjaStatements: true, jinjaComments: true, mustacheTags: false, dollarReferences: 'env-only', singleBrace: false },
  mustache: { doubleBrace: true, jinjaStatements: false, jinjaComments: false, mustacheTags: true, dollarReferences: 'env-only', singleBrace: false },
  'github-models': { doubleBrace: true, jinjaStatements: false, jinjaComments: false, mustacheTags: false, dollarReferences: 'none', singleBrace: false },
  vscode: { doubleBrace: false, jinjaStatements: false, jinjaComments: false, mustacheTags: false, dollarReferences: 'vscode', singleBrace: false },
  // A JSON body is sent as written; `${x}` in it is JavaScript or shell in a code sample, not a
  // placeholder (request templating uses {{x}}).
  'json-string': { doubleBrace: true, jinjaStatements: true, jinjaComments: true, mustacheTags: true, dollarReferences: 'none', singleBrace: false },
  plain: { doubleBrace: true, jinjaStatements: true, jinjaComments: true, mustacheTags: true, dollarReferences: 'all', singleBrace: true },
};

/** Longest expression we treat as one tag; longer runs are prose that happens to contain braces. */
const MAX_TAG_LENGTH = 400;

interface Found {
  start: number;
  end: number;
  kind: DynamicKind | 'comment';
  name: string;
}

/** Spans of `text` that vary between requests under `syntax`, sorted and non-overlapping. */
export function findTemplateSpans(text: string, syntax: TemplateSyntax): DynamicSpan[] {
  return scanTemplate(text, syntax).spans;
}

/** Template comments (`{# #}`, `{{! }}`): the renderer removes them, so they never reach the model. */
export function findTemplateComments(text: string, syntax: TemplateSyntax): TemplateComment[] {
  return scanTemplate(text, syntax).comments;
}

export interface TemplateScan {
  spans: DynamicSpan[];
  comments: TemplateComment[];
}

/** The last text scanned per syntax: comments and spans of one text are asked for in turn. */
const lastScans = new Map<TemplateSyntax, { text: string; scan: TemplateScan }>();

/** Spans and comments of `text` under `syntax`, from one scan. Callers must not modify them. */
export function scanTemplate(text: string, syntax: TemplateSyntax): TemplateScan {
  const last = lastScans.get(syntax);
  if (last && last.text === text) return copyScan(last.scan);
  const found = scan(text, syntax);
  const result: TemplateScan = {
    spans: found
      .filter((f): f is Found & { kind: DynamicKind } => f.kind !== 'comment')
      .map(({ start, end, kind, name }) => ({ start, end, kind, name })),
    comments: found.filter((f) => f.kind === 'comment').map(({ start, end }) => ({ start, end })),
  };
  lastScans.set(syntax, { text, scan: result });
  return copyScan(result);
}

/** Fresh arrays and objects: parsers add to and reorder the spans they are given. */
function copyScan(scan: TemplateScan): TemplateScan {
  return { spans: scan.spans.map((s) => ({ ...s })), comments: scan.comments.map((c) => ({ ...c })) };
}

function scan(text: string, syntax: TemplateSyntax): Found[] {
  const rules = RULES[syntax];
  // Concatenated, not pushed as arguments: a text may hold more tags than a call takes arguments.
  const found: Found[] = [
    ...(rules.doubleBrace || rules.jinjaStatements || rules.jinjaComments ? scanBraceTags(text, rules) : []),
    ...(rules.dollarReferences !== 'none' ? scanDollarReferences(text, rules.dollarReferences) : []),
    ...(rules.singleBrace ? scanSingleBraces(text) : []),
  ];
  return removeOverlaps(found);
}

function scanBraceTags(text: string, rules: SyntaxRules): Found[] {
  const found: Found[] = [];
  let i = text.indexOf('{');
  while (i !== -1 && i < text.length - 1) {
    const next = text[i + 1];
    let tag: Found | null = null;
    if (next === '{' && rules.doubleBrace) tag = readDoubleBrace(text, i, rules);
    else if (next === '%' && rules.jinjaStatements) tag = readDelimited(text, i, '%}', 'template-block', statementName);
    else if (next === '#' && rules.jinjaComments) tag = readDelimited(text, i, '#}', 'comment', () => 'comment');
    if (tag) {
      found.push(tag);
      i = text.indexOf('{', tag.end);
    } else {
      i = text.indexOf('{', i + 1);
    }
  }
  return found;
}

/** First `close` at or after `from` that ends a tag starting at `start`, or -1 (tags are short). */
function closingAt(text: string, start: number, from: number, close: string): number {
  const window = text.slice(from, start + MAX_TAG_LENGTH + close.length);
  const at = window.indexOf(close);
  return at < 0 ? -1 : from + at;
}

function readDoubleBrace(text: string, start: number, rules: SyntaxRules): Found | null {
  const triple = rules.mustacheTags && text.startsWith('{{{', start);
  const close = triple ? '}}}' : '}}';
  const open = triple ? 3 : 2;
  const end = closingAt(text, start, start + open, close);
  if (end < 0 || end - start > MAX_TAG_LENGTH) return null;
  const inner = text.slice(start + open, end);
  if (inner.includes('{{')) return null;
  const tagEnd = end + close.length;
  const body = inner.replace(/^[-~]/, '').replace(/[-~]$/, '').trim();
  if (body.length === 0) return null;
  if (rules.mustacheTags && !triple) {
    const sigil = body[0];
    if (sigil === '!') return { start, end: tagEnd, kind: 'comment', name: 'comment' };
    if (sigil === '#' || sigil === '/' || sigil === '^' || sigil === '>' || body === 'else' || body.startsWith('else ')) {
      return { start, end: tagEnd, kind: 'template-block', name: body };
    }
  }
  return { start, end: tagEnd, kind: 'template-variable', name: expressionName(body.replace(/^&\s*/, '')) };
}

function readDelimited(
  text: string,
  start: number,
  close: string,
  kind: Found['kind'],
  nameOf: (body: string) => string,
): Found | null {
  const end = closingAt(text, start, start + 2, close);
  if (end < 0 || end - start > MAX_TAG_LENGTH) return null;
  const body = text.slice(start + 2, end).replace(/^[-+]/, '').replace(/[-+]$/, '').trim();
  return { start, end: end + close.length, kind, name: nameOf(body) };
}

/** `user.name | upper` -> `user.name`; anything else keeps its first words. */
function expressionName(body: string): string {
  const path = /^[A-Za-z_][\w.-]*/.exec(body);
  if (path && /^\s*(\||$|\[|\()/.test(body.slice(path[0].length))) return path[0];
  return body.length > 60 ? `${body.slice(0, 57)}...` : body;
}

function statementName(body: string): string {
  const oneLine = body.replace(/\s+/g, ' ');
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}...` : oneLine;
}

function scanDollarReferences(text: string, mode: SyntaxRules['dollarReferences']): Found[] {
  const found: Found[] = [];
  const pattern = /\$\{([^{}\n]{1,200})\}/g;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const inner = m[1].trim();
    const start = m.index;
    const end = start + m[0].length;
    const colon = inner.indexOf(':');
    const scheme = colon > 0 ? inner.slice(0, colon) : '';
    if (scheme === 'env' || scheme === 'file') {
      found.push({ start, end, kind: 'env-reference', name: inner });
      continue;
    }
    if (mode === 'env-only') continue;
    if (mode === 'vscode') {
      if (scheme === 'input') found.push({ start, end, kind: 'template-variable', name: inner.split(':')[1] ?? inner });
      else if (VSCODE_EDITOR_VARIABLES.has(inner)) found.push({ start, end, kind: 'editor-variable', name: m[0] });
      continue;
    }
    if (/^[A-Za-z_][\w.]*$/.test(inner)) found.push({ start, end, kind: 'template-variable', name: inner });
  }
  return found;
}

/**
 * `{name}` (Python str.format, LangChain) only where it cannot be literal: a lone identifier in
 * single braces, outside fenced code blocks; JSON such as `{"a": 1}` never matches.
 */
function scanSingleBraces(text: string): Found[] {
  const fenced = fencedCodeRanges(text);
  const found: Found[] = [];
  const pattern = /(?<![{$\\])\{([A-Za-z_][A-Za-z0-9_]*)\}(?!\})/g;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const start = m.index;
    if (fenced.some((r) => start >= r.start && start < r.end)) continue;
    found.push({ start, end: start + m[0].length, kind: 'template-variable', name: m[1] });
  }
  return found;
}

function fencedCodeRanges(text: string): { start: number; end: number }[] {
  const ranges: { start: number; end: number }[] = [];
  const fence = /^[ \t]{0,3}(`{3,}|~{3,})[^\n]*$/gm;
  let open: { start: number; marker: string } | null = null;
  for (let m = fence.exec(text); m; m = fence.exec(text)) {
    const marker = m[1];
    if (!open) open = { start: m.index, marker };
    else if (marker[0] === open.marker[0] && marker.length >= open.marker.length) {
      ranges.push({ start: open.start, end: m.index + m[0].length });
      open = null;
    }
  }
  if (open) ranges.push({ start: open.start, end: text.length });
  return ranges;
}

function removeOverlaps(found: Found[]): Found[] {
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Found[] = [];
  let lastEnd = -1;
  for (const f of found) {
    if (f.start < lastEnd) continue;
    kept.push(f);
    lastEnd = f.end;
  }
  return kept;
}
