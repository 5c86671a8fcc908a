/**
 * JSON the command line prints. Money is computed in floating point (`0.0023515 * 1000` is
 * `2.3514999999999997`); it is printed rounded to a billionth of a dollar, far below any price step.
 */

const USD_PRECISION = 1e9;

/** `value` as indented JSON, every number under a key that names USD rounded to 1e-9. */
export function jsonOutput(value: unknown): string {
  return `${JSON.stringify(value, (key, field: unknown) => (typeof field === 'number' && /usd/i.test(key) ? roundUsd(field) : field), 2)}\n`;
}

function roundUsd(usd: number): number {
  return Number.isFinite(usd) ? Math.round(usd * USD_PRECISION) / USD_PRECISION : usd;
}
