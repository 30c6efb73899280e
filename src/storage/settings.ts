import type { SqlDb } from './sql-db.js';

/** Small installation-wide key/value state (e.g. "demo corpus imported"). Values are JSON. */
export function settingsRepo(db: SqlDb) {
  return {
    async get<T = unknown>(key: string): Promise<T | undefined> {
      const r = await db.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [key]);
      return r ? (JSON.parse(r.value) as T) : undefined;
    },

    async set(key: string, value: unknown): Promise<void> {
      await db.run(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        [key, JSON.stringify(value)],
      );
    },

    /** Sets `key` only if it is not set yet; true when this call set it (a claim across processes). */
    async claim(key: string, value: unknown): Promise<boolean> {
      const r = await db.run('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING', [key, JSON.stringify(value)]);
      return r.changes === 1;
    },

    async delete(key: string): Promise<void> {
      await db.run('DELETE FROM settings WHERE key = ?', [key]);
    },
  };
}

export type SettingsRepo = ReturnType<typeof settingsRepo>;
