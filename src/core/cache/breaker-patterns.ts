/**
 * Patterns for literal text that changes from one request to the next (the "cache breakers" that
 * need no template syntax). Kept as data: each row says which rule it feeds and how to check a match.
 *
 * Decisions against false positives:
 * - A date with a time of day (2024-05-01T10:30, "May 1, 2024 10:30") is treated as per-request:
 *   fixed prompt text rarely needs minute precision.
 * - A date without a time is flagged only after a cue such as "today", "current", "now", "as of" on
 *   the same line: changelog entries, release dates and knowledge cut-offs are the same in every
 *   request and do not break a cache, wherever they sit.
 * - Hex strings need 16+ characters mixing digits and letters in one case: colours (#a1b2c3) and
 *   short git hashes (7-12 characters) are not ids.
 * - Version numbers (1.2.3, v2.0.1) match none of the patterns.
 */

export type LiteralRuleId = 'dynamic-date' | 'unix-timestamp' | 'uuid' | 'hex-id' | 'jwt-or-key' | 'randomized-examples';

export interface LiteralPattern {
  rule: LiteralRuleId;
  /** Short name used for the dynamic span and in messages. */
  name: string;
  /** Global (and usually case-insensitive) expression. */
  regex: RegExp;
  /** Extra check on a match; `text` is the whole piece text. */
  accept?: (match: string, index: number, text: string) => boolean;
  /** The literal can be replaced by a variable supplied at the end of the prompt. */
  movable: boolean;
}

const MONTH_NAMES =
  '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)';
const ISO_DATE = '\\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\\d|3[01])';
const TIME_OF_DAY = '(?:[01]?\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d(?:\\.\\d+)?)?';
const ZONE = '(?:\\s?(?:Z|UTC|GMT|[+-]\\d{2}:?\\d{2}|[AP]M))?';
const NAMED_DATE = `(?:${MONTH_NAMES}\\.? \\d{1,2}(?:st|nd|rd|th)?,? \\d{4}|\\d{1,2} ${MONTH_NAMES}\\.? \\d{4})`;
const NUMERIC_DATE = '(?:\\d{1,2}/\\d{1,2}/\\d{4}|\\d{1,2}\\.\\d{1,2}\\.\\d{4})';

/** Words that make a bare date read as "the date of this request". */
const CURRENT_CUE = /\b(?:today|today's|current(?:ly)?|now|as of|generated (?:at|on)|timestamp|time is|date is)\b[^\n]{0,40}$/i;

function hasCurrentCue(index: number, text: string): boolean {
  const lineStart = text.lastIndexOf('\n', index - 1) + 1;
  return CURRENT_CUE.test(text.slice(lineStart, index));
}

function notInsideLongerToken(match: string, index: number, text: string): boolean {
  const before = text[index - 1] ?? ' ';
  const after = text.slice(index + match.length, index + match.length + 2);
  // A full stop ends a sentence; a full stop and a digit continue a number.
  return !/[\w.+\-/#]/.test(before) && !/^(?:\w|\.\w)/.test(after);
}

function isMixedHexId(match: string, index: number, text: string): boolean {
  const hex = match.replace(/^0x/i, '');
  const oneCase = hex === hex.toLowerCase() || hex === hex.toUpperCase();
  return oneCase && /\d/.test(hex) && /[a-f]/i.test(hex) && notInsideLongerToken(match, index, text);
}

/** Unix seconds 2001-2033 (10 digits) or milliseconds (13 digits); placeholders excluded. */
function isPlausibleUnixTime(match: string, index: number, text: string): boolean {
  if (match.startsWith('1234567890') || /^(\d)\1+$/.test(match)) return false;
  const before = text[index - 1] ?? ' ';
  // Phone numbers and amounts: +1..., (1...), $1...
  if (/[+($€£]/.test(before)) return false;
  return notInsideLongerToken(match, index, text);
}

export const LITERAL_PATTERNS: readonly LiteralPattern[] = [
  {
    rule: 'dynamic-date',
    name: 'date-time',
    regex: new RegExp(`\\b${ISO_DATE}[T ]${TIME_OF_DAY}${ZONE}`, 'gi'),
    movable: true,
  },
  {
    rule: 'dynamic-date',
    name: 'date-time',
    regex: new RegExp(`\\b(?:${NAMED_DATE}|${NUMERIC_DATE}),?(?: at)? ${TIME_OF_DAY}${ZONE}`, 'gi'),
    movable: true,
  },
  {
    rule: 'dynamic-date',
    name: 'date',
    regex: new RegExp(`\\b(?:${ISO_DATE}|${NAMED_DATE}|${NUMERIC_DATE})\\b`, 'gi'),
    accept: (_m, index, text) => hasCurrentCue(index, text),
    movable: true,
  },
  {
    rule: 'dynamic-date',
    name: 'time',
    regex: new RegExp(`\\b${TIME_OF_DAY}${ZONE}(?!\\d)`, 'gi'),
    accept: (_m, index, text) => hasCurrentCue(index, text),
    movable: true,
  },
  {
    rule: 'unix-timestamp',
    name: 'unix timestamp',
    regex: /\b1\d{9}(?:\d{3})?\b/g,
    accept: isPlausibleUnixTime,
    movable: true,
  },
  {
    rule: 'uuid',
    name: 'uuid',
    regex: /\b[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[089ab][0-9a-f]{3}-[0-9a-f]{12}\b/gi,
    movable: false,
  },
  {
    rule: 'hex-id',
    name: 'hex id',
    regex: /(?:0x)?[0-9a-f]{16,}/gi,
    accept: isMixedHexId,
    movable: false,
  },
  {
    rule: 'hex-id',
    name: 'prefixed id',
    // API object ids: req_..., chatcmpl-..., resp_..., msg_..., call_..., sess_...
    regex: /\b(?:req|chatcmpl|resp|msg|call|run|thread|sess|session|trace|conv)[_-][A-Za-z0-9]{16,}\b/g,
    accept: (m) => /\d/.test(m),
    movable: false,
  },
  {
    rule: 'jwt-or-key',
    name: 'jwt',
    // Not after a character of its own alphabet: `-` is one but no word character, and a run of
    // `eyJ-eyJ-…` would otherwise be searched again from each `eyJ` (quadratic).
    regex: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
    movable: false,
  },
  {
    rule: 'jwt-or-key',
    name: 'api key',
    regex:
      /\b(?:sk-(?:proj-|ant-(?:api\d\d-)?)?[A-Za-z0-9_-]{20,}|AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{36,}|xox[abprs]-[A-Za-z0-9-]{10,}|AIza[0-9A-Za-z_-]{35})/g,
    movable: false,
  },
  {
    rule: 'jwt-or-key',
    name: 'bearer token',
    regex: /\bBearer [A-Za-z0-9._~+/-]{20,}=*/g,
    movable: false,
  },
  {
    rule: 'randomized-examples',
    name: 'randomized',
    // A filter inside `{{ … }}` is looked for up to the next brace: a line of `{{{{…` would
    // otherwise be searched to its end from each of them (quadratic).
    regex:
      /\brandom\.(?:choice|choices|shuffle|sample|randint|random)\b|\bMath\.random\s*\(|\bnp\.random\.\w+|\b_\.(?:shuffle|sample)\b|\{\{[-~]?\s*random\b|\{%-?\s*random\b|\{\{#shuffle\b|\{\{[^{}\n]*\|\s*(?:random|shuffle)\b|\bshuffle\s*\(/g,
    movable: false,
  },
];

const DATE_ONLY = new RegExp(`\\b(?:${ISO_DATE}|${NAMED_DATE}|${NUMERIC_DATE})\\b`, 'i');
const TIME_IN_TEXT = new RegExp(`\\b${TIME_OF_DAY}(?!\\d)|\\b1\\d{9}(?:\\d{3})?\\b`, 'i');

/**
 * A literal that holds a date and nothing else that varies (no time of day, timestamp or id): it
 * changes once a day, so the requests of one day share it. `others` are the other literals found in it.
 */
export function isDateOnly(text: string, others: readonly { name: string }[]): boolean {
  return DATE_ONLY.test(text) && !TIME_IN_TEXT.test(text) && others.every((hit) => hit.name === 'date');
}

/** Labels of lines whose value is per request: `Date: ...`, `Session ID: ...`. */
const DYNAMIC_LABELS = [
  'date',
  'time',
  'datetime',
  'date/time',
  'timestamp',
  'current date',
  'current time',
  'current datetime',
  "today's date",
  'today',
  'now',
  'session',
  'session id',
  'request id',
  'trace id',
  'conversation id',
  'user id',
  'run id',
];

function labelAlternative(label: string): string {
  return label
    .split(/[ /]/)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\']/g, (c) => (c === "'" ? "['’]?" : `\\${c}`)))
    .join('[ _/-]?');
}

/**
 * A whole line `Label: value` without its line break (`\r` of a CRLF included), optionally a list
 * item or bold (`- **Date:** ...`). Group 1 is the label, group 2 the value.
 */
export const LABELLED_LINE = new RegExp(
  `^[ \\t]*(?:[-*>][ \\t]+)?(?:\\*\\*|__)?(${DYNAMIC_LABELS.map(labelAlternative).join('|')})(?:\\*\\*|__)?[ \\t]*[:=](?:\\*\\*|__)?[ \\t]*(\\S[^\\r\\n]*)$`,
  'gim',
);

/** Variable names that suggest the value belongs to one user (for tool definitions). */
export const PER_USER_NAME = /user|tenant|account|customer|role|permission|plan|org|locale|lang|region/i;
