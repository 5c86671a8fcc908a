import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CliIo } from '../../../src/cli/io';
import { runCli, type CommandTable } from '../../../src/cli/run';
import { buildCli, runCliProcess, scratchDir } from './helpers';

let cli: string;
let dir: string;
before(() => {
  cli = buildCli();
  const bytes = new Uint8Array(4096);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 37) % 256;
  dir = scratchDir({
    'broken.json': '{\n  "model": "gpt-4o",\n  "messages": [\n    {"role": "user", "content": "hi"\n  ]\n}\n',
    'broken.prompt.yml': 'name: x\nmessages:\n  - role: user\n    content: [unclosed\n',
    'image.prompt': bytes,
    // Just over the default 20 MB limit.
    'huge.prompt': 'Static instructions. '.repeat(Math.ceil((20 * 1024 * 1024 + 10) / 21)),
    'medium.prompt': 'You are a helpful assistant.\n'.repeat(40_000),
  });
});
after(() => {
  rmSync(dirname(cli), { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

const noStack = (text: string) => assert.doesNotMatch(text, /\n\s+at .+:\d+:\d+/);

describe('bad input', () => {
  it('malformed JSON: file:line:column: message, exit 2, no stack trace', () => {
    const run = runCliProcess(cli, ['analyze', join(dir, 'broken.json')]);
    assert.equal(run.status, 2);
    // The array is left open on line 4; the parser stops at the `]` on line 5, column 3.
    assert.equal(run.stderr.trim(), `prompt-cache-lens: ${join(dir, 'broken.json')}:5:3: Invalid JSON: expected a comma or a closing bracket`);
    assert.equal(run.stdout, '');
  });

  it('malformed YAML: file:line:column: message, exit 2', () => {
    const run = runCliProcess(cli, ['analyze', join(dir, 'broken.prompt.yml'), '--json']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, new RegExp(`${join(dir, 'broken.prompt.yml')}:\\d+:\\d+: Invalid YAML`));
    assert.equal(run.stderr.trim().split('\n').length, 1);
    noStack(run.stderr);
  });

  it('a file over the default 20 MB limit is refused', () => {
    const run = runCliProcess(cli, ['analyze', join(dir, 'huge.prompt')]);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /over the 20\.0 MB limit/);
  });

  it('--max-size lowers the limit, and raising it lets the file through', () => {
    const refused = runCliProcess(cli, ['analyze', join(dir, 'medium.prompt'), '--max-size', '1']);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /File is 1\.1 MB, over the 1\.0 MB limit/);
    const accepted = runCliProcess(cli, ['analyze', join(dir, 'medium.prompt'), '--max-size', '2', '--json']);
    assert.equal(accepted.status, 0, accepted.stderr);
    assert.ok(JSON.parse(accepted.stdout).promptTokens > 200_000);
    const nonsense = runCliProcess(cli, ['analyze', join(dir, 'medium.prompt'), '--max-size', 'lots']);
    assert.equal(nonsense.status, 2);
    assert.match(nonsense.stderr, /--max-size must be a positive number of megabytes/);
  });

  it('a binary file is refused', () => {
    const run = runCliProcess(cli, ['analyze', join(dir, 'image.prompt')]);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /image\.prompt: File looks binary/);
  });

  it('a missing file or a directory says so', () => {
    const missing = runCliProcess(cli, ['analyze', join(dir, 'nope.prompty')]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /nope\.prompty: no such file/);
    const folder = runCliProcess(cli, ['simulate', dir]);
    assert.equal(folder.status, 2);
    assert.match(folder.stderr, /is a directory/);
  });
});

describe('unexpected internal errors', () => {
  function capture(): CliIo & { out: string; err: string } {
    const io = { out: '', err: '', cwd: process.cwd(), stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) };
    return io;
  }
  const failing = (): CommandTable => {
    const broken = async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'tokens')");
    };
    return { analyze: broken, simulate: broken, check: broken, simulator: broken };
  };

  it('print one line and exit 3', async () => {
    const io = capture();
    const code = await runCli(['analyze', 'x.prompt'], io, failing());
    assert.equal(code, 3);
    assert.equal(io.err, "prompt-cache-lens: internal error: Cannot read properties of undefined (reading 'tokens') (run with --debug for details)\n");
  });

  it('--debug shows the stack', async () => {
    const io = capture();
    const code = await runCli(['analyze', 'x.prompt', '--debug'], io, failing());
    assert.equal(code, 3);
    assert.match(io.err, /TypeError: Cannot read properties/);
    assert.match(io.err, /\n\s+at .+/);
  });
});
