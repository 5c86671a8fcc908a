/**
 * Child process of the benchmark: counts the tokens of one worst-case input with one tokenizer and
 * prints {ms, tokens} as JSON (the time of the count alone, after loading). The parent kills it at
 * its time cap. Usage: node --import tsx bench/worstCase.ts <ours|gpt-tokenizer|tiktoken> <input> <assetDir>
 */
import { performance } from 'node:perf_hooks';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { get_encoding } from 'tiktoken';
import { loadTokenizer } from '../src/core/tokens/tokenizer';
import { WORST_INPUTS, type WorstInput } from './worstInputs';

async function counter(name: string, assetDir: string): Promise<(text: string) => number> {
  switch (name) {
    case 'ours': {
      const tokenizer = await loadTokenizer('o200k_base', { assetDir, cacheChars: 0 });
      return (text) => tokenizer.count(text);
    }
    case 'gpt-tokenizer':
      return (text) => countTokens(text);
    case 'tiktoken': {
      const encoder = get_encoding('o200k_base');
      return (text) => encoder.encode_ordinary(text).length;
    }
    default:
      throw new Error(`Unknown tokenizer ${name}`);
  }
}

async function main(): Promise<void> {
  const [name, input, assetDir] = process.argv.slice(2);
  const text = WORST_INPUTS[input as WorstInput].make();
  const count = await counter(name, assetDir);
  const start = performance.now();
  const tokens = count(text);
  process.stdout.write(JSON.stringify({ ms: performance.now() - start, tokens }));
}

void main();
