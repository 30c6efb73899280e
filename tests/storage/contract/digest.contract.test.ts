import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDigest } from '../../../src/digest/build-digest.js';
import type { DigestData } from '../../../src/digest/digest-data.js';
import { createStore } from '../../../src/storage/store.js';
import { buildFixture, type Fixture, WEEK } from '../../digest/fixture-db.js';
import { postgresAdapter, sqliteAdapter } from './adapters.js';

// One week's digest from the same eight weeks of items, verdicts, a claim with a published
// response, grievance follow-ups and crawl runs (tests/digest/fixture-db.ts): every figure the
// digest's SQL computes (ranges, last verdict per item, hours to decision, themes from rule hits,
// failed sources, rule performance, emerging terms) must come out the same on both engines.
// tests/digest/build-digest.test.ts checks the SQLite figures against whole-table reads.
describe('weekly digest figures on SQLite and PostgreSQL', () => {
  const engines = [sqliteAdapter(), postgresAdapter()];
  const fixtures: Fixture[] = [];
  const digests: DigestData[] = [];

  beforeAll(async () => {
    for (const adapter of engines) {
      await adapter.start();
      const fx = await buildFixture(createStore((await adapter.fresh()).db));
      fixtures.push(fx);
      digests.push(await buildDigest(fx.store, { week: WEEK, now: new Date('2026-11-23T00:00:00Z') }));
    }
  }, 240_000);
  afterAll(async () => {
    for (const fx of fixtures) await fx.close();
    for (const adapter of engines) await adapter.stop();
  });

  it('has the fixture week on SQLite', () => {
    const [d] = digests;
    expect(d.headline.collected.current).toBeGreaterThan(20);
    expect(d.headline.responsesApproved.current).toBe(1);
    expect(d.headline.responsesPublished.current).toBe(1);
    expect(d.headline.medianHoursToDecision.current).toBeGreaterThan(0);
    expect(d.grievances.length).toBeGreaterThan(0);
    expect(d.failedSources.map((s) => [s.source, s.failures])).toEqual([['rss-b', 2]]);
    expect(d.rulePerformance.length).toBeGreaterThan(0);
    expect(d.emergingTerms.length).toBeGreaterThan(0);
  });

  it('gives PostgreSQL the same figures, term for term', () => {
    const [sqlite, postgres] = digests;
    expectSame(postgres, sqlite);
  });

  it('answers for one unit alike', async () => {
    const [a, b] = await Promise.all(fixtures.map((fx) => buildDigest(fx.store, { week: WEEK, unit: 'tkv', now: new Date('2026-11-23T00:00:00Z') })));
    expect(a.headline.collected.current).toBeGreaterThan(0);
    expectSame(b, a);
  });
});

/** Equal, except hours to decision up to rounding (SQLite subtracts julian days in floating point, PostgreSQL timestamps exactly). */
function expectSame(postgres: DigestData, sqlite: DigestData): void {
  const h = (d: DigestData) => d.headline.medianHoursToDecision;
  for (const k of ['current', 'previous'] as const) {
    if (h(sqlite)[k] === null) expect(h(postgres)[k]).toBeNull();
    else expect(h(postgres)[k]).toBeCloseTo(h(sqlite)[k]!, 5);
  }
  const rest = (d: DigestData) => ({ ...d, headline: { ...d.headline, medianHoursToDecision: null } });
  expect(rest(postgres)).toEqual(rest(sqlite));
}
