import type { Store } from '../storage/store.js';

export interface ThrottlePolicy {
  windowMs: number;
  /** Failures per account within the window before it is throttled. */
  perAccount: number;
  /** Failures per client address within the window (higher: offices share one address). */
  perIp: number;
}
export const DEFAULT_THROTTLE: ThrottlePolicy = { windowMs: 15 * 60_000, perAccount: 10, perIp: 100 };

const keys = (username: string, ip: string) => [`user:${username.toLowerCase()}`, `ip:${ip}`];

/**
 * Sliding-window throttle over recorded failures. Attempts refused while throttled are not
 * recorded, so the window always drains: the real user gets back in after at most `windowMs`.
 */
export async function throttleCheck(store: Store, username: string, ip: string, nowMs: number, policy: ThrottlePolicy): Promise<{ allowed: true } | { allowed: false; retryAfterSec: number }> {
  const since = nowMs - policy.windowMs;
  const [userKey, ipKey] = keys(username, ip);
  const limits: [string, number][] = [[userKey, policy.perAccount], [ipKey, policy.perIp]];
  let retry = 0;
  for (const [key, max] of limits) {
    const r = await store.loginAttempts.recent(key, since);
    if (r.n >= max && r.oldest !== null) retry = Math.max(retry, Math.ceil((r.oldest + policy.windowMs - nowMs) / 1000));
  }
  return retry > 0 ? { allowed: false, retryAfterSec: Math.max(1, retry) } : { allowed: true };
}

export async function throttleFailure(store: Store, username: string, ip: string, nowMs: number, policy: ThrottlePolicy): Promise<void> {
  await store.db.write(async () => {
    await store.loginAttempts.record(keys(username, ip), nowMs);
    await store.loginAttempts.prune(nowMs - policy.windowMs);
  });
}

/** A successful login clears the account's failures (not the address's). */
export async function throttleSuccess(store: Store, username: string): Promise<void> {
  await store.db.write(() => store.loginAttempts.clear(keys(username, '')[0]));
}
