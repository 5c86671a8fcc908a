import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { ReadFileWatcher } from '../../../src/extension/readFileWatcher';

const ROOT = join('/', 'project');
const HANDBOOK = join(ROOT, 'texts', 'handbook.md');
const RULES = join(ROOT, 'texts', 'rules.md');
const CONSTANTS = join(ROOT, 'app', 'constants.py');

/** A file system whose folder watchers are fakes the test fires, and readers as the service would name them. */
function setup(readers: Record<string, string[]>) {
  const watchers = new Map<string, { onEvent: (path: string) => void; disposed: boolean }>();
  const started: string[] = [];
  const reanalysed: string[][] = [];
  const watcher = new ReadFileWatcher({
    watchFolder: (folder, onEvent) => {
      started.push(folder);
      const entry = { onEvent, disposed: false };
      watchers.set(folder, entry);
      return { dispose: () => void (entry.disposed = true) };
    },
    readersOf: (path) => Object.keys(readers).filter((reader) => readers[reader].includes(path)),
    reanalyse: (batch) => reanalysed.push([...batch].sort()),
    burstMs: 300,
    maxWaitMs: 2_000,
    maxFolders: 3,
  });
  /** What the folder's watcher reports for a file created, changed or deleted in it. */
  const fire = (path: string) => {
    const entry = [...watchers].find(([folder]) => path.startsWith(folder + '/'))?.[1];
    assert.ok(entry && !entry.disposed, `a live watcher covers ${path}`);
    entry.onEvent(path);
  };
  const live = () => [...watchers].filter(([, w]) => !w.disposed).map(([folder]) => folder).sort();
  return { watcher, fire, live, started, reanalysed };
}

describe('ReadFileWatcher: files source code reads, watched on disk', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'Date'] }));
  afterEach(() => mock.timers.reset());

  it('a burst of changes (a checkout touching many files) counts each reader once, after the burst', () => {
    const { watcher, fire, reanalysed } = setup({ 'file:///bot.py': [HANDBOOK, RULES], 'file:///desk.py': [HANDBOOK], 'file:///other.py': [CONSTANTS] });
    watcher.watch([HANDBOOK, RULES, CONSTANTS]);
    for (let i = 0; i < 20; i++) {
      fire(i % 2 ? HANDBOOK : RULES);
      mock.timers.tick(50);
    }
    assert.deepEqual(reanalysed, [], 'nothing is counted while the burst goes on');
    mock.timers.tick(300);
    assert.deepEqual(reanalysed, [['file:///bot.py', 'file:///desk.py']]);
    mock.timers.tick(5_000);
    assert.equal(reanalysed.length, 1, 'one burst, one analysis per reader');
    // A later change is a burst of its own; it counts only its own readers.
    fire(CONSTANTS);
    mock.timers.tick(300);
    assert.deepEqual(reanalysed, [['file:///bot.py', 'file:///desk.py'], ['file:///other.py']]);
  });

  it('a burst that never pauses is answered every maxWaitMs', () => {
    const { watcher, fire, reanalysed } = setup({ 'file:///bot.py': [HANDBOOK] });
    watcher.watch([HANDBOOK]);
    for (let i = 0; i < 50; i++) {
      fire(HANDBOOK);
      mock.timers.tick(100);
    }
    // 5 s of changes 100 ms apart: answered at 2 s and 4 s, and once more after the last change.
    mock.timers.tick(300);
    assert.equal(reanalysed.length, 3);
  });

  it('one watcher per folder; a folder no reader needs any more stops being watched', () => {
    const { watcher, live, started } = setup({});
    watcher.watch([HANDBOOK, RULES, CONSTANTS]);
    assert.deepEqual(live(), [join(ROOT, 'app'), join(ROOT, 'texts')]);
    assert.deepEqual(watcher.watched.map((w) => [w.folder, w.files.sort()]), [
      [join(ROOT, 'texts'), [HANDBOOK, RULES]],
      [join(ROOT, 'app'), [CONSTANTS]],
    ]);
    // The same folders again: no watcher is started anew.
    watcher.watch([RULES, CONSTANTS, HANDBOOK]);
    assert.equal(started.length, 2);
    watcher.watch([HANDBOOK]);
    assert.deepEqual(live(), [join(ROOT, 'texts')]);
    watcher.watch([]);
    assert.deepEqual(live(), []);
    assert.deepEqual(watcher.watched, []);
  });

  it('other files of a watched folder, and files dropped from the folder, change nothing', () => {
    const { watcher, fire, reanalysed } = setup({ 'file:///bot.py': [HANDBOOK, RULES] });
    watcher.watch([HANDBOOK, RULES]);
    fire(join(ROOT, 'texts', 'notes.md'));
    watcher.watch([HANDBOOK]);
    fire(RULES);
    mock.timers.tick(1_000);
    assert.deepEqual(reanalysed, []);
  });

  it('a save in the editor and the watcher event for the same write are one burst', () => {
    const { watcher, fire, reanalysed } = setup({ 'file:///bot.py': [HANDBOOK] });
    watcher.watch([HANDBOOK]);
    watcher.touched(HANDBOOK);
    mock.timers.tick(120);
    fire(HANDBOOK);
    mock.timers.tick(1_000);
    assert.deepEqual(reanalysed, [['file:///bot.py']]);
  });

  it('a saved file no document reads counts nothing', () => {
    const { watcher, reanalysed } = setup({ 'file:///bot.py': [HANDBOOK] });
    watcher.touched(join(ROOT, 'README.md'));
    mock.timers.tick(1_000);
    assert.deepEqual(reanalysed, []);
  });

  it('watches no more folders than its limit, the paths given first winning', () => {
    const { watcher, live } = setup({});
    const modules = Array.from({ length: 500 }, (_, i) => join(ROOT, `pkg${i}`, 'mod.py'));
    watcher.watch([HANDBOOK, RULES, ...modules]);
    assert.deepEqual(live(), [join(ROOT, 'pkg0'), join(ROOT, 'pkg1'), join(ROOT, 'texts')].sort());
    // A folder freed makes room for the next.
    watcher.watch([HANDBOOK, ...modules.slice(5)]);
    assert.deepEqual(live(), [join(ROOT, 'pkg5'), join(ROOT, 'pkg6'), join(ROOT, 'texts')].sort());
  });

  it('dispose stops every watcher and drops the pending burst', () => {
    const { watcher, fire, live, reanalysed } = setup({ 'file:///bot.py': [HANDBOOK] });
    watcher.watch([HANDBOOK, CONSTANTS]);
    fire(HANDBOOK);
    watcher.dispose();
    assert.deepEqual(live(), []);
    mock.timers.tick(1_000);
    watcher.touched(HANDBOOK);
    watcher.watch([HANDBOOK]);
    mock.timers.tick(1_000);
    assert.deepEqual(reanalysed, []);
    assert.deepEqual(live(), []);
  });
});
