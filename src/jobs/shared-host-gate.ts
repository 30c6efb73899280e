import type { HostGate, HostSlot } from '../../crawlers/fetch/host-gate.js';
import { HostPausedError } from '../../crawlers/fetch/host-limiter.js';
import type { LeasesRepo } from '../storage/leases.js';

export interface SharedHostGateOptions {
  leases: Pick<LeasesRepo, 'acquireHost' | 'releaseHost' | 'renewHost'>;
  /** This worker's name (host, pid, role); each request's holder is this plus a counter. */
  node: string;
  /**
   * How long a slot is held at most: longer than the longest request (its deadline), so a live
   * request is never overtaken; a worker killed mid-request blocks the host only this long.
   */
  leaseMs: number;
  /** How often to ask again while another worker's request is in flight (it ends with a release). */
  pollMs?: number;
  /**
   * How long past the host's next allowed time a finished request keeps the slot for this worker's
   * next request to the host (default LINGER_MS; 0 releases at once).
   */
  lingerMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * A crawl reads a listing page after page from one host: the next request follows the last one's
 * parse (no delay) or its host's delay. Keeping the slot that long spares two database writes per
 * page, which were most of a worker's writes (issue 16: on SQLite every one waits its turn for the
 * file's one writer, behind the ingest transactions). Other workers wait at most this long past the
 * host's next allowed time, before which they could not have sent anything anyway.
 */
export const LINGER_MS = 250;

/** A slot this worker still holds in the database between two of its own requests to the host. */
interface Parked {
  holder: string;
  nextAllowedAt: number;
  /** When the slot's lease in the database ends. */
  expiresAt: number;
  timer: NodeJS.Timeout;
  /** A renewal of the lease started while parked (false: the slot was lost, e.g. it lapsed). */
  renewing?: Promise<boolean>;
}

/**
 * The host gate kept in the database (host_slots): politeness across every crawl worker that
 * shares the database. Waiting for the next allowed time sleeps exactly until then; waiting for
 * another worker's request in flight polls, since that request's end sets the next time.
 *
 * A finished request's slot is parked (still ours in the database) until shortly after the host's
 * next allowed time; the worker's next request to that host takes it back without a write, as
 * long as at least half its lease is left. Politeness is unchanged: in-process the HostLimiter
 * spaces this worker's requests, and nobody else may send while the slot is ours. The parked
 * release is written when the linger ends, by `close()`, or before a fresh acquire.
 */
export function sharedHostGate(o: SharedHostGateOptions): HostGate {
  const now = o.now ?? (() => Date.now());
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const pollMs = o.pollMs ?? 20;
  const lingerMs = o.lingerMs ?? LINGER_MS;
  const parked = new Map<string, Parked>();
  const flushing = new Map<string, Promise<void>>();
  let seq = 0;

  const flush = (host: string): Promise<void> => {
    const p = parked.get(host);
    if (!p) return flushing.get(host) ?? Promise.resolve();
    clearTimeout(p.timer);
    parked.delete(host);
    // A release that fails leaves the slot to lapse at its lease's end: later, never sooner.
    const done = o.leases.releaseHost(host, p.holder, p.nextAllowedAt).catch(() => undefined).finally(() => {
      if (flushing.get(host) === done) flushing.delete(host);
    });
    flushing.set(host, done);
    return done;
  };

  const slot = (host: string, holder: string, expiresAt: number): HostSlot => ({
    release: async (nextAllowedAt) => {
      const t = now();
      if (lingerMs <= 0 || expiresAt <= t) return o.leases.releaseHost(host, holder, nextAllowedAt);
      const timer = setTimeout(() => void flush(host), Math.max(0, nextAllowedAt - t) + lingerMs);
      timer.unref();
      const p: Parked = { holder, nextAllowedAt, expiresAt, timer };
      // Half the lease gone: renewed now, while the host's delay runs, not when the next request
      // is due (where the write would wait its turn behind others: issue 16, stalls of 0.6–1.7 s).
      if (expiresAt - Math.max(t, nextAllowedAt) - lingerMs < o.leaseMs / 2) {
        p.renewing = o.leases.renewHost(host, holder, o.leaseMs, t).then(
          (ok) => (ok && (p.expiresAt = t + o.leaseMs), ok),
          () => false,
        );
      }
      parked.set(host, p);
    },
  });

  return {
    async acquire(host: string, opts: { maxWaitMs: number }): Promise<HostSlot> {
      const mine = parked.get(host);
      if (mine && (mine.renewing ? await mine.renewing : true) && parked.get(host) === mine && mine.expiresAt - now() >= o.leaseMs / 2) {
        clearTimeout(mine.timer);
        parked.delete(host);
        return slot(host, mine.holder, mine.expiresAt);
      }
      await flush(host);
      const holder = `${o.node}#${++seq}`;
      for (;;) {
        const t = now();
        const grant = await o.leases.acquireHost(host, holder, o.leaseMs, t);
        if (grant.granted) return slot(host, holder, t + o.leaseMs);
        if (grant.waitMs > opts.maxWaitMs) throw new HostPausedError(host, grant.waitMs);
        const wait = grant.heldUntil === undefined ? grant.waitMs : Math.max(grant.waitMs, Math.min(pollMs, grant.heldUntil - t));
        await sleep(Math.max(1, wait));
      }
    },

    /** Writes the parked releases (a worker stopping gives its hosts back at once). */
    async close(): Promise<void> {
      await Promise.all([...parked.keys()].map((h) => flush(h)));
      await Promise.all(flushing.values());
    },
  };
}
