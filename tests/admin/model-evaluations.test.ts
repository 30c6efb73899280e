import { describe, expect, it } from 'vitest';
import { splitByDecisionTime } from '../../src/admin/model-evaluations.js';

const at = (day: number) => `2026-11-${String(day).padStart(2, '0')}T08:00:00.000Z`;

describe('time split of reviewers\' verdicts', () => {
  it('needs at least 20 verdicts', () => {
    expect(splitByDecisionTime(Array.from({ length: 19 }, (_, i) => ({ decidedAt: at(i + 1) })))).toBeNull();
    expect(splitByDecisionTime(Array.from({ length: 20 }, (_, i) => ({ decidedAt: at(i + 1) })))?.newest).toHaveLength(4);
  });

  it('orders by decision time whatever the input order and keeps the newest fifth, rounded up', () => {
    // 23 verdicts on days 1..23, given newest first: the newest fifth is ceil(23/5) = 5, days 19..23.
    const rows = Array.from({ length: 23 }, (_, i) => ({ decidedAt: at(23 - i), n: 23 - i }));
    const s = splitByDecisionTime(rows)!;
    expect(s.newest.map((r) => r.n)).toEqual([19, 20, 21, 22, 23]);
    expect(s.older.map((r) => r.n)).toEqual(Array.from({ length: 18 }, (_, i) => i + 1));
  });

  it('keeps the given order for verdicts decided at the same time', () => {
    const rows = Array.from({ length: 20 }, (_, i) => ({ decidedAt: at(1), n: i }));
    expect(splitByDecisionTime(rows)!.newest.map((r) => r.n)).toEqual([16, 17, 18, 19]);
  });
});
