/**
 * Property-based tests of the source-code readers (`analyzeSource`): the shipped example apps and
 * the source fixtures, edited as while typing or broken at random, and generated code built to hit
 * the readers' edges (deep nesting, huge values, names defined by themselves, bad escapes, odd line
 * endings). Every run resolves or is refused with an InputRejectedError, reports positions inside
 * the file, and gives each call a count or a reason its size is unknown; Quick Fixes applied give
 * code that is read again the same way. Each run happens on a worker thread, so one that never
 * ends is reported with its input after HANG_MS instead of stopping the suite. Seeded, fixed runs.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import type { SourceCase, SourceCheck } from './sourceChecks';
import { FUZZ_SEED, fuzzRuns, mutated } from './inputs';

const ROOT = join(__dirname, '..', '..', '..');
/** A run that takes longer than this is reported as a hang, with its input. */
const HANG_MS = Number(process.env.FUZZ_HANG_MS ?? 10_000);

// ---------------------------------------------------------------- seeds

interface SourceSeed {
  /** Absolute path: the files it imports and reads are found next to it. */
  name: string;
  text: string;
}

function filesUnder(dir: string, pattern: RegExp): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && pattern.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

const SOURCE_FILE = /\.(?:py|ts|tsx|js|mjs|cjs)$/;

function readSeeds(dirs: string[]): SourceSeed[] {
  return dirs.flatMap((dir) => filesUnder(dir, SOURCE_FILE)).flatMap((name) => {
    const text = readFileSync(name, 'utf8');
    return text.trim() ? [{ name, text }] : [];
  });
}

/** The example apps and the source fixtures the reader tests use. */
const SEEDS = readSeeds(['examples/python-app', 'examples/ts-app/src', 'test/fixtures/sources', 'test/fixtures/instructor', 'test/fixtures/anthropic-tool-runner']);
/** Files whose calls have a cache breaker with a Quick Fix, in each shape the fixes handle. */
const FIX_SEEDS = [...readSeeds(['test/fixtures/sources/quick-fixes']), ...SEEDS.filter((s) => /ts-app\/src\/(?:assistant|summarize)\.ts$/.test(s.name))];
const EXAMPLES = SEEDS.filter((s) => s.name.includes(`${join(ROOT, 'examples')}`));
/** Modules other seeds import: edited, the importing file is read with them. */
const IMPORTED = [
  { importer: 'examples/python-app/research/brief.py', module: 'examples/python-app/research/prompts.py' },
  { importer: 'examples/ts-app/src/assistant.ts', module: 'examples/ts-app/src/prompts.ts' },
  { importer: 'examples/ts-app/src/summarize.ts', module: 'examples/ts-app/src/prompts.ts' },
].map(({ importer, module }) => ({ importer: join(ROOT, importer), module: join(ROOT, module) }));

// ---------------------------------------------------------------- edits

/** Fragments that mean something to the Python or TypeScript grammar, or to the readers. */
const SOURCE_FRAGMENTS = [
  '(', ')', '[', ']', '{', '}', '"', "'", '"""', "'''", '`', '${', '}`', 'f"', 'f"{', "f'{x!r:>{w}}'", 'rb"', 'u"', '\\', '\\\n',
  ':', ',', ';', '.', '=', '==', ':=', '+', ' + ', '+=', '*', '**', '**kwargs', '*args', '...', '...opts', '%', ' % ', '.format(', '.join(',
  'lambda: ', 'def ', 'class ', 'async ', 'await ', 'yield ', '@', '@dec\n', 'return ', 'if ', 'else:', 'for x in ', 'while True:\n', 'global x\n',
  '\n', '\n    ', '    ', '\t', '\r', '\r\n', '#', '//', '/*', '*/', '<', '>', '=>', '?.', '!', ' as any', ' satisfies string', '<div>{', '</div>',
  '\\u', '\\uZZZZ', '\\N{', '\\N{NOPE}', '\\x', '\\U0011ffff', '\\u{110000}', '\\ud800', '\uFEFF', '\u0000', '\ud800', '\udc00', '😀', '\u2028',
  'None', 'null', 'undefined', 'True', '0x', '1e999', '10**12', ' * 10**12', '.repeat(1e12)', '-', '~', 'not ',
  'messages=', 'messages: ', 'system=', 'system: ', 'instructions=', 'input=', 'prompt: ', 'tools=', 'tools: [', 'content', 'role', '"user"', '"system"',
  'model=', 'model: ', 'cache_control', '{"type": "ephemeral"}', 'datetime.now()', 'new Date()', 'uuid4()', 'Date.now()', 'Math.random()',
  'client.chat.completions.create(', 'client.messages.create(', 'client.responses.create(', 'generateText({', 'Runner.run(', '.invoke(',
  'import openai\n', "import OpenAI from 'openai';\n", 'from anthropic import Anthropic\n', 'from . import prompts\n', "import { GUIDE } from './prompts';\n",
];

type SourceEdit =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete-line'; at: number; count: number }
  | { kind: 'duplicate-line'; at: number }
  | { kind: 'swap-tokens'; at: number }
  | { kind: 'indent'; at: number; by: string }
  | { kind: 'cut-line'; at: number };

const fraction = fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 1_000_000);

const sourceEdit: fc.Arbitrary<SourceEdit> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fraction, text: fc.constantFrom(...SOURCE_FRAGMENTS) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete-line' as const), at: fraction, count: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate-line' as const), at: fraction }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('swap-tokens' as const), at: fraction }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('indent' as const), at: fraction, by: fc.constantFrom('    ', '\t', '  ', '-') }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cut-line' as const), at: fraction }) },
).map((e) => e as SourceEdit);

/** Start and end (before its line break) of the line holding `at`. */
function lineAt(text: string, at: number): { start: number; end: number; next: number } {
  const start = Math.max(text.lastIndexOf('\n', at - 1), text.lastIndexOf('\r', at - 1)) + 1;
  const found = text.slice(at).search(/\r\n|\r|\n/);
  const end = found === -1 ? text.length : at + found;
  const next = text.startsWith('\r\n', end) ? end + 2 : Math.min(text.length, end + 1);
  return { start, end, next };
}

function applySourceEdit(text: string, e: SourceEdit): string {
  const at = Math.floor(e.at * text.length);
  switch (e.kind) {
    case 'insert':
      return text.slice(0, at) + e.text + text.slice(at);
    case 'delete-line': {
      let { start, next } = lineAt(text, at);
      for (let i = 1; i < e.count && next < text.length; i++) next = lineAt(text, next).next;
      return text.slice(0, start) + text.slice(next);
    }
    case 'duplicate-line': {
      const { start, next } = lineAt(text, at);
      return text.slice(0, next) + text.slice(start, next) + text.slice(next);
    }
    case 'swap-tokens': {
      // The token at `at` and the next one trade places: `a(b` becomes `(ab`, `x = 1` becomes `= x 1`.
      const token = /[\p{L}\p{N}_$]+|\s+|[^\p{L}\p{N}_$\s]/gu;
      const tokens: Array<{ start: number; end: number }> = [];
      for (const m of text.matchAll(token)) if (!/^\s/.test(m[0])) tokens.push({ start: m.index, end: m.index + m[0].length });
      const i = tokens.findIndex((t) => t.end > at);
      if (i === -1 || i + 1 >= tokens.length) return text;
      const [a, b] = [tokens[i], tokens[i + 1]];
      return text.slice(0, a.start) + text.slice(b.start, b.end) + text.slice(a.end, b.start) + text.slice(a.start, a.end) + text.slice(b.end);
    }
    case 'indent': {
      const { start } = lineAt(text, at);
      if (e.by === '-') return text.slice(0, start) + text.slice(start).replace(/^(?: {1,4}|\t)/, '');
      return text.slice(0, start) + e.by + text.slice(start);
    }
    case 'cut-line': {
      // Typing: the rest of the line after the cursor is not written yet.
      const { end } = lineAt(text, at);
      return text.slice(0, at) + text.slice(end);
    }
  }
}

/** A seed with the format fuzzers' edits (bytes, brackets, quotes, line endings) or the source edits above, or both. */
function edited(seeds: readonly SourceSeed[]): fc.Arbitrary<SourceSeed> {
  const bySource = fc
    .tuple(fc.constantFrom(...seeds), fc.array(sourceEdit, { minLength: 1, maxLength: 6 }))
    .map(([seed, edits]) => ({ name: seed.name, text: edits.reduce(applySourceEdit, seed.text) }));
  const both = mutated(seeds).chain((m) => fc.array(sourceEdit, { minLength: 1, maxLength: 3 }).map((edits) => ({ name: m.name, text: edits.reduce(applySourceEdit, m.text) })));
  return fc.oneof({ weight: 3, arbitrary: bySource }, { weight: 1, arbitrary: mutated(seeds) }, { weight: 1, arbitrary: both });
}

/** The same code read as another language's file: TypeScript as TSX or JavaScript, JavaScript as TypeScript. */
const renamed = (seed: SourceSeed) =>
  seed.name.endsWith('.py')
    ? fc.constant(seed)
    : fc.constantFrom('', '.tsx', '.js', '.mjs', '.ts').map((ext) => (ext ? { ...seed, name: seed.name.replace(/\.[cm]?[jt]sx?$/, ext) } : seed));

// ---------------------------------------------------------------- the worker and its watchdog

/** The checks run on one worker; a run past HANG_MS ends the worker and is reported with its input. */
class Checker {
  private worker: Worker | undefined;
  private nextId = 1;
  readonly seen = { runs: 0, prompts: 0, unparsed: 0, rejected: 0, fixes: 0 };

  private start(): Worker {
    const source = join(__dirname, 'sourceWorker.ts');
    const loader = createRequire(source).resolve('tsx/cjs');
    const worker = new Worker(`require(${JSON.stringify(loader)}); require(${JSON.stringify(source)});`, { eval: true });
    worker.unref();
    return worker;
  }

  async check(input: SourceCase): Promise<SourceCheck> {
    const worker = (this.worker ??= this.start());
    const id = this.nextId++;
    const started = Date.now();
    const check = await new Promise<SourceCheck | undefined>((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        resolve(undefined);
      }, HANG_MS);
      const onMessage = (reply: { id: number; check: SourceCheck }) => {
        if (reply.id !== id) return;
        cleanup();
        resolve(reply.check);
      };
      const onError = (error: Error) => {
        cleanup();
        reject(error);
      };
      const onExit = (code: number) => {
        cleanup();
        reject(new Error(`the worker ended (exit ${code})`));
      };
      const cleanup = () => {
        clearTimeout(timer);
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      };
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      worker.postMessage({ id, input });
    }).catch((error: unknown): SourceCheck => {
      this.worker = undefined;
      return { problems: [`the analysis ended the thread: ${error instanceof Error ? error.message : String(error)}`], prompts: 0, unparsed: 0, fixesApplied: 0 };
    });
    if (!check) {
      this.worker = undefined;
      void worker.terminate();
      const saved = join(tmpdir(), `pcl-source-hang-${process.pid}-${id}.json`);
      writeFileSync(saved, JSON.stringify(input));
      return { problems: [`no result after ${Date.now() - started} ms (input saved to ${saved})`], prompts: 0, unparsed: 0, fixesApplied: 0 };
    }
    this.seen.runs++;
    this.seen.prompts += check.prompts > 0 ? 1 : 0;
    this.seen.unparsed += check.unparsed > 0 ? 1 : 0;
    this.seen.rejected += check.rejected ? 1 : 0;
    this.seen.fixes += check.fixesApplied;
    return check;
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = undefined;
  }
}

const checker = new Checker();
after(() => checker.close());

const shown = (input: SourceCase) => `${relative(ROOT, input.fileName)} (${input.text.length} characters)`;

/** Checks one input; fails with every problem found and the start of the input. */
async function holds(input: SourceCase): Promise<SourceCheck> {
  const check = await checker.check(input);
  assert.deepEqual(check.problems, [], `${shown(input)}:\n${check.problems.join('\n')}\n--- input (start) ---\n${input.text.slice(0, 2000)}`);
  return check;
}

/** Runs a property over `checker`, and returns what its runs met. */
async function property(arbitrary: fc.Arbitrary<SourceCase>, runs: number): Promise<Checker['seen']> {
  const before = { ...checker.seen };
  try {
    await fc.assert(
      fc.asyncProperty(arbitrary, async (input) => {
        await holds(input);
      }),
      // A failure is shrunk for at most a minute: a hang found makes every try slow.
      { seed: FUZZ_SEED, numRuns: runs, interruptAfterTimeLimit: 60_000 },
    );
  } catch (error) {
    // The problems found, not only the counterexample.
    if (error instanceof Error && error.cause instanceof Error) error.message += `\n${error.cause.message}`;
    throw error;
  }
  const seen = checker.seen;
  return { runs: seen.runs - before.runs, prompts: seen.prompts - before.prompts, unparsed: seen.unparsed - before.unparsed, rejected: seen.rejected - before.rejected, fixes: seen.fixes - before.fixes };
}

// ---------------------------------------------------------------- generated code

const PY_HEAD = 'from openai import OpenAI\nimport anthropic\n\nclient = OpenAI()\nclaude = anthropic.Anthropic()\n';
const TS_HEAD = 'import OpenAI from "openai";\nimport Anthropic from "@anthropic-ai/sdk";\nimport { generateText } from "ai";\nimport { openai } from "@ai-sdk/openai";\n\nconst client = new OpenAI();\nconst claude = new Anthropic();\n';

const pyCall = (content: string, how: number) =>
  [
    `def run(q):\n    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "system", "content": ${content}}, {"role": "user", "content": q}])\n`,
    `def run(q):\n    return claude.messages.create(model="claude-sonnet-4-5", max_tokens=10, system=${content}, messages=[{"role": "user", "content": q}])\n`,
    `def run(q):\n    return client.responses.create(model="gpt-4.1", instructions=${content}, input=q)\n`,
    `def run(q):\n    return client.chat.completions.create(**${content})\n`,
    `def run(q):\n    return client.chat.completions.create(model="gpt-4o", messages=${content})\n`,
    `client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": ${content}}], **${content})\n`,
  ][how];

const tsCall = (content: string, how: number) =>
  [
    `export async function run(q: string) {\n  return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: ${content} }, { role: "user", content: q }] });\n}\n`,
    `export async function run(q: string) {\n  return claude.messages.create({ model: "claude-sonnet-4-5", max_tokens: 10, system: ${content}, messages: [{ role: "user", content: q }] });\n}\n`,
    `export async function run(q: string) {\n  return client.responses.create({ model: "gpt-4.1", instructions: ${content}, input: q });\n}\n`,
    `export async function run(q: string) {\n  return client.chat.completions.create({ ...${content} });\n}\n`,
    `export async function run(q: string) {\n  return generateText({ model: openai("gpt-4o"), system: ${content}, prompt: q });\n}\n`,
    `client.chat.completions.create(${content});\n`,
  ][how];

/** `n` copies of `open`, the value, then `n` of `close` (or none: left open). */
const nest = (open: string, value: string, close: string, n: number, closed = true) => open.repeat(n) + value + (closed ? close.repeat(n) : '');

/** Python statements (defining `V`) and expressions that reach the readers' limits, sized by `n`. */
const pyConstruct = (n: number): Array<{ prelude: string; value: string }> => [
  { prelude: 'V = V + V\n', value: 'V' },
  { prelude: 'V = "ab"\n' + 'V = V + V\n'.repeat(n), value: 'V' },
  { prelude: `V = "ab"\nfor _ in range(${n * 10}):\n    V = V + V\n`, value: 'V' },
  { prelude: 'V = "ab"\nwhile True:\n    V += V\n', value: 'V' },
  { prelude: 'x = x\nV = x\n', value: 'V' },
  { prelude: 'def V():\n    return W()\n\ndef W():\n    return V() + "x"\n', value: 'V()' },
  { prelude: 'V = lambda: V()\n', value: 'V()' },
  { prelude: 'V = {**V}\n', value: 'V' },
  { prelude: 'V = dict(**V, messages=V)\n', value: 'V' },
  { prelude: 'V = {"model": "gpt-4o"}\nV = {**V, "messages": [V]}\nV["messages"].append(V)\n', value: 'V' },
  { prelude: 'V = [{"role": "user", "content": "hi"}]\nV.append(V)\nV.extend(V)\nV += V\n', value: 'V' },
  { prelude: 'V = [V for V in V]\n', value: 'V' },
  { prelude: '', value: `(V := V + "a")` },
  { prelude: '', value: '"x" * 10**12' },
  { prelude: '', value: '"x" * (10**12) + "y" * -5' },
  { prelude: '', value: `["m"] * 10**${n % 19}` },
  { prelude: '', value: '[{"role": "user", "content": "hi"}] * 10**9' },
  { prelude: '', value: '"x" * 1e308' },
  { prelude: '', value: nest('f"{', 'V', '}"', Math.min(n, 40)) },
  { prelude: 'W = 3\n', value: 'f"{V:{W:{W}}}"' },
  { prelude: '', value: nest('"{}".format(', '"x"', ')', n) },
  { prelude: '', value: nest('"%s" % (', '"x"', ',)', n) },
  { prelude: '', value: '"\\uZZZZ \\N{NOPE} \\N{ \\x4 \\U0011ffff \\ud800 \\777"' },
  { prelude: '', value: 'b"\\xff" + "\\N{LATIN SMALL LETTER E WITH ACUTE}"' },
  { prelude: '', value: '"\ud800 lone \udfff surrogates"' },
  { prelude: '', value: nest('[', '"x"', ']', n) },
  { prelude: '', value: nest('{"a": ', '"x"', '}', n) },
  { prelude: '', value: nest('str(', '"x"', ')', n) },
  { prelude: '', value: nest('(', '"x"', ')', n) },
  { prelude: '', value: nest('("x" if V else ', '"y"', ')', n) },
  { prelude: '', value: nest('[', '"x"', ']', n, false) },
  { prelude: '', value: '"unterminated' },
  { prelude: '', value: '"""unterminated' },
  { prelude: '', value: 'f"{unterminated' },
  { prelude: 'class V:\n', value: 'V' },
  { prelude: 'def V():\n', value: 'V()' },
  { prelude: '@V\n', value: 'V' },
  { prelude: '@V\n'.repeat(n) + 'class V:\n', value: 'V' },
  { prelude: 'def V():\n\treturn "a"\n        return "b"\n', value: 'V()' },
  { prelude: 'V = V.V.V[V](V)\n', value: 'V' },
  { prelude: 'global V\nV = V()\n', value: 'V' },
  { prelude: 'V = "".join(V)\n', value: 'V.join(V)' },
  { prelude: 'import textwrap\nV = textwrap.dedent(V)\n', value: 'V' },
  { prelude: 'V = "a"\n' + Array.from({ length: n }, (_, i) => `V${i} = V${i > 0 ? i - 1 : ''} + V${i > 0 ? i - 1 : ''}\n`).join(''), value: `V${n - 1}` },
];

/** TypeScript declarations (of `V`) and expressions that reach the readers' limits, sized by `n`. */
const tsConstruct = (n: number): Array<{ prelude: string; value: string }> => [
  { prelude: 'const V = V + V;\n', value: 'V' },
  { prelude: 'let V = "ab";\n' + 'V = V + V;\n'.repeat(n), value: 'V' },
  { prelude: `let V = "ab";\nfor (let i = 0; i < ${n * 10}; i++) V += V;\n`, value: 'V' },
  { prelude: 'let V = "ab";\nwhile (true) V = V + V;\n', value: 'V' },
  { prelude: 'let x = x;\nconst V = x;\n', value: 'V' },
  { prelude: 'function V(): string { return W(); }\nfunction W(): string { return V() + "x"; }\n', value: 'V()' },
  { prelude: 'const V = (): string => V();\n', value: 'V()' },
  { prelude: 'const V: any = { ...V };\n', value: 'V' },
  { prelude: 'const V: any = { ...W };\nconst W: any = { ...V, messages: [V] };\n', value: 'W' },
  { prelude: 'const V: any[] = [{ role: "user", content: "hi" }];\nV.push(...V);\nV.push(V);\n', value: 'V' },
  { prelude: 'const V: any = {};\nV.self = V;\n', value: 'JSON.stringify(V, null, 1e9)' },
  { prelude: '', value: '"x".repeat(1e12)' },
  { prelude: '', value: '"x".repeat(-1) + "y".repeat(Infinity)' },
  { prelude: '', value: `Array(1e9).fill("m").join("")` },
  { prelude: '', value: `[{ role: "user", content: "hi" }].concat(...Array(${n}).fill([]))` },
  { prelude: '', value: nest('`${', 'V', '}`', Math.min(n, 200)) },
  { prelude: '', value: '"\\u{110000} \\u{ZZ} \\uZZZZ \\x4 \\ud800"' },
  { prelude: '', value: '"\ud800 lone \udfff surrogates"' },
  { prelude: '', value: nest('[', '"x"', ']', n) },
  { prelude: '', value: nest('{ a: ', '"x"', ' }', n) },
  { prelude: '', value: nest('String(', '"x"', ')', n) },
  { prelude: '', value: nest('(', '"x"', ')', n) },
  { prelude: '', value: nest('(V ? "x" : ', '"y"', ')', n) },
  { prelude: '', value: nest('-', '1', '', n) },
  { prelude: '', value: nest('[', '"x"', ']', n, false) },
  { prelude: '', value: '"unterminated' },
  { prelude: '', value: '`unterminated ${' },
  { prelude: '', value: '/* unterminated' },
  { prelude: 'class V\n', value: 'V' },
  { prelude: 'function V()\n', value: 'V()' },
  { prelude: '@V\nclass W {}\n', value: 'W' },
  { prelude: 'const V = "a" as unknown as string satisfies string;\n', value: 'V!' },
  { prelude: 'const V = <div>{V}</div>;\n', value: 'String(V)' },
  { prelude: 'const V = "a";\n' + Array.from({ length: n }, (_, i) => `const V${i} = V${i > 0 ? i - 1 : ''} + V${i > 0 ? i - 1 : ''};\n`).join(''), value: `V${n - 1}` },
];

/** Renames `V`, `W` and `x` of construct `k` so that several constructs live in one file. */
const renameConstruct = (c: { prelude: string; value: string }, k: number) => {
  const rename = (s: string) => s.replace(/\b([VWx])(\d*)\b/g, (_, name: string, digits: string) => `${name}${k}_${digits}`);
  return { prelude: rename(c.prelude), value: rename(c.value) };
};

/** Whole-file changes: line endings, a byte order mark, tabs. */
const fileShape = fc.constantFrom<(text: string) => string>(
  (t) => t,
  (t) => t,
  (t) => t.replace(/\n/g, '\r\n'),
  (t) => t.replace(/\n/g, '\r'),
  (t) => `\uFEFF${t}`,
  (t) => t.replace(/^( {4})+/gm, (indent) => '\t'.repeat(indent.length / 4)),
);

const generated = (language: 'python' | 'typescript'): fc.Arbitrary<SourceCase> =>
  fc
    .tuple(
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 60 })), { minLength: 1, maxLength: 4 }),
      fc.nat(),
      fc.integer({ min: 0, max: 5 }),
      fileShape,
      fc.constantFrom('.ts', '.tsx', '.js'),
    )
    .map(([picks, use, how, shape, ext]) => {
      const constructs = picks.map(([pick, n], k) => {
        const all = language === 'python' ? pyConstruct(n) : tsConstruct(n);
        return renameConstruct(all[pick % all.length], k);
      });
      const value = constructs[use % constructs.length].value;
      const head = language === 'python' ? PY_HEAD : TS_HEAD;
      const call = language === 'python' ? pyCall(value, how) : tsCall(value, how);
      const text = shape(`${head}\n${constructs.map((c) => c.prelude).join('\n')}\n${call}`);
      return { fileName: join(ROOT, 'generated', language === 'python' ? 'gen.py' : `gen${ext}`), text };
    });

/** Generated files at full size: each is checked once. */
function bigCases(): Array<{ label: string; input: SourceCase }> {
  const py = (prelude: string, value: string, how = 0) => `${PY_HEAD}\n${prelude}\n${pyCall(value, how)}`;
  const ts = (prelude: string, value: string, how = 0) => `${TS_HEAD}\n${prelude}\n${tsCall(value, how)}`;
  const pyFile = join(ROOT, 'generated', 'big.py');
  const tsFile = join(ROOT, 'generated', 'big.ts');
  const longId = `n${'a'.repeat(200_000)}`;
  const mb = 'Policy text. '.repeat(80_000);
  const cases: Array<{ label: string; fileName: string; text: string }> = [
    { label: 'Python: a list 5,000 deep', fileName: pyFile, text: py('', nest('[', '"x"', ']', 5000)) },
    { label: 'Python: a dict 5,000 deep', fileName: pyFile, text: py('', nest('{"a": ', '"x"', '}', 5000)) },
    { label: 'Python: calls 5,000 deep', fileName: pyFile, text: py('', nest('str(', '"x"', ')', 5000)) },
    { label: 'Python: parentheses 5,000 deep', fileName: pyFile, text: py('', nest('(', '"x"', ')', 5000)) },
    { label: 'Python: 5,000 unclosed brackets', fileName: pyFile, text: py('', nest('[', '"x"', ']', 5000, false)) },
    { label: 'Python: f-strings 1,000 deep', fileName: pyFile, text: py('V = "v"', nest('f"{', 'V', '}"', 1000)) },
    { label: 'Python: .format 2,000 deep', fileName: pyFile, text: py('', nest('"{}".format(', '"x"', ')', 2000)) },
    { label: 'Python: a 1 MB string literal', fileName: pyFile, text: py('', JSON.stringify(mb)) },
    { label: 'Python: a 1 MB triple-quoted constant', fileName: pyFile, text: py(`P = """${mb}"""`, 'P + P', 1) },
    { label: 'Python: a 200 KB identifier', fileName: pyFile, text: py(`${longId} = "text"`, longId) },
    { label: 'Python: "x" * 10**12', fileName: pyFile, text: py('', '"x" * 10**12') },
    { label: 'Python: a text doubled 60 times', fileName: pyFile, text: py(`P = "ab"\n${'P = P + P\n'.repeat(60)}`, 'P') },
    { label: 'Python: 5,000 `a = a + a`', fileName: pyFile, text: py('a = "ab"\n' + 'a = a + a\n'.repeat(5000), 'a') },
    { label: 'Python: 2,000 functions calling each other round', fileName: pyFile, text: py(Array.from({ length: 2000 }, (_, i) => `def f${i}():\n    return f${(i + 1) % 2000}() + "x"\n`).join(''), 'f0()') },
    { label: 'Python: 2,000 stacked decorators on a body-less class', fileName: pyFile, text: py('@d\n'.repeat(2000) + 'class C:\n', 'C') },
    { label: 'Python: blocks 100 deep', fileName: pyFile, text: py(Array.from({ length: 100 }, (_, i) => `${'    '.repeat(i)}if True:\n`).join('') + `${'    '.repeat(100)}P = "x"\n`, 'P') },
    { label: 'Python: calls 5,000 deep around the clock', fileName: pyFile, text: py('import datetime', nest('str(', 'datetime.datetime.now()', ')', 5000)) },
    { label: 'Python: a method chained 5,000 times', fileName: pyFile, text: py('', `q${'.replace("a", "b")'.repeat(5000)}`) },
    { label: 'Python: 5,000 literals and names joined with +', fileName: pyFile, text: py('import time', `${'"Line.\\n" + str(time.time()) + '.repeat(5000)}q`) },
    { label: 'Python: an f-string of 5,000 interpolations on one line', fileName: pyFile, text: py('import uuid', `f"${'{q} {uuid.uuid4()} '.repeat(5000)}"`) },
    { label: 'Python: NUL after the first 8 KB', fileName: pyFile, text: py(`# ${'x'.repeat(9000)}\nP = "a\u0000b"\n`, 'P') },
    { label: 'Python: 20,000 lines ended by CR', fileName: pyFile, text: py('P = "x"\n'.repeat(20_000), 'P').replace(/\n/g, '\r') },
    { label: 'Python: 100,000 messages built in a loop', fileName: pyFile, text: py('M = []\nfor i in range(100000):\n    M.append({"role": "user", "content": "hi"})\n', 'M', 4) },
    { label: 'TypeScript: an array 5,000 deep', fileName: tsFile, text: ts('', nest('[', '"x"', ']', 5000)) },
    { label: 'TypeScript: an object 5,000 deep', fileName: tsFile, text: ts('', nest('{ a: ', '"x"', ' }', 5000)) },
    { label: 'TypeScript: calls 5,000 deep', fileName: tsFile, text: ts('', nest('String(', '"x"', ')', 5000)) },
    { label: 'TypeScript: parentheses 5,000 deep', fileName: tsFile, text: ts('', nest('(', '"x"', ')', 5000)) },
    { label: 'TypeScript: template literals 1,000 deep', fileName: tsFile, text: ts('const V = "v";', nest('`${', 'V', '}`', 1000)) },
    { label: 'TypeScript: ternaries 5,000 deep', fileName: tsFile, text: ts('declare const V: boolean;', nest('(V ? "x" : ', '"y"', ')', 5000)) },
    { label: 'TypeScript: 5,000 unclosed brackets', fileName: tsFile, text: ts('', nest('[', '"x"', ']', 5000, false)) },
    { label: 'TypeScript: calls 5,000 deep around the clock', fileName: tsFile, text: ts('', nest('String(', 'new Date()', ')', 5000)) },
    { label: 'TypeScript: a method chained 5,000 times', fileName: tsFile, text: ts('', `"x"${'.concat(q)'.repeat(5000)}`) },
    { label: 'TypeScript: 5,000 literals and names joined with +', fileName: tsFile, text: ts('', `${'"Line.\\n" + String(Date.now()) + '.repeat(5000)}q`) },
    { label: 'TypeScript: a template literal of 5,000 substitutions on one line', fileName: tsFile, text: ts('', `\`${'${q} ${crypto.randomUUID()} '.repeat(5000)}\``) },
    { label: 'TypeScript: a 1 MB string literal', fileName: tsFile, text: ts('', JSON.stringify(mb)) },
    { label: 'TypeScript: a 200 KB identifier', fileName: tsFile, text: ts(`const ${longId} = "text";`, longId) },
    { label: 'TypeScript: "x".repeat(1e12)', fileName: tsFile, text: ts('', '"x".repeat(1e12)') },
    { label: 'TypeScript: 5,000 `a = a + a`', fileName: tsFile, text: ts('let a = "ab";\n' + 'a = a + a;\n'.repeat(5000), 'a') },
    { label: 'TypeScript: 2,000 functions calling each other round', fileName: tsFile, text: ts(Array.from({ length: 2000 }, (_, i) => `function f${i}(): string { return f${(i + 1) % 2000}() + "x"; }\n`).join(''), 'f0()') },
    { label: 'TypeScript: 100,000 messages built in a loop', fileName: tsFile, text: ts('const M: any[] = [];\nfor (let i = 0; i < 100000; i++) M.push({ role: "user", content: "hi" });\n', '{ model: "gpt-4o", messages: M }', 5) },
    { label: 'JavaScript: NUL after the first 8 KB, lone surrogates, CRLF', fileName: join(ROOT, 'generated', 'big.js'), text: ts(`// ${'x'.repeat(9000)}\nconst P = "a\u0000b\ud800";`, 'P').replace(/\n/g, '\r\n') },
  ];
  return cases.map(({ label, fileName, text }) => ({ label, input: { fileName, text } }));
}

// ---------------------------------------------------------------- the properties

describe('source readers on edited example and fixture files', () => {
  it('seeds are there', () => {
    assert.ok(SEEDS.length >= 40 && EXAMPLES.length >= 15 && FIX_SEEDS.length >= 5, `${SEEDS.length} seeds, ${EXAMPLES.length} examples, ${FIX_SEEDS.length} with fixes`);
    for (const { module } of IMPORTED) assert.ok(existsSync(module), module);
  });

  it('randomly edited: resolves or refuses the file, every position inside it, a count or a reason for each call', async () => {
    const seen = await property(
      edited(SEEDS).chain(renamed).map((s) => ({ fileName: s.name, text: s.text })),
      fuzzRuns(400),
    );
    // Most runs still read calls, and some meet calls that no longer parse.
    assert.ok(seen.prompts > seen.runs / 3 && seen.unparsed > 0, JSON.stringify(seen));
  });

  it('while typing: each file cut short, or one line cut at the cursor, at random places', async () => {
    const typing = fc.tuple(fc.constantFrom(...SEEDS), fraction, fc.boolean()).map(([seed, at, wholeRest]) => {
      const cut = Math.floor(at * seed.text.length);
      const text = wholeRest ? seed.text.slice(0, cut) : applySourceEdit(seed.text, { kind: 'cut-line', at });
      return { fileName: seed.name, text: text.length === seed.text.length ? seed.text.slice(0, cut) : text };
    });
    const seen = await property(typing, fuzzRuns(300));
    assert.ok(seen.prompts > seen.runs / 3, JSON.stringify(seen));
  });

  it('while typing: every example cut at every 101st character, the rest of its line not written yet', async () => {
    const step = Number(process.env.FUZZ_TYPING_STEP ?? 101);
    let runs = 0;
    for (const seed of EXAMPLES) {
      for (let at = 1; at < seed.text.length; at += step) {
        await holds({ fileName: seed.name, text: applySourceEdit(seed.text, { kind: 'cut-line', at: at / seed.text.length }) });
        runs++;
      }
    }
    assert.ok(runs > 300, `${runs} runs`);
  });

  it('an imported module edited at random: the file importing it is still read', async () => {
    const cases = fc
      .tuple(fc.constantFrom(...IMPORTED), fc.array(sourceEdit, { minLength: 1, maxLength: 6 }))
      .map(([{ importer, module }, edits]) => ({
        fileName: importer,
        text: readFileSync(importer, 'utf8'),
        files: { [module]: edits.reduce(applySourceEdit, readFileSync(module, 'utf8')) },
      }));
    await property(cases, fuzzRuns(100));
  });
});

describe('source readers on generated code at their limits', () => {
  it('Python: self-referencing names, recursion, spreads of themselves, huge repeats, nesting, bad escapes, odd line endings', async () => {
    const seen = await property(generated('python'), fuzzRuns(250));
    assert.ok(seen.prompts > seen.runs / 2, JSON.stringify(seen));
  });

  it('TypeScript and JavaScript: the same', async () => {
    const seen = await property(generated('typescript'), fuzzRuns(250));
    assert.ok(seen.prompts > seen.runs / 2, JSON.stringify(seen));
  });

  for (const { label, input } of bigCases()) {
    it(label, async () => {
      await holds(input);
    });
  }
});

describe('Quick Fixes in source code on edited files', () => {
  it('every fix is a set of edits inside the file, and the fixed file is read again without a new syntax error', async () => {
    const seen = await property(
      fc.oneof(
        { weight: 1, arbitrary: fc.constantFrom(...FIX_SEEDS) },
        { weight: 4, arbitrary: edited(FIX_SEEDS) },
      ).map((s) => ({ fileName: s.name, text: s.text, fixes: true })),
      fuzzRuns(300),
    );
    assert.ok(seen.fixes > seen.runs / 2, JSON.stringify(seen));
  });
});
