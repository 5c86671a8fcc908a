/**
 * Lone carriage returns (old Mac line endings) end lines for editors and for YAML, but the
 * parsers split lines at `\n`. Replacing each lone `\r` with `\n` keeps every offset where it was,
 * so ranges still point into the file as written; `\r\n` is left alone (every parser handles it).
 */
export function normalizeLoneCarriageReturns(text: string): string {
  if (!text.includes('\r')) return text;
  return text.replace(/\r(?!\n)/g, '\n');
}
