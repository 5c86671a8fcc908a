/**
 * Child process of the benchmark: loads one encoding in a fresh process (cold module caches) from
 * an asset directory laid out like dist/tokenizer and prints the milliseconds as JSON.
 * Usage: node --import tsx bench/tokenizerLoad.ts <encoding> <assetDir>
 */
import { performance } from 'node:perf_hooks';
import type { EncodingName } from '../src/core/tokens/rendered';

async function main(): Promise<void> {
  const encoding = process.argv[2] as EncodingName;
  const assetDir = process.argv[3];
  const start = performance.now();
  const { loadTokenizer } = await import('../src/core/tokens/tokenizer');
  const imported = performance.now();
  const tokenizer = await loadTokenizer(encoding, { assetDir });
  const loaded = performance.now();
  tokenizer.count('Warm the encoder with one short sentence.');
  const firstCount = performance.now();
  process.stdout.write(
    JSON.stringify({ importMs: imported - start, loadMs: loaded - imported, firstCountMs: firstCount - loaded }),
  );
}

void main();
