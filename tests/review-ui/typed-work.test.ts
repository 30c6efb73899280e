import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, harness, ORIGIN, type Harness } from './harness.js';

// Issue 13, point 2: no typed work is ever lost.
let h: Harness;
beforeAll(async () => {
  h = await harness({ app: { sessionPolicy: { idleMs: 60 * 60_000 } } });
});
afterAll(() => h.close());

describe('no typed work is lost', () => {
  it('a form posted after the session expired goes to the login page, which says so, then back to the page', async () => {
    const c = new Client(h);
    await c.login('reviewer');
    const page = `/items/${h.ids[0]}`;
    await c.page(page);
    h.now.value = new Date(h.now.value.getTime() + 2 * 60 * 60_000); // idle past the hour
    try {
      const res = await c.post(`${page}/verdict`, { verdict: 'false', reason: 'Bộ Y tế bác bỏ' }, {});
      // (The Client sends no Referer: the fallback is the queue; with one it is that page.)
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/login?next=%2Fqueue&expired=1');
      expect(await h.store.verdicts.forItem(h.ids[0])).toEqual([]);
      const withRef = await h.app.request(`${page}/verdict`, {
        method: 'POST',
        body: new URLSearchParams({ _csrf: c.csrf, verdict: 'false', reason: 'x' }),
        headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, referer: `${ORIGIN}${page}` },
      });
      expect(withRef.headers.get('location')).toBe(`/login?next=${encodeURIComponent(page)}&expired=1`);
      const login = (await c.page(withRef.headers.get('location')!)).html;
      expect(login).toContain('Phiên làm việc đã hết hạn');
      expect(login).toContain(`name="next" value="${page}"`);
      const back = await c.post('/login', { username: 'reviewer', password: 'mật-khẩu-thử-nghiệm-đủ-dài', next: page });
      expect(back.headers.get('location')).toBe(page);
    } finally {
      h.now.value = new Date('2026-11-20T03:00:00Z');
    }
  });

  it('keeps a live session\'s wrong form token a 403 (CSRF protection unchanged)', async () => {
    const c = new Client(h);
    await c.login('reviewer');
    expect((await c.post(`/items/${h.ids[0]}/verdict`, { verdict: 'false', reason: 'x' }, { token: 'x'.repeat(22) })).status).toBe(403);
    expect((await c.post(`/items/${h.ids[0]}/verdict`, { verdict: 'false', reason: 'x' }, { origin: 'https://evil.example' })).status).toBe(403);
  });

  it('re-renders a refused claim form with the statement kept and the error at the field', async () => {
    const c = new Client(h);
    await c.login('reviewer');
    await c.page(`/items/${h.ids[1]}`);
    const res = await c.post(`/items/${h.ids[1]}/claims`, { statement: 'ab', label: 'covid_false' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/<textarea[^>]*id="statement"[^>]*aria-invalid="true"[^>]*aria-describedby="statement-error statement-help"[^>]*autofocus[^>]*>\s*ab<\/textarea>/);
    expect(html).toContain('Ô “nội dung luận điệu” chưa đúng, hãy kiểm tra lại.');
  });

  it('a new claim takes its item\'s verdict, so a response can be drafted at once; a template is inserted into what was typed', async () => {
    const c = new Client(h);
    await c.login('reviewer');
    const item = h.ids[1];
    await c.page(`/items/${item}`);
    await c.post(`/items/${item}/verdict`, { verdict: 'false', reason: 'Bộ Y tế: tỏi không chữa COVID' });
    const form = (await c.page(`/items/${item}`)).html;
    expect(form).toMatch(/<textarea[^>]*id="statement"[^>]*>\s*<\/textarea>/); // empty, the reviewer words it
    expect(form).toContain('lời trung lập');
    const res = await c.post(`/items/${item}/claims`, { statement: 'Ăn tỏi sống chữa khỏi COVID', label: 'covid_false' });
    const claimId = Number(/\/claims\/(\d+)$/.exec(res.headers.get('location')!)![1]);
    expect(await h.store.claims.get(claimId)).toMatchObject({ verdict: 'false', verdictReason: 'Bộ Y tế: tỏi không chữa COVID' });
    const claimPage = (await c.page(`/claims/${claimId}`)).html;
    expect(claimPage).toContain(`href="/claims/${claimId}/responses/new"`);
    // The audit log keeps a fingerprint of the statement, not its words.
    const audit = await h.store.db.all<{ detail: string }>(`SELECT detail FROM audit_log WHERE action = 'claim_create'`);
    expect(audit.map((a) => a.detail).join()).not.toContain('tỏi');

    await c.page(`/claims/${claimId}/responses/new`);
    const merged = await c.post(`/claims/${claimId}/responses/insert`, { body: 'Đoạn mở đầu tôi đã viết.', insert: 'covid-false', template: '', source_url: ['https://moh.gov.vn/a', ''], source_title: ['Bộ Y tế', ''] });
    expect(merged.status).toBe(200);
    const html = await merged.text();
    const body = /<textarea[^>]*id="body"[^>]*>([\s\S]*?)<\/textarea>/.exec(html)![1];
    expect(body.indexOf('Đoạn mở đầu tôi đã viết.')).toBeGreaterThanOrEqual(0);
    expect(body.indexOf('là Sai sự thật')).toBeGreaterThan(body.indexOf('Đoạn mở đầu tôi đã viết.'));
    expect(html).toContain('value="https://moh.gov.vn/a"');

    // A draft refused for want of a source: everything kept, the error next to the sources.
    const refused = await c.post(`/claims/${claimId}/responses`, { body: 'Nội dung dài tôi đã soạn', template: 'covid-false', source_url: ['', ''], source_title: ['', ''] });
    expect(refused.status).toBe(400);
    const r = await refused.text();
    expect(r).toContain('Nội dung dài tôi đã soạn');
    expect(r).toMatch(/<fieldset aria-describedby="sources-error">/);
    expect(r).toMatch(/<p id="sources-error"[^>]*>Cần ít nhất một nguồn/);
  });
});

describe('editing a saved response', () => {
  it('a refused edit keeps the typed text and sources, with the error next to the sources', async () => {
    const c = new Client(h);
    await c.login('reviewer');
    const claimId = (await h.store.db.get<{ id: number }>('SELECT max(id) AS id FROM claims'))!.id;
    await c.page(`/claims/${claimId}/responses/new`);
    const saved = await c.post(`/claims/${claimId}/responses`, { body: 'Bản đầu', source_url: 'https://moh.gov.vn/a', source_title: 'Bộ Y tế' });
    const path = saved.headers.get('location')!;
    await c.page(path);
    const res = await c.post(path, { body: 'Bản sửa dài đã gõ', source_url: ['https://who.int/x', 'not a url'], source_title: ['WHO', 'Một nguồn'] });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Bản sửa dài đã gõ');
    expect(html).toContain('value="https://who.int/x"');
    expect(html).toContain('value="not a url"');
    expect(html).toMatch(/<p id="sources-error"[^>]*>/);
  });
});
