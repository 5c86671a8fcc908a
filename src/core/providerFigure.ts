/**
 * How a provider's own token count is shown next to the offline one: the status bar suffix, the
 * tooltip, the hover and report line, and the log line when the two differ. A figure the simulator
 * gave is the offline count by construction, so it is called simulated, never exact.
 *
 * OpenAI counts only Responses requests, so a Chat Completions prompt is counted in Responses form.
 * Its figure is then the answer carried over to Chat: the answer plus the framing by which the
 * offline Chat count exceeds the offline count of the body sent. The texts say so, with both figures.
 */
import type { CountedApi } from './bodyCount';
import { formatCount } from './labels';
import type { ApiStyle } from './model';

/** A prompt size a counting endpoint answered (see runner/providerCount.ts). */
export interface ProviderFigure {
  /** The prompt's size as shown: the endpoint's answer, carried over to `promptApi` when it differs from `countedApi`. */
  inputTokens: number;
  /** What the endpoint answered for the body it was sent. */
  providerInputTokens: number;
  /** The offline count of that same body: the like-for-like check of our counting. */
  bodyOfflineTokens: number;
  /** The API whose form the body took, the one the endpoint counts. */
  countedApi: CountedApi;
  /** The prompt's own API (what the user is billed by). */
  promptApi: ApiStyle;
  /** The endpoint, for people: `OpenAI input_tokens`, `Anthropic count_tokens`. */
  via: string;
  /** Whose API the endpoint speaks. */
  provider: 'OpenAI' | 'Anthropic';
  /** True when the built-in simulator answered. */
  simulated: boolean;
  /** When the answer arrived (ms since the epoch). */
  at: number;
}

/** An endpoint's answer, before it is set beside the offline counts. */
export type ProviderAnswer = Pick<ProviderFigure, 'via' | 'provider' | 'simulated' | 'at'> & { inputTokens: number };

/** The offline counts an answer is set beside. */
export interface OfflineCounts {
  /** The prompt's offline count, in its own API. */
  promptTokens: number;
  promptApi: ApiStyle;
  /** The offline count of the body sent, in `countedApi`'s form. */
  bodyTokens: number;
  countedApi: CountedApi;
}

/** The figure for a prompt: the answer, plus the framing between the two APIs when they differ. */
export function providerFigure(answer: ProviderAnswer, offline: OfflineCounts): ProviderFigure {
  const framing = offline.promptApi === offline.countedApi ? 0 : offline.promptTokens - offline.bodyTokens;
  return {
    inputTokens: answer.inputTokens + framing,
    providerInputTokens: answer.inputTokens,
    bodyOfflineTokens: offline.bodyTokens,
    countedApi: offline.countedApi,
    promptApi: offline.promptApi,
    via: answer.via,
    provider: answer.provider,
    simulated: answer.simulated,
    at: answer.at,
  };
}

/** True when the figure was counted in another API's form and carried over to the prompt's. */
export function carriedOver(figure: ProviderFigure): boolean {
  return figure.promptApi !== figure.countedApi;
}

/** Tokens the prompt's API frames differently from the API counted (added to the answer). */
export function framingTokens(figure: ProviderFigure): number {
  return figure.inputTokens - figure.providerInputTokens;
}

const API_NAMES: Record<ApiStyle, string> = { chat: 'Chat Completions', responses: 'Responses', anthropic: 'Anthropic Messages' };
const SHORT_API_NAMES: Record<ApiStyle, string> = { chat: 'Chat', responses: 'Responses', anthropic: 'Messages' };

/** `+2`, `-3`, `±0`. */
export function signedDifference(d: number): string {
  if (d === 0) return '±0';
  return d > 0 ? `+${formatCount(d)}` : `-${formatCount(-d)}`;
}

/** Local wall-clock time as `HH:MM`. */
export function clockTime(at: number): string {
  const date = new Date(at);
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

/** The endpoint's name as shown: the simulator's answers say so. */
function viaLabel(figure: ProviderFigure): string {
  return figure.simulated ? `simulated ${figure.via}` : figure.via;
}

/**
 * The status bar suffix: where the figure came from. `undefined` when provider counting is off and
 * nothing was counted, so the status bar reads as it always did. A carried-over figure is not called
 * exact: the framing added is the offline renderer's.
 */
export function sourceSuffix(figure: ProviderFigure | undefined, countingEnabled: boolean, countFailed = false): string | undefined {
  // A failed count is not a pending one: the figure stays offline until the text changes or a key is set.
  if (!figure && countFailed) return 'count failed';
  if (!figure) return countingEnabled ? '≈ offline' : undefined;
  if (carriedOver(figure)) return `${figure.simulated ? 'simulated' : figure.provider} + ${SHORT_API_NAMES[figure.promptApi]} framing`;
  return figure.simulated ? 'simulated' : `exact (${figure.provider})`;
}

/** The tooltip line for a prompt without a provider figure: why (asking, no key), or why the count failed. */
export function countNoteLine(note: string, countFailed = false): string {
  const reason = /[.!?…]$/.test(note) ? note : `${note}.`;
  return countFailed ? `The provider count failed: ${reason} The figure shown is the offline count.` : `Offline count; provider count: ${note}`;
}

/**
 * `1,234 tokens counted by OpenAI input_tokens at 12:03; offline count 1,236 (+2)`, or, carried over,
 * `1,234 tokens: OpenAI input_tokens counted 1,232 at 12:03 for the request in Responses form, +2 for
 * Chat Completions framing; offline count 1,234 (±0)`.
 */
export function figureTooltip(offlineTokens: number, figure: ProviderFigure): string {
  const by = figure.simulated ? `the built-in simulator (${viaLabel(figure)}, not the provider)` : figure.via;
  const offline = `offline count ${formatCount(offlineTokens)} (${signedDifference(offlineTokens - figure.inputTokens)})`;
  if (!carriedOver(figure)) return `${formatCount(figure.inputTokens)} tokens counted by ${by} at ${clockTime(figure.at)}; ${offline}`;
  return (
    `${formatCount(figure.inputTokens)} tokens: ${by} counted ${formatCount(figure.providerInputTokens)} at ${clockTime(figure.at)} ` +
    `for the request in ${API_NAMES[figure.countedApi]} form, ${signedDifference(framingTokens(figure))} for ${API_NAMES[figure.promptApi]} framing; ${offline}`
  );
}

/**
 * `1,234 (OpenAI input_tokens) · offline 1,236`, for the hover and the report; carried over,
 * `1,234 (OpenAI input_tokens: 1,232 in Responses form, +2 Chat Completions framing) · offline 1,234`.
 */
export function tokensLine(offlineTokens: number, figure: ProviderFigure): string {
  const how = carriedOver(figure)
    ? `${viaLabel(figure)}: ${formatCount(figure.providerInputTokens)} in ${API_NAMES[figure.countedApi]} form, ` +
      `${signedDifference(framingTokens(figure))} ${API_NAMES[figure.promptApi]} framing`
    : viaLabel(figure);
  return `${formatCount(figure.inputTokens)} (${how}) · offline ${formatCount(offlineTokens)}`;
}

/**
 * The log line for an answer that differs from the offline count of the same body (the check of
 * our counting); undefined when they agree.
 */
export function differenceLogLine(file: string, model: string, figure: ProviderFigure): string | undefined {
  const d = figure.providerInputTokens - figure.bodyOfflineTokens;
  if (d === 0) return undefined;
  const form = carriedOver(figure) ? ` for the request in ${API_NAMES[figure.countedApi]} form` : '';
  const source = figure.simulated ? ` (${viaLabel(figure)})` : '';
  return (
    `provider count differs: ${file}, ${model}, offline ${figure.bodyOfflineTokens}${form}, ` +
    `provider ${figure.providerInputTokens} (${signedDifference(d)})${source}`
  );
}
