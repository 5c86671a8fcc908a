/**
 * The tokens OpenAI's chat models add around what a request carries, as measured against recorded
 * `usage.prompt_tokens` (see test/fixtures/recorded/). One table, so a model family that frames
 * differently is a change of numbers, not of code.
 */

export interface OpenAIFraming {
  /**
   * Every message: `<|start|>{role}<|message|>{content}<|end|>`: 3 tokens besides the role's own
   * (the cookbook's tokens_per_message).
   */
  perMessage: number;
  /** A `name` costs its own tokens plus this (the cookbook's tokens_per_name). */
  perName: number;
  /** Every reply is primed with `<|start|>assistant<|message|>`. */
  replyPriming: number;
  /**
   * The tools block is `namespace functions {...}` plus a fixed preamble: `toolsPreambleAlone`
   * when the request has no system message (the block then forms a system message of its own),
   * `toolsPreambleInSystem` when it joins the first system message, whose content also gains a
   * trailing newline.
   */
  toolsPreambleAlone: number;
  toolsPreambleInSystem: number;
  systemPaddingWithTools: string;
  /** Tokens a family adds to every request that declares function tools (its tool-use instructions). */
  toolsInstructions: number;
  /** `tool_choice`/`function_call` "none" adds this. */
  toolChoiceNone: number;
  /** `tool_choice: {type: "function", function: {name}}` adds this plus `{namedChoicePrefix}{name}`. */
  toolChoiceNamedFunction: number;
  namedChoicePrefix: string;
  /** Legacy `function_call: {name}` adds this plus the name. */
  functionCallNamed: number;
  /**
   * Legacy `function` role messages: the role word is replaced by the function's name
   * (`<|start|>{name}<|message|>{content}<|end|>`).
   */
  functionRoleUsesName: boolean;
  /** Legacy assistant `function_call`: name and arguments plus this framing. */
  functionCallFraming: number;
  /** Assistant `tool_calls`: each call costs its name, its arguments and this much framing. */
  toolCallFraming: number;
  /**
   * Extra tokens on an earlier assistant answer in the conversation (reasoning models write it to
   * their final channel).
   */
  assistantAnswerFraming: number;
  /** Written before each called function's name (`functions.get_weather` on the o200k families). */
  callNamePrefix: string;
  /**
   * Where several calls in one turn are written as one call of a parallel wrapper: the wrapper's
   * name (empty: each call on its own) and the framing it adds to `toolCallFraming`.
   */
  parallelCallsWrapper: string;
  parallelCallsFraming: number;
  /** Structured outputs: `# Response Formats\n\n## {name}\n\n{schema}` (harmony format). */
  responseFormatHeader: string;
}

/**
 * The framing of the gpt-3.5 / gpt-4 / gpt-4o generation, fitted to the recorded pairs (the
 * cookbook notebook, hmarr/openai-chat-tokens, and the framework cassettes listed in
 * test/fixtures/recorded/). Families that differ override some fields below.
 */
export const OPENAI_FRAMING: OpenAIFraming = {
  perMessage: 3,
  perName: 1,
  replyPriming: 3,
  toolsPreambleAlone: 9,
  toolsPreambleInSystem: 5,
  systemPaddingWithTools: '\n',
  toolsInstructions: 0,
  toolChoiceNone: 1,
  toolChoiceNamedFunction: 6,
  namedChoicePrefix: 'functions.',
  functionCallNamed: 4,
  functionRoleUsesName: true,
  functionCallFraming: 3,
  toolCallFraming: 5,
  assistantAnswerFraming: 0,
  callNamePrefix: '',
  parallelCallsWrapper: '',
  parallelCallsFraming: 0,
  responseFormatHeader: '# Response Formats\n\n## ',
};

interface FamilyFraming {
  /** Model-name prefix (after normalisation); the longest match wins. */
  prefix: string;
  framing: Partial<OpenAIFraming>;
}

/**
 * The o200k chat families name a called function with its namespace, and write parallel calls as
 * one call of `multi_tool_use.parallel`.
 */
const O200K_CALLS: Partial<OpenAIFraming> = {
  callNamePrefix: 'functions.',
  parallelCallsWrapper: 'multi_tool_use.parallel',
  parallelCallsFraming: 1,
};
/** Reasoning models prime the reply with one token less. */
const REASONING: Partial<OpenAIFraming> = { ...O200K_CALLS, replyPriming: 2, assistantAnswerFraming: 2 };
const O_SERIES: Partial<OpenAIFraming> = { ...REASONING, toolsPreambleAlone: 10, toolsPreambleInSystem: 6 };

/**
 * Families that differ from the base; gpt-5.x also adds tool-use instructions whenever function
 * tools are declared. Each row is fitted to the recorded pairs of its family.
 */
const FAMILY_FRAMING: readonly FamilyFraming[] = [
  { prefix: 'gpt-4o', framing: O200K_CALLS },
  { prefix: 'chatgpt-4o', framing: O200K_CALLS },
  { prefix: 'gpt-4.1', framing: O200K_CALLS },
  { prefix: 'gpt-4.5', framing: O200K_CALLS },
  { prefix: 'o1', framing: O_SERIES },
  { prefix: 'o1-mini', framing: { ...O_SERIES, replyPriming: 3 } },
  { prefix: 'o3', framing: O_SERIES },
  { prefix: 'o4', framing: O_SERIES },
  { prefix: 'gpt-5', framing: { ...REASONING, toolsInstructions: 85 } },
];

/** The framing for a resolved model name. */
export function openAIFramingFor(model: string): OpenAIFraming {
  let best: FamilyFraming | undefined;
  for (const row of FAMILY_FRAMING) {
    if (model.startsWith(row.prefix) && (!best || row.prefix.length > best.prefix.length)) best = row;
  }
  return best ? { ...OPENAI_FRAMING, ...best.framing } : OPENAI_FRAMING;
}

export const TOOL_CALLS_ESTIMATE =
  'Assistant tool calls and tool results are framed in an undocumented way; fitted to recorded turns, ' +
  'most match exactly but some are off by a few tokens (see docs/accuracy.md).';

export const RESPONSE_FORMAT_ESTIMATE =
  'Structured-output schemas are counted as a "# Response Formats" section with the schema as compact ' +
  'JSON; recorded requests show the provider writes them differently (0 to 50 tokens fewer).';

export const NESTED_TOOL_SCHEMA_ESTIMATE =
  'Tool parameters with nested objects or $ref are counted with the nested properties written out; ' +
  'recorded requests with nested schemas come out 5 to 22 tokens higher than this count.';

export const MULTILINE_DESCRIPTION_ESTIMATE =
  'Tool descriptions of several lines are counted with each non-empty line as its own comment (leading ' +
  'whitespace of later lines dropped), as recorded single-turn requests show; how indented lines are ' +
  'written is pinned by one recorded request only.';

export const RESPONSES_TOOLS_ESTIMATE =
  'Function tools on the Responses API are counted as on Chat Completions; recorded Responses requests ' +
  'with tools differ by a few tokens.';

export const BUILT_IN_TOOL_ESTIMATE =
  'Built-in tools (web search, file search, ...) add instructions of unknown length; not counted.';

export const TOOL_CHOICE_ESTIMATE = 'tool_choice "required" adds an unmeasured number of tokens; not counted.';
