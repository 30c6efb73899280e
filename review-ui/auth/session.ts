import type { MiddlewareHandler } from 'hono';
import { resolveSession } from '../../src/review/sessions.js';
import type { AppEnv, Flash } from '../context.js';
import { readSessionCookie } from './cookies.js';

/** Loads the session and its user (if any) for every request; consumes the one-shot flash. */
export function sessionLoader(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { store, clock, sessionPolicy } = c.get('deps');
    const cookie = readSessionCookie(c);
    const s = await resolveSession(store, cookie, clock().getTime(), sessionPolicy);
    c.set('session', s);
    c.set('sessionCookie', s ? cookie! : null);
    c.set('user', s ? { id: s.userId, username: s.username, role: s.role, unit: s.unit } : null);
    let flash: Flash | null = null;
    if (s?.flash && c.req.method === 'GET') {
      flash = s.flash as Flash;
      await store.write(() => store.sessions.setFlash(s.idHash, null));
    }
    c.set('flash', flash);
    await next();
  };
}

/** Leaves a message for the next page (post/redirect/get). */
export async function setFlash(c: Parameters<MiddlewareHandler<AppEnv>>[0], flash: Flash): Promise<void> {
  const s = c.get('session');
  if (!s) return;
  const { store } = c.get('deps');
  await store.write(() => store.sessions.setFlash(s.idHash, flash));
}
