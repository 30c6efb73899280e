import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHarness } from './admin-harness.js';
import { Client, type Harness } from './harness.js';

// Issue 14, findings 9, 10 and 12: HTTP-level hygiene of the review UI.
let h: Awaited<ReturnType<typeof adminHarness>>;
let admin: Client;
let requestId = 0;

beforeAll(async () => {
  h = await adminHarness();
  admin = new Client(h as Harness);
  await admin.login('admin');
  await admin.page('/admin/requests');
  const res = await admin.post('/admin/requests', { kind: 'deletion', type: 'handle', value: 'nguoidung_1', receivedOn: '', requester: 'a@example.vn', note: '' });
  requestId = Number(res.headers.get('location')!.split('/').pop());
});
afterAll(async () => {
  await h?.close();
});

describe('finding 10: pages with personal data are never cached', () => {
  it('sends Cache-Control: no-store on every signed-in page', async () => {
    const pages = ['/queue', `/items/${h.ids[0]}`, '/claims', '/responses', '/grievances', '/admin/audit', '/admin/requests', `/admin/requests/${requestId}`, '/admin/users', '/admin/rules', '/admin/sources', '/digests', '/nope'];
    for (const path of pages) {
      const res = await admin.get(path);
      expect(res.status, path).toBeLessThan(500);
      expect(res.headers.get('cache-control'), path).toMatch(/no-store/);
    }
  });
});
