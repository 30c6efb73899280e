import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readableFromHtml } from '../../crawlers/adapters/tips.js';
import { ParseError } from '../../crawlers/fetch/errors.js';

// Saved-page shapes of Vietnamese sites (written for the tests, nothing downloaded): a news
// article (VnExpress-like markup), a XenForo forum thread and a WordPress blog post.
const page = (name: string) => readFileSync(join(import.meta.dirname, '..', 'fixtures', 'tips', name), 'utf8');

describe('a linked page becomes readable text (Readability over linkedom)', () => {
  it('news article: title, body paragraphs, date from the page; no menu, ads, related news, comments or footer', () => {
    const r = readableFromHtml(page('news-article.html'), 'https://bao.example/cong-doan/ho-tro-tien-thue-nha');
    expect(r.title).toBe('Công nhân khu công nghiệp được hỗ trợ tiền thuê nhà');
    expect(r.text).toContain('Theo quyết định của Ủy ban nhân dân tỉnh, khoản hỗ trợ áp dụng cho người lao động');
    expect(r.text).toContain('Người lao động có thắc mắc có thể gọi đường dây nóng');
    // paragraphs stay paragraphs
    expect(r.text).toMatch(/từng người, không thu bất kỳ khoản phí nào\.\n+Ông Trần Văn Bình/);
    for (const noise of ['Trang chủ', 'Tin liên quan', 'Đọc nhiều', 'Ý kiến bạn đọc', '©', 'Giấy phép']) expect(r.text).not.toContain(noise);
    expect(r.publishedAt).toBe('2026-11-30T01:15:00.000Z');
    expect(r.author).toBe('Minh Anh');
  });

  it('forum thread: the opening post, its date; no navigation, user panel counts or footer', () => {
    const r = readableFromHtml(page('forum-thread.html'), 'https://dien-dan.example/threads/1001/');
    expect(r.title).toBe('Công ty em nợ lương 2 tháng rồi, phải làm sao?');
    expect(r.text).toContain('Từ tháng 10 đến giờ công ty nợ lương hai tháng');
    expect(r.text).toContain('em có thể nhờ công đoàn cơ sở');
    for (const noise of ['Có gì mới', 'XenForo', 'Điều khoản']) expect(r.text).not.toContain(noise);
    expect(r.publishedAt).toBe('2026-11-28T02:15:00.000Z');
  });

  it('blog post: title without the site name, list items as lines, date; no comments or widgets', () => {
    const r = readableFromHtml(page('blog-post.html'), 'https://goc-suc-khoe.example/2026/11/25/la-oi/');
    expect(r.title).toBe('Sự thật về bài thuốc lá ổi chữa khỏi cúm');
    expect(r.text).toContain('uống nước lá ổi đun sôi ba lần một ngày sẽ chữa khỏi cúm');
    expect(r.text).toContain('không chữa được cúm');
    expect(r.text).toMatch(/Nghỉ ngơi, uống đủ nước\.\n+Đeo khẩu trang/);
    for (const noise of ['Cảm ơn chị đã chia sẻ', 'Bài viết mới', 'Vận hành bởi WordPress', 'Bài trước']) expect(r.text).not.toContain(noise);
    expect(r.publishedAt).toBe('2026-11-25T07:05:00.000Z');
  });

  it('a Vietnamese date printed next to the title is found when the page has no metadata', () => {
    const html = `<html><head><title>Tin</title></head><body><div class="post-meta">Cập nhật lúc 14:05, <span>02/12/2026 - 09:30</span></div>
      <article><p>${'Công nhân phản ánh việc tăng ca kéo dài mà không được trả thêm tiền. '.repeat(8)}</p></article></body></html>`;
    const r = readableFromHtml(html, 'https://x.example/a');
    expect(r.publishedAt).toBe('2026-12-02T02:30:00.000Z');
  });

  it('a page with no readable text is refused with a clear error', () => {
    expect(() => readableFromHtml('<html><head><title>x</title></head><body><script>var a = 1;</script><img src="a.png"></body></html>', 'https://x.example/empty')).toThrow(ParseError);
  });
});
