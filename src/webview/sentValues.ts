import type { RunRecordView } from '../shared/protocol';

export interface SentValues {
  /** One line per value, the value sent first: a long name cut at the cell's edge leaves it readable. */
  lines: string[];
  /** Everything, for the tooltip. */
  title: string;
}

/** The values a run sent (variables, then per-request values), so runs that differ only in them can be told apart. */
export function sentValues(run: Pick<RunRecordView, 'variables' | 'perRequestValues'>): SentValues | undefined {
  const entries = [...Object.entries(run.variables ?? {}), ...Object.entries(run.perRequestValues ?? {})];
  if (entries.length === 0) return undefined;
  return {
    lines: entries.map(([name, value]) => `${value} · ${name}`),
    title: entries.map(([name, value]) => `${name} = ${value}`).join('\n'),
  };
}
