/**
 * Request parameters the API refuses for the model (`request-refused`): OpenAI's reasoning models
 * (the o-series, gpt-5 and later) answer a Chat Completions request that sends `max_tokens` with
 * 400 "Unsupported parameter: 'max_tokens' is not supported with this model. Use
 * 'max_completion_tokens' instead.", `param: "max_tokens"`, `code: "unsupported_parameter"`.
 * Reported with that answer for o1-preview (ITSpecialist111/ai_automation_suggester#38), o1-mini
 * (SilasMarvin/lsp-ai#95), o1 and o3-mini (teilomillet/gollm#33), gpt-5
 * (griptape-ai/ComfyUI-Griptape#312), gpt-5.1 (fish2018/YPrompt#26; on Azure anomalyco/opencode#37964)
 * and gpt-5.4 (koosoli/ESPHomeDesigner#379); none of the recorded requests of these models that
 * were answered sends it. Nothing is answered, so nothing is cached.
 */
import type { PromptRequest } from '../model';
import type { Provider } from '../tokens/models';
import type { BreakerFinding } from './breakers';

/**
 * OpenAI's reasoning models: the o-series and gpt-5 and later, without the ChatGPT models
 * (`gpt-5-chat-latest`, `gpt-5.1-chat-latest`), which answer as gpt-4o does.
 */
export function isOpenAiReasoningModel(name: string): boolean {
  const gpt = /^gpt-(\d+)/.exec(name);
  return /^o\d/.test(name) || (gpt !== null && Number(gpt[1]) >= 5 && !/-chat\b/.test(name));
}

/** `max_tokens` sent to an OpenAI reasoning model on Chat Completions: an error on the field. */
export function refusedParameterFindings(request: PromptRequest, provider: Provider | string | undefined, modelName: string): BreakerFinding[] {
  if (request.api !== 'chat' || provider !== 'openai' || !isOpenAiReasoningModel(modelName)) return [];
  if (!('max_tokens' in request.parameters) || request.parameters.max_tokens === null) return [];
  // Where the name is written (a request file's key, a call's keyword argument), renamed by the fix.
  const written = request.parameterRanges?.max_tokens;
  const range = written ?? request.model?.range ?? null;
  const fix = written ? { description: 'Send `max_completion_tokens` instead of `max_tokens`', edits: [{ range: written, newText: 'max_completion_tokens' }] } : undefined;
  return [
    {
      rule: 'request-refused',
      severity: 'error',
      message:
        `${modelName} refuses \`max_tokens\` on Chat Completions: the API answers 400 ("Unsupported parameter: 'max_tokens' is not supported with this model. ` +
        `Use 'max_completion_tokens' instead."), so nothing is answered or cached. Send \`max_completion_tokens\` (it counts the reasoning tokens too)`,
      range,
      pieceSpan: null,
      tokenIndex: 0,
      tokenIndexEstimated: false,
      ...(fix ? { fix } : {}),
    },
  ];
}
