import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgDb, toPgPlaceholders } from '../../../src/storage/pg/pg-db.js';
import { migratePg } from '../../../src/storage/pg/pg-migrate.js';
import { startPgCluster, type PgCluster } from '../../helpers/pg-cluster.js';
import { pgMigrations } from '../../../src/storage/pg/migrations/index.js';

describe('PgDb on a private cluster', () => {
  let cluster: PgCluster;
  let db: PgDb;
  beforeAll(async () => {
    cluster = startPgCluster();
    db = await PgDb.connect(cluster.url);
  }, 120_000);
  afterAll(async () => {
    await db?.close();
    cluster?.stop();
  });

  it('numbers ? placeholders and leaves question marks in quotes alone', () => {
    expect(toPgPlaceholders(`SELECT '?' AS q, "a?" FROM t WHERE a = ? AND b IN (?, ?)`)).toBe(`SELECT '?' AS q, "a?" FROM t WHERE a = $1 AND b IN ($2, $3)`);
  });

  it('runs a write in one transaction, rolls it back on error, and joins a nested write', async () => {
    await db.exec('CREATE TABLE t (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v TEXT NOT NULL)');
    const id = await db.write(async (tx) => {
      const r = await tx.run('INSERT INTO t (v) VALUES (?) RETURNING id', ['a']);
      await db.write((inner) => inner.run('INSERT INTO t (v) VALUES (?)', ['b']));
      return r.lastID;
    });
    expect(id).toBe(1);
    await expect(db.write(async (tx) => {
      await tx.run('INSERT INTO t (v) VALUES (?)', ['c']);
      throw new Error('boom');
    })).rejects.toThrow('boom');
    expect(await db.all<{ v: string; n: number }>('SELECT v, count(*) OVER () AS n FROM t ORDER BY id')).toEqual([{ v: 'a', n: 2 }, { v: 'b', n: 2 }]);
    await expect(db.lock('x')).rejects.toThrow(/outside a write/);
  });

  it('migrates once, names a failing migration, and refuses a newer schema', async () => {
    const latest = pgMigrations.length;
    expect(await migratePg(db)).toBe(latest);
    expect(await migratePg(db)).toBe(latest);
    const broken = [...pgMigrations, { name: 'NNN-broken', sql: 'CREATE TABLE x (a int); SELECT * FROM missing' }];
    await expect(migratePg(db, broken)).rejects.toThrow(/migration NNN-broken failed: .*missing/);
    expect(await db.get("SELECT to_regclass('x') AS x")).toEqual({ x: null });
    await expect(migratePg(db, [])).rejects.toThrow(/newer than this program/);
  });
});
