import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Db } from '../../src/storage/db.js';
import { tempDir } from '../helpers/foundation.js';

describe('Db wrapper', () => {
  it('rejects (instead of hanging) when a statement cannot be prepared, and retries it later', async () => {
    const db = await Db.open(join(tempDir(), 'x.db'));
    await expect(db.get('SELECT * FROM not_yet')).rejects.toThrow(/no such table/);
    await expect(db.all('SELEC nonsense')).rejects.toThrow(/syntax error/);
    await expect(db.run('INSERT INTO not_yet VALUES (1)')).rejects.toThrow(/no such table/);
    await db.exec('CREATE TABLE not_yet (x)');
    await db.run('INSERT INTO not_yet VALUES (1)');
    expect(await db.get('SELECT * FROM not_yet')).toEqual({ x: 1 });
    await db.close();
  });

  it('answers concurrent gets of one statement each from the first row', async () => {
    const db = await Db.open(join(tempDir(), 'x.db'));
    await db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1), (2)');
    const rows = await Promise.all(Array.from({ length: 6 }, () => db.get('SELECT x FROM t ORDER BY x')));
    expect(rows).toEqual(Array.from({ length: 6 }, () => ({ x: 1 })));
    await db.close();
  });

  it('rolls a failed write transaction back and keeps going', async () => {
    const db = await Db.open(join(tempDir(), 'x.db'));
    await db.exec('CREATE TABLE t (x UNIQUE)');
    await expect(
      db.write(async (tx) => {
        await tx.run('INSERT INTO t VALUES (1)');
        await tx.run('INSERT INTO t VALUES (1)');
      }),
    ).rejects.toThrow(/UNIQUE/);
    expect(await db.get('SELECT count(*) AS n FROM t')).toEqual({ n: 0 });
    await db.write((tx) => tx.run('INSERT INTO t VALUES (2)'));
    expect(await db.all('SELECT x FROM t')).toEqual([{ x: 2 }]);
    await db.close();
  });
  it('closes only after statements in flight finish (a request still running at shutdown), then refuses new ones', async () => {
    const db = await Db.open(join(tempDir(), 'x.db'));
    await db.exec('CREATE TABLE t (x)');
    await db.get('SELECT count(*) AS n FROM t'); // prepared and cached, as in a running server
    // A slow read in flight (a recursive CTE), and a write that a handler issues right after it.
    const slow = db.get<{ n: number }>('WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 300000) SELECT count(*) AS n FROM c');
    const write = slow.then(() => db.write((tx) => tx.run('INSERT INTO t VALUES (1)')));
    const closed = db.close();
    expect(await slow).toEqual({ n: 300000 });
    await write;
    await closed;
    await expect(db.get('SELECT count(*) AS n FROM t')).rejects.toThrow(/is closed/);
    await db.close(); // twice is harmless
    const again = await Db.open(db.path);
    expect(await again.get('SELECT count(*) AS n FROM t')).toEqual({ n: 1 });
    await again.close();
  });
});
