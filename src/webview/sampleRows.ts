/** Rows of sample values, one per run (up to 10, cycled beyond): each run then sends its own text. */
export function sampleRows(names: readonly string[], runs: number): Record<string, string>[] {
  const count = Math.max(1, Math.min(10, Number.isFinite(runs) ? runs : 3));
  return Array.from({ length: count }, (_, i) => Object.fromEntries(names.map((name) => [name, `sample ${name.replace(/[_-]+/g, ' ')} ${i + 1}`])));
}
