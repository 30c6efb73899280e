import type { Migration } from '../migrations/index.js';
import { pgMigrations } from './migrations/index.js';
import type { PgDb } from './pg-db.js';

/**
 * Applies pending PostgreSQL migrations in one transaction (PostgreSQL's DDL is transactional, so a
 * failure leaves the schema as it was) under an advisory lock, so that nodes starting together
 * migrate once. Refuses a schema newer than this code; a failing migration names itself.
 */
export async function migratePg(db: PgDb, migrations: readonly Migration[] = pgMigrations): Promise<number> {
  return db.write(async (tx) => {
    await tx.lock('schema_migrations');
    // Under the lock: CREATE TABLE IF NOT EXISTS is not safe against a second node creating it at the same moment.
    await tx.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
    const row = await tx.get<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
    const current = row?.v ?? 0;
    if (current > migrations.length) throw new Error(`database schema version ${current} is newer than this program (${migrations.length}); upgrade Kiểm Chứng`);
    for (let v = current; v < migrations.length; v++) {
      const m = migrations[v];
      try {
        await tx.exec(m.sql);
        await tx.run('INSERT INTO schema_migrations (version, name) VALUES (?, ?)', [v + 1, m.name]);
      } catch (err) {
        throw new Error(`migration ${m.name} failed: ${(err as Error).message}`, { cause: err });
      }
    }
    return migrations.length;
  });
}
