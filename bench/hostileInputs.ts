/**
 * Hostile inputs: files shaped to hit the analysis where its work once grew with the square of
 * their size (or worse), each analysed whole (`analyzePrompt`, or `analyzeSource` for code) with
 * the tokenizer loaded. They stay here so that a return of that growth shows as a number, not as a
 * test that takes minutes. `node --import tsx bench/hostileInputs.ts` prints them alone.
 */
import { performance } from 'node:perf_hooks';
import { analyzePrompt } from '../src/core/analyze';
import { editorView } from '../src/core/editorView';
import { analyzeSource } from '../src/core/sources/analyzeSource';
import { measure } from './stats';

export interface HostileRow {
  measure: string;
  value: string;
  detail: string;
}

interface HostileInput {
  label: string;
  fileName: string;
  /** A different text for each seed throughout, so no run reads another's cached scans. */
  make: (seed: number) => string;
  /** What the same input took before the fix, on the benchmark's machine. */
  before: string;
}

const lines = (count: number, line: (i: number) => string) => Array.from({ length: count }, (_, i) => line(i)).join('\n');
const pdfData = (body: string) => Buffer.from(`%PDF-1.7\n<< /Type /Page >>\n${body}`, 'latin1').toString('base64');
const claudeDocument = (data: string) =>
  JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data } }] }] });

export const HOSTILE_INPUTS: HostileInput[] = [
  {
    label: '16,000 timestamps in a Prompty system message',
    fileName: 'log.prompty',
    make: (seed) => `system:\n${lines(16_000, (i) => `Entry ${i}.${seed} created 2026-03-14T09:12:${String(i % 60).padStart(2, '0')}Z`)}\n\nuser:\n{{question}}\n`,
    before: '4.5 s',
  },
  {
    label: '16,000 `Current time:` lines (600 KB)',
    fileName: 'steps.prompt',
    make: (seed) => lines(16_000, (i) => `Current time: 2026-03-14 09:12:00 UTC (${seed}.${i})`),
    before: '4.5 s',
  },
  {
    label: '40,000 template variables in one plain template',
    fileName: 'vars.prompt',
    make: (seed) => Array.from({ length: 40_000 }, (_, i) => `{{v${i}_${seed}}}`).join(' '),
    before: '3.5 s',
  },
  {
    label: '100,000 `{{{` in a Prompty body (300 KB)',
    fileName: 'braces.prompty',
    make: (seed) => `---\nname: t\n---\nsystem:\n${`${'{{{'.repeat(999)}${seed}`.repeat(100)}\n`,
    before: '45 s',
  },
  {
    label: 'Responses request of 16,000 items, a fifth of them reasoning without a summary',
    fileName: 'items.json',
    make: (seed) =>
      JSON.stringify({
        model: 'gpt-4o',
        input: Array.from({ length: 16_000 }, (_, i) =>
          [
            { role: 'user', content: `x${seed}.${i}` },
            { type: 'function_call', call_id: `c${i}`, name: 'f', arguments: '{}' },
            { type: 'function_call_output', call_id: `c${i}`, output: '{"a":1}' },
            { type: 'reasoning', summary: [] },
            { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'y' }] },
          ][i % 5],
        ),
      }),
    before: '6.0 s',
  },
  {
    label: 'Chat request of 200,000 messages (7.5 MB)',
    fileName: 'messages.json',
    make: (seed) => JSON.stringify({ model: 'gpt-4o', messages: Array.from({ length: 200_000 }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: `m${i}.${seed}` })) }),
    before: '13 s',
  },
  {
    label: 'PDF document with 50,000 `stream` keywords (600 KB)',
    fileName: 'streams.json',
    make: (seed) => claudeDocument(pdfData(`${`stream\n${seed}\n`.repeat(50_000)}endstream\n`)),
    before: '11.5 s',
  },
  {
    label: 'PDF document with 50,000 text objects left open (670 KB)',
    fileName: 'objects.json',
    make: (seed) => claudeDocument(pdfData(`<< >>\nstream\n${`BT (${seed}) Tj `.repeat(50_000)}\nendstream\n`)),
    before: '4.2 s',
  },
];

/** A TypeScript module whose value is 1,000 minus signs deep (read to the nesting limit). */
const NESTED_MINUS = `import OpenAI from "openai";\nconst client = new OpenAI();\nconst N = x ${'- '.repeat(1000)}1;\nclient.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: String(N) }] });\n`;

const pyCall = (prelude: string, content: string) =>
  `from openai import OpenAI\n${prelude}\nclient = OpenAI()\n\ndef run():\n    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": ${content}}])\n`;
const tsCall = (prelude: string, content: string) =>
  `import OpenAI from "openai";\n${prelude}\nconst client = new OpenAI();\n\nexport async function run() {\n  return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: ${content} }] });\n}\n`;

/**
 * Source code written thousands of times over, each analysed whole by `analyzeSource`. The figures
 * before the fix were measured side by side with the fixed code, in one process, on this machine.
 */
export const HOSTILE_SOURCES: HostileInput[] = [
  {
    label: 'Python call nested 5,000 deep (`str(str(...))`)',
    fileName: 'nested.py',
    make: (seed) => pyCall(`# ${seed}`, `${'str('.repeat(5000)}"x"${')'.repeat(5000)}`),
    before: '19.0 s',
  },
  {
    label: 'TypeScript method chained 500 times (`"x".trim().trim()...`)',
    fileName: 'chain.ts',
    make: (seed) => tsCall(`// ${seed}`, `"x"${'.trim()'.repeat(500)}`),
    before: '58.4 s',
  },
  {
    label: 'Python name assigned from itself 5,000 times (`a = a + a`)',
    fileName: 'doubling.py',
    make: (seed) => pyCall(`a = "ab${seed}"\n${'a = a + a\n'.repeat(5000)}`, 'a'),
    before: '43.3 s',
  },
  {
    label: 'Python `len(len(...(question)))` 30 deep around a value only the program knows',
    fileName: 'lengths.py',
    make: (seed) => pyCall(`# ${seed}`, `${'len('.repeat(30)}question${')'.repeat(30)}`),
    before: '27.0 s',
  },
  {
    label: 'Python `question.strip().lower()` chained 15 times (30 methods)',
    fileName: 'methods.py',
    make: (seed) => pyCall(`# ${seed}`, `question${'.strip().lower()'.repeat(15)}`),
    before: '32.0 s',
  },
  {
    label: 'TypeScript `question.trim().toLowerCase()` chained 15 times (30 methods)',
    fileName: 'methods.ts',
    make: (seed) => tsCall(`// ${seed}`, `question${'.trim().toLowerCase()'.repeat(15)}`),
    before: '1.16 s',
  },
  {
    label: 'Python `json.dumps(json.dumps(...(question)))` 30 deep',
    fileName: 'dumps.py',
    make: (seed) => pyCall(`import json  # ${seed}`, `${'json.dumps('.repeat(30)}question${')'.repeat(30)}`),
    before: '36.9 s',
  },
  {
    label: 'TypeScript `JSON.stringify(JSON.stringify(...(question)))` 30 deep',
    fileName: 'stringify.ts',
    make: (seed) => tsCall(`// ${seed}`, `${'JSON.stringify('.repeat(30)}question${')'.repeat(30)}`),
    before: '2.21 s',
  },
  {
    label: 'Python `question.replace("a", "b")` chained 1,000 times (past the nesting limit)',
    fileName: 'replaced.py',
    make: (seed) => pyCall(`# ${seed}`, `question${'.replace("a", "b")'.repeat(1000)}`),
    before: '17.8 s',
  },
  {
    label: 'TypeScript `question.replace("a", "b")` chained 1,000 times (past the nesting limit)',
    fileName: 'replaced.ts',
    make: (seed) => tsCall(`// ${seed}`, `question${'.replace("a", "b")'.repeat(1000)}`),
    before: '13.4 s',
  },
  {
    label: 'Python text of 800 `"..." + str(time.time()) + ...` parts, each a breaker',
    fileName: 'joined.py',
    make: (seed) => pyCall(`import time  # ${seed}`, `${'"Line.\\n" + str(time.time()) + '.repeat(800)}"end"`),
    before: '21.3 s',
  },
];

/** A file the TypeScript parser recovers from slowly: stopped at its parse budget. */
const SLOW_PARSE = `import OpenAI from "openai";\n${'x = ['.repeat(8000)}${' '.repeat(2000)}}\n`;

function seconds(ms: number): string {
  return ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

export async function hostileInputs(log: (line: string) => void): Promise<HostileRow[]> {
  const rows: HostileRow[] = [];
  for (const input of HOSTILE_INPUTS) {
    const texts = [1, 2, 3, 4].map((seed) => input.make(seed));
    const timing = await measure(1, 3, (i) => analyzePrompt({ fileName: input.fileName, text: texts[i] }));
    log(`  hostile ${input.label}: ${seconds(timing.medianMs)}`);
    rows.push({
      measure: `Hostile input: ${input.label}`,
      value: seconds(timing.medianMs),
      detail: `median of ${timing.runs}; min ${seconds(timing.minMs)}, max ${seconds(timing.maxMs)}; ${input.before} before the fix`,
    });
  }
  // What the editor draws for a request of 100,000 tools (each tool tinted whole).
  const manyTools = JSON.stringify({
    model: 'gpt-4o',
    messages: [{ role: 'user', content: 'Go.' }],
    tools: Array.from({ length: 100_000 }, (_, i) => ({ type: 'function', function: { name: `tool_${i}`, description: `Tool ${i}.`, parameters: { type: 'object', properties: { q: { type: 'string' } } } } })),
  });
  const toolsAnalysis = await analyzePrompt({ fileName: 'tools.json', text: manyTools });
  const view = await measure(1, 3, () => editorView(toolsAnalysis, manyTools.length));
  log(`  hostile editor view of 100,000 tools: ${seconds(view.medianMs)}`);
  rows.push({ measure: 'Hostile input: editor view of a request of 100,000 tools', value: seconds(view.medianMs), detail: `median of ${view.runs}; 22 s before the fix` });
  // Full caches (as in the editor after a large file), then a request whose short texts repeat.
  await analyzePrompt({ fileName: 'tools.json', text: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Go on.' }], tools: Array.from({ length: 140_000 }, (_, i) => ({ type: 'function', function: { name: `t${i}` } })) }) });
  const calls = Array.from({ length: 30_000 }, (_, i) => ({ id: `c${i}`, type: 'function', function: { name: 'lookup', arguments: '{}' } }));
  const results = Array.from({ length: 70_000 }, (_, i) => ({ role: 'tool', tool_call_id: `c${i % 30_000}`, content: 'ok' }));
  const repeated = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Look everything up.' }, { role: 'assistant', tool_calls: calls }, ...results] });
  const start = performance.now();
  await analyzePrompt({ fileName: 'calls.json', text: repeated });
  const full = performance.now() - start;
  log(`  hostile repeated texts after a full cache: ${seconds(full)}`);
  rows.push({ measure: 'Hostile input: 70,000 tool results "ok" right after a 140,000-tool file (caches full)', value: seconds(full), detail: 'one run; 95 s before the fix' });
  await analyzeSource({ fileName: 'warm.ts', text: 'import OpenAI from "openai";\n' });
  for (const input of HOSTILE_SOURCES) {
    const texts = [1, 2, 3, 4].map((seed) => input.make(seed));
    const timing = await measure(1, 3, (i) => analyzeSource({ fileName: input.fileName, text: texts[i] }));
    log(`  hostile ${input.label}: ${seconds(timing.medianMs)}`);
    rows.push({
      measure: `Hostile input: ${input.label}`,
      value: seconds(timing.medianMs),
      detail: `median of ${timing.runs}; min ${seconds(timing.minMs)}, max ${seconds(timing.maxMs)}; ${input.before} before the fix`,
    });
  }
  const nested = await measure(1, 3, () => analyzeSource({ fileName: 'nested.ts', text: NESTED_MINUS }));
  log(`  hostile nested minus: ${seconds(nested.medianMs)}`);
  rows.push({ measure: 'Hostile input: TypeScript value 1,000 minus signs deep', value: seconds(nested.medianMs), detail: `median of ${nested.runs}; 0.9 s before the fix (2.5 s for a 13 KB file)` });
  const parseStart = performance.now();
  const refused = await analyzeSource({ fileName: 'slow.ts', text: SLOW_PARSE }).then(
    () => 'analysed',
    (error: Error) => error.message,
  );
  const parse = performance.now() - parseStart;
  log(`  hostile slow parse: ${seconds(parse)}`);
  rows.push({ measure: 'Hostile input: TypeScript file of 8,000 unclosed `x = [` (42 KB)', value: seconds(parse), detail: `one run, refused at the parse budget (${refused.startsWith('Parsing took') ? 'refused' : refused}); 44 s parse before` });
  return rows;
}

if (require.main === module) {
  void hostileInputs((line) => process.stderr.write(`${line}\n`)).then((rows) => {
    for (const row of rows) process.stdout.write(`${row.measure}: ${row.value} (${row.detail})\n`);
  });
}
