import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { audit } from '../../src/review/audit.js';
import { hasAdmin } from '../../src/review/first-admin.js';
import { login } from '../../src/review/auth-service.js';
import { endSession } from '../../src/review/sessions.js';
import { clearSessionCookie, PRELOGIN_COOKIE, readSessionCookie, setSessionCookie } from '../auth/cookies.js';
import type { AppEnv } from '../context.js';
import { LoginPage } from '../views/login-page.js';
import { viewCtx } from '../views/view-context.js';
import { meta } from './helpers.js';

const loginSchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
  next: z.string().max(2000).optional(),
});

const SITE = 'http://kc.invalid';
const LOCAL_PATH = /^\/(?![/\\])[\x21-\x7e]*$/;

/**
 * Only same-site paths: `next` must never send a user to another host. It ends up in a Location
 * header, so control characters (a DEL made the redirect throw after the session was created:
 * issue 14, finding 9) are refused and anything else non-ASCII is percent-encoded by the URL
 * parser; the result is checked again, as "/..//host" normalises to "//host".
 */
export function safeNext(next: string | undefined): string {
  if (!next || !/^\/(?![/\\])/.test(next) || /[\p{Cc}\\]/u.test(next)) return '/queue';
  const url = new URL(next, SITE);
  const out = url.pathname + url.search + url.hash;
  return url.origin === SITE && LOCAL_PATH.test(out) ? out : '/queue';
}

/** Sets the pre-login form token (cookie) so a form rendered before sign-in can be posted. */
export function ensurePreloginToken(c: Context<AppEnv>): void {
  if (c.get('session') || getCookie(c, PRELOGIN_COOKIE)) return;
  const token = randomBytes(16).toString('base64url');
  setCookie(c, PRELOGIN_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'Lax', secure: c.get('secure'), maxAge: 3600 });
  c.set('preloginToken', token); // the form rendered in this same response must carry it
}

/** A visitor on this machine: loopback, or an in-process request (tests). */
function isLocalVisitor(ip: string | undefined): boolean {
  return ip === 'local' || ip === '::1' || /^(::ffff:)?127\./.test(ip ?? '');
}

export function authRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/login', async (c) => {
    if (c.get('user')) return c.redirect(safeNext(c.req.query('next')), 303);
    ensurePreloginToken(c);
    // First run: how to create the first admin, told only to someone at the server itself.
    const firstRun = isLocalVisitor(c.get('ip')) && !(await hasAdmin(c.get('deps').store));
    return c.html(<LoginPage ctx={viewCtx(c)} next={safeNext(c.req.query('next'))} firstRun={firstRun} setupDone={c.req.query('setup') === 'done'} expired={c.req.query('expired') === '1'} />);
  });

  app.post('/login', async (c) => {
    const { store, clock, throttle, sessionPolicy, scrypt } = c.get('deps');
    const parsed = loginSchema.safeParse(await c.req.parseBody());
    const next = safeNext(parsed.success ? parsed.data.next : undefined);
    if (!parsed.success) return c.html(<LoginPage ctx={viewCtx(c)} next={next} error="invalid" />, 400);
    const r = await login(
      store,
      { username: parsed.data.username, password: parsed.data.password, ip: c.get('ip'), previousCookie: readSessionCookie(c) },
      { now: clock(), throttle, scrypt },
    );
    if (!r.ok && r.reason === 'throttled') {
      c.header('Retry-After', String(r.retryAfterSec));
      return c.html(<LoginPage ctx={viewCtx(c)} next={next} error="throttled" retryAfterMin={Math.ceil(r.retryAfterSec / 60)} username={parsed.data.username} />, 429);
    }
    if (!r.ok) return c.html(<LoginPage ctx={viewCtx(c)} next={next} error="invalid" username={parsed.data.username} />, 401);
    // Abandoned sessions are never looked up again; sweep them while someone is signing in.
    const nowMs = clock().getTime();
    await store.write(() => store.sessions.purgeExpired(nowMs - sessionPolicy.idleMs, nowMs - sessionPolicy.absoluteMs));
    setSessionCookie(c, r.cookie, Math.floor(sessionPolicy.absoluteMs / 1000));
    return c.redirect(next, 303);
  });

  app.post('/logout', async (c) => {
    const { store } = c.get('deps');
    const cookie = c.get('sessionCookie');
    const user = c.get('user');
    if (cookie) await endSession(store, cookie);
    if (user) await audit(store, user, 'logout', meta(c));
    clearSessionCookie(c);
    return c.redirect('/login', 303);
  });
  return app;
}
