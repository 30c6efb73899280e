import { EMPTY_PURGE_COUNTS, type PurgeCounts } from '../storage/retention.js';
import type { Store } from '../storage/store.js';
import { purgeEvidenceFiles } from './evidence-purge.js';

export interface PurgeOptions {
  /** Items collected more than this many days before `now` are deleted. */
  retentionDays: number;
  now?: Date;
  /** Evidence files live under <dataDir>/evidence (paths in the evidence table are relative to it). */
  dataDir: string;
  /** Who is purging, for the audit log: "system:retention" for the schedule, "cli:<user>" for the CLI. */
  actor: string;
  /** Count only: nothing is deleted and no audit row is written. */
  dryRun?: boolean;
  /** Items per write transaction: small enough that reviewers never wait long on the lock. */
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface PurgeResult {
  cutoff: string;
  retentionDays: number;
  dryRun: boolean;
  counts: PurgeCounts;
  /** The audit row recording this purge (absent in a dry run). */
  auditId?: number;
}

const DAY_MS = 86_400_000;

/**
 * The whole retention purge: every item collected before now − retentionDays goes, with its
 * handles, sightings, classifications, verdict rows, grievance follow-up, claim memberships and
 * evidence (rows and files). Claims, their verdicts and responses stay: they are the
 * organisation's own work, not collected personal data. One audit row records the run, also when
 * it fails half-way (with what was deleted until then).
 */
export async function purgeExpired(store: Store, o: PurgeOptions): Promise<PurgeResult> {
  if (!Number.isInteger(o.retentionDays) || o.retentionDays < 1) throw new Error(`retention must be a whole number of days ≥ 1, got ${o.retentionDays}`);
  const batchSize = o.batchSize ?? 5000;
  const now = o.now ?? new Date();
  const cutoff = new Date(now.getTime() - o.retentionDays * DAY_MS).toISOString();
  const base = { cutoff, retentionDays: o.retentionDays, dryRun: !!o.dryRun };
  if (o.dryRun) return { ...base, counts: await store.retention.countBefore(cutoff) };

  const total = (await store.retention.countBefore(cutoff)).items;
  const counts: PurgeCounts = { ...EMPTY_PURGE_COUNTS };
  const claims = new Set<number>();
  o.onProgress?.(0, total);
  let failure: unknown;
  try {
    for (;;) {
      const batch = await store.db.write(async () => {
        const ids = await store.retention.expiredIds(cutoff, batchSize);
        if (ids.length === 0) return undefined;
        const c = await store.retention.countFor(ids);
        for (const id of await store.retention.claimsOf(ids)) claims.add(id);
        // Inside the transaction, so a capture finishing meanwhile cannot add files we would miss.
        // Should the delete then roll back, only files of already-expired items are gone, and the
        // next run deletes their rows.
        c.evidenceFiles = await purgeEvidenceFiles(store, o.dataDir, ids);
        c.items = await store.retention.deleteItems(ids);
        return c;
      });
      if (!batch) break;
      for (const k of Object.keys(counts) as (keyof PurgeCounts)[]) counts[k] += batch[k];
      o.onProgress?.(counts.items, Math.max(total, counts.items));
    }
  } catch (err) {
    failure = err;
  }
  counts.claimsTouched = claims.size;
  const auditId = await store.db.write(() =>
    store.audit.append({
      at: new Date().toISOString(),
      userId: null,
      username: o.actor,
      action: 'purge',
      targetType: 'items',
      detail: {
        cutoff, retentionDays: o.retentionDays, ...counts,
        ...(failure ? { error: failure instanceof Error ? failure.message : String(failure) } : {}),
      },
    }),
  );
  if (failure) throw failure;
  return { ...base, counts, auditId };
}
