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

export type ThrottleGate = { allowed: true; attemptIds: number[] } | { allowed: false; retryAfterSec: number };

/**
 * Sliding-window throttle. The attempt is counted BEFORE its password is checked, in the same
 * write transaction as the check: a parallel burst cannot all pass a check that none of them has
 * yet recorded (issue 14, finding 3). Attempts refused while throttled are not recorded, so the
 * window always drains: the real user gets back in after at most `windowMs`.
 */
export function throttleAttempt(store: Store, username: string, ip: string, nowMs: number, policy: ThrottlePolicy): Promise<ThrottleGate> {
  return store.write(async (): Promise<ThrottleGate> => {
    const since = nowMs - policy.windowMs;
    const [userKey, ipKey] = keys(username, ip);
    const limits: [string, number][] = [[userKey, policy.perAccount], [ipKey, policy.perIp]];
    let retry = 0;
    for (const [key, max] of limits) {
      const r = await store.loginAttempts.recent(key, since);
      if (r.n >= max && r.oldest !== null) retry = Math.max(retry, Math.ceil((r.oldest + policy.windowMs - nowMs) / 1000));
    }
    if (retry > 0) return { allowed: false, retryAfterSec: Math.max(1, retry) };
    const attemptIds = await store.loginAttempts.record([userKey, ipKey], nowMs);
    await store.loginAttempts.prune(since);
    return { allowed: true, attemptIds };
  });
}

/** A successful login clears the account's failures and takes back its own count against the address. */
export async function throttleSuccess(store: Store, username: string, attemptIds: number[]): Promise<void> {
  await store.write(async () => {
    await store.loginAttempts.clear(keys(username, '')[0]);
    await store.loginAttempts.remove(attemptIds);
  });
}
