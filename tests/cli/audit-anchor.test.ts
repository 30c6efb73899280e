import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDigest } from '../../src/digest/build-digest.js';
import { isoWeek } from '../../src/digest/iso-week.js';
import { renderDigestHtml } from '../../src/digest/render-html.js';
import { renderDigestMarkdown } from '../../src/digest/render-md.js';
import { audit } from '../../src/review/audit.js';
import { openStore } from '../../src/storage/store.js';

/**
 * A tail cut off the audit log leaves a valid chain, so `audit verify` alone passes. The anchor is
 * the head hash kept outside the database (printed by `audit verify`, carried by every digest):
 * `audit verify --anchor` fails once the anchored row is gone.
 */
const dir = mkdtempSync(join(tmpdir(), 'kc-anchor-'));
const db = join(dir, 'kc.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = execFile(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args, '--db', db], { cwd: join(import.meta.dirname, '../..') });
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? 0, stdout, stderr }));
  });
}

const hashes: string[] = [];
beforeAll(async () => {
  const store = await openStore(db);
  try {
    for (let i = 0; i < 5; i++) await audit(store, { id: null, username: 'cli:test' }, 'export', { now: new Date(Date.UTC(2026, 10, 17, 8, i)) }, { type: 'export', id: i });
    hashes.push(...(await store.db.all<{ hash: string }>('SELECT hash FROM audit_log ORDER BY id')).map((r) => r.hash));
  } finally {
    await store.close();
  }
});

describe('audit anchor', () => {
  it('the weekly digest carries the head hash, in HTML and Markdown', async () => {
    const store = await openStore(db);
    try {
      const data = await buildDigest(store, { week: isoWeek(2026, 47, 'Asia/Ho_Chi_Minh') });
      expect(data.auditHead).toEqual({ id: 5, hash: hashes[4] });
      expect(renderDigestMarkdown(data)).toContain(`dòng #5, mã băm ${hashes[4]}`);
      expect(await renderDigestHtml(data, 'en')).toContain(`row #5, hash ${hashes[4]}`);
    } finally {
      await store.close();
    }
  });

  it('`audit verify` prints the head; --anchor passes while the row is there and fails once the tail is cut', async () => {
    const ok = await cli(['audit', 'verify']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`5 rows, chain intact; head ${hashes[4]}`);
    expect(JSON.parse((await cli(['audit', 'verify', '--json', '--anchor', hashes[4]])).stdout)).toMatchObject({ ok: true, rows: 5, head: hashes[4], anchorFound: true });

    // The attack: someone with the database file deletes the last two rows.
    const store = await openStore(db);
    await store.db.exec('DROP TRIGGER audit_log_no_delete');
    await store.db.run('DELETE FROM audit_log WHERE id > 3');
    await store.close();

    const plain = await cli(['audit', 'verify']);
    expect(plain.code).toBe(0); // the shorter chain is still a valid chain
    expect(plain.stdout).toContain(`head ${hashes[2]}`);
    const anchored = await cli(['audit', 'verify', '--anchor', hashes[4]]);
    expect(anchored.code).toBe(2);
    expect(anchored.stderr).toMatch(/TRUNCATED: anchor [0-9a-f]{64} is not in the chain/);
    expect((await cli(['audit', 'verify', '--anchor', hashes[2]])).stdout).toMatch(/anchor found/);
    expect((await cli(['audit', 'verify', '--anchor', 'not-a-hash'])).code).not.toBe(0);
  }, 90_000);
});
