// One build script, several bundles: the extension host (Node, CommonJS, `vscode` external), the
// command-line tool, the dashboard webview (browser) and, for development, the integration tests.
//   node esbuild.mjs [--production] [--watch] [--tests]
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const withTests = process.argv.includes('--tests');

/** tiktoken's WASM and the two encodings the product ships, copied next to the bundles. */
function copyTokenizerAssets() {
  const target = 'dist/tokenizer';
  mkdirSync(target, { recursive: true });
  const liteDir = dirname(require.resolve('tiktoken/lite/tiktoken_bg.wasm'));
  cpSync(join(liteDir, 'tiktoken_bg.wasm'), join(target, 'tiktoken_bg.wasm'));
  const encoders = join(liteDir, '..', 'encoders');
  for (const name of ['o200k_base.json', 'cl100k_base.json']) {
    cpSync(join(encoders, name), join(target, name));
  }
}

const shared = {
  bundle: true,
  // jsonc-parser's `main` is a UMD build whose dynamic requires esbuild cannot follow; its ESM build bundles.
  mainFields: ['module', 'main'],
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
};

/** Reports each rebuild in watch mode so the problem matcher of a task can follow it. */
const watchReporter = {
  name: 'watch-reporter',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const configs = [
  {
    ...shared,
    entryPoints: { extension: 'src/extension/extension.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'tiktoken/lite/tiktoken_bg.wasm'],
  },
  {
    ...shared,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['tiktoken/lite/tiktoken_bg.wasm'],
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    ...shared,
    entryPoints: { webview: 'src/webview/main.ts' },
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
];

if (withTests) {
  const suites = readdirSync('test/integration').filter((f) => f.endsWith('.ts'));
  configs.push({
    ...shared,
    minify: false,
    sourcemap: 'inline',
    entryPoints: suites.map((f) => join('test/integration', f)),
    outdir: 'out/test/integration',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
  });
}

copyTokenizerAssets();
const contexts = await Promise.all(
  configs.map((c) => esbuild.context({ ...c, plugins: watch ? [watchReporter] : [] })),
);
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
