import type { Db } from './db.js';
import { openDatabase } from './open-store.js';

/**
 * The storage facade handed to jobs, CLI and the review UI. One repository per concern, each
 * in its own file (`items.ts`, `sources.ts`, …) exporting a factory `xxxRepo(db)`; add new
 * ones here. Nothing outside src/storage writes SQL.
 */
export function createStore(db: Db) {
  return {
    db,
    close: () => db.close(),
  };
}

export type Store = ReturnType<typeof createStore>;

export async function openStore(path: string): Promise<Store> {
  return createStore(await openDatabase(path));
}
