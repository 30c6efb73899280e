import type { Db } from './db.js';
import { type Migration, migrations as shipped } from './migrations/index.js';

/**
 * Applies pending migrations in order, each in its own transaction, tracking the schema
 * version in `PRAGMA user_version`. A failing migration names itself. Refuses a database newer than this code.
 */
export async function migrate(db: Db, migrations: readonly Migration[] = shipped): Promise<number> {
  const row = await db.get<{ user_version: number }>('PRAGMA user_version');
  const current = row?.user_version ?? 0;
  const latest = migrations.length;
  if (current > latest) {
    throw new Error(`database schema version ${current} is newer than this program (${latest}); upgrade Kiểm Chứng`);
  }
  for (let v = current; v < latest; v++) {
    const m = migrations[v];
    try {
      await db.write(async (tx) => {
        await tx.exec(m.sql);
        await tx.exec(`PRAGMA user_version = ${v + 1}`);
      });
    } catch (err) {
      // Name the step so the operator knows which upgrade failed; the transaction left the version before it.
      throw new Error(`migration ${m.name} failed: ${(err as Error).message}`, { cause: err });
    }
  }
  return latest;
}
