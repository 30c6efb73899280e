import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/storage/store.js';
import { newsSite } from '../fixtures/sites/news-site.js';
import { serveSite, type RunningSite } from '../fixtures/sites/serve-site.js';
import { runCli, tempDir } from '../helpers/foundation.js';

// Issue 14, finding 5: the host limiter slept on an unref()'d timer, so with the default 2 s delay
// `crawl --once` exited 0 between robots.txt and the feed, printing nothing, and left the source
// locked as "running" for an hour. These run the real CLI as a child process with the default delay.
const dir = tempDir('kc-crawl-lease-');
const db = join(dir, 'data', 'kiemchung.db');
let site: RunningSite;
let env: Record<string, string>;

beforeAll(async () => {
  site = await serveSite(newsSite());
  mkdirSync(join(dir, 'sources'));
  writeFileSync(join(dir, 'sources', 'bao.yaml'), `id: bao\nname: Báo\ntype: rss\nurl: ${site.origin}/rss.xml\nschedule: "0 * * * *"\n`);
  env = { KC_DB: db, KC_DATA_DIR: join(dir, 'data'), KC_SOURCES_DIR: join(dir, 'sources'), KC_CRAWL_ALLOW_HOSTS: site.hostPort, KC_CRAWL_JITTER_MS: '0', KC_DEMO_CORPUS: '' };
  delete process.env.KC_CRAWL_DELAY_MS; // the default politeness delay
});
afterAll(async () => {
  await site.close();
  rmSync(dir, { recursive: true, force: true });
});

async function runsOf(): Promise<{ status: string; error: string | null }[]> {
  const store = await openStore(db);
  try {
    return await store.db.all('SELECT status, error FROM crawl_runs ORDER BY id');
  } finally {
    await store.close();
  }
}

describe('crawl --once with the default politeness delay', { timeout: 120_000 }, () => {
  it('finishes the run: items stored, a summary printed, the lock released', async () => {
    const r = await runCli(['crawl', '--once', '--json', '--no-evidence'], env);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.sources[0]).toMatchObject({ sourceId: 'bao', status: 'ok', found: 3, new: 3 });
    expect(site.paths()).toContain('/rss.xml');
    expect(await runsOf()).toEqual([{ status: 'ok', error: null }]);
  });

  it('takes over the lock of a run whose process died, and records that run as abandoned', async () => {
    const store = await openStore(db);
    const twoMinutesAgo = new Date(Date.now() - 3 * 60_000).toISOString();
    await store.db.write(async () => {
      await store.db.run('UPDATE crawl_state SET running_since = ?, next_due_at = ? WHERE source_id = ?', [twoMinutesAgo, twoMinutesAgo, 'bao']);
      await store.db.run('INSERT INTO crawl_runs (source_id, started_at) VALUES (?, ?)', ['bao', twoMinutesAgo]);
    });
    await store.close();
    const r = await runCli(['crawl', '--once', '--json', '--no-evidence', '--source', 'bao'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).sources[0]).toMatchObject({ sourceId: 'bao', status: 'not_modified' });
    const runs = await runsOf();
    expect(runs[1]).toMatchObject({ status: 'failed' });
    expect(runs[1].error).toMatch(/abandoned/);
    expect(runs[2]).toMatchObject({ status: 'not_modified' });
  });
});
