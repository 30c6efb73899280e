import { describe, expect, it } from 'vitest';
import { parseDate, toRawItem } from '../../src/jobs/import-row.js';

describe('parseDate', () => {
  it.each([
    ['2025-03-01', '2025-02-28T17:00:00.000Z'],
    ['2025-03-01T08:30', '2025-03-01T01:30:00.000Z'],
    ['2025-03-01 08:30:15', '2025-03-01T01:30:15.000Z'],
    ['2025-03-01T08:30:00Z', '2025-03-01T08:30:00.000Z'],
    ['2025-03-01T08:30:00.250+0700', '2025-03-01T01:30:00.250Z'],
    ['2025-03-01T08:30:00-05:00', '2025-03-01T13:30:00.000Z'],
    ['1/3/2025', '2025-02-28T17:00:00.000Z'],
    ['01/03/2025 14:05', '2025-03-01T07:05:00.000Z'],
  ])('%s → %s (Vietnam time when no zone)', (input, iso) => {
    expect(parseDate(input)).toBe(iso);
  });

  it.each(['2025-02-30', '31/04/2025', '2025-13-01', '2025-03-01T24:00', 'hôm qua', '1', '', '2025/03/01', '1740787200'])('rejects %j', (input) => {
    expect(parseDate(input)).toBeNull();
  });
});

describe('toRawItem', () => {
  it('maps fields and treats null and empty optional cells as absent', () => {
    expect(toRawItem({ text: 'x', title: '', url: null, author: 'a', published_at: '2025-03-01', source: 'forum.a', unit: 'u', extra: 1 })).toEqual({
      ok: true,
      item: { text: 'x', title: undefined, url: undefined, author: 'a', publishedAt: '2025-02-28T17:00:00.000Z', source: 'forum.a', unit: 'u' },
    });
  });

  it('names every bad field', () => {
    const r = toRawItem({ text: '   ', title: 5, source: 'has space' });
    expect(r).toEqual({ ok: false, error: 'text: is blank; title: must be a string; source: must be a short id (letters, digits, . _ : -)' });
  });
});
