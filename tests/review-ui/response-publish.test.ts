import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { Client, harness, type Harness } from './harness.js';

// The shipped Vietnamese templates: their [Nêu …] prompts and **bold** are what a drafter meets.
const repo = join(import.meta.dirname, '../..');
let h: Harness;
let reviewer: Client;
let admin: Client;
let responseId = 0;
let dataDir = '';
const SOURCE = 'https://www.who.int/emergencies/diseases/novel-coronavirus-2019/advice-for-public/myth-busters_and_a_very_long_path/that-should-wrap';

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kc-pub-'));
  h = await harness({ app: { config: loadConfig({ KC_DATA_DIR: dataDir, KC_RULES_DIR: join(repo, 'rules') }), responsesDir: join(repo, 'rules', 'responses') } });
  reviewer = new Client(h);
  await reviewer.login('reviewer');
  admin = new Client(h);
  await admin.login('admin');
  await reviewer.page(`/items/${h.ids[0]}`);
  const res = await reviewer.post(`/items/${h.ids[0]}/claims`, { statement: 'Uống nước tỏi chữa khỏi COVID' });
  const claimId = Number(/\/claims\/(\d+)$/.exec(res.headers.get('location')!)![1]);
  await reviewer.page(`/claims/${claimId}`);
  await reviewer.post(`/claims/${claimId}/verdict`, { verdict: 'false', reason: 'Bộ Y tế và WHO: không có bằng chứng tỏi chữa được COVID-19.' });
  const body = (await reviewer.page(`/claims/${claimId}/responses/new?template=false-health-claim`)).html;
  const draft = /<textarea id="body"[^>]*>([\s\S]*?)<\/textarea>/.exec(body)![1].replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
  const saved = await reviewer.post(`/claims/${claimId}/responses`, { body: draft, template: 'false-health-claim', source_url: [SOURCE], source_title: ['WHO: tin đồn và sự thật'] });
  expect(saved.status).toBe(303);
  responseId = Number(/\/responses\/(\d+)$/.exec(saved.headers.get('location')!)![1]);
});
afterAll(async () => {
  await h.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a response a person can publish', () => {
  it('refuses approval while template prompts remain, saying so in Vietnamese, and lists them', async () => {
    const page = (await admin.page(`/responses/${responseId}`)).html;
    expect(page).toContain('còn chỗ chưa điền theo mẫu');
    expect(page).toContain('<code>[Nêu 1–3 ý ngắn gọn');
    const res = await admin.post(`/responses/${responseId}/approve`, {});
    expect(res.status).toBe(303);
    expect((await h.store.responses.get(responseId))!.status).toBe('draft');
    expect((await admin.page(`/responses/${responseId}`)).html).toContain('Chưa duyệt được: bản phản hồi còn chỗ chưa điền theo mẫu');
  });

  it('refuses approval while {{sources}} is left in the text', async () => {
    const r = (await h.store.responses.get(responseId))!;
    await h.store.db.run('UPDATE responses SET body = ? WHERE id = ?', [r.body.replace(/^- \[.*\]$/gm, '- Không có bằng chứng tỏi chữa được COVID-19.') + '\n{{sources}}', responseId]);
    await admin.page(`/responses/${responseId}`);
    await admin.post(`/responses/${responseId}/approve`, {});
    expect((await h.store.responses.get(responseId))!.status).toBe('draft');
  });

  it('approves once every prompt is replaced', async () => {
    const r = (await h.store.responses.get(responseId))!;
    await reviewer.page(`/responses/${responseId}`);
    const edited = r.body.replace('\n{{sources}}', '');
    expect((await reviewer.post(`/responses/${responseId}`, { body: edited, source_url: SOURCE, source_title: 'WHO: tin đồn và sự thật' })).status).toBe(303);
    await admin.page(`/responses/${responseId}`);
    await admin.post(`/responses/${responseId}/approve`, {});
    expect((await h.store.responses.get(responseId))!.status).toBe('approved');
  });

  it('downloads and shows plain text: no Markdown markers, the source address intact', async () => {
    expect((await h.store.responses.get(responseId))!.body).toContain('**');
    const txt = await (await reviewer.get(`/responses/${responseId}/text`)).text();
    expect(txt).not.toMatch(/\*\*|^#|__/m);
    expect(txt).toContain('Kết luận: Sai sự thật.');
    expect(txt).toContain(SOURCE);
    const page = (await reviewer.page(`/responses/${responseId}`)).html;
    const copy = /<textarea id="response-text"[^>]*>([\s\S]*?)<\/textarea>/.exec(page)![1];
    expect(copy).not.toContain('**');
    expect(page).toContain('<ol class="sources">');
  });

  it('makes a shareable PNG card and a PDF, each audited, and never for a draft', async () => {
    const page = (await reviewer.page(`/responses/${responseId}`)).html;
    expect(page).toContain(`action="/responses/${responseId}/card"`);
    expect(page).toContain('Bộ Y tế và WHO: không có bằng chứng'); // the verdict's reason starts the summary
    const png = await reviewer.post(`/responses/${responseId}/card`, { format: 'png', summary: 'Không có bằng chứng tỏi chữa được COVID-19.' });
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(png.headers.get('content-disposition')).toContain('attachment');
    const bytes = Buffer.from(await png.arrayBuffer());
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(bytes.readUInt32BE(16)).toBe(1080); // width from the IHDR chunk
    const pdf = await reviewer.post(`/responses/${responseId}/card`, { format: 'pdf', summary: 'Ngắn gọn.' });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const rows = await h.store.db.all<{ action: string; detail: string }>("SELECT action, detail FROM audit_log WHERE action = 'response_card'");
    expect(rows.map((r) => JSON.parse(r.detail).format)).toEqual(['png', 'pdf']);
    expect(rows[0].detail).not.toContain('tỏi'); // the summary is fingerprinted, not copied

    await h.store.db.run("UPDATE responses SET status = 'draft' WHERE id = ?", [responseId]);
    expect((await reviewer.page(`/responses/${responseId}`)).html).not.toContain(`action="/responses/${responseId}/card"`);
    const refused = await reviewer.post(`/responses/${responseId}/card`, { format: 'png', summary: 'x' });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('Chỉ tạo được ảnh chia sẻ từ phản hồi đã được duyệt');
  }, 60_000);
});
