import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Db } from '../../src/storage/db.js';
import { migrate } from '../../src/storage/migrate.js';
import { migrations } from '../../src/storage/migrations/index.js';
import { openDatabase } from '../../src/storage/open-store.js';
import { tempDir } from '../helpers/foundation.js';

const here = dirname(fileURLToPath(import.meta.url));

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

  it('numbers migrations 1..N with no gap, each named after its file', () => {
    // The schema version is a migration's position, so a file number that differs from it misleads whoever reads the folder.
    expect(migrations.map((m) => Number(m.name.slice(0, 3)))).toEqual(migrations.map((_, i) => i + 1));
    const files = readdirSync(join(here, '../../src/storage/migrations')).filter((f) => /^\d{3}-/.test(f)).map((f) => f.replace(/\.ts$/, '')).sort();
    expect(files).toEqual(migrations.map((m) => m.name));
  });

  it('names the migration that failed, and leaves the version before it', async () => {
    const path = join(tempDir(), 'kc.db');
    const broken = [...migrations, { name: `${String(migrations.length + 1).padStart(3, '0')}-broken`, sql: 'CREATE TABLE t (x); INSERT INTO missing VALUES (1);' }];
    const db = await Db.open(path);
    await expect(migrate(db, broken)).rejects.toThrow(new RegExp(`migration ${String(migrations.length + 1).padStart(3, "0")}-broken failed: .*no such table: missing`));
    expect((await db.get<{ user_version: number }>('PRAGMA user_version'))!.user_version).toBe(migrations.length);
    expect(await db.get("SELECT name FROM sqlite_master WHERE name = 't'")).toBeUndefined();
    await db.close();
  });
});
