import { createHash, randomBytes } from 'node:crypto';
import type { Store } from '../storage/store.js';
import type { SessionUser } from '../storage/sessions.js';

export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
}

// Writing last_seen on every request would turn each page view into a write; a minute of slack is plenty.
const TOUCH_EVERY_MS = 60_000;

export const hashSessionId = (id: string) => createHash('sha256').update(id).digest('hex');

/** 128 random bits for the cookie, a separate random token for forms. Only the id's hash is stored. */
export async function startSession(store: Store, userId: number, nowMs: number): Promise<{ cookie: string; csrfToken: string }> {
  const cookie = randomBytes(16).toString('base64url');
  const csrfToken = randomBytes(16).toString('base64url');
  await store.sessions.create({ idHash: hashSessionId(cookie), userId, csrfToken, nowMs });
  return { cookie, csrfToken };
}

/** The live session for a cookie value, or null (unknown, expired, or its user disabled). */
export async function resolveSession(store: Store, cookie: string | undefined, nowMs: number, policy: SessionPolicy): Promise<SessionUser | null> {
  if (!cookie || cookie.length > 64) return null;
  const idHash = hashSessionId(cookie);
  const s = await store.sessions.find(idHash);
  if (!s) return null;
  if (nowMs - s.lastSeenMs > policy.idleMs || nowMs - s.createdMs > policy.absoluteMs) {
    await store.write(() => store.sessions.delete(idHash));
    return null;
  }
  if (nowMs - s.lastSeenMs > TOUCH_EVERY_MS) await store.write(() => store.sessions.touch(idHash, nowMs));
  return s;
}

export async function endSession(store: Store, cookie: string): Promise<void> {
  await store.write(() => store.sessions.delete(hashSessionId(cookie)));
}
