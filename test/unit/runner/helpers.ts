import { parsePrompt } from '../../../src/core/formats/index';
import type { PromptRequest } from '../../../src/core/model';
import { startSimulator } from '../../../src/simulator/index';
import type { RunningSimulator, SimulatorServerOptions } from '../../../src/simulator/options';

/** A system prompt well past OpenAI's 1,024-token minimum, and a templated question after it. */
export const LONG_SYSTEM = Array.from({ length: 160 }, (_, i) => `Rule ${i + 1}: answer briefly and cite the handbook section.`).join('\n');

export function longChatPrompt(): PromptRequest {
  const body = {
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: LONG_SYSTEM },
      { role: 'user', content: 'Question: {{ question }}' },
    ],
  };
  return parsePrompt('request.json', JSON.stringify(body));
}

/** OpenAI's documented rounding before gpt-5.6: 1,024 then steps of 128. */
export function roundedPrefix(tokens: number): number {
  return tokens < 1024 ? 0 : 1024 + Math.floor((tokens - 1024) / 128) * 128;
}

/** Runs `body` against a fresh simulator and always closes it. */
export async function withSimulator<T>(options: SimulatorServerOptions, body: (sim: RunningSimulator) => Promise<T>): Promise<T> {
  const sim = await startSimulator(options);
  try {
    return await body(sim);
  } finally {
    await sim.close();
  }
}
