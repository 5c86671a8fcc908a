/**
 * The pre-tokenizer patterns of o200k_base and cl100k_base, written for JavaScript's regular
 * expressions so that they cut text exactly where tiktoken's (Rust) patterns do:
 * - `\s` becomes `\p{White_Space}`: JavaScript's `\s` also matches U+FEFF and misses U+0085,
 *   the Rust `\s` is the Unicode White_Space property;
 * - the case-insensitive contraction group `(?i:'s|'t|'re|'ve|'m|'ll|'d)` is spelled out, with
 *   U+017F (long s), which Unicode case folding makes equal to `s`.
 * The patterns match every character (each alternative needs at least one, and together they
 * cover letters, marks, digits, whitespace and everything else), so successive matches are
 * contiguous and can be taken with the sticky flag.
 */
import type { EncodingName } from './rendered';

const CONTRACTION = "'(?:[sS\u017f]|[tT]|[rR][eE]|[vV][eE]|[mM]|[lL][lL]|[dD])";

/** The tail shared by both patterns: whitespace runs. */
const WHITESPACE = String.raw`\p{White_Space}*[\r\n]+|\p{White_Space}+(?!\P{White_Space})|\p{White_Space}+`;

const UPPER = String.raw`[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]`;
const LOWER = String.raw`[\p{Ll}\p{Lm}\p{Lo}\p{M}]`;
const LEAD = String.raw`[^\r\n\p{L}\p{N}]?`;

const SOURCES: Record<EncodingName, string> = {
  o200k_base: [
    `${LEAD}${UPPER}*${LOWER}+(?:${CONTRACTION})?`,
    `${LEAD}${UPPER}+${LOWER}*(?:${CONTRACTION})?`,
    String.raw`\p{N}{1,3}`,
    String.raw` ?[^\p{White_Space}\p{L}\p{N}]+[\r\n/]*`,
    WHITESPACE,
  ].join('|'),
  cl100k_base: [
    CONTRACTION,
    String.raw`${LEAD}\p{L}+`,
    String.raw`\p{N}{1,3}`,
    String.raw` ?[^\p{White_Space}\p{L}\p{N}]+[\r\n]*`,
    WHITESPACE,
  ].join('|'),
};

/** A fresh sticky pattern for `encoding` (each encoder owns one: `lastIndex` is state). */
export function preTokenizerPattern(encoding: EncodingName): RegExp {
  return new RegExp(SOURCES[encoding], 'uy');
}
