import cron from 'node-cron';
import type { Store } from '../storage/store.js';
import { nodeName } from './node-name.js';
import { purgeExpired, type PurgeResult } from './purge-expired.js';

export interface PurgeScheduleOptions {
  /** node-cron expression; default daily 03:30, when nobody is reviewing. */
  cron?: string;
  timeZone: string;
  /** The two windows (config.retention). */
  unflaggedDays: number;
  flaggedDays: number;
  dataDir: string;
  /** Session lifetimes (config.review): expired sessions are purged too. */
  sessions?: { idleMs: number; maxMs: number };
  /** Tipline reply references are cleared after this many days (config.tipline.replyDays). */
  tipReplyDays?: number;
  /** Injectable clock (tests): decides the cutoff. */
  clock?: () => Date;
  onResult?: (r: PurgeResult) => void;
  onError?: (err: unknown) => void;
  /** Another node already ran this firing (its slot: the firing's local time, e.g. '2026-12-02T03:30:00'). */
  onSkip?: (slot: string) => void;
  /** This node's name in the schedule slots (default: host, pid and a random part). */
  node?: string;
}

/** Runs the two-window retention purge on a schedule (never two at once) as "system:retention". Returns a stop function. */
export function schedulePurge(store: Store, o: PurgeScheduleOptions): { stop: () => Promise<void> } {
  const expr = o.cron ?? '30 3 * * *';
  if (!cron.validate(expr)) throw new Error(`invalid purge schedule KC_PURGE_CRON "${expr}"`);
  const node = o.node ?? nodeName('purge');
  const task = cron.schedule(
    expr,
    async (ctx) => {
      // Every node fires; the slot of this firing (its scheduled local time, the same on every
      // node) is taken once, so the purge runs on one node per firing.
      const slot = ctx.dateLocalIso.slice(0, 19);
      if (!(await store.leases.fireOnce('purge', slot, node))) {
        o.onSkip?.(slot);
        return;
      }
      try {
        // Slots of firings long past (digest weeks, alert checks) are of no more use.
        await store.leases.pruneSlots(new Date(Date.now() - 90 * 86_400_000).toISOString());
        o.onResult?.(
          await purgeExpired(store, {
            unflaggedDays: o.unflaggedDays, flaggedDays: o.flaggedDays, sessions: o.sessions, tipReplyDays: o.tipReplyDays, now: o.clock?.(), dataDir: o.dataDir, actor: 'system:retention',
          }),
        );
      } catch (err) {
        await store.leases.unfire('purge', slot, node).catch(() => undefined);
        (o.onError ?? ((e) => process.stderr.write(`retention purge failed: ${e instanceof Error ? e.message : String(e)}\n`)))(err);
      }
    },
    { timezone: o.timeZone, noOverlap: true, name: 'retention-purge' },
  );
  return { stop: async () => void (await task.destroy()) };
}
