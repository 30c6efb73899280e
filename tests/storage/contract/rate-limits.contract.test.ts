import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../../src/review/rate-limiter.js';
import { rateLimitsRepo } from '../../../src/storage/rate-limits.js';
import { createStore } from '../../../src/storage/store.js';
import { SECRET } from '../../helpers/foundation.js';
import { adapters } from './adapters.js';

// One rate limit for every web node: counted in the database, sliding window, on both engines.
describe.each(adapters())('rate limits on $name', (adapter) => {
  beforeAll(() => adapter.start(), 120_000);
  afterAll(() => adapter.stop());

  it('N per sliding window per key, then free again as calls leave the window; the first refusal is marked once', async () => {
    const { db } = await adapter.fresh();
    const r = rateLimitsRepo(db);
    const take = async (key: string, at: number) => (await r.take('tip', key, 2, 1000, at)).ok;
    expect([await take('a', 0), await take('a', 10), await take('a', 20), await take('b', 20)]).toEqual([true, true, false, true]);
    expect(await take('a', 1001)).toBe(true); // the call at 0 ms left the window, the one at 10 ms is still in it
    expect(await take('a', 1005)).toBe(false);
    expect(await take('a', 1011)).toBe(true);
    const refusals = [];
    for (let at = 1100; at < 1105; at++) refusals.push((await r.take('tip', 'a', 2, 1000, at)).firstRefusal);
    expect(refusals).toEqual([true, false, false, false, false]);
    // Nothing older than the window stays.
    await r.take('tip', 'c', 2, 1000, 5000);
    expect((await db.get<{ n: number }>('SELECT count(*) AS n FROM rate_hits WHERE at_ms <= 4000'))!.n).toBe(0);
    await db.close();
  });

  it('two nodes share one limit: of 20 calls at once, exactly the limit get through', async () => {
    const { db, connect } = await adapter.fresh();
    const other = await connect();
    const limiters = [db, other].map((d) => createRateLimiter({ store: createStore(d), secret: SECRET, bucket: 'api', limit: 7, windowMs: 60_000 }));
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => limiters[i % 2].take('token:9', 1_000 + i)));
    expect(results.filter((x) => x.ok)).toHaveLength(7);
    expect(results.filter((x) => x.firstRefusal)).toHaveLength(1);
    const refused = results.find((x) => !x.ok)!;
    expect(refused).toMatchObject({ limit: 7, remaining: 0 });
    expect(refused.resetS).toBeGreaterThan(0);
    // Only keyed hashes are stored, never the key itself.
    const keys = await db.all<{ key_hash: string }>('SELECT DISTINCT key_hash FROM rate_hits');
    expect(keys).toHaveLength(1);
    expect(keys[0].key_hash).toMatch(/^[0-9a-f]{64}$/);
    await other.close();
    await db.close();
  });
});
