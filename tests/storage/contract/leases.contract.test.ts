import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leasesRepo } from '../../../src/storage/leases.js';
import { adapters } from './adapters.js';

// Job leases, host slots and schedule slots on both adapters: the same answers, and no double
// grant when two nodes (two connections) race for the same thing.
describe.each(adapters())('leases on $name', (adapter) => {
  beforeAll(() => adapter.start(), 120_000);
  afterAll(() => adapter.stop());

  const T0 = Date.parse('2026-12-02T08:00:00.000Z');
  const at = (ms: number) => new Date(T0 + ms);

  it('claims due jobs earliest first, heartbeats, releases with the next due time; an expired lease is taken over', async () => {
    const { db } = await adapter.fresh();
    const leases = leasesRepo(db);
    await leases.ensure('crawl', [
      { key: 'b', dueAt: at(-1000).toISOString() },
      { key: 'a', dueAt: at(0).toISOString() },
      { key: 'later', dueAt: at(60_000).toISOString() },
    ]);
    // ensure keeps a known job's own due time.
    await leases.ensure('crawl', [{ key: 'later', dueAt: at(0).toISOString() }]);
    expect((await leases.get('crawl', 'later'))?.dueAt).toBe(at(60_000).toISOString());
    // Evidence jobs are another kind: never claimed as crawls.
    await leases.ensure('evidence', [{ key: 'a', dueAt: at(0).toISOString() }]);

    const first = await leases.claimDue('crawl', 'w1', 5000, 10, at(0));
    expect(first.map((j) => j.key)).toEqual(['b', 'a']);
    expect(first[0]).toMatchObject({ kind: 'crawl', leaseOwner: 'w1', leaseExpiresAt: at(5000).toISOString(), attempts: 1 });
    expect(await leases.claimDue('crawl', 'w2', 5000, 10, at(1000))).toEqual([]);

    // w1 keeps 'a' alive; 'b' lapses and w2 takes it over.
    expect(await leases.heartbeat('crawl', 'w1', ['a'], 5000, at(4000))).toEqual(['a']);
    const taken = await leases.claimDue('crawl', 'w2', 5000, 10, at(5000));
    expect(taken.map((j) => [j.key, j.leaseOwner, j.attempts])).toEqual([['b', 'w2', 2]]);
    // The old holder learns it lost 'b': its heartbeat and release no longer count.
    expect(await leases.heartbeat('crawl', 'w1', ['a', 'b'], 5000, at(5000))).toEqual(['a']);
    expect(await leases.release('crawl', 'b', 'w1', at(1).toISOString())).toBe(false);

    expect(await leases.release('crawl', 'b', 'w2', at(3_600_000).toISOString())).toBe(true);
    expect(await leases.get('crawl', 'b')).toEqual({ kind: 'crawl', key: 'b', dueAt: at(3_600_000).toISOString(), leaseOwner: null, leaseExpiresAt: null, attempts: 0 });
    // w1 stopped beating for 'a' at 4 s: by a minute its lease has lapsed, and 'later' is due.
    expect((await leases.claimDue('crawl', 'w2', 5000, 5, at(60_000))).map((j) => [j.key, j.attempts])).toEqual([['a', 2], ['later', 1]]);
    expect((await leases.claimDue('evidence', 'w3', 5000, 5, at(0))).map((j) => j.key)).toEqual(['a']);

    // Retiring a source that went away: unleased rows go, a live lease stays until released.
    expect(await leases.release('crawl', 'later', 'w2', at(120_000).toISOString())).toBe(true);
    expect(await leases.retire('crawl', [], at(61_000))).toBe(2);
    expect((await leases.list('crawl')).map((j) => j.key)).toEqual(['a']);
    await leases.ensure('crawl', [{ key: 'c', dueAt: at(0).toISOString() }]);
    expect(await leases.retire('crawl', ['c'], at(70_000))).toBe(1);
    expect((await leases.list('crawl')).map((j) => j.key)).toEqual(['c']);
    await leases.schedule('crawl', 'a', at(-5).toISOString());
    expect((await leases.get('crawl', 'a'))?.dueAt).toBe(at(-5).toISOString());
    await db.close();
  });

  it('two nodes claiming at once never get the same job', async () => {
    const { db, connect } = await adapter.fresh();
    const other = await connect();
    const nodes = [leasesRepo(db), leasesRepo(other)];
    await nodes[0].ensure('crawl', Array.from({ length: 40 }, (_, i) => ({ key: `s${String(i).padStart(2, '0')}`, dueAt: at(0).toISOString() })));
    const got: string[][] = [[], []];
    await Promise.all(
      [0, 1].map(async (k) => {
        for (;;) {
          const jobs = await nodes[k].claimDue('crawl', `w${k}`, 60_000, 3, at(1));
          if (jobs.length === 0) break;
          got[k].push(...jobs.map((j) => j.key));
        }
      }),
    );
    const all = [...got[0], ...got[1]].sort();
    expect(all).toHaveLength(40);
    expect(new Set(all).size).toBe(40);
    await other.close();
    await db.close();
  });

  it('a host slot: one holder at a time, the next allowed time only rises, an expired holder is replaced', async () => {
    const { db } = await adapter.fresh();
    const leases = leasesRepo(db);
    expect(await leases.acquireHost('a.test', 'h1', 3000, T0)).toEqual({ granted: true });
    expect(await leases.acquireHost('a.test', 'h2', 3000, T0 + 10)).toEqual({ granted: false, waitMs: 0, heldUntil: T0 + 3000 });
    // Other hosts are independent.
    expect(await leases.acquireHost('b.test', 'h2', 3000, T0 + 10)).toEqual({ granted: true });
    await leases.releaseHost('a.test', 'h1', T0 + 1000);
    expect(await leases.acquireHost('a.test', 'h2', 3000, T0 + 400)).toEqual({ granted: false, waitMs: 600 });
    // Retry-After raised it; a later, lower release does not bring it down.
    await leases.releaseHost('a.test', 'h9', T0 + 20_000);
    await leases.releaseHost('a.test', 'h1', T0 + 2000);
    expect(await leases.hostNextAllowed('a.test')).toBe(T0 + 20_000);
    expect(await leases.acquireHost('a.test', 'h2', 3000, T0 + 20_000)).toEqual({ granted: true });
    // h2 dies holding it: after its lease, h3 gets the slot; h2's late release only raises the time.
    expect((await leases.acquireHost('a.test', 'h3', 3000, T0 + 22_000)).granted).toBe(false);
    expect(await leases.acquireHost('a.test', 'h3', 3000, T0 + 23_000)).toEqual({ granted: true });
    await leases.releaseHost('a.test', 'h2', T0 + 24_000);
    expect(await leases.acquireHost('a.test', 'h4', 3000, T0 + 24_500)).toEqual({ granted: false, waitMs: 0, heldUntil: T0 + 26_000 });
    await leases.releaseHost('a.test', 'h3', T0 + 25_000);
    expect(await leases.acquireHost('a.test', 'h4', 3000, T0 + 25_000)).toEqual({ granted: true });
    await db.close();
  });

  it('two nodes racing for one host are never granted it together', async () => {
    const { db, connect } = await adapter.fresh();
    const other = await connect();
    const nodes = [leasesRepo(db), leasesRepo(other)];
    const spans: Array<[number, number]> = [];
    let inFlight = 0;
    let maxInFlight = 0;
    // Real time here: each node loops acquire → hold briefly → release with a 20 ms delay.
    await Promise.all(
      [0, 1].map(async (k) => {
        for (let n = 0; n < 8; ) {
          const g = await nodes[k].acquireHost('race.test', `n${k}-${n}`, 5000, Date.now());
          if (!g.granted) {
            await new Promise((r) => setTimeout(r, Math.max(2, Math.min(g.waitMs, 10))));
            continue;
          }
          const start = Date.now();
          maxInFlight = Math.max(maxInFlight, ++inFlight);
          await new Promise((r) => setTimeout(r, 5));
          inFlight--;
          const end = Date.now();
          spans.push([start, end]);
          await nodes[k].releaseHost('race.test', `n${k}-${n}`, end + 20);
          n++;
        }
      }),
    );
    expect(maxInFlight).toBe(1);
    spans.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < spans.length; i++) expect(spans[i][0] - spans[i - 1][1]).toBeGreaterThanOrEqual(20);
    await other.close();
    await db.close();
  }, 60_000);

  it('fireOnce: exactly one of many concurrent callers fires a slot; a failed run gives it back', async () => {
    const { db, connect } = await adapter.fresh();
    const other = await connect();
    const nodes = [leasesRepo(db), leasesRepo(other)];
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => nodes[i % 2].fireOnce('digest', '2026-W49', `node${i}`, at(0))));
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = `node${results.indexOf(true)}`;
    expect(await nodes[1].firedBy('digest', '2026-W49')).toBe(winner);
    // Another slot, or another schedule, is another firing.
    expect(await nodes[0].fireOnce('digest', '2026-W50', 'node0')).toBe(true);
    expect(await nodes[0].fireOnce('purge', '2026-W49', 'node0')).toBe(true);
    // Only the node that fired can give it back.
    await nodes[0].unfire('digest', '2026-W49', 'someone-else');
    expect(await nodes[0].fireOnce('digest', '2026-W49', 'node-x')).toBe(false);
    await nodes[0].unfire('digest', '2026-W49', winner);
    expect(await nodes[1].fireOnce('digest', '2026-W49', 'node-x')).toBe(true);
    // Old slots are pruned by when they fired.
    expect(await nodes[0].fireOnce('alerts', '2026-11-01T08:00:00', 'node0', new Date('2026-11-01T01:00:00Z'))).toBe(true);
    expect(await nodes[0].pruneSlots('2026-11-15T00:00:00.000Z')).toBe(1);
    expect(await nodes[0].firedBy('alerts', '2026-11-01T08:00:00')).toBeUndefined();
    await other.close();
    await db.close();
  });
});
