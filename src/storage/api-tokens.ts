import type { SqlDb } from './sql-db.js';

/** An API token as the admin page and the API see it; the token itself is never stored. */
export interface ApiToken {
  id: number;
  name: string;
  /** First characters of the token, to tell tokens apart on the admin page. */
  prefix: string;
  /** Unit code (that unit and the units under it), null = every unit. */
  unit: string | null;
  createdBy: number | null;
  createdByName: string | null;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

interface Row {
  id: number;
  name: string;
  prefix: string;
  unit: string | null;
  created_by: number | null;
  created_by_name: string | null;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
}

const toToken = (r: Row): ApiToken => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  unit: r.unit,
  createdBy: r.created_by,
  createdByName: r.created_by_name,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
  lastUsedAt: r.last_used_at,
});

const SELECT = `SELECT t.id, t.name, t.prefix, t.unit, t.created_by, u.username AS created_by_name, t.created_at, t.expires_at,
  t.revoked_at, t.last_used_at FROM api_tokens t LEFT JOIN users u ON u.id = t.created_by`;

/** API tokens, looked up by the SHA-256 of the presented token (see migration 016). */
export function apiTokensRepo(db: SqlDb) {
  return {
    async create(t: { name: string; tokenHash: string; prefix: string; unit: string | null; createdBy: number | null; now: string; expiresAt: string | null }): Promise<number> {
      const r = await db.get<{ id: number }>(
        `INSERT INTO api_tokens (name, token_hash, prefix, unit, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
        [t.name, t.tokenHash, t.prefix, t.unit, t.createdBy, t.now, t.expiresAt],
      );
      return r!.id;
    },
    async byHash(tokenHash: string): Promise<ApiToken | undefined> {
      const r = await db.get<Row>(`${SELECT} WHERE t.token_hash = ?`, [tokenHash]);
      return r && toToken(r);
    },
    async byId(id: number): Promise<ApiToken | undefined> {
      const r = await db.get<Row>(`${SELECT} WHERE t.id = ?`, [id]);
      return r && toToken(r);
    },
    /** Newest first; revoked ones too (the page shows their history). */
    async list(): Promise<ApiToken[]> {
      return (await db.all<Row>(`${SELECT} ORDER BY t.id DESC`)).map(toToken);
    },
    /** Compare-and-set: false when it was already revoked (or is unknown). */
    async revoke(id: number, by: number | null, now: string): Promise<boolean> {
      const r = await db.run(`UPDATE api_tokens SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL`, [now, by, id]);
      return r.changes === 1;
    },
    async touch(id: number, now: string): Promise<void> {
      await db.run(`UPDATE api_tokens SET last_used_at = ? WHERE id = ?`, [now, id]);
    },
  };
}

export type ApiTokensRepo = ReturnType<typeof apiTokensRepo>;
