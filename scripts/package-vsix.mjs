// Builds the production bundles and packs them into a VSIX with @vscode/vsce; prints the size.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './code-server.mjs';

export const vsixPath = join(projectRoot, 'prompt-cache-lens.vsix');

export function packageVsix({ quiet = false } = {}) {
  const vsce = join(projectRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  const result = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', vsixPath], {
    cwd: projectRoot,
    stdio: quiet ? 'pipe' : 'inherit',
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`vsce package failed:\n${result.stdout ?? ''}${result.stderr ?? ''}`);
  }
  return { path: vsixPath, bytes: statSync(vsixPath).size };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const { path, bytes } = packageVsix();
  console.log(`${path}: ${(bytes / 1024 / 1024).toFixed(2)} MB`);
}
