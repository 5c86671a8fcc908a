import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import * as esbuild from 'esbuild';

const ROOT = join(__dirname, '..', '..', '..');

/** Source files and packages bundled into each output file of the extension's build. */
type BundleInputs = Record<'extension' | 'features', string[]>;

/**
 * What activation loads: the build's own configuration of the extension bundles (esbuild.mjs),
 * built minified in memory.
 */
async function buildExtensionBundles(): Promise<{ inputs: BundleInputs; bytes: Record<keyof BundleInputs, number>; text: string }> {
  const { extensionBundles } = (await import(join(ROOT, 'esbuild.mjs'))) as { extensionBundles: esbuild.BuildOptions };
  const result = await esbuild.build({ ...extensionBundles, absWorkingDir: ROOT, minify: true, sourcemap: false, write: false, metafile: true, logLevel: 'silent' });
  const inputs = { extension: [], features: [] } as BundleInputs;
  const bytes = { extension: 0, features: 0 };
  let text = '';
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    const name = file.endsWith('dist/extension.js') ? 'extension' : file.endsWith('dist/features.js') ? 'features' : undefined;
    if (!name) continue;
    inputs[name] = Object.keys(output.inputs);
    bytes[name] = output.bytes;
    if (name === 'extension') text = result.outputFiles.find((f) => f.path.endsWith('dist/extension.js'))?.text ?? '';
  }
  return { inputs, bytes, text };
}

describe('the extension bundle loaded at activation', () => {
  let built: Awaited<ReturnType<typeof buildExtensionBundles>>;
  before(async () => {
    built = await buildExtensionBundles();
  });

  it('holds no dashboard, SDK, runner, simulator, parser or tokenizer code', () => {
    const heavy = [
      'node_modules/openai/',
      'node_modules/zod/',
      'node_modules/yaml/',
      'node_modules/web-tree-sitter/',
      'src/extension/dashboard/',
      'src/extension/providerCounts.ts',
      'src/runner/',
      'src/simulator/',
      'src/history/',
      'src/core/analyze.ts',
      'src/core/tokens/bpeEncoder.ts',
      'src/core/tokens/tokenizer.ts',
      'src/core/formats/prompty.ts',
    ];
    const found = built.inputs.extension.filter((input) => heavy.some((h) => input.includes(h)));
    assert.deepEqual(found, []);
  });

  it('loads the dashboard and provider counting from dist/features.js on first use', () => {
    assert.match(built.text, /require\("\.\/features\.js"\)/);
    for (const part of ['src/extension/dashboard/dashboard.ts', 'src/extension/providerCounts.ts', 'node_modules/openai/']) {
      assert.ok(built.inputs.features.some((input) => input.includes(part)), `${part} is in features.js`);
    }
  });

  it('still detects request JSON and talks to the analysis worker', () => {
    for (const part of ['src/core/formats/detect.ts', 'src/extension/analysisClient.ts', 'src/extension/decorations.ts']) {
      assert.ok(built.inputs.extension.some((input) => input.includes(part)), `${part} is in extension.js`);
    }
  });

  it('stays a small fraction of the whole extension', () => {
    console.log(`extension.js ${(built.bytes.extension / 1024).toFixed(0)} KB, features.js ${(built.bytes.features / 1024).toFixed(0)} KB (minified)`);
    assert.ok(built.bytes.extension * 5 < built.bytes.features, `${built.bytes.extension} bytes at activation`);
  });
});
