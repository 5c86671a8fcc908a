/**
 * Property-based tests of the command line's analyze and check paths, run in-process on files
 * written to a scratch folder: mutated examples and random requests end in exit 0 (with every
 * reported position inside the file) or exit 2 with `file:line:column: message` inside the file,
 * never an internal error; nothing raw reaches the terminal. Seeded, fixed run counts.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { analyzePrompt, InputRejectedError } from '../../../src/core/analyze';
import { PromptParseError } from '../../../src/core/model';
import type { CliIo } from '../../../src/cli/io';
import { runCli } from '../../../src/cli/run';
import { assertPositionInside, FUZZ_SEED, fuzzRuns, mutated, promptYamlLike, requestLikeJson, SEEDS } from './inputs';

const RUNS = fuzzRuns(40);

/** Controls a terminal would act on; output shows them escaped. */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'pcl-fuzz-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: dir };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

/** The text the command line analyses: the file without a UTF-8 byte order mark. */
const asRead = (text: string) => text.replace(/^\uFEFF/, '');

let counter = 0;
/** Writes the file and returns its absolute path (the command line reads paths from the process's folder). */
function writeScratch(name: string, text: string): string {
  const file = join(dir, `${counter++}-${name}`);
  writeFileSync(file, text);
  return file;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const candidates = fc.oneof(
  { weight: 4, arbitrary: mutated(SEEDS) },
  { weight: 1, arbitrary: requestLikeJson.map((text) => ({ name: 'request.json', text })) },
  { weight: 1, arbitrary: promptYamlLike.map((text) => ({ name: 'random.prompt.yml', text })) },
);

const options = (runs = RUNS) => ({ seed: FUZZ_SEED, numRuns: runs });

describe('analyze on mutated and random prompt files', () => {
  it('analyzePrompt resolves or rejects with a parse or input error, nothing else', async () => {
    await fc.assert(
      fc.asyncProperty(candidates, async ({ name, text }) => {
        try {
          await analyzePrompt({ fileName: name, text });
        } catch (error) {
          assert.ok(error instanceof PromptParseError || error instanceof InputRejectedError, `rejected with ${String(error)}`);
        }
      }),
      options(),
    );
  });

  it('exit 0 with positions inside the file, or exit 2 with file:line:column inside it', async () => {
    await fc.assert(
      fc.asyncProperty(candidates, async ({ name, text }) => {
        const file = writeScratch(name, text);
        const run = await cli(['analyze', file, '--json']);
        assert.ok(run.code === 0 || run.code === 2, `exit ${run.code}: ${run.stderr}`);
        assert.doesNotMatch(run.stdout + run.stderr, RAW_CONTROL);
        const read = asRead(text);
        if (run.code === 2) {
          const at = new RegExp(`^prompt-cache-lens: ${escapeRegExp(file)}:(\\d+):(\\d+): `).exec(run.stderr);
          if (at) assertPositionInside(read, Number(at[1]), Number(at[2]), run.stderr);
          // Without a position only input no prompt file can be: binary or over the size limit.
          else assert.match(run.stderr, new RegExp(`^prompt-cache-lens: ${escapeRegExp(file)}: File (looks binary|is .* over the)`));
          return;
        }
        const report = JSON.parse(run.stdout);
        for (const f of report.findings) {
          assertPositionInside(read, f.line, f.column, `finding ${f.rule}`);
          if (f.endLine !== null) assertPositionInside(read, f.endLine, f.endColumn, `end of finding ${f.rule}`);
        }
        for (const b of report.breakpoints) if (b.line !== null) assertPositionInside(read, b.line, b.column, 'breakpoint');
        if (report.firstDynamic) assertPositionInside(read, report.firstDynamic.line, report.firstDynamic.column, 'first dynamic');
        for (const s of report.segments) {
          if (s.range?.startLine !== undefined) assertPositionInside(read, s.range.startLine, s.range.startColumn, `segment ${s.label}`);
        }
      }),
      options(),
    );
  });

  it('text reports never pass control characters through', async () => {
    await fc.assert(
      fc.asyncProperty(candidates, async ({ name, text }) => {
        const run = await cli(['analyze', writeScratch(name, text)]);
        assert.ok(run.code === 0 || run.code === 2, `exit ${run.code}: ${run.stderr}`);
        assert.doesNotMatch(run.stdout + run.stderr, RAW_CONTROL);
      }),
      options(),
    );
  });
});

describe('check on batches of mutated files', () => {
  it('every file gets a result, positions stay inside, the exit code is 0, 1 or 2', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(candidates, { minLength: 2, maxLength: 4 }), async (batch) => {
        const files = batch.map(({ name, text }) => ({ file: writeScratch(name, text), text: asRead(text) }));
        const run = await cli(['check', ...files.map((f) => f.file), '--format', 'json']);
        assert.ok([0, 1, 2].includes(run.code), `exit ${run.code}: ${run.stderr}`);
        const report = JSON.parse(run.stdout);
        assert.equal(report.exitCode, run.code);
        assert.deepEqual(report.files.map((f: { file: string }) => f.file), files.map((f) => f.file));
        report.files.forEach((result: { status: string; findings: { line: number; column: number; endLine: number; endColumn: number; rule: string }[] }, i: number) => {
          assert.notEqual(result.status, 'skipped');
          for (const f of result.findings) {
            assertPositionInside(files[i].text, f.line, f.column, `${files[i].file} ${f.rule}`);
            assertPositionInside(files[i].text, f.endLine, f.endColumn, `${files[i].file} end of ${f.rule}`);
          }
        });
      }),
      options(Math.ceil(RUNS / 2)),
    );
  });
});
