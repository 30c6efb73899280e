import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { addWorkingDays, deadlineMark, lastLocalDay, localDate, requestDeadlines } from '../../src/privacy/request-deadlines.js';

const TZ = 'Asia/Ho_Chi_Minh'; // UTC+7, no DST

describe('request deadlines (Decree 356/2025: 2 working days to acknowledge, 20 days to act)', () => {
  it('counts working days Monday to Friday, the day of receipt excluded', () => {
    expect(addWorkingDays('2026-11-25', 2)).toBe('2026-11-27'); // Wed → Fri
    expect(addWorkingDays('2026-11-27', 2)).toBe('2026-12-01'); // Fri → Tue
    expect(addWorkingDays('2026-11-28', 2)).toBe('2026-12-01'); // Sat → Tue
    expect(addWorkingDays('2026-11-29', 1)).toBe('2026-11-30'); // Sun → Mon
  });

  it('skips the fixed public holidays and the installation\'s list (KC_HOLIDAYS)', () => {
    expect(addWorkingDays('2026-04-29', 2)).toBe('2026-05-05'); // Wed → (30/4, 1/5 off, weekend) → Mon, Tue
    expect(addWorkingDays('2026-09-01', 1)).toBe('2026-09-03'); // 2/9 is National Day
    const tet = loadConfig({ KC_HOLIDAYS: '2027-02-08, 2027-02-09,2027-02-10' }).holidays;
    expect(tet).toEqual(['2027-02-08', '2027-02-09', '2027-02-10']);
    expect(addWorkingDays('2027-02-05', 2, tet)).toBe('2027-02-12'); // Fri → Mon–Wed off → Thu, Fri
    expect(requestDeadlines(new Date('2027-02-05T03:00:00Z'), TZ, tet).ackDueAt).toBe('2027-02-12T17:00:00.000Z');
    expect(() => loadConfig({ KC_HOLIDAYS: '2027-02-30' })).toThrow(/KC_HOLIDAYS: list dates as YYYY-MM-DD/);
    expect(() => loadConfig({ KC_HOLIDAYS: '8/2/2027' })).toThrow(/KC_HOLIDAYS/);
  });

  it('ends each deadline at local midnight in KC_TZ', () => {
    // Friday 10:00 in Hà Nội: acknowledge by the end of Tuesday, act by the end of 17 December.
    expect(requestDeadlines(new Date('2026-11-27T03:00:00Z'), TZ)).toEqual({ ackDueAt: '2026-12-01T17:00:00.000Z', dueAt: '2026-12-17T17:00:00.000Z' });
    // Friday 18:00 UTC is already Saturday 01:00 in Hà Nội.
    expect(localDate(new Date('2026-11-27T18:00:00Z'), TZ)).toBe('2026-11-28');
    expect(requestDeadlines(new Date('2026-11-27T18:00:00Z'), TZ).dueAt).toBe('2026-12-18T17:00:00.000Z');
    // The same instant in UTC is still Friday.
    expect(requestDeadlines(new Date('2026-11-27T18:00:00Z'), 'UTC').ackDueAt).toBe('2026-12-02T00:00:00.000Z');
  });

  it('shows a deadline as its last local day (received Wednesday → acknowledge by Friday)', () => {
    const d = requestDeadlines(new Date('2026-11-25T03:00:00Z'), 'Asia/Ho_Chi_Minh');
    expect(lastLocalDay(d.ackDueAt, 'Asia/Ho_Chi_Minh')).toBe('2026-11-27');
    expect(lastLocalDay(d.dueAt, 'Asia/Ho_Chi_Minh')).toBe('2026-12-15');
  });

  it('marks done, ok, due soon and overdue', () => {
    const due = '2026-12-17T17:00:00.000Z';
    expect(deadlineMark(due, null, new Date('2026-12-01T00:00:00Z'))).toBe('ok');
    expect(deadlineMark(due, null, new Date('2026-12-15T00:00:00Z'))).toBe('due_soon');
    expect(deadlineMark(due, null, new Date('2026-12-17T17:00:00Z'))).toBe('overdue');
    expect(deadlineMark(due, '2026-12-20T00:00:00Z', new Date('2026-12-21T00:00:00Z'))).toBe('done');
  });
});
