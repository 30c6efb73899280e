import type { HostGate, HostSlot } from '../../crawlers/fetch/host-gate.js';
import { HostPausedError } from '../../crawlers/fetch/host-limiter.js';
import type { LeasesRepo } from '../storage/leases.js';

export interface SharedHostGateOptions {
  leases: Pick<LeasesRepo, 'acquireHost' | 'releaseHost'>;
  /** This worker's name (host, pid, role); each request's holder is this plus a counter. */
  node: string;
  /**
   * How long a slot is held at most: longer than the longest request (its deadline), so a live
   * request is never overtaken; a worker killed mid-request blocks the host only this long.
   */
  leaseMs: number;
  /** How often to ask again while another worker's request is in flight (it ends with a release). */
  pollMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * The host gate kept in the database (host_slots): politeness across every crawl worker that
 * shares the database. Waiting for the next allowed time sleeps exactly until then; waiting for
 * another worker's request in flight polls, since that request's end sets the next time.
 */
export function sharedHostGate(o: SharedHostGateOptions): HostGate {
  const now = o.now ?? (() => Date.now());
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const pollMs = o.pollMs ?? 20;
  let seq = 0;
  return {
    async acquire(host: string, opts: { maxWaitMs: number }): Promise<HostSlot> {
      const holder = `${o.node}#${++seq}`;
      for (;;) {
        const t = now();
        const grant = await o.leases.acquireHost(host, holder, o.leaseMs, t);
        if (grant.granted) return { release: (nextAllowedAt) => o.leases.releaseHost(host, holder, nextAllowedAt) };
        if (grant.waitMs > opts.maxWaitMs) throw new HostPausedError(host, grant.waitMs);
        const wait = grant.heldUntil === undefined ? grant.waitMs : Math.max(grant.waitMs, Math.min(pollMs, grant.heldUntil - t));
        await sleep(Math.max(1, wait));
      }
    },
  };
}
