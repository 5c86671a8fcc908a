/**
 * Anthropic Messages requests counted with a local tokenizer. Claude's tokenizer is not public, so
 * every figure here is an approximation; the one documented number is the system prompt Anthropic
 * adds when tools are present (Anthropic docs, "Tool use" > "Pricing", Claude 3.5 and later).
 */

export const ANTHROPIC_FRAMING = {
  /** Role header and turn separators per message (approximation). */
  perMessage: 3,
  /** Separator tokens around the system prompt (approximation). */
  system: 3,
  /** Tool-use system prompt when `tool_choice` is `auto` or `none`. */
  toolSystemPromptAuto: 346,
  /** Tool-use system prompt when `tool_choice` is `any` or names a tool. */
  toolSystemPromptForced: 313,
} as const;

export const ANTHROPIC_ESTIMATE =
  'Anthropic has not published the tokenizer of Claude 3 and later; counted with o200k_base (the ' +
  'count_tokens endpoint gives the exact figure).';

/** Image cost per Anthropic's vision guide: about width x height / 750 after scaling down. */
export const ANTHROPIC_IMAGES = {
  pixelsPerToken: 750,
  maxLongEdge: 1568,
  maxPixels: 1_150_000,
  /** Unknown size: the largest image costs about this much. */
  unknownSizeTokens: 1600,
} as const;

export function anthropicImageTokens(width?: number, height?: number): number {
  if (!width || !height) return ANTHROPIC_IMAGES.unknownSizeTokens;
  const scale = Math.min(
    1,
    ANTHROPIC_IMAGES.maxLongEdge / Math.max(width, height),
    Math.sqrt(ANTHROPIC_IMAGES.maxPixels / (width * height)),
  );
  return Math.ceil((Math.round(width * scale) * Math.round(height * scale)) / ANTHROPIC_IMAGES.pixelsPerToken);
}
