/**
 * Source files: a 5,000-line Python module and a 5,000-line TypeScript module of ordinary code
 * with a few LLM calls, analysed with `analyzeSource` once the parser and the tokenizer are
 * loaded; a 20,000-line module that is nothing but LLM calls sharing one constant; 2,000 AI SDK
 * calls sharing one zod schema; the parser's
 * first load; and the SDK pre-check on a file that imports none.
 */
import { performance } from 'node:perf_hooks';
import { analyzeSource } from '../src/core/sources/analyzeSource';
import { importsLlmSdk } from '../src/core/sources/languages';
import { MAX_BYTES_READ } from '../src/core/sources/promptFiles';
import { measure } from './stats';

export interface SourceRow {
  measure: string;
  value: string;
  detail: string;
}

const LINES = 5000;
const RUNS = { warmup: 2, runs: 9 };

function policy(seed: number): string {
  return Array.from({ length: 40 }, (_, i) => `Rule ${i + 1} (v${seed}): answer with care, cite the source, keep it short.`).join('\n');
}

/** Ordinary Python (classes, loops, dicts, f-strings) with an LLM call every ~1,000 lines. */
export function pythonModule(seed: number): string {
  const out = ['from datetime import datetime', 'from openai import OpenAI', '', 'client = OpenAI()', `POLICY = """${policy(seed)}"""`, ''];
  for (let i = 0; out.length < LINES; i++) {
    out.push(
      `class Order${i}:`,
      `    def __init__(self, items, customer):`,
      `        self.items = items`,
      `        self.customer = customer`,
      ``,
      `    def total(self):`,
      `        subtotal = 0`,
      `        for item in self.items:`,
      `            subtotal += item["price"] * item.get("quantity", 1)`,
      `        return round(subtotal * ${1 + (i % 7) / 100}, 2)`,
      ``,
      `    def label(self):`,
      `        return f"Order {self.customer.name}: {self.total():.2f} ({len(self.items)} items)"`,
      ``,
    );
    if (i % 70 === 0) {
      out.push(
        `def answer_${i}(question):`,
        `    return client.chat.completions.create(`,
        `        model="gpt-4o-mini",`,
        `        messages=[`,
        `            {"role": "system", "content": f"Today is {datetime.now():%Y-%m-%d}.\\n\\n{POLICY}"},`,
        `            {"role": "user", "content": question},`,
        `        ],`,
        `    )`,
        ``,
      );
    }
  }
  return out.join('\n');
}

/** Ordinary TypeScript with an LLM call every ~1,000 lines. */
export function scriptModule(seed: number): string {
  const out = ["import OpenAI from 'openai';", '', 'const client = new OpenAI();', `const GUIDE = \`${policy(seed)}\`;`, ''];
  for (let i = 0; out.length < LINES; i++) {
    out.push(
      `export class Order${i} {`,
      `  constructor(private readonly items: Array<{ price: number; quantity?: number }>, private readonly customer: { name: string }) {}`,
      ``,
      `  total(): number {`,
      `    let subtotal = 0;`,
      `    for (const item of this.items) subtotal += item.price * (item.quantity ?? 1);`,
      `    return Math.round(subtotal * ${100 + (i % 7)}) / 100;`,
      `  }`,
      ``,
      `  label(): string {`,
      '    return `Order ${this.customer.name}: ${this.total().toFixed(2)} (${this.items.length} items)`;',
      `  }`,
      `}`,
      ``,
    );
    if (i % 70 === 0) {
      out.push(
        `export async function answer${i}(user: { name: string }, question: string) {`,
        `  return client.chat.completions.create({`,
        `    model: 'gpt-4o',`,
        '    messages: [{ role: \'system\', content: `You help ${user.name}.\\n\\n${GUIDE}` }, { role: \'user\', content: question }],',
        `  });`,
        `}`,
        ``,
      );
    }
  }
  return out.join('\n');
}

const MANY_CALLS_LINES = 20_000;

/**
 * Generated code: a function per LLM call, 2,200 of them, each sending a per-user line before one
 * long module constant. Costs that grow with the file for each call grow with its square here.
 */
export function manyCallsModule(seed: number): string {
  const rules = Array.from({ length: 150 }, (_, i) => `Rule ${i} (v${seed}): answer about ${['refunds', 'shipping', 'orders'][i % 3]} using policy.`);
  const out = ['from openai import OpenAI', 'client = OpenAI()', `POLICY = """${rules.join('\n')}"""`];
  for (let i = 0; out.length < MANY_CALLS_LINES; i++) {
    out.push(
      '',
      `def f${i}(q, user):`,
      '    return client.chat.completions.create(',
      '        model="gpt-4o-mini",',
      '        messages=[',
      '            {"role": "system", "content": f"User {user}\\n" + POLICY},',
      '            {"role": "user", "content": q},',
      '        ],',
      '    )',
    );
  }
  return out.join('\n');
}

const SCHEMA_CALLS = 2000;
const SCHEMA_FIELDS = 300;

/**
 * Generated code: 2,000 AI SDK `generateObject` calls sharing one 300-field zod schema, each
 * written as the AI SDK sends it.
 */
export function schemaCallsModule(seed: number): string {
  const fields = Array.from({ length: SCHEMA_FIELDS }, (_, i) => `  f${i}: z.string().describe('field ${i} (v${seed})'),`);
  const out = ["import { openai } from '@ai-sdk/openai';", "import { generateObject } from 'ai';", "import { z } from 'zod/v4';", 'const Order = z.object({', ...fields, '});'];
  for (let i = 0; i < SCHEMA_CALLS; i++) out.push(`export const extract${i} = (email: string) => generateObject({ model: openai('gpt-4o-mini'), schema: Order, prompt: email });`);
  return out.join('\n');
}

function ms(value: number): string {
  return `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
}

export async function sourceFiles(log: (line: string) => void): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  const loadStart = performance.now();
  await analyzeSource({ fileName: 'warm.py', text: 'import openai\n' });
  await analyzeSource({ fileName: 'warm.ts', text: "import OpenAI from 'openai';\n" });
  rows.push({ measure: 'Source parser load (runtime + Python + TypeScript grammars)', value: ms(performance.now() - loadStart), detail: 'first use in the process' });

  for (const [label, fileName, make] of [
    ['Python', 'module.py', pythonModule],
    ['TypeScript', 'module.ts', scriptModule],
  ] as const) {
    const texts = Array.from({ length: RUNS.warmup + RUNS.runs }, (_, i) => make(i));
    let calls = 0;
    const timing = await measure(RUNS.warmup, RUNS.runs, async (i) => {
      calls = (await analyzeSource({ fileName, text: texts[i] })).prompts.length;
    });
    const kb = (texts[0].length / 1024).toFixed(0);
    log(`  ${label} source: ${ms(timing.medianMs)}`);
    rows.push({
      measure: `Source file analysis, ${label}, ${LINES.toLocaleString('en-US')} lines (${kb} KB, ${calls} LLM calls)`,
      value: ms(timing.medianMs),
      detail: `median of ${timing.runs}; min ${ms(timing.minMs)}, max ${ms(timing.maxMs)}; target under 100 ms`,
    });
  }

  const manyTexts = [0, 1, 2, 3].map(manyCallsModule);
  let manyCalls = 0;
  const many = await measure(1, 3, async (i) => {
    manyCalls = (await analyzeSource({ fileName: 'many_calls.py', text: manyTexts[i] })).prompts.length;
  });
  log(`  Many calls: ${ms(many.medianMs)}`);
  rows.push({
    measure: `Source file analysis, Python, ${MANY_CALLS_LINES.toLocaleString('en-US')} lines of ${manyCalls.toLocaleString('en-US')} LLM calls sharing one constant`,
    value: ms(many.medianMs),
    detail: `median of ${many.runs}; min ${ms(many.minMs)}, max ${ms(many.maxMs)}`,
  });

  const schemaTexts = [0, 1, 2, 3].map(schemaCallsModule);
  const manifest = JSON.stringify({ dependencies: { ai: '^7.0.0' } });
  let schemaCalls = 0;
  const schemas = await measure(1, 3, async (i) => {
    const result = await analyzeSource({ fileName: '/bench/app/extract.ts', text: schemaTexts[i], readFile: (path) => (path === '/bench/app/package.json' ? manifest : undefined) });
    schemaCalls = result.prompts.length;
  });
  log(`  Schema calls: ${ms(schemas.medianMs)}`);
  rows.push({
    measure: `Source file analysis, TypeScript, ${schemaCalls.toLocaleString('en-US')} AI SDK calls sharing one ${SCHEMA_FIELDS}-field zod schema`,
    value: ms(schemas.medianMs),
    detail: `median of ${schemas.runs}; min ${ms(schemas.minMs)}, max ${ms(schemas.maxMs)}`,
  });

  // An image the program reads from disk and sends inline, as its base64 text: the largest file read
  // for it beside a small one (the bytes are served from memory: the disk is not what is measured).
  for (const bytes of [50 * 1024, MAX_BYTES_READ]) {
    const image = pngOfSize(bytes);
    let tokens = 0;
    const timing = await measure(1, 5, async () => {
      const result = await analyzeSource({ fileName: '/bench/app/vision.py', text: VISION_CALL, readFile: () => undefined, readBytes: (path) => (path === '/bench/app/chart.png' ? image : undefined) });
      tokens = result.prompts[0].analysis.promptTokens;
    });
    const size = bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
    log(`  Image ${size}: ${ms(timing.medianMs)}`);
    rows.push({
      measure: `Source file analysis, Python, one call sending a ${size} PNG read from disk as base64`,
      value: ms(timing.medianMs),
      detail: `median of ${timing.runs}; min ${ms(timing.minMs)}, max ${ms(timing.maxMs)}; ${tokens.toLocaleString('en-US')} tokens`,
    });
  }

  const plain = pythonModule(0).replace('from openai import OpenAI', 'from shop import Client');
  const check = await measure(5, 21, () => importsLlmSdk(plain, 'python'));
  rows.push({ measure: `SDK pre-check, ${LINES.toLocaleString('en-US')}-line file without an SDK import`, value: ms(check.medianMs), detail: `median of ${check.runs}; nothing is parsed` });
  return rows;
}

/** OpenAI's vision guide, as a program writes it: the image read, base64-encoded and sent in a data URL. */
const VISION_CALL = `import base64
from openai import OpenAI
client = OpenAI()

def encode_image(image_path):
    with open(image_path, "rb") as image_file:
        return base64.b64encode(image_file.read()).decode("utf-8")

def describe():
    image = encode_image("/bench/app/chart.png")
    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": [
        {"type": "text", "text": "What is in this image?"},
        {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{image}"}},
    ]}])
`;

/** `bytes` bytes that start as a 4,000 × 3,000 PNG: its header, then data that does not compress. */
function pngOfSize(bytes: number): Uint8Array {
  const data = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) data[i] = (i * 2654435761) >>> 24;
  data.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0x0f, 0xa0, 0, 0, 0x0b, 0xb8, 8, 2, 0, 0, 0]);
  return data;
}
