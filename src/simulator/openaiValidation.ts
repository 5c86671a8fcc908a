/**
 * Request checks of the OpenAI routes, with OpenAI's wording, `param` and `code`, so a client that
 * sends what the real API refuses gets the 400 it would get there instead of a simulated 200.
 * Only fields whose shape matters to the simulation or that clients commonly get wrong are checked.
 */
import { CHAT_LIMIT_NAMES, isOpenAiReasoningModel, movedLimitAnswer, refusedOpenAiTemperature } from '../core/cache/refused-parameter-findings';
import { badRequest, type SimulatedHttpError } from './openaiErrors';

type Json = Record<string, unknown>;

const CHAT_ROLES = ['system', 'assistant', 'user', 'function', 'tool', 'developer'] as const;
const RESPONSES_ROLES = ['user', 'assistant', 'system', 'developer'] as const;

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a decimal';
  return `a ${typeof value}`;
}

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

export const missing = (param: string): SimulatedHttpError =>
  badRequest(`Missing required parameter: '${param}'.`, 'missing_required_parameter', param);

export const invalidType = (param: string, expected: string, value: unknown): SimulatedHttpError =>
  badRequest(`Invalid type for '${param}': expected ${expected}, but got ${typeName(value)} instead.`, 'invalid_type', param);

const invalidValue = (param: string, value: unknown, supported: readonly string[]): SimulatedHttpError =>
  badRequest(
    `Invalid value: '${String(value)}'. Supported values are: ${supported.map((v) => `'${v}'`).join(', ')}.`,
    'invalid_value',
    param,
  );

function optional(body: Json, key: string, check: (value: unknown) => boolean, expected: string): void {
  if (body[key] === undefined || body[key] === null) return;
  if (!check(body[key])) throw invalidType(key, expected, body[key]);
}

const isInteger = (v: unknown) => typeof v === 'number' && Number.isInteger(v);
const isNumber = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
const isString = (v: unknown) => typeof v === 'string';
const isBoolean = (v: unknown) => typeof v === 'boolean';

function positiveInteger(body: Json, key: string): void {
  optional(body, key, isInteger, 'an integer');
  const value = body[key];
  if (typeof value === 'number' && value < 1) {
    throw badRequest(`Invalid '${key}': integer below minimum value. Expected a value >= 1, but got ${value} instead.`, 'integer_below_min_value', key);
  }
}

function commonFields(body: Json): void {
  optional(body, 'stream', isBoolean, 'a boolean');
  optional(body, 'temperature', isNumber, 'a decimal');
  optional(body, 'top_p', isNumber, 'a decimal');
  optional(body, 'prompt_cache_key', isString, 'a string');
  optional(body, 'prompt_cache_retention', isString, 'a string');
  optional(body, 'metadata', isObject, 'an object');
  optional(body, 'tools', Array.isArray, 'an array');
  const retention = body.prompt_cache_retention;
  if (typeof retention === 'string' && !['in_memory', 'in-memory', '24h'].includes(retention)) {
    throw invalidValue('prompt_cache_retention', retention, ['in_memory', '24h']);
  }
  (Array.isArray(body.tools) ? body.tools : []).forEach((tool, i) => {
    if (!isObject(tool)) throw invalidType(`tools[${i}]`, 'an object', tool);
    if (typeof tool.type !== 'string') throw missing(`tools[${i}].type`);
  });
}

/** Content parts of a Chat Completions message: a string, null (assistant) or an array of typed parts. */
function chatContent(message: Json, at: string): void {
  const content = message.content;
  if (typeof content === 'string') return;
  if (content === undefined || content === null) {
    const hasCalls = Array.isArray(message.tool_calls) || isObject(message.function_call);
    if (message.role === 'assistant' && (hasCalls || content === null)) return;
    throw missing(`${at}.content`);
  }
  if (!Array.isArray(content)) throw invalidType(`${at}.content`, 'one of a string or array of objects', content);
  content.forEach((part, k) => {
    if (!isObject(part)) throw invalidType(`${at}.content[${k}]`, 'an object', part);
    if (typeof part.type !== 'string') throw missing(`${at}.content[${k}].type`);
    if (part.type === 'text' && typeof part.text !== 'string') throw missing(`${at}.content[${k}].text`);
  });
}

/** The text of a Chat Completions message: its string content, or its text parts. */
function messageText(message: unknown): string {
  if (!isObject(message)) return '';
  const content = message.content;
  if (typeof content === 'string') return content;
  return Array.isArray(content) ? content.map((part) => (isObject(part) && typeof part.text === 'string' ? part.text : '')).join('\n') : '';
}

export function validateChatCompletions(body: Json): void {
  const messages = body.messages;
  if (messages === undefined) throw missing('messages');
  if (!Array.isArray(messages)) throw invalidType('messages', 'an array of objects', messages);
  if (messages.length === 0) {
    throw badRequest("Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.", 'empty_array', 'messages');
  }
  messages.forEach((message, i) => {
    const at = `messages[${i}]`;
    if (!isObject(message)) throw invalidType(at, 'an object', message);
    if (message.role === undefined) throw missing(`${at}.role`);
    if (!(CHAT_ROLES as readonly unknown[]).includes(message.role)) throw invalidValue(`${at}.role`, message.role, CHAT_ROLES);
    chatContent(message, at);
    if (message.role === 'tool' && typeof message.tool_call_id !== 'string') throw missing(`${at}.tool_call_id`);
  });
  positiveInteger(body, 'max_tokens');
  // Reasoning models refuse `max_tokens` (see `refusedParameterFindings`).
  if (body.max_tokens !== undefined && body.max_tokens !== null && typeof body.model === 'string' && isOpenAiReasoningModel(body.model)) {
    throw badRequest("Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", 'unsupported_parameter', 'max_tokens');
  }
  positiveInteger(body, 'max_completion_tokens');
  refuseTemperature('chat', body);
  positiveInteger(body, 'n');
  optional(body, 'stream_options', isObject, 'an object');
  // JSON mode needs the word in a message (see `jsonModeFindings`).
  const format = body.response_format;
  if (isObject(format) && format.type === 'json_object' && !messages.some((m) => /json/i.test(messageText(m)))) {
    throw badRequest("'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.", null, 'messages');
  }
  commonFields(body);
}

export function validateResponses(body: Json): void {
  const input = body.input;
  if (input === undefined || input === null) throw missing('input');
  if (typeof input !== 'string' && !Array.isArray(input)) throw invalidType('input', 'one of a string or array of input items', input);
  if (Array.isArray(input)) {
    input.forEach((item, i) => {
      const at = `input[${i}]`;
      if (!isObject(item)) throw invalidType(at, 'an object', item);
      const isMessage = item.type === 'message' || (item.type === undefined && item.role !== undefined);
      if (!isMessage) {
        if (typeof item.type !== 'string') throw missing(`${at}.type`);
        return;
      }
      if (!(RESPONSES_ROLES as readonly unknown[]).includes(item.role)) {
        if (item.role === undefined) throw missing(`${at}.role`);
        throw invalidValue(`${at}.role`, item.role, RESPONSES_ROLES);
      }
      if (item.content === undefined) throw missing(`${at}.content`);
      if (typeof item.content !== 'string' && !Array.isArray(item.content)) {
        throw invalidType(`${at}.content`, 'one of a string or array of input content parts', item.content);
      }
    });
  }
  optional(body, 'instructions', isString, 'a string');
  optional(body, 'previous_response_id', isString, 'a string');
  optional(body, 'store', isBoolean, 'a boolean');
  positiveInteger(body, 'max_output_tokens');
  // The output limit's Chat Completions names, and `temperature` (see `refusedParameterFindings`).
  for (const name of CHAT_LIMIT_NAMES) {
    if (body[name] !== undefined && body[name] !== null) throw badRequest(movedLimitAnswer(name), 'unsupported_parameter', name);
  }
  refuseTemperature('responses', body);
  // JSON mode needs the word in an input message, not in `instructions` (see `jsonModeFindings`).
  const format = isObject(body.text) ? body.text.format : undefined;
  if (isObject(format) && format.type === 'json_object' && !inputTexts(input).some((text) => /json/i.test(text))) {
    throw badRequest("Response input messages must contain the word 'json' in some form to use 'text.format' of type 'json_object'.", null, null);
  }
  commonFields(body);
}

/** A `temperature` the model refuses (see `refusedOpenAiTemperature`). */
function refuseTemperature(api: 'chat' | 'responses', body: Json): void {
  const refusal = typeof body.model === 'string' ? refusedOpenAiTemperature(api, body.model, body.temperature) : undefined;
  if (refusal) throw badRequest(refusal.answer, refusal.code, 'temperature');
}

/** The texts of a Responses `input`: the string, or each item's content and output. */
function inputTexts(input: unknown): string[] {
  if (typeof input === 'string') return [input];
  if (!Array.isArray(input)) return [];
  return input.flatMap((item) => {
    if (!isObject(item)) return [];
    const output = typeof item.output === 'string' ? [item.output] : [];
    return [messageText(item), ...output, ...(typeof item.arguments === 'string' ? [item.arguments] : [])];
  });
}
