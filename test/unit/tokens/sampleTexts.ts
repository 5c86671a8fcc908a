/** Varied texts for tokenizer property tests, from a seeded generator (runs are reproducible). */

export { seededRandom } from '../../../src/core/cache/deterministic';

/** Fragments that stress the pre-tokenizer: slashes after newlines, marks, CRLF, contractions. */
const FRAGMENTS = [
  'hello', 'World', ' the', "it's", "WE'LL", ' 12345', '3.14', '\n', '\n\n', '\r\n', ' \n', '\t', '  ',
  '/', '//', '/* c */', '{', '}', '[', ']', '":', '",', '\\n', '<|endoftext|>', '->', '=>', ';', '...',
  '日本語', '中文字符', '한국어', 'café', 'e\u0301', '\u0301', 'Ωμέγα', 'Привет', 'مرحبا',
  '😀', '👩‍💻', '🇫🇷', '\u00a0', '\u2028', '#', '##', '- ', '* ', '1.', 'x=1', 'A', 'b',
];

export function randomText(random: () => number, length: number): string {
  let text = '';
  while (text.length < length) text += FRAGMENTS[Math.floor(random() * FRAGMENTS.length)];
  return text;
}

const CODE = `import { readFile } from 'node:fs/promises';

/** Reads a config file. */
export async function load(path: string): Promise<Record<string, unknown>> {
  const text = await readFile(path, 'utf8');
  // Comments are stripped first.
  return JSON.parse(text.replace(/\\/\\/.*$/gm, ''));
}

class Cache<K, V> {
  private readonly map = new Map<K, V>();
  get(key: K): V | undefined { return this.map.get(key); }
}
`;

const PROSE = `The quick brown fox jumps over the lazy dog. It's a sentence that doesn't end;
it continues — with dashes, “quotes” and numbers like 1,234.56 or 2024-05-13.
Ça va? Très bien! Grüße aus Köln.
/usr/local/bin is a path; so is C:\\Windows\\System32.
`;

const CJK = `日本語のテキストと中文文本，还有한국어 텍스트。
絵文字も😀👍🏽、混ざっています。
`;

const JSON_TEXT = `${JSON.stringify(
  {
    model: 'gpt-4o',
    messages: [
      { role: 'system', content: 'You are terse.\nAnswer in JSON.' },
      { role: 'user', content: 'List 3 colours 🎨' },
    ],
    tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object', properties: {} } } }],
  },
  null,
  2,
)}\n`;

/** Realistic documents, each repeated with variations to exceed the chunking threshold. */
export function documentSamples(): { name: string; text: string }[] {
  const grow = (base: string, times: number, vary: (i: number) => string) =>
    Array.from({ length: times }, (_, i) => base + vary(i)).join('');
  return [
    { name: 'code', text: grow(CODE, 40, (i) => `const v${i} = ${i * 7};\n`) },
    { name: 'prose', text: grow(PROSE, 60, (i) => `Paragraph ${i} ends here.\n\n`) },
    { name: 'cjk and emoji', text: grow(CJK, 200, (i) => `第${i}行\n`) },
    { name: 'json', text: grow(JSON_TEXT, 50, (i) => `{"i": ${i}}\n`) },
    { name: 'crlf', text: grow(PROSE.replace(/\n/g, '\r\n'), 60, (i) => `line ${i}\r\n`) },
    { name: 'markdown', text: grow('# Title\n\n- item one\n- item two\n\n```ts\nlet x = 1;\n```\n', 120, (i) => `/${i}\n`) },
  ];
}
