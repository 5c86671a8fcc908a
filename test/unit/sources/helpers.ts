/** Runs the source analysis on text held in memory, with other "files" for imports. */
import { join } from 'node:path';
import { analyzeSource, type SourcePrompt } from '../../../src/core/sources/analyzeSource';

export const DIR = join('/virtual', 'app');

export async function promptsOf(fileName: string, text: string, files: Record<string, string> = {}): Promise<SourcePrompt[]> {
  const result = await analyzeSource({
    fileName: join(DIR, fileName),
    text,
    readFile: (path) => files[path.slice(DIR.length + 1)],
  });
  return result.prompts;
}

/** The first prompt, which the test expects to exist. */
export async function onlyPrompt(fileName: string, text: string, files: Record<string, string> = {}): Promise<SourcePrompt> {
  const prompts = await promptsOf(fileName, text, files);
  if (prompts.length !== 1) throw new Error(`expected one LLM call, found ${prompts.length}`);
  return prompts[0];
}

/** The decoded text of every message part, in order. */
export function messageTexts(prompt: SourcePrompt): string[] {
  return prompt.analysis.request.messages.flatMap((m) => m.parts.flatMap((p) => (p.type === 'text' ? [p.piece.text] : [])));
}

/** `count` sentences of policy text: roughly 20 tokens each. */
export function longText(count: number, word = 'policy'): string {
  return Array.from({ length: count }, (_, i) => `Rule ${i + 1} of the ${word}: answer with care, cite the source and keep it short.`).join('\n');
}

/** A Python file whose one call sends `content` (an expression) as the system message, then the question. */
export const pythonSystemCall = (prelude: string, content: string) => `import json
from openai import OpenAI
client = OpenAI()
${prelude}
def run(question):
    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "system", "content": ${content}}, {"role": "user", "content": question}])
`;

/** A TypeScript file whose one call sends `content` (an expression) as the system message, then the question. */
export const scriptSystemCall = (prelude: string, content: string) => `import OpenAI from "openai";
const client = new OpenAI();
${prelude}
export async function run(question: string) {
  return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: ${content} }, { role: "user", content: question }] });
}
`;

/**
 * The text of the first message's first part when the reader says it knows it: no placeholder in
 * it, and nothing in the estimate but the call's `question`. Undefined otherwise.
 */
export function knownSystemText(prompt: SourcePrompt): string | undefined {
  const part = prompt.analysis.request.messages[0]?.parts[0];
  if (part?.type !== 'text' || part.piece.dynamic.length > 0) return undefined;
  const onlyQuestion = (prompt.analysis.estimateReasons ?? []).every((reason) => reason === 'a value known only at run time (`question`) counted as written in the code');
  return onlyQuestion ? part.piece.text : undefined;
}

/** A small deterministic generator (mulberry32): the same numbers in [0, 1) for a seed. */
export function seededRandom(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
