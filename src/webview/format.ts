/** Number formats for people; a missing value is shown as such, never as 0. */
const counts = new Intl.NumberFormat('en-US');

export const NOT_REPORTED = 'not reported';

export function count(n: number | null | undefined, missing = '—'): string {
  return n === null || n === undefined ? missing : counts.format(n);
}

export function ms(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  return n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${Math.round(n)} ms`;
}

export function usd(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  // Below what the format shows, a difference of floating-point sums is no money: no "−$0.00000".
  if (Math.abs(n) < 0.000005) return '$0';
  const sign = n < 0 ? '−' : '';
  const abs = Math.abs(n);
  return `${sign}$${abs < 0.01 ? abs.toFixed(5) : abs.toFixed(4)}`;
}

export function percent(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : `${(n * 100).toFixed(1)}%`;
}

/** Hours as the locale writes them (`1:38:16 PM`), the same in every place a time is shown. */
const CLOCK: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit', second: '2-digit' };

export function time(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toLocaleDateString()}, ${date.toLocaleTimeString(undefined, CLOCK)}`;
}

/** The time of day (with the date when it is not today), for names that must stay short. */
export function shortTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const clock = date.toLocaleTimeString(undefined, CLOCK);
  return date.toDateString() === new Date().toDateString() ? clock : `${date.toLocaleDateString()} ${clock}`;
}
