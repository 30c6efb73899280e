import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { safeNext } from '../routes/login.js';
import { getCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import type { Role } from '../../src/types.js';
import type { AppEnv } from '../context.js';
import { PRELOGIN_COOKIE } from './cookies.js';

/**
 * Where a form posted without a live session sends the user: the login page, saying the session
 * expired, then back to the page the form was on (its Referer; same-origin is enforced by csrf()).
 */
export function loginAgain(c: Context<AppEnv>): string {
  let page = '/queue';
  try {
    const ref = new URL(c.req.header('referer') ?? '');
    page = ref.pathname + ref.search;
  } catch {
    // no or unreadable Referer: the queue
  }
  return `/login?next=${encodeURIComponent(safeNext(page))}&expired=1`;
}

/** Anonymous visitors are sent to the login page (GET), or to it saying the session expired (a form). */
export function requireUser(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!c.get('user')) {
      if (c.req.method === 'GET' || c.req.method === 'HEAD') {
        const back = c.req.path + (new URL(c.req.url).search || '');
        return c.redirect(`/login?next=${encodeURIComponent(back)}`, 303);
      }
      return c.redirect(loginAgain(c), 303);
    }
    await next();
  };
}

/** Only these roles pass; others get 403 (they are signed in, so the page's existence is no secret). */
export function requireRole(...roles: Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const user = c.get('user');
    if (!user) throw new HTTPException(401);
    if (!roles.includes(user.role)) throw new HTTPException(403);
    await next();
  };
}

/**
 * Viewers read; they never change anything (see canDecide). Refused here, before any route parses
 * its form, so a viewer gets 403 rather than a validation message (issue 14, finding 12). Mounted
 * after the login routes, so signing out still works.
 */
export function readOnlyViewers(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && c.get('user')?.role === 'viewer') throw new HTTPException(403);
    await next();
  };
}

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * Every state-changing request carries the form token: the session's, or for the login form the
 * pre-login double-submit cookie. Complements hono's csrf() Origin check (defence in depth).
 */
export function formToken(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS') return next();
    const type = c.req.header('content-type') ?? '';
    if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)) throw new HTTPException(415);
    const body = await c.req.parseBody();
    const sent = typeof body._csrf === 'string' ? body._csrf : '';
    const session = c.get('session');
    const expected = session ? session.csrfToken : (getCookie(c, PRELOGIN_COOKIE) ?? '');
    if (!sent || !expected || !same(sent, expected)) {
      // No live session (it expired, or was ended elsewhere): nothing is done, and instead of a bare
      // 403 the user signs in again and comes back to the page, where static/drafts.js puts back
      // what was typed. With a live session a wrong token stays a 403 (a forged request).
      // The public tip form (/tip) has no account to sign in to: a stale token there is a plain 403.
      if (!session && c.req.path !== '/login' && c.req.path !== '/tip') return c.redirect(loginAgain(c), 303);
      throw new HTTPException(403);
    }
    await next();
  };
}
