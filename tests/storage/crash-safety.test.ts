import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Db } from '../../src/storage/db.js';
import { openStore } from '../../src/storage/store.js';
import { distinctPosts, ROOT, runCli, tempDir } from '../helpers/foundation.js';

const ROWS = 20_000;
const BATCH = 1000; // importFile's transaction size

describe('kill -9 of a writer mid-import', () => {
  it('leaves a consistent database holding exactly the committed batches, and the import can be resumed', async () => {
    const dir = tempDir('kc-crash-');
    const file = join(dir, 'big.jsonl');
    const dbPath = join(dir, 'kc.db');
    const texts = distinctPosts(ROWS, 7, 30);
    writeFileSync(file, texts.map((text, i) => JSON.stringify({ text, author: `user${i % 50}`, source: 'crash' })).join('\n'));

    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli.ts'), 'import', file, '--db', dbPath, '--no-classify'], {
      cwd: ROOT,
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));

    // Watch from another connection until a few batches are committed, then kill without warning.
    let seen = 0;
    let reader: Db | undefined;
    const deadline = Date.now() + 60_000;
    while (seen < 3 * BATCH && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 25));
      try {
        reader ??= await Db.open(dbPath, { readonly: true });
        seen = (await reader.get<{ n: number }>('SELECT count(*) AS n FROM items'))!.n;
      } catch {
        // the file or its schema does not exist yet
        await reader?.close().catch(() => undefined);
        reader = undefined;
      }
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    await reader?.close();
    expect(seen).toBeGreaterThanOrEqual(3 * BATCH);

    const store = await openStore(dbPath);
    try {
      expect(await store.db.get('PRAGMA integrity_check')).toEqual({ integrity_check: 'ok' });
      // FTS5 verifies its index against the items table (throws on any mismatch).
      await store.db.run("INSERT INTO items_fts(items_fts) VALUES ('integrity-check')");
      const rows = await store.db.all<{ id: number; text: string }>('SELECT id, text FROM items ORDER BY id');
      const n = rows.length;
      expect(n).toBeGreaterThanOrEqual(seen); // nothing committed was lost
      expect(n).toBeLessThan(ROWS); // and it really was killed mid-way
      expect(n % BATCH).toBe(0); // no half batch: each batch is one transaction
      rows.forEach((r, i) => {
        expect(r.id).toBe(i + 1);
        expect(r.text).toBe(texts[i]);
      });
      expect(await store.db.get('SELECT count(*) AS n FROM item_authors')).toEqual({ n });
      const word = texts[0].split(' ')[0];
      const hits = await store.items.search(word, { limit: ROWS });
      expect(hits.length).toBe(rows.filter((r) => r.text.split(' ').includes(word)).length);
    } finally {
      await store.close();
    }

    // Re-running the same import completes it: committed rows come back as duplicates, none twice.
    const again = await runCli(['import', file, '--db', dbPath, '--no-classify', '--json']);
    expect(again.code).toBe(0);
    const report = JSON.parse(again.stdout) as { imported: number; duplicates: number };
    const after = await openStore(dbPath);
    try {
      expect(await after.items.count()).toBe(ROWS);
      expect(report.imported + report.duplicates).toBe(ROWS);
      expect(report.duplicates).toBeGreaterThanOrEqual(seen);
    } finally {
      await after.close();
    }
  }, 180_000);
});
