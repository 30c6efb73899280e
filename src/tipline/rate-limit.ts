/**
 * A sliding-window counter per key (a client address) held in memory: the public tip form refuses
 * a flood from one address. Nothing is written to disk, so no address outlives the window.
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly limit: number, private readonly windowMs: number) {}

  /** Counts one attempt at `nowMs`; false when the key already used its `limit` in the window. */
  take(key: string, nowMs: number): boolean {
    const from = nowMs - this.windowMs;
    const list = (this.hits.get(key) ?? []).filter((t) => t > from);
    if (list.length >= this.limit) {
      this.hits.set(key, list);
      return false;
    }
    list.push(nowMs);
    this.hits.set(key, list);
    if (this.hits.size > 10_000) this.sweep(from);
    return true;
  }

  private sweep(from: number): void {
    for (const [k, list] of this.hits) if (!list.some((t) => t > from)) this.hits.delete(k);
  }
}
