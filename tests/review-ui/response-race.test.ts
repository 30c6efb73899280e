import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, harness, type Harness } from './harness.js';

// Issue 14, finding 8: the status was checked outside the write transaction, so 4 parallel approves
// wrote 4 audit rows and 2 parallel publishes with different URLs wrote 2 rows but kept one URL.
let h: Harness;
let reviewer: Client;
let admin: Client;
let responseId = 0;

beforeAll(async () => {
  h = await harness();
  reviewer = new Client(h);
  await reviewer.login('reviewer');
  admin = new Client(h);
  await admin.login('admin');
  await reviewer.page(`/items/${h.ids[0]}`);
  const claim = await reviewer.post(`/items/${h.ids[0]}/claims`, { statement: 'Uống nước tỏi chữa khỏi COVID', label: 'covid_false' });
  const claimId = Number(/\/claims\/(\d+)$/.exec(claim.headers.get('location')!)![1]);
  await reviewer.post(`/claims/${claimId}/verdict`, { verdict: 'false', reason: 'Bộ Y tế: không có bằng chứng' });
  const draft = await reviewer.post(`/claims/${claimId}/responses`, { body: 'Tin này sai.\n{{sources}}', source_url: 'https://moh.gov.vn/tin-gia', source_title: 'Bộ Y tế' });
  responseId = Number(/\/responses\/(\d+)$/.exec(draft.headers.get('location')!)![1]);
  await admin.page(`/responses/${responseId}`);
  await reviewer.page(`/responses/${responseId}`);
});
afterAll(() => h.close());

const auditRows = (action: string) =>
  h.store.db.all<{ detail: string }>(`SELECT detail FROM audit_log WHERE action = ? AND target_type = 'response' AND target_id = ?`, [action, String(responseId)]);

describe('approve and publish under parallel requests', () => {
  it('approves once: one audit row however many admins click at the same moment', async () => {
    const res = await Promise.all(Array.from({ length: 4 }, () => admin.post(`/responses/${responseId}/approve`, {})));
    expect(res.every((r) => r.status === 303)).toBe(true);
    expect((await h.store.responses.get(responseId))!.status).toBe('approved');
    expect(await auditRows('response_approve')).toHaveLength(1);
  });

  it('records one publication: the URL kept is the one audited', async () => {
    const urls = ['https://www.facebook.com/congdoanvn/posts/1', 'https://www.facebook.com/congdoanvn/posts/2'];
    await Promise.all(urls.map((url) => reviewer.post(`/responses/${responseId}/publish`, { url })));
    const rows = await auditRows('response_publish');
    expect(rows).toHaveLength(1);
    expect((await h.store.responses.get(responseId))!.publishedUrl).toBe(JSON.parse(rows[0].detail).url);
  });
});
