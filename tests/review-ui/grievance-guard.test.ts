import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, harness, type Harness } from './harness.js';

// Issue 13, point 1: a worker's grievance is followed up, never counter-messaged. Before the guard a
// reviewer could call a grievance-labelled post "Sai sự thật", make a claim of it and answer it.
let h: Harness;
let reviewer: Client;
let admin: Client;
let grievance = 0; // "Công ty nợ lương ba tháng": labelled grievance by the classifier, no verdict yet
let covidClaim = 0;
beforeAll(async () => {
  h = await harness();
  grievance = h.ids[3];
  reviewer = new Client(h);
  await reviewer.login('reviewer');
  admin = new Client(h);
  await admin.login('admin');
  await reviewer.page(`/items/${h.ids[0]}`);
  const res = await reviewer.post(`/items/${h.ids[0]}/claims`, { statement: 'Uống nước tỏi chữa khỏi COVID', label: 'covid_false' });
  covidClaim = Number(/\/claims\/(\d+)$/.exec(res.headers.get('location')!)![1]);
});
afterAll(() => h.close());

const claimCount = async () => (await h.store.db.get<{ n: number }>('SELECT count(*) AS n FROM claims'))!.n;

describe('a grievance-labelled item in follow-up', () => {
  it('says why on its page, and offers no false/misleading verdict and no claim form', async () => {
    const html = (await reviewer.page(`/items/${grievance}`)).html;
    expect(html).toContain('không phản bác');
    expect(html).toMatch(/value="false"[^>]*disabled/);
    expect(html).toMatch(/value="misleading"[^>]*disabled/);
    expect(html).not.toContain(`action="/items/${grievance}/claims"`);
    expect(html).toContain(`href="/grievances/${grievance}"`);
  });

  it('refuses a false or misleading verdict by direct POST, keeping what was typed', async () => {
    for (const verdict of ['false', 'misleading']) {
      const res = await reviewer.post(`/items/${grievance}/verdict`, { verdict, reason: 'Công nhân nói sai' });
      expect(res.status).toBe(409);
      const html = await res.text();
      expect(html).toContain('không thể kết luận “Sai sự thật” hay “Gây hiểu lầm”');
      expect(html).toContain('value="Công nhân nói sai"');
    }
    expect(await h.store.reviewItems.head(grievance)).toMatchObject({ verdict: null });
    expect(await h.store.verdicts.forItem(grievance)).toEqual([]);
    // Verdicts that do not call it false stay possible.
    expect((await reviewer.post(`/items/${grievance}/verdict`, { verdict: 'grievance', reason: 'Nợ lương cần theo dõi' })).status).toBe(303);
  });

  it('cannot start a claim nor join one, by direct POST', async () => {
    const before = await claimCount();
    const res = await reviewer.post(`/items/${grievance}/claims`, { statement: 'Công ty không nợ lương', label: 'grievance' });
    expect(res.status).toBe(409);
    expect(await claimCount()).toBe(before);
    await reviewer.page(`/claims/${covidClaim}`);
    await reviewer.post(`/claims/${covidClaim}/members`, { item: String(grievance), state: 'confirmed' });
    expect(await h.store.claims.memberState(covidClaim, grievance)).toBeUndefined();
    const claimPage = (await reviewer.page(`/claims/${covidClaim}`)).html;
    expect(claimPage).toContain('không được đưa vào luận điệu');
    expect(claimPage.slice(claimPage.indexOf('id="sugg-h"'))).not.toContain(`value="${grievance}"`); // never offered
  });

  it('never gets a response: a claim holding a grievance (flagged after it joined) cannot be answered or approved', async () => {
    await reviewer.post(`/claims/${covidClaim}/verdict`, { verdict: 'false', reason: 'Bộ Y tế: không có bằng chứng' });
    const draft = await reviewer.post(`/claims/${covidClaim}/responses`, { body: 'Thông tin này sai sự thật.', source_url: 'https://moh.gov.vn/x', source_title: 'Bộ Y tế' });
    expect(draft.status).toBe(303);
    const responseId = Number(/\/responses\/(\d+)$/.exec(draft.headers.get('location')!)![1]);
    // A reclassification makes a member a grievance after the draft was written.
    await h.store.db.write(() => h.store.claims.setMember({ claimId: covidClaim, itemId: grievance, state: 'confirmed', userId: null, now: new Date().toISOString() }));
    const page = (await reviewer.page(`/claims/${covidClaim}`)).html;
    expect(page).not.toContain(`href="/claims/${covidClaim}/responses/new"`);
    expect(page).toContain('không soạn phản hồi phản bác');
    const res = await reviewer.post(`/claims/${covidClaim}/responses`, { body: 'Thông tin công nhân phản ánh là sai sự thật', source_url: 'https://moh.gov.vn/x', source_title: 'Bộ Y tế' });
    expect(res.status).toBe(409);
    expect(await h.store.responses.forClaim(covidClaim)).toHaveLength(1);
    await admin.page(`/responses/${responseId}`);
    await admin.post(`/responses/${responseId}/approve`, {});
    expect((await h.store.responses.get(responseId))!.status).toBe('draft');
    await h.store.db.run('DELETE FROM claim_items WHERE claim_id = ? AND item_id = ?', [covidClaim, grievance]);
  });

  it('is released only by an admin closing the follow-up with a finding; even then no response is drafted from it', async () => {
    await reviewer.page(`/grievances/${grievance}`);
    expect((await reviewer.post(`/grievances/${grievance}`, { status: 'resolved', unit: 'hanoi', finding: 'Đã xác minh' })).status).toBe(403);
    await reviewer.post(`/grievances/${grievance}`, { status: 'resolved', unit: 'hanoi', note: 'Công ty đã trả' });
    expect((await reviewer.post(`/items/${grievance}/verdict`, { verdict: 'false', reason: 'x' })).status).toBe(409);

    await admin.page(`/grievances/${grievance}`);
    expect((await admin.post(`/grievances/${grievance}`, { status: 'resolved', unit: 'hanoi', finding: 'Làm việc với công ty: bài đăng là giả mạo, công ty không có công nhân nào bị nợ lương' })).status).toBe(303);
    await reviewer.page(`/items/${grievance}`);
    expect((await reviewer.post(`/items/${grievance}/verdict`, { verdict: 'false', reason: 'Xác minh: bài giả mạo' })).status).toBe(303);
    const created = await reviewer.post(`/items/${grievance}/claims`, { statement: 'Công ty X nợ lương công nhân ba tháng', label: 'grievance' });
    expect(created.status).toBe(303);
    const claimId = Number(/\/claims\/(\d+)$/.exec(created.headers.get('location')!)![1]);
    expect(await h.store.claims.get(claimId)).toMatchObject({ verdict: 'false' });
    await reviewer.page(`/claims/${claimId}`);
    expect((await reviewer.post(`/claims/${claimId}/responses`, { body: 'Phản hồi', source_url: 'https://a.vn/x', source_title: 'A' })).status).toBe(409);
  });

  it('holds an item judged a grievance by a person the same way', async () => {
    const item = h.ids[4];
    await reviewer.page(`/items/${item}`);
    expect((await reviewer.post(`/items/${item}/verdict`, { verdict: 'grievance', reason: 'phản ánh điều kiện làm việc' })).status).toBe(303);
    expect((await reviewer.post(`/items/${item}/verdict`, { verdict: 'misleading', reason: 'x' })).status).toBe(409);
    expect((await reviewer.post(`/items/${item}/claims`, { statement: 'Thời tiết nắng nhẹ' })).status).toBe(409);
  });
});
