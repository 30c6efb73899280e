import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../review-ui/app.js';
import { loadConfig } from '../../src/config.js';
import { issueSetupToken } from '../../src/review/first-admin.js';
import { openStore, type Store } from '../../src/storage/store.js';
import { addUser, Client, type Harness, PASSWORD } from './harness.js';

/** An empty installation (no user at all), served in-process like the harness does. */
function emptyInstall(dir: string, store: Store, trustProxy = false): Harness {
  const config = loadConfig({ KC_DATA_DIR: dir, KC_RULES_DIR: join(dir, 'rules') });
  const app = createApp({ store, config, clock: () => new Date('2026-11-20T03:00:00Z'), scrypt: { N: 1024, r: 8, p: 1 }, trustProxy });
  return { dir, store, app, now: { value: new Date() }, users: {}, ids: [], close: async () => undefined } as unknown as Harness;
}

describe('first run: the one-time setup link creates the first admin', () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kc-setup-'));
    store = await openStore(join(dir, 'kc.db'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('works once, then fails; the new admin can sign in; the action is audited', async () => {
    const h = emptyInstall(dir, store);
    const token = (await issueSetupToken(store, new Date()))!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const c = new Client(h);
    const { res, html } = await c.page(`/setup/${token}`);
    expect(res.status).toBe(200);
    expect(html).toContain('Tạo tài khoản quản trị viên đầu tiên');
    // The token never leaves the site in a Referer.
    expect(res.headers.get('referrer-policy')).toBe('same-origin');

    // A mistake keeps the username and says what is wrong, at the field.
    const bad = await c.post(`/setup/${token}`, { username: 'chu.tich', password: PASSWORD, confirm: 'khác' });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('value="chu.tich"');
    expect(badHtml).toMatch(/id="confirm"[^>]*aria-invalid="true"/);

    const ok = await c.post(`/setup/${token}`, { username: 'chu.tich', password: PASSWORD, confirm: PASSWORD });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/login?setup=done');
    const admin = await store.users.byUsername('chu.tich');
    expect(admin?.role).toBe('admin');
    const logged = await new Client(h).login('chu.tich');
    expect(logged.status).toBe(303);
    const entries = await store.db.all<{ action: string; username: string | null }>("SELECT action, username FROM audit_log WHERE action = 'user_add'");
    expect(entries).toEqual([{ action: 'user_add', username: 'setup' }]);

    // Spent: the same link now fails, for GET and for POST, and makes no second admin.
    expect((await new Client(h).get(`/setup/${token}`)).status).toBe(410);
    const again = new Client(h);
    await again.page('/login');
    expect((await again.post(`/setup/${token}`, { username: 'ke.khac', password: PASSWORD, confirm: PASSWORD })).status).toBe(410);
    expect(await store.users.byUsername('ke.khac')).toBeUndefined();
  });

  it('is refused when an admin exists, and a wrong or earlier token never works', async () => {
    const h = emptyInstall(dir, store);
    const first = (await issueSetupToken(store, new Date()))!;
    const latest = (await issueSetupToken(store, new Date()))!;
    expect((await new Client(h).get(`/setup/${first}`)).status).toBe(410);
    expect((await new Client(h).get(`/setup/${'x'.repeat(32)}`)).status).toBe(410);
    expect((await new Client(h).get(`/setup/${latest}`)).status).toBe(200);
    // An admin made another way (cli users add) ends the link.
    await addUser(store, 'quan.tri', 'admin', null);
    expect((await new Client(h).get(`/setup/${latest}`)).status).toBe(410);
    expect(await issueSetupToken(store, new Date())).toBeNull();
  });

  it('the login page tells a local visitor how to create the first admin, nobody else, and not once one exists', async () => {
    const local = await (await new Client(emptyInstall(dir, store)).get('/login')).text();
    expect(local).toContain('Cài đặt lần đầu: chưa có quản trị viên');
    expect(local).toContain('users add');
    const remote = await (await new Client(emptyInstall(dir, store, true)).get('/login', { 'x-forwarded-for': '203.0.113.9' })).text();
    expect(remote).not.toContain('Cài đặt lần đầu');
    await addUser(store, 'quan.tri', 'admin', null);
    expect(await (await new Client(emptyInstall(dir, store)).get('/login')).text()).not.toContain('Cài đặt lần đầu');
  });
});
