import type { SqlDb } from './sql-db.js';

/** What a lease is for: a crawl of one source (key = source id) or an evidence capture (key = item id). */
export type JobKind = 'crawl' | 'evidence';

export interface JobLease {
  kind: JobKind;
  key: string;
  dueAt: string;
  leaseOwner: string | null;
  leaseExpiresAt: string | null;
  /** Claims since the last release: above 1, earlier holders died or lost the lease. */
  attempts: number;
}

export interface DueJob {
  key: string;
  dueAt: string;
}

/** The answer of acquireHost: the slot, or how long until asking again makes sense. */
export type HostGrant =
  | { granted: true }
  | {
      granted: false;
      /** Until the host's next allowed time (0 when only a live holder stands in the way). */
      waitMs: number;
      /** A live holder's lease expiry (epoch ms): it releases earlier as a rule, so poll before then. */
      heldUntil?: number;
    };

interface Raw {
  kind: JobKind;
  key: string;
  due_at: string;
  lease_owner: string | null;
  lease_expires_at: string | null;
  attempts: number;
}

const toLease = (r: Raw): JobLease => ({
  kind: r.kind,
  key: r.key,
  dueAt: r.due_at,
  leaseOwner: r.lease_owner,
  leaseExpiresAt: r.lease_expires_at,
  attempts: Number(r.attempts),
});

const iso = (ms: number) => new Date(ms).toISOString();
const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');
const COLUMNS = 'kind, key, due_at, lease_owner, lease_expires_at, attempts';

/**
 * Work shared by several processes or machines (issue 16, §5). Times come from the caller's clock
 * (nodes are expected to keep NTP time; a lease is seconds long, skew of milliseconds is harmless)
 * and are stored as ISO text, which compares in time order on both engines.
 *
 * Every method runs its own transaction: do not call them inside `db.write` (on SQLite a write in a
 * write waits for itself).
 */
export function leasesRepo(db: SqlDb) {
  const skipLocked = db.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
  return {
    /** Adds jobs not known yet (due at the given time); known ones keep their own due time and lease. */
    async ensure(kind: JobKind, jobs: DueJob[]): Promise<void> {
      if (jobs.length === 0) return;
      await db.write(async () => {
        for (const j of jobs) {
          await db.run('INSERT INTO job_leases (kind, key, due_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [kind, j.key, j.dueAt]);
        }
      });
    },

    /** Sets a job's due time (adding it if new), e.g. an evidence capture queued again; a live lease is kept. */
    async schedule(kind: JobKind, key: string, dueAt: string): Promise<void> {
      await db.write(() =>
        db.run('INSERT INTO job_leases (kind, key, due_at) VALUES (?, ?, ?) ON CONFLICT (kind, key) DO UPDATE SET due_at = excluded.due_at', [kind, key, dueAt]),
      );
    },

    /** Removes jobs whose key is not in `keep` (a source deleted or disabled), unless a live lease holds them. */
    async retire(kind: JobKind, keep: string[], now: Date = new Date()): Promise<number> {
      const notIn = keep.length > 0 ? ` AND key NOT IN (${marks(keep.length)})` : '';
      return db.write(async () =>
        (await db.run(`DELETE FROM job_leases WHERE kind = ?${notIn} AND (lease_owner IS NULL OR lease_expires_at <= ?)`, [kind, ...keep, now.toISOString()])).changes,
      );
    },

    async get(kind: JobKind, key: string): Promise<JobLease | undefined> {
      const r = await db.get<Raw>(`SELECT ${COLUMNS} FROM job_leases WHERE kind = ? AND key = ?`, [kind, key]);
      return r && toLease(r);
    },

    async list(kind: JobKind): Promise<JobLease[]> {
      return (await db.all<Raw>(`SELECT ${COLUMNS} FROM job_leases WHERE kind = ? ORDER BY due_at, key`, [kind])).map(toLease);
    },

    /**
     * Leases up to `limit` due jobs to `owner` for `leaseMs`, earliest due first. A job is free when
     * nobody holds it or its lease expired (its holder died). On PostgreSQL rows another node is
     * claiming right now are skipped (SKIP LOCKED), so claimers never wait for each other; on SQLite
     * the BEGIN IMMEDIATE transaction lets one claimer in at a time.
     */
    async claimDue(kind: JobKind, owner: string, leaseMs: number, limit: number, now: Date = new Date()): Promise<JobLease[]> {
      if (limit <= 0) return [];
      const at = now.toISOString();
      const rows = await db.write(() =>
        db.all<Raw>(
          `UPDATE job_leases SET lease_owner = ?, lease_expires_at = ?, attempts = attempts + 1
            WHERE kind = ? AND key IN (
              SELECT key FROM job_leases WHERE kind = ? AND due_at <= ? AND (lease_owner IS NULL OR lease_expires_at <= ?)
               ORDER BY due_at, key LIMIT ?${skipLocked})
            RETURNING ${COLUMNS}`,
          [owner, iso(now.getTime() + leaseMs), kind, kind, at, at, limit],
        ),
      );
      return rows.map(toLease).sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.key.localeCompare(b.key));
    },

    /** Extends `owner`'s leases on `keys`; returns the keys it still holds (a lease taken over is lost). */
    async heartbeat(kind: JobKind, owner: string, keys: string[], leaseMs: number, now: Date = new Date()): Promise<string[]> {
      if (keys.length === 0) return [];
      const rows = await db.write(() =>
        db.all<{ key: string }>(
          `UPDATE job_leases SET lease_expires_at = ? WHERE kind = ? AND lease_owner = ? AND key IN (${marks(keys.length)}) RETURNING key`,
          [iso(now.getTime() + leaseMs), kind, owner, ...keys],
        ),
      );
      return rows.map((r) => r.key).sort();
    },

    /** Gives a job back with its next due time; false when `owner` no longer held it (taken over). */
    async release(kind: JobKind, key: string, owner: string, nextDueAt: string): Promise<boolean> {
      const r = await db.write(() =>
        db.run('UPDATE job_leases SET lease_owner = NULL, lease_expires_at = NULL, due_at = ?, attempts = 0 WHERE kind = ? AND key = ? AND lease_owner = ?', [
          nextDueAt, kind, key, owner,
        ]),
      );
      return r.changes === 1;
    },

    /**
     * Politeness across workers: `holder` gets `host` for one request when nobody else holds it (or
     * the holder's lease expired) and the host's next allowed time has come. The grant is one
     * conditional upsert, so two nodes asking at once cannot both win on either engine. It runs on
     * every request, so it is one statement (`writeOne`): one round trip on PostgreSQL where it was
     * four (BEGIN, INSERT, UPDATE, COMMIT), three on SQLite (issue 16).
     */
    async acquireHost(host: string, holder: string, leaseMs: number, nowMs: number): Promise<HostGrant> {
      const now = iso(nowMs);
      const granted = await db.writeOne(
        `INSERT INTO host_slots (host, holder, lease_expires_at, next_allowed_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (host) DO UPDATE SET holder = excluded.holder, lease_expires_at = excluded.lease_expires_at
          WHERE (host_slots.holder IS NULL OR host_slots.lease_expires_at <= ?) AND host_slots.next_allowed_at <= ?
         RETURNING host`,
        [host, holder, iso(nowMs + leaseMs), iso(0), now, now],
      );
      if (granted.length === 1) return { granted: true };
      // Refused: read why. The slot may have moved on since (released, or taken by a third holder);
      // the answer only decides how long to sleep before asking again.
      const s = await db.get<{ holder: string | null; lease_expires_at: string | null; next_allowed_at: string }>(
        'SELECT holder, lease_expires_at, next_allowed_at FROM host_slots WHERE host = ?',
        [host],
      );
      if (!s) return { granted: false, waitMs: 0 };
      const waitMs = Math.max(0, Date.parse(s.next_allowed_at) - nowMs);
      const held = s.holder !== null && s.lease_expires_at !== null && s.lease_expires_at > now;
      return held ? { granted: false, waitMs, heldUntil: Date.parse(s.lease_expires_at!) } : { granted: false, waitMs };
    },

    /**
     * Ends `holder`'s request to `host`: nobody may start the next before `nextAllowedAt` (epoch ms:
     * the end plus the delay, or what Retry-After / Crawl-delay asked). The next allowed time is
     * never lowered, also by a late release from a holder whose lease was taken over.
     */
    async releaseHost(host: string, holder: string, nextAllowedAt: number): Promise<void> {
      const next = iso(nextAllowedAt);
      await db.writeOne(
        `UPDATE host_slots SET next_allowed_at = CASE WHEN next_allowed_at > ? THEN next_allowed_at ELSE ? END,
           lease_expires_at = CASE WHEN holder = ? THEN NULL ELSE lease_expires_at END,
           holder = CASE WHEN holder = ? THEN NULL ELSE holder END
         WHERE host = ?`,
        [next, next, holder, holder, host],
      );
    },

    /** Extends `holder`'s slot on `host` to nowMs + leaseMs; false when it no longer holds it. */
    async renewHost(host: string, holder: string, leaseMs: number, nowMs: number): Promise<boolean> {
      const rows = await db.writeOne('UPDATE host_slots SET lease_expires_at = ? WHERE host = ? AND holder = ? RETURNING host', [iso(nowMs + leaseMs), host, holder]);
      return rows.length === 1;
    },

    /** The host's next allowed time (epoch ms), 0 when never contacted through a slot. */
    async hostNextAllowed(host: string): Promise<number> {
      const r = await db.get<{ next_allowed_at: string }>('SELECT next_allowed_at FROM host_slots WHERE host = ?', [host]);
      return r ? Date.parse(r.next_allowed_at) : 0;
    },

    /**
     * A schedule slot (e.g. the digest of '2026-W49', the purge of '2026-12-02') fires on one node
     * only: true for exactly one caller of (name, slot), whichever nodes ask.
     */
    async fireOnce(name: string, slot: string, node: string, now: Date = new Date()): Promise<boolean> {
      const r = await db.write(() =>
        db.run('INSERT INTO schedule_slots (name, slot, fired_by, fired_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING', [name, slot, node, now.toISOString()]),
      );
      return r.changes === 1;
    },

    /** Gives a slot back after its run failed, so a later firing (any node) may try again. */
    async unfire(name: string, slot: string, node: string): Promise<void> {
      await db.write(() => db.run('DELETE FROM schedule_slots WHERE name = ? AND slot = ? AND fired_by = ?', [name, slot, node]));
    },

    /** Forgets slots fired before `before` (ISO): a firing that old never comes round again. */
    async pruneSlots(before: string): Promise<number> {
      return db.write(async () => (await db.run('DELETE FROM schedule_slots WHERE fired_at < ?', [before])).changes);
    },

    async firedBy(name: string, slot: string): Promise<string | undefined> {
      return (await db.get<{ fired_by: string }>('SELECT fired_by FROM schedule_slots WHERE name = ? AND slot = ?', [name, slot]))?.fired_by;
    },
  };
}

export type LeasesRepo = ReturnType<typeof leasesRepo>;
