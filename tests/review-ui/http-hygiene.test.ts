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

describe('finding 9: where to go after login', () => {
  const signIn = async (nextQuery: string) => {
    const c = new Client(h as Harness);
    const { html } = await c.page(`/login?next=${nextQuery}`);
    const next = /name="next" value="([^"]*)"/.exec(html)![1].replace(/&amp;/g, '&');
    const res = await c.post('/login', { username: 'reviewer', password: (await import('./harness.js')).PASSWORD, next });
    return { c, res };
  };

  it('a next with control characters sends the user to the queue, signed in, not to a 500', async () => {
    for (const q of ['%2Fqueue%7F', '%2Fqueue%00', '%2Fqueue%0D%0ASet-Cookie%3A%20x%3D1', '%2Fqueue%09x']) {
      const { c, res } = await signIn(q);
      expect(res.status, q).toBe(303);
      expect(res.headers.get('location'), q).toBe('/queue');
      expect(c.cookies.has('kc_session'), q).toBe(true);
    }
  });

  it('never leaves the site, also after normalising dot segments', async () => {
    for (const q of ['%2F..%2F%2Fevil.example%2Fx', '%2F.%2F%2Fevil.example', '%2F%5Cevil.example', '%2F%2Fevil.example']) {
      const { res } = await signIn(q);
      expect(res.headers.get('location'), q).toBe('/queue');
    }
  });

  it('keeps a same-site path with Vietnamese text, percent-encoded', async () => {
    const { res } = await signIn(encodeURIComponent('/queue?q=nợ lương'));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/queue?q=n%E1%BB%A3%20l%C6%B0%C6%A1ng');
  });
});

describe('finding 12: smaller ones', () => {
  // Each level repeats the previous one nine times: 9^6 nodes from a few hundred bytes.
  const BOMB = 'a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n';

  // Sources are added with the recipe form (fields, no YAML is posted); a bomb in a source file is a file error (source-schema tests).
  it('a YAML alias bomb to the rule backtest is a 400 with a message, not a 500', async () => {
    await admin.page('/admin/rules/grievance.unpaid-wages');
    for (const path of ['/admin/rules/grievance.unpaid-wages/backtest', '/admin/rules/grievance.unpaid-wages', '/admin/rules/new/backtest']) {
      const res = await admin.post(path, { yaml: BOMB, days: '7', note: '', pack: 'rules/grievance.yaml' });
      expect(res.status, path).toBe(400);
      expect(await res.text(), path).toMatch(/alias/i);
    }
  });

  it('GET /admin/requests/:id/delete changes nothing and writes no audit row', async () => {
    const before = await h.store.db.get<{ n: number }>('SELECT count(*) AS n FROM audit_log');
    const found = (await h.store.subjectRequests.get(requestId))!;
    const res = await admin.get(`/admin/requests/${requestId}/delete`);
    expect(res.status).toBe(200);
    expect(await h.store.db.get<{ n: number }>('SELECT count(*) AS n FROM audit_log')).toEqual(before);
    expect(await h.store.subjectRequests.get(requestId)).toEqual(found);
  });

  it('checks permission before the form: a viewer posting an invalid verdict gets 403, not a validation redirect', async () => {
    const viewer = new Client(h as Harness);
    await viewer.login('viewer');
    await viewer.page(`/items/${h.ids[0]}`);
    for (const [path, fields] of [
      [`/items/${h.ids[0]}/verdict`, { verdict: 'not-a-verdict', reason: '' }],
      [`/items/${h.ids[0]}/status`, { to: 'nowhere' }],
      [`/grievances/${h.ids[3]}`, { status: 'bogus' }],
      [`/claims/1/verdict`, { verdict: 'x' }],
    ] as const) {
      expect((await viewer.post(path, fields)).status, path).toBe(403);
    }
    // A reviewer of another unit: the item does not exist for them, whatever the form says.
    const other = new Client(h as Harness);
    await other.login('reviewer2');
    expect((await other.post(`/items/${h.ids[0]}/verdict`, { verdict: 'not-a-verdict', reason: '' })).status).toBe(404);
  });
});
