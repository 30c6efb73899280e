import { closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { Db } from './db.js';
import { migrate } from './migrate.js';
import { PgDb } from './pg/pg-db.js';
import { migratePg } from './pg/pg-migrate.js';
import type { SqlDb } from './sql-db.js';

/**
 * The database, its WAL and the files next to it (evidence, digests, secret) hold raw handles,
 * password hashes and screenshots: owner only (issue 14, finding 6: with umask 022 they were 0644
 * in 0755 folders). A process that opens the store creates everything from then on without group
 * or other bits, the folder 0700 and the database 0600 (SQLite gives the WAL and shared-memory
 * files the database's mode), and warns about wider files made before.
 */
function restrictModes(path: string, warn: (m: string) => void): void {
  process.umask(process.umask() | 0o077);
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
  const check = (p: string, want: string) => {
    if (existsSync(p) && (statSync(p).mode & 0o077) !== 0) warn(`warning: ${p} is readable by other users of this machine; run: chmod ${want} '${p}'`);
  };
  check(dir, '700');
  for (const p of [path, `${path}-wal`, `${path}-shm`]) check(p, '600');
}

/** Opens (creating if needed) the SQLite file and brings its schema up to date. */
export async function openDatabase(path: string, warn: (m: string) => void = (m) => process.stderr.write(`${m}\n`)): Promise<Db> {
  if (path !== ':memory:') restrictModes(path, warn);
  const db = await Db.open(path);
  await migrate(db);
  return db;
}

/**
 * The one place that chooses the engine: PostgreSQL when a `postgres://` URL is given
 * (KC_DATABASE_URL), migrated under its advisory lock so nodes starting together migrate once;
 * otherwise the SQLite file at `path`, the embedded default.
 */
export async function openSqlDb(target: { path: string; databaseUrl?: string }, warn?: (m: string) => void): Promise<SqlDb> {
  if (!target.databaseUrl) return openDatabase(target.path, warn);
  const db = await PgDb.connect(target.databaseUrl);
  try {
    await migratePg(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}
