/**
 * One short line per estimate reason: what is uncertain and roughly by how much. The reasons
 * themselves stay as written (docs/accuracy.md and the recorded corpus quote them); a headline is
 * what the editor and the report show first, the reason one step away.
 *
 * Each reason the counter can give is keyed here by its constant, so a headline follows its
 * reason when the wording changes; a reason without an entry (new, or built from the request,
 * such as the placeholders of source code) gets its first sentence, cut at a clause boundary.
 * `test/unit/tokens/estimateHeadlines.test.ts` fails for an exported `*_ESTIMATE` without one.
 */
import type { ApiStyle } from '../model';
import { AUDIO_LENGTH_UNKNOWN_ESTIMATE, AUDIO_MP3_FRAMES_ESTIMATE, AUDIO_RATE_ESTIMATE } from './audioTokens';
import { ANTHROPIC_IMAGES, CLAUDE_FAMILIES, claudeEstimateReason, DEFAULT_CLAUDE_FAMILY, type ClaudeFamily } from './anthropicFraming';
import {
  IMAGE_MODEL_UNKNOWN_ESTIMATE,
  IMAGE_SIZE_UNKNOWN_PATCHES,
  IMAGE_SIZE_UNKNOWN_TILE,
  IMAGE_UNCONFIRMED_ESTIMATE,
  PATCH_ROUNDING_ESTIMATE,
} from './imageTokens';
import { GEMINI_ESTIMATE, GPT6_ESTIMATE, GPT_OSS_ESTIMATE, UNKNOWN_MODEL_ESTIMATE } from './models';
import {
  BUILT_IN_TOOL_ESTIMATE,
  WEB_SEARCH_PREVIEW_ESTIMATE,
  CONSTRAINT_COMMENT_ESTIMATE,
  CONSTRAINT_KEYWORD_ESTIMATE,
  STRICT_FORMAT_ESTIMATE,
  STRING_CONSTRAINT_ESTIMATE,
  ASYNC_TOOL_ESTIMATE,
  CUSTOM_TOOL_ESTIMATE,
  NAMESPACE_TOOL_ESTIMATE,
  EMPTY_TOOL_LIST_ESTIMATE,
  EARLIER_REASONING_ESTIMATE,
  EMPTY_ASSISTANT_ESTIMATE,
  FILE_INPUT_ESTIMATE,
  ITEM_DESCRIPTION_ESTIMATE,
  MULTILINE_DESCRIPTION_ESTIMATE,
  TOOL_SCHEMA_DESCRIPTION_ESTIMATE,
  NESTED_TOOL_SCHEMA_ESTIMATE,
  OPEN_MAP_ESTIMATE,
  PARALLEL_CALLS_OFF_ESTIMATE,
  PARALLEL_CALLS_OFF_ONE_SOURCE_ESTIMATE,
  PARALLEL_JSON_RESULT_ESTIMATE,
  PARALLEL_TURN_SIZE_ESTIMATE,
  PARAMETERLESS_TOOL_ESTIMATE,
  SINGLE_VARIANT_UNION_ESTIMATE,
  PDF_INPUT_ESTIMATE,
  REASONING_ITEM_ESTIMATE,
  REASONING_PRO_ESTIMATE,
  RESPONSE_FORMAT_ESTIMATE,
  RESPONSES_CL100K_ESTIMATE,
  O1_PREVIEW_ESTIMATE,
  RESPONSES_TOOLS_ESTIMATE,
  SCHEMA_META_KEYWORD_ESTIMATE,
  SCHEMA_WITH_IMAGE_ESTIMATE,
  SEARCH_MODEL_ESTIMATE,
  STORED_ANSWER_WITH_SCHEMA_ESTIMATE,
  STORED_STATE_ESTIMATE,
  TOOL_CALLS_ESTIMATE,
  TOOL_RESULT_IMAGE_ESTIMATE,
  TOOL_CHOICE_ESTIMATE,
  TYPE_LIST_ESTIMATE,
  UNMEASURED_TOOL_SHAPE_ESTIMATE,
  UNMODELLED_ITEM_ESTIMATE,
} from './openaiFraming';
import {
  ANTHROPIC_AUDIO_ESTIMATE,
  CITATIONS_ESTIMATE,
  DEFINED_TOOLS_ESTIMATE,
  IMAGE_SIZE_UNKNOWN_LARGEST_ESTIMATE,
  NON_LATIN_TEXT_ESTIMATE,
  OMITTED_THINKING_ESTIMATE,
  PDF_DOCUMENT_ESTIMATE,
  REDACTED_THINKING_ESTIMATE,
  SERVER_TOOLS_ESTIMATE,
  UNKNOWN_DOCUMENT_ESTIMATE,
} from './renderAnthropic';
import { IMAGE_FRAMING_ESTIMATE } from './renderContent';

/** What a headline may name in place of a reason's "this model" or "this API". */
export interface HeadlineContext {
  model: string;
  api: ApiStyle;
}

/** A headline should read at a glance: this many characters at most (a fallback is cut to it). */
export const HEADLINE_MAX_LENGTH = 90;

type Headline = string | ((context: HeadlineContext) => string);

const API_NAMES: Record<ApiStyle, string> = { chat: 'Chat', responses: 'Responses', anthropic: 'Messages' };

/** Longer model names (deployment names) read as "this model": the headline must stay short. */
const MAX_MODEL_NAME = 20;

/** The model as a headline names it: without a snapshot date, or undefined when too long. */
function modelName(c: HeadlineContext): string | undefined {
  const name = c.model.replace(/-\d{4}-\d{2}-\d{2}$/, '');
  return name.length <= MAX_MODEL_NAME ? name : undefined;
}

/** "on gpt-4.1": where a reason says "this model". */
const onModel = (c: HeadlineContext) => `on ${modelName(c) ?? 'this model'}`;
/** "on gpt-4.1 Chat": where a reason says "this model family and API". */
function onModelApi(c: HeadlineContext): string {
  const name = modelName(c);
  return name ? `on ${name} ${API_NAMES[c.api]}` : `on this model (${API_NAMES[c.api]})`;
}

const HEADLINES = new Map<string, Headline>([
  // OpenAI tools
  [NESTED_TOOL_SCHEMA_ESTIMATE, (c) => `nested tool objects not measured ${onModelApi(c)}`],
  [OPEN_MAP_ESTIMATE, (c) => `tool parameters without properties (maps) not measured ${onModelApi(c)}`],
  [TYPE_LIST_ESTIMATE, (c) => `nullable (type-list) tool fields ${onModelApi(c)} are not measured`],
  [ITEM_DESCRIPTION_ESTIMATE, (c) => `described array items in tools ${onModelApi(c)} are not measured`],
  [SINGLE_VARIANT_UNION_ESTIMATE, (c) => `a one-variant anyOf/oneOf tool parameter is not measured ${onModelApi(c)}`],
  [TOOL_SCHEMA_DESCRIPTION_ESTIMATE, 'a tool schema\'s own description is not measured on this model family'],
  [MULTILINE_DESCRIPTION_ESTIMATE, 'multi-line tool, parameter and format descriptions are not all measured (~1 token)'],
  [UNMEASURED_TOOL_SHAPE_ESTIMATE, 'Responses tool with a titled schema and no description is not measured'],
  [RESPONSES_TOOLS_ESTIMATE, (c) => `Responses function tools not measured ${onModel(c)} (other families’ framing)`],
  [PARAMETERLESS_TOOL_ESTIMATE, (c) => `Responses tool without \`parameters\` not measured ${onModel(c)} (~2 tokens)`],
  [CONSTRAINT_COMMENT_ESTIMATE, (c) => `numeric bounds in tool parameters are not measured ${onModel(c)} (~5 tokens)`],
  [CONSTRAINT_KEYWORD_ESTIMATE, 'validation keywords (minItems, uniqueItems, …) are not measured (up to ~8 tokens)'],
  [STRING_CONSTRAINT_ESTIMATE, 'string formats and patterns are measured on gpt-5.x only'],
  [STRICT_FORMAT_ESTIMATE, 'a format strict mode does not support is left out (one source)'],
  [BUILT_IN_TOOL_ESTIMATE, 'built-in tools (web search, file search, …) add unknown instructions: not counted'],
  [WEB_SEARCH_PREVIEW_ESTIMATE, 'web_search_preview counted as its measured instructions (3 recorded requests)'],
  [CUSTOM_TOOL_ESTIMATE, 'custom (free-form) tools: 2 recorded requests, not measured'],
  [ASYNC_TOOL_ESTIMATE, '`async: true` tools add unknown instructions (38–106 tokens recorded): not counted'],
  [EMPTY_TOOL_LIST_ESTIMATE, (c) => `\`tools: []\` (an empty tools block) not measured ${onModel(c)} (~12 tokens)`],
  [NAMESPACE_TOOL_ESTIMATE, 'namespace tools: their framing is fitted to 2 recorded requests (gpt-4o 7 under)'],
  [TOOL_CHOICE_ESTIMATE, (c) => `tool_choice "required" not measured ${onModelApi(c)}: not counted`],
  [PARALLEL_CALLS_OFF_ESTIMATE, (c) => `\`parallel_tool_calls: false\` not measured ${onModelApi(c)}: not counted`],
  [PARALLEL_CALLS_OFF_ONE_SOURCE_ESTIMATE, '`parallel_tool_calls: false` on Responses counted as 3 tokens: one recorded source'],
  [TOOL_CALLS_ESTIMATE, (c) => `tool-call/result framing not measured ${onModelApi(c)} (a few tokens)`],
  [PARALLEL_TURN_SIZE_ESTIMATE, (c) => `a turn of 3+ parallel calls is not measured ${onModel(c)}`],
  [PARALLEL_JSON_RESULT_ESTIMATE, 'parallel-call JSON result not in json.dumps layout: how it is read is not measured'],
  [TOOL_RESULT_IMAGE_ESTIMATE, 'image in a tool result: price fitted to one image size per model'],
  // OpenAI structured outputs
  [RESPONSE_FORMAT_ESTIMATE, (c) => `structured-output framing not measured ${onModelApi(c)} (a few tokens)`],
  [SCHEMA_META_KEYWORD_ESTIMATE, 'schema meta keywords ($id, $comment, …) are counted as written, not measured'],
  [SCHEMA_WITH_IMAGE_ESTIMATE, 'a structured-output schema beside images is not measured (~4 tokens)'],
  // OpenAI requests and inputs
  [STORED_STATE_ESTIMATE, 'stored state (previous_response_id, item references, …) is not in the request: not counted'],
  [EMPTY_ASSISTANT_ESTIMATE, (c) => `empty assistant message left out; not measured ${onModel(c)} (~3 tokens)`],
  [REASONING_ITEM_ESTIMATE, 'encrypted reasoning of this turn sized from its payload (~12 tokens off, 50 at worst)'],
  [EARLIER_REASONING_ESTIMATE, 'encrypted reasoning of earlier turns is billed here: sized from its payload (~25% under)'],
  [STORED_ANSWER_WITH_SCHEMA_ESTIMATE, 'stored earlier answer under a json_schema format: measured on one source (~3 tokens)'],
  [REASONING_PRO_ESTIMATE, 'reasoning mode "pro" adds hidden instructions (~2,100 tokens): not counted'],
  [UNMODELLED_ITEM_ESTIMATE, 'an input item of a type not measured (additional_tools, …) counted as its JSON'],
  [O1_PREVIEW_ESTIMATE, (c) => `message framing is not measured ${onModel(c)} (retired model)`],
  [RESPONSES_CL100K_ESTIMATE, (c) => `Responses API not measured for cl100k models (${modelName(c) ?? 'this one'}; ~1 token)`],
  [SEARCH_MODEL_ESTIMATE, 'search instructions of unknown size are not counted'],
  [PDF_INPUT_ESTIMATE, 'PDF input sized from the text its pages show, plus a few tokens a page'],
  [FILE_INPUT_ESTIMATE, 'file input of unknown size (by id, by URL, or not a PDF): not counted'],
  // Images and audio
  [IMAGE_SIZE_UNKNOWN_TILE, 'image size unknown: counted as one 512-px tile'],
  [IMAGE_SIZE_UNKNOWN_PATCHES, 'image size unknown: counted at the patch cap'],
  [PATCH_ROUNDING_ESTIMATE, (c) => `image patch tokens: rounding not documented ${onModel(c)} (~1 token)`],
  [IMAGE_MODEL_UNKNOWN_ESTIMATE, (c) => `image tokens not known ${onModel(c)}: images counted as 0`],
  [IMAGE_UNCONFIRMED_ESTIMATE, (c) => `image token figures not confirmed ${onModel(c)}`],
  [IMAGE_FRAMING_ESTIMATE, (c) => `image framing on ${API_NAMES[c.api]} measured on one image size only`],
  [AUDIO_RATE_ESTIMATE, 'audio counted at 10 tokens a second + 4 a clip (long clips up to 5% off)'],
  [AUDIO_LENGTH_UNKNOWN_ESTIMATE, 'audio length unreadable: the clip is not counted'],
  [AUDIO_MP3_FRAMES_ESTIMATE, 'MP3 length includes the encoder’s padding (~1 token over)'],
  // Anthropic
  [SERVER_TOOLS_ESTIMATE, 'server tools (web search, code execution, …) add unknown instructions: not counted'],
  [DEFINED_TOOLS_ESTIMATE, 'computer-use tools counted from the range Anthropic documents'],
  [CITATIONS_ESTIMATE, 'citation instructions measured on short text documents only'],
  [PDF_DOCUMENT_ESTIMATE, 'PDF document sized from its page count and text'],
  [UNKNOWN_DOCUMENT_ESTIMATE, 'document by URL or file id (or an unreadable PDF): not counted'],
  [IMAGE_SIZE_UNKNOWN_LARGEST_ESTIMATE, `image size unknown: counted at the largest image cost (~${ANTHROPIC_IMAGES.unknownSizeTokens.toLocaleString('en-US')} tokens)`],
  [REDACTED_THINKING_ESTIMATE, 'redacted thinking of this turn sized from its encrypted payload'],
  [OMITTED_THINKING_ESTIMATE, 'thinking sent back with its text omitted: billed, not counted'],
  [ANTHROPIC_AUDIO_ESTIMATE, 'audio is not counted (the Messages API takes no audio)'],
  [NON_LATIN_TEXT_ESTIMATE, 'mostly non-Latin text: the stated Claude error does not cover it'],
  ...[DEFAULT_CLAUDE_FAMILY, ...CLAUDE_FAMILIES].map((family): [string, Headline] => [claudeEstimateReason(family), claudeHeadline(family)]),
  // Models
  [GEMINI_ESTIMATE, 'Gemini count approximated with o200k_base (its tokenizer is not bundled)'],
  [GPT_OSS_ESTIMATE, "gpt-oss counted with OpenAI's framing (its harmony template is not checked)"],
  [GPT6_ESTIMATE, 'gpt-6 counted as gpt-5.6 frames requests (12 short recorded requests, not measured)'],
  [UNKNOWN_MODEL_ESTIMATE, (c) => `unknown model${modelName(c) ? ` ${modelName(c)}` : ''}: counted with o200k_base`],
]);

/** The Claude reason's measured error, kept: "Claude 4.5 count ≈ ±2.1% (o200k scaled; …)". */
function claudeHeadline(family: ClaudeFamily): string {
  const m = family.measured;
  const why = '(o200k scaled; Claude’s tokenizer is not public)';
  if (!m || m.pairs === 0) return `${family.label} count not measured ${why}`;
  return `${family.label} count ≈ ±${m.meanPercent.toFixed(1)}% ${why}`;
}

/** Reasons built from the request: recognised by their fixed wording (see models.ts). */
const PATTERNS: ReadonlyArray<[RegExp, (match: RegExpExecArray) => string]> = [
  [/^"(.+)" is not a model name; counted as (\S+) \(found inside the name/, (m) => `"${m[1]}" counted as ${m[2]} (not a model name)`],
];

/** Whether a reason has a headline of its own (not the first-sentence fallback). */
export function hasOwnHeadline(reason: string): boolean {
  return HEADLINES.has(reason) || PATTERNS.some(([pattern]) => pattern.test(reason));
}

/** The short line for one estimate reason. */
export function estimateHeadline(reason: string, context: HeadlineContext): string {
  const headline = HEADLINES.get(reason);
  if (headline !== undefined) return typeof headline === 'string' ? headline : headline(context);
  for (const [pattern, write] of PATTERNS) {
    const match = pattern.exec(reason);
    if (match) return write(match);
  }
  return firstClause(reason);
}

/** One headline per reason, in the same order. */
export function estimateHeadlines(reasons: readonly string[], context: HeadlineContext): string[] {
  return reasons.map((reason) => estimateHeadline(reason, context));
}

/**
 * A reason's first sentence without its full stop; when that is longer than `max`, cut at the last
 * clause boundary (`;`, `:`, `,`, ` (`) outside parentheses and code that leaves it short enough,
 * else at a word, with `…`.
 */
export function firstClause(reason: string, max = HEADLINE_MAX_LENGTH): string {
  const text = reason.replace(/\s+/g, ' ').trim();
  const sentenceEnd = /\.(\s|$)/.exec(text);
  const sentence = sentenceEnd ? text.slice(0, sentenceEnd.index) : text;
  if (sentence.length <= max) return sentence;
  let depth = 0;
  let inCode = false;
  let cut = -1;
  for (let i = 0; i < max; i++) {
    const ch = sentence[i];
    if (ch === '`') inCode = !inCode;
    if (inCode) continue;
    if (ch === ' ' && sentence[i + 1] === '(' && depth === 0) cut = i;
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if ((ch === ';' || ch === ':' || ch === ',') && depth === 0 && sentence[i + 1] === ' ') cut = i;
  }
  if (cut > 0) return sentence.slice(0, cut);
  const space = sentence.lastIndexOf(' ', max - 1);
  return `${sentence.slice(0, space > 0 ? space : max - 1)}…`;
}
