/**
 * Where a setting's name or an endpoint's URL may wrap. `prompt_cache_key` is one word to the
 * browser: in a narrow column it would break it anywhere (`prompt_cache_ke` / `y`), and a URL
 * anywhere too (`127.0.0.1:43` / `791/v1`). Breaking after a name's underscores and between a
 * URL's parts keeps each part whole, as `<wbr>` in text and a zero-width space where only a string
 * can go (a stacked card's label, drawn from `data-label`). No DOM here: the same split is
 * unit-tested.
 */

/**
 * A break is allowed between `x_` and the letter or digit after it; in a URL, after `://`, before
 * a port's `:` and before each `/` of the path; nowhere else.
 */
const BREAKS = new RegExp(
  [
    /(?<=[\p{L}\p{N}]_)(?=[\p{L}\p{N}])/u.source,
    /(?<=[a-z]:\/\/)(?=[^\s/])/u.source,
    /(?<=:\/\/[^\s/]*[\p{L}\p{N}\]])(?=:\d)/u.source,
    /(?<=:\/\/\S*[^\s/:])(?=\/[^\s/])/u.source,
  ].join('|'),
  'u',
);

/**
 * `prompt_cache_key: not sent` → `prompt_`, `cache_`, `key: not sent`;
 * `http://127.0.0.1:43791/v1` → `http://`, `127.0.0.1`, `:43791`, `/v1`.
 */
export function breakPieces(text: string): string[] {
  return text.split(BREAKS);
}

/** The text with a zero-width space where it may break, for strings drawn by CSS (`attr()`). */
export function withBreakOpportunities(text: string): string {
  return breakPieces(text).join('\u200b');
}
