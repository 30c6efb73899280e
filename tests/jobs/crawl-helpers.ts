import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Loader } from '../../crawlers/fetch/loader.js';
import { Db } from '../../src/storage/db.js';
import { migrate } from '../../src/storage/migrate.js';
import { createStore, type Store } from '../../src/storage/store.js';
import type { CrawlDeps } from '../../src/jobs/crawl-source.js';
import type { Classification, Classifier } from '../../src/types.js';

/** Flags texts mentioning COVID: a deterministic stand-in for the rules, enough to drive evidence. */
export const covidFlagger: Classifier = {
  version: 'test-covid-1',
  classify({ text, title }): Classification {
    const hit = /covid/i.test(`${title ?? ''} ${text}`);
    return { labels: hit ? ['covid_false'] : [], scores: { covid_false: hit ? 0.9 : 0.1 }, reasons: [], version: 'test-covid-1' };
  },
};

export interface TempStore {
  dir: string;
  path: string;
  store: Store;
  cleanup(): Promise<void>;
}

/** A real SQLite file in a temp dir; a short busy timeout lets tests provoke "database is locked". */
export async function tempStore(busyTimeoutMs = 10_000): Promise<TempStore> {
  const dir = mkdtempSync(join(tmpdir(), 'kc-crawl-'));
  const path = join(dir, 'kc.db');
  const db = await Db.open(path, { busyTimeoutMs });
  await migrate(db);
  const store = createStore(db);
  return {
    dir,
    path,
    store,
    async cleanup() {
      await store.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A settable clock. */
export function clock(startIso: string) {
  let t = new Date(startIso).getTime();
  return {
    now: () => new Date(t),
    set: (iso: string) => void (t = new Date(iso).getTime()),
    advance: (ms: number) => void (t += ms),
  };
}

export function crawlDeps(t: TempStore, loader: Loader, extra: Partial<CrawlDeps> = {}): CrawlDeps {
  return {
    store: t.store,
    loader,
    classifier: covidFlagger,
    secret: 'a'.repeat(64),
    spoolDir: join(t.dir, 'spool'),
    evidenceLabels: ['covid_false'],
    jitterMs: 0,
    storeRetryMs: 20,
    ...extra,
  };
}
