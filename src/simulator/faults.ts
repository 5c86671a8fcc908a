import { seededRandom } from '../core/cache/deterministic';
import type { FaultOptions, FaultTrigger } from './options';

export type FaultKind = 'rate-limit' | 'server-error' | 'drop' | 'malformed';

/** Checked in this order; the first that fires wins. */
const FAULT_ORDER: readonly { kind: FaultKind; key: keyof FaultOptions }[] = [
  { kind: 'drop', key: 'drop' },
  { kind: 'rate-limit', key: 'rateLimit' },
  { kind: 'server-error', key: 'serverError' },
  { kind: 'malformed', key: 'malformed' },
];

/**
 * Decides which fault, if any, request number `n` gets. Rate-based triggers draw from one seeded
 * generator per fault, one draw per request, so the same seed fails the same requests.
 */
export class FaultPlan {
  private readonly draws = new Map<FaultKind, () => number>();

  constructor(
    private readonly options: FaultOptions,
    seed: number,
  ) {
    FAULT_ORDER.forEach(({ kind }, i) => this.draws.set(kind, seededRandom(seed * 31 + i + 1)));
  }

  faultFor(n: number): FaultKind | undefined {
    let chosen: FaultKind | undefined;
    for (const { kind, key } of FAULT_ORDER) {
      const trigger = this.options[key] as FaultTrigger | undefined;
      if (!trigger) continue;
      // Draw for every configured fault on every request, so one fault's rate never shifts another's.
      const draw = this.draws.get(kind)?.() ?? 1;
      if (!chosen && fires(trigger, n, draw)) chosen = kind;
    }
    return chosen;
  }
}

function fires(trigger: FaultTrigger, n: number, draw: number): boolean {
  if (trigger.everyNth !== undefined && trigger.everyNth > 0 && n % trigger.everyNth === 0) return true;
  if (trigger.firstN !== undefined && n <= trigger.firstN) return true;
  if (trigger.requests?.includes(n)) return true;
  return trigger.rate !== undefined && draw < trigger.rate;
}
