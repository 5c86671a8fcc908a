/**
 * What each rule `check` reports means, for people reading SARIF in code scanning. Typed as a
 * record over every rule id so a new breaker rule cannot be forgotten here.
 */
import type { BreakerRuleId } from '../core/cache';

/** Breaker rules, parse issues, files that cannot be analysed, and the `--min-cacheable` gate. */
export type CheckRuleId = BreakerRuleId | 'parse' | 'unreadable' | 'min-cacheable';

export const CHECK_RULES: Record<CheckRuleId, { name: string; description: string }> = {
  'dynamic-date': {
    name: 'DynamicDate',
    description: 'A date or time that changes per request sits inside the cacheable prefix; everything after it misses the cache.',
  },
  'unix-timestamp': {
    name: 'UnixTimestamp',
    description: 'A Unix timestamp in the prefix changes per request and ends the cached prefix.',
  },
  uuid: { name: 'Uuid', description: 'A UUID in the prefix is usually per request and ends the cached prefix.' },
  'hex-id': { name: 'HexId', description: 'A long hex or API object id in the prefix is usually per request and ends the cached prefix.' },
  'jwt-or-key': {
    name: 'JwtOrKey',
    description: 'A JWT or key-like string in the prompt varies per request (and is a secret that should not be sent).',
  },
  'randomized-examples': {
    name: 'RandomizedExamples',
    description: 'Examples picked or shuffled per request change the prefix every time.',
  },
  'variable-before-static-text': {
    name: 'VariableBeforeStaticText',
    description: 'A template variable in a message is followed by static text that could be cached if the variable moved to the end.',
  },
  'labelled-dynamic-line': {
    name: 'LabelledDynamicLine',
    description: 'A line labelled time:, date:, session: or request id: changes per request; move it to the end of the prompt.',
  },
  'variable-in-system': {
    name: 'VariableInSystem',
    description: 'A template variable in the system message or instructions ends the cached prefix there.',
  },
  'variable-in-tools': {
    name: 'VariableInTools',
    description: 'A template variable in a tool definition or schema changes the very start of the prefix.',
  },
  'per-user-tools': {
    name: 'PerUserTools',
    description: 'Tool definitions that vary per user change the very start of the prefix, so nothing is shared.',
  },
  'prefix-below-minimum': {
    name: 'PrefixBelowMinimum',
    description: "The fixed prefix is shorter than the provider's minimum for caching, so nothing is cached.",
  },
  'too-many-breakpoints': {
    name: 'TooManyBreakpoints',
    description: 'More cache breakpoints than the provider accepts (4 on Anthropic): the API rejects the request.',
  },
  'breakpoint-ttl-order': {
    name: 'BreakpointTtlOrder',
    description: 'A 1-hour cache_control breakpoint after a 5-minute one: Anthropic rejects the request.',
  },
  'no-cache-breakpoint': {
    name: 'NoCacheBreakpoint',
    description: 'A static prefix long enough to cache, on a model that caches only at cache_control breakpoints, and no breakpoint: nothing is cached.',
  },
  'context-window-exceeded': {
    name: 'ContextWindowExceeded',
    description: 'The prompt is longer than the model accepts (its context window): the API rejects the request.',
  },
  'strict-schema-rejected': {
    name: 'StrictSchemaRejected',
    description: 'A tool or response schema sent with strict: true that OpenAI strict mode refuses (a property not required, no additionalProperties: false): the API rejects the request.',
  },
  'per-run-cache-key': {
    name: 'PerRunCacheKey',
    description:
      'The library sends a new prompt_cache_key for every run (the OpenAI Agents SDK for Python from 0.14 on, without a conversation, session or group_id): a long static prefix is cached within one run but likely missed by the next.',
  },
  'request-refused': {
    name: 'RequestRefused',
    description: 'The call fails as written: the SDK raises before it sends the request, or the API answers 400. Nothing is answered or cached.',
  },
  parse: { name: 'Parse', description: 'The prompt file is malformed or has a problem found while parsing it.' },
  unreadable: { name: 'Unreadable', description: 'The file could not be analysed: missing, not a regular file, too large or binary.' },
  'min-cacheable': {
    name: 'MinCacheable',
    description: 'Fewer tokens would be cached than the --min-cacheable threshold asks for.',
  },
};
