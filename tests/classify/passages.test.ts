import { describe, expect, it } from 'vitest';
import { PASSAGE_MIN_TEXT, splitPassages } from '../../src/classify/passages.js';
import { classifierOf } from './helpers.js';

const NEUTRAL = 'Thành phố tổ chức lễ hội hoa xuân tại công viên trung tâm với nhiều hoạt động văn hóa cho người dân. ';
const FALSE = 'Chỉ cần uống nước chanh nóng mỗi sáng là diệt virus, chữa khỏi hoàn toàn bệnh mà không cần đi viện. ';

const PACK = `
label: covid_false
rules:
  - id: c.cure
    description: lemon cures
    weight: 0.7
    near: [{ a: nước chanh, b: [diệt virus, chữa khỏi], within: 6 }]
    examples: { match: [nước chanh diệt virus] }
  - id: c.topic
    description: topic word, weak on its own
    weight: 0.12
    any: [lễ hội]
    examples: { match: [lễ hội] }
guards:
  - id: c.debunk
    description: a debunk headline
    weight: 0.8
    fields: [lead]
    any: [thực hư]
    examples: { match: [thực hư chuyện này] }
`;

describe('splitPassages', () => {
  it('leaves short texts whole and cuts long ones into passages that tile the text', () => {
    expect(splitPassages(NEUTRAL.repeat(3))).toEqual([]);
    const text = NEUTRAL.repeat(6) + '\n\n' + FALSE + NEUTRAL.repeat(6);
    expect(text.length).toBeGreaterThan(PASSAGE_MIN_TEXT);
    const parts = splitPassages(text);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(text.slice(p.start, p.end)).toBe(p.text);
      expect(p.text.length).toBeLessThanOrEqual(900);
    }
    expect(parts.some((p) => p.text.includes('nước chanh'))).toBe(true);
  });

  it('cuts a text without sentence ends at spaces', () => {
    const text = 'chữ '.repeat(600);
    const parts = splitPassages(text);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => p.text.length <= 900)).toBe(true);
  });
});

describe('long texts are scored by passage', () => {
  const c = classifierOf([PACK]);

  it('one false paragraph in a long article carries the flag, and the reason points at it', () => {
    const text = NEUTRAL.repeat(8) + '\n\n' + FALSE + '\n\n' + NEUTRAL.repeat(8);
    const out = c.classify({ text });
    expect(out.labels).toContain('covid_false');
    const passage = out.reasons.find((r) => r.kind === 'passage');
    expect(passage).toBeDefined();
    if (passage?.kind === 'passage') expect(text.slice(passage.start, passage.end)).toContain('nước chanh nóng');
  });

  it('a guard in the headline still applies to every passage (a debunk quoting the claim)', () => {
    const text = 'Thực hư chuyện nước chanh chữa bệnh. ' + NEUTRAL.repeat(8) + '\n\n' + FALSE + '\n\n' + NEUTRAL.repeat(8);
    expect(c.classify({ text }).labels).not.toContain('covid_false');
  });

  it('the same guard phrase deep in the body is not the lead and does not apply', () => {
    const text = FALSE + NEUTRAL.repeat(8) + ' Bạn đọc hỏi thực hư thế nào.';
    expect(c.classify({ text }).labels).toContain('covid_false');
  });

  it('topic words spread over a long neutral article do not pile up into a flag', () => {
    const text = NEUTRAL.repeat(20);
    expect(c.classify({ text }).labels).toEqual([]);
  });
});
