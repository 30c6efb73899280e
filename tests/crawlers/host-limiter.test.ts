import { describe, expect, it } from 'vitest';
import { HostLimiter, HostPausedError, type Clock } from '../../crawlers/fetch/host-limiter.js';

function clock(): Clock & { slept: number[] } {
  let t = 0;
  const slept: number[] = [];
  return { now: () => t, sleep: async (ms) => void (slept.push(ms), (t += ms)), slept };
}

describe('HostLimiter', () => {
  it('runs one request at a time per host, spaced by the delay', async () => {
    const c = clock();
    const limiter = new HostLimiter(2000, c);
    let inFlight = 0;
    let maxInFlight = 0;
    const task = async () => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
    };
    await Promise.all([1, 2, 3].map(() => limiter.schedule('a.example', task)));
    expect(maxInFlight).toBe(1);
    expect(c.slept).toEqual([2000, 2000]);
  });

  it('keeps hosts independent', async () => {
    const c = clock();
    const limiter = new HostLimiter(2000, c);
    let inFlight = 0;
    let maxInFlight = 0;
    const task = async () => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
    };
    await Promise.all(['a', 'b', 'c'].map((h) => limiter.schedule(h, task)));
    expect(maxInFlight).toBe(3);
    expect(c.slept).toEqual([]);
  });

  it('honours a Retry-After pause, and fails fast when it is too long to wait', async () => {
    const c = clock();
    const limiter = new HostLimiter(0, c, 60_000);
    limiter.pause('a', 30_000);
    await limiter.schedule('a', async () => undefined);
    expect(c.slept).toEqual([30_000]);
    limiter.pause('a', 120_000);
    await expect(limiter.schedule('a', async () => undefined)).rejects.toBeInstanceOf(HostPausedError);
  });

  it('a failed task does not block the host', async () => {
    const limiter = new HostLimiter(0, clock());
    await expect(limiter.schedule('a', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limiter.schedule('a', async () => 42)).resolves.toBe(42);
  });
});
