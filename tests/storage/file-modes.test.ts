import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/foundation.js';

// Issue 14, finding 6: with umask 022 the database and its WAL (raw handles, password hashes) were
// 0644 in a 0755 folder. The CLI runs as a real process under umask 022.
function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done) => {
    const cmd = `umask 022; exec "${process.execPath}" --import tsx "${join(ROOT, 'src/cli.ts')}" ${args.map((a) => `'${a}'`).join(' ')}`;
    const child = spawn('/bin/sh', ['-c', cmd], { cwd: ROOT, env: { ...process.env, ...env } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => done({ code, stderr }));
  });
}
const mode = (p: string) => statSync(p).mode & 0o777;

describe('file modes of the data folder', { timeout: 60_000 }, () => {
  it('creates the data folder 0700 and the database files 0600, and warns about wider existing ones', async () => {
    const dir = tempDir('kc-modes-');
    const data = join(dir, 'data');
    const env = { KC_DATA_DIR: data, KC_DB: join(data, 'kiemchung.db') };
    const rows = join(dir, 'rows.jsonl');
    writeFileSync(rows, `${JSON.stringify({ text: 'Công nhân phản ánh công ty nợ lương hai tháng.', author: 'Phạm Văn Lực' })}\n`);
    const r = await cli(['import', rows, '--no-classify'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/readable by other users/);
    expect(mode(data)).toBe(0o700);
    const files = readdirSync(data).filter((f) => f.startsWith('kiemchung.db'));
    expect(files).toContain('kiemchung.db');
    for (const f of [...files, 'installation-secret'].filter((f) => existsSync(join(data, f)))) expect(mode(join(data, f)), f).toBe(0o600);

    // An installation from before: folder and database readable by everyone.
    chmodSync(data, 0o755);
    chmodSync(join(data, 'kiemchung.db'), 0o644);
    mkdirSync(join(dir, 'other'));
    const warned = await cli(['stats'], env);
    expect(warned.code, warned.stderr).toBe(0);
    expect(warned.stderr).toMatch(/warning: .*data.* is readable by other users.*chmod 700/);
    expect(warned.stderr).toMatch(/warning: .*kiemchung\.db is readable by other users.*chmod 600/);
  });
});
