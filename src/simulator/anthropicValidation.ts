/**
 * Request checks of `POST /v1/messages` (and its count_tokens), worded like Anthropic's 400s: field
 * paths such as `messages.0.role`, at most 4 `cache_control` blocks with a top-level automatic one
 * counted, and 1-hour breakpoints before 5-minute ones in the order tools, system, messages.
 */
import { anthropicInvalid } from './anthropicErrors';
import { refusedClaudeSampling } from '../core/cache/refused-parameter-findings';

type Json = Record<string, unknown>;

export const MAX_CACHE_BREAKPOINTS = 4;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

interface Marker {
  ttl: '5m' | '1h';
}

/** A block's `cache_control`, checked; undefined when it has none. */
function cacheControl(holder: Json, at: string): Marker | undefined {
  const control = holder.cache_control;
  if (control === undefined || control === null) return undefined;
  if (!isObject(control)) throw anthropicInvalid(`${at}.cache_control: Input should be a valid dictionary`);
  if (control.type !== 'ephemeral') throw anthropicInvalid(`${at}.cache_control.type: Input should be 'ephemeral'`);
  const ttl = control.ttl ?? '5m';
  if (ttl !== '5m' && ttl !== '1h') throw anthropicInvalid(`${at}.cache_control.ttl: Input should be '5m' or '1h'`);
  return { ttl };
}

/** A string or an array of content blocks; returns the breakpoints it carries in order. */
function content(value: unknown, at: string, systemOnly: boolean): Marker[] {
  if (typeof value === 'string') {
    if (value.length === 0 && !systemOnly) throw anthropicInvalid(`${at}: text content blocks must be non-empty`);
    return [];
  }
  if (!Array.isArray(value)) throw anthropicInvalid(`${at}: Input should be a valid string or a valid list`);
  const markers: Marker[] = [];
  value.forEach((block, k) => {
    const where = `${at}.${k}`;
    if (!isObject(block)) throw anthropicInvalid(`${where}: Input should be a valid dictionary or object to extract fields from`);
    if (typeof block.type !== 'string') throw anthropicInvalid(`${where}.type: Field required`);
    if (systemOnly && block.type !== 'text') throw anthropicInvalid(`${where}.type: Input should be 'text'`);
    if (block.type === 'text') {
      if (typeof block.text !== 'string') throw anthropicInvalid(`${where}.text: Field required`);
      if (block.text.length === 0) throw anthropicInvalid(`${at.split('.')[0]}: text content blocks must be non-empty`);
    }
    const marker = cacheControl(block, where);
    if (marker) markers.push(marker);
  });
  return markers;
}

function tools(value: unknown): Marker[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw anthropicInvalid('tools: Input should be a valid list');
  const markers: Marker[] = [];
  value.forEach((tool, i) => {
    const at = `tools.${i}`;
    if (!isObject(tool)) throw anthropicInvalid(`${at}: Input should be a valid dictionary or object to extract fields from`);
    if (typeof tool.name !== 'string' || tool.name.length === 0) throw anthropicInvalid(`${at}.name: Field required`);
    const custom = tool.type === undefined || tool.type === null || tool.type === 'custom';
    if (custom && !isObject(tool.input_schema)) throw anthropicInvalid(`${at}.input_schema: Field required`);
    const marker = cacheControl(tool, at);
    if (marker) markers.push(marker);
  });
  return markers;
}

function messages(value: unknown): Marker[] {
  if (value === undefined) throw anthropicInvalid('messages: Field required');
  if (!Array.isArray(value)) throw anthropicInvalid('messages: Input should be a valid list');
  if (value.length === 0) throw anthropicInvalid('messages: at least one message is required');
  const markers: Marker[] = [];
  value.forEach((message, i) => {
    const at = `messages.${i}`;
    if (!isObject(message)) throw anthropicInvalid(`${at}: Input should be a valid dictionary or object to extract fields from`);
    if (message.role !== 'user' && message.role !== 'assistant') {
      throw anthropicInvalid(
        message.role === undefined ? `${at}.role: Field required` : `${at}.role: Input should be 'user' or 'assistant'`,
      );
    }
    if (message.content === undefined) throw anthropicInvalid(`${at}.content: Field required`);
    const last = i === value.length - 1;
    const empty = message.content === '' || (Array.isArray(message.content) && message.content.length === 0);
    if (empty && !(last && message.role === 'assistant')) {
      throw anthropicInvalid(`${at}: all messages must have non-empty content except for the optional final assistant message`);
    }
    if (!empty) markers.push(...content(message.content, `${at}.content`, false));
  });
  return markers;
}

function optional(body: Json, key: string, check: (value: unknown) => boolean, expected: string): void {
  if (body[key] !== undefined && !check(body[key])) throw anthropicInvalid(`${key}: Input should be ${expected}`);
}

/**
 * Throws the 400 Anthropic answers for `body`. `countOnly` is count_tokens, which takes no
 * `max_tokens`. Returns the number of breakpoints, the automatic one included.
 */
export function validateMessages(body: Json, options: { countOnly: boolean }): number {
  if (typeof body.model !== 'string' || body.model.length === 0) {
    throw anthropicInvalid(body.model === undefined ? 'model: Field required' : 'model: Input should be a valid string');
  }
  if (!options.countOnly) {
    if (body.max_tokens === undefined) throw anthropicInvalid('max_tokens: Field required');
    if (typeof body.max_tokens !== 'number' || !Number.isInteger(body.max_tokens)) throw anthropicInvalid('max_tokens: Input should be a valid integer');
    if (body.max_tokens < 1) throw anthropicInvalid('max_tokens: Input should be greater than or equal to 1');
  }
  optional(body, 'stream', (v) => typeof v === 'boolean', 'a valid boolean');
  optional(body, 'temperature', (v) => typeof v === 'number' && v >= 0 && v <= 1, 'a number between 0 and 1');
  // The newest models take only temperature 1, top_p of 0.99 or more and no top_k.
  const [sampling] = refusedClaudeSampling(body.model, body);
  if (sampling) throw anthropicInvalid(sampling.answer);
  optional(body, 'top_p', (v) => typeof v === 'number', 'a valid number');
  optional(body, 'top_k', (v) => typeof v === 'number' && Number.isInteger(v), 'a valid integer');
  optional(body, 'stop_sequences', (v) => Array.isArray(v) && v.every((s) => typeof s === 'string'), 'a valid list of strings');
  optional(body, 'metadata', isObject, 'a valid dictionary');
  optional(body, 'tool_choice', isObject, 'a valid dictionary');

  // Processing order: tools, system, messages; the automatic breakpoint lands on the last block.
  const markers = [...tools(body.tools)];
  if (body.system !== undefined && body.system !== null) markers.push(...content(body.system, 'system', true));
  markers.push(...messages(body.messages));
  const automatic = cacheControl(body, 'body');
  if (automatic) markers.push(automatic);

  if (markers.length > MAX_CACHE_BREAKPOINTS) {
    throw anthropicInvalid(`A maximum of ${MAX_CACHE_BREAKPOINTS} blocks with cache_control may be provided. Found ${markers.length}.`);
  }
  const firstShort = markers.findIndex((m) => m.ttl === '5m');
  if (firstShort >= 0 && markers.slice(firstShort).some((m) => m.ttl === '1h')) {
    throw anthropicInvalid(
      "a ttl='1h' cache_control block must not come after a ttl='5m' cache_control block. Note that blocks are " +
        'processed in the following order: `tools`, `system`, `messages`.',
    );
  }
  return markers.length;
}
