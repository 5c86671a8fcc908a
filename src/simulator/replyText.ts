import { seededRandom } from '../core/cache/deterministic';
import type { Tokenizer } from '../core/tokens/tokenizer';

/** Plain words: they keep the reply readable and about one token each. */
const WORDS = [
  'the', 'cache', 'prefix', 'request', 'prompt', 'tokens', 'stays', 'warm', 'while', 'static', 'text',
  'comes', 'first', 'and', 'every', 'dynamic', 'value', 'goes', 'last', 'so', 'repeated', 'calls',
  'reuse', 'work', 'already', 'done', 'by', 'the', 'server', 'this', 'is', 'a', 'simulated', 'answer',
];

const OPENING = 'Simulated reply:';

/**
 * A deterministic reply of about `targetTokens` tokens: the same seed and request number always give
 * the same text. Words are added while the sentence, full stop included, stays within the target
 * (the opening alone may exceed a tiny target).
 */
export function replyText(seed: number, requestNumber: number, targetTokens: number, tokenizer: Tokenizer): string {
  const random = seededRandom((seed * 1_000_003 + requestNumber) >>> 0);
  let text = OPENING;
  for (;;) {
    const candidate = `${text} ${WORDS[Math.floor(random() * WORDS.length)]}`;
    if (tokenizer.count(`${candidate}.`) > targetTokens) break;
    text = candidate;
  }
  return `${text}.`;
}

/** The reply cut into the small pieces a stream delivers, word by word. */
export function streamPieces(text: string): string[] {
  return text.split(/(?= )/);
}
