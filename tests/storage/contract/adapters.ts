import { join } from 'node:path';
import { Db } from '../../../src/storage/db.js';
import { openDatabase } from '../../../src/storage/open-store.js';
import { migratePg } from '../../../src/storage/pg/pg-migrate.js';
import { PgDb } from '../../../src/storage/pg/pg-db.js';
import type { SqlDb } from '../../../src/storage/sql-db.js';
import { tempDir } from '../../helpers/foundation.js';
import { startPgCluster, type PgCluster } from '../../helpers/pg-cluster.js';

/**
 * The storage contract runs against both adapters. Each adapter gives fresh, migrated databases
 * and a second connection to the same one (another node, for concurrency cases).
 */
export interface Adapter {
  name: 'sqlite' | 'postgres';
  start(): Promise<void>;
  stop(): Promise<void>;
  /** A new empty database with the latest schema, and a way to open more connections to it. */
  fresh(): Promise<{ db: SqlDb; connect(): Promise<SqlDb> }>;
}

export function sqliteAdapter(): Adapter {
  return {
    name: 'sqlite',
    async start() {},
    async stop() {},
    async fresh() {
      const path = join(tempDir(), 'kc.db');
      return { db: await openDatabase(path), connect: () => Db.open(path) };
    },
  };
}

export function postgresAdapter(): Adapter {
  let cluster: PgCluster | undefined;
  let n = 0;
  return {
    name: 'postgres',
    async start() {
      cluster = startPgCluster();
    },
    async stop() {
      cluster?.stop();
    },
    async fresh() {
      if (!cluster) throw new Error('postgres adapter not started');
      const admin = await PgDb.connect(cluster.url, { max: 1 });
      const name = `kc_${process.pid}_${++n}`;
      await admin.exec(`CREATE DATABASE ${name}`);
      await admin.close();
      const url = cluster.url.replace('@/postgres?', `@/${name}?`);
      const db = await PgDb.connect(url);
      await migratePg(db);
      return { db, connect: () => PgDb.connect(url) };
    },
  };
}

export const adapters = (): Adapter[] => [sqliteAdapter(), postgresAdapter()];
