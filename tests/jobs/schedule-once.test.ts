import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { schedulePurge } from '../../src/jobs/purge-schedule.js';
import { openStore } from '../../src/storage/store.js';
import { tempDir } from '../helpers/foundation.js';

// The daily purge fires on every node that runs the schedules; each firing's slot is taken once,
// so it runs on one node per firing (here: every second, two nodes on one database file).
describe('purge schedule across nodes', { timeout: 30_000 }, () => {
  it('runs once per firing, whichever node fires first; the other skips that slot', async () => {
    const dir = tempDir('kc-once-');
    const path = join(dir, 'kc.db');
    const stores = [await openStore(path), await openStore(path)];
    const runs: string[] = [];
    const skips: Array<{ node: string; slot: string }> = [];
    const tasks = stores.map((store, k) =>
      schedulePurge(store, {
        cron: '* * * * * *', timeZone: 'Asia/Ho_Chi_Minh', unflaggedDays: 30, flaggedDays: 365, dataDir: dir, node: `node-${k}`,
        onResult: () => runs.push(`node-${k}`),
        onSkip: (slot) => skips.push({ node: `node-${k}`, slot }),
        onError: (e) => runs.push(`error: ${String(e)}`),
      }),
    );
    await new Promise((r) => setTimeout(r, 3200));
    await Promise.all(tasks.map((t) => t.stop()));
    // Firings still in progress when stopped finish first.
    await new Promise((r) => setTimeout(r, 300));
    const fired = await stores[0].db.all<{ slot: string; fired_by: string }>("SELECT slot, fired_by FROM schedule_slots WHERE name = 'purge' ORDER BY slot");
    expect(runs.filter((r) => r.startsWith('error'))).toEqual([]);
    expect(fired.length).toBeGreaterThanOrEqual(2);
    // One run per slot, by the node the slot names; every skip was a slot the other node took.
    expect(runs).toHaveLength(fired.length);
    expect(runs.sort()).toEqual(fired.map((f) => f.fired_by).sort());
    expect(skips.length).toBeGreaterThan(0);
    for (const s of skips) expect(fired.find((f) => f.slot === s.slot)?.fired_by).not.toBe(s.node);
    // The slot is the firing's local time in KC_TZ, to the second.
    expect(fired[0].slot).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    // Both purges ran as system:retention, one audit row per run.
    expect((await stores[0].audit.page({ limit: 50, action: 'purge' })).length).toBe(fired.length);
    await Promise.all(stores.map((s) => s.close()));
  });
});
