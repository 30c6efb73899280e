/**
 * Calls per key in a fixed window (per token, per minute by default). In memory: one server
 * process serves the API, and a restart only forgives the current minute.
 */
export interface RateLimit {
  ok: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets (for Retry-After). */
  resetS: number;
  /** This is the first refusal of the window (audited once, not once per refused call). */
  firstRefusal: boolean;
}

export function createRateLimiter(opts: { limit: number; windowMs?: number }) {
  const windowMs = opts.windowMs ?? 60_000;
  const windows = new Map<string, { start: number; count: number }>();
  return {
    take(key: string, nowMs: number): RateLimit {
      let w = windows.get(key);
      if (!w || nowMs - w.start >= windowMs) {
        // Forget windows that ended, so the map holds only keys active this minute.
        if (windows.size > 1000) for (const [k, v] of windows) if (nowMs - v.start >= windowMs) windows.delete(k);
        w = { start: nowMs, count: 0 };
        windows.set(key, w);
      }
      w.count++;
      const resetS = Math.max(1, Math.ceil((w.start + windowMs - nowMs) / 1000));
      return { ok: w.count <= opts.limit, limit: opts.limit, remaining: Math.max(0, opts.limit - w.count), resetS, firstRefusal: w.count === opts.limit + 1 };
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
