import { describe, expect, it } from 'vitest';
import { plainText } from '../../src/review/plain-text.js';
import { unfilledPrompts } from '../../src/review/templates.js';

describe('plain text of a response', () => {
  it('drops Markdown markers and keeps bullets, links and addresses with underscores intact', () => {
    const md = '**Cảnh báo: "tỏi chữa COVID"**\n\n## Nguồn tham khảo\n* Bộ Y tế: https://moh.gov.vn/a_b_c__d\n- [WHO](https://who.int/x_y) nói *rõ*\n\n\n\n__Hết__';
    expect(plainText(md)).toBe('Cảnh báo: "tỏi chữa COVID"\n\nNguồn tham khảo\n- Bộ Y tế: https://moh.gov.vn/a_b_c__d\n- WHO (https://who.int/x_y) nói rõ\n\nHết');
  });

  it('finds template prompts and placeholders left in a draft, not citations or links', () => {
    const body = '- [Nêu 1–3 ý ngắn gọn theo nguồn bên dưới.]\nxem [1] và [WHO hướng dẫn](https://who.int)\n{{sources}}\n{{ unit }}';
    expect(unfilledPrompts(body)).toEqual(['[Nêu 1–3 ý ngắn gọn theo nguồn bên dưới.]', '{{sources}}', '{{ unit }}']);
    expect(unfilledPrompts('Không còn gì để điền [1].')).toEqual([]);
  });
});
