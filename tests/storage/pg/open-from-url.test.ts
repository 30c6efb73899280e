import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { ingest } from '../../../src/jobs/ingest.js';
import { ftsQuery } from '../../../src/storage/item-reads.js';
import { openStore } from '../../../src/storage/store.js';
import { pgMigrations } from '../../../src/storage/pg/migrations/index.js';
import { keywordClassifier, SECRET, tempDir } from '../../helpers/foundation.js';
import { startPgCluster, type PgCluster } from '../../helpers/pg-cluster.js';

// KC_DATABASE_URL chooses PostgreSQL: the store opens (and migrates) it instead of the SQLite file.
describe('opening the store from KC_DATABASE_URL', () => {
  let cluster: PgCluster;
  beforeAll(() => {
    cluster = startPgCluster();
  }, 120_000);
  afterAll(() => cluster?.stop());

  it('refuses a URL that is not PostgreSQL, and is unset by default', () => {
    expect(() => loadConfig({ KC_DATABASE_URL: 'mysql://kc@localhost/kc' })).toThrow(/KC_DATABASE_URL: must start with postgres/);
    expect(loadConfig({}).databaseUrl).toBeUndefined();
  });

  it('opens PostgreSQL, migrates it once across two nodes, and serves ingest and the queue', async () => {
    const dataDir = tempDir();
    const config = loadConfig({ KC_DATA_DIR: dataDir, KC_DATABASE_URL: cluster.url });
    expect(config.databaseUrl).toBe(cluster.url);
    const [store, second] = await Promise.all([openStore(config.dbPath, config.databaseUrl), openStore(config.dbPath, config.databaseUrl)]);
    expect(store.db.dialect).toBe('postgres');
    expect(existsSync(join(dataDir, 'kiemchung.db'))).toBe(false);
    expect((await store.db.all<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).map((r) => r.version)).toEqual(pgMigrations.map((_, i) => i + 1));

    const r = await ingest(
      store,
      [
        { text: 'Công ty nợ lương công nhân hai tháng nay, công đoàn cơ sở đang làm việc.', unit: 'hanoi' },
        { text: 'Kêu gọi lập công đoàn độc lập.', unit: 'hanoi' },
      ],
      { classifier: keywordClassifier, secret: SECRET },
    );
    expect(r.imported).toBe(2);
    // The other node reads what this one stored.
    const page = await second.queue.page({ label: 'grievance' }, 'new', 10);
    expect(page.map((row) => row.id)).toEqual([r.ids[0]]);
    const found = await second.queue.page({ match: ftsQuery('cong doan doc lap')!, flaggedOnly: false }, 'new', 10);
    expect(found.map((row) => row.id)).toEqual([r.ids[1]]);
    await second.close();
    await store.close();
  });
});
