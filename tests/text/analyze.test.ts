import { describe, expect, it } from 'vitest';
import { analyze, ngrams } from '../../src/text/index.js';

describe('analyze tokens', () => {
  it('keeps offsets into the original even for NFD input and lookalikes', () => {
    const s = 'Ho\u0300a \u00d0o\u0300n c\u200bông';
    const a = analyze(s);
    expect(a.tokens.map((t) => t.norm)).toEqual(['hòa', 'đòn', 'công']);
    expect(a.tokens.map((t) => s.slice(t.start, t.end))).toEqual(['Ho\u0300a', '\u00d0o\u0300n', 'c\u200bông']);
  });

  it('gives expanded tokens the span of the source token', () => {
    const s = 'NLĐ ko đc nghỉ';
    const a = analyze(s);
    expect(a.tokens.map((t) => [t.norm, t.fold, s.slice(t.start, t.end)])).toEqual([
      ['người', 'nguoi', 'NLĐ'],
      ['lao', 'lao', 'NLĐ'],
      ['động', 'dong', 'NLĐ'],
      ['không', 'khong', 'ko'],
      ['được', 'duoc', 'đc'],
      ['nghỉ', 'nghi', 'nghỉ'],
    ]);
  });

  it('splits on punctuation and emoji, keeps digits', () => {
    const a = analyze('F0 tăng!!!😡covid-19…(thật?)');
    expect(a.tokens.map((t) => t.norm)).toEqual(['f0', 'tăng', 'covid', '19', 'thật']);
  });

  it('returns nothing for empty and symbol-only text', () => {
    expect(analyze('')).toEqual({ original: '', normalized: '', folded: '', tokens: [], entities: [] });
    expect(analyze(' 😀 !!! ').tokens).toEqual([]);
  });
});

describe('analyze entities', () => {
  const cases: [string, { type: string; text: string; value: string }[]][] = [
    [
      'Xem https://vnexpress.net/cong-doan-123.html, hoặc www.baomoi.com.',
      [
        { type: 'url', text: 'https://vnexpress.net/cong-doan-123.html', value: 'https://vnexpress.net/cong-doan-123.html' },
        { type: 'url', text: 'www.baomoi.com', value: 'www.baomoi.com' },
      ],
    ],
    ['Tra cứu tại baohiemxahoi.gov.vn/tra-cuu nhé', [{ type: 'url', text: 'baohiemxahoi.gov.vn/tra-cuu', value: 'baohiemxahoi.gov.vn/tra-cuu' }]],
    ['Gửi về Hotro@CongDoan.vn.', [{ type: 'email', text: 'Hotro@CongDoan.vn', value: 'hotro@congdoan.vn' }]],
    ['Gọi 0912 345 678 ngay', [{ type: 'phone', text: '0912 345 678', value: '0912345678' }]],
    ['SĐT: 0912.345.678; zalo 098-765-4321', [
      { type: 'phone', text: '0912.345.678', value: '0912345678' },
      { type: 'phone', text: '098-765-4321', value: '0987654321' },
    ]],
    ['LH +84 912345678 hoặc (+84) 387 654 321', [
      { type: 'phone', text: '+84 912345678', value: '0912345678' },
      { type: 'phone', text: '(+84) 387 654 321', value: '0387654321' },
    ]],
    ['Đường dây nóng 1900 1234 và 1800 588 822', [
      { type: 'phone', text: '1900 1234', value: '19001234' },
      { type: 'phone', text: '1800 588 822', value: '1800588822' },
    ]],
    ['Cơ quan (024) 3823 1234', [{ type: 'phone', text: '(024) 3823 1234', value: '02438231234' }]],
    ['cảm ơn @nguyen.van.a và @Hoà_Bình.', [
      { type: 'mention', text: '@nguyen.van.a', value: '@nguyen.van.a' },
      { type: 'mention', text: '@Hoà_Bình', value: '@Hoà_Bình' },
    ]],
    [
      '(xem https://vi.wikipedia.org/wiki/Công_đoàn_(Việt_Nam)). Hoặc (https://x.vn)!',
      [
        { type: 'url', text: 'https://vi.wikipedia.org/wiki/Công_đoàn_(Việt_Nam)', value: 'https://vi.wikipedia.org/wiki/Công_đoàn_(Việt_Nam)' },
        { type: 'url', text: 'https://x.vn', value: 'https://x.vn' },
      ],
    ],
    ['TP.HCM, v.v... không phải tên miền; Facebook.com/groups/abc thì phải', [
      { type: 'url', text: 'Facebook.com/groups/abc', value: 'Facebook.com/groups/abc' },
    ]],
    ['số 0912345678 9 người', [{ type: 'phone', text: '0912345678', value: '0912345678' }]],
    // not phones: money, years, too short, ids
    ['lương 4.500.000 đồng năm 2021, mã 123456789, ngày 03.05.2021, CCCD 001090012345', []],
  ];
  it.each(cases)('%s', (s, expected) => {
    const a = analyze(s);
    expect(a.entities.map((e) => ({ type: e.type, text: s.slice(e.start, e.end), value: e.value }))).toEqual(expected);
    for (const e of a.entities) {
      for (const t of a.tokens) expect(t.end <= e.start || t.start >= e.end).toBe(true);
    }
  });

  it('finds entities at the right offsets in NFD text', () => {
    const s = 'Ngu\u031bo\u031b\u0300i dân gọi 0912345678 hoặc ghé https://x.vn';
    const a = analyze(s);
    expect(a.entities.map((e) => s.slice(e.start, e.end))).toEqual(['0912345678', 'https://x.vn']);
    expect(a.tokens[0].norm).toBe('người');
  });
});

describe('ngrams', () => {
  it('makes contiguous n-grams', () => {
    const words = ['công', 'đoàn', 'độc', 'lập'];
    expect(ngrams(words, 1)).toEqual(words);
    expect(ngrams(words, 2)).toEqual(['công đoàn', 'đoàn độc', 'độc lập']);
    expect(ngrams(words, 4)).toEqual(['công đoàn độc lập']);
    expect(ngrams(words, 5)).toEqual([]);
    expect(ngrams(words, 0)).toEqual([]);
    expect(ngrams([], 2)).toEqual([]);
  });

  it('works on analyzed folds', () => {
    const folds = analyze('Công đoàn ĐỘC LẬP!').tokens.map((t) => t.fold);
    expect(ngrams(folds, 3)).toEqual(['cong doan doc', 'doan doc lap']);
  });
});
