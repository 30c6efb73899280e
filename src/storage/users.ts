import type { SqlDb } from './sql-db.js';
import type { Role } from '../types.js';

export interface UserRow {
  id: number;
  username: string;
  role: Role;
  unit: string | null;
  password_hash: string;
  disabled: number;
  created_at: string;
  updated_at: string;
}
export type PublicUser = Omit<UserRow, 'password_hash'>;

const PUBLIC = 'id, username, role, unit, disabled, created_at, updated_at';

/** Accounts. Password hashing lives in src/review/passwords.ts; this file stores the result. */
export function usersRepo(db: SqlDb) {
  return {
    async create(u: { username: string; role: Role; unit: string | null; passwordHash: string; now: string }): Promise<number> {
      const r = await db.get<{ id: number }>(
        `INSERT INTO users (username, role, unit, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
        [u.username, u.role, u.unit, u.passwordHash, u.now, u.now],
      );
      return r!.id;
    },
    byUsername(username: string): Promise<UserRow | undefined> {
      return db.get<UserRow>(`SELECT * FROM users WHERE username = ?`, [username]);
    },
    byId(id: number): Promise<PublicUser | undefined> {
      return db.get<PublicUser>(`SELECT ${PUBLIC} FROM users WHERE id = ?`, [id]);
    },
    list(): Promise<PublicUser[]> {
      return db.all<PublicUser>(`SELECT ${PUBLIC} FROM users ORDER BY username`);
    },
    /** Active reviewers and admins who can take an item of `unit` (assignment drop-down). */
    assignable(unit: string | null): Promise<PublicUser[]> {
      // Null-safe equality (a central reviewer, no unit, takes items of no unit): SQLite's `IS`, PostgreSQL's spelling.
      const same = db.dialect === 'postgres' ? 'IS NOT DISTINCT FROM CAST(? AS TEXT)' : 'IS ?';
      return db.all<PublicUser>(
        `SELECT ${PUBLIC} FROM users WHERE disabled = 0 AND (role = 'admin' OR (role = 'reviewer' AND unit ${same}))
          ORDER BY username`,
        [unit],
      );
    },
    count(): Promise<number> {
      return db.get<{ n: number }>(`SELECT count(*) AS n FROM users`).then((r) => r?.n ?? 0);
    },
    async setDisabled(id: number, disabled: boolean, now: string): Promise<boolean> {
      const r = await db.run(`UPDATE users SET disabled = ?, updated_at = ? WHERE id = ?`, [disabled ? 1 : 0, now, id]);
      return r.changes > 0;
    },
    async update(id: number, fields: { role?: Role; unit?: string | null; passwordHash?: string }, now: string): Promise<boolean> {
      const r = await db.run(
        `UPDATE users SET role = coalesce(?, role), unit = CASE WHEN ? THEN ? ELSE unit END,
           password_hash = coalesce(?, password_hash), updated_at = ? WHERE id = ?`,
        [fields.role ?? null, fields.unit !== undefined ? 1 : 0, fields.unit ?? null, fields.passwordHash ?? null, now, id],
      );
      return r.changes > 0;
    },
  };
}
