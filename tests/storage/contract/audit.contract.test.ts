import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRepo } from '../../../src/storage/audit.js';
import { adapters } from './adapters.js';

// The audit chain on both adapters: the same behaviour, and no fork with two writers at once.
describe.each(adapters())('audit chain on $name', (adapter) => {
  beforeAll(() => adapter.start(), 120_000);
  afterAll(() => adapter.stop());

  const entry = (i: number, action = 'item.view') => ({ at: `2026-12-0${1 + (i % 9)}T08:00:00.000Z`, userId: 1, username: 'lan', action, targetType: 'item', targetId: i, detail: { n: i } });

  it('appends, pages newest first with an action filter, verifies, and refuses edits', async () => {
    const { db } = await adapter.fresh();
    const audit = auditRepo(db);
    for (let i = 1; i <= 5; i++) await db.write(() => audit.append(entry(i, i % 2 ? 'item.view' : 'items.export')));
    expect(await audit.verify()).toEqual({ ok: true, rows: 5 });
    const head = await audit.head();
    expect(head?.id).toBe(5);
    expect(await audit.verify({ anchor: head!.hash })).toMatchObject({ ok: true, anchorFound: true });
    expect((await audit.page({ limit: 10, action: 'items.export' })).map((r) => r.id)).toEqual([4, 2]);
    expect((await audit.page({ limit: 2, beforeId: 5 })).map((r) => r.id)).toEqual([4, 3]);
    expect(await audit.actions()).toEqual(['item.view', 'items.export']);
    await expect(db.run("UPDATE audit_log SET action = 'x' WHERE id = 1")).rejects.toThrow(/append-only/);
    await expect(db.run('DELETE FROM audit_log WHERE id = 5')).rejects.toThrow(/append-only/);
    await db.close();
  });

  it('two nodes appending at once make one unbroken chain', async () => {
    const { db, connect } = await adapter.fresh();
    const other = await connect();
    const nodes = [auditRepo(db), auditRepo(other)];
    const dbs = [db, other];
    await Promise.all(
      [0, 1].map(async (k) => {
        for (let i = 0; i < 40; i++) await dbs[k].write(() => nodes[k].append(entry(i)));
      }),
    );
    const result = await nodes[0].verify();
    expect(result).toEqual({ ok: true, rows: 80 });
    expect((await nodes[1].head())?.id).toBe(80);
    await other.close();
    await db.close();
  });
});
