import { describe, expect, it } from 'vitest';
import { dayBaseline, DEFAULT_SPIKE_POLICY, effectiveDays, ewma, hourBaseline, localDayStart, poissonUpperTail, seriesStart, spikeWindows } from '../../src/alerts/spike-test.js';
import { falseAlarms, quietSeries, rng } from '../../bench/alert-data.js';

const policy = DEFAULT_SPIKE_POLICY;
const HOUR = 3_600_000;

describe('Poisson upper tail and EWMA', () => {
  it('matches closed forms and known values', () => {
    expect(poissonUpperTail(0, 3)).toBe(1);
    expect(poissonUpperTail(1, 0.7)).toBeCloseTo(1 - Math.exp(-0.7), 12);
    // P(X ≥ 5 | λ = 1) = 1 - e^-1 (1 + 1 + 1/2 + 1/6 + 1/24)
    expect(poissonUpperTail(5, 1)).toBeCloseTo(1 - Math.exp(-1) * (1 + 1 + 0.5 + 1 / 6 + 1 / 24), 12);
    // P(X ≤ 100) = 0.5266 and P(X = 100) = 0.0399, so P(X ≥ 100) = 1 - 0.5266 + 0.0399.
    expect(poissonUpperTail(100, 100)).toBeCloseTo(0.5133, 3);
    expect(poissonUpperTail(40, 2)).toBeGreaterThan(0);
    expect(poissonUpperTail(40, 2)).toBeLessThan(1e-30);
    expect(poissonUpperTail(3, 0)).toBe(0);
  });
  it('EWMA weighs recent days more; effective days of the default policy', () => {
    expect(ewma([1, 1, 1], 0.2)).toBeCloseTo(1, 12);
    expect(ewma([0, 0, 10], 0.5)).toBeGreaterThan(ewma([10, 0, 0], 0.5));
    expect(effectiveDays(14, 0.2)).toBeGreaterThan(7);
    expect(effectiveDays(14, 0.2)).toBeLessThan(9);
  });
  it('baselines have a floor, so a brand-new topic needs minCount posts', () => {
    const zeros = new Array(24 * 16).fill(0);
    expect(hourBaseline(zeros, 24 * 15, policy)).toBeCloseTo(policy.floorPerDay / 24, 12);
    expect(dayBaseline(zeros, 24 * 15, policy)).toBe(policy.floorPerDay);
  });
});

describe('windows', () => {
  it('local midnight in Asia/Ho_Chi_Minh is 17:00 UTC the day before', () => {
    expect(localDayStart(new Date('2026-11-20T03:00:00Z'), 'Asia/Ho_Chi_Minh').toISOString()).toBe('2026-11-19T17:00:00.000Z');
    expect(localDayStart(new Date('2026-11-20T18:00:00Z'), 'Asia/Ho_Chi_Minh').toISOString()).toBe('2026-11-20T17:00:00.000Z');
    expect(seriesStart(new Date('2026-11-20T03:00:00Z'), 'Asia/Ho_Chi_Minh').toISOString()).toBe('2026-11-04T17:00:00.000Z');
  });

  const now = new Date('2026-11-20T08:30:00Z'); // 15:30 local
  const start = seriesStart(now, 'Asia/Ho_Chi_Minh');
  const hours = Math.ceil((now.getTime() - start.getTime()) / HOUR);
  const history = new Date(start.getTime() - 86_400_000);
  const quiet = () => quietSeries(hours, 2, rng(42));

  it('a quiet stream fires nothing; four windows are checked', () => {
    const w = spikeWindows(quiet(), start, now, policy, history);
    expect(w.map((x) => x.kind)).toEqual(['spike_hour', 'spike_hour', 'spike_day', 'spike_day']);
    expect(w.filter((x) => x.fire)).toEqual([]);
  });

  it('a burst in this hour fires the hour window only (the day is judged without the reported hour)', () => {
    const s = quiet();
    s[hours - 1] += 25;
    const fired = spikeWindows(s, start, now, policy, history, (hs) => new Set(hs.filter((x) => x.fire).map((x) => Math.floor((x.start.getTime() - start.getTime()) / HOUR)))).filter((x) => x.fire);
    expect(fired.map((x) => [x.kind, x.start.toISOString()])).toEqual([['spike_hour', '2026-11-20T08:00:00.000Z']]);
    expect(fired[0].count).toBe(s[hours - 1]);
    expect(fired[0].p).toBeLessThan(1e-6);
  });

  it('a slow rise over the whole day fires the day window and no hour', () => {
    const s = quiet();
    const today = 15 * 24;
    for (let h = today; h < hours; h++) s[h] += 4; // three times the usual rate, evenly
    const fired = spikeWindows(s, start, now, policy, history).filter((x) => x.fire);
    expect(fired.map((x) => x.kind)).toEqual(['spike_day']);
    expect(fired[0].start.toISOString()).toBe('2026-11-19T17:00:00.000Z');
  });

  it('no window is checked without two days of history before it (a first import is not a spike)', () => {
    const s = quiet();
    s[hours - 1] += 50;
    expect(spikeWindows(s, start, now, policy, new Date(now.getTime() - 3_600_000))).toEqual([]);
    expect(spikeWindows(s, start, now, policy, null)).toEqual([]);
  });
});

describe('false alarms on a quiet 30-day stream', () => {
  it('stay near pValue per window (200 subjects × 30 days at 2 posts/hour)', () => {
    let hour = 0;
    let day = 0;
    for (let i = 0; i < 200; i++) {
      const r = falseAlarms(quietSeries((policy.baselineDays + 30) * 24, 2, rng(9_000 + i), 0.8), 30, policy);
      hour += r.hourAlerts;
      day += r.dayAlerts;
    }
    // 144,000 hour windows and 6,000 day windows: at p < 0.001 about 144 and 6 would be expected at most.
    expect(hour / 144_000).toBeLessThan(0.001);
    expect(day / 6_000).toBeLessThan(0.002);
  });
});
