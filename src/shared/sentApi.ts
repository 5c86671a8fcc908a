/**
 * Which API a dashboard run speaks, decided the same way by the host (which endpoint `auto`
 * opens on) and by the page (what the form shows). No DOM and no `vscode` here: unit-tested.
 */
import { providerOfModel } from '../core/cache/rules';
import type { EndpointKind } from './protocol';

/** The provider whose rules a run follows: the model in the form names it, else the file does. */
export function runProvider(model: string, fileProvider: string | undefined): string | undefined {
  return providerOfModel(model) ?? fileProvider;
}

/**
 * A run is sent as an Anthropic Messages request to Anthropic, and to the simulator for a Claude
 * prompt (it answers those on its Messages route, as the host's `endpointFor` sends them).
 */
export function sendsAnthropicMessages(endpoint: EndpointKind, model: string, fileProvider: string | undefined): boolean {
  return endpoint === 'anthropic' || (endpoint === 'simulator' && runProvider(model, fileProvider) === 'anthropic');
}

/**
 * `dashboard.endpoint: auto`: the provider of the prompt's model when its key is set (Anthropic
 * for Claude, OpenAI otherwise), else the simulator. A Claude prompt never opens on OpenAI, which
 * does not serve Claude models.
 */
export function automaticEndpoint(model: string, fileProvider: string | undefined, keyed: readonly EndpointKind[]): EndpointKind {
  const wanted: EndpointKind = runProvider(model, fileProvider) === 'anthropic' ? 'anthropic' : 'openai';
  return keyed.includes(wanted) ? wanted : 'simulator';
}

/** What the form shows for the API a run sends, and why OpenAI's own fields are off. */
export interface SentApiView {
  anthropic: boolean;
  /** The API as the selector names it. */
  apiLabel: string;
  /** Why prompt_cache_key, its retention and the Responses state are disabled; absent when they apply. */
  openAiOnlyReason?: string;
}

export const ANTHROPIC_API_LABEL = 'Messages (Anthropic)';
const OPENAI_API_LABELS = { chat: 'Chat Completions', responses: 'Responses' } as const;

/** `openAiApi`: the API chosen in the form, sent unless the run goes as an Anthropic Messages request. */
export function sentApiView(endpoint: EndpointKind, model: string, fileProvider: string | undefined, openAiApi: 'chat' | 'responses'): SentApiView {
  if (!sendsAnthropicMessages(endpoint, model, fileProvider)) return { anthropic: false, apiLabel: OPENAI_API_LABELS[openAiApi] };
  const where = endpoint === 'simulator' ? 'The simulator is sent an Anthropic Messages request for a Claude model' : 'Anthropic is sent a Messages request';
  return {
    anthropic: true,
    apiLabel: ANTHROPIC_API_LABEL,
    openAiOnlyReason: `${where}: prompt_cache_key, prompt_cache_retention and the Responses state are OpenAI-only and not sent; Claude caches up to the prompt's cache_control breakpoints.`,
  };
}
