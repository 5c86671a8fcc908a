import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { ReadFileWatcher, type WatchedFile } from '../../../src/extension/readFileWatcher';

const ROOT = join('/', 'project');
const HANDBOOK = join(ROOT, 'texts', 'handbook.md');
const RULES = join(ROOT, 'texts', 'rules.md');
const CONSTANTS = join(ROOT, 'app', 'constants.py');

/** Files as an analysis starting now read them. */
const read = (...paths: string[]): WatchedFile[] => paths.map((path) => ({ path, countedAt: Date.now(), present: true }));
/** Files as an analysis starting now looked for them and did not find them. */
const missing = (...paths: string[]): WatchedFile[] => paths.map((path) => ({ path, countedAt: Date.now(), present: false }));
/** Lets the watcher's pending file look-ups answer. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A file system whose folder watchers are fakes the test fires, and readers as the service would
 * name them. `disk` holds each file's modification time (undefined: not there); a file not in it
 * is there and older than any analysis.
 */
function setup(readers: Record<string, string[]>) {
  const disk = new Map<string, number | undefined>();
  const lookedAt: string[] = [];
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
    modifiedAt: async (path) => {
      lookedAt.push(path);
      return disk.has(path) ? disk.get(path) : -1;
    },
    armMs: 1_500,
  });
  /** What the folder's watcher reports for a file created, changed or deleted in it. */
  const fire = (path: string) => {
    const entry = [...watchers].find(([folder]) => path.startsWith(folder + '/'))?.[1];
    assert.ok(entry && !entry.disposed, `a live watcher covers ${path}`);
    entry.onEvent(path);
  };
  const live = () => [...watchers].filter(([, w]) => !w.disposed).map(([folder]) => folder).sort();
  return { watcher, fire, live, started, reanalysed, disk, lookedAt };
}

describe('ReadFileWatcher: files source code reads, watched on disk', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'Date'] }));
  afterEach(() => mock.timers.reset());

  it('a burst of changes (a checkout touching many files) counts each reader once, after the burst', () => {
    const { watcher, fire, reanalysed } = setup({ 'file:///bot.py': [HANDBOOK, RULES], 'file:///desk.py': [HANDBOOK], 'file:///other.py': [CONSTANTS] });
    watcher.watch(read(HANDBOOK, RULES, CONSTANTS));
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
    watcher.watch(read(HANDBOOK));
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
    watcher.watch(read(HANDBOOK, RULES, CONSTANTS));
    assert.deepEqual(live(), [join(ROOT, 'app'), join(ROOT, 'texts')]);
    assert.deepEqual(watcher.watched.map((w) => [w.folder, w.files.sort()]), [
      [join(ROOT, 'texts'), [HANDBOOK, RULES]],
      [join(ROOT, 'app'), [CONSTANTS]],
    ]);
    // The same folders again: no watcher is started anew.
    watcher.watch(read(RULES, CONSTANTS, HANDBOOK));
    assert.equal(started.length, 2);
    watcher.watch(read(HANDBOOK));
    assert.deepEqual(live(), [join(ROOT, 'texts')]);
    watcher.watch([]);
    assert.deepEqual(live(), []);
    assert.deepEqual(watcher.watched, []);
  });

  it('other files of a watched folder, and files dropped from the folder, change nothing', () => {
    const { watcher, fire, reanalysed } = setup({ 'file:///bot.py': [HANDBOOK, RULES] });
    watcher.watch(read(HANDBOOK, RULES));
    fire(join(ROOT, 'texts', 'notes.md'));
    watcher.watch(read(HANDBOOK));
    fire(RULES);
    mock.timers.tick(1_000);
    assert.deepEqual(reanalysed, []);
  });

  it('a save in the editor and the watcher event for the same write are one burst', () => {
    const { watcher, fire, reanalysed } = setup({ 'file:///bot.py': [HANDBOOK] });
    watcher.watch(read(HANDBOOK));
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
    watcher.watch(read(HANDBOOK, RULES, ...modules));
    assert.deepEqual(live(), [join(ROOT, 'pkg0'), join(ROOT, 'pkg1'), join(ROOT, 'texts')].sort());
    // A folder freed makes room for the next.
    watcher.watch(read(HANDBOOK, ...modules.slice(5)));
    assert.deepEqual(live(), [join(ROOT, 'pkg5'), join(ROOT, 'pkg6'), join(ROOT, 'texts')].sort());
  });

  it('a file changed before its folder watcher listens is looked at once the watcher does, and counted again', async () => {
    const { watcher, reanalysed, disk, lookedAt } = setup({ 'file:///bot.py': [HANDBOOK], 'file:///desk.py': [RULES] });
    watcher.watch(read(HANDBOOK, RULES));
    mock.timers.tick(100);
    // Written by another program 100 ms after the analysis began; no watcher event reaches us.
    disk.set(HANDBOOK, Date.now());
    mock.timers.tick(1_400);
    await settle();
    assert.deepEqual(lookedAt.sort(), [HANDBOOK, RULES]);
    mock.timers.tick(300);
    assert.deepEqual(reanalysed, [['file:///bot.py']], 'the unchanged rules file counts nothing');
    // The folder is looked at once: later analyses of the same folder start no second look.
    watcher.watch(read(HANDBOOK, RULES));
    mock.timers.tick(5_000);
    await settle();
    assert.equal(lookedAt.length, 2);
    assert.equal(reanalysed.length, 1);
  });

  it('a read file deleted, or a missing one created, before the watcher listens is a change; one still missing is not', async () => {
    const { watcher, reanalysed, disk } = setup({ 'file:///bot.py': [HANDBOOK], 'file:///desk.py': [RULES], 'file:///other.py': [CONSTANTS] });
    disk.set(RULES, undefined);
    disk.set(CONSTANTS, undefined);
    watcher.watch([...read(HANDBOOK), ...missing(RULES, CONSTANTS)]);
    disk.set(HANDBOOK, undefined);
    disk.set(RULES, Date.now());
    mock.timers.tick(1_500);
    await settle();
    mock.timers.tick(300);
    assert.deepEqual(reanalysed, [['file:///bot.py', 'file:///desk.py']]);
  });

  it('a folder no longer watched before its watcher listens is never looked at', async () => {
    const { watcher, reanalysed, disk, lookedAt } = setup({ 'file:///bot.py': [HANDBOOK] });
    watcher.watch(read(HANDBOOK, CONSTANTS));
    disk.set(CONSTANTS, Date.now());
    watcher.watch(read(HANDBOOK));
    mock.timers.tick(5_000);
    await settle();
    assert.deepEqual(lookedAt, [HANDBOOK]);
    assert.deepEqual(reanalysed, []);
  });

  it('dispose stops every watcher and drops the pending burst', () => {
    const { watcher, fire, live, reanalysed } = setup({ 'file:///bot.py': [HANDBOOK] });
    watcher.watch(read(HANDBOOK, CONSTANTS));
    fire(HANDBOOK);
    watcher.dispose();
    assert.deepEqual(live(), []);
    mock.timers.tick(1_000);
    watcher.touched(HANDBOOK);
    watcher.watch(read(HANDBOOK));
    mock.timers.tick(1_000);
    assert.deepEqual(reanalysed, []);
    assert.deepEqual(live(), []);
  });
});
