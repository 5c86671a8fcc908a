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
 *
 * The Responses API names the limit `max_output_tokens` and answers the Chat Completions names with
 * 400 "Unsupported parameter: 'max_completion_tokens'. In the Responses API, this parameter has moved
 * to 'max_output_tokens'." for every model (reported for gpt-5 in danny-avila/LibreChat#8966, and for
 * gpt-5.1 and gpt-5.4 in projects' notes; the openai Python SDK's
 * `responses.create` takes neither name and raises TypeError before sending); no recorded Responses
 * request sends either.
 */
import { modify } from 'jsonc-parser';
import type { PromptRequest } from '../model';
import type { Provider } from '../tokens/models';
import { appendLine, appendToSystemText } from './breaker-fixes';
import type { BreakerFinding } from './breakers';

/**
 * OpenAI's reasoning models: the o-series and gpt-5 and later, without the ChatGPT models
 * (`gpt-5-chat-latest`, `gpt-5.1-chat-latest`), which answer as gpt-4o does.
 */
export function isOpenAiReasoningModel(name: string): boolean {
  const gpt = /^gpt-(\d+)/.exec(name);
  return /^o\d/.test(name) || (gpt !== null && Number(gpt[1]) >= 5 && !/-chat\b/.test(name));
}

/**
 * The models that take only the default `temperature` (1): the o-series and gpt-5, gpt-5-mini and
 * gpt-5-nano, which answer 400 "Unsupported value: 'temperature' does not support 0 with this
 * model. Only the default (1) value is supported." (`code: "unsupported_value"`; reported for o1-mini
 * in OpenHands/OpenHands#4131, gpt-5 in owndev/Open-WebUI-Functions#98 and on Azure in
 * gabrii/Cursor-Azure-GPT-5#33, gpt-5-mini in QwenLM/qwen-code#921). Later gpt-5 releases take
 * other values where they do not reason (recorded gpt-5.1 requests at 0.7 and gpt-5.4 at 0 were
 * answered): not checked.
 */
export function takesDefaultTemperatureOnly(name: string): boolean {
  return /^o\d/.test(name) || /^gpt-5(-mini|-nano)?(-\d{4}-\d{2}-\d{2})?$/.test(name);
}

/** The Chat Completions names of the output limit, which the Responses API refuses. */
export const CHAT_LIMIT_NAMES = ['max_tokens', 'max_completion_tokens'] as const;

/** What the Responses API answers a Chat Completions name of the output limit. */
export function movedLimitAnswer(name: string): string {
  return `Unsupported parameter: '${name}'. In the Responses API, this parameter has moved to 'max_output_tokens'.`;
}

/**
 * Parameters the API refuses for an OpenAI model, each an error on the field: on Chat Completions,
 * `max_tokens` to a reasoning model and a `temperature` other than 1 where the model takes only
 * that; on the Responses API, the Chat Completions names of the output limit and that `temperature`.
 */
export function refusedParameterFindings(request: PromptRequest, provider: Provider | string | undefined, modelName: string, sourceText?: string): BreakerFinding[] {
  if (provider === 'anthropic' && request.api === 'anthropic') return anthropicParameterFindings(request, modelName, sourceText);
  if (provider !== 'openai') return [];
  if (request.api === 'responses') return responsesParameterFindings(request, modelName, sourceText);
  if (request.api !== 'chat' || !isOpenAiReasoningModel(modelName)) return [];
  const findings: BreakerFinding[] = [];
  const { at, refused } = findingMaker(request, modelName);
  const maxTokens = at('max_tokens');
  // Checked where the request writes the name itself (a request file, an SDK call): a library's
  // own call, a template or a spread may send another name than the one read.
  if (maxTokens && request.parameters.max_tokens !== undefined && request.parameters.max_tokens !== null) {
    findings.push(
      refused(
        'max_tokens',
        `${modelName} refuses \`max_tokens\` on Chat Completions: the API answers 400 ("Unsupported parameter: 'max_tokens' is not supported with this model. ` +
          `Use 'max_completion_tokens' instead."), so nothing is answered or cached. Send \`max_completion_tokens\` (it counts the reasoning tokens too)`,
        maxTokens ? { description: 'Send `max_completion_tokens` instead of `max_tokens`', edits: [{ range: maxTokens, newText: 'max_completion_tokens' }] } : undefined,
      ),
    );
  }
  findings.push(...openAiTemperatureFindings(request, modelName, sourceText));
  return findings;
}

/**
 * Where a checked name is written (a request file's key, a call's keyword argument; the fix renames
 * it there), and the finding on it. A fallback model (`os.getenv("MODEL", "o3-mini")`) may not be the
 * one sent: a warning then, that says so.
 */
function findingMaker(request: PromptRequest, modelName: string) {
  const at = (name: string) => request.parameterRanges?.[name];
  const fallback = request.model?.fallback === true;
  const refused = (name: string, message: string, fix?: BreakerFinding['fix']): BreakerFinding => ({
    rule: 'request-refused',
    severity: fallback ? 'warning' : 'error',
    message: fallback ? `${message} (where the model is ${modelName}, the program's default)` : message,
    range: at(name) ?? null,
    pieceSpan: null,
    tokenIndex: 0,
    tokenIndexEstimated: false,
    ...(fix ? { fix } : {}),
  });
  return { at, refused };
}

/**
 * gpt-6 models take no `temperature` at all, on either API: "Unsupported parameter: 'temperature' is
 * not supported with this model." whatever its value (gpt-6-astra in OpenGradient/tee-gateway#154 and
 * BerriAI/litellm#39631; gpt-6-luna, -sol and -astra in akitaonrails/ai-memory#851; OpenAI's migration
 * guide lists `temperature`, `top_p` and `top_logprobs` as unsupported, as quoted in
 * Imbad0202/academic-research-skills#823). None of the 41 recorded gpt-6-astra requests sends one.
 * Reports say the same of gpt-5.5 and gpt-5.6 through third-party gateways: not checked.
 */
export function takesNoOpenAiTemperature(name: string): boolean {
  const gpt = /^gpt-(\d+)/.exec(name);
  return gpt !== null && Number(gpt[1]) >= 6 && !/-chat\b/.test(name);
}

/** What the API answers, and the error code it gives, where it refuses a request parameter. */
export interface RefusalAnswer {
  answer: string;
  code: string;
}

/**
 * What OpenAI answers a `temperature` the model refuses (undefined where it takes it): any value to a
 * gpt-6 model; a value other than 1 to the o-series and gpt-5, gpt-5-mini, gpt-5-nano, "Unsupported
 * value" on Chat Completions and "Unsupported parameter" on the Responses API. The simulator answers
 * the same.
 */
export function refusedOpenAiTemperature(api: 'chat' | 'responses', model: string, temperature: unknown): RefusalAnswer | undefined {
  if (typeof temperature !== 'number') return undefined;
  const unsupported = { answer: "Unsupported parameter: 'temperature' is not supported with this model.", code: 'unsupported_parameter' };
  if (takesNoOpenAiTemperature(model)) return unsupported;
  if (temperature === 1 || !takesDefaultTemperatureOnly(model)) return undefined;
  if (api === 'responses') return unsupported;
  return { answer: `Unsupported value: 'temperature' does not support ${temperature} with this model. Only the default (1) value is supported.`, code: 'unsupported_value' };
}

/** `temperature` where the model refuses it (`refusedOpenAiTemperature`); the fix leaves the field out. */
function openAiTemperatureFindings(request: PromptRequest, modelName: string, sourceText?: string): BreakerFinding[] {
  const { at, refused } = findingMaker(request, modelName);
  const refusal = request.api === 'chat' || request.api === 'responses' ? refusedOpenAiTemperature(request.api, modelName, request.parameters.temperature) : undefined;
  if (!at('temperature') || !refusal) return [];
  const answer = `400 ("${refusal.answer}")`;
  const message = takesNoOpenAiTemperature(modelName)
    ? `${modelName} takes no \`temperature\`: the API answers ${answer}, whatever its value`
    : request.api === 'responses'
      ? `${modelName} takes no \`temperature\` on the Responses API: it answers ${answer}`
      : `${modelName} takes only the default \`temperature\` (1): the API answers ${answer}`;
  return [refused('temperature', `${message}, so nothing is answered or cached. Leave \`temperature\` out`, withoutField(request, sourceText, 'temperature'))];
}

/**
 * The Responses API: `max_tokens` and `max_completion_tokens` for any model (the fix renames the
 * field to `max_output_tokens` where the request does not send that too), and a `temperature` other
 * than 1 where the model takes only the default, which it answers with 400 "Unsupported parameter:
 * 'temperature' is not supported with this model." (reported for o3-mini in a llmcpp reproduction;
 * recorded gpt-5.1 and gpt-5.4-nano Responses requests at 0.7 and 0 were answered).
 */
function responsesParameterFindings(request: PromptRequest, modelName: string, sourceText?: string): BreakerFinding[] {
  const findings: BreakerFinding[] = [];
  const { at, refused } = findingMaker(request, modelName);
  const sendsOutputLimit = request.parameters.max_output_tokens !== undefined;
  for (const name of CHAT_LIMIT_NAMES) {
    const written = at(name);
    const value = request.parameters[name];
    if (!written || value === undefined || value === null) continue;
    findings.push(
      refused(
        name,
        `The Responses API has no \`${name}\`: it answers 400 ("${movedLimitAnswer(name)}"), ` +
          `so nothing is answered or cached${request.constantText ? ' (in Python the openai SDK raises TypeError before sending it)' : ''}. Send \`max_output_tokens\``,
        sendsOutputLimit ? undefined : { description: `Send \`max_output_tokens\` instead of \`${name}\``, edits: [{ range: written, newText: 'max_output_tokens' }] },
      ),
    );
  }
  findings.push(...openAiTemperatureFindings(request, modelName, sourceText));
  return findings;
}

/**
 * The Claude models whose sampling parameters Anthropic has deprecated: claude-opus-4-7 and
 * claude-opus-4-8, and the Claude 5 Opus, Sonnet and Fable models (a later major is taken to follow
 * them). Anthropic's own SDK documents it (anthropics/anthropic-sdk-typescript
 * `src/resources/messages/messages.ts` at bfa9197f0182084941052be9752c948638421601: "Models released
 * after Claude Opus 4.6" take `temperature` 1.0 only, `top_p` of 0.99 or more only, and no `top_k`;
 * anything else is "rejected with a 400 error"), answered "`temperature` is deprecated for this
 * model." (or `top_p`, `top_k`). Reported for opus-4-7 (Mixpeal/anthropic-sdk#11,
 * danielmiessler/Fabric#2110, HKUDS/nanobot#3418, pollinations#11319, UiPath's
 * uipath-langchain-python#790 citing Anthropic's migration guide; `top_p` in
 * router-for-me/CLIProxyAPI#4383 for opus-4-7, opus-4-8 and fable-5), opus-4-8
 * (The-PR-Agent/pr-agent#2456; a live probe in mnfst/modelparams.dev#238 answered `temperature: 1`),
 * sonnet-5 and opus-5 (checked against the API with `temperature: 0` in earendil-works/pi#7961 and
 * simstudioai/sim#5328, where sonnet-4-6 and haiku-4-5 take it; oc8-ai/oc8#3), fable-5
 * (srtab/daiv#1405). None of the 136 recorded requests of these models that were answered sends
 * any of the three.
 */
export function takesNoSampling(name: string): boolean {
  if (/^claude-opus-4-[78](?!\d)/.test(name)) return true;
  const major = /^claude-(?:opus|sonnet|fable)-(\d+)(?!\d)/.exec(name);
  return major !== null && Number(major[1]) >= 5 && Number(major[1]) < 20;
}

/** A sampling parameter a Claude model refuses, with Anthropic's answer. */
export interface ClaudeSamplingRefusal {
  name: 'temperature' | 'top_p' | 'top_k';
  answer: string;
}

/**
 * The sampling parameters Anthropic refuses in `parameters` for the model (`takesNoSampling`): a
 * `temperature` other than 1, a `top_p` below 0.99, any `top_k`. The simulator answers the same.
 */
export function refusedClaudeSampling(model: string, parameters: Record<string, unknown>): ClaudeSamplingRefusal[] {
  if (!takesNoSampling(model)) return [];
  const { temperature, top_p: topP, top_k: topK } = parameters;
  const refused = (name: ClaudeSamplingRefusal['name']): ClaudeSamplingRefusal => ({ name, answer: `\`${name}\` is deprecated for this model.` });
  return [
    ...(typeof temperature === 'number' && temperature !== 1 ? [refused('temperature')] : []),
    ...(typeof topP === 'number' && topP < 0.99 ? [refused('top_p')] : []),
    ...(topK !== undefined && topK !== null ? [refused('top_k')] : []),
  ];
}

/** What each refused sampling parameter is said to take. */
const CLAUDE_SAMPLING_TAKES: Record<ClaudeSamplingRefusal['name'], string> = {
  temperature: 'takes only the default `temperature` (1)',
  top_p: 'takes no `top_p` below 0.99',
  top_k: 'takes no `top_k`',
};

/** The Messages API: the sampling parameters a Claude model refuses (the fix leaves each out). */
function anthropicParameterFindings(request: PromptRequest, modelName: string, sourceText?: string): BreakerFinding[] {
  const { at, refused } = findingMaker(request, modelName);
  return refusedClaudeSampling(modelName, request.parameters)
    .filter(({ name }) => at(name))
    .map(({ name, answer }) =>
      refused(
        name,
        `${modelName} ${CLAUDE_SAMPLING_TAKES[name]}: Anthropic answers 400 ("${answer}"), ${name === 'top_k' ? 'whatever its value, ' : ''}` +
          `so nothing is answered or cached. Leave \`${name}\` out`,
        withoutField(request, sourceText, name),
      ),
    );
}

/**
 * The fix that removes a top-level field from a request file (jsonc-parser's edit: the field and
 * its comma, nothing else); none in source code, whose calls a text edit may not reach whole.
 */
function withoutField(request: PromptRequest, sourceText: string | undefined, name: string): BreakerFinding['fix'] {
  if (request.constantText || !['openai-chat', 'openai-responses', 'anthropic-messages'].includes(request.format) || sourceText === undefined) return undefined;
  const edits = modify(sourceText, [name], undefined, {});
  if (edits.length === 0) return undefined;
  return {
    description: `Leave \`${name}\` out`,
    edits: edits.map((edit) => ({ range: { start: edit.offset, end: edit.offset + edit.length }, newText: edit.content })),
  };
}

/**
 * JSON mode (`response_format: {type: "json_object"}`) on Chat Completions with no message that
 * says "json" in any case: the API answers 400 "'messages' must contain the word 'json' in some
 * form, to use 'response_format' of type 'json_object'." (`param: "messages"`; reported in
 * meta-llama/PurpleLlama#94, mem0ai/mem0#3559 and, for gpt-4o, ultimatejimmy/xray.koplugin#33; all
 * 38 recorded Chat Completions requests in JSON mode that were answered say it). Checked for
 * OpenAI's models (`provider`: the model's, not the file format's: another server need not
 * check), and only where every message's text is known: a value filled in at run time may say it.
 */
export function jsonModeFindings(request: PromptRequest, provider: Provider | string | undefined, sourceText?: string): BreakerFinding[] {
  if (provider !== 'openai' || request.responseFormat?.kind !== 'json_object') return [];
  if (request.api === 'responses') return responsesJsonModeFindings(request, sourceText);
  if (request.api !== 'chat') return [];
  const texts = request.messages.flatMap((m) => m.parts.flatMap((p) => (p.type === 'text' ? [p.piece] : [])));
  if (texts.some((piece) => piece.dynamic.length > 0 || /json/i.test(piece.text))) return [];
  // In a request file the system message can say it; source code builds its text in ways a
  // text edit at one place may not reach (a constant of another module).
  const edit = request.constantText ? undefined : appendToSystemText(request, sourceText, 'Answer in JSON.');
  return [
    {
      rule: 'request-refused',
      severity: 'error',
      message:
        "JSON mode (`response_format: {type: \"json_object\"}`) needs the word \"json\" in a message, and none says it: the API answers 400 (\"'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.\"), so nothing is answered or cached. Ask for JSON in the system message",
      range: request.responseFormat.range,
      pieceSpan: null,
      tokenIndex: 0,
      tokenIndexEstimated: false,
      ...(edit ? { fix: { description: 'Ask for JSON at the end of the system message', edits: [edit] } } : {}),
    },
  ];
}

/**
 * JSON mode on the Responses API (`text.format: {type: "json_object"}`): the API answers 400
 * "Response input messages must contain the word 'json' in some form to use 'text.format' of type
 * 'json_object'.". `instructions` do not count, by three reports of requests
 * refused with the word only there (projects' notes and a Go client's comment); one pull request
 * (miracodeai/mira#267) says OpenAI's own endpoint accepts such requests and only Codex-class
 * backends refuse them. So: an error where nothing says "json", a warning where only the
 * instructions do. Every recorded Responses request in JSON mode (6) says it in an input message.
 * The fix appends the request at the end of the last user message, after the cached prefix.
 */
function responsesJsonModeFindings(request: PromptRequest, sourceText?: string): BreakerFinding[] {
  const format = request.responseFormat!;
  const inputTexts = request.messages.flatMap((m) => [
    ...m.parts.flatMap((p) => (p.type === 'text' ? [p.piece] : [])),
    ...(m.toolCalls ? [m.toolCalls] : []),
  ]);
  if (inputTexts.some((piece) => piece.dynamic.length > 0 || /json/i.test(piece.text))) return [];
  const instructions = request.instructions;
  if (instructions && instructions.dynamic.length > 0) return [];
  const inInstructions = instructions !== undefined && /json/i.test(instructions.text);
  const edit = request.constantText ? undefined : appendLine(request, sourceText, 'Answer in JSON.');
  const answer = "(\"Response input messages must contain the word 'json' in some form to use 'text.format' of type 'json_object'.\")";
  return [
    {
      rule: 'request-refused',
      severity: inInstructions ? 'warning' : 'error',
      message: inInstructions
        ? `JSON mode (\`text.format: {type: "json_object"}\`) needs the word "json" in an input message, and only the instructions say it: reports of the API's 400 ${answer} say \`instructions\` do not count (one says OpenAI's own endpoint accepts it). Ask for JSON in the user message`
        : `JSON mode (\`text.format: {type: "json_object"}\`) needs the word "json" in an input message, and none says it: the API answers 400 ${answer}, so nothing is answered or cached. Ask for JSON in the user message`,
      range: format.range,
      pieceSpan: null,
      tokenIndex: 0,
      tokenIndexEstimated: false,
      ...(edit ? { fix: { description: 'Ask for JSON at the end of the user message', edits: [edit] } } : {}),
    },
  ];
}
