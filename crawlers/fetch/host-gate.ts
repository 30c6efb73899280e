/**
 * Per-host politeness shared beyond this process (issue 16, §5): several crawl workers, on one
 * machine or many, must together send at most one request at a time to a host and keep the delay
 * between them. The HostLimiter still orders this process's own requests; with a gate it also
 * takes the host's shared slot around each request. The implementation lives outside crawlers
 * (src/jobs/shared-host-gate.ts keeps the slots in the database), so crawlers import no storage.
 */
export interface HostSlot {
  /** Ends the request: nobody anywhere may start the next one to this host before `nextAllowedAt` (epoch ms). */
  release(nextAllowedAt: number): Promise<void>;
}

export interface HostGate {
  /**
   * Resolves when this caller may send one request to `host`: no other holder, and the host's next
   * allowed time (the last request's end plus its delay, or a Retry-After) has come. Rejects with
   * HostPausedError when that time is more than `maxWaitMs` away.
   */
  acquire(host: string, opts: { maxWaitMs: number }): Promise<HostSlot>;
  /** Gives back whatever the gate still holds for this process (called by Loader.close). */
  close?(): Promise<void>;
}
