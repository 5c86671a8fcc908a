/**
 * The tokens OpenAI's chat models add around what a request carries, as measured against recorded
 * `usage.prompt_tokens` (see test/fixtures/recorded/). One table, so a model family that frames
 * differently is a change of numbers, not of code.
 */

export const OPENAI_FRAMING = {
  /**
   * Every message: `<|start|>{role}<|message|>{content}<|end|>`: 3 tokens besides the role's own
   * (the cookbook's tokens_per_message).
   */
  perMessage: 3,
  /** A `name` costs its own tokens plus 1 (the cookbook's tokens_per_name). */
  perName: 1,
  /** Every reply is primed with `<|start|>assistant<|message|>`. */
  replyPriming: 3,
  /**
   * The tools block is `namespace functions {...}` plus a fixed preamble: 9 tokens when the request
   * has no system message (the block then forms a system message of its own), 5 when it joins the
   * first system message, whose content also gains a trailing newline.
   */
  toolsPreambleAlone: 9,
  toolsPreambleInSystem: 5,
  systemPaddingWithTools: '\n',
  /** `tool_choice`/`function_call` "none" adds 1 token; naming a function adds 4 plus its name. */
  toolChoiceNone: 1,
  toolChoiceNamedFunction: 4,
  /**
   * Legacy `function` role messages: the role word is replaced by the function's name
   * (`<|start|>{name}<|message|>{content}<|end|>`).
   */
  functionRoleUsesName: true,
  /** Legacy assistant `function_call`: name and arguments plus 3 tokens of framing. */
  functionCallFraming: 3,
  /**
   * Assistant `tool_calls`: each call costs its name, its arguments and this much framing. Fitted
   * to one recorded gpt-4 request; a gpt-3.5-turbo request from late 2023 came out one token
   * lower, so tool calls are reported as estimates.
   */
  toolCallFraming: 5,
  /** Structured outputs: `# Response Formats\n\n## {name}\n\n{schema}` (harmony format, not measured). */
  responseFormatHeader: '# Response Formats\n\n## ',
} as const;

export const TOOL_CALLS_ESTIMATE =
  'Assistant tool calls and tool results are framed in an undocumented way; their framing is fitted to ' +
  'recorded requests and may be off by a token or two.';

export const RESPONSE_FORMAT_ESTIMATE =
  'No recorded usage pins how response_format schemas are rendered; counted as a "# Response Formats" ' +
  'section (the published harmony layout).';

export const RESPONSES_API_ESTIMATE =
  'Responses API framing is assumed equal to Chat Completions; no recorded input_tokens confirm it yet.';

export const BUILT_IN_TOOL_ESTIMATE =
  'Built-in tools (web search, file search, ...) add instructions of unknown length; not counted.';

export const TOOL_CHOICE_ESTIMATE = 'tool_choice "required" adds an unmeasured number of tokens; not counted.';
