/**
 * Input audio token arithmetic. OpenAI's realtime cost guide states that audio in user messages
 * costs 1 token per 100 ms. The recorded gpt-4o-audio-preview Chat Completions requests agree when
 * the length is the clip's decoded sample count, rounded down: 0.74 s (a WAV and an MP3 of the same
 * clip) count 7 audio tokens and 0.89 s (an MP3) counts 8, in `usage.prompt_tokens_details.audio_tokens`
 * (8 requests, all exact). Rounding to nearest (9 for 0.89 s) and counting an MP3's whole frames
 * (0.83 s and 0.97 s: 8 and 9) both miss them.
 */
import type { ContentPart } from '../model';

export const AUDIO_TOKENS_PER_SECOND = 10;

export interface AudioCount {
  tokens: number;
  /** Why the figure may differ from the provider's (always: see AUDIO_RATE_ESTIMATE). */
  estimateReasons: string[];
}

/**
 * Why every audio count is an estimate: the rate is pinned only within about 5% (sub-second clips
 * allow 9.5 to 10.1 tokens a second), and only for one model.
 */
export const AUDIO_RATE_ESTIMATE =
  'Input audio is counted at 1 token per 100 ms of its length, rounded down (OpenAI\'s realtime cost guide), plus 4 ' +
  'tokens of framing per clip; exact on all 8 recorded gpt-4o-audio-preview requests (0 tokens off), but their clips ' +
  'are under a second (0.74 and 0.89 s) and one per request, so a long clip may be off by up to 5% of its audio ' +
  'tokens, and other audio models and the Responses API are not measured.';
export const AUDIO_LENGTH_UNKNOWN_ESTIMATE =
  'The length of an audio clip could not be read from its data (WAV and MP3 headers are read); its tokens are not counted.';
export const AUDIO_MP3_FRAMES_ESTIMATE =
  'An MP3 without a LAME/Info tag is measured by its frames, which include the encoder\'s added silence ' +
  '(about 0.05 to 0.1 s, one token more than the API may count).';

export function countAudioTokens(part: Extract<ContentPart, { type: 'audio' }>): AudioCount {
  if (part.seconds === undefined) return { tokens: 0, estimateReasons: [AUDIO_LENGTH_UNKNOWN_ESTIMATE] };
  // A tiny tolerance keeps 0.3 s (2.9999999999999996 tenths in floating point) at 3.
  const tokens = Math.floor(part.seconds * AUDIO_TOKENS_PER_SECOND + 1e-9);
  return { tokens, estimateReasons: part.exactLength ? [AUDIO_RATE_ESTIMATE] : [AUDIO_RATE_ESTIMATE, AUDIO_MP3_FRAMES_ESTIMATE] };
}
