/**
 * The spike test of watchlists and known claims, pure so it can be checked on synthetic series.
 *
 * Counts are posts (new items and new copies of stored ones) per hour. A window (this or the last
 * hour; today or yesterday, local days of KC_TZ) is a spike when
 *   count ≥ minCount  and  P(X ≥ count) < pValue  for X ~ Poisson(λ),
 * λ being the window's baseline from the 14 days before it:
 *   - day:  an EWMA of the 14 daily counts (weight (1-α)^age, newest first), at least floorPerDay;
 *   - hour: the larger of that daily EWMA / 24 (over the 14 × 24 h before the hour) and an EWMA of
 *           the same hour on each of the 14 previous days, so a topic that is always busy at 20:00
 *           is not "spiking" every evening; at least floorPerDay / 24.
 * Each estimate is raised by one standard error (sqrt(λ / effective days)) before the test, because
 * a baseline from ~8 effective days is itself noisy. On quiet synthetic Poisson streams
 * (bench/alerts.bench.ts) this keeps false alarms near or under pValue per window.
 * A partial window (this hour so far, today so far) is compared with a whole window's baseline:
 * it can only fire early, never late, and it fires once (the database keeps one alert per window).
 */
export interface SpikePolicy {
  pValue: number;
  minCount: number;
  baselineDays: number;
  /** EWMA smoothing: the weight of a day `age` days back is (1-α)^age. */
  alpha: number;
  /** Lowest baseline per day: a topic never seen before still needs minCount posts to fire. */
  floorPerDay: number;
  /** Windows are checked only when the database holds this much history before them (a first import is not a spike). */
  minHistoryDays: number;
}

export const DEFAULT_SPIKE_POLICY: SpikePolicy = { pValue: 0.001, minCount: 5, baselineDays: 14, alpha: 0.2, floorPerDay: 0.5, minHistoryDays: 2 };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function logFactorial(k: number): number {
  if (k < 2) return 0;
  if (k < 256) {
    let s = 0;
    for (let i = 2; i <= k; i++) s += Math.log(i);
    return s;
  }
  // Stirling with two correction terms: exact to ~1e-12 relative at k ≥ 256.
  return k * Math.log(k) - k + 0.5 * Math.log(2 * Math.PI * k) + 1 / (12 * k) - 1 / (360 * k ** 3);
}

/** P(X ≥ k) for X ~ Poisson(λ), summed upward from k (accurate in the far tail, where it matters). */
export function poissonUpperTail(k: number, lambda: number): number {
  if (k <= 0) return 1;
  if (lambda <= 0) return 0;
  // Near or below the mean the tail is large: 1 - P(X < k) is accurate there and shorter to sum.
  if (k <= lambda) {
    let term = Math.exp(-lambda);
    let below = term;
    for (let i = 1; i < k; i++) (term *= lambda / i), (below += term);
    return Math.max(0, Math.min(1, 1 - below));
  }
  let term = Math.exp(-lambda + k * Math.log(lambda) - logFactorial(k));
  let sum = 0;
  for (let i = k; term > sum * 1e-15 && i < k + 10_000; i++) (sum += term), (term *= lambda / (i + 1));
  return Math.min(1, sum);
}

/** Weighted mean of `values` (oldest first) with weight (1-α)^age, age 0 = the last value. */
export function ewma(values: number[], alpha: number): number {
  let num = 0;
  let den = 0;
  let w = 1;
  for (let i = values.length - 1; i >= 0; i--) (num += w * values[i]), (den += w), (w *= 1 - alpha);
  return den > 0 ? num / den : 0;
}

export interface SpikeDecision {
  count: number;
  baseline: number;
  p: number;
  fire: boolean;
}

export function decide(count: number, baseline: number, policy: SpikePolicy): SpikeDecision {
  const p = poissonUpperTail(count, baseline);
  return { count, baseline, p, fire: count >= policy.minCount && p < policy.pValue };
}

/**
 * Effective number of days behind an EWMA over `days` values, (Σw)² / Σw²: how many plain days'
 * worth of evidence the baseline rests on (≈ 8.2 for α = 0.2 over 14 days).
 */
export function effectiveDays(days: number, alpha: number): number {
  let s = 0;
  let s2 = 0;
  for (let i = 0, w = 1; i < days; i++, w *= 1 - alpha) (s += w), (s2 += w * w);
  return (s * s) / s2;
}

/**
 * The baseline is itself an estimate from a few days; testing against it as if it were the true
 * rate raises about twice the nominal false alarms. One standard error is added (for a Poisson
 * mean from n days, sqrt(λ / n)), which brings the quiet-stream rate back near pValue.
 */
function upper(lambda: number, n: number): number {
  return lambda + Math.sqrt(lambda / n);
}

/** Baseline of the hour starting at index `h` of an hourly series (needs baselineDays × 24 hours before it). */
export function hourBaseline(hourly: number[], h: number, policy: SpikePolicy): number {
  const days: number[] = [];
  const sameHour: number[] = [];
  for (let d = policy.baselineDays; d >= 1; d--) {
    let s = 0;
    for (let x = h - 24 * d; x < h - 24 * (d - 1); x++) s += hourly[x] ?? 0;
    days.push(s);
    sameHour.push(hourly[h - 24 * d] ?? 0);
  }
  const n = effectiveDays(policy.baselineDays, policy.alpha);
  // The same-hour estimate rests on n hours, the daily one on n × 24.
  return Math.max(policy.floorPerDay / 24, upper(ewma(days, policy.alpha) / 24, n * 24), upper(ewma(sameHour, policy.alpha), n));
}

/** Baseline of the day starting at hour index `h` (aligned on a local midnight). */
export function dayBaseline(hourly: number[], h: number, policy: SpikePolicy): number {
  const days: number[] = [];
  for (let d = policy.baselineDays; d >= 1; d--) {
    let s = 0;
    for (let x = h - 24 * d; x < h - 24 * (d - 1); x++) s += hourly[x] ?? 0;
    days.push(s);
  }
  return Math.max(policy.floorPerDay, upper(ewma(days, policy.alpha), effectiveDays(policy.baselineDays, policy.alpha)));
}

export type SpikeKind = 'spike_hour' | 'spike_day';
export interface SpikeWindow extends SpikeDecision {
  kind: SpikeKind;
  start: Date;
  end: Date;
}

/** The instant local midnight began on the calendar day of `at` in `timeZone`. */
export function localDayStart(at: Date, timeZone: string): Date {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  const offset = asUtc - Math.floor(at.getTime() / 1000) * 1000;
  return new Date(Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day)) - offset);
}

/**
 * Where the hourly series a check needs begins: local midnight of yesterday, minus the baseline
 * days (so yesterday has its full baseline). Hour index 0 of the series is this instant.
 */
export function seriesStart(now: Date, timeZone: string, policy: SpikePolicy = DEFAULT_SPIKE_POLICY): Date {
  return new Date(localDayStart(now, timeZone).getTime() - (policy.baselineDays + 1) * DAY);
}

/**
 * The windows of one check for one subject's hourly series starting at `start`: the last hour and
 * this hour, then yesterday and today. Windows without `minHistoryDays` of data before them are
 * skipped. A day is tested on its posts outside hours that already had an hour alert
 * (`alertedHours`, indexes into the series): a burst already reported is not reported again as a
 * day spike, while a slow rise spread over the day still is.
 */
export function spikeWindows(hourly: number[], start: Date, now: Date, policy: SpikePolicy, historyStart: Date | null, alertedHours: (windows: SpikeWindow[]) => Set<number> = () => new Set()): SpikeWindow[] {
  if (!historyStart) return [];
  const s = start.getTime();
  const hNow = Math.floor((now.getTime() - s) / HOUR);
  const today = (policy.baselineDays + 1) * 24;
  const hours: SpikeWindow[] = [];
  const enough = (from: number) => historyStart.getTime() <= s + from * HOUR - policy.minHistoryDays * DAY;
  for (const h of [hNow - 1, hNow]) {
    if (h < policy.baselineDays * 24 || !enough(h)) continue;
    hours.push({ kind: 'spike_hour', start: new Date(s + h * HOUR), end: new Date(s + (h + 1) * HOUR), ...decide(hourly[h] ?? 0, hourBaseline(hourly, h, policy), policy) });
  }
  const skip = alertedHours(hours);
  const days: SpikeWindow[] = [];
  for (const d of [today - 24, today]) {
    if (!enough(d) || d > hNow) continue;
    let count = 0;
    for (let h = d; h < d + 24; h++) if (!skip.has(h)) count += hourly[h] ?? 0;
    days.push({ kind: 'spike_day', start: new Date(s + d * HOUR), end: new Date(s + (d + 24) * HOUR), ...decide(count, dayBaseline(hourly, d, policy), policy) });
  }
  return [...hours, ...days];
}

/** Index in the series of the hour starting at `at`. */
export const hourIndex = (start: Date, at: Date) => Math.floor((at.getTime() - start.getTime()) / HOUR);
