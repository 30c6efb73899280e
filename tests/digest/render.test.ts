import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'puppeteer';
import { renderDigestHtml } from '../../src/digest/render-html.js';
import { renderDigestMarkdown } from '../../src/digest/render-md.js';
import { launchChromium, renderDigestPdf } from '../../src/digest/render-pdf.js';
import { pdfText } from './pdf-text.js';
import { sampleDigest } from './sample-digest.js';

const CHROMIUM = process.env.PUPPETEER_EXECUTABLE_PATH || '/usr/bin/chromium';

describe('digest renderers', () => {
  it('HTML is self-contained, Vietnamese by default, with three ECharts SVG charts', async () => {
    const html = await renderDigestHtml(sampleDigest());
    expect(html.startsWith('<!DOCTYPE html><html lang="vi">')).toBe(true);
    expect(html).toContain('Bản tin tình hình tuần');
    // Vietnamese dates (dd/mm/yyyy) and local time (KC_TZ), never UTC.
    expect(html).toContain('Tuần 2026-W47 (16/11/2026 – 22/11/2026)');
    expect(html).not.toContain('UTC');
    expect(html).toContain('Tạo lúc: 23/11/2026 07:00');
    expect(renderDigestMarkdown(sampleDigest())).toContain('(16/11/2026 – 22/11/2026)');
    expect(html.match(/<svg[\s>]/g)?.length).toBe(3);
    expect(html).toContain('Tin sai về COVID/sức khỏe'); // legend of the trend chart and headline
    // Nothing loaded from elsewhere: no scripts, links, remote images or fonts.
    expect(html).not.toMatch(/<script|<link|<img|@import|url\((?!#)|https?:\/\/(?!www\.w3\.org)/i);
    // Crawled text (a claim statement with markup) is escaped.
    expect(html).toContain('&lt;b&gt;thật&lt;/b&gt;');
    expect(html).not.toContain('<b>thật</b>');
    // Headline figures with change against last week.
    // Grievance themes named as a union officer would, not as rules.
    expect(html).toContain('<td>Nợ lương, thưởng Tết</td><td class="n">55</td>');
    expect(html).toMatch(/Bài đăng<\/td><td class="n">1\.234<\/td><td class="n">1\.000<\/td><td class="n">\+234 \(\+23%\)/);
  });

  it('emerging terms: a rise only with four weeks of history, else new this week with counts', async () => {
    const full = await renderDigestHtml(sampleDigest({ emergingBaselineWeeks: 4 }));
    expect(full).toContain('Tăng (lần)');
    expect(full).toMatch(/<td>thưởng tết<\/td><td class="n">30<\/td><td class="n">4,2<\/td><td class="n">7,1<\/td>/);
    const thin = sampleDigest({ emergingBaselineWeeks: 1, emergingTerms: [{ term: 'nợ lương', count: 12, expected: 0.4, ratio: 45, score: 9, baseline: 0 }] });
    const html = await renderDigestHtml(thin);
    expect(html).toContain('Chưa đủ 4 tuần số liệu để so sánh (mới có 1 tuần)');
    expect(html).not.toContain('Tăng (lần)');
    expect(html).not.toContain('>45<');
    expect(html).toMatch(/<td>nợ lương<\/td><td class="n">12<\/td><td class="n">0<\/td>/);
    expect(renderDigestMarkdown(thin)).toContain('| nợ lương | 12 | 0 |');
  });

  it('fits a phone: tables in focusable, named scroll regions; main landmark; PDF link and site navigation on request', async () => {
    const html = await renderDigestHtml(sampleDigest());
    expect(html).toMatch(/<div class="scroll" role="region" tabindex="0" aria-label="Số liệu chính"><table>/);
    expect(html).toContain('<main>');
    expect(html).toContain('@media (max-width:600px)');
    expect(html).not.toContain('<nav');
    const served = await renderDigestHtml(sampleDigest(), 'vi', { nav: [{ href: '/queue', label: 'Hàng đợi' }], navLabel: 'Điều hướng chính', pdfHref: '/digests/7/pdf' });
    expect(served).toContain('<nav class="site" aria-label="Điều hướng chính"><a href="/queue">Hàng đợi</a></nav>');
    expect(served).toContain('<a href="/digests/7/pdf">Tải bản PDF</a>');
  });

  it('unit chart: horizontal bars, one row per unit, taller with more units', async () => {
    const { unitChart } = await import('../../src/digest/charts.js');
    const text = { trendTitle: '', verdictTitle: '', unitTitle: 'Theo đơn vị', label: (k: string) => k, verdict: (k: string) => k, collected: 'Bài đăng', flagged: 'Gắn cờ', reviewed: 'Đã xem', none: '—' };
    const many = sampleDigest({ byUnit: Array.from({ length: 12 }, (_, i) => ({ unit: `Công đoàn Khu công nghiệp số ${i + 1}`, collected: 10 + i, flagged: i, reviewed: 1 })) });
    const svg = unitChart(many, text);
    const height = Number(/<svg width="400" height="(\d+)"/.exec(svg)?.[1]);
    expect(height).toBeGreaterThan(12 * 40);
    // Every unit name is drawn, each on its own row (distinct y positions).
    const ys = [...svg.matchAll(/<text[^>]*transform="translate\(([\d.]+) ([\d.]+)\)"[^>]*>Công đoàn/g)].map((m) => m[2]);
    expect(new Set(ys).size).toBeGreaterThanOrEqual(12);
  });

  it('English is available', async () => {
    const html = await renderDigestHtml(sampleDigest(), 'en');
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Weekly situation digest');
    expect(html).toContain('Posts</td><td class="n">1,234');
    expect(renderDigestMarkdown(sampleDigest(), 'en')).toContain('## Rule performance');
  });

  it('Markdown has every section and escapes table-breaking text', () => {
    const md = renderDigestMarkdown(sampleDigest());
    for (const h of ['Số liệu chính', 'Các luận điệu nổi bật', 'Cụm từ mới nổi', 'Phản ánh, kiến nghị của người lao động', 'Theo đơn vị', 'Theo nguồn', 'Nguồn thu thập bị lỗi', 'Hiệu quả quy tắc']) {
      expect(md).toContain(`## ${h}`);
    }
    expect(md).toContain('Uống nước lá ổi chữa khỏi COVID \\| \\<b\\>thật\\</b\\>');
    expect(md).toContain('| covid-cure-herbal | Tin sai về COVID/sức khỏe | 50 | 18 / 20 | 90% |');
    const empty = renderDigestMarkdown(sampleDigest({ topClaims: [], failedSources: [] }));
    expect(empty).toContain('_Không có._');
  });

  describe('PDF', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchChromium(CHROMIUM);
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('is a valid A4 PDF with the week and page numbers in its text', async () => {
      const pdf = await renderDigestPdf(await renderDigestHtml(sampleDigest()), { browser });
      const head = Buffer.from(pdf.subarray(0, 8)).toString('latin1');
      expect(head).toMatch(/^%PDF-1\.\d/);
      expect(Buffer.from(pdf.subarray(-8)).toString('latin1')).toContain('%%EOF');
      const raw = Buffer.from(pdf).toString('latin1');
      expect(raw).toMatch(/\/MediaBox \[0 0 595\.91998 841\.91998\]/); // A4 in points
      const text = pdfText(pdf);
      expect(text).toContain('2026-W47');
      expect(text).toContain('Bản tin tình hình tuần');
      expect(text).toMatch(/1\s*\/\s*\d/); // footer "1 / N"
    });
  });
});
