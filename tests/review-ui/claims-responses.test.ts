import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { Client, harness, type Harness } from './harness.js';

let h: Harness;
let reviewer: Client;
let admin: Client;
let claimId = 0;
let responseId = 0;
beforeAll(async () => {
  h = await harness();
  reviewer = new Client(h);
  await reviewer.login('reviewer');
  admin = new Client(h);
  await admin.login('admin');
});
afterAll(() => h.close());

const status = async (id: number) => (await h.store.reviewItems.head(id))!.status;

describe('claims', () => {
  it('creates a claim from an item, with the item as confirmed member', async () => {
    await reviewer.page(`/items/${h.ids[0]}`);
    const res = await reviewer.post(`/items/${h.ids[0]}/claims`, { statement: 'Uống nước tỏi chữa khỏi COVID', label: 'covid_false' });
    expect(res.status).toBe(303);
    claimId = Number(/\/claims\/(\d+)$/.exec(res.headers.get('location')!)![1]);
    const page = (await reviewer.page(`/claims/${claimId}`)).html;
    expect(page).toContain('Uống nước tỏi chữa khỏi COVID');
    expect(page).toContain('Các bài thuộc luận điệu (1)');
    expect(await h.store.claims.get(claimId)).toMatchObject({ unit: 'hanoi', label: 'covid_false', verdict: null });
  });

  it('suggests similar items; a person confirms them', async () => {
    const page = (await reviewer.page(`/claims/${claimId}`)).html;
    const suggestions = page.slice(page.indexOf('id="sugg-h"'), page.indexOf('id="resp-h"'));
    expect(suggestions).toContain(`href="/items/${h.ids[1]}"`);
    expect(suggestions).not.toContain(`href="/items/${h.ids[2]}"`); // other unit, and unrelated
    expect(suggestions).not.toContain(`href="/items/${h.ids[4]}"`);
    expect((await h.store.claims.members(claimId)).length).toBe(1); // suggestions are not stored as members
    await reviewer.post(`/claims/${claimId}/members`, { item: String(h.ids[1]), state: 'confirmed', similarity: '0.4' });
    expect((await h.store.claims.members(claimId, 'confirmed')).map((m) => m.itemId).sort()).toEqual([h.ids[0], h.ids[1]].sort());
    await reviewer.page(`/claims/${claimId}`);
    expect((await reviewer.post(`/claims/${claimId}/members`, { item: String(h.ids[2]), state: 'confirmed' })).status).toBe(404);
  });

  it('applies a claim verdict to every confirmed member, and to members confirmed later', async () => {
    await reviewer.page(`/claims/${claimId}`);
    await reviewer.post(`/claims/${claimId}/verdict`, { verdict: 'false', reason: 'Bộ Y tế: không có bằng chứng' });
    for (const id of [h.ids[0], h.ids[1]]) {
      expect(await h.store.reviewItems.head(id)).toMatchObject({ status: 'decided', verdict: 'false' });
      expect((await h.store.verdicts.forItem(id))[0]).toMatchObject({ claimId, verdict: 'false' });
    }
    const extra = h.ids[4];
    await reviewer.post(`/claims/${claimId}/members`, { item: String(extra), state: 'confirmed' });
    expect(await h.store.reviewItems.head(extra)).toMatchObject({ verdict: 'false', status: 'decided' });
    await reviewer.post(`/claims/${claimId}/members`, { item: String(extra), state: 'rejected' });
    expect((await h.store.claims.members(claimId, 'confirmed')).map((m) => m.itemId)).not.toContain(extra);
  });
});

describe('responses', () => {
  it('fills a template from the claim and lists unreadable template files by name', async () => {
    const html = (await reviewer.page(`/claims/${claimId}/responses/new?template=covid-false`)).html;
    expect(html).toContain('Thông tin &quot;Uống nước tỏi chữa khỏi COVID&quot; là Sai sự thật.');
    expect(html).toContain('hanoi, ngày 20/11/2026.');
    expect(html).toContain('{{sources}}');
    expect(html).toContain('broken.md');
  });

  it('requires at least one source for a false verdict, keeping what was typed', async () => {
    const res = await reviewer.post(`/claims/${claimId}/responses`, { body: 'Nội dung giữ lại', template: 'covid-false', source_url: ['', ''], source_title: ['', ''] });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Cần ít nhất một nguồn');
    expect(html).toContain('Nội dung giữ lại');
    const bad = await reviewer.post(`/claims/${claimId}/responses`, { body: 'x', source_url: 'javascript:alert(1)', source_title: 'x' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('địa chỉ http(s) hợp lệ');
  });

  it('saves a draft with sources filled into {{sources}}; members move to response_drafted', async () => {
    await reviewer.page(`/claims/${claimId}/responses/new?template=covid-false`);
    const res = await reviewer.post(`/claims/${claimId}/responses`, {
      body: 'Tin "tỏi chữa khỏi COVID" là sai.\nNguồn:\n{{sources}}',
      template: 'covid-false',
      source_url: ['https://moh.gov.vn/tin-gia', ''],
      source_title: ['Bộ Y tế: cảnh báo tin giả', ''],
    });
    expect(res.status).toBe(303);
    responseId = Number(/\/responses\/(\d+)$/.exec(res.headers.get('location')!)![1]);
    const r = (await h.store.responses.get(responseId))!;
    expect(r.body).toContain('- Bộ Y tế: cảnh báo tin giả: https://moh.gov.vn/tin-gia');
    expect(r.status).toBe('draft');
    expect(await status(h.ids[0])).toBe('response_drafted');
  });

  it('lets only an admin approve; members move to response_approved', async () => {
    await reviewer.page(`/responses/${responseId}`);
    expect((await reviewer.post(`/responses/${responseId}/approve`, {})).status).toBe(403);
    const page = (await admin.page(`/responses/${responseId}`)).html;
    expect(page).toContain(`action="/responses/${responseId}/approve"`);
    expect((await admin.post(`/responses/${responseId}/approve`, {})).status).toBe(303);
    expect((await h.store.responses.get(responseId))!).toMatchObject({ status: 'approved', approvedBy: h.users.admin });
    expect(await status(h.ids[1])).toBe('response_approved');
  });

  it('sends an edited approved response back to draft', async () => {
    await reviewer.page(`/responses/${responseId}`);
    await reviewer.post(`/responses/${responseId}`, { body: 'Bản sửa', source_url: 'https://moh.gov.vn/tin-gia', source_title: 'Bộ Y tế' });
    expect((await h.store.responses.get(responseId))!).toMatchObject({ status: 'draft', approvedBy: null, body: 'Bản sửa' });
    expect(await status(h.ids[0])).toBe('response_drafted');
    await admin.page(`/responses/${responseId}`);
    await admin.post(`/responses/${responseId}/approve`, {});
  });

  it('offers copy and a plain-text download, and records where a person published it', async () => {
    const page = (await reviewer.page(`/responses/${responseId}`)).html;
    expect(page).toContain('data-copy="response-text"');
    const txt = await reviewer.get(`/responses/${responseId}/text`);
    expect(txt.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(txt.headers.get('content-disposition')).toMatch(/attachment/);
    expect(await txt.text()).toBe('Bản sửa\n\n- Bộ Y tế: https://moh.gov.vn/tin-gia\n');
    expect((await reviewer.post(`/responses/${responseId}/publish`, { url: 'javascript:alert(1)' })).status).toBe(303);
    expect((await h.store.responses.get(responseId))!.status).toBe('approved');
    await reviewer.post(`/responses/${responseId}/publish`, { url: 'https://www.facebook.com/congdoanvn/posts/123' });
    expect((await h.store.responses.get(responseId))!).toMatchObject({ status: 'published', publishedUrl: 'https://www.facebook.com/congdoanvn/posts/123', publishedBy: h.users.reviewer });
    expect(await status(h.ids[0])).toBe('closed');
    expect(await status(h.ids[1])).toBe('closed');
    const list = (await admin.page('/responses?status=published')).html;
    expect(list).toContain(`href="/responses/${responseId}"`);
  });

  it('never drafts a counter-message for a grievance', async () => {
    // (A grievance-labelled item cannot even start a claim: tests/review-ui/grievance-guard.test.ts.)
    await reviewer.page(`/items/${h.ids[4]}`);
    const res = await reviewer.post(`/items/${h.ids[4]}/claims`, { statement: 'Công nhân phản ánh điều kiện làm việc' });
    const id = Number(/\/claims\/(\d+)$/.exec(res.headers.get('location')!)![1]);
    await reviewer.page(`/claims/${id}`);
    await reviewer.post(`/claims/${id}/verdict`, { verdict: 'grievance', reason: 'phản ánh chính đáng' });
    expect((await reviewer.post(`/claims/${id}/responses`, { body: 'x' })).status).toBe(409);
    expect((await reviewer.page(`/claims/${id}`)).html).not.toContain(`href="/claims/${id}/responses/new"`);
  });

  it('audits every step in an intact chain', async () => {
    const actions = (await h.store.db.all<{ action: string }>('SELECT action FROM audit_log')).map((r) => r.action);
    for (const a of ['claim_create', 'claim_member', 'claim_verdict', 'verdict', 'response_draft', 'response_update', 'response_approve', 'response_publish'])
      expect(actions).toContain(a);
    expect(await h.store.audit.verify()).toMatchObject({ ok: true });
  });
});

describe('known claims and shipped templates', () => {
  it('starts a draft from the known claim\'s sources and hint, in the template\'s language', async () => {
    const repo = join(import.meta.dirname, '../..');
    const h2 = await harness({ app: { config: loadConfig({ KC_DATA_DIR: h.dir, KC_RULES_DIR: join(repo, 'rules') }), responsesDir: join(repo, 'rules', 'responses') } });
    try {
      const c = new Client(h2);
      await c.login('reviewer');
      await c.page(`/items/${h2.ids[0]}`);
      const res = await c.post(`/items/${h2.ids[0]}/claims`, { statement: 'Ăn tỏi chữa khỏi COVID' });
      const id = Number(/\/claims\/(\d+)$/.exec(res.headers.get('location')!)![1]);
      await h2.store.db.run(`UPDATE claims SET known_claim_id = 'garlic-prevents-covid' WHERE id = ?`, [id]);
      await c.page(`/claims/${id}`);
      await c.post(`/claims/${id}/verdict`, { verdict: 'false', reason: 'WHO' });
      const vi = (await c.page(`/claims/${id}/responses/new?template=false-health-claim`)).html;
      expect(vi).toContain('value="https://www.who.int/emergencies/diseases/novel-coronavirus-2019/advice-for-public/myth-busters"');
      expect(vi).toContain('Gợi ý nội dung');
      expect(vi).toContain('Kết luận: Sai sự thật.');
      const en = (await c.page(`/claims/${id}/responses/new?template=false-health-claim.en`)).html;
      expect(en).toContain('Verdict: False');
    } finally {
      await h2.close();
    }
  });
});
