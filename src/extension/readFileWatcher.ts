/**
 * Watches the files that source documents' analyses read (prompt files, imported modules) or
 * looked for, so a change made outside the editor (a checkout, a script, a deletion) counts the
 * readers again. No `vscode` import: the extension hands in how to watch a folder and how to
 * re-analyse, and the unit tests hand in fakes.
 */
import { basename, dirname } from 'node:path';

/** Something to dispose: a watcher, a timer. */
export interface Disposer {
  dispose(): void;
}

/** A file an analysis read (or looked for and did not find), and when that analysis began. */
export interface WatchedFile {
  path: string;
  /** `Date.now()` when the analysis that read or looked for the file began. */
  countedAt: number;
  /** The file was there to read (false: looked for and missing). */
  present: boolean;
}

export interface ReadFileWatcherOptions {
  /** Starts watching the direct children of `folder`; `onEvent` gets the path of each file created, changed or deleted. */
  watchFolder(folder: string, onEvent: (path: string) => void): Disposer;
  /** The readers (document keys) whose last analysis read or looked for `path`. */
  readersOf(path: string): string[];
  /** Analyses these readers again; called once per burst of changes, each reader once. */
  reanalyse(readers: string[]): void;
  /** Quiet time that ends a burst of changes. */
  burstMs: number;
  /** A burst that goes on longer than this is answered anyway, and a new one begins. */
  maxWaitMs: number;
  /**
   * The most folders watched at once: the paths given first win (a file read before a file looked
   * for). A program importing hundreds of modules from as many folders must not start as many
   * watchers; a file beyond the limit is still counted again when saved in the editor.
   */
  maxFolders: number;
  /**
   * When `path` was last modified (`mtimeMs`), or undefined when it is not there. A folder watcher
   * starts listening some time after it is created (outside the workspace VS Code starts a new
   * one), so a change made in between would go unseen: `armMs` after a folder's watcher is
   * started, its files are looked at once, and a file modified since it was counted (or
   * created, or deleted) is a change like any other.
   */
  modifiedAt(path: string): Promise<number | undefined>;
  armMs: number;
}

/** One watcher per folder holding watched files; events for the folder's other files are dropped. */
interface FolderWatch {
  files: Map<string, WatchedFile>;
  watcher: Disposer;
  /** The one look at the files once the watcher listens. */
  armed?: ReturnType<typeof setTimeout>;
  stopped?: boolean;
}

export class ReadFileWatcher implements Disposer {
  private readonly folders = new Map<string, FolderWatch>();
  /** Files changed since the burst began. */
  private readonly changed = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private burstStart = 0;
  private disposed = false;

  constructor(private readonly options: ReadFileWatcherOptions) {}

  /** Watches exactly these files (up to `maxFolders` folders, first come first): folders no longer needed stop being watched. */
  watch(files: Iterable<WatchedFile>): void {
    if (this.disposed) return;
    const wanted = new Map<string, Map<string, WatchedFile>>();
    for (const file of files) {
      const folder = dirname(file.path);
      if (!basename(file.path)) continue;
      if (!wanted.has(folder) && wanted.size >= this.options.maxFolders) continue;
      const inFolder = wanted.get(folder) ?? new Map<string, WatchedFile>();
      const known = inFolder.get(file.path);
      // Read by several documents: the earliest analysis is the one a change may have missed.
      inFolder.set(file.path, known ? { path: file.path, countedAt: Math.min(known.countedAt, file.countedAt), present: known.present || file.present } : file);
      wanted.set(folder, inFolder);
    }
    for (const [folder, watch] of this.folders) {
      if (wanted.has(folder)) continue;
      this.stop(watch);
      this.folders.delete(folder);
    }
    for (const [folder, inFolder] of wanted) {
      const known = this.folders.get(folder);
      if (known) {
        known.files = inFolder;
        continue;
      }
      const watch: FolderWatch = { files: inFolder, watcher: { dispose() {} } };
      this.folders.set(folder, watch);
      watch.watcher = this.options.watchFolder(folder, (path) => {
        if (watch.files.has(path)) this.touched(path);
      });
      watch.armed = setTimeout(() => void this.lookAgain(watch), this.options.armMs);
    }
  }

  /** The folder's files changed before its watcher listened are changes too. */
  private async lookAgain(watch: FolderWatch): Promise<void> {
    watch.armed = undefined;
    for (const file of [...watch.files.values()]) {
      let modified: number | undefined;
      try {
        modified = await this.options.modifiedAt(file.path);
      } catch {
        continue;
      }
      if (this.disposed || watch.stopped) return;
      const now = watch.files.get(file.path);
      if (!now) continue;
      const changed = modified === undefined ? now.present : !now.present || modified >= now.countedAt;
      if (changed) this.touched(file.path);
    }
  }

  private stop(watch: FolderWatch): void {
    if (watch.armed) clearTimeout(watch.armed);
    watch.armed = undefined;
    watch.stopped = true;
    watch.watcher.dispose();
  }

  /** The folders watched now, each with its watched files (for the tests' state). */
  get watched(): Array<{ folder: string; files: string[] }> {
    return [...this.folders].map(([folder, { files }]) => ({ folder, files: [...files.keys()] }));
  }

  /**
   * A file changed (a watcher's event, or a save in the editor): its readers are analysed again
   * once the burst of changes it belongs to is over.
   */
  touched(path: string): void {
    if (this.disposed) return;
    const now = Date.now();
    if (this.changed.size === 0) this.burstStart = now;
    this.changed.add(path);
    if (this.timer) clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(this.options.burstMs, this.burstStart + this.options.maxWaitMs - now));
    this.timer = setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.timer = undefined;
    const readers = new Set<string>();
    for (const path of this.changed) for (const reader of this.options.readersOf(path)) readers.add(reader);
    this.changed.clear();
    if (readers.size > 0) this.options.reanalyse([...readers]);
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.changed.clear();
    for (const watch of this.folders.values()) this.stop(watch);
    this.folders.clear();
  }
}
