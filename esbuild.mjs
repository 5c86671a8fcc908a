// One build script, several bundles: the extension host (Node, CommonJS, `vscode` external), the
// command-line tool, the dashboard webview (browser) and, for development, the integration tests.
//   node esbuild.mjs [--production] [--watch] [--tests]
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const withTests = process.argv.includes('--tests');

/**
 * The rank tables of the two encodings the product ships, written next to the bundles as
 * `dist/tokenizer/<encoding>.bpe` by the tokenizer's own code (src/core/tokens/bpeRanks.ts) from
 * tiktoken's ranks files. Everything in the folder goes into the VSIX, so files of older builds
 * (tiktoken's WASM and JSON) are removed; each table is written under a temporary name and
 * renamed, so a process reading the folder meanwhile never sees half a file.
 */
async function writeTokenizerAssets() {
  const target = 'dist/tokenizer';
  const encodings = ['o200k_base', 'cl100k_base'];
  const wanted = new Set(encodings.map((encoding) => `${encoding}.bpe`));
  mkdirSync(target, { recursive: true });
  // Names starting with a dot are tables another build is writing.
  for (const name of readdirSync(target)) {
    if (!wanted.has(name) && !name.startsWith('.')) rmSync(join(target, name), { force: true });
  }
  const scratch = mkdtempSync(join(tmpdir(), 'pcl-ranks-'));
  try {
    const builder = join(scratch, 'bpeRanks.cjs');
    await esbuild.build({
      entryPoints: ['src/core/tokens/bpeRanks.ts'],
      outfile: builder,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      logLevel: 'warning',
    });
    const { rankTableFromTiktoken, serializeRankTable } = require(builder);
    for (const encoding of encodings) {
      const ranks = JSON.parse(readFileSync(require.resolve(`tiktoken/encoders/${encoding}.json`), 'utf8'));
      const table = rankTableFromTiktoken(ranks.bpe_ranks, ranks.special_tokens);
      const temporary = join(target, `.${encoding}.bpe.${process.pid}`);
      writeFileSync(temporary, serializeRankTable(table));
      renameSync(temporary, join(target, `${encoding}.bpe`));
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * The source-code parser's WebAssembly: the tree-sitter runtime and the Python, TypeScript and TSX
 * grammars, copied from their npm packages to `dist/parsers/` (the list matches PARSER_ASSETS in
 * src/core/sources/treeSitter.ts). Loaded only when a source file imports an LLM SDK.
 */
function copyParserAssets() {
  const target = 'dist/parsers';
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  const assets = [
    ['web-tree-sitter', 'web-tree-sitter.wasm'],
    ['@vscode/tree-sitter-wasm/wasm', 'tree-sitter-python.wasm'],
    ['@vscode/tree-sitter-wasm/wasm', 'tree-sitter-typescript.wasm'],
    ['@vscode/tree-sitter-wasm/wasm', 'tree-sitter-tsx.wasm'],
  ];
  for (const [pkg, file] of assets) copyFileSync(require.resolve(`${pkg}/${file}`), join(target, file));
}

const shared = {
  bundle: true,
  // jsonc-parser's `main` is a UMD build whose dynamic requires esbuild cannot follow; its ESM build bundles.
  mainFields: ['module', 'main'],
  // web-tree-sitter's ES module build reads import.meta.url, which a CommonJS bundle does not have.
  alias: { 'web-tree-sitter': require.resolve('web-tree-sitter') },
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

/**
 * Bundles loaded on first use rather than at activation: a dynamic `import()` of one of these
 * source modules becomes a `require()` of its own bundle beside the extension's, so the extension
 * bundle holds only what the editor needs (activation runs on every JSON, Markdown and text file).
 */
const lazyBundles = { './features': 'features' };

const lazyBundlePlugin = {
  name: 'lazy-bundles',
  setup(build) {
    build.onResolve({ filter: /^\.\/features$/ }, (args) => {
      const bundle = args.kind === 'dynamic-import' && lazyBundles[args.path];
      return bundle ? { path: `./${bundle}.js`, external: true } : undefined;
    });
  },
};

/** The extension host's bundles; exported for the unit test of what activation loads. */
export const extensionBundles = {
  ...shared,
  // The extension and the bundles it loads on first use. VS Code loads extensions through
  // require(), so their dynamic imports are written as require() too.
  entryPoints: { extension: 'src/extension/extension.ts', features: 'src/extension/features.ts' },
  outdir: 'dist',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  supported: { 'dynamic-import': false },
  external: ['vscode'],
  plugins: [lazyBundlePlugin],
};

const configs = [
  extensionBundles,
  {
    ...shared,
    // The editor's analysis and the simulator's tokenizing of big request bodies run on worker
    // threads; their scripts sit beside the bundles.
    entryPoints: {
      analysisWorker: 'src/core/analysisWorker.ts',
      simulatorWorker: 'src/simulator/bodyWorker.ts',
    },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  {
    ...shared,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
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

async function build() {
  await writeTokenizerAssets();
  copyParserAssets();
  const contexts = await Promise.all(
    configs.map((c) => esbuild.context({ ...c, plugins: [...(c.plugins ?? []), ...(watch ? [watchReporter] : [])] })),
  );
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
  } else {
    const results = await Promise.all(contexts.map((c) => c.rebuild()));
    await Promise.all(contexts.map((c) => c.dispose()));
    // A warning (a duplicate case clause, say) fails the build here, where `npm test` builds,
    // rather than later when packaging refuses it.
    const warnings = results.reduce((sum, r) => sum + r.warnings.length, 0);
    if (warnings > 0) {
      console.error(`esbuild: ${warnings} warning(s), printed above; fix each.`);
      process.exitCode = 1;
    }
  }
}

// Builds when run (`node esbuild.mjs`), not when a test imports the configuration.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await build();
