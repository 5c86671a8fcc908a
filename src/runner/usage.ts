/**
 * Usage objects from the three APIs read into one shape. A field the endpoint did not send is
 * `null`: "not reported" must never turn into 0, because 0 means "reported, nothing cached".
 */
export interface UsageFigures {
  promptTokens: number | null;
  cachedTokens: number | null;
  cacheWriteTokens: number | null;
  cacheCreationInputTokens: number | null;
  cacheReadInputTokens: number | null;
  /** Anthropic 1-hour writes, priced apart from 5-minute ones. */
  cacheWrite1hTokens: number | null;
  outputTokens: number | null;
}

const EMPTY: UsageFigures = {
  promptTokens: null,
  cachedTokens: null,
  cacheWriteTokens: null,
  cacheCreationInputTokens: null,
  cacheReadInputTokens: null,
  cacheWrite1hTokens: null,
  outputTokens: null,
};

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function obj(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

/** Chat Completions `usage`. */
export function readChatUsage(usage: unknown): UsageFigures {
  const u = obj(usage);
  if (!u) return EMPTY;
  const details = obj(u.prompt_tokens_details);
  return {
    ...EMPTY,
    promptTokens: num(u.prompt_tokens),
    cachedTokens: num(details?.cached_tokens),
    cacheWriteTokens: num(details?.cache_write_tokens),
    outputTokens: num(u.completion_tokens),
  };
}

/** Responses API `usage`. */
export function readResponsesUsage(usage: unknown): UsageFigures {
  const u = obj(usage);
  if (!u) return EMPTY;
  const details = obj(u.input_tokens_details);
  return {
    ...EMPTY,
    promptTokens: num(u.input_tokens),
    cachedTokens: num(details?.cached_tokens),
    cacheWriteTokens: num(details?.cache_write_tokens),
    outputTokens: num(u.output_tokens),
  };
}

/**
 * Anthropic `usage`: `input_tokens` counts only what comes after the last breakpoint, so the prompt
 * total adds the cache reads and writes.
 */
export function readAnthropicUsage(usage: unknown): UsageFigures {
  const u = obj(usage);
  if (!u) return EMPTY;
  const input = num(u.input_tokens);
  const creation = num(u.cache_creation_input_tokens);
  const read = num(u.cache_read_input_tokens);
  const split = obj(u.cache_creation);
  return {
    promptTokens: input === null ? null : input + (creation ?? 0) + (read ?? 0),
    cachedTokens: read,
    cacheWriteTokens: creation,
    cacheCreationInputTokens: creation,
    cacheReadInputTokens: read,
    cacheWrite1hTokens: num(split?.ephemeral_1h_input_tokens),
    outputTokens: num(u.output_tokens),
  };
}
