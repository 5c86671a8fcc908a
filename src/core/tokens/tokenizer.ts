/**
 * Exact BPE tokenization (the ids tiktoken gives) in TypeScript, loaded on first use.
 *
 * Only the two encodings the product ships are supported. Each is read from a rank table file,
 * `<encoding>.bpe` (bpeRanks.ts), in an asset directory: bundled, that is `dist/tokenizer/`, which
 * the build writes from tiktoken's ranks files; from source, the table is built at load from those
 * ranks files in node_modules.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BytePairEncoder } from './bpeEncoder';
import { parseRankTable, type RankTable, rankTableFromTiktoken } from './bpeRanks';
import { chunkStarts } from './chunking';
import { preTokenizerPattern } from './preTokenizer';
import type { EncodingName } from './rendered';
import { isSyntheticId, syntheticLabel } from './syntheticIds';
import { RecentChunks } from '../textMemo';
import { EncodedTextCache } from './textCache';
import { type EncodedText, tokenStartUnits } from './tokenStarts';

export type { EncodedText } from './tokenStarts';

export interface Tokenizer {
  readonly encoding: EncodingName;
  /** Token ids of `text` as plain text (special-token strings are not treated as specials). */
  encode(text: string): Uint32Array;
  count(text: string): number;
  /** Text of the ids; synthetic ids (message framing, images) appear as readable markers. */
  decode(ids: ArrayLike<number>): string;
  /** UTF-8 length of one (non-synthetic) token, to map tokens back to characters. */
  tokenByteLength(id: number): number;
  /**
   * `encode` plus the UTF-16 unit where each token starts (what `tokenStartUnits` computes), when
   * the tokenizer can remember it: re-rendering an edited text then copies the starts of every
   * unchanged chunk instead of walking its characters again.
   */
  encodeWithStarts?(text: string): EncodedText;
}

export interface LoadTokenizerOptions {
  /** Directory holding `<encoding>.bpe` (as the build writes it to dist/tokenizer/). */
  assetDir?: string;
  /** Upper bound on the characters kept in the per-text cache. */
  cacheChars?: number;
}

export const ENCODINGS: readonly EncodingName[] = ['o200k_base', 'cl100k_base'];

const DEFAULT_CACHE_CHARS = 8_000_000;

/** File name of an encoding's rank table in an asset directory. */
export function rankTableFileName(encoding: EncodingName): string {
  return `${encoding}.bpe`;
}

/** The bundled asset directory (`<dir of the bundle>/tokenizer`) when it exists. */
export function bundledAssetDir(): string | undefined {
  const here = typeof __dirname === 'string' ? __dirname : undefined;
  if (!here) return undefined;
  const dir = join(here, 'tokenizer');
  return existsSync(join(dir, rankTableFileName('o200k_base'))) ? dir : undefined;
}

interface TiktokenRanksFile {
  bpe_ranks: string;
  special_tokens: Record<string, number>;
}

function readRankTable(encoding: EncodingName, dir: string | undefined): RankTable {
  if (dir) return parseRankTable(readFileSync(join(dir, rankTableFileName(encoding))));
  // Run from source (tests, benchmark): tiktoken, a development dependency, has the ranks.
  const ranks = JSON.parse(readFileSync(require.resolve(`tiktoken/encoders/${encoding}.json`), 'utf8')) as TiktokenRanksFile;
  return rankTableFromTiktoken(ranks.bpe_ranks, ranks.special_tokens);
}

const loaded = new Map<string, Promise<Tokenizer>>();

/** The tokenizer for `encoding`, loaded once per encoding, asset directory and cache size. */
export function loadTokenizer(encoding: EncodingName, options: LoadTokenizerOptions = {}): Promise<Tokenizer> {
  if (!ENCODINGS.includes(encoding)) {
    return Promise.reject(new Error(`Unsupported encoding: ${String(encoding)}`));
  }
  const dir = options.assetDir ?? bundledAssetDir();
  const key = `${encoding}\u0000${dir ?? ''}\u0000${options.cacheChars ?? ''}`;
  let pending = loaded.get(key);
  if (!pending) {
    pending = (async () => {
      const encoder = new BytePairEncoder(readRankTable(encoding, dir), preTokenizerPattern(encoding));
      return new CachingTokenizer(encoding, encoder, options.cacheChars ?? DEFAULT_CACHE_CHARS);
    })();
    pending.catch(() => loaded.delete(key));
    loaded.set(key, pending);
  }
  return pending;
}

/** One encoded chunk; the token starts are worked out the first time someone asks for them. */
interface EncodedChunk {
  ids: Uint32Array;
  starts?: Int32Array;
}

/** A tokenizer that remembers encoded texts and encodes long texts chunk by chunk. */
class CachingTokenizer implements Tokenizer {
  private readonly cache: EncodedTextCache<EncodedChunk>;
  /** Chunks of the last long texts by position: an edited text finds its unchanged ones there. */
  private readonly recent: RecentChunks<EncodedChunk>;
  private readonly utf8 = new TextDecoder();

  constructor(
    readonly encoding: EncodingName,
    private readonly core: BytePairEncoder,
    cacheChars: number,
  ) {
    this.cache = new EncodedTextCache(cacheChars);
    // With the cache off (`cacheChars: 0`, as the counting benchmark runs) nothing is reused.
    this.recent = new RecentChunks(cacheChars > 0 ? 8 : 0, cacheChars);
  }

  encode(text: string): Uint32Array {
    const { chunks } = this.chunksOf(text);
    if (chunks.length === 1) return chunks[0].ids.slice();
    const ids = new Uint32Array(chunks.reduce((sum, chunk) => sum + chunk.ids.length, 0));
    let at = 0;
    for (const chunk of chunks) {
      ids.set(chunk.ids, at);
      at += chunk.ids.length;
    }
    return ids;
  }

  count(text: string): number {
    let total = 0;
    for (const chunk of this.chunksOf(text).chunks) total += chunk.ids.length;
    return total;
  }

  encodeWithStarts(text: string): EncodedText {
    const { cuts, chunks } = this.chunksOf(text);
    let count = 0;
    chunks.forEach((chunk, k) => {
      chunk.starts ??= tokenStartUnits(text.slice(cuts[k], cuts[k + 1] ?? text.length), chunk.ids, (id) => this.tokenByteLength(id));
      count += chunk.ids.length;
    });
    const ids = new Uint32Array(count);
    const starts = new Int32Array(count + 1);
    let at = 0;
    chunks.forEach((chunk, k) => {
      ids.set(chunk.ids, at);
      // Chunks start at token boundaries: a chunk's starts are its own, shifted by where it begins.
      const chunkStart = cuts[k];
      const own = chunk.starts as Int32Array;
      if (chunkStart === 0) starts.set(own.subarray(0, chunk.ids.length), at);
      else for (let t = 0; t < chunk.ids.length; t++) starts[at + t] = own[t] + chunkStart;
      at += chunk.ids.length;
    });
    starts[count] = text.length;
    return { ids, starts };
  }

  decode(ids: ArrayLike<number>): string {
    let text = '';
    let run: number[] = [];
    const flush = () => {
      if (run.length === 0) return;
      text += this.utf8.decode(this.core.decodeBytes(run));
      run = [];
    };
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (isSyntheticId(id)) {
        flush();
        text += syntheticLabel(id);
      } else {
        run.push(id);
      }
    }
    flush();
    return text;
  }

  tokenByteLength(id: number): number {
    return this.core.tokenByteLength(id);
  }

  /** The chunks of `text` (see chunking.ts), each encoded or found again. */
  private chunksOf(text: string): { cuts: number[]; chunks: EncodedChunk[] } {
    const cuts = chunkStarts(text);
    if (cuts.length === 1) return { cuts, chunks: [this.encodeCached(text)] };
    return { cuts, chunks: this.recent.values(text, cuts, (chunk) => this.encodeCached(chunk)) };
  }

  private encodeCached(text: string): EncodedChunk {
    if (text.length === 0) return { ids: new Uint32Array(0) };
    const hit = this.cache.get(text);
    if (hit) return hit;
    const chunk: EncodedChunk = { ids: this.core.encodeOrdinary(text) };
    this.cache.set(text, chunk);
    return chunk;
  }
}
