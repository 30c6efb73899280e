import { existsSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPgCluster, type PgCluster } from '../../helpers/pg-cluster.js';

describe('a private PostgreSQL cluster for tests', () => {
  let cluster: PgCluster;
  beforeAll(() => {
    cluster = startPgCluster();
  });
  afterAll(() => cluster?.stop());

  it('answers on its own Unix socket only, with fsync off, and is gone after stop', async () => {
    const client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    const { rows } = await client.query<{ v: string; fsync: string; listen: string; dir: string }>(
      "SELECT current_setting('server_version_num') AS v, current_setting('fsync') AS fsync, current_setting('listen_addresses') AS listen, current_setting('unix_socket_directories') AS dir",
    );
    await client.end();
    expect(Number(rows[0].v)).toBeGreaterThanOrEqual(150000);
    expect(rows[0]).toMatchObject({ fsync: 'off', listen: '', dir: cluster.dir });
    cluster.stop();
    expect(existsSync(cluster.dir)).toBe(false);
    const late = new pg.Client({ connectionString: cluster.url });
    await expect(late.connect()).rejects.toThrow();
  });
});
