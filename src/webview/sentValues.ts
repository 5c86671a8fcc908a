import type { RunRecordView } from '../shared/protocol';

export interface SentValues {
  /** One line per value, the value sent first: a long name cut at the cell's edge leaves it readable. */
  lines: string[];
  /** Everything, for the tooltip. */
  title: string;
}

/** The values a run sent (variables, then per-request values), so runs that differ only in them can be told apart. */
export function sentValues(run: Pick<RunRecordView, 'variables' | 'perRequestValues'>): SentValues | undefined {
  const variables = Object.entries(run.variables ?? {});
  // A per-request value is keyed by the text it replaces, often a literal of the same shape (a
  // date in place of a date): said as a replacement, so the two are not read as two values.
  const fresh = Object.entries(run.perRequestValues ?? {});
  if (variables.length + fresh.length === 0) return undefined;
  return {
    lines: [...variables.map(([name, value]) => `${value} · ${name}`), ...fresh.map(([written, value]) => `${value} · in place of ${written}`)],
    title: [...variables.map(([name, value]) => `${name} = ${value}`), ...fresh.map(([written, value]) => `${written} → ${value} (a fresh value for this run)`)].join('\n'),
  };
}
