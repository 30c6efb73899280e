import { CrawlError } from './errors.js';
import type { HostGate } from './host-gate.js';

/**
 * Politeness: at most one request in flight per host, with a pause of `delayMs` between the end
 * of one request and the start of the next. A server's Retry-After (429/503) pushes the host's
 * next slot further out. Hosts are independent, so different sites crawl in parallel.
 */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  // A referenced timer: the pause is work in progress. Unref'd, `crawl --once` exited 0 in the
  // middle of a run (between robots.txt and the feed), silently (issue 14, finding 5).
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

interface HostState {
  tail: Promise<unknown>;
  nextAt: number;
  /** Extra per-host delay (robots.txt Crawl-delay), never below the configured one. */
  delayMs: number;
}

/** The host asked for a pause (Retry-After) longer than we are willing to wait in-process. */
export class HostPausedError extends CrawlError {
  override readonly retryable = true;
  constructor(host: string, override readonly retryAfterMs: number) {
    super(`${host} asked not to be contacted for another ${Math.ceil(retryAfterMs / 1000)} s`, host);
  }
}

export class HostLimiter {
  private readonly hosts = new Map<string, HostState>();
  private sleeping = 0;

  constructor(
    private readonly delayMs: number,
    private readonly clock: Clock = systemClock,
    /** Waits longer than this fail fast with HostPausedError instead of holding the caller. */
    private readonly maxWaitMs = 60_000,
    /**
     * Shared slots across processes (several crawl workers): each request also holds the host's
     * slot, released with the next allowed time. The clock must then be the wall clock.
     */
    private readonly gate?: HostGate,
  ) {}

  private state(host: string): HostState {
    let s = this.hosts.get(host);
    if (!s) {
      s = { tail: Promise.resolve(), nextAt: 0, delayMs: this.delayMs };
      this.hosts.set(host, s);
    }
    return s;
  }

  /** Runs `task` when it is this host's turn. */
  schedule<T>(host: string, task: () => Promise<T>): Promise<T> {
    const s = this.state(host);
    const run = s.tail.then(async () => {
      let wait = s.nextAt - this.clock.now();
      if (wait > this.maxWaitMs) throw new HostPausedError(host, wait);
      // Until the clock says so: a timer counts from the event loop's cached time, which may be a
      // millisecond or more behind, so it can fire that much before `nextAt` by the wall clock.
      while (wait > 0) {
        this.sleeping++;
        try {
          await this.clock.sleep(wait);
        } finally {
          this.sleeping--;
        }
        wait = s.nextAt - this.clock.now();
      }
      const slot = await this.gate?.acquire(host, { maxWaitMs: this.maxWaitMs });
      try {
        return await task();
      } finally {
        s.nextAt = Math.max(s.nextAt, this.clock.now() + s.delayMs);
        // A release that fails leaves the slot to lapse at its lease's end: later, never sooner.
        await slot?.release(s.nextAt).catch(() => undefined);
      }
    });
    s.tail = run.catch(() => undefined);
    return run;
  }

  /**
   * Requests now sleeping out their host's delay (or a Retry-After): their crawls are idle, so a
   * crawl worker may take on other sources meanwhile.
   */
  get waiting(): number {
    return this.sleeping;
  }

  /** Honours Retry-After: no request to `host` before now + ms. */
  pause(host: string, ms: number): void {
    const s = this.state(host);
    s.nextAt = Math.max(s.nextAt, this.clock.now() + ms);
  }

  /** The pause between two requests to `host`: the configured delay, or its robots.txt Crawl-delay. */
  delayFor(host: string): number {
    return this.hosts.get(host)?.delayMs ?? this.delayMs;
  }

  /** robots.txt Crawl-delay may only slow us down, and is capped so one site cannot stall a run. */
  setCrawlDelay(host: string, ms: number, capMs = 30_000): void {
    const s = this.state(host);
    s.delayMs = Math.max(this.delayMs, Math.min(ms, capMs));
  }
}
