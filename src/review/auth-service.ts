import type { Store } from '../storage/store.js';
import { audit } from './audit.js';
import { dummyHash, verifyPassword, type ScryptParams } from './passwords.js';
import { startSession, endSession } from './sessions.js';
import { throttleAttempt, throttleSuccess, type ThrottlePolicy } from './login-throttle.js';

export type LoginResult =
  | { ok: true; cookie: string; userId: number }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterSec: number };

/**
 * Checks credentials under the throttle, and on success opens a fresh session (the id is
 * rotated: any session the browser came with is ended). Failures are audited with the name tried.
 */
export async function login(
  store: Store,
  input: { username: string; password: string; ip: string; previousCookie?: string },
  opts: { now: Date; throttle: ThrottlePolicy; scrypt?: ScryptParams },
): Promise<LoginResult> {
  const nowMs = opts.now.getTime();
  const meta = { now: opts.now, ip: input.ip };
  // Counted before the password is checked: see throttleAttempt.
  const gate = await throttleAttempt(store, input.username, input.ip, nowMs, opts.throttle);
  if (!gate.allowed) return { ok: false, reason: 'throttled', retryAfterSec: gate.retryAfterSec };
  const cred = await store.users.credentials(input.username);
  // An unknown name costs the same hashing as a known one (no timing oracle on usernames).
  const valid = await verifyPassword(input.password, cred?.passwordHash ?? (await dummyHash(opts.scrypt)));
  const user = cred?.user;
  if (!user || !valid || user.disabled) {
    await audit(store, user ? { id: user.id, username: user.username } : null, 'login_failed', meta, undefined, { username: input.username.slice(0, 64) });
    return { ok: false, reason: 'invalid' };
  }
  await throttleSuccess(store, input.username, gate.attemptIds);
  if (input.previousCookie) await endSession(store, input.previousCookie);
  const s = await startSession(store, user.id, nowMs);
  await audit(store, user, 'login', meta);
  return { ok: true, cookie: s.cookie, userId: user.id };
}
