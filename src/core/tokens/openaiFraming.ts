/**
 * The tokens OpenAI's chat models add around what a request carries, as measured against recorded
 * `usage.prompt_tokens` (see test/fixtures/recorded/). One table, so a model family that frames
 * differently is a change of numbers, not of code.
 */

import { CHAT_TOOL_HEADER, type ToolHeaderStyle } from './toolNamespace';

/**
 * How `tool_choice: "required"` is counted: nothing (`free`), as naming the only tool, a fixed
 * number of tokens where the request has a system or developer message and nothing where it has
 * none (`bySystemMessage`), or an estimate.
 */
export type RequiredChoice = 'free' | 'namesSingleTool' | 'bySystemMessage' | 'unmeasured';

export interface OpenAIFraming {
  /**
   * Every message: `<|start|>{role}<|message|>{content}<|end|>`: 3 tokens besides the role's own
   * (the cookbook's tokens_per_message). gpt-3.5-turbo-0301 writes
   * `<|im_start|>{role}\n{content}<|im_end|>\n`: 4.
   */
  perMessage: number;
  /**
   * A message's `name` is written after its role as `{role}{nameSeparator}{name}`, tokenized as one
   * text: the separator costs a token of its own or none where it merges with the name's first
   * word (`system:example_user` costs one token more than `system` and `example_user` apart,
   * `user:user` and `assistant:not_your_average_bostonian` none more).
   */
  nameSeparator: string;
  /**
   * Whether a message's `name` is written in place of its role (`<|im_start|>{name}\n`) rather than
   * after it: gpt-3.5-turbo-0301 (the cookbook's tokens_per_name of -1, "if there's a name, the role
   * is omitted").
   */
  nameReplacesRole: boolean;
  /** Every reply is primed with `<|start|>assistant<|message|>`. */
  replyPriming: number;
  /** The reply priming on the Responses API, where it differs from Chat Completions'. */
  responsesReplyPriming?: number;
  /**
   * Whether messages are framed at all (`<|start|>{role}<|message|>...`, and the reply primed); where
   * not, the prompt is billed as the messages' contents alone.
   */
  framesMessages: boolean;
  /** False where the model's message framing is not measured (every count is an estimate). */
  messagesMeasured: boolean;
  /** Added to `perMessage` for a system or developer message, and for Responses `instructions`. */
  instructionMessageDelta: number;
  /**
   * The tools block is `namespace functions {...}` plus a fixed preamble: `toolsPreambleAlone`
   * when the request has no system message (the block then forms a system message of its own),
   * `toolsPreambleInSystem` when it joins the first system message, whose content also gains a
   * trailing newline.
   */
  toolsPreambleAlone: number;
  toolsPreambleInSystem: number;
  systemPaddingWithTools: string;
  /** Whether that first system message loses its trailing whitespace before the newline (Chat Completions). */
  systemTrimmedWithTools: boolean;
  /** The comment lines above each function's type in the tools block. */
  toolHeader: ToolHeaderStyle;
  /** Whether a parameter that refers to an enum definition (`$ref`) is written in place (see scalarDefinitionInPlace in toolNamespace.ts). */
  scalarDefinitionsInPlace: boolean;
  /**
   * How a tool parameter holding an array of objects written in place reads: `suffix`, `{...}[]`;
   * `generic`, `Array<` and the object on lines of its own, unindented, then `>` (an array of a named definition is `Array<Name>` on every family).
   */
  objectArrays: 'suffix' | 'generic';
  /** Spaces a nested object's properties are indented by in the tools block, per level of nesting. */
  nestedObjectIndent: number;
  /**
   * Objects below a union (`anyOf`/`oneOf`): `indented`, two spaces and `{...}[]` whatever the two
   * fields above say; `same`, as elsewhere.
   */
  unionObjects: 'indented' | 'same';
  /**
   * How a tool property whose `type` lists several types (`["string", "null"]`) reads on Chat
   * Completions (`variants`: one ` | type // description` line per type) and on the Responses API
   * (`inline`: `string | null`), and whether that is measured for the family; otherwise such a
   * property flags the count an estimate (TYPE_LIST_ESTIMATE).
   */
  typeLists: 'inline' | 'variants';
  typeListsMeasured: boolean;
  responsesTypeLists: 'inline' | 'variants';
  responsesTypeListsMeasured: boolean;
  /**
   * Whether tool parameters with nested objects are measured on Chat Completions (counted without an
   * estimate mark, unless a tool with nested objects has a nullable property, which no family fits yet).
   */
  nestedToolSchemasMeasured: boolean;
  /**
   * Whether leaving out open-map tool parameters (objects without `properties`: `isOpenMap` in
   * toolNamespace.ts) is measured on Chat Completions; elsewhere a tool with one is an estimate.
   */
  openMapsMeasured: boolean;
  /** Tokens a family adds to every request that declares function tools (its tool-use instructions). */
  toolsInstructions: number;
  /**
   * Responses API: the tool-use instructions in place of `toolsInstructions` (the same family frames
   * its tools differently on the two APIs).
   */
  responsesToolsInstructions: number;
  /**
   * `parallel_tool_calls: false` with function tools adds this on Chat Completions / the Responses
   * API; null where no recorded request measures it (the count is then an estimate).
   */
  parallelCallsOffChat: number | null;
  parallelCallsOffResponses: number | null;
  /**
   * Whether `parallelCallsOffResponses` is measured on more than one source; where not, it is
   * counted and the count still carries an estimate (PARALLEL_CALLS_OFF_ONE_SOURCE_ESTIMATE).
   */
  parallelCallsOffResponsesMeasured: boolean;
  /** Responses API: `tool_choice` "none" adds this; null where not measured. */
  responsesToolChoiceNone: number | null;
  /** `tool_choice`/`function_call` "none" adds this. */
  toolChoiceNone: number;
  /** `tool_choice: {type: "function", function: {name}}` adds this plus `{namedChoicePrefix}{name}`. */
  toolChoiceNamedFunction: number;
  namedChoicePrefix: string;
  /**
   * Whether a named `tool_choice` is written into the prompt as above (`written`) or costs nothing
   * (`free`, the choice then only constrains the reply); `responsesToolChoiceNamed` is the same on
   * the Responses API.
   */
  toolChoiceNamed: 'written' | 'free';
  responsesToolChoiceNamed: 'written' | 'free';
  /**
   * `tool_choice: "required"`: `free`, it adds nothing; `namesSingleTool`, with one function tool it
   * costs what naming that tool costs (`toolChoiceNamedFunction` plus `{namedChoicePrefix}{name}`),
   * with several it is not measured; `unmeasured`, nothing is counted and the count is an estimate.
   */
  toolChoiceRequired: RequiredChoice;
  /** Responses API: the same, in place of `toolChoiceRequired`. */
  responsesToolChoiceRequired: RequiredChoice;
  /**
   * `bySystemMessage`: the tokens "required" adds to a request with a system or developer message,
   * and whether that is measured both with and without one (otherwise the count is an estimate).
   */
  toolChoiceRequiredWithSystem: number;
  toolChoiceRequiredWithSystemMeasured: boolean;
  /** Legacy `function_call: {name}` adds this plus the name. */
  functionCallNamed: number;
  /**
   * The request parameter `function_call: {name}` (with legacy `functions`) in place of
   * `functionCallNamed`, where it costs more than a named `tool_choice` read the legacy way.
   */
  functionCallParameterNamed?: number;
  /** Whether a named Chat `tool_choice` is read as the legacy `function_call: {name}`. */
  toolChoiceNamedAsLegacy: boolean;
  /**
   * Whether the numeric bounds written after a property (` // minimum: 1`) are measured for the
   * family; otherwise a tool with any validation keyword flags the count an estimate.
   */
  constraintCommentsMeasured: boolean;
  /**
   * Whether numeric bounds are written as a trailing comment at all; gpt-4 (0613) leaves them out
   * (see its row).
   */
  constraintComments: boolean;
  /**
   * Whether a string's constraints written in the same comment (`format`, `pattern`, `minLength`,
   * `maxLength`; see STRING_CONSTRAINT_KEYWORDS) are measured for the family.
   */
  stringConstraintsMeasured: boolean;
  /**
   * Legacy `function` role messages: the role word is replaced by the function's name
   * (`<|start|>{name}<|message|>{content}<|end|>`).
   */
  functionRoleUsesName: boolean;
  /** Legacy assistant `function_call`: name and arguments plus this framing. */
  functionCallFraming: number;
  /**
   * Whether a legacy assistant `function_call` reaches the model as a tool call would (the call
   * framing, `callNamePrefix`, `callArguments`) rather than with `functionCallFraming`, and a
   * legacy `function_call: {name}` request parameter as a `tool_choice` naming the tool would.
   */
  legacyCallsAsToolCalls: boolean;
  /** Assistant `tool_calls`: each call costs its name, its arguments and this much framing. */
  toolCallFraming: number;
  /**
   * How a call's `arguments` string reaches the model: `verbatim` as sent, or `compact`, parsed and
   * written again as JSON without whitespace (`{"a": 1}` becomes `{"a":1}`). Legacy `function_call`
   * arguments are always verbatim. `parallelCallArguments` is the same for the calls inside the
   * parallel wrapper.
   */
  callArguments: 'verbatim' | 'compact';
  parallelCallArguments: 'verbatim' | 'compact';
  /**
   * Who authors a `tool` message: `role`, the word `tool`; or `function`, the name of the function
   * whose call (matched by `tool_call_id`) it answers, written in the role's place as for legacy
   * `function` messages. Results of calls joined into the parallel wrapper keep `tool`.
   */
  toolResultAuthor: 'role' | 'function';
  /**
   * An assistant message with text and `tool_calls` is two turns: the text, then the calls in an
   * assistant turn of their own; `callsTurnKeepsName`: a `name` on the message is written after the
   * role in both turns.
   */
  callsTurnAfterText: boolean;
  callsTurnKeepsName: boolean;
  /**
   * Extra tokens on an earlier assistant answer in the conversation (reasoning models write it to
   * their final channel).
   */
  assistantAnswerFraming: number;
  /**
   * Extra tokens on an earlier assistant answer that is directly followed by another assistant item
   * (its own `tool_calls`, a `function_call` item, or another assistant message, reasoning items
   * aside): the harmony families write such a message as a preamble, on the commentary channel
   * (`commentary`, 2 tokens) where an answer that ends the assistant's run is written on the final one
   * (`final`, 1 token).
   */
  assistantPreambleFraming: number;
  /**
   * Chat Completions with a `json_schema` response format: extra tokens on each earlier assistant
   * answer (a message with text; a tool-call turn without text gains none), and whether that answer
   * also writes the format's name (its words around the name are not known, only their size:
   * `assistantAnswerWithSchemaFraming`).
   */
  assistantAnswerWithSchemaFraming: number;
  assistantAnswerWithSchemaName: boolean;
  /** Written before each called function's name (`functions.get_weather` on the o200k families). */
  callNamePrefix: string;
  /**
   * Where several calls in one turn are written as one call of a parallel wrapper: the wrapper's
   * name (empty: each call on its own) and the framing it adds to `toolCallFraming`.
   */
  parallelCallsWrapper: string;
  parallelCallsFraming: number;
  /**
   * How the results of calls joined into the parallel wrapper reach the model: `separate`, each its
   * own `tool` message; `joined`, the consecutive results that answer one wrapper call form a single
   * `tool` message whose text is the list of their texts as JSON (`["25 degrees", "15 degrees"]`,
   * strings escaped, non-ASCII kept, `", "` between items), costing `parallelResultsFraming` more.
   * A result that is itself JSON can join the list as its value instead (`parallelResultsParsed`).
   */
  parallelResults: 'separate' | 'joined';
  parallelResultsFraming: number;
  /**
   * Whether that JSON list escapes every non-ASCII character of the results as `\uXXXX` (UTF-16
   * units, so an emoji is two escapes) instead of keeping it.
   */
  parallelResultsAsciiJson: boolean;
  /**
   * Whether a result in that list that is itself JSON (an object, an array, a number...) is written
   * as its value rather than as a string: parsed and written again as Python's `json.dumps` writes
   * it (`", "` between items, `": "` after keys, non-ASCII per `parallelResultsAsciiJson`).
   */
  parallelResultsParsed: boolean;
  /**
   * Structured outputs: `# Response Formats\n\n## {name}\n\n// {description}\n{schema}` (the harmony
   * format), the schema as compact JSON.
   */
  responseFormatHeader: string;
  /**
   * Responses API: the tools block's fixed framing, the same whether or not the request has
   * instructions or a system message (whose content then gains no trailing newline).
   */
  responsesToolsPreamble: number;
  /** Responses API: the comment lines above each function's type (in place of `toolHeader`). */
  responsesToolHeader: ToolHeaderStyle;
  /**
   * Responses `function_call` items: each is a turn of its own (consecutive calls are not joined
   * into a parallel wrapper) costing its name, its arguments as written and this much framing.
   */
  responsesCallFraming: number;
  /**
   * Extra framing of a `function_call` item the API reads back from its own store: the item has
   * an `id` and the request does not set `store: false`. `responsesStoredParallelCallFraming` is
   * the same for a stored item next to another `function_call` item (the calls of one parallel turn).
   */
  responsesStoredCallFraming: number;
  responsesStoredParallelCallFraming: number;
  /**
   * Extra framing of each `function_call` item next to another one (the calls of one parallel
   * turn), stored or not.
   */
  responsesParallelCallFraming: number;
  /**
   * Extra framing of a `function_call_output` item, beyond the message framing every item has.
   */
  responsesOutputFraming: number;
  /**
   * A `function_call_output` item is authored by the function it answers: `{prefix}{name}` takes
   * the role's place (`functions.get_weather`, as in the harmony format).
   */
  responsesOutputAuthorPrefix: string;
  /**
   * Tokens added to each image's count (its patches or tiles and image token) on the API being
   * rendered; `responsesImageFraming` takes its place on the Responses API.
   */
  imageFraming: number;
  responsesImageFraming: number;
  /**
   * Takes the place of `imageFraming` (`responsesImageFraming` on the Responses API) for an image
   * whose request states its `detail`; null when such an image is framed the same.
   */
  imageFramingStatedDetail: number | null;
  responsesImageFramingStatedDetail: number | null;
  /**
   * Tokens added to a message whose content is images alone (no text part);
   * `responsesImageOnlyMessageFraming` takes its place on the Responses API.
   */
  imageOnlyMessageFraming: number;
  responsesImageOnlyMessageFraming: number;
  /**
   * Tokens of framing around each input audio clip, beyond its length's tokens; the API reports
   * them among the text tokens (`prompt_tokens_details.text_tokens`).
   */
  audioFraming: number;
  /**
   * Schema keywords a strict schema is written without: what strict mode implies (`required` lists
   * every property, `additionalProperties` is false), `default` and the `$schema` dialect.
   */
  responseFormatOmittedKeys: readonly string[];
  /**
   * Whether the family's structured-output section on Chat Completions is measured (recorded pairs
   * of the family match it); otherwise a schema flags the count an estimate. On the Responses API
   * `responseFormatResponsesPinned` says the same.
   */
  responseFormatChatMeasured: boolean;
  /** The same for a section next to function tools (after the tools block). */
  responseFormatChatWithToolsMeasured: boolean;
  /** Whether the schema's JSON escapes every non-ASCII character as `\uXXXX`. */
  responseFormatAsciiJson: boolean;
  /**
   * Chat Completions: the section ends the first system message, after this separator; without a
   * system message it is a system message of its own.
   */
  responseFormatSystemSeparator: string;
  /**
   * Chat Completions: the header the first system message gains above its text when the section
   * ends it (the harmony format's `# Instructions\n\n`), encoded with that text.
   */
  responseFormatInstructionsHeader: string;
  /**
   * Chat Completions without function tools: the format's name is written a second time, tokenized
   * on its own (not after a space); the words around it are not known, only their size (two tokens),
   * stood in for by `//\n{name}\n`.
   */
  responseFormatNameAgain: boolean;
  /** Responses API: tokens of framing the section adds besides its text. */
  responseFormatResponsesFraming: number;
  /** Whether more than one recorded Responses request pins that framing for the family. */
  responseFormatResponsesPinned: boolean;
  /**
   * Responses `reasoning` items of the turn now running (a function-calling loop) are billed as the
   * reasoning they carry, which only the encrypted payload's length hints at: estimated as
   * (payload characters - overhead) / characters per token.
   */
  reasoningPayloadOverhead: number;
  reasoningPayloadCharsPerToken: number;
  /**
   * Whether reasoning items of earlier turns (before the last user message) are billed too, as those
   * of the turn now running are, rather than dropped; such a count is an estimate
   * (EARLIER_REASONING_ESTIMATE). A request can ask for it itself (`reasoning.context: "all_turns"`).
   */
  earlierReasoningBilled: boolean;
  /**
   * Whether a content part with an explicit cache breakpoint (`prompt_cache_breakpoint`) ends the
   * text tokenized with it: the text of the parts after it in the same message is encoded apart.
   */
  cacheBreakpointsSplitText: boolean;
  /**
   * Responses API under a `json_schema` text format: extra tokens on an earlier assistant answer the
   * API reads back from its store (an issued `msg_…` id, `store` not false), as if read with the
   * header the model wrote under the format; null where not measured. Either way such an answer makes
   * the count an estimate (STORED_ANSWER_WITH_SCHEMA_ESTIMATE).
   */
  responsesStoredAnswerWithSchemaFraming: number | null;
  /**
   * A PDF file input (inline `file_data`) is counted as the text its pages show (`pdfText`, in the
   * model's encoding) plus `pdfPageTokens` a page, plus `pdfMessageTokens` once for each message
   * that carries PDFs; the Responses API has its own figures (`responsesPdf...`).
   */
  pdfPageTokens: number;
  pdfMessageTokens: number;
  responsesPdfPageTokens: number;
  responsesPdfMessageTokens: number;
  /**
   * Whether the family's framing of assistant tool calls and tool results is measured on Chat
   * Completions / the Responses API: every recorded pair of the family and API with calls or results
   * is exact, or off only where its count carries another estimate reason or the recording is at
   * fault. Otherwise calls and results flag the count an estimate (TOOL_CALLS_ESTIMATE).
   */
  toolCallsMeasured: boolean;
  /**
   * Whether the line a tool's parameters schema gets for its own `description` (Chat Completions,
   * `CHAT_TOOL_HEADER`) is measured for the family; otherwise such a tool flags the count an
   * estimate (TOOL_SCHEMA_DESCRIPTION_ESTIMATE).
   */
  toolSchemaDescriptionMeasured: boolean;
  responsesToolCallsMeasured: boolean;
  /**
   * Whether function tools on the Responses API are measured for the family, in the same sense;
   * otherwise they flag the count an estimate (RESPONSES_TOOLS_ESTIMATE).
   */
  responsesFunctionToolsMeasured: boolean;
  /**
   * Responses API: an assistant message with no content (`content: []`) reaches the model as
   * nothing at all. Whether that is measured for the family; otherwise such a message flags the
   * count an estimate (EMPTY_ASSISTANT_ESTIMATE).
   */
  responsesEmptyAssistantMeasured: boolean;
  /**
   * Responses API: whether a function tool without `parameters` (written `() => any`) is measured
   * for the family; otherwise it flags the count an estimate (PARAMETERLESS_TOOL_ESTIMATE).
   */
  responsesToolWithoutParametersMeasured: boolean;
  /**
   * Chat Completions: whether `tools: []` billed as an empty tools block (the preamble and an empty
   * `namespace functions`, as a request with tools less its declarations) is measured for the
   * family; otherwise such a request is an estimate (EMPTY_TOOL_LIST_ESTIMATE).
   */
  emptyToolListMeasured: boolean;
  /**
   * Responses API: tokens a request with a function tool without `parameters` adds once, beside
   * the `() => any` each such tool is written as (0 where that is the whole cost).
   */
  responsesToolWithoutParametersFraming: number;
  /**
   * Responses API: tokens a `web_search_preview` tool adds (the API's instructions for it; the search
   * results are not billed as input with this tool). Undefined where not measured.
   */
  webSearchPreviewTokens?: number;
}

/**
 * The framing of the gpt-3.5 / gpt-4 / gpt-4o generation, fitted to the recorded pairs (the
 * cookbook notebook, hmarr/openai-chat-tokens, and the framework cassettes listed in
 * test/fixtures/recorded/). Families that differ override some fields below.
 */
export const OPENAI_FRAMING: OpenAIFraming = {
  perMessage: 3,
  // Fitted to every recorded Chat request with a `name` on a system, user or assistant message:
  // cl100k (gpt-3.5-turbo, gpt-3.5-turbo-0613, gpt-4, gpt-4-0613) and o200k (gpt-4o, gpt-4o-mini)
  // system messages named `example_user`/`example_assistant` cost the name plus one token; a
  // gpt-4.1-nano user message named `user` costs one token (weave cassettes) and a gpt-4o-mini
  // assistant message with a call named `not_your_average_bostonian` its 6 tokens (dd-trace
  // cassettes). A `:` between role and name, tokenized with both, is the one separator that gives
  // all three: `:` merges into `:user` and `:not` but not into `example`.
  nameSeparator: ':',
  nameReplacesRole: false,
  replyPriming: 3,
  framesMessages: true,
  messagesMeasured: true,
  instructionMessageDelta: 0,
  toolsPreambleAlone: 9,
  toolsPreambleInSystem: 5,
  systemPaddingWithTools: '\n',
  systemTrimmedWithTools: false,
  toolHeader: CHAT_TOOL_HEADER,
  scalarDefinitionsInPlace: false,
  toolSchemaDescriptionMeasured: false,
  // `{...}[]`: the recorded gpt-3.5-turbo-0613 request with an array of objects (hmarr) and the
  // gpt-4o-mini requests whose array items are a definition written in place (adala) are exact so,
  // one token short each as `Array<{...}>`.
  objectArrays: 'suffix',
  // Nested objects indented two spaces a level: the recorded gpt-3.5-turbo-0613 requests (hmarr)
  // with nested and union objects are exact so, 2 to 6 tokens under (12 over for two) unindented.
  nestedObjectIndent: 2,
  unionObjects: 'same',
  // A property whose `type` lists several types: written type by type on Chat Completions, inline on
  // the Responses API (see typeListLines in toolNamespace.ts); measured on gpt-4o and gpt-4o-mini
  // only (below).
  typeLists: 'variants',
  typeListsMeasured: false,
  responsesTypeLists: 'inline',
  responsesTypeListsMeasured: false,
  nestedToolSchemasMeasured: false,
  openMapsMeasured: false,
  toolsInstructions: 0,
  responsesToolsInstructions: 0,
  // Fitted to 8 recorded gpt-4o and gpt-4o-mini Chat requests with `parallel_tool_calls: false`:
  // the flag costs nothing there. No recorded Responses request of these families sets it.
  parallelCallsOffChat: 0,
  parallelCallsOffResponses: null,
  parallelCallsOffResponsesMeasured: true,
  responsesToolChoiceNone: null,
  toolChoiceNone: 1,
  toolChoiceNamedFunction: 6,
  namedChoicePrefix: 'functions.',
  // Fitted to recorded Chat and Responses requests naming a tool (gpt-4, gpt-4o, gpt-4.1 and
  // gpt-4.1-nano among them), exact with the name written.
  toolChoiceNamed: 'written',
  responsesToolChoiceNamed: 'written',
  // Fitted to 22 recorded Chat requests with `tool_choice: "required"` (gpt-3.5-turbo, gpt-3.5-turbo-0125,
  // gpt-4o, gpt-4o-2024-11-20, gpt-4o-mini; one to five tools; ldp, aviary, ruby-openai cassettes),
  // all exact with nothing added. On the Responses API gpt-4.1 and gpt-4o are measured (below).
  toolChoiceRequired: 'free',
  responsesToolChoiceRequired: 'unmeasured',
  toolChoiceRequiredWithSystem: 0,
  toolChoiceRequiredWithSystemMeasured: false,
  functionCallNamed: 4,
  toolChoiceNamedAsLegacy: false,
  constraintCommentsMeasured: true,
  constraintComments: true,
  stringConstraintsMeasured: false,
  functionRoleUsesName: true,
  functionCallFraming: 3,
  legacyCallsAsToolCalls: false,
  toolCallFraming: 5,
  callArguments: 'verbatim',
  parallelCallArguments: 'verbatim',
  toolResultAuthor: 'role',
  callsTurnAfterText: false,
  callsTurnKeepsName: false,
  assistantAnswerFraming: 0,
  assistantPreambleFraming: 0,
  assistantAnswerWithSchemaFraming: 0,
  assistantAnswerWithSchemaName: false,
  callNamePrefix: '',
  parallelCallsWrapper: '',
  parallelCallsFraming: 0,
  parallelResults: 'separate',
  parallelResultsFraming: 0,
  parallelResultsAsciiJson: false,
  parallelResultsParsed: false,
  // The structured-output fields are fitted to 14 recorded strict-schema pairs (gpt-4o, gpt-4o-mini,
  // gpt-4.1-mini; Chat with and without a system message, with tools, and Responses); `default` and
  // the ASCII escaping rest on one pair (a pydantic schema with defaults and em dashes).
  responseFormatHeader: '# Response Formats\n\n## ',
  // Fitted to the recorded Responses requests of gpt-4o-mini, gpt-4.1 and gpt-4.1-nano (2025-2026).
  responsesToolsPreamble: 3,
  // Fitted to the recorded gpt-4.1 Responses requests of the OpenAI Agents SDK (strict pydantic
  // schemas): the schema's title comes before the tool's description and the schema's own
  // description after it; lines lose trailing spaces, and an empty description is a bare `//`.
  // The same tools on Chat Completions (gpt-4o) keep the Chat order and trailing spaces.
  responsesToolHeader: { order: ['title', 'description', 'schemaDescription'], trimmed: true },
  responsesCallFraming: 2,
  responsesStoredCallFraming: 3,
  responsesOutputFraming: 0,
  // One recorded gpt-4.1 request reads back two stored calls of one parallel turn: neither costs the
  // extra framing (the single stored calls of 9 other gpt-4.1 and gpt-4o requests do).
  responsesStoredParallelCallFraming: 0,
  responsesParallelCallFraming: 0,
  responsesOutputAuthorPrefix: 'functions.',
  imageFraming: 0,
  responsesImageFraming: 0,
  imageFramingStatedDetail: null,
  responsesImageFramingStatedDetail: null,
  // A user message holding only an image costs one token more on the Responses API than the same
  // image beside text: a recorded gpt-4.1 Responses request whose question and image are two user
  // messages (chatlas, a 60x30 PNG; another recording with a remote logo of unknown size agrees at
  // one tile) and a gpt-4o one with a 120x67 PNG alone (Azure), each one token under without it;
  // the images beside text of the corpus are unchanged. On Chat Completions such a message costs
  // nothing more (2 recorded gpt-4o llama-stack requests, exact).
  imageOnlyMessageFraming: 0,
  responsesImageOnlyMessageFraming: 1,
  // Fitted to 8 recorded gpt-4o-audio-preview Chat Completions requests with one clip each (WAV
  // and MP3): their text tokens are the messages' plus 4, and a text-only request to the model
  // counts as gpt-4o. One clip per request does not tell per clip from per request.
  audioFraming: 4,
  // `minLength`, `format` and `minimum` are left out too: fitted to one recorded gpt-4o Responses
  // request (activeagent's generated schema: 12 tokens fewer than the keywords as JSON). So are
  // `maximum` and `maxItems`: checked on crewAI cassettes outside the corpus (34 distinct gpt-4o-mini
  // Chat requests with `minimum: 0.0, maximum: 1.0`, 4 tokens over with `maximum` written; 7
  // gpt-4.1-mini Chat requests with `maxItems: 1`, 5 over with it written; all exact without).
  // So are `minItems` and `exclusiveMinimum`: fitted to the recorded requests of one app's lesson
  // agents (oak-ai-lesson-assistant: 34 gpt-4o and 32 gpt-5.4 Responses requests with strict nested
  // schemas), about 5 tokens over per keyword written (one `minItems`: 5; two `exclusiveMinimum`:
  // 10; three `minItems`: 14 to 15), all exact without.
  // Other validation keywords are written as given and flag the count an estimate.
  // `$schema` (the JSON Schema dialect) is left out too: fitted to 73 recorded requests of one suite
  // whose schema opens with `"$schema":"https://json-schema.org/draft/2020-12/schema"` (Chat: gpt-4.1,
  // gpt-4.1-nano; Responses: gpt-4.1, gpt-4.1-nano, o4-mini, gpt-5 to gpt-5.6): 17 tokens over with it.
  responseFormatOmittedKeys: ['required', 'additionalProperties', 'default', 'minLength', 'format', 'minimum', 'maximum', 'exclusiveMinimum', 'minItems', 'maxItems', '$schema'],
  responseFormatChatMeasured: true,
  responseFormatChatWithToolsMeasured: true,
  responseFormatAsciiJson: true,
  responseFormatSystemSeparator: '\n\n',
  responseFormatInstructionsHeader: '',
  responseFormatNameAgain: true,
  responseFormatResponsesFraming: 1,
  responseFormatResponsesPinned: true,
  // Such an item is billed as the reasoning the previous response wrote: that response's output
  // tokens less its calls (each call's arguments, namespaced name and 10 tokens), to the token in
  // every recorded gpt-5-nano loop with one call. The request holds only the encrypted payload,
  // whose length tracks that figure loosely (payloads 20 characters apart differ by up to 27
  // tokens). Fitted to 15 reasoning items of recorded gpt-5-nano loops (ruby_llm: 4 in the corpus,
  // the rest cassettes of the same suite; payloads of 1,252 to 9,420 characters): 12 tokens off on
  // average, 48 at worst (the least squares line, 1,160 and 6.13, does no better).
  reasoningPayloadOverhead: 1220,
  reasoningPayloadCharsPerToken: 6,
  // Earlier turns' reasoning is dropped (OpenAI's reasoning guide): recorded gpt-5-nano requests
  // replaying encrypted reasoning of earlier turns (ruby_llm: 14 in the corpus) and a gpt-5.4 one
  // are exact without it, as are o4-mini and gpt-5-nano requests replaying reasoning summaries.
  earlierReasoningBilled: false,
  cacheBreakpointsSplitText: false,
  responsesStoredAnswerWithSchemaFraming: null,
  // No page image is billed on the recorded models (gpt-4o-mini, gpt-4.1-nano, gpt-5-nano): a page
  // costs its text and a few tokens. Chat Completions: fitted to 6 recorded requests with one or two
  // one-page PDFs (gpt-4.1-nano, gpt-5-nano: a Lorem ipsum page of 738 text tokens, 953 for one
  // PDF, 1,711 for two in one message), exact on each; all their PDFs sit in one message, so per
  // message and per request are not told apart, nor per page from per file (every recorded PDF has
  // one page). Responses: fitted to the 6 recorded requests of 2026 (gpt-5-nano, gpt-4.1-nano; the
  // same page costs 754, whatever its file name); those of 2025 measure 13 tokens less a page.
  pdfPageTokens: 20,
  pdfMessageTokens: 195,
  responsesPdfPageTokens: 16,
  responsesPdfMessageTokens: 0,
  // Not measured for the base framing (gpt-3.5-turbo-1106, gpt-4-1106-preview and any family
  // without a row): no recorded request of theirs has calls.
  toolCallsMeasured: false,
  responsesToolCallsMeasured: false,
  responsesFunctionToolsMeasured: false,
  responsesEmptyAssistantMeasured: false,
  responsesToolWithoutParametersMeasured: false,
  responsesToolWithoutParametersFraming: 0,
  emptyToolListMeasured: false,
};

/**
 * How gpt-4o, gpt-4o-mini (and, not measured, the later o200k families) write nested objects in the
 * tools block: a nested object's properties are not indented, and an array of objects is `Array<`,
 * the object's own description as a comment line, the object on lines of its own, then `>` (the
 * layout gpt-5 requests show for arrays). Fitted to 7 recorded requests of sublayer's generators
 * (gpt-4o and gpt-4o-mini, Chat Completions, a tool whose one parameter is a described object of
 * described strings, or an array of described objects): all exact so, 6 to 12 tokens over with the
 * properties indented by two spaces, and the two arrays 4 over and 1 under as `{...}[]`. Objects
 * below a union keep the indented `{...}[]` layout: the recorded gpt-4o-mini requests whose
 * `Optional[list[Model]]` field writes its definition in place there (adala, 3 pairs of 2 schemas)
 * are exact so and 7 under with the layout above.
 */
const O200K_NESTED_OBJECTS: Partial<OpenAIFraming> = {
  nestedObjectIndent: 0,
  objectArrays: 'generic',
  unionObjects: 'indented',
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
  // Fitted to 30 recorded Chat requests with tool calls (gpt-4o, gpt-4o-mini, gpt-4.1-mini, o3-mini,
  // gpt-5-nano; ldp, crewai, dd-trace, aviary, otel cassettes): a call's arguments are re-serialised
  // compactly (`{"x": 8}` counts as `{"x":8}`), inside the parallel wrapper too, and a single call's
  // result is authored by the function's name (`ask_question_to_coworker` costs its 7 tokens where
  // `tool` costs 1). The results of a parallel call are one `tool` message holding the JSON list of
  // their texts plus 2 tokens: fitted to the 8 recorded parallel-call requests (gpt-4o-2024-08-06,
  // gpt-4o-2024-11-20, gpt-4o-mini, gpt-5-nano; crewAI and OpenTelemetry cassettes), where long
  // results with newlines and quotes cost what their JSON escapes cost. Non-ASCII characters in
  // that list are kept as written: the same gpt-5-nano body (ruby_llm cassette versions, a result
  // with `°`) is exact from 16 March 2026 on and 4 tokens over the count, the `°` written `\u00b0`,
  // in the versions recorded up to 5 March 2026 (gpt-4.1-nano, November 2025 to March 2026, too);
  // gpt-4o keeps em dashes (crewAI, 12 March 2026). The count follows the API since then.
  callArguments: 'compact',
  parallelCallArguments: 'compact',
  // A legacy `function_call` turn is written as a tool call (`functions.` name, call framing):
  // fitted to a recorded gpt-4o-mini request with `functions`, an assistant `function_call` and the
  // named `function` result (exact; 3 tokens short with the 0613 framing of legacy calls). A legacy
  // `function_call: {name}` costs what a `tool_choice` naming the tool costs: a recorded gpt-4o
  // request forcing its function that way (Azure SDK) counts exactly what the same request with a
  // named `tool_choice` counts (115; 3 short with the 0613 framing of the legacy parameter).
  legacyCallsAsToolCalls: true,
  parallelResults: 'joined',
  parallelResultsFraming: 2,
  // A result that is JSON joins that list as its value, not as a string: parsed and written again as
  // Python's `json.dumps` writes it (non-ASCII escaped before mid-March 2026, as above). Fitted to the
  // 17 recorded gpt-4o and gpt-4o-mini requests of promptic (July 2025) with a parallel turn, whose
  // results are `"Status OK"`, `true`, `72.5` or objects (1 to 3 tokens over as strings), and to the
  // 22 recorded LangGraph requests whose parallel turns return Tavily search results (JSON objects
  // and lists in that layout, with quotes, `\n` escapes and non-ASCII text): gpt-4o-2024-05-13 and
  // gpt-4o-2024-08-06 (September and November 2024: agent_supervisor, lats, hierarchical agent
  // teams; 2 to 4 results of 2,000 to 9,400 characters) and gpt-4.1-2025-04-14 (1 May 2025:
  // agent_supervisor, two results); all exact so with the non-ASCII escapes of their date (the
  // results written as JSON strings counted 26 under to 163 over, in separate messages up to 253
  // under). Written as compact JSON (no spaces) they would count 37 to 72 tokens fewer than
  // recorded, so the spaces are measured; a result already in that layout cannot tell this from the
  // text kept as sent, so a result in another layout (compact, pretty-printed) is an estimate. The
  // results of these recordings that are not JSON (an error message) stay strings.
  parallelResultsParsed: true,
  toolResultAuthor: 'function',
  // With a `json_schema` response format an earlier assistant answer costs the format's name and 2
  // tokens more: fitted to a recorded gpt-4o-mini request (an Azure structured output after a tool
  // round trip, `CalculationResult`: 4 more) and to 13 recorded seer requests with 1 to 5 earlier
  // answers (gpt-4o-mini `InsightContextOutput`: 5 more each; gpt-4o-2024-08-06
  // `MultipleRootCauseAnalysisOutputPrompt`: 8 more each), all exact; the tool-call turn (empty
  // text) gains none.
  assistantAnswerWithSchemaFraming: 2,
  assistantAnswerWithSchemaName: true,
  // One recorded request (gpt-4o, an assistant message with text and a `{}` call) counts the four
  // tokens of a second turn. A `name` on such a message is written in both turns: 8 recorded
  // LangGraph requests with one or two named assistant messages holding text and a call
  // (gpt-4o-2024-05-13 `Researcher`, multi-agent collaboration; gpt-4.1-2025-04-14 `research_agent`,
  // `math_agent`, agent_supervisor) count 3 tokens a message (`:Researcher`, `:research_agent`) more
  // than with the name in the text's turn alone, exact so; named messages with only text or only
  // calls (up to 8 in a request) are exact without.
  callsTurnAfterText: true,
  callsTurnKeepsName: true,
};
/**
 * `tool_choice: "required"` on the snapshots of mid-2023 to mid-2024 (gpt-4-0613, gpt-3.5-turbo-1106,
 * gpt-3.5-turbo-0125, gpt-4o-2024-05-13) costs 2 tokens in a request with a system message and
 * nothing in one of user messages alone. Fitted to the 9 recorded Chat requests of those snapshots
 * with it, one tool each: with a system message 2 over the count with nothing added on every one
 * (gpt-3.5-turbo-0125: 3 LangGraph requests, one to three earlier round trips; gpt-3.5-turbo-1106:
 * Azure SDK; gpt-4-0613: phoenix; gpt-4o-2024-05-13: LangGraph), with user messages alone exact
 * with nothing added (gpt-3.5-turbo-0125: ldp, ruby-openai; 3 requests). Later snapshots add nothing
 * either way (gpt-4o-2024-08-06, gpt-4o-2024-11-20, gpt-4o-mini and gpt-4.1 requests with a system
 * message, exact). Only gpt-3.5-turbo-0125 is recorded both ways; on the others the request without
 * a system message is not measured, so their count stays an estimate. Whether a second message of
 * another role would do what the system message does is not recorded.
 */
const REQUIRED_BY_SYSTEM_MESSAGE: Partial<OpenAIFraming> = {
  toolChoiceRequired: 'bySystemMessage',
  toolChoiceRequiredWithSystem: 2,
};

/**
 * The cl100k snapshots of early 2024 (gpt-3.5-turbo-0125, the alias since February 2024, and
 * gpt-4-0125-preview) frame calls and results as the o200k families do: `functions.{name}`, compact
 * arguments, a single call's result authored by the function's name, and several calls as one call
 * of `multi_tool_use.parallel` whose results are one `tool` message listing their texts as JSON.
 * Fitted to the 5 recorded 2024-25 gpt-3.5-turbo requests with calls (names of 2 to 4 tokens, one
 * with two parallel calls; all exact) and the 1 recorded gpt-4-0125-preview request with a call
 * and its result (exact). That list escapes non-ASCII characters on these snapshots: the parallel
 * request's two results end in an emoji, and it comes out exact with each written as two `\uXXXX`
 * escapes (12 tokens more than with the emoji kept, as gpt-4o keeps em dashes). The 0613 snapshots
 * keep the base framing; gpt-3.5-turbo-1106 and gpt-4-1106-preview are not measured and keep it too.
 */
const CL100K_2024_CALLS: Partial<OpenAIFraming> = { ...O200K_CALLS, parallelResultsAsciiJson: true };
/**
 * The 0613 snapshots (mid-2023, the gpt-4 alias to this day) predate `tool_calls`: a call is framed
 * as a legacy `function_call` (3 tokens, arguments verbatim) and its `tool` result as a legacy
 * `function` message, authored by the called function's name. Fitted to the 2 recorded gpt-4
 * (gpt-4-0613) requests with a call and its result: pretty-printed JSON arguments and a result
 * answering `get_current_weather`, and arguments that are not JSON at all with a result answering
 * `GoogleSearch`; both exact (the base 5 tokens a call with `tool` results are 0 and +1 off).
 */
/*
 * A named `tool_choice` is read as the legacy `function_call: {name}` (4 tokens and the bare name,
 * where later families write 6 and `functions.{name}`): fitted to a recorded gpt-4 request naming
 * its one tool (req_llm, exact; 3 over with the later framing). The one recorded gpt-4 tool with a
 * `minimum` does not fit the ` // minimum: 1` comment of later families, so bounds stay estimates.
 */
const MID_2023_CALLS: Partial<OpenAIFraming> = {
  ...REQUIRED_BY_SYSTEM_MESSAGE,
  toolCallFraming: 3,
  toolResultAuthor: 'function',
  toolChoiceNamedAsLegacy: true,
  constraintCommentsMeasured: false,
};
/** Reasoning models prime the reply with one token less. */
const REASONING: Partial<OpenAIFraming> = {
  ...O200K_CALLS,
  ...O200K_NESTED_OBJECTS,
  replyPriming: 2,
  assistantAnswerFraming: 2,
  // Under a `json_schema` format an earlier assistant answer costs the format's name and 2 tokens
  // more, as on the gpt-4o families: 2 recorded gpt-5.4 Chat requests with 1 and 2 earlier answers
  // (chatlas cassettes outside the corpus, `structured_data`: 4 under each answer without) are exact.
  assistantAnswerWithSchemaFraming: 2,
  assistantAnswerWithSchemaName: true,
  // Structured outputs of the reasoning families, fitted to 6 recorded strict schemas: on the
  // Responses API the section has no framing token (gpt-5-nano twice, gpt-5, o4-mini; one less than
  // gpt-4o), and on Chat Completions without tools the format's name is not written a second time
  // (gpt-5 and o4-mini: 3 tokens less than gpt-4o for the one-token name `Book`). The two-token name
  // `structured_data` tells a missing name from 3 fewer tokens of framing (which would count one
  // more): 3 recorded gpt-5.4 Chat requests (chatlas) are exact without it, as are 31 distinct
  // recorded Chat requests of the genai suite (gpt-5, -mini, -nano, gpt-5.2-chat-latest, gpt-5.4,
  // -mini, -nano, gpt-5.5, gpt-5.6, o4-mini): measured for the gpt-5 families and o4-mini (below),
  // not for o1 and o3, nor next to function tools.
  responseFormatChatMeasured: false,
  responseFormatChatWithToolsMeasured: false,
  responseFormatNameAgain: false,
  responseFormatResponsesFraming: 0,
  responseFormatResponsesPinned: true,
};
/**
 * The o-series. Function tools cost one token more than on gpt-4o without a system message (an
 * o3-mini request); with a system or developer message 4 more on Chat Completions and 3 more on the
 * Responses API: fitted to the recorded o4-mini requests with one and tools (Chat and Responses,
 * OpenAI and Azure: all 3 under by exactly 3 before) and to the o3 tool loop (roast cassettes: 3 of
 * its 159 missing tokens). Whether the 3
 * are the tools' or the system message's (turned into a developer message with a heading of its own
 * when tools follow) is not told apart: no recorded o-series request has tools without a system
 * message but o3-mini's.
 */
// An empty assistant message ending the input costs nothing: recorded o1, o3-mini and o3-pro
// Responses requests (req_llm), exact without it, 4 tokens over with it framed.
const O_SERIES: Partial<OpenAIFraming> = {
  ...REASONING,
  toolsPreambleAlone: 10,
  toolsPreambleInSystem: 9,
  responsesToolsPreamble: 6,
  responsesEmptyAssistantMeasured: true,
};

/**
 * gpt-5.x (gpt-5, gpt-5-nano, gpt-5.2, gpt-5.4, gpt-5.6): tool-use instructions whenever function
 * tools are declared. On Chat Completions they cost 85 tokens (recorded gpt-5-nano requests, all
 * with `parallel_tool_calls` at its default). On the Responses API the same tools cost 6 with the
 * default and 84 with `parallel_tool_calls: false` (recorded gpt-5-nano, gpt-5.4 and gpt-5.6
 * requests, 2026), `tool_choice` "none" and "required" add nothing there, and each round trip of a
 * `function_call` and its `function_call_output` costs 6 tokens more than on gpt-4.1, 9 on the point
 * releases (see `responsesOutputFraming` below; how they divide between the call and the output is
 * not pinned). On Chat Completions each call turn costs 11 tokens of framing (recorded gpt-5-nano requests with one call and with three parallel calls, OpenAI and
 * Azure; gpt-5 and gpt-5-mini requests since); o3-mini keeps the base 5.
 */
/**
 * gpt-5's function headers, on both APIs: the parameters schema's title, then the description, lines
 * trimmed; the schema's own description opens the parameter's type (`(_: // text`, then the object),
 * and a function whose parameters have no properties gets neither (`type f = () => any;`). Fitted
 * to the recorded requests of one test suite (kani: 47 gpt-5-mini Chat and 27 gpt-5-nano Responses
 * requests of pydantic tools with a `title`, with and without the docstring as the schema's
 * `description`, and no-argument tools), all exact so: with the title after the description, as on
 * gpt-4o's Chat Completions, each titled tool was one token under on Chat; with the schema's
 * description as a header line, one under on both APIs; with a no-argument tool's title and
 * description written, 3 to 12 over. A gpt-5.1 request of another source (newrelic-python-agent, a
 * LangChain tool with a title and a description) was one token under and is exact so too.
 */
const GPT5_TOOL_HEADER: ToolHeaderStyle = { order: ['title', 'description'], trimmed: true, schemaText: 'parameters' };

const GPT5: Partial<OpenAIFraming> = {
  ...REASONING,
  toolHeader: GPT5_TOOL_HEADER,
  responsesToolHeader: GPT5_TOOL_HEADER,
  toolSchemaDescriptionMeasured: true,
  scalarDefinitionsInPlace: true,
  responseFormatChatMeasured: true,
  // Formats, patterns and lengths of strings: measured on gpt-5.4 (see STRING_CONSTRAINT_KEYWORDS).
  stringConstraintsMeasured: true,
  // An array of objects written in place is `Array<`, then the object on lines of its own with its
  // properties (and their comment lines) not indented, then `>` on a line of its own. Fitted to the recorded gpt-5 Chat
  // requests of crush's coding agent whose `multiedit` tool takes an array of described edit
  // objects: the 9 in the corpus and 375 more of the same agent are exact so (`Array<{...}>` with
  // the properties indented by two spaces: 8 over; not indented: 1 under; `{...}[]`: 7 over).
  // A nested object outside an array has its properties not indented either, as on gpt-4o: fitted
  // to the recorded gpt-5-nano Responses request whose one parameter is an object of two described
  // strings (ruby_llm; exact so, 6 tokens under with them indented by two spaces), with every other
  // gpt-5.x pair unchanged. Objects below a union are not recorded for the family.
  objectArrays: 'generic',
  nestedObjectIndent: 0,
  unionObjects: 'same',
  toolsInstructions: 85,
  // A system message that a structured-output section ends (no function tools) is headed
  // `# Instructions`, as the harmony format writes a developer message with response formats: fitted
  // to 3 recorded Chat requests with a system message and a strict json_schema (ellmer; gpt-5-nano
  // twice, 3 under each without it; gpt-5 with a system prompt that starts with a newline, 2 under,
  // the header's blank line merging with it). The same formats without a system message were exact
  // before and are unchanged.
  responseFormatInstructionsHeader: '# Instructions\n\n',
  // An earlier assistant answer directly followed by another assistant item is a preamble, written on
  // the commentary channel: one token more than an answer. Fitted to 6 recorded requests of one
  // agent library (llm_gateway): gpt-5.1 Chat messages with text and `tool_calls` (2 and 3 such
  // messages) and gpt-5.4 Responses assistant messages followed by a `function_call` item (1 to 3)
  // or by another assistant message (4), each exactly one token under per such message without it;
  // the same conversations where the answer ends the assistant's run are exact. The o-series does
  // not: 2 recorded o3 Chat requests with an answer followed by a call turn (roast) are exact
  // without it. Recorded gpt-5.6 Responses items name the channel themselves (`phase:
  // "commentary"` on the message before a call, `"final_answer"` on the last).
  assistantPreambleFraming: 1,
  // On Chat Completions a tools block without a system message costs one token more than one joined
  // to it (not four, as on gpt-4o), and `tool_choice` "none" adds nothing, as "required" does not:
  // fitted to 104 recorded gpt-5, gpt-5-mini, gpt-5-nano, gpt-5.2-chat-latest, gpt-5.4(-mini/-nano),
  // gpt-5.5 and gpt-5.6 Chat requests of user messages alone ("required" with one tool, "none" after
  // a round trip; genai cassettes), each 3 (4 with "none") over before, and to the recorded gpt-5
  // Chat request with a custom tool and no system message (3 over before).
  toolsPreambleAlone: 6,
  toolChoiceNone: 0,
  toolCallFraming: 11,
  responsesToolsInstructions: 6,
  parallelCallsOffChat: null,
  parallelCallsOffResponses: 78,
  responsesToolChoiceNone: 0,
  responsesToolChoiceRequired: 'free',
  // A tool named in `tool_choice` costs nothing on the Responses API, as "required" does: the
  // recorded gpt-5 request forcing its one tool (req_llm) counts what the same shape of request
  // without a choice counts on gpt-5 (2 over the parameterless tool's count in both), 10 tokens
  // fewer than with `functions.structured_output` written. On Chat Completions too: a recorded
  // gpt-5-nano request naming its one tool (ruby_llm; the same body recorded 157 in eight cassette
  // versions, March to June 2026) counts what it counts without a choice or under "required", 8
  // fewer than with `functions.weather` written.
  responsesToolChoiceNamed: 'free',
  toolChoiceNamed: 'free',
  // A round trip costs 6 tokens more than on gpt-4.1, with or without a system or developer
  // message. Fitted to the gpt-5, gpt-5-mini and gpt-5-nano loops: 6 in gpt-5 and gpt-5-mini loops
  // with a developer message (fantasy cassettes, OpenAI and Azure: one round trip and two), in
  // gpt-5-nano loops an answer closed, and in a gpt-5-nano loop followed by a user message with a
  // PDF. The loops whose reasoning item is estimated pin it too: a `function_call` the model wrote
  // costs it its arguments, its namespaced name and 10 tokens of output (a gpt-5-nano call made
  // without reasoning reports exactly that), so a reasoning item read back in the running turn is
  // billed as the previous response's output less its calls. With 6 per round trip that holds to
  // the token for every recorded gpt-5-nano loop with one call (ruby_llm: 3 in the corpus, 10 more
  // cassettes of the same suite, with and without instructions); with 9 where the request has no
  // system message, each of those without one came out 3 apart. One recorded gpt-5-nano loop
  // followed by a user message with an image counts 3 more than this (its image alone in a user
  // message counts as counted here).
  responsesOutputFraming: 6,
  // An image on the Responses API costs one token less than on Chat Completions: recorded
  // gpt-5-nano Responses requests with a 128x128 image (16 patches) count 24 for it, in a user
  // message and in a `function_call_output` alike; the Chat Completions requests of gpt-5-nano and
  // gpt-5-mini (640x480) count patches x multiplier + 1. One image size per API, so whether the
  // token depends on the API or on the size is not pinned; such counts stay estimates.
  responsesImageFraming: -1,
  // An image whose `detail` the request states costs on the Responses API what it costs on Chat
  // Completions: 104 distinct recorded Responses requests of gpt-5, gpt-5-mini, gpt-5-nano,
  // gpt-5.2-chat-latest, gpt-5.4, gpt-5.4-mini, gpt-5.4-nano, gpt-5.5 and gpt-5.6 (luna, sol, terra)
  // with a 330x291 image (PNG, JPEG, GIF and WebP, streamed or not, `store` true or false)
  // and `detail: "auto"` count the same for it as the Chat Completions requests of those models
  // (which state no detail). The 128x128 images above state none. Whether the token follows the
  // stated detail or the image size is not pinned (one size each), so these stay estimates too.
  responsesImageFramingStatedDetail: 0,
  // Calls and results measured on Chat Completions: 14 recorded gpt-5, gpt-5-mini and gpt-5-nano
  // requests, all exact (6 of them also carry nested tool parameters and multi-line descriptions,
  // whose estimates they keep). On the Responses API: 15 recorded gpt-5, gpt-5-mini,
  // gpt-5-nano, gpt-5.4 and gpt-5.6 requests, 10 exact and 5 off (1 to 19 tokens) that also carry
  // reasoning items of the running turn or an image after the loop, whose estimates they keep.
  toolCallsMeasured: true,
  responsesToolCallsMeasured: true,
  // Function tools on the Responses API: 26 recorded gpt-5.x requests, 21 exact and the same 5 off
  // as above.
  responsesFunctionToolsMeasured: true,
  // An empty assistant message ending the input costs nothing: recorded gpt-5, gpt-5-mini and
  // gpt-5-nano Responses requests (req_llm), exact without it, 4 tokens over with it framed.
  responsesEmptyAssistantMeasured: true,
  // A function tool without `parameters` (a Chat-shaped `{type, name, function}` tool, whose
  // `function` the API ignores) is written `() => any` (the API echoes it as a strict tool with no
  // properties), and such a request costs gpt-5 and gpt-5-codex 2 tokens more, once whatever the
  // number of such tools: fitted to the req_llm requests with one and with three of them (gpt-5: the 2
  // in the corpus and 3 more cassettes of the suite; gpt-5-codex: 2 cassettes), all exact so and
  // 2 under without. gpt-5-mini and gpt-5-nano count 1 fewer (below); the point releases are not
  // recorded with such tools.
  responsesToolWithoutParametersMeasured: true,
  responsesToolWithoutParametersFraming: 2,
};

/**
 * The gpt-5.x point releases (gpt-5.2 onwards): a round trip costs 9 tokens more than on gpt-4.1,
 * with or without a system message and whether or not an assistant answer follows it. Fitted to
 * the recorded gpt-5.4 and gpt-5.6 loops of user messages and items alone (ruby_llm; 3 under at
 * gpt-5's 6) and the 44 recorded gpt-5.4 loops after a system message (chatlas: one or two
 * sequential round trips, 2 of them with a structured-output schema, 4 with an answer and a new
 * question after a round trip; all 3 under per round trip at 6).
 * The calls of a parallel turn (consecutive `function_call` items) cost 5 tokens more each: the
 * 4 recorded gpt-5.4 turns of two parallel calls (chatlas; with and without a system message, one
 * function called twice and two functions) are each 10 under without it. Only two-call turns are
 * recorded, so 5 a call is not told apart from 10 a turn; gpt-5 frames such a turn as two single
 * calls (a recorded gpt-5 two-call turn, fantasy, is exact without it).
 */
const GPT5_POINT_RELEASES: Partial<OpenAIFraming> = {
  ...GPT5,
  // On Chat Completions a system message that function tools join loses its trailing whitespace:
  // the 3 recorded gpt-5.4 requests whose system prompt ends in a newline and eight spaces (chatlas;
  // one and two round trips) count one token less than with it kept, and the same prompt ending in a
  // full stop is exact either way, as are the same requests on the Responses API, which keeps it.
  // gpt-5 keeps it: 9 recorded requests whose system prompt ends in five newlines (crush) are exact
  // so and one token under trimmed. Leading whitespace stays (it would count 2 fewer).
  systemTrimmedWithTools: true,
  responsesToolWithoutParametersMeasured: false,
  responsesOutputFraming: 9,
  responsesParallelCallFraming: 5,
};

const O4: Partial<OpenAIFraming> = {
  ...O_SERIES,
  responseFormatChatMeasured: true,
  toolCallFraming: 8,
  // On Chat Completions `tool_choice` "none" costs 3 tokens (1 on the base, 0 on gpt-5): fitted to
  // the recorded o4-mini round trips under "none" (genai cassettes: 3 distinct bodies, with and
  // without a developer message, streamed and not; all 2 under at 1), with the 8 tokens a call
  // turn costs in the one recorded o4-mini round trip under "auto" (Azure). No request under "none"
  // without a call is recorded, so the 2 tokens may belong to a call read under "none" instead;
  // calls there stay estimates.
  toolChoiceNone: 3,
  responsesOutputFraming: 6,
  // On the Responses API `tool_choice` "none" and "required" add nothing, as on gpt-5: fitted to 4
  // recorded o4-mini round trips under "none" (with and without a system message; 1 over with the
  // token "none" costs on Chat Completions) and 13 requests under "required" with one tool (genai and
  // req_llm cassettes; all exact so).
  responsesToolChoiceNone: 0,
  responsesToolChoiceRequired: 'free',
  responsesToolCallsMeasured: true,
  responsesFunctionToolsMeasured: true,
  // A Responses function tool without `parameters` is exact as `() => any`: the 2 recorded o4-mini
  // requests with one (req_llm, one of them a round trip) and codex-mini-latest's (req_llm).
  responsesToolWithoutParametersMeasured: true,
};

/**
 * `web_search_preview` on the Responses API adds 294 tokens, whatever its options: the 3 recorded
 * requests with it and no other tool, gpt-4.1 (dd-trace-py, 4 messages), gpt-4o (dd-trace-py, with
 * `user_location` and `search_context_size: "medium"`) and gpt-4o-mini (ruby_llm-responses_api, one
 * message), each 294 tokens over its messages, though every answer cites what it found: the search
 * results are not billed as input with this tool (the `web_search` tool's are: recorded gpt-4.1 and
 * gpt-5.2 requests count thousands more).
 */
const WEB_SEARCH_PREVIEW_TOKENS = 294;

/**
 * gpt-4.1 (and gpt-4.1-mini): an empty assistant message ending the input costs nothing (recorded
 * gpt-4.1 and gpt-4.1-mini Responses requests, req_llm, exact without it, 4 tokens over with it).
 */
const GPT41: Partial<OpenAIFraming> = {
  ...O200K_CALLS,
  webSearchPreviewTokens: WEB_SEARCH_PREVIEW_TOKENS,
  ...O200K_NESTED_OBJECTS,
  responsesToolChoiceRequired: 'namesSingleTool',
  toolCallsMeasured: true,
  responsesFunctionToolsMeasured: true,
  responsesEmptyAssistantMeasured: true,
  // A Responses function tool with no `parameters` (a Chat-shaped tool whose nested `function` the
  // API ignores) is exact as `() => any` on gpt-4.1, gpt-4.1-mini and gpt-4.1-nano (req_llm: 10
  // recorded requests, one with the tool named in tool_choice).
  responsesToolWithoutParametersMeasured: true,
  // `tools: []` on Chat Completions is billed as an empty tools block: the recorded gpt-4.1-mini
  // request with one (good-agent: a system and a user message, 35 tokens) is exact so and 12 under
  // without the block.
  emptyToolListMeasured: true,
};

/** gpt-4o and gpt-4o-mini (see their row below). */
const GPT4O: Partial<OpenAIFraming> = {
  ...O200K_CALLS,
  webSearchPreviewTokens: WEB_SEARCH_PREVIEW_TOKENS,
  ...O200K_NESTED_OBJECTS,
  nestedToolSchemasMeasured: true,
  openMapsMeasured: true,
  // Type lists: on Chat Completions 5 recorded pairs in the corpus (gpt-4o, gpt-4o-2024-11-20,
  // gpt-4o-mini) and 23 cassettes of the same suites outside it; on the Responses API, outside the
  // corpus, a recorded gpt-4o request (ellmer's tool-calling vignette, `tz: ["string", "null"]`,
  // described, strict) exact with `tz: string | null,` (34 tokens over written type by type) and 2
  // gpt-4o-mini requests (rig's extractor, four undescribed `["string", "null"]` fields) exact.
  typeListsMeasured: true,
  responsesTypeListsMeasured: true,
  toolCallsMeasured: true,
  responsesFunctionToolsMeasured: true,
  responsesToolChoiceRequired: 'namesSingleTool',
  // `parallel_tool_calls: false` with function tools costs 3 tokens on the Responses API (nothing on
  // Chat Completions): fitted to the 2 recorded gpt-4o requests of the OpenAI Agents SDK with two
  // strict handoff tools whose `properties` are empty (galileo-python; 3 under without, exact with).
  // Not the empty strict tools: the recorded gpt-4o Responses request with one such tool and no flag
  // (maybe) is exact, as are gpt-4.1 and gpt-5.4 requests with one or two. One source, and no
  // gpt-4o-mini request sets the flag there, so the count keeps an estimate.
  parallelCallsOffResponses: 3,
  parallelCallsOffResponsesMeasured: false,
};

/** o3 and o3-pro (see their row below). */
const O3: Partial<OpenAIFraming> = {
  ...O_SERIES,
  toolCallFraming: 11,
  responsesOutputFraming: 6,
  toolCallsMeasured: true,
  responsesToolChoiceNamed: 'free',
  // Its 2 recorded Responses requests with a function tool without `parameters` (req_llm) are
  // exact as `() => any`, as are the 5 o3 and o3-pro requests of jido_ai's ReqLLM fixtures (one
  // and two tools, a round trip).
  responsesFunctionToolsMeasured: true,
  responsesToolWithoutParametersMeasured: true,
};

/**
 * Families that differ from the base; gpt-5.x also adds tool-use instructions whenever function
 * tools are declared. Each row is fitted to the recorded pairs of its family.
 */
/** gpt-5.6 (see its row): the point releases' framing, earlier reasoning billed, breakpoints splitting text. */
const GPT5_6: Partial<OpenAIFraming> = { ...GPT5_POINT_RELEASES, earlierReasoningBilled: true, cacheBreakpointsSplitText: true };

const FAMILY_FRAMING: readonly FamilyFraming[] = [
  // Calls and results measured on Chat Completions: of 6 recorded gpt-3.5-turbo requests with calls,
  // 5 are exact and 1 (December 2023, when the alias still served 0613) is put down to its recording.
  // A tool whose parameters schema has a title and a description (LangChain's structured-output
  // functions, a pydantic model with a docstring) gets both as comment lines, an empty one between
  // them: the recorded gpt-3.5-turbo-0125 request with one (newrelic-python-agent; a forced legacy
  // function) is exact so, 9 tokens under without the description. A recorded gpt-5.1 request with
  // the same tool is one token under even so: other families stay estimates.
  // `tool_choice: "required"`: 2 tokens with a system message, none without (see
  // REQUIRED_BY_SYSTEM_MESSAGE), measured both ways on this snapshot.
  {
    prefix: 'gpt-3.5-turbo',
    framing: {
      ...CL100K_2024_CALLS,
      ...REQUIRED_BY_SYSTEM_MESSAGE,
      toolChoiceRequiredWithSystemMeasured: true,
      toolCallsMeasured: true,
      toolSchemaDescriptionMeasured: true,
      openMapsMeasured: true,
    },
  },
  // gpt-3.5-turbo-0301, the alias until June 2023: 4 tokens a message, a name in place of the role
  // (OpenAI's "How to count tokens with tiktoken" notebook). Fitted to 16 recorded requests sent as
  // gpt-3.5-turbo and answered by gpt-3.5-turbo-0301 (boxcars cassettes: 2 to 5 messages, each
  // request exactly one token a message over the later framing); no recorded request has a name.
  // It predates function calling.
  { prefix: 'gpt-3.5-turbo-0301', framing: { perMessage: 4, nameReplacesRole: true } },
  // Nested objects measured: the 7 recorded requests with nested and union objects (hmarr), exact.
  { prefix: 'gpt-3.5-turbo-0613', framing: { ...MID_2023_CALLS, nestedToolSchemasMeasured: true } },
  { prefix: 'gpt-3.5-turbo-16k', framing: MID_2023_CALLS },
  // `tool_choice: "required"` as on the other snapshots of its time (REQUIRED_BY_SYSTEM_MESSAGE);
  // "none" and a named tool are exact with the base framing.
  { prefix: 'gpt-3.5-turbo-1106', framing: REQUIRED_BY_SYSTEM_MESSAGE },
  // The gpt-4 and gpt-4-32k aliases answer with the 0613 snapshots (recorded gpt-4 responses name
  // gpt-4-0613); the turbo and preview models sharing the prefix are later snapshots.
  // Calls and results measured on Chat Completions: the 2 recorded gpt-4 requests, both exact.
  // The request parameter `function_call: {name}` costs 5 tokens and the name, one more than the
  // named `tool_choice` it is otherwise read as: 26 distinct recorded crewAI requests (legacy
  // `functions`, one tool, forced), each one token under at 4, exact at 5, while the same client's
  // requests naming the same tool in `tool_choice` are exact at 4.
  // Numeric bounds are not written: the 3 recorded gpt-4 tools with a `minimum` or `maximum`
  // (langgraph, jido_ai, req_llm) count 11, 5 and 5 over with ` // minimum: 1` written, exact and 1
  // under without (later families write the comment: gpt-3.5-turbo, gpt-4-turbo, gpt-4o and gpt-4.1
  // recordings). Still an estimate: 1 of 3 exact.
  {
    prefix: 'gpt-4',
    framing: {
      ...MID_2023_CALLS,
      toolCallsMeasured: true,
      openMapsMeasured: true,
      functionCallParameterNamed: 5,
      constraintComments: false,
      // On the Responses API a gpt-4 request counts one token fewer than its Chat framing, with or
      // without instructions: 6 recorded requests of 5 sources (activeagent, braintrust-sdk-go,
      // dd-trace-js twice, raaf twice), each exact so and one over at 3.
      responsesReplyPriming: 2,
    },
  },
  { prefix: 'gpt-4-1106', framing: {} },
  { prefix: 'gpt-4-vision', framing: {} },
  // gpt-4-turbo-preview is the 0125 preview; gpt-4-turbo its April 2024 successor (not measured).
  { prefix: 'gpt-4-0125', framing: { ...CL100K_2024_CALLS, openMapsMeasured: true } },
  { prefix: 'gpt-4-turbo', framing: CL100K_2024_CALLS },
  // Calls and results measured on Chat Completions: 29 recorded gpt-4o and gpt-4o-mini requests, all
  // exact (one with a structured-output schema after its round trip). Not on the Responses
  // API: of 10 recorded requests 6 are exact and 4 put down to the recording (March 2025 cassettes;
  // the one without tools, -12, is exactly their 18 tokens of instructions less the 3 tokens of each
  // of its two calls read as not stored), and a call made under a forced `tool_choice` reads back 3
  // tokens cheaper on gpt-4.1 (see below). Function tools on the Responses API measured: 19 recorded
  // gpt-4o and gpt-4o-mini requests, 12 exact and 7 put down to the recording (March 2025 cassettes
  // about 200 tokens higher).
  // `tool_choice: "required"` on the Responses API costs what naming the one tool costs, as on
  // gpt-4.1: the recorded gpt-4o-mini request with one tool (openai-dotnet) counts 9 tokens over its
  // messages and tools, `functions.get_weather` (3) plus the 6 of a named choice.
  {
    prefix: 'gpt-4o',
    framing: GPT4O,
  },
  // gpt-4o-2024-05-13, the first gpt-4o snapshot: `tool_choice: "required"` as on the snapshots of its
  // time (REQUIRED_BY_SYSTEM_MESSAGE), where later gpt-4o snapshots add nothing.
  { prefix: 'gpt-4o-2024-05-13', framing: { ...GPT4O, ...REQUIRED_BY_SYSTEM_MESSAGE } },
  // The search models bill the messages' contents alone: no role, no message framing, no reply
  // priming (7 tokens fewer for one user message). Fitted to recorded one-message Chat requests of
  // four sources (openai-dotnet and ai-gateway, and ruby_llm in the corpus; 14 genai cassettes
  // outside it), gpt-4o-search-preview and gpt-4o-mini-search-preview and their 2025-03-11
  // snapshots, with and without `web_search_options`, a message of one text or of two text parts:
  // every one exactly 7 over with the framing. How several messages frame is not recorded, and the
  // search itself may add to the prompt, so the count stays an estimate (SEARCH_MODEL_ESTIMATE).
  { prefix: 'gpt-4o-search-preview', framing: { ...GPT4O, framesMessages: false } },
  { prefix: 'gpt-4o-mini-search-preview', framing: { ...GPT4O, framesMessages: false } },
  { prefix: 'chatgpt-4o', framing: { ...O200K_CALLS, ...O200K_NESTED_OBJECTS } },
  // A recorded gpt-4.1 Responses request with one tool and `tool_choice: "required"` counts exactly
  // what the same request naming that tool counts (47 tokens both; activeagent cassettes).
  // Calls and results measured on Chat Completions: 5 recorded gpt-4.1-mini and gpt-4.1-nano requests,
  // all exact. Not on the Responses API: of 15 recorded gpt-4.1 requests 13 are exact (one of them
  // with a call whose made-up id, `fc_123`, is not in the store) and 2 (a call and its output, +3
  // each) off. Those 2 read back a stored call that the previous response made
  // under a forced `tool_choice` ("required" or naming the tool): it came out 3 tokens cheaper, as if
  // not stored (their follow-up requests send `tool_choice: null`, as the same suite's Chat requests
  // do; no request with a call made freely sends it, so that cannot tell the two apart). The output a forced call's response reports is its arguments plus 1 token; a free
  // call's is its arguments, its namespaced name and 7 tokens (11 recorded gpt-4.1 and gpt-4o
  // responses with one call), so a stored call seems to be read back with the header the model wrote
  // itself. The request does not say how its calls were made, so this is not counted.
  // Function tools on the Responses API measured: 26 recorded gpt-4.1
  // and gpt-4.1-nano requests, 23 exact, 1 put down to the recording and those 2, which keep the
  // calls' estimate (every single-turn request with tools is exact).
  {
    prefix: 'gpt-4.1',
    framing: GPT41,
  },
  // The same request ending in an empty assistant message counts 3 tokens more on gpt-4.1-nano
  // than on gpt-4.1 and gpt-4.1-mini (req_llm, recorded minutes apart): not measured for nano.
  { prefix: 'gpt-4.1-nano', framing: { ...GPT41, responsesEmptyAssistantMeasured: false } },
  { prefix: 'gpt-4.5', framing: { ...O200K_CALLS, ...O200K_NESTED_OBJECTS } },
  // Function tools on the Responses API: the 6 recorded o1 and o1-pro requests with them (jido_ai's
  // ReqLLM fixtures: one and two tools, a round trip) are exact, as are o3-mini's 3 and o3's and
  // o3-pro's 7 (below). Every one of them sends its tools in the Chat Completions shape, so each tool
  // is written `() => any`: the block's framing is what they pin.
  // An earlier assistant answer has no channel framing on o1, unlike o3 and o4-mini: 4 recorded o1
  // agent loops of 2, 5, 7 and 8 answers (foobara agent-cli) count 4, 10, 14 and 16 over with it.
  {
    prefix: 'o1',
    framing: { ...O_SERIES, assistantAnswerFraming: 0, responsesFunctionToolsMeasured: true, responsesToolWithoutParametersMeasured: true },
  },
  // o1-mini and o1-preview (retired) are estimates: see O1_PREVIEW_ESTIMATE. o1-preview primes the
  // reply as o1-mini does: its 4 recorded plain Chat requests of the genai suite (o1-preview and
  // o1-preview-2024-09-12) are exact so, one token short with o1's priming.
  { prefix: 'o1-mini', framing: { ...O_SERIES, replyPriming: 3, messagesMeasured: false } },
  { prefix: 'o1-preview', framing: { ...O_SERIES, replyPriming: 3, messagesMeasured: false } },
  // o3 and o4-mini write a call turn and its result as gpt-5 does, not as o3-mini. o3 on Chat
  // Completions: each call turn costs 11 tokens of framing as on gpt-5, fitted to the recorded o3
  // tool loop (roast cassettes: 26 calls and results, 156 tokens more than at the base 5; two
  // requests of the same conversation, both exact).
  // A tool named in `tool_choice` costs nothing on the Responses API, as on gpt-5: the recorded o3
  // request forcing its one tool (req_llm) is exact without it, 10 tokens over with it written.
  { prefix: 'o3', framing: O3 },
  { prefix: 'o3-deep-research', framing: { ...O3, webSearchPreviewTokens: 412 } },
  // Calls and results on Chat Completions: 1 recorded o3-mini request, exact at the base 5.
  // Function tools on the Responses API: its 3 recorded requests with them (jido_ai; tools written
  // `() => any`, one a round trip) are exact.
  {
    prefix: 'o3-mini',
    framing: { ...O_SERIES, toolCallsMeasured: true, responsesFunctionToolsMeasured: true, responsesToolWithoutParametersMeasured: true },
  },
  // o4-mini: a round trip on the Responses API costs 6 more than on gpt-4o, as on gpt-5 (2 recorded
  // requests, OpenAI and Azure, exact; function tools there: 4 recorded requests, all exact). On Chat
  // Completions its one recorded call (Azure) counts 3 tokens of framing more than the base, 3 fewer
  // than o3 and gpt-5: one request does not pin it, so calls there stay estimates.
  { prefix: 'o4', framing: O4 },
  // The deep-research models take `web_search_preview` (or an MCP server) as a tool they must have;
  // it costs them 412 tokens: the recorded o3-deep-research and o4-mini-deep-research requests of one
  // user message and that tool alone (jido_ai) are each 412 over their message. One source.
  { prefix: 'o4-mini-deep-research', framing: { ...O4, webSearchPreviewTokens: 412 } },
  // codex-mini-latest, a fine-tuned o4-mini, frames as o4-mini: its recorded plain Responses request
  // (req_llm) is exact with the reasoning models' reply priming, one over with the base's. Function
  // tools cost it one token more than o4-mini, once per request: the 3 req_llm requests with tools
  // (one, one and three tools, recorded for both models with the same bodies) count 1 more each on
  // codex-mini-latest, while its 4 requests without tools count what o4-mini's do.
  { prefix: 'codex-mini', framing: { ...O4, responsesToolsInstructions: 1 } },
  // computer-use-preview (Responses only): a system or developer message, or `instructions`, costs one
  // token less than on gpt-4o-mini. Fitted to the Azure SDK's recordings of the same bodies on both
  // models: the 4 computer-use-preview requests with such a message (instructions, system, developer,
  // a developer message before a three-turn history) are each one token under gpt-4o-mini's count,
  // and the 2 without one (a user message; a function tool and its call) count what it counts.
  { prefix: 'computer-use-preview', framing: { instructionMessageDelta: -1 } },
  { prefix: 'gpt-5', framing: GPT5 },
  // A request with function tools without `parameters` costs gpt-5-mini and gpt-5-nano 1 token
  // fewer than those tools written `() => any`, where gpt-5 pays 2 more: the req_llm requests with
  // one and three such tools (gpt-5-nano: 1 in the corpus and 2 more cassettes of the suite;
  // gpt-5-mini: 3 cassettes), all exact so.
  { prefix: 'gpt-5-mini', framing: { ...GPT5, responsesToolWithoutParametersFraming: -1 } },
  // Under a `json_schema` format a stored earlier answer costs 3 tokens more on the Responses API:
  // 4 recorded gpt-5-nano follow-ups of one source (lingua; three schemas, names of 2 tokens each,
  // the answer replayed with its `msg_…` id after its reasoning item), each 3 under without it, where
  // the same source's stored answers without a schema are exact, and so is an unstored answer under
  // a schema (a gpt-5.4 request, chatlas, `store: false`). One source: the count stays an estimate.
  { prefix: 'gpt-5-nano', framing: { ...GPT5, responsesToolWithoutParametersFraming: -1, responsesStoredAnswerWithSchemaFraming: 3 } },
  { prefix: 'gpt-5.', framing: GPT5_POINT_RELEASES },
  // gpt-5.6 bills the reasoning of earlier turns: recorded gpt-5.6-luna requests replaying 5 and 7
  // encrypted reasoning items before the last user message count 749 and 926 where their messages
  // come to 93 and 160, and a gpt-5.6-terra follow-up replaying one counts 74 over its messages
  // (lingua snapshots). Sized from the payload as for the turn now running, an estimate.
  // A `prompt_cache_breakpoint` on a content part (gpt-5.6 and later; OpenAI's reference: it "marks
  // the exact end of a reusable prompt prefix", not rounded to a token block) ends the text tokenized
  // with it: 2 recorded gpt-5.6-terra Chat requests (lingua) whose user message is a marked text part
  // ending in `.` and a second part starting `Now` count one token more than the two joined (`.Now`
  // is one token); a marked part that ends its message (a system message, lingua) counts the same.
  { prefix: 'gpt-5.6', framing: GPT5_6 },
  // gpt-6 (gpt-6-astra) is counted as gpt-5.6: its 2 recorded first requests with plain function tools
  // and instructions (agentic-api, October 2026) are exact so, 5 under with the default framing, and so
  // are the 10 first requests of req_llm's fixtures (September 2026: plain text, one and three function
  // tools, a forced tool_choice, a strict json_schema format, prompt_cache_options). Short requests of
  // two test suites do not measure a family: the count stays an estimate (GPT6_ESTIMATE in models.ts).
  { prefix: 'gpt-6', framing: GPT5_6 },
  // gpt-5.2-chat-latest, the ChatGPT model of the point release, keeps gpt-5's 6 tokens a round trip
  // in a request of user messages and items alone: its 2 recorded Responses round trips (genai
  // cassettes, sync and streamed) are exact so, 3 over at the point releases' 9.
  // On Chat Completions it counts an image 23 tokens over the point releases' patches x 1.2 + 1:
  // the recorded gpt-5.2-chat-latest Chat requests with a 330x291 image (genai cassettes: PNG,
  // JPEG, GIF and WebP, inline and by URL, streamed and not; 16 requests, 173 tokens each, where
  // its Responses requests with the same image count 150 as the other point releases do). One
  // image size does not tell a fixed 23 from a larger multiplier, so the image stays an estimate.
  { prefix: 'gpt-5.2-chat', framing: { ...GPT5_POINT_RELEASES, responsesOutputFraming: 6, imageFraming: 23 } },
  // gpt-5.2 itself frames a Responses round trip as gpt-5 and gpt-5.2-chat-latest do (6), not as
  // gpt-5.4 and later (9): the 9 recorded gpt-5.2 requests of one round trip after a system message
  // (rig cassettes of May 2026, three tests in three versions, reasoning effort high, the reasoning
  // item not sent back) were each 3 over at 9, counted before this row, and are exact at 6.
  { prefix: 'gpt-5.2', framing: { ...GPT5_POINT_RELEASES, responsesOutputFraming: 6 } },
  // gpt-5-chat-latest, the non-reasoning ChatGPT model, primes the reply as gpt-4o does (one token
  // more than gpt-5): fitted to 3 recorded plain Responses requests (req_llm), each one token short
  // with the gpt-5 priming. Its one recorded strict structured output then comes out exact with the
  // gpt-4o section framing (one request: still an estimate). Its tools are not measured.
  {
    prefix: 'gpt-5-chat',
    framing: {
      ...GPT5,
      replyPriming: 3,
      responseFormatResponsesFraming: 1,
      responseFormatChatMeasured: false,
      toolCallsMeasured: false,
      responsesToolCallsMeasured: false,
      responsesFunctionToolsMeasured: false,
      responsesEmptyAssistantMeasured: false,
      responsesToolWithoutParametersMeasured: false,
    },
  },
];

/** The framing for a resolved model name. */
export function openAIFramingFor(model: string): OpenAIFraming {
  let best: FamilyFraming | undefined;
  for (const row of FAMILY_FRAMING) {
    if (model.startsWith(row.prefix) && (!best || row.prefix.length > best.prefix.length)) best = row;
  }
  return best ? { ...OPENAI_FRAMING, ...best.framing } : OPENAI_FRAMING;
}

export const CONSTRAINT_COMMENT_ESTIMATE =
  'Numeric bounds (minimum/maximum) in tool parameters are not measured for this model: recorded gpt-4 (0613) ' +
  'tools leave them out (1 of 3 exact so, the other 2 one token under; 5 to 11 over with the bound written as a ' +
  'comment, as later families write it).';

export const EMPTY_TOOL_LIST_ESTIMATE =
  '`tools: []` is counted as an empty tools block (its preamble and an empty `namespace functions`), as measured on ' +
  'gpt-4.1-mini Chat Completions, not for this model.';
export const PARAMETERLESS_TOOL_ESTIMATE =
  'A Responses function tool without `parameters` (such as a Chat-shaped `{type, name, function}` tool, whose ' +
  '`function` the API ignores) is written `() => any`, measured on gpt-4.1, o3, o4-mini, codex-mini-latest and ' +
  'gpt-5 (which adds 2 tokens a request with such tools; gpt-5-mini and gpt-5-nano 1 fewer) but not for this model.';

export const STORED_STATE_ESTIMATE =
  'The request continues a stored response or conversation, uses a stored prompt, or gives input items by ' +
  'reference (previous_response_id, conversation, prompt, item_reference or an item holding only its id): its ' +
  'count depends on stored conversation state the request does not hold, which the API adds to the input it bills.';

export const EMPTY_ASSISTANT_ESTIMATE =
  'An assistant message with no content is left out, as the Responses API does where it ends the input on the ' +
  'measured families (gpt-4.1, gpt-5, o-series); elsewhere in the input, or for this model, that is not ' +
  'measured (gpt-4.1-nano counts 3 tokens for it).';

export const TOOL_CALLS_ESTIMATE =
  'Assistant tool calls and tool results are framed in an undocumented way; fitted to recorded turns, but not ' +
  'measured for this model family and API (some recorded turns are off by a few tokens; see docs/accuracy.md).';

export const RESPONSE_FORMAT_ESTIMATE =
  'Structured-output schemas are counted as measured on Chat Completions and on the Responses API without ' +
  'instructions or function tools, strict or not (recorded requests without `strict: true` count as strict ones do). ' +
  'The schema is written without `required`, `additionalProperties` and `default`; a schema with Responses ' +
  'instructions or tools, or one on Chat Completions for o1, o3 or gpt-5-chat or next to function tools for a reasoning model (gpt-5.x, o-series), is ' +
  'written the same way but its framing is not measured (a few tokens).';

export const SCHEMA_META_KEYWORD_ESTIMATE =
  'JSON Schema meta keywords other than `$schema`, `$defs` and `$ref` (`$id`, `$comment`, ...) in a structured-output ' +
  'schema are not measured: they are counted as written, where `$schema` is measured to be left out (73 recorded ' +
  'gpt-4.1, o4-mini and gpt-5.x requests).';

export const SCHEMA_WITH_IMAGE_ESTIMATE =
  'A structured-output schema in a request with images is not measured: the one recorded Chat Completions request ' +
  'body with both (a JPEG and a one-property strict schema, on gpt-4.1-nano and gpt-4o-mini) counts 4 tokens fewer ' +
  'than the image and the schema each counted as measured on their own; on the Responses API a recorded gpt-4.1 ' +
  'request with both counts 1 fewer, a gpt-5.6-terra one 1 more.';

export const CONSTRAINT_KEYWORD_ESTIMATE =
  'Validation keywords other than minimum/maximum, format, pattern and minLength/maxLength in tool parameters ' +
  '(minItems, uniqueItems, exclusiveMinimum, ...) and other than minLength/format/minimum/maximum/exclusiveMinimum/minItems/maxItems (left out) in a ' +
  'structured-output schema are not measured: a recorded gpt-3.5-turbo request with minItems and uniqueItems counts 8 ' +
  'tokens more than the type alone, more than one of them and less than both written as a trailing comment.';

export const STRING_CONSTRAINT_ESTIMATE =
  'A string\'s format, pattern or length limits in tool parameters are written as measured on gpt-5.4 ' +
  '(`// format: "email", pattern: ^...$` after the property; two recorded requests of one source, exact), not ' +
  'measured on this model family.';

export const STRICT_FORMAT_ESTIMATE =
  'A `format` strict mode does not support (such as "double") is left out of a strict tool, as on 3 recorded ' +
  'gpt-4o-mini Responses requests of one source (exact so, 14 tokens over with it written); not measured further.';

export const O1_PREVIEW_ESTIMATE =
  'o1-preview and o1-mini (retired) are not measured: recorded requests of one user message are exact in one source ' +
  '(genai, 4) and one token under in another (llm_ruby, "hello world", 4); of two or more messages 9 to 122 tokens ' +
  'under, growing with the messages (notdiamond-python, eidolon: 77 requests).';

export const RESPONSES_CL100K_ESTIMATE =
  'The Responses API is measured on o200k models; a gpt-4 / gpt-3.5 request is counted with their framing, ' +
  'less one token for gpt-4 (6 recorded plain gpt-4 requests of 5 sources, exact so; 1 gpt-3.5-turbo request, ' +
  'exact without it). Function tools there are recorded by one source only, some of them one token off.';

export const NESTED_TOOL_SCHEMA_ESTIMATE =
  'Tool parameters with nested objects: a nested object is counted in place, or on one line where nothing ' +
  'inside it has a title or description (one recorded gpt-4.1 tool pins this). On the o200k families its ' +
  'properties are not indented and an array of them is `Array<`, the object\'s own description, the object on ' +
  'lines of its own, `>` (recorded gpt-4o and gpt-4o-mini Chat Completions requests exact; gpt-4.1, gpt-4.5, ' +
  'the o-series and the Responses API not measured). Objects below a union, and nested objects on the cl100k ' +
  'families, are indented two spaces and an array of them is `{...}[]`; on gpt-5.x nested objects are not ' +
  'indented, inside an array or not (recorded gpt-5 Chat and gpt-5-nano Responses requests exact). A nested ' +
  'object holding an `anyOf` with a null variant, in a tool with nested objects, is not measured (a recorded ' +
  'gpt-3.5-turbo request with such fields inside an array of objects counts 15 higher); nullable fields written ' +
  'as a type list (`type: [..., "null"]`) are measured on gpt-4o and gpt-4o-mini Chat Completions.';

export const OPEN_MAP_ESTIMATE =
  'A tool parameter that is an object without `properties` (a bare object, or a map such as pydantic\'s `dict` ' +
  'or zod\'s `z.record`) is left out of the declaration with its description, and such a variant out of a ' +
  'union, as recorded Chat Completions requests of gpt-4, gpt-4-0125-preview, gpt-3.5-turbo-0125 and gpt-4o ' +
  'show (crewAI and LangGraph tools, all exact so; 3 to 29 tokens over with the map written); not measured for ' +
  'this model and API.';

export const ITEM_DESCRIPTION_ESTIMATE =
  'A description on an array\'s `items` (other than an object\'s) is written, where the family writes arrays of ' +
  'objects as `Array<...>`, as `Array<`, the description as a comment line, then the type and `>` (recorded ' +
  'gpt-4o-mini Chat requests with a described `string` item exact); for an enum or union item, on the Responses ' +
  'API, or for this model family it is not measured (left out where arrays are written `type[]`).';

export const TOOL_SCHEMA_DESCRIPTION_ESTIMATE =
  'A tool whose parameters schema has a `description` of its own is counted with it as a comment line after the ' +
  'schema\'s title (an empty comment line between them), as recorded gpt-3.5-turbo-0125 requests show (gpt-5 ' +
  'writes it at the start of the parameters, measured); not measured for this model family.';

export const MULTILINE_DESCRIPTION_ESTIMATE =
  'Tool descriptions of several lines are counted with each line of text as its own comment (indentation ' +
  'and trailing whitespace dropped) and a blank line between two of them as a bare `//`, as recorded ' +
  'gpt-4o, gpt-4o-mini and gpt-5 requests show; the first line\'s indentation is dropped too, measured on one ' +
  'source only (gpt-4.1 and gpt-4.1-mini requests whose tools are indented heredocs, exact so, one token over ' +
  'per tool with it kept); blank lines before or after the text stay empty; on gpt-4 / ' +
  'gpt-3.5 (cl100k) blank lines are not measured, and one recorded gpt-5 description (runs of two and three ' +
  'blank lines in a heredoc example) comes out one token under. A parameter\'s description of several lines is ' +
  'written the same way, each line under the parameter\'s indentation: measured on one gpt-4.1 Chat tool (5 ' +
  'recorded requests, exact so, 36 tokens over with the lines kept as sent), and so is a structured-output ' +
  'format\'s (two recorded gpt-4o-2024-08-06 requests with an indented docstring come out one token over, 6 with the ' +
  'indentation kept).';

export const PARALLEL_JSON_RESULT_ESTIMATE =
  'A tool result of a parallel turn that is JSON is counted as its value written again as Python\'s json.dumps ' +
  'writes it (`, ` and `: ` between items, non-ASCII kept), as recorded gpt-4o and gpt-4.1 requests with results ' +
  'already in that layout show; a result in another layout (compact or pretty-printed JSON) may reach the model ' +
  'as sent, which is not measured.';

export const TYPE_LIST_ESTIMATE =
  'A tool property whose `type` lists several types (`["string", "null"]`) is written as Chat Completions writes ' +
  'it for gpt-4o and gpt-4o-mini (the name, then ` | type // description` for each type, the description repeated; ' +
  '`name?:` where the list ends in `null`) or, on the Responses API, as `string | null`; measured only for ' +
  'those two families, and on Chat Completions only for described, required properties.';

export const SINGLE_VARIANT_UNION_ESTIMATE =
  'A tool parameter that is an `anyOf` or `oneOf` of a single variant is counted as that variant, which is not ' +
  'measured for this model family (6 recorded gpt-4o-2024-05-13 requests whose parameter is a one-variant `anyOf` ' +
  'enum come out one token under; they are one tool of one source, whose enum has no `type` and which is forced with ' +
  'the legacy `function_call` parameter, so the token is not pinned to the union; a recorded gpt-3.5-turbo-0613 ' +
  'request with a one-variant object is exact).';

export const UNMEASURED_TOOL_SHAPE_ESTIMATE =
  'A Responses function tool with no `description` whose parameters schema has a title is not measured: it is ' +
  'written with the title as its only comment line (on Chat Completions such a tool gains a bare `//` for the ' +
  'missing description, as recorded gpt-4o requests show; on the Responses API an empty description is a bare ' +
  '`//` after the title).';

export const RESPONSES_TOOLS_ESTIMATE =
  'Function tools on the Responses API are counted as a `namespace functions` block whose framing and comment ' +
  'lines are fitted to recorded gpt-4o, gpt-4o-mini, gpt-4.1, gpt-4.1-nano and gpt-5.x requests; this model ' +
  'family is not measured there.';

export const NAMESPACE_TOOL_ESTIMATE =
  'A `namespace` tool is counted as a section of its own, `## name` then `namespace name {` with its tools declared ' +
  'as function tools are and `} // namespace name`, its description not written, and the tools preamble without ' +
  'its `## functions` header where every tool is in a namespace. Fitted to two recorded requests: gpt-4o with one ' +
  'namespace of one function comes out 7 tokens under (its `minItems`, left out, costs 7 written as ' +
  '`// minItems: 1`; with the description as a comment line it would be 2 over, whatever `minItems` costs), and an ' +
  'unknown model billing a function 3 tokens more in a namespace than bare, which this layout gives exactly.';

export const BUILT_IN_TOOL_ESTIMATE =
  'Built-in tools (web search, file search, ...) add instructions of unknown length; not counted.';

export const WEB_SEARCH_PREVIEW_ESTIMATE =
  '`web_search_preview` is counted as the 294 tokens it adds on gpt-4o, gpt-4o-mini and gpt-4.1 (3 recorded ' +
  'requests of 2 sources, with and without its options, each exact so; the search results are not billed as input ' +
  'with this tool) and the 412 it adds on the deep-research models (2 recorded requests of one source). Other ' +
  'models, and this tool beside function tools, are not measured.';

export const ASYNC_TOOL_ESTIMATE =
  'A tool marked `async: true` (the model goes on while it runs) adds instructions the request does not hold: ' +
  'recorded gpt-6-astra requests (agentic-api) bill 38 tokens more for one async function tool than for the same ' +
  'tool without the flag (39 with the tool forced by `tool_choice`, req_llm), 40 for an async custom tool and 106 ' +
  'beside a `wait_for_tasks` tool, but nothing where `parallel_tool_calls: true` is sent (1 request). Not counted.';

export const CUSTOM_TOOL_ESTIMATE =
  'Custom (free-form) tools are counted as `type name = (FREEFORM) => any;` with their grammar and the API\'s ' +
  'instructions about it in the description comment; the two recorded requests (gpt-5, one lark grammar, on ' +
  'Chat Completions and the Responses API) count exactly that, too few shapes to call it measured.';

export const REASONING_ITEM_ESTIMATE =
  'A reasoning item of the turn now running (a function-calling loop) is billed as the reasoning it carries, ' +
  'which is encrypted (the previous response\'s output less its calls); estimated from the payload length (15 ' +
  'recorded gpt-5-nano reasoning items: 12 tokens off on average, 48 at worst; 2 gpt-5.4 items 39 and 50 under). Reasoning items of ' +
  'earlier turns are dropped by the API and count nothing.';

export const EARLIER_REASONING_ESTIMATE =
  'Reasoning items of earlier turns are billed on this model, or because the request asks for it ' +
  '(`reasoning.context: "all_turns"`), as the reasoning they carry, which is encrypted: estimated from the ' +
  'payload length as for the turn now running (recorded gpt-5.6-luna requests replaying 5 and 7 encrypted items ' +
  'count 656 and 766 tokens over their messages, where the payloads give 492 and 557). An item without a payload ' +
  'may be read from the API\'s store, of unknown size.';

export const STORED_ANSWER_WITH_SCHEMA_ESTIMATE =
  'An earlier assistant answer the API reads back from its store (an issued `msg_…` id, `store` not false) under a ' +
  '`json_schema` format costs more than the same answer sent in full: 3 tokens on gpt-5-nano (4 recorded follow-ups ' +
  'of one source), not measured elsewhere.';

export const REASONING_PRO_ESTIMATE =
  '`reasoning.mode: "pro"` adds instructions the request does not hold (a recorded gpt-5.6-terra request of one ' +
  'short user message counts 2,152 tokens, 2,136 more than its message): not counted.';

export const UNMODELLED_ITEM_ESTIMATE =
  'An input item or content part of a type not measured (such as `additional_tools`) is counted as its JSON; ' +
  'the API writes it in a way of its own (recorded `additional_tools` items: 1 token under to 26 over; a ' +
  '`configuration_update` item changing the reasoning effort 33 over, where 2 recorded gpt-6-astra requests of one ' +
  'source count exactly, or 1 over beside encrypted reasoning, without it).';

/**
 * Images in tool results. On Chat Completions a `tool` message's image is billed by the model's
 * image rule for tool messages (models.ts): nothing on tile models (recorded Azure OpenAI gpt-4.1,
 * exact; gpt-5.1 with four images, 1 token under), one token less per patch than a user message's
 * image on patch models (recorded gpt-5-nano and gpt-5-mini exact, gpt-4.1-nano 1 over). Each
 * model is recorded from one source with one image size, so the count stays an estimate. Images in
 * a Responses `function_call_output` are counted as a user message's (recorded gpt-5.4 with four
 * 200x200 images: 3 tokens under over the whole conversation).
 */
export const TOOL_RESULT_IMAGE_ESTIMATE =
  'An image in a tool result is billed differently from one in a user message. On Chat Completions it is counted ' +
  'as nothing on tile-priced models and one token less per 32-px patch on patch-priced models (recorded: Azure ' +
  'OpenAI gpt-4.1, gpt-5-nano and gpt-5-mini exact, gpt-5.1 1 token under with four images, gpt-4.1-nano 1 over; ' +
  'one image size per model); in a Responses function_call_output it is counted as a user message\'s image.';

export const PARALLEL_TURN_SIZE_ESTIMATE =
  'A Responses turn of three or more `function_call` items is not measured on this model family: its parallel-call ' +
  'framing is fitted to two-call turns (5 tokens a call), and a recorded gpt-5.4-nano turn of four calls and four ' +
  'outputs counts 22 tokens fewer than that gives.';

export const PARALLEL_CALLS_OFF_ESTIMATE =
  '`parallel_tool_calls: false` changes the tool-use instructions by an amount not measured for this model ' +
  'family and API (gpt-5.x on the Responses API: 78 tokens more); not counted.';

export const PARALLEL_CALLS_OFF_ONE_SOURCE_ESTIMATE =
  '`parallel_tool_calls: false` with function tools is counted as 3 tokens more on the Responses API for ' +
  'gpt-4o and gpt-4o-mini, fitted to the recorded gpt-4o requests of one source (two handoff tools, exact so); ' +
  'not confirmed by another.';

export const SEARCH_MODEL_ESTIMATE =
  'Search models (gpt-4o-search-preview, gpt-4o-mini-search-preview) and `web_search_options` may change the prompt ' +
  'with search instructions of unmeasured size. A search model\'s messages are counted as their contents alone (no ' +
  'role, message framing or reply priming), as recorded one-message requests of four sources show (7 tokens fewer); ' +
  'several messages, or a structured-output schema, are not measured. Other models are counted as plain messages.';

/**
 * PREDICTED_OUTPUTS: a `prediction` (predicted outputs) is billed as completion tokens, its rejected
 * tokens among them (OpenAI's API reference), and adds nothing to the prompt. Fitted to the 4 recorded
 * Chat requests with one from 20 February 2025 on, all exact without it: gpt-4o-2024-08-06 on OpenAI
 * (Azure Java SDK, 20 Feb 2025, a prediction the same as a user message) and on Azure OpenAI (Go SDK,
 * 16 Mar 2025), gpt-4o-mini (openai-dotnet, Sep 2025, a prediction that differs from the prompt; node-llm,
 * Mar 2026, a prediction that is part of it). Three more recordings outside the corpus agree (the Java
 * SDK's synchronous test, 20 Feb 2025, 52 tokens; the Go SDK against api.openai.com, 16 and 17 Mar 2025,
 * 75 each). Recordings before that date are put down to their date: gpt-4o counted 12 more for a
 * 43-token prediction (raix, 11 Nov 2024) and 16 more for a 17-token one (Azure .NET SDK, 4 and 7 Feb
 * 2025, six requests), where the same 17-token prediction, or one as long, counts nothing later: no
 * function of the prediction gives both.
 */
export const PDF_INPUT_ESTIMATE =
  'A PDF file input is counted as the text its pages show (as read here; the API extracts its own) plus 20 ' +
  'tokens a page and 195 once a message on Chat Completions, 16 a page on the Responses API: fitted to recorded ' +
  'one-page PDFs on gpt-4o-mini, gpt-4.1-nano and gpt-5-nano, which bill no image of the page (2025 Responses ' +
  'recordings measure 13 a page less). Models that also bill page images would cost more.';
export const FILE_INPUT_ESTIMATE =
  'A file input (a PDF by file_id or URL, a DOCX or other document) is read as the text the API extracts from ' +
  'it, whose size is not known here; not counted.';
export const TOOL_CHOICE_ESTIMATE =
  'tool_choice "required" is not measured on this model and API for this request. On Chat Completions it adds ' +
  'nothing on gpt-4o-2024-08-06 and later; on the snapshots of mid-2023 to mid-2024 (gpt-4-0613, ' +
  'gpt-3.5-turbo-1106 and -0125, gpt-4o-2024-05-13) it adds 2 tokens to a request with a system message ' +
  '(counted so) and nothing to one of user messages alone (recorded on gpt-3.5-turbo-0125 only). On the ' +
  'Responses API gpt-4.1, gpt-4o and gpt-4o-mini count it as naming the only tool; elsewhere it is not counted.';
