/**
 * Activation cost outside VS Code: how long Node takes to load and evaluate dist/extension.js (what
 * activation loads) and dist/features.js (the dashboard and provider counting, loaded on first
 * use), each in a fresh process with `vscode` replaced by an inert stand-in. The real extension
 * host adds `activate()` itself; test/integration/activation.test.ts measures both there.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { summarize } from './stats';

export interface BundleRow {
  measure: string;
  value: string;
  detail: string;
}

const RUNS = { warmup: 2, runs: 11 };

/**
 * Loads one bundle with a `vscode` whose every member answers every property, call and `new`;
 * prints the ms. The bundle copies the module's own names (esbuild's ESM interop), so the stand-in
 * lists the API's top-level names (argv[2]).
 */
const LOADER = `
const Module = require('node:module');
const inert = new Proxy(function () {}, { get: (_t, key) => (key === Symbol.toPrimitive ? () => '' : inert), apply: () => inert, construct: () => inert });
const names = JSON.parse(process.argv[2]);
const api = new Proxy({}, {
  ownKeys: () => names,
  getOwnPropertyDescriptor: () => ({ configurable: true, enumerable: true, value: inert }),
  get: (_t, key) => (key === '__esModule' ? undefined : inert),
});
const load = Module._load;
Module._load = function (request, ...rest) { return request === 'vscode' ? api : load.call(this, request, ...rest); };
const start = performance.now();
require(process.argv[1]);
process.stdout.write(String(performance.now() - start));
`;

/** The `vscode` module's top-level names, from its type declarations. */
function vscodeNames(root: string): string[] {
  const types = readFileSync(join(root, 'node_modules', '@types', 'vscode', 'index.d.ts'), 'utf8');
  return [...new Set([...types.matchAll(/^\t?export (?:class|enum|namespace|const|function|let) (\w+)/gm)].map((m) => m[1]))];
}

function loadOnce(file: string, names: string): number {
  const result = spawnSync(process.execPath, ['-e', LOADER, file, names], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`loading ${file} failed: ${result.stderr}`);
  return Number(result.stdout);
}

export function activationBundles(root: string, log: (line: string) => void): BundleRow[] {
  const rows: BundleRow[] = [];
  const names = JSON.stringify(vscodeNames(root));
  for (const [name, role] of [
    ['extension.js', 'loaded at activation'],
    ['features.js', 'loaded on the first dashboard, key or provider-count command'],
  ]) {
    const file = join(root, 'dist', name);
    const samples: number[] = [];
    for (let i = 0; i < RUNS.warmup + RUNS.runs; i++) {
      const ms = loadOnce(file, names);
      if (i >= RUNS.warmup) samples.push(ms);
    }
    const t = summarize(samples);
    const kb = (statSync(file).size / 1024).toFixed(0);
    rows.push({
      measure: `Bundle load, dist/${name}`,
      value: `${t.medianMs.toFixed(1)} ms`,
      detail: `${kb} KB, ${role}; require() in a fresh Node process, vscode stubbed; median of ${t.runs}; min ${t.minMs.toFixed(1)} ms, max ${t.maxMs.toFixed(1)} ms`,
    });
    log(`  ${rows.at(-1)!.measure}: ${rows.at(-1)!.value}`);
  }
  return rows;
}
