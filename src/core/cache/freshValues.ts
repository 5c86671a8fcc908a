/**
 * Values a per-request span takes on another request, shaped like the text the file holds: a
 * timestamp becomes another timestamp written the same way (same fields, widths and zone), a UUID
 * another UUID, an id another id of the same length and alphabet. A test run that sends them
 * measures the cache as production fills it: the prefix ends where the span starts.
 *
 * Values depend only on their inputs (a seed, the run's time): the body a run sends and the body
 * its prediction renders are the same text.
 */
import { scanLiterals } from './literal-scan';

/** What one run's values are drawn from. */
export interface FreshValueContext {
  /** The run's clock, in ms: timestamps show it (advanced per run so two runs never share one). */
  timeMs: number;
  /** Distinguishes sessions and runs: ids are drawn from it. */
  seed: string;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** FNV-1a, then xorshift: a small deterministic stream of numbers from a text. */
function randomStream(seed: string): () => number {
  let state = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) state = Math.imul(state ^ seed.charCodeAt(i), 0x01000193) >>> 0;
  if (state === 0) state = 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** `09` stays two digits, `9` stays one (unless the value needs two). */
const like = (written: string, n: number) => pad(n, written.length);

function monthName(written: string, month: number): string {
  const full = MONTHS[month];
  if (written.length <= 3) return full.slice(0, 3);
  if (/^sept$/i.test(written)) return month === 8 ? 'Sept' : full.slice(0, 3);
  return full;
}

function ordinal(day: number): string {
  if (day % 100 >= 11 && day % 100 <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][day % 10] ?? 'th';
}

/**
 * `text` with every date, time of day and Unix timestamp in it rewritten to `date` (UTC), each in
 * the way it is written; undefined when it holds none.
 */
export function reshapeDateTime(text: string, date: Date): string | undefined {
  const y = date.getUTCFullYear();
  const mo = date.getUTCMonth();
  const d = date.getUTCDate();
  let out = text;
  out = out.replace(/\b(\d{4})-(\d{2})-(\d{2})/g, () => `${y}-${pad(mo + 1, 2)}-${pad(d, 2)}`);
  out = out.replace(
    /\b(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)(\.?) (\d{1,2})(st|nd|rd|th)?(,?) (\d{4})/gi,
    (_m, month: string, dot: string, _day, suffix: string | undefined, comma: string) => `${monthName(month, mo)}${dot} ${d}${suffix ? ordinal(d) : ''}${comma} ${y}`,
  );
  out = out.replace(
    /\b(\d{1,2}) (Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)(\.?) (\d{4})/gi,
    (_m, day: string, month: string, dot: string) => `${like(day, d)} ${monthName(month, mo)}${dot} ${y}`,
  );
  // Day and month order is unknown in 03/04/2025: a first field over 12 says day first; else month first.
  out = out.replace(/\b(\d{1,2})([/.])(\d{1,2})\2(\d{4})\b/g, (_m, a: string, sep: string, b: string) =>
    Number(a) > 12 || sep === '.' ? `${like(a, d)}${sep}${like(b, mo + 1)}${sep}${y}` : `${like(a, mo + 1)}${sep}${like(b, d)}${sep}${y}`,
  );
  out = out.replace(/(?<![\d+-])(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(\s?[AP]M)?/gi, (_m, h: string, _min, sec: string | undefined, fraction: string | undefined, meridiem: string | undefined) => {
    const hours = date.getUTCHours();
    const hour = meridiem ? like(h, ((hours + 11) % 12) + 1) : like(h, hours);
    const half = hours < 12 ? 'AM' : 'PM';
    const am = meridiem ? meridiem.replace(/[AP]M/i, (w) => (w === w.toLowerCase() ? half.toLowerCase() : half)) : '';
    const seconds = sec === undefined ? '' : `:${pad(date.getUTCSeconds(), 2)}`;
    const frac = fraction === undefined ? '' : `.${pad(date.getUTCMilliseconds(), 3).padEnd(fraction.length, '0').slice(0, fraction.length)}`;
    return `${hour}:${pad(date.getUTCMinutes(), 2)}${seconds}${frac}${am}`;
  });
  out = out.replace(/\b1\d{9}(\d{3})?\b/g, (_m, millis: string | undefined) => String(millis ? date.getTime() : Math.floor(date.getTime() / 1000)));
  return out === text ? undefined : out;
}

/** Each letter and digit replaced by another of its kind: a fresh id of the same shape. */
function reshapeId(text: string, next: () => number): string {
  const lower = 'abcdefghijklmnopqrstuvwxyz';
  const hex = /^(?:0x)?[0-9a-f-]+$/i.test(text);
  const letters = hex ? 'abcdef' : lower;
  let out = '';
  for (const ch of text) {
    if (/\d/.test(ch)) out += String(next() % 10);
    else if (/[a-z]/.test(ch)) out += letters[next() % letters.length];
    else if (/[A-Z]/.test(ch)) out += letters[next() % letters.length].toUpperCase();
    else out += ch;
  }
  return out;
}

/** A random UUID of version 4, in the case written. */
function uuidLike(written: string, next: () => number): string {
  const hex = () => (next() % 16).toString(16);
  const group = (n: number) => Array.from({ length: n }, hex).join('');
  const id = `${group(8)}-${group(4)}-4${group(3)}-${'89ab'[next() % 4]}${group(3)}-${group(12)}`;
  return /[A-F]/.test(written) && written === written.toUpperCase() ? id.toUpperCase() : id;
}

/** Keeps the fixed parts of a labelled line (`Request id: `) and of a prefixed id (`req_`). */
function reshapeLiteral(text: string, context: FreshValueContext, next: () => number): string {
  const dated = reshapeDateTime(text, new Date(context.timeMs));
  if (dated !== undefined) return dated;
  const hits = scanLiterals(text).hits;
  if (hits.length > 0) {
    let out = '';
    let cursor = 0;
    for (const hit of hits) {
      const written = text.slice(hit.start, hit.end);
      out += text.slice(cursor, hit.start);
      if (hit.rule === 'uuid') out += uuidLike(written, next);
      else if (hit.name === 'prefixed id') out += written.replace(/([_-])(.*)$/, (_m, sep: string, tail: string) => sep + reshapeId(tail, next));
      else out += reshapeId(written, next);
      cursor = hit.end;
    }
    return out + text.slice(cursor);
  }
  // A labelled line whose value is no known shape (`Session: alpha`): the label stays.
  const label = /^([^:=\n]*[:=]\s*)([\s\S]*)$/.exec(text);
  return label ? label[1] + reshapeId(label[2], next) : reshapeId(text, next);
}

/**
 * A run-time value for an expression the code evaluates per request (`datetime.now().isoformat()`,
 * `new Date().toISOString()`, `uuid4()`), written as that expression writes it.
 */
function runTimeValue(expression: string, context: FreshValueContext, next: () => number): string {
  const date = new Date(context.timeMs);
  const iso = date.toISOString();
  if (/uuid|randomUUID/i.test(expression)) return uuidLike('', next);
  if (/toISOString/.test(expression)) return iso;
  if (/isoformat/.test(expression)) return `${iso.slice(0, 19)}.${pad(date.getUTCMilliseconds(), 3)}${pad(next() % 1000, 3)}`;
  if (/\bDate\.now\b/.test(expression)) return String(date.getTime());
  if (/\btime\.time\b/.test(expression)) return (date.getTime() / 1000).toFixed(6);
  if (/\btoday\b|\bdate\b/i.test(expression) && !/time|now/i.test(expression)) return iso.slice(0, 10);
  if (/now|date|time/i.test(expression)) return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${pad(date.getUTCMilliseconds(), 3)}000`;
  if (/random/i.test(expression)) return String(next() % 1_000_000);
  return `${expression.replace(/\W+/g, ' ').trim() || 'value'} ${next() % 10_000}`;
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const DAY_MS = 86_400_000;

/** ISO 8601 week-numbering year and week of a UTC date. */
function isoWeek(date: Date): { year: number; week: number } {
  const thursday = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 3 - ((date.getUTCDay() + 6) % 7)));
  const year = thursday.getUTCFullYear();
  return { year, week: 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) };
}

/** `format`'s date directives (`%Y-%m-%d`, `%A, %d %B %Y`) written for `date`, in UTC. */
function strftimeDate(format: string, date: Date): string {
  const y = date.getUTCFullYear();
  const mo = date.getUTCMonth();
  const d = date.getUTCDate();
  const weekday = date.getUTCDay();
  const yearDay = Math.floor((date.getTime() - Date.UTC(y, 0, 1)) / DAY_MS);
  const directive = (c: string): string => {
    switch (c) {
      case 'Y': return String(y);
      case 'y': return pad(y % 100, 2);
      case 'm': return pad(mo + 1, 2);
      case 'd': return pad(d, 2);
      case 'e': return String(d).padStart(2, ' ');
      case 'B': return MONTHS[mo];
      case 'b': return MONTHS[mo].slice(0, 3);
      case 'A': return WEEKDAYS[weekday];
      case 'a': return WEEKDAYS[weekday].slice(0, 3);
      case 'j': return pad(yearDay + 1, 3);
      case 'x': case 'D': return `${pad(mo + 1, 2)}/${pad(d, 2)}/${pad(y % 100, 2)}`;
      case 'F': return `${y}-${pad(mo + 1, 2)}-${pad(d, 2)}`;
      case 'U': return pad(Math.floor((yearDay + 7 - weekday) / 7), 2);
      case 'W': return pad(Math.floor((yearDay + 7 - ((weekday + 6) % 7)) / 7), 2);
      case 'G': return String(isoWeek(date).year);
      case 'V': return pad(isoWeek(date).week, 2);
      case 'u': return String(weekday === 0 ? 7 : weekday);
      case 'w': return String(weekday);
      case '%': return '%';
      default: return `%${c}`;
    }
  };
  return format.replace(/%[-_0^#]?(.)/g, (_m, c: string) => directive(c));
}

/**
 * The date an expression that writes only today's date (`date.today()`,
 * `{datetime.now():%d %B %Y}`, `new Date().toDateString()`) writes on the run's day, in its shape.
 */
function dailyRunTimeValue(expression: string, written: string, date: Date): string {
  const format = /strftime\s*\(\s*(['"])(.*?)\1/.exec(expression)?.[2] ?? /:([^{}:]*%[^{}]*)\}\s*$/.exec(written)?.[1];
  if (format !== undefined) return strftimeDate(format, date);
  if (/toDateString/.test(expression)) return strftimeDate('%a %b %d %Y', date);
  if (/toLocaleDateString/.test(expression)) return `${date.getUTCMonth() + 1}/${date.getUTCDate()}/${date.getUTCFullYear()}`;
  return date.toISOString().slice(0, 10);
}

/**
 * The value a per-request span (kind `literal` or `per-request-value`) takes on one run; `daily`
 * for a computed date without a time of day, which writes the date alone.
 */
export function freshValue(kind: 'literal' | 'per-request-value', written: string, name: string, context: FreshValueContext, daily = false): string {
  const next = randomStream(`${context.seed}\u0000${written}\u0000${name}`);
  if (kind === 'literal') return reshapeLiteral(written, context, next);
  return daily ? dailyRunTimeValue(name, written, new Date(context.timeMs)) : runTimeValue(name, context, next);
}
