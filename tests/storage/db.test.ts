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

  it('lets short writes queued behind bulk ones go first, and keeps each kind in order', async () => {
    const db = await Db.open(join(tempDir(), 'x.db'));
    await db.exec('CREATE TABLE t (x)');
    let open!: () => void;
    const held = new Promise<void>((r) => (open = r));
    const order: string[] = [];
    const write = (name: string, bulk: boolean) => db.write(async (tx) => {
      order.push(name);
      await tx.run('INSERT INTO t VALUES (?)', [name]);
    }, { bulk });
    // A transaction in progress; behind it two ingest batches, then a lease renewal and a claim.
    const first = db.write(async (tx) => {
      await held;
      await tx.run("INSERT INTO t VALUES ('first')");
    });
    const queued = [write('batch 1', true), write('batch 2', true), write('renew', false), write('claim', false)];
    open();
    await Promise.all([first, ...queued]);
    expect(order).toEqual(['renew', 'claim', 'batch 1', 'batch 2']);
    expect((await db.all<{ x: string }>('SELECT x FROM t ORDER BY rowid')).map((r) => r.x)).toEqual(['first', 'renew', 'claim', 'batch 1', 'batch 2']);
    await db.close();
  });
});
