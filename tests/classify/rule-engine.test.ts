import { describe, expect, it } from 'vitest';
import { streamOf } from '../../src/classify/token-stream.js';
import { engineOf, spanTexts } from './helpers.js';

const PACK = `
label: grievance
sets:
  pay: [lương, tiền lương, tiền tăng ca]
  late: [chậm, trễ, chưa trả]
rules:
  - id: g.any
    description: explicit wording
    weight: 0.6
    any: [nợ lương, quỵt lương]
    examples: { match: [công ty nợ lương] }
  - id: g.all
    description: every entry
    weight: 0.5
    all: [bảo hiểm, [chưa đóng, không đóng]]
    examples: { match: [bảo hiểm chưa đóng] }
  - id: g.none
    description: blocked by none
    weight: 0.4
    any: [tăng ca]
    none: [tuyển dụng]
    examples: { match: [ép tăng ca] }
  - id: g.near
    description: pay next to a delay
    weight: 0.45
    near:
      - { a: "@pay", b: "@late", within: 3 }
    examples: { match: [lương chậm] }
  - id: g.ordered
    description: a before b only
    weight: 0.3
    near:
      - { a: tổ trưởng, b: chửi, within: 2, ordered: true }
    examples: { match: [tổ trưởng chửi] }
guards:
  - id: g.guard
    description: job ads
    weight: 0.7
    any: [tuyển dụng]
    examples: { match: [tuyển dụng gấp] }
`;

const engine = engineOf(PACK);
const fired = (text: string, title?: string) => {
  const r = engine.evaluate(streamOf({ text, title }));
  return { rules: r.rules.map((f) => f.rule.id), guards: r.guards.map((f) => f.rule.id), firings: [...r.rules, ...r.guards] };
};

describe('rule engine conditions', () => {
  it('any: one phrase of the list is enough', () => {
    expect(fired('Cty quỵt lương 2 tháng').rules).toContain('g.any');
    expect(fired('Công ty trả lương đúng hạn').rules).not.toContain('g.any');
  });

  it('all: every entry must match; an entry may list alternatives', () => {
    expect(fired('Bảo hiểm xã hội công ty không đóng cho em').rules).toContain('g.all');
    expect(fired('Bảo hiểm xã hội đầy đủ').rules).not.toContain('g.all');
    expect(fired('Công ty chưa đóng tiền điện').rules).not.toContain('g.all');
  });

  it('none: a listed phrase anywhere blocks the rule', () => {
    expect(fired('Bị ép tăng ca đến 10 giờ đêm').rules).toContain('g.none');
    expect(fired('Tuyển dụng công nhân, tăng ca nhiều').rules).not.toContain('g.none');
  });

  it('near: phrases of two sets within N syllables, in either order unless ordered', () => {
    expect(fired('Tiền tăng ca tháng này chưa trả').rules).toContain('g.near'); // gap 2
    expect(fired('Chậm mấy hôm rồi lương').rules).toContain('g.near'); // reversed, gap 3
    expect(fired('Tiền lương của tôi tháng trước vẫn bị chậm').rules).not.toContain('g.near'); // gap 6
    expect(fired('tổ trưởng hay chửi').rules).toContain('g.ordered');
    expect(fired('chửi tổ trưởng').rules).not.toContain('g.ordered');
  });

  it('phrases never cross a sentence boundary', () => {
    expect(fired('Công ty nợ. Lương thì vẫn trả').rules).not.toContain('g.any');
    expect(fired('Công ty nợ lương.').rules).toContain('g.any');
  });

  it('guards fire like rules and are reported separately', () => {
    const r = fired('Tuyển dụng gấp 20 công nhân');
    expect(r.guards).toEqual(['g.guard']);
    expect(r.rules).toEqual([]);
  });
});

describe('matching is case and diacritic insensitive, with accents respected when typed', () => {
  it('matches no-diacritic, upper-case and teencode spellings', () => {
    expect(fired('cong ty no luong 3 thang roi').rules).toContain('g.any');
    expect(fired('CÔNG TY NỢ LƯƠNG').rules).toContain('g.any');
    expect(fired('cty ko trả tiền tăng ca, bảo hiểm ko đóng').rules).toContain('g.all');
  });

  it('matches text written in decomposed Unicode (NFD)', () => {
    const nfd = 'Công ty nợ lương công nhân'.normalize('NFD');
    const r = fired(nfd);
    expect(r.rules).toContain('g.any');
    const span = r.firings.find((f) => f.rule.id === 'g.any')!.spans[0];
    expect(nfd.slice(span.start, span.end).normalize('NFC')).toBe('nợ lương');
  });

  it('does not take a differently accented word for the phrase ("đọc lập" is not "độc lập")', () => {
    const e = engineOf(`
label: union_org
rules:
  - id: u.ind
    description: independent union
    weight: 0.5
    any: [công đoàn độc lập]
    examples: { match: [công đoàn độc lập] }
`);
    const ids = (t: string) => e.evaluate(streamOf({ text: t })).rules.map((f) => f.rule.id);
    expect(ids('Hãy lập công đoàn độc lập')).toEqual(['u.ind']);
    expect(ids('hay lap cong doan doc lap')).toEqual(['u.ind']);
    expect(ids('Công đoàn đọc lập trình cho công nhân')).toEqual([]);
  });

  it('in a text typed with accents, a plain syllable is taken at its word ("dung dịch" is not "đừng")', () => {
    const e = engineOf(`
label: covid_false
rules:
  - id: c.dont
    description: do not
    weight: 0.5
    near: [{ a: đừng, b: khẩu trang, within: 3 }]
    examples: { match: [đừng đeo khẩu trang] }
`);
    const ids = (t: string) => e.evaluate(streamOf({ text: t })).rules.map((f) => f.rule.id);
    expect(ids('Rửa tay bằng dung dịch, đeo khẩu trang nơi đông người')).toEqual([]);
    expect(ids('dung deo khau trang nua')).toEqual(['c.dont']);
  });
});

describe('spans point into the original text', () => {
  it('maps matches back to original offsets, title and text separately', () => {
    const text = 'Anh em ơi, CÔNG TY  nợ   lương 2 tháng!';
    const title = 'Bị quỵt lương';
    const r = fired(text, title);
    const any = r.firings.find((f) => f.rule.id === 'g.any')!;
    const inText = any.spans.filter((s) => s.field === 'text');
    const inTitle = any.spans.filter((s) => s.field === 'title');
    expect(spanTexts(text, inText)).toEqual(['nợ   lương']);
    expect(spanTexts(title, inTitle)).toEqual(['quỵt lương']);
  });

  it('maps no-diacritic and teencode matches to the characters typed', () => {
    const text = 'cty e ko tra tien tang ca, bhxh ko dong';
    const r = fired(text);
    const all = r.firings.find((f) => f.rule.id === 'g.all')!;
    expect(spanTexts(text, all.spans)).toEqual(['bhxh', 'ko dong']);
  });
});
