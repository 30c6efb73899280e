import { describe, expect, it } from 'vitest';
import { analyze, normalizeText } from '../../src/text/index.js';

// Canonical form is the CLASSIC placement (hòa, khỏe, thủy): see src/text/tone-placement.ts.
const NEW_TO_CLASSIC: [string, string][] = [
  ['hoà', 'hòa'], ['hoá', 'hóa'], ['hoả', 'hỏa'], ['hoã', 'hõa'], ['hoạ', 'họa'],
  ['toà', 'tòa'], ['khoá', 'khóa'], ['loà', 'lòa'], ['xoá', 'xóa'], ['thoả', 'thỏa'],
  ['khoẻ', 'khỏe'], ['loè', 'lòe'], ['xoè', 'xòe'], ['hoè', 'hòe'],
  ['thuỷ', 'thủy'], ['tuỳ', 'tùy'], ['huỷ', 'hủy'], ['luỹ', 'lũy'], ['thuý', 'thúy'], ['uỷ', 'ủy'], ['uý', 'úy'],
  ['oà', 'òa'], ['oẹ', 'ọe'],
];

// Words where both styles agree; the canonical form must leave them alone.
const STABLE = [
  'quá', 'quà', 'quả', 'quý', 'quỳnh', 'quyển', 'quyết', 'quốc', 'quẩy', 'quạ',
  'giữ', 'già', 'giá', 'gì', 'gìn', 'giếng', 'giường', 'giúp', 'giặt',
  'thuở', 'huơ', 'khuỷu', 'nguyễn', 'chuyện', 'khuyến', 'người', 'được', 'rượu', 'hưởng',
  'hoàng', 'hoạch', 'toán', 'huỳnh', 'khuých', 'xoáy', 'ngoài', 'khoái', 'ngoẹo',
  'mía', 'múa', 'cứu', 'mưa', 'cửa', 'nghĩa', 'kỹ', 'ý', 'yêu', 'yến', 'tiền', 'điều', 'muối',
  'khuấy', 'tuần', 'thuế', 'huệ', 'hoặc', 'xoong', 'moóc',
];

describe('tone placement', () => {
  it.each(NEW_TO_CLASSIC)('%s → %s, in any case and normal form', (input, classic) => {
    expect(normalizeText(input)).toBe(classic);
    expect(normalizeText(input.normalize('NFD'))).toBe(classic);
    expect(normalizeText(input.toUpperCase())).toBe(classic.toUpperCase());
    const cap = input[0].toUpperCase() + input.slice(1);
    expect(normalizeText(cap)).toBe(classic[0].toUpperCase() + classic.slice(1));
    expect(analyze(input).tokens[0].norm).toBe(classic);
    expect(normalizeText(classic)).toBe(classic);
  });

  it.each(STABLE)('%s stays as written', (w) => {
    expect(normalizeText(w)).toBe(w);
    expect(normalizeText(w.normalize('NFD'))).toBe(w);
    expect(normalizeText(w.toUpperCase())).toBe(w.toUpperCase());
  });

  it('fixes marks typed on the wrong vowel', () => {
    expect(normalizeText('ngừơi đựơc rựơu thủơ khủyu qùa gìa')).toBe('người được rượu thuở khuỷu quà già');
  });

  it('leaves words it cannot parse as one Vietnamese syllable', () => {
    for (const w of ['café', 'résumé', 'Hà-Nội', 'naïve', 'hóà', 'ÀBC', 'ṕ']) expect(normalizeText(w)).toBe(w.normalize('NFC'));
  });
});
