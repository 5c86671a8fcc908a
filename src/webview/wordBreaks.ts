/**
 * Where a setting's name may wrap. `prompt_cache_key` is one word to the browser: in a narrow
 * column it would break it anywhere (`prompt_cache_ke` / `y`). Breaking after its underscores
 * keeps each part whole, as `<wbr>` in text and a zero-width space where only a string can go (a
 * stacked card's label, drawn from `data-label`). No DOM here: the same split is unit-tested.
 */

/** A break is allowed between `x_` and the letter or digit after it, nowhere else. */
const AFTER_UNDERSCORE = /(?<=[\p{L}\p{N}]_)(?=[\p{L}\p{N}])/u;

/** `prompt_cache_key: not sent` → `prompt_`, `cache_`, `key: not sent`. */
export function breakPieces(text: string): string[] {
  return text.split(AFTER_UNDERSCORE);
}

/** The text with a zero-width space where it may break, for strings drawn by CSS (`attr()`). */
export function withBreakOpportunities(text: string): string {
  return breakPieces(text).join('\u200b');
}
