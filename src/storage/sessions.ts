import type { SqlDb } from './sql-db.js';
import type { Role } from '../types.js';

/** A live session with its user. */
export interface SessionUser {
  idHash: string;
  csrfToken: string;
  createdMs: number;
  lastSeenMs: number;
  /** The one-shot message left for the next page (the UI's shape; null when none or unreadable). */
  flash: unknown;
  userId: number;
  username: string;
  role: Role;
  unit: string | null;
}

interface SessionRow {
  id_hash: string;
  csrf_token: string;
  created_ms: number | string;
  last_seen_ms: number | string;
  flash: string | null;
  user_id: number;
  username: string;
  role: Role;
  unit: string | null;
}

function readFlash(json: string | null): unknown {
  try {
    return json ? JSON.parse(json) : null;
  } catch {
    return null; // a damaged flash is dropped, never an error page
  }
}

const toSessionUser = (r: SessionRow): SessionUser => ({
  idHash: r.id_hash,
  csrfToken: r.csrf_token,
  // PostgreSQL returns BIGINT as a string.
  createdMs: Number(r.created_ms),
  lastSeenMs: Number(r.last_seen_ms),
  flash: readFlash(r.flash),
  userId: r.user_id,
  username: r.username,
  role: r.role,
  unit: r.unit,
});

/** Server-side sessions keyed by the SHA-256 of the cookie value (see src/review/sessions.ts). */
export function sessionsRepo(db: SqlDb) {
  return {
    async create(s: { idHash: string; userId: number; csrfToken: string; nowMs: number }): Promise<void> {
      await db.run(
        `INSERT INTO sessions (id_hash, user_id, csrf_token, created_ms, last_seen_ms) VALUES (?, ?, ?, ?, ?)`,
        [s.idHash, s.userId, s.csrfToken, s.nowMs, s.nowMs],
      );
    },
    /** The session with its (enabled) user, or undefined; disabled users have no live session. */
    async find(idHash: string): Promise<SessionUser | undefined> {
      const r = await db.get<SessionRow>(
        `SELECT s.id_hash, s.csrf_token, s.created_ms, s.last_seen_ms, s.flash,
                u.id AS user_id, u.username, u.role, u.unit
           FROM sessions s JOIN users u ON u.id = s.user_id
          WHERE s.id_hash = ? AND u.disabled = 0`,
        [idHash],
      );
      return r && toSessionUser(r);
    },
    async touch(idHash: string, nowMs: number): Promise<void> {
      await db.run(`UPDATE sessions SET last_seen_ms = ? WHERE id_hash = ?`, [nowMs, idHash]);
    },
    /** Stores `flash` as JSON (null clears it). */
    async setFlash(idHash: string, flash: unknown): Promise<void> {
      await db.run(`UPDATE sessions SET flash = ? WHERE id_hash = ?`, [flash == null ? null : JSON.stringify(flash), idHash]);
    },
    async delete(idHash: string): Promise<void> {
      await db.run(`DELETE FROM sessions WHERE id_hash = ?`, [idHash]);
    },
    async deleteForUser(userId: number): Promise<number> {
      return (await db.run(`DELETE FROM sessions WHERE user_id = ?`, [userId])).changes;
    },
    async purgeExpired(idleBeforeMs: number, createdBeforeMs: number): Promise<number> {
      const r = await db.run(`DELETE FROM sessions WHERE last_seen_ms < ? OR created_ms < ?`, [idleBeforeMs, createdBeforeMs]);
      return r.changes;
    },
    countForUser(userId: number): Promise<number> {
      return db.get<{ n: number }>(`SELECT count(*) AS n FROM sessions WHERE user_id = ?`, [userId]).then((r) => r?.n ?? 0);
    },
  };
}
