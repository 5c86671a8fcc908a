/**
 * The most input tokens a model accepts, by model-name prefix (the longest matching prefix wins),
 * for the models whose limit is published and settled. A row without `inputTokens` stops a shorter
 * prefix from answering for models whose limit is not known here (the gpt-5.x point releases,
 * Claude 4.6 and later): no limit is checked for them.
 *
 * Sources (read 2026-11): OpenAI's model pages (context window and max output per model); the API's
 * own error for gpt-5, whose 400,000-token window keeps 128,000 for the output ("Input tokens exceed
 * the configured limit of 272,000 tokens", OpenAI developer forum, 2025); Anthropic's models
 * overview (200,000 tokens; 1,000,000 with the `context-1m-2025-08-07` beta on Claude Sonnet 4 and 4.5).
 */
import { normalizeModelName } from './models';

interface ContextWindowRow {
  prefix: string;
  /** The most input tokens a request may carry; absent where not known. */
  inputTokens?: number;
  /** The model's whole context window when the input limit is less (output reserved). */
  contextTokens?: number;
  /** Input tokens under Anthropic's long-context beta, where the model has it. */
  longContextBeta?: number;
}

const ROWS: readonly ContextWindowRow[] = [
  { prefix: 'gpt-3.5-turbo', inputTokens: 16_385 },
  { prefix: 'gpt-3.5-turbo-0301', inputTokens: 4_096 },
  { prefix: 'gpt-3.5-turbo-0613', inputTokens: 4_096 },
  { prefix: 'gpt-3.5-turbo-16k', inputTokens: 16_385 },
  { prefix: 'gpt-4', inputTokens: 8_192 },
  { prefix: 'gpt-4-32k', inputTokens: 32_768 },
  { prefix: 'gpt-4-turbo', inputTokens: 128_000 },
  { prefix: 'gpt-4-1106', inputTokens: 128_000 },
  { prefix: 'gpt-4-0125', inputTokens: 128_000 },
  { prefix: 'gpt-4-vision', inputTokens: 128_000 },
  { prefix: 'gpt-4o', inputTokens: 128_000 },
  { prefix: 'chatgpt-4o', inputTokens: 128_000 },
  { prefix: 'gpt-4.1', inputTokens: 1_047_576 },
  { prefix: 'gpt-4.5', inputTokens: 128_000 },
  { prefix: 'gpt-5', inputTokens: 272_000, contextTokens: 400_000 },
  { prefix: 'gpt-5-chat', inputTokens: 128_000 },
  { prefix: 'gpt-5.' },
  { prefix: 'o1', inputTokens: 200_000 },
  { prefix: 'o1-mini', inputTokens: 128_000 },
  { prefix: 'o1-preview', inputTokens: 128_000 },
  { prefix: 'o3', inputTokens: 200_000 },
  { prefix: 'o4-mini', inputTokens: 200_000 },
  { prefix: 'claude-3', inputTokens: 200_000 },
  { prefix: 'claude-opus-4', inputTokens: 200_000 },
  { prefix: 'claude-sonnet-4', inputTokens: 200_000, longContextBeta: 1_000_000 },
  { prefix: 'claude-haiku-4-5', inputTokens: 200_000 },
  // Claude 4.6 and later: not settled here.
  { prefix: 'claude-opus-4-6' },
  { prefix: 'claude-sonnet-4-6' },
  { prefix: 'claude-opus-4-8' },
  { prefix: 'claude-opus-5' },
  { prefix: 'claude-sonnet-5' },
];

/** The beta header value that opens Claude's 1M-token context. */
const LONG_CONTEXT_BETA = /^context-1m-/;

export interface ContextWindow {
  /** The most input tokens the request may carry. */
  inputTokens: number;
  /** The whole window, when part of it is kept for the output. */
  contextTokens?: number;
}

/** The input limit of `model` (a request's `betas` may open a longer one), or undefined when not known. */
export function contextWindowFor(model: string, betas?: unknown): ContextWindow | undefined {
  const name = normalizeModelName(model);
  let best: ContextWindowRow | undefined;
  for (const row of ROWS) {
    if (name.startsWith(row.prefix) && (!best || row.prefix.length > best.prefix.length)) best = row;
  }
  if (best?.inputTokens === undefined) return undefined;
  const longContext = Array.isArray(betas) && betas.some((beta) => typeof beta === 'string' && LONG_CONTEXT_BETA.test(beta));
  if (longContext && best.longContextBeta) return { inputTokens: best.longContextBeta };
  return { inputTokens: best.inputTokens, ...(best.contextTokens ? { contextTokens: best.contextTokens } : {}) };
}
