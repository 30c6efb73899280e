import { createHash } from 'node:crypto';
import type { SqlDb } from './sql-db.js';

export interface AuditEntry {
  at: string;
  userId: number | null;
  username: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | number | null;
  detail?: Record<string, unknown>;
  ip?: string | null;
}
export interface AuditRow {
  id: number;
  at: string;
  user_id: number | null;
  username: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  detail: string;
  ip: string | null;
  prev_hash: string;
  hash: string;
}
export interface AuditVerifyResult {
  ok: boolean;
  rows: number;
  /** First row whose hash or link does not match, with why. */
  brokenAt?: { id: number; problem: 'hash' | 'link' };
  /**
   * Asked with an anchor (a head hash noted earlier, e.g. from a digest): whether that row is still
   * in the intact chain. A cut-off tail leaves a valid chain, so only this catches it.
   */
  anchorFound?: boolean;
}
/** The newest row: the chain's head, which vouches for every row before it. */
export interface AuditHead {
  id: number;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** The hash of one row: everything it says plus the hash it links to. */
export function auditRowHash(r: Omit<AuditRow, 'hash'>): string {
  const content = JSON.stringify([r.id, r.at, r.user_id, r.username, r.action, r.target_type, r.target_id, r.detail, r.ip]);
  return createHash('sha256').update(r.prev_hash).update('\n').update(content).digest('hex');
}

/**
 * Append-only, hash-chained audit log. `append` must run inside `db.write()` so reading the
 * previous hash and inserting the next row are one transaction, under the `audit_log` lock (no fork
 * in the chain, also with several PostgreSQL writers).
 */
export function auditRepo(db: SqlDb) {
  return {
    async append(e: AuditEntry): Promise<number> {
      // Two writers reading the same head would fork the chain: the head is read under the lock.
      await db.lock('audit_log');
      const last = await db.get<{ id: number; hash: string }>(`SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1`);
      const row = {
        id: (last?.id ?? 0) + 1,
        at: e.at,
        user_id: e.userId,
        username: e.username,
        action: e.action,
        target_type: e.targetType ?? null,
        target_id: e.targetId == null ? null : String(e.targetId),
        detail: JSON.stringify(e.detail ?? {}),
        ip: e.ip ?? null,
        prev_hash: last?.hash ?? GENESIS_HASH,
      };
      const hash = auditRowHash(row);
      await db.run(
        `INSERT INTO audit_log (id, at, user_id, username, action, target_type, target_id, detail, ip, prev_hash, hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [row.id, row.at, row.user_id, row.username, row.action, row.target_type, row.target_id, row.detail, row.ip, row.prev_hash, hash],
      );
      return row.id;
    },
    /** Newest first, keyset on id; optional action filter. */
    page(opts: { beforeId?: number; action?: string; limit: number }): Promise<AuditRow[]> {
      return db.all<AuditRow>(
        `SELECT * FROM audit_log WHERE id < ? AND (CAST(? AS TEXT) IS NULL OR action = ?) ORDER BY id DESC LIMIT ?`,
        [opts.beforeId ?? Number.MAX_SAFE_INTEGER, opts.action ?? null, opts.action ?? null, opts.limit],
      );
    },
    actions(): Promise<string[]> {
      return db.all<{ action: string }>(`SELECT DISTINCT action FROM audit_log ORDER BY action`).then((r) => r.map((x) => x.action));
    },
    head(): Promise<AuditHead | null> {
      return db.get<AuditHead>(`SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1`).then((r) => r ?? null);
    },
    /** Walks the whole chain in id order, in chunks so memory stays flat on long logs. */
    async verify(opts: { anchor?: string } = {}): Promise<AuditVerifyResult> {
      const anchor = opts.anchor?.trim().toLowerCase();
      const found = (f: boolean) => (anchor === undefined ? {} : { anchorFound: f });
      let seen = false;
      let prev = GENESIS_HASH;
      let lastId = 0;
      let rows = 0;
      for (;;) {
        const chunk = await db.all<AuditRow>(`SELECT * FROM audit_log WHERE id > ? ORDER BY id LIMIT 1000`, [lastId]);
        if (chunk.length === 0) return { ok: true, rows, ...found(seen) };
        for (const r of chunk) {
          if (r.prev_hash !== prev) return { ok: false, rows, brokenAt: { id: r.id, problem: 'link' }, ...found(seen) };
          if (auditRowHash(r) !== r.hash) return { ok: false, rows, brokenAt: { id: r.id, problem: 'hash' }, ...found(seen) };
          if (r.hash === anchor) seen = true;
          prev = r.hash;
          lastId = r.id;
          rows++;
        }
      }
    },
  };
}
