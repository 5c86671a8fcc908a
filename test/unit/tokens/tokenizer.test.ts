import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import * as esbuild from 'esbuild';
import * as cl100kReference from 'gpt-tokenizer/encoding/cl100k_base';
import * as o200kReference from 'gpt-tokenizer/encoding/o200k_base';
import { countText } from '../../../src/core/tokens/countText';
import { Marker } from '../../../src/core/tokens/syntheticIds';
import { rankTableFromTiktoken, serializeRankTable } from '../../../src/core/tokens/bpeRanks';
import { ENCODINGS, loadTokenizer, rankTableFileName } from '../../../src/core/tokens/tokenizer';
import { documentSamples } from './sampleTexts';

const references = { o200k_base: o200kReference, cl100k_base: cl100kReference };

/** A directory laid out the way the build lays out dist/tokenizer/ (see esbuild.mjs). */
function copyAssets(target: string): void {
  mkdirSync(target, { recursive: true });
  for (const encoding of ENCODINGS) {
    const ranks = JSON.parse(readFileSync(require.resolve(`tiktoken/encoders/${encoding}.json`), 'utf8'));
    const table = rankTableFromTiktoken(ranks.bpe_ranks, ranks.special_tokens);
    writeFileSync(join(target, rankTableFileName(encoding)), serializeRankTable(table));
  }
}

const temporary: string[] = [];
after(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

describe('tokenizer', () => {
  test('the cookbook example "tiktoken is great!" encodes as documented for cl100k_base', async () => {
    const tokenizer = await loadTokenizer('cl100k_base');
    assert.deepEqual(Array.from(tokenizer.encode('tiktoken is great!')), [83, 1609, 5963, 374, 2294, 0]);
  });

  for (const encoding of ENCODINGS) {
    test(`${encoding}: same ids as an independent implementation (gpt-tokenizer)`, async () => {
      const tokenizer = await loadTokenizer(encoding);
      for (const { text } of documentSamples()) {
        assert.deepEqual(Array.from(tokenizer.encode(text)), references[encoding].encode(text, { disallowedSpecial: new Set() }));
      }
    });
  }

  test('is loaded once per encoding', async () => {
    const [a, b] = await Promise.all([loadTokenizer('o200k_base'), loadTokenizer('o200k_base')]);
    assert.equal(a, b);
    assert.equal(a.encoding, 'o200k_base');
    assert.notEqual(await loadTokenizer('cl100k_base'), a);
  });

  test('special-token strings in user text count as plain text', async () => {
    const tokenizer = await loadTokenizer('o200k_base');
    assert.ok(tokenizer.count('<|endoftext|>') > 1);
  });

  test('decode restores the text and shows synthetic ids as markers', async () => {
    const tokenizer = await loadTokenizer('o200k_base');
    const text = 'Grüße 👩‍💻 and 日本語\r\n';
    const ids = Array.from(tokenizer.encode(text));
    assert.equal(tokenizer.decode(ids), text);
    assert.equal(tokenizer.decode([Marker.start, ...tokenizer.encode('user'), Marker.message]), '<|start|>user<|message|>');
  });

  test('token byte lengths add up to the UTF-8 length', async () => {
    const tokenizer = await loadTokenizer('cl100k_base');
    const text = 'naïve café 😀 text';
    const bytes = Array.from(tokenizer.encode(text)).reduce((sum, id) => sum + tokenizer.tokenByteLength(id), 0);
    assert.equal(bytes, Buffer.byteLength(text, 'utf8'));
  });

  test('callers cannot corrupt the cache by changing a returned array', async () => {
    const tokenizer = await loadTokenizer('o200k_base');
    const first = tokenizer.encode('cache me if you can');
    const expected = Array.from(first);
    first.fill(0);
    assert.deepEqual(Array.from(tokenizer.encode('cache me if you can')), expected);
  });

  test('re-counting a 1 MB text after a one-character edit gives the count of the edited text', async () => {
    const tokenizer = await loadTokenizer('o200k_base');
    const text = documentSamples()
      .map((s) => s.text)
      .join('\n')
      .repeat(12);
    assert.ok(text.length > 1_000_000);
    const whole = tokenizer.count(text);
    const at = Math.floor(text.length / 3);
    const edited = `${text.slice(0, at)}Z${text.slice(at)}`;
    const count = tokenizer.count(edited);
    assert.ok(Math.abs(count - whole) <= 2);
    assert.equal(count, references.o200k_base.encode(edited, { disallowedSpecial: new Set() }).length);
  });

  test('loads from an explicit asset directory laid out like dist/tokenizer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokenizer-assets-'));
    temporary.push(dir);
    copyAssets(dir);
    const tokenizer = await loadTokenizer('cl100k_base', { assetDir: dir });
    assert.deepEqual(Array.from(tokenizer.encode('tiktoken is great!')), [83, 1609, 5963, 374, 2294, 0]);
  });

  test('a directory without the ranks file fails, and a later call can still succeed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokenizer-empty-'));
    temporary.push(dir);
    copyAssets(dir);
    rmSync(join(dir, 'o200k_base.bpe'));
    await assert.rejects(loadTokenizer('o200k_base', { assetDir: dir }), /o200k_base\.bpe/);
    copyAssets(dir);
    assert.equal((await loadTokenizer('o200k_base', { assetDir: dir })).count('hello world'), 2);
  });

  test('countText picks the encoding from the model name', async () => {
    const text = 'Models disagree about 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ✨ and whitespace    runs.';
    assert.equal(await countText(text, 'gpt-4o-mini'), o200kReference.encode(text).length);
    assert.equal(await countText(text, 'gpt-3.5-turbo'), cl100kReference.encode(text).length);
    assert.equal(await countText(text), o200kReference.encode(text).length);
  });
});

describe('bundled with esbuild (CommonJS, assets in <bundle dir>/tokenizer)', () => {
  test('counts tokens without node_modules', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokenizer-bundle-'));
    temporary.push(dir);
    const entry = join(dir, 'entry.ts');
    const countTextModule = join(__dirname, '..', '..', '..', 'src', 'core', 'tokens', 'countText');
    writeFileSync(
      entry,
      `import { countText } from ${JSON.stringify(countTextModule)};\n` +
        `countText('tiktoken is great!', 'gpt-4').then((n) => console.log(n));\n`,
    );
    const out = join(dir, 'dist');
    await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: join(out, 'cli.js'),
      logLevel: 'silent',
    });
    copyAssets(join(out, 'tokenizer'));
    // Run from a directory where node_modules cannot be found.
    const output = execFileSync(process.execPath, [join(out, 'cli.js')], { cwd: out, encoding: 'utf8' });
    assert.equal(output.trim(), '6');
  });
});
