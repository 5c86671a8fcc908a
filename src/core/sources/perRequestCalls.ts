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
