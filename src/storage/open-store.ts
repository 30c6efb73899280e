import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Db } from './db.js';
import { migrate } from './migrate.js';

/** Opens (creating if needed) the SQLite file and brings its schema up to date. */
export async function openDatabase(path: string): Promise<Db> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = await Db.open(path);
  await migrate(db);
  return db;
}
