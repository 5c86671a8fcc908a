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
}

/** One watcher per folder holding watched files; events for the folder's other files are dropped. */
interface FolderWatch {
  files: Set<string>;
  watcher: Disposer;
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
  watch(paths: Iterable<string>): void {
    if (this.disposed) return;
    const wanted = new Map<string, Set<string>>();
    for (const path of paths) {
      const folder = dirname(path);
      if (!basename(path)) continue;
      if (!wanted.has(folder) && wanted.size >= this.options.maxFolders) continue;
      const files = wanted.get(folder) ?? new Set<string>();
      files.add(path);
      wanted.set(folder, files);
    }
    for (const [folder, watch] of this.folders) {
      if (wanted.has(folder)) continue;
      watch.watcher.dispose();
      this.folders.delete(folder);
    }
    for (const [folder, files] of wanted) {
      const known = this.folders.get(folder);
      if (known) {
        known.files = files;
        continue;
      }
      const watch: FolderWatch = { files, watcher: { dispose() {} } };
      this.folders.set(folder, watch);
      watch.watcher = this.options.watchFolder(folder, (path) => {
        if (watch.files.has(path)) this.touched(path);
      });
    }
  }

  /** The folders watched now, each with its watched files (for the tests' state). */
  get watched(): Array<{ folder: string; files: string[] }> {
    return [...this.folders].map(([folder, { files }]) => ({ folder, files: [...files] }));
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
    for (const watch of this.folders.values()) watch.watcher.dispose();
    this.folders.clear();
  }
}
