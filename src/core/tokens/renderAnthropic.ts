/**
 * Anthropic Messages requests in cache order: tools, system, messages. Counted as an estimate (no
 * public Claude 3+ tokenizer): o200k_base scaled per model family plus the framing Anthropic adds
 * (anthropicFraming.ts). The block structure and breakpoints are exact, which is what Anthropic's
 * caching rules (20-block lookback, 4 breakpoints) depend on.
 */
import type { ContentPart, PromptRequest, SourceRange } from '../model';
import {
  ANTHROPIC_DEFINED_TOOLS,
  ANTHROPIC_FRAMING,
  anthropicImageTokens,
  type ClaudeFamily,
  type RareTokenTier,
  type TokenClass,
  claudeEstimateReason,
  claudeFamily,
} from './anthropicFraming';
import { dataUrlImageSize } from '../formats/imageSize';
import { pdfPageCount, pdfText } from '../formats/documentPages';
import type { ResolvedModel } from './models';
import { anchoredRun, enclosingRange, PromptBuilder, runOfPiece, syntheticRun, type TextRun } from './promptBuilder';
import type { RenderedPrompt } from './rendered';
import { messageLabels } from './segmentLabels';
import { imageTokenIds, Marker } from './syntheticIds';
import type { Tokenizer } from './tokenizer';
import { pythonJsonDumps } from './pythonJson';
import { shortText } from '../labels';

type Json = Record<string, unknown>;

export const SERVER_TOOLS_ESTIMATE =
  'Server tools (web search, code execution, ...) add instructions of unknown length, and their results in ' +
  'earlier turns are billed as the API stores them; counted from the request JSON only.';
export const DEFINED_TOOLS_ESTIMATE =
  'Anthropic-defined tools (computer use) are counted with the token figures Anthropic documents for them ' +
  '(tool definition and system-prompt overhead), which the docs give as a range.';
export const CITATIONS_ESTIMATE =
  'Citations add instructions of their own, measured on requests citing a short text document (Claude 4.5, 4.6, Sonnet 5, Opus 4.8 and Opus 5).';
export const PDF_DOCUMENT_ESTIMATE =
  'A PDF document is read as its text plus an image of each page; estimated from its page count and the text its pages show.';
export const UNKNOWN_DOCUMENT_ESTIMATE = 'A document by URL or file id (or a PDF whose pages cannot be read) is of unknown size; not counted.';
export const IMAGE_SIZE_UNKNOWN_LARGEST_ESTIMATE = 'image size unknown; counted at the largest image cost';
export const REDACTED_THINKING_ESTIMATE = 'redacted thinking in the current tool-use turn: sized from its encrypted payload';
export const OMITTED_THINKING_ESTIMATE =
  'A thinking block sent back with its text omitted (`display: "omitted"`) is billed as the thought it stands for, which the request holds only encrypted in its signature; not counted.';

const asObject = (value: unknown): Json | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;

function parseBlock(text: string): Json | undefined {
  try {
    return asObject(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/** Whether a tool definition lets a server tool (code execution) call it. */
function calledFromCode(definition: string): boolean {
  if (!definition.includes('allowed_callers')) return false;
  const callers = asObject(parseBlock(definition))?.allowed_callers;
  return Array.isArray(callers) && callers.some((caller) => typeof caller === 'string' && caller !== 'direct');
}

function forcesTool(toolChoice: unknown): boolean {
  const type = asObject(toolChoice)?.type;
  return type === 'any' || type === 'tool';
}

export const ANTHROPIC_AUDIO_ESTIMATE = 'The Messages API takes no audio input; an audio part is not counted.';

const isThinking = (blockType: string) => blockType === 'thinking' || blockType === 'redacted_thinking';

/**
 * Index of the first message of the current assistant turn: the messages after the last user
 * message that is more than tool results. Thinking blocks before it belong to earlier turns, which
 * the API strips on the families that do not keep them (`ClaudeFamily.keepsEarlierThinking`); those
 * inside it, the tool-use loop now running, are read and counted.
 */
export function currentTurnStart(messages: PromptRequest['messages']): number {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message.role !== 'user') continue;
    const onlyResults = message.parts.length > 0 && message.parts.every((p) => p.type === 'other' && p.blockType === 'tool_result');
    if (!onlyResults) return i + 1;
  }
  return 0;
}

/**
 * Index of the first message whose thinking blocks the prompt keeps. By default the current
 * assistant turn's (`currentTurnStart`), or every turn's on a family that keeps earlier thinking
 * (`keepsEarlier`); a `clear_thinking_20251015` context edit decides instead
 * (Anthropic's context-editing docs): `keep: "all"` keeps every earlier turn's thinking, `keep:
 * {type: "thinking_turns", value: N}` the last N assistant turns that hold thinking.
 */
export function keptThinkingStart(contextManagement: unknown, messages: PromptRequest['messages'], keepsEarlier = false): number {
  const current = currentTurnStart(messages);
  const edits = asObject(contextManagement)?.edits;
  const edit = Array.isArray(edits)
    ? edits.map(asObject).find((e) => typeof e?.type === 'string' && e.type.startsWith('clear_thinking_'))
    : undefined;
  if (!edit) return keepsEarlier ? 0 : current;
  if (edit.keep === 'all') return 0;
  const keep = asObject(edit.keep);
  if (keep?.type !== 'thinking_turns' || typeof keep.value !== 'number') return current;
  let turns = 0;
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message.role !== 'assistant' || !message.parts.some((p) => p.type === 'other' && isThinking(p.blockType))) continue;
    turns++;
    if (turns >= keep.value) return Math.min(current, i);
  }
  return 0;
}

/** Tools loaded on demand through tool search are not in the prompt until found. */
function isDeferred(toolText: string): boolean {
  return parseBlock(toolText)?.defer_loading === true;
}

/** Per tokenizer: spaces in each whitespace-only token id (0 for every other token). */
const WHITESPACE_SPACES = new WeakMap<Tokenizer, Map<number, number>>();
/** Per token-class table: each token id's extra (the tables are per family, the ids o200k_base's). */
const CLASS_EXTRAS = new WeakMap<readonly TokenClass[], Map<number, number>>();

const LETTER = /\p{L}/gu;
const BEYOND_LATIN = /[\u0370-\uffff]/;
const NON_LATIN_LETTER = /(?!\p{Script=Latin})\p{L}/gu;

function countMatches(text: string, pattern: RegExp): number {
  pattern.lastIndex = 0;
  let count = 0;
  while (pattern.exec(text) !== null) count++;
  return count;
}

/**
 * Text mostly in other scripts than Latin (Chinese, Japanese, Korean, Cyrillic, Arabic, Devanagari
 * ...) is outside what the Claude figures were measured on: the recorded Claude requests are in
 * English, and o200k_base splits such text so differently from Claude's tokenizer that neither
 * the scale nor the rare-token surcharge is known to hold for it.
 */
const NON_LATIN_SHARE = 0.2;
const NON_LATIN_MIN_LETTERS = 20;
export const NON_LATIN_TEXT_ESTIMATE =
  'Much of the text is in a non-Latin script (for example Chinese, Japanese, Korean or Cyrillic); the recorded Claude requests behind the stated error are in English, so it does not cover this text.';

/**
 * Text encoded locally, then the tokens Claude is estimated to need beyond it. The fractional part
 * is carried from block to block, so the total does not drift with many small texts and the same
 * prefix always yields the same tokens.
 */
class ScaledText {
  private carry: number;
  /** Letters of the prose and JSON read as text outside the Latin script. */
  nonLatinLetters = 0;
  /** The texts read so far, for `letters()`: counted only when the non-Latin letters could matter. */
  private readonly texts: string[] = [];

  constructor(
    private readonly builder: PromptBuilder,
    private readonly family: ClaudeFamily,
  ) {
    this.carry = family.roundingOffset ?? 0;
  }

  /** Prose and JSON read as text: the family's text scale plus its rare-token surcharge. */
  text(...runs: TextRun[]): void {
    for (const run of runs) {
      this.texts.push(run.text);
      // Every script but Latin starts at U+0370: a text without such characters needs no count.
      if (BEYOND_LATIN.test(run.text)) this.nonLatinLetters += countMatches(run.text, NON_LATIN_LETTER);
    }
    this.add(true, this.family.textScale, this.family.rareTokens, this.family.indentationPerSpace, ...runs);
  }

  /** Letters of the prose and JSON read as text. */
  letters(): number {
    return this.texts.reduce((sum, text) => sum + countMatches(text, LETTER), 0);
  }

  /** Text at a scale of its own (tool definitions, schemas). */
  atScale(scale: number, ...runs: TextRun[]): void {
    this.add(false, scale, undefined, undefined, ...runs);
  }

  /** Spaces in token `id` when it holds only whitespace (indentation, blank runs), else 0. */
  private whitespaceSpaces(id: number): number {
    let known = WHITESPACE_SPACES.get(this.builder.tokenizer);
    if (!known) WHITESPACE_SPACES.set(this.builder.tokenizer, (known = new Map()));
    let spaces = known.get(id);
    if (spaces === undefined) {
      const text = this.builder.tokenizer.decode([id]);
      spaces = /^\s+$/.test(text) ? text.split(' ').length - 1 : 0;
      known.set(id, spaces);
    }
    return spaces;
  }

  /** Extra of the first token class `id` falls in (by its decoded text), else 0. */
  private classExtra(id: number, classes: readonly TokenClass[]): number {
    let known = CLASS_EXTRAS.get(classes);
    if (!known) CLASS_EXTRAS.set(classes, (known = new Map()));
    let extra = known.get(id);
    if (extra === undefined) {
      const text = this.builder.tokenizer.decode([id]);
      extra = classes.find((c) => c.pattern.test(text))?.extra ?? 0;
      known.set(id, extra);
    }
    return extra;
  }

  private add(
    text: boolean,
    scale: number,
    rare: readonly RareTokenTier[] | undefined,
    perSpace: number | undefined,
    ...runs: TextRun[]
  ): void {
    const before = this.builder.length;
    this.builder.text(...runs);
    let wanted = this.carry + (this.builder.length - before) * (scale - 1);
    const classes = text ? this.family.tokenClasses : undefined;
    if (rare?.length || perSpace || classes?.length) {
      for (const id of this.builder.idsFrom(before)) {
        if (rare) for (const tier of rare) if (id >= tier.fromRank) wanted += tier.extra;
        if (perSpace) wanted += perSpace * this.whitespaceSpaces(id);
        if (classes) wanted += this.classExtra(id, classes);
      }
    }
    const extra = Math.max(0, Math.floor(wanted));
    this.carry = wanted - extra;
    this.builder.markers(Marker.estimate, extra);
  }
}

/**
 * A tool's name and input schema as the family's count reads them: written as Python's `json.dumps`
 * writes them (`{"name": "get_weather", "input_schema": {"type": "object"}}`), or as compact JSON
 * where the family sets a `toolScale` of its own (`ClaudeFamily.toolScale`).
 */
export function toolDefinitionJson(name: string, parameters: unknown, family: ClaudeFamily): string {
  const compact = JSON.stringify({ name, ...(parameters !== undefined ? { input_schema: parameters } : {}) });
  if (family.toolScale !== undefined) return compact;
  return pythonJsonDumps(compact, false)?.text ?? compact;
}

/**
 * A structured-output schema as the count reads it: JSON indented by
 * `ANTHROPIC_FRAMING.structuredOutputSchemaIndent` spaces, keys in the order sent.
 */
export function structuredOutputSchemaText(schema: unknown): string {
  return JSON.stringify(schema ?? {}, null, ANTHROPIC_FRAMING.structuredOutputSchemaIndent);
}

/** From the first block's start to the last block's end, where the blocks have a place in the file. */
function spanOf(parts: readonly ContentPart[]): SourceRange | null {
  return enclosingRange(parts.map((part) => part.range));
}

class AnthropicRenderer {
  private readonly builder: PromptBuilder;
  private readonly scaled: ScaledText;
  private readonly family: ClaudeFamily;
  private lastBlock = -1;
  /** Tokens every request starts with, not yet placed (they go into the first segment). */
  private openingTokens: number;

  constructor(
    private readonly req: PromptRequest,
    private readonly tokenizer: Tokenizer,
    private readonly resolved: ResolvedModel,
  ) {
    this.builder = new PromptBuilder(tokenizer);
    this.family = claudeFamily(resolved.model);
    this.scaled = new ScaledText(this.builder, this.family);
    const thinking = asObject(req.parameters.thinking)?.type === 'enabled';
    this.openingTokens = ANTHROPIC_FRAMING.request + (this.family.requestExtra ?? 0) + (thinking ? ANTHROPIC_FRAMING.thinkingEnabled : 0);
  }

  render(): RenderedPrompt {
    const { builder, req, resolved } = this;
    // The model table already explains why Claude counts are estimates; say it once.
    if (!resolved.estimateReason) builder.estimate(claudeEstimateReason(this.family));
    if (req.tools.length > 0) this.tools();
    this.structuredOutput();
    if (req.system && req.system.length > 0) {
      this.begin('system', 'system', spanOf(req.system));
      builder.markers(Marker.start, this.family.systemExtra ?? 0);
      this.parts(req.system, false, true);
      builder.endSegment();
    }
    const labels = messageLabels(req.messages);
    const turnStart = keptThinkingStart(req.parameters.context_management, req.messages, this.family.keepsEarlierThinking === true);
    req.messages.forEach((message, index) => {
      this.begin('message', labels[index], message.range, { messageIndex: index });
      // A final assistant message (prefill) continues the reply turn every request already opens.
      const prefill = index === req.messages.length - 1 && message.role === 'assistant';
      // Consecutive messages of one role are joined into one turn by the API.
      const joined = index > 0 && req.messages[index - 1].role === message.role;
      const framing = joined ? ANTHROPIC_FRAMING.joinedMessage : prefill ? ANTHROPIC_FRAMING.prefillMessage : ANTHROPIC_FRAMING.perMessage;
      if (framing > 0) {
        builder.markers(Marker.start, framing - 1);
        builder.text(anchoredRun(message.role, message.roleRange?.start ?? -1));
      }
      this.parts(message.parts, message.role === 'assistant' && index < turnStart);
      if (message.toolCalls) this.scaled.text(syntheticRun(message.toolCalls.text));
      builder.endSegment();
    });
    if (req.topLevelCacheControl && this.lastBlock >= 0) {
      // Automatic placement: the breakpoint sits on the last cacheable block.
      builder.breakpointAt(req.topLevelCacheControl, this.lastBlock, builder.blockEnd(this.lastBlock), true);
    }
    const { nonLatinLetters } = this.scaled;
    if (nonLatinLetters >= NON_LATIN_MIN_LETTERS && nonLatinLetters >= NON_LATIN_SHARE * this.scaled.letters()) builder.estimate(NON_LATIN_TEXT_ESTIMATE);
    return builder.build(resolved.model, this.tokenizer.encoding, resolved.estimateReason);
  }

  /** Opens a top-level section; the first one also holds the tokens every request starts with. */
  private begin(...args: Parameters<PromptBuilder['beginSegment']>): void {
    this.builder.beginSegment(...args);
    this.builder.markers(Marker.start, this.openingTokens);
    this.openingTokens = 0;
  }

  private tools(): void {
    const { builder, req, family } = this;
    this.begin('tools', 'tools', null);
    const prompt = forcesTool(req.parameters.tool_choice)
      ? family.toolSystemPrompt.forced
      : this.legacyToolBeta()
        ? family.legacyToolBeta!.auto
        : family.toolSystemPrompt.auto;
    const serial = asObject(req.parameters.tool_choice)?.disable_parallel_tool_use === true ? (family.disableParallelToolUse ?? ANTHROPIC_FRAMING.disableParallelToolUse) : 0;
    builder.markers(Marker.toolsPreamble, Math.max(0, prompt + serial));
    if (this.interleavedThinking()) builder.markers(Marker.toolsPreamble, ANTHROPIC_FRAMING.interleavedThinkingTools);
    const definedTool = (type: string) => ANTHROPIC_DEFINED_TOOLS.find((row) => type.startsWith(row.typePrefix));
    const server = req.tools.filter((tool) => tool.type !== 'function' && !definedTool(tool.type));
    // A tool callable from code execution (`allowed_callers`) brings the code execution tool with it:
    // a recorded Claude Opus 4.5 request with one such tool counts about 2,500 tokens over its JSON.
    if (server.length > 0 || req.tools.some((tool) => calledFromCode(tool.piece.text))) builder.estimate(SERVER_TOOLS_ESTIMATE);
    const defined = new Set(req.tools.flatMap((tool) => definedTool(tool.type) ?? []));
    if (defined.size > 0) builder.estimate(DEFINED_TOOLS_ESTIMATE);
    for (const row of defined) builder.markers(Marker.toolsPreamble, forcesTool(req.parameters.tool_choice) ? row.systemPrompt.forced : row.systemPrompt.auto);
    req.tools.forEach((tool, toolIndex) => {
      builder.beginSegment('tool', `tool ${shortText(tool.name)}`, tool.range, { toolIndex });
      const offset = tool.range?.start ?? -1;
      const documented = definedTool(tool.type);
      if (documented) {
        builder.markers(Marker.toolsPreamble, documented.definition);
      } else if (!isDeferred(tool.piece.text)) {
        builder.markers(Marker.toolsPreamble, family.perTool ?? ANTHROPIC_FRAMING.perTool);
        // The description is prose and reads as text; so do the name and schema, written as
        // Python's json.dumps writes them, unless the family measured compact JSON at a scale of its own.
        const definition = toolDefinitionJson(tool.name, tool.parameters, family);
        for (const span of tool.dynamic) builder.dynamicAtNext(span, offset);
        if (tool.description) this.scaled.text(anchoredRun(tool.description, offset));
        if (family.toolScale === undefined) this.scaled.text(anchoredRun(definition, offset));
        else this.scaled.atScale(family.toolScale, anchoredRun(definition, offset));
      }
      this.lastBlock = builder.block();
      if (tool.breakpoint) builder.breakpoint(tool.breakpoint, this.lastBlock);
      builder.endSegment();
    });
    builder.endSegment();
  }

  /** Whether the request lists the family's legacy tool-use beta, whose tool-use prompt differs. */
  private legacyToolBeta(): boolean {
    const legacy = this.family.legacyToolBeta;
    const betas = this.req.parameters.betas;
    return legacy !== undefined && Array.isArray(betas) && betas.includes(legacy.beta);
  }

  /**
   * Whether the interleaved-thinking instructions are in the prompt: the beta listed in `betas`,
   * thinking enabled (adaptive thinking interleaves without them) and a family that supports it.
   */
  private interleavedThinking(): boolean {
    const { req, family } = this;
    const betas = req.parameters.betas;
    const listed = Array.isArray(betas) && betas.includes(ANTHROPIC_FRAMING.interleavedThinkingBeta);
    return family.interleavedThinking === true && asObject(req.parameters.thinking)?.type === 'enabled' && (listed || this.claudeCodeClient());
  }

  /**
   * Whether the request comes from Claude Code or the Claude Agent SDK: its first system block is
   * their billing attribution line. That client sends the interleaved-thinking beta in its
   * `anthropic-beta` header with every request, which a recorded body does not keep.
   */
  private claudeCodeClient(): boolean {
    return (this.req.system ?? []).some((part) => part.type === 'text' && part.piece.text.startsWith(ANTHROPIC_FRAMING.billingHeaderPrefix));
  }

  /**
   * `output_config.format` (structured outputs; `output_format` in the earlier beta): instructions
   * plus the schema, written as JSON indented by `structuredOutputSchemaIndent` spaces and read as
   * text like the rest of the prompt (its `$schema` dialect line included).
   */
  private structuredOutput(): void {
    const { builder, req, family } = this;
    const format = asObject(asObject(req.parameters.output_config)?.format) ?? asObject(req.parameters.output_format);
    if (format?.type !== 'json_schema') return;
    this.begin('schema', 'response schema', null);
    builder.markers(Marker.schemaFraming, family.structuredOutput ?? ANTHROPIC_FRAMING.structuredOutput);
    this.scaled.text(syntheticRun(structuredOutputSchemaText(format.schema)));
    builder.endSegment();
  }

  /**
   * Each part is one content block; a previous assistant turn's thinking is not counted
   * (`dropThinking`), nor a system block carrying the client's billing attribution line.
   */
  private parts(parts: readonly ContentPart[], dropThinking: boolean, system = false): void {
    const { builder } = this;
    // A turn of parallel calls costs a fixed framing of its own.
    if (parts.filter((part) => part.type === 'other' && part.blockType === 'tool_use').length >= 2) {
      builder.markers(Marker.toolCallFraming, ANTHROPIC_FRAMING.perParallelToolTurn);
    }
    for (const part of parts) {
      if (part.type === 'text') {
        if (!(system && part.piece.text.startsWith(ANTHROPIC_FRAMING.billingHeaderPrefix))) {
          this.scaled.text(runOfPiece(part.piece));
        }
      }
      else if (part.type === 'image') this.image(part);
      else if (part.type === 'audio') builder.estimate(ANTHROPIC_AUDIO_ESTIMATE);
      else if (!(dropThinking && isThinking(part.blockType))) this.other(part);
      this.lastBlock = builder.block();
      if (part.breakpoint) builder.breakpoint(part.breakpoint, this.lastBlock);
    }
  }

  private image(part: Extract<ContentPart, { type: 'image' }>): void {
    const { builder } = this;
    const tokens = anthropicImageTokens(part.width, part.height, this.family);
    if (!part.width || !part.height) builder.estimate(IMAGE_SIZE_UNKNOWN_LARGEST_ESTIMATE);
    const identity = `${part.detail}|${part.width ?? '?'}x${part.height ?? '?'}|${part.source}`;
    builder.pushMedia(tokens, (n) => imageTokenIds(identity, n), part.range?.start ?? -1);
    builder.addImageTokens(tokens);
  }

  /** tool_use: name, input JSON and id; tool_result: the id and the content; others: their JSON. */
  private other(part: Extract<ContentPart, { type: 'other' }>): void {
    const { builder, family } = this;
    const offset = part.range?.start ?? -1;
    const block = parseBlock(part.piece.text);
    const text = (value: unknown) => this.scaled.text(anchoredRun(String(value ?? ''), offset));
    if (block && part.blockType === 'tool_use') {
      builder.markers(Marker.toolCallFraming, ANTHROPIC_FRAMING.perToolBlock);
      text(block.name);
      const input = block.input ?? {};
      text(JSON.stringify(input));
      const keys = Object.keys(asObject(input) ?? {}).length;
      builder.markers(Marker.toolCallFraming, (family.perToolInputKey ?? ANTHROPIC_FRAMING.perToolInputKey) * keys);
      this.toolId(block.id);
      return;
    }
    if (block && part.blockType === 'thinking') {
      // The thought itself; its signature is verified, not read.
      text(block.thinking);
      // An omitted thought (empty text, a signature) is billed, but the request does not show it.
      if (!block.thinking && block.signature) builder.estimate(OMITTED_THINKING_ESTIMATE);
      return;
    }
    if (block && part.blockType === 'redacted_thinking') {
      // Only the encrypted thought is sent: sized from its payload, as text of 4 bytes a token.
      const bytes = Math.floor((String(block.data ?? '').length * 3) / 4) - ANTHROPIC_FRAMING.thinkingPayloadOverhead;
      builder.markers(Marker.estimate, Math.max(0, Math.round(bytes / 4)));
      builder.estimate(REDACTED_THINKING_ESTIMATE);
      return;
    }
    if (block && part.blockType === 'document') {
      this.document(block, offset);
      return;
    }
    if (block && part.blockType === 'search_result') {
      this.citations(block);
      this.scaled.text(anchoredRun(JSON.stringify(block), offset));
      return;
    }
    if (block && part.blockType === 'tool_result') {
      builder.markers(Marker.toolCallFraming, ANTHROPIC_FRAMING.perToolBlock);
      this.toolId(block.tool_use_id);
      this.toolResultContent(block.content, offset);
      return;
    }
    this.scaled.text(runOfPiece(part.piece));
  }

  /** Citation instructions, once per request, for the first block that enables citations. */
  private citationsAdded = false;
  private citations(block: Json): void {
    if (asObject(block.citations)?.enabled !== true || this.citationsAdded) return;
    this.citationsAdded = true;
    this.builder.markers(Marker.estimate, this.family.citations ?? ANTHROPIC_FRAMING.citations);
    this.builder.estimate(CITATIONS_ESTIMATE);
  }

  /**
   * A `document` block: plain text counts as text (with its title and context); a base64 PDF by its
   * page count, never its base64; a PDF by URL or file id is of unknown size.
   */
  private document(block: Json, offset: number): void {
    const { builder } = this;
    this.citations(block);
    const source = asObject(block.source) ?? {};
    const extras = [block.title, block.context].filter((v): v is string => typeof v === 'string');
    for (const text of extras) this.scaled.text(anchoredRun(text, offset));
    if (source.type === 'text' && typeof source.data === 'string') {
      builder.markers(Marker.estimate, ANTHROPIC_FRAMING.textDocument);
      this.scaled.text(anchoredRun(source.data, offset));
      return;
    }
    if (source.type === 'content' && Array.isArray(source.content)) {
      // Framed as a plain-text document is (not measured on its own).
      builder.markers(Marker.estimate, ANTHROPIC_FRAMING.textDocument);
      for (const item of source.content) {
        const text = asObject(item)?.text;
        if (typeof text === 'string') this.scaled.text(anchoredRun(text, offset));
      }
      return;
    }
    const pdf = source.type === 'base64' && typeof source.data === 'string' ? source.data : undefined;
    const pages = pdf !== undefined ? pdfPageCount(pdf) : undefined;
    const cited = asObject(block.citations)?.enabled === true;
    // Each page is read as an image and its text: a fixed cost a page plus the text it shows.
    const text = pages !== undefined && pdf !== undefined ? this.tokenizer.count(pdfText(pdf)) : 0;
    const tokens =
      (pages ?? 0) * (ANTHROPIC_FRAMING.pdfPerPage + (cited ? ANTHROPIC_FRAMING.pdfCitedPerPage : 0)) +
      Math.round(text * ANTHROPIC_FRAMING.pdfTextScale);
    builder.estimate(pages !== undefined ? PDF_DOCUMENT_ESTIMATE : UNKNOWN_DOCUMENT_ESTIMATE);
    builder.pushMedia(tokens, (n) => imageTokenIds(`document|${String(source.data ?? source.url ?? source.file_id ?? '').slice(0, 64)}|${offset}`, n), offset);
  }

  private toolId(id: unknown): void {
    const { family } = this;
    // A fixed cost whatever the id's text (`ANTHROPIC_FRAMING.toolIdTokens`).
    if (family.countsToolIds !== false && id !== undefined) this.builder.markers(Marker.toolCallFraming, ANTHROPIC_FRAMING.toolIdTokens);
  }

  private toolResultContent(content: unknown, offset: number): void {
    if (typeof content === 'string') {
      this.scaled.text(anchoredRun(content, offset));
      return;
    }
    if (!Array.isArray(content)) return;
    for (const item of content) {
      const block = asObject(item);
      if (block?.type === 'text') this.scaled.text(anchoredRun(String(block.text ?? ''), offset));
      else if (block?.type === 'image') {
        // An inline image's size is read from its header; only one by URL or file id is unknown.
        const source = asObject(block.source);
        const data = typeof source?.data === 'string' ? `data:${String(source.media_type ?? 'image')};base64,${source.data}` : undefined;
        const size = data ? dataUrlImageSize(data) : undefined;
        const tokens = anthropicImageTokens(size?.width, size?.height, this.family);
        if (!size) this.builder.estimate(IMAGE_SIZE_UNKNOWN_LARGEST_ESTIMATE);
        this.builder.pushMedia(tokens, (n) => imageTokenIds(`tool_result|${offset}`, n), offset);
        this.builder.addImageTokens(tokens);
      } else if (block?.type === 'document') this.document(block, offset);
      else if (block?.type === 'search_result') {
        this.citations(block);
        this.scaled.text(anchoredRun(JSON.stringify(block), offset));
      } else if (block) this.scaled.text(anchoredRun(JSON.stringify(block), offset));
    }
  }
}

export function renderAnthropicRequest(req: PromptRequest, tokenizer: Tokenizer, resolved: ResolvedModel): RenderedPrompt {
  return new AnthropicRenderer(req, tokenizer, resolved).render();
}
