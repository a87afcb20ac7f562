// Summaries of repeated timings: median and p95 (simple-statistics), rounded for the report.
import { median, quantile } from 'simple-statistics';

export interface Timing {
  runs: number;
  median: number;
  p95: number;
}

const round = (v: number) => Math.round(v * 10) / 10;

export function timing(samples: number[]): Timing {
  return { runs: samples.length, median: round(median(samples)), p95: round(quantile(samples, 0.95)) };
}

/** Runs fn `runs` times after `warm` unmeasured runs; milliseconds per run. */
export async function timeRuns(runs: number, fn: () => Promise<unknown>, warm = 1): Promise<number[]> {
  for (let i = 0; i < warm; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}
