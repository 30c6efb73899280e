import { describe, expect, it } from 'vitest';
import { isoWeek, parseIsoWeek, previousWeek, shiftWeek, weekContaining, weeksInYear } from '../../src/digest/iso-week.js';

const TZ = 'Asia/Ho_Chi_Minh';

describe('ISO weeks in Asia/Ho_Chi_Minh', () => {
  it('maps 2026-W47 to Monday 16 to Sunday 22 November, local midnight (UTC+7)', () => {
    const w = parseIsoWeek('2026-W47', TZ);
    expect(w).toMatchObject({ year: 2026, week: 47, label: '2026-W47', firstDay: '2026-11-16', lastDay: '2026-11-22' });
    expect(w.start).toBe('2026-11-15T17:00:00.000Z');
    expect(w.end).toBe('2026-11-22T17:00:00.000Z');
  });

  it('handles years whose week 1 starts in December and 53-week years', () => {
    expect(parseIsoWeek('2026-W01', TZ).firstDay).toBe('2025-12-29');
    expect(weeksInYear(2026)).toBe(53);
    expect(weeksInYear(2025)).toBe(52);
    expect(parseIsoWeek('2026-W53', TZ).lastDay).toBe('2027-01-03');
    expect(() => parseIsoWeek('2025-W53', TZ)).toThrow(/2025 has weeks 01 to 52/);
    expect(() => parseIsoWeek('2026-47', TZ)).toThrow(/expected YYYY-Www/);
  });

  it('finds the week of an instant as seen locally, not in UTC', () => {
    // Sunday 22 Nov 2026 23:30 local is 16:30 UTC: still W47. Monday 00:30 local is W48.
    expect(weekContaining(new Date('2026-11-22T16:30:00Z'), TZ).label).toBe('2026-W47');
    expect(weekContaining(new Date('2026-11-22T17:30:00Z'), TZ).label).toBe('2026-W48');
    expect(weekContaining(new Date('2026-11-22T17:30:00Z'), 'UTC').label).toBe('2026-W47');
    expect(weekContaining(new Date('2021-01-03T12:00:00Z'), TZ).label).toBe('2020-W53');
  });

  it('shifts across year boundaries and names the last complete week', () => {
    const w = isoWeek(2026, 2, TZ);
    expect(shiftWeek(w, -2).label).toBe('2025-W52');
    expect(shiftWeek(isoWeek(2026, 52, TZ), 1).label).toBe('2026-W53');
    expect(shiftWeek(isoWeek(2026, 53, TZ), 1).label).toBe('2027-W01');
    // Monday 23 Nov 2026, 07:00 local: the digest covers W47.
    expect(previousWeek(new Date('2026-11-23T00:00:00Z'), TZ).label).toBe('2026-W47');
  });

  it('consecutive weeks tile time without gaps or overlaps', () => {
    let w = isoWeek(2025, 40, TZ);
    for (let i = 0; i < 70; i++) {
      const next = shiftWeek(w, 1);
      expect(next.start).toBe(w.end);
      expect(Date.parse(w.end) - Date.parse(w.start)).toBe(7 * 86_400_000);
      w = next;
    }
  });

  it('uses the zone rules of DST zones too (week of the EU clock change has 169 hours)', () => {
    const w = parseIsoWeek('2026-W13', 'Europe/Paris'); // 29 March 2026: clocks go forward
    expect(w.start).toBe('2026-03-22T23:00:00.000Z');
    expect(w.end).toBe('2026-03-29T22:00:00.000Z');
  });
});
