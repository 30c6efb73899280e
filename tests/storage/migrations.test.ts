import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Db } from '../../src/storage/db.js';
import { migrations } from '../../src/storage/migrations/index.js';
import { openDatabase } from '../../src/storage/open-store.js';
import { tempDir } from '../helpers/foundation.js';

describe('migrations on a real SQLite file', () => {
  it('bring a new file to the latest user_version, and reopening is a no-op', async () => {
    const path = join(tempDir(), 'nested', 'kc.db');
    const db = await openDatabase(path);
    const version = async (d: Db) => (await d.get<{ user_version: number }>('PRAGMA user_version'))!.user_version;
    expect(await version(db)).toBe(migrations.length);
    const tables = (await db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type IN ('table') ORDER BY name")).map((r) => r.name);
    for (const t of ['sources', 'items', 'item_authors', 'item_sightings', 'classifications', 'item_labels', 'items_fts', 'settings']) {
      expect(tables).toContain(t);
    }
    expect((await db.get<{ journal_mode: string }>('PRAGMA journal_mode'))!.journal_mode).toBe('wal');
    await db.run("INSERT INTO settings (key, value) VALUES ('k', '1')");
    await db.close();

    const again = await openDatabase(path);
    expect(await version(again)).toBe(migrations.length);
    expect(await again.get('SELECT value FROM settings WHERE key = ?', ['k'])).toEqual({ value: '1' });
    await again.close();
  });

  it('refuses a database written by a newer schema', async () => {
    const path = join(tempDir(), 'kc.db');
    const raw = await Db.open(path);
    await raw.exec(`PRAGMA user_version = ${migrations.length + 1}`);
    await raw.close();
    await expect(openDatabase(path)).rejects.toThrow(/newer than this program/);
  });

  it('numbers migrations uniquely and in order', () => {
    const numbers = migrations.map((m) => Number(m.name.slice(0, 3)));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(new Set(numbers).size).toBe(numbers.length);
  });
});
