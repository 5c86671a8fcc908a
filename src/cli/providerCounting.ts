/**
 * `--count-with-provider`: each prompt's size as the provider counts it, from its free counting
 * endpoint (OpenAI's `responses/input_tokens`, Anthropic's `messages/count_tokens`), through the
 * runner's counter the editor uses too. Keys come from the environment only and appear in no
 * message; an answer labelled `x-simulated: true` (the built-in simulator) is reported as simulated,
 * never as exact. A Chat Completions prompt is counted in Responses form (OpenAI counts no other) and
 * carried over to Chat with the offline count of the body sent, worked out here in-process.
 */
import type { Analysis } from '../core/analyze';
import { countRequestBody, type CountedApi } from '../core/bodyCount';
import type { ProviderFigure } from '../core/providerFigure';
import { describeCountFailure } from '../runner/countFailure';
import {
  countingApi,
  countingBody,
  countedApi,
  countingHost,
  figureOf,
  PROVIDER_NAMES,
  ProviderCounter,
  type CountingApi,
  type CountingEndpoint,
} from '../runner/providerCount';
import { CliError, EXIT } from './errors';

export type Environment = Readonly<Record<string, string | undefined>>;

const KEY_VARIABLES: Record<CountingApi, string> = { openai: 'OPENAI_API_KEY', anthropic: 'ANTHROPIC_API_KEY' };
const BASE_URL_VARIABLES: Record<CountingApi, string> = { openai: 'OPENAI_BASE_URL', anthropic: 'ANTHROPIC_BASE_URL' };

/** `providerCount` of the JSON output. */
export interface ProviderCountJson {
  /** The prompt's size: the provider's answer, carried over to the prompt's API (see `framing`). */
  inputTokens: number;
  via: string;
  /** The simulator answered: the figure is the offline count, not the provider's. */
  simulated: boolean;
  offlineTokens: number;
  /** `inputTokens` minus the offline count. */
  difference: number;
  /** What the endpoint answered for the body it was sent. */
  providerInputTokens: number;
  /** The API whose request form was counted. */
  countedApi: CountedApi;
  /** The offline count of that same body. */
  bodyOfflineTokens: number;
  /**
   * Only when the prompt's API is not the one counted (Chat Completions, counted in Responses form):
   * the prompt's API and the tokens its framing adds to the answer.
   */
  framing?: { api: Analysis['api']; tokens: number };
}

export function providerCountJson(offlineTokens: number, figure: ProviderFigure): ProviderCountJson {
  return {
    inputTokens: figure.inputTokens,
    via: figure.via,
    simulated: figure.simulated,
    offlineTokens,
    difference: figure.inputTokens - offlineTokens,
    providerInputTokens: figure.providerInputTokens,
    countedApi: figure.countedApi,
    bodyOfflineTokens: figure.bodyOfflineTokens,
    ...(figure.promptApi === figure.countedApi ? {} : { framing: { api: figure.promptApi, tokens: figure.inputTokens - figure.providerInputTokens } }),
  };
}

/** An http(s) URL; a bare host gets `/v1`, where the OpenAI SDK expects its routes. */
function baseUrl(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new CliError(`${name} must be an http or https URL, not "${value}"`, EXIT.badInput, name.startsWith('--'));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliError(`${name} must be an http or https URL, not "${value}"`, EXIT.badInput, name.startsWith('--'));
  }
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/v1';
  return url.toString().replace(/\/+$/, '');
}

/** `--count-base-url`, checked before any file is read. */
export function countBaseUrlOption(value: string | undefined): string | undefined {
  return value === undefined ? undefined : baseUrl(value, '--count-base-url');
}

export interface ProviderCountingOptions {
  /** `--count-base-url`: both APIs go there instead of the providers' (e.g. the simulator). */
  baseUrl?: string;
  env: Environment;
  timeoutMs?: number;
}

/** Counts prompts with their provider; every failure is a `CliError` of one line (exit 2). */
export class ProviderCounting {
  /** No per-minute pacing: a run counts the calls of one file and ends. */
  private readonly counter: ProviderCounter;

  constructor(private readonly options: ProviderCountingOptions) {
    this.counter = new ProviderCounter({ perMinute: Number.POSITIVE_INFINITY, timeoutMs: options.timeoutMs });
  }

  private endpoint(api: CountingApi): CountingEndpoint {
    const { env } = this.options;
    const fromEnv = env[BASE_URL_VARIABLES[api]]?.trim();
    const url = this.options.baseUrl ?? (fromEnv ? baseUrl(fromEnv, BASE_URL_VARIABLES[api]) : undefined);
    // A server named with --count-base-url (the simulator, a local server) may need no key: it says
    // so with a 401 if it does. The SDK insists on one, hence the placeholder (as for local servers).
    const apiKey = env[KEY_VARIABLES[api]]?.trim() || (this.options.baseUrl ? 'no-key' : undefined);
    if (apiKey === undefined) {
      const host = countingHost(api === 'anthropic' ? { kind: 'anthropic', apiKey: '', baseURL: url } : { kind: 'openai', apiKey: '', baseURL: url });
      throw new CliError(
        `no ${KEY_VARIABLES[api]} in the environment: set it to count with ${PROVIDER_NAMES[api]} (${host}), or leave out --count-with-provider`,
      );
    }
    return api === 'anthropic' ? { kind: 'anthropic', apiKey, ...(url ? { baseURL: url } : {}) } : { kind: 'openai', apiKey, ...(url ? { baseURL: url } : {}) };
  }

  /** The provider's figure for one analysed prompt; `where` starts the message if it fails. */
  async count(analysis: Analysis, sourceText: string, where: string): Promise<ProviderFigure> {
    const api = countingApi(analysis);
    let endpoint: CountingEndpoint;
    try {
      endpoint = this.endpoint(api);
    } catch (error) {
      throw error instanceof CliError ? new CliError(`${where}: ${error.message}`, error.exitCode, error.showUsage) : error;
    }
    const body = countingBody(analysis.request, endpoint, analysis.model, sourceText);
    let answer: Awaited<ReturnType<ProviderCounter['count']>>;
    try {
      answer = await this.counter.count(endpoint, body);
    } catch (error) {
      const failure = describeCountFailure(error, countingHost(endpoint), api, {
        secret: endpoint.apiKey,
        keyAdvice: `Set a valid key in ${KEY_VARIABLES[api]}.`,
      });
      throw new CliError(`${where}: ${failure.message}`);
    }
    const bodyTokens = await countRequestBody(JSON.stringify(body), countedApi(api), analysis.model);
    return figureOf(answer, { api, simulator: false }, { promptTokens: analysis.promptTokens, promptApi: analysis.api, bodyTokens });
  }
}

/** Counts prompts in order and stops at the first failure (the rest would fail alike). */
export async function countAll(
  counting: ProviderCounting,
  prompts: readonly { analysis: Analysis; where: string }[],
  sourceText: string,
): Promise<{ figures: (ProviderFigure | undefined)[]; failure?: CliError }> {
  const figures: (ProviderFigure | undefined)[] = prompts.map(() => undefined);
  for (const [i, { analysis, where }] of prompts.entries()) {
    try {
      figures[i] = await counting.count(analysis, sourceText, where);
    } catch (error) {
      if (error instanceof CliError) return { figures, failure: error };
      throw error;
    }
  }
  return { figures };
}
