import { describe, expect, it } from 'vitest';
import { localeFormat } from '../../src/text/locale-format.js';

// 07:05 UTC on 20/11/2026: 14:05 in Hà Nội, 02:05 in New York, 16:05 in Tokyo.
const AT = '2026-11-20T07:05:00.000Z';

describe('localeFormat', () => {
  it('writes Vietnamese numbers with a decimal comma and dot-grouped thousands', () => {
    const f = localeFormat('vi', 'Asia/Ho_Chi_Minh');
    expect(f.number(0.98, 2)).toBe('0,98');
    expect(f.number(1234)).toBe('1.234');
    expect(f.number(1234567.891, 1)).toBe('1.234.567,9');
    expect(f.percent(0.98)).toBe('98%');
    expect(f.number(null)).toBe('—');
    expect(f.number(Number.NaN, 2)).toBe('—');
  });

  it('writes English numbers the English way', () => {
    const f = localeFormat('en', 'Asia/Ho_Chi_Minh');
    expect(f.number(0.98, 2)).toBe('0.98');
    expect(f.number(1234)).toBe('1,234');
    expect(f.percent(0.5)).toBe('50%');
  });

  it('shows an instant as dd/mm/yyyy HH:mm in the configured zone, never UTC', () => {
    expect(localeFormat('vi', 'Asia/Ho_Chi_Minh').dateTime(AT)).toBe('20/11/2026 14:05');
    expect(localeFormat('vi', 'Asia/Tokyo').dateTime(AT)).toBe('20/11/2026 16:05');
    // Across midnight the local day is the one shown.
    expect(localeFormat('vi', 'America/New_York').dateTime('2026-11-20T03:30:00Z')).toBe('19/11/2026 22:30');
    expect(localeFormat('vi', 'America/New_York').date('2026-11-20T03:30:00Z')).toBe('19/11/2026');
  });

  it('shows an instant in English formats for an English reader', () => {
    expect(localeFormat('en', 'Asia/Tokyo').dateTime(AT)).toBe('20 Nov 2026, 16:05');
    expect(localeFormat('en', 'Asia/Tokyo').date(AT)).toBe('20 Nov 2026');
  });

  it('keeps a calendar day on its day whatever the zone', () => {
    expect(localeFormat('vi', 'Pacific/Kiritimati').day('2026-11-16')).toBe('16/11/2026');
    expect(localeFormat('en', 'Pacific/Pago_Pago').day('2026-11-16')).toBe('16 Nov 2026');
    expect(localeFormat('vi', 'UTC').day('not a day')).toBe('not a day');
  });

  it('says how long ago in the reader’s language', () => {
    const now = new Date('2026-11-23T07:05:00Z');
    expect(localeFormat('vi', 'UTC').age(AT, now)).toBe('3 ngày trước');
    expect(localeFormat('en', 'UTC').age(AT, now)).toBe('3 days ago');
  });

  it('leaves an unreadable instant as it is and an empty one empty', () => {
    const f = localeFormat('vi', 'UTC');
    expect(f.dateTime('hôm qua')).toBe('hôm qua');
    expect(f.dateTime(null)).toBe('');
  });
});
