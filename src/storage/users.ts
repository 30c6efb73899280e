import type { SqlDb } from './sql-db.js';
import type { Role } from '../types.js';

/** An account as services and pages see it. The password hash is not part of it (see `credentials`). */
export interface PublicUser {
  id: number;
  username: string;
  role: Role;
  unit: string | null;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** Only the login check reads the hash; it comes apart from the user so it is not passed on with it. */
export interface UserCredentials {
  user: PublicUser;
  passwordHash: string;
}

interface UserRow {
  id: number;
  username: string;
  role: Role;
  unit: string | null;
  disabled: number | boolean;
  created_at: string;
  updated_at: string;
}

const toUser = (r: UserRow): PublicUser => ({
  id: r.id,
  username: r.username,
  role: r.role,
  unit: r.unit,
  // An INTEGER 0/1 on both engines; Boolean() also takes a boolean column.
  disabled: Boolean(r.disabled),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

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
    async byUsername(username: string): Promise<PublicUser | undefined> {
      const r = await db.get<UserRow>(`SELECT ${PUBLIC} FROM users WHERE username = ?`, [username]);
      return r && toUser(r);
    },
    /** The user and their stored password hash, for the login check only. */
    async credentials(username: string): Promise<UserCredentials | undefined> {
      const r = await db.get<UserRow & { password_hash: string }>(`SELECT ${PUBLIC}, password_hash FROM users WHERE username = ?`, [username]);
      return r && { user: toUser(r), passwordHash: r.password_hash };
    },
    async byId(id: number): Promise<PublicUser | undefined> {
      const r = await db.get<UserRow>(`SELECT ${PUBLIC} FROM users WHERE id = ?`, [id]);
      return r && toUser(r);
    },
    async list(): Promise<PublicUser[]> {
      return (await db.all<UserRow>(`SELECT ${PUBLIC} FROM users ORDER BY username`)).map(toUser);
    },
    /** Active reviewers and admins who can take an item of `unit` (assignment drop-down). */
    async assignable(unit: string | null): Promise<PublicUser[]> {
      // Null-safe equality (a central reviewer, no unit, takes items of no unit): SQLite's `IS`, PostgreSQL's spelling.
      const same = db.dialect === 'postgres' ? 'IS NOT DISTINCT FROM CAST(? AS TEXT)' : 'IS ?';
      const rows = await db.all<UserRow>(
        `SELECT ${PUBLIC} FROM users WHERE disabled = 0 AND (role = 'admin' OR (role = 'reviewer' AND unit ${same}))
          ORDER BY username`,
        [unit],
      );
      return rows.map(toUser);
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
