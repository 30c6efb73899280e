import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startApplication } from '../../src/jobs/application.js';
import { openStore } from '../../src/storage/store.js';
import { tempDir } from '../helpers/foundation.js';

// The one builder behind `npm start` and `serve`: start() serves, stop() releases the port and the
// database, so the same installation starts again at once (as a restart or the next test does).
describe('startApplication', { timeout: 120_000 }, () => {
  it('serves the review UI on loopback, stops cleanly, and starts again on the same database', async () => {
    const dataDir = join(tempDir('kc-app-'), 'data');
    const config = loadConfig({ KC_DATA_DIR: dataDir, PORT: '0' });
    const logs: string[] = [];
    const first = await startApplication({ config, listen: { host: '127.0.0.1', port: 0 }, scheduler: false, log: (m) => logs.push(m) });
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await fetch(`${first.url}login`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('lang="vi"');
    await first.stop();
    await expect(fetch(`${first.url}login`)).rejects.toThrow();
    // The database was closed: another connection can write to it.
    const store = await openStore(config.dbPath);
    await store.db.write(() => store.audit.append({ at: new Date().toISOString(), userId: null, username: 'test', action: 'login' }));
    await store.close();

    const second = await startApplication({ config, listen: { host: '127.0.0.1', port: 0 }, scheduler: true, demo: true, log: (m) => logs.push(m) });
    expect((await fetch(`${second.url}login`)).status).toBe(200);
    expect(logs.join('\n')).toMatch(/first run: imported the demo corpus/);
    await second.stop();
  });
});
