import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { get_encoding, type Tiktoken } from 'tiktoken';
import { BytePairEncoder, PATTERN_WINDOW } from '../../../src/core/tokens/bpeEncoder';
import { SHORT_PIECE_BYTES } from '../../../src/core/tokens/bpeMerge';
import { parseRankTable, rankTableFromTiktoken, serializeRankTable } from '../../../src/core/tokens/bpeRanks';
import { preTokenizerPattern } from '../../../src/core/tokens/preTokenizer';
import type { EncodingName } from '../../../src/core/tokens/rendered';
import { ENCODINGS, loadTokenizer } from '../../../src/core/tokens/tokenizer';
import { documentSamples, randomText, seededRandom } from './sampleTexts';

const ROOT = join(__dirname, '..', '..', '..');

/** tiktoken's own encoder (Rust in WASM), whole text at once: the reference for every id. */
const reference = new Map<EncodingName, Tiktoken>(ENCODINGS.map((name) => [name, get_encoding(name)]));

function referenceIds(encoding: EncodingName, text: string): number[] {
  return Array.from(reference.get(encoding)!.encode_ordinary(text));
}

/** A bare encoder, without the chunking and caching of loadTokenizer. */
function bareEncoder(encoding: EncodingName, window?: number): BytePairEncoder {
  const ranks = JSON.parse(readFileSync(require.resolve(`tiktoken/encoders/${encoding}.json`), 'utf8'));
  return new BytePairEncoder(rankTableFromTiktoken(ranks.bpe_ranks, ranks.special_tokens), preTokenizerPattern(encoding), window);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Every string inside a JSON value (message texts, tool descriptions, ...). */
function jsonStrings(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const item of value) jsonStrings(item, into);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) jsonStrings(item, into);
  return into;
}

/** The repository's example prompts and test fixtures, whole and (for JSON) string by string. */
function repositoryTexts(): string[] {
  const texts: string[] = [];
  for (const file of [...filesUnder(join(ROOT, 'examples')), ...filesUnder(join(ROOT, 'test', 'fixtures'))]) {
    const text = readFileSync(file, 'utf8');
    texts.push(text);
    if (file.endsWith('.json')) {
      try {
        texts.push(...jsonStrings(JSON.parse(text)));
      } catch {
        // Fixtures of malformed JSON are still compared as whole files.
      }
    }
  }
  return texts;
}

/** Code points drawn from ASCII, the BMP and the whole range (unassigned ones included). */
function randomUnicode(random: () => number, codePoints: number): string {
  let text = '';
  for (let k = 0; k < codePoints; k++) {
    const pick = random();
    const limit = pick < 0.3 ? 0x80 : pick < 0.6 ? 0x3000 : pick < 0.9 ? 0x30000 : 0x110000;
    let code = Math.floor(random() * limit);
    if (code >= 0xd800 && code <= 0xdfff) code = 0x20;
    text += String.fromCodePoint(code);
  }
  return text;
}

function randomFrom(random: () => number, alphabet: string, length: number): string {
  const chars = Array.from(alphabet);
  let text = '';
  for (let k = 0; k < length; k++) text += chars[Math.floor(random() * chars.length)];
  return text;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const CJK = '的一是不了人我在有他这中大来上个国到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校读志飞观争究包组造落视济喜离虽坐集编宝谈府拉黑且随格尽剑讲布杀微怕母调局根曾准团段终乐切级克精哪官示冷域假拍妈照夜显较尔注许断证案雪错考吗';
const EMOJI = '😀😃😄😁😆😅🤣😂🙂🙃😉😊😇🥰😍🤩😘👍🏽👩‍💻🇫🇷🇯🇵❤️‍🔥🧑🏿‍🚀✨🎨🚀';

/** Texts the pre-tokenizer and the merge must get right, each kind many times over. */
function variedTexts(seed: number): { kind: string; text: string }[] {
  const random = seededRandom(seed);
  const texts: { kind: string; text: string }[] = [];
  const add = (kind: string, count: number, make: () => string) => {
    for (let i = 0; i < count; i++) texts.push({ kind, text: make() });
  };
  add('fragments', 150, () => randomText(random, 400));
  add('random unicode', 300, () => randomUnicode(random, 60));
  add('CJK', 40, () => randomFrom(random, CJK, 50 + Math.floor(random() * 400)));
  add('emoji', 40, () => randomFrom(random, `${EMOJI} a`, 30 + Math.floor(random() * 100)));
  add('whitespace runs', 80, () => randomFrom(random, ' \t\n\r\u00a0\u3000\u2028\u0085\ufeffx/', 5 + Math.floor(random() * 80)));
  add('digits', 40, () => randomFrom(random, '0123456789 ,.-١٢٣', 10 + Math.floor(random() * 200)));
  add('contractions', 60, () =>
    randomFrom(random, "'sStTrReEvVmMlLdD\u017f aA", 10 + Math.floor(random() * 60)).replace(/ /g, () => (random() < 0.5 ? "'" : ' ')),
  );
  add('base64', 40, () => randomFrom(random, BASE64, 100 + Math.floor(random() * 3000)));
  add('mixed case words', 40, () => randomFrom(random, 'aAbBcCdDéÉß\u0301\u0308', 5 + Math.floor(random() * 120)));
  texts.push({ kind: 'lone surrogates', text: 'a\ud800b\udc00c \ud83d\ude00\ud83d end\ud800' });
  texts.push({ kind: 'special-token text', text: '<|endoftext|> <|endofprompt|><|fim_prefix|>' });
  return texts;
}

/** Pieces long enough for the heap merge, still short enough for tiktoken's quadratic merge. */
function longPieces(seed: number): { kind: string; text: string }[] {
  const random = seededRandom(seed);
  return [
    { kind: 'repeated word', text: 'abcdefghij'.repeat(2_000) },
    { kind: 'one letter', text: 'x'.repeat(10_000) },
    { kind: 'random lowercase', text: randomFrom(random, 'abcdefghijklmnopqrstuvwxyz', 20_000) },
    { kind: 'random letters, both cases', text: randomFrom(random, 'aAbBcCdDeEfFgGhH', 20_000) },
    { kind: 'CJK paragraph', text: randomFrom(random, CJK, 8_000) },
    { kind: 'punctuation run', text: randomFrom(random, '=-+*#@!?.,;:~^%&|<>', 20_000) },
    { kind: 'spaces', text: `${' '.repeat(10_000)}x` },
    { kind: 'base64 blob', text: randomFrom(random, BASE64, 60_000) },
    { kind: 'just past the scanning merge', text: 'ab'.repeat(SHORT_PIECE_BYTES) },
  ];
}

describe('byte-pair encoder: the same ids as tiktoken', () => {
  for (const encoding of ENCODINGS) {
    const encoder = bareEncoder(encoding);

    test(`${encoding}: every example prompt and test fixture, whole and string by string`, () => {
      const texts = repositoryTexts();
      assert.ok(texts.length > 1000);
      for (const text of texts) assert.deepEqual(Array.from(encoder.encodeOrdinary(text)), referenceIds(encoding, text));
    });

    test(`${encoding}: random unicode, CJK, emoji, whitespace, digits, contractions, base64`, () => {
      for (const { kind, text } of variedTexts(encoding === 'o200k_base' ? 21 : 22)) {
        assert.deepEqual(Array.from(encoder.encodeOrdinary(text)), referenceIds(encoding, text), `${kind}: ${JSON.stringify(text.slice(0, 60))}`);
      }
    });

    test(`${encoding}: long pieces merged by the heap`, () => {
      for (const { kind, text } of longPieces(encoding === 'o200k_base' ? 31 : 32)) {
        assert.deepEqual(Array.from(encoder.encodeOrdinary(text)), referenceIds(encoding, text), kind);
      }
    });

    test(`${encoding}: documents, through loadTokenizer's chunks and cache`, async () => {
      const tokenizer = await loadTokenizer(encoding);
      for (const { name, text } of documentSamples()) {
        assert.deepEqual(Array.from(tokenizer.encode(text)), referenceIds(encoding, text), name);
      }
    });
  }
});

describe('byte-pair encoder: inputs too long for tiktoken', () => {
  for (const encoding of ENCODINGS) {
    test(`${encoding}: a 1 MB unbroken word encodes, and its ids decode to the word`, async () => {
      const tokenizer = await loadTokenizer(encoding, { cacheChars: 0 });
      const word = 'abcdefghij'.repeat(100_000);
      const ids = tokenizer.encode(word);
      assert.ok(ids.length > 1000 && ids.length < word.length);
      assert.equal(tokenizer.decode(ids), word);
      assert.equal(tokenizer.count(word), ids.length);
    });
  }

  test('a 1 MB CJK paragraph encodes, and its ids decode to the text', async () => {
    const tokenizer = await loadTokenizer('o200k_base', { cacheChars: 0 });
    const text = randomFrom(seededRandom(9), CJK, 350_000);
    const ids = tokenizer.encode(text);
    assert.equal(tokenizer.decode(ids), text);
  });
});

describe('byte-pair encoder: the pattern run on windows of the text', () => {
  for (const encoding of ENCODINGS) {
    test(`${encoding}: windows just longer than the longest piece cut every piece where the whole text does`, () => {
      const random = seededRandom(encoding === 'o200k_base' ? 41 : 42);
      // Every kind of text one after the other, so window ends fall inside every kind of piece.
      const text = variedTexts(encoding === 'o200k_base' ? 43 : 44)
        .map((t) => t.text)
        .join(random() < 0.5 ? ' ' : '');
      const pattern = preTokenizerPattern(encoding);
      let longest = 0;
      for (const m of text.matchAll(new RegExp(pattern.source, 'gu'))) longest = Math.max(longest, m[0].length);
      const expected = referenceIds(encoding, text);
      for (const window of [longest + 1, longest + 2, longest + 7, 2 * longest + 3, 5 * longest]) {
        assert.deepEqual(Array.from(bareEncoder(encoding, window).encodeOrdinary(text)), expected, `window ${window} (longest piece ${longest})`);
      }
    });
  }

  test('a piece longer than a whole window is cut at the window: it encodes as its parts do', () => {
    const encoder = bareEncoder('o200k_base', 1000);
    const ids = (text: string) => Array.from(encoder.encodeOrdinary(text));
    assert.deepEqual(ids('x'.repeat(2500)), [...ids('x'.repeat(1000)), ...ids('x'.repeat(1000)), ...ids('x'.repeat(500))]);
  });

  test(`an unbroken run of 8.4 million CJK characters (past what one run of the pattern holds) encodes, one token each`, () => {
    assert.ok(PATTERN_WINDOW < 8_400_000);
    const text = '漢'.repeat(8_400_000);
    // The pattern on the whole run overflows V8's backtracking stack.
    const pattern = preTokenizerPattern('o200k_base');
    assert.throws(() => pattern.test(text), /Maximum call stack size exceeded/);
    assert.equal(bareEncoder('o200k_base').encodeOrdinary(text).length, 8_400_000);
  });
});

describe('token starts', () => {
  test('every token that begins on a character starts where the decoded tokens before it end', async () => {
    const tokenizer = await loadTokenizer('o200k_base');
    const random = seededRandom(12);
    // One long piece of CJK and emoji (heap merge), then short pieces, long enough to be chunked.
    const text = `${randomFrom(random, `${CJK}${EMOJI}`, 3_000)}\n${variedTexts(13).map((t) => t.text).join('\n')}`;
    const { ids, starts } = tokenizer.encodeWithStarts!(text);
    assert.deepEqual(Array.from(ids), referenceIds('o200k_base', text));
    assert.equal(starts[ids.length], text.length);
    let checked = 0;
    let bytes = 0;
    const utf8 = Buffer.from(text, 'utf8');
    for (let t = 0; t < ids.length; t++) {
      // A token that begins inside a multi-byte character has no exact start of its own.
      if ((utf8[bytes] & 0xc0) !== 0x80) {
        assert.equal(starts[t], utf8.subarray(0, bytes).toString('utf8').length, `token ${t}`);
        checked++;
      }
      bytes += tokenizer.tokenByteLength(ids[t]);
    }
    assert.ok(checked > ids.length / 2);
  });
});

describe('rank table file', () => {
  test('survives writing and reading, ids and bytes alike', () => {
    const ranks = JSON.parse(readFileSync(require.resolve('tiktoken/encoders/cl100k_base.json'), 'utf8'));
    const built = rankTableFromTiktoken(ranks.bpe_ranks, ranks.special_tokens);
    const read = parseRankTable(serializeRankTable(built));
    assert.equal(read.tokenCount, 100_256);
    assert.deepEqual(read.offsets, built.offsets);
    assert.deepEqual(read.bytes, built.bytes);
    assert.deepEqual(read.specialTokens, ranks.special_tokens);
    const encoder = new BytePairEncoder(read, preTokenizerPattern('cl100k_base'));
    assert.deepEqual(Array.from(encoder.encodeOrdinary('tiktoken is great!')), [83, 1609, 5963, 374, 2294, 0]);
    assert.equal(new TextDecoder().decode(encoder.decodeBytes([100_257])), '<|endoftext|>');
  });

  test('reads the same table from memory at any alignment', () => {
    const ranks = JSON.parse(readFileSync(require.resolve('tiktoken/encoders/o200k_base.json'), 'utf8'));
    const file = serializeRankTable(rankTableFromTiktoken(ranks.bpe_ranks, ranks.special_tokens));
    const shifted = new Uint8Array(file.length + 3);
    shifted.set(file, 3);
    const text = 'Ünïcode, 日本語 and a loooooooooooooooooooooooooooooooooooooooooooong word';
    const ids = (table: Uint8Array) => Array.from(new BytePairEncoder(parseRankTable(table), preTokenizerPattern('o200k_base')).encodeOrdinary(text));
    assert.deepEqual(ids(shifted.subarray(3)), referenceIds('o200k_base', text));
    assert.deepEqual(ids(file), referenceIds('o200k_base', text));
  });

  test('a truncated or foreign file is refused', () => {
    const ranks = JSON.parse(readFileSync(require.resolve('tiktoken/encoders/cl100k_base.json'), 'utf8'));
    const file = serializeRankTable(rankTableFromTiktoken(ranks.bpe_ranks, ranks.special_tokens));
    assert.throws(() => parseRankTable(file.subarray(0, file.length - 10)), /truncated/);
    assert.throws(() => parseRankTable(new TextEncoder().encode('{"bpe_ranks": ""}')), /bad header/);
  });
});
