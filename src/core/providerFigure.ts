/**
 * How a provider's own token count is shown next to the offline one: the status bar suffix, the
 * tooltip, the hover and report line, and the log line when the two differ. A figure the simulator
 * gave is the offline count by construction, so it is called simulated, never exact.
 */
import { formatCount } from './labels';

/** A prompt size a counting endpoint answered (see runner/providerCount.ts). */
export interface ProviderFigure {
  inputTokens: number;
  /** The endpoint, for people: `OpenAI input_tokens`, `Anthropic count_tokens`. */
  via: string;
  /** Whose API the endpoint speaks. */
  provider: 'OpenAI' | 'Anthropic';
  /** True when the built-in simulator answered. */
  simulated: boolean;
  /** When the answer arrived (ms since the epoch). */
  at: number;
}

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
 * nothing was counted, so the status bar reads as it always did.
 */
export function sourceSuffix(figure: ProviderFigure | undefined, countingEnabled: boolean): string | undefined {
  if (figure) return figure.simulated ? 'simulated' : `exact (${figure.provider})`;
  return countingEnabled ? '≈ offline' : undefined;
}

/** `1,234 tokens counted by OpenAI input_tokens at 12:03; offline count 1,236 (+2)`. */
export function figureTooltip(offlineTokens: number, figure: ProviderFigure): string {
  const by = figure.simulated ? `the built-in simulator (${viaLabel(figure)}, not the provider)` : figure.via;
  return (
    `${formatCount(figure.inputTokens)} tokens counted by ${by} at ${clockTime(figure.at)}; ` +
    `offline count ${formatCount(offlineTokens)} (${signedDifference(offlineTokens - figure.inputTokens)})`
  );
}

/** `1,234 (OpenAI input_tokens) · offline 1,236`, for the hover and the report. */
export function tokensLine(offlineTokens: number, figure: ProviderFigure): string {
  return `${formatCount(figure.inputTokens)} (${viaLabel(figure)}) · offline ${formatCount(offlineTokens)}`;
}

/** The log line for an answer that differs from the offline count; undefined when they agree. */
export function differenceLogLine(file: string, model: string, offlineTokens: number, figure: ProviderFigure): string | undefined {
  const d = figure.inputTokens - offlineTokens;
  if (d === 0) return undefined;
  const source = figure.simulated ? ` (${viaLabel(figure)})` : '';
  return `provider count differs: ${file}, ${model}, offline ${offlineTokens}, provider ${figure.inputTokens} (${signedDifference(d)})${source}`;
}
