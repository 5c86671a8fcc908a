/** Timing helpers: warm-up runs, then the median of N measured runs. */
import { performance } from 'node:perf_hooks';

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export interface Timing {
  medianMs: number;
  minMs: number;
  maxMs: number;
  runs: number;
}

export function summarize(samples: readonly number[]): Timing {
  return { medianMs: median(samples), minMs: Math.min(...samples), maxMs: Math.max(...samples), runs: samples.length };
}

/** Runs `work(i)` for `warmup` unmeasured and `runs` measured iterations (i counts across both). */
export async function measure(warmup: number, runs: number, work: (i: number) => unknown): Promise<Timing> {
  const samples: number[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    const start = performance.now();
    await work(i);
    const elapsed = performance.now() - start;
    if (i >= warmup) samples.push(elapsed);
  }
  return summarize(samples);
}
