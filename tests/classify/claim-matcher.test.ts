import { describe, expect, it } from 'vitest';
import { ClaimMatcher } from '../../src/classify/claim-matcher.js';

const claims = [
  { id: 'salt-water', texts: ['Súc miệng nước muối diệt virus corona và chữa khỏi COVID-19', 'Nước muối ấm làm virus chết ở cổ họng'] },
  { id: 'vaccine-chip', texts: ['Vắc xin COVID-19 có gắn chip theo dõi người tiêm'] },
  { id: 'union-dues', texts: ['Đoàn phí bị dùng sai mục đích nên công nhân nên ngừng đóng'] },
];

describe('ClaimMatcher', () => {
  const m = new ClaimMatcher(claims);

  it('finds the claim a post repeats, best first, with or without diacritics', () => {
    const a = m.match('Mọi người súc miệng nước muối mỗi ngày để diệt virus corona nhé');
    expect(a[0].id).toBe('salt-water');
    expect(a[0].similarity).toBeGreaterThan(0.3);
    const b = m.match('vac xin covid co gan chip theo doi nguoi tiem, dung tiem');
    expect(b[0].id).toBe('vaccine-chip');
    expect(b[0].similarity).toBeGreaterThan(0.4);
  });

  it('uses the best of a claim\'s wordings (aliases)', () => {
    const hit = m.match('nước muối ấm làm virus chết ở cổ họng')[0];
    expect(hit.id).toBe('salt-water');
    expect(hit.similarity).toBeGreaterThan(0.9);
  });

  it('finds a claim quoted inside a long article (windowed comparison)', () => {
    const filler = 'Hôm nay thời tiết thay đổi thất thường, người dân đi lại đông đúc trên các tuyến phố chính. '.repeat(12);
    const text = `${filler}Có bài viết nói vắc xin COVID-19 có gắn chip theo dõi người tiêm. ${filler}`;
    const hit = m.match(text).find((h) => h.id === 'vaccine-chip');
    expect(hit?.similarity).toBeGreaterThan(0.5);
  });

  it('returns nothing for unrelated text and honours min and limit', () => {
    expect(m.match('Đội tuyển bóng đá thắng 2-0 tối qua', { min: 0.2 })).toEqual([]);
    expect(m.match('nước muối vắc xin chip đoàn phí', { limit: 1 }).length).toBe(1);
  });

  it('compares two texts for grouping items into claims', () => {
    const same = m.similarity('Vắc xin có chip theo dõi', 'vac xin co chip theo doi');
    const different = m.similarity('Vắc xin có chip theo dõi', 'Công ty nợ lương công nhân');
    expect(same).toBeGreaterThan(0.99);
    expect(different).toBeLessThan(0.1);
  });

  it('takes idf from a larger corpus when given one', () => {
    const idf = (f: string) => (f === 'f:virus' ? 0.01 : undefined);
    const weighted = new ClaimMatcher(claims, { idf });
    const plain = new ClaimMatcher(claims);
    const text = 'virus virus virus';
    expect(weighted.match(text)[0]?.similarity ?? 0).toBeLessThan(plain.match(text)[0].similarity);
  });
});
