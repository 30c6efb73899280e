// Synthetic hourly streams for the spike test (src/alerts/spike-test.ts): a seeded Poisson
// generator and the false-alarm count of a quiet stream. Used by bench/alerts.bench.ts and
// tests/alerts/spike-test.test.ts.
import { dayBaseline, decide, hourBaseline, type SpikePolicy } from '../src/alerts/spike-test.js';

/** mulberry32: small, fast, seeded. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One Poisson draw (Knuth for small λ, a normal approximation above 30). */
export function poisson(lambda: number, rand: () => number): number {
  if (lambda > 30) {
    const u = Math.max(rand(), 1e-12);
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
    return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * z));
  }
  const l = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= rand();
  } while (p > l);
  return k - 1;
}

/** Hourly counts of a quiet stream: `perHour` on average, optionally with a day/night cycle (±amplitude). */
export function quietSeries(hours: number, perHour: number, rand: () => number, diurnal = 0): number[] {
  return Array.from({ length: hours }, (_, h) => poisson(perHour * (1 + diurnal * Math.sin((2 * Math.PI * (h % 24)) / 24)), rand));
}

/**
 * Alerts the test raises on `days` days of a series (after `policy.baselineDays` of warm-up), each
 * hour and each day judged on its final count, as the job would see it at the window's end.
 */
export function falseAlarms(series: number[], days: number, policy: SpikePolicy): { hourAlerts: number; dayAlerts: number; hourWindows: number; dayWindows: number } {
  const first = policy.baselineDays * 24;
  let hourAlerts = 0;
  let dayAlerts = 0;
  for (let d = 0; d < days; d++) {
    const start = first + d * 24;
    const alerted = new Set<number>();
    for (let h = start; h < start + 24; h++) if (decide(series[h], hourBaseline(series, h, policy), policy).fire) (hourAlerts++, alerted.add(h));
    let count = 0;
    for (let h = start; h < start + 24; h++) if (!alerted.has(h)) count += series[h];
    if (decide(count, dayBaseline(series, start, policy), policy).fire) dayAlerts++;
  }
  return { hourAlerts, dayAlerts, hourWindows: days * 24, dayWindows: days };
}
