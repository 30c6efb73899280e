import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../context.js';

export const SESSION_COOKIE = 'kc_session';
/** Double-submit token for the login form (no session exists yet). */
export const PRELOGIN_COOKIE = 'kc_prelogin';

export function setSessionCookie(c: Context<AppEnv>, value: string, maxAgeSec: number): void {
  setCookie(c, SESSION_COOKIE, value, { path: '/', httpOnly: true, sameSite: 'Lax', secure: c.get('secure'), maxAge: maxAgeSec });
}
export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: c.get('secure') });
}
export const readSessionCookie = (c: Context<AppEnv>) => getCookie(c, SESSION_COOKIE);
