import { seededRandom as seeded } from '../src/core/cache/deterministic';
/**
 * Deterministic, realistic large prompts for the benchmark: a long system prompt of mixed policy
 * prose, code samples, JSON examples and tables (what large production system prompts hold),
 * wrapped as a Chat Completions request or a Prompty file. Different seeds give different text,
 * so no run finds another run's text in a cache.
 */


const WORDS = (
  'account agent answer apply approval assistant balance billing booking cancel carrier case change charge ' +
  'check claim confirm contact contract courier credit customer damage date deliver delivery deposit detail ' +
  'discount dispute document eligible email escalate exchange explain fee follow form guarantee help identity ' +
  'invoice issue item label limit loyalty manager member method missing notice offer order owner package ' +
  'partial payment period plan policy portal price priority process product promise proof purchase quote ' +
  'receipt record refund region reject replace request require return review rule schedule service shipment ' +
  'shipping signature status store subscription summary support tax ticket tracking transfer update upgrade ' +
  'verify voucher warehouse warranty window'
).split(' ');

const NAMES = ['order', 'customer', 'refund', 'shipment', 'invoice', 'ticket', 'voucher', 'account'];

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)];
}

function sentence(rand: () => number): string {
  const length = 8 + Math.floor(rand() * 14);
  const words = Array.from({ length }, () => pick(rand, WORDS));
  if (rand() < 0.3) words.splice(Math.floor(rand() * length), 0, String(Math.floor(rand() * 90) + 10));
  const text = words.join(' ');
  return `${text[0].toUpperCase()}${text.slice(1)}${rand() < 0.15 ? '?' : '.'}`;
}

function prose(rand: () => number): string {
  const sentences = 3 + Math.floor(rand() * 5);
  return Array.from({ length: sentences }, () => sentence(rand)).join(' ');
}

function codeSample(rand: () => number): string {
  const name = pick(rand, NAMES);
  const field = pick(rand, WORDS);
  const limit = Math.floor(rand() * 500) + 20;
  if (rand() < 0.5) {
    return [
      '```ts',
      `export async function ${name}${field[0].toUpperCase()}${field.slice(1)}(id: string): Promise<number> {`,
      `  const ${name} = await api.get(\`/v2/${name}s/\${id}\`);`,
      `  if (${name}.${field} > ${limit}) throw new Error('${field} over the ${limit} limit');`,
      `  return ${name}.items.reduce((sum, item) => sum + item.price * item.quantity, 0);`,
      '}',
      '```',
    ].join('\n');
  }
  return [
    '```python',
    `def check_${name}_${field}(${name}: dict) -> bool:`,
    `    """Return True when the ${name} may be ${field}ed."""`,
    `    if ${name}.get("${field}", 0) > ${limit}:`,
    `        return False`,
    `    return all(line["status"] != "blocked" for line in ${name}["lines"])`,
    '```',
  ].join('\n');
}

function jsonExample(rand: () => number): string {
  const name = pick(rand, NAMES);
  const value = {
    id: `${name.slice(0, 3)}_${Math.floor(rand() * 1e6)}`,
    status: pick(rand, ['open', 'pending', 'shipped', 'refunded']),
    amount: Math.round(rand() * 100000) / 100,
    currency: pick(rand, ['USD', 'EUR', 'GBP']),
    lines: Array.from({ length: 1 + Math.floor(rand() * 3) }, () => ({
      sku: `SKU-${Math.floor(rand() * 9000) + 1000}`,
      quantity: 1 + Math.floor(rand() * 4),
    })),
  };
  return `Example ${name} record:\n${JSON.stringify(value, null, 2)}`;
}

function table(rand: () => number): string {
  const rows = Array.from({ length: 4 }, () => `| ${pick(rand, WORDS)} | ${Math.floor(rand() * 60)} days | ${sentence(rand)} |`);
  return ['| Case | Window | Rule |', '| --- | --- | --- |', ...rows].join('\n');
}

/** A system prompt of about `chars` characters. */
export function systemPrompt(seed: number, chars: number): string {
  const rand = seeded(seed);
  const parts: string[] = ['You are the support assistant of Northwind Outfitters. Follow the handbook below exactly.'];
  let length = parts[0].length;
  let section = 1;
  while (length < chars) {
    const roll = rand();
    const part =
      roll < 0.55 ? prose(rand) : roll < 0.72 ? codeSample(rand) : roll < 0.88 ? jsonExample(rand) : table(rand);
    const block = rand() < 0.12 ? `## Section ${section++}: ${pick(rand, WORDS)} ${pick(rand, WORDS)}\n\n${part}` : part;
    parts.push(block);
    length += block.length + 2;
  }
  return parts.join('\n\n');
}

/** A Chat Completions request file of about `bytes` bytes: the long system prompt, then a user turn. */
export function chatRequestFile(seed: number, bytes: number): string {
  // JSON escaping (\n, \") adds a few percent; aim a little lower.
  const system = systemPrompt(seed, Math.floor(bytes * 0.965));
  const request = {
    model: 'gpt-4o',
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: 'My order {{order_id}} arrived damaged. What are my options?' },
    ],
  };
  return `${JSON.stringify(request, null, 2)}\n`;
}

/** The same content as a Prompty file. */
export function promptyFile(seed: number, bytes: number): string {
  const system = systemPrompt(seed, bytes - 200);
  return `---\nname: support\nmodel:\n  id: gpt-4o\n---\nsystem:\n${system}\n\nuser:\nMy order {{order_id}} arrived damaged. What are my options?\n`;
}
