// Builds the production bundles and packs them into a VSIX with @vscode/vsce; prints the size.
// Fails on any vsce warning and on a VSIX over the size budget, so `npm run package` in CI keeps
// the Marketplace package clean.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './code-server.mjs';

export const vsixPath = join(projectRoot, 'prompt-cache-lens.vsix');

/** The VSIX holds the two tokenizer rank tables (~6 MB unpacked) and three tree-sitter grammars. */
export const VSIX_BUDGET_BYTES = 5 * 1024 * 1024;

/**
 * `--allow-missing-repository` and `--no-rewrite-relative-links`: the project has no public
 * repository yet, and a made-up URL would send users to a page that does not exist. README links
 * stay relative (they resolve inside the VSIX in VS Code's extension view). docs/release.md says
 * what to change once the repository is public.
 */
const VSCE_ARGS = ['package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links'];

export class PackageCheckError extends Error {}

/** vsce's warning lines (`WARNING  …`), colours stripped. */
export function vsceWarnings(output) {
  return output
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split(/\r?\n/)
    .filter((line) => /\bWARNING\b/.test(line))
    .map((line) => line.trim());
}

export function formatMegabytes(bytes) {
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

export function packageVsix({ quiet = false } = {}) {
  const vsce = join(projectRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  // No stdin: a question vsce asks (e.g. a missing LICENSE) is answered "no" and fails the run.
  const result = spawnSync(process.execPath, [vsce, ...VSCE_ARGS, '--out', vsixPath], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (!quiet) process.stdout.write(output);
  if (result.status !== 0) throw new PackageCheckError(`vsce package failed:\n${output}`);
  const warnings = vsceWarnings(output);
  if (warnings.length > 0) throw new PackageCheckError(`vsce warned (fix each before packaging):\n${warnings.join('\n')}`);
  const bytes = statSync(vsixPath).size;
  if (bytes > VSIX_BUDGET_BYTES) {
    throw new PackageCheckError(`${vsixPath} is ${formatMegabytes(bytes)}, over the ${formatMegabytes(VSIX_BUDGET_BYTES)} budget`);
  }
  return { path: vsixPath, bytes };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  try {
    const { path, bytes } = packageVsix();
    console.log(`${path}: ${formatMegabytes(bytes)} (budget ${formatMegabytes(VSIX_BUDGET_BYTES)})`);
  } catch (err) {
    console.error(err instanceof PackageCheckError ? err.message : err);
    process.exit(1);
  }
}
