import { createHmac } from 'node:crypto';
import type { Store } from '../storage/store.js';

/** What a caller needs to answer: allowed or not, and the RateLimit-* / Retry-After figures. */
export interface RateLimit {
  ok: boolean;
  limit: number;
  remaining: number;
  /** Seconds until a call leaves the window and another is allowed. */
  resetS: number;
  /** The first refusal since the window filled (audited once, not once per refused call). */
  firstRefusal: boolean;
}

export interface RateLimiterOptions {
  store: Store;
  /** Keys the hash of each client key, so no raw address or token id is written. */
  secret: string;
  /** Separates the limits of different doors ("api", "tip"). */
  bucket: string;
  limit: number;
  windowMs: number;
}

/**
 * One rate limiter for every door (API tokens, the public tip form): a sliding window counted in
 * the database, so N web nodes behind a proxy enforce one limit, not N, and a restart forgives nothing.
 */
export function createRateLimiter(o: RateLimiterOptions) {
  return {
    async take(key: string, nowMs: number): Promise<RateLimit> {
      const keyHash = createHmac('sha256', o.secret).update(`${o.bucket}\n${key}`).digest('hex');
      const t = await o.store.rateLimits.take(o.bucket, keyHash, o.limit, o.windowMs, nowMs);
      const resetS = Math.max(1, Math.ceil(((t.oldestAtMs ?? nowMs) + o.windowMs - nowMs) / 1000));
      return { ok: t.ok, limit: o.limit, remaining: Math.max(0, o.limit - t.used), resetS, firstRefusal: t.firstRefusal };
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
