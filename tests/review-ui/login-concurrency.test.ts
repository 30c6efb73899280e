import { describe, expect, it } from 'vitest';
import { Client, harness, PASSWORD } from './harness.js';

// Issue 14, finding 3: the failure count was checked, scrypt ran, and only then the failure was
// recorded, so a burst of parallel attempts all passed the check. Each attempt is now counted
// (atomically) before its password is verified.
describe('login throttling under concurrency', () => {
  it('lets at most perAccount attempts through a parallel burst, the right password included', async () => {
    const h = await harness({ items: [] });
    try {
      const c = new Client(h);
      await c.page('/login');
      const burst = Array.from({ length: 30 }, (_, i) => c.post('/login', { username: 'reviewer', password: `wrong-${i}-xxxxxxxx` }));
      burst.push(c.post('/login', { username: 'reviewer', password: PASSWORD }));
      const statuses = (await Promise.all(burst)).map((r) => r.status);
      const reachedPasswordCheck = statuses.filter((s) => s !== 429);
      expect(reachedPasswordCheck.length).toBeLessThanOrEqual(10);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(21);
      // Once throttled, the right password waits too.
      expect((await c.post('/login', { username: 'reviewer', password: PASSWORD })).status).toBe(429);
    } finally {
      await h.close();
    }
  });

  it('lets at most perIp attempts from one address through a parallel spray over many accounts', async () => {
    const h = await harness({ items: [], app: { throttle: { perIp: 12 } } });
    try {
      const c = new Client(h);
      await c.page('/login');
      const statuses = (await Promise.all(Array.from({ length: 40 }, (_, i) => c.post('/login', { username: `user${i}`, password: 'wrong-password-x' })))).map((r) => r.status);
      expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(12);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(28);
    } finally {
      await h.close();
    }
  });

  it('does not count successful logins against the address', async () => {
    const h = await harness({ items: [], app: { throttle: { perIp: 3 } } });
    try {
      for (let i = 0; i < 5; i++) expect((await new Client(h).login('reviewer')).status).toBe(303);
    } finally {
      await h.close();
    }
  });
});

describe('client address behind a trusted proxy', () => {
  it('takes the address the proxy appended (rightmost X-Forwarded-For), not one the client forged', async () => {
    const h = await harness({ items: [], app: { trustProxy: true, throttle: { perIp: 5 } } });
    try {
      const page = await h.app.request('http://127.0.0.1:3000/login', { headers: { 'x-forwarded-for': '198.51.100.7' } });
      const cookie = page.headers.getSetCookie().map((l) => l.split(';')[0]).join('; ');
      const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1];
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        const res = await h.app.request('http://127.0.0.1:3000/login', {
          method: 'POST',
          // The client sends its own X-Forwarded-For; the proxy appends the address it saw.
          headers: { 'x-forwarded-for': `10.9.8.${i}, 198.51.100.7`, origin: 'http://127.0.0.1:3000', cookie, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ _csrf: token, username: `user${i}`, password: 'wrong-password-here' }),
        });
        statuses.push(res.status);
      }
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(statuses.slice(5).every((s) => s === 429)).toBe(true);
      const failed = await h.store.audit.page({ action: 'login_failed', limit: 10 });
      expect(new Set(failed.map((r) => r.ip))).toEqual(new Set(['198.51.100.7']));
    } finally {
      await h.close();
    }
  });
});
