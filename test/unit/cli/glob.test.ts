import assert from 'node:assert/strict';
import fs from 'node:fs';
import { rmSync } from 'node:fs';
import { join, sep } from 'node:path';
import { after, before, describe, it, mock } from 'node:test';
import { expandGlob, expandPatterns, globToRegExp, searchDirectory } from '../../../src/cli/glob';
import { runCli } from '../../../src/cli/run';
import { scratchDir } from './helpers';

describe('globToRegExp', () => {
  const cases: [pattern: string, path: string, matches: boolean][] = [
    ['*.prompty', 'a.prompty', true],
    ['*.prompty', 'dir/a.prompty', false],
    ['**/*.prompty', 'a.prompty', true],
    ['**/*.prompty', 'x/y/z/a.prompty', true],
    ['prompts/**', 'prompts/a/b.txt', true],
    ['prompts/**/*.json', 'prompts/req.json', true],
    ['prompts/**/*.json', 'other/req.json', false],
    ['file?.prompt', 'file1.prompt', true],
    ['file?.prompt', 'file12.prompt', false],
    ['*.prompt.{yml,yaml}', 'x.prompt.yaml', true],
    ['*.prompt.{yml,yaml}', 'x.prompt.json', false],
    ['a+b(1).json', 'a+b(1).json', true],
    ['*.json', 'ajson', false],
  ];
  for (const [pattern, path, matches] of cases) {
    it(`${pattern} ${matches ? 'matches' : 'does not match'} ${path}`, () => {
      assert.equal(globToRegExp(pattern).test(path), matches);
    });
  }
});

describe('expandGlob', () => {
  let dir: string;
  before(() => {
    dir = scratchDir({
      'a.prompty': 'x',
      'sub/b.prompty': 'x',
      'sub/deep/c.prompty': 'x',
      'sub/deep/c.json': '{}',
      'node_modules/pkg/d.prompty': 'x',
      'sub/README.md': 'x',
      'sub/app.py': 'x',
      'sub/.venv/lib/e.py': 'x',
      'sub/venv/f.py': 'x',
      'sub/types.d.ts': 'x',
      'sub/agent.prompt.md': 'x',
      'sub/chat.prompt.yml': 'x',
    });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('finds files at any depth, sorted, relative to the working folder, never in node_modules', () => {
    assert.deepEqual(expandGlob('**/*.prompty', dir), ['a.prompty', 'sub/b.prompty', 'sub/deep/c.prompty']);
    assert.deepEqual(expandGlob('sub/*.prompty', dir), ['sub/b.prompty']);
    assert.deepEqual(expandGlob('./sub/**/*.json', dir), ['sub/deep/c.json']);
  });

  it('handles absolute patterns and leaves plain paths alone', () => {
    assert.deepEqual(expandGlob(join(dir, 'sub', '*.prompty'), '/'), [join(dir, 'sub', 'b.prompty')]);
    assert.deepEqual(expandGlob('does/not/exist.prompty', dir), ['does/not/exist.prompty']);
    assert.deepEqual(expandGlob('missing/**/*.prompty', dir), []);
  });

  it('expandPatterns lists each file once and reports patterns that matched nothing', () => {
    const { files, unmatched } = expandPatterns(['sub/b.prompty', '**/*.prompty', '*.txt'], dir);
    assert.deepEqual(
      files.map((f) => [f.path, f.fromGlob]),
      [
        ['sub/b.prompty', false],
        ['a.prompty', true],
        ['sub/deep/c.prompty', true],
      ],
    );
    assert.deepEqual(unmatched, ['*.txt']);
  });

  it('a folder is searched for prompt, request and source files, not documentation or virtual environments', () => {
    assert.deepEqual(searchDirectory('sub', dir), ['sub/agent.prompt.md', 'sub/app.py', 'sub/b.prompty', 'sub/chat.prompt.yml', 'sub/deep/c.json', 'sub/deep/c.prompty']);
    const { files, emptyDirectories } = expandPatterns(['sub/deep', 'sub/venv'], dir);
    assert.deepEqual(files.map((f) => [f.path, f.fromGlob]), [['sub/deep/c.json', true], ['sub/deep/c.prompty', true], ['sub/venv/f.py', true]]);
    assert.deepEqual(emptyDirectories, []);
  });
});

describe('folders that cannot be read, and folders of very many files', () => {
  let dir: string;
  before(() => {
    const prompt = '---\nname: a\n---\nsystem:\nAnswer briefly.\n';
    dir = scratchDir({ 'ok/a.prompty': prompt, 'locked/b.prompty': prompt, 'ok/inner/c.prompty': prompt });
  });
  after(() => {
    mock.restoreAll();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a subfolder that cannot be read is named with why; the files around it are still found', () => {
    // What a folder without read permission (or /proc's) gives, whoever runs the tests.
    const real = fs.readdirSync;
    mock.method(fs, 'readdirSync', (path: fs.PathLike, options?: unknown) => {
      if (String(path).endsWith(`${sep}locked`)) throw Object.assign(new Error(`EACCES: permission denied, scandir '${String(path)}'`), { code: 'EACCES' });
      return (real as (p: fs.PathLike, o?: unknown) => unknown)(path, options);
    });
    try {
      const searched = expandPatterns(['.'], dir);
      assert.deepEqual(searched.files.map((f) => f.path), ['ok/a.prompty', 'ok/inner/c.prompty']);
      assert.deepEqual(searched.unreadableFolders, [{ path: 'locked', code: 'EACCES' }]);
      const globbed = expandPatterns(['**/*.prompty'], dir);
      assert.deepEqual(globbed.files.map((f) => f.path), ['ok/a.prompty', 'ok/inner/c.prompty']);
      assert.deepEqual(globbed.unreadableFolders, [{ path: 'locked', code: 'EACCES' }]);
    } finally {
      mock.restoreAll();
    }
  });

  it('check says which folder it could not search and checks the rest', async () => {
    const real = fs.readdirSync;
    mock.method(fs, 'readdirSync', (path: fs.PathLike, options?: unknown) => {
      if (String(path).endsWith(`${sep}locked`)) throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
      return (real as (p: fs.PathLike, o?: unknown) => unknown)(path, options);
    });
    let stdout = '';
    let stderr = '';
    try {
      // Files are read from the process's folder: the folder is named by its absolute path.
      const code = await runCli(['check', dir], { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: dir });
      assert.equal(stderr, `prompt-cache-lens: ${join(dir, 'locked')}: folder cannot be read (EACCES), not searched\n`, stdout);
      assert.match(stdout, /2 files checked/);
      assert.equal(code, 0, stdout);
    } finally {
      mock.restoreAll();
    }
  });

  it('a subfolder of 130,000 files (more than a call takes arguments): every one is found', () => {
    fs.mkdirSync(join(dir, 'many', 'data'), { recursive: true });
    const real = fs.readdirSync;
    // The folder's entries as the file system lists them, without writing 130,000 files.
    const entry = (name: string) => ({ name, isDirectory: () => false, isFile: () => true, isSymbolicLink: () => false });
    mock.method(fs, 'readdirSync', (path: fs.PathLike, options?: unknown) =>
      String(path).endsWith(join('many', 'data')) ? Array.from({ length: 130_000 }, (_, i) => entry(`${i}.json`)) : (real as (p: fs.PathLike, o?: unknown) => unknown)(path, options),
    );
    try {
      assert.equal(searchDirectory('many', dir).length, 130_000);
      assert.equal(expandGlob('many/**/*.json', dir).length, 130_000);
    } finally {
      mock.restoreAll();
    }
  });
});
