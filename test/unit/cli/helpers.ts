/**
 * Runs the built command-line tool the way a user does: `node cli.js ...` in a child process.
 * The build runs once per test file under a lock, and its output is copied to a private folder so
 * test files running in parallel never execute a bundle another build is rewriting.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..', '..');
export const EXAMPLES = join(ROOT, 'examples');

const LOCK = join(tmpdir(), 'prompt-cache-lens-cli-build.lock');
const STALE_LOCK_MS = 120_000;

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function withLock<T>(work: () => T): T {
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true });
      } catch {
        // The lock went away meanwhile: try again.
      }
      sleep(100);
    }
  }
  try {
    return work();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/** Builds with `node esbuild.mjs` and returns the path of a private copy of dist/cli.js. */
export function buildCli(): string {
  return withLock(() => {
    const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`build failed:\n${build.stderr}`);
    const dir = mkdtempSync(join(tmpdir(), 'pcl-cli-'));
    cpSync(join(ROOT, 'dist', 'cli.js'), join(dir, 'cli.js'));
    cpSync(join(ROOT, 'dist', 'tokenizer'), join(dir, 'tokenizer'), { recursive: true });
    cpSync(join(ROOT, 'dist', 'parsers'), join(dir, 'parsers'), { recursive: true });
    return join(dir, 'cli.js');
  });
}

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCliProcess(cli: string, args: string[], cwd = ROOT): CliRun {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Like `runCliProcess`, without blocking the test's event loop, so a server the test runs (the
 * simulator) can answer the tool. `env` replaces the environment's API keys and base URLs.
 */
export function runCliAsync(cli: string, args: string[], env: Record<string, string> = {}, cwd = ROOT): Promise<CliRun> {
  const base = { ...process.env };
  for (const name of ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'OPENAI_BASE_URL', 'ANTHROPIC_BASE_URL']) delete base[name];
  const child = spawn(process.execPath, [cli, ...args], { cwd, env: { ...base, ...env }, timeout: 60_000 });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** A scratch folder with the given files (text, or bytes for binary files). */
export function scratchDir(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pcl-files-'));
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, content);
  }
  return dir;
}
