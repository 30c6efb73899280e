import { describe, expect, it } from 'vitest';
import { DESKTOP, runAxe } from './browser-session.js';
import { useBrowserHarness } from './use-browser-harness.js';

// The journeys' accessibility checks pass only if they can fail: axe, run in the page by
// runAxe, must find what is wrong, at the size where it is wrong, after a resize without a new
// document (axe is then not injected again) and after a navigation (a new document gets it again).
const PAGE = `<!doctype html><html lang="vi"><head><title>Thử</title>
<style>.phone { display: none } @media (max-width: 600px) { .phone { display: block } }</style></head>
<body><main><h1>Thử</h1><p>Bình thường.</p><div class="phone"><button></button></div>%s</main></body></html>`;

function fixtureApp() {
  return {
    app: { fetch: (req: Request) => new Response(PAGE.replace('%s', new URL(req.url).pathname === '/img' ? '<img src="/x.png">' : ''), { headers: { 'content-type': 'text/html; charset=utf-8' } }) },
    close: async () => {},
  };
}
const { session, page } = useBrowserHarness('browser-session', { harness: async () => fixtureApp() });
const faults = async () => (await runAxe(page)).violations.map((v) => v.id);

describe('the e2e accessibility check', () => {
  it('finds a fault on the page, only at the size where it shows, and fails the check', async () => {
    await session.goto('/img');
    expect(await faults()).toEqual(['image-alt']);
    await expect(session.check('img')).rejects.toThrow(/image-alt/);
    // A nameless button shown only on a phone: clean at 1280 px, faulted at 360 px on the same document.
    await session.goto('/');
    expect(await faults()).toEqual([]);
    await expect(session.checkBoth('phone-only')).rejects.toThrow(/button-name/);
    await page.setViewport(DESKTOP);
    expect(await faults()).toEqual([]);
  });
});
