import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, DEFAULT_ITEMS, harness, type Harness } from './harness.js';

const XSS = '<script>alert(1)</script><img src=x onerror=alert(1)>';
let h: Harness;
let xssId: number;
beforeAll(async () => {
  h = await harness({
    items: [
      ...DEFAULT_ITEMS,
      { title: `${XSS} tỏi chữa khỏi`, text: `${XSS} uống tỏi chữa khỏi "quotes" & ampersands`, source: 'forum-a', unit: 'hanoi', author: `<b>${XSS}</b>`, url: 'https://forum.example/x?a=<script>' },
    ],
    app: {
      extend: (app) => {
        app.get('/boom', () => {
          throw new Error('secret internal detail at /srv/db.sqlite');
        });
      },
    },
  });
  xssId = h.ids[h.ids.length - 1];
});
afterAll(() => h.close());

describe('CSRF', () => {
  it('refuses a form POST from a foreign Origin, without a token, or with a wrong token', async () => {
    const c = new Client(h);
    await c.login('reviewer');
    const item = `/items/${h.ids[0]}/verdict`;
    const fields = { verdict: 'false', reason: 'sai' };
    expect((await c.post(item, fields, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await c.post(item, fields, { origin: null })).status).toBe(403);
    expect((await c.post(item, fields, { token: null })).status).toBe(403);
    expect((await c.post(item, fields, { token: 'x'.repeat(22) })).status).toBe(403);
    const other = new Client(h);
    await other.login('admin');
    expect((await c.post(item, fields, { token: other.csrf })).status).toBe(403); // another session's token
    expect(await h.store.verdicts.forItem(h.ids[0])).toHaveLength(0);
    expect((await c.post(item, fields)).status).toBe(303);
    expect(await h.store.verdicts.forItem(h.ids[0])).toHaveLength(1);
  });

  it('protects the login form too (pre-session token)', async () => {
    const c = new Client(h);
    await c.page('/login');
    expect((await c.post('/login', { username: 'admin', password: 'x' }, { token: null })).status).toBe(403);
    expect((await c.post('/login', { username: 'admin', password: 'x' }, { origin: 'https://evil.example' })).status).toBe(403);
  });

  it('refuses non-form bodies and oversized bodies', async () => {
    const c = new Client(h);
    await c.login('reviewer');
    const json = await h.app.request(`/items/${h.ids[0]}/verdict`, {
      method: 'POST',
      headers: { cookie: `kc_session=${c.cookies.get('kc_session')}`, origin: 'http://localhost', 'content-type': 'application/json' },
      body: JSON.stringify({ verdict: 'false' }),
    });
    expect(json.status).toBe(415);
    const big = await c.post(`/items/${h.ids[0]}/verdict`, { verdict: 'false', reason: 'x', note: 'y'.repeat(300_000) });
    expect(big.status).toBe(413);
  });
});

describe('headers and errors', () => {
  it('sends a strict CSP, frame-ancestors none, nosniff and a referrer policy', async () => {
    const res = await new Client(h).get('/login');
    const csp = res.headers.get('content-security-policy')!;
    const script = csp.split(';').find((d) => d.trim().startsWith('script-src'))!;
    expect(script).toContain("'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('serves its stylesheet and script from its own origin', async () => {
    const css = await new Client(h).get('/static/app.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/text\/css/);
    expect((await new Client(h).get('/static/copy.js')).headers.get('content-type')).toMatch(/javascript/);
    expect((await new Client(h).get('/static/../app.tsx')).status).not.toBe(200);
  });

  it('shows generic error pages without stack traces or internals', async () => {
    const c = new Client(h);
    await c.login('viewer');
    const boom = await c.get('/boom');
    expect(boom.status).toBe(500);
    const body = await boom.text();
    expect(body).not.toContain('secret internal detail');
    expect(body).not.toMatch(/at .*\.(ts|js):\d+/);
    expect(body).toContain('Lỗi hệ thống');
    const missing = await c.get('/nope');
    expect(missing.status).toBe(404);
    expect((await c.get('/items/99999999')).status).toBe(404);
    expect((await c.get('/items/abc')).status).toBe(404);
  });
});

describe('escaping crawled text', () => {
  it('renders script and onerror payloads as text on the item page and in the queue', async () => {
    const c = new Client(h);
    await c.login('admin');
    for (const path of [`/items/${xssId}`, '/queue', '/queue?q=t%E1%BB%8Fi']) {
      const html = await (await c.get(path)).text();
      expect(html).not.toContain('<script>alert(1)</script>');
      expect(html).not.toContain('<img src=x');
      expect(html).not.toMatch(/<img[^>]+onerror/i);
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
    const page = await (await c.page(`/items/${xssId}`)).html;
    expect(page).toContain('<mark class="hl label-covid_false"');
    const reveal = await (await c.post(`/items/${xssId}/reveal-author`, {})).text();
    expect(reveal).toContain('&lt;b&gt;&lt;script&gt;');
    expect(reveal).not.toContain('<b><script>');
  });

  it('links only http(s) sources, with rel noopener noreferrer nofollow', async () => {
    const c = new Client(h);
    await c.login('admin');
    const js = await (await c.get(`/items/${h.ids[2]}`)).text();
    expect(js).not.toContain('javascript:alert');
    const ok = await (await c.get(`/items/${h.ids[0]}`)).text();
    expect(ok).toMatch(/<a href="https:\/\/forum\.example\/p\/1" rel="noopener noreferrer nofollow"/);
  });

  it('never uses raw() or dangerouslySetInnerHTML in the review UI', () => {
    const root = join(import.meta.dirname, '../../review-ui');
    const files: string[] = [];
    const walk = (d: string) => {
      for (const f of readdirSync(d)) {
        const p = join(d, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.(tsx?|js)$/.test(f)) files.push(p);
      }
    };
    walk(root);
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const src = readFileSync(f, 'utf8');
      expect(src, f).not.toMatch(/\braw\s*\(/);
      expect(src, f).not.toMatch(/dangerouslySetInnerHTML/);
      expect(src, f).not.toMatch(/from ['"]hono\/html['"]/);
    }
  });
});

describe('evidence files', () => {
  it('serves the screenshot and a sandboxed snapshot, never files outside the evidence folder', async () => {
    const id = h.ids[0];
    // The worker writes to <dataDir>/evidence/<item id>/; nothing outside that folder is served (more in evidence-access.test.ts).
    const dir = join(h.dir, 'evidence', String(id));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '1.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    writeFileSync(join(dir, '1.html'), '<html><script>alert(1)</script></html>');
    writeFileSync(join(h.dir, 'secret.txt'), 'secret');
    await h.store.db.run(`INSERT INTO evidence (item_id, url, status, queued_at, not_before, captured_at, html_path, html_sha256, png_path, png_sha256)
      VALUES (?, 'https://forum.example/p/1', 'done', 'now', 'now', '2026-11-19T00:00:00Z', ?, 'aa', ?, 'bb')`, [id, `evidence/${id}/1.html`, `evidence/${id}/1.png`]);
    await h.store.db.run(`INSERT INTO evidence (item_id, url, status, queued_at, not_before, html_path, png_path) VALUES (?, 'u', 'done', 'now', 'now', '../secret.txt', '/etc/passwd')`, [h.ids[1]]);
    const c = new Client(h);
    await c.login('reviewer');
    expect(await (await c.get(`/items/${id}`)).text()).toContain(`/items/${id}/evidence/screenshot`);
    const png = await c.get(`/items/${id}/evidence/screenshot`);
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    const snap = await c.get(`/items/${id}/evidence/snapshot`);
    expect(snap.status).toBe(200);
    expect(snap.headers.get('content-security-policy')).toMatch(/^sandbox/);
    expect((await c.get(`/items/${h.ids[1]}/evidence/snapshot`)).status).toBe(404);
    expect((await c.get(`/items/${h.ids[1]}/evidence/screenshot`)).status).toBe(404);
    const other = new Client(h);
    await other.login('reviewer2');
    expect((await other.get(`/items/${id}/evidence/screenshot`)).status).toBe(404);
  });
});

describe('behind a reverse proxy', () => {
  it('accepts the https origin the browser saw when proxy headers are trusted, and marks cookies Secure', async () => {
    const h2 = await harness({ items: [], app: { trustProxy: true } });
    try {
      const proxied = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'kc.example.vn', 'x-forwarded-for': '203.0.113.9' };
      const page = await h2.app.request('http://127.0.0.1:3000/login', { headers: proxied });
      const cookie = page.headers.getSetCookie().map((l) => l.split(';')[0]).join('; ');
      expect(page.headers.getSetCookie().join('\n')).toMatch(/Secure/);
      const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1];
      const post = (origin: string) =>
        h2.app.request('http://127.0.0.1:3000/login', {
          method: 'POST',
          headers: { ...proxied, origin, cookie, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ _csrf: token, username: 'admin', password: 'wrong-password-here' }),
        });
      expect((await post('https://evil.example')).status).toBe(403);
      expect((await post('https://kc.example.vn')).status).toBe(401); // reached the login check
      const failed = await h2.store.audit.page({ action: 'login_failed', limit: 1 });
      expect(failed[0].ip).toBe('203.0.113.9');
    } finally {
      await h2.close();
    }
  });
});
