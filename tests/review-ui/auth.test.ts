import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUserDisabled } from '../../src/review/user-service.js';
import { Client, harness, PASSWORD, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(() => h.close());

const PROTECTED = ['/', '/queue', '/queue?label=covid_false', '/items/1', '/claims', '/claims/1', '/responses', '/responses/1', '/grievances', '/admin/audit'];

describe('authentication', () => {
  it.each(PROTECTED)('anonymous GET %s redirects to /login', async (path) => {
    const res = await new Client(h).get(path);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/login(\?next=|$)/);
  });

  it('keeps where the user was going and only allows local paths as next', async () => {
    const res = await new Client(h).get('/queue?label=grievance');
    expect(res.headers.get('location')).toBe('/login?next=%2Fqueue%3Flabel%3Dgrievance');
    const c = new Client(h);
    await c.page('/login');
    const evil = await c.post('/login', { username: 'reviewer', password: PASSWORD, next: '//evil.example/x' });
    expect(evil.headers.get('location')).toBe('/queue');
    await c.page('/login');
    const ok = await new Client(h).login('reviewer');
    expect(ok.headers.get('location')).toBe('/queue');
  });

  it('has no default account', async () => {
    const c = new Client(h);
    for (const [u, p] of [['admin', 'admin'], ['root', 'root'], ['admin', 'password']]) {
      expect((await (await c.page('/login'), c.post('/login', { username: u, password: p }))).status).toBe(401);
    }
  });

  it('sets an HttpOnly, SameSite=Lax session cookie, Secure only over https', async () => {
    const c = new Client(h);
    const res = await c.login('reviewer');
    const line = res.headers.getSetCookie().find((l) => l.startsWith('kc_session='))!;
    expect(line).toMatch(/HttpOnly/);
    expect(line).toMatch(/SameSite=Lax/);
    expect(line).not.toMatch(/Secure/);
    const pre = await h.app.request('https://kc.example/login');
    const token = /name="_csrf" value="([^"]+)"/.exec(await pre.text())![1];
    const cookie = pre.headers.getSetCookie().map((l) => l.split(';')[0]).join('; ');
    expect(pre.headers.getSetCookie().join('\n')).toMatch(/Secure/);
    const https = await h.app.request('https://kc.example/login', {
      method: 'POST',
      headers: { origin: 'https://kc.example', cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: token, username: 'reviewer', password: PASSWORD }),
    });
    expect(https.status).toBe(303);
    expect(https.headers.getSetCookie().find((l) => l.startsWith('kc_session='))).toMatch(/Secure/);
  });

  it('rotates the session id at login and rejects the old cookie after logout', async () => {
    const c = new Client(h);
    await c.login('reviewer');
    const first = c.cookies.get('kc_session')!;
    await c.login('reviewer');
    const second = c.cookies.get('kc_session')!;
    expect(second).not.toBe(first);
    const stale = new Client(h);
    stale.cookies.set('kc_session', first);
    expect((await stale.get('/queue')).status).toBe(303);
    expect((await c.get('/queue')).status).toBe(200);
    await c.page('/queue');
    expect((await c.post('/logout', {})).status).toBe(303);
    const replay = new Client(h);
    replay.cookies.set('kc_session', second);
    const res = await replay.get('/queue');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/login/);
  });

  it('stores only a hash of the session id, 128 bits of randomness', async () => {
    const c = new Client(h);
    await c.login('viewer');
    const id = c.cookies.get('kc_session')!;
    expect(Buffer.from(id, 'base64url').length).toBe(16);
    const rows = await h.store.db.all<{ id_hash: string }>('SELECT id_hash FROM sessions');
    expect(rows.some((r) => r.id_hash === id)).toBe(false);
    expect(rows.some((r) => r.id_hash.length === 64)).toBe(true);
  });

  it('expires idle and overly old sessions', async () => {
    const start = h.now.value;
    try {
      const c = new Client(h);
      await c.login('viewer');
      h.now.value = new Date(start.getTime() + 119 * 60_000);
      expect((await c.get('/queue')).status).toBe(200); // activity within the idle window
      for (let i = 1; i <= 6; i++) {
        h.now.value = new Date(start.getTime() + i * 110 * 60_000);
        expect((await c.get('/queue')).status).toBe(200);
      }
      h.now.value = new Date(start.getTime() + 12 * 3600_000 + 1000);
      expect((await c.get('/queue')).status).toBe(303); // absolute limit, despite activity
      const idle = new Client(h);
      h.now.value = start;
      await idle.login('viewer');
      h.now.value = new Date(start.getTime() + 2 * 3600_000 + 60_001);
      expect((await idle.get('/queue')).status).toBe(303);
      // Sessions nobody comes back to are swept at the next sign-in.
      const abandoned = new Client(h);
      h.now.value = start;
      await abandoned.login('viewer');
      const before = await h.store.sessions.countForUser(h.users.viewer);
      h.now.value = new Date(start.getTime() + 13 * 3600_000);
      await new Client(h).login('viewer');
      expect(await h.store.sessions.countForUser(h.users.viewer)).toBeLessThan(before);
      expect(await h.store.sessions.countForUser(h.users.viewer)).toBe(1);
    } finally {
      h.now.value = start;
    }
  });

  it('ends the sessions of a disabled user', async () => {
    const c = new Client(h);
    await c.login('reviewer2');
    expect((await c.get('/queue')).status).toBe(200);
    await setUserDisabled(h.store, { id: null, username: 'cli' }, 'reviewer2', true, { now: h.now.value });
    expect((await c.get('/queue')).status).toBe(303);
    expect((await new Client(h).login('reviewer2')).status).toBe(401);
    await setUserDisabled(h.store, { id: null, username: 'cli' }, 'reviewer2', false, { now: h.now.value });
    expect((await new Client(h).login('reviewer2')).status).toBe(303);
  });

  it('audits logins and failed logins', async () => {
    const rows = await h.store.db.all<{ action: string; username: string | null; detail: string }>(`SELECT action, username, detail FROM audit_log WHERE action LIKE 'login%'`);
    expect(rows.some((r) => r.action === 'login' && r.username === 'reviewer')).toBe(true);
    expect(rows.some((r) => r.action === 'login_failed' && JSON.parse(r.detail).username === 'root')).toBe(true);
  });
});

describe('login throttling', () => {
  it('answers 429 after repeated failures while another user still logs in, and lets the real user back later', async () => {
    const attacker = new Client(h);
    await attacker.page('/login');
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await attacker.post('/login', { username: 'reviewer', password: `wrong-${i}-xxxxxx` })).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10).every((s) => s === 429)).toBe(true);
    const last = await attacker.post('/login', { username: 'reviewer', password: PASSWORD });
    expect(last.status).toBe(429); // even the right password waits: no oracle while throttled
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await new Client(h).login('admin')).status).toBe(303);
    const start = h.now.value;
    try {
      h.now.value = new Date(start.getTime() + 16 * 60_000);
      expect((await new Client(h).login('reviewer')).status).toBe(303);
    } finally {
      h.now.value = start;
    }
  });

  it('throttles one address spraying many accounts', async () => {
    const h2 = await harness({ items: [], app: { throttle: { perIp: 12 } } });
    try {
      const c = new Client(h2);
      await c.page('/login');
      const statuses: number[] = [];
      for (let i = 0; i < 15; i++) statuses.push((await c.post('/login', { username: `user${i}`, password: 'wrong-password-x' })).status);
      expect(statuses.slice(0, 12).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(12).every((s) => s === 429)).toBe(true);
    } finally {
      await h2.close();
    }
  });
});

describe('language', () => {
  it('is Vietnamese by default, English by ?lang=, cookie or Accept-Language', async () => {
    const vi = await (await new Client(h).get('/login')).text();
    expect(vi).toContain('<html lang="vi"');
    expect(vi).toContain('Đăng nhập');
    const c = new Client(h);
    const en = await (await c.get('/login?lang=en')).text();
    expect(en).toContain('<html lang="en"');
    expect(en).toContain('Sign in');
    expect(c.cookies.get('kc_lang')).toBe('en');
    expect(await (await c.get('/login')).text()).toContain('Sign in');
    const header = await (await new Client(h).get('/login', { 'accept-language': 'en-US,en;q=0.9,vi;q=0.5' })).text();
    expect(header).toContain('Sign in');
    const viHeader = await (await new Client(h).get('/login', { 'accept-language': 'vi-VN,vi;q=0.9,en;q=0.8' })).text();
    expect(viHeader).toContain('Đăng nhập');
  });
});
