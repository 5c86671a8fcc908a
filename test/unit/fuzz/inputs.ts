/**
 * Inputs for the property-based tests: the shipped examples and format fixtures, mutated with
 * edits that hit the parsers' edges (brackets, quotes, line breaks, BOMs, YAML indicators,
 * template delimiters, control characters), and requests built from random JSON values.
 * Every property runs with a fixed seed and a fixed number of runs, so a failure replays exactly.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify as yamlStringify } from 'yaml';
import { detectFormat } from '../../../src/core/formats';
import type { FormatId, PromptRequest, SourceRange, TextPiece } from '../../../src/core/model';

/** Fixed so that every run sees the same inputs; `FUZZ_SEED=n` explores others by hand. */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20_260_321);

/** Runs per property: `FUZZ_RUNS=n` raises it by hand; the default keeps the suite quick. */
export function fuzzRuns(fallback: number): number {
  return Number(process.env.FUZZ_RUNS ?? fallback);
}

const ROOT = join(__dirname, '..', '..', '..');

export interface SeedFile {
  name: string;
  text: string;
  format: FormatId;
}

function readSeeds(): SeedFile[] {
  const dirs = [join(ROOT, 'examples'), join(ROOT, 'test', 'fixtures', 'formats')];
  return dirs.flatMap((dir) =>
    readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name !== 'SOURCES.md')
      .flatMap(({ name }) => {
        const text = readFileSync(join(dir, name), 'utf8');
        const format = detectFormat(name, text);
        return format ? [{ name, text, format }] : [];
      }),
  );
}

export const SEEDS = readSeeds();

export function seedsOf(format: FormatId): SeedFile[] {
  const seeds = SEEDS.filter((s) => s.format === format);
  assert.ok(seeds.length > 0, `no seed file for ${format}`);
  return seeds;
}

/** Fragments that mean something to at least one of the parsers. */
const FRAGMENTS = [
  '{', '}', '[', ']', '"', "'", ':', ',', '\\', '\\u', '\\"', '\n', '\r', '\r\n', '\t', ' ', '  ',
  '\uFEFF', '\u0000', '\u001b[31m', '\u202e', '\ud83d', '\ude00', '😀',
  '---\n', '+++\n', '- ', '? ', '|', '>-', '#', '&a ', '*a', '!!str ', '%YAML 1.2\n', '...\n',
  'system:\n', 'user:\n', 'assistant:\n', '<<<dotprompt:role:model>>>\n', '{{role "user"}}\n',
  '{{', '}}', '{{ name }}', '{%', '%}', '{#', '#}', '${', '${input:x}', '${env:HOME}', '{x}',
  '/*', '*/', '//', 'null', 'true', '1e999', '-0', '"role"', '"content"', '"messages"', '"cache_control"',
  '{"type":"ephemeral","ttl":"1h"}', '"tools"', 'role: ', 'content: ', 'messages:\n', 'model: ',
  '2026-03-14 09:12 UTC', '5c1e7f0a-93b2-4d8e-b1a6-2f9d40c6e8b3', 'Today: now\n',
];

type Edit =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'line-endings'; style: '\r\n' | '\r' };

const fraction = fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 1_000_000);

const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fraction, text: fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 8, unit: 'binary' })) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fraction, length: fc.integer({ min: 1, max: 40 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), at: fraction, length: fc.integer({ min: 1, max: 200 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fraction }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('line-endings' as const), style: fc.constantFrom('\r\n' as const, '\r' as const) }) },
).map((e) => e as Edit);

function applyEdit(text: string, e: Edit): string {
  if (e.kind === 'line-endings') return text.replace(/\r?\n/g, e.style);
  const at = Math.floor(('at' in e ? e.at : 0) * text.length);
  switch (e.kind) {
    case 'insert':
      return text.slice(0, at) + e.text + text.slice(at);
    case 'delete':
      return text.slice(0, at) + text.slice(at + e.length);
    case 'duplicate':
      return text.slice(0, at + e.length) + text.slice(at, at + e.length) + text.slice(at + e.length);
    case 'truncate':
      return text.slice(0, at);
  }
}

/** A seed file (a prompt file, or source code) with one to six edits applied. */
export function mutated(seeds: ReadonlyArray<{ name: string; text: string }>): fc.Arbitrary<{ name: string; text: string }> {
  return fc
    .tuple(fc.constantFrom(...seeds), fc.array(edit, { minLength: 1, maxLength: 6 }))
    .map(([seed, edits]) => ({ name: seed.name, text: edits.reduce(applyEdit, seed.text) }));
}

/** Arbitrary text, short, any code units (lone surrogates and controls included). */
export const randomText = fc.oneof(
  fc.string({ maxLength: 200, unit: 'binary' }),
  fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 }).map((parts) => parts.join('')),
);

const smallJson = fc.jsonValue({ maxDepth: 3 });

const message = fc.record(
  {
    role: fc.oneof(fc.constantFrom('system', 'developer', 'user', 'assistant', 'tool', 'narrator'), smallJson),
    content: fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.array(fc.record({ type: fc.constantFrom('text', 'image_url', 'input_text', 'image', 'tool_use'), text: smallJson, cache_control: smallJson }, { requiredKeys: ['type'] }), { maxLength: 3 }),
      smallJson,
    ),
    cache_control: fc.oneof(fc.constant({ type: 'ephemeral' }), fc.constant({ type: 'ephemeral', ttl: '1h' }), smallJson),
  },
  { requiredKeys: [] },
);

/** Request-shaped JSON whose fields have random types: the parsers must not trust the shapes. */
export const requestLikeJson: fc.Arbitrary<string> = fc
  .record(
    {
      model: fc.oneof(fc.constantFrom('gpt-4o', 'claude-sonnet-4-5', 'gpt-5'), smallJson),
      messages: fc.oneof(fc.array(message, { maxLength: 5 }), smallJson),
      input: fc.oneof(fc.array(message, { maxLength: 3 }), fc.string({ maxLength: 30 }), smallJson),
      instructions: fc.oneof(fc.string({ maxLength: 30 }), smallJson),
      system: fc.oneof(fc.string({ maxLength: 30 }), fc.array(message.map((m) => ({ type: 'text', text: m.content, cache_control: m.cache_control })), { maxLength: 5 }), smallJson),
      tools: fc.oneof(fc.array(fc.record({ type: smallJson, name: smallJson, function: smallJson, parameters: smallJson, input_schema: smallJson, cache_control: smallJson }, { requiredKeys: [] }), { maxLength: 4 }), smallJson),
      response_format: smallJson,
      cache_control: smallJson,
      max_tokens: smallJson,
    },
    { requiredKeys: [] },
  )
  .chain((value) => fc.constantFrom(JSON.stringify(value), JSON.stringify(value, null, 2)));

/** A .prompt.yml or Prompty front matter built from random values. */
export const promptYamlLike: fc.Arbitrary<string> = fc
  .record(
    {
      model: fc.oneof(fc.constant('openai/gpt-4o'), smallJson),
      modelParameters: smallJson,
      messages: fc.oneof(fc.array(message, { maxLength: 4 }), smallJson),
      testData: smallJson,
      responseFormat: fc.oneof(fc.constantFrom('text', 'json_object', 'json_schema'), smallJson),
      jsonSchema: smallJson,
      tools: smallJson,
      inputs: smallJson,
      template: smallJson,
    },
    { requiredKeys: [] },
  )
  .map((value) => yamlStringify(value));

/** Every source range of a request lies inside the file and is ordered. */
export function assertRangesInside(request: PromptRequest, length: number): void {
  const check = (range: SourceRange | null | undefined, what: string) => {
    if (!range) return;
    assert.ok(range.start >= 0 && range.start <= range.end && range.end <= length, `${what} ${JSON.stringify(range)} outside 0..${length}`);
  };
  const checkPiece = (piece: TextPiece | undefined, what: string) => {
    if (!piece) return;
    check(piece.range, what);
    if (piece.offsets) {
      assert.equal(piece.offsets.length, piece.text.length + 1, `${what} has one offset per unit`);
      for (const offset of piece.offsets) assert.ok(offset >= 0 && offset <= length, `${what} offset ${offset} outside 0..${length}`);
    }
    for (const span of piece.dynamic) {
      assert.ok(span.start >= 0 && span.start <= span.end && span.end <= piece.text.length, `${what} dynamic span inside its text`);
    }
  };
  check(request.model?.range, 'model');
  request.tools.forEach((tool, i) => {
    check(tool.range, `tool ${i}`);
    checkPiece(tool.piece, `tool ${i}`);
    check(tool.breakpoint?.range, `tool ${i} breakpoint`);
  });
  if (request.responseFormat) {
    check(request.responseFormat.range, 'response format');
    checkPiece(request.responseFormat.piece, 'response format');
  }
  checkPiece(request.instructions, 'instructions');
  const parts = [...(request.system ?? []), ...request.messages.flatMap((m) => m.parts)];
  parts.forEach((part, i) => {
    check(part.range, `part ${i}`);
    check(part.breakpoint?.range, `part ${i} breakpoint`);
    if (part.type !== 'image' && part.type !== 'audio') checkPiece(part.piece, `part ${i}`);
  });
  request.messages.forEach((m, i) => {
    check(m.range, `message ${i}`);
    check(m.roleRange, `message ${i} role`);
    checkPiece(m.toolCalls, `message ${i} tool calls`);
  });
  request.variables.forEach((v) => check(v.range, `variable ${v.name}`));
  request.issues.forEach((issue) => check(issue.range, `issue "${issue.message}"`));

  // The work after parsing follows the text the parser hands on: it must not outgrow the file.
  const pieces = [
    ...request.tools.map((t) => t.piece),
    request.responseFormat?.piece,
    request.instructions,
    ...parts.flatMap((p) => (p.type === 'image' || p.type === 'audio' ? [] : [p.piece])),
    ...request.messages.map((m) => m.toolCalls),
  ];
  const handedOn = pieces.reduce((sum, piece) => sum + (piece?.text.length ?? 0), 0);
  assert.ok(handedOn <= 2 * length + 64, `${handedOn} characters of text from a file of ${length}`);
}

/** The number of lines of a text and the length of each, counting \n, \r\n and \r as editors do. */
export function lineLengths(text: string): number[] {
  return text.split(/\r\n|\r|\n/).map((line) => line.length);
}

/** A 1-based line/column that names a place in the text (the column may be just past the line's end). */
export function assertPositionInside(text: string, line: number, column: number, what: string): void {
  const lines = lineLengths(text);
  assert.ok(Number.isInteger(line) && line >= 1 && line <= lines.length, `${what}: line ${line} of ${lines.length}`);
  assert.ok(Number.isInteger(column) && column >= 1 && column <= lines[line - 1] + 1, `${what}: column ${column} on a line of ${lines[line - 1]}`);
}
