/**
 * The offline count of a request body exactly as a counting endpoint receives it: the body's JSON
 * read by the same parser as a prompt file and rendered by the same renderer. Set beside the
 * endpoint's answer, it checks our counting on the very same request; set beside the prompt's own
 * count, it gives the framing between the prompt's API and the API the endpoint counts.
 */
import { parsePrompt } from './formats/index';
import type { ApiStyle } from './model';
import { resolveModel } from './tokens/models';
import { renderRequest } from './tokens/render';
import { loadTokenizer } from './tokens/tokenizer';

/** The APIs with a counting endpoint: OpenAI's Responses and Anthropic's Messages. */
export type CountedApi = Extract<ApiStyle, 'responses' | 'anthropic'>;

/** Tokens of a counting body (its JSON text) for `model`, as the provider would count them. */
export async function countRequestBody(bodyText: string, api: CountedApi, model: string, assetDir?: string): Promise<number> {
  const request = parsePrompt('request.json', bodyText, { format: api === 'anthropic' ? 'anthropic-messages' : 'openai-responses' });
  const resolved = resolveModel(model);
  const tokenizer = await loadTokenizer(resolved.encoding, { assetDir });
  return renderRequest(request, tokenizer, resolved).total;
}
