import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { expandGlob, expandPatterns, globToRegExp, searchDirectory } from '../../../src/cli/glob';
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
