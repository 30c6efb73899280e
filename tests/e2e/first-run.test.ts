import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../review-ui/app.js';
import { loadConfig } from '../../src/config.js';
import { issueSetupToken } from '../../src/review/first-admin.js';
import { openStore } from '../../src/storage/store.js';
import { tempDir } from '../helpers/foundation.js';
import { PASSWORD } from '../review-ui/harness.js';
import { useBrowserHarness } from './use-browser-harness.js';

// Issue 13, point 7: on an empty installation the one-time setup link (printed by `npm start`)
// creates the first admin in the browser, then no longer works; walked in Chromium with axe.
let token = '';

/** An empty installation: no user at all, and a setup link issued as `npm start` issues it. */
async function emptyInstallation() {
  const dir = tempDir('kc-e2e-setup-');
  const store = await openStore(join(dir, 'kc.db'));
  const config = loadConfig({ KC_DATA_DIR: dir, KC_RULES_DIR: join(dir, 'rules') });
  const app = createApp({ store, config, scrypt: { N: 1024, r: 8, p: 1 } });
  token = (await issueSetupToken(store, new Date()))!;
  return { store, app, close: () => store.close() };
}
const { h, session, page } = useBrowserHarness('first-run', { harness: emptyInstallation });

describe('first run in Chromium', { timeout: 240_000 }, () => {
  it('the login page tells the local visitor how to create the first admin', async () => {
    await session.goto('/login');
    expect(await page.$eval('main', (m) => m.textContent)).toContain('quản trị viên đầu tiên');
    await session.checkBoth('01-login-first-run');
  });

  it('the setup form: a mistake keeps the name and says what is wrong at its field', async () => {
    await session.goto(`/setup/${token}`);
    await session.checkBoth('02-setup');
    await page.type('#username', 'chu.tich');
    await page.type('#password', PASSWORD);
    await page.type('#confirm', 'gõ nhầm mật khẩu');
    await session.submit('main form button[type=submit]');
    expect(await page.$eval('#username', (e) => (e as HTMLInputElement).value)).toBe('chu.tich');
    expect(await page.$eval('#confirm', (e) => e.getAttribute('aria-invalid'))).toBe('true');
    const described = (await page.$eval('#confirm', (e) => e.getAttribute('aria-describedby'))) ?? '';
    expect(described).not.toBe('');
    expect(await page.$eval(`#${described.split(' ')[0]}`, (e) => e.textContent)).toBeTruthy();
    await session.checkBoth('03-setup-mismatch');
  });

  it('the setup link creates the first admin, who signs in; then the link is gone', async () => {
    const link = `${session.base}/setup/${token}`;
    await page.type('#password', PASSWORD);
    await page.type('#confirm', PASSWORD);
    await session.submit('main form button[type=submit]');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect((await h.store.users.byUsername('chu.tich'))?.role).toBe('admin');
    // An admin exists: the login page no longer shows the first-run hint.
    expect(await page.$eval('main', (m) => m.textContent)).not.toContain('quản trị viên đầu tiên');
    await session.checkBoth('04-login-setup-done');
    await session.login('chu.tich');
    expect(new URL(page.url()).pathname).toBe('/queue');
    await session.submit('form[action="/logout"] button');
    // The link is spent.
    const again = await page.goto(link, { waitUntil: 'domcontentloaded' });
    expect(again?.status()).toBe(410);
    expect(await page.$('#password')).toBeNull();
    await session.checkBoth('05-setup-spent');
  });
});
