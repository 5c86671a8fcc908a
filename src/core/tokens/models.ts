/**
 * Which tokenizer and which counting rules apply to a model name. One table, matched by prefix
 * (the longest matching prefix wins), so a new model family is one row.
 */
import { CLAUDE_FAMILIES, claudeEstimateReason, DEFAULT_CLAUDE_FAMILY, type MeasuredError } from './anthropicFraming';
import type { EncodingName } from './rendered';

export type Provider = 'openai' | 'anthropic' | 'gemini' | 'unknown';

/**
 * How a model turns an image into tokens (OpenAI "Images and vision" guide, "Calculating costs").
 * - tiles: `low` costs `baseTokens`; `high`/`auto` fits the image in 2048x2048, scales the shortest
 *   side down to 768, and adds `tileTokens` per 512-px tile.
 * - patches: the number of 32-px patches covering the image, capped at `maxPatches` by shrinking
 *   the image, times `multiplier` (rounded up), plus `imageTokens` for the image itself; `detail`
 *   does not change the count.
 * `toolMessage` says how an image in a Chat Completions `tool` message is billed (see
 * ToolMessageImageRule).
 */
export type ImageRule =
  | { kind: 'tiles'; baseTokens: number; tileTokens: number; confirmed: boolean; toolMessage: ToolMessageImageRule }
  | {
      kind: 'patches';
      toolMessage: ToolMessageImageRule;
      multiplier: number;
      maxPatches: number;
      imageTokens: number;
      confirmed: boolean;
      /**
       * Whether recorded usage shows how patches x multiplier is rounded when it is not a whole
       * number (it is rounded up); otherwise such a count is an estimate. A whole-number product
       * needs no rounding.
       */
      roundingMeasured: boolean;
    };

/**
 * An image in a Chat Completions `tool` message: not billed at all, or billed as in a user message
 * with the patch multiplier lowered by `multiplierLess` (one token less per patch).
 */
export type ToolMessageImageRule = { billed: false } | { billed: true; multiplierLess: number };

/**
 * Tile models bill nothing for an image in a Chat Completions tool message: a recorded Azure OpenAI
 * gpt-4.1 request with a 128x128 PNG (ruby_llm) counts exactly its text, and a recorded gpt-5.1
 * conversation with four 200x200 PNGs in tool messages (llm_gateway) counts 1 token more than its
 * text, where user-message images would add 840.
 */
const TILE_TOOL_MESSAGE: ToolMessageImageRule = { billed: false };
/**
 * Patch models bill an image in a Chat Completions tool message one token less per patch than in a
 * user message: recorded 128x128 PNGs (16 patches) in gpt-5-nano tool messages (8 requests,
 * ruby_llm) and a 32x32 PNG (1 patch) on gpt-5-mini (aviary) exact so; the same 128x128 PNG on
 * gpt-4.1-nano (8 requests, ruby_llm) counts 1 token over.
 */
const PATCH_TOOL_MESSAGE: ToolMessageImageRule = { billed: true, multiplierLess: 1 };

interface ModelRule {
  prefix: string;
  provider: Provider;
  encoding: EncodingName;
  /** Set when no local count can equal the provider's. */
  estimateReason?: string;
  images?: ImageRule;
  /**
   * The mid-2023 function-calling snapshots left descriptions of nested properties out of the
   * rendered tool definitions; later models keep them.
   */
  nestedToolDescriptions?: boolean;
  /**
   * Whether a property's `title` is written as a comment line above it in the rendered tool
   * definitions. The mid-2023 snapshots leave titles out: fitted to 2 recorded gpt-4 (gpt-4-0613)
   * requests whose `__arg1` properties are titled `__arg1` (10 tokens fewer than with the title
   * lines); later models write them (recorded gpt-3.5-turbo-0125, gpt-4-0125-preview, o200k pairs).
   */
  toolPropertyTitles?: boolean;
  /** How far the estimate was from recorded usage (Claude families measured on the corpus). */
  measuredError?: MeasuredError;
}

const tiles = (baseTokens: number, tileTokens: number, confirmed = true): ImageRule => ({
  kind: 'tiles',
  baseTokens,
  tileTokens,
  confirmed,
  toolMessage: TILE_TOOL_MESSAGE,
});
/**
 * Patch models also spend one token per image beyond the patches: recorded 640x480 images (300
 * patches) cost 300 x multiplier + 1 on gpt-4.1-mini (1.62, rounded up from 486.00000000000006),
 * o4-mini (1.72), gpt-5-mini and gpt-5-nano.
 */
const patches = (multiplier: number, confirmed = true, roundingMeasured = false): ImageRule => ({
  kind: 'patches',
  toolMessage: PATCH_TOOL_MESSAGE,
  multiplier,
  maxPatches: 1536,
  imageTokens: 1,
  confirmed,
  roundingMeasured,
});

export const GEMINI_ESTIMATE =
  'Gemini uses a SentencePiece tokenizer that is not bundled; counted with o200k_base as an approximation.';
export const UNKNOWN_MODEL_ESTIMATE = 'unknown model';
export const GPT6_ESTIMATE =
  'gpt-6 models are counted as gpt-5.6 frames a request: the 12 recorded gpt-6-astra first requests of two test suites ' +
  '(agentic-api and req_llm, September and October 2026: instructions, plain and forced function tools, a json_schema ' +
  'format) with nothing else unmeasured count exactly that, short requests too few to call the family measured.';
export const GPT_OSS_ESTIMATE =
  "gpt-oss is served in the harmony chat format, whose template adds its own system text: counted with o200k_base and OpenAI's framing, which no recorded usage checks";

/** Why a deployment name that holds a known model name is counted as that model. */
export function embeddedModelEstimate(model: string, counted: string): string {
  return `"${model.length > 100 ? `${model.slice(0, 97)}...` : model}" is not a model name; counted as ${counted} (found inside the name, as in a deployment name).`;
}

/** How the mid-2023 function-calling snapshots (0613) render tool definitions. */
const MID_2023_TOOLS = { nestedToolDescriptions: false, toolPropertyTitles: false } as const;

/** The image figures are the ones the OpenAI vision guide lists per model family. */
const MODEL_RULES: readonly ModelRule[] = [
  { prefix: 'gpt-4o', provider: 'openai', encoding: 'o200k_base', images: tiles(85, 170) },
  { prefix: 'gpt-4o-mini', provider: 'openai', encoding: 'o200k_base', images: tiles(2833, 5667) },
  { prefix: 'chatgpt-4o', provider: 'openai', encoding: 'o200k_base', images: tiles(85, 170) },
  { prefix: 'gpt-4.1', provider: 'openai', encoding: 'o200k_base', images: tiles(85, 170) },
  // Rounding up measured where the product is not whole: 1 recorded gpt-4.1-mini Chat request with
  // a 640x480 image (300 x 1.62 = 486.00000000000006 in floating point, counted 487) and 2 recorded
  // gpt-4.1-nano Responses requests with a 128x128 image (16 x 2.46 = 39.36, counted 40), all
  // exact. The other patch models' recorded images (640x480 on gpt-5-mini, gpt-5-nano and o4-mini;
  // 128x128 on gpt-5-nano; 8 pairs, all exact) give whole products, which say nothing of rounding.
  { prefix: 'gpt-4.1-mini', provider: 'openai', encoding: 'o200k_base', images: patches(1.62, true, true) },
  { prefix: 'gpt-4.1-nano', provider: 'openai', encoding: 'o200k_base', images: patches(2.46, true, true) },
  { prefix: 'gpt-4.5', provider: 'openai', encoding: 'o200k_base', images: tiles(85, 170) },
  { prefix: 'gpt-5', provider: 'openai', encoding: 'o200k_base', images: tiles(70, 140) },
  // The vision guide lists 1.62 and 2.46 for gpt-5-mini and gpt-5-nano; recorded usage (a 640x480
  // image: 361 and 451 tokens) and the pricing page's calculator give 1.2 and 1.5.
  { prefix: 'gpt-5-mini', provider: 'openai', encoding: 'o200k_base', images: patches(1.2) },
  { prefix: 'gpt-5-nano', provider: 'openai', encoding: 'o200k_base', images: patches(1.5) },
  // gpt-5.2 and later count an image as gpt-5-mini does, not in tiles as gpt-5: a 330x291 image
  // (110 patches; PNG, JPEG, GIF and WebP) costs 133 tokens, 110 x 1.2 + 1, in recorded requests of
  // gpt-5.2-chat-latest (Responses), gpt-5.4, gpt-5.4-mini, gpt-5.4-nano, gpt-5.5 and gpt-5.6
  // (luna, sol, terra) on both APIs, whatever the model's size (tiles would give 210). Two kinds of
  // recorded Chat Completions request differ: gpt-5.4, gpt-5.4-mini and gpt-5.4-nano requests that
  // leave out `store` count 1 more (recorded in April 2026; the same requests with `store: true`,
  // recorded six weeks later, do not), and gpt-5.2-chat-latest 23 more (its `imageFraming` in
  // openaiFraming.ts). One image size pins the
  // total, not how it splits between the multiplier and a fixed part, so the figures stay
  // unconfirmed.
  { prefix: 'gpt-5.', provider: 'openai', encoding: 'o200k_base', images: patches(1.2, false) },
  // gpt-5.1 counts an image in tiles, as gpt-5 does: a 200x200 PNG costs 210 tokens (70 + 140 for
  // its one tile) in 2 recorded Chat Completions requests (llm_gateway, one image and a conversation
  // of six), where the later releases' patches gave 60. One tile does not tell the base from the
  // tile's figure, so they stay unconfirmed.
  { prefix: 'gpt-5.1', provider: 'openai', encoding: 'o200k_base', images: tiles(70, 140, false) },
  // gpt-6: counted with gpt-5.6's framing (openaiFraming.ts), an estimate; no recorded gpt-6 image
  // says how it prices images.
  { prefix: 'gpt-6', provider: 'openai', encoding: 'o200k_base', estimateReason: GPT6_ESTIMATE },
  // gpt-oss runs on other servers (Ollama, vLLM, Groq ...) in the harmony chat format, whose
  // template adds its own system text and channels; no recorded usage pins how they count it.
  { prefix: 'gpt-oss', provider: 'openai', encoding: 'o200k_base', estimateReason: GPT_OSS_ESTIMATE },
  { prefix: 'o1', provider: 'openai', encoding: 'o200k_base', images: tiles(75, 150) },
  { prefix: 'o3', provider: 'openai', encoding: 'o200k_base', images: tiles(75, 150) },
  // Rounding up measured: recorded o4-mini images of 330x291 (110 patches x 1.72 = 189.2, counted
  // 190) and 499x313 (160 x 1.72 = 275.2, counted 276), PNG, JPEG, GIF and WebP, on Chat
  // Completions and Responses (28 distinct requests, all exact).
  { prefix: 'o4', provider: 'openai', encoding: 'o200k_base', images: patches(1.72, true, true) },
  // codex-mini-latest is a fine-tuned o4-mini (OpenAI's model page); its image pricing is not given.
  { prefix: 'codex-mini', provider: 'openai', encoding: 'o200k_base' },
  { prefix: 'computer-use-preview', provider: 'openai', encoding: 'o200k_base', images: tiles(65, 129) },
  // The gpt-4 and gpt-4-32k aliases have answered with the 0613 snapshots since function calling
  // began (recorded gpt-4 responses name gpt-4-0613), so they render tools as 0613 does; the
  // turbo and preview models that share the prefix are later snapshots.
  { prefix: 'gpt-4', provider: 'openai', encoding: 'cl100k_base', images: tiles(85, 170), ...MID_2023_TOOLS },
  { prefix: 'gpt-4-0613', provider: 'openai', encoding: 'cl100k_base', ...MID_2023_TOOLS },
  { prefix: 'gpt-4-32k-0613', provider: 'openai', encoding: 'cl100k_base', ...MID_2023_TOOLS },
  { prefix: 'gpt-4-turbo', provider: 'openai', encoding: 'cl100k_base', images: tiles(85, 170) },
  { prefix: 'gpt-4-1106', provider: 'openai', encoding: 'cl100k_base', images: tiles(85, 170) },
  { prefix: 'gpt-4-0125', provider: 'openai', encoding: 'cl100k_base', images: tiles(85, 170) },
  { prefix: 'gpt-4-vision', provider: 'openai', encoding: 'cl100k_base', images: tiles(85, 170) },
  { prefix: 'gpt-3.5', provider: 'openai', encoding: 'cl100k_base' },
  // Azure OpenAI spells the model without the dot.
  { prefix: 'gpt-35', provider: 'openai', encoding: 'cl100k_base' },
  { prefix: 'gpt-3.5-turbo-0613', provider: 'openai', encoding: 'cl100k_base', ...MID_2023_TOOLS },
  { prefix: 'gpt-3.5-turbo-16k-0613', provider: 'openai', encoding: 'cl100k_base', ...MID_2023_TOOLS },
  // Claude: one row per family prefix, the reason carrying the error measured for that family.
  { prefix: 'claude', provider: 'anthropic', encoding: 'o200k_base', estimateReason: claudeEstimateReason(DEFAULT_CLAUDE_FAMILY) },
  ...CLAUDE_FAMILIES.flatMap((family) =>
    family.prefixes.map(
      (prefix): ModelRule => ({
        prefix,
        provider: 'anthropic',
        encoding: 'o200k_base',
        estimateReason: claudeEstimateReason(family),
        ...(family.measured ? { measuredError: family.measured } : {}),
      }),
    ),
  ),
  { prefix: 'gemini', provider: 'gemini', encoding: 'o200k_base', estimateReason: GEMINI_ESTIMATE },
];

/** Routing prefixes put in front of model names by gateways and hosted catalogues. */
const ROUTING_PREFIXES = ['openai/', 'azure/', 'azure_ai/', 'anthropic/', 'google/', 'models/', 'github/'];

export interface ResolvedModel {
  /** The model name as resolved (routing prefixes removed, lower case). */
  model: string;
  provider: Provider;
  encoding: EncodingName;
  estimate: boolean;
  estimateReason?: string;
  /** Absent when the model's image pricing is unknown. */
  images?: ImageRule;
  nestedToolDescriptions: boolean;
  toolPropertyTitles: boolean;
  /** For an estimate: its error measured on recorded requests of the same family, when known. */
  measuredError?: MeasuredError;
}

/** The model name without gateway prefixes, fine-tune wrappers and surrounding noise. */
export function normalizeModelName(name: string): string {
  let model = name.trim().toLowerCase();
  for (let stripped = true; stripped; ) {
    stripped = false;
    for (const prefix of ROUTING_PREFIXES) {
      if (model.startsWith(prefix)) {
        model = model.slice(prefix.length);
        stripped = true;
      }
    }
  }
  // Fine-tuned models: ft:<base model>:<org>:<suffix>:<id>.
  if (model.startsWith('ft:')) model = model.split(':')[1] ?? model;
  return model;
}

function longestPrefixRule(model: string): ModelRule | undefined {
  let best: ModelRule | undefined;
  for (const rule of MODEL_RULES) {
    if (model.startsWith(rule.prefix) && (!best || rule.prefix.length > best.prefix.length)) best = rule;
  }
  return best;
}

/**
 * A known model family named inside a longer name, as in Azure deployment names
 * (`prod-gpt-4o-mini`): the longest family name that starts at a separator.
 */
function embeddedRule(model: string): ModelRule | undefined {
  let best: ModelRule | undefined;
  for (let i = 1; i < model.length; i++) {
    if (!/[-_./:]/.test(model[i - 1])) continue;
    const rule = longestPrefixRule(model.slice(i));
    if (rule && (!best || rule.prefix.length > best.prefix.length)) best = rule;
  }
  return best;
}

function resolved(model: string, rule: ModelRule, inferredReason?: string): ResolvedModel {
  const estimateReason = rule.estimateReason ?? inferredReason;
  return {
    model,
    provider: rule.provider,
    encoding: rule.encoding,
    estimate: estimateReason !== undefined,
    ...(estimateReason !== undefined ? { estimateReason } : {}),
    ...(rule.images ? { images: rule.images } : {}),
    nestedToolDescriptions: rule.nestedToolDescriptions ?? true,
    toolPropertyTitles: rule.toolPropertyTitles ?? true,
    ...(rule.measuredError ? { measuredError: rule.measuredError } : {}),
  };
}

/** Tokenizer and counting rules for a model name (a missing name counts as unknown). */
export function resolveModel(name?: string): ResolvedModel {
  const model = name ? normalizeModelName(name) : '';
  const direct = model ? longestPrefixRule(model) : undefined;
  if (direct) return resolved(model, direct);
  const embedded = model ? embeddedRule(model) : undefined;
  if (embedded) {
    return resolved(model, embedded, embeddedModelEstimate(model, embedded.prefix));
  }
  return {
    model: model || 'unknown',
    provider: 'unknown',
    encoding: 'o200k_base',
    estimate: true,
    estimateReason: UNKNOWN_MODEL_ESTIMATE,
    nestedToolDescriptions: true,
    toolPropertyTitles: true,
  };
}
