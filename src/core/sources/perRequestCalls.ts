/**
 * Calls known to return something different on every request: the clock, random numbers and ids.
 * Text built from them ends the cacheable prefix where it appears, whatever else is known.
 */

const PER_REQUEST = [
  // Python
  /\b(?:datetime|date)\s*\.\s*(?:now|utcnow|today)\s*\(/,
  /\btime\s*\.\s*(?:time|time_ns|monotonic|perf_counter|strftime|localtime|gmtime|ctime)\s*\(/,
  /\b(?:uuid\s*\.\s*)?uuid[14]\s*\(/,
  /\b(?:random|secrets)\s*\.\s*\w+\s*\(/,
  /\b(?:pendulum|arrow)\s*\.\s*(?:now|utcnow|today)\s*\(/,
  /\btimezone\s*\.\s*now\s*\(/,
  // JavaScript / TypeScript
  /\bDate\s*\.\s*now\s*\(/,
  /\bnew\s+Date\s*\(\s*\)/,
  /\bnew\s+Date\s*(?![\s(])/,
  /\b(?:crypto\s*\.\s*)?randomUUID\s*\(/,
  /\bMath\s*\.\s*random\s*\(/,
  /\bperformance\s*\.\s*now\s*\(/,
  /\b(?:nanoid|uuidv[14]|v4|ulid|cuid2?|createId)\s*\(/,
];

/** Whether an expression as written calls something that changes on every request. */
export function isPerRequestExpression(expression: string): boolean {
  return PER_REQUEST.some((pattern) => pattern.test(expression));
}

/**
 * The per-request calls written in one source text, found once: whether an expression of it calls
 * one is then a lookup, not a scan of its text. An expression nested thousands deep (`str(str(...))`)
 * is asked about at each of its levels, and scanning each level's text took time that grows with
 * the square of its length (17 s for 5,000 levels in 25 KB).
 */
export class PerRequestCalls {
  /** Start and end of every match of each pattern, overlapping ones included, by start. */
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  constructor(text: string) {
    const found: Array<[number, number]> = [];
    for (const pattern of PER_REQUEST) {
      const all = new RegExp(pattern.source, 'g');
      // Searching again from the unit after each match start finds the matches inside another one too.
      for (let m = all.exec(text); m; all.lastIndex = m.index + 1, m = all.exec(text)) {
        // What follows `new Date` (spaces the lookahead read past) is not part of the call.
        found.push([m.index, m.index + m[0].trimEnd().length]);
      }
    }
    found.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    for (const [start, end] of found) {
      this.starts.push(start);
      this.ends.push(end);
    }
  }

  /** `isPerRequestExpression` of the text's units [start, end): whether a call there is one. */
  within(start: number, end: number): boolean {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] < start) lo = mid + 1;
      else hi = mid;
    }
    // Only matches that run past `end` are passed over: those starting close to it.
    for (let i = lo; i < this.starts.length && this.starts[i] < end; i++) if (this.ends[i] <= end) return true;
    return false;
  }
}

/** strftime directives that name the day or something coarser: the same all day. */
const DATE_DIRECTIVES = new Set('YymdBbAajxFDeUWGVuw'.split(''));

/**
 * Whether a strftime format (`%Y-%m-%d`, `%A, %d %B %Y`) writes the date and nothing finer:
 * at least one directive, every one of them a date's (`%%` is a percent sign).
 */
export function isDateOnlyFormat(format: string): boolean {
  const directives = [...format.matchAll(/%[-_0^#]?(.)/g)].map((m) => m[1]).filter((d) => d !== '%');
  return directives.length > 0 && directives.every((d) => DATE_DIRECTIVES.has(d));
}

/** A Python clock reading: `datetime.now(tz)`, `datetime.datetime.utcnow()`, `date.today()`, `pendulum.now()`. */
const PY_CLOCK = String.raw`(?:(?:datetime|date)\s*\.\s*)?(?:datetime|date|pendulum|arrow)\s*\.\s*(?:now|utcnow|today)\s*\([^()]*\)`;
/** A JavaScript clock reading: `new Date()`, `new Date(Date.now())`. */
const JS_CLOCK = String.raw`(?:\(\s*new\s+Date\s*(?:\(\s*(?:Date\s*\.\s*now\s*\(\s*\)\s*)?\))?\s*\)|new\s+Date\s*(?:\(\s*(?:Date\s*\.\s*now\s*\(\s*\)\s*)?\))?)`;
const STRFTIME = String.raw`\.\s*strftime\s*\(\s*(['"])([^'"]*)\1\s*\)`;

const DAILY_SHAPES: readonly RegExp[] = [
  // date.today(), datetime.now().date(), optionally .isoformat()
  new RegExp(String.raw`^(?:(?:datetime\s*\.\s*)?date\s*\.\s*today\s*\(\s*\)|${PY_CLOCK}\s*\.\s*date\s*\(\s*\))(?:\s*\.\s*isoformat\s*\(\s*\))?$`),
  // JavaScript: toDateString(), toLocaleDateString(...), toISOString() cut to its first ten characters
  new RegExp(String.raw`^${JS_CLOCK}\s*\.\s*(?:toDateString\s*\(\s*\)|toLocaleDateString\s*\([^()]*\))$`),
  new RegExp(String.raw`^${JS_CLOCK}\s*\.\s*toISOString\s*\(\s*\)\s*\.\s*(?:(?:slice|substring|substr)\s*\(\s*0\s*,\s*10\s*\)|split\s*\(\s*(['"\x60])T\1\s*\)\s*\[\s*0\s*\])$`),
];

/** A clock reading alone, or its `.date()`: what a format spec (`{datetime.now():%Y-%m-%d}`) formats. */
const CLOCK_ALONE = new RegExp(String.raw`^(?:${PY_CLOCK}|${PY_CLOCK}\s*\.\s*date\s*\(\s*\))$`);
/** `.strftime("...")` on a clock reading, or `time.strftime("...")`. */
const FORMATTED = new RegExp(String.raw`^(?:${PY_CLOCK}(?:\s*\.\s*date\s*\(\s*\))?${STRFTIME}|time\s*\.\s*strftime\s*\(\s*(['"])([^'"]*)\3\s*\))$`);

/** Options of `toLocaleDateString` that add a time of day to the date. */
const LOCALE_TIME_OPTION = /\b(?:hour|minute|second|timeStyle|fractionalSecondDigits|dayPeriod)\b/;

/**
 * Whether a per-request expression writes only today's date (`date.today()`,
 * `datetime.now().strftime("%Y-%m-%d")`, `new Date().toDateString()`), formatted with
 * `formatSpec` when an f-string or `str.format` field gives one (`{datetime.now():%Y-%m-%d}`).
 * Such text is the same all day: requests within a cache lifetime share it.
 */
export function isDailyExpression(expression: string, formatSpec?: string): boolean {
  const flat = expression.replace(/\s+/g, ' ').trim().replace(/^str\s*\((.*)\)$/, '$1').trim();
  if (formatSpec !== undefined && formatSpec !== '') {
    return CLOCK_ALONE.test(flat) && isDateOnlyFormat(formatSpec);
  }
  if (DAILY_SHAPES.some((shape) => shape.test(flat))) return !LOCALE_TIME_OPTION.test(flat);
  const formatted = FORMATTED.exec(flat);
  return formatted !== null && isDateOnlyFormat(formatted[2] ?? formatted[4]);
}
